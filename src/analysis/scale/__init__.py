"""The same analyses on a Dask cluster, out of core, with identical results.

Users rarely import this package: the public functions take ``client=`` (a
``distributed.Client`` or a scheduler address) and the CLI takes ``--scheduler``
or ``--workers``; without either, nothing changes. What lives here:

* :mod:`.cluster`: :func:`start` / :func:`connect` (open an existing or a local
  cluster, print the dashboard link) and :func:`gather_partitions` (one task per
  partition, results in order, all or nothing).
* :mod:`.dataset`: the processed corpus as a partitioned Parquet dataset
  (:func:`write_dataset`, :func:`read_dataset`).
* per-analysis modules (:mod:`.load` with :func:`load_to_dataset`,
  :mod:`.readability`, :mod:`.terms`, :mod:`.topics`) that run the in-memory code
  on each partition and combine the partition results.

See ``docs/scaling.md`` for measured throughput and what a large run needs.
"""

from __future__ import annotations

from .cluster import ScaleError, connect, gather_partitions, get_client, start
from .dataset import as_partitions, dataset_parts, is_dataset, read_dataset, write_dataset

__all__ = [
    "ScaleError",
    "as_partitions",
    "connect",
    "dataset_parts",
    "gather_partitions",
    "get_client",
    "is_dataset",
    "load_to_dataset",
    "read_dataset",
    "start",
    "write_dataset",
]


def __getattr__(name: str):
    # Lazy: the loader pulls in pandera, trafilatura ... which `start` does not need.
    if name == "load_to_dataset":
        from .load import load_to_dataset

        return load_to_dataset
    raise AttributeError(f"module 'analysis.scale' has no attribute {name!r}")
