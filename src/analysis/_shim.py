"""Deprecated names and keywords that resolve, with a warning, to their new ones."""

from __future__ import annotations

import functools
import importlib
import warnings
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["deprecated_names", "renamed"]


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


def renamed(**old_to_new: str | tuple[str, Callable[[Any], Any]]) -> Callable:
    """Accept deprecated keyword names (old -> new, or old -> (new, convert)) with a warning.

    Examples
    --------
    >>> @renamed(top_n="n", case=("lowercase", lambda case: not case))
    ... def f(*, n=10, lowercase=True):
    ...     return n, lowercase
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     f(top_n=3, case=True)
    (3, False)
    >>> str(caught[0].message)
    'f(top_n=...) is deprecated; use n=.'
    """

    def wrap(func: Callable) -> Callable:
        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> Any:
            for old, spec in old_to_new.items():
                if old not in kwargs:
                    continue
                new, convert = (spec, None) if isinstance(spec, str) else spec
                if new in kwargs:
                    raise TypeError(f"{func.__name__}() got both {old}= and {new}=; pass {new}=.")
                warnings.warn(
                    f"{func.__name__}({old}=...) is deprecated; use {new}=.",
                    DeprecationWarning,
                    stacklevel=2,
                )
                value = kwargs.pop(old)
                kwargs[new] = convert(value) if convert is not None else value
            return func(*args, **kwargs)

        return inner

    return wrap
