"""The explorer's precomputed corpus: a positional token index and what every view reads.

Everything the views need is built once (:meth:`CorpusIndex.build`), so an
interaction only slices arrays: each token of each document is stored as a vocabulary
id with its character span, documents are rows, and an inverted index gives the
positions of any word without scanning the texts. Tokens follow the project's one rule
(:mod:`analysis.terms.tokenize`), lower-cased, so a word's hits here are the rows
:func:`analysis.terms.kwic` returns for it.

A query is a word (``nato``), a phrase in quotes or with spaces (``"prime minister"``),
a wildcard (``econom*``, ``?`` for one character) or several of them separated by commas.

Building is an analysis with partitions (CONTRIBUTING.md): :func:`tokenize_partition`
tokenises some texts (nearly all of the start-up time), :func:`combine_partitions` joins
their vocabularies exactly, and :meth:`CorpusIndex.build` runs them through
:func:`analysis.parallel.get_executor` (one partition in this process by default).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..parallel import SerialExecutor, as_partitions, get_executor, read_partition
from ..terms.tokenize import TOKEN_PATTERN, TOKEN_RE, normalize, tokenize

__all__ = ["CorpusIndex", "Hits", "combine_partitions", "parse_query", "tokenize_partition"]

_SPACE = re.compile(r"\s+")


def parse_query(query: str) -> list[list[str]]:
    """Split a query into patterns, each a list of token patterns (a phrase has several).

    Parameters
    ----------
    query : str
        Words, ``"quoted phrases"`` or wildcards (``econom*``), separated by commas.

    Returns
    -------
    list of list of str
        One entry per pattern; a part holding ``*`` or ``?`` is a wildcard.

    Examples
    --------
    >>> parse_query('oil, "prime minister", econom*')
    [['oil'], ['prime', 'minister'], ['econom*']]
    >>> parse_query("  ")
    []
    """
    out = []
    for part in str(query).split(","):
        part = part.strip().strip("\"'\u201c\u201d").strip()
        if not part:
            continue
        if any(ch in part for ch in "*?"):
            words = [w for w in _SPACE.split(part.lower()) if w.strip("*?")]
        else:
            words = tokenize(part)
        if words:
            out.append(words)
    return out


def _wildcard(word: str) -> re.Pattern:
    return re.compile(
        "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in word)
    )


#: The token rule with the whole match as a group too: ``split`` then gives, for each
#: token, the text before it, the whole match (which may end in ``'s``) and the token.
_SPLIT_RE = re.compile(f"({TOKEN_PATTERN})", TOKEN_RE.flags)


def _spans(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """One text's tokens (as written) and their character spans, without a loop per token.

    ``TOKEN_RE.finditer`` with ``m.span(1)`` for each match gives the same spans; here
    the lengths of the pieces ``split`` returns are summed in NumPy instead.
    """
    pieces = _SPLIT_RE.split(normalize(text, lowercase=False))
    lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    token_lengths = lengths[2::3].copy()
    lengths[2::3] = 0  # a token lies inside its whole match: counted once
    starts = np.cumsum(lengths)[:-1:3]  # text before each match: gaps and earlier matches
    ends = starts + token_lengths
    return pieces[2::3], starts.astype(np.int32), ends.astype(np.int32)  # <= 10 million chars


def _lower(tokens: list[str]) -> list[str]:
    """Each token lower-cased, with one ``lower()`` call per text instead of per token.

    A space is neither cased nor case-ignorable, so each token is lower-cased as if
    alone (a Greek final sigma stays final).
    """
    lowered = " ".join(tokens).lower().split(" ") if tokens else []
    if len(lowered) != len(tokens):  # never seen; kept so a surprise cannot shift ids
        lowered = [t.lower() for t in tokens]
    return lowered


def tokenize_partition(texts: Any, *, wrap: Callable | None = None) -> tuple:
    """The per-partition step of :meth:`CorpusIndex.build`: tokenise some texts.

    Parameters
    ----------
    texts : Series or partition
        The ``text`` column of some articles (:func:`analysis.parallel.read_partition`).
    wrap : callable, optional
        Wraps the list of texts (a progress bar).

    Returns
    -------
    tuple
        ``(codes, vocab, starts, ends, lengths)``: each token's id in this partition's
        vocabulary (in order of first use), the vocabulary, each token's character span
        and each text's number of tokens.

    Examples
    --------
    >>> codes, vocab, starts, ends, lengths = tokenize_partition(
    ...     pd.Series(["Oil's up, oil.", ""]))
    >>> codes.tolist(), vocab.tolist(), starts.tolist(), ends.tolist(), lengths.tolist()
    ([0, 1, 0], ['oil', 'up'], [0, 6, 10], [3, 8, 13], [3, 0])
    """
    texts = read_partition(texts)
    if isinstance(texts, pd.DataFrame):
        texts = texts["text"]
    texts = texts.fillna("").astype(str).tolist()
    tokens: list[str] = []
    starts, ends = [np.zeros(0, dtype=np.int32)], [np.zeros(0, dtype=np.int32)]
    lengths = np.zeros(len(texts), dtype=np.int64)
    for i, text in enumerate(wrap(texts) if wrap is not None else texts):
        found, first, last = _spans(text)
        lengths[i] = len(found)
        tokens.extend(_lower(found))
        starts.append(first)
        ends.append(last)
    codes, vocab = pd.factorize(pd.Series(tokens, dtype=object))
    return (
        codes.astype(np.int32),
        np.asarray(vocab, dtype=object),
        np.concatenate(starts),
        np.concatenate(ends),
        lengths,
    )


def combine_partitions(parts: list[tuple]) -> tuple:
    """The combine step of :meth:`CorpusIndex.build`: one vocabulary, ids renumbered.

    The partitions' vocabularies, concatenated in order and factorised, list every word
    in order of first use in the corpus, as one partition would; each partition's ids
    are then looked up in that order. Exact: the result does not depend on the cut.

    Examples
    --------
    >>> a = tokenize_partition(pd.Series(["b a"]))
    >>> b = tokenize_partition(pd.Series(["c b"]))
    >>> codes, vocab, *_ = combine_partitions([a, b])
    >>> codes.tolist(), vocab.tolist()
    ([0, 1, 2, 0], ['b', 'a', 'c'])
    """
    if not parts:
        parts = [tokenize_partition(pd.Series([], dtype=object))]
    new_ids, vocab = pd.factorize(pd.Series(np.concatenate([p[1] for p in parts]), dtype=object))
    offsets = np.cumsum([0] + [len(p[1]) for p in parts])
    ranges = zip(parts, offsets[:-1], offsets[1:], strict=True)
    codes = [new_ids[lo:hi][p[0]] for p, lo, hi in ranges]
    return (
        np.concatenate(codes).astype(np.int32),
        np.asarray(vocab, dtype=object),
        *(np.concatenate([p[k] for p in parts]) for k in (2, 3, 4)),
    )


@dataclass
class Hits:
    """Where a query matched: the first token of each hit and its width in tokens.

    ``positions`` index the corpus-wide token arrays; ``docs`` are row numbers.
    """

    positions: np.ndarray
    widths: np.ndarray
    docs: np.ndarray
    patterns: list = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.positions)


class CorpusIndex:
    """The articles with a positional token index (see the module docstring).

    Build it with :meth:`build`; the attributes are read-only arrays.

    Examples
    --------
    >>> arts = pd.DataFrame({"text": ["Oil prices rose. Oil!", "No news."],
    ...                      "source": ["a.com", "b.com"]}, index=pd.Index(["d1", "d2"]))
    >>> index = CorpusIndex.build(arts)
    >>> len(index.hits("oil")), index.n_tokens
    (2, 6)
    """

    def __init__(
        self,
        articles: pd.DataFrame,
        token_ids: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
        doc_ptr: np.ndarray,
        vocab: np.ndarray,
    ) -> None:
        self.articles = articles
        self.token_ids = token_ids
        self.starts = starts
        self.ends = ends
        self.doc_ptr = doc_ptr
        self.vocab = vocab
        self.n_docs = len(articles)
        self.n_tokens = int(len(token_ids))
        self.doc_lengths = np.diff(doc_ptr)
        self.doc_of = np.repeat(np.arange(self.n_docs, dtype=np.int32), self.doc_lengths)
        order = np.argsort(token_ids, kind="stable")
        self._postings = order.astype(np.int32) if len(order) < 2**31 else order
        self._post_ptr = np.concatenate(
            [[0], np.cumsum(np.bincount(token_ids, minlength=len(vocab)))]
        )
        self._matrix = None
        self._all_counts = None
        self._transposed = None
        self._texts = [t if isinstance(t, str) else "" for t in articles["text"].tolist()]
        self._doc_ids = articles.index.tolist()
        self.term_id = {term: i for i, term in enumerate(vocab)}
        self.rank = np.empty(len(vocab), dtype=np.int64)  # alphabetical rank of each id
        self._sorted_ids = np.argsort(vocab.astype(str), kind="stable")
        self._sorted = vocab[self._sorted_ids].astype(str)
        self.rank[self._sorted_ids] = np.arange(len(vocab))

    @classmethod
    def build(
        cls,
        articles: pd.DataFrame,
        *,
        progress: Callable[[list[str]], Iterable[str]] | None = None,
        client: Any = None,
        n_jobs: int | None = None,
        rows_per_partition: int | None = None,
    ) -> CorpusIndex:
        """Tokenise every text once and index the tokens.

        The texts are tokenised partition by partition (:func:`tokenize_partition`) and
        the parts joined (:func:`combine_partitions`); the index is the same however the
        texts are cut.

        Parameters
        ----------
        articles : DataFrame
            With a ``text`` column; the index is the document id.
        progress : callable, optional
            Wraps the iterable of texts (``tqdm`` for a progress bar) when the texts are
            tokenised in this process; else a bar counts partitions.
        client, n_jobs : optional
            Where the partitions run (:func:`analysis.parallel.get_executor`): a Dask
            client or address, or local processes. Default: this process, unless
            :func:`analysis.parallel.use` says otherwise.
        rows_per_partition : int, optional
            Articles per partition (default: one partition per process, about four per
            worker on a cluster; :func:`analysis.parallel.as_partitions`).
        """
        executor = get_executor(client, n_jobs)
        parts = as_partitions(
            articles["text"], rows_per_partition=rows_per_partition, n_workers=executor.n_workers
        )
        if isinstance(executor, SerialExecutor) and progress is not None:
            done = executor.map(tokenize_partition, parts, progress=False, wrap=progress)
        else:
            done = executor.map(
                tokenize_partition, parts, desc="indexing", progress=progress is not None
            )
        codes, vocab, starts, ends, lengths = combine_partitions(done)
        index = cls(articles, codes, starts, ends, np.concatenate([[0], np.cumsum(lengths)]), vocab)
        index.counts(np.ones(index.n_docs, dtype=bool))  # builds the matrix now, not on a click
        index.counts(np.zeros(index.n_docs, dtype=bool))
        return index

    # ------------------------------------------------------------- queries
    def positions_of(self, term_ids: Iterable[int]) -> np.ndarray:
        """Sorted corpus positions of any of these vocabulary ids."""
        parts = [self._postings[self._post_ptr[i] : self._post_ptr[i + 1]] for i in term_ids]
        if not parts:
            return np.zeros(0, dtype=np.int64)
        return np.sort(np.concatenate(parts)).astype(np.int64)

    def ids_for(self, word: str) -> np.ndarray:
        """Vocabulary ids a query word matches (a wildcard may match many)."""
        if "*" in word or "?" in word:
            prefix = re.split(r"[*?]", word, maxsplit=1)[0]
            lo = np.searchsorted(self._sorted, prefix, side="left")
            hi = np.searchsorted(self._sorted, prefix + "\U0010ffff", side="left")
            pattern = _wildcard(word)
            ids = self._sorted_ids[lo:hi]
            return np.asarray([i for i in ids if pattern.fullmatch(self.vocab[i])], dtype=np.int64)
        i = self.term_id.get(word)
        return np.asarray([] if i is None else [i], dtype=np.int64)

    def hits(self, query: str, *, docs: np.ndarray | None = None) -> Hits:
        """Every match of the query, in document order then position.

        Parameters
        ----------
        query : str
            See :func:`parse_query`.
        docs : boolean array, optional
            Only hits in these documents (one flag per row).
        """
        found_pos, found_width = [], []
        patterns = parse_query(query)
        for words in patterns:
            keep = self.positions_of(self.ids_for(words[0]))
            for j, word in enumerate(words[1:], start=1):
                nxt = keep + j
                keep, nxt = keep[nxt < self.n_tokens], nxt[nxt < self.n_tokens]
                same = (self.doc_of[nxt] == self.doc_of[keep]) & np.isin(
                    self.token_ids[nxt], self.ids_for(word)
                )
                keep = keep[same]
            found_pos.append(keep)
            found_width.append(np.full(len(keep), len(words), dtype=np.int64))
        positions = widths = np.zeros(0, dtype=np.int64)
        if len(patterns) == 1:
            positions, widths = found_pos[0], found_width[0]
        elif patterns:  # the same (position, width) found by two patterns is one hit
            key = np.unique(np.concatenate(found_pos) * 64 + np.concatenate(found_width))
            positions, widths = key // 64, key % 64
        doc_rows = self.doc_of[positions].astype(np.int64)
        if docs is not None and len(positions):
            keep = docs[doc_rows]
            positions, widths, doc_rows = positions[keep], widths[keep], doc_rows[keep]
        return Hits(positions, widths, doc_rows, patterns)

    # ---------------------------------------------------------------- views
    def contexts(self, hits: Hits, *, window: int = 5, sort: str = "position", n: int = 500):
        """Keyword-in-context lines (:func:`analysis.terms.kwic`'s columns) for some hits.

        Parameters
        ----------
        hits : Hits
        window : int, default 5
            Tokens of context on each side.
        sort : {'position', 'left', 'right'}
            Corpus order, or alphabetical by the nearest words on the left (right).
        n : int, default 500
            Lines returned (the count of hits is ``len(hits)``).
        """
        order = np.arange(len(hits))
        if sort in ("left", "right") and len(hits):
            keys = []
            for k in range(1, 4):
                if sort == "left":
                    pos = hits.positions - k
                    ok = (pos >= 0) & (self.doc_of[np.maximum(pos, 0)] == hits.docs)
                else:
                    pos = hits.positions + hits.widths - 1 + k
                    ok = (pos < self.n_tokens) & (
                        self.doc_of[np.minimum(pos, self.n_tokens - 1)] == hits.docs
                    )
                ids = self.token_ids[np.clip(pos, 0, self.n_tokens - 1)]
                keys.append(np.where(ok, self.rank[ids], -1))
            order = np.lexsort(tuple(reversed(keys)))
        order = order[:n]
        rows = [self._line(hits.positions[i], hits.widths[i], window) for i in order]
        return pd.DataFrame(rows, columns=["doc_id", "position", "left", "keyword", "right"])

    def _line(self, pos: int, width: int, window: int) -> tuple:
        row = int(self.doc_of[pos])
        lo, hi = self.doc_ptr[row], self.doc_ptr[row + 1]
        text = self.text(row)
        start, end = self.starts[pos], self.ends[pos + width - 1]
        left_start = self.starts[max(lo, pos - window)]
        right_end = self.ends[min(hi, pos + width + window) - 1]
        left = text[left_start:start] if window else ""
        right = text[end:right_end] if window and pos + width < hi else ""
        return (
            self._doc_ids[row],
            int(pos - lo),
            _SPACE.sub(" ", left).strip(),
            _SPACE.sub(" ", text[start:end]).strip(),
            _SPACE.sub(" ", right).strip(),
        )

    def text(self, row: int) -> str:
        """The text of one document (row number), as loaded."""
        return self._texts[row]

    def spans(self, row: int, hits: Hits) -> list[tuple[int, int]]:
        """Character spans of the hits in one document (for highlighting)."""
        mine = hits.docs == row
        pos, width = hits.positions[mine], hits.widths[mine]
        return [
            (int(self.starts[p]), int(self.ends[p + w - 1]))
            for p, w in zip(pos, width, strict=True)
        ]

    @property
    def matrix(self) -> sp.csr_matrix:
        """The document-term matrix (documents x vocabulary ids), built on first use."""
        if self._matrix is None:
            ones = np.ones(self.n_tokens, dtype=np.int64)
            shape = (self.n_docs, len(self.vocab))
            self._matrix = sp.csr_matrix((ones, (self.doc_of, self.token_ids)), shape=shape)
        return self._matrix

    def counts(self, docs: np.ndarray) -> np.ndarray:
        """Each vocabulary id's count in these documents (boolean row mask)."""
        if docs.all():
            if self._all_counts is None:
                self._all_counts = np.asarray(self.matrix.sum(axis=0)).ravel()
            return self._all_counts
        return self._by_term @ docs.astype(np.int64)  # one pass over the non-zeros

    @property
    def _by_term(self) -> sp.csr_matrix:
        if self._transposed is None:
            self._transposed = self.matrix.T.tocsr()
        return self._transposed

    def collocates(
        self,
        hits: Hits,
        docs: np.ndarray,
        *,
        window: int = 5,
        stop: Collection[str] = frozenset(),
        min_count: int = 2,
        n: int = 50,
    ) -> pd.DataFrame:
        """Words within ``window`` tokens of the hits, scored by logDice.

        logDice (Rychlý 2008) is ``14 + log2(2 f_xy / (f_x + f_y))``: it depends on how
        much of each word's use the pair accounts for, not on the corpus size, and does
        not favour rare pairs as pointwise mutual information does.
        """
        cols = ["collocate", "together", "collocate_total", "log_dice"]
        if not len(hits):
            return pd.DataFrame(columns=cols)
        near = []
        ends = hits.positions + hits.widths - 1
        for off in range(1, window + 1):
            for pos in (hits.positions - off, ends + off):
                ok = (pos >= 0) & (pos < self.n_tokens)
                pos, doc = pos[ok], hits.docs[ok]
                near.append(pos[self.doc_of[pos] == doc])
        pos = np.unique(np.concatenate(near))
        inside = np.zeros(self.n_tokens, dtype=bool)
        for k in range(int(hits.widths.max())):
            inside[hits.positions[hits.widths > k] + k] = True
        pos = pos[~inside[pos]]
        together = np.bincount(self.token_ids[pos], minlength=len(self.vocab))
        total = self.counts(docs)
        cand = np.flatnonzero(together >= min_count)
        if stop:
            cand = np.asarray([i for i in cand if self.vocab[i] not in stop], dtype=np.int64)
        if not len(cand):
            return pd.DataFrame(columns=cols)
        f_xy, f_y = together[cand], total[cand]
        score = 14 + np.log2(2 * f_xy / (len(hits) + f_y))
        table = pd.DataFrame(
            {"collocate": self.vocab[cand].astype(str), "together": f_xy,
             "collocate_total": f_y, "log_dice": score.round(2)}
        )  # fmt: skip
        return table.sort_values(["log_dice", "collocate"], ascending=[False, True]).head(n)
