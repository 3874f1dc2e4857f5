"""Build the document-term matrix: per-partition counts, one vocabulary, per-partition blocks.

:func:`build_dtm` cuts its input into partitions (:func:`analysis.parallel.as_partitions`:
one unless an executor or ``rows_per_partition`` asks for more) and runs two passes
through the executor (:func:`analysis.parallel.get_executor`), the way dask-ml's
``CountVectorizer`` does:

1. **Count** (:func:`count_partition`) -- each partition counts its terms with its own
   vocabulary (:func:`~analysis.terms._count.count_texts`); the executor keeps the
   counts where they were made (:meth:`~analysis.parallel.Executor.persist`), so no
   text is tokenised twice, and only per-term totals and document frequencies
   (:func:`partition_stats`) reach this process.
2. **Vocabulary** -- the totals are summed (:func:`~analysis.terms._count.merge_term_stats`)
   and scikit-learn's ``min_df``/``max_df``/``max_features`` rule is applied once to the
   corpus totals (:func:`~analysis.terms._count.select_vocabulary`).
3. **Blocks** (:func:`restrict_partition`) -- each partition's counts are restricted to
   the vocabulary's columns: one CSR block per partition.

With ``hashed=True`` there is one pass (:func:`hash_partition`; hashing is stateless).
The counts are integers and the vocabulary is chosen from corpus totals, so the matrix
is identical however the input is cut and wherever the partitions run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..inputs import as_texts_input
from ..parallel import as_partitions, as_path, get_executor, is_partitioned, read_partition
from ._count import (
    check_pruning,
    count_texts,
    merge_term_stats,
    restrict,
    select_vocabulary,
    term_stats,
)
from ._input import DOCVAR_COLUMNS, check_corpus, read_texts
from .analyzer import analyzer_for, check_ngram_range, stop_word_set
from .hashing import check_hashing, hashed_counts, hashing_occupancy, warn_collisions
from .matrix import DocumentTermMatrix, hashed_terms
from .tokenize import TOKEN_PATTERN

__all__ = [
    "build_dtm",
    "build_matrix",
    "count_partition",
    "hash_partition",
    "partition_stats",
    "raise_empty_vocabulary",
    "restrict_partition",
]


def _options(min_n, max_n, stop_words, stop, lemmatize, lowercase, min_df, max_df, max_features,
             hashed, n_features) -> dict:  # fmt: skip
    options = {
        "ngram_range": (min_n, max_n),
        "stop_words": stop_words if stop_words is None or isinstance(stop_words, str)
        else sorted(stop),
        "lemmatize": bool(lemmatize),
        "lowercase": bool(lowercase),
        "min_df": min_df,
        "max_df": max_df,
        "max_features": max_features,
        "token_pattern": TOKEN_PATTERN,
        "weighting": "count",
        "hashed": bool(hashed),
    }  # fmt: skip
    if hashed:
        options["n_features"] = int(n_features)
    return options


def build_dtm(
    articles: Any,
    *,
    ngram_range: tuple[int, int] = (1, 1),
    stop_words: Iterable[str] | str | None = "english",
    lemmatize: bool = False,
    lowercase: bool = True,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    max_features: int | None = None,
    hashed: bool = False,
    n_features: int = 2**20,
    client: Any = None,
    n_jobs: int | None = None,
    rows_per_partition: int | None = None,
    keep_blocks: str = "driver",
    progress: bool | None = None,
) -> DocumentTermMatrix:
    """Count terms per document: documents in rows, terms in columns.

    Tokens follow :mod:`analysis.terms.tokenize` (``U.S.`` -> ``u.s.``,
    ``COVID-19`` -> ``covid-19``, ``Kyiv's`` -> ``kyiv``). Stop words are removed
    by their surface form, then tokens are lemmatised (if asked), then n-grams
    are formed. N-grams never cross a sentence boundary, but they do join the
    words on either side of a removed stop word (as scikit-learn does):
    ``"Bank of England"`` gives the bigram ``bank england``.

    The vocabulary follows scikit-learn's ``CountVectorizer`` exactly (sorted
    terms; ``min_df``, ``max_df``, then ``max_features`` with its tie-breaking):
    the matrix equals ``CountVectorizer(analyzer=make_analyzer(...), min_df=...,
    max_df=..., max_features=...)``, built faster.

    Parameters
    ----------
    articles : DataFrame, Series, list of str, dask DataFrame, str or path
        The articles frame (index ``doc_id``, column ``text``); a Series or list
        of texts also works. Missing texts count as empty documents (with a
        warning). Also a corpus on disk -- a processed ``.parquet`` file or a
        partitioned folder (:func:`analysis.loading.write_dataset`), whose parts the
        workers read themselves -- named by a ``str`` or a ``Path`` alike.
    ngram_range : (int, int), default (1, 1)
        Smallest and largest n-gram length.
    stop_words : 'english', list of str or None, default 'english'
        ``'english'`` is scikit-learn's list plus common contractions
        (:data:`ENGLISH_CONTRACTIONS`).
    lemmatize : bool, default False
        Map tokens to lemmas with simplemma (offline, English).
    lowercase : bool, default True
        Lower-case before tokenising. With ``False``, stop words still match
        case-insensitively.
    min_df, max_df : int or float
        Document-frequency bounds, as in scikit-learn (int = count, float = share).
    max_features : int, optional
        Keep only the most frequent terms.
    hashed : bool, default False
        Count hashed terms instead (scikit-learn's ``HashingVectorizer`` with
        ``alternate_sign=False``, ``norm=None``): one pass, no vocabulary kept, so
        memory does not grow with the vocabulary. The columns are then hash
        buckets labelled ``"#<bucket>"``; ``dtm.term_index(["trump"])`` (and so
        :func:`analysis.terms.trends`) hashes words to their bucket. Different
        terms can share a bucket: ``options`` records ``buckets_used``,
        ``estimated_terms`` and ``estimated_collisions`` (see
        :func:`hashing_report`), and a warning is given when more than 1% of the
        terms are estimated to collide. Pruning options are not available.
    n_features : int, default 2**20
        Number of hash buckets (with ``hashed=True``).
    client : distributed.Client or str, optional
        Build on a Dask cluster; default: the executor of
        :func:`analysis.parallel.use`, else this process. See the module docstring:
        the matrix has one block per partition and the same numbers however the
        input is cut.
    n_jobs : int, optional
        Build in this many local processes instead (``-1``: every core).
    rows_per_partition : int, optional
        Documents per partition (default: :func:`analysis.parallel.partition_size`).
    keep_blocks : {"driver", "cluster"}, default "driver"
        Keep the matrix's blocks in this process, or in the workers' memory (needs a
        cluster; out of core for this process: frequencies, keyness and trends then
        sum on the workers; the blocks live while the client is connected).
    progress : bool, optional
        Progress bars over the partitions.

    Returns
    -------
    DocumentTermMatrix
        ``matrix`` (CSR, int64 counts), ``terms`` (sorted; an object array of
        str, as scikit-learn's ``get_feature_names_out``), ``doc_ids``,
        ``options`` (these arguments plus the token pattern) and ``docvars``
        (``source``, ``published``, ``section`` where the frame has them), held as
        one block of rows per partition.

    Raises
    ------
    ValueError
        Empty corpus; no terms left after removing stop words; no terms left
        after pruning by ``min_df``/``max_df``; a bad ``ngram_range``; pruning
        options with ``hashed=True``.

    See Also
    --------
    analysis.terms.frequencies, analysis.terms.keyness, make_analyzer

    Examples
    --------
    >>> import pandas as pd
    >>> arts = pd.DataFrame(
    ...     {"text": ["Kyiv's mayor met U.S. envoys.", "U.S. envoys left Kyiv."],
    ...      "source": ["a.com", "b.com"]},
    ...     index=pd.Index(["d1", "d2"], name="doc_id"))
    >>> dtm = build_dtm(arts)
    >>> list(dtm.terms)
    ['envoys', 'kyiv', 'left', 'mayor', 'met', 'u.s.']
    >>> dtm.matrix.toarray()
    array([[1, 1, 0, 1, 1, 1],
           [1, 1, 1, 0, 0, 1]])
    >>> list(build_dtm(arts, ngram_range=(2, 2)).terms)
    ['envoys left', 'kyiv mayor', 'left kyiv', 'mayor met', 'met u.s.', 'u.s. envoys']
    >>> hashed = build_dtm(arts, hashed=True, n_features=2**10)
    >>> hashed.shape, int(hashed.matrix[:, hashed.term_index(["kyiv"])].sum())
    ((2, 1024), 2)
    """
    min_n, max_n = check_ngram_range(ngram_range)
    stop = stop_word_set(stop_words, lowercase=lowercase)
    check_pruning(min_df, max_df, max_features)
    check_hashing(hashed, n_features, min_df, max_df, max_features)
    options = _options(min_n, max_n, stop_words, stop, lemmatize, lowercase, min_df, max_df,
                       max_features, hashed, n_features)  # fmt: skip
    return build_matrix(
        articles, options=options, client=client, n_jobs=n_jobs,
        rows_per_partition=rows_per_partition, keep_blocks=keep_blocks, progress=progress,
        stacklevel=2,
    )  # fmt: skip


def build_matrix(
    data: Any,
    *,
    options: dict,
    client: Any = None,
    n_jobs: int | None = None,
    rows_per_partition: int | None = None,
    keep_blocks: str = "driver",
    progress: bool | None = None,
    stacklevel: int = 1,
) -> DocumentTermMatrix:
    """:func:`build_dtm` with its options already checked (``dtm.options`` of a matrix).

    ``stacklevel`` is the number of frames between this function and the user's code
    (warnings point there).

    Examples
    --------
    >>> from analysis.terms import build_dtm
    >>> texts = ["Rates rose in Kyiv.", "Rates fell.", "Kyiv's rates rose."]
    >>> whole = build_dtm(texts, min_df=2)
    >>> parts = build_matrix(texts, options=whole.options, rows_per_partition=2)
    >>> parts.n_blocks, parts.terms.tolist(), (parts.matrix != whole.matrix).nnz
    (2, ['kyiv', 'rates', 'rose'], 0)
    """
    if keep_blocks not in ("driver", "cluster"):
        raise ValueError(f"keep_blocks must be 'driver' or 'cluster'; got {keep_blocks!r}.")
    executor = get_executor(client, n_jobs)
    keep = keep_blocks == "cluster"
    if keep and not executor.holds_remote:
        raise ValueError(
            "keep_blocks='cluster' keeps the blocks in the workers' memory and needs a "
            "client. Pass client=..., or keep_blocks='driver'."
        )
    parts = _partitions(data, rows_per_partition, executor.n_workers)
    analyzer = analyzer_for(options)
    if options.get("hashed"):
        return _build_hashed(parts, analyzer, options, executor, keep, progress, stacklevel)
    counted = executor.persist(
        count_partition, parts, analyzer, desc="terms: counts", progress=progress
    )
    stats = executor.apply(partition_stats, counted, progress=False)
    doc_ids, docvars = _combine_rows(stats, stacklevel=stacklevel + 2)
    terms, counts, dfs = merge_term_stats([(s["terms"], s["counts"], s["dfs"]) for s in stats])
    if len(terms) == 0:
        raise_empty_vocabulary()
    vocabulary = select_vocabulary(
        terms, counts, dfs, len(doc_ids), min_df=options["min_df"], max_df=options["max_df"],
        max_features=options["max_features"],
    )  # fmt: skip
    block_rows = tuple(len(s["doc_ids"]) for s in stats)
    del stats
    blocks = executor.apply(
        restrict_partition, counted, vocabulary, keep=keep, desc="terms: matrix",
        progress=progress,
    )  # fmt: skip
    del counted
    return DocumentTermMatrix(
        blocks, vocabulary, doc_ids, dict(options), docvars, block_rows=block_rows,
        executor=executor if keep else None,
    )  # fmt: skip


def raise_empty_vocabulary():
    """The error for a corpus without any term."""
    raise ValueError(
        "After tokenising and removing stop words, no terms remain: the documents "
        "are empty or contain only stop words. Pass stop_words=None or a shorter "
        "stop-word list, or check the 'text' column."
    )


# -- partitions ---------------------------------------------------------------------------
def _partitions(data, rows_per_partition: int | None, n_workers: int) -> list:
    data = as_texts_input(data, caller="build_dtm")  # polars, records, iterators
    if is_partitioned(data) or as_path(data) is not None:
        return as_partitions(data, rows_per_partition=rows_per_partition, n_workers=n_workers)
    if isinstance(data, pd.DataFrame | pd.Series):
        read_texts(data.iloc[:0], caller="build_dtm")  # a frame without 'text': say so here
        series_or_frame = data
    elif isinstance(data, Iterable) and not isinstance(data, str | bytes):
        series_or_frame = pd.Series(list(data), dtype=object)  # numbered 0 .. n-1
    else:
        read_texts(data, caller="build_dtm")  # raises the message for this input
    return as_partitions(
        series_or_frame, rows_per_partition=rows_per_partition, n_workers=n_workers
    )


_COLUMNS = ("text", *DOCVAR_COLUMNS)


def _rows(partition) -> dict:
    frame = read_partition(partition, columns=None if not _is_path(partition) else _COLUMNS,
                           present_only=True)  # fmt: skip
    texts, doc_ids, docvars, n_missing = read_texts(frame, caller="build_dtm")
    return {"texts": texts, "doc_ids": doc_ids, "docvars": docvars, "n_missing": n_missing}


def _is_path(partition) -> bool:
    return not isinstance(partition, pd.DataFrame | pd.Series)


# -- per-partition steps (run by the executor) -----------------------------------------------
# The analyzer (a plain picklable object) is passed rather than the options dict:
# Dask scatters a dict argument key by key, under the dict's own keys.


def count_partition(partition: Any, analyzer: Callable[[str], list[str]]) -> dict:
    """Pass 1: a partition's doc_ids, docvars and counts over its own terms, unpruned.

    Examples
    --------
    >>> from analysis.terms import make_analyzer
    >>> counted = count_partition(pd.Series(["rates rose", "rates"]), make_analyzer())
    >>> counted["terms"].tolist(), counted["matrix"].toarray().tolist()
    (['rates', 'rose'], [[1, 1], [1, 0]])
    """
    rows = _rows(partition)
    matrix, terms = count_texts(rows.pop("texts"), analyzer)
    return {**rows, "matrix": matrix, "terms": terms}


def partition_stats(counted: dict) -> dict:
    """What the vocabulary needs of pass 1: per-term (count, document frequency), rows."""
    counts, dfs = term_stats(counted["matrix"])
    rest = {k: v for k, v in counted.items() if k != "matrix"}
    return {**rest, "counts": counts, "dfs": dfs}


def restrict_partition(counted: dict, vocabulary: np.ndarray) -> sp.csr_matrix:
    """Pass 2: the partition's counts over the corpus vocabulary (one block)."""
    return restrict(counted["matrix"], counted["terms"], vocabulary)


def hash_partition(partition: Any, analyzer: Callable[[str], list[str]], n_features: int) -> dict:
    """The one pass of hashed counts (and the buckets used, for the collision report)."""
    rows = _rows(partition)
    block = hashed_counts(rows.pop("texts"), analyzer, n_features)
    return {**rows, "block": block, "used": np.unique(block.indices)}


def _without_block(result: dict) -> dict:
    return {k: v for k, v in result.items() if k != "block"}


def _block_of(result: dict) -> sp.csr_matrix:
    return result["block"]


# -- combine ---------------------------------------------------------------------------------
def _combine_rows(results: list[dict], *, stacklevel: int) -> tuple[pd.Index, pd.DataFrame]:
    doc_ids = results[0]["doc_ids"].append([r["doc_ids"] for r in results[1:]])
    doc_ids = pd.Index(doc_ids, name="doc_id")
    docvars = [r["docvars"] for r in results]
    combined = pd.concat(docvars) if len(docvars) > 1 else docvars[0]
    combined.index = doc_ids
    n_missing = sum(r["n_missing"] for r in results)
    check_corpus(doc_ids, n_missing, caller="build_dtm", stacklevel=stacklevel)
    return doc_ids, combined


def _build_hashed(parts, analyzer, options, executor, keep, progress, stacklevel):
    """Hashed counts: one pass, each partition on its own (the hashing is stateless)."""
    n_features = int(options["n_features"])
    full = executor.persist(
        hash_partition, parts, analyzer, n_features, desc="terms: hashed counts",
        progress=progress,
    )  # fmt: skip
    results = executor.apply(_without_block, full, progress=False)
    blocks = executor.apply(_block_of, full, keep=keep, progress=False)
    del full
    doc_ids, docvars = _combine_rows(results, stacklevel=stacklevel + 3)
    used = np.zeros(n_features, dtype=bool)
    for r in results:
        used[r["used"]] = True
    if not used.any():
        raise_empty_vocabulary()
    report = hashing_occupancy(int(used.sum()), n_features)
    warn_collisions(report, n_features, stacklevel=stacklevel + 3)
    block_rows = tuple(len(r["doc_ids"]) for r in results)
    return DocumentTermMatrix(
        blocks, hashed_terms(n_features), doc_ids, {**options, **report}, docvars,
        block_rows=block_rows, executor=executor if keep else None,
    )  # fmt: skip
