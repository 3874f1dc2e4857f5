"""Warnings point at the caller's line, not at the package's frames (issue #14).

``analysis._shim.renamed`` wraps functions, so a warning raised inside one with a
fixed ``stacklevel`` used to name ``_shim.py``; ``find_stack_level`` walks past every
frame of the package.
"""

from __future__ import annotations

import warnings

import pandas as pd

from analysis._shim import find_stack_level, renamed
from analysis.terms import build_dtm, trends
from analysis.topics import coherence

ARTICLES = pd.DataFrame(
    {
        "text": ["trump spoke on trade", "brexit talks on trade", "trump and brexit again"],
        "published": pd.to_datetime(["2017-01-02", None, "2017-01-10"]),
    }
)


def _caught(call) -> list[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    return caught


def test_trends_undated_documents_warning_names_the_callers_file():
    dtm = build_dtm(ARTICLES, min_df=1)
    caught = _caught(lambda: trends(dtm, ARTICLES["published"], ["trump"]))
    (w,) = [w for w in caught if "have no date" in str(w.message)]
    assert w.filename == __file__, w.filename


def test_trends_unknown_terms_warning_names_the_callers_file():
    dtm = build_dtm(ARTICLES.dropna(), min_df=1)
    caught = _caught(lambda: trends(dtm, ARTICLES["published"].dropna(), ["trump", "zzz"]))
    (w,) = [w for w in caught if "not in the vocabulary" in str(w.message)]
    assert w.filename == __file__, w.filename


def test_coherence_warnings_name_the_callers_file():
    tokens = [["oil", "price", "rose"], ["oil", "price", "fell"], ["goal", "match"]]
    caught = _caught(lambda: coherence([["oil", "price", "absent"]], tokens))
    (w,) = [w for w in caught if "do not occur in the texts" in str(w.message)]
    assert w.filename == __file__, w.filename


def test_a_deprecated_keyword_warning_names_the_callers_file():
    @renamed(top_n="n")
    def top(*, n=3):
        return n

    caught = _caught(lambda: top(top_n=2))
    assert [w.filename for w in caught] == [__file__]


def test_find_stack_level_counts_the_package_frames_only():
    # called from outside the package, the warning points at the line that warns
    assert find_stack_level() == 1
