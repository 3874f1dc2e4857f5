"""Build the document-term matrix with the project's token rule and scikit-learn's vocabulary rule.

Counting is split into steps a cluster can share (:mod:`analysis.terms._count`):
the in-memory path and :mod:`analysis.scale.terms` run the same code on the same
texts, so their matrices are identical.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from itertools import filterfalse

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

from ._count import check_pruning, count_texts, restrict, select_vocabulary, term_stats
from ._dtm import DocumentTermMatrix, hashed_terms
from ._input import texts_of
from .tokenize import _SENTENCE_RE, _TOKEN_RE, TOKEN_PATTERN, normalize

__all__ = [
    "ENGLISH_CONTRACTIONS",
    "analyzer_for",
    "build_dtm",
    "make_analyzer",
    "stop_word_set",
]

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
            tokens = _TOKEN_RE.findall(normalize(doc, lowercase=self.lowercase))
            stop = self.stop
            if not stop:
                return tokens
            if self.lowercase:  # filterfalse: the hash it computes is cached for later
                return list(filterfalse(stop.__contains__, tokens))
            return [t for t in tokens if t.lower() not in stop]
        return self(doc)

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


def _check_ngram_range(ngram_range) -> tuple[int, int]:
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
    stop_words="english",
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
    min_n, max_n = _check_ngram_range(ngram_range)
    return _Analyzer(
        ngram_range=(min_n, max_n),
        stop_words=stop_word_set(stop_words, lowercase=lowercase),
        lemmatize=bool(lemmatize),
        lowercase=bool(lowercase),
    )


def analyzer_for(dtm_or_options, *, ngram_range: tuple[int, int] | None = None):
    """The analyzer a document-term matrix was built with (from its ``options``).

    Parameters
    ----------
    dtm_or_options : DocumentTermMatrix, PartitionedDTM or dict
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


def _is_partitioned_input(articles) -> bool:
    """A dask DataFrame, the folder of a partitioned corpus or a processed .parquet corpus."""
    if hasattr(articles, "npartitions"):
        return True
    if isinstance(articles, os.PathLike):
        return True
    return isinstance(articles, str) and (
        os.path.isdir(articles)
        or (articles.lower().endswith(".parquet") and os.path.isfile(articles))
    )


def _hashed_counts(texts, analyzer, n_features: int) -> sp.csr_matrix:
    """Hashed term counts: scikit-learn's HashingVectorizer, counts kept as integers."""
    vectorizer = HashingVectorizer(
        analyzer=analyzer, n_features=n_features, alternate_sign=False, norm=None,
        dtype=np.int64,
    )  # fmt: skip
    matrix = vectorizer.transform(texts).tocsr()
    matrix.sum_duplicates()
    return matrix


def _check_hashing(hashed, n_features, min_df, max_df, max_features) -> None:
    if not hashed:
        return
    if isinstance(n_features, bool) or not isinstance(n_features, (int, np.integer)):
        raise ValueError(f"n_features must be a positive integer, e.g. 2**20; got {n_features!r}.")
    if not 1 <= n_features <= np.iinfo(np.int32).max:
        raise ValueError(f"n_features must be between 1 and 2**31 - 1; got {n_features!r}.")
    if (min_df, max_df, max_features) != (1, 1.0, None):
        raise ValueError(
            "min_df, max_df and max_features need a vocabulary, which hashed counts do not "
            "keep. Leave them at their defaults with hashed=True, or use hashed=False."
        )


def _options(min_n, max_n, stop_words, stop, lemmatize, lowercase, min_df, max_df, max_features,
             hashed, n_features) -> dict:  # fmt: skip
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
        "hashed": bool(hashed),
    }  # fmt: skip
    if hashed:
        options["n_features"] = int(n_features)
    return options


def hashing_report(matrix: sp.spmatrix, n_features: int) -> dict:
    """Occupancy of the hash buckets and the collisions it implies.

    ``buckets_used`` is the number of non-empty buckets ``m``. With ``k`` distinct
    terms thrown into ``n`` buckets, ``m ~ n (1 - exp(-k / n))``, so
    ``estimated_terms = -n ln(1 - m / n)`` and ``estimated_collisions = estimated_terms - m``
    (terms that share a bucket with another term). Exact counts would need the
    vocabulary that hashing avoids keeping.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> hashing_report(sp.csr_matrix([[1, 0, 2, 0]]), 4)
    {'buckets_used': 2, 'estimated_terms': 2.77, 'estimated_collisions': 0.77}
    """
    m = int(np.count_nonzero(np.bincount(sp.csr_matrix(matrix).indices, minlength=n_features)))
    return hashing_occupancy(m, n_features)


def hashing_occupancy(m: int, n_features: int) -> dict:
    """:func:`hashing_report` from the number of non-empty buckets ``m``."""
    k = float("inf") if m >= n_features else float(-n_features * np.log1p(-m / n_features))
    return {
        "buckets_used": m,
        "estimated_terms": round(k, 2),
        "estimated_collisions": round(k - m, 2),
    }


def _warn_collisions(report: dict, n_features: int, *, stacklevel: int = 3) -> None:
    k = report["estimated_terms"]
    share = 1.0 if not np.isfinite(k) else report["estimated_collisions"] / max(k, 1.0)
    if share > 0.01:
        warnings.warn(
            f"About {100 * share:.1f}% of the distinct terms share a hash bucket with another "
            f"term ({report['buckets_used']:,} of {n_features:,} buckets used). Raise "
            "n_features (a power of two, e.g. 2**22) to separate them.",
            UserWarning,
            stacklevel=stacklevel,
        )


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
    hashed: bool = False,
    n_features: int = 2**20,
    client=None,
    rows_per_partition: int = 5000,
    keep_blocks: str = "driver",
):
    """Count terms per document: documents in rows, terms in columns.

    Tokens follow :mod:`analysis.terms.tokenize` (``U.S.`` -> ``u.s.``,
    ``COVID-19`` -> ``covid-19``, ``Kyiv's`` -> ``kyiv``). Stop words are removed
    by their surface form, then tokens are lemmatised (if asked), then n-grams
    are formed. N-grams never cross a sentence boundary, but they do join the
    words on either side of a removed stop word (as scikit-learn does):
    ``"Bank of England"`` gives the bigram ``bank england``.

    The vocabulary follows scikit-learn's ``CountVectorizer`` exactly (sorted
    terms; ``min_df``, ``max_df``, then ``max_features`` with its tie-breaking):
    the matrix equals ``CountVectorizer(analyzer=make_analyzer(...), min_df=...,
    max_df=..., max_features=...)``, built faster.

    Parameters
    ----------
    articles : DataFrame, Series or list of str
        The articles frame (index ``doc_id``, column ``text``); a Series or list
        of texts also works. Missing texts count as empty documents (with a
        warning). With ``client`` (or without, for input that is already
        partitioned) also a dask DataFrame or the folder of a partitioned corpus
        (:func:`analysis.scale.write_dataset`).
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
    hashed : bool, default False
        Count hashed terms instead (scikit-learn's ``HashingVectorizer`` with
        ``alternate_sign=False``, ``norm=None``): one pass, no vocabulary kept, so
        memory does not grow with the vocabulary. The columns are then hash
        buckets labelled ``"#<bucket>"``; ``dtm.term_index(["trump"])`` (and so
        :func:`analysis.terms.trends`) hashes words to their bucket. Different
        terms can share a bucket: ``options`` records ``buckets_used``,
        ``estimated_terms`` and ``estimated_collisions`` (see
        :func:`hashing_report`), and a warning is given when more than 1% of the
        terms are estimated to collide. Pruning options are not available.
    n_features : int, default 2**20
        Number of hash buckets (with ``hashed=True``).
    client : distributed.Client or str, optional
        Build on a Dask cluster (:mod:`analysis.scale.terms`): vocabulary from
        summed per-partition counts, then per-partition transforms. The result, a
        :class:`analysis.scale.terms.PartitionedDTM`, holds one block per partition
        and has the same numbers as the in-memory matrix.
    rows_per_partition : int, default 5000
        Partition size when an in-memory frame is sent to a cluster.
    keep_blocks : {"driver", "cluster"}, default "driver"
        With ``client``: keep the matrix's blocks in this process, or in the
        workers' memory (out of core for this process: frequencies, keyness and
        trends then sum on the workers; the blocks live while the client is
        connected).

    Returns
    -------
    DocumentTermMatrix
        ``matrix`` (CSR, int64 counts), ``terms`` (sorted; an object array of
        str, as scikit-learn's ``get_feature_names_out``), ``doc_ids``,
        ``options`` (these arguments plus the token pattern) and ``docvars``
        (``source``, ``published``, ``section`` where the frame has them). A
        ``PartitionedDTM`` with the same attributes for partitioned work.

    Raises
    ------
    ValueError
        Empty corpus; no terms left after removing stop words; no terms left
        after pruning by ``min_df``/``max_df``; a bad ``ngram_range``; pruning
        options with ``hashed=True``.

    See Also
    --------
    analysis.terms.frequencies, analysis.terms.keyness, make_analyzer

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
    >>> hashed = build_dtm(arts, hashed=True, n_features=2**10)
    >>> hashed.shape, int(hashed.matrix[:, hashed.term_index(["kyiv"])].sum())
    ((2, 1024), 2)
    """
    min_n, max_n = _check_ngram_range(ngram_range)
    stop = stop_word_set(stop_words, lowercase=lowercase)
    check_pruning(min_df, max_df, max_features)
    _check_hashing(hashed, n_features, min_df, max_df, max_features)
    options = _options(min_n, max_n, stop_words, stop, lemmatize, lowercase, min_df, max_df,
                       max_features, hashed, n_features)  # fmt: skip
    if client is not None or _is_partitioned_input(articles):
        from ..scale.terms import build_dtm_partitioned

        return build_dtm_partitioned(
            articles, options=options, client=client, rows_per_partition=rows_per_partition,
            keep_blocks=keep_blocks,
        )  # fmt: skip
    texts, doc_ids, docvars = texts_of(articles, caller="build_dtm")
    analyzer = _Analyzer(
        ngram_range=(min_n, max_n), stop_words=stop, lemmatize=lemmatize, lowercase=lowercase
    )
    if hashed:
        matrix = _hashed_counts(texts, analyzer, n_features)
        if matrix.nnz == 0:
            raise_empty_vocabulary()
        report = hashing_report(matrix, n_features)
        _warn_collisions(report, n_features)
        options.update(report)
        return DocumentTermMatrix(
            matrix=matrix, terms=hashed_terms(n_features), doc_ids=doc_ids,
            options=options, docvars=docvars,
        )  # fmt: skip
    local, terms = count_texts(texts, analyzer)
    if len(terms) == 0:
        raise_empty_vocabulary()
    counts, dfs = term_stats(local)
    vocabulary = select_vocabulary(
        terms, counts, dfs, len(texts), min_df=min_df, max_df=max_df, max_features=max_features
    )
    matrix = restrict(local, terms, vocabulary)
    return DocumentTermMatrix(
        matrix=matrix, terms=vocabulary, doc_ids=doc_ids, options=options, docvars=docvars
    )


def raise_empty_vocabulary():
    """The error for a corpus without any term (shared with the partitioned path)."""
    raise ValueError(
        "After tokenising and removing stop words, no terms remain: the documents "
        "are empty or contain only stop words. Pass stop_words=None or a shorter "
        "stop-word list, or check the 'text' column."
    )
