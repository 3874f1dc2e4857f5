"""Fixtures for the topic tests: small document-term matrices built with CountVectorizer.

Toy matrices come from scikit-learn's CountVectorizer wrapped in
:class:`analysis.terms.DocumentTermMatrix` (the non-build_dtm path); BBC and demo
matrices from the project's :func:`analysis.terms.build_dtm`.
"""

from __future__ import annotations

import pandas as pd
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from analysis.terms import DocumentTermMatrix, build_dtm

TOY_DOCS = [
    "Oil prices rose as the oil market tightened and crude output fell.",
    "Crude oil output and oil prices: the market expects higher prices.",
    "The central bank raised interest rates; markets and prices reacted.",
    "Interest rates and inflation worry the bank and bond markets.",
    "The team won the match with a late goal from the striker.",
    "A late goal gave the home team the match; the striker scored twice.",
    "The coach praised the team after the match and the goal.",
    "The election campaign: voters, the minister and the party debate.",
    "The party minister lost the election; voters turned to the opposition.",
    "Parliament debated the election result and the minister resigned.",
    "Film stars gathered for the awards; the actor won best film.",
    "The actress and the actor starred in a film nominated for awards.",
]
TOY_TOPICS = ["business"] * 4 + ["sport"] * 3 + ["politics"] * 3 + ["film"] * 2


def make_dtm(docs, *, ids=None, **vectorizer_options) -> DocumentTermMatrix:
    """A DocumentTermMatrix from raw strings via CountVectorizer (test helper)."""
    options = {"stop_words": "english", **vectorizer_options}
    vectorizer = CountVectorizer(**options)
    counts = vectorizer.fit_transform(docs).tocsr()
    if ids is None:
        ids = [f"d{i:03d}" for i in range(len(docs))]
    return DocumentTermMatrix(
        matrix=counts,
        terms=vectorizer.get_feature_names_out(),
        doc_ids=pd.Index(ids, name="doc_id"),
        options=options,
        docvars=None,
    )


@pytest.fixture(scope="session")
def dtm_factory():
    return make_dtm


@pytest.fixture(scope="session")
def toy_dtm():
    return make_dtm(TOY_DOCS)


@pytest.fixture(scope="session")
def toy_docs():
    return list(TOY_DOCS)


@pytest.fixture(scope="session")
def toy_labels():
    return list(TOY_TOPICS)


@pytest.fixture(scope="session")
def toy_articles(toy_dtm):
    n = len(TOY_DOCS)
    return pd.DataFrame(
        {
            "title": [f"Title {i}" for i in range(n)],
            "text": TOY_DOCS,
            "source": ["a.com", "b.com"] * (n // 2),
            "published": pd.to_datetime(
                ["2017-01-05", "2017-01-20", "2017-02-03", "2017-02-25"] * (n // 4), utc=True
            ),
        },
        index=toy_dtm.doc_ids,
    )


@pytest.fixture(scope="session")
def bbc_frame(bbc_csv):
    """BBC News, exact repeated texts removed, indexed by file_id as doc_id."""
    frame = pd.read_csv(bbc_csv).drop_duplicates("text")
    frame.index = pd.Index(frame["file_id"], name="doc_id")
    return frame


@pytest.fixture(scope="session")
def bbc_dtm(bbc_frame):
    """The project's default document-term matrix (analysis.terms.build_dtm)."""
    return build_dtm(bbc_frame)


@pytest.fixture(scope="session")
def demo_sample(demo_csv):
    """600 demo-corpus articles (fixed seed), in the articles-frame shape."""
    frame = pd.read_csv(demo_csv).sample(600, random_state=0)
    out = pd.DataFrame(
        {
            "title": frame["title"].fillna(""),
            "text": frame["text"].fillna(""),
            "source": frame["article_source_link"].str.extract(r"https?://(?:www\.)?([^/]+)")[0],
            "published": pd.to_datetime(frame["publish_date"], utc=True, errors="coerce"),
        }
    )
    out.index = pd.Index(frame["article_id"].astype(str), name="doc_id")
    return out
