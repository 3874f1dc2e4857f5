"""LDAvis relevance, checked by hand on a tiny model."""

from __future__ import annotations

import math

import numpy as np
import pytest

from analysis.topics import fit_topics, relevance, top_terms, topic_terms


@pytest.fixture(scope="module")
def model(toy_dtm):
    return fit_topics(toy_dtm, 4, min_df=1, max_df=1.0)


def test_relevance_formula_by_hand(model):
    lam = 0.6
    rel = relevance(model, relevance_lambda=lam)
    topic, term = 0, model.term_lists(1)[0][0]
    column = list(model.terms_).index(term)
    weights = model.topic_terms_.to_numpy()[topic]
    phi = weights[column] / weights.sum()
    p = model.term_frequency_[column] / model.term_frequency_.sum()
    expected = lam * math.log(phi) + (1 - lam) * math.log(phi / p)
    assert rel.iloc[topic, column] == pytest.approx(expected, rel=1e-12)


def test_lambda_one_ranks_by_weight_and_zero_by_lift(model):
    by_weight = topic_terms(model, n=5, relevance_lambda=1.0)
    assert by_weight.query("topic == 0")["term"].tolist() == model.term_lists(5)[0]
    by_lift = topic_terms(model, n=5, relevance_lambda=0.0)
    lifts = by_lift.query("topic == 0")["lift"].to_numpy()
    assert np.all(np.diff(lifts) <= 1e-12)
    assert by_lift.attrs["relevance_lambda"] == 0.0


def test_table_shape_and_no_nan(model):
    table = topic_terms(model, n=3, relevance_lambda=0.6)
    assert list(table.columns) == ["topic", "rank", "term", "relevance", "probability", "lift"]
    assert table["rank"].tolist() == [1, 2, 3] * 4  # ranks start at 1, as everywhere
    assert len(table) == 4 * 3
    assert table["topic"].tolist() == [t for t in range(4) for _ in range(3)]
    assert not table.isna().any().any()
    assert not np.isnan(relevance(model, relevance_lambda=0.3).to_numpy()).any()


@pytest.mark.parametrize("lam", [-0.1, 1.5])
def test_lambda_out_of_range(model, lam):
    with pytest.raises(ValueError, match="between 0 and 1"):
        topic_terms(model, relevance_lambda=lam)


def test_old_name_still_works_with_a_warning(model):
    with pytest.warns(DeprecationWarning, match="topic_terms"):
        old = top_terms(model, n=3)
    assert old.equals(topic_terms(model, n=3))
