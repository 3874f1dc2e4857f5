"""Document-term matrices on a cluster: two passes over the partitions, identical numbers.

:func:`analysis.terms.build_dtm` dispatches here when it is given a ``client`` (or a
dask DataFrame, or the folder of a partitioned corpus):

1. **Pass 1** -- each partition counts its terms with the in-memory code
   (:func:`analysis.terms._count.count_texts`) and returns, per term, the total
   count and the number of documents containing it (no pruning), plus its
   ``doc_id``\\ s and document variables.
2. **Vocabulary** -- the driver sums the statistics over partitions and applies
   scikit-learn's ``min_df``/``max_df``/``max_features`` rule once, to the corpus
   totals (:func:`analysis.terms._count.select_vocabulary`): the same function the
   in-memory path applies to the same totals.
3. **Pass 2** -- each partition's pass-1 counts (kept in the worker's memory, so no
   text is tokenised twice) are restricted to the vocabulary's columns
   (:func:`analysis.terms._count.restrict`): one CSR block per partition.

With ``hashed=True`` there is a single pass (scikit-learn's ``HashingVectorizer``
is stateless, so each partition is transformed independently).

The result, :class:`PartitionedDTM`, keeps the blocks instead of one matrix.
:func:`analysis.terms.frequencies`, :func:`~analysis.terms.keyness`,
:func:`~analysis.terms.trends`, :func:`~analysis.terms.zipf` and grouped
:func:`~analysis.terms.top_terms` sum per-block group counts (integers, so the
order of summation cannot change them) and then run the in-memory final step;
``.matrix`` assembles the full CSR matrix only when asked.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..terms._count import (
    count_texts,
    merge_term_stats,
    restrict,
    select_vocabulary,
    term_stats,
)
from ..terms._dtm import DocumentTermMatrix, hashed_terms, term_index
from ..terms._input import DOCVAR_COLUMNS, block_group_sums, check_corpus, read_texts
from .cluster import gather_partitions, persist_partitions
from .dataset import as_partitions, partition_frame

__all__ = ["PartitionedDTM", "build_dtm_partitioned"]


@dataclass(frozen=True, eq=False)
class PartitionedDTM:
    """A document-term matrix kept as one CSR block of rows per partition.

    It has the attributes of :class:`analysis.terms.DocumentTermMatrix` (``terms``,
    ``doc_ids``, ``options``, ``docvars``, ``shape``, ``term_index``), and the
    functions of :mod:`analysis.terms` accept it. Counts are summed block by block,
    so the full matrix is never built unless ``.matrix`` (or :meth:`to_dtm`) is
    asked for.

    Attributes
    ----------
    blocks : list of scipy.sparse.csr_matrix or of distributed.Future
        Counts of each partition's documents, in corpus order; every block has
        all the columns. With ``keep_blocks="cluster"`` the blocks are futures held
        in the workers' memory (nothing but small sums reaches this process);
        they live as long as ``client`` is connected.
    terms, doc_ids, options, docvars
        As in :class:`analysis.terms.DocumentTermMatrix`.
    block_rows : tuple of int, optional
        Rows of each block (needed when the blocks are futures).
    client : distributed.Client, optional
        The client holding future blocks; None for blocks in this process.

    Examples
    --------
    >>> import numpy as np, pandas as pd, scipy.sparse as sp
    >>> blocks = [sp.csr_matrix([[1, 0]]), sp.csr_matrix([[0, 2], [1, 1]])]
    >>> dtm = PartitionedDTM(blocks, np.array(["a", "b"], dtype=object),
    ...                      pd.Index(["d1", "d2", "d3"], name="doc_id"))
    >>> dtm.shape, dtm.n_blocks
    ((3, 2), 2)
    >>> dtm.matrix.toarray().tolist()
    [[1, 0], [0, 2], [1, 1]]
    """

    blocks: list
    terms: np.ndarray
    doc_ids: pd.Index
    options: dict[str, Any] = field(default_factory=dict)
    docvars: pd.DataFrame | None = None
    block_rows: tuple[int, ...] | None = None
    client: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.block_rows is None:
            if self.client is not None:
                raise ValueError("block_rows is needed when the blocks are on the cluster.")
            object.__setattr__(self, "block_rows", tuple(b.shape[0] for b in self.blocks))
        if len(self.block_rows) != len(self.blocks):
            raise ValueError(
                f"{len(self.block_rows)} block_rows for {len(self.blocks)} blocks; "
                "give one row count per block."
            )
        n_rows = int(sum(self.block_rows))
        widths = set() if self.client is not None else {b.shape[1] for b in self.blocks}
        if n_rows != len(self.doc_ids) or widths - {len(self.terms)}:
            raise ValueError(
                f"The blocks have {n_rows} rows and widths {sorted(widths)}, but there are "
                f"{len(self.doc_ids)} doc_ids and {len(self.terms)} terms; they must match."
            )
        if self.docvars is not None and len(self.docvars) != n_rows:
            raise ValueError(
                f"docvars has {len(self.docvars)} rows for {n_rows} documents; "
                "pass one row per document, in doc_ids order."
            )

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_docs, n_terms)``."""
        return (len(self.doc_ids), len(self.terms))

    @property
    def n_blocks(self) -> int:
        """Number of blocks (partitions)."""
        return len(self.blocks)

    @property
    def on_cluster(self) -> bool:
        """True when the blocks are futures in the workers' memory."""
        return self.client is not None

    @property
    def offsets(self) -> np.ndarray:
        """Row offsets of the blocks: block ``i`` holds rows ``offsets[i]:offsets[i + 1]``."""
        return np.cumsum([0, *self.block_rows])

    @property
    def matrix(self) -> sp.csr_matrix:
        """The whole matrix, assembled from the blocks (on every access: keep it if reused)."""
        if not self.blocks:
            return sp.csr_matrix((0, len(self.terms)), dtype=np.int64)
        blocks = self.client.gather(self.blocks) if self.on_cluster else self.blocks
        out = sp.vstack(blocks, format="csr")
        out.sum_duplicates()
        return sp.csr_matrix(out)

    def to_dtm(self) -> DocumentTermMatrix:
        """An in-memory :class:`~analysis.terms.DocumentTermMatrix` with the same content."""
        return DocumentTermMatrix(
            matrix=self.matrix, terms=self.terms, doc_ids=self.doc_ids,
            options=dict(self.options), docvars=self.docvars,
        )  # fmt: skip

    def term_index(self, terms) -> np.ndarray:
        """Column positions of ``terms`` (-1 where absent); see DocumentTermMatrix.term_index."""
        return term_index(self, terms)

    def map_blocks(self, func, *args, per_block: list | None = None) -> list:
        """``[func(block, *per_block[i], *args) for each block]``, in block order.

        Blocks on the cluster are processed there (one task per block, through
        :func:`analysis.scale.cluster.gather_partitions`); only the results come back.
        """
        items = [
            (block, *(per_block[i] if per_block is not None else ()))
            for i, block in enumerate(self.blocks)
        ]
        if self.on_cluster:
            return gather_partitions(
                self.client, _call_on_block, items, func, *args, desc="terms: blocks",
                progress=False,
            )  # fmt: skip
        return [_call_on_block(item, func, *args) for item in items]

    def group_sums(self, codes: np.ndarray, n_groups: int, *, binary: bool = False):
        """Sum of the blocks' group sums (see :func:`analysis.terms._input.group_sums`)."""
        offsets = self.offsets
        per_block = [(codes[offsets[i] : offsets[i + 1]],) for i in range(self.n_blocks)]
        parts = self.map_blocks(block_group_sums, n_groups, binary, per_block=per_block)
        total = sp.csr_matrix((n_groups, len(self.terms)), dtype=np.int64)
        for part in parts:
            total = total + part
        return sp.csr_matrix(total)


# -- per-partition work (runs on the workers) ------------------------------------------


def _call_on_block(item: tuple, func, *args):
    block, *extra = item
    return func(block, *extra, *args)


_COLUMNS = ("text", *DOCVAR_COLUMNS)


def _articles(partition):
    """A partition as something :func:`read_texts` takes: a frame, or a Series of texts."""
    if isinstance(partition, pd.Series):
        return partition
    if isinstance(partition, (str, os.PathLike)):
        import pyarrow.parquet as pq

        names = set(pq.read_schema(partition).names)
        return partition_frame(partition, columns=[c for c in _COLUMNS if c in names])
    return partition_frame(partition)


def _rows(partition) -> dict:
    texts, doc_ids, docvars, n_missing = read_texts(_articles(partition), caller="build_dtm")
    return {"texts": texts, "doc_ids": doc_ids, "docvars": docvars, "n_missing": n_missing}


# The analyzer (a plain picklable object) is passed rather than the options dict:
# Dask scatters a dict argument key by key, under the dict's own keys.


def _count_partition(partition, analyzer) -> dict:
    """Pass 1: doc_ids, docvars and the partition's counts over its own terms, unpruned.

    On a cluster this stays in the worker's memory until pass 2 has used it, so no
    text is tokenised twice.
    """
    rows = _rows(partition)
    matrix, terms = count_texts(rows.pop("texts"), analyzer)
    return {**rows, "matrix": matrix, "terms": terms}


def _stats_of(counted: dict) -> dict:
    """What the driver needs of pass 1: per-term (count, document frequency), rows."""
    counts, dfs = term_stats(counted["matrix"])
    rest = {k: v for k, v in counted.items() if k != "matrix"}
    return {**rest, "counts": counts, "dfs": dfs}


def _restrict_of(counted: dict, vocabulary: np.ndarray) -> sp.csr_matrix:
    """Pass 2: the partition's counts over the fixed vocabulary."""
    return restrict(counted["matrix"], counted["terms"], vocabulary)


def _hashed_partition(partition, analyzer, n_features: int) -> dict:
    """The single pass of hashed counts (and the buckets used, for the collision report)."""
    from ..terms.dtm import _hashed_counts

    rows = _rows(partition)
    block = _hashed_counts(rows.pop("texts"), analyzer, n_features)
    return {**rows, "block": block, "used": np.unique(block.indices)}


def _without_block(result: dict) -> dict:
    return {k: v for k, v in result.items() if k != "block"}


def _block_of(result: dict) -> sp.csr_matrix:
    return result["block"]


# -- driver ------------------------------------------------------------------------------


def _partitions(data, rows_per_partition: int) -> list:
    if isinstance(data, (pd.DataFrame, os.PathLike)) or hasattr(data, "npartitions"):
        return as_partitions(data, rows_per_partition=rows_per_partition)
    if isinstance(data, str) and (os.path.isdir(data) or data.lower().endswith(".parquet")):
        return as_partitions(data, rows_per_partition=rows_per_partition)
    if isinstance(data, str):
        read_texts(data, caller="build_dtm")  # raises the in-memory message
    if isinstance(data, pd.Series):
        series = data
    elif isinstance(data, Iterable):
        series = pd.Series(list(data), dtype=object)  # as the in-memory path numbers them
    else:
        read_texts(data, caller="build_dtm")  # raises the in-memory message
    if len(series) == 0:
        return [series]
    step = rows_per_partition
    return [series.iloc[i : i + step] for i in range(0, len(series), step)]


def _combine_rows(results: list[dict], *, stacklevel: int = 4) -> tuple[pd.Index, pd.DataFrame]:
    doc_ids = results[0]["doc_ids"].append([r["doc_ids"] for r in results[1:]])
    doc_ids = pd.Index(doc_ids, name="doc_id")
    docvars = [r["docvars"] for r in results]
    combined = pd.concat(docvars) if len(docvars) > 1 else docvars[0]
    combined.index = doc_ids
    n_missing = sum(r["n_missing"] for r in results)
    check_corpus(doc_ids, n_missing, caller="build_dtm", stacklevel=stacklevel)
    return doc_ids, combined


def _build_hashed(parts, analyzer, options, client, keep_blocks, progress) -> PartitionedDTM:
    """Hashed counts: one pass, each partition on its own (the hashing is stateless)."""
    from ..terms.dtm import _warn_collisions, hashing_occupancy, raise_empty_vocabulary

    n_features = int(options["n_features"])
    if keep_blocks == "cluster":
        from .cluster import get_client

        client = get_client(client)
        full = persist_partitions(
            client, _hashed_partition, parts, analyzer, n_features, progress=progress
        )
        results = gather_partitions(client, _without_block, full, progress=False)
        blocks = persist_partitions(client, _block_of, full, progress=progress)
        del full
    else:
        results = gather_partitions(
            client, _hashed_partition, parts, analyzer, n_features,
            desc="terms: hashed counts", progress=progress,
        )  # fmt: skip
        blocks = [r["block"] for r in results]
        client = None
    doc_ids, docvars = _combine_rows(results, stacklevel=5)
    used = np.zeros(n_features, dtype=bool)
    for r in results:
        used[r["used"]] = True
    if not used.any():
        raise_empty_vocabulary()
    report = hashing_occupancy(int(used.sum()), n_features)
    _warn_collisions(report, n_features, stacklevel=5)
    block_rows = tuple(len(r["doc_ids"]) for r in results)
    return PartitionedDTM(
        blocks, hashed_terms(n_features), doc_ids, {**options, **report}, docvars,
        block_rows, client,
    )  # fmt: skip


def build_dtm_partitioned(
    data,
    *,
    options: dict,
    client=None,
    rows_per_partition: int = 5000,
    keep_blocks: str = "driver",
    progress: bool | None = None,
) -> PartitionedDTM:
    """Build a document-term matrix partition by partition (see the module docstring).

    Called by :func:`analysis.terms.build_dtm` with its validated ``options``;
    users call ``build_dtm(data, client=...)``.

    Parameters
    ----------
    data : DataFrame, Series, list of str, dask DataFrame or path
        Articles, texts, or the folder of a partitioned corpus (the workers read
        their own part files).
    options : dict
        The ``options`` of the matrix, as :func:`analysis.terms.build_dtm` records them.
    client : distributed.Client, str or None
        The cluster; None runs the partitions here, one after the other.
    rows_per_partition : int, default 5000
        Partition size for in-memory input.
    keep_blocks : {"driver", "cluster"}, default "driver"
        Where the blocks of the matrix live: here (a list of CSR matrices), or in
        the workers' memory (futures; needs a client), so that a matrix larger
        than this process's memory can still be summed by frequencies, keyness
        and trends. Its blocks are lost when the client disconnects.
    progress : bool, optional
        Force the progress bars on or off.

    Returns
    -------
    PartitionedDTM

    Examples
    --------
    >>> from analysis.terms import build_dtm
    >>> texts = ["Rates rose in Kyiv.", "Rates fell.", "Kyiv's rates rose."]
    >>> whole = build_dtm(texts, min_df=2)
    >>> part = build_dtm_partitioned(texts, options=whole.options, rows_per_partition=2,
    ...                              progress=False)
    >>> part.n_blocks, part.terms.tolist(), (part.matrix != whole.matrix).nnz
    (2, ['kyiv', 'rates', 'rose'], 0)
    """
    from ..terms.dtm import analyzer_for, raise_empty_vocabulary

    if keep_blocks not in ("driver", "cluster"):
        raise ValueError(f"keep_blocks must be 'driver' or 'cluster'; got {keep_blocks!r}.")
    if keep_blocks == "cluster" and client is None:
        raise ValueError(
            "keep_blocks='cluster' keeps the blocks in the workers' memory and needs a "
            "client. Pass client=..., or keep_blocks='driver'."
        )
    parts = _partitions(data, rows_per_partition)
    analyzer = analyzer_for(options)
    if options.get("hashed"):
        return _build_hashed(parts, analyzer, options, client, keep_blocks, progress)
    if client is not None:
        from .cluster import get_client

        client = get_client(client)
        counted = persist_partitions(
            client, _count_partition, parts, analyzer, desc="terms: counts", progress=progress
        )
        stats = gather_partitions(client, _stats_of, counted, progress=False)
    else:
        counted = gather_partitions(
            None, _count_partition, parts, analyzer, desc="terms: counts", progress=progress
        )
        stats = [_stats_of(c) for c in counted]
    doc_ids, docvars = _combine_rows(stats)
    terms, counts, dfs = merge_term_stats([(s["terms"], s["counts"], s["dfs"]) for s in stats])
    if len(terms) == 0:
        raise_empty_vocabulary()
    vocabulary = select_vocabulary(
        terms, counts, dfs, len(doc_ids), min_df=options["min_df"], max_df=options["max_df"],
        max_features=options["max_features"],
    )  # fmt: skip
    block_rows = tuple(len(s["doc_ids"]) for s in stats)
    del stats
    if keep_blocks == "cluster":
        blocks = persist_partitions(client, _restrict_of, counted, vocabulary, progress=progress)
        return PartitionedDTM(
            blocks, vocabulary, doc_ids, dict(options), docvars, block_rows, client
        )
    blocks = gather_partitions(
        client, _restrict_of, counted, vocabulary, desc="terms: matrix", progress=progress,
    )  # fmt: skip
    del counted
    return PartitionedDTM(blocks, vocabulary, doc_ids, dict(options), docvars, block_rows)
