"""Render the notebooks into offline HTML reports (``news-analysis report``, ``make report``).

Each notebook in ``notebooks/`` is executed with papermill against the chosen corpus,
then rendered twice with nbconvert: a reader version without code and a teaching
version with code. ``index.html`` links them with a one-screen corpus summary, the
run's parameters and the package versions. Everything is built in a temporary folder
beside the output and swapped in at the end, so a failed or interrupted run leaves
the previous report intact. The output folder is replaced only when it is empty or a
report this package wrote (``analysis._io.output_dir``); a folder holding
anything else is refused, or moved aside with ``force=True``.

The index page gathers each page's findings (:mod:`analysis.findings`), the corpus's
composition warnings and a line on each exported table; ``student/`` holds the lessons
for students (:func:`student_notebook`). Why one module of about 700 lines: the build,
its failure handling and the index it writes share the run's state (``NotebookRun``)
and are tested together; splitting the index out is the next step if it grows.
"""

from __future__ import annotations

import html
import json
import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import config
from ._io import check_output, output_dir

if TYPE_CHECKING:
    import nbformat
    import pandas as pd

__all__ = [
    "NotebookRun",
    "ReportError",
    "build_report",
    "default_jobs",
    "export_table",
    "failed_dir",
    "list_notebooks",
    "previous_seconds",
    "render_html",
    "start_order",
    "student_notebook",
    "table_note",
]

TEMPLATE_DIR = Path(__file__).parent / "resources" / "templates"
VERSIONS_OF = (
    "news-analysis", "pandas", "numpy", "scipy", "scikit-learn", "textstat", "trafilatura",
    "ftfy", "simplemma", "matplotlib", "papermill", "nbconvert",
)  # fmt: skip


class ReportError(RuntimeError):
    """A notebook failed or the report could not be written."""


@dataclass
class NotebookRun:
    """What happened to one notebook during a report build."""

    name: str
    seconds: float = 0.0
    reader_bytes: int = 0
    teaching_bytes: int = 0
    parameters: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    question: str = ""
    findings: list[dict[str, Any]] = field(default_factory=list)


def list_notebooks(*, notebooks_dir: str | os.PathLike | None = None) -> list[Path]:
    """The lesson notebooks in reading order (``NN-name.ipynb``)."""
    folder = Path(notebooks_dir or config.NOTEBOOKS_DIR)
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb") if p.is_file())


def export_table(
    frame: pd.DataFrame, name: str, tables_dir: str | os.PathLike | None, *, force: bool = False
) -> Path | None:
    """Write a result table as ``<tables_dir>/<name>.csv`` (no-op when ``tables_dir`` is None).

    The index is written only when it has a name (``doc_id``, ``source``): an unnamed
    one is a row number, so every column of the file has a header.

    Notebooks call this for every table a reader may want to reuse; the report
    command sets ``tables_dir`` to ``reports/tables``. An existing file is overwritten
    only when this package wrote it; ``force=True`` moves anything else aside
    (``analysis._io.write_table``).

    Examples
    --------
    >>> import pandas as pd, tempfile
    >>> export_table(pd.DataFrame({"a": [1]}), "demo", None) is None
    True
    >>> path = export_table(pd.DataFrame({"a": [1]}), "demo", tempfile.mkdtemp())
    >>> path.name, path.read_text().splitlines()
    ('demo.csv', ['a', '1'])
    """
    if tables_dir is None:
        return None
    from ._io import write_table

    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
    # an unnamed index is a row number (or a leftover of a sort): no header, no column
    named = any(level is not None for level in frame.index.names)
    return write_table(frame, Path(tables_dir) / f"{safe}.csv", index=named, force=force)


def render_html(
    notebook_path: str | os.PathLike, *, code: bool, links: dict[str, Any] | None = None
) -> str:
    """Render an executed notebook as self-contained HTML (no CDN, images embedded).

    Parameters
    ----------
    notebook_path : path-like
        An executed ``.ipynb``.
    code : bool
        True for the teaching version (code shown), False for the reader version
        (no code, and only what a reader needs: see :mod:`analysis.pages`).
    links : dict, optional
        The page's navigation: ``index`` (href), ``previous``, ``next`` and ``other``
        (``(href, text)`` pairs, or None).
    """
    import nbformat
    from nbconvert import HTMLExporter

    from .pages import prepare_notebook

    nb = prepare_notebook(nbformat.read(notebook_path, as_version=4), reader=not code)
    exporter = HTMLExporter(
        template_name="offline",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=not code,
        exclude_input_prompt=not code,
        exclude_output_prompt=True,
        embed_images=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"page": dict(links or {})})
    return body


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in VERSIONS_OF:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def _read_params(params_file: str | os.PathLike | None) -> dict[str, Any]:
    """The parameters in a YAML or JSON file; errors name the file and the line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "params.yaml"
    >>> _ = bad.write_text("seed: 0\\nk: [4, 6\\n")
    >>> _read_params(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analysis.report.ReportError: ...params.yaml, line 3 column 1: invalid YAML (...); fix that line.
    """
    if params_file is None:
        return {}
    path = Path(params_file)
    if not path.is_file():
        raise ReportError(
            f"Parameters file {path} does not exist; pass an existing YAML or JSON file."
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ReportError(f"Cannot read the parameters file {path} ({err}).") from None
    data = _parse_params(path, text)
    if not isinstance(data, dict):
        raise ReportError(f"{path} must hold a mapping of parameter names to values.")
    return data


def _parse_params(path: Path, text: str) -> Any:
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as err:
            where, what = f"line {err.lineno} column {err.colno}", f"invalid JSON ({err.msg})"
    else:
        import yaml

        try:
            return yaml.safe_load(text) or {}
        except yaml.YAMLError as err:
            where, what = _yaml_problem(err)
    raise ReportError(f"{path}, {where}: {what}; fix that line.")


def _params_for(name: str, params: dict[str, Any], known: set[str] | None = None) -> dict[str, Any]:
    """Global keys apply to the notebooks that declare them; a notebook's own section
    (a key such as '04') overrides.

    Examples
    --------
    >>> _params_for("04-topics", {"seed": 1, "04": {"k": 5}}, known={"k"})
    {'k': 5}
    >>> _params_for("02-readability", {"seed": 1, "04": {"k": 5}})
    {'seed': 1}
    """
    common = {
        k: v for k, v in params.items() if not isinstance(v, dict) and (known is None or k in known)
    }
    for key, value in params.items():
        if isinstance(value, dict) and name.startswith(str(key)):
            common.update(value)
    return common


def _declared(nb_path: Path) -> set[str]:
    """Names in the notebook's ``parameters`` cell."""
    import papermill as pm

    return set(pm.inspect_notebook(str(nb_path)))


def _summary(articles: pd.DataFrame, report: pd.DataFrame) -> dict[str, Any]:
    """The index's one-screen corpus summary, from the loaded articles and load report."""
    from .findings import composition_warnings

    status = report["status"].value_counts()
    published = articles["published"].dropna()
    return {
        "articles": int(len(articles)),
        "outlets": int(articles["source"].nunique()),
        "top_outlets": articles["source"].value_counts().head(12).to_dict(),
        "first_date": published.min().date().isoformat() if len(published) else "n/a",
        "last_date": published.max().date().isoformat() if len(published) else "n/a",
        "records": int(len(report)),
        "rejected": int(status.get("rejected", 0)),
        "duplicates": int(status.get("duplicate", 0)),
        "empty": int(status.get("empty", 0)),
        "words": int(articles["n_words"].sum()),
        "warnings": composition_warnings(articles),
    }


#: What each exported table holds, by file name (``keyness_*`` for any outlet).
TABLE_NOTES = {
    "load_report_summary": "input records by outcome (loaded, duplicate, empty, rejected) "
    "with an example reason",
    "articles_per_period": "articles per outlet and period (week by default)",
    "length_by_source": "article length in words per outlet: count, mean, quartiles",
    "readability_by_article": "every readability measure of every article, with warning flags",
    "readability_by_outlet": "mean and median grade per outlet, with 95% bootstrap intervals",
    "splitter_effect_by_outlet": "mean grade per outlet with two sentence splitters, and the "
    "change",
    "term_frequencies": "the most frequent terms: count, articles using them, share of words",
    "top_terms_by_outlet": "each outlet's most characteristic terms (tf-idf)",
    "keyness_": "terms one outlet uses more (or less) than the others: G², p-value, log ratio",
    "collocations": "word pairs that occur together more than chance",
    "term_trends": "the chosen terms' frequency per week",
    "select_k": "topic models compared by number of topics: coherence, stability, score",
    "topic_terms": "each topic's top terms and their weights",
    "topic_prevalence_by_outlet": "each topic's share of each outlet's articles",
    "article_paragraph_readability": "the studied article's readability, paragraph by paragraph",
    "article_keyness": "the studied article's distinctive terms against the corpus",
    "article_topics": "the corpus topics the studied article resembles",
}


def table_note(path: str | os.PathLike) -> str:
    """One line on what an exported table holds: its note, rows and columns.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "keyness_tass_com.csv"
    >>> pd.DataFrame({"term": ["a", "b"], "log_ratio": [1.0, 2.0]}).to_csv(path, index=False)
    >>> table_note(path)
    'terms one outlet uses more (or less) than the others: G², p-value, log ratio (2 rows; columns: term, log_ratio).'
    """
    import pandas as pd

    path = Path(path)
    note = next(
        (text for key, text in TABLE_NOTES.items() if path.stem == key or
         (key.endswith("_") and path.stem.startswith(key))),
        "a result table",
    )  # fmt: skip
    try:
        frame = pd.read_csv(path)
    except (OSError, ValueError, pd.errors.ParserError):
        return f"{note}."
    columns = [str(c) for c in frame.columns if not str(c).startswith("Unnamed:")]
    shown = ", ".join(columns[:8]) + (", ..." if len(columns) > 8 else "")
    return f"{note} ({len(frame):,} rows; columns: {shown})."


_INDEX_CSS = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 980px; margin: 24px auto;
       padding: 0 16px; color: #222; }
h1 { margin-bottom: 4px; } .muted { color: #555; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr));
         gap: 10px; margin: 16px 0; }
.card { border: 1px solid #ddd; border-radius: 8px; padding: 10px 12px; }
.card b { display: block; font-size: 22px; }
.warn { border-left: 4px solid #d95f0e; background: #fff5eb; padding: 6px 14px; }
.page { border-top: 1px solid #ddd; padding-top: 6px; margin-top: 18px; }
.page h3 { margin: 6px 0 2px; } .page .question { margin: 0 0 6px; color: #444; }
table { border-collapse: collapse; margin: 8px 0 18px; }
td, th { border-bottom: 1px solid #eee; padding: 4px 10px; text-align: left;
         vertical-align: top; }
details { margin: 10px 0; }
"""


def _index_html(summary: dict, runs: list[NotebookRun], params: dict, versions: dict,
                tables: dict[str, str] | None = None, students: list[str] | None = None) -> str:  # fmt: skip
    """The report's front page: what each page found, the corpus's make-up, the tables."""
    e = html.escape

    def rows(mapping: dict) -> str:
        return "".join(
            f"<tr><th>{e(str(k))}</th><td>{e(json.dumps(v) if not isinstance(v, str) else v)}</td></tr>"
            for k, v in mapping.items()
        )

    pages = "".join(_index_page(run) for run in runs)
    outlets = ", ".join(f"{e(str(k))} ({v:,})" for k, v in summary["top_outlets"].items())
    warnings = "".join(f"<li>{e(w)}</li>" for w in summary.get("warnings", []))
    warn = (
        f'<div class="warn" id="composition"><p><b>Read with care.</b></p><ul>{warnings}</ul></div>'
        if warnings
        else ""
    )
    table_rows = "".join(
        f'<li><a href="tables/{e(name)}">{e(name)}</a>: {e(note)}</li>'
        for name, note in (tables or {}).items()
    )
    tables_html = (
        f'<h2 id="tables">Tables</h2><p>Every result table, as CSV (opens in a spreadsheet):</p>'
        f"<ul>{table_rows}</ul>"
        if table_rows
        else ""
    )
    student_rows = "".join(
        f'<li><a href="student/{e(name)}">{e(name)}</a></li>' for name in (students or [])
    )
    student_html = (
        '<h2 id="teachers">For teachers</h2><p>The lessons as notebooks for students, with '
        "their exercises and without solutions or outputs (open them in JupyterLab); the "
        "<em>teaching</em> pages above show the code and the solutions.</p>"
        f"<ul>{student_rows}</ul>"
        if student_rows
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>News corpus report: {summary["articles"]:,} articles from {summary["outlets"]:,} outlets</title>
<style>{_INDEX_CSS}</style></head><body>
<h1>News corpus report</h1>
<p class="muted">{summary["articles"]:,} articles from {summary["outlets"]:,} outlets.
Generated {e(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))} by news-analysis {e(versions.get("news-analysis", ""))}.</p>
<div class="cards">
<div class="card"><b>{summary["articles"]:,}</b>articles</div>
<div class="card"><b>{summary["outlets"]:,}</b>outlets</div>
<div class="card"><b>{e(summary["first_date"])}</b>first article</div>
<div class="card"><b>{e(summary["last_date"])}</b>last article</div>
<div class="card"><b>{summary["rejected"]:,}</b>rejected records</div>
<div class="card"><b>{summary["duplicates"]:,}</b>duplicates</div>
</div>
{warn}
<p>{summary["records"]:,} input records, {summary["empty"]:,} empty, {summary["words"]:,} words. Outlets: {outlets}.</p>
<h2 id="findings">What we found</h2>
{pages}
{tables_html}
{student_html}
<details><summary>Run times and page sizes</summary><table><tr><th>page</th><th>run time</th><th>size</th></tr>{_run_rows(runs)}</table></details>
<details><summary>Parameters of this run</summary><table>{rows(params)}</table></details>
<details><summary>Package versions</summary><table>{rows(versions)}</table></details>
</body></html>
"""


def _index_page(run: NotebookRun) -> str:
    """One page's entry on the index: its name, question, findings (linked) and versions."""
    e = html.escape
    page = f"{run.name}.html"
    items = "".join(
        f"<li>{e(f['text'])}"
        + (
            f' <a href="{e(page)}#{e(f["anchor"])}">(see {e(f["section"])})</a>'
            if f.get("anchor")
            else ""
        )  # fmt: skip
        + "</li>"
        for f in run.findings
    )
    findings = f"<ul>{items}</ul>" if items else "<p>This page reports no findings.</p>"
    question = f'<p class="question">{e(run.question)}</p>' if run.question else ""
    return (
        f'<section class="page"><h3><a href="{e(page)}">{e(run.title or run.name)}</a></h3>'
        f"{question}{findings}"
        f'<p class="muted"><a href="{e(page)}">Read the page</a> · '
        f'<a href="{e(run.name)}.teaching.html">teaching version (with code)</a></p></section>'
    )


def _run_rows(runs: list[NotebookRun]) -> str:
    e = html.escape
    return "".join(
        f"<tr><td>{e(run.name)}</td><td>{run.seconds:.1f} s</td>"
        f"<td>{run.reader_bytes / 1e6:.2f} MB</td></tr>"
        for run in runs
    )


def _kernel_manager(log):
    """A kernel manager class whose kernels write their own messages to ``log``.

    The kernel process otherwise shares this terminal: its start-up warnings and,
    when the run is interrupted, its tracebacks would be printed between ours.
    """
    from jupyter_client.manager import AsyncKernelManager

    class LoggedKernelManager(AsyncKernelManager):
        def __init__(self, **kw: Any) -> None:
            if os.name != "nt":  # IPC sockets, not TCP: no "without encryption" warning
                self._ipc = tempfile.TemporaryDirectory(prefix="news-analysis-kernel-")
                kw.update(transport="ipc", ip=os.path.join(self._ipc.name, "kernel"))
            super().__init__(**kw)

        async def start_kernel(self, **kw: Any) -> None:
            kw.setdefault("stdout", log)
            kw.setdefault("stderr", log)
            await super().start_kernel(**kw)

    return LoggedKernelManager


def _with_setup(nb_path: Path):
    """The lesson with the report's setup cell first (:func:`analysis.pages.setup_cell`)."""
    import nbformat

    from .pages import setup_cell

    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.insert(0, setup_cell())
    return nb


def _execute(nb_path: Path, out_nb: Path, parameters: dict, cwd: Path) -> None:
    import papermill as pm

    with open(out_nb.with_suffix(".kernel.log"), "ab") as log:
        try:
            pm.execute_notebook(
                _with_setup(nb_path),
                str(out_nb),
                parameters=parameters,
                kernel_name="python3",
                cwd=str(cwd),
                progress_bar=False,
                log_output=False,
                kernel_manager_class=_kernel_manager(log),
            )
        except pm.PapermillExecutionError as err:
            raise ReportError(
                f"Notebook {nb_path.name} failed in cell {err.exec_count} "
                f"(cell index {err.cell_index}): {_describe_error(err)}."
            ) from err


def failed_dir(out_dir: str | os.PathLike) -> Path:
    """Where the executed notebooks of a failed build of ``out_dir`` are kept.

    A folder beside the report (``reports.failed`` for ``reports``), replaced by the
    next failed build of the same report, so runs into different folders never share it.

    Examples
    --------
    >>> failed_dir("/tmp/site/reports").as_posix()
    '/tmp/site/reports.failed'
    """
    out_dir = Path(out_dir)
    return out_dir.with_name(f"{out_dir.name}.failed")


def _describe_error(err) -> str:
    """``ValueError: message``, or what raised it when the message is empty.

    Examples
    --------
    >>> from types import SimpleNamespace as E
    >>> _describe_error(E(ename="ValueError", evalue="bad k", source="x = 1"))
    'ValueError: bad k'
    >>> _describe_error(E(ename="ValueError", evalue="", source="\\n  raise ValueError()\\n"))
    'ValueError (raised without a message) at: raise ValueError()'
    """
    if str(err.evalue or "").strip():
        return f"{err.ename}: {err.evalue}"
    lines = [line.strip() for line in str(err.source or "").splitlines() if line.strip()]
    where = f" at: {lines[-1][:120]}" if lines else ""
    return f"{err.ename or 'an error'} (raised without a message){where}"


def _yaml_problem(err) -> tuple[str, str]:
    """Where a YAML error is (line and column, from 1) and what it is."""

    def at(mark) -> str:
        return f"line {mark.line + 1} column {mark.column + 1}"

    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    context, context_mark = getattr(err, "context", None), getattr(err, "context_mark", None)
    if context and context_mark is not None and context_mark is not mark:
        problem += f", {context} at {at(context_mark)}"
    return (at(mark) if mark else "somewhere"), f"invalid YAML ({problem})"


def build_report(
    *,
    sources: list[str] | None = None,
    out_dir: str | os.PathLike | None = None,
    params_file: str | os.PathLike | None = None,
    notebooks: list[str] | None = None,
    notebooks_dir: str | os.PathLike | None = None,
    force: bool = False,
    jobs: int | None = None,
    log: Callable[[str], object] = print,
) -> Path:
    """Execute and render every notebook; return the path of ``index.html``.

    The corpus is loaded once here; the lessons that only read its articles (not its
    load report) get them as a processed Parquet corpus instead of loading and cleaning
    the raw sources again. Up to ``jobs`` notebooks run at a time, each in its own kernel,
    the one that took longest in the previous report first (:func:`start_order`); the
    pages, their order and their numbers do not depend on ``jobs``.

    Parameters
    ----------
    sources : list of str, optional
        Corpus sources for every notebook (default: demo corpus + sample article).
    out_dir : path-like, optional
        Output folder (default ``config.REPORTS_DIR``), replaced as a whole at the end
        when it is empty or a report this package wrote (checked before any work).
    params_file : path-like, optional
        YAML or JSON: top-level keys go to every notebook, a mapping under a
        notebook's number (``"04": {"k_values": [5, 10]}``) to that notebook only.
    notebooks : list of str, optional
        Only the notebooks whose names start with one of these (e.g. ``["01"]``).
    force : bool, default False
        Move aside (never delete) an ``out_dir`` holding files this package did not
        write, to ``NAME.backup-YYYYmmdd-HHMMSS``.
    jobs : int, optional
        Notebooks executed at the same time (default :func:`default_jobs`: two, or one
        on a one-core machine). Each logs one line when it starts and one when it ends.
    log : callable, default print
        Called with each progress line.

    Raises
    ------
    ReportError
        Naming the notebook and the cell when one fails, or the file and line of
        bad parameters; the previous report stays.
    analysis._io.OutputExistsError
        ``out_dir`` holds files this package did not write (and not ``force``).
    """
    from .datasets import default_sources

    out_dir = Path(out_dir or config.REPORTS_DIR).resolve()
    check_output(out_dir, folder=True, force=force)
    sources = [
        str(Path(s).resolve()) if Path(s).exists() else s for s in (sources or default_sources())
    ]
    jobs = _check_jobs(jobs)
    params = _read_params(params_file)
    paths = list_notebooks(notebooks_dir=notebooks_dir)
    if notebooks:
        paths = [p for p in paths if any(p.name.startswith(n) for n in notebooks)]
    if not paths:
        raise ReportError("No notebook matched; run without --notebook to render them all.")
    with output_dir(out_dir, force=force, kind="report") as build:
        try:
            order = start_order(paths, previous_seconds(out_dir))
            _build(build, sources, params, paths, _line_log(log), jobs, order)
        except Exception as err:  # not KeyboardInterrupt: Ctrl-C stays one quiet line
            kept = _keep_failed(build, failed_dir(out_dir))
            log(f"report failed; previous report in {out_dir} left intact. {kept}.")
            if isinstance(err, ReportError):
                raise ReportError(f"{err} {kept}; the previous report is unchanged.") from err
            raise
    return out_dir / "index.html"


def _build(
    build: Path,
    sources: list[str],
    params: dict,
    paths: list[Path],
    log,
    jobs: int = 1,
    order: list[int] | None = None,
) -> None:
    """Execute and render ``paths`` into the folder ``build``, ``jobs`` notebooks at a time
    (started in ``order``, see :func:`start_order`).

    The corpus is loaded for the lessons that read only its articles while the first
    lesson that loads the raw sources itself already runs (:func:`_with_load`).
    """
    import nbformat

    (build / "tables").mkdir()
    executed = build / "executed"
    executed.mkdir()
    titles = [_source_title(p) for p in paths]
    readers = [_reads_articles_only(nbformat.read(p, as_version=4)) for p in paths]
    with tempfile.TemporaryDirectory(prefix="news-analysis-corpus-") as tmp:
        users = [p.stem[:2] for p, reads in zip(paths, readers, strict=True) if reads]
        corpus = _CorpusLoad(sources, Path(tmp), users=users, log=log)
        n, links = len(paths), [_links(paths, titles, i) for i in range(len(paths))]
        tasks = [corpus] + [
            _notebook_task(
                p, build, sources, corpus if readers[i] else None, params, (i + 1, n), log,
                links[i],
            )
            for i, p in enumerate(paths)
        ]  # fmt: skip
        order = _with_load(order or list(range(n)), readers, jobs)
        runs = _in_threads(tasks, jobs, order=order)[1:]
    summary = corpus.summary
    versions = _versions()
    shown = {"sources": sources, **params}
    tables = {p.name: table_note(p) for p in sorted((build / "tables").glob("*.csv"))}
    students = _student_edition(paths, build / "student")
    page = _index_html(summary, runs, shown, versions, tables=tables, students=students)
    (build / "index.html").write_text(page, encoding="utf-8")
    record = {
        "summary": summary,
        "notebooks": [run.__dict__ for run in runs],
        "versions": versions,
        "python": sys.version,
    }
    (build / "run.json").write_text(json.dumps(record, indent=2, default=str), encoding="utf-8")


def _source_title(nb_path: Path) -> str:
    import nbformat

    from .pages import page_title

    return page_title(nbformat.read(nb_path, as_version=4))


def _links(paths: list[Path], titles: list[str], i: int) -> dict[str, Any]:
    """Navigation of page ``i``: index, previous and next reader pages (for both versions).

    Examples
    --------
    >>> from pathlib import Path
    >>> _links([Path("01-a.ipynb"), Path("02-b.ipynb")], ["01 A", "02 B"], 0)["next"]
    ('02-b.html', '02 B')
    """
    prev = (f"{paths[i - 1].stem}.html", titles[i - 1]) if i > 0 else None
    nxt = (f"{paths[i + 1].stem}.html", titles[i + 1]) if i + 1 < len(paths) else None
    return {"index": "index.html", "previous": prev, "next": nxt}


def _run_notebook(
    nb_path: Path, build: Path, sources, params, counter, log, links=None, loaded_from=None
) -> NotebookRun:
    """Execute one notebook into ``build/executed`` and render its two HTML pages.

    ``loaded_from``: the raw sources when ``sources`` is the processed corpus made of them
    (said in a comment of the teaching page's parameters cell).
    """
    import nbformat

    from .findings import read_findings
    from .pages import page_title

    name = nb_path.stem
    step = f"[{counter[0]}/{counter[1]}] {name}"
    run_params = {"sources": sources, "tables_dir": str(build / "tables")}
    run_params.update(_params_for(name, params, _declared(nb_path)))
    log(f"{step}: executing ...")
    started = time.perf_counter()
    out_nb = build / "executed" / nb_path.name
    _execute(nb_path, out_nb, run_params, nb_path.parent)
    run = NotebookRun(name=name, seconds=time.perf_counter() - started, parameters=run_params)
    executed = nbformat.read(out_nb, as_version=4)
    if loaded_from:
        _note_processed_sources(executed, loaded_from)
        nbformat.write(executed, out_nb)
    shown = read_findings(executed)
    run.title, run.question, run.findings = (
        page_title(executed),
        shown["question"],
        shown["findings"],
    )
    for code, suffix in ((False, ".html"), (True, ".teaching.html")):
        page = build / f"{name}{suffix}"
        other = (f"{name}.html", "reader version") if code else (
            f"{name}.teaching.html", "teaching version (with code)")  # fmt: skip
        page_links = {**(links or {}), "other": other}
        page.write_text(render_html(out_nb, code=code, links=page_links), encoding="utf-8")
        if code:
            run.teaching_bytes = page.stat().st_size
        else:
            run.reader_bytes = page.stat().st_size
    log(f"{step}: {run.seconds:.1f} s, {run.reader_bytes / 1e6:.2f} MB")
    return run


def default_jobs() -> int:
    """How many notebooks :func:`build_report` executes at a time by default.

    Two (one on a one-core machine): each notebook runs in its own kernel process, and
    most of a lesson's time is one core's work, so two kernels keep two cores busy.

    Examples
    --------
    >>> 1 <= default_jobs() <= 2
    True
    """
    return max(1, min(2, os.cpu_count() or 1))


def _check_jobs(jobs: Any) -> int:
    """``jobs`` as a positive int (``None``: :func:`default_jobs`).

    Examples
    --------
    >>> _check_jobs(3)
    3
    >>> _check_jobs(0)
    Traceback (most recent call last):
    ...
    analysis.report.ReportError: jobs must be a whole number of notebooks run at a time, 1 or more (got 0).
    """
    if jobs is None:
        return default_jobs()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ReportError(
            f"jobs must be a whole number of notebooks run at a time, 1 or more (got {jobs!r})."
        )
    return jobs


def _line_log(log: Callable[[str], object]) -> Callable[[str], None]:
    """``log``, one whole line at a time when notebooks run in several threads."""
    import threading

    lock = threading.Lock()

    def locked(message: str) -> None:
        with lock:
            log(message)

    return locked


def previous_seconds(out_dir: str | os.PathLike) -> dict[str, float]:
    """Seconds each notebook took in the report already in ``out_dir`` (its ``run.json``).

    Empty when there is no previous report or its record cannot be read: the times only
    decide which notebook starts first (:func:`start_order`), never what is computed.

    Examples
    --------
    >>> previous_seconds("/no/such/folder")
    {}
    """
    try:
        record = json.loads((Path(out_dir) / "run.json").read_text(encoding="utf-8"))
        return {str(r["name"]): float(r["seconds"]) for r in record["notebooks"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def start_order(paths: list[Path], seconds: Mapping[str, float]) -> list[int]:
    """The order in which to start the notebooks: longest previous run first.

    With two notebooks at a time, the report ends soonest when the longest one starts
    first instead of after the others (ninja orders its build steps the same way, from
    its log of the previous build). Notebooks with no previous time start first, in page
    order; without any previous report the order is the page order. Pages, their order
    and their numbers do not depend on it.

    Examples
    --------
    >>> paths = [Path("01-a.ipynb"), Path("02-b.ipynb"), Path("03-c.ipynb")]
    >>> start_order(paths, {})
    [0, 1, 2]
    >>> start_order(paths, {"01-a": 30.0, "02-b": 45.0, "03-c": 140.0})
    [2, 1, 0]
    >>> start_order(paths, {"01-a": 30.0, "03-c": 140.0})
    [1, 2, 0]
    """
    known = [seconds.get(p.stem) for p in paths]
    return sorted(range(len(paths)), key=lambda i: (known[i] is not None, -(known[i] or 0.0)))


def _in_threads(
    tasks: list[Callable[[], Any]], jobs: int, *, order: list[int] | None = None
) -> list[Any]:
    """Call ``tasks``, up to ``jobs`` at a time, starting them in ``order`` (default: as
    given); their results in the order of ``tasks``.

    After a failure no task starts; the running ones finish (their notebooks' kernels
    are shut down by papermill), then the first failure is raised. One task, or
    ``jobs=1``, runs here in order, as before threads.

    Examples
    --------
    >>> _in_threads([lambda: 1, lambda: 2, lambda: 3], 2)
    [1, 2, 3]
    >>> _in_threads([lambda: 1, lambda: 1 / 0], 2)
    Traceback (most recent call last):
    ...
    ZeroDivisionError: division by zero
    """
    if jobs == 1 or len(tasks) <= 1:
        return [task() for task in tasks]
    import queue
    import threading

    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for i in order if order is not None else range(len(tasks)):
        todo.put(i)
    results: list[Any] = [None] * len(tasks)
    failures: list[BaseException] = []

    def work() -> None:
        while not failures:
            try:
                i = todo.get_nowait()
            except queue.Empty:
                return
            try:
                results[i] = tasks[i]()
            except BaseException as err:  # re-raised in the calling thread
                failures.append(err)

    threads = [threading.Thread(target=work, daemon=True) for _ in range(min(jobs, len(tasks)))]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    except KeyboardInterrupt:
        failures.append(KeyboardInterrupt())  # start nothing more; the kernels got it too
        raise
    if failures:
        raise failures[0]
    return results


#: How a lesson reads its articles when it needs nothing else of the load:
#: ``articles, _ = analysis.load_corpus(*(sources or default_sources()))``.
_ARTICLES_ONLY = re.compile(
    r"\w+\s*,\s*_\s*=\s*(?:analysis\.)?load_corpus\(\s*\*\s*"
    r"(?:sources|\(\s*sources\s+or\s+(?:default_sources\(\)|\[config\.DEMO_CSV\])\s*\))\s*\)"
)


def _reads_articles_only(nb: nbformat.NotebookNode) -> bool:
    """Whether the lesson uses ``sources`` only to load articles, discarding the load report.

    Such a lesson gives the same results on the processed corpus (the articles saved by
    :func:`analysis.loading.save_corpus`, which ``load_corpus`` reads back unchanged) as
    on the raw sources, without loading and cleaning them again. A lesson that shows the
    load report, or uses ``sources`` in any other way, gets the raw sources.

    Examples
    --------
    >>> import nbformat
    >>> def lesson(code):
    ...     return nbformat.v4.new_notebook(cells=[
    ...         nbformat.v4.new_code_cell("sources = None", metadata={"tags": ["parameters"]}),
    ...         nbformat.v4.new_code_cell(code)])
    >>> _reads_articles_only(lesson("articles, _ = analysis.load_corpus(*sources)"))
    True
    >>> _reads_articles_only(lesson("articles, report = analysis.load_corpus(*sources)"))
    False
    >>> _reads_articles_only(lesson("a, _ = load_corpus(*(sources or [config.DEMO_CSV]))"))
    True
    >>> _reads_articles_only(lesson("a, _ = load_corpus(*sources)\\nprint(sources)"))
    False
    """
    uses = [
        line
        for cell in nb.cells
        if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", [])
        for line in cell.source.splitlines()
        if re.search(r"\bsources\b", line.split("#", 1)[0])
    ]
    return bool(uses) and all(_ARTICLES_ONLY.fullmatch(u.split("#", 1)[0].strip()) for u in uses)


def _processed_corpus(articles: pd.DataFrame, folder: Path, log) -> Path | None:
    """The loaded articles as a processed corpus in ``folder``, for the lessons that
    read only articles.

    None when nothing was loaded, or when the articles cannot be written as Parquet
    (the lessons then load the raw sources).
    """
    from .loading import save_corpus

    if articles.empty:
        return None
    try:
        path = save_corpus(articles, folder / "articles.parquet")
    except (OSError, ValueError, TypeError) as err:  # e.g. an extra column Arrow cannot hold
        log(f"the lessons load the raw sources themselves: the articles could not be saved ({err})")
        return None
    return path


def _note_processed_sources(nb: nbformat.NotebookNode, sources: list[str]) -> None:
    """Say in the injected parameters cell which raw sources the processed corpus holds."""
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source += (
                "\n# sources: the articles of "
                + ", ".join(sources)
                + ",\n# loaded once by the report command (analysis.load_corpus) and saved as Parquet"
            )
            return


class _CorpusLoad:
    """Load the corpus once (the index's summary) and save it for the article-only lessons.

    Called as the first task of a report; :meth:`sources_for` blocks until it has run.
    """

    def __init__(self, sources: list[str], folder: Path, *, users: list[str], log) -> None:
        import threading

        self.raw, self.folder, self.users, self.log = sources, folder, users, log
        self.summary: dict[str, Any] = {}
        self.path: Path | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()

    def __call__(self) -> None:
        from .loading import load_corpus

        try:
            self.log(f"loading the corpus from {len(self.raw)} source(s) ...")
            articles, load_report = load_corpus(*self.raw)
            self.summary = _summary(articles, load_report)
            if self.users:
                self.path = _processed_corpus(articles, self.folder, self.log)
            if self.path is not None:
                names = ", ".join(self.users)
                self.log(f"{len(articles):,} articles loaded once; lessons {names} read them "
                         f"from {self.path.name}")  # fmt: skip
        except BaseException as err:
            self.error = err
            raise
        finally:
            self.done.set()

    def sources_for(self) -> tuple[list[str], list[str] | None]:
        """``(sources, loaded_from)`` for a lesson that reads only articles."""
        self.done.wait()
        if self.error is not None:
            raise ReportError("the corpus could not be loaded; see the first error.")
        if self.path is None:  # nothing loaded, or no Parquet: the raw sources
            return self.raw, None
        return [str(self.path)], self.raw


def _with_load(order: list[int], readers: list[bool], jobs: int) -> list[int]:
    """The task order of a report whose task 0 loads the corpus and task ``i + 1`` runs
    notebook ``i``: the load first, and beside it (``jobs - 1`` of) the lessons that read
    the raw sources themselves, so that no slot waits for the load; then ``order``.

    Examples
    --------
    >>> _with_load([2, 0, 1], [True, False, True], jobs=2)  # notebook 1 loads raw sources
    [0, 2, 3, 1]
    >>> _with_load([2, 0, 1], [True, False, True], jobs=1)
    [0, 3, 1, 2]
    """
    early = [i for i in order if not readers[i]][: jobs - 1]
    return [0] + [i + 1 for i in early + [i for i in order if i not in early]]


def _notebook_task(nb_path, build, sources, corpus, params, counter, log, links):
    """What runs one notebook: :func:`_run_notebook` on the raw ``sources``, or, when
    ``corpus`` (a :class:`_CorpusLoad`) is given, on the processed corpus it saves."""

    def run() -> NotebookRun:
        use, loaded_from = corpus.sources_for() if corpus is not None else (sources, None)
        return _run_notebook(
            nb_path, build, use, params, counter, log, links, loaded_from=loaded_from
        )

    return run


def student_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of lesson ``nb`` for students: exercises kept, solutions and outputs removed.

    Drops every cell tagged ``solution`` and clears every output and execution count.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("## Exercises\\n\\n1. Count."),
    ...     nbformat.v4.new_code_cell("x", execution_count=3, outputs=[
    ...         nbformat.v4.new_output("stream", text="3")]),
    ...     nbformat.v4.new_code_cell("# Solution 1", metadata={"tags": ["solution"]})])
    >>> out = student_notebook(nb)
    >>> [c.source for c in out.cells], out.cells[1].outputs, out.cells[1].execution_count
    (['## Exercises\\n\\n1. Count.', 'x'], [], None)
    """
    import copy

    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if "solution" not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def _student_edition(paths: list[Path], folder: Path) -> list[str]:
    """Write the students' notebooks into ``folder`` (inside the report being built)."""
    import nbformat

    folder.mkdir(exist_ok=True)
    names = []
    for nb_path in paths:
        nb = student_notebook(nbformat.read(nb_path, as_version=4))
        (folder / nb_path.name).write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
        names.append(nb_path.name)
    return names


def _keep_failed(build: Path, where: Path) -> str:
    """Keep the executed notebooks of a failed build in ``where``; say where."""
    import shutil

    from ._io import OutputExistsError

    if not (build / "executed").is_dir():
        return "no notebook was executed"
    try:
        with output_dir(where, kind="failed-report") as kept:
            shutil.copytree(build / "executed", kept, dirs_exist_ok=True)
    except (OSError, OutputExistsError) as err:
        return f"The executed notebooks could not be kept ({err})"
    return f"The executed copy with the traceback is kept in {where}"
