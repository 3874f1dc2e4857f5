"""Build the document-term matrix on scikit-learn's CountVectorizer with the project's token rule."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from ._dtm import DocumentTermMatrix
from ._input import texts_of
from .tokenize import _SENTENCE_RE, _TOKEN_RE, TOKEN_PATTERN, normalize

__all__ = ["ENGLISH_CONTRACTIONS", "build_dtm", "stop_word_set"]

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


def stop_word_set(stop_words, *, lowercase: bool = True) -> frozenset[str]:
    """Resolve the ``stop_words`` option to a set.

    ``"english"`` is scikit-learn's list plus :data:`ENGLISH_CONTRACTIONS`;
    ``None`` is the empty set; any other iterable of str is used as given
    (lower-cased when ``lowercase``).

    Examples
    --------
    >>> "don't" in stop_word_set("english"), len(stop_word_set(None))
    (True, 0)
    >>> sorted(stop_word_set(["Said", "Reuters"]))
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
    return frozenset(words)


class _Analyzer:
    """Text -> terms: tokenise, drop stop words, lemmatise, form n-grams within sentences.

    A picklable callable (passed as CountVectorizer's ``analyzer``); its lemma
    cache lives on the instance, so nothing is shared between builds.
    """

    def __init__(self, *, ngram_range, stop_words, lemmatize, lowercase):
        self.min_n, self.max_n = ngram_range
        self.stop = stop_words
        self.lemmatize = lemmatize
        self.lowercase = lowercase
        self._lemmas: dict[str, str] = {"": ""}

    def _clean(self, tokens: list[str]) -> list[str]:
        stop = self.stop
        if stop:
            if self.lowercase:
                tokens = [t for t in tokens if t not in stop]
            else:
                tokens = [t for t in tokens if t.lower() not in stop]
        if self.lemmatize:
            tokens = [self._lemma(t) for t in tokens]
        return tokens

    def _lemma(self, token: str) -> str:
        lemma = self._lemmas.get(token)
        if lemma is None:
            import simplemma

            lemma = simplemma.lemmatize(token, lang="en")
            if self.lowercase:
                lemma = lemma.lower()
            self._lemmas[token] = lemma
        return lemma

    def __call__(self, doc: str) -> list[str]:
        text = normalize(doc, lowercase=self.lowercase)
        if self.max_n == 1:
            return self._clean(_TOKEN_RE.findall(text))
        # Sentence ends come back as empty strings; an n-gram must not contain one.
        tokens = self._clean(_SENTENCE_RE.findall(text))
        min_n, max_n = self.min_n, self.max_n
        out = [t for t in tokens if t] if min_n == 1 else []
        if min_n <= 2:
            out += [a + " " + b for a, b in zip(tokens, tokens[1:], strict=False) if a and b]
        for n in range(max(3, min_n), max_n + 1):
            grams = zip(*[tokens[i:] for i in range(n)], strict=False)
            out += [" ".join(g) for g in grams if all(g)]
        return out


def build_dtm(
    articles,
    *,
    ngram_range: tuple[int, int] = (1, 1),
    stop_words="english",
    lemmatize: bool = False,
    lowercase: bool = True,
    min_df=1,
    max_df=1.0,
    max_features: int | None = None,
) -> DocumentTermMatrix:
    """Count terms per document: documents in rows, terms in columns.

    Tokens follow :mod:`analysis.terms.tokenize` (``U.S.`` -> ``u.s.``,
    ``COVID-19`` -> ``covid-19``, ``Kyiv's`` -> ``kyiv``). Stop words are removed
    by their surface form, then tokens are lemmatised (if asked), then n-grams
    are formed. N-grams never cross a sentence boundary, but they do join the
    words on either side of a removed stop word (as scikit-learn does):
    ``"Bank of England"`` gives the bigram ``bank england``.

    Parameters
    ----------
    articles : DataFrame, Series or list of str
        The articles frame (index ``doc_id``, column ``text``); a Series or list
        of texts also works. Missing texts count as empty documents (with a
        warning).
    ngram_range : (int, int), default (1, 1)
        Smallest and largest n-gram length.
    stop_words : 'english', list of str or None, default 'english'
        ``'english'`` is scikit-learn's list plus common contractions
        (:data:`ENGLISH_CONTRACTIONS`).
    lemmatize : bool, default False
        Map tokens to lemmas with simplemma (offline, English).
    lowercase : bool, default True
        Lower-case before tokenising. With ``False``, stop words still match
        case-insensitively.
    min_df, max_df : int or float
        Document-frequency bounds, as in scikit-learn (int = count, float = share).
    max_features : int, optional
        Keep only the most frequent terms.

    Returns
    -------
    DocumentTermMatrix
        ``matrix`` (CSR, int64 counts), ``terms`` (sorted; an object array of
        str, as scikit-learn's ``get_feature_names_out``), ``doc_ids``,
        ``options`` (these arguments plus the token pattern) and ``docvars``
        (``source``, ``published``, ``section`` where the frame has them).

    Raises
    ------
    ValueError
        Empty corpus; no terms left after removing stop words; no terms left
        after pruning by ``min_df``/``max_df``; a bad ``ngram_range``.

    See Also
    --------
    analysis.terms.frequencies, analysis.terms.keyness

    Examples
    --------
    >>> import pandas as pd
    >>> arts = pd.DataFrame(
    ...     {"text": ["Kyiv's mayor met U.S. envoys.", "U.S. envoys left Kyiv."],
    ...      "source": ["a.com", "b.com"]},
    ...     index=pd.Index(["d1", "d2"], name="doc_id"))
    >>> dtm = build_dtm(arts)
    >>> list(dtm.terms)
    ['envoys', 'kyiv', 'left', 'mayor', 'met', 'u.s.']
    >>> dtm.matrix.toarray()
    array([[1, 1, 0, 1, 1, 1],
           [1, 1, 1, 0, 0, 1]])
    >>> list(build_dtm(arts, ngram_range=(2, 2)).terms)
    ['envoys left', 'kyiv mayor', 'left kyiv', 'mayor met', 'met u.s.', 'u.s. envoys']
    """
    texts, doc_ids, docvars = texts_of(articles, caller="build_dtm")
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
    stop = stop_word_set(stop_words, lowercase=lowercase)
    analyzer = _Analyzer(
        ngram_range=(min_n, max_n), stop_words=stop, lemmatize=lemmatize, lowercase=lowercase
    )
    vectorizer = CountVectorizer(
        analyzer=analyzer, min_df=min_df, max_df=max_df, max_features=max_features,
        dtype=np.int64,
    )  # fmt: skip
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError as err:
        if "empty vocabulary" in str(err):
            raise ValueError(
                "After tokenising and removing stop words, no terms remain: the documents "
                "are empty or contain only stop words. Pass stop_words=None or a shorter "
                "stop-word list, or check the 'text' column."
            ) from None
        raise
    # Same as get_feature_names_out() (an object array of str), without its sort.
    vocabulary = vectorizer.vocabulary_
    terms = np.empty(len(vocabulary), dtype=object)
    terms[np.fromiter(vocabulary.values(), dtype=np.int64, count=len(vocabulary))] = list(
        vocabulary
    )
    options = {
        "ngram_range": (min_n, max_n),
        "stop_words": stop_words if stop_words is None or isinstance(stop_words, str)
        else sorted(stop),
        "lemmatize": bool(lemmatize),
        "lowercase": bool(lowercase),
        "min_df": min_df,
        "max_df": max_df,
        "max_features": max_features,
        "token_pattern": TOKEN_PATTERN,
        "weighting": "count",
    }  # fmt: skip
    return DocumentTermMatrix(
        matrix=matrix.tocsr(), terms=terms, doc_ids=doc_ids, options=options, docvars=docvars
    )
