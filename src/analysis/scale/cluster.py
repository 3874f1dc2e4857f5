"""Connect to a Dask cluster and run one task per partition, in order, all or nothing.

Every scale-out function in :mod:`analysis.scale` goes through two helpers:

* :func:`connect` opens the cluster the user asked for (an existing scheduler, or a
  local cluster of worker processes started for the run) and prints the dashboard
  link; with neither, it yields ``None`` and nothing changes.
* :func:`gather_partitions` runs ``func(partition)`` for every partition on the
  cluster and returns the results **in partition order**. Tasks lost with a dead
  worker are re-run elsewhere by the Dask scheduler; a task that fails raises
  :class:`ScaleError` naming its partition, so a partial result is never returned
  as if it were complete.

Without a client the same per-partition code runs in this process, one partition
after the other, so the in-memory and the cluster paths share every line that
touches the data.
"""

from __future__ import annotations

import contextlib
import numbers
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "ScaleError",
    "connect",
    "describe_partition",
    "gather_partitions",
    "get_client",
    "persist_partitions",
    "start",
]


class ScaleError(RuntimeError):
    """A partition failed on the cluster, or the cluster cannot be reached.

    The message names the partition (its file, or its row range) and the error.
    """


def _echo(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _check_workers(workers) -> int:
    if isinstance(workers, bool) or not isinstance(workers, numbers.Integral) or workers < 1:
        raise ValueError(
            f"workers={workers!r} must be a positive whole number of worker processes, e.g. 2."
        )
    return int(workers)


def start(
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    memory_limit: str | int = "2GB",
    threads_per_worker: int = 1,
    progress: bool = True,
):
    """Return a ``distributed.Client`` for the cluster the user asked for, or None.

    The form for notebooks (a parameter cell sets ``scheduler`` or ``workers``);
    scripts should prefer the context manager :func:`connect`. A local cluster
    belongs to the client: ``client.close()`` stops its workers.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler, e.g. ``"tcp://127.0.0.1:8786"`` (start one
        with ``dask scheduler`` and workers with ``dask worker ADDRESS``).
    workers : int, optional
        Start a local cluster of this many worker processes. Mutually exclusive
        with ``scheduler``.
    memory_limit : str or int, default "2GB"
        Per-worker memory limit of a local cluster (Dask spills, pauses and
        restarts workers against it).
    threads_per_worker : int, default 1
        Threads per local worker. The analyses are pure-Python heavy, so processes
        scale and threads do not.
    progress : bool, default True
        Print the number of workers and the dashboard link to standard error.

    Returns
    -------
    distributed.Client or None
        None when neither ``scheduler`` nor ``workers`` is given: every function
        then runs in memory, as without Dask.

    Raises
    ------
    ValueError
        Both options given, or a bad ``workers``.
    ScaleError
        The scheduler cannot be reached.

    Examples
    --------
    >>> print(start())
    None
    """
    if scheduler is not None and workers is not None:
        raise ValueError(
            "Pass either scheduler= (an existing cluster) or workers= (a local cluster "
            "started for this run), not both."
        )
    if scheduler is None and workers is None:
        return None
    if scheduler is not None:
        client = _client_for_address(scheduler)
    else:
        from distributed import Client

        client = Client(
            n_workers=_check_workers(workers),
            threads_per_worker=threads_per_worker,
            processes=True,
            memory_limit=memory_limit,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            set_as_default=False,
        )
    if progress:
        n = len(client.scheduler_info(n_workers=-1)["workers"])
        _echo(f"Dask: {n} workers at {client.scheduler.address}; dashboard {_dashboard(client)}")
    return client


@contextlib.contextmanager
def connect(**options) -> Iterator[Any]:
    """Context-manager form of :func:`start`: the client (and a local cluster) closes on exit.

    Takes the keyword options of :func:`start`.

    Examples
    --------
    >>> with connect() as client:
    ...     print(client)
    None
    """
    client = start(**options)
    try:
        yield client
    finally:
        if client is not None:
            client.close()


def _dashboard(client) -> str:
    try:
        return client.dashboard_link
    except Exception:  # pragma: no cover - no dashboard (bokeh missing, --no-dashboard)
        return "not available"


def _client_for_address(address: str):
    from distributed import Client

    try:
        return Client(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as err:
        raise ScaleError(
            f"Cannot reach the Dask scheduler at {address} ({err}). Start one with "
            "'dask scheduler' and 'dask worker ADDRESS', check the address, or use "
            "--workers N for a local cluster."
        ) from None


def get_client(client):
    """Normalise a ``client=`` argument: a Client, a scheduler address, or None.

    Parameters
    ----------
    client : distributed.Client, str or None
        A string is a scheduler address; a new client is connected to it (closed
        when it is garbage-collected).

    Returns
    -------
    distributed.Client or None

    Examples
    --------
    >>> get_client(None) is None
    True
    """
    if client is None:
        return None
    if isinstance(client, (str, Path)):
        return _client_for_address(str(client))
    if not hasattr(client, "map") or not hasattr(client, "gather"):
        raise TypeError(
            f"client must be a distributed.Client, a scheduler address such as "
            f"'tcp://127.0.0.1:8786', or None; got {type(client).__name__}."
        )
    return client


def describe_partition(partition, number: int) -> str:
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


def _bar(total: int, desc: str, progress: bool | None):
    from tqdm.auto import tqdm

    # progress=None: a bar only when standard error is a terminal (tqdm's disable=None).
    disable = None if progress is None else not progress
    return tqdm(total=total, desc=desc, unit=" partitions", leave=False, disable=disable)


def gather_partitions(
    client,
    func: Callable[..., Any],
    partitions: Sequence[Any],
    *args: Any,
    desc: str = "partitions",
    progress: bool | None = None,
    **kwargs: Any,
) -> list[Any]:
    """Run ``func(partition, *args, **kwargs)`` for every partition; results in order.

    Parameters
    ----------
    client : distributed.Client, str or None
        Where to run. ``None`` runs here, one partition after the other.
    func : callable
        A module-level (picklable) function; its first argument is one partition.
    partitions : sequence
        Picklable items: frames, file paths, lists of paths, or
        ``dask.delayed`` objects (computed on the cluster first).
    *args, **kwargs
        Passed to every call. On a cluster they are sent to the workers once
        (scattered), not once per task.
    desc : str
        Label of the progress bar (shown when standard error is a terminal).
    progress : bool, optional
        Force the progress bar on or off.

    Returns
    -------
    list
        ``func``'s results, in the order of ``partitions``.

    Raises
    ------
    ScaleError
        A partition's task failed (the exception is chained). Every other task is
        cancelled: no partial list is returned.

    Examples
    --------
    >>> gather_partitions(None, sum, [[1, 2], [3]], progress=False)
    [3, 3]
    """
    client = get_client(client)
    parts = list(partitions)
    if client is None:
        return _gather_here(func, parts, args, kwargs, desc, progress)
    return _gather_cluster(client, func, parts, args, kwargs, desc, progress)


def _gather_here(func, parts, args, kwargs, desc, progress) -> list[Any]:
    out = []
    with _bar(len(parts), desc, progress) as bar:
        for i, part in enumerate(parts):
            if hasattr(part, "dask") and hasattr(part, "compute"):
                part = part.compute(scheduler="sync")
            try:
                out.append(func(part, *args, **kwargs))
            except Exception as err:
                raise ScaleError(f"{describe_partition(part, i)} failed: {err}") from err
            bar.update(1)
    return out


def _scatter(client, value):
    """Send one value to every worker once. Wrapped in a list: scatter() would split a
    dict or list into one future per item."""
    return client.scatter([value], broadcast=True, hash=False)[0]


def _gather_cluster(client, func, parts, args, kwargs, desc, progress) -> list[Any]:
    futures = persist_partitions(client, func, parts, *args, desc=desc, progress=progress, **kwargs)
    try:
        return client.gather(futures)
    finally:
        client.cancel(futures)


def persist_partitions(
    client,
    func: Callable[..., Any],
    partitions: Sequence[Any],
    *args: Any,
    desc: str = "partitions",
    progress: bool | None = None,
    **kwargs: Any,
) -> list[Any]:
    """Like :func:`gather_partitions`, but the results stay in the workers' memory.

    Waits until every task has finished and returns their futures in partition
    order (pass them as ``partitions`` to a later call: each task then runs where
    its input is). A failed task cancels them all and raises :class:`ScaleError`
    naming its partition. The results live as long as the futures and the client.
    """
    from distributed import as_completed

    client = get_client(client)
    if client is None:
        raise ValueError("persist_partitions needs a client; use gather_partitions without one.")
    n = len(parts := list(partitions))
    if n == 0:
        return []
    # Delayed partitions (e.g. from a dask DataFrame) become futures first.
    parts = [
        client.compute(p) if hasattr(p, "dask") and hasattr(p, "compute") else p for p in parts
    ]
    big_args = [_scatter(client, a) for a in args]
    big_kwargs = {k: _scatter(client, v) for k, v in kwargs.items()}
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


def _task_error(fut, partition, i: int) -> ScaleError:
    where = describe_partition(partition, i)
    if fut.status != "error":
        return ScaleError(
            f"{where} was {fut.status} on the cluster (the scheduler restarted or lost every "
            "worker); nothing is returned. Check the workers and run again."
        )
    err = fut.exception()
    out = ScaleError(f"{where} failed on the cluster: {type(err).__name__}: {err}")
    out.__cause__ = err
    return out
