"""Every parameter of the public API has a type hint.

Public: the functions and classes in a module's ``__all__`` (each object counted once, in
the module that defines it), the public methods of those classes, and their parameters
(``self``/``cls`` excepted; ``*args``/``**kwargs`` count). Every one of them must be
hinted: there is no list of exempt files (the pending list of issue #16 is gone, its
hints completed). Run as a script to print the counts, and with ``-v`` the parameters
still without a hint: ``PYTHONPATH=src python tests/test_type_hints.py -v``.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Iterator
from pathlib import Path

import analysis


def _modules() -> Iterator:
    """Every module of the package, but the deprecated shim (re-exports; warns on import)."""
    root = Path(analysis.__file__).parent
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[1:2] == ("scale",):
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield importlib.import_module(".".join(parts))


def _where(obj: object) -> str:
    path = inspect.getsourcefile(obj) or "?"
    return "analysis/" + path.replace("\\", "/").rsplit("/analysis/", 1)[-1]


def _functions(module) -> Iterator[tuple[str, object]]:
    for name in getattr(module, "__all__", ()):
        obj = getattr(module, name, None)
        if getattr(obj, "__module__", None) != module.__name__:
            continue  # a re-export: counted where it is defined
        if inspect.isclass(obj):
            yield f"{module.__name__}.{name}", obj.__init__ if "__init__" in vars(obj) else None
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                func = (
                    member.__func__ if isinstance(member, (classmethod, staticmethod)) else member
                )
                if inspect.isfunction(func):
                    yield f"{module.__name__}.{name}.{attr}", func
        elif inspect.isfunction(obj):
            yield f"{module.__name__}.{name}", obj


def public_parameters() -> list[tuple[str, str, str, bool]]:
    """(file, function, parameter, annotated) for every public parameter."""
    rows, seen = [], set()
    for module in _modules():
        for qualname, func in _functions(module):
            if func is None or id(func) in seen:
                continue
            seen.add(id(func))
            func = inspect.unwrap(func)
            for i, param in enumerate(inspect.signature(func).parameters.values()):
                if i == 0 and param.name in {"self", "cls"}:
                    continue
                annotated = param.annotation is not inspect.Parameter.empty
                rows.append((_where(func), qualname, param.name, annotated))
    return rows


def test_every_public_parameter_has_a_type_hint():
    missing = [
        f"{path}: {func}({name})"
        for path, func, name, annotated in public_parameters()
        if not annotated
    ]
    assert not missing, "public parameters without a type hint:\n" + "\n".join(missing)


def test_the_count_sees_the_public_api():
    """The walk finds the functions it should (a walk that found nothing would pass)."""
    functions = {func for _, func, _, _ in public_parameters()}
    assert {"analysis.loading.corpus.load_corpus", "analysis.sentiment.sentiment"} <= functions
    assert len(functions) > 100


if __name__ == "__main__":
    rows = public_parameters()
    missing = [r for r in rows if not r[3]]
    print(f"public parameters: {len(rows)}; without a hint: {len(missing)}")
    if "-v" in sys.argv:
        for path, func, name, _ in missing:
            print(f"{path}: {func}({name})")
