"""Topic models on a cluster: fit on a seeded sample, transform every partition, sum counts.

:mod:`analysis.topics` dispatches here when it is given a ``client`` (or a dask
DataFrame, or the folder of a partitioned corpus). Three pieces:

1. **Fit on a documented sample** (:func:`fit_topics_sample`). Each document is in
   the sample with probability ``sample_size / n_docs``, decided by a keyed hash of
   its ``doc_id`` (BLAKE2b, key = ``random_state``; :func:`in_sample`). The sample
   therefore depends on the seed and the documents only -- not on how the corpus is
   partitioned or ordered, nor on the number of workers -- and holds about
   ``sample_size`` documents. The driver builds the sample's document-term matrix and
   fits :func:`analysis.topics.fit_topics` on it, in memory, with the same defaults.
   Why not ``partial_fit`` over the partitions (``MiniBatchNMF``, online LDA)? It is
   sequential (one partition after the other, so a cluster does not speed it up), it
   needs the vocabulary and idf fixed by an extra pass first, and on the demo
   corpus its topics were less coherent than a fit on a sample (see
   ``benchmarks/bench_topics.py --only scale``). Topic-word distributions are
   well estimated from a few tens of thousands of documents; what needs every
   document is the next step.
2. **Transform every partition** (:func:`transform_partitions`): the workers run
   :meth:`analysis.topics.TopicModel.transform` on their partition -- the in-memory
   code -- and the driver concatenates the shares in corpus order. A document's
   shares depend on that document alone (NMF: an exact per-document NNLS; LDA:
   scikit-learn's per-document variational step), so they are identical to the
   in-memory transform of the same documents. :func:`prevalence_partitions` sums
   shares and counts per group on the workers.
3. **Coherence from summed counts** (:func:`coherence_partitions`): each partition
   tokenises its texts with the document-term matrix's analyzer and counts the
   topics' terms (:func:`analysis.topics.cooccurrence_counts`); window and document
   counts are integers and additive over documents, so their sum is exactly the
   whole corpus's counts and the coherence equals the in-memory value bit for bit.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

import numpy as np
import pandas as pd

from ..topics import _text
from ..topics.coherence import _topic_terms, _window_of, coherence, cooccurrence_counts
from ..topics.models import TopicModel, fit_topics
from ..topics.prevalence import _PERIODS, _group_keys
from .cluster import gather_partitions
from .dataset import as_partitions, partition_frame

__all__ = [
    "DEFAULT_SAMPLE_SIZE",
    "coherence_partitions",
    "fit_topics_sample",
    "in_sample",
    "prevalence_partitions",
    "sample_articles",
    "transform_partitions",
]

#: Documents in the sample a model is fitted on (about; see :func:`in_sample`).
DEFAULT_SAMPLE_SIZE = 20_000


def _text_columns(options: dict[str, Any]) -> list[str]:
    fields = options.get("fields") or [options.get("text_column", "text")]
    return [fields] if isinstance(fields, str) else list(fields)


def _frame(partition: Any, columns: list[str] | None) -> pd.DataFrame:
    if isinstance(partition, pd.DataFrame):
        missing = [c for c in columns or [] if c not in partition.columns]
        if missing:
            raise ValueError(
                f"The articles have no column(s) {missing}; pass an articles frame as made "
                "by analysis.load_corpus."
            )
    return partition_frame(partition, columns=columns)


# -- sampling ----------------------------------------------------------------------------
def in_sample(doc_ids: Any, fraction: float, *, random_state: int = 0) -> np.ndarray:
    """Whether each document belongs to the seeded sample of about ``fraction`` of a corpus.

    Document ``d`` is in the sample iff ``BLAKE2b(d, key=random_state) / 2**64 <
    fraction``: a Bernoulli draw per document that is the same wherever, and with
    whichever other documents, ``d`` is processed.

    Parameters
    ----------
    doc_ids : sequence of str
    fraction : float in [0, 1]
    random_state : int, default 0

    Returns
    -------
    numpy.ndarray of bool

    Examples
    --------
    >>> in_sample(["a", "b", "c"], 1.0).tolist(), in_sample(["a", "b"], 0.0).tolist()
    ([True, True, True], [False, False])
    >>> bool((in_sample([f"d{i}" for i in range(1000)], 0.3) ).mean().round(1) == 0.3)
    True
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction must be in [0, 1]; got {fraction}.")
    key = int(random_state).to_bytes(8, "little", signed=True)
    threshold = fraction * 2.0**64
    draws = np.fromiter(
        (
            int.from_bytes(
                hashlib.blake2b(str(d).encode("utf-8"), digest_size=8, key=key).digest(),
                "little",
            )
            for d in doc_ids
        ),
        dtype=np.float64,
        count=len(doc_ids),
    )
    return draws < threshold


def _n_rows(partition: Any) -> int:
    if isinstance(partition, pd.DataFrame):
        return len(partition)
    import pyarrow.parquet as pq  # a part file: the row count is in its footer

    return int(pq.ParquetFile(partition).metadata.num_rows)


def _sample_rows(partition: Any, fraction: float, random_state: int, columns) -> pd.DataFrame:
    frame = _frame(partition, columns)
    return frame[in_sample(frame.index, fraction, random_state=random_state)]


def sample_articles(
    data: Any,
    *,
    n: int = DEFAULT_SAMPLE_SIZE,
    random_state: int = 0,
    client: Any = None,
    columns: list[str] | None = None,
    rows_per_partition: int = 5000,
) -> pd.DataFrame:
    """A seeded sample of about ``n`` articles, read partition by partition.

    Parameters
    ----------
    data : articles frame, dask DataFrame or partitioned corpus folder
    n : int, default 20000
        Expected sample size: each document is kept with probability
        ``min(1, n / n_docs)`` (:func:`in_sample`); all documents when ``n >= n_docs``.
    random_state : int, default 0
    client : distributed.Client, str or None
        Where the partitions are read (None: here).
    columns : list of str, optional
        Columns to keep (default: all).
    rows_per_partition : int, default 5000
        Partition size for an in-memory frame.

    Returns
    -------
    pandas.DataFrame
        The sampled rows, in corpus order; ``attrs["sample"]`` records ``n_docs``,
        ``fraction`` and ``random_state``.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive number of documents; got {n!r}.")
    parts = as_partitions(data, rows_per_partition=rows_per_partition)
    n_docs = sum(gather_partitions(client, _n_rows, parts, desc="counting documents"))
    if n_docs == 0:
        raise ValueError("The corpus is empty: there is nothing to sample.")
    fraction = min(1.0, n / n_docs)
    pieces = gather_partitions(
        client, _sample_rows, parts, fraction, int(random_state), columns, desc="sampling"
    )
    sample = pd.concat(pieces)
    sample.attrs["sample"] = {
        "n_docs": int(n_docs),
        "fraction": fraction,
        "random_state": int(random_state),
        "n_sampled": len(sample),
    }
    return sample


# -- fit and transform ---------------------------------------------------------------------
def _for_workers(model: TopicModel) -> TopicModel:
    """The model without its per-document table, which the workers do not need."""
    slim = copy.copy(model)
    slim.doc_topics_ = model.doc_topics_.iloc[:0]
    return slim


def _transform_partition(partition: Any, model: TopicModel, columns: list[str]) -> pd.DataFrame:
    frame = _frame(partition, columns)
    shares = model.transform(frame)
    shares.index.name = "doc_id"
    return shares


def transform_partitions(
    model: TopicModel, data: Any, *, client: Any = None, rows_per_partition: int = 5000
) -> pd.DataFrame:
    """Topic shares of every document, computed partition by partition.

    Each partition runs :meth:`TopicModel.transform` (the in-memory code); a
    document's shares depend on it alone, so the result equals
    ``model.transform(articles)`` of the whole corpus.

    Parameters
    ----------
    model : TopicModel
    data : articles frame, dask DataFrame or partitioned corpus folder
    client : distributed.Client, str or None
    rows_per_partition : int, default 5000

    Returns
    -------
    pandas.DataFrame
        Index ``doc_id`` (corpus order), columns ``0 .. k-1``, rows summing to 1;
        ``attrs["empty_docs"]`` lists documents without a known term.
    """
    parts = as_partitions(data, rows_per_partition=rows_per_partition)
    columns = _text_columns(model._dtm_options)
    pieces = gather_partitions(
        client, _transform_partition, parts, _for_workers(model), columns, desc="topic shares"
    )
    shares = pd.concat(pieces)
    shares.attrs["empty_docs"] = [d for piece in pieces for d in piece.attrs["empty_docs"]]
    return shares


def fit_topics_sample(
    data: Any,
    k: int,
    *,
    client: Any = None,
    method: str = "nmf",
    random_state: int = 0,
    sample_size: int = DEFAULT_SAMPLE_SIZE,
    dtm_options: dict[str, Any] | None = None,
    rows_per_partition: int = 5000,
    **options,
) -> TopicModel:
    """Fit a topic model on a seeded sample, then give every document its shares.

    Parameters
    ----------
    data : articles frame, dask DataFrame or partitioned corpus folder
    k : int
        Number of topics.
    client : distributed.Client, str or None
        Where partitions are sampled and transformed (None: here, one by one).
    method : {"nmf", "lda"}, default "nmf"
    random_state : int, default 0
        Seeds both the sample (:func:`in_sample`) and the fit.
    sample_size : int, default 20000
        About this many documents are fitted on (all, for a smaller corpus).
    dtm_options : dict, optional
        Options of :func:`analysis.terms.build_dtm` for the sample's matrix.
    rows_per_partition : int, default 5000
    **options
        Passed to :func:`analysis.topics.fit_topics`.

    Returns
    -------
    TopicModel
        Fitted on the sample; topics are numbered by their prevalence in the sample.
        ``doc_topics_``, ``empty_docs_`` and ``prevalence_`` cover the whole corpus
        (shares from :meth:`TopicModel.transform`), ``sample_`` describes the
        sample (``n_docs``, ``fraction``, ``random_state``, ``n_sampled``,
        ``doc_ids``); ``term_frequency_`` counts the sample.
    """
    from ..terms import build_dtm

    dtm_options = dict(dtm_options or {})
    sample = sample_articles(
        data, n=sample_size, random_state=random_state, client=client,
        columns=None, rows_per_partition=rows_per_partition,
    )  # fmt: skip
    dtm = build_dtm(sample, **dtm_options)
    fitted = fit_topics(dtm, k, method=method, random_state=random_state, **options)
    shares = transform_partitions(
        fitted, data, client=client, rows_per_partition=rows_per_partition
    )
    model = copy.copy(fitted)
    model.doc_topics_ = shares
    empty = pd.Index(shares.attrs["empty_docs"], name="doc_id")
    model.empty_docs_ = empty
    nonempty = ~shares.index.isin(empty)
    base = shares.to_numpy()[nonempty] if nonempty.any() else shares.to_numpy()
    model.prevalence_ = pd.Series(base.mean(axis=0), index=shares.columns, name="prevalence")
    model.sample_ = {**sample.attrs["sample"], "doc_ids": sample.index}
    return model


# -- prevalence ------------------------------------------------------------------------------
def _group_sums(partition: Any, model: TopicModel, columns: list[str], by: str):
    frame = _frame(partition, columns)
    shares = model.transform(frame)
    keys = _group_keys(frame, by).to_numpy()
    grouped = shares.groupby(keys, dropna=False, sort=False)
    return grouped.sum(), grouped.size()


def prevalence_partitions(
    model: TopicModel,
    data: Any,
    *,
    by: str = "source",
    client: Any = None,
    rows_per_partition: int = 5000,
) -> pd.DataFrame:
    """Mean topic share per group from per-partition sums (see :func:`analysis.topics.prevalence`).

    Each partition transforms its documents and returns, per group, the sum of the
    shares and the number of documents; the driver adds them up and divides. Equal
    to the in-memory table of the same shares up to the order of floating-point
    additions (relative differences of order 1e-16).
    """
    columns = _text_columns(model._dtm_options)
    columns += [by] if by not in _PERIODS else ["published"]
    parts = as_partitions(data, rows_per_partition=rows_per_partition)
    results = gather_partitions(
        client, _group_sums, parts, _for_workers(model), list(dict.fromkeys(columns)), by,
        desc="prevalence",
    )  # fmt: skip
    sums = pd.concat([s for s, _ in results]).groupby(level=0, dropna=False, sort=True).sum()
    counts = pd.concat([c for _, c in results]).groupby(level=0, dropna=False, sort=True).sum()
    means = sums.div(counts, axis=0)
    means.index.name = by
    long = means.rename_axis(columns="topic").stack().rename("share").reset_index()
    long["topic"] = long["topic"].astype(int)
    long["label"] = model.labels_.reindex(long["topic"]).to_numpy()
    long["n_docs"] = np.repeat(counts.to_numpy(), means.shape[1])
    return long[[by, "topic", "label", "share", "n_docs"]]


# -- coherence -------------------------------------------------------------------------------
def _count_partition(partition: Any, terms: list[str], window: int | None, options: dict):
    frame = _frame(partition, _text_columns(options))
    return cooccurrence_counts(_text.tokenize(frame, options), terms, window_size=window)


def coherence_partitions(
    topics: Any,
    data: Any,
    *,
    measure: str = "c_npmi",
    top_n: int | None = 10,
    window_size: int | None = None,
    dtm: Any = None,
    client: Any = None,
    rows_per_partition: int = 5000,
) -> list[float]:
    """Per-topic coherence over a partitioned corpus, from summed co-occurrence counts.

    Equal (bit for bit) to ``coherence(topics, tokenize(articles, dtm), ...)`` on the
    whole corpus: the workers count the topics' terms in their partition with
    :func:`analysis.topics.cooccurrence_counts`, and integer counts add up exactly.

    Parameters
    ----------
    topics : list of list of str
    data : articles frame, dask DataFrame or partitioned corpus folder
    measure, top_n, window_size
        As in :func:`analysis.topics.coherence`.
    dtm : DocumentTermMatrix or dict, optional
        The matrix (or its ``options``) whose analyzer tokenises the texts, as
        :func:`analysis.topics.tokenize`.
    client : distributed.Client, str or None
    rows_per_partition : int, default 5000

    Returns
    -------
    list of float
    """
    window = _window_of(measure, window_size)
    topics = list(topics)
    terms = _topic_terms(topics)
    options = dict(getattr(dtm, "options", dtm) or {})
    parts = as_partitions(data, rows_per_partition=rows_per_partition)
    counts = gather_partitions(
        client, _count_partition, parts, terms, window, options, desc="co-occurrence counts"
    )
    return coherence(topics, sum(counts[1:], counts[0]), measure=measure, top_n=top_n,
                     window_size=window_size)  # fmt: skip
