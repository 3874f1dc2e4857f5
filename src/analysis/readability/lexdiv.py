"""Lexical diversity of a token sequence: TTR, Root TTR, MATTR, MTLD and HD-D.

The engine feeds these functions textstat's words, lower-cased (see
:func:`.counts.list_words`). Conventions follow the literature and the
``lexicalrichness`` package:

* ``ttr`` = types / tokens; ``root_ttr`` (Guiraud) = types / sqrt(tokens);
* ``mattr`` (Covington & McFall 2010): mean TTR over every window of ``window`` tokens;
  NaN when the text is shorter than one window;
* ``mtld`` (McCarthy & Jarvis 2010): mean of the forward and backward factor counts
  with a TTR threshold of 0.72, a partial factor for the remainder;
* ``hdd`` (McCarthy & Jarvis 2007): sum over types of P(type drawn at least once in a
  random sample of ``sample_size`` tokens) / ``sample_size``, the hypergeometric
  expectation; NaN when the text has fewer than ``sample_size`` tokens.

Examples
--------
>>> toks = "the cat saw the dog and the dog saw the cat".split()
>>> round(ttr(toks), 4), round(root_ttr(toks), 4)
(0.4545, 1.5076)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["LEXDIV_COLUMNS", "hdd", "lexical_diversity", "mattr", "mtld", "root_ttr", "ttr"]

LEXDIV_COLUMNS = ["ttr", "root_ttr", "mattr", "mtld", "hdd"]


def ttr(tokens: Sequence[str]) -> float:
    """Type-token ratio; NaN for no tokens.

    Examples
    --------
    >>> ttr(["a", "b", "a", "c"])
    0.75
    """
    return len(set(tokens)) / len(tokens) if len(tokens) else math.nan


def root_ttr(tokens: Sequence[str]) -> float:
    """Guiraud's root TTR, types / sqrt(tokens); NaN for no tokens.

    Examples
    --------
    >>> root_ttr(["a", "b", "a", "c"])
    1.5
    """
    return len(set(tokens)) / math.sqrt(len(tokens)) if len(tokens) else math.nan


def mattr(tokens: Sequence[str], *, window: int = 50) -> float:
    """Moving-average TTR over all windows of ``window`` tokens (NaN if too short).

    Computed in O(n) with numpy: a token opens a new type in every window that starts
    after its previous occurrence.

    Examples
    --------
    >>> mattr(["a", "b", "a", "b"], window=2)
    1.0
    >>> mattr(["a", "a", "b"], window=2)
    0.75
    """
    n = len(tokens)
    if window < 1:
        raise ValueError(f"window must be a positive integer, got {window}.")
    if n < window:
        return math.nan
    ids, _ = pd.factorize(np.asarray(tokens, dtype=object))
    order = np.argsort(ids, kind="stable")
    prev = np.full(n, -1, dtype=np.int64)
    same = ids[order][1:] == ids[order][:-1]
    prev[order[1:][same]] = order[:-1][same]
    # Token i counts as new in windows starting s with max(prev+1, i-window+1) <= s <= i.
    n_windows = n - window + 1
    pos = np.arange(n)
    lo = np.maximum(prev + 1, pos - window + 1)
    hi = np.minimum(pos, n_windows - 1)
    ok = lo <= hi
    diff = np.zeros(n_windows + 1, dtype=np.int64)
    np.add.at(diff, lo[ok], 1)
    np.add.at(diff, hi[ok] + 1, -1)
    types_per_window = np.cumsum(diff[:-1])
    return float(types_per_window.mean() / window)


def _mtld_pass(tokens: Sequence[str], threshold: float) -> float:
    factors = 0.0
    types: set[str] = set()
    count = 0
    current = 1.0
    for tok in tokens:
        count += 1
        types.add(tok)
        current = len(types) / count
        if current <= threshold:
            factors += 1
            types = set()
            count = 0
            current = 1.0
    if count:
        factors += (1.0 - current) / (1.0 - threshold)
    return len(tokens) / factors if factors else math.nan


def mtld(tokens: Sequence[str], *, threshold: float = 0.72) -> float:
    """Measure of textual lexical diversity (mean of forward and backward passes).

    NaN when no factor can be formed (e.g. every token distinct).

    Examples
    --------
    >>> mtld("a b a b a b a b c d".split())
    5.0
    """
    if not len(tokens):
        return math.nan
    fwd = _mtld_pass(tokens, threshold)
    bwd = _mtld_pass(list(reversed(tokens)), threshold)
    return (fwd + bwd) / 2


def hdd(tokens: Sequence[str], *, sample_size: int = 42) -> float:
    """HD-D: expected TTR contribution of each type in a random sample of 42 tokens.

    Examples
    --------
    >>> round(hdd(list("abcdefghij") * 5), 4)
    0.2381
    """
    n = len(tokens)
    if n < sample_size:
        return math.nan
    from scipy.special import gammaln  # here: importing scipy.special costs ~0.3 s

    freqs = np.fromiter(Counter(tokens).values(), dtype=np.float64)
    rest = n - freqs
    # P(0 draws of a type) = C(n - f, k) / C(n, k); zero when n - f < k.
    with np.errstate(invalid="ignore"):
        log_p0 = (
            gammaln(rest + 1)
            - gammaln(rest - sample_size + 1)
            - gammaln(n + 1)
            + gammaln(n - sample_size + 1)
        )
    p0 = np.where(rest >= sample_size, np.exp(log_p0), 0.0)
    return float(np.sum((1.0 - p0) / sample_size))


def lexical_diversity(tokens: Sequence[str], *, window: int = 50) -> dict[str, float]:
    """All five measures as a dict keyed by :data:`LEXDIV_COLUMNS`.

    Examples
    --------
    >>> sorted(lexical_diversity(["a", "b"]))
    ['hdd', 'mattr', 'mtld', 'root_ttr', 'ttr']
    """
    return {
        "ttr": ttr(tokens),
        "root_ttr": root_ttr(tokens),
        "mattr": mattr(tokens, window=window),
        "mtld": mtld(tokens),
        "hdd": hdd(tokens),
    }
