"""Deprecated names and keywords that resolve, with a warning, to their new ones.

And :func:`find_stack_level`, the ``stacklevel`` that makes a warning point at the
user's code rather than at this package's frames (among them the wrapper
:func:`renamed` puts around a function).
"""

from __future__ import annotations

import functools
import importlib
import sys
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["deprecated_names", "find_stack_level", "renamed"]

#: The folder of the ``analysis`` package: frames of files under it are internal.
_PACKAGE_DIR = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=512)
def _internal(filename: str) -> bool:
    if filename.startswith("<"):  # "<doctest ...>", "<stdin>", "<frozen ...>": not ours
        return False
    try:
        return Path(filename).resolve().is_relative_to(_PACKAGE_DIR)
    except (OSError, ValueError):
        return False


def find_stack_level() -> int:
    """The ``stacklevel`` that points a warning at the first caller outside ``analysis``.

    Call it as ``warnings.warn(message, category, stacklevel=find_stack_level())``:
    however many of the package's frames lie between (helpers, the keyword wrapper of
    :func:`renamed`), the warning names the user's file and line, not this package's
    (the pattern of pandas' ``find_stack_level``).

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("look here", UserWarning, stacklevel=find_stack_level())
    >>> caught[0].filename.startswith("<doctest")
    True
    """
    frame = sys._getframe(1)  # the function that warns
    level = 1
    while frame is not None and _internal(frame.f_code.co_filename):
        frame = frame.f_back
        level += 1
    return level


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

    The wrapper is a frame between the caller and the function: a function it wraps
    warns with ``stacklevel=find_stack_level()``, not a fixed number, so that its
    warnings name the caller's line (:func:`find_stack_level`).

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
                    stacklevel=find_stack_level(),
                )
                value = kwargs.pop(old)
                kwargs[new] = convert(value) if convert is not None else value
            return func(*args, **kwargs)

        return inner

    return wrap
