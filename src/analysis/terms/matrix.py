"""The document-term matrix, held as row blocks, and the labels of hashed columns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["DocumentTermMatrix", "block_group_sums", "hash_buckets", "hashed_terms", "term_index"]


class DocumentTermMatrix:
    """Documents in rows, terms in columns (quanteda's dfm, in scipy form).

    The counts are held as one CSR block of rows per partition the matrix was built
    from (one block for a matrix built at once); on a cluster with
    ``build_dtm(..., keep_blocks="cluster")`` the blocks stay in the workers' memory.
    :func:`analysis.terms.frequencies`, :func:`~analysis.terms.keyness`,
    :func:`~analysis.terms.trends` and grouped :func:`~analysis.terms.top_terms` sum
    the blocks' group counts (integers, so the result never depends on the blocks);
    ``matrix`` assembles the whole matrix when asked.

    Parameters
    ----------
    matrix : scipy.sparse matrix or list of them
        Counts, shape ``(n_docs, n_terms)``, or its row blocks in order (every block
        with all the columns; handles of an executor with ``block_rows``).
    terms : numpy.ndarray of str
        Column labels, in column order.
    doc_ids : pandas.Index
        Row labels (the articles' ``doc_id``), in row order.
    options : dict, optional
        The options the matrix was built with (for provenance and for transforming new
        documents the same way).
    docvars : pandas.DataFrame, optional
        Per-document variables (e.g. ``source``, ``published``) aligned to ``doc_ids``.
    block_rows : tuple of int, optional
        Rows of each block (needed when the blocks are held by an executor).
    executor : analysis.parallel.Executor, optional
        The executor holding the blocks, when they are not in this process.

    Examples
    --------
    >>> import numpy as np, pandas as pd, scipy.sparse as sp
    >>> blocks = [sp.csr_matrix([[1, 0]]), sp.csr_matrix([[0, 2], [1, 1]])]
    >>> dtm = DocumentTermMatrix(blocks, np.array(["a", "b"], dtype=object),
    ...                          pd.Index(["d1", "d2", "d3"], name="doc_id"))
    >>> dtm.shape, dtm.n_blocks
    ((3, 2), 2)
    >>> dtm.matrix.toarray().tolist()
    [[1, 0], [0, 2], [1, 1]]
    """

    def __init__(
        self,
        matrix: sp.spmatrix | sp.sparray | Sequence[Any],
        terms: np.ndarray,
        doc_ids: pd.Index,
        options: dict[str, Any] | None = None,
        docvars: pd.DataFrame | None = None,
        *,
        block_rows: tuple[int, ...] | None = None,
        executor: Any = None,
    ) -> None:
        blocks = list(matrix) if isinstance(matrix, (list, tuple)) else [matrix]
        if block_rows is None:
            if executor is not None:
                raise ValueError("block_rows is needed when the blocks are held by an executor.")
            block_rows = tuple(int(b.shape[0]) for b in blocks)
        self._blocks = blocks
        self._block_rows = tuple(int(n) for n in block_rows)
        self._executor = executor
        self.terms = terms
        self.doc_ids = doc_ids
        self.options = {} if options is None else options
        self.docvars = docvars
        self._check()

    def _check(self) -> None:
        if len(self._block_rows) != len(self._blocks):
            raise ValueError(
                f"{len(self._block_rows)} block_rows for {len(self._blocks)} blocks; "
                "give one row count per block."
            )
        n_rows = int(sum(self._block_rows))
        widths = set() if self.on_cluster else {int(b.shape[1]) for b in self._blocks}
        if n_rows != len(self.doc_ids) or widths - {len(self.terms)}:
            raise ValueError(
                f"The matrix has {n_rows} rows and {sorted(widths)} columns, but there are "
                f"{len(self.doc_ids)} doc_ids and {len(self.terms)} terms; they must match "
                "the rows and columns."
            )
        if self.docvars is not None and len(self.docvars) != n_rows:
            raise ValueError(
                f"docvars has {len(self.docvars)} rows for {n_rows} documents; "
                "pass one row per document, in doc_ids order."
            )

    def __repr__(self) -> str:
        where = ", on the cluster" if self.on_cluster else ""
        return (
            f"DocumentTermMatrix(n_docs={self.shape[0]}, n_terms={self.shape[1]}, "
            f"n_blocks={self.n_blocks}{where})"
        )

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_docs, n_terms)``."""
        return (len(self.doc_ids), len(self.terms))

    @property
    def blocks(self) -> list:
        """The row blocks, in order (handles when :attr:`on_cluster`)."""
        return list(self._blocks)

    @property
    def n_blocks(self) -> int:
        """Number of row blocks (partitions)."""
        return len(self._blocks)

    @property
    def block_rows(self) -> tuple[int, ...]:
        """Rows of each block."""
        return self._block_rows

    @property
    def on_cluster(self) -> bool:
        """True when the blocks are held by an executor (the workers' memory)."""
        return self._executor is not None

    @property
    def offsets(self) -> np.ndarray:
        """Row offsets: block ``i`` holds rows ``offsets[i]:offsets[i + 1]``."""
        return np.cumsum([0, *self._block_rows])

    @property
    def matrix(self) -> sp.csr_matrix:
        """The whole matrix: the one block itself, or the blocks assembled (on every
        access: keep it if reused)."""
        if len(self._blocks) == 1 and not self.on_cluster:
            return self._blocks[0]
        if not self._blocks:
            return sp.csr_matrix((0, len(self.terms)), dtype=np.int64)
        blocks = self._executor.gather(self._blocks) if self.on_cluster else self._blocks
        out = sp.vstack(blocks, format="csr")
        out.sum_duplicates()
        return sp.csr_matrix(out)

    def to_dtm(self) -> DocumentTermMatrix:
        """The same matrix as one block in this process."""
        return DocumentTermMatrix(
            self.matrix, self.terms, self.doc_ids, dict(self.options), self.docvars
        )

    def term_index(self, terms: Iterable[str]) -> np.ndarray:
        """Column positions of ``terms`` (-1 where a term is not in the vocabulary).

        For a hashed matrix (``options["hashed"]``) a term's column is its hash
        bucket (see :func:`hash_buckets`); labels such as ``"#123"`` work as well.

        Examples
        --------
        >>> import numpy as np, pandas as pd, scipy.sparse as sp
        >>> dtm = DocumentTermMatrix(sp.csr_matrix(np.eye(2, dtype=int)),
        ...                          np.array(["a", "b"]), pd.Index(["d1", "d2"]))
        >>> dtm.term_index(["b", "zzz"]).tolist()
        [1, -1]
        """
        return term_index(self, terms)

    def map_blocks(
        self, func: Callable[..., Any], *args: Any, per_block: list | None = None
    ) -> list:
        """``[func(block, *per_block[i], *args) for each block]``, in block order.

        Blocks held by an executor are processed where they are; only the results
        come back.
        """
        if not self.on_cluster:
            return [
                func(block, *(per_block[i] if per_block is not None else ()), *args)
                for i, block in enumerate(self._blocks)
            ]
        items = [
            (block, *(per_block[i] if per_block is not None else ()))
            for i, block in enumerate(self._blocks)
        ]
        return self._executor.map(_call_on_block, items, func, *args, progress=False)

    def group_sums(self, codes: ArrayLike, n_groups: int, *, binary: bool = False) -> sp.csr_matrix:
        """Row sums per group, ``G @ X`` with ``G`` the group indicator, summed over blocks.

        ``codes`` gives each document's group (``0 .. n_groups - 1``, -1 to leave it
        out); with ``binary`` each document counts a term once (document frequency).

        Examples
        --------
        >>> import numpy as np, pandas as pd, scipy.sparse as sp
        >>> dtm = DocumentTermMatrix([sp.csr_matrix([[1, 0]]), sp.csr_matrix([[2, 1]])],
        ...                          np.array(["a", "b"]), pd.Index(["d1", "d2"]))
        >>> dtm.group_sums(np.array([0, 0]), 1).toarray().tolist()
        [[3, 1]]
        """
        codes = np.asarray(codes, dtype=np.int64)
        offsets = self.offsets
        per_block = [(codes[offsets[i] : offsets[i + 1]],) for i in range(self.n_blocks)]
        parts = self.map_blocks(block_group_sums, n_groups, binary, per_block=per_block)
        total = sp.csr_matrix((n_groups, len(self.terms)), dtype=np.int64)
        for part in parts:
            total = total + part
        return sp.csr_matrix(total)


def _call_on_block(item: tuple, func, *args):
    block, *extra = item
    return func(block, *extra, *args)


def block_group_sums(
    block: sp.spmatrix | sp.sparray, codes: np.ndarray, n_groups: int, binary: bool = False
):
    """``(n_groups x n_terms)`` sums of a block's rows by group code (-1: left out).

    Examples
    --------
    >>> import numpy as np, scipy.sparse as sp
    >>> block_group_sums(sp.csr_matrix([[1, 2], [3, 0]]), np.array([0, -1]), 1).toarray()
    array([[1, 2]])
    """
    keep = codes >= 0
    g = sp.csr_matrix(
        (np.ones(int(keep.sum()), dtype=np.int64), (codes[keep], np.flatnonzero(keep))),
        shape=(n_groups, block.shape[0]),
    )
    x = (block > 0).astype(np.int64) if binary else block
    return sp.csr_matrix(g @ x)


def term_index(dtm: DocumentTermMatrix, terms: Iterable[str]) -> np.ndarray:
    """Column positions of ``terms`` in a :class:`DocumentTermMatrix` (see its method)."""
    terms = list(terms)
    lookup = pd.Series(np.arange(len(dtm.terms)), index=dtm.terms)
    found = lookup.reindex(terms).fillna(-1).to_numpy(dtype=np.int64)
    if dtm.options.get("hashed"):
        n_features = int(dtm.options["n_features"])
        words = [t for t, i in zip(terms, found, strict=True) if i < 0]
        if words:
            found[found < 0] = hash_buckets(words, n_features=n_features)
    return found


def hashed_terms(n_features: int) -> np.ndarray:
    """The column labels of a hashed matrix: ``"#0"``, ``"#1"``, ... (object array of str).

    Examples
    --------
    >>> hashed_terms(3).tolist()
    ['#0', '#1', '#2']
    """
    return np.char.add("#", np.arange(n_features).astype(str)).astype(object)


def hash_buckets(terms: Iterable[str], *, n_features: int) -> np.ndarray:
    """The hash bucket of each term, as ``build_dtm(..., hashed=True)`` counts it.

    The terms are taken as they appear in a matrix (lower case, lemmas if the
    matrix was lemmatised, ``"white house"`` for a bigram).

    Examples
    --------
    >>> hash_buckets(["trump", "trump", "brexit"], n_features=2**20).tolist()[:2]
    [907820, 907820]
    """
    from sklearn.feature_extraction.text import HashingVectorizer

    terms = [str(t) for t in terms]
    vec = HashingVectorizer(
        analyzer=_one_term, n_features=n_features, alternate_sign=False, norm=None
    )
    x = vec.transform(terms).tocsr()
    return x.indices[x.indptr[:-1]].astype(np.int64)


def _one_term(term: str) -> list[str]:
    return [term]
