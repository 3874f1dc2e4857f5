"""frequencies, tfidf, top_terms, zipf, heaps: hand counts on tiny corpora."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.terms import build_dtm, frequencies, heaps, tfidf, top_terms, zipf


@pytest.fixture
def dtm():
    arts = pd.DataFrame(
        {
            "text": ["tax cuts, tax cuts, tax", "tax rise", "rain rain", "sun"],
            "source": ["a.com", "a.com", "b.com", None],
            "published": pd.to_datetime(
                ["2017-01-02", "2017-02-03", "2017-02-09", "2017-02-10"], utc=True
            ),
        },
        index=pd.Index(["d1", "d2", "d3", "d4"], name="doc_id"),
    )
    return build_dtm(arts)


def test_frequencies_overall(dtm):
    out = frequencies(dtm)
    assert list(out.columns) == ["term", "count", "doc_count", "rel_freq", "rank"]
    # tax 4 (in 2 docs), cuts 2, rain 2, rise 1, sun 1 -> 10 tokens
    expected = {"tax": (4, 2), "cuts": (2, 1), "rain": (2, 1), "rise": (1, 1), "sun": (1, 1)}
    got = {r.term: (r.count, r.doc_count) for r in out.itertuples()}
    assert got == expected
    assert out["term"].tolist() == ["tax", "cuts", "rain", "rise", "sun"]  # ties alphabetical
    assert out["rank"].tolist() == [1, 2, 3, 4, 5]
    assert out["rel_freq"].tolist() == pytest.approx([0.4, 0.2, 0.2, 0.1, 0.1])
    assert frequencies(dtm, n=2)["term"].tolist() == ["tax", "cuts"]


def test_frequencies_by_group(dtm):
    with pytest.warns(UserWarning, match="1 documents have no by value"):
        out = frequencies(dtm, by="source")
    a = out[out["source"] == "a.com"].set_index("term")
    # a.com: tax 4, cuts 2, rise 1 -> 7 tokens
    assert a.loc["tax", "count"] == 4 and a.loc["tax", "doc_count"] == 2
    assert a.loc["tax", "rel_freq"] == pytest.approx(4 / 7)
    assert "rain" not in a.index
    assert out.groupby("source")["rel_freq"].sum().tolist() == pytest.approx([1.0, 1.0])
    months = dtm.docvars["published"].dt.strftime("%Y-%m")
    by_month = frequencies(dtm, by=months, n=1)
    assert by_month["term"].tolist() == ["tax", "rain"]
    assert list(by_month.columns)[-1] == "published"


def test_tfidf_by_hand(dtm):
    w = tfidf(dtm, norm=None)
    assert w.options["weighting"] == "tfidf" and w.shape == dtm.shape
    col = list(dtm.terms).index("tax")
    # smooth idf: ln((1 + n) / (1 + df)) + 1 with n = 4 docs, df = 2
    idf = math.log(5 / 3) + 1
    assert w.matrix[0, col] == pytest.approx(3 * idf)
    normed = tfidf(dtm)
    assert np.asarray(normed.matrix.multiply(normed.matrix).sum(axis=1)).ravel() == pytest.approx(
        [1, 1, 1, 1]
    )


def test_top_terms(dtm):
    per_doc = top_terms(dtm, n=1)
    assert list(per_doc.columns) == ["doc_id", "rank", "term", "weight", "count"]
    assert per_doc.set_index("doc_id")["term"].to_dict() == {
        "d1": "tax", "d2": "rise", "d3": "rain", "d4": "sun",
    }  # fmt: skip
    counts = top_terms(dtm, n=2, weighting="count")
    assert counts[counts.doc_id == "d1"]["term"].tolist() == ["tax", "cuts"]
    with pytest.warns(UserWarning):
        groups = top_terms(dtm, by="source", n=1)
    assert groups.set_index("source")["term"].to_dict() == {"a.com": "tax", "b.com": "rain"}


def test_zipf(dtm):
    z = zipf(dtm)
    assert z["rank"].tolist() == [1, 2, 3, 4, 5]
    assert z["count"].tolist() == [4, 2, 2, 1, 1]
    assert z["rel_freq"].sum() == pytest.approx(1)


def test_heaps():
    h = heaps(pd.Series(["a b a", "b c", "c c"], index=["x", "y", "z"]))
    assert h["doc_id"].tolist() == ["x", "y", "z"]
    assert h["n_tokens"].tolist() == [3, 5, 7]
    assert h["n_types"].tolist() == [2, 3, 3]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda d: frequencies(d, n=0), "n must be a positive integer"),
        (lambda d: frequencies(d, by="nope"), "not a document variable"),
        (lambda d: frequencies(d, by=[1, 2]), "one value per document"),
        (lambda d: top_terms(d, weighting="bm25"), "weighting must be"),
        (lambda d: frequencies("not a dtm"), "expects a DocumentTermMatrix"),
    ],
)
def test_bad_input(dtm, call, message):
    with pytest.raises(ValueError, match=message):
        call(dtm)


@pytest.mark.slow
@pytest.mark.demo
def test_demo_zipf_and_heaps(demo_sample):
    z = zipf(build_dtm(demo_sample, stop_words=None))
    slope = np.polyfit(np.log(z["rank"]), np.log(z["count"]), 1)[0]
    assert -1.4 < slope < -0.7  # Zipf: roughly 1/rank
    h = heaps(demo_sample)
    assert h["n_types"].is_monotonic_increasing and h["n_tokens"].is_monotonic_increasing
    beta = np.polyfit(np.log(h["n_tokens"]), np.log(h["n_types"]), 1)[0]
    assert 0.3 < beta < 0.9  # Heaps: sublinear growth
