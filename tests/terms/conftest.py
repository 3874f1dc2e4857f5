"""Fixtures for the terms tests: the demo corpus as an articles frame (until the loader lands)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest


def demo_articles_frame(path: Path) -> pd.DataFrame:
    """The demo CSV in the articles-frame shape (index doc_id; title, text, source, published)."""
    raw = pd.read_csv(path)
    raw = raw[raw["text"].fillna("").str.strip() != ""]
    frame = pd.DataFrame(
        {
            "title": raw["title"].to_numpy(),
            "text": raw["text"].to_numpy(),
            "source": raw["article_source_link"]
            .str.extract(r"https?://(?:www\.)?([^/]+)")[0]
            .to_numpy(),
            "url": raw["article_source_link"].to_numpy(),
            "section": pd.NA,
            "published": pd.to_datetime(
                raw["publish_date"].str.strip(), utc=True, format="mixed", errors="coerce"
            ).to_numpy(),
        },
        index=pd.Index(raw["article_id"].astype(str).to_numpy(), name="doc_id"),
    )
    return frame


@pytest.fixture(scope="session")
def demo_articles(demo_csv: Path) -> pd.DataFrame:
    return demo_articles_frame(demo_csv)


@pytest.fixture(scope="session")
def demo_sample(demo_articles: pd.DataFrame) -> pd.DataFrame:
    """A fixed 20% sample, stratified by outlet (keeps the suite fast)."""
    return demo_articles.groupby("source", group_keys=False).sample(frac=0.2, random_state=0)
