"""The functions a package re-exports stay functions after pytest collects the doctests.

Several modules share their name with the function they define (``terms/keyness.py``
defines ``keyness``; ``topics/coherence.py`` defines ``coherence``). Collecting the
doctests of ``src/`` used to replace those functions on the package with the modules
(see the root ``conftest.py``); by the time this test runs, collection is over.
"""

from __future__ import annotations

import importlib
import pkgutil
import types

import analysis


def _shadow_prone_names() -> list[tuple[str, str]]:
    """(package, name) pairs where a submodule and a re-exported object share a name."""
    pairs = []
    packages = [m.name for m in pkgutil.walk_packages(analysis.__path__, "analysis.") if m.ispkg]
    for package in ["analysis", *packages]:
        try:
            module = importlib.import_module(package)
        except ImportError:  # an optional extra that is not installed
            continue
        exported = set(getattr(module, "__all__", ()))
        pairs += [(package, m.name) for m in pkgutil.iter_modules(module.__path__)
                  if m.name in exported]  # fmt: skip
    return pairs


def test_some_names_are_shared_by_a_module_and_its_function():
    assert ("analysis.terms", "keyness") in _shadow_prone_names()


def test_reexported_names_are_not_replaced_by_their_modules():
    found = {
        f"{package}.{name}": getattr(importlib.import_module(package), name)
        for package, name in _shadow_prone_names()
    }
    # ``analysis.explore`` is a module on purpose: a callable one (``analysis.explore(articles)``)
    replaced = [name for name, obj in found.items()
                if isinstance(obj, types.ModuleType) and not callable(obj)]  # fmt: skip
    assert replaced == []
