"""The processed corpus as a partitioned Parquet dataset: many files, one schema.

A dataset is a directory of ``part-00000.parquet``, ``part-00001.parquet``, ... Each
part is an articles frame (index ``doc_id``) written with the same Arrow schema;
the parts in name order hold the rows in corpus order. The load report, when there
is one, sits beside the directory (``<name>.load_report.parquet``,
:func:`dataset_report_path`). Nothing needs the whole corpus in one process: each
worker reads and writes its own parts.

Writes are atomic and safe: the parts go to a hidden temporary directory beside the
target, which replaces it once every part is written, and only when the target is
empty or a dataset this package wrote (:func:`analysis._io.output_dir`; its manifest
``.news-analysis.json`` lists the parts). Every part and the report carry one id
in their Parquet schema metadata; :func:`read_dataset_report` checks it.

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
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from .._io import MismatchedOutputError, file_entry, output_dir, output_files, read_parquet_meta

__all__ = [
    "PART_PATTERN",
    "arrow_schema",
    "as_partitions",
    "dataset_parts",
    "dataset_report_path",
    "dataset_writer",
    "is_dataset",
    "partition_frame",
    "read_dataset",
    "read_dataset_report",
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


def write_part(frame: pd.DataFrame, path, *, schema=None, save_id: str | None = None) -> dict:
    """Write one part (atomically); return its manifest entry (:func:`analysis._io.file_entry`).

    ``schema`` makes every part share one schema; ``save_id`` is the dataset's id,
    kept in the part's schema metadata.
    """
    from .._io import atomic_path, write_parquet
    from ..loading.corpus import SAVE_METADATA_KEY
    from ..loading.readers import CORPUS_METADATA_KEY

    meta = {CORPUS_METADATA_KEY: b'{"format": 1}'}
    if save_id is not None:
        meta[SAVE_METADATA_KEY] = json.dumps({"id": save_id}).encode()
    with atomic_path(path) as tmp:
        write_parquet(frame, tmp, index=True, metadata=meta, schema=schema)
    return file_entry(path)


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
def dataset_writer(
    path, *, force: bool = False, save_id: str | None = None, entries: dict | None = None
) -> Iterator[Path]:
    """Yield a temporary directory to write parts into; swap it in on success.

    The directory is beside ``path`` (so the final rename stays on one file
    system, and workers on one machine or a shared file system can write into it).
    On error it is removed and an existing dataset at ``path`` is left untouched.
    ``path`` is replaced only when it is empty or a dataset this package wrote;
    ``force=True`` moves anything else aside (see :func:`analysis._io.output_dir`).
    ``entries`` collects the parts' manifest entries (what :func:`write_part` returns),
    so they need not be read again.

    Raises
    ------
    analysis._io.OutputExistsError
        ``path`` holds files this package did not write (checked before and after).
    """
    with output_dir(path, force=force, kind="dataset", save_id=save_id, entries=entries) as tmp:
        yield tmp


def dataset_report_path(path) -> Path:
    """Where the load report of the dataset at ``path`` lives (beside it, always Parquet).

    Examples
    --------
    >>> dataset_report_path("data/processed/corpus").name
    'corpus.load_report.parquet'
    """
    path = Path(path)
    return path.with_name(f"{path.stem}.load_report.parquet")


def write_dataset(
    articles: pd.DataFrame,
    path,
    *,
    rows_per_partition: int = 5000,
    report: pd.DataFrame | None = None,
    force: bool = False,
) -> Path:
    """Write an articles frame as a partitioned Parquet dataset (atomically).

    Parameters
    ----------
    articles : pandas.DataFrame
        As returned by :func:`analysis.load_corpus` (validated before writing).
    path : path-like
        The dataset directory: created, or replaced when it is empty or a dataset
        this package wrote.
    rows_per_partition : int, default 5000
        Articles per part file. A part of news text is about 3 MB per 1,000 articles.
    report : pandas.DataFrame, optional
        The load report, written beside the directory (:func:`dataset_report_path`)
        with the dataset's id (:func:`read_dataset_report` checks it).
    force : bool, default False
        Move aside (never delete) a folder or report file this package did not write.

    Returns
    -------
    Path
        The directory. :func:`read_dataset` gives the rows back in the same order.

    Raises
    ------
    analysis._io.OutputExistsError
        ``path`` or the report's file holds something this package did not write.
    """
    from ..loading.schema import validate_articles, validate_report

    _check_rows(rows_per_partition)
    articles = validate_articles(articles)
    report = validate_report(report) if report is not None else None
    schema = arrow_schema(articles)
    save_id = uuid.uuid4().hex
    entries: dict[str, dict] = {}
    with (
        _report_beside(path, report, save_id, force=force),
        dataset_writer(path, force=force, save_id=save_id, entries=entries) as tmp,
    ):
        starts = range(0, max(len(articles), 1), rows_per_partition)
        for number, start in enumerate(starts):
            part = articles.iloc[start : start + rows_per_partition]
            name = PART_PATTERN.format(number)
            entries[name] = write_part(part, tmp / name, schema=schema, save_id=save_id)
    return Path(path)


@contextlib.contextmanager
def _report_beside(path, report: pd.DataFrame | None, save_id: str, *, force: bool):
    """Write ``report`` beside the dataset at ``path`` once the block (the dataset) is done.

    The report goes to a temporary file before the dataset is swapped in and is renamed
    right after, so the two change together; both carry ``save_id``.
    """
    if report is None:
        yield
        return
    from .._io import write_parquet
    from ..loading.corpus import SAVE_METADATA_KEY

    meta = {SAVE_METADATA_KEY: json.dumps({"id": save_id}).encode()}
    with output_files(dataset_report_path(path), force=force) as (tmp,):
        write_parquet(report, tmp, index=False, metadata=meta)
        yield


def read_dataset_report(path) -> pd.DataFrame | None:
    """The load report written with the dataset at ``path`` (None if there is none).

    Raises
    ------
    analysis._io.MismatchedOutputError
        The report beside the dataset was written by another run (one was
        interrupted between the dataset and its report, or replaced one of them).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from analysis.loading import load_corpus
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("Title\\n\\nThe body text.")
    >>> articles, report = load_corpus(d / "a.txt")
    >>> out = write_dataset(articles, d / "corpus", report=report)
    >>> read_dataset_report(out)["status"].tolist()
    ['loaded']
    """
    from ..loading.corpus import SAVE_METADATA_KEY

    path = Path(path)
    rp = dataset_report_path(path)
    if not rp.is_file():
        return None
    with dataset_parts(path)[0].open("rb") as fh:
        dataset_stamp = read_parquet_meta(fh, SAVE_METADATA_KEY) or {}
    with rp.open("rb") as fh:
        report_stamp = read_parquet_meta(fh, SAVE_METADATA_KEY) or {}
        report = pd.read_parquet(fh)
    if dataset_stamp.get("id") != report_stamp.get("id"):
        raise MismatchedOutputError(
            f"{rp} does not belong to the dataset {path}: they were written by different runs "
            "(one was interrupted between the two, or replaced one of them). Write both again "
            f"with 'news-analysis load SOURCES --out {path}/'."
        )
    return report


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
