"""The public loader: ``articles, report = load_corpus(*sources)``; save and read back.

:func:`load_corpus` chains the steps of this package: expand the sources
(:mod:`.sources`), read each file (:mod:`.readers`, :mod:`.decode`), clean each article
(:mod:`.clean`, :mod:`.boilerplate`), find duplicates (:mod:`.dedupe`) and validate
the result (:mod:`.schema`). Nothing is dropped silently: every input record (a file,
a table row, a JSON object) has exactly one row in the load report, and the number of
``loaded`` rows equals the number of articles.

The work is split so that it can also run on a cluster (:mod:`analysis.scale.load`):
:func:`load_inputs` loads some input files with de-duplication deferred and returns a
:class:`LoadedPart` (articles, report rows, duplicate signatures); :func:`decide`
matches duplicates over all parts in input order and writes the final report; and
:func:`apply_decision` keeps, renumbers and types the articles of each part. In memory
the corpus is one part; on a cluster, one part per partition of the input files. The
result does not depend on where the input is cut: each date is parsed on its own
(:mod:`.dates`), and extra columns are typed from the whole column.

Memory: articles are turned into Arrow-backed columns every 1,000 records and only
small signatures are kept for de-duplication, so loading needs about 1.5 times the
size of the articles frame (see ``benchmarks/bench_load.py``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import config
from .._io import MismatchedOutputError, output_files, output_form, read_parquet_meta, write_parquet
from .boilerplate import BoilerplateRule, compile_rules
from .clean import clean_article, count_words
from .dates import parse_dates
from .decode import describe_fixes
from .dedupe import Signatures, match_duplicates, text_signatures
from .quality import not_article_reason
from .readers import (
    CORPUS_METADATA_KEY,
    MAX_TEXT_CHARS,
    Problem,
    ProcessedCorpus,
    RawArticle,
    read_file,
)
from .schema import (
    ARTICLE_COLUMNS,
    STATUSES,
    validate_articles,
    validate_report,
)
from .sources import InputFile, SourceProblem, expand_sources
from .urls import url_domain, url_section

__all__ = ["LoadError", "load_corpus", "read_corpus", "report_path", "save_corpus"]

_COUNT_KEYS = {
    "quote": "n_quote_repairs",
    "apostrophe": "n_apostrophe_repairs",
    "encoding": "n_encoding_fixes",
    "control": "n_controls_removed",
    "boilerplate": "n_boilerplate",
}
#: Report columns that count repairs to a loaded text (boilerplate removal is not one).
_REPAIR_COLUMNS = tuple(c for k, c in _COUNT_KEYS.items() if k != "boilerplate")


class LoadError(ValueError):
    """Raised by ``load_corpus(..., strict=True)`` on the first problem record.

    The message is the same sentence the load report would hold: it names the file
    (and line) and says what to do.
    """


def doc_id_for(title: str | None, text: str) -> str:
    """Stable 16-hex-digit id from the normalised title and text.

    Examples
    --------
    >>> doc_id_for("A title", "Some text.") == doc_id_for("A  title", "Some text.")
    True
    >>> len(doc_id_for(None, "x"))
    16
    """
    key = " ".join((title or "").split()) + "\n" + text
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


_CHUNK = 1000


@dataclass
class LoadedPart:
    """The result of loading some input files with de-duplication deferred.

    :func:`load_corpus` loads its inputs as one part (or, on a cluster, one part per
    partition of the input files) and combines the parts with :func:`finish_load`.

    Attributes
    ----------
    articles : pandas.DataFrame or None
        Every article read, in input order, duplicates included (None when the
        articles were written elsewhere, see :mod:`analysis.scale.load`).
    report : pandas.DataFrame
        One row per input record (``origin``, ``status``, ``reason``, ``doc_id`` and
        the repair counts), in input order.
    rows : numpy.ndarray
        For each article, its row in ``report``.
    signatures : Signatures or None
        Duplicate-matching signatures of the articles' texts (None without dedupe).
    extra_types : dict
        Representative values of the extra columns (see :func:`extra_dtypes`).
    extra_rows : dict
        For each extra column, the number of articles read with it (the others miss
        it).
    problem : str or None
        With ``strict=True``: the first problem met; nothing after it was loaded.
    meta : pandas.DataFrame
        No rows, the columns and dtypes of ``articles`` (kept when the articles are
        not).
    n_ambiguous_dates : int
        Dates that read as two different days (see :func:`~.dates.parse_dates`).
    """

    articles: pd.DataFrame | None
    report: pd.DataFrame
    rows: np.ndarray
    signatures: Signatures | None = None
    extra_types: dict[str, list[Any]] = field(default_factory=dict)
    extra_rows: dict[str, int] = field(default_factory=dict)
    problem: str | None = None
    meta: pd.DataFrame | None = None
    n_ambiguous_dates: int = 0

    @property
    def n_articles(self) -> int:
        return len(self.rows)

    def __post_init__(self) -> None:
        if self.meta is None and self.articles is not None:
            self.meta = self.articles.iloc[:0]


class _Builder:
    """Collects report rows and article columns while records stream in.

    Articles are converted to columnar frames (and hashed for de-duplication) every
    ``_CHUNK`` articles, and the report rows with them: Python lists of strings take
    several times the memory of the same strings in an Arrow-backed frame.
    """

    def __init__(self, *, signatures: Mapping[str, Any] | None, dayfirst: bool = False) -> None:
        self.signature_options = signatures
        self.dayfirst = dayfirst
        self.parts: list[pd.DataFrame] = []
        self.part_rows: list[np.ndarray] = []
        self.part_sigs: list[Signatures] = []
        self.report_parts: list[pd.DataFrame] = []
        self.n_flushed = 0  # report rows already in report_parts
        self.extra_types: dict[str, list[Any]] = {}
        self.extra_rows: dict[str, int] = {}
        self.n_ambiguous_dates = 0
        self._reset_articles()
        self._reset_report()

    # ---------------------------------------------------------------- report rows
    def _reset_report(self) -> None:
        self.rep: dict[str, list[Any]] = {c: [] for c in _REPORT_BUILD}

    def add_report(self, origin: str, status: str, reason: str = "", **counts: int) -> int:
        rep = self.rep
        rep["origin"].append(origin)
        rep["status"].append(status)
        rep["reason"].append(reason)
        rep["doc_id"].append(None)
        for c in _COUNT_KEYS.values():
            rep[c].append(counts.get(c, 0))
        return self.n_flushed + len(rep["origin"]) - 1

    def last_origin(self) -> str | None:
        return self.rep["origin"][-1] if self.rep["origin"] else None

    def update_last(self, **counts: int) -> None:
        for c, v in counts.items():
            self.rep[c][-1] = v

    def note(self, row: int, note: str) -> None:
        i = row - self.n_flushed
        sentence = f"{self.rep['origin'][i]}: {note}."
        self.rep["reason"][i] = f"{self.rep['reason'][i]} {sentence}".strip()

    def _flush_report(self) -> None:
        if not self.rep["origin"]:
            return
        n = len(self.rep["origin"])
        data = {
            c: pd.Series(v, dtype="int64") if c.startswith("n_") else pd.Series(_str_array(v))
            for c, v in self.rep.items()
        }
        self.report_parts.append(pd.DataFrame(data))
        self.n_flushed += n
        self._reset_report()

    # ------------------------------------------------------------------- articles
    def _reset_articles(self) -> None:
        self.cols: dict[str, list[Any]] = {c: [] for c in (*ARTICLE_COLUMNS, "doc_id")}
        self.extra: dict[str, list[Any]] = {}
        self.rows: list[int] = []

    def add_article(self, values: dict[str, Any], extra: Mapping[str, Any], report_row: int):
        n = len(self.rows)
        for c, lst in self.cols.items():
            lst.append(values.get(c))
        for k in extra:
            if k not in self.extra:
                self.extra[k] = [None] * n
        for k, lst in self.extra.items():
            lst.append(extra.get(k))
        self.rows.append(report_row)
        self.rep["doc_id"][report_row - self.n_flushed] = values["doc_id"]
        if len(self.rows) >= _CHUNK:
            self.flush()

    def flush(self) -> None:
        """Turn the pending articles into a frame, and the report rows so far."""
        if self.rows:
            self._flush_articles()
        self._flush_report()

    def _flush_articles(self) -> None:
        data: dict[str, Any] = {}
        for c in ARTICLE_COLUMNS:
            if c in ("n_words", "repairs"):
                data[c] = pd.Series(self.cols[c], dtype="int64")
            elif c == "published":
                data[c] = self._dates()
            else:
                data[c] = pd.Series(_str_array(self.cols[c]), copy=False)
        for k, lst in self.extra.items():
            data[k] = _extra_series(lst)
        frame = pd.DataFrame(data)
        frame.index = pd.Index(_str_array(self.cols["doc_id"]), name="doc_id")
        if self.signature_options is not None:
            self.part_sigs.append(text_signatures(self.cols["text"], **self.signature_options))
        self._add_part(frame, np.asarray(self.rows, dtype=np.int64))
        self._reset_articles()

    def _add_part(self, frame: pd.DataFrame, rows: np.ndarray) -> None:
        for k, reps in extra_types(frame).items():
            self.extra_types.setdefault(k, []).extend(reps)
            self.extra_rows[k] = self.extra_rows.get(k, 0) + len(frame)
        self.parts.append(frame)
        self.part_rows.append(rows)

    def _dates(self) -> pd.Series:
        """Each date parsed on its own (:func:`~.dates.parse_dates`); problems noted."""
        raw = self.cols["published"]
        parsed = parse_dates(raw, dayfirst=self.dayfirst)
        order = "day" if self.dayfirst else "month"
        other = "dayfirst=False" if self.dayfirst else "dayfirst=True"
        for pos in np.flatnonzero(parsed.invalid.to_numpy()):
            self.note(
                self.rows[pos],
                f"the published date {raw[pos]!r} is not understood, kept as missing",
            )
        for pos in np.flatnonzero(parsed.ambiguous.to_numpy()):
            self.n_ambiguous_dates += 1
            self.note(
                self.rows[pos],
                f"the published date {raw[pos]!r} could be day/month or month/day; read "
                f"{order} first (pass {other} if the source writes it the other way)",
            )
        return parsed.dates

    def add_frame(self, origin: str, frame: pd.DataFrame) -> None:
        """A processed corpus: its rows are articles as they are."""
        self.flush()
        n = len(frame)
        start = self.n_flushed
        data = {
            "origin": pd.Series([f"{origin}:row {i}" for i in range(1, n + 1)], dtype="str"),
            "status": pd.Series(["loaded"] * n, dtype="str"),
            "reason": pd.Series([""] * n, dtype="str"),
            "doc_id": pd.Series(frame.index, dtype="str"),
        }
        for c in _COUNT_KEYS.values():
            data[c] = pd.Series(np.zeros(n, dtype=np.int64))
        self.report_parts.append(pd.DataFrame(data))
        self.n_flushed += n
        if self.signature_options is not None:
            self.part_sigs.append(text_signatures(frame["text"], **self.signature_options))
        self._add_part(frame, np.arange(start, start + n, dtype=np.int64))

    def result(self, problem: str | None = None) -> LoadedPart:
        self.flush()
        report = _concat(self.report_parts, _empty_report, ignore_index=True)
        articles = _concat(self.parts, None)
        rows = np.concatenate(self.part_rows) if self.part_rows else np.zeros(0, np.int64)
        sigs = None
        if self.signature_options is not None:
            sigs = Signatures.concat(
                self.part_sigs or [text_signatures([], **self.signature_options)]
            )
        self.parts, self.report_parts, self.part_sigs = [], [], []
        return LoadedPart(
            articles,
            report,
            rows,
            sigs,
            self.extra_types,
            self.extra_rows,
            problem,
            n_ambiguous_dates=self.n_ambiguous_dates,
        )


_REPORT_BUILD = ("origin", "status", "reason", "doc_id", *_COUNT_KEYS.values())


def _empty_report() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series([], dtype="int64" if c.startswith("n_") else "str") for c in _REPORT_BUILD}
    )


def _concat(frames: list[pd.DataFrame], empty, *, ignore_index: bool = False):
    if not frames:
        return empty() if empty is not None else None
    if len(frames) == 1:
        return frames[0]
    return pd.concat(frames, ignore_index=ignore_index)


_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' default "str" dtype


def _str_array(values: list[Any]) -> pd.api.extensions.ExtensionArray:
    """Strings (or None) as pandas' ``str`` array, without a memory spike.

    The same values as ``pd.array(values, dtype="str")``, built with the system
    allocator: Arrow's default one keeps the buffers outgrown while the array is
    built, which for a chunk of articles costs several times the chunk's size.
    """
    import pyarrow as pa

    arr = pa.array(values, type=pa.large_string(), memory_pool=pa.system_memory_pool())
    return pd.arrays.ArrowStringArray(arr, dtype=_STR)


def _all_str(values: list[Any]) -> bool:
    return all(v is None or isinstance(v, str) for v in values)


def _extra_series(values: list[Any]) -> pd.Series:
    # Strings stay compact; anything else is typed once the whole column is known
    # (extra_dtypes), so that the type does not depend on where chunks were cut.
    return pd.Series(_str_array(values)) if _all_str(values) else pd.Series(values, dtype=object)


def extra_types(frame: pd.DataFrame) -> dict[str, list[Any]]:
    """Representative values of the extra columns of an articles chunk.

    For each column that is neither a declared article column nor already typed by
    its reader: one value per Python type met (the smallest and largest for
    integers), plus None if values are missing. :func:`extra_dtypes` infers the
    column's dtype from the representatives of every chunk, as pandas would from the
    whole column.

    Examples
    --------
    >>> import pandas as pd
    >>> extra_types(pd.DataFrame({"text": ["a", "b"], "n": pd.Series([3, None], dtype=object)}))
    {'n': [3, 3, None]}
    """
    out: dict[str, list[Any]] = {}
    for c in frame.columns:
        if c in ARTICLE_COLUMNS:
            continue
        col = frame[c]
        if col.dtype == object:
            reps: dict[type, Any] = {}
            ints: list[int] = []
            missing = False
            for v in col:
                if v is None or (isinstance(v, float) and v != v):
                    missing = True
                elif type(v) is int:
                    ints.append(v)
                else:
                    reps.setdefault(type(v), v)
            values = list(reps.values()) + ([min(ints), max(ints)] if ints else [])
            out[c] = values + ([None] if missing else [])
        elif isinstance(col.dtype, pd.StringDtype):
            valid = col.notna().to_numpy()
            first = [col.iloc[int(valid.argmax())]] if valid.any() else []
            out[c] = first + ([None] if not valid.all() else [])
    return out


def extra_dtypes(types: Mapping[str, list[Any]], columns: Mapping[str, Any]) -> dict[str, Any]:
    """The dtype of each object-typed extra column, inferred from its representatives.

    Parameters
    ----------
    types : mapping
        Column -> representative values gathered over all chunks (:func:`extra_types`).
    columns : mapping
        Column -> dtype of the combined chunks; only object columns are typed.

    Examples
    --------
    >>> import numpy as np
    >>> extra_dtypes({"n": [1, 7, None], "s": ["x"]}, {"n": np.dtype(object), "s": "str"})
    {'n': dtype('float64')}
    """
    out = {}
    for c, dtype in columns.items():
        if c in types and pd.api.types.is_object_dtype(dtype):
            out[c] = pd.Series(types[c], dtype=None if types[c] else object).dtype
    return {c: d for c, d in out.items() if not pd.api.types.is_object_dtype(d)}


def _article_values(raw: RawArticle, rules) -> tuple[dict[str, Any], dict[str, int]]:
    f = raw.fields
    art = clean_article(
        f.get("title"),
        f.get("text"),
        rules=rules,
        dateline=f.get("dateline"),
        title_line=raw.title_line,
        quote_artefacts=raw.quote_artefacts,
    )
    url = f.get("url")
    url = url.strip() if isinstance(url, str) and url.strip() else None
    source = f.get("source") or url_domain(url) or raw.default_source or None
    values = {
        "title": art.title,
        "text": art.text,
        "source": " ".join(str(source).split()) if source else raw.default_source,
        "url": url,
        "section": f.get("section") or url_section(url),
        "published": f.get("published"),
        "dateline": art.dateline,
        "author": " ".join(f["author"].split()) if f.get("author") else None,
        "origin": raw.origin,
        "n_words": count_words(art.text),
        "repairs": art.repairs,
    }
    if art.text:
        values["doc_id"] = doc_id_for(art.title, art.text)
    counts = dict(art.counts)
    counts["encoding"] += sum(fix.count for fix in raw.fixes)  # lines decoded otherwise, NULs
    return values, counts


def _progress(progress: bool | None):
    if not progress:
        return None
    from tqdm.auto import tqdm

    return tqdm(desc="loading", unit=" records", leave=False)


@dataclass(frozen=True)
class LoadOptions:
    """How each record is read and cleaned: the options of :func:`load_corpus`.

    Built once by :func:`load_options` and sent as is to every worker of a cluster,
    so that every partition is loaded exactly as in memory.
    """

    strict: bool = False
    columns: Mapping[str, str] | None = None
    encoding: str | None = None
    max_line_length: int = 1_000_000
    max_text_chars: int = MAX_TEXT_CHARS
    rules: tuple[Any, ...] = ()
    dedupe: bool = True
    near_duplicates: bool = True
    near_threshold: float = 0.8
    dayfirst: bool = False
    min_words: int = 3
    keep_non_articles: bool = False

    @property
    def signatures(self) -> dict[str, Any] | None:
        return {"near": self.near_duplicates} if self.dedupe else None


def load_options(
    *,
    strict: bool = False,
    columns: Mapping[str, str] | None = None,
    dedupe: bool = True,
    near_duplicates: bool = True,
    near_threshold: float = 0.8,
    extra_boilerplate: Iterable[BoilerplateRule | str] = (),
    encoding: str | None = None,
    max_line_length: int = 1_000_000,
    dayfirst: bool = False,
    min_words: int = 3,
    keep_non_articles: bool = False,
    max_text_chars: int = MAX_TEXT_CHARS,
) -> LoadOptions:
    """Check the options of :func:`load_corpus` and bundle them.

    Examples
    --------
    >>> load_options(near_threshold=0.9).near_threshold
    0.9
    """
    if not 0 < near_threshold <= 1:
        raise ValueError(f"near_threshold={near_threshold} must be in (0, 1]; 0.8 is a good start.")
    if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 0:
        raise ValueError(f"min_words={min_words!r} must be a whole number >= 0; 3 is the default.")
    if max_text_chars < 1:
        raise ValueError(f"max_text_chars={max_text_chars} must be positive; see MAX_TEXT_CHARS.")
    return LoadOptions(
        dayfirst=bool(dayfirst),
        min_words=min_words,
        keep_non_articles=bool(keep_non_articles),
        strict=strict,
        columns=dict(columns) if columns is not None else None,
        encoding=encoding,
        max_line_length=max_line_length,
        max_text_chars=max_text_chars,
        rules=tuple(compile_rules(extra_boilerplate)),
        dedupe=dedupe,
        near_duplicates=near_duplicates,
        near_threshold=near_threshold,
    )


def load_inputs(
    items: Iterable[InputFile | SourceProblem], options: LoadOptions, *, bar=None
) -> LoadedPart:
    """Load input files (from :func:`~.sources.expand_sources`) with dedupe deferred.

    The per-record work of :func:`load_corpus`: read, clean, report, hash. With
    ``options.strict`` the first problem stops the loading and is returned as
    ``problem`` (the caller raises :class:`LoadError`).

    Examples
    --------
    >>> from analysis.loading.sources import InputFile
    >>> f = InputFile("a.csv", ".csv", "x", lambda: b"headline,body\\nHi,Some text here\\n")
    >>> part = load_inputs([f], load_options())
    >>> part.articles["text"].tolist(), part.report["status"].tolist(), part.rows.tolist()
    (['Some text here'], ['loaded'], [0])
    """
    b = _Builder(signatures=options.signatures, dayfirst=options.dayfirst)
    strict = options.strict

    def problem(origin: str, reason: str, status: str = "rejected") -> None:
        if strict:
            raise LoadError(reason)
        b.add_report(origin, status, reason)

    try:
        for item in items:
            if isinstance(item, SourceProblem):
                problem(item.origin, item.reason, item.status)
                continue
            for rec in read_file(
                item,
                columns=options.columns,
                encoding=options.encoding,
                max_line_length=options.max_line_length,
                max_text_chars=options.max_text_chars,
            ):
                if bar is not None:
                    bar.update(1 if not isinstance(rec, ProcessedCorpus) else len(rec.frame))
                if isinstance(rec, Problem):
                    problem(rec.origin, rec.reason, rec.status)
                elif isinstance(rec, ProcessedCorpus):
                    b.add_frame(rec.origin, rec.frame)
                else:
                    _add_raw(b, rec, options, problem)
    except LoadError as err:
        return b.result(problem=str(err))
    return b.result()


def load_corpus(
    *sources: str | os.PathLike,
    strict: bool = False,
    columns: Mapping[str, str] | None = None,
    dedupe: bool = True,
    near_duplicates: bool = True,
    near_threshold: float = 0.8,
    extra_boilerplate: Iterable[BoilerplateRule | str] = (),
    encoding: str | None = None,
    max_line_length: int = 1_000_000,
    dayfirst: bool = False,
    min_words: int = 3,
    keep_non_articles: bool = False,
    max_text_chars: int = MAX_TEXT_CHARS,
    progress: bool | None = None,
    client=None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load, clean and de-duplicate news articles; report on every input record.

    Parameters
    ----------
    *sources : str or path-like
        Files, folders (recursive), glob patterns or ``.zip`` archives, mixed freely.
        Formats: seed-style ``.txt`` (first line = title), ``.csv``/``.tsv``,
        ``.json``/``.jsonl``, ``.parquet`` (including a corpus written by
        :func:`save_corpus`, passed through unchanged) and ``.html``.
    strict : bool, default False
        Raise :class:`LoadError` on the first problem record (unreadable, empty,
        malformed) instead of listing it in the report.
    columns : mapping, optional
        Explicit column names for tabular files, e.g. ``{"text": "my_body"}``; keys
        among ``title, text, published, url, source, author, section, dateline``.
    dedupe : bool, default True
        Keep only the first copy of duplicated texts (the others are reported).
    near_duplicates : bool, default True
        Also treat near-duplicates (estimated Jaccard of word 5-shingles
        >= ``near_threshold``) as duplicates.
    near_threshold : float, default 0.8
    extra_boilerplate : iterable of BoilerplateRule or str
        Site-specific boilerplate rules added to
        :data:`~analysis.loading.boilerplate.DEFAULT_RULES` (strings are regular
        expressions for footer paragraphs).
    encoding : str, optional
        Force a text encoding instead of detecting it.
    max_line_length : int, default 1_000_000
        Longest line or CSV field accepted, in characters.
    dayfirst : bool, default False
        Read all-numeric dates such as ``12/05/2023`` day first (12 May). Each date
        is parsed on its own (:func:`~analysis.loading.dates.parse_dates`); dates that
        read both ways are noted in the report and counted in
        ``report.attrs["n_ambiguous_dates"]``.
    min_words : int, default 3
        Texts with fewer words are not articles (status ``not_article``); 0 turns
        this rule off.
    keep_non_articles : bool, default False
        Load texts that look like no article (``-1``, a bare date, a login wall or
        JavaScript notice, fewer than ``min_words`` words; see
        :mod:`analysis.loading.quality`) instead of reporting them as ``not_article``.
    max_text_chars : int, default 10_000_000
        Longest article text accepted, in characters: a longer one is rejected with a
        reason (loading an article takes memory proportional to its length; see
        :data:`~analysis.loading.readers.MAX_TEXT_CHARS`).
    progress : bool, optional
        Show a progress bar.
    client : distributed.Client or str, optional
        Load on a Dask cluster (a client or a scheduler address): the input files
        are cut into partitions, each loaded by a worker, and duplicates are matched
        here in input order. The result is identical to the in-memory one. See
        :func:`analysis.scale.load.load_to_dataset` for corpora larger than memory.

    Returns
    -------
    articles : pandas.DataFrame
        Index ``doc_id``; columns ``title``, ``text``, ``source``, ``url``,
        ``section``, ``published`` (UTC), ``dateline``, ``author``, ``origin``,
        ``n_words``, ``repairs`` and any extra input columns.
    report : pandas.DataFrame
        One row per input record: ``origin``, ``status`` (``loaded``, ``duplicate``,
        ``empty``, ``not_article``, ``rejected``), ``reason``, ``doc_id``,
        ``duplicate_of``, ``similarity`` and repair counts (``n_encoding_fixes`` counts
        mojibake sequences repaired, lines of a UTF-8 file that were decoded with a legacy
        code page and NUL bytes removed; the last two are also noted in ``reason``, with
        their line numbers). ``report.attrs`` holds ``n_records``, one ``n_<status>``
        per status, ``n_repairs`` and ``n_ambiguous_dates``.

    Raises
    ------
    LoadError
        With ``strict=True``, on the first problem record.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("A title\\n\\nA title\\n\\nKYIV: The body text.\\n\\nSource link")
    >>> _ = (d / "b.txt").write_text("")
    >>> articles, report = load_corpus(d)
    >>> articles[["title", "dateline", "text", "source"]].values.tolist()
    [['A title', 'KYIV', 'The body text.', ...]]
    >>> report["status"].tolist()
    ['loaded', 'empty']
    """
    if not sources:
        raise ValueError(
            "No sources given. Pass files, folders, globs or .zip archives, e.g. "
            "load_corpus(analysis.config.DEMO_CSV)."
        )
    options = load_options(
        strict=strict,
        columns=columns,
        dedupe=dedupe,
        near_duplicates=near_duplicates,
        near_threshold=near_threshold,
        extra_boilerplate=extra_boilerplate,
        encoding=encoding,
        max_line_length=max_line_length,
        dayfirst=dayfirst,
        min_words=min_words,
        keep_non_articles=keep_non_articles,
        max_text_chars=max_text_chars,
    )
    if client is not None:
        from ..scale.cluster import get_client

        client = get_client(client)
    if client is not None:
        from ..scale.load import load_partitioned

        return load_partitioned(sources, options, client=client, progress=bool(progress))
    bar = _progress(progress)
    try:
        part = load_inputs(expand_sources(*sources), options, bar=bar)
    finally:
        if bar is not None:
            bar.close()
    return finish_load([part], options)


def _add_raw(b: _Builder, rec: RawArticle, options: LoadOptions, problem) -> None:
    values, counts = _article_values(rec, options.rules)
    counts = {_COUNT_KEYS[k]: v for k, v in counts.items()}
    notes = describe_fixes(rec.fixes)
    if not values["text"]:
        what = (
            "no article text" if rec.fields.get("text") is None else "no text left after cleaning"
        )
        reason, status = f"{rec.origin}: {what}; fill in the text or remove the record.", "empty"
    elif not options.keep_non_articles and (
        why := not_article_reason(
            values["text"], n_words=values["n_words"], min_words=options.min_words
        )
    ):
        reason = (
            f"{rec.origin}: {why}; not loaded. Pass keep_non_articles=True "
            "(--keep-non-articles) to keep such records."
        )
        status = "not_article"
    else:
        reason = status = None
    if status is not None:
        problem(rec.origin, " ".join([reason, *(f"{rec.origin}: {n}." for n in notes)]), status)
        if b.last_origin() == rec.origin:
            b.update_last(**counts)
        return
    row = b.add_report(rec.origin, "loaded", **counts)
    for note in notes:
        b.note(row, note)
    if not values["title"]:
        b.note(row, "no title, kept with an empty title")
    b.add_article(values, rec.extra, row)


@dataclass
class LoadDecision:
    """What the driver decides once every part is loaded: which articles stay, and how.

    Attributes
    ----------
    report : pandas.DataFrame
        The final load report (validated, with its ``attrs``).
    keep : numpy.ndarray
        One boolean per loaded article (all parts, in order): False for duplicates.
    doc_ids : numpy.ndarray or None
        New ids of the kept articles when some had to be numbered (``-2``,
        ``-3`` ... without de-duplication), else None.
    dtypes : dict
        Column -> dtype of the articles frame, in column order: every part is
        conformed to it (:func:`apply_decision`), so the parts stack into one frame
        whatever their own columns.
    """

    report: pd.DataFrame
    keep: np.ndarray
    doc_ids: np.ndarray | None
    dtypes: dict[str, Any]


def raise_first_problem(parts: Iterable[LoadedPart]) -> None:
    """With ``strict=True``: raise the first problem in input order, if any."""
    for part in parts:
        if part.problem is not None:
            raise LoadError(part.problem)


def decide(parts: list[LoadedPart], options: LoadOptions) -> LoadDecision:
    """Match duplicates across all parts in input order and write the final report.

    Only the parts' reports, article positions, signatures and column types are
    needed, not the articles themselves, so this also works when workers hold the
    texts.
    """
    raise_first_problem(parts)
    offsets = np.cumsum([0] + [len(p.report) for p in parts])
    report = _concat([p.report for p in parts], _empty_report, ignore_index=True)
    rows = (
        np.concatenate([p.rows + off for p, off in zip(parts, offsets, strict=False)])
        if parts
        else np.zeros(0, np.int64)
    )
    n = len(rows)
    ids = report["doc_id"].to_numpy(dtype=object)[rows] if n else np.zeros(0, dtype=object)
    keep = np.ones(n, dtype=bool)
    duplicate_of = np.full(len(report), None, dtype=object)
    similarity = np.full(len(report), np.nan)
    status = report["status"]
    reason = report["reason"]
    if options.dedupe and n > 1:
        sigs = Signatures.concat([p.signatures for p in parts])
        dups = match_duplicates(
            sigs, near=options.near_duplicates, threshold=options.near_threshold
        )
        pos = np.flatnonzero(dups["duplicate_of"].to_numpy() >= 0)
        if len(pos):
            kept = dups["duplicate_of"].to_numpy()[pos]
            sim = dups["similarity"].to_numpy()[pos]
            kinds = dups["kind"].to_numpy()[pos]
            dup_rows = rows[pos]
            origins = report["origin"].to_numpy(dtype=object)
            reasons = []
            for r, k, s, kind in zip(dup_rows, kept, sim, kinds, strict=True):
                if kind == "exact":
                    what, flag = "the same text as", "dedupe=False"
                else:
                    what, flag = f"a near-duplicate ({s:.0%} similar) of", "near_duplicates=False"
                reasons.append(
                    f"{origins[r]}: {what} {origins[rows[k]]} (doc_id {ids[k]}); the "
                    f"first copy is kept. Pass {flag} to keep both."
                )
            duplicate_of[dup_rows] = ids[kept]
            similarity[dup_rows] = sim
            status = status.copy()
            status.iloc[dup_rows] = "duplicate"
            reason = reason.copy()
            reason.iloc[dup_rows] = reasons
            keep[pos] = False
    new_ids = None
    kept_ids = pd.Index(ids[keep], dtype="str")
    if kept_ids.has_duplicates:
        # Only without de-duplication: identical articles get -2, -3 ... suffixes.
        idx = kept_ids.to_series()
        nth = idx.groupby(idx).cumcount()
        new_ids = np.array(
            [d if k == 0 else f"{d}-{k + 1}" for d, k in zip(idx, nth, strict=True)], dtype=object
        )
        doc_id = report["doc_id"].copy()
        doc_id.iloc[rows[keep]] = new_ids
        report = report.assign(doc_id=doc_id)
    report = report.assign(status=status, reason=reason)
    report.insert(4, "duplicate_of", pd.Series(duplicate_of, dtype="str"))
    report.insert(5, "similarity", pd.Series(similarity, dtype="float64"))
    n_ambiguous = sum(p.n_ambiguous_dates for p in parts)
    return LoadDecision(
        _final_report(report, n_ambiguous_dates=n_ambiguous), keep, new_ids, _layout(parts, keep)
    )


def _layout(parts: list[LoadedPart], keep: np.ndarray) -> dict[str, Any]:
    """Columns and dtypes of the articles frame that the kept rows of ``parts`` make."""
    from .schema import empty_articles

    metas, start = [], 0
    for p in parts:
        if keep[start : start + p.n_articles].any():
            metas.append(p.meta)
        start += p.n_articles
    meta = _concat(metas, empty_articles)
    dtypes = dict(meta.dtypes)
    types = gather_extra_types(parts)
    dtypes.update(extra_dtypes(types, dtypes))
    first = [c for c in ARTICLE_COLUMNS if c in dtypes]
    return {c: dtypes[c] for c in first + [c for c in dtypes if c not in ARTICLE_COLUMNS]}


def gather_extra_types(parts: Iterable[LoadedPart]) -> dict[str, list[Any]]:
    """Representative values of each extra column over all parts (None if missing)."""
    parts = list(parts)
    total = sum(p.n_articles for p in parts)
    types: dict[str, list[Any]] = {}
    rows: dict[str, int] = {}
    for p in parts:
        for k, reps in p.extra_types.items():
            types.setdefault(k, []).extend(reps)
            rows[k] = rows.get(k, 0) + p.extra_rows.get(k, 0)
    for k, n in rows.items():
        if n < total:  # some articles come from files without this column
            types[k].append(None)
    return types


def _final_report(report: pd.DataFrame, *, n_ambiguous_dates: int = 0) -> pd.DataFrame:
    report = validate_report(report)
    counts = report["status"].value_counts()
    report.attrs.update({f"n_{s}": int(counts.get(s, 0)) for s in STATUSES})
    report.attrs["n_records"] = len(report)
    report.attrs["n_repairs"] = int(
        report.loc[report["status"] == "loaded", list(_REPAIR_COLUMNS)].sum().sum()
    )
    report.attrs["n_ambiguous_dates"] = int(n_ambiguous_dates)
    return report


def apply_decision(articles: pd.DataFrame, decision: LoadDecision, *, start: int = 0):
    """The kept rows of ``articles`` (articles ``start`` .. of all parts), conformed.

    Drops the duplicates, renumbers ids, and gives the frame the decided columns
    and dtypes (missing values of object columns are None); the same for a whole
    corpus or for one part of it, so parts conformed separately stack into the frame
    conformed at once.
    """
    stop = start + len(articles)
    keep = decision.keep[start:stop]
    if not keep.all():
        articles = articles[keep]
    if decision.doc_ids is not None:
        before = int(decision.keep[:start].sum())
        new = decision.doc_ids[before : before + len(articles)]
        articles = articles.set_axis(pd.Index(new, dtype="str", name="doc_id"))
    data = {}
    changed = list(articles.columns) != list(decision.dtypes)
    for c, dtype in decision.dtypes.items():
        if c not in articles.columns:
            col = pd.Series([None] * len(articles), index=articles.index, dtype=object)
            data[c] = col if pd.api.types.is_object_dtype(dtype) else col.astype(dtype)
            changed = True
            continue
        col = articles[c]
        if col.dtype != dtype:
            col = col.astype(dtype)
            changed = True
        if pd.api.types.is_object_dtype(dtype) and col.isna().any():
            values = col.to_numpy(dtype=object)
            col = pd.Series(np.where(col.isna(), None, values), index=col.index, dtype=object)
            changed = True
        data[c] = col
    if changed:
        articles = pd.DataFrame(data, index=articles.index)
    return articles


def finish_load(parts: list[LoadedPart], options: LoadOptions) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Combine loaded parts (in input order) into the articles frame and the report."""
    from .schema import empty_articles

    decision = decide(parts, options)
    kept = []
    start = 0
    for p in parts:
        if p.articles is not None and len(p.articles):
            frame = apply_decision(p.articles, decision, start=start)
            if len(frame):
                kept.append(frame)
        start += p.n_articles
        p.articles = None  # the kept rows are in `kept`: let the rest go
    articles = _concat(kept, empty_articles)
    return validate_articles(articles), decision.report


# --------------------------------------------------------------------- save / read
#: Parquet schema metadata key binding a saved corpus and its load report: both carry
#: ``{"id": ...}``; the corpus also says whether a report was saved with it.
SAVE_METADATA_KEY = b"analysis.save"


def report_path(path: str | os.PathLike) -> Path:
    """Where the load report of the corpus at ``path`` lives (beside it).

    The report takes the corpus's format: CSV beside a CSV export, Parquet otherwise.

    Examples
    --------
    >>> report_path("data/processed/articles.parquet").name
    'articles.load_report.parquet'
    >>> report_path("exports/articles.csv").name
    'articles.load_report.csv'
    """
    path = Path(path)
    suffix = path.suffix.lower()
    return path.with_name(
        f"{path.stem}.load_report{suffix if suffix in ('.csv', '.tsv') else '.parquet'}"
    )


def save_corpus(
    articles: pd.DataFrame,
    report: pd.DataFrame | None = None,
    path: str | os.PathLike | None = None,
    *,
    force: bool = False,
) -> Path:
    """Write the articles and the load report beside them, as one unit.

    Both files are written to temporary files first and renamed into place
    together. Both carry one id in their Parquet schema metadata, which
    :func:`read_corpus` checks, so a run killed between the two renames cannot pass
    an old report off as the new corpus's. Only files this package wrote are
    overwritten (see :func:`analysis._io.output_files`).

    Parameters
    ----------
    articles : pandas.DataFrame
        As returned by :func:`load_corpus` (validated before writing).
    report : pandas.DataFrame, optional
        The load report, written to :func:`report_path` of ``path``.
    path : path-like, optional
        A ``.parquet`` file (default ``config.PROCESSED_DIR / "articles.parquet"``),
        which :func:`load_corpus` and :func:`read_corpus` read back as is; or a
        ``.csv``/``.tsv`` file, an export for other tools (index ``doc_id``).
    force : bool, default False
        Move aside (never delete) existing files this package did not write.

    Returns
    -------
    Path
        The articles file.

    Raises
    ------
    ValueError
        ``path`` is not a ``.parquet``, ``.csv`` or ``.tsv`` file name.
    analysis._io.OutputExistsError
        A target holds a file this package did not write (nothing is written).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from analysis.loading.schema import empty_articles
    >>> out = save_corpus(empty_articles(), None, pathlib.Path(tempfile.mkdtemp()) / "c.parquet")
    >>> len(read_corpus(out))
    0
    """
    import json
    import uuid

    path = Path(path) if path is not None else config.PROCESSED_DIR / "articles.parquet"
    try:
        suffix = output_form(path)
    except ValueError as err:
        raise ValueError(
            f"{err} A partitioned corpus folder is written by analysis.scale.write_dataset()."
        ) from None
    articles = validate_articles(articles)
    report = validate_report(report) if report is not None else None
    stamp = {"id": uuid.uuid4().hex}
    targets = [path] if report is None else [path, report_path(path)]
    with output_files(*targets, force=force) as temps:
        corpus_meta = {CORPUS_METADATA_KEY: b'{"format": 1}'}
        corpus_meta[SAVE_METADATA_KEY] = json.dumps({**stamp, "report": report is not None})
        _write_saved(articles, temps[0], suffix, index=True, metadata=corpus_meta)
        if report is not None:
            meta = {SAVE_METADATA_KEY: json.dumps(stamp).encode()}
            _write_saved(report, temps[1], suffix, index=False, metadata=meta)
    return path


def _write_saved(frame: pd.DataFrame, path: Path, suffix: str, *, index: bool, metadata) -> None:
    if suffix == ".parquet":
        metadata = {k: v.encode() if isinstance(v, str) else v for k, v in metadata.items()}
        write_parquet(frame, path, index=index, metadata=metadata)
    else:
        frame.to_csv(path, index=index, sep="\t" if suffix == ".tsv" else ",")


def read_corpus(
    path: str | os.PathLike | None = None, *, with_report: bool = False
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame | None]:
    """Read a corpus written by :func:`save_corpus` (validated).

    Parameters
    ----------
    path : path-like, optional
        Defaults to ``config.PROCESSED_DIR / "articles.parquet"``.
    with_report : bool, default False
        Also return the load report saved with it (None if it was saved without one).

    Raises
    ------
    FileNotFoundError
        No corpus at ``path``.
    analysis._io.MismatchedOutputError
        With ``with_report=True``: the report beside the corpus was not written with
        it (a run was interrupted between the two files, or one was replaced).
    """
    path = Path(path) if path is not None else config.PROCESSED_DIR / "articles.parquet"
    if not path.is_file():
        raise FileNotFoundError(
            f"No processed corpus at {path}; create it with 'news-analysis load' or "
            "analysis.loading.save_corpus()."
        )
    with path.open("rb") as fh:  # one open file: the id and the rows are of one version
        stamp = read_parquet_meta(fh, SAVE_METADATA_KEY)
        articles = validate_articles(pd.read_parquet(fh))
    if not with_report:
        return articles
    return articles, _saved_report(path, stamp)


def _saved_report(path: Path, stamp: dict | None) -> pd.DataFrame | None:
    rp = report_path(path)
    redo = f"Write both again with 'news-analysis load SOURCES --out {path}' or save_corpus()."
    if stamp is not None and not stamp.get("report"):
        return None
    if not rp.is_file():
        if stamp is None:
            return None
        raise MismatchedOutputError(
            f"{path} was saved with a load report, but {rp} is missing. {redo}"
        )
    with rp.open("rb") as fh:
        report_stamp = read_parquet_meta(fh, SAVE_METADATA_KEY)
        report = pd.read_parquet(fh)
    if (stamp or {}).get("id") != (report_stamp or {}).get("id"):
        raise MismatchedOutputError(
            f"{rp} does not belong to {path}: they were written by different runs (one was "
            f"interrupted between the two files, or replaced one of them). {redo}"
        )
    return report
