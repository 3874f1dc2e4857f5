"""analysis: load, clean and analyse news-article corpora.

The data flow is one way: raw files -> :func:`load_corpus` (articles frame + load
report) -> analyses (:mod:`analysis.readability`, :mod:`analysis.terms`,
:mod:`analysis.topics`) returning tidy pandas frames -> :mod:`analysis.plots` ->
notebooks -> HTML reports (:mod:`analysis.report`).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("news-analysis")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0"

__all__ = ["__version__", "explore", "load_corpus"]


def __getattr__(name: str):
    # Lazy import keeps `import analysis` cheap (the CLI's --help stays fast).
    if name == "load_corpus":
        from .loading import load_corpus

        return load_corpus
    if name == "explore":  # the explorer package, callable: analysis.explore(articles)
        import importlib

        return importlib.import_module(".explore", __name__)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
