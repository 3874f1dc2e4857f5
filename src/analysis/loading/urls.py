"""Derive ``source`` (outlet) and ``section`` from an article URL."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

__all__ = ["url_domain", "url_section"]

_GENERIC = frozenset(
    {"story", "stories", "article", "articles", "a", "p", "amp", "content", "index", "wirestory"}
)
_LANG = re.compile(r"[a-z]{2}(?:[-_][a-zA-Z]{2})?")
_DATEISH = re.compile(r"\d[\d_-]*")
_WORDY = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+){0,2}")


def _split(url: str):
    url = url.strip()
    if "://" not in url and not url.startswith("//"):
        url = "//" + url
    try:
        return urlsplit(url)
    except ValueError:
        return None


def url_domain(url: object) -> str | None:
    """The outlet's domain from a URL, without ``www.``; None if there is none.

    Examples
    --------
    >>> url_domain("http://www.bbc.co.uk/news/uk-politics-38895007")
    'bbc.co.uk'
    >>> url_domain("abcnews.go.com/Politics/x") , url_domain("not a url")
    ('abcnews.go.com', None)
    """
    if not isinstance(url, str) or not url.strip():
        return None
    parts = _split(url)
    host = (parts.hostname or "") if parts else ""
    if "." not in host or " " in host:
        return None
    return host[4:] if host.startswith("www.") else host


def url_section(url: object) -> str | None:
    """The first meaningful path segment of a URL (a section such as ``Politics``).

    Segments that are language codes (``en``), dates or numbers, generic words
    (``story``, ``article``) or slugs (more than two hyphens) are skipped; the last
    segment (the article itself) is never a section.

    Examples
    --------
    >>> url_section("http://abcnews.go.com/Politics/pence-break-tie/story?id=45310061")
    'Politics'
    >>> url_section("http://www.cnn.com/2017/02/07/politics/betsy-devos-senate-vote/index.html")
    'politics'
    >>> url_section("http://www.dw.com/en/poland-wants-nuclear-weapons-for-europe/a-37449773")
    >>> url_section("http://tass.com/world/929606")
    'world'
    """
    if not isinstance(url, str) or not url.strip():
        return None
    parts = _split(url)
    if parts is None:
        return None
    segments = [s for s in parts.path.split("/")[:-1] if s]
    if not parts.path.endswith("/") and segments == []:
        return None
    for seg in segments:
        if (
            seg.lower() in _GENERIC
            or _DATEISH.fullmatch(seg)
            or _LANG.fullmatch(seg)
            or len(seg) > 40
        ):
            continue
        return seg if _WORDY.fullmatch(seg) else None
    return None
