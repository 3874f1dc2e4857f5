"""Small helpers of the explorer's app: escaped notes, tables, dates, sentences."""

from __future__ import annotations

import html
import warnings
from typing import Any

import numpy as np
import pandas as pd
import panel as pn

from .model import Explorer

__all__ = [
    "data_table", "iso", "note", "parse_date", "quiet_upstream_warnings", "readability_line",
    "trend_sentence",
]  # fmt: skip


def quiet_upstream_warnings() -> None:
    """Hide one deprecation warning that no call of ours can avoid (and only that one).

    Upstream cause: Bokeh's ``ColumnDataSource._data_from_df``
    (``bokeh/models/sources.py``, Bokeh 3.9) calls ``DataFrame.reset_index(inplace=True)``,
    which pandas 3.1 deprecates (PDEP-8); Panel's ``Tabulator`` goes through it on every
    table update, so each click would print it. The filter matches that message raised
    from that Bokeh module only; drop it once Bokeh stops using ``inplace``.
    """
    warnings.filterwarnings(
        "ignore",
        message=r"The inplace keyword in DataFrame\.reset_index is deprecated",
        category=DeprecationWarning,
        module=r"bokeh\.models\.sources$",
    )


def parse_date(text: str):
    if not text:
        return None
    try:
        return pd.Timestamp(text)
    except (ValueError, TypeError):
        return None


def note(text: str) -> str:
    return f'<p class="note">{html.escape(text)}</p>'


def data_table(frame: pd.DataFrame, **kwargs: Any) -> pn.widgets.Tabulator:
    options = {"disabled": True, "show_index": False, "sizing_mode": "stretch_width"}
    options.update(kwargs)
    return pn.widgets.Tabulator(frame, **options)


def iso(value: object) -> str:
    return "" if value is None else pd.Timestamp(value).strftime("%Y-%m-%d")


def trend_sentence(term: str, total: dict, period: str) -> str:
    if not len(total["period"]):
        return "No dated article in the selection."
    n_art = int(np.sum(total["articles"]))
    lead = (
        f"{len(total['period'])} {period}s, {n_art:,} dated articles "
        f"(grey bars: articles per {period})."
    )
    if not term or np.sum(total["hits"]) == 0:
        return lead
    top = int(np.argmax(total["per_10k"]))
    return (
        f"{lead} \u201c{term}\u201d peaks in the {period} of "
        f"{pd.Timestamp(total['period'][top]):%Y-%m-%d} at {total['per_10k'][top]:.1f} per "
        f"10,000 words ({int(total['hits'][top])} hits in {int(total['articles'][top])} articles)."
    )


def readability_line(ex: Explorer, row: int) -> str:
    from ..readability import readability

    text = ex.index.text(row)
    if len(text.split()) < 30:
        return "too short for a readability score"
    scores = readability(
        pd.Series([text]), measures=["flesch_reading_ease", "flesch_kincaid_grade"]
    )
    ease, grade = scores["flesch_reading_ease"].iat[0], scores["flesch_kincaid_grade"].iat[0]
    return f"Flesch reading ease {ease:.0f}, grade {grade:.1f}"
