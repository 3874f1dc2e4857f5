"""select_k: average Jaccard, Hungarian agreement (Greene et al. 2014), the sweep table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from analysis.terms import DocumentTermMatrix
from analysis.topics import average_jaccard, fit_topics, select_k, topic_agreement


def test_average_jaccard_by_hand():
    # depth 1: {a}/{b} = 0; depth 2: {a,b}/{a,b} = 1; depth 3: {a,b,c}/{a,b,d} = 2/4
    assert average_jaccard(["a", "b", "c"], ["b", "a", "d"]) == pytest.approx((0 + 1 + 0.5) / 3)
    assert average_jaccard(["a"], ["b"]) == 0.0


def test_agreement_matches_topics_one_to_one():
    a = [["x", "y", "z"], ["p", "q", "r"]]
    b = [["p", "q", "s"], ["x", "y", "z"]]
    expected = (1.0 + average_jaccard(["p", "q", "r"], ["p", "q", "s"])) / 2
    assert topic_agreement(a, b) == pytest.approx(expected)
    with pytest.raises(ValueError, match="same, non-zero number"):
        topic_agreement(a, b[:1])


def test_identical_runs_have_stability_one(toy_dtm):
    one = fit_topics(toy_dtm, 4, min_df=1, max_df=1.0, random_state=5).term_lists(5)
    two = fit_topics(toy_dtm, 4, min_df=1, max_df=1.0, random_state=5).term_lists(5)
    assert topic_agreement(one, two) == 1.0


@pytest.fixture(scope="module")
def block_dtm():
    rng = np.random.default_rng(0)
    blocks = sp.block_diag([rng.poisson(4, (8, 6)) + 1 for _ in range(4)]).tocsr()
    noise = sp.csr_matrix(rng.poisson(0.3, blocks.shape))
    terms = np.array([f"w{i:02d}" for i in range(blocks.shape[1])])
    docs = pd.Index([f"d{i:02d}" for i in range(blocks.shape[0])], name="doc_id")
    texts = [
        [t for j in rng.permutation(np.repeat(np.arange(len(terms)), row)) for t in [terms[j]]]
        for row in (blocks + noise).toarray()
    ]
    return DocumentTermMatrix(blocks + noise, terms, docs), texts


def test_sweep_table_and_recommendation(block_dtm):
    dtm, texts = block_dtm
    table = select_k(dtm, [2, 3, 4, 5, 6], texts=texts, n=5, min_df=1, max_df=1.0)
    assert list(table.columns) == [
        "k",
        "coherence_mean",
        "coherence_sd",
        "stability",
        "stability_sd",
        "score",
        "rank",
    ]
    assert table["k"].tolist() == [2, 3, 4, 5, 6]
    assert table["stability"].between(0, 1).all() and not table.isna().any().any()
    assert table.attrs["recommended_k"] == 4
    assert "k=4" in table.attrs["reason"] and "stability" in table.attrs["reason"]
    assert table.loc[table["stability"].idxmax(), "k"] == 4


def test_sweep_is_deterministic_and_parallel_safe(block_dtm):
    dtm, texts = block_dtm
    one = select_k(dtm, [3, 4], texts=texts, n=5, min_df=1, max_df=1.0, seeds=(0, 1))
    two = select_k(dtm, [3, 4], texts=texts, n=5, min_df=1, max_df=1.0, seeds=(0, 1), n_jobs=2)
    pd.testing.assert_frame_equal(one, two)


def test_lda_reports_held_out_perplexity(block_dtm):
    dtm, _ = block_dtm
    table = select_k(
        dtm, [3, 4], method="lda", measure="u_mass", n=5, seeds=(0,), min_df=1, max_df=1.0
    )
    assert "perplexity" in table.columns and (table["perplexity"] > 0).all()


def test_bad_sweeps(block_dtm):
    dtm, _ = block_dtm
    with pytest.raises(ValueError, match="ks is empty"):
        select_k(dtm, [], measure="u_mass")
    with pytest.raises(ValueError, match="k=40"):
        select_k(dtm, [2, 40], measure="u_mass", min_df=1, max_df=1.0)
    with pytest.raises(ValueError, match="Pass texts="):
        select_k(dtm, [2, 3], measure="c_npmi", min_df=1, max_df=1.0)
    with pytest.raises(ValueError, match="sample_fraction"):
        select_k(dtm, [2], measure="u_mass", sample_fraction=0)
