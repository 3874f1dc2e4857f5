"""frequencies, tfidf, top_terms, zipf, heaps: hand counts on tiny corpora."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.terms import (
    build_dtm,
    frequencies,
    heaps,
    heaps_fit,
    tfidf,
    top_terms,
    zipf,
    zipf_fit,
)


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


# ---- tf-idf that separates groups; Zipf and Heaps fits (issue #13)
GROUPS = pd.DataFrame(
    {
        "text": [
            "said said said kremlin moscow",
            "said said beijing xinhua said",
            "said trump said senate",
            "said trump dublin said",
        ],
        "source": ["tass", "china", "cnn", "rte"],
    }
)


def test_tf_idf_weights_a_term_every_group_uses_zero():
    dtm = build_dtm(GROUPS)
    smoothed = top_terms(dtm, by="source", n=1)
    assert (smoothed["term"] == "said").all()  # scikit-learn's default: "said" everywhere
    tidy = top_terms(dtm, by="source", n=10, weighting="tf_idf")
    assert "said" not in set(tidy["term"])


def test_tf_idf_equals_tidytext_formula():
    dtm = build_dtm(GROUPS)
    got = top_terms(dtm, by="source", n=100, weighting="tf_idf")
    tidy = frequencies(dtm, by="source")
    n_groups = tidy["source"].nunique()
    df = tidy.groupby("term")["source"].nunique()
    tidy["tf_idf"] = tidy["rel_freq"] * np.log(n_groups / tidy["term"].map(df))
    want = tidy[tidy["tf_idf"] > 0].set_index(["source", "term"])["tf_idf"]
    pd.testing.assert_series_equal(
        got.set_index(["source", "term"])["weight"].sort_index(),
        want.sort_index(),
        check_names=False,
    )


def test_zipf_fit_uses_middle_ranks_and_matches_polyfit():
    rank = np.arange(1, 2001)
    count = np.round(1e5 / rank**1.1).astype(int)
    count[:5] = count[:5] // 10  # a bent head (stop words removed, say)
    table = pd.DataFrame({"rank": rank, "count": count})
    fit = zipf_fit(table)
    use = (rank >= 10) & (count >= 5)
    slope, intercept = np.polyfit(np.log10(rank[use]), np.log10(count[use]), 1)
    assert fit["slope"] == pytest.approx(slope) and fit["intercept"] == pytest.approx(intercept)
    assert fit["slope"] == pytest.approx(-1.1, abs=0.01)
    assert fit["min_rank"] == 10 and fit["n_ranks"] == use.sum()
    naive = np.polyfit(np.log10(rank), np.log10(count), 1)[0]
    assert abs(naive + 1.1) > abs(fit["slope"] + 1.1)


def test_zipf_fit_too_few_ranks_is_nan():
    fit = zipf_fit(pd.DataFrame({"rank": [1, 2], "count": [10, 5]}))
    assert np.isnan(fit["slope"]) and fit["n_ranks"] == 0


def test_heaps_fit_recovers_the_exponent():
    table = heaps([" ".join(f"w{i}" for i in range(k)) for k in (10, 30, 90)] * 3)
    fit = heaps_fit(table)
    x, y = np.log10(table["n_tokens"]), np.log10(table["n_types"])
    assert fit["slope"] == pytest.approx(np.polyfit(x, y, 1)[0])
    assert 0 < fit["slope"] < 1


def test_tf_idf_of_one_group_is_empty_not_an_error():
    dtm = build_dtm(GROUPS.assign(source="only"))
    out = top_terms(dtm, by="source", n=5, weighting="tf_idf")
    assert out.empty
    assert list(out.columns) == ["source", "rank", "term", "weight", "count"]


_WORDS = ["oil", "gas", "tax", "kyiv", "nato", "rain", "sun", "said"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12), min_size=1, max_size=8),
    st.sampled_from([(1, 1), (1, 2)]),
)
def test_frequencies_equal_plain_column_sums(docs, ngrams):
    """count and doc_count are the DTM's column sums, n-grams included (the reference)."""
    arts = pd.DataFrame(
        {"text": [" ".join(d) for d in docs]},
        index=pd.Index([f"d{i}" for i in range(len(docs))], name="doc_id"),
    )
    dtm = build_dtm(arts, ngram_range=ngrams, stop_words=None)
    out = frequencies(dtm).set_index("term")
    dense = pd.DataFrame(dtm.matrix.toarray(), columns=dtm.terms)
    expected = dense.sum()[dense.sum() > 0]
    assert out["count"].sort_index().to_dict() == expected.sort_index().to_dict()
    assert out["doc_count"].to_dict() == (dense > 0).sum()[expected.index].to_dict()


def test_frequencies_of_a_non_canonical_matrix_leave_it_unchanged():
    """Unsorted indices (as scipy's sums can leave them) give the same table, and the
    caller's matrix is not re-sorted in place."""
    from analysis.terms.frequency import _tidy

    counts = sp.csr_matrix((np.array([3, 1, 2]), np.array([2, 0, 1]), np.array([0, 3])), (1, 3))
    assert not counts.has_canonical_format
    before = counts.indices.copy()
    out = _tidy(counts, counts, np.array(["a", "b", "c"]), pd.Index(["all"], name="group"), None)
    assert out[["term", "count"]].values.tolist() == [["c", 3], ["b", 2], ["a", 1]]
    assert counts.indices.tolist() == before.tolist()
