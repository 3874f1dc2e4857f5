"""Run an analysis over partitions: serially, in local processes, or on a Dask cluster.

This package knows **how** to run a function over partitions and never **what** the
function is: every analysis module owns its per-partition and combine steps, and runs
them through an :class:`Executor` (scikit-learn's joblib idiom; Dask's
``reduction(chunk, aggregate)``). It is the only package that imports ``dask`` or
``distributed``, or starts worker processes.

* :func:`get_executor` resolves the ``client=``/``n_jobs=`` arguments every
  partition-capable function takes: an explicit argument, else the context set by
  :func:`use`, else :class:`SerialExecutor`.
* :func:`use` (``with analysis.parallel.use(client): ...``) makes a block run on a
  cluster (or ``n_jobs`` processes) without passing ``client=`` to every call.
* :func:`start` / :func:`connect` open the cluster a user asked for
  (``scheduler=`` or ``workers=``) and print its dashboard link.
* :func:`is_partitioned`, :func:`as_partitions`, :func:`read_partition`: the one
  definition of partitioned input and how input is cut.

Examples
--------
>>> import analysis.parallel as parallel
>>> parallel.get_executor().map(len, ["ab", "c"], progress=False)
[2, 1]
"""

from __future__ import annotations

from typing import Any

from .cluster import connect, get_client, start
from .context import current_executor, get_executor, use
from .executors import (
    DaskExecutor,
    Executor,
    PartitionError,
    ProcessExecutor,
    SerialExecutor,
    describe_partition,
)
from .partitions import (
    PART_GLOB,
    PART_PATTERN,
    as_partitions,
    as_path,
    is_partitioned,
    part_files,
    partition_size,
    read_dataset,
    read_partition,
)

__all__ = [
    "PART_GLOB",
    "PART_PATTERN",
    "DaskExecutor",
    "Executor",
    "PartitionError",
    "ProcessExecutor",
    "SerialExecutor",
    "as_partitions",
    "as_path",
    "connect",
    "current_executor",
    "describe_partition",
    "gather_partitions",
    "get_client",
    "get_executor",
    "is_partitioned",
    "part_files",
    "partition_size",
    "read_dataset",
    "read_partition",
    "start",
    "use",
]


def gather_partitions(client: Any, func, partitions, *args, **kwargs) -> list:
    """``get_executor(client).map(func, partitions, *args, **kwargs)``: results in order.

    Examples
    --------
    >>> gather_partitions(None, sum, [[1, 2], [3]], progress=False)
    [3, 3]
    """
    return get_executor(client).map(func, partitions, *args, **kwargs)
