"""The rendered reports shared by the report tests (each built once per session).

Every report executes all six lessons, so the session builds as few as cover the tests,
each with ``build_report``'s concurrency (two notebooks at a time):

* ``demo_report`` (alias ``rendered_report``): the whole demo corpus, the sample article
  and one scraped article whose title and text carry scripts (the escaping tests);
* ``undated_report`` (alias ``undated_txt_report``): one folder of undated ``.txt``
  files of one outlet: three plain English articles and five seed-style ones (title
  repeated, ``KYIV:`` dateline, site footer) in English, German, Russian and Chinese,
  some only a few words long.

``tests/report/test_odd_corpora.py`` adds a dated CSV and the sample article alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import config
from analysis.report import build_report

CI_PARAMS = config.NOTEBOOKS_DIR / "params-ci.yaml"
PAYLOAD_TITLE = '<img src=x onerror="window.__pwned=1;alert(1)"> Payload headline'
PAYLOAD_TEXT = (
    "</script><script>window.__pwned=2;alert(2)</script> This article tries to run a script. "
    "Its text is scraped and untrusted, so the report must show it as text. " * 5
)


@pytest.fixture(scope="session")
def inline_figures():
    """Kernels inherit the environment: make sure figures are really drawn (inline)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("MPLBACKEND", raising=False)
        yield


@pytest.fixture(scope="session")
def payload_csv(tmp_path_factory, hostile_row) -> Path:
    """One scraped article whose title and text carry scripts (shown first: it leads the CSV)."""
    path = tmp_path_factory.mktemp("payload") / "payload.csv"
    hostile_row(PAYLOAD_TITLE, PAYLOAD_TEXT).to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def demo_report(tmp_path_factory, inline_figures, demo_csv, payload_csv, sample_article):
    """The report of the whole demo corpus, the payload article and the sample (CI parameters)."""
    out = tmp_path_factory.mktemp("demo-site") / "reports"
    sources = [str(payload_csv), str(demo_csv), str(sample_article)]
    return build_report(sources=sources, out_dir=out, params_file=CI_PARAMS, log=print).parent


@pytest.fixture(scope="session")
def rendered_report(demo_report):
    """The report the page, escaping and index tests read (the demo report)."""
    return demo_report


UNDATED_TEXTS = {  # the seed-style "en" file tells the grain story: no duplicate here
    "council": (
        "Council argues over the budget",
        "The council met to discuss the budget. Members argued about roads, schools and taxes. "
        "A vote is expected next week. Residents said they want safer streets and more buses.",
    ),
    "storm": (
        "Storm closes schools",
        "Heavy rain and wind closed schools across the region on Tuesday. Officials said the "
        "storm would pass by the evening. Several roads were flooded and trains were delayed.",
    ),
    "election": (
        "Candidates debate on television",
        "The two candidates met on television for their only debate. They argued about taxes, "
        "health care and the war. Viewers said the debate changed few minds.",
    ),
}
SEED_FOOTER = (
    "\n\n\n\nSource link\n\nLeave a Reply\n\n"
    "Your email address will not be published. Required fields are marked *"
)
#: Seed-style files (``../shared/seed``): title twice, a dateline, a site footer.
SEED_STYLE = {
    "en": (
        "Grain deal talks resume",
        "KYIV: Negotiators met again on Monday to discuss grain exports through the Black "
        "Sea. Officials said the talks were constructive. Ships have waited for weeks.\n"
        "Farmers hope that prices will recover before the next harvest.",
    ),
    "de": (
        "Gespräche über Getreide",
        "KYIV: Die Unterhändler trafen sich am Montag erneut. Über die Ausfuhr von Getreide "
        "wurde lange gesprochen. Die Schiffe warten seit Wochen.",
    ),
    "ru": ("Переговоры о зерне", "KYIV: Переговорщики снова встретились в понедельник."),
    "zh": ("粮食谈判恢复", "KYIV: 谈判代表周一再次会面，讨论粮食出口问题。"),
    "short": ("Short", "KYIV: Talks resume today."),
}


@pytest.fixture(scope="session")
def undated_folder(tmp_path_factory) -> Path:
    """Eight undated ``.txt`` articles of one outlet, none a duplicate (see the module docstring)."""
    folder = tmp_path_factory.mktemp("undated") / "articles"
    folder.mkdir()
    for name, (title, body) in UNDATED_TEXTS.items():
        (folder / f"{name}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    for i, (lang, (title, body)) in enumerate(SEED_STYLE.items()):
        text = f"{title}\n\n{title}\n\n\n\n{body}{SEED_FOOTER}"
        (folder / f"{i:03d}_{lang}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def undated_report(undated_folder, inline_figures):
    """The report of the undated one-outlet folder (CI parameters)."""
    out = undated_folder.parent / "reports"
    index = build_report(sources=[str(undated_folder)], out_dir=out, params_file=CI_PARAMS)
    return index.parent


@pytest.fixture(scope="session")
def undated_txt_report(undated_report):
    """The undated report under the name the browser tests use."""
    return undated_report
