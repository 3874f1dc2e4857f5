"""formulas: hand-computed values and textstat's guards."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.readability import formulas as F
from analysis.readability.counts import COUNT_KEYS


def _counts(**kw):
    row = dict.fromkeys(COUNT_KEYS, 0)
    row.update(kw)
    return pd.DataFrame([row])


BASE = _counts(
    n_sentences=5, n_words=100, n_syllables=150, n_polysyllables=10, n_letters=450,
    n_chars=520, n_tokens=104, n_long_words=20, n_miniwords=40, n_fog_words=8,
    n_dale_chall_hard=12, n_difficult_words=9, n_unique_difficult=7,
    linsear_easy=90, linsear_hard=10, linsear_sentences=5,
)  # fmt: skip


@pytest.mark.parametrize(
    ("fn", "expected"),
    [
        (F.flesch_reading_ease, 206.835 - 1.015 * 20 - 84.6 * 1.5),
        (F.flesch_kincaid_grade, 0.39 * 20 + 11.8 * 1.5 - 15.59),
        (F.gunning_fog, 0.4 * (20 + 8)),
        (F.smog_index, 1.043 * math.sqrt(30 * 10 / 5) + 3.1291),
        (F.coleman_liau_index, 0.058 * 450 - 0.296 * 5 - 15.8),
        (F.automated_readability_index, 4.71 * 5 + 0.5 * 20 - 21.43),
        (F.dale_chall_readability_score, 0.1579 * 12 + 0.0496 * 20 + 3.6365),
        (F.dale_chall_readability_score_v2, 0.1579 * 9 + 0.0496 * 20 + 3.6365),
        (F.linsear_write_formula, (120 / 5) / 2),
        (F.spache_readability, 0.141 * 20 + 0.086 * 9 + 0.839),
        (F.mcalpine_eflaw, 140 / 5),
        (F.lix, 20 + 20),
        (F.rix, 4),
        (F.difficult_words, 7),
        (F.reading_time, 14.69 * 520 / 1000),
    ],
)
def test_formula_values(fn, expected):
    assert fn(BASE).iloc[0] == pytest.approx(expected, rel=1e-12)


def test_zero_denominators_give_textstat_zero():
    zero = _counts()
    for name, fn in F.FORMULAS.items():
        if fn is not None and name != "reading_time":
            assert fn(zero).iloc[0] == 0.0, name


def test_dale_chall_bonus_threshold():
    low = _counts(n_sentences=1, n_words=100, n_dale_chall_hard=5)
    assert F.dale_chall_readability_score(low).iloc[0] == pytest.approx(0.1579 * 5 + 0.0496 * 100)


def test_linsear_short_text_subtracts_two():
    c = _counts(linsear_easy=10, linsear_hard=0, linsear_sentences=1)
    assert F.linsear_write_formula(c).iloc[0] == (10 - 2) / 2


def test_text_standard_tie_goes_to_first_seen():
    scores = pd.DataFrame(
        {
            "flesch_kincaid_grade": [7.5],  # 7, 8, 8
            "flesch_reading_ease": [65.0],  # 8, 9
            "smog_index": [9.0],  # 9, 9, 9
            "coleman_liau_index": [7.0],  # 7, 7, 7
            "automated_readability_index": [7.0],
            "dale_chall_readability_score": [9.0],
            "linsear_write_formula": [8.0],
            "gunning_fog": [20.4],
        }
    )
    # counts: 7 -> 7, 8 -> 6, 9 -> 7 ... 7 first seen before 9
    assert F.text_standard(_counts(), scores).iloc[0] == 7.0


def test_text_standard_clamped():
    scores = pd.DataFrame({k: [40.0] for k in ["flesch_kincaid_grade", "smog_index",
        "coleman_liau_index", "automated_readability_index", "dale_chall_readability_score",
        "linsear_write_formula", "gunning_fog"]} | {"flesch_reading_ease": [-50.0]})  # fmt: skip
    assert F.text_standard(_counts(), scores).iloc[0] == 18.0
