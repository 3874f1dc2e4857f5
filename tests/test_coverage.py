"""analysis.coverage: which outlets make up each period (issue #13, compositional charts)."""

from __future__ import annotations

import pandas as pd

from analysis.coverage import complete_periods, coverage_note, period_coverage


def _articles():
    days = ["2017-01-02"] * 30 + ["2017-01-09"] * 2 + ["2017-01-10"] * 2 + ["2017-01-16"] * 3
    sources = ["a"] * 30 + ["a", "b", "a", "b"] + ["a", "b", "c"]
    return pd.DataFrame({"published": pd.to_datetime(days, utc=True), "source": sources})


def test_a_week_of_one_outlet_is_not_complete():
    cov = period_coverage(_articles())
    assert cov.attrs["main_outlets"] == ["a", "b"]  # c has under 5% of the articles
    assert cov["complete"].tolist() == [False, True, True]
    assert cov["n_outlets"].tolist() == [1, 2, 3]
    assert cov.loc[0, "share_of_corpus"] == 30 / 37
    assert cov.loc[0, "top_outlet"] == "a" and cov.loc[0, "top_share"] == 1.0


def test_complete_periods_keeps_only_their_articles():
    arts = _articles()
    kept = complete_periods(arts, period_coverage(arts))
    assert len(kept) == 7 and kept["published"].min() >= pd.Timestamp("2017-01-09", tz="UTC")


def test_note_is_computed_from_the_numbers():
    note = coverage_note(period_coverage(_articles()))
    assert "The busiest week (2017-01-02) holds 30 of the 37 dated articles (81%)" in note
    assert "publish in 2 of 3 weeks (2017-01-09 to 2017-01-16)" in note
    assert "In 1 week a single outlet publishes every article (a in 1)" in note


def test_undated_and_one_outlet_corpora():
    arts = _articles()
    assert "No article has a publication date" in coverage_note(period_coverage(arts.iloc[:0]))
    one = arts[arts["source"] == "a"]
    cov = period_coverage(one)
    assert cov["complete"].all()
    assert "single outlet" not in coverage_note(cov)
