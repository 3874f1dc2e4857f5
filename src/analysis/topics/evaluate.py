"""Agreement between dominant topics and known categories: NMI, ARI and purity."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

__all__ = ["evaluate", "purity"]


def purity(labels_true, labels_pred) -> float:
    """Share of documents whose cluster's majority category is their own.

    Examples
    --------
    >>> purity(["a", "a", "b", "b"], [0, 0, 0, 1])
    0.75
    """
    table = pd.crosstab(np.asarray(labels_pred), np.asarray(labels_true))
    total = table.to_numpy().sum()
    if total == 0:
        raise ValueError("No documents to score.")
    return float(table.max(axis=1).sum() / total)


def evaluate(model, labels) -> pd.Series:
    """Score each document's dominant topic against known categories.

    Parameters
    ----------
    model : TopicModel
    labels : pandas.Series or array-like
        Known category per document: a Series indexed by ``doc_id`` (aligned to the
        model's documents; documents without a label are left out), or a sequence in
        the model's document order.

    Returns
    -------
    pandas.Series
        ``nmi`` (scikit-learn's normalized mutual information, arithmetic mean),
        ``ari`` (adjusted Rand index), ``purity`` and ``n_docs`` (documents scored).
        Documents with no counted term (``model.empty_docs_``) are left out, with a
        warning, since they have no dominant topic.

    Examples
    --------
    >>> import numpy as np, pandas as pd, scipy.sparse as sp
    >>> from analysis.terms import DocumentTermMatrix
    >>> from analysis.topics import fit_topics
    >>> counts = sp.csr_matrix(np.array([[3, 2, 0, 0], [2, 3, 0, 0], [0, 0, 2, 3], [0, 1, 3, 2]]))
    >>> dtm = DocumentTermMatrix(counts, np.array(["oil", "price", "goal", "match"]),
    ...                          pd.Index(list("abcd"), name="doc_id"))
    >>> model = fit_topics(dtm, 2, min_df=1, max_df=1.0)
    >>> evaluate(model, ["business", "business", "sport", "sport"])["nmi"]
    np.float64(1.0)
    """
    dominant = model.dominant_topic()
    if isinstance(labels, pd.Series):
        aligned = labels.reindex(dominant.index)
        if aligned.notna().sum() == 0:
            raise ValueError(
                "None of the labels' index values match the model's doc_ids. Pass a Series "
                "indexed by doc_id, or a plain sequence in the model's document order."
            )
    else:
        values = np.asarray(labels, dtype=object)
        if len(values) != len(dominant):
            raise ValueError(
                f"Got {len(values)} labels for {len(dominant)} documents; pass one label per "
                "document in the model's order, or a Series indexed by doc_id."
            )
        aligned = pd.Series(values, index=dominant.index)
    keep = aligned.notna() & (dominant >= 0)
    n_empty = int((dominant < 0).sum())
    if n_empty:
        warnings.warn(
            f"{n_empty} empty document(s) have no dominant topic and were left out.",
            UserWarning,
            stacklevel=2,
        )
    y_true = aligned[keep].astype(str).to_numpy()
    y_pred = dominant[keep].to_numpy()
    if len(y_true) == 0:
        raise ValueError("No labelled, non-empty documents to evaluate.")
    return pd.Series(
        {
            "nmi": normalized_mutual_info_score(y_true, y_pred),
            "ari": adjusted_rand_score(y_true, y_pred),
            "purity": purity(y_true, y_pred),
            "n_docs": len(y_true),
        },
        name="score",
        dtype=object,
    ).astype(float)
