"""Topic shares of documents, partition by partition: the per-partition step of transform.

A document's shares depend on that document alone (NMF: an exact per-document NNLS;
LDA: scikit-learn's per-document variational step; see :mod:`.models`), so
:func:`transform_documents` cuts its input into partitions, transforms each with
:func:`transform_partition` through the executor and concatenates the shares in order:
the result is identical however the input is cut and wherever the partitions run.
"""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd

from ..parallel import as_partitions, as_path, get_executor, is_partitioned, read_partition
from . import _text

__all__ = ["for_workers", "partitions_of", "transform_documents", "transform_partition"]


def for_workers(model: Any) -> Any:
    """The model without its per-document table, which a partition does not need."""
    slim = copy.copy(model)
    slim.doc_topics_ = model.doc_topics_.iloc[:0]
    return slim


def partitions_of(data: Any, *, rows_per_partition: int | None, n_workers: int) -> list:
    """Texts or articles cut into partitions (a list of texts becomes a Series 0..n-1)."""
    if is_partitioned(data) or as_path(data) is not None:
        return as_partitions(data, rows_per_partition=rows_per_partition, n_workers=n_workers)
    if isinstance(data, str):
        data = [data]
    if not isinstance(data, (pd.DataFrame, pd.Series)):
        data = pd.Series(_text.as_texts(data), dtype=object)
    return as_partitions(data, rows_per_partition=rows_per_partition, n_workers=n_workers)


def transform_partition(partition: Any, model: Any, columns: list[str] | None) -> pd.DataFrame:
    """Topic shares of one partition's documents (texts, or articles with ``columns``).

    Examples
    --------
    >>> import numpy as np, pandas as pd, scipy.sparse as sp
    >>> from analysis.terms import DocumentTermMatrix
    >>> from analysis.topics import fit_topics
    >>> dtm = DocumentTermMatrix(sp.csr_matrix(np.array([[3, 2, 0], [0, 1, 3]])),
    ...                          np.array(["oil", "price", "goal"]), pd.Index(["a", "b"]))
    >>> model = fit_topics(dtm, 2, min_df=1, max_df=1.0)
    >>> transform_partition(pd.Series(["oil oil"]), model, None).shape
    (1, 2)
    """
    if not isinstance(partition, pd.Series):
        partition = read_partition(partition, columns=columns)
        if isinstance(partition, pd.DataFrame):
            missing = [c for c in columns or [] if c not in partition.columns]
            if missing:
                raise ValueError(f"The articles have no column(s) {missing}.")
    counts = _text.vectorize(partition, model.terms_, model._dtm_options)
    return model._transform_counts(counts, partition)


def transform_documents(
    model: Any,
    data: Any,
    *,
    client: Any = None,
    n_jobs: int | None = None,
    rows_per_partition: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """``model.transform(data)``: see :meth:`analysis.topics.TopicModel.transform`."""
    if isinstance(data, pd.DataFrame):
        _text.as_texts(data.iloc[:0], model._dtm_options)  # a missing column: say so here
    executor = get_executor(client, n_jobs)
    parts = partitions_of(data, rows_per_partition=rows_per_partition, n_workers=executor.n_workers)
    columns = _text.text_columns(model._dtm_options)
    pieces = executor.map(
        transform_partition, parts, for_workers(model), columns, desc="topic shares",
        progress=progress,
    )  # fmt: skip
    shares = pd.concat(pieces) if len(pieces) > 1 else pieces[0]
    shares.attrs["empty_docs"] = [d for piece in pieces for d in piece.attrs["empty_docs"]]
    if is_partitioned(data) or as_path(data) is not None:
        shares.index.name = "doc_id"
    return shares
