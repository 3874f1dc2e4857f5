"""Weighted log-odds: a hand-computed example and tidylo's documented output."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.terms import build_dtm, weighted_log_odds, weighted_log_odds_from_counts

# tidylo's reference page (bind_log_odds examples): mtcars %>% count(vs, gear)
GEARS = pd.DataFrame(
    [[12, 2, 4], [3, 10, 1]], columns=["3", "4", "5"], index=pd.Index([0, 1], name="vs")
)
TIDYLO_INFORMATIVE = [1.1728347, -1.3767516, 0.4033125, -1.1354777, 1.5661168, -0.4362340]
TIDYLO_UNINFORMATIVE_LOG_ODDS = [
    0.6968169,
    -1.2527630,
    0.3249262,
    -0.9673459,
    1.1451323,
    -0.5268260,
]
TIDYLO_UNINFORMATIVE = [1.8912729, -1.9691060, 0.5549172, -1.7407107, 2.8421436, -0.6570674]


def test_matches_tidylo_documented_example():
    informative = weighted_log_odds_from_counts(GEARS)
    np.testing.assert_allclose(informative["weighted_log_odds"], TIDYLO_INFORMATIVE, atol=1e-6)
    flat = weighted_log_odds_from_counts(GEARS, prior="uninformative")
    np.testing.assert_allclose(flat["log_odds"], TIDYLO_UNINFORMATIVE_LOG_ODDS, atol=1e-6)
    np.testing.assert_allclose(flat["weighted_log_odds"], TIDYLO_UNINFORMATIVE, atol=1e-6)
    assert informative["vs"].tolist() == [0, 0, 0, 1, 1, 1]
    assert informative["n"].tolist() == [12, 2, 4, 3, 10, 1]


def test_hand_computed_two_by_two():
    # a: [3, 1], b: [1, 3]. Uninformative prior: pseudo-counts [[4, 2], [2, 4]], every
    # total 6, grand total 12: delta = ln(4/2) - ln(6/6), variance = 1/4 + 1/6.
    counts = pd.DataFrame([[3, 1], [1, 3]], index=["a", "b"], columns=["x", "y"])
    flat = weighted_log_odds_from_counts(counts, prior="uninformative")
    assert flat.loc[0, "log_odds"] == pytest.approx(math.log(2))
    assert flat.loc[0, "weighted_log_odds"] == pytest.approx(math.log(2) / math.sqrt(5 / 12))
    # Informative prior alpha = column totals [4, 4]: pseudo-counts [[7, 5], [5, 7]].
    informed = weighted_log_odds_from_counts(counts)
    assert informed.loc[0, "log_odds"] == pytest.approx(math.log(7 / 5))
    assert informed.loc[0, "weighted_log_odds"] == pytest.approx(
        math.log(7 / 5) / math.sqrt(1 / 7 + 1 / 12)
    )
    # shrinkage: the prior pulls the estimate towards zero
    assert abs(informed.loc[0, "log_odds"]) < abs(flat.loc[0, "log_odds"])
    assert informed["group"].tolist() == ["a", "a", "b", "b"]


@pytest.fixture
def outlets():
    return pd.DataFrame(
        {
            "text": ["tax tax cuts budget", "tax rain", "rain rain storm", "rain cuts", "snow"],
            "source": ["a", "a", "b", "b", "c"],
        },
        index=pd.Index([f"d{i}" for i in range(5)], name="doc_id"),
    )


def test_from_a_matrix_equals_the_counts_table(outlets):
    dtm = build_dtm(outlets)
    table = weighted_log_odds(dtm, "source", groups=["a", "b"])
    counts = pd.DataFrame(
        {"budget": [1, 0], "cuts": [1, 1], "rain": [1, 3], "storm": [0, 1], "tax": [3, 0]},
        index=pd.Index(["a", "b"], name="source"),
    )
    expected = weighted_log_odds_from_counts(counts)
    merged = table.merge(expected, on=["source", "term"], suffixes=("", "_ref"))
    assert len(merged) == len(table) == 10  # "snow" (only in c) is not a compared term
    np.testing.assert_allclose(merged["weighted_log_odds"], merged["weighted_log_odds_ref"])
    assert table.groupby("source").head(1)["term"].tolist() == ["tax", "rain"]


def test_min_count_and_partitions(outlets):
    one = weighted_log_odds(build_dtm(outlets), "source", groups=["a", "b"], min_count=2)
    assert set(one["term"]) == {"cuts", "rain", "tax"}
    blocks = weighted_log_odds(
        build_dtm(outlets, rows_per_partition=2), "source", groups=["a", "b"], min_count=2
    )
    pd.testing.assert_frame_equal(one, blocks)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"groups": ["a"]}, "at least two"),
        ({"groups": ["a", "zz"]}, "are not values of 'source'"),
        ({"prior": "flat"}, "prior must be one of"),
        ({"min_count": 100}, "lower min_count"),
    ],
)
def test_errors_say_what_to_do(outlets, kwargs, message):
    with pytest.raises(ValueError, match=message):
        weighted_log_odds(build_dtm(outlets), "source", **kwargs)
