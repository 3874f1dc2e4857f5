"""Turn an executed lesson notebook into a report page a newsroom can read.

A lesson notebook is written for students: it shows its parameters, its code, the
values it computes along the way, its exercises and a recap. Its *reader* page
keeps what a reader who never sees code needs, in this order:

1. the title (the notebook's H1) and its introduction;
2. the **Key findings** (the output of the cell tagged ``findings``, lifted to the
   top, see :mod:`analysis.findings`);
3. a contents list of the sections (a Markdown cell added here);
4. the sections, with their prose, tables and charts.

:func:`prepare_notebook` does this on the notebook itself, so the HTML exporter
only renders. Reader pages drop:

* the teaching sections, found by their H2 titles (no tag needed): from an H2
  titled *Exercises*, *Exercise*, *Solutions*, *Recap*, *Scaling out*, *Going
  further* or *Parameters* (any case) up to the next H1 or H2 of another kind
  (:data:`TEACHING_SECTIONS`; the findings cell stays wherever it is);
* cells tagged ``remove-reader``, ``teaching-only``, ``solution`` or
  ``exercise-code``, and the ``parameters`` and papermill
  ``injected-parameters`` cells;
* anything a programmer left behind: warnings and other standard-error output,
  error outputs, and bare values (an ``execute_result`` with only a plain-text
  representation, such as ``3781`` or ``dtype: int64``, or printed text made only
  of numbers, such as ``(3781, 2000)``; tables and charts carry HTML or images and stay).

The teaching page keeps every cell and output, with the findings lifted too.

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook()
>>> nb.cells = [
...     nbformat.v4.new_markdown_cell("# 02 · Readability\\n\\nHow hard is it?"),
...     nbformat.v4.new_markdown_cell("## Outlets compared"),
...     nbformat.v4.new_markdown_cell("## Exercises\\n\\n1. Try another measure."),
...     nbformat.v4.new_code_cell("x = 1"),
...     nbformat.v4.new_code_cell("f", metadata={"tags": ["findings"]}, outputs=[
...         nbformat.v4.new_output("display_data", data={"text/html": "<ul></ul>"})]),
... ]
>>> page = prepare_notebook(nb, reader=True)
>>> [c.cell_type for c in page.cells], page.metadata["title"]
(['markdown', 'code', 'markdown'], '02 · Readability')
>>> contents(page)
[('Outlets compared', 'Outlets-compared')]
"""

from __future__ import annotations

import copy
import html
import re
from typing import Any

import nbformat

__all__ = [
    "FINDINGS_TAG",
    "READER_DROP_TAGS",
    "SETUP_SOURCE",
    "SETUP_TAG",
    "TEACHING_SECTIONS",
    "anchor_of",
    "contents",
    "page_title",
    "prepare_notebook",
    "setup_cell",
    "teaching_section",
]

#: The tag of the cell whose output is the page's Key findings.
FINDINGS_TAG = "findings"
#: The tag of the cell the report command runs first (:data:`SETUP_SOURCE`); its
#: output (the tables' JavaScript) is kept on both pages as raw HTML, its code shown on none.
SETUP_TAG = "injected-setup"
#: What that cell runs (see :func:`analysis.tables.setup_report_display`).
SETUP_SOURCE = "from analysis.tables import setup_report_display\n\nsetup_report_display()"
#: Cells with one of these tags are not on reader pages.
READER_DROP_TAGS = frozenset(
    {
        "remove-reader",
        "teaching-only",
        "solution",
        "exercise-code",
        "parameters",
        "injected-parameters",
    }
)
#: H2 titles (lower case) of the sections only the teaching page keeps.
TEACHING_SECTIONS = frozenset(
    {"exercises", "exercise", "solutions", "solution", "recap", "scaling out", "going further",
     "parameters"}
)  # fmt: skip
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)


def anchor_of(heading: str) -> str:
    """The ``id`` nbconvert gives a Markdown heading (``"A b, c"`` -> ``"A-b,-c"``).

    Findings link to the sections that support them with these ids.

    Examples
    --------
    >>> anchor_of("Outlets compared, with uncertainty")
    'Outlets-compared,-with-uncertainty'
    """
    from nbconvert.filters.strings import add_anchor

    tagged = str(add_anchor(f"<h2>{html.escape(heading, quote=False)}</h2>"))
    found = re.search(r'id="([^"]+)"', tagged)
    return html.unescape(found.group(1)) if found else heading.replace(" ", "-")


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def page_title(nb: nbformat.NotebookNode) -> str:
    """The notebook's first H1 (or its file name when it has none).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 01 · Corpus")])
    >>> page_title(nb)
    '01 · Corpus'
    """
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for level, text in _HEADING.findall(cell.source):
                if level == "#":
                    return text.strip()
    return str(nb.metadata.get("title") or "Report")


def contents(nb: nbformat.NotebookNode, *, level: int = 2) -> list[tuple[str, str]]:
    """``(heading, anchor)`` of the notebook's sections at ``level`` (H2 by default)."""
    out = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for marks, text in _HEADING.findall(cell.source):
            if len(marks) == level:
                out.append((text.strip(), anchor_of(text.strip())))
    return out


def teaching_section(heading: str) -> bool:
    """Whether an H2 titled ``heading`` opens a section only the teaching page keeps.

    The title is compared without case, Markdown emphasis, a leading number or a
    trailing colon.

    Examples
    --------
    >>> [teaching_section(h) for h in ("Exercises", "4. RECAP:", "*Going further*", "Recap of k")]
    [True, True, True, False]
    """
    title = re.sub(r"^[\d.\s]+", "", heading.strip().strip("*_").strip())
    return title.rstrip(":").strip().strip("*_").strip().lower() in TEACHING_SECTIONS


_H1_OR_H2 = re.compile(r"^(#{1,2})\s+(.+?)\s*#*\s*$")


def _segments(source: str) -> list[tuple[str | None, str]]:
    """Split Markdown at its H1/H2 lines: ``[(heading or None, text), ...]``.

    A heading line starts its segment; the first segment (before any heading) has None.
    Lines inside fenced code blocks are not headings.
    """
    segments: list[tuple[str | None, list[str]]] = [(None, [])]
    fenced = False
    for line in source.splitlines(keepends=True):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        found = None if fenced else _H1_OR_H2.match(line.rstrip("\n"))
        if found:
            heading = found.group(2) if found.group(1) == "##" else ""
            segments.append((heading, [line]))
        else:
            segments[-1][1].append(line)
    return [(h, "".join(lines)) for h, lines in segments if h is not None or "".join(lines)]


def _drop_goals(source: str) -> str:
    """Markdown without a ``**Goals.**`` paragraph and the list under it (for students).

    Examples
    --------
    >>> _drop_goals("Intro.\\n\\n**Goals.** You can\\n\\n1. load;\\n2. read.\\n\\nMore.")
    'Intro.\\n\\nMore.'
    """
    out, skipping = [], False
    lines = source.split("\n")
    for i, line in enumerate(lines):
        if re.match(r"^\*\*(Goals|Learning goals|Objectives)\b", line.strip(), re.IGNORECASE):
            skipping = True
        elif skipping and line.strip() == "":
            following = next((n for n in lines[i + 1 :] if n.strip()), "")
            if not re.match(r"^\s*(\d+[.)]|[-*+])\s", following):
                skipping = False
            continue
        if not skipping:
            out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


def _drop_teaching_sections(cells: list) -> list:
    """Cells (and parts of Markdown cells) outside the teaching sections.

    A section opens at an H2 whose title :func:`teaching_section` recognises and
    runs up to the next H1, or H2 of another kind. The findings cell always stays.
    """
    keep, teaching = [], False
    for cell in cells:
        if cell.cell_type != "markdown":
            if not teaching or FINDINGS_TAG in _tags(cell):
                keep.append(cell)
            continue
        kept = []
        for heading, text in _segments(cell.source):
            if heading is not None:
                teaching = bool(heading) and teaching_section(heading)
            if not teaching:
                kept.append(text)
        if kept:
            cell = copy.copy(cell)
            cell.source = _drop_goals("".join(kept).strip("\n"))
            if cell.source.strip():
                keep.append(cell)
    return keep


def setup_cell():
    """The code cell the report command runs first in every lesson (tagged :data:`SETUP_TAG`).

    Examples
    --------
    >>> setup_cell().metadata["tags"]
    ['injected-setup']
    """
    return nbformat.v4.new_code_cell(SETUP_SOURCE, metadata={"tags": [SETUP_TAG]})


def _has_interactive_table(cells: list) -> bool:
    return any(
        "new ITable(" in "".join(out.get("data", {}).get("text/html", ""))
        for cell in cells
        if cell.cell_type == "code" and SETUP_TAG not in _tags(cell)
        for out in cell.get("outputs", [])
    )


def _setup_as_raw(cells: list) -> list:
    """The setup cell's HTML outputs as raw HTML cells (no code, no prompt, on both pages).

    Only on a page with an interactive table: the tables' JavaScript weighs about 1 MB.
    """
    if not _has_interactive_table(cells):
        return [c for c in cells if SETUP_TAG not in _tags(c)]
    out = []
    for cell in cells:
        if cell.cell_type == "code" and SETUP_TAG in _tags(cell):
            for output in cell.get("outputs", []):
                html_text = output.get("data", {}).get("text/html")
                if html_text:
                    raw = nbformat.v4.new_raw_cell("".join(html_text))
                    raw.metadata["tags"] = [SETUP_TAG]
                    out.append(raw)
        else:
            out.append(cell)
    return out


_WARNING_LINE = re.compile(r"^\S+\.py:\d+: (\w*Warning): (.*)$")


def _clean_stderr(text: str) -> str:
    """Warnings without the machine path (``path.py:12: UserWarning: x`` -> ``UserWarning: x``)
    and without the source line Python echoes under them."""
    lines, out, skip = text.splitlines(keepends=True), [], False
    for line in lines:
        found = _WARNING_LINE.match(line.rstrip("\n"))
        if found:
            out.append(f"{found.group(1)}: {found.group(2)}\n")
            skip = True
        elif skip and line.startswith((" ", "\t")):
            continue
        else:
            skip = False
            out.append(line)
    return "".join(out)


def _teaching_outputs(outputs: list) -> list:
    for out in outputs:
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            out["text"] = _clean_stderr("".join(out.get("text", "")))
    return outputs


def _bare(output: dict[str, Any]) -> bool:
    """A value shown without a table, chart or sentence around it."""
    return output.get("output_type") == "execute_result" and set(output.get("data", {})) <= {
        "text/plain"
    }


#: Printed text that is only numbers and punctuation, such as ``(3781, 2000)``.
_BARE_TEXT = re.compile(r"^[\s\d(),.:;\[\]'-]*$")


def _reader_outputs(outputs: list) -> list:
    keep = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "error" or (kind == "stream" and out.get("name") == "stderr"):
            continue
        if _bare(out) or (kind == "stream" and _BARE_TEXT.match("".join(out.get("text", "")))):
            continue
        keep.append(out)
    return keep


def _lift_findings(cells: list) -> list:
    """Move the findings cell right after the first Markdown cell (title and intro)."""
    found = [c for c in cells if FINDINGS_TAG in _tags(c)]
    if not found:
        return cells
    rest = [c for c in cells if FINDINGS_TAG not in _tags(c)]
    first = next((i for i, c in enumerate(rest) if c.cell_type == "markdown"), -1)
    return rest[: first + 1] + found + rest[first + 1 :]


def prepare_notebook(nb: nbformat.NotebookNode, *, reader: bool) -> nbformat.NotebookNode:
    """A copy of the executed notebook ``nb`` arranged for its reader or teaching page.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed lesson notebook.
    reader : bool
        True for the reader page (see the module docstring for what it drops),
        False for the teaching page (every cell kept).

    Returns
    -------
    nbformat.NotebookNode
        With ``metadata["title"]`` set to the notebook's H1 (the page's ``<title>``).
    """
    nb = copy.deepcopy(nb)
    cells = _setup_as_raw(_lift_findings(list(nb.cells)))
    if not reader:
        for cell in cells:
            if cell.cell_type == "code":
                cell.outputs = _teaching_outputs(cell.get("outputs", []))
    if reader:
        cells = _drop_teaching_sections(cells)
        cells = [c for c in cells if not (_tags(c) & READER_DROP_TAGS)]
        for cell in cells:
            if cell.cell_type == "code":
                cell.outputs = _reader_outputs(cell.get("outputs", []))
        cells = [c for c in cells if c.cell_type != "code" or c.outputs]
    nb.cells = cells
    toc = contents(nb)
    if len(toc) > 1:
        at = next((i for i, c in enumerate(cells) if FINDINGS_TAG in _tags(c)), None)
        if at is None:
            at = next((i for i, c in enumerate(cells) if c.cell_type == "markdown"), -1)
        links = " · ".join(f"[{text}](#{anchor})" for text, anchor in toc)
        cell = nbformat.v4.new_markdown_cell(f"**On this page:** {links}")
        cell.metadata["tags"] = ["contents"]
        cells.insert(at + 1, cell)
    nb.metadata["title"] = page_title(nb) + ("" if reader else " (teaching version)")
    return nb
