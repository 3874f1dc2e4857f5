"""Find exact and near-duplicate texts; the first copy is the one kept.

Exact duplicates share the same *normalised* text (case-folded, punctuation and
whitespace ignored). Near-duplicates (the same wire story with another footer, a
corrected typo) are found with MinHash over word 5-shingles and locality-sensitive
hashing: each text is compared only with kept texts that share a band of its
signature, so the cost grows about linearly with the corpus. The similarity reported
is the MinHash estimate of the Jaccard similarity of the two shingle sets.

The work is split in two stages so that texts can be hashed where they are loaded
(in chunks, or on the workers of a cluster) and only their small signatures travel:

1. :func:`text_signatures` turns texts into :class:`Signatures`: a 16-byte key of
   the normalised text per text, plus a MinHash signature (``num_perm`` ``uint32``)
   for near-duplicate search. Signatures of consecutive chunks are joined with
   :meth:`Signatures.concat`.
2. :func:`match_duplicates` visits the signatures in input order and says which
   text duplicates which earlier one.

:func:`find_duplicates` chains the two. Everything is deterministic: word hashes come
from blake2b, permutations from a fixed seed, and texts are matched in input order, so
the result does not depend on how the texts were cut into chunks.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "CHUNK_WORDS",
    "Signatures",
    "find_duplicates",
    "match_duplicates",
    "normalized_key",
    "text_signatures",
]

_TOKEN = re.compile(r"\w+")
#: Distinct words whose hash is remembered between calls (about 120 bytes each).
_MAX_CACHED_WORDS = 100_000
#: Words of a text hashed at a time: memory per text is bounded by this (a
#: ``num_perm x chunk`` ``uint64`` block, 4 MiB by default) plus the text itself.
CHUNK_WORDS = 4096


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


# A memo of a pure function (the hash of a word): it only saves time, never changes a
# result. Bounded, so memory does not grow with the size of the corpus.
_WORDS = _WordHashes()


def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = (rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1))[:, None]
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)[:, None]
    return a, b


_MULT = np.uint64(0x9E3779B97F4A7C15)


#: Characters of a text case-folded at a time (``str.casefold`` needs 12 bytes of
#: scratch memory per character).
_FOLD_BLOCK = 1 << 20


def _blocks(text: str, size: int = _FOLD_BLOCK) -> Iterator[str]:
    """``text`` in pieces of about ``size`` characters, cut at spaces or line breaks.

    Case folding is character by character and a space is never part of a word, so
    the words of the pieces, folded, are those of the text folded.

    Examples
    --------
    >>> list(_blocks("ab cd ef", size=3)), list(_blocks("abcdef gh", size=3))
    (['ab ', 'cd ', 'ef'], ['abcdef ', 'gh'])
    """
    start = 0
    while len(text) - start > size:
        end = max(text.rfind(" ", start, start + size), text.rfind("\n", start, start + size))
        if end < 0:  # one long word: cut after it
            found = [i for i in (text.find(" ", start), text.find("\n", start)) if i >= 0]
            end = min(found, default=len(text) - 1)
        yield text[start : end + 1]
        start = end + 1
    if start < len(text) or not text:
        yield text[start:]


def _word_chunks(text: str, chunk: int, block: int = _FOLD_BLOCK) -> Iterator[list[str]]:
    """The words of ``text`` (case-folded), ``chunk`` at a time."""
    if len(text) <= block:  # one block (news articles): one findall, sliced
        found = _TOKEN.findall(text.casefold())
        for start in range(0, len(found), chunk):
            yield found[start : start + chunk]
        return
    words = itertools.chain.from_iterable(
        map(re.Match.group, _TOKEN.finditer(b.casefold())) for b in _blocks(text, block)
    )
    while batch := list(itertools.islice(words, chunk)):
        yield batch


def _word_hashes(words: list[str]) -> np.ndarray:
    if len(_WORDS) > _MAX_CACHED_WORDS:
        _WORDS.clear()
    return np.fromiter(map(_WORDS.__getitem__, words), dtype=np.uint64, count=len(words))


class _MinHash:
    """Running MinHash of a stream of word hashes: shingles are hashed block by block.

    The same signature as hashing all the shingles at once (a minimum does not depend
    on how its values are grouped), in memory bounded by the block size.
    """

    def __init__(self, shingle: int, a: np.ndarray, b: np.ndarray) -> None:
        self.shingle, self.a, self.b = shingle, a, b
        self.carry = np.zeros(0, dtype=np.uint64)  # the last words of an unfinished shingle
        self.mins: np.ndarray | None = None

    def add(self, hashes: np.ndarray) -> None:
        arr = np.concatenate([self.carry, hashes])
        k = self.shingle
        if len(arr) < k:
            self.carry = arr
            return
        self._update(arr, k)
        self.carry = arr[len(arr) - k + 1 :]

    def _update(self, arr: np.ndarray, k: int) -> None:
        sh = arr[: len(arr) - k + 1].copy()
        for j in range(1, k):
            sh = sh * _MULT + arr[j : len(arr) - k + 1 + j]
        mins = ((self.a * sh[None, :] + self.b) >> np.uint64(32)).min(axis=1)
        self.mins = mins if self.mins is None else np.minimum(self.mins, mins)

    def signature(self) -> np.ndarray:
        if self.mins is None:  # fewer words than a shingle: one shingle of them all
            arr = self.carry if len(self.carry) else np.zeros(1, dtype=np.uint64)
            self._update(arr, len(arr))
        return self.mins.astype(np.uint32)


def _text_signature(
    text: str, near: bool, shingle: int, a: np.ndarray | None, b: np.ndarray | None, chunk: int
) -> tuple[bytes, np.ndarray | None]:
    """The exact-duplicate key and (with ``near``) the MinHash signature of one text."""
    key = hashlib.blake2b(digest_size=16)
    minhash = _MinHash(shingle, a, b) if near else None
    sep = b""
    for words in _word_chunks(text, chunk):
        key.update(sep + " ".join(words).encode())
        sep = b" "
        if minhash is not None:
            minhash.add(_word_hashes(words))
    return key.digest(), (minhash.signature() if minhash is not None else None)


@dataclass(frozen=True)
class Signatures:
    """What duplicate matching needs to know about each text, in input order.

    Attributes
    ----------
    keys : numpy.ndarray
        ``V16`` array: a blake2b digest of :func:`normalized_key` per text (equal
        keys = exact duplicates).
    blocks : tuple of numpy.ndarray, or None
        MinHash signatures, ``(rows, num_perm)`` ``uint32`` blocks that stack to one
        row per text (None when only exact duplicates are searched). They stay in
        the blocks they were computed in, so joining the signatures of many chunks
        copies nothing big. Rows of texts that repeat an earlier text of the same
        call are left zero: matching never reads them.
    """

    keys: np.ndarray
    blocks: tuple[np.ndarray, ...] | None = None

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def minhash(self) -> np.ndarray | None:
        """All MinHash signatures as one ``(n, num_perm)`` array (a copy if in blocks)."""
        if self.blocks is None:
            return None
        return self.blocks[0] if len(self.blocks) == 1 else np.concatenate(self.blocks)

    @classmethod
    def concat(cls, parts: Sequence[Signatures]) -> Signatures:
        """Join the signatures of consecutive chunks, in order (empty ones are skipped).

        Examples
        --------
        >>> s = text_signatures(["a b", "c d"], near=False)
        >>> len(Signatures.concat([s, s, text_signatures([], near=False)]))
        4
        """
        parts = [p for p in parts if len(p)] or list(parts)[:1]
        if not parts:
            return text_signatures([], near=False)
        if len(parts) == 1:
            return parts[0]
        keys = np.concatenate([p.keys for p in parts])
        if any(p.blocks is None for p in parts):
            return cls(keys)
        return cls(keys, tuple(blk for p in parts for blk in p.blocks if len(blk)))


class _Rows:
    """Random access to the rows of signature blocks without stacking them."""

    def __init__(self, blocks: tuple[np.ndarray, ...]) -> None:
        self.blocks = blocks
        self.starts = np.cumsum([0] + [len(b) for b in blocks])

    def __getitem__(self, i: int) -> np.ndarray:
        k = int(np.searchsorted(self.starts, i, side="right")) - 1
        return self.blocks[k][i - self.starts[k]]

    def take(self, index: np.ndarray) -> np.ndarray:
        return np.stack([self[int(i)] for i in index])

    def band(self, lo: int, hi: int, index: np.ndarray | None) -> np.ndarray:
        cols = [b[:, lo:hi] for b in self.blocks]
        band = np.concatenate(cols) if cols else np.empty((0, hi - lo), np.uint32)
        return band if index is None else band[index]


def text_signatures(
    texts: Iterable[str],
    *,
    near: bool = True,
    shingle: int = 5,
    num_perm: int = 128,
    seed: int = 0,
    chunk: int = CHUNK_WORDS,
) -> Signatures:
    """Hash texts for duplicate matching: exact keys and MinHash signatures.

    The first stage of :func:`find_duplicates`. Texts are visited once and only
    their signatures are kept (16 bytes, plus ``4 * num_perm`` bytes with ``near``),
    so the result is small whatever the length of the texts. Chunks of a corpus
    can be hashed separately (on different machines) and joined with
    :meth:`Signatures.concat`: the result is the same.

    Parameters
    ----------
    texts : iterable of str
    near : bool, default True
        Also compute MinHash signatures for near-duplicate search.
    shingle, num_perm, seed : int
        Shingle length in words, signature length and random seed; see
        :func:`find_duplicates`.
    chunk : int, default CHUNK_WORDS
        Words of a text hashed at a time. Memory per text grows with it, not with
        the length of the text; the result does not depend on it.

    Returns
    -------
    Signatures

    Examples
    --------
    >>> sig = text_signatures(["Hello world", "hello, WORLD!", "Other"], num_perm=8)
    >>> len(set(sig.keys.tolist())), sig.minhash.shape
    (2, (3, 8))
    """
    if chunk < 1:
        raise ValueError(f"chunk={chunk} must be at least 1 word; the default is {CHUNK_WORDS}.")
    a, b = _permutations(num_perm, seed) if near else (None, None)
    digests: list[bytes] = []
    rows: list[np.ndarray] = []
    seen: set[bytes] = set()
    zero = np.zeros(num_perm, dtype=np.uint32)
    for text in texts:
        key, minhash = _text_signature(text, near, shingle, a, b, chunk)
        digests.append(key)
        if not near:
            continue
        rows.append(zero if key in seen else minhash)
        seen.add(key)
    keys = np.frombuffer(b"".join(digests), dtype="V16").copy()
    if not near:
        return Signatures(keys)
    minhash = np.stack(rows) if rows else np.empty((0, num_perm), dtype=np.uint32)
    return Signatures(keys, (minhash,))


def _band_groups(sigs: _Rows, index: np.ndarray | None, n: int, num_perm: int, bands: int):
    """``(n, bands)`` group numbers: equal in column r = the same band r of signature."""
    rows = num_perm // bands
    groups = np.empty((n, bands), dtype=np.int32 if n < 2**31 else np.int64)
    for r in range(bands):
        band = sigs.band(r * rows, (r + 1) * rows, index)
        order = np.lexsort(band.T[::-1])
        ordered = band[order]
        new = np.ones(n, dtype=bool)
        new[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
        groups[order, r] = np.cumsum(new, dtype=groups.dtype) - 1
    return groups


def match_duplicates(
    signatures: Signatures,
    *,
    near: bool = True,
    threshold: float = 0.8,
    bands: int = 32,
) -> pd.DataFrame:
    """Mark each text that duplicates an earlier one, from its signatures.

    The second stage of :func:`find_duplicates`: visits the texts in input order,
    so the first copy is the one kept. A text is compared only with kept texts that
    share a band of its signature (locality-sensitive hashing); texts that share no
    band with any other are settled at once, without a Python loop.

    Parameters
    ----------
    signatures : Signatures
        From :func:`text_signatures`, for the whole corpus in input order.
    near : bool, default True
        Also look for near-duplicates (needs ``signatures.blocks``).
    threshold : float, default 0.8
    bands : int, default 32
        LSH bands; the signature length must be divisible by it.

    Returns
    -------
    pandas.DataFrame
        As :func:`find_duplicates`.

    Examples
    --------
    >>> sig = text_signatures(["one two", "three", "One, two!"], near=False)
    >>> match_duplicates(sig, near=False)["duplicate_of"].tolist()
    [-1, -1, 0]
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold={threshold} must be in (0, 1]; 0.8 is a good start.")
    n = len(signatures)
    dup_of = np.full(n, -1, dtype=np.int64)
    kind = np.full(n, "", dtype=object)
    sim = np.full(n, np.nan)
    if n:
        _, first, inverse = np.unique(signatures.keys, return_index=True, return_inverse=True)
        first_of = first[inverse]
        exact = first_of != np.arange(n)
        dup_of[exact], kind[exact], sim[exact] = first_of[exact], "exact", 1.0
    if near and signatures.blocks is None:
        raise ValueError(
            "near=True needs MinHash signatures; compute them with "
            "text_signatures(texts, near=True)."
        )
    if near and n:
        num_perm = signatures.blocks[0].shape[1]
        if num_perm % bands:
            raise ValueError(f"num_perm={num_perm} must be divisible by bands={bands}.")
        sigs = _Rows(signatures.blocks)
        unique = np.flatnonzero(dup_of < 0)
        index = None if len(unique) == n else unique
        groups = _band_groups(sigs, index, len(unique), num_perm, bands)
        shared = np.zeros(len(unique), dtype=bool)
        for r in range(bands):
            shared |= np.bincount(groups[:, r])[groups[:, r]] > 1
        # Only texts sharing a band with another can have (or be) a candidate.
        buckets: list[dict[int, list[int]]] = [{} for _ in range(bands)]
        for p in np.flatnonzero(shared):
            i = int(unique[p])
            keys = groups[p].tolist()
            cands: set[int] = set()
            for r, k in enumerate(keys):
                cands.update(buckets[r].get(k, ()))
            if cands:
                cand = np.fromiter(sorted(cands), dtype=np.int64, count=len(cands))
                agree = (sigs.take(cand) == sigs[i]).mean(axis=1)
                best = int(np.argmax(agree))
                if agree[best] >= threshold:
                    dup_of[i], kind[i], sim[i] = cand[best], "near", float(agree[best])
                    continue
            for r, k in enumerate(keys):
                buckets[r].setdefault(k, []).append(i)
    return pd.DataFrame({"duplicate_of": dup_of, "kind": kind, "similarity": sim})


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

    Texts are visited once, in order, and only their signatures are kept
    (:func:`text_signatures`), then matched (:func:`match_duplicates`), so memory
    grows with the number of texts, not with their length.

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
    sigs = text_signatures(texts, near=near, shingle=shingle, num_perm=num_perm, seed=seed)
    return match_duplicates(sigs, near=near, threshold=threshold, bands=bands)
