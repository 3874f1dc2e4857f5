"""Topic prevalence by group (outlet, month, any column) and representative documents.

:func:`prevalence` is the mean of :meth:`TopicModel.transform` shares over the given
articles, per group. It runs partition by partition (:func:`group_share_sums`: each
partition transforms its articles and returns, per group, the number of documents and
the exact sums of their shares, as lists of floats whose exact sum is the sum,
:func:`exact_sum`); the combine step adds the lists with :func:`math.fsum`, which
rounds the exact total once. So the table is identical, bit for bit, however the
articles are cut and wherever the partitions run.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..parallel import as_path, get_executor, is_partitioned, read_partition
from ..periods import PERIODS, period_alias
from . import _text
from .transform import for_workers, partitions_of, transform_partition

__all__ = ["exact_sum", "group_keys", "group_share_sums", "prevalence",
           "representative_documents"]  # fmt: skip


def group_keys(frame: pd.DataFrame, by: str) -> pd.Series:
    """Each article's group: the column ``by``, or the start of its ``published`` period."""
    if by in frame.columns:
        return frame[by]
    if by in PERIODS:
        if "published" not in frame.columns:
            raise ValueError(
                f"by={by!r} needs a 'published' datetime column in the articles frame."
            )
        published = pd.to_datetime(frame["published"], utc=True, errors="coerce")
        period = published.dt.tz_convert(None).dt.to_period(period_alias(by))
        return period.dt.start_time.rename(by)
    raise ValueError(
        f"Cannot group by {by!r}: it is not a column of the articles frame nor one of "
        f"{sorted(PERIODS)} (derived from 'published')."
    )


def exact_sum(values) -> list[float]:
    """Floats whose exact sum is the exact sum of ``values`` (few, non-overlapping).

    ``math.fsum`` of such lists, concatenated in any order, is the correctly rounded
    sum of all the values: the same whatever the grouping of the values into lists.

    Examples
    --------
    >>> parts = exact_sum([1e16, 1.0, -1e16]), exact_sum([0.1, 0.2])
    >>> math.fsum(parts[0] + parts[1]) == math.fsum([1e16, 1.0, -1e16, 0.1, 0.2])
    True
    """
    values = [float(v) for v in values]
    out: list[float] = []
    while True:
        rest = math.fsum(values + [-t for t in out])
        if rest == 0.0:
            return out
        out.append(rest)


def _key(value: Any) -> Any:
    """A hashable group key; every missing value is one key (None)."""
    return None if pd.isna(value) else value


def group_share_sums(partition: Any, model: Any, columns: list[str], by: str) -> dict:
    """The per-partition step of :func:`prevalence`: per group, (documents, exact sums).

    Returns ``{key: (n_docs, [exact_sum of topic 0's shares, ...])}`` with missing
    keys under None.
    """
    frame = read_partition(partition, columns=columns)
    shares = transform_partition(frame, model, columns)
    keys = [_key(v) for v in group_keys(frame, by).to_numpy(dtype=object)]
    values = shares.to_numpy()
    rows: dict[Any, list[int]] = {}
    for i, key in enumerate(keys):
        rows.setdefault(key, []).append(i)
    return {
        key: (len(idx), [exact_sum(values[idx, t]) for t in range(values.shape[1])])
        for key, idx in rows.items()
    }


def _combine(results: list[dict], k: int) -> tuple[list, np.ndarray, np.ndarray]:
    keys: dict[Any, list] = {}
    for result in results:
        for key, (n, sums) in result.items():
            entry = keys.setdefault(key, [0, [[] for _ in range(k)]])
            entry[0] += n
            for t in range(k):
                entry[1][t].extend(sums[t])
    present = [key for key in keys if key is not None]
    order = sorted(present) + ([None] if None in keys else [])  # missing last, as pandas
    counts = np.array([keys[key][0] for key in order], dtype=np.int64)
    means = np.array([[math.fsum(keys[key][1][t]) for t in range(k)] for key in order])
    return order, counts, means / counts[:, None]


def prevalence(
    model,
    articles,
    *,
    by: str = "source",
    client: Any = None,
    n_jobs: int | None = None,
    rows_per_partition: int | None = None,
) -> pd.DataFrame:
    """Mean topic share per group, with the number of documents in each group.

    The shares are those of ``model.transform(articles)`` (for the articles a model
    was fitted on, they differ from ``model.doc_topics_`` by the fit's convergence
    only: at most 4e-4 on the demo corpus), so any articles can be compared, and the
    table is the same however the articles are given or cut.

    Parameters
    ----------
    model : TopicModel
    articles : pandas.DataFrame, dask DataFrame, ``.parquet`` file or partitioned folder
        The articles (``str`` and ``Path`` alike), with their text column(s) and the
        grouping column.
    by : str, default "source"
        A column of ``articles`` (e.g. ``"source"``, ``"section"``), or ``"year"``,
        ``"quarter"``, ``"month"``, ``"week"`` or ``"day"`` (periods of ``published``,
        UTC, labelled by their start). Documents with a missing key are grouped under
        NaN/NaT, last.
    client, n_jobs, rows_per_partition
        Where and how finely to cut (:func:`analysis.parallel.get_executor`); never
        the result.

    Returns
    -------
    pandas.DataFrame
        Tidy: one row per group and topic, columns ``<by>``, ``topic``, ``label``,
        ``share`` (mean share of the topic in the group's documents; each group's
        shares sum to 1) and ``n_docs``. Topics keep the model's numbering.

    Examples
    --------
    >>> import numpy as np, pandas as pd, scipy.sparse as sp
    >>> from analysis.terms import DocumentTermMatrix
    >>> from analysis.topics import fit_topics
    >>> counts = sp.csr_matrix(np.array([[3, 2, 0, 0], [2, 3, 0, 0], [0, 0, 2, 3], [0, 1, 3, 2]]))
    >>> ids = pd.Index(list("abcd"), name="doc_id")
    >>> dtm = DocumentTermMatrix(counts, np.array(["oil", "price", "goal", "match"]), ids)
    >>> model = fit_topics(dtm, 2, min_df=1, max_df=1.0)
    >>> articles = pd.DataFrame({"text": ["oil price", "price oil", "goal match", "match"],
    ...                          "source": ["x", "x", "y", "y"]}, index=ids)
    >>> table = prevalence(model, articles)
    >>> table.groupby("source")["share"].sum().round(6).tolist(), table["n_docs"].unique().tolist()
    ([1.0, 1.0], [2])
    """
    if isinstance(articles, pd.DataFrame):
        group_keys(articles.iloc[:0], by)  # a bad `by`: say so before any work
        _text.as_texts(articles.iloc[:0], model._dtm_options)
    elif not is_partitioned(articles) and as_path(articles) is None:
        raise TypeError(
            "articles must be an articles frame (analysis.load_corpus), a dask "
            "DataFrame or a corpus on disk."
        )
    columns = _text.text_columns(model._dtm_options)
    columns = list(dict.fromkeys([*columns, by if by not in PERIODS else "published"]))
    executor = get_executor(client, n_jobs)
    parts = partitions_of(articles, rows_per_partition=rows_per_partition,
                          n_workers=executor.n_workers)  # fmt: skip
    results = executor.map(
        group_share_sums, parts, for_workers(model), columns, by, desc="prevalence"
    )
    keys, counts, means = _combine(results, model.k)
    index = pd.Index([np.nan if k is None else k for k in keys], name=by)
    wide = pd.DataFrame(means, index=index, columns=pd.RangeIndex(model.k, name="topic"))
    long = wide.stack().rename("share").reset_index()
    long["topic"] = long["topic"].astype(int)
    long["label"] = model.labels_.reindex(long["topic"]).to_numpy()
    long["n_docs"] = np.repeat(counts, model.k)
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
        Columns ``topic``, ``label``, ``rank`` (1 = most representative), ``doc_id``,
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
                    "rank": np.arange(1, len(order) + 1),
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
