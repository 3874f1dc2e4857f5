"""The public loader: ``articles, report = load_corpus(*sources)``; save and read back.

:func:`load_corpus` chains the steps of this package: expand the sources
(:mod:`.sources`), read each file (:mod:`.readers`, :mod:`.decode`), clean each article
(:mod:`.clean`, :mod:`.boilerplate`), find duplicates (:mod:`.dedupe`) and validate
the result (:mod:`.schema`). Nothing is dropped silently: every input record (a file,
a table row, a JSON object) has exactly one row in the load report, and the number of
``loaded`` rows equals the number of articles.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .. import config
from .._io import atomic_path, write_table
from .boilerplate import BoilerplateRule, compile_rules
from .clean import clean_article, count_words
from .dedupe import find_duplicates
from .readers import (
    CORPUS_METADATA_KEY,
    Problem,
    ProcessedCorpus,
    RawArticle,
    read_file,
)
from .schema import (
    ARTICLE_COLUMNS,
    PUBLISHED_DTYPE,
    REPORT_COLUMNS,
    validate_articles,
    validate_report,
)
from .sources import SourceProblem, expand_sources
from .urls import url_domain, url_section

__all__ = ["LoadError", "load_corpus", "read_corpus", "report_path", "save_corpus"]

_COUNT_KEYS = {
    "quote": "n_quote_repairs",
    "apostrophe": "n_apostrophe_repairs",
    "encoding": "n_encoding_fixes",
    "boilerplate": "n_boilerplate",
}


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


_CHUNK = 2000


class _Builder:
    """Collects report rows and article columns while records stream in."""

    def __init__(self) -> None:
        self.report: list[dict[str, Any]] = []
        self.parts: list[pd.DataFrame] = []
        self.part_report: list[list[int]] = []  # report row of each article, per part
        self._reset()

    def _reset(self) -> None:
        self.cols: dict[str, list[Any]] = {c: [] for c in (*ARTICLE_COLUMNS, "doc_id")}
        self.extra: dict[str, list[Any]] = {}
        self.rows: list[int] = []
        self.raw_dates: list[Any] = []

    def add_report(self, origin: str, status: str, reason: str = "", **counts: int) -> int:
        row = {"origin": origin, "status": status, "reason": reason, "doc_id": None}
        row.update({c: 0 for c in _COUNT_KEYS.values()})
        row.update(counts)
        self.report.append(row)
        return len(self.report) - 1

    def add_article(self, values: dict[str, Any], extra: Mapping[str, Any], report_row: int):
        n = len(self.rows)
        for c, lst in self.cols.items():
            lst.append(values.get(c))
        self.raw_dates.append(values.get("published"))
        for k in extra:
            if k not in self.extra:
                self.extra[k] = [None] * n
        for k, lst in self.extra.items():
            lst.append(extra.get(k))
        self.rows.append(report_row)
        self.report[report_row]["doc_id"] = values["doc_id"]
        if len(self.rows) >= _CHUNK:
            # Columnar frames are ~3x smaller than lists of Python strings: convert often.
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        data: dict[str, Any] = {}
        for c in ARTICLE_COLUMNS:
            if c in ("n_words", "repairs"):
                data[c] = pd.Series(self.cols[c], dtype="int64")
            elif c == "published":
                data[c] = self._dates()
            else:
                data[c] = pd.Series(self.cols[c], dtype="str")
        for k, lst in self.extra.items():
            data[k] = pd.Series(lst, dtype="str" if _all_str(lst) else None)
        frame = pd.DataFrame(data)
        frame.index = pd.Index(self.cols["doc_id"], dtype="str", name="doc_id")
        self.parts.append(frame)
        self.part_report.append(self.rows)
        self._reset()

    def _dates(self) -> pd.Series:
        raw = pd.Series(self.raw_dates, dtype=object)
        # Fast path with one inferred format, then per-value parsing for the rest.
        with _quiet():
            parsed = pd.to_datetime(raw, utc=True, errors="coerce")
            todo = parsed.isna() & raw.notna()
            if todo.any():
                parsed[todo] = pd.to_datetime(raw[todo], utc=True, errors="coerce", format="mixed")
        parsed = parsed.astype(PUBLISHED_DTYPE)
        for pos in (parsed.isna() & raw.notna()).to_numpy().nonzero()[0]:
            row = self.report[self.rows[pos]]
            _note(row, f"the published date {raw[pos]!r} is not understood, kept as missing")
        return parsed

    def add_frame(self, origin: str, frame: pd.DataFrame) -> None:
        self.flush()
        rows = []
        for i, doc_id in enumerate(frame.index, start=1):
            r = self.add_report(f"{origin}:row {i}", "loaded")
            self.report[r]["doc_id"] = doc_id
            rows.append(r)
        self.parts.append(frame)
        self.part_report.append(rows)


def _all_str(values: list[Any]) -> bool:
    return all(v is None or isinstance(v, str) for v in values)


class _quiet:
    def __enter__(self):
        import warnings

        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore", UserWarning)

    def __exit__(self, *exc):
        self._w.__exit__(*exc)


def _note(row: dict[str, Any], note: str) -> None:
    sentence = f"{row['origin']}: {note}."
    row["reason"] = f"{row['reason']} {sentence}".strip()


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
    return values, art.counts


def _progress(progress: bool | None):
    if not progress:
        return None
    from tqdm.auto import tqdm

    return tqdm(desc="loading", unit=" records", leave=False)


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
    progress: bool | None = None,
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
    progress : bool, optional
        Show a tqdm progress bar.

    Returns
    -------
    articles : pandas.DataFrame
        Index ``doc_id``; columns ``title``, ``text``, ``source``, ``url``,
        ``section``, ``published`` (UTC), ``dateline``, ``author``, ``origin``,
        ``n_words``, ``repairs`` and any extra input columns.
    report : pandas.DataFrame
        One row per input record: ``origin``, ``status`` (``loaded``, ``duplicate``,
        ``empty``, ``rejected``), ``reason``, ``doc_id``, ``duplicate_of``,
        ``similarity`` and repair counts. ``report.attrs`` holds ``n_loaded``,
        ``n_duplicate``, ``n_empty``, ``n_rejected`` and ``n_repairs``.

    Raises
    ------
    LoadError
        With ``strict=True``, on the first problem record.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("A title\\n\\nA title\\n\\nKYIV: Body text.\\n\\nSource link")
    >>> _ = (d / "b.txt").write_text("")
    >>> articles, report = load_corpus(d)
    >>> articles[["title", "dateline", "text", "source"]].values.tolist()
    [['A title', 'KYIV', 'Body text.', ...]]
    >>> report["status"].tolist()
    ['loaded', 'empty']
    """
    if not sources:
        raise ValueError(
            "No sources given. Pass files, folders, globs or .zip archives, e.g. "
            "load_corpus(analysis.config.DEMO_CSV)."
        )
    if not 0 < near_threshold <= 1:
        raise ValueError(f"near_threshold={near_threshold} must be in (0, 1]; 0.8 is a good start.")
    rules = compile_rules(extra_boilerplate)
    b = _Builder()
    bar = _progress(progress)

    def problem(origin: str, reason: str, status: str = "rejected") -> None:
        if strict:
            raise LoadError(reason)
        b.add_report(origin, status, reason)

    try:
        for item in expand_sources(*sources):
            if isinstance(item, SourceProblem):
                problem(item.origin, item.reason)
                continue
            for rec in read_file(
                item, columns=columns, encoding=encoding, max_line_length=max_line_length
            ):
                if bar is not None:
                    bar.update(1 if not isinstance(rec, ProcessedCorpus) else len(rec.frame))
                if isinstance(rec, Problem):
                    problem(rec.origin, rec.reason, rec.status)
                elif isinstance(rec, ProcessedCorpus):
                    b.add_frame(rec.origin, rec.frame)
                else:
                    _add_raw(b, rec, rules, problem)
    finally:
        if bar is not None:
            bar.close()
    b.flush()
    articles, report = _finish(b, dedupe=dedupe, near=near_duplicates, threshold=near_threshold)
    return articles, report


def _add_raw(b: _Builder, rec: RawArticle, rules, problem) -> None:
    values, counts = _article_values(rec, rules)
    counts = {_COUNT_KEYS[k]: v for k, v in counts.items()}
    if not values["text"]:
        what = (
            "no article text" if rec.fields.get("text") is None else "no text left after cleaning"
        )
        problem(
            rec.origin,
            f"{rec.origin}: {what}; fill in the text or remove the record.",
            "empty",
        )
        if b.report and b.report[-1]["origin"] == rec.origin:
            b.report[-1].update(counts)
        return
    row = b.add_report(rec.origin, "loaded", **counts)
    if not values["title"]:
        _note(b.report[row], "no title, kept with an empty title")
    b.add_article(values, rec.extra, row)


def _finish(b: _Builder, *, dedupe: bool, near: bool, threshold: float):
    from .schema import empty_articles

    if b.parts:
        articles = pd.concat(b.parts) if len(b.parts) > 1 else b.parts[0]
    else:
        articles = empty_articles()
    report_rows = [r for rows in b.part_report for r in rows]
    first = [c for c in ARTICLE_COLUMNS if c in articles.columns]
    order = first + [c for c in articles.columns if c not in ARTICLE_COLUMNS]
    if list(articles.columns) != order:
        articles = articles[order]
    report = b.report
    for row in report:
        row.setdefault("duplicate_of", None)
        row.setdefault("similarity", None)
    keep = pd.Series(True, index=range(len(articles)))
    if dedupe and len(articles) > 1:
        dups = find_duplicates(articles["text"], near=near, threshold=threshold)
        ids = articles.index.to_numpy()
        for pos in dups.index[dups["duplicate_of"] >= 0]:
            kept = int(dups.at[pos, "duplicate_of"])
            row = report[report_rows[pos]]
            kept_row = report[report_rows[kept]]
            sim = float(dups.at[pos, "similarity"])
            row.update(status="duplicate", duplicate_of=ids[kept], similarity=sim)
            if dups.at[pos, "kind"] == "exact":
                what, flag = "the same text as", "dedupe=False"
            else:
                what, flag = f"a near-duplicate ({sim:.0%} similar) of", "near_duplicates=False"
            row["reason"] = (
                f"{row['origin']}: {what} {kept_row['origin']} (doc_id {ids[kept]}); the "
                f"first copy is kept. Pass {flag} to keep both."
            )
            keep[pos] = False
        if not keep.all():
            articles = articles[keep.to_numpy()]
            report_rows = [r for r, k in zip(report_rows, keep, strict=True) if k]
    if articles.index.has_duplicates:
        # Only without de-duplication: identical articles get -2, -3 ... suffixes.
        idx = articles.index.to_series()
        nth = idx.groupby(idx).cumcount()
        new = [d if k == 0 else f"{d}-{k + 1}" for d, k in zip(idx, nth, strict=True)]
        for r, d in zip(report_rows, new, strict=True):
            report[r]["doc_id"] = d
        articles.index = pd.Index(new, dtype="str", name="doc_id")
    report_df = _report_frame(report)
    articles = validate_articles(articles)
    report_df = validate_report(report_df)
    counts = report_df["status"].value_counts()
    report_df.attrs.update(
        {f"n_{s}": int(counts.get(s, 0)) for s in ("loaded", "duplicate", "empty", "rejected")}
    )
    report_df.attrs["n_records"] = len(report_df)
    report_df.attrs["n_repairs"] = int(
        report_df.loc[report_df["status"] == "loaded", list(_COUNT_KEYS.values())[:3]].sum().sum()
    )
    return articles, report_df


def _report_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    data: dict[str, Any] = {}
    for c in REPORT_COLUMNS:
        values = [r.get(c) for r in rows]
        if c == "similarity":
            data[c] = pd.Series(values, dtype="float64")
        elif c.startswith("n_"):
            data[c] = pd.Series(values, dtype="int64")
        else:
            data[c] = pd.Series(values, dtype="str")
    return pd.DataFrame(data)


# --------------------------------------------------------------------- save / read
def report_path(path: str | os.PathLike) -> Path:
    """Where the load report of the corpus at ``path`` lives (beside it).

    Examples
    --------
    >>> report_path("data/processed/articles.parquet").name
    'articles.load_report.parquet'
    """
    path = Path(path)
    return path.with_name(f"{path.stem}.load_report.parquet")


def save_corpus(
    articles: pd.DataFrame,
    report: pd.DataFrame | None = None,
    path: str | os.PathLike | None = None,
) -> Path:
    """Write the articles as Parquet (atomically) with the load report beside it.

    Parameters
    ----------
    articles : pandas.DataFrame
        As returned by :func:`load_corpus` (validated before writing).
    report : pandas.DataFrame, optional
        The load report, written to :func:`report_path` of ``path``.
    path : path-like, optional
        Defaults to ``config.PROCESSED_DIR / "articles.parquet"``.

    Returns
    -------
    Path
        The articles file. Passing it to :func:`load_corpus` gives the same frame back.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path) if path is not None else config.PROCESSED_DIR / "articles.parquet"
    if path.suffix.lower() != ".parquet":
        raise ValueError(f"Cannot write the corpus to {path}: use a file name ending in .parquet.")
    articles = validate_articles(articles)
    table = pa.Table.from_pandas(articles, preserve_index=True)
    meta = dict(table.schema.metadata or {})
    meta[CORPUS_METADATA_KEY] = b'{"format": 1}'
    table = table.replace_schema_metadata(meta)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)
    if report is not None:
        write_table(validate_report(report), report_path(path), index=False)
    return path


def read_corpus(
    path: str | os.PathLike | None = None, *, with_report: bool = False
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame | None]:
    """Read a corpus written by :func:`save_corpus` (validated).

    Parameters
    ----------
    path : path-like, optional
        Defaults to ``config.PROCESSED_DIR / "articles.parquet"``.
    with_report : bool, default False
        Also return the load report saved beside it (None if absent).
    """
    path = Path(path) if path is not None else config.PROCESSED_DIR / "articles.parquet"
    if not path.is_file():
        raise FileNotFoundError(
            f"No processed corpus at {path}; create it with 'news-analysis load' or "
            "analysis.loading.save_corpus()."
        )
    articles = validate_articles(pd.read_parquet(path))
    if not with_report:
        return articles
    rp = report_path(path)
    return articles, (pd.read_parquet(rp) if rp.is_file() else None)
