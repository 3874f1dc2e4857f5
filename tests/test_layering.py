"""The package's layering: subpackages form no import cycle and keep to each other's public API.

Every ``import`` in ``src/analysis`` counts, module-level or inside a function. A *unit*
is a subpackage (``analysis.loading``) or a top-level module (``analysis.cli``). Rules:

1. the units' import graph has no cycle;
2. no unit imports another unit's private names (``_x``) or private modules
   (``analysis.terms._count``); the root package's shared helpers (``analysis._io``) are
   the one exception, and only their public names;
3. ``dask`` and ``distributed`` are imported by ``analysis.parallel`` only, and so are
   ``concurrent.futures`` process pools and ``joblib``.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "analysis"
#: Root-level modules every unit may use (public names only).
SHARED = {"_io", "_shim"}
#: Imports that only the executor package may make.
EXECUTOR_ONLY = {"dask", "distributed", "joblib", "concurrent"}
EXECUTOR = "parallel"
#: Deprecated re-export shim, kept for one release: it may import anything public.
SHIMS = {"scale"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


@functools.cache
def imports() -> tuple[tuple[str, str, str | None, int], ...]:
    """(importing module, imported module, imported name or None, line) for every import."""
    out = []
    for path in sorted(SRC.rglob("*.py")):
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                out += [(module, a.name, None, node.lineno) for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                target = _resolve(module, node, path.name == "__init__.py")
                out += [(module, target, a.name, node.lineno) for a in node.names]
    return tuple(out)


def unit(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "analysis" or len(parts) < 2:
        return None
    return parts[1]


def _edges() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for src, target, name, _ in imports():
        a = unit(src)
        b = unit(target)
        if b is None and target == "analysis" and name and not name.startswith("__"):
            b = name  # from analysis import terms / from .. import config
        if a and b and a != b:
            graph.setdefault(a, set()).add(b)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle through two or more units, each listed once (smallest first)."""
    cycles = set()

    def walk(start, node, path):
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                cycles.add(tuple(path))
            elif nxt > start and nxt not in path:
                walk(start, nxt, [*path, nxt])

    for start in sorted(graph):
        walk(start, start, [start])
    return [list(c) for c in sorted(cycles)]


def private_imports() -> list[str]:
    found = []
    for src, target, name, line in imports():
        a, b = unit(src), unit(target)
        if a is None or b is None or a == b or a in SHIMS:
            continue
        inner = target.split(".")[2:]
        where = f"{src}:{line} imports {target}" + (f".{name}" if name else "")
        if (
            any(p.startswith("_") for p in inner)
            or (b.startswith("_") and b not in SHARED)
            or name
            and name.startswith("_")
            and name != "__version__"
        ):
            found.append(where)
    return found


def executor_imports() -> list[str]:
    return [
        f"{src}:{line} imports {target}"
        for src, target, _, line in imports()
        if target.split(".")[0] in EXECUTOR_ONLY and unit(src) != EXECUTOR
    ]


def test_the_checks_catch_what_they_look_for():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []
    assert unit("analysis.terms._count") == "terms" and unit("numpy") is None


def test_no_import_cycle_between_subpackages():
    assert find_cycles(_edges()) == []


def test_no_private_import_across_subpackages():
    assert private_imports() == []


def test_only_the_executor_package_imports_dask_and_process_pools():
    assert executor_imports() == []


@pytest.mark.parametrize("word", ["ProcessPoolExecutor", "joblib.Parallel", "Parallel("])
def test_process_pools_are_named_only_in_the_executor_package(word):
    users = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if word in p.read_text(encoding="utf-8") and p.relative_to(SRC).parts[0] != EXECUTOR
    ]
    assert users == []
