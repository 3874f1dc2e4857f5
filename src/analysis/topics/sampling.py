"""A seeded sample of a corpus that does not depend on how the corpus is cut.

Document ``d`` is in the sample iff ``BLAKE2b(d, key=random_state) / 2**64 < fraction``
(:func:`in_sample`): a Bernoulli draw per document that is the same wherever, and with
whichever other documents, ``d`` is processed. :func:`sample_articles` reads the sample
partition by partition, so a topic model can be fitted on about ``n`` documents of a
corpus of any size (``fit_topics(articles, k, sample_size=n)``).

Why a sample rather than ``partial_fit`` over the partitions (``MiniBatchNMF``, online
LDA)? It is sequential (a cluster does not speed it up), it needs the vocabulary and idf
fixed by an extra pass first, and on the demo corpus its topics were less coherent than
a fit on a sample (``benchmarks/bench_topics.py --only scale``). Topic-word
distributions are well estimated from a few tens of thousands of documents; what needs
every document is the transform.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pandas as pd

from ..parallel import as_path, get_executor, is_partitioned, read_partition
from ..terms import build_dtm
from .transform import partitions_of, transform_documents

__all__ = ["DEFAULT_SAMPLE_SIZE", "fit_on_sample", "in_sample", "is_articles", "sample_articles"]

#: Documents in the sample a model is fitted on by the CLI (about; see :func:`in_sample`).
DEFAULT_SAMPLE_SIZE = 20_000


def in_sample(doc_ids: Any, fraction: float, *, random_state: int = 0) -> np.ndarray:
    """Whether each document belongs to the seeded sample of about ``fraction`` of a corpus.

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
    if isinstance(partition, (pd.DataFrame, pd.Series)):
        return len(partition)
    import pyarrow.parquet as pq  # a part file: the row count is in its footer

    return int(pq.ParquetFile(partition).metadata.num_rows)


def _sample_rows(partition: Any, fraction: float, random_state: int, columns) -> pd.DataFrame:
    frame = read_partition(partition, columns=columns)
    if fraction >= 1.0:
        return frame
    return frame[in_sample(frame.index, fraction, random_state=random_state)]


def sample_articles(
    data: Any,
    *,
    n: int | None = DEFAULT_SAMPLE_SIZE,
    random_state: int = 0,
    columns: list[str] | None = None,
    client: Any = None,
    n_jobs: int | None = None,
    rows_per_partition: int | None = None,
) -> pd.DataFrame:
    """A seeded sample of about ``n`` articles, read partition by partition.

    Parameters
    ----------
    data : articles frame, dask DataFrame, ``.parquet`` file or partitioned folder
    n : int or None, default 20000
        Expected sample size: each document is kept with probability
        ``min(1, n / n_docs)`` (:func:`in_sample`); every document when ``n`` is None
        or ``n >= n_docs``.
    random_state : int, default 0
    columns : list of str, optional
        Columns to keep (default: all).
    client, n_jobs, rows_per_partition
        Where and how finely the partitions are read (:func:`analysis.parallel.get_executor`).

    Returns
    -------
    pandas.DataFrame
        The sampled rows, in corpus order; ``attrs["sample"]`` records ``n_docs``,
        ``fraction``, ``random_state`` and ``n_sampled``.

    Examples
    --------
    >>> frame = pd.DataFrame({"text": list("abcd")}, index=pd.Index(list("wxyz"), name="doc_id"))
    >>> sample_articles(frame, n=None).attrs["sample"]["n_sampled"]
    4
    """
    if n is not None and (isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1):
        raise ValueError(f"n must be a positive number of documents; got {n!r}.")
    executor = get_executor(client, n_jobs)
    parts = partitions_of(data, rows_per_partition=rows_per_partition, n_workers=executor.n_workers)
    n_docs = sum(executor.map(_n_rows, parts, desc="counting documents"))
    if n_docs == 0:
        raise ValueError("The corpus is empty: there is nothing to sample.")
    fraction = 1.0 if n is None else min(1.0, n / n_docs)
    pieces = executor.map(
        _sample_rows, parts, fraction, int(random_state), columns, desc="sampling"
    )
    sample = pd.concat(pieces)
    info = {"n_docs": int(n_docs), "fraction": fraction, "random_state": int(random_state),
            "n_sampled": len(sample)}  # fmt: skip
    sample.attrs = {**sample.attrs, "sample": info}  # a new dict: the input's stays as it is
    return sample


def is_articles(data: Any) -> bool:
    """Articles to fit on (a frame, a dask DataFrame, a corpus on disk), not a matrix."""
    return isinstance(data, pd.DataFrame) or is_partitioned(data) or as_path(data) is not None


def fit_on_sample(
    data: Any,
    k: int,
    *,
    fit: Any,
    method: str,
    random_state: int,
    sample_size: int | None,
    dtm_options: dict | None,
    client: Any = None,
    n_jobs: int | None = None,
    rows_per_partition: int | None = None,
    **options: Any,
):
    """``fit_topics(articles, ...)``: fit on a seeded sample, then give every article its shares.

    ``fit`` is :func:`analysis.topics.fit_topics` (the fit of a matrix). When the sample is
    every article the model keeps the fit's shares; otherwise ``doc_topics_``,
    ``empty_docs_`` and ``prevalence_`` come from :meth:`TopicModel.transform` of every
    article. ``sample_`` describes the sample either way.
    """
    executor = get_executor(client, n_jobs)
    sample = sample_articles(
        data, n=sample_size, random_state=random_state, client=executor,
        rows_per_partition=rows_per_partition,
    )  # fmt: skip
    dtm = build_dtm(sample, **(dtm_options or {}))
    model = fit(dtm, k, method=method, random_state=random_state, **options)
    info = sample.attrs["sample"]
    model.sample_ = {**info, "doc_ids": sample.index}
    if info["n_sampled"] == info["n_docs"]:
        return model  # fitted on every article: its shares are the fit's
    shares = transform_documents(
        model, data, client=executor, rows_per_partition=rows_per_partition
    )
    model.doc_topics_ = shares
    model.empty_docs_ = pd.Index(shares.attrs["empty_docs"], name="doc_id")
    nonempty = ~shares.index.isin(model.empty_docs_)
    base = shares.to_numpy()[nonempty] if nonempty.any() else shares.to_numpy()
    model.prevalence_ = pd.Series(base.mean(axis=0), index=shares.columns, name="prevalence")
    return model
