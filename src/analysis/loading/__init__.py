"""Load news articles from files into a clean articles frame plus a load report.

Typical use::

    from analysis.loading import load_corpus, save_corpus
    articles, report = load_corpus("data/raw", "articles.zip", "more/*.csv")
    save_corpus(articles, report=report)  # data/processed/articles.parquet + load report

Modules, by task: :mod:`.sources` (files, folders, globs, zip archives),
:mod:`.decode` (robust decoding), :mod:`.readers` (one reader per format),
:mod:`.clean` (repairs, whitespace, title, dateline), :mod:`.boilerplate` (footer
rules as data), :mod:`.dedupe` (exact and near duplicates), :mod:`.urls` (source and
section from a URL), :mod:`.schema` (pandera schemas), :mod:`.options` (the loader's
options), :mod:`.records` (the per-partition step: records to report rows and
articles), :mod:`.decisions` (the combine step: duplicates across partitions),
:mod:`.partitioned` (partitions of input files, out-of-core loading), :mod:`.storage`
(the corpus on disk: one file or a partitioned folder) and :mod:`.corpus`
(:func:`load_corpus`).
"""

from __future__ import annotations

from .boilerplate import DEFAULT_RULES, BoilerplateRule, compile_rules
from .corpus import load_corpus
from .options import LoadError, LoadOptions, load_options
from .partitioned import load_partitioned, load_to_dataset, plan_partitions
from .schema import ARTICLES_SCHEMA, REPORT_SCHEMA
from .storage import (
    dataset_report_path,
    read_corpus,
    read_load_report,
    report_path,
    save_corpus,
    write_dataset,
)

__all__ = [
    "ARTICLES_SCHEMA",
    "DEFAULT_RULES",
    "REPORT_SCHEMA",
    "BoilerplateRule",
    "LoadError",
    "LoadOptions",
    "compile_rules",
    "dataset_report_path",
    "load_corpus",
    "load_options",
    "load_partitioned",
    "load_to_dataset",
    "plan_partitions",
    "read_corpus",
    "read_load_report",
    "report_path",
    "save_corpus",
    "write_dataset",
]
