"""Deprecated: :func:`analysis.readability.readability` takes ``client=`` itself."""

from __future__ import annotations

from .._shim import deprecated_names

_NAMES = {"readability_partitioned": "analysis.readability:readability"}
__all__ = sorted(_NAMES)
__getattr__ = deprecated_names(__name__, _NAMES)
