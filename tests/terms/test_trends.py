"""trends: hand counts per week and month, missing terms and dates."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.terms import build_dtm, trends


@pytest.fixture
def dtm():
    arts = pd.DataFrame(
        {
            "text": ["trump tax", "trump trump", "brexit vote", "rain"],
            "published": pd.to_datetime(["2017-01-02", "2017-01-03", "2017-01-10", None], utc=True),
        },
        index=pd.Index(["d1", "d2", "d3", "d4"], name="doc_id"),
    )
    return build_dtm(arts)


def test_weekly_by_hand(dtm):
    with pytest.warns(UserWarning, match="1 documents have no date"):
        out = trends(dtm, "published", ["trump", "brexit"])
    assert list(out.columns) == ["period", "term", "count", "total", "rel_freq"]
    trump = out[out.term == "trump"]
    # week of 2 Jan: trump 3 of 4 tokens (trump tax trump trump); week of 9 Jan: 0 of 2
    assert trump["period"].tolist() == [pd.Timestamp("2017-01-02"), pd.Timestamp("2017-01-09")]
    assert trump["count"].tolist() == [3, 0]
    assert trump["total"].tolist() == [4, 2]
    assert trump["rel_freq"].tolist() == pytest.approx([0.75, 0.0])


def test_monthly_and_dates_as_values(dtm):
    dates = pd.Series(["2017-01-02", "2017-02-01", "2017-02-02", "2017-02-03"], index=dtm.doc_ids)
    out = trends(dtm, dates, "trump", period="month")
    assert out["count"].tolist() == [1, 2]
    assert out["total"].tolist() == [2, 5]


@pytest.mark.filterwarnings("ignore:1 documents have no date")
def test_missing_terms(dtm):
    with pytest.raises(ValueError, match="None of the terms"):
        trends(dtm, "published", ["covfefe"])
    with pytest.warns(UserWarning, match="left out: \\['covfefe'\\]"):
        out = trends(dtm, "published", ["covfefe", "trump"])
    assert set(out.term) == {"trump"}
    with pytest.raises(ValueError, match="terms is empty"):
        trends(dtm, "published", [])
    with pytest.raises(ValueError, match="not a document variable"):
        trends(dtm, "date", ["trump"])


@pytest.mark.demo
def test_demo_trump_trend(demo_sample):
    dtm = build_dtm(demo_sample)
    out = trends(dtm, "published", ["trump", "brexit"], period="week")
    trump = out[out.term == "trump"]
    assert len(trump) > 5 and trump["rel_freq"].max() > 0.002
    assert (out["rel_freq"].between(0, 1)).all()
