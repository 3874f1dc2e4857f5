"""Interactive corpus explorer: linked views over one corpus, in JupyterLab or a browser.

A Voyant-style explorer built on the project's analyses and Panel (HoloViz): filters
(outlets, dates, a text query, a topic), Terms, Trends, Contexts, Reader, Compare,
Collocates and Topics follow one selection, kept in the URL query. The corpus is indexed
once (:class:`CorpusIndex`); every interaction then slices arrays.

``news-analysis explore [SOURCES]`` serves it on 127.0.0.1; in a notebook,
``analysis.explore(articles)`` shows it inline (this package is callable, so
``analysis.explore`` is both the package and the function :func:`explore`). Panel is
an optional dependency: ``pip install 'news-analysis[explore]'``.

Examples
--------
>>> import pandas as pd
>>> from analysis.explore import Explorer, Selection
>>> arts = pd.DataFrame({"text": ["Oil prices rose.", "Oil and gas."]}, index=["a", "b"])
>>> ex = Explorer(arts)
>>> sel = Selection(term="oil")
>>> mask = ex.mask(sel)
>>> ex.summary(sel, ex.hits(sel, mask), mask)
'“oil”: 2 hits in 2 of the 2 selected articles.'
"""

from __future__ import annotations

import sys
import types

from .index import CorpusIndex, Hits, parse_query
from .model import Explorer, Selection, highlight
from .serve import build_explorer, explore, free_port, serve

__all__ = [
    "CorpusIndex",
    "Explorer",
    "Hits",
    "Selection",
    "build_explorer",
    "explore",
    "free_port",
    "highlight",
    "parse_query",
    "serve",
]


class _CallableModule(types.ModuleType):
    """Lets ``analysis.explore(articles)`` call :func:`explore` on the package."""

    def __call__(self, articles, **options):
        return explore(articles, **options)


sys.modules[__name__].__class__ = _CallableModule
