"""Find exact and near-duplicate texts; the first copy is the one kept.

Exact duplicates share the same *normalised* text (case-folded, punctuation and
whitespace ignored). Near-duplicates (the same wire story with another footer, a
corrected typo) are found with MinHash over word 5-shingles and locality-sensitive
hashing: each text is compared only with kept texts that share a band of its
signature, so the cost grows about linearly with the corpus. The similarity reported
is the MinHash estimate of the Jaccard similarity of the two shingle sets.

Everything is deterministic: word hashes come from blake2b, permutations from a fixed
seed, and texts are visited in input order.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["find_duplicates", "normalized_key"]

_TOKEN = re.compile(r"\w+")


def normalized_key(text: str) -> str:
    """Key for exact-duplicate detection: lower-case words joined by single spaces.

    Examples
    --------
    >>> normalized_key("Hello,  World!\\n") == normalized_key("hello world")
    True
    """
    return " ".join(_TOKEN.findall(text.casefold()))


class _WordHashes(dict):
    """word -> stable 64-bit hash (blake2b), computed once per distinct word."""

    def __missing__(self, word: str) -> int:
        h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
        self[word] = h
        return h


class _MinHasher:
    def __init__(self, *, shingle: int, num_perm: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.a = (rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1))[:, None]
        self.b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)[:, None]
        self.shingle = shingle
        self.words = _WordHashes()
        self.mult = np.uint64(0x9E3779B97F4A7C15)

    def __call__(self, tokens: list[str]) -> np.ndarray:
        arr = np.fromiter(map(self.words.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
        if len(arr) == 0:
            arr = np.zeros(1, dtype=np.uint64)
        k = max(1, min(self.shingle, len(arr)))
        sh = arr[: len(arr) - k + 1].copy()
        for j in range(1, k):
            sh = sh * self.mult + arr[j : len(arr) - k + 1 + j]
        sh = np.unique(sh)
        return ((self.a * sh[None, :] + self.b) >> np.uint64(32)).min(axis=1).astype(np.uint32)


def find_duplicates(
    texts: Sequence[str],
    *,
    near: bool = True,
    threshold: float = 0.8,
    shingle: int = 5,
    num_perm: int = 128,
    bands: int = 32,
    seed: int = 0,
) -> pd.DataFrame:
    """Mark each text that duplicates an earlier one.

    Texts are visited once, in order, and only their MinHash signatures are kept, so
    memory grows with the number of texts, not with their length.

    Parameters
    ----------
    texts : sequence of str
        In input order; earlier texts win.
    near : bool, default True
        Also look for near-duplicates (else exact only).
    threshold : float, default 0.8
        Estimated Jaccard similarity of word 5-shingles above which two texts are
        near-duplicates.
    shingle, num_perm, bands, seed : int
        MinHash settings: shingle length in words, signature length, LSH bands
        (``num_perm`` must be divisible by ``bands``), random seed.

    Returns
    -------
    pandas.DataFrame
        One row per text, same order: ``duplicate_of`` (position of the kept text, or
        -1), ``kind`` (``"exact"``, ``"near"`` or ``""``) and ``similarity``
        (1.0 for exact, the estimate for near, NaN otherwise).

    Examples
    --------
    >>> base = " ".join(f"word{i}" for i in range(60))
    >>> out = find_duplicates([base, "Other text entirely.", base.upper(), base + " Source link"])
    >>> out[["duplicate_of", "kind"]].values.tolist()
    [[-1, ''], [-1, ''], [0, 'exact'], [0, 'near']]
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold={threshold} must be in (0, 1]; 0.8 is a good start.")
    if num_perm % bands:
        raise ValueError(f"num_perm={num_perm} must be divisible by bands={bands}.")
    n = len(texts)
    dup_of = np.full(n, -1, dtype=np.int64)
    kind = np.full(n, "", dtype=object)
    sim = np.full(n, np.nan)
    first: dict[bytes, int] = {}
    minhash = _MinHasher(shingle=shingle, num_perm=num_perm, seed=seed)
    rows = num_perm // bands
    sigs = np.empty((n, num_perm), dtype=np.uint32) if near else None
    buckets: list[dict[bytes, list[int]]] = [{} for _ in range(bands)]
    for i, text in enumerate(texts):
        toks = _TOKEN.findall(text.casefold())
        key = hashlib.blake2b(" ".join(toks).encode(), digest_size=16).digest()
        j = first.setdefault(key, i)
        if j != i:
            dup_of[i], kind[i], sim[i] = j, "exact", 1.0
            continue
        if sigs is None:
            continue
        sig = sigs[i] = minhash(toks)
        keys = [sig[r * rows : (r + 1) * rows].tobytes() for r in range(bands)]
        cands: set[int] = set()
        for r, k in enumerate(keys):
            cands.update(buckets[r].get(k, ()))
        if cands:
            cand = np.fromiter(sorted(cands), dtype=np.int64, count=len(cands))
            agree = (sigs[cand] == sig).mean(axis=1)
            best = int(np.argmax(agree))
            if agree[best] >= threshold:
                dup_of[i], kind[i], sim[i] = cand[best], "near", float(agree[best])
                continue
        for r, k in enumerate(keys):
            buckets[r].setdefault(k, []).append(i)
    return pd.DataFrame({"duplicate_of": dup_of, "kind": kind, "similarity": sim})
