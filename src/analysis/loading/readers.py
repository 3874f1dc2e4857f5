"""Read one input file into raw article records, one reader per format.

Readers never raise on bad data: every problem becomes a :class:`Problem` with a
reason that names the file and line and says what to do, and the reader carries on
with the next record. Supported formats (by extension):

================================  ==================================================
``.txt``, ``.text``               one article per file; the first line is the title
``.csv``, ``.tsv``                one article per row, columns recognised by name
``.json``                         a list of objects, ``{"articles": [...]}``, or one
``.jsonl``, ``.ndjson``           one JSON object per line
``.parquet``                      one article per row, or a processed corpus
``.html``, ``.htm``, ``.xhtml``   main text and metadata extracted with trafilatura
================================  ==================================================

Column names are matched case-insensitively against :data:`COLUMN_ALIASES`; an
explicit ``columns={"text": "my_body"}`` mapping wins. Other columns are kept.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .clean import has_systematic_quote_artefacts
from .decode import DecodeError, decode_bytes
from .sources import InputFile, UnreadableInput

__all__ = [
    "COLUMN_ALIASES",
    "CORPUS_METADATA_KEY",
    "SUPPORTED_SUFFIXES",
    "Problem",
    "ProcessedCorpus",
    "RawArticle",
    "read_file",
    "resolve_columns",
]

#: Canonical field -> column names recognised for it, in order of preference.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "head"),
    "text": ("text", "body", "content", "article", "article_text", "full_text", "maintext"),
    "published": (
        "published",
        "date",
        "publish_date",
        "published_at",
        "publication_date",
        "date_published",
        "pubdate",
        "datetime",
        "timestamp",
    ),
    "url": ("url", "link", "article_source_link", "source_url", "article_url", "uri", "href"),
    "source": ("source", "publisher", "outlet", "source_name", "site_name", "sitename"),
    "author": ("author", "authors", "byline", "by", "creator", "writer"),
    "section": ("section",),
    "dateline": ("dateline",),
}
#: Parquet schema metadata key marking a corpus written by ``save_corpus``.
CORPUS_METADATA_KEY = b"analysis.corpus"
#: Output columns an input column may not shadow; such input columns get ``input_``.
RESERVED = frozenset(
    {*COLUMN_ALIASES, "doc_id", "origin", "n_words", "repairs", "status", "reason"}
)
_READERS = {
    ".txt": "text",
    ".text": "text",
    ".csv": "delimited",
    ".tsv": "delimited",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
SUPPORTED_SUFFIXES = tuple(_READERS)


@dataclass
class RawArticle:
    """One article as read: canonical ``fields`` plus ``extra`` columns."""

    origin: str
    fields: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)
    default_source: str = ""
    title_line: bool = False
    quote_artefacts: bool = False


@dataclass
class Problem:
    """A record that yields no article; ``status`` is ``"rejected"`` or ``"empty"``."""

    origin: str
    reason: str
    status: str = "rejected"


@dataclass
class ProcessedCorpus:
    """A frame written by ``save_corpus``: passed through without re-cleaning."""

    origin: str
    frame: Any


def resolve_columns(
    names: Sequence[str], columns: Mapping[str, str] | None = None
) -> tuple[dict[str, str], list[str]]:
    """Map canonical fields to the column names present in a table.

    Parameters
    ----------
    names : sequence of str
        The table's column names.
    columns : mapping, optional
        Explicit ``{"text": "my_body", ...}``; wins over the aliases.

    Returns
    -------
    mapping : dict
        Canonical field -> column name, for the fields found.
    missing : list of str
        Explicitly requested columns that are absent.

    Examples
    --------
    >>> resolve_columns(["Headline", "Body", "article_source_link", "x"])
    ({'title': 'Headline', 'text': 'Body', 'url': 'article_source_link'}, [])
    >>> resolve_columns(["a", "b"], {"text": "b", "title": "zz"})
    ({'text': 'b'}, ['zz'])
    """
    columns = dict(columns or {})
    unknown = set(columns) - set(COLUMN_ALIASES)
    if unknown:
        raise ValueError(
            f"columns= has unknown fields {sorted(unknown)}; use keys among "
            f"{sorted(COLUMN_ALIASES)}, e.g. columns={{'text': 'my_body_column'}}."
        )
    lower = {}
    for name in names:
        lower.setdefault(str(name).strip().lower(), name)
    mapping: dict[str, str] = {}
    missing: list[str] = []
    used: set[str] = set()
    for key, wanted in columns.items():
        if wanted in names:
            mapping[key] = wanted
            used.add(wanted)
        else:
            missing.append(wanted)
    for key, aliases in COLUMN_ALIASES.items():
        if key in mapping or key in columns:
            continue
        for alias in aliases:
            name = lower.get(alias)
            if name is not None and name not in used:
                mapping[key] = name
                used.add(name)
                break
    return mapping, missing


def _value(v: Any) -> Any:
    """Normalise a cell: blanks -> None, lists of strings joined, nested -> JSON."""
    if v is None:
        return None
    if isinstance(v, str):
        return v if v.strip() else None
    if isinstance(v, float) and v != v:  # NaN
        return None
    if isinstance(v, (list, tuple)):
        if all(isinstance(x, str) for x in v):
            return ", ".join(x.strip() for x in v if x.strip()) or None
        return json.dumps(v, ensure_ascii=False, default=str)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, default=str)
    return v


def _split_record(
    record: Mapping[str, Any], mapping: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    fields = {key: _value(record.get(col)) for key, col in mapping.items()}
    for key in ("title", "text", "url", "source", "author", "section", "dateline"):
        v = fields.get(key)
        if v is not None and not isinstance(v, str):
            fields[key] = str(v)
    taken = set(mapping.values())
    extra = {}
    for col, v in record.items():
        if col in taken:
            continue
        name = str(col)
        extra[f"input_{name}" if name in RESERVED else name] = _value(v)
    return fields, extra


def _no_text(origin: str, names: Sequence[str]) -> Problem:
    shown = ", ".join(map(str, names[:12])) + (", ..." if len(names) > 12 else "")
    return Problem(
        origin,
        f"{origin}: no text column among [{shown}]; name it one of "
        f"{', '.join(COLUMN_ALIASES['text'][:4])} or pass columns={{'text': 'your_column'}}.",
    )


def _missing(origin: str, missing: list[str], names: Sequence[str]) -> Problem:
    return Problem(
        origin,
        f"{origin}: column(s) {missing} given in columns= are not in the file (it has "
        f"{list(map(str, names))[:12]}); fix the columns= mapping.",
    )


def _long_line(origin: str, text: str, limit: int) -> Problem | None:
    if len(text) <= limit:
        return None
    for i, line in enumerate(text.split("\n"), start=1):
        if len(line) > limit:
            return Problem(
                f"{origin}:line {i}",
                f"{origin}, line {i}: a single line of {len(line):,} characters (limit "
                f"{limit:,}); the file is probably not line-based text. Split it, or raise "
                "max_line_length.",
            )
    return None


# ------------------------------------------------------------------------- readers
def _read_text(file: InputFile, text: str, max_line_length: int, **_: Any) -> Iterator:
    problem = _long_line(file.origin, text, max_line_length)
    if problem is not None:
        problem.origin = file.origin
        yield problem
        return
    yield RawArticle(
        file.origin, {"title": None, "text": text}, default_source=file.folder, title_line=True
    )


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    old = csv.field_size_limit()
    csv.field_size_limit(max(limit, 1))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _delimiter(file: InputFile, text: str) -> str:
    if file.suffix == ".tsv":
        return "\t"
    header = text[: text.find("\n")] if "\n" in text else text
    counts = {d: header.count(d) for d in ",;\t|"}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _read_delimited(
    file: InputFile, text: str, columns: Mapping[str, str] | None, max_line_length: int, **_: Any
) -> Iterator:
    delimiter = _delimiter(file, text)
    stem = file.origin
    systematic = has_systematic_quote_artefacts(text)
    with _field_limit(max_line_length):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            yield Problem(stem, f"{stem}: no header row; the file is empty.", "empty")
            return
        except csv.Error as err:
            yield Problem(stem, f"{stem}, line 1: the header cannot be parsed ({err}).")
            return
        header = [h.strip() for h in header]
        if header and header[0].startswith("\ufeff"):
            header[0] = header[0][1:]
        mapping, missing = resolve_columns(header, columns)
        if missing:
            yield _missing(stem, missing, header)
            return
        if "text" not in mapping:
            yield _no_text(stem, header)
            return
        row_no = 0
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as err:
                row_no += 1
                msg = str(err)
                if "field larger" in msg:
                    hint = (
                        f"a field is longer than {max_line_length:,} characters; raise "
                        "max_line_length or check the quoting"
                    )
                elif "end of data" in msg or "EOF" in msg:
                    hint = (
                        "a quoted field is never closed, so the file seems truncated or a "
                        "quote is stray; everything from here on is unreadable. Fix the "
                        "quote or re-export the file"
                    )
                else:
                    hint = f"{msg}; check the quoting of that line"
                yield Problem(
                    f"{stem}:row {row_no}", f"{stem}, line {line}: malformed CSV: {hint}."
                )
                continue
            if not any(c.strip() for c in row):
                continue
            row_no += 1
            origin = f"{stem}:row {row_no}"
            if len(row) != len(header):
                yield Problem(
                    origin,
                    f"{stem}, line {line}: the row has {len(row)} fields but the header has "
                    f"{len(header)} (a truncated line, an unquoted delimiter or a stray "
                    "quote); fix that line.",
                )
                continue
            fields, extra = _split_record(dict(zip(header, row, strict=True)), mapping)
            yield RawArticle(
                origin, fields, extra, default_source=_stem(file), quote_artefacts=systematic
            )
        if row_no == 0:
            yield Problem(stem, f"{stem}: a header but no rows; add rows or remove it.", "empty")


def _stem(file: InputFile) -> str:
    name = file.origin.rsplit("!", 1)[-1].rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


_CONTAINER_KEYS = ("articles", "data", "items", "records", "results", "documents", "entries")


def _objects(
    file: InputFile, objs: Iterator[tuple[str, str, Any]], columns, systematic: bool = False
) -> Iterator:
    cache: dict[tuple, tuple[dict, list]] = {}
    for origin, where, obj in objs:
        if not isinstance(obj, dict):
            yield Problem(
                origin,
                f"{where}: expected an object with a text field, got {type(obj).__name__}; "
                'put each article in a {"title": ..., "text": ...} object.',
            )
            continue
        keys = tuple(obj)
        if keys not in cache:
            cache[keys] = resolve_columns(list(keys), columns)
        mapping, missing = cache[keys]
        if missing:
            yield _missing(origin, missing, list(keys))
            continue
        if "text" not in mapping:
            yield _no_text(origin, list(keys))
            continue
        fields, extra = _split_record(obj, mapping)
        yield RawArticle(
            origin, fields, extra, default_source=_stem(file), quote_artefacts=systematic
        )


def _read_json(file: InputFile, text: str, columns, max_line_length: int, **kw: Any) -> Iterator:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":  # several objects, one per line: JSON lines
            yield from _read_jsonl(file, text, columns, max_line_length)
            return
        yield Problem(
            file.origin,
            f"{file.origin}, line {err.lineno} column {err.colno}: invalid JSON ({err.msg}); "
            "the file may be truncated. Fix it, or write one article per line as .jsonl so "
            "one bad line does not lose the others.",
        )
        return
    if isinstance(data, dict):
        inner = next((data[k] for k in _CONTAINER_KEYS if isinstance(data.get(k), list)), None)
        if inner is None:
            yield from _objects(file, iter([(file.origin, file.origin, data)]), columns)
            return
        data = inner
    if not isinstance(data, list):
        yield Problem(
            file.origin,
            f"{file.origin}: the JSON holds a {type(data).__name__}, not articles; write a "
            'list of {"title": ..., "text": ...} objects.',
        )
        return
    if not data:
        yield Problem(file.origin, f"{file.origin}: the JSON list is empty.", "empty")
        return
    objs = (
        (f"{file.origin}:item {i}", f"{file.origin}, item {i}", o) for i, o in enumerate(data, 1)
    )
    yield from _objects(file, objs, columns, has_systematic_quote_artefacts(text))


def _jsonl_objects(file: InputFile, text: str, max_line_length: int) -> Iterator:
    for i, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        origin = f"{file.origin}:line {i}"
        if len(line) > max_line_length:
            yield Problem(
                origin,
                f"{file.origin}, line {i}: a single line of {len(line):,} characters (limit "
                f"{max_line_length:,}); raise max_line_length if it is a real article.",
            )
            continue
        try:
            yield origin, f"{file.origin}, line {i}", json.loads(line)
        except json.JSONDecodeError as err:
            yield Problem(
                origin,
                f"{file.origin}, line {i}: invalid JSON ({err.msg} at column {err.colno}); the "
                "line is truncated or malformed. Fix or delete that line.",
            )


def _read_jsonl(file: InputFile, text: str, columns, max_line_length: int, **_: Any) -> Iterator:
    good = []
    systematic = has_systematic_quote_artefacts(text)
    for item in _jsonl_objects(file, text, max_line_length):
        if isinstance(item, Problem):
            if good:
                yield from _objects(file, iter(good), columns, systematic)
                good = []
            yield item
        else:
            good.append(item)
    yield from _objects(file, iter(good), columns, systematic)


def _read_parquet(file: InputFile, data: bytes, columns, **_: Any) -> Iterator:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
    except Exception as err:  # pyarrow raises several types for damaged files
        yield Problem(
            file.origin,
            f"{file.origin}: not a readable Parquet file ({err}); re-export it or use CSV.",
        )
        return
    meta = table.schema.metadata or {}
    if table.num_rows == 0:
        yield Problem(file.origin, f"{file.origin}: the table has no rows.", "empty")
        return
    if CORPUS_METADATA_KEY in meta:
        yield ProcessedCorpus(file.origin, table.to_pandas())
        return
    names = table.column_names
    mapping, missing = resolve_columns(names, columns)
    if missing:
        yield _missing(file.origin, missing, names)
        return
    if "text" not in mapping:
        yield _no_text(file.origin, names)
        return
    for i, record in enumerate(table.to_pylist(), start=1):
        fields, extra = _split_record(record, mapping)
        yield RawArticle(f"{file.origin}:row {i}", fields, extra, default_source=_stem(file))


#: trafilatura options, chosen by measurement on ../shared/corpora/news_html
#: (see benchmarks/bench_load.py --html).
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": False,
    "favor_precision": False,
    "favor_recall": False,
    "deduplicate": False,
}


def extract_html(html: str, **options: Any) -> dict[str, Any] | None:
    """Extract main text and metadata from an HTML page with trafilatura.

    Returns
    -------
    dict or None
        Keys ``title``, ``text`` (paragraphs on separate lines), ``author``, ``date``,
        ``url``, ``sitename``; None if nothing could be extracted.
    """
    import trafilatura

    opts = {**TRAFILATURA_OPTIONS, **options}
    doc = trafilatura.bare_extraction(html, with_metadata=True, output_format="python", **opts)
    if doc is None:
        return None
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {k: d.get(k) for k in ("title", "text", "author", "date", "url", "sitename")}


def _read_html(file: InputFile, text: str, **_: Any) -> Iterator:
    try:
        d = extract_html(text)
    except Exception as err:  # trafilatura/lxml failures on broken markup
        yield Problem(
            file.origin,
            f"{file.origin}: the HTML could not be parsed ({type(err).__name__}: {err}); "
            "check that it is a web page.",
        )
        return
    if not d or not (d.get("text") or "").strip():
        yield Problem(
            file.origin,
            f"{file.origin}: no article text found in the page (an index page, or content "
            "loaded by JavaScript?); save the rendered page or remove it.",
            "empty",
        )
        return
    fields = {
        "title": d["title"],
        "text": d["text"],
        "author": d["author"],
        "published": d["date"],
        "url": d["url"],
    }
    extra = {"sitename": d["sitename"]}
    yield RawArticle(file.origin, fields, extra, default_source=file.folder)


def read_file(
    file: InputFile,
    *,
    columns: Mapping[str, str] | None = None,
    encoding: str | None = None,
    max_line_length: int = 1_000_000,
) -> Iterator[RawArticle | Problem | ProcessedCorpus]:
    """Yield the raw records of one input file (never raises on bad data).

    Parameters
    ----------
    file : InputFile
        From :func:`~analysis.loading.sources.expand_sources`.
    columns : mapping, optional
        Explicit column mapping for tabular formats.
    encoding : str, optional
        Force a text encoding instead of detecting it.
    max_line_length : int
        Longest line (or CSV field) accepted, in characters.

    Examples
    --------
    >>> from analysis.loading.sources import InputFile
    >>> f = InputFile("a.csv", ".csv", "x", lambda: b"headline,body\\nHi,Some text\\n")
    >>> [(r.origin, r.fields) for r in read_file(f)]
    [('a.csv:row 1', {'title': 'Hi', 'text': 'Some text'})]
    """
    kind = _READERS.get(file.suffix)
    if kind is None:
        shown = file.suffix or "(none)"
        yield Problem(
            file.origin,
            f"{file.origin}: unknown file type {shown}; supported are "
            f"{', '.join(SUPPORTED_SUFFIXES)}. Rename or convert the file, or leave it out.",
        )
        return
    try:
        data = file.read()
    except UnreadableInput as err:  # damaged, encrypted, too large, not a regular file
        yield Problem(file.origin, f"{file.origin}: {err}")
        return
    except OSError as err:
        yield Problem(file.origin, f"{file.origin}: cannot be read ({err}); check permissions.")
        return
    if not data.strip():
        yield Problem(
            file.origin, f"{file.origin}: the file is empty; fill it or remove it.", "empty"
        )
        return
    if kind == "parquet":
        yield from _read_parquet(file, data, columns)
        return
    try:
        text, _ = decode_bytes(data, encoding=encoding)
    except DecodeError as err:
        yield Problem(file.origin, f"{file.origin}: {err}.")
        return
    text = text.lstrip("\ufeff")
    if not text.strip():
        yield Problem(
            file.origin,
            f"{file.origin}: the file holds only whitespace; fill it or remove it.",
            "empty",
        )
        return
    reader = {
        "text": _read_text,
        "delimited": _read_delimited,
        "json": _read_json,
        "jsonl": _read_jsonl,
        "html": _read_html,
    }[kind]
    yield from reader(file, text, columns=columns, max_line_length=max_line_length)
