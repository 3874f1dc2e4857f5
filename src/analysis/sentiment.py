"""Sentiment with VADER, sentence by sentence, and the sentences that drive it.

VADER (Hutto & Gilbert 2014; the ``vaderSentiment`` package, whose lexicon of about
7,500 scored words ships inside it) is a dictionary method with rules for negation
("not good"), intensifiers ("very"), capitals and "but". It was built for short social
media texts, so it scores **sentences** here: each article is cut into paragraphs
(:func:`analysis.readability.split_paragraphs`), each paragraph into sentences
(:func:`analysis.readability.split_sentences`, ``robust`` splitter), and each sentence
is scored by ``SentimentIntensityAnalyzer.polarity_scores`` unchanged:

``compound``
    The normalised sum of the word valences, in ``[-1, 1]``; by VADER's convention a
    sentence is positive at ``>= 0.05`` and negative at ``<= -0.05``.
``pos``, ``neu``, ``neg``
    Shares of the sentence's text that are positive, neutral, negative.

An article's score (``level="document"``) is the mean of its sentences' compound
scores, with the shares of positive and negative sentences. News language is mostly
neutral, and a word's dictionary valence is not the writer's stance ("attack",
"killed" score negative in a neutral report): read the sentences
(:func:`extreme_sentences`) before trusting a difference between outlets.

Each partition of articles is scored on its own (:func:`score_partition`) and the
results are concatenated in order, so partitions never change a result.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .parallel import as_partitions, get_executor, read_partition
from .readability import split_paragraphs, split_sentences

__all__ = [
    "LEVELS",
    "THRESHOLD",
    "document_sentiment",
    "extreme_sentences",
    "score_partition",
    "sentiment",
]

LEVELS = ("sentence", "document")
#: VADER's conventional cut-off for a positive (>=) or negative (<= -) compound score.
THRESHOLD = 0.05
_SCORES = ["neg", "neu", "pos", "compound"]


def _as_frame(articles) -> pd.DataFrame:
    if isinstance(articles, str):
        raise TypeError("Pass the articles frame (or a list of texts), not a single string.")
    if isinstance(articles, pd.DataFrame):
        if "text" not in articles.columns:
            raise ValueError("The articles frame has no 'text' column; load it with load_corpus.")
        return articles
    return (
        pd.Series(list(articles) if not isinstance(articles, pd.Series) else articles)
        .rename("text")
        .to_frame()
    )


def score_partition(partition: Any, keep: list[str]) -> pd.DataFrame:
    """The per-partition step of :func:`sentiment`: one row per sentence of these articles.

    Examples
    --------
    >>> part = pd.DataFrame({"text": ["Good news. Bad news!"]})
    >>> score_partition(part, [])[["sentence", "text"]].values.tolist()
    [[1, 'Good news.'], [2, 'Bad news!']]
    """
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    frame = read_partition(partition)
    analyzer = SentimentIntensityAnalyzer()
    rows = []
    for doc_id, text, *extra in zip(
        frame.index, frame["text"], *(frame[c] for c in keep), strict=True
    ):
        if not isinstance(text, str):
            continue
        sentences = [
            s for p in split_paragraphs(text) for s in split_sentences(p, splitter="robust")
        ]
        for i, sentence in enumerate(s for s in sentences if s.strip()):
            scores = analyzer.polarity_scores(sentence)
            rows.append((doc_id, *extra, i + 1, sentence, *(scores[k] for k in _SCORES)))
    columns = ["doc_id", *keep, "sentence", "text", *_SCORES]
    return pd.DataFrame.from_records(rows, columns=columns)


def sentiment(
    articles: pd.DataFrame | pd.Series | Sequence[str],
    *,
    level: str = "sentence",
    keep: Sequence[str] = ("source",),
    client: Any = None,
    n_jobs: int | None = None,
    rows_per_partition: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """VADER sentiment of every sentence, or of every article (mean of its sentences).

    Parameters
    ----------
    articles : DataFrame, Series or list of str
        The articles frame (``text`` column, index ``doc_id``) or texts.
    level : {'sentence', 'document'}, default 'sentence'
    keep : sequence of str, default ('source',)
        Article columns copied to every row (those present).
    client, n_jobs, rows_per_partition, progress
        Where and how the partitions run (see :mod:`analysis.parallel`).

    Returns
    -------
    DataFrame
        ``sentence``: ``doc_id``, the kept columns, ``sentence`` (1-based), ``text``,
        ``neg``, ``neu``, ``pos``, ``compound``; one row per non-empty sentence.
        ``document``: ``doc_id``, the kept columns, ``n_sentences``, ``compound``
        (mean), ``share_positive`` and ``share_negative`` (of sentences beyond
        :data:`THRESHOLD`); articles without text are left out.

    Examples
    --------
    A dictionary reads words, not meaning: "Nobody was hurt." scores negative.

    >>> texts = ["The talks were a great success. Nobody was hurt.", "Three people died."]
    >>> sentiment(texts)[["doc_id", "sentence", "compound"]]
       doc_id  sentence  compound
    0       0         1    0.8316
    1       0         2   -0.5267
    2       1         1   -0.5574
    >>> sentiment(texts, level="document")["compound"].round(3).tolist()
    [0.152, -0.557]
    """
    if level not in LEVELS:
        raise ValueError(f"Unknown level {level!r}. Use one of {LEVELS}.")
    frame = _as_frame(articles)
    cols = [c for c in keep if c in frame.columns]
    executor = get_executor(client, n_jobs)
    parts = as_partitions(
        frame[["text", *cols]], rows_per_partition=rows_per_partition, n_workers=executor.n_workers
    )
    results = executor.map(score_partition, parts, cols, desc="sentiment", progress=progress)
    filled = [r for r in results if len(r)] or results[:1]  # an empty part has no dtypes
    sentences = pd.concat(filled, ignore_index=True) if len(filled) > 1 else filled[0]
    if level == "sentence":
        return sentences
    return document_sentiment(sentences)


def document_sentiment(sentences: pd.DataFrame) -> pd.DataFrame:
    """Each article's sentiment from its sentences' scores (no rescoring).

    What ``sentiment(..., level="document")`` returns, from the sentence table you
    already have.

    Parameters
    ----------
    sentences : DataFrame
        The output of ``sentiment(..., level="sentence")``.

    Returns
    -------
    DataFrame
        ``doc_id``, the kept columns (those between ``doc_id`` and ``sentence``),
        ``n_sentences``, ``compound`` (mean of the sentences), ``share_positive`` and
        ``share_negative`` (shares of sentences at or beyond :data:`THRESHOLD`).

    Examples
    --------
    >>> s = sentiment(["A wonderful day. A terrible crash. Rain fell."])
    >>> document_sentiment(s)[["n_sentences", "share_positive", "share_negative"]].values.round(3).tolist()
    [[3.0, 0.333, 0.333]]
    """
    cols = list(sentences.columns[1 : list(sentences.columns).index("sentence")])
    c = sentences["compound"]
    work = sentences.assign(_pos=c >= THRESHOLD, _neg=c <= -THRESHOLD)
    grouped = work.groupby("doc_id", sort=False)
    out = grouped[cols].first() if cols else pd.DataFrame(index=grouped.size().index)
    out["n_sentences"] = grouped.size()
    out["compound"] = grouped["compound"].mean()
    out["share_positive"] = grouped["_pos"].mean()
    out["share_negative"] = grouped["_neg"].mean()
    return out.reset_index()


def extreme_sentences(
    sentences: pd.DataFrame, *, by: str | None = "source", n: int = 3
) -> pd.DataFrame:
    """The ``n`` most positive and ``n`` most negative sentences of each group.

    For validation by reading: does the dictionary's score match what the sentence
    says? Show the ``text`` as text (a DataFrame's HTML escapes it; never render it as
    Markdown or HTML).

    Parameters
    ----------
    sentences : DataFrame
        The output of ``sentiment(..., level="sentence")``.
    by : str or None, default 'source'
        Group column; ``None`` (or a column that is absent) takes all sentences as one group.
    n : int, default 3

    Returns
    -------
    DataFrame
        Columns: the group column (if any), ``side`` (``'most positive'`` or
        ``'most negative'``), ``rank`` (1 = most extreme), ``compound``, ``text``,
        ``doc_id``. Ties are broken by ``doc_id`` and sentence number.

    Examples
    --------
    >>> s = sentiment(["A wonderful, happy day. Rain fell. A terrible, deadly crash."])
    >>> extreme_sentences(s, n=1)[["side", "text"]].values.tolist()
    [['most positive', 'A wonderful, happy day.'], ['most negative', 'A terrible, deadly crash.']]
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer; got {n!r}.")
    group = [by] if by is not None and by in sentences.columns else []
    base = sentences.sort_values([*group, "doc_id", "sentence"], kind="stable")
    parts = []
    for side, ascending in (("most positive", False), ("most negative", True)):
        ranked = base.sort_values([*group, "compound"], ascending=[True] * len(group) + [ascending],
                                  kind="stable")  # fmt: skip
        top = ranked.groupby(group, sort=False).head(n) if group else ranked.head(n)
        top = top[(top["compound"] > 0) if not ascending else (top["compound"] < 0)]
        top = top.assign(side=side)
        top["rank"] = (
            top.groupby(group, sort=False).cumcount() + 1 if group else range(1, len(top) + 1)
        )
        parts.append(top)
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values([*group, "side", "rank"], ascending=[True] * len(group) + [False, True],
                          kind="stable")  # fmt: skip
    return out[[*group, "side", "rank", "compound", "text", "doc_id"]].reset_index(drop=True)
