"""Every readability formula, derived from the counts of :func:`.counts.count_text`.

Each function takes a frame of counts (one row per text) and returns a float Series.
The arithmetic repeats textstat 0.7.13's expressions operation by operation, with the
same guards (textstat returns ``0.0`` where a denominator is zero), so the results are
bit-for-bit those of textstat; ``smog_index`` keeps Python's ``**`` for the same reason.

Examples
--------
>>> import pandas as pd
>>> from analysis.readability.counts import count_text
>>> counts = pd.DataFrame([count_text("The cat sat on the mat. It was happy!")])
>>> round(float(flesch_reading_ease(counts).iloc[0]), 3)
108.268
"""

from __future__ import annotations

import functools
import inspect

import numpy as np
import pandas as pd

__all__ = [
    "FORMULAS",
    "automated_readability_index",
    "coleman_liau_index",
    "dale_chall_readability_score",
    "dale_chall_readability_score_v2",
    "difficult_words",
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "gunning_fog",
    "linsear_write_formula",
    "lix",
    "mcalpine_eflaw",
    "reading_time",
    "rix",
    "smog_index",
    "spache_readability",
    "text_standard",
]


def _a(counts: pd.DataFrame, col: str) -> np.ndarray:
    # np.asarray: a frame's column or, from the engine, a dict's int64 array (faster).
    return np.asarray(counts[col], dtype=np.int64)


def _div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den``, and ``0.0`` where ``den == 0`` (textstat's ZeroDivisionError guard)."""
    den_f = den.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num.astype(np.float64) / den_f
    return np.where(den == 0, 0.0, out)


def _series(values: np.ndarray, counts: pd.DataFrame, name: str) -> pd.Series:
    index = getattr(counts, "index", None)  # a dict of arrays: 0..n-1
    return pd.Series(np.asarray(values, dtype=np.float64), index=index, name=name)


def _formula(values):
    """A formula from its ``counts -> ndarray`` form, which stays as ``.values``.

    The engine calls ``.values`` on its dict of count arrays (no Series per formula);
    everyone else gets the float Series named after the formula.
    """

    @functools.wraps(values)
    def formula(counts: pd.DataFrame, **options) -> pd.Series:
        return _series(values(counts, **options), counts, values.__name__)

    del formula.__wrapped__  # its signature, not the array form's
    formula.__signature__ = inspect.signature(values).replace(return_annotation="pd.Series")
    formula.__annotations__ = {**values.__annotations__, "return": "pd.Series"}
    formula.values = values
    return formula


def _words_per_sentence(c: pd.DataFrame) -> np.ndarray:
    return _div(_a(c, "n_words"), _a(c, "n_sentences"))


def _syllables_per_word(c: pd.DataFrame) -> np.ndarray:
    return _div(_a(c, "n_syllables"), _a(c, "n_words"))


def _percent_of_words(c: pd.DataFrame, col: str) -> np.ndarray:
    return _div(100 * _a(c, col), _a(c, "n_words"))


@_formula
def flesch_reading_ease(counts: pd.DataFrame) -> np.ndarray:
    """206.835 - 1.015 words/sentence - 84.6 syllables/word."""
    asl, asw = _words_per_sentence(counts), _syllables_per_word(counts)
    score = 206.835 - 1.015 * asl - 84.6 * asw
    return np.where((asl == 0) | (asw == 0), 0.0, score)


@_formula
def flesch_kincaid_grade(counts: pd.DataFrame) -> np.ndarray:
    """0.39 words/sentence + 11.8 syllables/word - 15.59."""
    asl, asw = _words_per_sentence(counts), _syllables_per_word(counts)
    score = (0.39 * asl) + (11.8 * asw) - 15.59
    return np.where((asl == 0) | (asw == 0), 0.0, score)


@_formula
def gunning_fog(counts: pd.DataFrame) -> np.ndarray:
    """0.4 (words/sentence + 100 hard words/words); hard: not easy, >= 3 syllables."""
    per = _percent_of_words(counts, "n_fog_words")
    score = 0.4 * (_words_per_sentence(counts) + per)
    return np.where(_a(counts, "n_words") == 0, 0.0, score)


@_formula
def smog_index(counts: pd.DataFrame) -> np.ndarray:
    """1.043 sqrt(30 polysyllables/sentences) + 3.1291 (no 30-sentence minimum)."""
    poly, sent = _a(counts, "n_polysyllables"), _a(counts, "n_sentences")
    values = [
        0.0 if s == 0 else (1.043 * (30 * (int(p) / int(s))) ** 0.5) + 3.1291
        for p, s in zip(poly, sent, strict=True)
    ]
    return np.array(values, dtype=np.float64)


@_formula
def coleman_liau_index(counts: pd.DataFrame) -> np.ndarray:
    """0.058 L - 0.296 S - 15.8, with L letters and S sentences per 100 words."""
    letters = _div(_a(counts, "n_letters"), _a(counts, "n_words")) * 100
    sentences = _div(_a(counts, "n_sentences"), _a(counts, "n_words")) * 100
    score = (0.058 * letters) - (0.296 * sentences) - 15.8
    zero = (letters == 0) | (sentences == 0)
    return np.where(zero, 0.0, score)


@_formula
def automated_readability_index(counts: pd.DataFrame) -> np.ndarray:
    """4.71 characters/token + 0.5 words/sentence - 21.43 (tokens split on spaces)."""
    a = _div(_a(counts, "n_chars"), _a(counts, "n_tokens"))
    b = _words_per_sentence(counts)
    score = (4.71 * a) + (0.5 * b) - 21.43
    return np.where((a == 0) | (b == 0), 0.0, score)


@_formula
def dale_chall_readability_score(counts: pd.DataFrame) -> np.ndarray:
    """0.1579 PDW + 0.0496 ASL (+3.6365 when PDW > 5); PDW: % words not on the easy list."""
    pdw = _percent_of_words(counts, "n_dale_chall_hard")
    score = (0.1579 * pdw) + (0.0496 * _words_per_sentence(counts))
    score = np.where(pdw > 5, score + 3.6365, score)
    return np.where(_a(counts, "n_words") == 0, 0.0, score)


@_formula
def dale_chall_readability_score_v2(counts: pd.DataFrame) -> np.ndarray:
    """0.1579 PDW + 0.0496 ASL (+3.6365 when that exceeds 0.05); PDW: difficult words."""
    asl = _words_per_sentence(counts)
    pdw = _percent_of_words(counts, "n_difficult_words")
    raw = 0.1579 * (pdw) + 0.0496 * asl
    score = np.where(raw > 0.05, raw + 3.6365, raw)
    return np.where(_a(counts, "n_words") == 0, 0.0, score)


@_formula
def linsear_write_formula(counts: pd.DataFrame) -> np.ndarray:
    """Linsear Write on the first 100 words (textstat's ``strict_upper=True`` default)."""
    number = _div(
        _a(counts, "linsear_easy") * 1 + _a(counts, "linsear_hard") * 3,
        _a(counts, "linsear_sentences"),
    )
    number = np.where(number <= 20, number - 2, number) / 2
    return np.where(_a(counts, "linsear_sentences") == 0, 0.0, number)


@_formula
def spache_readability(counts: pd.DataFrame) -> np.ndarray:
    """0.141 ASL + 0.086 PDW + 0.839 (textstat's float output)."""
    asl = _words_per_sentence(counts)
    pdw = _percent_of_words(counts, "n_difficult_words")
    score = (0.141 * asl) + (0.086 * pdw) + 0.839
    return np.where(_a(counts, "n_words") == 0, 0.0, score)


@_formula
def mcalpine_eflaw(counts: pd.DataFrame) -> np.ndarray:
    """(words + mini words of <= 3 letters) / sentences."""
    score = _div(_a(counts, "n_words") + _a(counts, "n_miniwords"), _a(counts, "n_sentences"))
    return score


@_formula
def lix(counts: pd.DataFrame) -> np.ndarray:
    """words/sentence + 100 long words (> 6 letters) / words."""
    per = _percent_of_words(counts, "n_long_words")
    score = _words_per_sentence(counts) + per
    return np.where(_a(counts, "n_words") == 0, 0.0, score)


@_formula
def rix(counts: pd.DataFrame) -> np.ndarray:
    """long words / sentences."""
    return _div(_a(counts, "n_long_words"), _a(counts, "n_sentences"))


@_formula
def reading_time(counts: pd.DataFrame, *, ms_per_char: float = 14.69) -> np.ndarray:
    """Seconds: ``ms_per_char`` times non-whitespace characters / 1000."""
    return ms_per_char * _a(counts, "n_chars") / 1000


@_formula
def difficult_words(counts: pd.DataFrame) -> np.ndarray:
    """textstat's ``difficult_words``: *distinct* difficult words (case-sensitive)."""
    return _a(counts, "n_unique_difficult")


def _fre_grades(fre: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    first = np.select(
        [
            (fre < 100) & (fre >= 90),
            (fre < 90) & (fre >= 80),
            (fre < 80) & (fre >= 70),
            (fre < 70) & (fre >= 60),
            (fre < 60) & (fre >= 50),
            (fre < 50) & (fre >= 40),
            (fre < 40) & (fre >= 30),
        ],
        [5, 6, 7, 8, 10, 11, 12],
        default=13,
    ).astype(np.float64)
    second = np.where((fre < 70) & (fre >= 60), 9.0, np.nan)
    return first, second


def text_standard(counts: pd.DataFrame, scores: pd.DataFrame | dict | None = None) -> pd.Series:
    """textstat's consensus grade (``float_output=True``), clamped to 1..18.

    The most common of floor, ceil and round of eight grades (ties go to the value
    seen first, as ``Counter.most_common`` does).
    """
    s = scores if scores is not None else {}

    def get(name, fn):
        return np.asarray(s[name] if name in s else fn(counts), dtype=np.float64)

    cols = []

    def three(x):
        cols.extend([np.floor(x), np.ceil(x), np.round(x)])

    three(get("flesch_kincaid_grade", flesch_kincaid_grade))
    cols.extend(_fre_grades(get("flesch_reading_ease", flesch_reading_ease)))
    three(get("smog_index", smog_index))
    three(get("coleman_liau_index", coleman_liau_index))
    three(get("automated_readability_index", automated_readability_index))
    three(get("dale_chall_readability_score", dale_chall_readability_score))
    three(get("linsear_write_formula", linsear_write_formula))
    three(get("gunning_fog", gunning_fog))
    grades = np.column_stack(cols) if cols else np.empty((0, 0))
    if len(grades) == 0:
        return _series(np.empty(0), counts, "text_standard")
    same = grades[:, :, None] == grades[:, None, :]
    votes = same.sum(axis=2)
    winner = grades[np.arange(len(grades)), votes.argmax(axis=1)]
    return _series(np.clip(winner, 1, 18), counts, "text_standard")


#: Output column name -> formula, in the order of the output frame.
FORMULAS = {
    "flesch_reading_ease": flesch_reading_ease,
    "flesch_kincaid_grade": flesch_kincaid_grade,
    "gunning_fog": gunning_fog,
    "smog_index": smog_index,
    "coleman_liau_index": coleman_liau_index,
    "automated_readability_index": automated_readability_index,
    "dale_chall_readability_score": dale_chall_readability_score,
    "dale_chall_readability_score_v2": dale_chall_readability_score_v2,
    "linsear_write_formula": linsear_write_formula,
    "spache_readability": spache_readability,
    "mcalpine_eflaw": mcalpine_eflaw,
    "text_standard": None,  # needs the others; computed by text_standard()
    "lix": lix,
    "rix": rix,
    "difficult_words": difficult_words,
    "reading_time": reading_time,
}
