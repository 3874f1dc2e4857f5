"""Term frequency: document-term matrix, frequencies, tf-idf, keyness, log-odds, dictionaries.

The vocabulary analyses that quanteda (``dfm``, ``textstat_frequency``,
``textstat_keyness``, ``textstat_collocations``, ``kwic``) and Voyant (Cirrus,
Trends, Contexts) users reach for first, on pandas and scipy. Every function
tokenises with one documented rule (:mod:`analysis.terms.tokenize`).

Examples
--------
>>> import pandas as pd
>>> from analysis.terms import build_dtm, frequencies
>>> dtm = build_dtm(pd.Series(["U.S. talks on COVID-19.", "Talks in Kyiv's centre."]))
>>> frequencies(dtm, n=2)["term"].tolist()
['talks', 'centre']
"""

from __future__ import annotations

from .analyzer import ENGLISH_CONTRACTIONS, analyzer_for, make_analyzer, stop_word_set
from .collocations import collocations
from .convert import (
    from_gensim,
    from_sklearn,
    read_quanteda,
    to_gensim,
    to_quanteda,
    to_sklearn,
)
from .dictionaries import Dictionary, dictionary_counts, replace_variants
from .dtm import build_dtm
from .frequency import frequencies, heaps, heaps_fit, tfidf, top_terms, zipf, zipf_fit
from .hashing import hashing_report
from .keyness import keyness, keyness_from_counts, keyness_table
from .kwic import kwic
from .logodds import weighted_log_odds, weighted_log_odds_from_counts
from .matrix import DocumentTermMatrix, hash_buckets
from .tokenize import TOKEN_PATTERN, tokenize, tokenize_sentences
from .trends import trends

__all__ = [
    "from_gensim",
    "from_sklearn",
    "read_quanteda",
    "to_gensim",
    "to_quanteda",
    "to_sklearn",
    "ENGLISH_CONTRACTIONS",
    "TOKEN_PATTERN",
    "Dictionary",
    "DocumentTermMatrix",
    "analyzer_for",
    "build_dtm",
    "collocations",
    "dictionary_counts",
    "frequencies",
    "hash_buckets",
    "hashing_report",
    "heaps",
    "heaps_fit",
    "keyness",
    "keyness_from_counts",
    "keyness_table",
    "kwic",
    "make_analyzer",
    "replace_variants",
    "stop_word_set",
    "tfidf",
    "tokenize",
    "tokenize_sentences",
    "top_terms",
    "trends",
    "weighted_log_odds",
    "weighted_log_odds_from_counts",
    "zipf",
    "zipf_fit",
]
