"""In-memory sources of :func:`~analysis.loading.load_corpus`: frames and records.

A pandas DataFrame, a polars DataFrame (when polars is installed) or an iterable of
dicts (what a Hugging Face ``datasets.Dataset`` yields) is turned into the bytes of an
input file, so it goes through the same readers, column recognition, cleaning,
de-duplication and load report as a file on disk:

* a frame becomes a Parquet table labelled ``<DataFrame>`` (``<polars DataFrame>``);
  its rows are reported as ``<DataFrame>:row 1``, ``<DataFrame>:row 2`` ... (1-based
  positions, whatever the index);
* an iterable of dicts becomes a JSON array labelled ``<records>``; its items are
  reported as ``<records>:item 1`` ...; an item that is not a dict is a ``rejected``
  row with a reason, never an exception. Values JSON cannot hold (dates, numpy
  numbers) are written as their ``str``.

A second frame in one call is labelled ``<DataFrame> (copy 2)`` (origins are unique).
Without a ``source`` column the articles' ``source`` is the label, as a file's is its
name.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["FRAME_LABEL", "POLARS_LABEL", "RECORDS_LABEL", "in_memory", "not_a_source"]

FRAME_LABEL = "<DataFrame>"
POLARS_LABEL = "<polars DataFrame>"
RECORDS_LABEL = "<records>"


def _is_pandas_frame(obj: Any) -> bool:
    import pandas as pd

    return isinstance(obj, pd.DataFrame)


def _is_polars_frame(obj: Any) -> bool:
    """A polars DataFrame (or LazyFrame), without importing polars."""
    kind = type(obj)
    return kind.__module__.split(".")[0] == "polars" and kind.__name__ in (
        "DataFrame",
        "LazyFrame",
    )


def _frame_bytes(frame) -> bytes:
    """A pandas frame as Parquet bytes; columns pyarrow cannot type become strings."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = frame.copy()
    frame.columns = _unique_names([str(c) for c in frame.columns])
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, ValueError):
        for name in [c for c in frame.columns if frame[c].dtype == "object"]:
            frame[name] = frame[name].map(_plain)
        table = pa.Table.from_pandas(frame, preserve_index=False)
    return _parquet(table, pq)


def _polars_bytes(frame) -> bytes:
    import pyarrow.parquet as pq

    if type(frame).__name__ == "LazyFrame":
        frame = frame.collect()
    return _parquet(frame.to_arrow(), pq)


def _parquet(table, pq) -> bytes:
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


def _plain(value: Any) -> Any:
    """A cell of a mixed-type column as a string (None stays None)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        n = seen.get(name, 0)
        seen[name] = n + 1
        out.append(name if n == 0 else f"{name}.{n}")
    return out


def _records_bytes(first: Mapping, rest: Iterable) -> bytes:
    items = [_jsonable(first), *(_jsonable(r) for r in rest)]
    return json.dumps(items, ensure_ascii=False, default=str).encode("utf-8")


def _jsonable(item: Any) -> Any:
    if isinstance(item, Mapping):
        return {str(k): v for k, v in item.items()}
    if isinstance(item, (str, int, float, bool, list)) or item is None:
        return item
    return repr(item)


def in_memory(source: Any) -> tuple[str, str, bytes] | None:
    """``(label, suffix, data)`` for an in-memory source, None for anything else.

    Examples
    --------
    >>> import pandas as pd
    >>> label, suffix, data = in_memory(pd.DataFrame({"text": ["Some words here."]}))
    >>> label, suffix, data[:4]
    ('<DataFrame>', '.parquet', b'PAR1')
    >>> in_memory([{"text": "A text."}])[:2], in_memory(["a.txt"])
    (('<records>', '.json'), None)
    """
    if isinstance(source, (str, bytes, os.PathLike)):
        return None
    if _is_pandas_frame(source):
        return FRAME_LABEL, ".parquet", _frame_bytes(source)
    if _is_polars_frame(source):
        return POLARS_LABEL, ".parquet", _polars_bytes(source)
    if isinstance(source, Mapping) or not isinstance(source, Iterable):
        return None
    if hasattr(source, "to_pandas") and hasattr(source, "column_names"):  # datasets.Dataset
        source = iter(source)
    it = iter(source)
    first = next(it, None)
    if not isinstance(first, Mapping):
        return None  # a list of paths or texts: not_a_source says what to do
    return RECORDS_LABEL, ".json", _records_bytes(first, it)


def not_a_source(source: Any) -> str:
    """What to do when a source is neither a path nor an in-memory table.

    Examples
    --------
    >>> print(not_a_source(["a.txt", "b.txt"]))  # doctest: +ELLIPSIS
    Sources are paths ...; got a list. Unpack paths: load_corpus(*paths); ...
    """
    kind = type(source).__name__
    if isinstance(source, (list, tuple, set)):
        hint = (
            "Unpack paths: load_corpus(*paths); for texts pass a frame: "
            "load_corpus(pandas.DataFrame({'text': texts}))."
        )
    elif isinstance(source, Mapping):
        hint = "Wrap one record in a list: load_corpus([record])."
    elif hasattr(source, "to_frame") and hasattr(source, "name"):  # a pandas Series
        hint = "Pass a frame: load_corpus(series.to_frame('text'))."
    else:
        hint = "Pass file, folder, glob or .zip paths as str or pathlib.Path."
    return (
        "Sources are paths (str or pathlib.Path) of files, folders, globs or .zip "
        "archives, pandas or polars DataFrames, or iterables of dicts (records); "
        f"got a {kind}{_empty(source)}. {hint}"
    )


def _empty(source: Any) -> str:
    return " that is empty" if isinstance(source, (list, tuple)) and not source else ""
