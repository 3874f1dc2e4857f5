"""Key findings: plain-language sentences computed from a lesson's results.

Every report page opens with a few sentences that say what was found, each linking
to the section that supports it. :mod:`analysis.findings.display` holds the objects
a lesson's cell tagged ``findings`` displays; :mod:`analysis.findings.lessons` the
functions that write each lesson's sentences from its result tables.

Examples
--------
>>> import pandas as pd
>>> from analysis.findings import corpus_findings
>>> arts = pd.DataFrame({"source": ["a", "b"], "n_words": [120, 80], "published": pd.NaT})
>>> print(corpus_findings(arts).items[1].text)
No article carries a publication date, so this corpus says nothing about when things were published.
"""

from .display import FINDINGS_MIME, Finding, Findings, join_names, read_findings
from .lessons import (
    MEASURES,
    QUESTIONS,
    article_findings,
    composition_warnings,
    corpus_findings,
    readability_findings,
    sentiment_findings,
    terms_findings,
    topics_findings,
)

__all__ = [
    "FINDINGS_MIME",
    "MEASURES",
    "QUESTIONS",
    "Finding",
    "Findings",
    "article_findings",
    "composition_warnings",
    "corpus_findings",
    "join_names",
    "read_findings",
    "readability_findings",
    "sentiment_findings",
    "terms_findings",
    "topics_findings",
]
