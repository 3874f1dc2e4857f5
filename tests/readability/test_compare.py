"""compare_groups: counts, point estimates, CIs, determinism."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.readability import compare_groups


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
