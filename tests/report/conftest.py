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
