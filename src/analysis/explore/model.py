"""What the explorer's views show, computed from a :class:`CorpusIndex` (no web framework).

:class:`Explorer` holds the corpus, its index and (optionally) a topic model; each view is
one method that takes the current :class:`Selection` and returns a table or a sentence.
The app (:mod:`analysis.explore.app`) only lays these out, so the numbers are testable
without a browser and the benchmark times exactly what an interaction costs.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..periods import period_alias
from ..terms import keyness_from_counts, stop_word_set
from .index import CorpusIndex, Hits

if TYPE_CHECKING:
    from ..topics import TopicModel

__all__ = ["Explorer", "Selection", "highlight"]

_POOLED = "\x00(every other term)"


@dataclass
class Selection:
    """The current selection every view follows (mirrored in the URL query).

    ``sources`` empty means every outlet; ``start``/``end`` are dates (inclusive) or
    None; ``query`` keeps documents that contain it; ``topic`` keeps documents whose
    main topic it is (-1: any).
    """

    term: str = ""
    sources: tuple[str, ...] = ()
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    query: str = ""
    topic: int = -1
    doc: str = ""


def highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """The text as escaped HTML with the spans in ``<mark>``; nothing in it is markup.

    Examples
    --------
    >>> highlight("<b>oil</b> and oil", [(3, 6), (15, 18)])
    '&lt;b&gt;<mark>oil</mark>&lt;/b&gt; and <mark>oil</mark>'
    """
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out += [html.escape(text[last:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


class Explorer:
    """The corpus, its index and the views' computations.

    Parameters
    ----------
    articles : DataFrame
        Indexed by ``doc_id``, with ``text`` and, when present, ``title``, ``source``,
        ``published``.
    index : CorpusIndex, optional
        Built from ``articles`` when not given.
    topics : TopicModel, optional
        A fitted model for the Topics view (:func:`analysis.topics.fit_topics`).

    Examples
    --------
    >>> arts = pd.DataFrame({"text": ["Oil prices rose.", "Oil and gas.", "Rain."],
    ...                      "source": ["a.com", "b.com", "a.com"]},
    ...                     index=pd.Index(["d1", "d2", "d3"], name="doc_id"))
    >>> ex = Explorer(arts)
    >>> ex.hits(Selection(term="oil")).docs.tolist()
    [0, 1]
    >>> ex.hits(Selection(term="oil", sources=("b.com",))).docs.tolist()
    [1]
    """

    def __init__(self, articles: pd.DataFrame, *, index: CorpusIndex | None = None,
                 topics: TopicModel | None = None,
                 progress: Callable[[list[str]], Iterable[str]] | None = None) -> None:  # fmt: skip
        self.articles = articles
        self.index = index if index is not None else CorpusIndex.build(articles, progress=progress)
        self.sources = self._column("source").fillna("(no outlet)").astype(str).to_numpy()
        self.outlets = sorted(set(self.sources))
        dates = self._column("published")
        dates = pd.to_datetime(dates, errors="coerce", utc=True)
        self.dates = dates.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
        self.has_dates = bool(pd.notna(self.dates).any())
        self.titles = self._column("title").fillna("").astype(str).to_numpy()
        self.row_of = {doc_id: i for i, doc_id in enumerate(articles.index.astype(str))}
        self.topics = topics
        self.main_topic = None
        if topics is not None:
            shares = topics.doc_topics_.reindex(articles.index.astype(str))
            main = shares.to_numpy().argmax(axis=1)
            main[shares.isna().all(axis=1).to_numpy() | (shares.sum(axis=1) == 0).to_numpy()] = -1
            self.main_topic = main
        self._periods: dict[str, tuple[np.ndarray, pd.DatetimeIndex]] = {}

    def _column(self, name: str) -> pd.Series:
        if name in self.articles.columns:
            return self.articles[name].reset_index(drop=True)
        return pd.Series([None] * len(self.articles), dtype=object)

    # ------------------------------------------------------------ selection
    def mask(self, sel: Selection) -> np.ndarray:
        """One flag per document: does it pass the filters (outlets, dates, query, topic)?"""
        keep = np.ones(self.index.n_docs, dtype=bool)
        if sel.sources:
            keep &= np.isin(self.sources, list(sel.sources))
        if self.has_dates and (sel.start is not None or sel.end is not None):
            dated = pd.notna(self.dates)
            keep &= dated
            if sel.start is not None:
                keep &= self.dates >= np.datetime64(pd.Timestamp(sel.start).normalize())
            if sel.end is not None:
                end = pd.Timestamp(sel.end).normalize() + pd.Timedelta(days=1)
                keep &= self.dates < np.datetime64(end)
        if sel.query.strip():
            has = np.zeros(self.index.n_docs, dtype=bool)
            has[self.index.hits(sel.query).docs] = True
            keep &= has
        if sel.topic >= 0 and self.main_topic is not None:
            keep &= self.main_topic == sel.topic
        return keep

    def hits(self, sel: Selection, mask: np.ndarray | None = None) -> Hits:
        """The term's hits in the selected documents."""
        mask = self.mask(sel) if mask is None else mask
        return self.index.hits(sel.term, docs=mask)

    def summary(self, sel: Selection, hits: Hits, mask: np.ndarray) -> str:
        """One sentence: how many hits in how many of the selected articles."""
        n_docs = int(mask.sum())
        if n_docs == 0:
            return "No article matches these filters; widen the outlets, dates or query."
        where = f"{n_docs:,} selected article{'s' if n_docs != 1 else ''}"
        if not sel.term.strip():
            return f'{where}. Type a word, a "phrase" or a wildcard (econom*) to search.'
        if not len(hits):
            return f"\u201c{sel.term}\u201d does not occur in the {where}."
        n_in = len(np.unique(hits.docs))
        return (
            f"\u201c{sel.term}\u201d: {len(hits):,} hit{'s' if len(hits) != 1 else ''} "
            f"in {n_in:,} of the {where}."
        )

    # ---------------------------------------------------------------- terms
    def frequencies(
        self, mask: np.ndarray, *, stop_words: Iterable[str] = (), n: int = 2000
    ) -> pd.DataFrame:
        """The most frequent words of the selected documents (stop words left out).

        Columns ``rank`` (from 1), ``term``, ``count``, ``docs`` (documents using it),
        ``per_10k`` (per 10,000 tokens).
        """
        counts = self.index.counts(mask)
        total = counts.sum()
        stop = set(stop_words)
        order = np.argsort(-counts, kind="stable")
        order = order[counts[order] > 0][: n + len(stop)]  # at most len(stop) are dropped
        terms = self.index.vocab[order]
        if stop:
            keep = np.fromiter((t not in stop for t in terms), dtype=bool, count=len(terms))
            order, terms = order[keep], terms[keep]
        order, terms = order[:n], terms[:n]
        return pd.DataFrame(
            {
                "rank": np.arange(1, len(order) + 1),
                "term": terms.astype(str),
                "count": counts[order],
                "per_10k": np.round(counts[order] / max(total, 1) * 1e4, 2),
            }
        )

    def collocates(self, hits: Hits, mask: np.ndarray, *, window: int = 5,
                   stop_words: Iterable[str] = (), min_count: int = 2) -> pd.DataFrame:  # fmt: skip
        """Words near the term, by logDice (:meth:`CorpusIndex.collocates`)."""
        return self.index.collocates(
            hits, mask, window=window, stop=frozenset(stop_words), min_count=min_count
        )

    # --------------------------------------------------------------- trends
    def period_codes(self, period: str) -> tuple[np.ndarray, pd.DatetimeIndex]:
        """Each document's period number (-1: no date) and the period starts (cached)."""
        if period not in self._periods:
            when = pd.Series(self.dates)
            dated = when.notna().to_numpy()
            codes = np.full(len(when), -1, dtype=np.int64)
            starts = pd.DatetimeIndex([])
            if dated.any():
                periods = when[dated].dt.to_period(period_alias(period))
                found, labels = pd.factorize(periods, sort=True)
                codes[dated] = found
                starts = pd.PeriodIndex(labels).start_time
            self._periods[period] = (codes, starts)
        return self._periods[period]

    def trend_arrays(self, hits: Hits, mask: np.ndarray, *, period: str = "week",
                     by_source: bool = True) -> dict[str, dict[str, np.ndarray]]:  # fmt: skip
        """:meth:`trends` as arrays per group (what the plot reads, without pandas)."""
        codes, starts = self.period_codes(period)
        docs = mask & (codes >= 0)
        out: dict[str, dict[str, np.ndarray]] = {}
        if not docs.any():
            return out
        n_p = len(starts)
        starts = starts.to_numpy()
        per_doc = np.bincount(hits.docs, minlength=self.index.n_docs).astype(float)
        groups = [("all selected", docs)]
        if by_source:
            groups += [(s, docs & (self.sources == s)) for s in self.outlets]
        for name, rows in groups:
            c = codes[rows]
            if not len(c):
                continue
            articles = np.bincount(c, minlength=n_p)
            used = articles > 0
            n_hits = np.bincount(c, weights=per_doc[rows], minlength=n_p)[used].astype(np.int64)
            tokens = np.bincount(c, weights=self.index.doc_lengths[rows], minlength=n_p)[used]
            with np.errstate(invalid="ignore", divide="ignore"):
                rate = np.where(tokens > 0, n_hits / np.maximum(tokens, 1) * 1e4, 0.0)
            out[name] = {
                "period": starts[used], "hits": n_hits, "tokens": tokens.astype(np.int64),
                "articles": articles[used], "per_10k": rate,
            }  # fmt: skip
        return out

    def trends(self, hits: Hits, mask: np.ndarray, *, period: str = "week",
               by_source: bool = True) -> pd.DataFrame:  # fmt: skip
        """Hits per 10,000 tokens per period (and outlet), with the articles per period.

        Columns ``period``, ``source`` (``"all selected"`` for the total), ``hits``,
        ``tokens``, ``articles`` and ``per_10k``. Undated documents are left out.
        """
        cols = ["period", "source", "hits", "tokens", "articles", "per_10k"]
        groups = self.trend_arrays(hits, mask, period=period, by_source=by_source)
        if not groups:
            return pd.DataFrame(columns=cols)
        frames = [pd.DataFrame({"source": name, **arrays}) for name, arrays in groups.items()]
        return pd.concat(frames, ignore_index=True)[cols]

    # -------------------------------------------------------------- compare
    def compare(self, target: np.ndarray, reference: np.ndarray, *, min_count: int = 5,
                stop_words: Iterable[str] = (), measure: str = "g2") -> pd.DataFrame:  # fmt: skip
        """Keyness of the target documents against the reference documents.

        :func:`analysis.terms.keyness_from_counts` on the two sides' word counts; terms
        used fewer than ``min_count`` times on both sides together are left out.
        """
        n_t, n_r = self.index.counts(target), self.index.counts(reference)
        if n_t.sum() == 0 or n_r.sum() == 0:
            side = "first" if n_t.sum() == 0 else "second"
            raise ValueError(f"The {side} selection has no words; choose other outlets or dates.")
        table = self._keyness(n_t, n_r, np.flatnonzero(n_t + n_r >= max(min_count, 1)), measure)
        if stop_words:
            table = table[~table["term"].isin(set(stop_words))]
        return table.reset_index(drop=True)

    def _keyness(self, n_t, n_r, keep, measure: str = "g2") -> pd.DataFrame:
        """:func:`keyness_from_counts` for the terms ``keep`` only, same totals.

        The other terms are pooled into one row so both sides keep their totals (a
        term's statistic depends only on its own counts and the two totals); that row
        is dropped.
        """
        rest_t, rest_r = n_t.sum() - n_t[keep].sum(), n_r.sum() - n_r[keep].sum()
        terms = np.append(self.index.vocab[keep], _POOLED)
        table = keyness_from_counts(
            terms, np.append(n_t[keep], rest_t), np.append(n_r[keep], rest_r), measure=measure
        )
        return table[table["term"] != _POOLED].reset_index(drop=True)

    # --------------------------------------------------------------- reader
    def document(self, doc_id: str, hits: Hits | None = None) -> dict | None:
        """One article: its metadata, escaped text with hits marked, and row number."""
        row = self.row_of.get(str(doc_id))
        if row is None:
            return None
        text = self.index.text(row)
        spans = self.index.spans(row, hits) if hits is not None else []
        date = self.dates[row]
        return {
            "row": row,
            "doc_id": str(doc_id),
            "title": self.titles[row],
            "source": self.sources[row],
            "published": None if pd.isna(date) else pd.Timestamp(date).strftime("%Y-%m-%d"),
            "n_tokens": int(self.index.doc_lengths[row]),
            "n_hits": len(spans),
            "html": highlight(text, spans),
        }

    def distinctive_terms(
        self, row: int, *, n: int = 10, stop_words: Iterable[str] = ()
    ) -> pd.DataFrame:
        """The document's words it uses most beyond the rest of the corpus (G², log ratio)."""
        cols = ["term", "n_target", "log_ratio"]
        if self.index.n_docs < 2 or self.index.doc_lengths[row] == 0:
            return pd.DataFrame(columns=cols)
        n_t = self.index.matrix[row].toarray().ravel()
        n_r = self.index.counts(np.ones(self.index.n_docs, dtype=bool)) - n_t
        if n_r.sum() == 0:
            return pd.DataFrame(columns=cols)
        # a word used once in the document is not distinctive of it
        table = self._keyness(n_t, n_r, np.flatnonzero(n_t >= 2))
        if stop_words:
            table = table[~table["term"].isin(set(stop_words))]
        table = table[(table["statistic"] > 0) & (table["n_target"] > 1)]
        return table.head(n)[["term", "n_target", "log_ratio"]]

    @staticmethod
    def default_stop_words() -> list[str]:
        """The project's English stop words (:func:`analysis.terms.stop_word_set`)."""
        return sorted(stop_word_set("english"))
