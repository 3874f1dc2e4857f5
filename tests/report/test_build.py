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
    tables = sorted((rendered_report / "tables").glob("*.csv"))
    assert tables, "no result table exported"
    for csv in tables:  # no unnamed row-number column: every column has a header
        header = next(iter(csv.read_text(encoding="utf-8").splitlines()), "")
        assert header and "" not in header.split(","), (csv.name, header[:80])


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
    from analysis._io import output_dir

    out = tmp_path / "reports"
    with output_dir(out, kind="report") as build:  # a previous report the tool wrote
        (build / "index.html").write_text("previous report")
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


# ------------------------------------------------------------ output safety
def _notebook(folder, name="01-tiny.ipynb", code="x = 1"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "sources = None\ntables_dir = None", metadata={"tags": ["parameters"]}
        ),
        nbformat.v4.new_code_cell(code),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder


def _tree(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_report_replaces_its_own_folder_refuses_a_users_file_and_force_keeps_it(
    tmp_path, sample_article, capfd
):
    from analysis._io import OutputExistsError

    nbs = _notebook(tmp_path / "nbs")
    out = tmp_path / "reports"
    options = {"sources": [str(sample_article)], "notebooks_dir": nbs, "log": lambda m: None}
    for _ in range(2):  # the tool's own report is replaced run after run
        build_report(out_dir=out, **options)
    assert (out / "index.html").is_file()
    assert "IPKernelApp" not in capfd.readouterr().err  # the kernel's chatter goes to a log
    (out / "thesis.txt").write_text("chapter 1")
    before = _tree(out)
    with pytest.raises(OutputExistsError, match=r"thesis\.txt"):
        build_report(out_dir=out, **options)
    assert _tree(out) == before
    build_report(out_dir=out, force=True, **options)
    (backup,) = tmp_path.glob("reports.backup-*")
    assert _tree(backup) == before
    assert not (out / "thesis.txt").exists() and (out / "index.html").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".reports")] == []


def test_error_without_a_message_names_what_raised_it(tmp_path, sample_article):
    nbs = _notebook(tmp_path / "nbs", "01-silent.ipynb", "y = 2\nraise ValueError()")
    with pytest.raises(ReportError) as err:
        build_report(
            sources=[str(sample_article)], out_dir=tmp_path / "reports", notebooks_dir=nbs,
            log=lambda m: None,
        )  # fmt: skip
    message = str(err.value)
    assert "ValueError (raised without a message) at: raise ValueError()" in message
    assert "ValueError: ." not in message


def test_ctrl_c_prints_one_line_exits_130_and_keeps_the_previous_report(tmp_path, demo_csv):
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    import pandas as pd

    import analysis
    from analysis._io import output_dir

    src = tmp_path / "tiny.csv"
    pd.read_csv(demo_csv).head(20).to_csv(src, index=False)
    out = tmp_path / "reports"
    with output_dir(out, kind="report") as build:
        (build / "index.html").write_text("previous report")
    before = _tree(out)
    package_root = str(Path(analysis.__file__).parents[1])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")]),
        "NEWS_ANALYSIS_HOME": str(config.PROJ_ROOT),  # the notebooks, also from tmp_path
    }
    argv = [sys.executable, "-m", "analysis.cli", "report", str(src), "--notebook", "01",
            "--params", str(config.NOTEBOOKS_DIR / "params-ci.yaml"), "--out", str(out)]  # fmt: skip
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        cwd=tmp_path, start_new_session=True,  # its own process group, as in a terminal
    )  # fmt: skip
    started = next((line for line in proc.stdout if "executing" in line), None)
    assert started, f"the report never started: {proc.stderr.read()}"
    time.sleep(1.0)  # the kernel is starting or running the notebook
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
    rest, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert err.splitlines() == ["news-analysis: interrupted"]
    assert "report failed" not in rest
    assert _tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".reports")] == []


# ------------------------------------------------------------ concurrency
RENDEZVOUS = """from pathlib import Path
import time
here = Path(tables_dir)
(here / "{me}.started").touch()
deadline = time.monotonic() + 300
while not (here / "{other}.started").exists() and time.monotonic() < deadline:
    time.sleep(0.1)
assert (here / "{other}.started").exists(), "the other notebook never started"
"""


def test_jobs_run_notebooks_at_the_same_time_and_keep_their_order(tmp_path, sample_article):
    # Each notebook waits until the other has started: they finish only when both run at once.
    nbs = tmp_path / "nbs"
    _notebook(nbs, "01-first.ipynb", RENDEZVOUS.format(me="01", other="02"))
    _notebook(nbs, "02-second.ipynb", RENDEZVOUS.format(me="02", other="01"))
    lines = []
    index = build_report(
        sources=[str(sample_article)], out_dir=tmp_path / "reports", notebooks_dir=nbs,
        jobs=2, log=lines.append,
    )  # fmt: skip
    run = json.loads((index.parent / "run.json").read_text(encoding="utf-8"))
    assert [n["name"] for n in run["notebooks"]] == ["01-first", "02-second"]
    for name in ("01-first", "02-second"):  # one line when it starts, one when it ends
        mine = [line for line in lines if name in line]
        assert len(mine) == 2 and "executing" in mine[0] and " s, " in mine[1], lines
    text = (index.parent / "index.html").read_text(encoding="utf-8")
    assert text.index('href="01-first.html"') < text.index('href="02-second.html"')


def test_a_failure_among_concurrent_notebooks_names_it_and_keeps_the_previous_report(
    tmp_path, sample_article
):
    from analysis._io import output_dir

    out = tmp_path / "reports"
    with output_dir(out, kind="report") as build:
        (build / "index.html").write_text("previous report")
    nbs = _notebook(tmp_path / "nbs", "01-fine.ipynb", "import time\ntime.sleep(2)")
    _notebook(nbs, "02-broken.ipynb", "x = 1\nraise ValueError('deliberate failure')")
    _notebook(nbs, "03-never.ipynb", "x = 3")
    with pytest.raises(ReportError, match=r"02-broken\.ipynb failed in cell \d+ .*deliberate"):
        build_report(
            sources=[str(sample_article)], out_dir=out, notebooks_dir=nbs, jobs=2,
            log=lambda m: None,
        )  # fmt: skip
    assert (out / "index.html").read_text() == "previous report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".reports")] == []


@pytest.mark.parametrize("jobs", [0, -1, 1.5, "2", True])
def test_jobs_must_be_a_positive_whole_number(tmp_path, jobs):
    with pytest.raises(ReportError, match="jobs must be a whole number"):
        build_report(sources=["x.csv"], out_dir=tmp_path / "reports", jobs=jobs)
    assert not (tmp_path / "reports").exists()


# ------------------------------------------------------------ the corpus, loaded once
ARTICLES_ONLY = (
    "import analysis\n"
    "from pathlib import Path\n"
    "articles, _ = analysis.load_corpus(*sources)\n"
    "articles.to_json(Path(tables_dir) / 'articles-{me}.json', orient='table')"
)
WITH_REPORT = (
    "import analysis\n"
    "from pathlib import Path\n"
    "articles, report = analysis.load_corpus(*sources)\n"
    "articles.to_json(Path(tables_dir) / 'articles-{me}.json', orient='table')\n"
    "report.to_json(Path(tables_dir) / 'report-{me}.json', orient='table')"
)


def test_lessons_that_read_only_articles_get_the_corpus_loaded_once(tmp_path, demo_csv):
    import pandas as pd

    from analysis import load_corpus

    src = tmp_path / "tiny.csv"
    pd.read_csv(demo_csv).head(30).to_csv(src, index=False)
    nbs = _notebook(tmp_path / "nbs", "01-report.ipynb", WITH_REPORT.format(me="01"))
    _notebook(nbs, "02-articles.ipynb", ARTICLES_ONLY.format(me="02"))
    index = build_report(
        sources=[str(src)], out_dir=tmp_path / "reports", notebooks_dir=nbs, log=lambda m: None
    )
    site = index.parent
    articles, report = load_corpus(src)

    def read(name):
        return pd.read_json(site / "tables" / name, orient="table")

    pd.testing.assert_frame_equal(read("articles-02.json"), read("articles-01.json"))
    assert read("articles-02.json").index.tolist() == articles.index.tolist()
    assert read("articles-02.json")["text"].tolist() == articles["text"].tolist()
    # the lesson that shows the load report loaded the raw source, record by record
    assert read("report-01.json")["origin"].tolist() == report["origin"].tolist()
    run = json.loads((site / "run.json").read_text(encoding="utf-8"))
    sources = {n["name"]: n["parameters"]["sources"] for n in run["notebooks"]}
    assert sources["01-report"] == [str(src)]
    assert sources["02-articles"][0].endswith("articles.parquet")
    params = nbformat.read(site / "executed" / "02-articles.ipynb", as_version=4).cells
    (injected,) = [c for c in params if "injected-parameters" in c.metadata.get("tags", [])]
    assert f"the articles of {src}" in injected.source  # the teaching page says what it is


def test_a_second_report_starts_the_notebook_that_took_longest_first(tmp_path, sample_article):
    nbs = tmp_path / "nbs"
    _notebook(nbs, "01-quick.ipynb")
    _notebook(nbs, "02-quick.ipynb")
    _notebook(nbs, "03-slow.ipynb", "import time\ntime.sleep(3)")
    out = tmp_path / "reports"

    def started(lines):
        return [line.split(": ")[0].split("] ")[1] for line in lines if "executing" in line]

    first, second = [], []
    options = {"sources": [str(sample_article)], "out_dir": out, "notebooks_dir": nbs, "jobs": 2}
    build_report(**options, log=first.append)
    assert set(started(first)[:2]) == {"01-quick", "02-quick"}  # no previous run: page order
    build_report(**options, log=second.append)
    assert "03-slow" in started(second)[:2]  # the previous run's longest starts first
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert [n["name"] for n in run["notebooks"]] == ["01-quick", "02-quick", "03-slow"]
