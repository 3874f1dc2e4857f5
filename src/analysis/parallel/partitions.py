"""What a partition is: one definition of "partitioned input", and how input is cut.

A *partitioned corpus* is a folder of ``part-00000.parquet``, ``part-00001.parquet`` ...
(one articles frame each, one schema, rows in corpus order; written by
:func:`analysis.loading.write_dataset`), or a dask DataFrame. Such input stays where it
is: each worker reads its own part, so the texts never pass through this process.

:func:`as_partitions` cuts any input of a partition-capable function into a list of
partitions: a frame or a Series into row ranges (one range, the whole input, unless a
size is asked for), a partitioned folder into its part files, a dask DataFrame into its
pieces, a single ``.parquet`` corpus file into row ranges of its rows. A ``str`` and a
:class:`~pathlib.Path` naming the same file or folder are the same input.
:func:`read_partition` turns one partition back into a pandas frame, on whichever
worker runs it.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "PART_GLOB",
    "PART_PATTERN",
    "as_partitions",
    "as_path",
    "is_partitioned",
    "part_files",
    "partition_size",
    "read_dataset",
    "read_partition",
]

#: File-name pattern of a partitioned corpus's parts, numbered from 0 in corpus order.
PART_PATTERN = "part-{:05d}.parquet"
#: Glob that finds the parts.
PART_GLOB = "part-*.parquet"
#: Rows per partition on a cluster when nothing else is asked (about 15 MB of news text).
MAX_ROWS_PER_PARTITION = 5000


def as_path(data: Any) -> Path | None:
    """``data`` as a path when it names one: any :class:`os.PathLike`, or a ``str`` that
    names an existing file or folder (any other ``str`` is text, not a path).

    Examples
    --------
    >>> as_path("no such file, just a sentence.") is None
    True
    >>> as_path(Path("x.parquet"))
    PosixPath('x.parquet')
    """
    if isinstance(data, os.PathLike):
        return Path(data)
    if isinstance(data, str) and len(data) < 4096 and "\n" not in data and os.path.exists(data):
        return Path(data)
    return None


def _is_dask_frame(data: Any) -> bool:
    return hasattr(data, "npartitions") and hasattr(data, "to_delayed")


def is_partitioned(data: Any) -> bool:
    """True for a dask DataFrame or a partitioned corpus folder (``str`` or ``Path``).

    Examples
    --------
    >>> is_partitioned("no/such/dir"), is_partitioned(["a text"])
    (False, False)
    """
    if _is_dask_frame(data):
        return True
    path = as_path(data)
    return path is not None and path.is_dir() and any(path.glob(PART_GLOB))


def part_files(path: Any) -> list[Path]:
    """The part files of a partitioned corpus folder, in corpus order.

    Raises
    ------
    FileNotFoundError
        ``path`` is not a partitioned corpus folder.
    """
    path = Path(path)
    parts = sorted(path.glob(PART_GLOB)) if path.is_dir() else []
    if not parts:
        raise FileNotFoundError(
            f"No partitioned corpus at {path} (a folder of part-*.parquet files). Write one "
            "with 'news-analysis load SOURCES --out FOLDER' or analysis.loading.write_dataset()."
        )
    return parts


def partition_size(n_rows: int, n_workers: int) -> int:
    """Rows per partition when nothing is asked: everything at once for one worker, else
    about four partitions per worker, at most 5,000 rows each.

    Examples
    --------
    >>> partition_size(300, 1), partition_size(300, 2), partition_size(10**6, 8)
    (300, 38, 5000)
    """
    if n_workers <= 1:
        return max(n_rows, 1)
    return max(1, min(MAX_ROWS_PER_PARTITION, math.ceil(n_rows / (4 * n_workers))))


def _check_rows(rows_per_partition: Any) -> None:
    if isinstance(rows_per_partition, bool) or not isinstance(rows_per_partition, int):
        raise ValueError(
            f"rows_per_partition={rows_per_partition!r} must be a positive integer, e.g. 5000."
        )
    if rows_per_partition < 1:
        raise ValueError(
            f"rows_per_partition={rows_per_partition!r} must be a positive integer, e.g. 5000."
        )


def as_partitions(data: Any, *, rows_per_partition: int | None = None, n_workers: int = 1) -> list:
    """Cut the input of a partition-capable function into partitions.

    Parameters
    ----------
    data : pandas.DataFrame, pandas.Series, dask DataFrame, str or path
        A frame or Series is cut into row ranges; a dask DataFrame gives its pieces (as
        delayed objects, computed where they run); a partitioned corpus folder gives its
        part files, which the workers read themselves; a single ``.parquet`` corpus
        file is read and cut.
    rows_per_partition : int, optional
        Rows per range for frames, Series and single files. Default: see
        :func:`partition_size`.
    n_workers : int, default 1
        How many partitions the executor runs at once (for the default size).

    Returns
    -------
    list
        Partitions, in order; :func:`read_partition` turns each into a frame.

    Raises
    ------
    ValueError
        A path that is neither a partitioned folder nor a ``.parquet`` file.
    TypeError
        Input that cannot be partitioned.

    Examples
    --------
    >>> frame = pd.DataFrame({"text": list("abcde")})
    >>> [len(p) for p in as_partitions(frame, rows_per_partition=2)]
    [2, 2, 1]
    >>> [len(p) for p in as_partitions(frame)]
    [5]
    """
    if rows_per_partition is not None:
        _check_rows(rows_per_partition)
    path = as_path(data)
    if path is not None:
        if path.is_dir():
            return part_files(path)
        if path.suffix.lower() == ".parquet" and path.is_file():
            data = pd.read_parquet(path)
        else:
            raise ValueError(
                f"{path} is neither a partitioned corpus folder nor a .parquet corpus. Load "
                "raw files first: 'news-analysis load SOURCES --out FOLDER'."
            )
    if isinstance(data, (pd.DataFrame, pd.Series)):
        if len(data) == 0:
            return [data]
        step = rows_per_partition or partition_size(len(data), n_workers)
        return [data.iloc[i : i + step] for i in range(0, len(data), step)]
    if _is_dask_frame(data):
        return list(data.to_delayed())
    raise TypeError(
        f"Cannot partition a {type(data).__name__}: pass an articles frame, a Series, a dask "
        "DataFrame or the path of a partitioned corpus."
    )


def read_partition(partition: Any, *, columns=None, present_only: bool = False) -> pd.DataFrame:
    """A partition as a pandas frame: a frame is returned as is, a part file is read.

    Parameters
    ----------
    partition : pandas.DataFrame, pandas.Series, str or path
    columns : list of str, optional
        Only these columns.
    present_only : bool, default False
        Skip the ``columns`` a partition does not have (instead of a ``KeyError``).

    Examples
    --------
    >>> read_partition(pd.DataFrame({"text": ["a"]}))["text"].tolist()
    ['a']
    """
    if isinstance(partition, (str, os.PathLike)):
        if columns is not None and present_only:
            import pyarrow.parquet as pq

            names = set(pq.read_schema(partition).names)
            columns = [c for c in columns if c in names]
        return pd.read_parquet(partition, columns=list(columns) if columns is not None else None)
    if isinstance(partition, pd.Series):
        return partition
    if columns is not None:
        if present_only:
            columns = [c for c in columns if c in partition.columns]
        partition = partition[list(columns)]
    return _plain_strings(partition)


def _plain_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Dask turns text into NA-backed strings; the articles frame uses pandas' ``str``."""

    def nullable(dtype) -> bool:
        return isinstance(dtype, pd.StringDtype) and dtype.na_value is pd.NA

    cols = [c for c, d in frame.dtypes.items() if nullable(d)]
    if not cols and not nullable(frame.index.dtype):
        return frame
    frame = frame.astype(dict.fromkeys(cols, "str")) if cols else frame.copy()
    if nullable(frame.index.dtype):
        frame.index = frame.index.astype("str")
    return frame


def read_dataset(path: Any, *, columns=None):
    """Open a partitioned corpus lazily as a ``dask.dataframe.DataFrame``.

    Partition ``i`` is part file ``i``, so ``read_dataset(p).compute()`` is the
    articles frame in corpus order.

    Parameters
    ----------
    path : str or path
        The partitioned corpus folder.
    columns : list of str, optional
        Read only these columns.
    """
    import dask
    import dask.dataframe as dd

    parts = part_files(path)
    meta = pd.read_parquet(parts[0], columns=columns).iloc[:0]
    # Keep pandas' own dtypes: dask would turn str columns (and object columns of other
    # values, e.g. booleans) into NA-backed strings.
    with dask.config.set({"dataframe.convert-string": False}):
        return dd.from_map(
            _read_part,
            parts,
            columns=columns,
            meta=meta,
            label="read-articles",
            enforce_metadata=False,
        )


def _read_part(path, columns=None) -> pd.DataFrame:
    return pd.read_parquet(path, columns=list(columns) if columns is not None else None)
