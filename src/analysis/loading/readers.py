"""Read one input file into raw article records, one reader per format.

Why one long module: the readers share one record protocol (:class:`RawArticle`,
:class:`Problem`, :class:`ProcessedCorpus`) and one set of limits (line length, JSON
depth, text size); each format is a short section, and they are read side by side.

Readers never raise on bad data: every problem becomes a :class:`Problem` with a
reason that names the file and line and says what to do, and the reader carries on
with the next record. Supported formats (by extension):

================================  ==================================================
``.txt``, ``.text``               one article per file; the first line is the title;
                                  metadata from a ``<name>.meta.json`` sidecar
                                  (:mod:`~.sidecar`)
``.csv``, ``.tsv``                one article per row, columns recognised by name
``.json``                         a list of objects, ``{"articles": [...]}``, or one
``.jsonl``, ``.ndjson``           one JSON object per line
``.parquet``                      one article per row, or a processed corpus
``.html``, ``.htm``, ``.xhtml``   main text and metadata extracted with trafilatura
================================  ==================================================

Limits, so that one hostile record cannot sink a load: a record whose text has more
than ``max_text_chars`` characters (default :data:`MAX_TEXT_CHARS`) is rejected, as
is a JSON document or JSON line nested more than :data:`MAX_JSON_DEPTH` levels deep
(articles are flat objects).

Lines that :func:`~.decode.decode_text` changed (an odd line of a UTF-8 file decoded
with a legacy code page, NUL bytes removed) are attributed to the record they belong
to, as :attr:`RawArticle.fixes`: a CSV row or a JSON item by its lines, a JSON line
by itself, a whole ``.txt``/``.html`` file or single JSON object by its file. Changed
lines outside any record (a CSV header) are not reported.

Column names are matched case-insensitively against :data:`COLUMN_ALIASES`; an
explicit ``columns={"text": "my_body"}`` mapping wins. Other columns are kept.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import io
import json
import json.decoder
import json.scanner
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .clean import has_systematic_quote_artefacts
from .decode import DecodeError, LineFix, decode_text
from .sidecar import SidecarError, read_sidecar, sidecar_of
from .sources import InputFile, UnreadableInput

__all__ = [
    "COLUMN_ALIASES",
    "CORPUS_METADATA_KEY",
    "MAX_JSON_DEPTH",
    "MAX_TEXT_CHARS",
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
#: Default ``max_text_chars``: longer texts are rejected (10 million characters, about
#: 1,500 pages; the longest news articles have a few hundred thousand).
MAX_TEXT_CHARS = 10_000_000
#: Deepest nesting of arrays and objects accepted in a JSON document or JSON line.
MAX_JSON_DEPTH = 100


@dataclass
class RawArticle:
    """One article as read: canonical ``fields`` plus ``extra`` columns.

    ``fixes`` lists the lines of the record changed while decoding the file (see
    :class:`~.decode.LineFix`), for the load report.
    """

    origin: str
    fields: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)
    default_source: str = ""
    title_line: bool = False
    quote_artefacts: bool = False
    fixes: tuple[LineFix, ...] = ()


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
    start = 0
    for i in range(1, len(text) + 2):
        end = text.find("\n", start)
        stop = len(text) if end < 0 else end
        if stop - start > limit:
            return Problem(
                f"{origin}:line {i}",
                f"{origin}, line {i}: a single line of {stop - start:,} characters (limit "
                f"{limit:,}); the file is probably not line-based text. Split it, or raise "
                "max_line_length.",
            )
        if end < 0:
            break
        start = end + 1
    return None


def _fixes_in(fixes: Sequence[LineFix], first: int, last: int) -> tuple[LineFix, ...]:
    """The fixes of lines ``first`` .. ``last`` (``fixes`` sorted by line)."""
    if not fixes:
        return ()
    lines = [f.line for f in fixes]
    return tuple(fixes[bisect.bisect_left(lines, first) : bisect.bisect_right(lines, last)])


class _Lines:
    """Line number (from 1, breaks ``\\n``, ``\\r\\n``, ``\\r``) of offsets in a text."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in re.finditer("\r\n?|\n", text))]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


# ------------------------------------------------------------------------- readers
def _read_text(
    file: InputFile, text: str, max_line_length: int, fixes: tuple = (), **_: Any
) -> Iterator:
    problem = _long_line(file.origin, text, max_line_length)
    if problem is not None:
        problem.origin = file.origin
        yield problem
        return
    fields: dict[str, Any] = {"title": None, "text": text}
    meta = sidecar_of(file.path) if file.path is not None else None
    if meta is not None:
        try:
            fields.update(read_sidecar(meta))
        except SidecarError as err:
            yield Problem(file.origin, f"{file.origin}: {err}")
            return
    yield RawArticle(
        file.origin,
        fields,
        default_source=file.folder,
        title_line=True,
        fixes=tuple(fixes),
    )


_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their ends, as ``io.StringIO(text, newline="")`` has them.

    Without the copy of the whole text that ``io.StringIO`` makes (4 bytes a character).

    Examples
    --------
    >>> list(_lines("a\\r\\nb\\rc\\n\\nd"))
    ['a\\r\\n', 'b\\r', 'c\\n', '\\n', 'd']
    """
    return map(re.Match.group, _LINE.finditer(text))


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
    file: InputFile,
    text: str,
    columns: Mapping[str, str] | None,
    max_line_length: int,
    fixes: tuple = (),
    **_: Any,
) -> Iterator:
    delimiter = _delimiter(file, text)
    stem = file.origin
    systematic = has_systematic_quote_artefacts(text)
    with _field_limit(max_line_length):
        reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
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
                origin,
                fields,
                extra,
                default_source=_stem(file),
                quote_artefacts=systematic,
                fixes=_fixes_in(fixes, line, reader.line_num),
            )
        if row_no == 0:
            yield Problem(stem, f"{stem}: a header but no rows; add rows or remove it.", "empty")


def _stem(file: InputFile) -> str:
    name = file.origin.rsplit("!", 1)[-1].rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


_CONTAINER_KEYS = ("articles", "data", "items", "records", "results", "documents", "entries")
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BLOCK = 1 << 20


def _json_depth(text: str) -> int:
    """Deepest nesting of arrays and objects in a JSON text, without recursion.

    Strings are skipped and the brackets counted in blocks (for texts that
    :func:`json.loads` cannot parse for their depth).

    Examples
    --------
    >>> _json_depth("[" * 150 + '"]]"' + "]" * 150), _json_depth('{"a": [1, {}]}')
    (150, 3)
    """
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text)).encode("ascii")
    depth = deepest = 0
    for i in range(0, len(brackets), _BLOCK):
        codes = np.frombuffer(
            brackets, dtype=np.uint8, count=min(_BLOCK, len(brackets) - i), offset=i
        )
        steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1).astype(np.int32)
        levels = np.cumsum(steps, dtype=np.int64) + depth
        deepest = max(deepest, int(levels.max()))
        depth = int(levels[-1])
    return deepest


def _value_depth(value: Any) -> int:
    """Deepest nesting of lists and dicts in a parsed JSON value, without recursion.

    Examples
    --------
    >>> _value_depth([{"a": [1]}, 2]), _value_depth("x")
    (3, 0)
    """
    deepest, stack = 0, [(value, 1)]
    while stack:
        v, depth = stack.pop()
        items = v.values() if isinstance(v, dict) else v
        deepest = max(deepest, depth)
        stack.extend((x, depth + 1) for x in items if isinstance(x, (list, dict)))
    return deepest if isinstance(value, (list, dict)) else 0


class _TooDeep(ValueError):
    """A JSON text nested deeper than :data:`MAX_JSON_DEPTH`."""

    def __init__(self, depth: int) -> None:
        super().__init__(depth)
        self.depth = depth

    def reason(self, where: str) -> str:
        return (
            f"{where}: the JSON is nested {self.depth:,} levels deep (limit {MAX_JSON_DEPTH}); "
            "an article is a flat object, so this is a damaged or hostile file. Flatten it "
            "or remove it."
        )


def _loads(text: str) -> Any:
    """:func:`json.loads`, raising :class:`_TooDeep` for values nested too deep.

    Values deeper than the limit but within the interpreter's recursion limit are
    refused too: they would break later steps (``json.dumps`` of an extra column).
    """
    try:
        value = json.loads(text)
    except RecursionError:
        raise _TooDeep(_json_depth(text)) from None
    depth = _value_depth(value)
    if depth > MAX_JSON_DEPTH:
        raise _TooDeep(depth)
    return value


def _objects(
    file: InputFile,
    objs: Iterator[tuple[str, str, Any, tuple[LineFix, ...]]],
    columns,
    systematic: bool = False,
) -> Iterator:
    cache: dict[tuple, tuple[dict, list]] = {}
    for origin, where, obj, fixes in objs:
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
            origin,
            fields,
            extra,
            default_source=_stem(file),
            quote_artefacts=systematic,
            fixes=fixes,
        )


class _SpanDecoder(json.JSONDecoder):
    """Parses like :func:`json.loads` and records where each item of each array is.

    Pure Python (slow): used only for a JSON file with lines changed by decoding.
    """

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[int, tuple[list, list[tuple[int, int]]]] = {}
        self.parse_array = self._array
        self.scan_once = json.scanner.py_make_scanner(self)

    def _array(self, s_and_end, scan_once, **kw):
        spans: list[tuple[int, int]] = []

        def scan(string: str, idx: int):
            value, end = scan_once(string, idx)
            spans.append((idx, end))
            return value, end

        values, end = json.decoder.JSONArray(s_and_end, scan, **kw)
        self.items[id(values)] = (values, spans)
        return values, end

    def item_lines(self, text: str, values: list) -> list[tuple[int, int]]:
        """First and last line of each item of ``values``, an array parsed from ``text``."""
        line = _Lines(text)
        return [(line(a), line(max(a, b - 1))) for a, b in self.items[id(values)][1]]


def _is_json_lines(text: str) -> bool:
    lines = [x.strip() for x in text.split("\n") if x.strip()]
    return len(lines) > 1 and all(x.startswith("{") for x in lines)


def _read_json(
    file: InputFile, text: str, columns, max_line_length: int, fixes: tuple = (), **kw: Any
) -> Iterator:
    # With fixes, parse again to learn where each item is (safe: not too deep).
    decoder = _SpanDecoder() if fixes else None
    try:
        data = _loads(text)
        if decoder is not None:
            data = decoder.decode(text)
    except _TooDeep as err:
        if _is_json_lines(text):  # the first line is the deep one
            yield from _read_jsonl(file, text, columns, max_line_length, fixes)
        else:
            yield Problem(file.origin, err.reason(file.origin))
        return
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":  # several objects, one per line: JSON lines
            yield from _read_jsonl(file, text, columns, max_line_length, fixes)
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
            one = iter([(file.origin, file.origin, data, tuple(fixes))])
            yield from _objects(file, one, columns)
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
    spans = decoder.item_lines(text, data) if decoder else [(0, -1)] * len(data)
    objs = (
        (f"{file.origin}:item {i}", f"{file.origin}, item {i}", o, _fixes_in(fixes, *span))
        for i, (o, span) in enumerate(zip(data, spans, strict=True), 1)
    )
    yield from _objects(file, objs, columns, has_systematic_quote_artefacts(text))


def _jsonl_objects(file: InputFile, text: str, max_line_length: int, fixes: tuple = ()) -> Iterator:
    first = 1  # the line number of decode_text (which also breaks lines at a lone \r)
    for i, line in enumerate(text.split("\n"), start=1):
        lines = (first, first + line.count("\r") - line.endswith("\r"))
        first = lines[1] + 1
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
            obj = _loads(line)
        except _TooDeep as err:
            yield Problem(origin, err.reason(f"{file.origin}, line {i}"))
            continue
        except json.JSONDecodeError as err:
            yield Problem(
                origin,
                f"{file.origin}, line {i}: invalid JSON ({err.msg.removesuffix(' at')} at column {err.colno}); the "
                "line is truncated or malformed. Fix or delete that line.",
            )
            continue
        yield origin, f"{file.origin}, line {i}", obj, _fixes_in(fixes, *lines)


def _read_jsonl(
    file: InputFile, text: str, columns, max_line_length: int, fixes: tuple = (), **_: Any
) -> Iterator:
    good = []
    systematic = has_systematic_quote_artefacts(text)
    for item in _jsonl_objects(file, text, max_line_length, fixes):
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
    texts = table.column(mapping["text"]).to_pylist()  # the file-level rule of CSV and JSON
    systematic = has_systematic_quote_artefacts("\n".join(t for t in texts if isinstance(t, str)))
    for i, record in enumerate(table.to_pylist(), start=1):
        fields, extra = _split_record(record, mapping)
        yield RawArticle(f"{file.origin}:row {i}", fields, extra, default_source=_stem(file),
                         quote_artefacts=systematic)  # fmt: skip


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


def _read_html(file: InputFile, text: str, fixes: tuple = (), **_: Any) -> Iterator:
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
    yield RawArticle(file.origin, fields, extra, default_source=file.folder, fixes=tuple(fixes))


def read_file(
    file: InputFile,
    *,
    columns: Mapping[str, str] | None = None,
    encoding: str | None = None,
    max_line_length: int = 1_000_000,
    max_text_chars: int = MAX_TEXT_CHARS,
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
    max_text_chars : int, default MAX_TEXT_CHARS
        Longest article text accepted, in characters; a longer one is a
        :class:`Problem` (memory grows with the longest text).

    Examples
    --------
    >>> from analysis.loading.sources import InputFile
    >>> f = InputFile("a.csv", ".csv", "x", lambda: b"headline,body\\nHi,Some text\\n")
    >>> [(r.origin, r.fields) for r in read_file(f)]
    [('a.csv:row 1', {'title': 'Hi', 'text': 'Some text'})]
    >>> [r.reason[:40] for r in read_file(f, max_text_chars=5)]
    ['a.csv:row 1: the text has 9 characters, ']
    """
    for rec in _read_records(file, columns, encoding, max_line_length):
        text = rec.fields.get("text") if isinstance(rec, RawArticle) else None
        if isinstance(text, str) and len(text) > max_text_chars:
            yield Problem(
                rec.origin,
                f"{rec.origin}: the text has {len(text):,} characters, more than "
                f"max_text_chars={max_text_chars:,}; split it into articles, or raise "
                "max_text_chars (e.g. load_corpus(..., max_text_chars=...)) if it is one "
                "real article.",
            )
        else:
            yield rec


def _read_records(
    file: InputFile,
    columns: Mapping[str, str] | None,
    encoding: str | None,
    max_line_length: int,
) -> Iterator[RawArticle | Problem | ProcessedCorpus]:
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
        decoded = decode_text(data, encoding=encoding)
    except DecodeError as err:
        yield Problem(file.origin, f"{file.origin}: {err}.")
        return
    del data
    text = decoded.text.lstrip("\ufeff")
    if not text or text.isspace():
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
    yield from reader(
        file, text, columns=columns, max_line_length=max_line_length, fixes=decoded.fixes
    )
