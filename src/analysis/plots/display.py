"""Show a figure in a notebook with alt text, so report images are described.

``plt.show()`` in a notebook embeds a PNG without a description; a screen reader
then says "image". :func:`show` embeds the same PNG with an ``alt`` text, either
given or written from the figure's own title and axis labels
(:func:`describe`), which the report template puts on the ``<img>``.
"""

from __future__ import annotations

import io

import matplotlib.pyplot as plt

__all__ = ["describe", "show"]


def describe(fig) -> str:
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


def show(fig=None, *, alt: str | None = None) -> None:
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
