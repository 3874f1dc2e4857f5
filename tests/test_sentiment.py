"""VADER sentiment per sentence: the vaderSentiment package itself is the reference."""

from __future__ import annotations

import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import analysis.sentiment as analysis_sentiment
from analysis.readability import split_paragraphs, split_sentences
from analysis.sentiment import extreme_sentences, sentiment

ARTICLES = pd.DataFrame(
    {
        "text": [
            "The talks were a great success. Nobody was hurt.\n\nOfficials are NOT happy!",
            "Three people died in a terrible crash. Police said the road was closed.",
            None,
            "<script>alert(1)</script> A wonderful, lovely result for everyone.",
        ],
        "source": ["a.com", "b.com", "b.com", "b.com"],
    },
    index=pd.Index(["d1", "d2", "d3", "d4"], name="doc_id"),
)


def test_every_sentence_is_scored_as_vader_scores_it():
    out = sentiment(ARTICLES)
    reference = SentimentIntensityAnalyzer()
    expected = [
        (doc_id, s, reference.polarity_scores(s)["compound"])
        for doc_id, text in ARTICLES["text"].dropna().items()
        for p in split_paragraphs(text)
        for s in split_sentences(p, splitter="robust")
    ]
    assert list(zip(out["doc_id"], out["text"], out["compound"], strict=True)) == expected
    assert out.groupby("doc_id")["sentence"].max().to_dict() == {"d1": 3, "d2": 2, "d4": 1}
    assert (out["source"] == out["doc_id"].map(ARTICLES["source"])).all()


def test_partitions_do_not_change_the_result():
    pd.testing.assert_frame_equal(sentiment(ARTICLES), sentiment(ARTICLES, rows_per_partition=1))


def test_document_level_is_the_mean_of_its_sentences():
    sentences = sentiment(ARTICLES)
    docs = sentiment(ARTICLES, level="document").set_index("doc_id")
    assert list(docs.index) == ["d1", "d2", "d4"]  # no text, no row
    means = sentences.groupby("doc_id")["compound"].mean()
    pd.testing.assert_series_equal(docs["compound"], means, check_names=False)
    d1 = sentences[sentences["doc_id"] == "d1"]["compound"]
    assert docs.loc["d1", "share_positive"] == pytest.approx((d1 >= 0.05).mean())
    assert docs.loc["d1", "n_sentences"] == 3


def test_extreme_sentences_per_outlet_are_shown_escaped():
    table = extreme_sentences(sentiment(ARTICLES), n=1)
    top = table.set_index(["source", "side"])["text"]
    assert top[("b.com", "most negative")] == "Three people died in a terrible crash."
    assert "wonderful" in top[("b.com", "most positive")]
    html = table.to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_bad_options():
    with pytest.raises(ValueError, match="Unknown level"):
        sentiment(ARTICLES, level="paragraph")
    with pytest.raises(TypeError, match="not a single string"):
        sentiment("one text")
    with pytest.raises(ValueError, match="positive integer"):
        extreme_sentences(sentiment(ARTICLES), n=0)


def test_document_sentiment_reuses_the_sentence_table():
    sentences = sentiment(ARTICLES)
    pd.testing.assert_frame_equal(
        analysis_sentiment.document_sentiment(sentences), sentiment(ARTICLES, level="document")
    )
    assert list(analysis_sentiment.document_sentiment(sentences).columns[:2]) == [
        "doc_id",
        "source",
    ]
