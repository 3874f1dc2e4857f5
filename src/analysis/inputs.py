"""One rule for what an analysis accepts as its texts, shared by every analysis.

Every function that reads texts (:func:`analysis.readability.readability`,
:func:`analysis.terms.build_dtm`, :func:`~analysis.terms.kwic`,
:func:`~analysis.terms.collocations`, :func:`~analysis.terms.heaps`,
:func:`analysis.topics.fit_topics`, :meth:`analysis.topics.TopicModel.transform`,
:func:`analysis.topics.tokenize_documents`; and, for their articles, ``coherence``,
``select_k`` and ``prevalence``) first passes its input through :func:`as_texts_input`,
which gives one of the kinds those functions read:

========================================  =============================================
input                                     becomes
========================================  =============================================
articles frame, any pandas frame/Series   itself (a frame needs a ``text`` column)
list/tuple of str                         itself
an iterator or generator of str           a list (read once)
polars DataFrame / Series                 a pandas frame / Series (polars is optional)
iterable of dicts (``datasets.Dataset``)  a pandas frame of those records
corpus on disk (``str``/``Path``), dask   itself
========================================  =============================================

Anything else (a number, a single dict, a list of numbers) is refused with a
``TypeError`` that names what is accepted. A record frame without a ``text`` column
is refused by the analysis with a message that names ``analysis.load_corpus``, which
recognises other names for it (``body``, ``content`` ...).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pandas as pd

__all__ = ["ACCEPTED", "as_texts_input"]

#: What every analysis accepts, for error messages.
ACCEPTED = (
    "an articles frame (analysis.load_corpus), a pandas or polars DataFrame with a "
    "'text' column, a Series or list of texts, an iterable of dicts with a 'text' key "
    "(such as a Hugging Face dataset), or a corpus on disk (a .parquet file or a "
    "partitioned folder)"
)


def _is_polars(obj: Any, *names: str) -> bool:
    kind = type(obj)
    return kind.__module__.split(".")[0] == "polars" and kind.__name__ in names


def as_texts_input(data: Any, *, caller: str) -> Any:
    """``data`` as one of the input kinds the analyses read (see the module's table).

    Parameters
    ----------
    data : any
        What the user passed.
    caller : str
        The function's name, for the error message.

    Returns
    -------
    pandas.DataFrame, pandas.Series, list, str, path or dask DataFrame

    Raises
    ------
    TypeError
        For anything that is not a collection of texts or records.

    Examples
    --------
    >>> as_texts_input([{"text": "One.", "source": "a"}], caller="f")
       text source
    0  One.      a
    >>> as_texts_input((t for t in ["One.", "Two."]), caller="f")
    ['One.', 'Two.']
    >>> as_texts_input(3, caller="readability")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    TypeError: readability accepts an articles frame ...; got int.
    """
    if isinstance(data, (pd.DataFrame, pd.Series, str, bytes, os.PathLike, list, tuple)):
        if isinstance(data, (list, tuple)) and data and isinstance(data[0], Mapping):
            return _records(data, caller)
        return data
    if _is_polars(data, "DataFrame", "Series", "LazyFrame"):
        if _is_polars(data, "LazyFrame"):
            data = data.collect()
        return data.to_pandas()
    if hasattr(data, "to_pandas") and hasattr(data, "column_names"):  # datasets.Dataset
        return data.to_pandas()
    if hasattr(data, "npartitions") and hasattr(data, "map_partitions"):  # dask
        return data
    if isinstance(data, Mapping) or not isinstance(data, Iterable):
        raise TypeError(f"{caller} accepts {ACCEPTED}; got {type(data).__name__}.")
    items = list(data) if isinstance(data, Iterator) else list(iter(data))
    if items and isinstance(items[0], Mapping):
        return _records(items, caller)
    return items


def _records(items: list, caller: str) -> pd.DataFrame:
    bad = next((i for i, r in enumerate(items, 1) if not isinstance(r, Mapping)), None)
    if bad is not None:
        raise TypeError(
            f"{caller}: item {bad} of the records is a {type(items[bad - 1]).__name__}, not "
            "a dict. Pass records of one kind, or load them with analysis.load_corpus, "
            "which reports such items instead."
        )
    return pd.DataFrame.from_records(items)
