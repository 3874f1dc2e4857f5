"""compare_groups: counts, point estimates, CIs, determinism."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from analysis.readability import compare_groups, compare_pairs
from analysis.stats import holm


@pytest.fixture
def scores():
    rng = np.random.default_rng(1)
    values = np.concatenate([rng.normal(8, 1, 80), rng.normal(12, 2, 50), [np.nan, np.nan]])
    groups = ["a"] * 80 + ["b"] * 50 + ["a", "b"]
    return pd.DataFrame({"fk": values, "source": groups})


def test_point_estimates_and_counts(scores):
    table = compare_groups(scores, "source", "fk", n_boot=500)
    assert list(table.columns[:2]) == ["source", "n"]  # the group key is a column
    out = table.set_index("source")
    a = scores.loc[scores.source == "a", "fk"].dropna()
    assert out.loc["a", "n"] == 80 and out.loc["a", "n_missing"] == 1
    assert out.loc["a", "mean"] == pytest.approx(a.mean())
    assert out.loc["a", "median"] == pytest.approx(a.median())
    assert out.index.name == "source"


def test_intervals_cover_and_separate(scores):
    out = compare_groups(scores, "source", "fk", n_boot=1000).set_index("source")
    assert (out["mean_low"] < out["mean"]).all() and (out["mean"] < out["mean_high"]).all()
    assert (out["median_low"] <= out["median"]).all()
    assert out.loc["a", "mean_high"] < out.loc["b", "mean_low"]
    # 95% CI of a mean of 80 N(8, 1) draws is about +-0.22 wide on each side
    assert 0.1 < out.loc["a", "mean_high"] - out.loc["a", "mean"] < 0.4


def test_deterministic_and_group_stable(scores):
    one = compare_groups(scores, "source", "fk", n_boot=300, random_state=5)
    two = compare_groups(scores, "source", "fk", n_boot=300, random_state=5)
    pd.testing.assert_frame_equal(one, two)
    only_a = compare_groups(
        scores[scores.source == "a"], "source", "fk", n_boot=300, random_state=5
    )
    pd.testing.assert_series_equal(
        one.set_index("source").loc["a"], only_a.set_index("source").loc["a"]
    )


def test_by_series_aligned_on_index(scores):
    labels = scores["source"].rename("outlet").iloc[::-1]
    out = compare_groups(scores.drop(columns="source"), labels, "fk", n_boot=200)
    assert out.set_index("outlet").loc["b", "n"] == 50


def test_errors(scores):
    with pytest.raises(ValueError, match="not a column"):
        compare_groups(scores, "source", "nope")
    with pytest.raises(ValueError, match="Pass the labels instead"):
        compare_groups(scores, "outlet", "fk")


# ---- small groups and pairwise comparisons (issue #13)


def test_one_article_group_gets_no_zero_width_interval(scores):
    lone = pd.concat([scores, pd.DataFrame({"fk": [9.5], "source": ["lone"]})])
    out = compare_groups(lone, "source", "fk", n_boot=200).set_index("source")
    assert out.loc["lone", "n"] == 1 and out.loc["lone", "mean"] == 9.5
    assert (
        out.loc[["lone"], ["mean_low", "mean_high", "median_low", "median_high"]]
        .isna()
        .all(axis=None)
    )
    assert out.loc[["a", "b"], ["mean_low", "mean_high"]].notna().all(axis=None)


def test_min_n_is_checked(scores):
    with pytest.raises(ValueError, match="min_n"):
        compare_groups(scores, "source", "fk", min_n=1)


@pytest.fixture
def close_groups():
    rng = np.random.default_rng(1)
    values = np.concatenate([rng.normal(0, 1, 100), rng.normal(0.3, 1, 100)])
    return pd.DataFrame({"fk": values, "source": ["a"] * 100 + ["b"] * 100})


def test_overlapping_intervals_can_still_differ(close_groups):
    """The misconception the lesson used to teach: here the intervals overlap, yet the
    difference's own interval excludes 0 and the test rejects."""
    groups = compare_groups(close_groups, "source", "fk", n_boot=2000).set_index("source")
    assert groups.loc["a", "mean_high"] > groups.loc["b", "mean_low"]  # they overlap
    pair = compare_pairs(close_groups, "source", "fk", n_boot=2000).iloc[0]
    assert pair["diff_high"] < 0 and pair["differ"]


def test_pairs_match_welch_and_holm(scores, close_groups):
    both = pd.concat([scores, close_groups.assign(source=close_groups["source"] + "2")])
    pairs = compare_pairs(both, "source", "fk", n_boot=300)
    assert len(pairs) == 6  # 4 groups
    for row in pairs.itertuples():
        a = both.loc[both.source == row.group_a, "fk"].dropna()
        b = both.loc[both.source == row.group_b, "fk"].dropna()
        assert row.diff == pytest.approx(a.mean() - b.mean())
        assert row.p_value == pytest.approx(sps.ttest_ind(a, b, equal_var=False).pvalue)
        assert row.diff_low < row.diff < row.diff_high
    np.testing.assert_allclose(pairs["p_holm"], holm(pairs["p_value"]))
    assert (pairs["p_holm"] >= pairs["p_value"]).all()
    assert pairs["p_value"].is_monotonic_increasing


def test_small_groups_are_left_out_of_pairs(scores):
    lone = pd.concat([scores, pd.DataFrame({"fk": [9.5, 9.0], "source": ["lone", "lone"]})])
    pairs = compare_pairs(lone, "source", "fk", n_boot=100)
    assert set(pairs["group_a"]) | set(pairs["group_b"]) == {"a", "b"}


def test_holm_matches_r_p_adjust():
    # R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") -> 0.03 0.06 0.06 0.02
    np.testing.assert_allclose(holm([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02])
