"""Deprecated: see :mod:`analysis.loading.partitioned`."""

from __future__ import annotations

from .._shim import deprecated_names

_NAMES = {
    "load_partitioned": "analysis.loading:load_partitioned",
    "load_to_dataset": "analysis.loading:load_to_dataset",
    "plan_partitions": "analysis.loading:plan_partitions",
}
__all__ = sorted(_NAMES)
__getattr__ = deprecated_names(__name__, _NAMES)
