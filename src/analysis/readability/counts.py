"""Count everything textstat counts, in one pass over a text or a list of texts.

textstat (0.7.13) recomputes its counts for every measure; this module reads a text
once and returns every count the formulas in :mod:`.formulas` need. Each count is
defined exactly as textstat defines it (the function named in brackets lives in
``textstat/backend/``):

* words: ``remove_punctuation(text, rm_apostrophe=False).split()`` [``list_words``];
  apostrophes survive only before ``t s d ve ll re`` (contractions);
* sentences: ``re.findall(r"\\b[^.!?]+[.!?]*", text)`` minus the pieces with at most
  two words, at least 1 for a non-empty text [``count_sentences``];
* syllables: first cmudict pronunciation (phones ending in a digit), otherwise
  ``len(Pyphen("en_US").positions(word)) + 1`` [``count_syllables``];
* difficult words: lower-cased word not in textstat's Dale-Chall easy-word list and
  with at least 2 syllables; ``difficult_words`` counts distinct *unlowered* words
  (textstat's ``unique=True`` default), ``n_difficult_words`` counts every token;
* long words (> 6 letters) and mini words (<= 3) use apostrophe-free words;
* letters: ``\\w`` characters; characters: non-whitespace characters.

:func:`count_texts` counts a whole list of texts at once, which is what makes short
texts fast: Python's per-text overhead is replaced by C-level passes over the list
(``map`` of compiled regexes and ``str`` methods), every token becomes the row of its
distinct word in a feature table (syllables, easy-word membership, letters; computed
once per distinct word and process, from the word tables that
``analysis.readability._tables`` caches on disk), and each text's counts are NumPy
segment sums over its tokens. :func:`count_text` is the same for one text.

Examples
--------
>>> c = count_text("The cat sat on the mat. It was happy!")
>>> c["n_words"], c["n_sentences"], c["n_syllables"]
(9, 2, 10)
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence

import numpy as np

from ..words import count_words
from ._tables import word_tables

__all__ = [
    "COUNT_COLUMNS",
    "COUNT_KEYS",
    "count_sentences",
    "count_sentences_many",
    "count_text",
    "count_texts",
    "count_words",
    "list_words",
    "pyphen_count",
    "pyphen_counts",
    "remove_punctuation",
    "syllables",
]

#: The counts returned by :func:`count_text` that appear as output columns.
COUNT_COLUMNS = [
    "n_sentences",
    "n_words",
    "n_syllables",
    "n_polysyllables",
    "n_monosyllables",
    "n_long_words",
    "n_difficult_words",
    "n_letters",
    "n_chars",
]

#: Every key of :func:`count_text`'s result (output counts, then internal ones).
COUNT_KEYS = COUNT_COLUMNS + [
    "n_tokens",
    "n_miniwords",
    "n_fog_words",
    "n_dale_chall_hard",
    "n_unique_difficult",
    "linsear_easy",
    "linsear_hard",
    "linsear_sentences",
]

# textstat.backend.utils.constants, compiled once.
_RE_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_RE_PUNCT_KEEP_APOSTROPHE = re.compile(r"[^\w\s\']")
_RE_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
# Matches iff at least three such chunks: a word character, whitespace, anything
# without word characters, a word character, and again.
_RE_THREE_WORDS = re.compile(r"\w\S*\s[\s\W]*\w\S*\s[\s\W]*\w")

_PYPHEN = None


def _pyphen():
    global _PYPHEN
    if _PYPHEN is None:
        from pyphen import Pyphen

        _PYPHEN = Pyphen(lang="en_US")
    return _PYPHEN


def pyphen_count(word: str) -> int:
    """``len(Pyphen(lang="en_US").positions(word))``, without building the positions.

    The same Liang pattern walk as ``pyphen.HyphDict.positions`` (same patterns, same
    ``left=2, right=2`` limits, read from the cached word tables), but a walk from a
    position stops as soon as no pattern key starts with what it has read, and builds
    no per-position objects. Words whose lower-case form changes length go to Pyphen
    itself.

    Examples
    --------
    >>> pyphen_count("hyphenation")  # hy-phen-ation
    2
    """
    lower = word.lower()
    if len(lower) != len(word):
        return len(_pyphen().positions(word))
    tables = word_tables()
    walk, maxlen = tables.walk, tables.maxlen
    pointed = f".{lower}."
    n = len(pointed)
    refs = [0] * (n + 1)
    for i in range(n - 1):
        for j in range(i + 1, min(i + maxlen, n) + 1):
            pattern = walk.get(pointed[i:j], _STOP)
            if pattern is _STOP:  # no pattern key starts with this piece
                break
            if pattern is not None:
                k = i + pattern[0]
                for v in pattern[1]:
                    if k > n:
                        break
                    if v > refs[k]:
                        refs[k] = v
                    k += 1
    return sum(r & 1 for r in refs[tables.left + 1 : len(word) - tables.right + 2])


_STOP = object()


def pyphen_counts(words: Sequence[str]) -> np.ndarray:
    """:func:`pyphen_count` of many words at once: the same walk, on arrays.

    Every pattern walk of every word advances together, one character per step, in
    Pyphen's pattern keys held as a trie of integer arrays (``WordTables.trie``): the
    words are joined into one array of character codes, a step moves every live walk
    to its child node with one gather in the dense transition table, and walks that
    leave the trie stop. The
    patterns found raise the hyphenation points with ``np.maximum.at``; the odd points
    inside the ``left``/``right`` limits are counted per word. Words whose lower-case
    form changes length go to :func:`pyphen_count` one by one.

    Examples
    --------
    >>> pyphen_counts(["hyphenation", "zxqvbnm", "a"]).tolist()
    [2, 1, 0]
    """
    words = list(words)
    lower = list(map(str.lower, words))
    out = _pyphen_walks(lower, word_tables())
    odd = np.flatnonzero(_lengths(lower) != _lengths(words)).tolist()
    out[odd] = [pyphen_count(words[k]) for k in odd]
    return out


def _pyphen_walks(lower: list[str], tables) -> np.ndarray:
    """Odd hyphenation points of lower-case words inside Pyphen's limits (see above)."""
    if not lower:
        return np.zeros(0, dtype=np.int64)
    trie = tables.trie
    step, alphabet = trie["trie_next"], trie["trie_alphabet"]
    # ".w1.\0.w2.\0...": a word's n + 1 references are its n pointed characters and
    # the separator after them, which no walk crosses (code 0 is in no key).
    text = "." + ".\0.".join(lower) + ".\0"
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    at = np.minimum(np.searchsorted(alphabet, points), len(alphabet) - 1)
    codes = np.where(alphabet[at] == points, at + 1, 0)
    n = _lengths(lower) + 2  # pointed length
    starts = _bounds(n + 1)[:-1]
    owner = np.repeat(np.arange(len(lower)), n + 1)
    rel = np.arange(len(codes)) - starts[owner]
    pos = np.flatnonzero((codes > 0) & (rel < n[owner] - 1))  # no walk from the last "."
    node = np.zeros(len(pos), dtype=np.int64)
    found_at, found_row = [], []
    for depth in range(tables.maxlen):
        node = step[node * (len(alphabet) + 1) + codes[pos + depth]]
        live = node > 0
        pos, node = pos[live], node[live]
        if not len(pos):
            break
        row = trie["trie_pattern"][node]
        found_at.append(pos[row >= 0])
        found_row.append(row[row >= 0])
    refs = np.zeros(len(codes), dtype=np.int64)
    if found_at:
        at, row = np.concatenate(found_at), np.concatenate(found_row)
        first, count = trie["point_start"][row], np.diff(trie["point_start"])[row]
        # One entry per (match, non-zero value of its pattern).
        entry = np.repeat(first - _bounds(count)[:-1], count) + np.arange(count.sum())
        target = np.repeat(at + trie["pattern_offsets"][row], count) + trie["point_at"][entry]
        last = np.repeat((starts + n)[owner[at]], count)  # the word's reference n
        keep = target <= last
        np.maximum.at(refs, target[keep], trie["point_value"][entry[keep]])
    inside = (rel >= tables.left + 1) & (rel < n[owner] - tables.right)
    return np.bincount(owner, weights=(refs & 1) * inside, minlength=len(lower)).astype(np.int64)


def remove_punctuation(text: str) -> str:
    """Remove punctuation as textstat does, keeping contraction apostrophes.

    Examples
    --------
    >>> remove_punctuation("Don't 'quote' me -- U.S.")
    "Don't quote me  US"
    """
    if "'" in text:
        text = _RE_NONCONTRACTION_APOSTROPHE.sub("", text)
    return _RE_PUNCT_KEEP_APOSTROPHE.sub("", text)


def list_words(text: str) -> list[str]:
    """Return textstat's words: punctuation removed, split on whitespace.

    Examples
    --------
    >>> list_words("Well-known, isn't it?")
    ['Wellknown', "isn't", 'it']
    """
    return remove_punctuation(text).split()


def count_sentences(text: str) -> int:
    """Count sentences exactly as ``textstat.sentence_count`` does.

    Pieces of at most two words are not counted; a non-empty text has at least one
    sentence.

    Examples
    --------
    >>> count_sentences("Mr. Smith went to Washington. He stayed.")
    1
    >>> count_sentences("")
    0
    """
    if len(text) == 0:
        return 0
    pieces = _RE_SENTENCE.findall(text)
    ignored = sum(1 for p in pieces if _RE_THREE_WORDS.search(p) is None)
    return max(1, len(pieces) - ignored)


_SYLLABLES: dict[str, int] = {}


def syllables(word: str) -> int:
    """Syllables of one lower-case word: cmudict first, then Pyphen, cached.

    Examples
    --------
    >>> syllables("readability"), syllables("zxqvbnm")
    (5, 2)
    """
    n = _SYLLABLES.get(word)
    if n is None:
        n = word_tables().syllables_of(word)
        if n is None:
            n = pyphen_count(word) + 1
        _SYLLABLES[word] = n
    return n


def _count_syllables(text: str) -> int:
    # textstat's count_syllables(text) on any string (here: one word).
    return sum(syllables(w) for w in remove_punctuation(text).lower().split())


def _easy_words() -> frozenset[str]:
    return word_tables().easy


# Feature table: one row per distinct token seen in this process, columns
# (syllables in the text total, syllables as a word, poly, mono, dale-chall hard,
# difficult (>= 2 syll), fog hard (>= 3 syll), long, mini, letters, characters).
_N_FEATURES = 11
_TOKEN_ID: dict[str, int] = {}
_TABLE = np.zeros((0, _N_FEATURES), dtype=np.int64)


def _syllables_many(words: list[str]) -> np.ndarray:
    """:func:`syllables` of many lower-case words: one dictionary search, one Pyphen walk."""
    out = word_tables().syllables_many(words)
    miss = np.flatnonzero(out < 0)
    if len(miss):
        out[miss] = pyphen_counts([words[k] for k in miss.tolist()]) + 1
    return out


def _new_rows(tokens: list[str]) -> np.ndarray:
    """Feature rows of distinct tokens (see the columns above), column by column."""
    lower = list(map(str.lower, tokens))
    syl_total = _syllables_many(lower)
    syl_word, syl_dw = syl_total.copy(), syl_total.copy()
    # remove_punctuation is idempotent on a word, so a token's syllables are its lower
    # form's, except where lower-casing makes a non-word character: only "İ" does.
    dotted = "\u0307" in "".join(lower)  # one scan; the loop below is almost never run
    for k in [k for k, w in enumerate(lower) if "\u0307" in w] if dotted else []:
        syl_word[k] = _count_syllables(tokens[k])
        syl_dw[k] = _count_syllables(lower[k])
    easy = np.fromiter(map(_easy_words().__contains__, lower), dtype=bool, count=len(lower))
    n_chars = _lengths(tokens)
    apostrophes = np.fromiter(map(str.count, tokens, itertools.repeat("'")), dtype=np.int64)
    n_letters = n_chars - apostrophes
    columns = [
        syl_total,
        syl_word,
        syl_word >= 3,
        syl_word == 1,
        ~easy,
        ~easy & (syl_dw >= 2),
        ~easy & (syl_dw >= 3),
        n_letters > 6,
        n_letters <= 3,
        n_letters,  # \w characters: a cleaned token holds only \w and apostrophes
        n_chars,
    ]
    return np.column_stack(columns).astype(np.int64)


def _ids(tokens: list[str]) -> np.ndarray:
    """Row ids of ``tokens`` in the feature table, adding unseen tokens."""
    global _TABLE
    ids = np.fromiter(
        map(_TOKEN_ID.get, tokens, itertools.repeat(-1)), dtype=np.int64, count=len(tokens)
    )
    missing = np.flatnonzero(ids < 0).tolist()
    if missing:
        new = list(dict.fromkeys(map(tokens.__getitem__, missing)))
        rows = _new_rows(new)
        base = len(_TOKEN_ID)
        need = base + len(new)
        _TOKEN_ID.update(zip(new, range(base, need), strict=True))
        if need > len(_TABLE):
            grown = np.zeros((max(need, 2 * len(_TABLE), 1024), _N_FEATURES), dtype=np.int64)
            grown[: len(_TABLE)] = _TABLE
            _TABLE = grown
        _TABLE[base:need] = rows
        ids[missing] = np.fromiter(
            map(_TOKEN_ID.__getitem__, map(tokens.__getitem__, missing)), np.int64, len(missing)
        )
    return ids


class _Punctuation(dict):
    """``str.translate`` table deleting what ``[^\\w\\s']`` matches; filled per character.

    A character seen for the first time is classified by textstat's own pattern; later
    ones are looked up in C.

    Examples
    --------
    >>> "Don't -- stop!".translate(_PUNCTUATION)
    "Don't  stop"
    """

    def __missing__(self, code: int) -> int | None:
        value = None if _RE_PUNCT_KEEP_APOSTROPHE.match(chr(code)) else code
        self[code] = value
        return value


_PUNCTUATION = _Punctuation()


def _clean_many(texts: list[str]) -> list[str]:
    """:func:`remove_punctuation` of every text: the apostrophe pattern, then a translate.

    Examples
    --------
    >>> _clean_many(["Don't 'quote' me -- U.S."])
    ["Don't quote me  US"]
    """
    unquoted = map(_RE_NONCONTRACTION_APOSTROPHE.sub, itertools.repeat(""), texts)
    return list(map(str.translate, unquoted, itertools.repeat(_PUNCTUATION)))


def _segment_sums(values: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Sums of ``values`` (rows) between consecutive ``bounds``; exact for integers.

    Examples
    --------
    >>> _segment_sums(np.array([1, 2, 3]), np.array([0, 0, 2, 2, 3, 3])).tolist()
    [0, 3, 0, 3, 0]
    """
    starts = bounds[:-1]
    full = bounds[1:] > starts
    sums = np.zeros((len(starts), *values.shape[1:]), dtype=values.dtype)
    if full.any():
        # Non-empty segments only: each then runs to the next one's start (the empty
        # ones between add nothing), the last to the end of ``values``.
        sums[full] = np.add.reduceat(values, starts[full], axis=0)
    return sums


def _bounds(lengths: np.ndarray) -> np.ndarray:
    out = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=out[1:])
    return out


def _lengths(lists: list) -> np.ndarray:
    return np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))


def count_sentences_many(texts: Sequence[str]) -> np.ndarray:
    """:func:`count_sentences` of every text, in a few C-level passes.

    Examples
    --------
    >>> count_sentences_many(["Mr. Smith went to Washington. He stayed.", "", "..."]).tolist()
    [1, 0, 1]
    """
    pieces = list(map(_RE_SENTENCE.findall, texts))
    n_pieces = _lengths(pieces)
    flat = itertools.chain.from_iterable(pieces)
    full = np.fromiter(
        map(bool, map(_RE_THREE_WORDS.search, flat)), dtype=np.int64, count=int(n_pieces.sum())
    )
    counted = _segment_sums(full, _bounds(n_pieces))
    return np.where(_lengths(texts) == 0, 0, np.maximum(counted, 1))


# From the start of a text through its 100th word chunk: whitespace and word-less
# chunks, then 99 times (a word chunk, whitespace and word-less chunks), then a word
# chunk. Equal to the end of the 100th match of WORD_CHUNK, in one match call.
_RE_FIRST_100_WORDS = re.compile(
    r"\s*(?:[^\w\s]+\s+)*(?:[^\s\w]*\w\S*\s+(?:[^\w\s]+\s+)*){99}[^\s\w]*\w\S*"
)


def _linsear_prefix(text: str) -> str:
    """The text through the whitespace token that yields its 100th word (textstat).

    Examples
    --------
    >>> _linsear_prefix("w, " * 120).count("w")
    100
    """
    match = _RE_FIRST_100_WORDS.match(text)
    if match is None:  # fewer than 100 words: the whole text
        return text
    return text[: match.end()]


def _count_many(counter: Callable[[str], int] | None, texts: Sequence[str]) -> np.ndarray:
    if counter is None:
        return count_sentences_many(texts)
    return np.fromiter(map(counter, texts), dtype=np.int64, count=len(texts))


def count_texts(
    texts: Sequence[str], *, sentence_counter: Callable[[str], int] | None = None
) -> dict[str, np.ndarray]:
    """:func:`count_text` of many texts at once: one integer array per count.

    The texts are cleaned, split and counted with C-level passes over the whole list
    (``map`` of compiled regexes and ``str`` methods); every token is turned into the
    row of its distinct word in a feature table (syllables, easy-word membership,
    letters: computed once per distinct word and process), and each text's counts are
    segment sums over its tokens. Per text, Python only runs for the few texts of more
    than 100 words (the Linsear Write prefix).

    Parameters
    ----------
    texts : sequence of str
    sentence_counter : callable, optional
        As in :func:`count_text`.

    Returns
    -------
    dict of str to ndarray
        The keys of :func:`count_text` (:data:`COUNT_KEYS`), each an ``int64`` array
        aligned with ``texts``.

    Examples
    --------
    >>> c = count_texts(["The cat sat on the mat. It was happy!", "Readability matters."])
    >>> c["n_words"].tolist(), c["n_syllables"].tolist()
    ([9, 2], [10, 7])
    """
    texts = list(texts)
    n = len(texts)
    cleaned = _clean_many(texts)
    tokens = list(map(str.split, cleaned))
    n_words = _lengths(tokens)
    bounds = _bounds(n_words)
    ids = _ids(list(itertools.chain.from_iterable(tokens)))
    feats = _TABLE[ids]
    sums = _segment_sums(feats, bounds).T
    syl, _, poly, mono, dc_hard, diff, fog, long_, mini, letters, token_chars = sums

    owner = np.repeat(np.arange(n, dtype=np.int64), n_words)
    difficult = feats[:, 5] > 0
    # textstat's difficult_words counts distinct (case-sensitive) words per text.
    pairs = np.sort(owner[difficult] * len(_TOKEN_ID) + ids[difficult])
    first_of_pair = np.ones(len(pairs), dtype=bool)
    first_of_pair[1:] = pairs[1:] != pairs[:-1]  # a sort beats np.unique's hashing here
    uniq_diff = np.bincount(pairs[first_of_pair] // max(len(_TOKEN_ID), 1), minlength=n)

    # Linsear Write looks at the first 100 words and the sentences they span.
    first = (np.arange(len(ids), dtype=np.int64) - bounds[:-1][owner]) < 100
    syl_word = feats[:, 1]
    lw_hard = np.bincount(owner[first & (syl_word >= 3)], minlength=n)
    lw_easy = np.bincount(owner[first & (syl_word > 0) & (syl_word < 3)], minlength=n)

    n_tokens = np.fromiter(map(len, map(str.split, texts)), dtype=np.int64, count=n)
    # Non-whitespace characters: cleaning removes no whitespace (str.split and re's \s
    # agree on it), so the text's whitespace is the cleaned text's minus its tokens.
    n_chars = _lengths(texts) - _lengths(cleaned) + token_chars

    n_sentences = _count_many(sentence_counter, texts)
    long_text = np.flatnonzero((n_tokens > 100) & (n_words >= 100))
    if sentence_counter is None:
        # For a text of at most 100 words the prefix is the text, whose whitespace
        # normalisation has the same sentences (none when it is only whitespace).
        linsear = np.where(n_tokens == 0, 0, n_sentences)
        todo = long_text
    else:
        linsear = np.zeros(n, dtype=np.int64)
        todo = np.arange(n)
    is_long = np.zeros(n, dtype=bool)
    is_long[long_text] = True
    prefixes = [_linsear_prefix(texts[i]) if is_long[i] else texts[i] for i in todo.tolist()]
    linsear[todo] = _count_many(sentence_counter, [" ".join(p.split()) for p in prefixes])
    return {
        "n_sentences": n_sentences,
        "n_words": n_words,
        "n_syllables": syl,
        "n_polysyllables": poly,
        "n_monosyllables": mono,
        "n_long_words": long_,
        "n_difficult_words": diff,
        "n_letters": letters,
        "n_chars": n_chars,
        "n_tokens": n_tokens,
        "n_miniwords": mini,
        "n_fog_words": fog,
        "n_dale_chall_hard": dc_hard,
        "n_unique_difficult": uniq_diff.astype(np.int64),
        "linsear_easy": lw_easy.astype(np.int64),
        "linsear_hard": lw_hard.astype(np.int64),
        "linsear_sentences": linsear,
    }


def count_text(
    text: str, *, sentence_counter: Callable[[str], int] | None = None
) -> dict[str, int]:
    """Return every count textstat's English measures need, in one pass.

    Parameters
    ----------
    text : str
        The text.
    sentence_counter : callable, optional
        ``str -> int``; counts sentences (of the text and of its first 100 words,
        for Linsear Write). Defaults to :func:`count_sentences` (textstat's rule).

    Returns
    -------
    dict of str to int
        :data:`COUNT_COLUMNS` plus the internal counts ``n_tokens`` (whitespace
        tokens, for ARI), ``n_miniwords``, ``n_fog_words``, ``n_dale_chall_hard``,
        ``n_unique_difficult``, ``linsear_easy``, ``linsear_hard`` and
        ``linsear_sentences``.

    See Also
    --------
    count_texts : the same for many texts at once (what the engine calls).

    Examples
    --------
    >>> count_text("Readability formulas are approximations.")["n_polysyllables"]
    3
    """
    return {k: int(v[0]) for k, v in count_texts([text], sentence_counter=sentence_counter).items()}
