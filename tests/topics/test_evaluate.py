"""evaluate() against scikit-learn's metrics."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from analysis.topics import evaluate, fit_topics, purity


def test_matches_sklearn(toy_dtm, toy_labels):
    model = fit_topics(toy_dtm, 3, min_df=1, max_df=1.0)
    scores = evaluate(model, toy_labels)
    predicted = model.doc_topics_.to_numpy().argmax(axis=1)
    assert scores["nmi"] == pytest.approx(normalized_mutual_info_score(toy_labels, predicted))
    assert scores["ari"] == pytest.approx(adjusted_rand_score(toy_labels, predicted))
    table = pd.crosstab(predicted, np.array(toy_labels))
    assert scores["purity"] == pytest.approx(table.max(axis=1).sum() / len(toy_labels))
    assert scores["n_docs"] == len(toy_labels)


def test_series_labels_align_by_doc_id(toy_dtm, toy_labels):
    model = fit_topics(toy_dtm, 3, min_df=1, max_df=1.0)
    labels = pd.Series(toy_labels, index=toy_dtm.doc_ids)
    shuffled = labels.sample(frac=1.0, random_state=0)
    pd.testing.assert_series_equal(evaluate(model, shuffled), evaluate(model, toy_labels))
    partial = labels.iloc[:6]
    assert evaluate(model, partial)["n_docs"] == 6


def test_purity_by_hand_and_errors(toy_dtm):
    assert purity(["a", "a", "b", "b", "b"], [0, 0, 1, 1, 0]) == pytest.approx(0.8)
    model = fit_topics(toy_dtm, 3, min_df=1, max_df=1.0)
    with pytest.raises(ValueError, match="labels for 12 documents"):
        evaluate(model, ["x"] * 5)
    with pytest.raises(ValueError, match="match the model's doc_ids"):
        evaluate(model, pd.Series(["x"], index=["nope"]))
