"""Records to report rows and article columns: the per-partition step of loading.

:func:`load_inputs` loads some input files (from :func:`~.sources.expand_sources`) with
de-duplication deferred and returns a :class:`LoadedPart`: every article read, one report
row per input record, and the signatures duplicates are matched with later
(:mod:`.decisions`). In memory the corpus is one part; with an executor, one part per
partition of the input files (:mod:`.partitioned`).

Memory: articles are turned into Arrow-backed columns every 1,000 records and only
small signatures are kept for de-duplication, so loading needs about 1.5 times the
size of the articles frame (see ``benchmarks/bench_load.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .clean import clean_article, count_words
from .dates import parse_dates
from .decode import describe_fixes
from .dedupe import Signatures, text_signatures
from .options import LoadError, LoadOptions
from .quality import not_article_reason
from .readers import Problem, ProcessedCorpus, RawArticle, read_file
from .schema import ARTICLE_COLUMNS
from .sources import InputFile, SourceProblem
from .urls import url_domain, url_section

__all__ = [
    "REPAIR_COLUMNS",
    "LoadedPart",
    "concat_frames",
    "doc_id_for",
    "empty_report",
    "extra_dtypes",
    "extra_types",
    "load_inputs",
]

_COUNT_KEYS = {
    "quote": "n_quote_repairs",
    "apostrophe": "n_apostrophe_repairs",
    "encoding": "n_encoding_fixes",
    "control": "n_controls_removed",
    "boilerplate": "n_boilerplate",
    "replacement": "n_replacement_chars",
}
#: Report columns that count repairs to a loaded text (boilerplate removal is not one,
#: nor are the U+FFFD replacement characters left in it).
REPAIR_COLUMNS = tuple(c for k, c in _COUNT_KEYS.items() if k not in ("boilerplate", "replacement"))


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

    :func:`analysis.load_corpus` loads its inputs as one part (or one part per partition of
    the input files) and combines the parts with :func:`~.decisions.finish_load`.

    Attributes
    ----------
    articles : pandas.DataFrame or None
        Every article read, in input order, duplicates included (None when the
        articles were written elsewhere, see :func:`~.partitioned.load_to_dataset`).
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
        report = concat_frames(self.report_parts, empty_report, ignore_index=True)
        articles = concat_frames(self.parts, None)
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


def empty_report() -> pd.DataFrame:
    """A load report without rows, before :func:`~.decisions.decide` adds its columns."""
    return pd.DataFrame(
        {c: pd.Series([], dtype="int64" if c.startswith("n_") else "str") for c in _REPORT_BUILD}
    )


def concat_frames(
    frames: list[pd.DataFrame],
    empty: Callable[[], pd.DataFrame] | None,
    *,
    ignore_index: bool = False,
) -> pd.DataFrame | None:
    """``pd.concat(frames)`` without a copy for one frame; ``empty()`` (or None) for none."""
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


def load_inputs(
    items: Iterable[InputFile | SourceProblem], options: LoadOptions, *, bar: Any = None
) -> LoadedPart:
    """Load input files (from :func:`~.sources.expand_sources`) with dedupe deferred.

    The per-record work of :func:`load_corpus`: read, clean, report, hash. With
    ``options.strict`` the first problem stops the loading and is returned as
    ``problem`` (the caller raises :class:`LoadError`).

    Examples
    --------
    >>> from analysis.loading import load_options
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
