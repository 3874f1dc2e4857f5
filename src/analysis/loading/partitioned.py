"""Loading partition by partition: the same articles and report, in memory or out of core.

Two entry points, both driven from this process (the *driver*):

* :func:`load_partitioned` (what :func:`analysis.load_corpus` runs) returns the articles
  frame and the load report;
* :func:`load_to_dataset` writes the articles as a partitioned corpus folder
  (:mod:`.storage`) and returns the report; with a cluster the texts never come back to
  the driver, so the corpus may be larger than its memory.

How: the driver expands the sources into the ordered list of input files (members of
``.zip`` archives included) and cuts it into partitions by count and bytes
(:func:`plan_partitions`). The executor (:func:`analysis.parallel.get_executor`) runs the
per-partition step, :func:`~.records.load_inputs` (reading, cleaning and report rows,
de-duplication deferred), on each; the combine step, :func:`~.decisions.decide`, matches
duplicates over all signatures in input order. Every duplicate, doc_id and report row is
therefore the same however the input is cut and wherever it runs. With ``strict=True``
the first problem in input order raises the same :class:`~.options.LoadError`.

Workers must see the input files (and, for :func:`load_to_dataset`, the output folder)
at the same paths as the driver: one machine, or a shared file system.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._io import atomic_path, check_output, clean_stale_temps, temp_dir_beside
from ..parallel import PART_PATTERN, get_executor
from .decisions import (
    LoadDecision,
    apply_decision,
    decide,
    finish_load,
    gather_extra_types,
    raise_first_problem,
)
from .options import LoadOptions, load_options
from .records import LoadedPart, load_inputs
from .schema import empty_articles, validate_articles
from .sources import InputFile, SourceProblem, expand_sources
from .storage import arrow_schema, dataset_report_path, dataset_writer, report_beside, write_part

__all__ = ["load_partitioned", "load_to_dataset", "plan_partitions"]

#: Default partition size: at most this many input files ...
FILES_PER_PARTITION = 500
#: ... and about this many bytes of input (a larger single file is its own partition).
BYTES_PER_PARTITION = 64 * 2**20
#: Files in the one partition of a load run here (no executor to share the work with).
ONE_PARTITION = 2**62


def plan_partitions(
    items: Iterable[InputFile | SourceProblem],
    *,
    files_per_partition: int = FILES_PER_PARTITION,
    bytes_per_partition: int = BYTES_PER_PARTITION,
) -> list[list[InputFile | SourceProblem]]:
    """Cut the ordered input files into consecutive partitions.

    A partition closes when it holds ``files_per_partition`` items or when the next
    file would take it past ``bytes_per_partition`` (a single larger file makes a
    partition of its own). Sources that could not be expanded stay in place, so the
    report keeps its order.

    Examples
    --------
    >>> from analysis.loading.sources import InputFile
    >>> files = [InputFile(f"{i}.txt", ".txt", "x", bytes, size=40) for i in range(5)]
    >>> [len(p) for p in plan_partitions(files, files_per_partition=2)]
    [2, 2, 1]
    >>> [len(p) for p in plan_partitions(files, bytes_per_partition=100)]
    [2, 2, 1]
    """
    _positive("files_per_partition", files_per_partition)
    _positive("bytes_per_partition", bytes_per_partition)
    partitions: list[list[InputFile | SourceProblem]] = []
    current: list[InputFile | SourceProblem] = []
    size = 0
    for item in items:
        nbytes = (item.size or 0) if isinstance(item, InputFile) else 0
        if current and (len(current) >= files_per_partition or size + nbytes > bytes_per_partition):
            partitions.append(current)
            current, size = [], 0
        current.append(item)
        size += nbytes
    if current:
        partitions.append(current)
    return partitions


def _positive(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name}={value!r} must be a positive integer.")


def _plan(sources, files_per_partition, bytes_per_partition):
    if not sources:
        raise ValueError(
            "No sources given. Pass files, folders, globs or .zip archives, e.g. "
            "load_corpus(analysis.config.DEMO_CSV, client=client)."
        )
    return plan_partitions(
        expand_sources(*sources),
        files_per_partition=files_per_partition,
        bytes_per_partition=bytes_per_partition,
    )


def load_partitioned(
    sources: Sequence[str | os.PathLike],
    options: LoadOptions | None = None,
    *,
    client=None,
    n_jobs: int | None = None,
    files_per_partition: int | None = None,
    bytes_per_partition: int = BYTES_PER_PARTITION,
    progress: bool | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load ``sources`` one partition of input files at a time; combine in input order.

    Parameters
    ----------
    sources : sequence of str or path-like
        As for :func:`analysis.load_corpus`.
    options : LoadOptions, optional
        From :func:`~.options.load_options` (defaults if omitted).
    client, n_jobs
        Where the partitions run (:func:`analysis.parallel.get_executor`): a Dask
        cluster, local processes, or (the default) here, one after the other.
    files_per_partition, bytes_per_partition : int
        Partition size (:func:`plan_partitions`). By default everything is one
        partition when the partitions run here, and at most 500 files per partition
        otherwise. They change the work per task, never the result.
    progress : bool, optional
        Progress bar over the partitions.

    Returns
    -------
    articles, report : pandas.DataFrame
        Identical to ``load_corpus(*sources, ...)``.

    Raises
    ------
    LoadError
        With ``strict=True``: the first problem in input order.
    analysis.parallel.PartitionError
        A partition failed (nothing partial is returned).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for i, body in enumerate(["The first body text.", "The second body text.",
    ...                           "The first body text."]):
    ...     _ = (d / f"{i}.txt").write_text(f"Title {i}\\n\\n{body}")
    >>> articles, report = load_partitioned([d], files_per_partition=1, progress=False)
    >>> report["status"].tolist()
    ['loaded', 'loaded', 'duplicate']
    """
    options = options if options is not None else load_options()
    executor = get_executor(client, n_jobs)
    if files_per_partition is None:
        files_per_partition = FILES_PER_PARTITION if executor.n_workers > 1 else ONE_PARTITION
    partitions = _plan(sources, files_per_partition, bytes_per_partition)
    if len(partitions) == 1 and executor.n_workers == 1 and not executor.holds_remote:
        with _record_bar(progress) as bar:  # one partition here: a bar over the records
            parts = executor.map(load_inputs, partitions, options, bar=bar, progress=False)
    else:
        parts = executor.map(load_inputs, partitions, options, desc="loading", progress=progress)
    return finish_load(parts, options)


@contextlib.contextmanager
def _record_bar(progress: bool | None):
    if not progress:
        yield None
        return
    from tqdm.auto import tqdm

    with tqdm(desc="loading", unit=" records", leave=False) as bar:
        yield bar


# ------------------------------------------------------------------ out of core
def _stage(
    numbered: tuple[int, list[InputFile | SourceProblem]], options: LoadOptions, staging: str
) -> LoadedPart:
    """Worker: load a partition, keep its articles in a staging file, return the rest."""
    number, items = numbered
    part = load_inputs(items, options)
    if part.articles is not None and len(part.articles):
        with atomic_path(Path(staging) / f"stage-{number:05d}.pkl") as tmp:
            part.articles.to_pickle(tmp)
    part.articles = None
    return part


def _write_output(
    task: tuple[int, list[tuple[int, int, int, int]]],
    decision: LoadDecision,
    staging: str,
    folder: str,
    schema,
    save_id: str,
) -> tuple[int, dict]:
    """Worker: assemble output part ``number`` from slices of staged parts; write it.

    Returns the number of rows and the part's manifest entry."""
    number, pieces = task
    frames = []
    for stage, start, lo, hi in pieces:
        staged = pd.read_pickle(Path(staging) / f"stage-{stage:05d}.pkl")
        frames.append(apply_decision(staged, decision, start=start).iloc[lo:hi])
    if frames:
        frame = pd.concat(frames) if len(frames) > 1 else frames[0]
    else:
        frame = apply_decision(empty_articles(), _no_rows(decision))
    frame = validate_articles(frame)
    entry = write_part(
        frame, Path(folder) / PART_PATTERN.format(number), schema=schema, save_id=save_id
    )
    return len(frame), entry


def _no_rows(decision: LoadDecision) -> LoadDecision:
    return LoadDecision(decision.report, np.zeros(0, bool), None, decision.dtypes)


def _output_tasks(parts: list[LoadedPart], keep: np.ndarray, rows_per_partition: int):
    """Output part number -> (staged part, its first article, kept-row slice) pieces."""
    tasks: list[tuple[int, list[tuple[int, int, int, int]]]] = []
    pieces: list[tuple[int, int, int, int]] = []
    room = rows_per_partition
    start = 0
    for number, p in enumerate(parts):
        n_kept = int(keep[start : start + p.n_articles].sum())
        lo = 0
        while lo < n_kept:
            take = min(room, n_kept - lo)
            pieces.append((number, start, lo, lo + take))
            lo += take
            room -= take
            if room == 0:
                tasks.append((len(tasks), pieces))
                pieces, room = [], rows_per_partition
        start += p.n_articles
    if pieces or not tasks:
        tasks.append((len(tasks), pieces))
    return tasks


def _schema(parts: list[LoadedPart], decision: LoadDecision):
    """The Arrow schema of every output part, from the decided dtypes.

    Object columns (mixed Python values) are typed by Arrow from one value of each
    Python type met anywhere in the column, as it would type the whole column.
    """
    import pyarrow as pa

    reps = gather_extra_types(parts)
    schema = arrow_schema(apply_decision(empty_articles(), _no_rows(decision)))
    for c, dtype in decision.dtypes.items():
        values = [v for v in reps.get(c, []) if v is not None]
        if pd.api.types.is_object_dtype(dtype) and values:
            kind = pa.array(values, from_pandas=True).type
            schema = schema.set(schema.get_field_index(c), pa.field(c, kind))
    return schema


def load_to_dataset(
    *sources: str | os.PathLike,
    out: str | os.PathLike,
    client=None,
    n_jobs: int | None = None,
    rows_per_partition: int = 5000,
    files_per_partition: int = FILES_PER_PARTITION,
    bytes_per_partition: int = BYTES_PER_PARTITION,
    progress: bool | None = None,
    force: bool = False,
    **options: Any,
) -> pd.DataFrame:
    """Load raw files into a partitioned corpus folder, out of core; return the report.

    Workers load the partitions of input files and keep the articles in staging
    files; the driver matches duplicates from the signatures only (it never holds
    the texts); workers then write the kept articles as ``part-NNNNN.parquet`` files
    of ``rows_per_partition`` rows into a temporary folder that replaces ``out`` at the
    end (atomically), when ``out`` is empty or a corpus this package wrote. The load
    report is written beside (``<out>.load_report.parquet``) with the folder's id
    (:func:`~.storage.read_load_report` checks it).

    Parameters
    ----------
    *sources : str or path-like
        As for :func:`analysis.load_corpus`.
    out : str or path
        The folder: created, or replaced when it is empty or a corpus this package
        wrote (checked before any work).
    client, n_jobs
        Where the partitions run (:func:`analysis.parallel.get_executor`).
    rows_per_partition : int, default 5000
        Articles per output part.
    files_per_partition, bytes_per_partition : int
        Input partition size (:func:`plan_partitions`).
    progress : bool, optional
        Progress bars.
    force : bool, default False
        Move aside (never delete) a folder or report file this package did not write.
    **options
        The options of :func:`analysis.load_corpus` (``strict``, ``dedupe``,
        ``near_threshold`` ...).

    Returns
    -------
    pandas.DataFrame
        The load report, identical to that of ``load_corpus(*sources, **options)``;
        ``read_corpus(out)`` equals its articles frame.

    Raises
    ------
    LoadError
        With ``strict=True``: the first problem in input order (nothing is written).
    analysis.parallel.PartitionError
        A task failed (nothing is written).
    analysis._io.OutputExistsError
        ``out`` or the report's file holds something this package did not write.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from analysis.loading import read_corpus
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for i in range(3):
    ...     _ = (d / f"{i}.txt").write_text(f"Title {i}\\n\\nBody number {i} of the corpus.")
    >>> report = load_to_dataset(d, out=d / "corpus", rows_per_partition=2, progress=False)
    >>> len(read_corpus(d / "corpus")), report.attrs["n_loaded"]
    (3, 3)
    """
    _positive("rows_per_partition", rows_per_partition)
    out = Path(out)
    check_output(out, folder=True, force=force)
    check_output(dataset_report_path(out), force=force)
    clean_stale_temps(out.parent)
    opts = load_options(**options)
    executor = get_executor(client, n_jobs)
    partitions = _plan(sources, files_per_partition, bytes_per_partition)
    with temp_dir_beside(out, tag="stage") as staging:
        parts = executor.map(
            _stage, list(enumerate(partitions)), opts, str(staging), desc="loading",
            progress=progress,
        )  # fmt: skip
        raise_first_problem(parts)
        decision = decide(parts, opts)
        report = decision.report
        light = LoadDecision(pd.DataFrame(), decision.keep, decision.doc_ids, decision.dtypes)
        schema = _schema(parts, light)
        tasks = _output_tasks(parts, decision.keep, rows_per_partition)
        del parts
        save_id = uuid.uuid4().hex
        entries: dict[str, dict] = {}
        with (
            report_beside(out, report, save_id, force=force),
            dataset_writer(out, force=force, save_id=save_id, entries=entries) as folder,
        ):
            written = executor.map(
                _write_output, tasks, light, str(staging), str(folder), schema, save_id,
                desc="writing", progress=progress,
            )  # fmt: skip
            for (number, _), (_, entry) in zip(tasks, written, strict=True):
                entries[PART_PATTERN.format(number)] = entry
    return report
