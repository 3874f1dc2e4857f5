"""textstat itself, called per text and per measure: the reference for parity checks.

Used by the parity tests, ``benchmarks/parity_readability.py`` and the speed
benchmark. Slow by design (textstat re-tokenises for every measure).

Examples
--------
>>> ref = textstat_scores(["The cat sat on the mat. It was happy!"])
>>> int(ref.loc[0, "n_words"]), float(ref.loc[0, "text_standard"])
(9, 1.0)
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .cmudict import ensure_cmudict
from .counts import COUNT_COLUMNS
from .formulas import FORMULAS

__all__ = ["TEXTSTAT_CALLS", "compare_to_textstat", "textstat_scores"]


def _calls() -> dict:
    ensure_cmudict()  # before textstat's first syllable lookup: no download attempt
    import textstat

    calls = {name: getattr(textstat, name) for name in FORMULAS}
    calls["text_standard"] = lambda t: textstat.text_standard(t, float_output=True)
    calls.update(
        {
            "n_sentences": textstat.sentence_count,
            "n_words": textstat.lexicon_count,
            "n_syllables": textstat.syllable_count,
            "n_polysyllables": textstat.polysyllabcount,
            "n_monosyllables": textstat.monosyllabcount,
            "n_long_words": textstat.long_word_count,
            "n_difficult_words": lambda t: textstat.difficult_words(t, unique=False),
            "n_letters": textstat.letter_count,
            "n_chars": textstat.char_count,
        }
    )
    return calls


#: Output column -> the textstat call that defines it (documentation).
TEXTSTAT_CALLS = {
    **{name: f"textstat.{name}(text)" for name in FORMULAS},
    "text_standard": "textstat.text_standard(text, float_output=True)",
    "n_sentences": "textstat.sentence_count(text)",
    "n_words": "textstat.lexicon_count(text)",
    "n_syllables": "textstat.syllable_count(text)",
    "n_polysyllables": "textstat.polysyllabcount(text)",
    "n_monosyllables": "textstat.monosyllabcount(text)",
    "n_long_words": "textstat.long_word_count(text)",
    "n_difficult_words": "textstat.difficult_words(text, unique=False)",
    "n_letters": "textstat.letter_count(text)",
    "n_chars": "textstat.char_count(text)",
}


def textstat_scores(texts: Iterable[str], *, columns: list[str] | None = None) -> pd.DataFrame:
    """Call textstat once per text and column; one row per text.

    Parameters
    ----------
    texts : iterable of str
    columns : list of str, optional
        Default: every formula and count column of :func:`readability`.

    Returns
    -------
    DataFrame
        Indexed like ``texts`` when it is a Series, else 0..n-1.
    """
    calls = _calls()
    cols = columns or [*FORMULAS, *COUNT_COLUMNS]
    index = texts.index if isinstance(texts, pd.Series) else None
    texts = list(texts)
    data = {c: [calls[c](t) for t in texts] for c in cols}
    return pd.DataFrame(data, index=index)


def compare_to_textstat(ours: pd.DataFrame, ref: pd.DataFrame) -> pd.DataFrame:
    """Per column: largest absolute difference and rows differing by more than 1e-9.

    Rows where ``ours`` is NaN (flagged texts) are compared too and count as
    differences unless textstat is also NaN.
    """
    rows = {}
    for col in ref.columns:
        a = pd.to_numeric(ours[col], errors="coerce").astype(float).to_numpy()
        b = pd.to_numeric(ref[col], errors="coerce").astype(float).to_numpy()
        both_nan = np.isnan(a) & np.isnan(b)
        diff = np.where(both_nan, 0.0, np.abs(a - b))
        diff = np.where(np.isnan(diff), np.inf, diff)
        rows[col] = {
            "max_abs_diff": float(diff.max()) if len(diff) else 0.0,
            "n_over_1e-9": int((diff > 1e-9).sum()),
            "exact": bool((diff == 0).all()),
        }
    return pd.DataFrame.from_dict(rows, orient="index")
