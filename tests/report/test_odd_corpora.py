"""Every lesson notebook, and the report, runs on any corpus the loader accepts.

Three small corpora are generated (nothing is committed as a fixture file):

(a) a folder of undated ``.txt`` files of one outlet: seed-style files in English,
    German, Russian and Chinese, some only a few words long, and plain English ones
    (``undated_report`` in ``tests/report/conftest.py``, shared with the browser tests);
(b) a dated CSV where one outlet has a single article and another has six; the
    single outlet is named ``$\\href{a}{b}$`` and its title holds ``$x^$``, text
    that matplotlib would otherwise parse as (broken) mathtext;
(c) the bundled sample article alone.

Each corpus goes through the whole ``build_report`` once (session fixtures) with the CI
parameters of ``notebooks/params-ci.yaml`` (plus a few of its own for (b)); the tests
read the executed notebooks it keeps. Sections a corpus cannot support must say so and
move on: no error output, no stderr.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

from analysis import config
from analysis.report import build_report, list_notebooks

pytestmark = pytest.mark.slow

NOTEBOOKS = [p.stem for p in list_notebooks()]
CI_PARAMS = config.NOTEBOOKS_DIR / "params-ci.yaml"


def _dated_csv(root: Path) -> Path:
    body = (
        "The council met on day {i} to discuss the budget. Members argued about roads, "
        "schools and taxes. A vote is expected next week.\n\n"
        "Residents said they want safer streets. {more}"
    )
    rows = [
        {
            "publish_date": f"2017-{1 + i // 3:02d}-{3 + 7 * (i % 3):02d}",
            "source": "many.example.com",
            "title": f"Council story {i}",
            "text": body.format(i=i, more="More text. " * i),
        }
        for i in range(6)
    ]
    rows.append(
        {
            "publish_date": "2017-02-01",
            "source": r"$\href{a}{b}$",
            "title": "$x^$ costs $5",
            "text": "The council budget vote: residents said $x^$ and 100% {} of roads.",
        }
    )
    path = root / "dated.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _errors(nb) -> list[str]:
    """Error outputs and stderr text of an executed notebook, with the cell index."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append(f"cell {i}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr":
                found.append(f"cell {i} stderr: {out.text[:300]}")
    return found


def _shown(nb) -> str:
    """Everything a reader sees in the outputs (text, Markdown, streams) as one string."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            data = out.get("data", {})
            parts += [data.get("text/markdown", ""), data.get("text/plain", "")]
    return "\n".join(parts)


def _n_figures(nb) -> int:
    return sum("image/png" in out.get("data", {}) for c in nb.cells for out in c.get("outputs", []))


def _report_of(sources: list[str], root: Path, extra: dict[str, dict]) -> dict:
    """Build the report of ``sources`` with the CI parameters (plus ``extra[NN]``); the
    executed notebooks by name."""
    params = yaml.safe_load(CI_PARAMS.read_text(encoding="utf-8"))
    for number, values in extra.items():
        params[number] = {**params.get(number, {}), **values}
    params_file = root / "params.yaml"
    params_file.write_text(yaml.safe_dump(params), encoding="utf-8")
    out = build_report(sources=sources, out_dir=root / "reports", params_file=params_file)
    return {
        name: nbformat.read(out.parent / "executed" / f"{name}.ipynb", as_version=4)
        for name in NOTEBOOKS
    }


@pytest.fixture(scope="session")
def dated_run(tmp_path_factory, inline_figures):
    folder = tmp_path_factory.mktemp("dated")
    extra = {
        "03": {
            "target_outlet": "many.example.com",
            "trend_terms": ["council", "budget"],
            "kwic_pattern": "council",
        }
    }
    return _report_of([str(_dated_csv(folder))], folder, extra)


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory, inline_figures, sample_article):
    return _report_of([str(sample_article)], tmp_path_factory.mktemp("sample"), {})


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebooks_run_on_a_dated_csv_with_a_one_article_outlet(dated_run, name):
    nb = dated_run[name]
    assert _errors(nb) == []
    assert _n_figures(nb) > 0 or name.startswith("04"), "no figure was drawn"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebooks_run_on_the_sample_article_alone(sample_run, name):
    assert _errors(sample_run[name]) == []


def test_dated_csv_sections_run_or_say_why(dated_run):
    assert "Keyness skipped" not in _shown(dated_run["03-term-frequency"])
    assert "None of the trend terms" not in _shown(dated_run["03-term-frequency"])
    assert "**Articles per period** is skipped" not in _shown(dated_run["01-corpus-overview"])
    topics = _shown(dated_run["04-topics"])
    assert "**Topic modelling** is skipped: it needs at least 50 articles" in topics
    # 05: the sample article against a reference corpus of seven articles
    assert "harder than" in _shown(dated_run["05-one-article-in-context"])
    assert "after the newest corpus article" in _shown(dated_run["05-one-article-in-context"])
    # 06: two outlets, one of them with a single article
    outlets = _shown(dated_run["06-dictionaries-and-sentiment"])
    assert "Most distinctive of many.example.com" in outlets
    assert "is skipped" not in outlets


def test_sample_alone_says_what_it_cannot_compare(sample_run):
    assert "Keyness skipped (0 of 1 from 'tass.com')" in _shown(sample_run["03-term-frequency"])
    shown = _shown(sample_run["05-one-article-in-context"])
    assert "**Comparing with the reference corpus** is skipped" in shown
    one_outlet = _shown(sample_run["06-dictionaries-and-sentiment"])
    assert "**Comparing two outlets** is skipped: it needs two outlets" in one_outlet
    readability = _shown(sample_run["02-readability"])
    # the sample's sidecar (data/raw/*.meta.json) dates it: one dated article is not a timeline
    assert "5 dated articles (1 of 1 article dated)" in readability


def test_report_builds_on_an_undated_folder_of_seed_style_files(undated_report, undated_folder):
    run = json.loads((undated_report / "run.json").read_text(encoding="utf-8"))
    n_files = len(list(undated_folder.glob("*.txt")))
    assert run["summary"]["articles"] == n_files
    assert run["summary"]["first_date"] == "n/a"
    assert [n["name"] for n in run["notebooks"]] == NOTEBOOKS
    for name in NOTEBOOKS:
        nb = nbformat.read(undated_report / "executed" / f"{name}.ipynb", as_version=4)
        assert _errors(nb) == [], name
        assert (undated_report / f"{name}.html").is_file()
        if name.startswith("05"):  # the sample against undated, partly foreign articles
            assert "harder than" in _shown(nb)
    reader = (undated_report / "01-corpus-overview.html").read_text(encoding="utf-8")
    assert f"is skipped: it needs publication dates (0 of {n_files} articles dated" in reader
