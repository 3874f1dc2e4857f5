"""How a function runs over partitions: here, in local processes, or on a Dask cluster.

An :class:`Executor` knows **how** to run a function over partitions and never **what**
the function is. Every analysis runs its per-partition step through one:

* :meth:`Executor.map` runs ``func(partition, *args, **kwargs)`` for every partition and
  returns the results **in partition order**, all or nothing: a partition that fails
  raises one :class:`PartitionError` naming it (the error is chained), and no partial
  list is ever returned.
* :meth:`Executor.persist` runs the same, but keeps the results where they were computed
  (the workers' memory on a cluster; this process otherwise) and returns handles that a
  later :meth:`~Executor.map` takes as partitions and :meth:`~Executor.gather` brings back.
  Two-pass algorithms (the document-term matrix's vocabulary, then its blocks) use it so
  no text is tokenised twice.

Three implementations: :class:`SerialExecutor` (one partition after the other, in this
process; the default), :class:`ProcessExecutor` (``n_jobs`` local worker processes) and
:class:`DaskExecutor` (a ``distributed.Client``; a dead worker's tasks are re-run by the
scheduler). The per-partition functions must be module-level (picklable) for the last two.
"""

from __future__ import annotations

import abc
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "DaskExecutor",
    "Executor",
    "PartitionError",
    "ProcessExecutor",
    "SerialExecutor",
    "describe_partition",
    "partition_error",
]


class PartitionError(RuntimeError):
    """A partition failed (or the cluster cannot be reached); nothing partial is returned.

    The message names the partition (its file, or its row range) and the error, which is
    chained as ``__cause__``. The error raised is also an instance of the cause's type
    where it can be (a ``ValueError`` in a partition raises a ``PartitionError`` that is
    a ``ValueError``), so callers catch the same errors whatever the executor.

    Examples
    --------
    >>> err = partition_error("partition 0 (x) failed: bad", ValueError("bad"))
    >>> isinstance(err, PartitionError), isinstance(err, ValueError), err.__cause__
    (True, True, ValueError('bad'))
    """


def partition_error(message: str, cause: BaseException | None) -> PartitionError:
    """A :class:`PartitionError` with ``message``, of the cause's type too, chained to it."""
    err: PartitionError | None = None
    if isinstance(cause, Exception) and not isinstance(cause, PartitionError):
        try:
            kind = type(f"Partition{type(cause).__name__}", (PartitionError, type(cause)), {})
            err = kind(message)
        except Exception:  # a type that cannot be combined or built from a message
            err = None
    if err is None:
        err = PartitionError(message)
    err.__cause__ = cause
    return err


def describe_partition(partition: Any, number: int) -> str:
    """A short human name for a partition, used in progress and error messages.

    Examples
    --------
    >>> describe_partition("data/processed/corpus/part-00003.parquet", 3)
    'partition 3 (data/processed/corpus/part-00003.parquet)'
    >>> describe_partition([1, 2, 3], 0)
    'partition 0 (3 items)'
    """
    if isinstance(partition, (str, Path)):
        what = str(partition)
    elif hasattr(partition, "index") and hasattr(partition, "columns"):
        idx = partition.index
        what = f"{len(partition)} rows" + (f", {idx[0]} .. {idx[-1]}" if len(idx) else "")
    elif isinstance(partition, Sequence):
        what = f"{len(partition)} items"
    else:
        what = type(partition).__name__
    return f"partition {number} ({what})"


class _NoBar(contextlib.AbstractContextManager):
    """The stand-in for a bar nobody sees."""

    def __exit__(self, *exc) -> None:
        return None

    def update(self, n: int = 1) -> None:
        """Nothing to show."""


def _bar(total: int, desc: str, progress: bool | None):
    """A progress bar over partitions: with ``progress=None`` only when standard error is a
    terminal, and never for one partition (tqdm is not even imported then)."""
    show = progress if progress is not None else sys.stderr.isatty()
    if not show or total <= 1:
        return _NoBar()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=" partitions", leave=False)


def _materialise(partition: Any) -> Any:
    """A lazy partition (a ``dask.delayed`` piece of a dask DataFrame) computed here."""
    if hasattr(partition, "dask") and hasattr(partition, "compute"):
        return partition.compute(scheduler="sync")
    return partition


def _call(func: Callable, part: Any, number: int, args: tuple, kwargs: dict) -> Any:
    try:
        return func(part, *args, **kwargs)
    except Exception as err:
        raise partition_error(f"{describe_partition(part, number)} failed: {err}", err) from err


class Executor(abc.ABC):
    """Runs a function over partitions; see the module docstring.

    Attributes
    ----------
    n_workers : int
        How many partitions it runs at once: a hint for how finely to cut the input.
    """

    n_workers: int = 1

    @abc.abstractmethod
    def map(
        self,
        func: Callable[..., Any],
        partitions: Sequence[Any],
        *args: Any,
        desc: str = "partitions",
        progress: bool | None = None,
        **kwargs: Any,
    ) -> list[Any]:
        """``[func(p, *args, **kwargs) for p in partitions]``, in order, all or nothing.

        Raises
        ------
        PartitionError
            A partition failed; it is named, and the exception is chained.
        """

    def persist(
        self,
        func: Callable[..., Any],
        partitions: Sequence[Any],
        *args: Any,
        desc: str = "partitions",
        progress: bool | None = None,
        **kwargs: Any,
    ) -> list[Any]:
        """Like :meth:`map`, but the results stay where they were computed (handles)."""
        return self.map(func, partitions, *args, desc=desc, progress=progress, **kwargs)

    def gather(self, handles: Sequence[Any]) -> list[Any]:
        """The values behind handles from :meth:`persist` (values are returned as they are)."""
        return list(handles)

    def apply(
        self,
        func: Callable[..., Any],
        handles: Sequence[Any],
        *args: Any,
        keep: bool = False,
        desc: str = "partitions",
        progress: bool | None = None,
    ) -> list[Any]:
        """``func(result, *args)`` for each result of :meth:`persist`, where it lives.

        Results held in this process are processed here (nothing is sent to a worker
        process); on a cluster, on the worker that holds each. With ``keep=True`` the
        new results stay there too (handles, as :meth:`persist` returns).
        """
        return SerialExecutor().map(func, handles, *args, desc=desc, progress=progress)

    @property
    def holds_remote(self) -> bool:
        """True when :meth:`persist` keeps results outside this process."""
        return False

    def __repr__(self) -> str:
        return f"{type(self).__name__}(n_workers={self.n_workers})"


class SerialExecutor(Executor):
    """One partition after the other, in this process.

    Examples
    --------
    >>> SerialExecutor().map(sum, [[1, 2], [3]], progress=False)
    [3, 3]
    """

    def map(self, func, partitions, *args, desc="partitions", progress=None, **kwargs):
        parts = list(partitions)
        out = []
        with _bar(len(parts), desc, progress) as bar:
            for i, part in enumerate(parts):
                out.append(_call(func, _materialise(part), i, args, kwargs))
                bar.update(1)
        return out


def _check_jobs(n_jobs: Any) -> int:
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs must be a positive integer or -1 (all cores), got {n_jobs!r}.")
    return (os.cpu_count() or 1) if n_jobs == -1 else int(n_jobs)


class ProcessExecutor(Executor):
    """``n_jobs`` local worker processes (``concurrent.futures``); results in order.

    Parameters
    ----------
    n_jobs : int
        Worker processes; ``-1`` uses every core. ``1`` runs here, as
        :class:`SerialExecutor` does.

    Examples
    --------
    >>> ProcessExecutor(n_jobs=1).map(len, ["ab", "c"], progress=False)
    [2, 1]
    """

    def __init__(self, n_jobs: int = -1) -> None:
        self.n_workers = _check_jobs(n_jobs)

    def map(self, func, partitions, *args, desc="partitions", progress=None, **kwargs):
        parts = [_materialise(p) for p in partitions]
        if self.n_workers == 1 or len(parts) < 2:
            return SerialExecutor().map(func, parts, *args, desc=desc, progress=progress, **kwargs)
        from concurrent.futures import ProcessPoolExecutor

        workers = min(self.n_workers, len(parts))
        with (
            ProcessPoolExecutor(max_workers=workers) as pool,
            _bar(len(parts), desc, progress) as bar,
        ):
            futures = [pool.submit(func, p, *args, **kwargs) for p in parts]
            out = []
            for i, fut in enumerate(futures):
                try:
                    out.append(fut.result())
                except Exception as err:
                    for other in futures:
                        other.cancel()
                    where = describe_partition(parts[i], i)
                    raise partition_error(f"{where} failed: {err}", err) from err
                bar.update(1)
        return out


class DaskExecutor(Executor):
    """A Dask cluster through a ``distributed.Client``.

    Arguments are sent to the workers once (scattered), not once per task. Tasks lost
    with a dead worker are re-run elsewhere by the scheduler; a task that fails cancels
    the others and raises :class:`PartitionError` naming its partition.

    Parameters
    ----------
    client : distributed.Client
    """

    def __init__(self, client: Any) -> None:
        if not hasattr(client, "map") or not hasattr(client, "gather"):
            raise TypeError(
                f"client must be a distributed.Client, a scheduler address such as "
                f"'tcp://127.0.0.1:8786', or None; got {type(client).__name__}."
            )
        self.client = client

    @property
    def n_workers(self) -> int:  # type: ignore[override]
        return max(1, len(self.client.scheduler_info(n_workers=-1)["workers"]))

    @property
    def holds_remote(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"DaskExecutor({self.client.scheduler.address})"

    def map(self, func, partitions, *args, desc="partitions", progress=None, **kwargs):
        futures = self.persist(func, partitions, *args, desc=desc, progress=progress, **kwargs)
        try:
            return self.client.gather(futures)
        finally:
            self.client.cancel(futures)

    def gather(self, handles):
        return self.client.gather(list(handles))

    def apply(self, func, handles, *args, keep=False, desc="partitions", progress=None):
        if keep:
            return self.persist(func, handles, *args, desc=desc, progress=progress)
        return self.map(func, handles, *args, desc=desc, progress=progress)

    def _scatter(self, value):
        # Wrapped in a list: scatter() would split a dict or list into one future per item.
        return self.client.scatter([value], broadcast=True, hash=False)[0]

    def persist(self, func, partitions, *args, desc="partitions", progress=None, **kwargs):
        from distributed import as_completed

        client = self.client
        n = len(parts := list(partitions))
        if n == 0:
            return []
        # Delayed partitions (e.g. from a dask DataFrame) become futures first.
        parts = [
            client.compute(p) if hasattr(p, "dask") and hasattr(p, "compute") else p for p in parts
        ]
        big_args = [self._scatter(a) for a in args]
        big_kwargs = {k: self._scatter(v) for k, v in kwargs.items()}
        # pure=False: identical partitions (a replicated corpus) are still separate tasks.
        futures = client.map(func, parts, *[[a] * n for a in big_args], pure=False, **big_kwargs)
        number = {f.key: i for i, f in enumerate(futures)}
        try:
            with _bar(n, desc, progress) as bar:
                for fut in as_completed(futures, loop=client.loop, raise_errors=False):
                    if fut.status != "finished":
                        raise _task_error(fut, parts[number[fut.key]], number[fut.key])
                    bar.update(1)
        except BaseException:
            client.cancel(futures)
            raise
        return futures


def _task_error(fut, partition, i: int) -> PartitionError:
    where = describe_partition(partition, i)
    if fut.status != "error":
        return PartitionError(
            f"{where} was {fut.status} on the cluster (the scheduler restarted or lost every "
            "worker); nothing is returned. Check the workers and run again."
        )
    err = fut.exception()
    return partition_error(f"{where} failed on the cluster: {type(err).__name__}: {err}", err)
