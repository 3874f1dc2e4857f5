"""The processed corpus as a partitioned Parquet dataset: many files, one schema.

A dataset is a directory of ``part-00000.parquet``, ``part-00001.parquet``, ... Each
part is an articles frame (index ``doc_id``) written with the same Arrow schema;
the parts in name order hold the rows in corpus order. The load report, when there
is one, sits beside the directory (``<name>.load_report.parquet``, the rule of
:func:`analysis.loading.report_path`). Nothing needs the whole corpus in one
process: each worker reads and writes its own parts.

Writes are atomic: the parts go to a hidden temporary directory beside the target,
which is renamed into place once every part is written.

Examples
--------
>>> import tempfile, pathlib, pandas as pd
>>> from analysis.loading.schema import empty_articles
>>> arts = pd.concat([empty_articles()] * 1)
>>> path = write_dataset(arts, pathlib.Path(tempfile.mkdtemp()) / "corpus")
>>> is_dataset(path), len(dataset_parts(path))
(True, 1)
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from .._io import replace_dir, temp_dir_beside

__all__ = [
    "PART_PATTERN",
    "arrow_schema",
    "as_partitions",
    "dataset_parts",
    "dataset_writer",
    "is_dataset",
    "partition_frame",
    "read_dataset",
    "read_part",
    "write_dataset",
    "write_part",
]

#: File-name pattern of a dataset's parts, numbered from 0 in corpus order.
PART_PATTERN = "part-{:05d}.parquet"
_GLOB = "part-*.parquet"


def is_dataset(path) -> bool:
    """True for a directory holding ``part-*.parquet`` files.

    Examples
    --------
    >>> is_dataset("no/such/dir")
    False
    """
    path = Path(path)
    return path.is_dir() and any(path.glob(_GLOB))


def dataset_parts(path) -> list[Path]:
    """The part files of a dataset, in corpus order.

    Raises
    ------
    FileNotFoundError
        ``path`` is not a dataset directory.
    """
    path = Path(path)
    parts = sorted(path.glob(_GLOB)) if path.is_dir() else []
    if not parts:
        raise FileNotFoundError(
            f"No partitioned corpus at {path} (a folder of part-*.parquet files). Write one "
            "with 'news-analysis load SOURCES --out FOLDER --workers N' or "
            "analysis.scale.write_dataset()."
        )
    return parts


def arrow_schema(articles: pd.DataFrame):
    """The Arrow schema every part of ``articles`` is written with.

    Columns that are entirely missing in the frame are typed as strings, so a
    part where a column happens to be empty still has the common schema.
    """
    import pyarrow as pa

    schema = pa.Schema.from_pandas(articles, preserve_index=True)
    fields = [pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f for f in schema]
    return pa.schema(fields, metadata=schema.metadata)


def write_part(frame: pd.DataFrame, path, *, schema=None) -> Path:
    """Write one part (atomically); ``schema`` makes every part share one schema."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .._io import atomic_path
    from ..loading.readers import CORPUS_METADATA_KEY

    table = pa.Table.from_pandas(frame, preserve_index=True)
    if schema is not None:
        table = table.select(schema.names).cast(schema)
    meta = dict(table.schema.metadata or {})
    meta[CORPUS_METADATA_KEY] = b'{"format": 1}'
    table = table.replace_schema_metadata(meta)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)
    return Path(path)


def read_part(path, *, columns=None) -> pd.DataFrame:
    """Read one part back as an articles frame (index ``doc_id``)."""
    frame = pd.read_parquet(path, columns=list(columns) if columns is not None else None)
    return frame


def partition_frame(partition, *, columns=None) -> pd.DataFrame:
    """A partition as a pandas frame: a frame is returned as is, a part file is read.

    Per-partition functions call this first, so they accept either kind.

    Examples
    --------
    >>> import pandas as pd
    >>> partition_frame(pd.DataFrame({"text": ["a"]}))["text"].tolist()
    ['a']
    """
    if isinstance(partition, (str, os.PathLike)):
        return read_part(partition, columns=columns)
    if columns is not None:
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


@contextlib.contextmanager
def dataset_writer(path) -> Iterator[Path]:
    """Yield a temporary directory to write parts into; swap it in on success.

    The directory is beside ``path`` (so the final rename stays on one file
    system, and workers on one machine or a shared file system can write into it).
    On error it is removed and an existing dataset at ``path`` is left untouched.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise FileExistsError(f"{path} exists and is not a folder; choose another --out.")
    with temp_dir_beside(path) as tmp:
        yield tmp
        replace_dir(tmp, path)


def write_dataset(
    articles: pd.DataFrame,
    path,
    *,
    rows_per_partition: int = 5000,
    report: pd.DataFrame | None = None,
) -> Path:
    """Write an articles frame as a partitioned Parquet dataset (atomically).

    Parameters
    ----------
    articles : pandas.DataFrame
        As returned by :func:`analysis.load_corpus` (validated before writing).
    path : path-like
        The dataset directory (replaced if it exists).
    rows_per_partition : int, default 5000
        Articles per part file. A part of news text is about 3 MB per 1,000 articles.
    report : pandas.DataFrame, optional
        The load report, written beside the directory.

    Returns
    -------
    Path
        The directory. :func:`read_dataset` gives the rows back in the same order.
    """
    from .._io import write_table
    from ..loading import report_path
    from ..loading.schema import validate_articles, validate_report

    _check_rows(rows_per_partition)
    articles = validate_articles(articles)
    schema = arrow_schema(articles)
    with dataset_writer(path) as tmp:
        starts = range(0, max(len(articles), 1), rows_per_partition)
        for number, start in enumerate(starts):
            part = articles.iloc[start : start + rows_per_partition]
            write_part(part, tmp / PART_PATTERN.format(number), schema=schema)
    if report is not None:
        write_table(validate_report(report), report_path(path), index=False)
    return Path(path)


def read_dataset(path, *, columns=None):
    """Open a partitioned dataset lazily as a ``dask.dataframe.DataFrame``.

    Partition ``i`` is part file ``i``, so ``read_dataset(p).compute()`` is the
    articles frame in corpus order.

    Parameters
    ----------
    path : path-like
        The dataset directory.
    columns : list of str, optional
        Read only these columns.
    """
    import dask
    import dask.dataframe as dd

    parts = dataset_parts(path)
    meta = read_part(parts[0], columns=columns).iloc[:0]
    # Keep pandas' own dtypes: dask would turn str columns (and object columns of other
    # values, e.g. booleans) into NA-backed strings.
    with dask.config.set({"dataframe.convert-string": False}):
        return dd.from_map(
            read_part,
            parts,
            columns=columns,
            meta=meta,
            label="read-articles",
            enforce_metadata=False,
        )


def _check_rows(rows_per_partition) -> None:
    if not isinstance(rows_per_partition, int) or rows_per_partition < 1:
        raise ValueError(
            f"rows_per_partition={rows_per_partition!r} must be a positive integer, e.g. 5000."
        )


def as_partitions(data, *, rows_per_partition: int = 5000) -> list:
    """Split the input of a scale-out function into partitions for the workers.

    Parameters
    ----------
    data : pandas.DataFrame, dask DataFrame, or path
        A frame is cut into row ranges; a dask DataFrame gives its partitions (as
        delayed objects, computed on the cluster); a dataset directory gives its
        part files, which the workers read themselves, so the corpus never passes
        through this process; a single processed ``.parquet`` file is read and cut.
    rows_per_partition : int, default 5000
        For frames and single files.

    Returns
    -------
    list
        Items for :func:`analysis.scale.cluster.gather_partitions`; per-partition
        functions turn each into a frame with :func:`partition_frame`.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"text": list("abcde")})
    >>> [len(p) for p in as_partitions(frame, rows_per_partition=2)]
    [2, 2, 1]
    """
    _check_rows(rows_per_partition)
    if isinstance(data, (str, os.PathLike)):
        path = Path(data)
        if path.is_dir():
            return dataset_parts(path)
        if path.suffix.lower() == ".parquet" and path.is_file():
            data = pd.read_parquet(path)
        else:
            raise ValueError(
                f"{path} is neither a partitioned corpus folder nor a .parquet corpus. Load "
                "raw files first: 'news-analysis load SOURCES --out FOLDER'."
            )
    if isinstance(data, pd.DataFrame):
        if len(data) == 0:
            return [data]
        return [
            data.iloc[i : i + rows_per_partition] for i in range(0, len(data), rows_per_partition)
        ]
    if hasattr(data, "to_delayed") and hasattr(data, "npartitions"):
        return list(data.to_delayed())
    raise TypeError(
        f"Cannot partition a {type(data).__name__}: pass an articles frame, a dask "
        "DataFrame or the path of a partitioned corpus."
    )
