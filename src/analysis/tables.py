"""Result tables formatted for reading, and searchable when they are long.

:func:`show_table` is what the lessons display instead of a bare DataFrame:

* numbers are formatted for reading: whole numbers with thousands separators,
  shares as percentages, other decimals rounded (2 places by default);
* a table longer than ``max_rows`` becomes an interactive table (sortable,
  searchable, paged) with `itables <https://mwouts.github.io/itables/>`_, whose
  JavaScript is embedded in the notebook once by :func:`init_tables` (no CDN: the
  report opens offline); sorting uses the numbers, not their formatted text;
* shorter tables are static HTML with the same formats;
* with ``name`` and ``tables_dir`` the full table is also exported as CSV
  (:func:`analysis.report.export_table`), so the page can link it.

Every interactive table has a **CSV** button (DataTables Buttons, in the same offline
bundle): it downloads all the table's rows, not only the page shown, with the raw
values (``1234.5678``, not ``1,234.57``), as ``<name>.csv`` (or a name made from the
caption or the columns).

:func:`spread` turns a long tidy table into the wide one a reader compares across:
one row per topic or per outlet, its top terms along the row. The tidy table stays
the one exported for analysts.

Scraped text in cells is escaped in both forms.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"outlet": ["a", "b"], "articles": [1234, 5], "share": [0.9, 0.1]})
>>> column_formats(frame)
{'articles': 'int', 'share': 'percent'}
>>> html = show_table(frame)._repr_html_()
>>> "1,234" in html and "90.0%" in html
True
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "column_formats",
    "csv_filename",
    "format_value",
    "init_tables",
    "register_table_formatter",
    "setup_report_display",
    "show_table",
    "spread",
    "table_html",
]

#: Column names read as shares of a whole (shown as percentages).
SHARE_NAMES = ("share", "pct", "percent", "proportion", "fraction", "rate", "rel_")
#: Column names read as p-values (shown as ``<0.001`` or with 3 decimals).
PVALUE_NAMES = ("p_value", "pvalue", "p-value")
_KINDS = ("int", "float0", "float1", "float2", "float3", "percent", "pvalue", "text")


def column_formats(frame: pd.DataFrame, formats: Mapping[str, str] | None = None) -> dict:
    """The display format of each numeric column: given, or inferred from dtype and name.

    Kinds: ``int`` (thousands separators), ``float0`` .. ``float3`` (decimals),
    ``percent`` (a share in [0, 1] shown as ``12.3%``), ``text`` (as is).
    """
    out: dict[str, str] = {}
    for col in frame.columns:
        series = frame[col]
        if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        name = str(col).lower()
        values = series.dropna()
        if pd.api.types.is_integer_dtype(series):
            out[col] = "int"
        elif name in PVALUE_NAMES:
            out[col] = "pvalue"
        elif any(key in name for key in SHARE_NAMES) and values.between(0, 1).all():
            out[col] = "percent"
        elif len(values) and (values == values.round()).all():
            out[col] = "int"
        else:
            out[col] = "float2"
    for col, kind in (formats or {}).items():
        if kind not in _KINDS:
            raise ValueError(f"Unknown format {kind!r} for {col!r}; use one of {_KINDS}.")
        out[col] = kind
    return out


def format_value(value: Any, kind: str) -> str:
    """One value as text in format ``kind`` (missing values are empty).

    Examples
    --------
    >>> format_value(1234567, "int"), format_value(0.1234, "percent"), format_value(3.14159, "float1")
    ('1,234,567', '12.3%', '3.1')
    >>> format_value(3e-9, "pvalue"), format_value(0.0421, "pvalue")
    ('<0.001', '0.042')
    """
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if kind == "int":
        return f"{value:,.0f}"
    if kind == "percent":
        return f"{value:.1%}"
    if kind == "pvalue":
        return "<0.001" if value < 0.001 else f"{value:.3f}"
    if kind.startswith("float"):
        return f"{value:,.{int(kind[-1])}f}"
    return str(value)


def init_tables() -> None:
    """Embed the interactive tables' JavaScript in the notebook, once, for offline use.

    Call it in a lesson's import cell, before the first :func:`show_table`.
    """
    import itables

    itables.init_notebook_mode(all_interactive=False, connected=False)


class _Static:
    def __init__(self, frame: pd.DataFrame, kinds: dict, caption: str | None, index: bool):
        self.frame, self.kinds, self.caption, self.index = frame, kinds, caption, index

    def _repr_html_(self) -> str:
        shown = self.frame.copy()
        for col, kind in self.kinds.items():
            shown[col] = [format_value(v, kind) for v in self.frame[col]]
        table = shown.to_html(index=self.index, escape=True, na_rep="", border=0)
        table = table.replace('class="dataframe"', 'class="dataframe na-table"', 1)
        if self.caption:
            cap = f"<caption>{_html.escape(self.caption)}</caption>"
            table = table.replace(">", f">{cap}", 1)
        return table


_RENDER = {
    "int": "return Number(d).toLocaleString('en-US', {maximumFractionDigits: 0});",
    "percent": "return (100 * d).toLocaleString('en-US', "
    "{minimumFractionDigits: 1, maximumFractionDigits: 1}) + '%';",
    "pvalue": "return d < 0.001 ? '<0.001' : Number(d).toFixed(3);",
}


def _render(kind: str):
    from itables import JavascriptFunction

    if kind.startswith("float"):
        places = int(kind[-1])
        body = (
            "return Number(d).toLocaleString('en-US', "
            f"{{minimumFractionDigits: {places}, maximumFractionDigits: {places}}});"
        )
    else:
        body = _RENDER[kind]
    return JavascriptFunction(
        "function (d, type) { if (type !== 'display' || d === null || d === '') "
        "{ return d; } " + body + " }"
    )


def csv_filename(
    *, name: str | None = None, caption: str | None = None, columns: Iterable[Any] = ()
) -> str:
    """The file name (without ``.csv``) an interactive table's CSV button downloads as.

    The export ``name`` when there is one, else words of the ``caption``, else the
    first column names; only letters, digits, ``-`` and ``_`` are kept.

    Examples
    --------
    >>> csv_filename(name="topic_terms")
    'topic_terms'
    >>> csv_filename(caption="Top terms per outlet (tf-idf)")
    'top_terms_per_outlet_tf-idf'
    >>> csv_filename(columns=["source", "mean", "n"])
    'source_mean_n'
    """
    text = name or caption or "_".join(str(c) for c in list(columns)[:4]) or "table"
    words = re.findall(r"[\w-]+", text.lower())
    return "_".join(words)[:80].strip("_-") or "table"


def _csv_button(filename: str) -> dict:
    """DataTables Buttons' CSV export: every row, raw values (the renderers' 'export' type)."""
    return {
        "extend": "csvHtml5",
        "text": "CSV",
        "titleAttr": "Download this table as CSV (all rows, raw values)",
        "filename": filename,
        "footer": False,
        "exportOptions": {"orthogonal": "export", "modifier": {"page": "all"}},
    }


def _layout(filename: str) -> dict:
    """DataTables' controls: page length and the CSV button, search, info, pages."""
    return {
        "topStart": {"pageLength": {}, "buttons": [_csv_button(filename)]},
        "topEnd": "search",
        "bottomStart": "info",
        "bottomEnd": "paging",
    }


class _Interactive:
    def __init__(self, frame, kinds, caption, index, page_length, filename=None):
        self.frame, self.kinds, self.caption = frame, kinds, caption
        self.index, self.page_length = index, page_length
        self.filename = filename or csv_filename(caption=caption, columns=frame.columns)

    def _repr_html_(self) -> str:
        from itables import to_html_datatable

        frame = self.frame if not self.index else self.frame.reset_index()
        columns = list(frame.columns)
        defs = [
            {"targets": [columns.index(col)], "render": _render(kind)}
            for col, kind in self.kinds.items()
            if kind != "text" and col in columns
        ]
        return to_html_datatable(
            frame,
            caption=self.caption,
            connected=False,
            showIndex=False,
            format_floats_in_python=False,
            columnDefs=defs,
            pageLength=self.page_length,
            allow_html=False,
            maxBytes=0,
            classes="display compact",
            text_in_header_can_be_selected=False,  # a click on a column's name sorts it
            layout=_layout(self.filename),
        )


def show_table(
    frame: pd.DataFrame,
    *,
    name: str | None = None,
    tables_dir: str | None = None,
    caption: str | None = None,
    formats: Mapping[str, str] | None = None,
    max_rows: int = 15,
    index: bool = False,
):
    """A table to display: formatted for reading, interactive when long, exported as CSV.

    Parameters
    ----------
    frame : pandas.DataFrame or Series
    name : str, optional
        File name (without ``.csv``) for the export; needs ``tables_dir``.
    tables_dir : str, optional
        Where the report collects its tables (the lessons' ``tables_dir`` parameter);
        None exports nothing.
    caption : str, optional
        One line above the table saying what it holds.
    formats : mapping, optional
        Column -> kind (see :func:`column_formats`), overriding the inferred ones.
    max_rows : int, default 15
        Longer tables are interactive (10 rows a page, sortable, searchable).
    index : bool, default False
        Show the index as the first column(s).

    Returns
    -------
    object
        Displays as HTML in JupyterLab and in the rendered report.
    """
    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    if name is not None and tables_dir is not None:
        from .report import export_table

        export_table(frame.reset_index() if index else frame, name, tables_dir)
    kinds = column_formats(frame, formats)
    if len(frame) > max_rows:
        filename = csv_filename(name=name, caption=caption, columns=frame.columns)
        return _Interactive(frame, kinds, caption, index, page_length=10, filename=filename)
    return _Static(frame, kinds, caption, index)


def spread(
    frame: pd.DataFrame,
    *,
    row: str,
    column: str = "rank",
    value: str = "term",
    joined: str | None = None,
    sep: str = ", ",
) -> pd.DataFrame:
    """A long tidy table made wide for reading: one row per ``row``, its values across.

    A tidy table has one observation a row (``topic, rank, term``), which is what an
    analyst filters and joins, and what the report exports as CSV. A reader comparing
    topics, or outlets, wants each one on one line with its terms in order: this is
    that table (``pandas.DataFrame.pivot``, with the rows kept in their order).

    Parameters
    ----------
    frame : pandas.DataFrame
        A long table with the columns ``row``, ``column`` and ``value``, one ``value``
        per pair of ``row`` and ``column`` (e.g. :func:`analysis.topics.topic_terms`,
        :func:`analysis.terms.top_terms` with ``by=``).
    row : str
        The column whose values become the rows; it stays the first column (a group
        key is a column), in the order its values first appear.
    column : str, default "rank"
        The column whose values become the columns, in ascending order, named by the
        value as text (``"1"``, ``"2"``, ...).
    value : str, default "term"
        The column whose values fill the cells.
    joined : str, optional
        Instead of one column per ``column`` value, one column of this name holding
        each row's values in ``column`` order, separated by ``sep`` (missing ones left out).
    sep : str, default ", "
        The separator of ``joined``.

    Returns
    -------
    pandas.DataFrame
        ``row``, then the spread columns (or ``joined``); missing cells are NaN.

    Raises
    ------
    ValueError
        When a column is missing, or a pair of ``row`` and ``column`` occurs twice.

    Examples
    --------
    >>> long = pd.DataFrame({"topic": [1, 1, 0, 0], "rank": [1, 2, 1, 2],
    ...                      "term": ["goal", "match", "oil", "price"]})
    >>> spread(long, row="topic")
       topic     1      2
    0      1  goal  match
    1      0   oil  price
    >>> spread(long, row="topic", joined="top terms")
       topic    top terms
    0      1  goal, match
    1      0   oil, price
    """
    missing = [name for name in (row, column, value) if name not in frame.columns]
    if missing:
        raise ValueError(
            f"spread: the table has no column {missing}; its columns are {list(frame.columns)}."
        )
    twice = frame.duplicated([row, column])
    if twice.any():
        key, col = frame.loc[twice, [row, column]].iloc[0].tolist()
        raise ValueError(
            f"spread: {row}={key!r} has {column}={col!r} more than once; "
            f"pass a table with one {value!r} per {row!r} and {column!r} (filter it first)."
        )
    wide = frame.pivot(index=row, columns=column, values=value)
    wide = wide.reindex(pd.unique(frame[row]))
    if joined is not None:
        texts = [sep.join(str(v) for v in values if not pd.isna(v)) for values in wide.to_numpy()]
        wide = pd.DataFrame({joined: texts}, index=wide.index)
    else:
        wide.columns = [str(c) for c in wide.columns]
    wide.columns.name = None
    return wide.rename_axis(row).reset_index()


def table_html(frame: pd.DataFrame | pd.Series) -> str:
    """The HTML a report shows for ``frame``: :func:`show_table` with the index kept
    when it carries information (a named or non-default index).

    Examples
    --------
    >>> frame = pd.DataFrame({"articles": [1500, 20]}, index=pd.Index(["a", "b"], name="source"))
    >>> html = table_html(frame)
    >>> "source" in html and "1,500" in html
    True
    """
    if isinstance(frame, pd.Series):
        frame = frame.to_frame(frame.name if frame.name is not None else "value")
    plain = isinstance(frame.index, pd.RangeIndex) and frame.index.name is None
    return show_table(frame, index=not plain)._repr_html_()


def _safe_table_html(frame) -> str | None:
    try:
        return table_html(frame)
    except Exception:  # an odd frame (say, with mixed-type columns) gets pandas' own HTML
        return (frame.to_frame() if isinstance(frame, pd.Series) else frame)._repr_html_()


def register_table_formatter(ip: Any = None) -> bool:
    """Show every DataFrame and Series the notebook displays through :func:`table_html`.

    Formatted numbers, and long tables sortable and searchable instead of cut with
    ``...``. Returns False outside IPython (nothing registered).
    """
    if ip is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover
            return False
        ip = get_ipython()
    if ip is None:
        return False
    formatter = ip.display_formatter.formatters["text/html"]
    formatter.for_type(pd.DataFrame, _safe_table_html)
    formatter.for_type(pd.Series, _safe_table_html)
    return True


def setup_report_display() -> None:
    """What ``news-analysis report`` runs first in every lesson it renders.

    Embeds the interactive tables' JavaScript once (:func:`init_tables`), shows
    DataFrames and Series as readable tables (:func:`register_table_formatter`) and
    sets chart defaults a reader can read (``analysis.plots.display.use_report_style``).
    The lessons themselves are unchanged: run in JupyterLab they show pandas' tables.
    """
    from .plots.display import use_report_style

    init_tables()
    register_table_formatter()
    use_report_style()
