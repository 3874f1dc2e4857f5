"""Deprecated: :func:`analysis.terms.build_dtm` takes ``client=`` and returns one type."""

from __future__ import annotations

from .._shim import deprecated_names

_NAMES = {
    "PartitionedDTM": "analysis.terms:DocumentTermMatrix",
    "build_dtm_partitioned": "analysis.terms.dtm:build_matrix",
}
__all__ = sorted(_NAMES)
__getattr__ = deprecated_names(__name__, _NAMES)
