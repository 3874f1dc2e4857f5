"""Deprecated: see :mod:`analysis.parallel`."""

from __future__ import annotations

from .._shim import deprecated_names

_NAMES = {
    "ScaleError": "analysis.parallel:PartitionError",
    "connect": "analysis.parallel:connect",
    "describe_partition": "analysis.parallel:describe_partition",
    "gather_partitions": "analysis.parallel:gather_partitions",
    "get_client": "analysis.parallel:get_client",
    "start": "analysis.parallel:start",
}
__all__ = sorted(_NAMES)
__getattr__ = deprecated_names(__name__, _NAMES)
