"""Lessons 05 and 06 keep the lesson shape (checked on the stored notebooks, no kernel).

A lesson has an H1, goals, one ``parameters`` cell that papermill can read, exercises with
``solution`` cells that answer with a printed line, a recap, no function or class
definitions, and outputs stripped. Lesson 06 ends with a ``findings`` cell.
"""

from __future__ import annotations

import ast

import nbformat
import papermill as pm
import pytest

from analysis import config

LESSONS = ["05-one-article-in-context", "06-dictionaries-and-sentiment"]


def _nb(name):
    return nbformat.read(config.NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)


def _tagged(nb, tag):
    return [c for c in nb.cells if tag in c.metadata.get("tags", [])]


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_shape(name):
    nb = _nb(name)
    assert nb.cells[0].source.startswith("# ") and "**Goals.**" in nb.cells[0].source
    assert len(_tagged(nb, "parameters")) == 1
    declared = set(pm.inspect_notebook(str(config.NOTEBOOKS_DIR / f"{name}.ipynb")))
    params = ast.parse(_tagged(nb, "parameters")[0].source)
    assigned = {t.id for node in params.body for t in getattr(node, "targets", [])}
    assert assigned == declared, "papermill cannot read every parameter"
    assert any(c.source.startswith("## Recap") for c in nb.cells if c.cell_type == "markdown")
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            tree = ast.parse(cell.source)
            defined = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef,
                                                                   ast.Lambda))]  # fmt: skip
            assert defined == [], f"{name} defines a function: {cell.source[:60]!r}"


@pytest.mark.parametrize("name", LESSONS)
def test_solutions_answer_with_a_printed_line(name):
    solutions = _tagged(_nb(name), "solution")
    assert len(solutions) >= 3
    for cell in solutions:
        assert "print(" in cell.source or "assert " in cell.source, cell.source[:60]


def test_lesson_06_ends_with_findings_and_05_folds_variants():
    six = _nb("06-dictionaries-and-sentiment")
    assert "findings" in six.cells[-1].metadata.get("tags", [])
    five = "\n".join(c.source for c in _nb("05-one-article-in-context").cells)
    for needed in ("replace_variants", "cosine_similarity", "min_count", 'level="paragraph"',
                   "kwic", "log_ratio", "SAMPLE_DATE"):  # fmt: skip
        assert needed in five
