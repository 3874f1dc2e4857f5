"""The explorer's numbers against the library functions they stand in for.

The positional index answers in milliseconds what :func:`analysis.terms.kwic`,
:func:`~analysis.terms.frequencies`, :func:`~analysis.terms.trends` and
:func:`~analysis.terms.keyness` compute from the texts or a document-term matrix; these
tests keep those functions as the reference.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.explore import CorpusIndex, Explorer, Selection, parse_query
from analysis.terms import build_dtm, frequencies, keyness, kwic, tokenize, trends

TEXTS = [
    "Oil prices rose. OPEC's oil output fell; the Prime Minister said oil-rich states gain.",
    "The prime minister met the PRIME MINISTER of Kyiv\u2019s council. Economy and economics.",
    "No match here, only gas and coal. U.S. economic data: 3.5bn.",
    "Oil! Oil? oil... The economist said: \u201coil is back\u201d.",
    "",
]


@pytest.fixture
def arts():
    return pd.DataFrame(
        {
            "text": TEXTS,
            "source": ["a.com", "b.com", "a.com", "c.com", "b.com"],
            "published": pd.to_datetime(
                ["2017-01-02", "2017-01-03", "2017-01-10", "2017-01-17", None], utc=True
            ),
            "title": ["one", "two", "three", "four", "five"],
        },
        index=pd.Index([f"d{i}" for i in range(5)], name="doc_id"),
    )


@pytest.mark.parametrize(
    ("query", "pattern", "regex"),
    [
        ("oil", "oil", False),
        ("Prime Minister", "prime minister", False),
        ('"prime minister"', "prime minister", False),
        ("econom*", "econom.*", True),
        ("kyiv", "kyiv", False),
        ("u.s.", "u.s.", False),
        ("nothing", "nothing", False),
        ("oil, gas", ["oil", "gas"], False),
    ],
)
def test_contexts_equal_kwic(arts, query, pattern, regex):
    index = CorpusIndex.build(arts)
    for window in (0, 2, 5):
        expected = kwic(arts, pattern, window=window, regex=regex)
        got = index.contexts(index.hits(query), window=window, n=10**6)
        pd.testing.assert_frame_equal(
            got.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False
        )


@pytest.mark.demo
def test_hit_counts_equal_kwic_on_demo_articles(demo_csv):
    from analysis import load_corpus

    arts, _ = load_corpus(demo_csv)
    arts = arts.iloc[:400]
    index = CorpusIndex.build(arts)
    for query, pattern, regex in [
        ("trump", "trump", False),
        ('"white house"', "white house", False),
        ("nato", "nato", False),
        ("econom*", "econom.*", True),
    ]:
        expected = kwic(arts, pattern, regex=regex)
        got = index.contexts(index.hits(query), n=10**6)
        assert len(index.hits(query)) == len(expected) > 0
        pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_parse_query():
    assert parse_query('Oil, "Prime Minister" , econom*,,') == [
        ["oil"], ["prime", "minister"], ["econom*"],
    ]  # fmt: skip
    assert parse_query(", ,") == [] and parse_query("***") == []


def test_sorting_by_left_and_right_context(arts):
    index = CorpusIndex.build(arts)
    hits = index.hits("oil")
    for side in ("left", "right"):
        lines = index.contexts(hits, window=1, sort=side, n=100)
        tokens = [tokenize(line) or [""] for line in lines[side]]
        words = [t[-1] if side == "left" else t[0] for t in tokens]
        assert len(lines) == len(hits)
        assert words == sorted(words), side  # nearest word first, alphabetical
        assert sorted(lines["position"]) == sorted(index.contexts(hits, n=100)["position"])


def test_frequencies_equal_the_library(arts):
    ex = Explorer(arts)
    mask = np.array([True, True, False, True, True])
    expected = frequencies(build_dtm(arts[mask], stop_words=None))
    got = ex.frequencies(mask, n=10**6)
    assert dict(zip(got["term"], got["count"], strict=True)) == dict(
        zip(expected["term"], expected["count"], strict=True)
    )
    without = ex.frequencies(mask, stop_words={"the", "oil"})
    assert "oil" not in set(without["term"]) and "prices" in set(without["term"])
    assert without["rank"].tolist() == list(range(1, len(without) + 1))


def test_trends_equal_the_library(arts):
    ex = Explorer(arts)
    mask = np.ones(len(arts), dtype=bool)
    hits = ex.hits(Selection(term="oil"), mask)
    with pytest.warns(UserWarning, match="no date"):
        expected = trends(build_dtm(arts, stop_words=None), "published", ["oil"], period="week")
    got = ex.trends(hits, mask, period="week")
    total = got[got["source"] == "all selected"].reset_index(drop=True)
    assert total["hits"].tolist() == expected["count"].tolist()
    assert total["tokens"].tolist() == expected["total"].tolist()
    np.testing.assert_allclose(total["per_10k"], expected["rel_freq"] * 1e4)
    assert total["articles"].tolist() == [2, 1, 1]  # articles per week, beside the trend
    per_outlet = got[got["source"] == "a.com"]
    assert per_outlet["hits"].sum() == len(kwic(arts[arts["source"] == "a.com"], "oil"))


def test_compare_equals_keyness(arts):
    ex = Explorer(arts)
    target = ex.sources == "a.com"
    got = ex.compare(target, ~target, min_count=1)
    expected = keyness(build_dtm(arts, stop_words=None), target)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    fewer = ex.compare(target, ~target, min_count=3)
    common = got[got["n_target"] + got["n_reference"] >= 3]
    assert fewer["term"].tolist() == common["term"].tolist()
    assert {"oil", "the", "prime"} <= set(fewer["term"]) and len(fewer) < len(got)


def test_collocates_by_log_dice(arts):
    ex = Explorer(arts)
    mask = np.ones(len(arts), dtype=bool)
    hits = ex.hits(Selection(term="oil"), mask)
    table = ex.collocates(hits, mask, window=1, min_count=1)
    row = table.set_index("collocate").loc["prices"]
    # "prices" follows "oil" once; "oil" has 6 hits ("oil-rich" is one token), "prices" 1.
    assert row["together"] == 1 and row["collocate_total"] == 1
    assert len(hits) == 6
    assert row["log_dice"] == pytest.approx(round(14 + math.log2(2 * 1 / (6 + 1)), 2))
    assert "oil" not in set(table["collocate"])  # the node is not its own collocate
    empty = ex.collocates(ex.hits(Selection(term="zzz"), mask), mask)
    assert empty.empty


def test_filters(arts):
    ex = Explorer(arts)
    assert ex.mask(Selection(sources=("b.com",))).tolist() == [False, True, False, False, True]
    dated = ex.mask(Selection(start=pd.Timestamp("2017-01-03"), end=pd.Timestamp("2017-01-10")))
    assert dated.tolist() == [False, True, True, False, False]
    assert ex.mask(Selection(query="econom*")).tolist() == [False, True, True, True, False]
    assert ex.mask(Selection(sources=("nowhere",))).sum() == 0


def test_sentences_instead_of_errors(arts):
    ex = Explorer(arts)
    none = np.zeros(len(arts), dtype=bool)
    sel = Selection(term="oil")
    assert "No article matches" in ex.summary(sel, ex.hits(sel, none), none)
    sel = Selection(term="zzz")
    mask = ex.mask(sel)
    assert "does not occur" in ex.summary(sel, ex.hits(sel, mask), mask)
    assert ex.trends(ex.hits(sel, none), none).empty
    assert ex.document("nope") is None
    doc = ex.document("d0", ex.hits(Selection(term="oil")))
    assert doc["n_hits"] == 2 and doc["html"].count("<mark>") == 2  # not oil-rich


def test_reader_escapes_markup():
    arts = pd.DataFrame(
        {"text": ['<img src=x onerror="alert(1)"> oil & <b>gas</b>'], "title": ["<script>"]},
        index=pd.Index(["x"], name="doc_id"),
    )
    doc = Explorer(arts).document("x", CorpusIndex.build(arts).hits("oil"))
    assert "<img" not in doc["html"] and "&lt;img src=x" in doc["html"]
    assert "<mark>oil</mark> &amp; &lt;b&gt;gas&lt;/b&gt;" in doc["html"]


# -- the index built partition by partition -------------------------------------------------
TRICKY = [
    *TEXTS,
    "ΟΔΟΣ Σ ΣΑΣ: the Greek final sigma; İstanbul's U.S.-led 1,000 e.g. don't.",
    "   ",
    "Mr. Smith's dog\u2019s bone. Dr. Who? it's 3.5bn-dollar well-known.",
]


def _reference_tokens(texts):
    """Tokens and spans the slow, obvious way: ``TOKEN_RE.finditer``, one match at a time."""
    from analysis.terms.tokenize import TOKEN_RE, normalize

    tokens, spans = [], []
    for text in texts:
        for m in TOKEN_RE.finditer(normalize(text, lowercase=False)):
            tokens.append(m.group(1).lower())
            spans.append(m.span(1))
    return tokens, spans


def test_tokenize_partition_equals_the_token_rule():
    from analysis.explore.index import tokenize_partition

    codes, vocab, starts, ends, lengths = tokenize_partition(pd.Series(TRICKY))
    tokens, spans = _reference_tokens(TRICKY)
    assert list(vocab[codes]) == tokens
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == spans
    assert lengths.tolist() == [len(_reference_tokens([t])[0]) for t in TRICKY]
    assert "ς" in "".join(tokens) and "σ" in "".join(tokens)  # a final sigma stays final


def _same_index(got: CorpusIndex, want: CorpusIndex) -> None:
    for name in ("token_ids", "starts", "ends", "doc_ptr", "vocab", "_postings", "rank"):
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name), err_msg=name)
        assert getattr(got, name).dtype == getattr(want, name).dtype, name
    assert (got.matrix != want.matrix).nnz == 0


@pytest.mark.parametrize("rows", [1, 3, 7])
def test_partitioned_build_equals_one_partition(rows):
    arts = pd.DataFrame({"text": TRICKY * 2}, index=[f"d{i}" for i in range(len(TRICKY) * 2)])
    want = CorpusIndex.build(arts)
    _same_index(CorpusIndex.build(arts, rows_per_partition=rows), want)


def test_partitioned_build_on_demo_articles_in_processes(demo_csv):
    from analysis.parallel import ProcessExecutor

    raw = pd.read_csv(demo_csv, nrows=150)
    arts = pd.DataFrame({"text": raw["text"].to_numpy()}, index=[f"d{i}" for i in range(len(raw))])
    want = CorpusIndex.build(arts)
    got = CorpusIndex.build(arts, client=ProcessExecutor(n_jobs=2), rows_per_partition=40)
    _same_index(got, want)
    with pytest.warns(UserWarning, match="2 of 150 documents have no text"):
        expected = kwic(arts, "said")  # two rows of the demo CSV have no text: kept, empty
    assert len(got.hits("said")) == len(expected) > 100
