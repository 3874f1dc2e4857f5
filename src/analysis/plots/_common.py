"""Helpers shared by the plot modules: a new axes, and literal user text on it.

Every plot function starts with :func:`axes` and returns :func:`literal` of its
axes. Outlet names, titles, terms and paragraphs are scraped text: a pair of
``$`` in them would make matplotlib parse the text as mathtext (which fails at
draw time on input such as ``$\\href{a}{b}$``), and a label of hundreds of
characters squeezes the plot to nothing. :func:`literal` turns mathtext off for
the user text only — numeric tick labels such as the ``10^k`` of a log axis are
mathtext on purpose, so a blanket ``rc_context({"text.parse_math": False})``
would print them as ``$\\mathdefault{10^{1}}$`` — and cuts long labels.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
from matplotlib.text import Annotation
from matplotlib.ticker import FixedFormatter, FixedLocator, FuncFormatter

if TYPE_CHECKING:
    import matplotlib.axes
    from numpy.typing import ArrayLike

__all__ = [
    "LABEL_CHARS",
    "axes",
    "concise_dates",
    "group_word",
    "literal",
    "measure_label",
    "placeholder",
]

#: Tick, legend and annotation labels longer than this are cut with "…".
LABEL_CHARS = 40


def axes(
    ax: matplotlib.axes.Axes | None = None, figsize: tuple[float, float] = (6, 4)
) -> matplotlib.axes.Axes:
    """Return ``ax``, or the axes of a new figure of ``figsize`` (constrained layout).

    Examples
    --------
    >>> axes().figure.get_size_inches().tolist()
    [6.0, 4.0]
    """
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def concise_dates(
    ax: matplotlib.axes.Axes, values: ArrayLike | None = None
) -> matplotlib.axes.Axes:
    """Date ticks that do not overlap (``ConciseDateFormatter``) on ``ax``'s x axis; return ``ax``.

    Only when ``values`` (the x values drawn) are dates, or are not given.

    Examples
    --------
    >>> import pandas as pd
    >>> ax = axes()
    >>> _ = ax.plot(pd.date_range("2017-01-01", periods=60, freq="W"), range(60))
    >>> type(concise_dates(ax).xaxis.get_major_formatter()).__name__
    'ConciseDateFormatter'
    """
    import matplotlib.dates as mdates
    import pandas as pd

    if values is not None and not pd.api.types.is_datetime64_any_dtype(pd.Index(values)):
        return ax
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    return ax


def group_word(by: Hashable | None) -> str:
    """The reader's word for a grouping column (``"source"`` -> ``"outlet"``).

    Examples
    --------
    >>> group_word("source"), group_word("category"), group_word(None)
    ('outlet', 'category', 'group')
    """
    return {"source": "outlet", None: "group"}.get(by, str(by).replace("_", " "))


def measure_label(measure: str) -> str:
    """An axis label for a readability measure, in words with its unit.

    Examples
    --------
    >>> measure_label("flesch_kincaid_grade")
    'Flesch-Kincaid grade (US school grade)'
    >>> measure_label("my_score")
    'my score'
    """
    from ..findings import MEASURES

    name, unit = MEASURES.get(measure, (measure.replace("_", " "), ""))
    return f"{name} ({unit})" if unit else name


def _cut(text, max_chars: int) -> str:
    text = str(text)
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def _labelled_with_text(axis) -> bool:
    """Whether the axis' tick labels were given as text (``set_ticks(locs, labels)``,
    box plot labels), not computed from the tick values."""
    return isinstance(axis.get_major_locator(), FixedLocator) and isinstance(
        axis.get_major_formatter(), (FixedFormatter, FuncFormatter)
    )


def literal(ax: matplotlib.axes.Axes, *, max_chars: int = LABEL_CHARS) -> matplotlib.axes.Axes:
    """Show the text on ``ax`` as written: no mathtext, long labels cut; return ``ax``.

    The title, axis labels, legend, texts and the tick labels set from text
    (``set_yticks(y, labels)``, box plot labels) are drawn with
    ``parse_math=False``; tick, legend and annotation (``ax.annotate``) labels
    longer than ``max_chars`` end in "…". Tick labels computed from numbers are
    left alone. Call it last: it changes the texts that exist when it runs.

    Parameters
    ----------
    ax : matplotlib Axes
    max_chars : int, default LABEL_CHARS (40)

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> ax = axes()
    >>> _ = ax.set_yticks([0, 1], ["$\\\\href{a}{b}$", "a" * 50])
    >>> _ = ax.set_title("costs $5 or $6")
    >>> ax = literal(ax)
    >>> [t.get_text() for t in ax.get_yticklabels()][1][-3:]
    'aa…'
    >>> ax.title.get_parse_math(), ax.get_yticklabels()[0].get_parse_math()
    (False, False)
    """
    legend = ax.get_legend()
    legend_texts = [] if legend is None else [legend.get_title(), *legend.get_texts()]
    for text in [t for t in ax.texts if isinstance(t, Annotation)] + legend_texts:
        text.set_text(_cut(text.get_text(), max_chars))  # not ax.text notes
    for axis in (ax.xaxis, ax.yaxis):
        if _labelled_with_text(axis):
            labels = axis.major.formatter.format_ticks(axis.get_majorticklocs())
            axis.set_ticklabels([_cut(label, max_chars) for label in labels], parse_math=False)
    for text in [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts, *legend_texts]:
        text.set_parse_math(False)
    return ax


def placeholder(ax: matplotlib.axes.Axes, message: str) -> matplotlib.axes.Axes:
    """Write ``message`` in the middle of an empty ``ax`` (nothing to draw); return ``ax``.

    Examples
    --------
    >>> placeholder(axes(), "no dated articles").texts[0].get_text()
    'no dated articles'
    """
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax
