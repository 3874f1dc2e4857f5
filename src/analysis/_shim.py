"""Deprecated names that resolve, with a warning, to where their code lives now."""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["deprecated_names"]


def deprecated_names(module: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``names`` (old name -> ``"package.module:new_name"``).

    Examples
    --------
    >>> get = deprecated_names("old", {"dumps": "json:dumps"})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     get("dumps")([1])
    '[1]'
    >>> str(caught[0].message)
    'old.dumps is deprecated; use json.dumps.'
    """

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        where, new = names[name].split(":")
        instead = f"see the docstring of {module}" if new.startswith("_") else f"use {where}.{new}"
        warnings.warn(
            f"{module}.{name} is deprecated; {instead}.", DeprecationWarning, stacklevel=2
        )
        return getattr(importlib.import_module(where), new)

    return __getattr__
