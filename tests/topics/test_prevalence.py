"""prevalence() and representative_documents()."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.topics import fit_topics, prevalence, representative_documents


@pytest.fixture(scope="module")
def model(toy_dtm):
    return fit_topics(toy_dtm, 3, min_df=1, max_df=1.0)


def test_by_source_is_the_group_mean(model, toy_articles):
    """The mean of the model's transform shares (for the fitted articles, within the
    fit's convergence of doc_topics_)."""
    table = prevalence(model, toy_articles, by="source")
    assert list(table.columns) == ["source", "topic", "label", "share", "n_docs"]
    expected = model.transform(toy_articles).groupby(toy_articles["source"]).mean()
    wide = table.pivot(index="source", columns="topic", values="share")
    np.testing.assert_allclose(wide.to_numpy(), expected.to_numpy(), rtol=1e-14)
    fitted = model.doc_topics_.groupby(toy_articles["source"]).mean()
    np.testing.assert_allclose(wide.to_numpy(), fitted.to_numpy(), atol=1e-3)
    assert table.groupby("source")["n_docs"].first().to_dict() == {"a.com": 6, "b.com": 6}
    np.testing.assert_allclose(table.groupby("source")["share"].sum(), 1.0)
    assert table["label"].tolist() == model.labels_.reindex(table["topic"]).tolist()


def test_by_month_and_week(model, toy_articles):
    month = prevalence(model, toy_articles, by="month")
    assert sorted(month["month"].unique()) == [
        pd.Timestamp("2017-01-01"),
        pd.Timestamp("2017-02-01"),
    ]
    assert month.groupby("month")["n_docs"].first().tolist() == [6, 6]
    week = prevalence(model, toy_articles, by="week")
    assert week["week"].nunique() == 4


def test_bad_grouping(model, toy_articles):
    with pytest.raises(ValueError, match="Cannot group by 'nope'"):
        prevalence(model, toy_articles, by="nope")
    with pytest.raises(ValueError, match=r"no column\(s\) \['text'\]"):
        prevalence(model, toy_articles.drop(columns="text"), by="source")
    with pytest.raises(TypeError, match="articles frame"):
        prevalence(model, [1, 2], by="source")


def test_any_articles_not_only_the_fitted_ones(model, toy_articles):
    """Articles the model was not fitted on (or a part of them) are transformed."""
    part = prevalence(model, toy_articles.iloc[:6], by="source")
    new = toy_articles.iloc[:6].reset_index(drop=True)
    assert part.equals(prevalence(model, new, by="source"))
    shares = model.transform(toy_articles.iloc[:6])
    means = shares.groupby(toy_articles["source"].iloc[:6]).mean().stack()
    assert part["share"].tolist() == pytest.approx(means.tolist(), rel=1e-14)


def test_representative_documents(model, toy_articles):
    table = representative_documents(model, toy_articles, n=2)
    assert len(table) == 3 * 2
    assert list(table.columns) == ["topic", "label", "rank", "doc_id", "share", "title", "source"]
    for topic, group in table.groupby("topic"):
        best = model.doc_topics_[topic].sort_values(ascending=False, kind="stable")
        assert group["doc_id"].tolist() == best.index[:2].tolist()
        assert group["share"].is_monotonic_decreasing
        assert group["rank"].tolist() == [1, 2]  # ranks start at 1, as everywhere
