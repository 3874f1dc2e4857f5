"""Deprecated: the scale-out twins of the analyses are gone; this shim re-exports their names.

Every analysis now runs partition by partition through :mod:`analysis.parallel` with one
code path (``client=``/``n_jobs=`` or ``with analysis.parallel.use(client):``). The
names below keep old imports working for one release, with a ``DeprecationWarning``:

========================================  ================================================
old                                        new
========================================  ================================================
``analysis.scale.start/connect``           ``analysis.parallel.start/connect``
``analysis.scale.gather_partitions``       ``analysis.parallel.get_executor(client).map``
``analysis.scale.ScaleError``              ``analysis.parallel.PartitionError``
``analysis.scale.write_dataset``           ``analysis.loading.write_dataset``
``analysis.scale.read_dataset``            ``analysis.parallel.read_dataset``
``analysis.scale.load_to_dataset``         ``analysis.loading.load_to_dataset``
``scale.terms.PartitionedDTM``             ``analysis.terms.DocumentTermMatrix``
``scale.topics.fit_topics_sample``         ``analysis.topics.fit_topics(..., sample_size=)``
========================================  ================================================
"""

from __future__ import annotations

import warnings

from .._shim import deprecated_names

warnings.warn(
    "analysis.scale is deprecated and will be removed in the next release: use "
    "analysis.parallel (executors, start/connect/use), analysis.loading (write_dataset, "
    "load_to_dataset) and the analyses' own client= argument.",
    DeprecationWarning,
    stacklevel=2,
)

_NAMES = {
    "ScaleError": "analysis.parallel:PartitionError",
    "as_partitions": "analysis.parallel:as_partitions",
    "connect": "analysis.parallel:connect",
    "dataset_parts": "analysis.parallel:part_files",
    "gather_partitions": "analysis.parallel:gather_partitions",
    "get_client": "analysis.parallel:get_client",
    "is_dataset": "analysis.parallel:is_partitioned",
    "load_to_dataset": "analysis.loading:load_to_dataset",
    "read_dataset": "analysis.parallel:read_dataset",
    "start": "analysis.parallel:start",
    "write_dataset": "analysis.loading:write_dataset",
}
__all__ = sorted(_NAMES)
__getattr__ = deprecated_names(__name__, _NAMES)
