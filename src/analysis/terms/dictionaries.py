"""Dictionary methods: count the words of user-defined categories, and fold spelling variants.

A dictionary maps categories to word patterns, as quanteda's ``dictionary()`` and
``dfm_lookup()``: a pattern is a whole token, where ``*`` stands for any run of
characters (``"econom*"`` matches ``economy`` and ``economic``) and ``?`` for one
character; matching ignores case (tokens are lower-cased by the project's rule,
:mod:`analysis.terms.tokenize`). A token matched by several patterns of one category
counts once for that category; it counts for every category it matches.

:func:`replace_variants` applies a spelling-variant map (``{"kiev": "kyiv"}``) to the
texts before counting, so two spellings of one name are counted as one term.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._input import check_dtm
from .matrix import DocumentTermMatrix
from .tokenize import tokenize

__all__ = ["Dictionary", "dictionary_counts", "replace_variants"]

_PATTERN_OK = re.compile(r"^[^\s]+$")


class Dictionary:
    """Categories of word patterns (quanteda's ``dictionary()``), checked on creation.

    Parameters
    ----------
    categories : mapping of str to list of str
        Category name -> patterns (whole tokens; ``*`` any characters, ``?`` one).

    Raises
    ------
    ValueError
        An empty dictionary or category, a pattern that is not a string, contains a
        space, or has no letter or digit.

    Examples
    --------
    >>> d = Dictionary({"economy": ["econom*", "tax*"], "war": ["war", "troop?"]})
    >>> d.categories
    ['economy', 'war']
    >>> d.match(["economic", "taxes", "troops", "warm", "war"])
    {'economy': ['economic', 'taxes'], 'war': ['troops', 'war']}
    """

    def __init__(self, categories: Mapping[str, list[str]]) -> None:
        if not isinstance(categories, Mapping) or not categories:
            raise ValueError(
                "A dictionary needs at least one category: pass a mapping such as "
                "{'economy': ['econom*', 'tax*']}."
            )
        self._patterns: dict[str, list[str]] = {}
        for name, patterns in categories.items():
            if isinstance(patterns, str):
                patterns = [patterns]
            patterns = list(patterns)
            if not patterns:
                raise ValueError(f"Category {name!r} has no pattern; give it at least one.")
            for p in patterns:
                if not isinstance(p, str) or not _PATTERN_OK.match(p) or not re.search(r"\w", p):
                    raise ValueError(
                        f"Pattern {p!r} of category {name!r} is not one word: use letters, "
                        "digits, '*' (any characters) and '?' (one character), no spaces."
                    )
            self._patterns[str(name)] = [p.lower() for p in patterns]
        self._regex = {
            name: re.compile("|".join(fnmatch.translate(p) for p in pats))
            for name, pats in self._patterns.items()
        }

    def __repr__(self) -> str:
        return f"Dictionary({self._patterns!r})"

    @property
    def categories(self) -> list[str]:
        """Category names, in the order given."""
        return list(self._patterns)

    @property
    def patterns(self) -> dict[str, list[str]]:
        """Category -> its patterns (lower-cased)."""
        return {k: list(v) for k, v in self._patterns.items()}

    def match(self, terms: Iterable[str]) -> dict[str, list[str]]:
        """Category -> the given terms its patterns match (in the order given)."""
        terms = [str(t) for t in terms]
        return {name: [t for t in terms if rx.match(t)] for name, rx in self._regex.items()}


def dictionary_counts(
    dtm: DocumentTermMatrix,
    dictionary: Dictionary | Mapping,
    *,
    by: str | Sequence | np.ndarray | None = None,
) -> pd.DataFrame:
    """How many tokens of each document (or group) fall in each dictionary category.

    Parameters
    ----------
    dtm : DocumentTermMatrix
        Unigram counts (assembled in memory). Build it with ``stop_words=None`` if a
        category lists stop words, or if you want ``n_tokens`` to count every token.
    dictionary : Dictionary or mapping
        A mapping is turned into a :class:`Dictionary`.
    by : str or array-like, optional
        Sum documents by this docvars column (or one value per document).

    Returns
    -------
    DataFrame
        One row per document (column ``doc_id``) or group (the group column), then
        one count column per category, and ``n_tokens`` (the tokens the matrix
        counted). Divide by ``n_tokens`` for a rate.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.terms import build_dtm
    >>> arts = pd.DataFrame({"text": ["Taxes rose; the economy grew.", "Troops left."]},
    ...                     index=pd.Index(["d1", "d2"], name="doc_id"))
    >>> dtm = build_dtm(arts, stop_words=None)
    >>> dictionary_counts(dtm, {"economy": ["econom*", "tax*"], "war": ["troop*"]})
      doc_id  economy  war  n_tokens
    0     d1        2    0         5
    1     d2        0    1         2
    """
    check_dtm(dtm, caller="dictionary_counts")
    d = dictionary if isinstance(dictionary, Dictionary) else Dictionary(dictionary)
    terms = np.asarray(dtm.terms).astype(str)
    indicator = np.zeros((len(terms), len(d.categories)), dtype=np.int64)
    for j, matched in enumerate(d.match(terms).values()):
        indicator[np.isin(terms, matched), j] = 1
    x = dtm.matrix.tocsr()
    counts = np.asarray((x @ sp.csr_matrix(indicator)).todense(), dtype=np.int64)
    table = pd.DataFrame(counts, columns=d.categories)
    table["n_tokens"] = np.asarray(x.sum(axis=1)).ravel().astype(np.int64)
    if by is None:
        table.insert(0, "doc_id", np.asarray(dtm.doc_ids))
        return table
    values = by if isinstance(by, str) else None
    if values is not None:
        if dtm.docvars is None or values not in dtm.docvars.columns:
            raise ValueError(
                f"by={values!r} is not a document variable of this matrix; pass a docvars "
                "column name or one value per document."
            )
        keys = dtm.docvars[values].to_numpy()
    else:
        keys = np.asarray(by)
        if len(keys) != dtm.shape[0]:
            raise ValueError(f"by must have one value per document ({dtm.shape[0]}).")
    name = values or "group"
    return table.groupby(pd.Series(keys, name=name)).sum().reset_index()


def replace_variants(
    articles: pd.DataFrame | pd.Series, variants: Mapping[str, str], *, column: str = "text"
):
    """Replace spelling variants of a word by one form, before counting.

    Whole words only, ignoring case; a variant written with a capital keeps it
    (``Kiev`` -> ``Kyiv``, ``KIEV`` -> ``KYIV``). Returns a copy; the input is unchanged.

    Parameters
    ----------
    articles : DataFrame or Series
        The articles frame (its ``column`` is replaced) or a Series of texts.
    variants : mapping of str to str
        Variant -> preferred form (one word each).
    column : str, default 'text'

    Returns
    -------
    DataFrame or Series
        Same type and index as ``articles``.

    Examples
    --------
    >>> import pandas as pd
    >>> replace_variants(pd.Series(["Kiev said; KIEV's mayor (kiev)."]), {"kiev": "kyiv"})[0]
    "Kyiv said; KYIV's mayor (kyiv)."
    """
    if not variants:
        return articles.copy()
    for old, new in variants.items():
        if len(tokenize(str(old), lowercase=True)) != 1 or not str(new).strip():
            raise ValueError(
                f"Variant {old!r} -> {new!r}: both sides must be one word, e.g. {{'kiev': 'kyiv'}}."
            )
    lookup = {str(k).lower(): str(v) for k, v in variants.items()}
    rx = re.compile(r"\b(" + "|".join(map(re.escape, lookup)) + r")\b", re.IGNORECASE)

    def _sub(m: re.Match) -> str:
        word, new = m.group(0), lookup[m.group(0).lower()]
        if word.isupper() and len(word) > 1:
            return new.upper()
        return new[:1].upper() + new[1:] if word[:1].isupper() else new

    def _fix(text):
        return rx.sub(_sub, text) if isinstance(text, str) else text

    if isinstance(articles, pd.DataFrame):
        out = articles.copy()
        out[column] = out[column].map(_fix)
        return out
    return pd.Series(articles).map(_fix)
