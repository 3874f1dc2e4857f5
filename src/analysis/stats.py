"""Small statistical helpers shared by the analyses (no analysis imports them back).

:func:`holm` adjusts p-values for testing many hypotheses at once (Holm 1979): with
ten outlets there are 45 pairwise comparisons, with a vocabulary thousands of
keyness tests, and at the 5 % level about one test in twenty comes out
"significant" by chance. Holm's step-down procedure controls the chance of even
one false positive (the family-wise error rate), is never less powerful than
Bonferroni, and needs no assumption about how the tests depend on each other. It
equals R's ``p.adjust(p, "holm")`` and statsmodels' ``multipletests(p, method="holm")``.

Examples
--------
>>> holm([0.01, 0.02, 0.03, 0.04, 0.05]).round(2).tolist()
[0.05, 0.08, 0.09, 0.09, 0.09]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["holm"]


def holm(p_values: ArrayLike) -> np.ndarray:
    """Holm-adjusted p-values, in the order given; NaN stays NaN and is not counted.

    Sorted ascending, the i-th smallest of ``m`` p-values becomes
    ``max_{j <= i} min(1, (m - j + 1) p_(j))``.

    Parameters
    ----------
    p_values : array-like of float

    Returns
    -------
    numpy.ndarray
        Adjusted p-values, each at least its raw p-value and at most 1.

    Examples
    --------
    >>> holm([0.04, 0.001, float("nan")]).tolist()
    [0.04, 0.002, nan]
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0:
        return out
    vals = p[ok]
    order = np.argsort(vals, kind="stable")
    steps = (m - np.arange(m)) * vals[order]
    adjusted = np.minimum(np.maximum.accumulate(steps), 1.0)
    res = np.empty(m)
    res[order] = adjusted
    out[ok] = res
    return out
