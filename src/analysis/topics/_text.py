"""Turning new texts into the token sequences and counts a document-term matrix expects.

The document-term matrix (:class:`analysis.terms.DocumentTermMatrix`) records the
options it was built with in ``dtm.options``. A matrix from
:func:`analysis.terms.build_dtm` (its options carry ``lemmatize`` and ``weighting``)
is re-created with build_dtm's own analyzer (token rule, extended stop words,
lemmatisation), so new texts and coherence texts are tokenised exactly like its terms.
For any other matrix this module rebuilds the analyzer from the options scikit-learn's
:class:`~sklearn.feature_extraction.text.CountVectorizer` understands (``lowercase``, ``stop_words``, ``token_pattern``, ``strip_accents``,
``ngram_range``, ``analyzer``, ``preprocessor``, ``tokenizer``) and warns about any
other option that might change tokens (e.g. lemmatisation), which it cannot reproduce.
An ``analyzer`` entry that is a callable is used as is.

Texts come from strings, a Series of strings, or an articles frame (``title`` and
``text`` joined by a blank line when ``dtm.options["fields"]`` says so; otherwise
``text`` alone).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

__all__ = [
    "analyzer_from_options",
    "as_texts",
    "text_columns",
    "tokenize",
    "tokenize_documents",
    "vectorize",
]

_VECTORIZER_KEYS = (
    "lowercase",
    "stop_words",
    "token_pattern",
    "strip_accents",
    "ngram_range",
    "analyzer",
    "preprocessor",
    "tokenizer",
)
# options that describe pruning or bookkeeping, not tokenisation
_HARMLESS_KEYS = {
    "min_df",
    "max_df",
    "max_features",
    "binary",
    "dtype",
    "fields",
    "text_column",
    "vocabulary",
    "n_docs",
    "n_terms",
}
_TOKEN_KEYS_WARNED: set[str] = set()


def _options(dtm_or_options: Any) -> dict[str, Any]:
    if dtm_or_options is None:
        return {}
    if isinstance(dtm_or_options, dict):
        return dtm_or_options
    return dict(getattr(dtm_or_options, "options", None) or {})


def _project_analyzer(options: dict[str, Any], unigrams: bool) -> Callable | None:
    """The analyzer of :func:`analysis.terms.build_dtm`, when the options come from it."""
    if "lemmatize" not in options or "weighting" not in options:
        return None
    from analysis.terms import analyzer_for

    return analyzer_for(options, ngram_range=(1, 1) if unigrams else None)


def analyzer_from_options(dtm_or_options: Any = None, *, unigrams: bool = False) -> Callable:
    """Return a callable ``str -> list[str]`` matching the DTM's analyzer.

    Parameters
    ----------
    dtm_or_options : DocumentTermMatrix or dict, optional
        The matrix (its ``options``) or the options themselves. Without options,
        scikit-learn's defaults with English stop words are used.
    unigrams : bool, default False
        Return the token sequence only (no n-grams), in reading order: what the
        sliding-window coherence measures need.

    Examples
    --------
    >>> analyzer_from_options({"stop_words": "english"}, unigrams=True)("The oil price rose")
    ['oil', 'price', 'rose']
    """
    options = _options(dtm_or_options)
    if callable(options.get("analyzer")):
        return options["analyzer"]
    project = _project_analyzer(options, unigrams)
    if project is not None:
        return project
    kwargs = {k: options[k] for k in _VECTORIZER_KEYS if k in options}
    if not options:
        kwargs["stop_words"] = "english"
    if isinstance(kwargs.get("stop_words"), (set, frozenset, tuple, np.ndarray)):
        kwargs["stop_words"] = list(kwargs["stop_words"])
    if "ngram_range" in kwargs:
        kwargs["ngram_range"] = tuple(kwargs["ngram_range"])
    unknown = sorted(set(options) - set(_VECTORIZER_KEYS) - _HARMLESS_KEYS - _TOKEN_KEYS_WARNED)
    if unknown:
        _TOKEN_KEYS_WARNED.update(unknown)
        warnings.warn(
            f"Document-term matrix options {unknown} are not reproduced when new texts are "
            "tokenised here; tokens of new documents may differ from the matrix's terms.",
            UserWarning,
            stacklevel=3,
        )
    if unigrams:
        kwargs["ngram_range"] = (1, 1)
    vectorizer = CountVectorizer(**kwargs)
    return vectorizer.build_analyzer()


def text_columns(dtm_or_options: Any = None) -> list[str]:
    """The article columns a matrix's texts are made of (``text``, or its ``fields``).

    Examples
    --------
    >>> text_columns({}), text_columns({"fields": ["title", "text"]})
    (['text'], ['title', 'text'])
    """
    options = _options(dtm_or_options)
    fields = options.get("fields") or [options.get("text_column", "text")]
    return [fields] if isinstance(fields, str) else list(fields)


def as_texts(texts_or_articles: Any, dtm_or_options: Any = None) -> list[str]:
    """Return plain strings from strings, a Series, or an articles frame."""
    if isinstance(texts_or_articles, str):
        return [texts_or_articles]
    if isinstance(texts_or_articles, pd.DataFrame):
        fields = text_columns(dtm_or_options)
        missing = [f for f in fields if f not in texts_or_articles.columns]
        if missing:
            raise ValueError(
                f"The articles frame has no column(s) {missing}; pass a frame with a "
                "'text' column (as produced by analysis.load_corpus) or a list of strings."
            )
        parts = texts_or_articles[fields].fillna("").astype(str)
        return (
            parts.agg("\n\n".join, axis=1).tolist()
            if len(fields) > 1
            else parts[fields[0]].tolist()
        )
    if isinstance(texts_or_articles, Iterable):
        out = list(texts_or_articles)
        bad = [type(t).__name__ for t in out[:50] if not isinstance(t, str)]
        if bad:
            raise TypeError(
                f"Expected texts as strings, got {bad[0]}. Pass raw strings, a Series of "
                "strings or an articles frame."
            )
        return out
    raise TypeError(f"Cannot read texts from a {type(texts_or_articles).__name__}.")


def tokenize_documents(texts_or_articles: Any, dtm_or_options: Any = None) -> list[list[str]]:
    """Token sequences for the coherence measures, made like the DTM's terms.

    Lowercasing, accent stripping, the token pattern and stop-word removal follow the
    DTM's options; the result is the unigram sequence in reading order (terms pruned
    from the DTM by ``min_df``/``max_df`` stay in as window fillers, exactly as with
    gensim when its dictionary is filtered but the texts are not).

    Examples
    --------
    >>> tokenize_documents(["Oil prices rose.", "The match ended 2-1"])
    [['oil', 'prices', 'rose'], ['match', 'ended']]
    """
    analyze = analyzer_from_options(dtm_or_options, unigrams=True)
    return [analyze(text) for text in as_texts(texts_or_articles, dtm_or_options)]


def tokenize(texts_or_articles: Any, dtm_or_options: Any = None) -> list[list[str]]:
    """Deprecated alias of :func:`tokenize_documents` (one ``tokenize`` per package:
    :func:`analysis.terms.tokenize` splits one text)."""
    warnings.warn(
        "analysis.topics.tokenize is deprecated; use analysis.topics.tokenize_documents "
        "(analysis.terms.tokenize splits one text).",
        DeprecationWarning,
        stacklevel=2,
    )
    return tokenize_documents(texts_or_articles, dtm_or_options)


def vectorize(
    texts_or_articles: Any, terms: np.ndarray, dtm_or_options: Any = None
) -> sp.csr_matrix:
    """Count ``terms`` in new texts with the DTM's analyzer (columns in ``terms`` order)."""
    analyze = analyzer_from_options(dtm_or_options)
    vectorizer = CountVectorizer(analyzer=analyze, vocabulary=list(terms))
    return sp.csr_matrix(vectorizer.transform(as_texts(texts_or_articles, dtm_or_options)))
