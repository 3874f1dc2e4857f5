"""Term counts of a whole column of texts: split once, tokenise each distinct chunk once.

This is the fast path of :func:`analysis.terms._count.count_texts` for the analyzers of
:func:`analysis.terms.make_analyzer`. It gives the same matrix as tokenising text by
text (:func:`~analysis.terms._count.count_texts_reference`, the reference the tests
compare it with), because of one property of the token rule
(:mod:`analysis.terms.tokenize`):

*The tokens of a text are the tokens of its ASCII-whitespace-separated chunks, in order.*
No token and no sentence end contains whitespace, and none of the rule's look-arounds
or ``\\b`` can tell an ASCII whitespace character from the edge of the text (it is
neither a word character nor one of ``-'.,!?``). :func:`~analysis.terms.tokenize.normalize`
maps characters one by one, except ``str.lower``'s final sigma, whose context stops
at whitespace. Stop words, lemmas and sentence ends are properties of one token.

So the texts are split at ASCII whitespace by pyarrow (in C++, over the whole column),
the chunks are dictionary-encoded, the analyzer's per-chunk step (the same regular
expression, stop words and lemmas) runs once per *distinct* chunk, and expanding
chunks to tokens, forming n-grams within sentences and counting are numpy over
the whole column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from .tokenize import TITLE_ABBREVIATIONS, normalize

if TYPE_CHECKING:
    from .analyzer import _Analyzer

__all__ = ["BATCH_CHARS", "code_point_order", "count_columnar", "token_sequence"]

#: Characters of text split at once: bounds the memory held by the chunks (~4 bytes each).
BATCH_CHARS = 2**25


def _batches(texts: Sequence[str], batch_chars: int) -> list[tuple[int, int]]:
    """(start, stop) ranges of texts holding about ``batch_chars`` characters each."""
    n = len(texts)
    if n == 0:
        return []
    ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=n))
    cuts = np.searchsorted(ends, np.arange(batch_chars, int(ends[-1]), batch_chars), "right")
    bounds = np.unique(np.concatenate([[0], cuts, [n]]))
    return [(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def token_sequence(
    texts: Sequence[str], analyzer: _Analyzer, *, batch_chars: int = BATCH_CHARS
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Every text's tokens (stop words removed) as ids into an array of distinct tokens.

    Returns ``(tokens per text, token ids in text order, token of each id)``; every id
    occurs. With n-grams, ``""`` is a sentence end. Returns None when pyarrow cannot
    take the texts (a lone surrogate is not UTF-8): then tokenise text by text.

    Examples
    --------
    >>> from analysis.terms import make_analyzer
    >>> lengths, ids, tokens = token_sequence(["Kyiv's envoy", "", "The end."],
    ...                                       make_analyzer(ngram_range=(1, 2)))
    >>> lengths.tolist(), tokens[ids].tolist()
    ([2, 0, 2], ['kyiv', 'envoy', 'end', ''])
    """
    lengths = np.zeros(len(texts), dtype=np.int64)
    ids_parts, token_parts = [], []
    for start, stop in _batches(texts, batch_chars):
        batch = _batch_tokens(texts[start:stop], analyzer)
        if batch is None:
            return None
        lengths[start:stop], ids, tokens = batch
        ids_parts.append(ids)
        token_parts.append(tokens)
    if len(token_parts) <= 1:  # no text, or one batch
        ids = ids_parts[0] if ids_parts else np.empty(0, dtype=np.int64)
        tokens = token_parts[0] if token_parts else np.empty(0, dtype=object)
    else:  # one id space across batches
        codes, tokens = pd.factorize(np.concatenate(token_parts))
        shifts = np.cumsum([0] + [len(t) for t in token_parts[:-1]])
        ids = np.concatenate([codes[i + s] for i, s in zip(ids_parts, shifts, strict=True)])
        tokens = np.asarray(tokens, dtype=object)
    # Keep only tokens that occur (stop words and the separator were distinct tokens too).
    used = np.bincount(ids, minlength=len(tokens)) > 0
    new_id = np.cumsum(used) - 1
    return lengths, new_id[ids], tokens[used]


def _marker(text: str) -> str | None:
    """A word character that does not occur in ``text``: tokenised alone, it marks a place."""
    for candidate in _MARKERS:
        if candidate not in text:
            return candidate
    return None


#: A rare letter (U+A66E), then CJK ideographs: word characters with no case.
_MARKERS = "\ua66e" + "".join(map(chr, range(0x4E00, 0x4E40)))


def _batch_tokens(texts: Sequence[str], analyzer):
    """:func:`token_sequence` of one batch, with the batch's own ids."""
    try:
        column = pa.array(texts, type=pa.large_string())
    except (UnicodeEncodeError, pa.ArrowException):
        return None
    if analyzer.lowercase:  # fewer distinct chunks; str.lower does the rest
        column = pc.ascii_lower(column)
    split = pc.ascii_split_whitespace(column)
    offsets = split.offsets.to_numpy()
    encoded = pc.dictionary_encode(split.flatten())
    table = _chunk_tokens(encoded.dictionary, analyzer)
    if table is None:
        return None
    n_tok, flat, tokens = table
    drop = analyzer.is_stop(tokens)
    if drop.any():
        keep = ~drop[flat]
        chunk_of = np.repeat(np.arange(len(n_tok)), n_tok)
        flat = flat[keep]
        n_tok = np.bincount(chunk_of[keep], minlength=len(n_tok))
    ids, per_chunk = _expand(encoded.indices.to_numpy(), n_tok, flat)
    before = np.concatenate([[0], np.cumsum(per_chunk)])
    offsets = offsets - offsets[0]
    return before[offsets[1:]] - before[offsets[:-1]], ids, tokens


# An ASCII chunk with one run of word characters: the run is its token, and with the
# sentence rule a ".", "!" or "?" around it is a sentence end (see _simple_chunks).
_NON_WORD = r"[\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]"
_SIMPLE = rf"^(?P<before>{_NON_WORD}*)(?P<word>[0-9A-Za-z_]+)(?P<after>{_NON_WORD}*)$"


def _chunk_tokens(chunks: pa.Array, analyzer):
    """Each distinct chunk's tokens: ``(tokens per chunk, token codes, token of each code)``.

    Simple chunks are read by pyarrow (:func:`_simple_chunks`); the others go through
    the token rule in one regex call (:func:`_rule_tokens`).
    """
    sentences = analyzer.max_n > 1
    simple, words, before, after = _simple_chunks(chunks, sentences=sentences)
    hard = np.flatnonzero(~simple)
    found = _rule_tokens(pc.take(chunks, pa.array(hard)).to_pylist(), analyzer)
    if found is None:
        return None
    hard_tokens, hard_n = found
    n_tok = np.zeros(len(chunks), dtype=np.int64)
    n_tok[simple] = 1 + before + after
    n_tok[hard] = hard_n
    codes, tokens = pd.factorize(np.concatenate([words, np.array([""], dtype=object), hard_tokens]))
    start = np.cumsum(n_tok) - n_tok
    flat = np.empty(int(n_tok.sum()), dtype=np.int64)
    at = start[simple] + before  # the word's slot, after a sentence end if any
    flat[at] = codes[: len(words)]
    flat[at[after > 0] + 1] = flat[at[before > 0] - 1] = codes[len(words)]  # ""
    slot = np.repeat(start[hard] - (np.cumsum(hard_n) - hard_n), hard_n)
    flat[slot + np.arange(len(hard_tokens))] = codes[len(words) + 1 :]
    return n_tok, flat, np.asarray(tokens, dtype=object)


def _simple_chunks(chunks: pa.Array, *, sentences: bool):
    """Chunks whose tokens need no regex: ``(simple, their words, end before, end after)``.

    An ASCII chunk with one run of word characters has that run as its one token. With
    the sentence rule, a run of ``.!?`` before or after it is a sentence end, unless the
    word is a single character or a listed short form (``Mr.``), whose period the rule
    may keep: those go through the regex.
    """
    found = pc.extract_regex(chunks, _SIMPLE)
    simple = pc.is_valid(found)
    word = found.field("word")
    if sentences:
        ends = [pc.fill_null(pc.match_substring_regex(found.field(k), "[.!?]"), False)
                for k in ("before", "after")]  # fmt: skip
        short = pc.or_(
            pc.less(pc.binary_length(word), 2),
            pc.is_in(pc.ascii_lower(word), value_set=pa.array(TITLE_ABBREVIATIONS)),
        )
        simple = pc.and_(simple, pc.invert(pc.and_(ends[1], pc.fill_null(short, True))))
    simple = pc.fill_null(simple, False).to_numpy(zero_copy_only=False)
    words = pc.filter(word, pa.array(simple)).to_numpy(zero_copy_only=False).astype(object)
    if not sentences:
        no_end = np.zeros(len(words), dtype=np.int64)
        return simple, words, no_end, no_end
    before, after = (pc.filter(e, pa.array(simple)).to_numpy(zero_copy_only=False).astype(np.int64)
                     for e in ends)  # fmt: skip
    return simple, words, before, after


def _rule_tokens(chunks: list[str], analyzer):
    """The token rule on many chunks in one regex call: (flat tokens, tokens per chunk).

    The chunks are joined by a marker token, a word character that none of them
    contains, each marker a chunk of its own. None if no marker is free.
    """
    if not chunks:
        return np.empty(0, dtype=object), np.empty(0, dtype=np.int64)
    marker = _marker("".join(chunks))
    if marker is None:
        return None
    joined = f"\n{marker}\n".join(chunks) + f"\n{marker}"
    found = np.array(analyzer.pattern.findall(normalize(joined, lowercase=analyzer.lowercase)),
                     dtype=object)  # fmt: skip
    is_marker = found == marker
    n_tok = np.diff(np.flatnonzero(is_marker), prepend=-1) - 1
    return found[~is_marker], n_tok


def _expand(occurrences: np.ndarray, n_tok: np.ndarray, flat: np.ndarray):
    """Token ids of a sequence of chunks, from each distinct chunk's ids (CSR-like)."""
    per_chunk = n_tok[occurrences]
    if len(flat) == len(n_tok) and (n_tok == 1).all():  # one token per chunk
        return flat[occurrences], per_chunk
    starts = np.concatenate([[0], np.cumsum(n_tok)])[occurrences]
    total = int(per_chunk.sum())
    shift = starts - (np.cumsum(per_chunk) - per_chunk)  # first token's index minus its slot
    return flat[np.repeat(shift, per_chunk) + np.arange(total)], per_chunk


def count_columnar(
    texts: Sequence[str], analyzer: _Analyzer
) -> tuple[sp.csr_matrix, np.ndarray] | None:
    """:func:`~analysis.terms._count.count_texts` for a :func:`make_analyzer` analyzer.

    Returns None when the texts cannot go through pyarrow (see :func:`token_sequence`).

    Examples
    --------
    >>> from analysis.terms import make_analyzer
    >>> m, terms = count_columnar(["Rates rose. Rates fell"], make_analyzer(ngram_range=(1, 2)))
    >>> terms.tolist(), m.toarray().tolist()
    (['fell', 'rates', 'rates fell', 'rates rose', 'rose'], [[1, 2, 1, 1, 1]])
    """
    sequence = token_sequence(texts, analyzer)
    if sequence is None:
        return None
    lengths, ids, tokens = sequence
    if analyzer.lemmatize:  # a lemma is a property of a token: map the distinct ones
        lemma_of, tokens = pd.factorize(analyzer.lemmas(tokens))
        ids, tokens = lemma_of[ids], np.asarray(tokens, dtype=object)
    if analyzer.max_n == 1:
        rows = np.repeat(np.arange(len(lengths)), lengths)
        terms, column = _terms_of_ids(tokens)
        return _counts(rows, column[ids], len(lengths), terms)
    return _ngram_counts(lengths, ids, tokens, analyzer.min_n, analyzer.max_n)


def _terms_of_ids(strings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct terms, and each string's column (-1 for ``""``: dropped)."""
    codes, uniques = pd.factorize(strings)  # equal strings (two tokens, one lemma) share one
    uniques = np.asarray(uniques, dtype=object)
    keep = np.flatnonzero(uniques != "")  # a sentence end is never a term
    terms = uniques[keep]
    order = code_point_order(terms)
    column = np.full(len(uniques), -1, dtype=np.int64)
    column[keep[order]] = np.arange(len(order))
    return terms[order], column[codes]


def code_point_order(strings: np.ndarray) -> np.ndarray:
    """argsort of distinct strings in code-point order (Python's ``sorted`` order).

    pyarrow sorts by UTF-8 bytes, which order as code points do, in C++; strings that
    are not valid UTF-8 (lone surrogates) fall back to ``sorted``.

    Examples
    --------
    >>> import numpy as np
    >>> code_point_order(np.array(["b", "a b", "a", "\u00e9"], dtype=object)).tolist()
    [2, 1, 0, 3]
    """
    try:
        column = pa.array(strings, type=pa.large_string())
    except (UnicodeEncodeError, pa.ArrowException):
        return np.array(sorted(range(len(strings)), key=strings.__getitem__), dtype=np.int64)
    return pc.array_sort_indices(column).to_numpy().astype(np.int64, copy=False)


def _counts(rows, cols, n_docs: int, terms: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray]:
    """CSR counts (canonical, int64) from one (row, column) pair per occurrence."""
    keep = cols >= 0
    if not keep.all():
        rows, cols = rows[keep], cols[keep]
    if len(terms) == 0:
        return sp.csr_matrix((n_docs, 0), dtype=np.int64), terms
    # Term-major first: rows arrive in document order, so each term's row indices are
    # sorted and duplicates adjacent; summing them and transposing needs no sort.
    by_term = sp.csr_matrix(
        (np.ones(len(cols), dtype=np.int64), (cols, rows)), shape=(len(terms), n_docs)
    )
    matrix = by_term.T.tocsr()
    matrix.sum_duplicates()
    return matrix, terms


def _ngram_counts(lengths, ids, tokens, min_n: int, max_n: int):
    """Counts of n-grams (and unigrams if ``min_n == 1``) that do not cross a sentence end."""
    n_docs, n_ids = len(lengths), len(tokens)
    doc = np.repeat(np.arange(n_docs), lengths)
    real = (tokens != "")[ids]  # "" is a sentence end
    rows, codes, strings = [], [], []
    if min_n == 1:
        rows.append(doc[real])
        codes.append(ids[real])
        strings.append(tokens)
    for n in range(max(2, min_n), max_n + 1):
        m = len(ids) - n + 1
        if m <= 0:
            continue
        ok = doc[n - 1 :] == doc[:m]
        for k in range(n):
            ok &= real[k : k + m]
        pos = np.flatnonzero(ok)
        key = ids[pos]
        for k in range(1, n):  # factorize pairwise: keys stay far below 2**63
            key = pd.factorize(key * n_ids + ids[pos + k])[0].astype(np.int64)
        n_keys = int(key.max()) + 1 if len(key) else 0
        first = np.empty(n_keys, dtype=np.int64)
        first[key] = pos
        grams = zip(*[tokens[ids[first + k]] for k in range(n)], strict=True)
        offset = sum(len(s) for s in strings)
        rows.append(doc[pos])
        codes.append(key + offset)
        strings.append(np.fromiter(map(" ".join, grams), dtype=object, count=n_keys))
    all_strings = np.concatenate(strings) if strings else np.empty(0, dtype=object)
    terms, column = _terms_of_ids(all_strings)
    cols = column[np.concatenate(codes)] if codes else np.empty(0, dtype=np.int64)
    rows = np.concatenate(rows) if rows else np.empty(0, dtype=np.int64)
    return _counts(rows, cols, n_docs, terms)
