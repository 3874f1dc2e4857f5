"""Tests for analysis.loading.urls: outlet and section from URLs."""

from __future__ import annotations

import pytest

from analysis.loading.urls import url_domain, url_section


@pytest.mark.parametrize(
    ("url", "domain", "section"),
    [
        (
            "http://abcnews.go.com/Politics/pence-break-tie/story?id=45310061",
            "abcnews.go.com",
            "Politics",
        ),
        (
            "http://abcnews.go.com/Politics/wireStory/melania-trump-45327337",
            "abcnews.go.com",
            "Politics",
        ),
        (
            "http://www.cnn.com/2017/02/07/politics/betsy-devos-senate-vote/index.html",
            "cnn.com",
            "politics",
        ),
        (
            "http://www.huffingtonpost.com/2017/02/07/donald-trump-vaccines_n_14636042.html",
            "huffingtonpost.com",
            None,
        ),
        ("http://tass.com/world/929606", "tass.com", "world"),
        ("http://www.dw.com/en/poland-wants-nuclear-weapons-for-europe/a-37449773", "dw.com", None),
        ("http://www.rte.ie/news/2017/0207/850712-waiting-lists-reaction/", "rte.ie", "news"),
        ("https://example.com/story", "example.com", None),
        ("nonsense", None, None),
        (None, None, None),
    ],
)
def test_domain_and_section(url, domain, section):
    assert url_domain(url) == domain
    assert url_section(url) == section
