"""The students' edition: lessons with their exercises, without solutions or outputs."""

from __future__ import annotations

import nbformat
import pytest

from analysis._io import read_manifest
from analysis.report import list_notebooks, student_notebook


@pytest.mark.parametrize("path", list_notebooks(), ids=lambda p: p.stem)
def test_student_notebook_keeps_exercises_and_drops_solutions(path):
    lesson = nbformat.read(path, as_version=4)
    lesson.cells[-1].outputs = [nbformat.v4.new_output("stream", text="an output")]
    student = student_notebook(lesson)
    tags = [t for c in student.cells for t in c.get("metadata", {}).get("tags", [])]
    assert "solution" not in tags
    assert any(c.cell_type == "markdown" and "## Exercises" in c.source for c in student.cells)
    assert all(not c.get("outputs") for c in student.cells if c.cell_type == "code")
    solutions = sum("solution" in c.get("metadata", {}).get("tags", []) for c in lesson.cells)
    assert solutions > 0 and len(student.cells) == len(lesson.cells) - solutions
    nbformat.validate(student)


@pytest.mark.slow
def test_report_writes_the_student_edition_under_its_manifest(rendered_report):
    folder = rendered_report / "student"
    names = sorted(p.name for p in folder.glob("*.ipynb"))
    assert names == sorted(p.name for p in list_notebooks())
    listed = read_manifest(rendered_report)["files"]
    assert {f"student/{n}" for n in names} <= set(listed)
    index = (rendered_report / "index.html").read_text(encoding="utf-8")
    assert all(f'href="student/{n}"' in index for n in names)
