"""Multi-word expressions: adjacent word sequences scored by association (textstat_collocations).

Texts are lower-cased and tokenised with the project's rule; a collocation never
spans a punctuation mark (so never a sentence boundary, a comma or a quote), as in
quanteda's ``textstat_collocations``.

For a candidate ``x = (x_1, ..., x_K)`` every K-word sequence ``z`` of the corpus
is classified by which positions match ``x`` (``z_k == x_k``), giving a ``2^K``
table of counts ``n_P`` (``P`` = set of matching positions; ``N`` = number of
K-word sequences). From it:

``lambda`` (Blaheta & Johnson 2001, as in quanteda)
    The K-way interaction of the saturated log-linear model,
    ``lambda = sum_P (-1)^(K - |P|) ln(n_P + 0.5)``, with Wald
    ``z = lambda / sqrt(sum_P 1 / (n_P + 0.5))``. Results are sorted by ``z``.
``pmi``
    ``log2(n_x / E)`` with ``E = N prod_k (f_k / N)``, ``f_k`` the number of
    sequences with ``x_k`` at position ``k`` (Church & Hanks' PMI, base 2).
``g2``
    ``2 sum_P n_P ln(n_P / E_P)`` over the ``2^K`` table under position
    independence, ``E_P = N prod_{k in P} (f_k/N) prod_{k not in P} (1 - f_k/N)``;
    signed negative when ``n_x < E``.
``t``
    ``(n_x - E) / sqrt(n_x)``.

For ``K = 2`` these are the usual 2x2 statistics of the pair.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import special

from .._shim import renamed
from ._input import texts_of
from .analyzer import stop_word_set
from .tokenize import PUNCT_RE, normalize

__all__ = ["collocations"]

_MEASURES = ("pmi", "g2", "t", "lambda")


def _token_stream(texts, stop) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token ids (breakers removed), their segment ids, and the vocabulary.

    One compiled pass over the whole corpus: the texts are joined with NUL, which
    the rule treats like any other punctuation mark (a breaker), so no sequence
    joins two documents. Token ids are in order of first appearance.
    """
    joined = "\x00".join(texts) + "\x00"  # every document ends with a breaker
    tokens = PUNCT_RE.findall(normalize(joined))
    del joined
    # "" is a breaker: punctuation or a document end.
    codes, uniques = pd.factorize(np.array(tokens, dtype=object))
    del tokens
    codes = codes.astype(np.int64, copy=False)
    uniques = np.asarray(uniques, dtype=object)
    is_break_type = np.fromiter((u == "" or u in stop for u in uniques), bool, len(uniques))
    is_break = is_break_type[codes]
    segment = np.cumsum(is_break, dtype=np.int64)
    keep = ~is_break
    return codes[keep], segment[keep], uniques


def _token_stream_reference(texts, stop) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The plain per-document version of :func:`_token_stream` (kept for the tests)."""
    tokens: list[str] = []
    for text in texts:
        tokens.extend(PUNCT_RE.findall(normalize(text)))
        tokens.append("")  # documents never join
    uniques_list = list(dict.fromkeys(tokens))
    lookup = {tok: i for i, tok in enumerate(uniques_list)}
    codes = np.fromiter(map(lookup.__getitem__, tokens), dtype=np.int64, count=len(tokens))
    uniques = np.asarray(uniques_list, dtype=object)
    is_break_type = np.fromiter((u == "" or u in stop for u in uniques), bool, len(uniques))
    is_break = is_break_type[codes]
    segment = np.cumsum(is_break)
    keep = ~is_break
    return codes[keep], segment[keep], uniques


def _row_keys(grams: list[np.ndarray]):
    """``key_of(positions) -> (group ids, n_groups)`` for the rows of ``grams[positions]``.

    Keys are built prefix by prefix and remembered, so the full key and the
    sub-keys share their common prefixes (one hash pass saved per shared prefix).
    """
    memo: dict[tuple[int, ...], tuple[np.ndarray, int]] = {}

    def key_of(subset: tuple[int, ...]) -> tuple[np.ndarray, int]:
        if subset not in memo:
            col = grams[subset[-1]]
            if len(subset) == 1:
                memo[subset] = (col, int(col.max()) + 1 if len(col) else 0)
            else:
                prefix, _ = key_of(subset[:-1])
                width = int(col.max()) + 1 if len(col) else 1
                key, uniq = pd.factorize(prefix.astype(np.int64) * width + col)
                memo[subset] = (key, len(uniq))
        return memo[subset]

    return key_of


@renamed(size="ngram")
def collocations(
    articles: pd.DataFrame | pd.Series | Iterable[str],
    *,
    ngram: int = 2,
    min_count: int = 5,
    measure: str = "pmi",
    stop_words: Iterable[str] | str | None = None,
    smoothing: float = 0.5,
) -> pd.DataFrame:
    """Score adjacent word sequences as multi-word expressions.

    Definitions are in the module docstring (:mod:`analysis.terms.collocations`).

    Parameters
    ----------
    articles : DataFrame, Series or list of str
    ngram : int, default 2
        Sequence length, 2 or more (2 and 3 are the usual).
    min_count : int, default 5
        Only sequences seen at least this often are scored.
    measure : {'pmi', 'g2', 't', 'lambda'}, default 'pmi'
    stop_words : 'english', list of str or None, default None
        Words that break sequences like punctuation does (quanteda's padded
        ``tokens_remove``), so ``"bank of england"`` yields no ``bank england``.
    smoothing : float, default 0.5
        Added to every cell of the table for ``lambda``.

    Returns
    -------
    DataFrame
        Columns ``collocation`` (words joined by a space), ``count``, ``length``,
        ``statistic`` and, for ``lambda``, ``z``; sorted by ``z`` for ``lambda``,
        else by ``statistic`` (descending; ties by count, then alphabetically).

    Raises
    ------
    ValueError
        Empty corpus, ``ngram < 2``, ``min_count < 1`` or an unknown measure.

    Examples
    --------
    >>> texts = ["The prime minister spoke.", "A prime minister, a new minister.",
    ...          "The minister of state spoke to the prime minister."]
    >>> collocations(texts, min_count=2, measure="lambda").round(3)
          collocation  count  length  statistic      z
    0  prime minister      3       2      3.381  2.027
    1       the prime      2       2      2.548  1.888

    Here ``N = 15`` two-word sequences; ``prime`` opens 3 of them, ``minister``
    closes 5, and ``prime minister`` occurs 3 times, so the cells are
    ``n11 = 3, n10 = 0, n01 = 2, n00 = 10`` and
    ``lambda = ln 3.5 - ln 0.5 - ln 2.5 + ln 10.5 = 3.381``.

    >>> collocations(texts, min_count=2, measure="pmi").round(3)  # log2(3 * 15 / (3 * 5))
          collocation  count  length  statistic
    0       the prime      2       2      1.737
    1  prime minister      3       2      1.585
    """
    if measure not in _MEASURES:
        raise ValueError(f"measure must be one of {_MEASURES}; got {measure!r}.")
    if isinstance(ngram, bool) or not isinstance(ngram, (int, np.integer)) or ngram < 2:
        raise ValueError(f"ngram must be an integer of at least 2; got {ngram!r}.")
    if isinstance(min_count, bool) or not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise ValueError(f"min_count must be a positive integer; got {min_count!r}.")
    texts, _, _ = texts_of(articles, caller="collocations")
    ids, segment, vocab = _token_stream(texts, stop_word_set(stop_words))
    k = int(ngram)
    columns = ["collocation", "count", "length", "statistic"] + (
        ["z"] if measure == "lambda" else []
    )
    if len(ids) < k:
        return pd.DataFrame({c: [] for c in columns})
    # Every K-word window inside one segment.
    starts = np.flatnonzero(segment[: len(ids) - k + 1] == segment[k - 1 :])
    grams = [ids[starts + j] for j in range(k)]
    n = len(starts)
    if n == 0:
        return pd.DataFrame({c: [] for c in columns})
    # M(S): for each subset S of positions, how many windows agree with the window on S.
    key_of = _row_keys(grams)
    full_key, n_full = key_of(tuple(range(k)))
    full_count = np.bincount(full_key, minlength=n_full)
    candidates = np.flatnonzero(full_count >= min_count)
    if len(candidates) == 0:
        return pd.DataFrame({c: [] for c in columns})
    first = np.full(n_full, -1, dtype=np.int64)
    first[full_key[::-1]] = np.arange(n)[::-1]
    rep = first[candidates]  # one window per candidate
    marg: dict[tuple[int, ...], np.ndarray] = {(): np.full(len(rep), float(n))}
    for r in range(1, k + 1):
        for subset in combinations(range(k), r):
            if r == k:
                marg[subset] = full_count[candidates].astype(float)
                continue
            key, n_groups = key_of(subset)
            marg[subset] = np.bincount(key, minlength=n_groups)[key[rep]].astype(float)
    # Exact-pattern counts by inclusion-exclusion: n_P = sum_{S >= P} (-1)^{|S|-|P|} M(S).
    cells: dict[tuple[int, ...], np.ndarray] = {}
    for subset in marg:
        total = np.zeros(len(rep))
        rest = [j for j in range(k) if j not in subset]
        for r in range(len(rest) + 1):
            for extra in combinations(rest, r):
                total += (-1) ** r * marg[tuple(sorted(subset + extra))]
        cells[subset] = total
    observed = cells[tuple(range(k))]
    p_pos = [marg[(j,)] / n for j in range(k)]
    expected_full = n * np.prod(p_pos, axis=0)
    z = None
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "lambda":
            lam = np.zeros(len(rep))
            inv = np.zeros(len(rep))
            for subset, count in cells.items():
                smoothed = count + smoothing
                lam += (-1) ** (k - len(subset)) * np.log(smoothed)
                inv += 1.0 / smoothed
            stat = lam
            z = lam / np.sqrt(inv)
        elif measure == "pmi":
            stat = np.log2(observed / expected_full)
        elif measure == "t":
            stat = (observed - expected_full) / np.sqrt(observed)
        else:
            g2 = np.zeros(len(rep))
            for subset, count in cells.items():
                e = n * np.prod(
                    [p_pos[j] if j in subset else 1 - p_pos[j] for j in range(k)], axis=0
                )
                g2 += 2 * (special.xlogy(count, count) - special.xlogy(count, e))
            stat = np.where(observed > expected_full, 1.0, -1.0) * np.maximum(g2, 0.0)
    words = [vocab[g[rep]].astype(str) for g in grams]
    phrase = words[0]
    for w in words[1:]:
        phrase = np.char.add(np.char.add(phrase, " "), w)
    out = pd.DataFrame(
        {
            "collocation": phrase,
            "count": observed.astype(np.int64),
            "length": k,
            "statistic": stat,
        }
    )
    if z is not None:
        out["z"] = z
    sort_key = "z" if z is not None else "statistic"
    out = out.sort_values(
        [sort_key, "count", "collocation"], ascending=[False, False, True], kind="stable"
    )
    return out.reset_index(drop=True)
