"""Key findings: plain-language sentences computed from a lesson's results.

Every report page opens with a few sentences that say what was found, each
linking to the section that supports it. They are computed from the result
tables, never typed by hand, so on another corpus they say something else (or
say that there is too little data to tell).

A :class:`Findings` object is what a lesson's cell tagged ``findings`` displays:
HTML for the page (an element ``id="findings"``), Markdown for JupyterLab, and a
JSON copy that :func:`analysis.report.build_report` gathers into ``index.html``.
Scraped text that ends up in a sentence (an outlet's name, a term) is escaped.

Examples
--------
>>> from analysis.findings import Finding, Findings
>>> f = Findings([Finding("TASS writes the longest sentences.", section="Outlets compared"),
...               Finding("<b>not bold</b>", section=None)])
>>> html = f._repr_html_()
>>> 'id="findings"' in html, '&lt;b&gt;not bold&lt;/b&gt;' in html
(True, True)
>>> 'href="#Outlets-compared"' in html
True
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import nbformat

__all__ = ["FINDINGS_MIME", "Finding", "Findings", "join_names", "read_findings"]

#: Output mimetype of the findings' JSON copy, read back by the report builder.
FINDINGS_MIME = "application/vnd.news-analysis.findings+json"


@dataclass(frozen=True)
class Finding:
    """One sentence and the heading of the section that supports it.

    Attributes
    ----------
    text : str
        A complete plain-text sentence (escaped when shown).
    section : str or None
        The exact text of the Markdown heading the sentence links to.
    """

    text: str
    section: str | None = None

    @property
    def anchor(self) -> str | None:
        """The section's ``id`` on the page (see :func:`analysis.pages.anchor_of`)."""
        if self.section is None:
            return None
        from ..pages import anchor_of

        return anchor_of(self.section)


class Findings:
    """The Key findings of one page, displayed as a list of linked sentences.

    Parameters
    ----------
    items : iterable of Finding
    title : str, default "Key findings"
    question : str, optional
        What the page answers, in one line (shown under the page's name in the index).
    """

    def __init__(
        self, items: Iterable[Finding], *, title: str = "Key findings", question: str = ""
    ) -> None:
        self.items = [i for i in items if i is not None]
        self.title = title
        self.question = question

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def __repr__(self) -> str:
        return "\n".join(f"- {i.text}" for i in self.items) or "(no findings)"

    def to_records(self) -> list[dict]:
        """``[{"text", "section", "anchor"}, ...]``: what the index page gathers."""
        return [{"text": i.text, "section": i.section, "anchor": i.anchor} for i in self.items]

    def _repr_html_(self) -> str:
        rows = []
        for item in self.items:
            link = ""
            if item.anchor:
                target = html.escape(item.anchor, quote=True)
                link = f' <a href="#{target}">(see {html.escape(item.section)})</a>'
            rows.append(f"<li>{html.escape(item.text)}{link}</li>")
        body = "".join(rows) or "<li>There is too little data for any finding.</li>"
        return (
            f'<section id="findings"><h2>{html.escape(self.title)}</h2>'
            f'<ul class="na-findings">{body}</ul></section>'
        )

    def _repr_markdown_(self) -> str:
        lines = [f"## {self.title}", ""]
        lines += [f"- {i.text}" for i in self.items] or ["- There is too little data."]
        return "\n".join(lines)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {
            "text/html": self._repr_html_(),
            "text/markdown": self._repr_markdown_(),
            "text/plain": repr(self),
            FINDINGS_MIME: {"question": self.question, "findings": self.to_records()},
        }


def read_findings(nb: nbformat.NotebookNode) -> dict:
    """``{"question": str, "findings": [records]}`` displayed in an executed notebook.

    Empty (``{"question": "", "findings": []}``) when the notebook displays none.

    Examples
    --------
    >>> import nbformat
    >>> shown = Findings([Finding("x")], question="What?")._repr_mimebundle_()
    >>> cell = nbformat.v4.new_code_cell("f", outputs=[nbformat.v4.new_output(
    ...     "execute_result", data={FINDINGS_MIME: shown[FINDINGS_MIME]})])
    >>> read_findings(nbformat.v4.new_notebook(cells=[cell]))
    {'question': 'What?', 'findings': [{'text': 'x', 'section': None, 'anchor': None}]}
    """
    out: dict = {"question": "", "findings": []}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get(FINDINGS_MIME)
            if isinstance(data, dict):
                out["question"] = out["question"] or str(data.get("question") or "")
                out["findings"].extend(data.get("findings", []))
            elif isinstance(data, list):
                out["findings"].extend(data)
    return out


def join_names(names: Sequence[str], *, conjunction: str = "and") -> str:
    """``"A"``, ``"A and B"``, ``"A, B and C"``.

    Examples
    --------
    >>> join_names(["TASS"]), join_names(["TASS", "DW"]), join_names(["a", "b", "c"])
    ('TASS', 'TASS and DW', 'a, b and c')
    """
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"
