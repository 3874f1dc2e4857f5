"""lexdiv: against direct (slow) definitions and scipy's hypergeometric law."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import hypergeom

from analysis.readability.lexdiv import hdd, lexical_diversity, mattr, mtld, root_ttr, ttr

TOKENS = st.lists(st.sampled_from(list("abcdefghij")), max_size=200)


def _mattr_naive(tokens, window):
    return np.mean([len(set(tokens[i : i + window])) / window
                    for i in range(len(tokens) - window + 1)])  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(TOKENS, st.integers(1, 60))
def test_mattr_equals_sliding_windows(tokens, window):
    got = mattr(tokens, window=window)
    if len(tokens) < window:
        assert math.isnan(got)
    else:
        assert got == pytest.approx(_mattr_naive(tokens, window), rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(TOKENS)
def test_hdd_equals_scipy(tokens):
    got = hdd(tokens)
    if len(tokens) < 42:
        assert math.isnan(got)
        return
    n = len(tokens)
    freqs = {t: tokens.count(t) for t in set(tokens)}
    expected = sum((1 - hypergeom.pmf(0, n, f, 42)) / 42 for f in freqs.values())
    assert got == pytest.approx(expected, rel=1e-9)


def test_mtld_by_hand():
    # forward: factor at "a b a" (2/3 <= .72), again at "b a b"; remainder "a b c d" ttr 1
    assert mtld(["a", "b", "a", "b", "a", "b", "a", "b", "c", "d"]) == 5.0
    # a single repeated token: ttr 0.5 at the 2nd token, so one factor every 2 tokens
    assert mtld(["x"] * 10) == 2.0
    assert math.isnan(mtld([]))
    assert math.isnan(mtld(list("abcdef")))  # no factor can be formed


def test_ttr_and_root_ttr():
    toks = ["the", "cat", "saw", "the", "dog"]
    assert ttr(toks) == 4 / 5
    assert root_ttr(toks) == 4 / math.sqrt(5)
    assert math.isnan(ttr([]))


def test_lexical_diversity_keys():
    out = lexical_diversity(list("abcabc" * 20))
    assert set(out) == {"ttr", "root_ttr", "mattr", "mtld", "hdd"}
    assert out["mattr"] == pytest.approx(3 / 50, rel=1e-12) or out["mattr"] > 0
