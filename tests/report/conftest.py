"""A small rendered report shared by the report tests (built once per session)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config
from analysis.report import build_report

PAYLOAD_TITLE = '<img src=x onerror="window.__pwned=1;alert(1)"> Payload headline'
PAYLOAD_TEXT = (
    "</script><script>window.__pwned=2;alert(2)</script> This article tries to run a script. "
    "Its text is scraped and untrusted, so the report must show it as text. " * 5
)


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory, demo_csv):
    """200 demo articles (fixed seed) plus one article whose title and text carry scripts."""
    folder = tmp_path_factory.mktemp("corpus")
    demo = pd.read_csv(demo_csv).dropna(subset=["text"]).sample(200, random_state=0)
    payload = pd.DataFrame(
        {
            "article_id": [999999],
            "publish_date": ["2017/2/1"],
            "article_source_link": ["http://evil.example.com/news/payload"],
            "title": [PAYLOAD_TITLE],
            "subtitle": [""],
            "text": [PAYLOAD_TEXT],
        }
    )
    path = folder / "small.csv"
    pd.concat([payload, demo]).to_csv(path, index=False)
    return [str(path), str(config.SAMPLE_ARTICLE)]


@pytest.fixture(scope="session")
def rendered_report(tmp_path_factory, small_corpus):
    out = tmp_path_factory.mktemp("site") / "reports"
    params = config.NOTEBOOKS_DIR / "params-ci.yaml"
    index = build_report(sources=small_corpus, out_dir=out, params_file=params, log=print)
    return index.parent


UNDATED_TEXTS = {
    "grain": (
        "Grain deal talks resume",
        "KYIV: Negotiators met again on Monday to discuss grain exports through the Black Sea. "
        "Officials said the talks were constructive. Ships have waited for weeks. Farmers hope "
        "that prices will recover before the next harvest.",
    ),
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


@pytest.fixture(scope="session")
def undated_txt_report(tmp_path_factory):
    """The report of a folder of four undated plain-text articles (one outlet, no dates)."""
    root = tmp_path_factory.mktemp("undated-txt")
    folder = root / "articles"
    folder.mkdir()
    for name, (title, body) in UNDATED_TEXTS.items():
        (folder / f"{name}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    params = config.NOTEBOOKS_DIR / "params-ci.yaml"
    index = build_report(sources=[str(folder)], out_dir=root / "reports", params_file=params)
    return index.parent


@pytest.fixture(scope="session")
def demo_report(tmp_path_factory):
    """The report of the whole demo corpus (and the sample article) with the CI parameters."""
    out = tmp_path_factory.mktemp("demo-site") / "reports"
    params = config.NOTEBOOKS_DIR / "params-ci.yaml"
    return build_report(out_dir=out, params_file=params, log=print).parent
