"""Optional dependencies and the import name: errors that say what to install or rename.

Two kinds of import trouble get a message that says what to do:

* :func:`require` imports a module that only an extra installs (Dask for a cluster)
  and, when it is missing, raises :class:`ImportError` with the ``pip install`` command.
* :func:`shadowed_by` and :func:`check_not_shadowed` find a local ``analysis.py`` (or an
  ``analysis/`` package) that Python would import instead of this package when it is
  started in that folder: a notebook kernel, ``python script.py`` or ``python -m``.

Run as ``python -P -m analysis._optional FOLDER...`` (``-P`` keeps the current folder
off ``sys.path``, so this package is the one imported), it checks the folders and exits
with the message if one of them holds such a module; ``make`` runs it before
``report``, ``lab`` and ``test``.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

__all__ = ["check_not_shadowed", "require", "shadowed_by"]

#: The distribution name to give ``pip install``.
_DISTRIBUTION = "news-analysis"


def require(module: str, extra: str, *, feature: str | None = None) -> ModuleType:
    """Import ``module``, or say which extra of this package installs it.

    Parameters
    ----------
    module : str
        Dotted module name, e.g. ``"distributed"``.
    extra : str
        The extra of ``news-analysis`` that installs it, e.g. ``"dask"``.
    feature : str, optional
        What needs it, for the message (default: the module's name).

    Returns
    -------
    module
        The imported module.

    Raises
    ------
    ImportError
        The module (or something it imports) is missing; the message names the
        ``pip install 'news-analysis[EXTRA]'`` command and keeps the original error.

    Examples
    --------
    >>> require("json", "dask").__name__
    'json'
    >>> require("no_such_module_h6", "dask", feature="A Dask cluster")
    Traceback (most recent call last):
    ...
    ImportError: A Dask cluster needs the optional dependency 'no_such_module_h6', which is not installed (No module named 'no_such_module_h6'). Install it with: pip install 'news-analysis[dask]'
    """
    try:
        return importlib.import_module(module)
    except ImportError as err:
        what = feature or f"'{module}'"
        raise ImportError(
            f"{what} needs the optional dependency '{module}', which is not installed "
            f"({err}). Install it with: pip install '{_DISTRIBUTION}[{extra}]'",
            name=module,
        ) from err


def shadowed_by(folder: str | os.PathLike = ".", *, name: str = "analysis") -> Path | None:
    """The module in ``folder`` that ``import analysis`` would find instead of this package.

    Python puts the folder it starts in (a notebook's folder for its kernel, a
    script's folder, the current folder for ``python -m`` and ``python -c``) first on
    ``sys.path``, so an ``analysis.py`` there hides the installed package.

    Parameters
    ----------
    folder : path-like
        The folder Python starts in.
    name : str
        The import name to look for (keyword-only).

    Returns
    -------
    Path or None
        The shadowing file (``analysis.py``, ``analysis.pyc``, ...) or package folder
        (``analysis/`` with an ``__init__.py``); None when there is none, or when it is
        this very package. A folder without ``__init__.py`` never shadows a package.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     before = shadowed_by(tmp)
    ...     _ = (Path(tmp) / "analysis.py").write_text("x = 1\\n")
    ...     print(before, shadowed_by(tmp).name)
    None analysis.py
    """
    spec = importlib.machinery.PathFinder.find_spec(name, [os.fspath(folder)])
    if spec is None or spec.origin is None or spec.origin == "namespace":
        return None
    found = Path(spec.origin)
    if found.name == "__init__.py":
        found = found.parent
    here = Path(__file__).resolve().parent
    return None if found.resolve() == here else found


def check_not_shadowed(*folders: str | os.PathLike, name: str = "analysis") -> None:
    """Raise :class:`ImportError` if any folder holds a module that hides this package.

    Parameters
    ----------
    *folders : path-like
        Folders Python may be started in (default: the current folder).
    name : str
        The import name to look for (keyword-only).

    Raises
    ------
    ImportError
        The message names the file and says to rename it.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     check_not_shadowed(tmp)
    ...     _ = (Path(tmp) / "analysis.py").write_text("x = 1\\n")
    ...     check_not_shadowed(tmp)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ImportError: .../analysis.py hides the news-analysis package: ...
    """
    for folder in folders or (".",):
        found = shadowed_by(folder, name=name)
        if found is not None:
            raise ImportError(
                f"{found} hides the {_DISTRIBUTION} package: Python started in "
                f"{Path(folder).resolve()} (a notebook kernel, a script, python -m) imports it for "
                f"'import {name}'. Rename it (e.g. to my_{found.stem}{found.suffix}).",
                name=name,
                path=str(found),
            )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -P -m analysis._optional FOLDER...``: check the folders, 1 if one is hidden."""
    try:
        check_not_shadowed(*(sys.argv[1:] if argv is None else argv))
    except ImportError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
