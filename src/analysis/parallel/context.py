"""Which executor runs the partitions: an explicit argument, else the context, else serial.

``with analysis.parallel.use(client):`` makes every partition-capable function in the
block run on that cluster (``use(n_jobs=4)``: on four local processes), so notebook
cells stay the same with and without a cluster. The context is a
:class:`contextvars.ContextVar`: it is restored on exit and does not leak into other
threads or tasks. An explicit ``client=``/``n_jobs=`` argument wins over the context.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from .cluster import get_client
from .executors import DaskExecutor, Executor, ProcessExecutor, SerialExecutor

__all__ = ["current_executor", "get_executor", "use"]

_CURRENT: contextvars.ContextVar[Executor | None] = contextvars.ContextVar(
    "analysis_parallel_executor", default=None
)


def _executor_for(client: Any = None, n_jobs: int | None = None) -> Executor | None:
    if isinstance(client, Executor):
        return client
    if client is not None and n_jobs is not None and n_jobs != 1:
        raise ValueError(
            "Pass either client= (a Dask cluster) or n_jobs= (local processes), not both."
        )
    client = get_client(client)
    if client is not None:
        return DaskExecutor(client)
    if n_jobs is not None:
        executor = ProcessExecutor(n_jobs)
        return executor if executor.n_workers > 1 else SerialExecutor()
    return None


def get_executor(client: Any = None, n_jobs: int | None = None) -> Executor:
    """The executor a function runs its partitions with.

    Parameters
    ----------
    client : distributed.Client, str, Executor or None
        A Dask client or scheduler address (a :class:`DaskExecutor`), or an executor.
    n_jobs : int, optional
        Local worker processes (``-1``: every core; ``1``: this process).

    Returns
    -------
    Executor
        The one asked for; else the one set by :func:`use`; else a
        :class:`SerialExecutor`.

    Examples
    --------
    >>> get_executor()
    SerialExecutor(n_workers=1)
    >>> with use(n_jobs=1):
    ...     get_executor()
    SerialExecutor(n_workers=1)
    """
    explicit = _executor_for(client, n_jobs)
    if explicit is not None:
        return explicit
    return _CURRENT.get() or SerialExecutor()


def current_executor() -> Executor | None:
    """The executor set by :func:`use` in this context, or None."""
    return _CURRENT.get()


@contextlib.contextmanager
def use(client: Any = None, *, n_jobs: int | None = None) -> Iterator[Executor]:
    """Run the partition-capable functions in this block on ``client`` (or ``n_jobs``).

    ``use(None)`` (what a notebook gets without a cluster) runs them serially, so the
    same cell works with and without one.

    Parameters
    ----------
    client : distributed.Client, str, Executor or None
    n_jobs : int, optional
        Local worker processes instead of a cluster.

    Yields
    ------
    Executor

    Examples
    --------
    >>> from analysis.readability import readability
    >>> with use(None):
    ...     readability(["One short text."])["n_words"].tolist()
    [3]
    """
    executor = _executor_for(client, n_jobs) or SerialExecutor()
    token = _CURRENT.set(executor)
    try:
        yield executor
    finally:
        _CURRENT.reset(token)
