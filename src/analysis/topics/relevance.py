"""LDAvis term relevance (Sievert & Shirley 2014): move between frequent and exclusive terms.

For topic ``k`` and term ``w``, with ``phi[k, w]`` the topic-term probability (a row
of ``model.topic_terms_`` scaled to sum to 1) and ``p[w]`` the term's share of all
tokens in the corpus (``model.term_frequency_``, as LDAvis)::

    relevance(w, k | lambda) = lambda * log(phi[k, w]) + (1 - lambda) * log(phi[k, w] / p[w])

``lambda = 1`` ranks terms by their probability in the topic (frequent terms);
``lambda = 0`` by lift (terms exclusive to the topic). Sievert & Shirley found
``lambda ~ 0.6`` best for interpretation. Terms with zero weight in a topic (common
with NMF's sparse topics) have relevance ``-inf`` and rank last.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

__all__ = ["relevance", "top_terms", "topic_terms"]


def relevance(model, *, relevance_lambda: float = 1.0) -> pd.DataFrame:
    """Relevance of every term for every topic, shape ``(k, n_terms)``.

    Parameters
    ----------
    model : TopicModel
    relevance_lambda : float in [0, 1], default 1.0

    Returns
    -------
    pandas.DataFrame
        Index ``topic``, columns the model's terms; ``-inf`` where a term has zero
        weight in the topic (never NaN).
    """
    lam = float(relevance_lambda)
    if not 0.0 <= lam <= 1.0:
        raise ValueError(f"relevance_lambda must be between 0 and 1; got {relevance_lambda}.")
    phi = model.topic_term_dist_.to_numpy()
    freq = np.asarray(model.term_frequency_, dtype=np.float64)
    p = freq / freq.sum() if freq.sum() > 0 else np.full(len(freq), 1.0 / len(freq))
    with np.errstate(divide="ignore", invalid="ignore"):
        log_phi = np.log(phi)
        lift = np.where(p > 0, log_phi - np.log(np.where(p > 0, p, 1.0)), -np.inf)
        values = lam * log_phi + (1.0 - lam) * lift if lam < 1.0 else log_phi
    values = np.where(np.isnan(values), -np.inf, values)
    return pd.DataFrame(values, index=model.topic_terms_.index, columns=model.topic_terms_.columns)


def topic_terms(model, *, n: int = 10, relevance_lambda: float = 1.0) -> pd.DataFrame:
    """The ``n`` most relevant terms of each topic, as a tidy table.

    Parameters
    ----------
    model : TopicModel
        A fitted model (:func:`analysis.topics.fit_topics`).
    n : int, default 10
        Terms per topic.
    relevance_lambda : float in [0, 1], default 1.0
        LDAvis's lambda: 1 ranks by probability in the topic, 0 by lift.

    Returns
    -------
    pandas.DataFrame
        Columns ``topic``, ``rank`` (1 = most relevant), ``term``, ``relevance``,
        ``probability`` (``phi``), ``lift`` (``phi / p``), sorted by topic then rank.
        Topics keep the model's numbering. Ties keep vocabulary order.

    Examples
    --------
    >>> import numpy as np, pandas as pd, scipy.sparse as sp
    >>> from analysis.terms import DocumentTermMatrix
    >>> from analysis.topics import fit_topics
    >>> counts = sp.csr_matrix(np.array([[3, 2, 0, 1], [2, 3, 0, 1], [0, 0, 2, 3], [0, 1, 3, 2]]))
    >>> dtm = DocumentTermMatrix(counts, np.array(["oil", "price", "goal", "match"]),
    ...                          pd.Index(list("abcd"), name="doc_id"))
    >>> model = fit_topics(dtm, 2, min_df=1, max_df=1.0)
    >>> topic_terms(model, n=2).groupby("topic")["term"].apply(list).tolist()
    [['oil', 'price'], ['goal', 'match']]
    """
    if int(n) < 1:
        raise ValueError(f"n must be at least 1; got {n}.")
    rel = relevance(model, relevance_lambda=relevance_lambda)
    phi = model.topic_term_dist_.to_numpy()
    freq = np.asarray(model.term_frequency_, dtype=np.float64)
    p = freq / freq.sum()
    terms = np.asarray(model.terms_, dtype=object)
    n = min(int(n), len(terms))
    rows = []
    values = rel.to_numpy()
    for topic in range(values.shape[0]):
        order = np.argsort(-values[topic], kind="stable")[:n]
        with np.errstate(divide="ignore", invalid="ignore"):
            lift = np.where(p[order] > 0, phi[topic, order] / p[order], np.inf)
        rows.append(
            pd.DataFrame(
                {
                    "topic": topic,
                    "rank": np.arange(1, n + 1),
                    "term": terms[order],
                    "relevance": values[topic, order],
                    "probability": phi[topic, order],
                    "lift": lift,
                }
            )
        )
    out = pd.concat(rows, ignore_index=True)
    out.attrs["relevance_lambda"] = float(relevance_lambda)
    return out


def top_terms(model, *, n: int = 10, relevance_lambda: float = 1.0) -> pd.DataFrame:
    """Deprecated alias of :func:`topic_terms` (:func:`analysis.terms.top_terms` is the
    characteristic terms of documents or groups); its ranks now start at 1."""
    warnings.warn(
        "analysis.topics.top_terms is deprecated; use analysis.topics.topic_terms (ranks "
        "start at 1, as everywhere).",
        DeprecationWarning,
        stacklevel=2,
    )
    return topic_terms(model, n=n, relevance_lambda=relevance_lambda)
