"""Dates are parsed value by value: no row, file or chunk changes another row's date."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.loading.dates import parse_dates

FORMS = [
    "2017/2/7",
    "2017-02-07T10:00:00+01:00",
    "12/05/2023",
    "13/05/2023",
    "05/13/2023",
    "07.02.17",
    "7 Feb 2017",
    "February 7, 2017 3:15 pm",
    "Tue, 07 Feb 2017 10:00:00 GMT",
    "not a date",
    "",
    None,
    1486425600,
    1486425600000,
    float("nan"),
]


@pytest.mark.parametrize(
    ("value", "dayfirst", "expected", "ambiguous"),
    [
        ("2017/2/7", False, "2017-02-07", False),
        ("2017/2/7", True, "2017-02-07", False),  # year first is never day first
        ("12/05/2023", False, "2023-12-05", True),
        ("12/05/2023", True, "2023-05-12", True),
        ("13/05/2023", False, "2023-05-13", False),
        ("05/13/2023", True, "2023-05-13", False),
        ("05/05/2023", False, "2023-05-05", False),  # both readings agree
        ("07.02.17", True, "2017-02-07", True),
        ("Tue, 07 Feb 2017 10:00:00 GMT", True, "2017-02-07", False),
        (1486425600, False, "2017-02-07", False),
    ],
)
def test_one_value(value, dayfirst, expected, ambiguous):
    out = parse_dates([value], dayfirst=dayfirst)
    assert out.dates[0].date().isoformat() == expected
    assert bool(out.ambiguous[0]) is ambiguous
    assert not out.invalid[0]


def test_invalid_and_blank_are_told_apart():
    out = parse_dates(["not a date", "", None, "2017-13-45", 7])
    assert out.dates.isna().all()
    assert out.invalid.tolist() == [True, False, False, True, True]


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FORMS), min_size=1, max_size=12), st.booleans())
def test_each_value_is_parsed_as_if_alone(values, dayfirst):
    together = parse_dates(values, dayfirst=dayfirst)
    for i, value in enumerate(values):
        alone = parse_dates([value], dayfirst=dayfirst)
        assert (
            together.dates[i] is pd.NaT
            and alone.dates[0] is pd.NaT
            or (together.dates[i] == alone.dates[0])
        )
        assert together.ambiguous[i] == alone.ambiguous[0]
        assert together.invalid[i] == alone.invalid[0]


def test_index_is_kept():
    values = pd.Series(["2017/2/7", "soon"], index=["x", "y"])
    out = parse_dates(values)
    assert list(out.dates.index) == ["x", "y"] and out.invalid["y"]
