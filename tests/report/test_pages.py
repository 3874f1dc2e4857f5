"""Reader pages keep what a reader needs and drop the teaching sections by their titles."""

from __future__ import annotations

import nbformat
import pytest

from analysis.pages import prepare_notebook

new_md, new_code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell


def _out(kind="display_data", **data):
    return nbformat.v4.new_output(kind, data=data)


def _lesson():
    return nbformat.v4.new_notebook(
        cells=[
            new_md("# 09 · A lesson\n\nWhat it answers."),
            new_md("## Parameters"),
            new_code("sources = None"),
            new_md("## Outlets compared"),
            new_code("t", outputs=[_out(**{"text/html": "<table>KEEP-TABLE</table>"})]),
            new_md("Prose that stays.\n\n## Scaling out\n\nHow to run it on a cluster."),
            new_code("print('ran on')", outputs=[nbformat.v4.new_output("stream", text="ran on")]),
            new_md("### A subsection of Scaling out"),
            new_md("## Over time"),
            new_code("p", outputs=[_out(**{"image/png": "iVBOR"})]),
            new_md("## EXERCISES:\n\n1. Try it."),
            new_code("# Solution 1", outputs=[_out(**{"text/html": "<b>SOLUTION</b>"})]),
            new_md("## Recap\n\nWe did things."),
            new_md("# Appendix\n\nKept."),
            new_md("## Going further"),
            new_code("f", metadata={"tags": ["findings"]},
                     outputs=[_out(**{"text/html": '<section id="findings">F</section>'})]),
        ]
    )  # fmt: skip


def _text(nb) -> str:
    parts = []
    for cell in nb.cells:
        parts.append(cell.source)
        for out in cell.get("outputs", []):
            parts.append(str(out.get("text", "")) + str(out.get("data", {})))
    return "\n".join(parts)


def test_reader_page_drops_teaching_sections_by_title_without_tags():
    page = prepare_notebook(_lesson(), reader=True)
    text = _text(page)
    for gone in ("## Parameters", "sources = None", "Scaling out", "cluster", "ran on",
                 "A subsection", "EXERCISES", "SOLUTION", "Recap", "We did things",
                 "Going further"):  # fmt: skip
        assert gone not in text, gone
    for kept in ("What it answers", "KEEP-TABLE", "Prose that stays.", "## Over time", "iVBOR",
                 "# Appendix", 'id="findings"'):  # fmt: skip
        assert kept in text, kept
    assert "findings" in page.cells[1].metadata["tags"], "findings lifted after the intro"
    contents = next(c for c in page.cells if "contents" in c.metadata.get("tags", []))
    assert "Outlets compared" in contents.source and "Recap" not in contents.source


def test_teaching_page_keeps_every_section():
    text = _text(prepare_notebook(_lesson(), reader=False))
    assert "## Scaling out" in text and "SOLUTION" in text and "## Recap" in text


@pytest.mark.parametrize("title", ["Recap of the k choice", "Exercise caution with dates"])
def test_a_section_that_only_starts_like_a_teaching_title_stays(title):
    nb = nbformat.v4.new_notebook(cells=[new_md("# T"), new_md(f"## {title}\n\nBody.")])
    assert "Body." in _text(prepare_notebook(nb, reader=True))


def test_reader_page_drops_warnings_errors_and_bare_values():
    warning = nbformat.v4.new_output(
        "stream", name="stderr", text="/tmp/ipykernel_1/2.py:3: UserWarning: x"
    )
    error = nbformat.v4.new_output("error", ename="ValueError", evalue="bad", traceback=["tb"])
    bare = _out("execute_result", **{"text/plain": "(3781, 13)"})
    printed = nbformat.v4.new_output("stream", name="stdout", text="(3781, 2000) \n")
    nb = nbformat.v4.new_notebook(
        cells=[new_md("# T"), new_code("x", outputs=[warning, error, bare, printed]),
               new_code("y", outputs=[_out(**{"text/html": "<p>ok</p>"})])]
    )  # fmt: skip
    page = prepare_notebook(nb, reader=True)
    text = _text(page)
    assert "UserWarning" not in text and "ValueError" not in text and "3781" not in text
    assert [c.cell_type for c in page.cells] == ["markdown", "code"]
    said = nbformat.v4.new_output("stream", name="stdout", text="k = 6: the best trade-off\n")
    nb.cells[1].outputs = [said]
    assert "best trade-off" in _text(prepare_notebook(nb, reader=True))


def test_teaching_page_shows_warnings_without_machine_paths():
    warning = nbformat.v4.new_output(
        "stream",
        name="stderr",
        text="/work/x/src/analysis/_shim.py:75: UserWarning: 1 documents have no date.\n"
        "  return func(*args, **kwargs)\n",
    )
    nb = nbformat.v4.new_notebook(cells=[new_md("# T"), new_code("x", outputs=[warning])])
    text = _text(prepare_notebook(nb, reader=False))
    assert "UserWarning: 1 documents have no date." in text
    assert "/work/" not in text and "return func" not in text


def test_reader_page_drops_the_students_goals_but_keeps_the_introduction():
    intro = (
        "# T\n\nWhat it answers.\n\n**Goals.** After this you can\n\n1. load;\n2. read.\n\nNote."
    )
    page = prepare_notebook(nbformat.v4.new_notebook(cells=[new_md(intro)]), reader=True)
    assert page.cells[0].source == "# T\n\nWhat it answers.\n\nNote."
    teaching = prepare_notebook(nbformat.v4.new_notebook(cells=[new_md(intro)]), reader=False)
    assert "**Goals.**" in teaching.cells[0].source


@pytest.mark.parametrize("interactive", [True, False])
def test_the_tables_javascript_is_on_pages_with_an_interactive_table_only(interactive):
    from analysis.pages import setup_cell

    setup = setup_cell()
    setup.outputs = [_out(**{"text/html": "<script>BUNDLE</script>"})]
    table = "<table id=itables_1></table><script>new ITable(t)</script>" if interactive else "<p/>"
    nb = nbformat.v4.new_notebook(
        cells=[setup, new_md("# T"), new_code("t", outputs=[_out(**{"text/html": table})])]
    )
    for reader in (True, False):
        page = prepare_notebook(nb, reader=reader)
        raw = [c for c in page.cells if c.cell_type == "raw"]
        assert [c.source for c in raw] == (["<script>BUNDLE</script>"] if interactive else [])
        assert "setup_report_display" not in _text(page)


def test_reader_and_teaching_pages_have_their_own_titles():
    reader = prepare_notebook(_lesson(), reader=True).metadata["title"]
    teaching = prepare_notebook(_lesson(), reader=False).metadata["title"]
    assert reader == "09 · A lesson" and teaching == "09 · A lesson (teaching version)"
