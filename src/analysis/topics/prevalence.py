"""Topic prevalence by group (outlet, month, any column) and representative documents."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from ._text import is_partitioned

__all__ = ["prevalence", "representative_documents"]

_PERIODS = {"year": "Y", "month": "M", "week": "W", "day": "D"}


def _aligned(model, articles: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(articles, pd.DataFrame):
        raise TypeError("articles must be a DataFrame indexed by doc_id (analysis.load_corpus).")
    shares = model.doc_topics_
    common = shares.index.intersection(articles.index)
    if len(common) == 0:
        raise ValueError(
            "No doc_id of the model is in the articles frame's index. Pass the frame the "
            "document-term matrix was built from (indexed by doc_id)."
        )
    if len(common) < len(shares):
        warnings.warn(
            f"{len(shares) - len(common)} of the model's {len(shares)} documents are not in "
            "the articles frame and were left out.",
            UserWarning,
            stacklevel=3,
        )
    return articles.loc[common]


def _group_keys(frame: pd.DataFrame, by: str) -> pd.Series:
    if by in frame.columns:
        return frame[by]
    if by in _PERIODS:
        if "published" not in frame.columns:
            raise ValueError(
                f"by={by!r} needs a 'published' datetime column in the articles frame."
            )
        published = pd.to_datetime(frame["published"], utc=True, errors="coerce")
        period = published.dt.tz_convert(None).dt.to_period(_PERIODS[by])
        return period.dt.start_time.rename(by)
    raise ValueError(
        f"Cannot group by {by!r}: it is not a column of the articles frame nor one of "
        f"{sorted(_PERIODS)} (derived from 'published')."
    )


def prevalence(
    model, articles: pd.DataFrame, *, by: str = "source", client: Any = None
) -> pd.DataFrame:
    """Mean topic share per group, with the number of documents in each group.

    Parameters
    ----------
    model : TopicModel
    articles : pandas.DataFrame
        The articles frame, indexed by ``doc_id``.
    by : str, default "source"
        A column of ``articles`` (e.g. ``"source"``, ``"section"``), or ``"year"``,
        ``"month"``, ``"week"`` or ``"day"`` (periods of ``published``, UTC, labelled
        by their start). Documents with a missing key are grouped under NaN/NaT.
    client : distributed.Client or str, optional
        Compute on a Dask cluster; ``articles`` may then also be a dask DataFrame or
        a partitioned corpus folder (which are handled partition by partition even
        without a client). Each partition is transformed with ``model.transform``
        and its per-group sums of shares and counts are added up
        (:func:`analysis.scale.topics.prevalence_partitions`): the shares are
        those of ``model.transform``, not ``model.doc_topics_``.

    Returns
    -------
    pandas.DataFrame
        Tidy: one row per group and topic, columns ``<by>``, ``topic``, ``label``,
        ``share`` (mean share of the topic in the group's documents; each group's
        shares sum to 1) and ``n_docs``. Topics keep the model's numbering.

    Examples
    --------
    >>> import numpy as np, pandas as pd, scipy.sparse as sp
    >>> from analysis.terms._dtm import DocumentTermMatrix
    >>> from analysis.topics import fit_topics
    >>> counts = sp.csr_matrix(np.array([[3, 2, 0, 0], [2, 3, 0, 0], [0, 0, 2, 3], [0, 1, 3, 2]]))
    >>> ids = pd.Index(list("abcd"), name="doc_id")
    >>> dtm = DocumentTermMatrix(counts, np.array(["oil", "price", "goal", "match"]), ids)
    >>> model = fit_topics(dtm, 2, min_df=1, max_df=1.0)
    >>> articles = pd.DataFrame({"source": ["x", "x", "y", "y"]}, index=ids)
    >>> table = prevalence(model, articles)
    >>> table.groupby("source")["share"].sum().round(6).tolist(), table["n_docs"].unique().tolist()
    ([1.0, 1.0], [2])
    """
    if client is not None or is_partitioned(articles):
        from ..scale.topics import prevalence_partitions

        return prevalence_partitions(model, articles, by=by, client=client)
    frame = _aligned(model, articles)
    keys = _group_keys(frame, by)
    shares = model.doc_topics_.loc[frame.index]
    grouped = shares.groupby(keys.to_numpy(), dropna=False, sort=True)
    means = grouped.mean()
    counts = grouped.size()
    means.index.name = by
    long = means.rename_axis(columns="topic").stack().rename("share").reset_index()
    long["topic"] = long["topic"].astype(int)
    long["label"] = model.labels_.reindex(long["topic"]).to_numpy()
    long["n_docs"] = np.repeat(counts.to_numpy(), means.shape[1])
    return long[[by, "topic", "label", "share", "n_docs"]]


def representative_documents(
    model, articles: pd.DataFrame | None = None, n: int = 3
) -> pd.DataFrame:
    """The ``n`` documents with the highest share of each topic.

    Parameters
    ----------
    model : TopicModel
    articles : pandas.DataFrame, optional
        Indexed by ``doc_id``; its ``title`` (and ``source``) columns are added when present.
    n : int, default 3

    Returns
    -------
    pandas.DataFrame
        Columns ``topic``, ``label``, ``rank`` (0 = most representative), ``doc_id``,
        ``share`` and, when available, ``title`` and ``source``. Empty documents are
        never chosen; ties keep document order.
    """
    if int(n) < 1:
        raise ValueError(f"n must be at least 1; got {n}.")
    shares = model.doc_topics_
    if len(model.empty_docs_):
        shares = shares.drop(index=model.empty_docs_)
    values = shares.to_numpy()
    rows = []
    for topic in range(values.shape[1]):
        order = np.argsort(-values[:, topic], kind="stable")[: int(n)]
        rows.append(
            pd.DataFrame(
                {
                    "topic": topic,
                    "label": model.labels_.iloc[topic],
                    "rank": np.arange(len(order)),
                    "doc_id": shares.index[order],
                    "share": values[order, topic],
                }
            )
        )
    out = pd.concat(rows, ignore_index=True)
    if articles is not None:
        for column in ("title", "source"):
            if column in articles.columns:
                out[column] = articles[column].reindex(out["doc_id"]).to_numpy()
    return out
