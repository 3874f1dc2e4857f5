"""Load news articles from files into a clean articles frame plus a load report.

Typical use::

    from analysis.loading import load_corpus, save_corpus
    articles, report = load_corpus("data/raw", "articles.zip", "more/*.csv")
    save_corpus(articles, report)  # data/processed/articles.parquet + load report

Modules, by task: :mod:`.sources` (files, folders, globs, zip archives),
:mod:`.decode` (robust decoding), :mod:`.readers` (one reader per format),
:mod:`.clean` (repairs, whitespace, title, dateline), :mod:`.boilerplate` (footer
rules as data), :mod:`.dedupe` (exact and near duplicates), :mod:`.urls` (source and
section from a URL), :mod:`.schema` (pandera schemas) and :mod:`.corpus` (the public
functions).
"""

from __future__ import annotations

from .boilerplate import DEFAULT_RULES, BoilerplateRule, compile_rules
from .corpus import LoadError, load_corpus, read_corpus, report_path, save_corpus
from .schema import ARTICLES_SCHEMA, REPORT_SCHEMA

__all__ = [
    "ARTICLES_SCHEMA",
    "DEFAULT_RULES",
    "REPORT_SCHEMA",
    "BoilerplateRule",
    "LoadError",
    "compile_rules",
    "load_corpus",
    "read_corpus",
    "report_path",
    "save_corpus",
]
