"""The one definition of a word, and of ``n_words``, used everywhere in the package.

A word is a whitespace-delimited chunk that holds a letter or a digit: exactly the
words of ``textstat.lexicon_count`` (punctuation removed, contraction apostrophes
kept, then split on whitespace). The loader's ``n_words`` column, its ``min_words``
rule and :func:`analysis.readability.readability`'s ``n_words`` all count with
:func:`count_words`, so they agree on every text.

Examples
--------
>>> count_words("NATO’s chief visited Kyiv — for the 1st time, at 3:30 p.m.")
11
"""

from __future__ import annotations

import re

__all__ = ["WORD_CHUNK", "count_words"]

#: A whitespace-delimited chunk holding a word character: exactly the chunks that
#: survive textstat's ``remove_punctuation`` (a kept apostrophe is always followed by a
#: letter), so ``len(WORD_CHUNK.findall(text))`` is textstat's word count.
WORD_CHUNK = re.compile(r"[^\s\w]*\w\S*")


#: Texts up to this many characters are counted from a list of their words (faster);
#: longer ones word by word, so memory does not grow with them.
_LIST_WORDS_UP_TO = 1 << 20


def count_words(text: str) -> int:
    """The number of words in ``text`` (textstat's ``lexicon_count``).

    Examples
    --------
    >>> count_words("-- a b-c ... d"), count_words("It’s a well-known fact: 3 words? No — 7.")
    (3, 8)
    """
    if len(text) <= _LIST_WORDS_UP_TO:
        return len(WORD_CHUNK.findall(text))
    return sum(1 for _ in WORD_CHUNK.finditer(text))  # no list of every word of a long text
