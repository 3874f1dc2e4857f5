"""Readability and lexical diversity of news texts, in one pass, with textstat parity.

:func:`readability` scores articles, paragraphs or sentences with textstat's English
measures (same column names, same values), their underlying counts, five lexical
diversity measures and a ``flags`` column of caveats. :func:`compare_groups`
summarises a measure per outlet, section or month with bootstrap confidence
intervals. The CMU dictionary textstat needs is provisioned offline by
:func:`ensure_cmudict`; the engine's word tables (syllables, easy words, hyphenation
patterns) are built from it once and cached under :data:`analysis.config.CACHE_DIR`,
so a new process starts scoring without importing NLTK or textstat
(``docs/readability-speed.md``).

Modules: :mod:`.counts` (tokenise and count once), :mod:`.formulas` (every formula
from the counts), :mod:`.lexdiv`, :mod:`.splitters`, :mod:`.cmudict`,
:mod:`.engine`, :mod:`.compare`.

Examples
--------
>>> from analysis.readability import readability
>>> readability(["Short texts are flagged."])["flags"].iloc[0]
'under_100_words,smog_lt_30_sentences,under_50_words'
"""

from __future__ import annotations

from .cmudict import CmudictInfo, ensure_cmudict
from .compare import compare_groups, compare_pairs
from .engine import ALL_COLUMNS, FLAGS, LEVELS, MEASURE_COLUMNS, readability
from .splitters import SENTENCE_SPLITTERS, split_paragraphs, split_sentences

__all__ = [
    "ALL_COLUMNS",
    "FLAGS",
    "LEVELS",
    "MEASURE_COLUMNS",
    "SENTENCE_SPLITTERS",
    "CmudictInfo",
    "compare_groups",
    "compare_pairs",
    "ensure_cmudict",
    "readability",
    "split_paragraphs",
    "split_sentences",
]
