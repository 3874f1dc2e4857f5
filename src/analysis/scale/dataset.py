"""Deprecated: see :mod:`analysis.loading.storage` and :mod:`analysis.parallel`."""

from __future__ import annotations

from .._shim import deprecated_names

_NAMES = {
    "PART_PATTERN": "analysis.parallel:PART_PATTERN",
    "arrow_schema": "analysis.loading.storage:arrow_schema",
    "as_partitions": "analysis.parallel:as_partitions",
    "dataset_parts": "analysis.parallel:part_files",
    "dataset_report_path": "analysis.loading:dataset_report_path",
    "dataset_writer": "analysis.loading.storage:dataset_writer",
    "is_dataset": "analysis.parallel:is_partitioned",
    "partition_frame": "analysis.parallel:read_partition",
    "read_dataset": "analysis.parallel:read_dataset",
    "read_dataset_report": "analysis.loading:read_load_report",
    "read_part": "analysis.parallel:read_partition",
    "write_dataset": "analysis.loading:write_dataset",
    "write_part": "analysis.loading.storage:write_part",
}
__all__ = sorted(_NAMES)
__getattr__ = deprecated_names(__name__, _NAMES)
