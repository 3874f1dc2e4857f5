"""The public loader: ``articles, report = load_corpus(*sources)``.

:func:`load_corpus` chains the steps of this package: expand the sources
(:mod:`.sources`), read each file (:mod:`.readers`, :mod:`.decode`), clean each article
(:mod:`.clean`, :mod:`.boilerplate`), find duplicates (:mod:`.dedupe`) and validate the
result (:mod:`.schema`). Nothing is dropped silently: every input record (a file, a
table row, a JSON object) has exactly one row in the load report, and the number of
``loaded`` rows equals the number of articles.

The work has one code path (:mod:`.partitioned`): the input files are cut into
partitions (one, unless an executor or ``files_per_partition`` asks for more), each is
loaded by :func:`~.records.load_inputs` and the parts are combined by
:func:`~.decisions.finish_load`. The result does not depend on where the input is cut:
each date is parsed on its own (:mod:`.dates`), and extra columns are typed from the
whole column. Saving and reading back: :mod:`.storage`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from .boilerplate import BoilerplateRule
from .options import load_options
from .partitioned import BYTES_PER_PARTITION, load_partitioned
from .readers import MAX_TEXT_CHARS

__all__ = ["load_corpus"]


def load_corpus(
    *sources: str | os.PathLike | pd.DataFrame | Iterable[Mapping],
    strict: bool = False,
    columns: Mapping[str, str] | None = None,
    dedupe: bool = True,
    near_duplicates: bool = True,
    near_threshold: float = 0.8,
    extra_boilerplate: Iterable[BoilerplateRule | str] = (),
    encoding: str | None = None,
    max_line_length: int = 1_000_000,
    dayfirst: bool = False,
    min_words: int = 3,
    keep_non_articles: bool = False,
    max_text_chars: int = MAX_TEXT_CHARS,
    progress: bool | None = None,
    client: Any = None,
    n_jobs: int | None = None,
    files_per_partition: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load, clean and de-duplicate news articles; report on every input record.

    Parameters
    ----------
    *sources : str, path-like, DataFrame or iterable of dicts
        Files, folders (recursive), glob patterns or ``.zip`` archives, mixed freely.
        Formats: seed-style ``.txt`` (first line = title), ``.csv``/``.tsv``,
        ``.json``/``.jsonl``, ``.parquet`` (including a corpus written by
        :func:`save_corpus`, passed through unchanged) and ``.html``. In memory: a
        pandas or polars DataFrame (rows reported as ``<DataFrame>:row 1`` ...) or an
        iterable of dicts such as a Hugging Face dataset (``<records>:item 1`` ...),
        read like a table file (:mod:`analysis.loading.memory`).
    strict : bool, default False
        Raise :class:`LoadError` on the first problem record (unreadable, empty,
        malformed) instead of listing it in the report.
    columns : mapping, optional
        Explicit column names for tabular files, e.g. ``{"text": "my_body"}``; keys
        among ``title, text, published, url, source, author, section, dateline``.
    dedupe : bool, default True
        Keep only the first copy of duplicated texts (the others are reported).
    near_duplicates : bool, default True
        Also treat near-duplicates (estimated Jaccard of word 5-shingles
        >= ``near_threshold``) as duplicates.
    near_threshold : float, default 0.8
    extra_boilerplate : iterable of BoilerplateRule or str
        Site-specific boilerplate rules added to
        :data:`~analysis.loading.boilerplate.DEFAULT_RULES` (strings are regular
        expressions for footer paragraphs).
    encoding : str, optional
        Force a text encoding instead of detecting it.
    max_line_length : int, default 1_000_000
        Longest line or CSV field accepted, in characters.
    dayfirst : bool, default False
        Read all-numeric dates such as ``12/05/2023`` day first (12 May). Each date
        is parsed on its own (``parse_dates``); dates that
        read both ways are noted in the report and counted in
        ``report.attrs["n_ambiguous_dates"]``.
    min_words : int, default 3
        Texts with fewer words are not articles (status ``not_article``); 0 turns
        this rule off.
    keep_non_articles : bool, default False
        Load texts that look like no article (``-1``, a bare date, a login wall or
        JavaScript notice, fewer than ``min_words`` words; see
        :mod:`analysis.loading.quality`) instead of reporting them as ``not_article``.
    max_text_chars : int, default 10_000_000
        Longest article text accepted, in characters: a longer one is rejected with a
        reason (loading an article takes memory proportional to its length; see
        ``MAX_TEXT_CHARS``).
    progress : bool, optional
        Show a progress bar.
    client : distributed.Client or str, optional
        Load on a Dask cluster (a client or a scheduler address); default: the
        executor of :func:`analysis.parallel.use`, else this process. The input files
        are cut into partitions, each loaded by a worker, and duplicates are matched
        here in input order. The result is identical to the in-memory one. See
        :func:`analysis.loading.load_to_dataset` for corpora larger than memory.
    n_jobs : int, optional
        Load in this many local processes instead (``-1``: every core).
    files_per_partition : int, optional
        Input files per partition (default: one partition here, 500 files with an
        executor). It never changes the result.

    Returns
    -------
    articles : pandas.DataFrame
        Index ``doc_id``; columns ``title``, ``text``, ``source``, ``url``,
        ``section``, ``published`` (UTC), ``dateline``, ``author``, ``origin``,
        ``n_words``, ``repairs`` and any extra input columns.
    report : pandas.DataFrame
        One row per input record: ``origin``, ``status`` (``loaded``, ``duplicate``,
        ``empty``, ``not_article``, ``rejected``), ``reason``, ``doc_id``,
        ``duplicate_of``, ``similarity`` and repair counts (``n_encoding_fixes`` counts
        mojibake sequences repaired, lines of a UTF-8 file that were decoded with a legacy
        code page and NUL bytes removed; the last two are also noted in ``reason``, with
        their line numbers). ``report.attrs`` holds ``n_records``, one ``n_<status>``
        per status, ``n_repairs`` and ``n_ambiguous_dates``.

    Raises
    ------
    LoadError
        With ``strict=True``, on the first problem record.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("A title\\n\\nA title\\n\\nKYIV: The body text.\\n\\nSource link")
    >>> _ = (d / "b.txt").write_text("")
    >>> articles, report = load_corpus(d)
    >>> articles[["title", "dateline", "text", "source"]].values.tolist()
    [['A title', 'KYIV', 'The body text.', ...]]
    >>> report["status"].tolist()
    ['loaded', 'empty']
    """
    if not sources:
        raise ValueError(
            "No sources given. Pass files, folders, globs or .zip archives, e.g. "
            "load_corpus(analysis.config.DEMO_CSV)."
        )
    options = load_options(
        strict=strict,
        columns=columns,
        dedupe=dedupe,
        near_duplicates=near_duplicates,
        near_threshold=near_threshold,
        extra_boilerplate=extra_boilerplate,
        encoding=encoding,
        max_line_length=max_line_length,
        dayfirst=dayfirst,
        min_words=min_words,
        keep_non_articles=keep_non_articles,
        max_text_chars=max_text_chars,
    )
    return load_partitioned(
        sources, options, client=client, n_jobs=n_jobs, files_per_partition=files_per_partition,
        bytes_per_partition=BYTES_PER_PARTITION, progress=progress,
    )  # fmt: skip
