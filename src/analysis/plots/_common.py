"""Helpers shared by the plot modules."""

from __future__ import annotations

import matplotlib.pyplot as plt

__all__ = ["axes"]


def axes(ax=None, figsize=(6, 4)):
    """Return ``ax``, or the axes of a new figure of ``figsize`` (constrained layout).

    Examples
    --------
    >>> axes().figure.get_size_inches().tolist()
    [6.0, 4.0]
    """
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax
