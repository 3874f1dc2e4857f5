"""Shared fixtures: paths to ../shared and the demo corpus, skipping clearly when absent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from analysis import config


def _need(path: Path, what: str) -> Path:
    if not path.exists():
        pytest.skip(f"{what} not found at {path}")
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository (read-only test material)."""
    return _need(config.SHARED_DIR, "../shared (read-only test material)")


@pytest.fixture(scope="session")
def seed_path(shared_dir: Path) -> Path:
    return _need(shared_dir / "seed" / "000_ba8f150e48c27e3d.txt", "the seed article")


@pytest.fixture(scope="session")
def bbc_csv(shared_dir: Path) -> Path:
    return _need(shared_dir / "corpora" / "bbc_news" / "bbc_news.csv", "the BBC News corpus")


@pytest.fixture(scope="session")
def news_html_dir(shared_dir: Path) -> Path:
    return _need(shared_dir / "corpora" / "news_html", "the news_html fixtures")


@pytest.fixture(scope="session")
def demo_csv() -> Path:
    """The demo corpus CSV; `make test` fetches it first (`make data`)."""
    return _need(config.DEMO_CSV, "the demo corpus (run `make data`)")


@pytest.fixture(scope="session")
def sample_article() -> Path:
    """The bundled sample article in data/raw/."""
    return _need(config.SAMPLE_ARTICLE, "the bundled sample article")


@pytest.fixture(scope="session")
def hostile_row() -> Callable[[str, str], pd.DataFrame]:
    """A row of the demo CSV's columns for a scraped article with this title and text
    (the report and explorer tests give both scripts, to check they are shown as text)."""

    def row(title: str, text: str) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "article_id": [999999],
                "publish_date": ["2017/2/1"],
                "article_source_link": ["http://evil.example.com/news/payload"],
                "title": [title],
                "subtitle": [""],
                "text": [text],
            }
        )

    return row
