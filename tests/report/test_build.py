"""The report command: every notebook executes, renders offline, escapes scraped text."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from analysis import config
from analysis.report import ReportError, build_report, list_notebooks

pytestmark = pytest.mark.slow


def test_every_notebook_renders_two_versions(rendered_report):
    names = [p.stem for p in list_notebooks()]
    assert len(names) >= 5
    for name in names:
        reader = rendered_report / f"{name}.html"
        teaching = rendered_report / f"{name}.teaching.html"
        assert reader.is_file() and teaching.is_file()
        assert reader.stat().st_size < 10e6 and teaching.stat().st_size < 10e6
        # The reader version hides code; the teaching version shows it.
        editor = re.compile(r'class="[^"]*jp-InputArea-editor')
        assert not editor.search(reader.read_text(encoding="utf-8"))
        assert editor.search(teaching.read_text(encoding="utf-8"))


def test_pages_load_nothing_from_the_network(rendered_report):
    for page in rendered_report.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        remote = re.findall(
            r"""<(?:script|link|img|iframe)[^>]+(?:src|href)=["']?(https?:)?//""", text
        )
        assert remote == [], f"{page.name} references a remote resource"


def test_scraped_payload_is_escaped(rendered_report):
    pages = {p.name: p.read_text(encoding="utf-8") for p in rendered_report.glob("*.html")}
    assert any("Payload headline" in text for text in pages.values()), "payload article not shown"
    for name, text in pages.items():
        assert "<img src=x onerror" not in text, name  # only ever shown as &lt;img ...
        assert "<script>window.__pwned" not in text, name
    assert any("&lt;img src=x onerror" in text for text in pages.values())


def test_index_summarises_the_run(rendered_report):
    index = (rendered_report / "index.html").read_text(encoding="utf-8")
    run = json.loads((rendered_report / "run.json").read_text(encoding="utf-8"))
    assert f"<b>{run['summary']['articles']:,}</b>articles" in index
    assert "Package versions" in index and "Parameters of this run" in index
    assert run["summary"]["records"] >= run["summary"]["articles"]
    assert list((rendered_report / "tables").glob("*.csv")), "no result table exported"


def _failing_notebook(folder):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "sources = None\ntables_dir = None", metadata={"tags": ["parameters"]}
        ),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("raise ValueError('deliberate failure')"),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, folder / "01-broken.ipynb")


def test_failure_names_notebook_and_cell_and_keeps_previous_report(tmp_path, sample_article):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "index.html").write_text("previous report")
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _failing_notebook(nbs)
    with pytest.raises(
        ReportError,
        match=r"01-broken\.ipynb failed in cell \d+ \(cell index \d+\): ValueError: deliberate failure",
    ):
        build_report(
            sources=[str(sample_article)], out_dir=out, notebooks_dir=nbs, log=lambda m: None
        )
    assert (out / "index.html").read_text() == "previous report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".reports")] == []


def test_notebooks_are_stripped_lessons():
    for path in list_notebooks():
        nb = nbformat.read(path, as_version=4)
        cells = nb.cells
        assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# "), path.name
        assert any("parameters" in c.metadata.get("tags", []) for c in cells), path.name
        code = [c for c in cells if c.cell_type == "code"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), (
            f"{path.name} has committed outputs; strip them"
        )
        assert not any(
            line.lstrip().startswith(("def ", "class "))
            for c in code
            for line in c.source.splitlines()
        ), f"{path.name} defines a function or class; move it into src/analysis"
        text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
        assert "## Exercises" in text and "## Recap" in text, path.name
        assert any("solution" in c.metadata.get("tags", []) for c in code), path.name


def test_notebook_dir_comes_from_config():
    assert list_notebooks()[0].parent == config.NOTEBOOKS_DIR
