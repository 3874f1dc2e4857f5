"""The corpus on disk: one Parquet file, or a partitioned folder; its load report beside it.

Two forms of one format, written and read here only:

* a **single file** (:func:`save_corpus`): ``articles.parquet`` (or a ``.csv``/``.tsv``
  export) and ``articles.load_report.parquet`` beside it (:func:`report_path`);
* a **partitioned folder** (:func:`write_dataset`, :func:`analysis.loading.load_to_dataset`):
  ``part-00000.parquet``, ``part-00001.parquet`` ... (one articles frame each, one Arrow
  schema, rows in corpus order) and ``<name>.load_report.parquet`` beside the folder.
  Workers read and write their own parts, so no step needs the whole corpus in one
  process (:mod:`analysis.parallel` recognises such a folder as partitioned input).

Every corpus file or part and its report carry one id in their Parquet schema metadata
(:func:`footer`, the one writer of that metadata), so :func:`read_load_report` refuses
a report written by another run. Writes are atomic and only replace what this package
wrote (:func:`analysis._io.output_files`, :func:`analysis._io.output_dir`).

Examples
--------
>>> import tempfile, pathlib
>>> from analysis.loading.schema import empty_articles
>>> path = write_dataset(empty_articles(), pathlib.Path(tempfile.mkdtemp()) / "corpus")
>>> len(part_files(path)), len(read_corpus(path))
(1, 0)
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from .. import config
from .._io import (
    MismatchedOutputError,
    atomic_path,
    file_entry,
    output_dir,
    output_files,
    output_form,
    read_parquet_meta,
    write_parquet,
)
from ..parallel import PART_PATTERN, is_partitioned, part_files
from .readers import CORPUS_METADATA_KEY
from .schema import validate_articles, validate_report

__all__ = [
    "PART_PATTERN",
    "SAVE_METADATA_KEY",
    "arrow_schema",
    "dataset_report_path",
    "dataset_writer",
    "footer",
    "part_files",
    "read_corpus",
    "read_load_report",
    "report_beside",
    "report_path",
    "save_corpus",
    "write_dataset",
    "write_part",
]

#: Parquet schema metadata key binding a corpus and its load report: both carry
#: ``{"id": ...}``; a single-file corpus also says whether a report was saved with it.
SAVE_METADATA_KEY = b"analysis.save"
_DEFAULT = "articles.parquet"


def footer(save_id: str, *, corpus: bool, has_report: bool | None = None) -> dict[bytes, bytes]:
    """The Parquet schema metadata of a corpus file, a part or a load report.

    Parameters
    ----------
    save_id : str
        The id shared by a corpus and its report.
    corpus : bool
        A corpus file or part (marked as a processed corpus, which :func:`load_corpus`
        reads back as is) rather than a report.
    has_report : bool, optional
        For a single-file corpus: whether a report was saved with it.

    Examples
    --------
    >>> footer("abc", corpus=False)
    {b'analysis.save': b'{"id": "abc"}'}
    """
    stamp: dict[str, Any] = {"id": save_id}
    if has_report is not None:
        stamp["report"] = bool(has_report)
    meta = {CORPUS_METADATA_KEY: b'{"format": 1}'} if corpus else {}
    meta[SAVE_METADATA_KEY] = json.dumps(stamp).encode()
    return meta


# ---------------------------------------------------------------- single file
def report_path(path: str | os.PathLike) -> Path:
    """Where the load report of the corpus file at ``path`` lives (beside it).

    The report takes the corpus's format: CSV beside a CSV export, Parquet otherwise.
    For a partitioned folder, see :func:`dataset_report_path`.

    Examples
    --------
    >>> report_path("data/processed/articles.parquet").name
    'articles.load_report.parquet'
    >>> report_path("exports/articles.csv").name
    'articles.load_report.csv'
    """
    path = Path(path)
    suffix = path.suffix.lower()
    return path.with_name(
        f"{path.stem}.load_report{suffix if suffix in ('.csv', '.tsv') else '.parquet'}"
    )


def _legacy_order(path: Any, legacy: tuple, report: Any) -> tuple[Any, Any]:
    """``save_corpus(articles, report, path)`` (before 0.2): warn, and read it that way."""
    if not legacy and not isinstance(path, pd.DataFrame):
        return path, report
    if len(legacy) > 1 or report is not None:
        raise TypeError("save_corpus(articles, path=None, *, report=None, force=False)")
    warnings.warn(
        "save_corpus(articles, report, path) is deprecated; write "
        "save_corpus(articles, path, report=report) (the order of write_dataset).",
        DeprecationWarning,
        stacklevel=3,
    )
    return (legacy[0] if legacy else None), path


def save_corpus(
    articles: pd.DataFrame,
    path: str | os.PathLike | None = None,
    *legacy: Any,
    report: pd.DataFrame | None = None,
    force: bool = False,
) -> Path:
    """Write the articles and the load report beside them, as one unit.

    Both files are written to temporary files first and renamed into place
    together. Both carry one id in their Parquet schema metadata, which
    :func:`read_load_report` checks, so a run killed between the two renames cannot
    pass an old report off as the new corpus's. Only files this package wrote are
    overwritten (see :func:`analysis._io.output_files`).

    Parameters
    ----------
    articles : pandas.DataFrame
        As returned by :func:`analysis.load_corpus` (validated before writing).
    path : str or path, optional
        A ``.parquet`` file (default ``config.PROCESSED_DIR / "articles.parquet"``),
        which :func:`analysis.load_corpus` and :func:`read_corpus` read back as is; or
        a ``.csv``/``.tsv`` file, an export for other tools (index ``doc_id``). A
        partitioned folder is written by :func:`write_dataset`.
    report : pandas.DataFrame, optional
        The load report, written to :func:`report_path` of ``path``.
    force : bool, default False
        Move aside (never delete) existing files this package did not write.

    Returns
    -------
    Path
        The articles file.

    Raises
    ------
    ValueError
        ``path`` is not a ``.parquet``, ``.csv`` or ``.tsv`` file name.
    analysis._io.OutputExistsError
        A target holds a file this package did not write (nothing is written).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from analysis.loading.schema import empty_articles
    >>> out = save_corpus(empty_articles(), pathlib.Path(tempfile.mkdtemp()) / "c.parquet")
    >>> len(read_corpus(out)), read_load_report(out)
    (0, None)
    """
    path, report = _legacy_order(path, legacy, report)
    path = Path(path) if path is not None else config.PROCESSED_DIR / _DEFAULT
    try:
        suffix = output_form(path)
    except ValueError as err:
        raise ValueError(
            f"{err} A partitioned corpus folder is written by analysis.loading.write_dataset()."
        ) from None
    articles = validate_articles(articles)
    report = validate_report(report) if report is not None else None
    save_id = uuid.uuid4().hex
    targets = [path] if report is None else [path, report_path(path)]
    with output_files(*targets, force=force) as temps:
        meta = footer(save_id, corpus=True, has_report=report is not None)
        _write_saved(articles, temps[0], suffix, index=True, metadata=meta)
        if report is not None:
            meta = footer(save_id, corpus=False)
            _write_saved(report, temps[1], suffix, index=False, metadata=meta)
    return path


def _write_saved(frame: pd.DataFrame, path: Path, suffix: str, *, index: bool, metadata) -> None:
    if suffix == ".parquet":
        write_parquet(frame, path, index=index, metadata=metadata)
    else:
        frame.to_csv(path, index=index, sep="\t" if suffix == ".tsv" else ",")


def read_corpus(path: str | os.PathLike | None = None, *, with_report: bool = False):
    """Read a corpus written by :func:`save_corpus` or :func:`write_dataset` (validated).

    Parameters
    ----------
    path : str or path, optional
        A corpus file or a partitioned folder; defaults to
        ``config.PROCESSED_DIR / "articles.parquet"``.
    with_report : bool, default False
        Deprecated: use :func:`read_load_report`. Also return the load report.

    Returns
    -------
    pandas.DataFrame
        The articles (with the deprecated ``with_report=True``: a pair).

    Raises
    ------
    FileNotFoundError
        No corpus at ``path``.
    """
    path = Path(path) if path is not None else config.PROCESSED_DIR / _DEFAULT
    if is_partitioned(path):
        parts = [pd.read_parquet(p) for p in part_files(path)]
        articles = validate_articles(pd.concat(parts) if len(parts) > 1 else parts[0])
    elif path.is_file():
        articles = validate_articles(pd.read_parquet(path))
    else:
        raise FileNotFoundError(
            f"No processed corpus at {path}; create it with 'news-analysis load' or "
            "analysis.loading.save_corpus()."
        )
    if not with_report:
        return articles
    warnings.warn(
        "read_corpus(path, with_report=True) is deprecated; call read_load_report(path).",
        DeprecationWarning,
        stacklevel=2,
    )
    return articles, read_load_report(path)


def read_load_report(path: str | os.PathLike | None = None) -> pd.DataFrame | None:
    """The load report saved with the corpus at ``path`` (None if it was saved without one).

    Parameters
    ----------
    path : str or path, optional
        A corpus file or a partitioned folder (default as :func:`read_corpus`).

    Raises
    ------
    analysis._io.MismatchedOutputError
        The report beside the corpus was not written with it (a run was interrupted
        between the two, or one of them was replaced).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from analysis.loading import load_corpus
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("Title\\n\\nThe body text of the first article.")
    >>> articles, report = load_corpus(d / "a.txt")
    >>> out = write_dataset(articles, d / "corpus", report=report)
    >>> read_load_report(out)["status"].tolist()
    ['loaded']
    """
    path = Path(path) if path is not None else config.PROCESSED_DIR / _DEFAULT
    if is_partitioned(path):
        return _dataset_report(path)
    with path.open("rb") as fh:
        stamp = read_parquet_meta(fh, SAVE_METADATA_KEY)
    return _saved_report(path, stamp)


def _saved_report(path: Path, stamp: dict | None) -> pd.DataFrame | None:
    rp = report_path(path)
    redo = f"Write both again with 'news-analysis load SOURCES --out {path}' or save_corpus()."
    if stamp is not None and not stamp.get("report"):
        return None
    if not rp.is_file():
        if stamp is None:
            return None
        raise MismatchedOutputError(
            f"{path} was saved with a load report, but {rp} is missing. {redo}"
        )
    return _stamped_report(rp, (stamp or {}).get("id"), f"{path}", redo)


def _stamped_report(rp: Path, save_id: str | None, corpus: str, redo: str) -> pd.DataFrame:
    with rp.open("rb") as fh:
        report_stamp = read_parquet_meta(fh, SAVE_METADATA_KEY)
        report = pd.read_parquet(fh)
    if save_id != (report_stamp or {}).get("id"):
        raise MismatchedOutputError(
            f"{rp} does not belong to {corpus}: they were written by different runs (one was "
            f"interrupted between the two, or replaced one of them). {redo}"
        )
    return report


# ---------------------------------------------------------------- partitioned folder
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

    ``schema`` makes every part share one schema; ``save_id`` is the folder's id.
    """
    meta = footer(save_id or "", corpus=True)
    with atomic_path(path) as tmp:
        write_parquet(frame, tmp, index=True, metadata=meta, schema=schema)
    return file_entry(path)


@contextlib.contextmanager
def dataset_writer(
    path, *, force: bool = False, save_id: str | None = None, entries: dict | None = None
) -> Iterator[Path]:
    """Yield a temporary folder to write parts into; swap it in on success.

    The folder is beside ``path`` (so the final rename stays on one file system, and
    workers on one machine or a shared file system can write into it). On error it is
    removed and an existing corpus at ``path`` is left untouched. ``path`` is replaced
    only when it is empty or a corpus this package wrote; ``force=True`` moves anything
    else aside (see :func:`analysis._io.output_dir`). ``entries`` collects the parts'
    manifest entries (what :func:`write_part` returns).

    Raises
    ------
    analysis._io.OutputExistsError
        ``path`` holds files this package did not write (checked before and after).
    """
    with output_dir(path, force=force, kind="dataset", save_id=save_id, entries=entries) as tmp:
        yield tmp


def dataset_report_path(path) -> Path:
    """Where the load report of the partitioned folder at ``path`` lives (beside it).

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
    report: pd.DataFrame | None = None,
    rows_per_partition: int = 5000,
    force: bool = False,
) -> Path:
    """Write an articles frame as a partitioned corpus folder (atomically).

    Parameters
    ----------
    articles : pandas.DataFrame
        As returned by :func:`analysis.load_corpus` (validated before writing).
    path : str or path
        The folder: created, or replaced when it is empty or a corpus this package wrote.
    report : pandas.DataFrame, optional
        The load report, written beside the folder (:func:`dataset_report_path`) with
        the folder's id (:func:`read_load_report` checks it).
    rows_per_partition : int, default 5000
        Articles per part file. A part of news text is about 3 MB per 1,000 articles.
    force : bool, default False
        Move aside (never delete) a folder or report file this package did not write.

    Returns
    -------
    Path
        The folder. :func:`read_corpus` gives the rows back in the same order.

    Raises
    ------
    analysis._io.OutputExistsError
        ``path`` or the report's file holds something this package did not write.
    """
    if isinstance(rows_per_partition, bool) or not isinstance(rows_per_partition, int):
        raise ValueError(f"rows_per_partition={rows_per_partition!r} must be a positive integer.")
    if rows_per_partition < 1:
        raise ValueError(f"rows_per_partition={rows_per_partition!r} must be a positive integer.")
    articles = validate_articles(articles)
    report = validate_report(report) if report is not None else None
    schema = arrow_schema(articles)
    save_id = uuid.uuid4().hex
    entries: dict[str, dict] = {}
    with (
        report_beside(path, report, save_id, force=force),
        dataset_writer(path, force=force, save_id=save_id, entries=entries) as tmp,
    ):
        starts = range(0, max(len(articles), 1), rows_per_partition)
        for number, start in enumerate(starts):
            part = articles.iloc[start : start + rows_per_partition]
            name = PART_PATTERN.format(number)
            entries[name] = write_part(part, tmp / name, schema=schema, save_id=save_id)
    return Path(path)


@contextlib.contextmanager
def report_beside(path, report: pd.DataFrame | None, save_id: str, *, force: bool):
    """Write ``report`` beside the folder at ``path`` once the block (the folder) is done.

    The report goes to a temporary file before the folder is swapped in and is renamed
    right after, so the two change together; both carry ``save_id``.
    """
    if report is None:
        yield
        return
    with output_files(dataset_report_path(path), force=force) as (tmp,):
        write_parquet(report, tmp, index=False, metadata=footer(save_id, corpus=False))
        yield


def _dataset_report(path: Path) -> pd.DataFrame | None:
    rp = dataset_report_path(path)
    if not rp.is_file():
        return None
    with part_files(path)[0].open("rb") as fh:
        stamp = read_parquet_meta(fh, SAVE_METADATA_KEY) or {}
    redo = f"Write both again with 'news-analysis load SOURCES --out {path}/'."
    return _stamped_report(rp, stamp.get("id"), f"the dataset {path}", redo)
