"""One vocabulary across the public API (CONTRIBUTING.md): new names, old names warn.

Each renamed keyword or function still works for one release with a
``DeprecationWarning`` and gives the same result as the new name.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from analysis.loading import load_corpus
from analysis.readability import readability
from analysis.terms import build_dtm, collocations, kwic, trends
from analysis.topics import (
    coherence,
    cooccurrence_counts,
    fit_topics,
    tokenize,
    tokenize_documents,
    top_terms,
    topic_terms,
)
from analysis.words import count_words

TEXTS = [
    "Prime Minister Theresa May met the prime minister of Ireland in London on Monday.",
    "The prime minister said talks on trade would go on. Prime Minister May agreed.",
    "Oil prices rose as the oil market tightened; crude oil output fell in Russia.",
]
TOKENS = [["oil", "price", "rose"], ["oil", "price", "fell"], ["goal", "match"]]


def _old_and_new(old, new):
    with pytest.warns(DeprecationWarning, match="deprecated"):
        before = old()
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        after = new()
    return before, after


def test_n_words_is_one_count_in_the_loader_and_in_readability(tmp_path):
    sentence = "NATO’s chief visited Kyiv — for the 1st time, at 3:30 p.m. (local)."
    rows = pd.DataFrame({"title": ["A title"] * 3, "text": [sentence, *TEXTS[:2]]})
    rows.to_csv(tmp_path / "a.csv", index=False)
    articles, _ = load_corpus(tmp_path / "a.csv")
    scored = readability(articles, measures=["n_words"])
    assert articles["n_words"].tolist() == scored["n_words"].tolist()
    assert count_words(sentence) == articles["n_words"].iloc[0] == 12


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (lambda: kwic(TEXTS, "prime minister", case=True),
         lambda: kwic(TEXTS, "prime minister", lowercase=False)),
        (lambda: collocations(TEXTS, size=3, min_count=1),
         lambda: collocations(TEXTS, ngram=3, min_count=1)),
        (lambda: coherence([["oil", "price"]], TOKENS, top_n=2, window_size=3),
         lambda: coherence([["oil", "price"]], TOKENS, n=2, window=3)),
        (lambda: cooccurrence_counts(TOKENS, ["oil"], window_size=2).matrix.toarray().tolist(),
         lambda: cooccurrence_counts(TOKENS, ["oil"], window=2).matrix.toarray().tolist()),
        (lambda: tokenize(TEXTS), lambda: tokenize_documents(TEXTS)),
    ],
    ids=["kwic-case", "collocations-size", "coherence-top_n", "counts-window", "tokenize"],
)  # fmt: skip
def test_old_keywords_and_names_warn_and_agree(old, new):
    before, after = _old_and_new(old, new)
    if isinstance(before, pd.DataFrame):
        pd.testing.assert_frame_equal(before, after)
    else:
        assert before == after


def test_trends_period_names_and_pandas_aliases():
    arts = pd.DataFrame(
        {
            "text": ["trump tax", "trump trump", "brexit vote"],
            "published": pd.to_datetime(["2017-01-02", "2017-01-03", "2017-01-10"], utc=True),
        }
    )
    dtm = build_dtm(arts)
    week = trends(dtm, "published", ["trump"], period="week")
    pd.testing.assert_frame_equal(week, trends(dtm, "published", ["trump"], period="W"))
    before, after = _old_and_new(
        lambda: trends(dtm, "published", ["trump"], freq="M"),
        lambda: trends(dtm, "published", ["trump"], period="month"),
    )
    pd.testing.assert_frame_equal(before, after)
    with pytest.raises(ValueError, match="period='fortnight' is not a period name"):
        trends(dtm, "published", ["trump"], period="fortnight")


def test_one_top_terms_per_meaning():
    dtm = build_dtm(TEXTS * 2)
    model = fit_topics(dtm, 2, min_df=1, max_df=1.0)
    table = topic_terms(model, n=3)
    assert table["rank"].min() == 1  # ranks start at 1 everywhere
    assert table.groupby("topic")["term"].apply(list).tolist() == model.term_lists(3)
    before, after = _old_and_new(lambda: top_terms(model, n=3), lambda: topic_terms(model, n=3))
    pd.testing.assert_frame_equal(before, after)
    before, after = _old_and_new(lambda: model.top_terms(3), lambda: model.term_lists(3))
    assert before == after


def test_both_keywords_at_once_is_an_error():
    with pytest.raises(TypeError, match="got both top_n= and n="):
        coherence([["oil", "price"]], TOKENS, top_n=2, n=2)
