"""Fixtures for the readability tests: small articles frames built from the corpora."""

from __future__ import annotations

import pandas as pd
import pytest


@pytest.fixture(scope="session")
def demo_frame(demo_csv) -> pd.DataFrame:
    """A 120-article sample of the demo corpus shaped like the articles frame."""
    raw = pd.read_csv(demo_csv).dropna(subset=["text"]).sample(120, random_state=7)
    frame = pd.DataFrame(
        {
            "title": raw["title"].to_numpy(),
            "text": raw["text"].to_numpy(),
            "source": raw["article_source_link"]
            .str.extract(r"https?://(?:www\.)?([^/]+)")[0]
            .to_numpy(),
            "published": pd.to_datetime(raw["publish_date"], utc=True, errors="coerce").to_numpy(),
        },
        index=pd.Index(raw["article_id"].astype(str).to_numpy(), name="doc_id"),
    )
    return frame


@pytest.fixture(scope="session")
def bbc_texts(bbc_csv) -> pd.Series:
    return pd.read_csv(bbc_csv)["text"].dropna().sample(60, random_state=3)
