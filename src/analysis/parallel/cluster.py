"""Open the Dask cluster a user asked for: an existing scheduler, or local worker processes.

:func:`start` returns a ``distributed.Client`` (or None when nothing was asked), prints
the number of workers and the dashboard link; :func:`connect` is its context-manager
form, which closes the client (and a local cluster) on exit. :func:`get_client` turns a
``client=`` argument (a client or a scheduler address) into a client.
"""

from __future__ import annotations

import contextlib
import numbers
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .executors import PartitionError

__all__ = ["connect", "get_client", "start"]


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

    The form for notebooks (a parameter cell sets ``scheduler`` or ``workers``, and
    ``with analysis.parallel.use(client):`` runs the cells on it); scripts should prefer
    the context manager :func:`connect`. A local cluster belongs to the client:
    ``client.close()`` stops its workers.

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
        then runs in this process, as without Dask.

    Raises
    ------
    ValueError
        Both options given, or a bad ``workers``.
    PartitionError
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
        raise PartitionError(
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
