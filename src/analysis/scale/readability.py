"""Readability on a cluster: the same per-text engine, one task per partition.

:func:`analysis.readability.readability` dispatches here when it is given a
``client`` (or a dask DataFrame, or the folder of a partitioned corpus). Each
worker scores its partition with the in-memory engine; the partition results are
concatenated in corpus order, so the frame equals the in-memory result row for row
and bit for bit.
"""

from __future__ import annotations

import pandas as pd

from .cluster import gather_partitions
from .dataset import as_partitions, partition_frame

__all__ = ["readability_partitioned"]


def _score_partition(partition, options: dict) -> pd.DataFrame:
    from ..readability.engine import readability

    frame = partition_frame(partition, columns=["text"])
    return readability(frame, n_jobs=1, **options)


def readability_partitioned(
    data, *, client=None, rows_per_partition: int = 5000, progress: bool | None = None, **options
) -> pd.DataFrame:
    """Score every partition of ``data`` on the cluster and concatenate in order.

    Parameters
    ----------
    data : pandas.DataFrame, Series, list of str, dask DataFrame or path
        Articles (``text`` column, ``doc_id`` index), texts, or a partitioned corpus
        folder (workers read their own parts).
    client : distributed.Client, str or None
        The cluster; None scores the partitions here, one after the other.
    rows_per_partition : int, default 5000
        Partition size for in-memory input.
    progress : bool, optional
        Force the progress bar on or off.
    **options
        ``level``, ``measures``, ``sentence_splitter`` of
        :func:`analysis.readability.readability`.

    Returns
    -------
    pandas.DataFrame
        Equal to ``readability(data, **options)``, attrs included.

    Examples
    --------
    >>> out = readability_partitioned(["One short text.", "Another one."],
    ...                               rows_per_partition=1, progress=False)
    >>> out["n_words"].tolist()
    [3, 2]
    """
    if isinstance(data, pd.Series) or (
        not isinstance(data, pd.DataFrame)
        and not hasattr(data, "npartitions")
        and not isinstance(data, (str, bytes))
        and not hasattr(data, "__fspath__")
    ):
        from ..readability.engine import _as_series

        data = _as_series(data).to_frame()
    parts = as_partitions(data, rows_per_partition=rows_per_partition)
    results = gather_partitions(
        client, _score_partition, parts, options, desc="readability", progress=progress
    )
    out = pd.concat(results) if len(results) > 1 else results[0]
    # The attrs of one partition (n_jobs=1 each): the file written equals the in-memory one.
    out.attrs = dict(results[0].attrs)
    return out
