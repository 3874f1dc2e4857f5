"""Keyness statistics against hand-computed 2x2 tables, scipy, and the demo corpus.

Cells: a = term in target, b = term in reference, c = other terms in target,
d = other terms in reference; R1 = a + b, R2 = c + d, C1 = a + c, C2 = b + d.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from analysis.stats import holm
from analysis.terms import (
    DocumentTermMatrix,
    build_dtm,
    keyness,
    keyness_from_counts,
    keyness_table,
)

ln = math.log

# ---- Table A: a=10, b=5, c=90, d=195. C1=100, C2=200, N=300, R1=15, R2=285.
# Expected cells: E11 = 15*100/300 = 5, E12 = 15*200/300 = 10, E21 = 95, E22 = 190.
A = (10, 5, 90, 195)
A_G2 = 2 * (10 * ln(10 / 5) + 5 * ln(5 / 10) + 90 * ln(90 / 95) + 195 * ln(195 / 190))
A_CHI2 = 300 * (10 * 195 - 5 * 90) ** 2 / (15 * 285 * 100 * 200)  # = 7.894736...
# Yates: |ad - bc| = 1500, minus N/2 = 150 -> 1350.
A_CHI2_YATES = 300 * 1350**2 / (15 * 285 * 100 * 200)  # = 6.394736...
# Yates for G2: each cell moves 0.5 towards its expectation: 9.5, 5.5, 90.5, 194.5.
A_G2_YATES = 2 * (
    9.5 * ln(9.5 / 5) + 5.5 * ln(5.5 / 10) + 90.5 * ln(90.5 / 95) + 194.5 * ln(194.5 / 190)
)
# Williams: q = 1 + (N/R1 + N/R2 - 1)(N/C1 + N/C2 - 1) / (6N)
A_Q = 1 + (300 / 15 + 300 / 285 - 1) * (300 / 100 + 300 / 200 - 1) / (6 * 300)
A_PMI = ln(10 / 5)  # ln(a / E11)
A_LOG_OR = ln(10 * 195 / (5 * 90))
A_LOG_RATIO = math.log2((10 / 100) / (5 / 200))  # = 2

# ---- Table B (zero target cell): a=0, b=8, c=50, d=142. C1=50, C2=150, N=200, R1=8.
# E11 = 8*50/200 = 2, E12 = 6, E21 = 48, E22 = 144; 0 ln 0 = 0.
B = (0, 8, 50, 142)
B_G2 = 2 * (0 + 8 * ln(8 / 6) + 50 * ln(50 / 48) + 142 * ln(142 / 144))
B_CHI2 = 200 * (0 * 142 - 8 * 50) ** 2 / (8 * 192 * 50 * 150)  # = 2.7777...
B_LOG_RATIO = math.log2((0.5 / 50) / (8 / 150))  # zero count taken as 0.5
B_PMI = ln(0 / 2 + 1e-9)  # quanteda's epsilon
# Fisher: X ~ hypergeometric(N=200, K=R1=8, n=C1=50); P(X=x) = C(8,x) C(192,50-x) / C(200,50).
B_PMF = [math.comb(8, x) * math.comb(192, 50 - x) / math.comb(200, 50) for x in range(9)]
B_FISHER_P = sum(p for p in B_PMF if p <= B_PMF[0] * (1 + 1e-7))

# ---- Table C (zero reference cell): a=6, b=0, c=94, d=100. C1=C2=100, N=200, R1=6.
# E11 = 3, E12 = 3, E21 = 97, E22 = 97.
C = (6, 0, 94, 100)
C_G2 = 2 * (6 * ln(6 / 3) + 0 + 94 * ln(94 / 97) + 100 * ln(100 / 97))
C_CHI2 = 200 * (6 * 100 - 0 * 94) ** 2 / (6 * 194 * 100 * 100)
C_LOG_RATIO = math.log2((6 / 100) / (0.5 / 100))  # = log2(12)


def one(table, **kw):
    stat, p, lr = keyness_table(*table, **kw)
    return float(stat), float(p), float(lr)


@pytest.mark.parametrize(
    ("table", "measure", "correction", "expected"),
    [
        (A, "g2", None, A_G2),
        (A, "g2", "yates", A_G2_YATES),
        (A, "g2", "williams", A_G2 / A_Q),
        (A, "chi2", None, A_CHI2),
        (A, "chi2", "yates", A_CHI2_YATES),
        (A, "chi2", "williams", A_CHI2 / A_Q),
        (A, "pmi", None, A_PMI),
        (A, "fisher", None, A_LOG_OR),
        (B, "g2", None, -B_G2),  # reference-leaning: negative
        (B, "chi2", None, -B_CHI2),
        (B, "pmi", None, B_PMI),
        (B, "fisher", None, -math.inf),
        (C, "g2", None, C_G2),
        (C, "chi2", None, C_CHI2),
        (C, "fisher", None, math.inf),
    ],
)
def test_hand_computed_statistics(table, measure, correction, expected):
    stat, _, _ = one(table, measure=measure, correction=correction)
    assert stat == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_hand_computed_values_are_what_we_think():
    # Guard the arithmetic above with the rounded numbers worked out on paper.
    assert pytest.approx(7.894736842) == A_CHI2
    assert pytest.approx(6.394736842) == A_CHI2_YATES
    assert pytest.approx(7.32981, abs=1e-5) == A_G2
    assert pytest.approx(1.0389912, abs=1e-7) == A_Q
    assert pytest.approx(2.7777778) == B_CHI2
    assert pytest.approx(math.log2(0.1875)) == B_LOG_RATIO


@pytest.mark.parametrize(
    ("table", "expected"), [(A, A_LOG_RATIO), (B, B_LOG_RATIO), (C, C_LOG_RATIO)]
)
def test_log_ratio(table, expected):
    for measure in ("g2", "chi2", "pmi", "fisher"):
        assert one(table, measure=measure)[2] == pytest.approx(expected)


def test_p_values():
    assert one(A)[1] == pytest.approx(stats.chi2.sf(A_G2, 1))
    assert one(B, measure="chi2")[1] == pytest.approx(stats.chi2.sf(B_CHI2, 1))
    assert one(A, measure="pmi")[1] == pytest.approx(stats.chi2.sf(A_G2, 1))  # g2's p
    assert one(B, measure="fisher")[1] == pytest.approx(B_FISHER_P, rel=1e-9)
    assert pytest.approx(stats.fisher_exact([[0, 8], [50, 142]])[1], rel=1e-9) == B_FISHER_P


def _random_tables(seed, n=300, high=40):
    rng = np.random.default_rng(seed)
    t = rng.integers(0, high, size=(n, 4))
    ok = (t[:, 0] + t[:, 1] > 0) & (t[:, 2] + t[:, 3] > 0) & (t[:, 0] + t[:, 2] > 0)
    return t[ok & (t[:, 1] + t[:, 3] > 0)]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("measure", "correction", "kwargs"),
    [
        ("g2", None, {"lambda_": "log-likelihood", "correction": False}),
        ("g2", "yates", {"lambda_": "log-likelihood", "correction": True}),
        ("chi2", None, {"correction": False}),
        ("chi2", "yates", {"correction": True}),
    ],
)
def test_agrees_with_scipy_chi2_contingency(measure, correction, kwargs):
    tables = _random_tables(1)
    stat, p, _ = keyness_table(*tables.T, measure=measure, correction=correction)
    ref = np.array([stats.chi2_contingency(t.reshape(2, 2), **kwargs)[:2] for t in tables])
    np.testing.assert_allclose(np.abs(stat), ref[:, 0], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(p, ref[:, 1], rtol=1e-6, atol=1e-6)


def test_agrees_with_scipy_fisher_exact():
    tables = np.vstack([_random_tables(2, high=12), [[0, 8, 50, 142], [6, 0, 94, 100]]])
    stat, p, _ = keyness_table(*tables.T, measure="fisher")
    ref = np.array([stats.fisher_exact(t.reshape(2, 2)) for t in tables])
    np.testing.assert_allclose(p, ref[:, 1], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(np.exp(stat), ref[:, 0], rtol=1e-9)


def test_fisher_on_large_tables_agrees_with_scipy():
    rng = np.random.default_rng(3)
    a = rng.integers(0, 300, 40)
    b = rng.integers(0, 900, 40)
    c, d = 100_000 - a, 800_000 - b
    _, p, _ = keyness_table(a, b, c, d, measure="fisher")
    ref = [stats.fisher_exact([[a[i], b[i]], [c[i], d[i]]])[1] for i in range(40)]
    np.testing.assert_allclose(p, ref, rtol=1e-6, atol=1e-300)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 60), min_size=4, max_size=4))
def test_signs_agree(cells):
    a, b, c, d = cells
    if a + b == 0 or c + d == 0 or a + c == 0 or b + d == 0 or a * d == b * c:
        return
    lean = np.sign(a * d - b * c)  # > 0: the term leans to the target
    for measure in ("g2", "chi2", "pmi", "fisher"):
        stat, p, lr = one((a, b, c, d), measure=measure)
        assert np.sign(stat) == lean or (stat == 0 and measure in ("g2", "chi2"))
        assert 0 <= p <= 1
    if a > 0 and b > 0:  # without the 0.5 floor, log_ratio has the same sign
        assert np.sign(lr) == lean


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"measure": "lr"}, "measure must be one of"),
        ({"correction": "default"}, "correction must be None"),
        ({"measure": "fisher", "correction": "yates"}, "not defined for measure='fisher'"),
        ({"measure": "pmi", "correction": "williams"}, "not defined for measure='pmi'"),
    ],
)
def test_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        keyness_table(*A, **kwargs)


# ---- keyness() on a matrix


def _two_term_dtm():
    # doc t holds table A's target column, docs r1 + r2 its reference column.
    m = sp.csr_matrix(np.array([[10, 90], [2, 100], [3, 95]]))
    return DocumentTermMatrix(
        m, np.array(["x", "other"], dtype=object), pd.Index(["t", "r1", "r2"])
    )


def test_keyness_frame_matches_table():
    out = keyness(_two_term_dtm(), ["t"])
    assert list(out.columns) == [
        "term", "n_target", "n_reference", "statistic", "p_value", "log_ratio", "p_holm",
    ]  # fmt: skip
    assert out["term"].tolist() == ["x", "other"]  # sorted by statistic
    row = out.iloc[0]
    assert (row.n_target, row.n_reference) == (10, 5)
    assert row.statistic == pytest.approx(A_G2)
    assert row.log_ratio == pytest.approx(2.0)
    # The other term sees the mirrored table: same G2, opposite sign.
    assert out.iloc[1].statistic == pytest.approx(-A_G2)


def test_target_forms_are_equivalent():
    dtm = _two_term_dtm()
    by_id = keyness(dtm, "t")
    by_mask = keyness(dtm, np.array([True, False, False]))
    by_series = keyness(dtm, pd.Series([True, False, False], index=["t", "r1", "r2"]))
    pd.testing.assert_frame_equal(by_id, by_mask)
    pd.testing.assert_frame_equal(by_id, by_series)
    with_ref = keyness(dtm, ["t"], reference=["r1"])
    assert with_ref.set_index("term").loc["x", "n_reference"] == 2


@pytest.mark.parametrize(
    ("target", "kwargs", "message"),
    [
        ([False, False, False], {}, "target selects no documents"),
        ([True, True, True], {}, "target selects every document"),
        (["nope"], {}, "not in the matrix"),
        ([True, False], {}, "one value per document"),
        (["t"], {"reference": ["t", "r1"]}, "share 1 documents"),
        (["t"], {"reference": [False, False, False]}, "reference selects no documents"),
        (["t"], {"measure": "exact"}, "measure must be one of"),
    ],
)
def test_keyness_bad_input(target, kwargs, message):
    with pytest.raises(ValueError, match=message):
        keyness(_two_term_dtm(), target, **kwargs)


def test_target_without_tokens():
    m = sp.csr_matrix(np.array([[0, 0], [2, 100]]))
    dtm = DocumentTermMatrix(m, np.array(["x", "y"], dtype=object), pd.Index(["t", "r"]))
    with pytest.raises(ValueError, match="target documents contain no terms"):
        keyness(dtm, ["t"])


@pytest.mark.demo
@pytest.mark.slow
def test_demo_tass_and_china_daily(demo_sample):
    dtm = build_dtm(demo_sample)
    tass = keyness(dtm, dtm.docvars["source"] == "tass.com")
    top = tass["term"].head(15).tolist()
    assert {"tass", "russian", "russia"} <= set(top)
    assert (tass.set_index("term").loc[["tass", "russian"], "statistic"] > 0).all()
    assert (tass["statistic"].diff().dropna() <= 0).all()  # sorted
    china = keyness(dtm, dtm.docvars["source"] == "europe.chinadaily.com.cn", measure="chi2")
    assert {"china", "chinese"} <= set(china["term"].head(10))
    assert china.set_index("term").loc["trump", "statistic"] < 0  # reference-leaning
    assert china.set_index("term").loc["trump", "log_ratio"] < 0


# ---- effect size first, minimum count, multiple testing (issue #13)
def test_min_count_drops_rare_terms_and_holm_counts_only_the_rest():
    terms = np.array(["rare", "common", "other"])
    n_t, n_r = np.array([2, 40, 100]), np.array([0, 10, 300])
    full = keyness_from_counts(terms, n_t, n_r)
    kept = keyness_from_counts(terms, n_t, n_r, min_count=5)
    assert set(full["term"]) == {"rare", "common", "other"}
    assert set(kept["term"]) == {"common", "other"}
    np.testing.assert_allclose(kept["p_holm"], holm(kept["p_value"]))
    assert (full["p_holm"] >= full["p_value"]).all()


def test_sort_by_log_ratio_puts_the_biggest_effect_first():
    terms = np.array(["huge_rare", "big_common"])
    # big_common: 400 vs 100 (ratio 4, huge G2); huge_rare: 12 vs 0 (ratio floor 24)
    n_t, n_r = np.array([12, 400]), np.array([0, 100])
    by_stat = keyness_from_counts(terms, n_t + 1000, n_r + 1000)
    assert by_stat["term"].iloc[0] == "big_common"
    by_effect = keyness_from_counts(terms, n_t + 1000, n_r + 1000, sort="log_ratio")
    assert by_effect["log_ratio"].is_monotonic_decreasing


@pytest.mark.parametrize(
    ("kwargs", "match"), [({"min_count": 0}, "min_count"), ({"sort": "p"}, "sort")]
)
def test_bad_min_count_or_sort(kwargs, match):
    with pytest.raises(ValueError, match=match):
        keyness_from_counts(np.array(["a"]), np.array([1]), np.array([1]), **kwargs)
