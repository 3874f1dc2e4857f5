"""Show a figure in a notebook with alt text, so report images are described.

``plt.show()`` in a notebook embeds a PNG without a description; a screen reader
then says "image". :func:`show` embeds the same PNG with an ``alt`` text, either
given or written from the figure's own title and axis labels
(:func:`describe`), which the report template puts on the ``<img>``.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt

if TYPE_CHECKING:
    import matplotlib.figure
    from IPython.core.interactiveshell import InteractiveShell

__all__ = ["REPORT_STYLE", "describe", "show", "use_report_style"]


#: Matplotlib settings of report charts: legible text, no clipped labels.
REPORT_STYLE = {
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "figure.dpi": 100,
    "savefig.bbox": "tight",
}


def use_report_style(ip: InteractiveShell | None = None) -> None:
    """Report chart defaults: :data:`REPORT_STYLE`, concise date ticks, alt text on PNGs.

    Dates on an axis get matplotlib's ``ConciseDateFormatter`` (``2017``, ``Feb``,
    ``08`` instead of overlapping full dates), and in IPython every figure a cell
    shows (``plt.show()``) is embedded with :func:`describe` as its alt text.

    Examples
    --------
    >>> import datetime, matplotlib.units as munits
    >>> use_report_style()
    >>> type(munits.registry[datetime.date]).__name__
    'ConciseDateConverter'
    """
    import datetime

    import matplotlib.dates as mdates
    import matplotlib.units as munits
    import numpy as np

    plt.rcParams.update(REPORT_STYLE)
    converter = mdates.ConciseDateConverter()
    for kind in (np.datetime64, datetime.date, datetime.datetime):
        munits.registry[kind] = converter
    if ip is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover
            return
        ip = get_ipython()
    if ip is not None:
        from matplotlib.figure import Figure

        ip.display_formatter.formatters["image/png"].for_type(Figure, _png_with_alt)


def _png_with_alt(fig):
    """PNG bytes of ``fig`` and its alt text, as IPython's image/png formatter returns them."""
    if not fig.axes:
        return None
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue(), {"alt": describe(fig)}


def describe(fig: matplotlib.figure.Figure) -> str:
    """A one-sentence description of a figure from its titles and axis labels.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set(title="Articles per outlet", xlabel="articles", ylabel="outlet")
    >>> describe(fig)
    'Chart: Articles per outlet. Horizontal axis: articles; vertical axis: outlet.'
    >>> plt.close(fig)
    """
    parts = []
    titles = [fig.get_suptitle()] if hasattr(fig, "get_suptitle") else []
    for ax in fig.get_axes():
        titles.append(ax.get_title())
        x, y = ax.get_xlabel(), ax.get_ylabel()
        axes = "; ".join(
            f"{side} axis: {label}" for side, label in (("horizontal", x), ("vertical", y)) if label
        )
        if axes:
            parts.append(axes[0].upper() + axes[1:])
    title = " / ".join(t for t in titles if t)
    text = f"Chart: {title}." if title else "Chart."
    return " ".join([text, *(f"{p}." for p in parts)])


def show(fig: matplotlib.figure.Figure | None = None, *, alt: str | None = None) -> None:
    """Display ``fig`` (default: the current figure) as a PNG with ``alt`` text, and close it.

    Outside IPython it falls back to ``plt.show()``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure, optional
    alt : str, optional
        The description; default :func:`describe` of the figure.
    """
    fig = fig if fig is not None else plt.gcf()
    try:
        from IPython import get_ipython
        from IPython.display import Image, display
    except ImportError:  # pragma: no cover - IPython is installed with the notebooks
        plt.show()
        return
    if get_ipython() is None:
        plt.show()
        return
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    display(Image(data=buffer.getvalue(), format="png", metadata={"alt": alt or describe(fig)}))
