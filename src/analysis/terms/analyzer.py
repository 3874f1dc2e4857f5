"""Text -> terms: the analyzer every document-term matrix applies, and its stop words.

:func:`make_analyzer` builds it from options (tokenise with the rule of
:mod:`analysis.terms.tokenize`, remove stop words, lemmatise, form n-grams within
sentences); :func:`analyzer_for` rebuilds the one a matrix was built with.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import filterfalse
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .tokenize import SENTENCE_RE, TOKEN_RE, normalize

if TYPE_CHECKING:
    from .matrix import DocumentTermMatrix

__all__ = ["ENGLISH_CONTRACTIONS", "analyzer_for", "check_ngram_range", "make_analyzer",
           "stop_word_set"]  # fmt: skip

#: Contractions added to scikit-learn's English list: the token rule keeps them
#: whole (``don't``), where scikit-learn's default pattern splits them.
ENGLISH_CONTRACTIONS: frozenset[str] = frozenset(
    [
        "ain't",
        "aren't",
        "can't",
        "couldn't",
        "didn't",
        "doesn't",
        "don't",
        "hadn't",
        "hasn't",
        "haven't",
        "isn't",
        "mightn't",
        "mustn't",
        "needn't",
        "shan't",
        "shouldn't",
        "wasn't",
        "weren't",
        "won't",
        "wouldn't",
        "i'm",
        "i've",
        "i'll",
        "i'd",
        "you're",
        "you've",
        "you'll",
        "you'd",
        "he'd",
        "he'll",
        "she'd",
        "she'll",
        "it'll",
        "it'd",
        "we're",
        "we've",
        "we'll",
        "we'd",
        "they're",
        "they've",
        "they'll",
        "they'd",
        "that'll",
        "there'll",
        "there'd",
        "what're",
        "who're",
        "who'll",
        "who'd",
    ]
)


def stop_word_set(
    stop_words: Iterable[str] | str | None, *, lowercase: bool = True
) -> frozenset[str]:
    """Resolve the ``stop_words`` option to a set.

    ``"english"`` is scikit-learn's list plus :data:`ENGLISH_CONTRACTIONS`;
    ``None`` is the empty set; any other iterable of str is used as given
    (lower-cased when ``lowercase``; empty strings are ignored).

    Examples
    --------
    >>> "don't" in stop_word_set("english"), len(stop_word_set(None))
    (True, 0)
    >>> sorted(stop_word_set(["Said", "Reuters", ""]))
    ['reuters', 'said']
    """
    if stop_words is None:
        return frozenset()
    if isinstance(stop_words, str):
        if stop_words == "english":
            return frozenset(ENGLISH_STOP_WORDS) | ENGLISH_CONTRACTIONS
        raise ValueError(
            f"stop_words={stop_words!r} is not a known list. Pass 'english', None, "
            "or a list of words."
        )
    if not isinstance(stop_words, Iterable):
        raise ValueError("stop_words must be 'english', None or a list of words.")
    words = [normalize(str(w), lowercase=lowercase) for w in stop_words]
    # "" marks a sentence end inside the analyzer; it is never a word to remove.
    return frozenset(w for w in words if w)


class _Analyzer:
    """Text -> terms: tokenise, drop stop words, lemmatise, form n-grams within sentences.

    A picklable callable; its lemma cache lives on the instance, so nothing is
    shared between builds. Use :func:`make_analyzer` or :func:`analyzer_for`
    rather than this class.
    """

    def __init__(self, *, ngram_range, stop_words, lemmatize, lowercase):
        self.min_n, self.max_n = ngram_range
        # Without lower-casing, tokens are compared lower-cased: so is the list.
        self.stop = frozenset(stop_words if lowercase else (w.lower() for w in stop_words))
        self.lemmatize = lemmatize
        self.lowercase = lowercase
        self._lemmas: dict[str, str] = {"": ""}

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_lemmas"] = {"": ""}  # a cache, not state: do not ship it to workers
        return state

    def _clean(self, tokens: list[str]) -> list[str]:
        stop = self.stop
        if stop:
            if self.lowercase:
                tokens = list(filterfalse(stop.__contains__, tokens))
            else:
                tokens = [t for t in tokens if t.lower() not in stop]
        if self.lemmatize:
            lemmas = self._lemmas
            tokens = [lemmas.get(t) or self._lemma(t) for t in tokens]
        return tokens

    def _lemma(self, token: str) -> str:
        if token == "":
            return ""
        import simplemma

        # A lemma is never empty (an empty one would read as a sentence end).
        lemma = simplemma.lemmatize(token, lang="en") or token
        if self.lowercase:
            lemma = lemma.lower()
        self._lemmas[token] = lemma
        return lemma

    # The batch form used by build_dtm: split() each text, then finish() each distinct
    # token once (a lemma is a property of a token, not of a text).
    # finish(split(doc)) with the dropped (None) tokens removed equals __call__(doc).

    def split(self, doc: str) -> list[str]:
        """Unigrams: the tokens without stop words, not lemmatised. N-grams: the terms."""
        if self.max_n == 1:
            tokens = TOKEN_RE.findall(normalize(doc, lowercase=self.lowercase))
            stop = self.stop
            if not stop:
                return tokens
            if self.lowercase:  # filterfalse: the hash it computes is cached for later
                return list(filterfalse(stop.__contains__, tokens))
            return [t for t in tokens if t.lower() not in stop]
        return self(doc)

    # The columnar form (analysis.terms._columnar): one regex call over many chunks of
    # text, then stop words and lemmas of the distinct tokens, then n-grams.

    @property
    def pattern(self):
        """The token rule: :data:`TOKEN_RE`, or :data:`SENTENCE_RE` (``""`` ends a sentence)."""
        return TOKEN_RE if self.max_n == 1 else SENTENCE_RE

    def is_stop(self, tokens: np.ndarray) -> np.ndarray:
        """Which of these distinct tokens are stop words (a boolean array).

        Examples
        --------
        >>> import numpy as np
        >>> make_analyzer(lowercase=False).is_stop(np.array(["The", "Kyiv"], dtype=object))
        array([ True, False])
        """
        if not self.stop:
            return np.zeros(len(tokens), dtype=bool)
        words = tokens if self.lowercase else [t.lower() for t in tokens]
        return np.asarray(pd.Index(words, dtype=object).isin(self.stop), dtype=bool)

    def lemmas(self, tokens: np.ndarray) -> np.ndarray:
        """The lemma of each distinct token (``""`` stays ``""``); the tokens if not asked.

        Examples
        --------
        >>> import numpy as np
        >>> make_analyzer(lemmatize=True).lemmas(np.array(["talks", ""], dtype=object)).tolist()
        ['talk', '']
        """
        if not self.lemmatize:
            return tokens
        lemmas = self._lemmas
        out = np.empty(len(tokens), dtype=object)
        out[:] = [lemmas.get(t) or self._lemma(t) for t in tokens]
        return out

    def finish(self, tokens: np.ndarray) -> np.ndarray:
        """Map distinct :meth:`split` tokens to their terms (lemmas, if asked)."""
        if self.max_n != 1 or not self.lemmatize:
            return tokens
        lemmas = self._lemmas
        out = np.empty(len(tokens), dtype=object)
        out[:] = [lemmas.get(t) or self._lemma(t) for t in tokens]
        return out

    def __call__(self, doc: str) -> list[str]:
        text = normalize(doc, lowercase=self.lowercase)
        if self.max_n == 1:
            return self._clean(TOKEN_RE.findall(text))
        # Sentence ends come back as empty strings; an n-gram must not contain one.
        tokens = self._clean(SENTENCE_RE.findall(text))
        min_n, max_n = self.min_n, self.max_n
        out = [t for t in tokens if t] if min_n == 1 else []
        if min_n <= 2:
            out += [a + " " + b for a, b in zip(tokens, tokens[1:], strict=False) if a and b]
        for n in range(max(3, min_n), max_n + 1):
            grams = zip(*[tokens[i:] for i in range(n)], strict=False)
            out += [" ".join(g) for g in grams if all(g)]
        return out


def check_ngram_range(ngram_range: tuple[int, int] | list[int]) -> tuple[int, int]:
    if (
        isinstance(ngram_range, str)
        or not isinstance(ngram_range, (tuple, list))
        or len(ngram_range) != 2
        or not all(
            isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in ngram_range
        )
    ):
        raise ValueError(
            f"ngram_range must be a pair of integers like (1, 2); got {ngram_range!r}."
        )
    min_n, max_n = (int(v) for v in ngram_range)
    if not 1 <= min_n <= max_n:
        raise ValueError(
            f"Invalid value for ngram_range={ngram_range!r}: lower boundary must be "
            "at least 1 and not larger than the upper boundary."
        )
    return min_n, max_n


def make_analyzer(
    *,
    ngram_range: tuple[int, int] = (1, 1),
    stop_words: Iterable[str] | str | None = "english",
    lemmatize: bool = False,
    lowercase: bool = True,
):
    """The text -> terms function of :func:`build_dtm` for these options.

    It is what :func:`build_dtm` applies to every text: tokenise with the rule of
    :mod:`analysis.terms.tokenize`, remove stop words, lemmatise (if asked), form
    n-grams within sentences. The result is a picklable callable (it can be passed
    as scikit-learn's ``analyzer=`` or sent to Dask workers).

    Parameters
    ----------
    ngram_range, stop_words, lemmatize, lowercase
        As in :func:`build_dtm`.

    Returns
    -------
    callable
        ``analyzer(text) -> list of str``.

    See Also
    --------
    analyzer_for : the analyzer of an existing matrix.

    Examples
    --------
    >>> make_analyzer()("The U.S. envoy's talks.")
    ['u.s.', 'envoy', 'talks']
    >>> make_analyzer(ngram_range=(2, 2), stop_words=None)("Talks ended. Envoys left.")
    ['talks ended', 'envoys left']
    """
    min_n, max_n = check_ngram_range(ngram_range)
    return _Analyzer(
        ngram_range=(min_n, max_n),
        stop_words=stop_word_set(stop_words, lowercase=lowercase),
        lemmatize=bool(lemmatize),
        lowercase=bool(lowercase),
    )


def analyzer_for(
    dtm_or_options: DocumentTermMatrix | Mapping[str, Any],
    *,
    ngram_range: tuple[int, int] | None = None,
):
    """The analyzer a document-term matrix was built with (from its ``options``).

    Parameters
    ----------
    dtm_or_options : DocumentTermMatrix or dict
        A matrix from :func:`build_dtm`, or its ``options``.
    ngram_range : (int, int), optional
        Override the matrix's n-gram range, e.g. ``(1, 1)`` for the plain token
        sequence.

    Returns
    -------
    callable
        ``analyzer(text) -> list of str`` (see :func:`make_analyzer`).

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.terms import build_dtm
    >>> dtm = build_dtm(pd.Series(["Rates rose in Kyiv."]), ngram_range=(1, 2))
    >>> analyzer_for(dtm)("Kyiv's rates")
    ['kyiv', 'rates', 'kyiv rates']
    >>> analyzer_for(dtm.options, ngram_range=(1, 1))("Kyiv's rates")
    ['kyiv', 'rates']
    """
    options = dtm_or_options if isinstance(dtm_or_options, dict) else dtm_or_options.options
    return make_analyzer(
        ngram_range=tuple(ngram_range or options.get("ngram_range", (1, 1))),
        stop_words=options.get("stop_words", "english"),
        lemmatize=options.get("lemmatize", False),
        lowercase=options.get("lowercase", True),
    )
