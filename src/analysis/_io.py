"""Atomic file writes and table I/O shared by every module that writes results."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

__all__ = [
    "atomic_path",
    "atomic_write_text",
    "mkdtemp_beside",
    "read_table",
    "replace_dir",
    "temp_dir_beside",
    "write_table",
]


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, *, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` on success.

    Readers never see a half-written file: either the old file or the new one.
    On error the temporary file is removed and ``path`` is left untouched.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("done")
    >>> target.read_text()
    'done'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=suffix or path.suffix or ".tmp"
    )
    os.close(fd)
    tmp_path = Path(tmp)
    os.chmod(tmp_path, 0o666 & ~_umask())
    try:
        yield tmp_path
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def mkdtemp_beside(path: str | os.PathLike, *, tag: str = "tmp") -> Path:
    """A new hidden folder beside ``path`` (``.NAME.TAG-xxxx``), with the usual permissions.

    Beside, so a final rename onto ``path`` stays on one file system; with the
    umask's permissions (not mkdtemp's private 0700), so other processes, such as
    Dask workers or a web server, can use it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.{tag}-"))
    os.chmod(tmp, 0o777 & ~_umask())
    return tmp


@contextlib.contextmanager
def temp_dir_beside(path: str | os.PathLike, *, tag: str = "tmp") -> Iterator[Path]:
    """:func:`mkdtemp_beside` as a context manager: the folder is removed on exit.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> with temp_dir_beside(target, tag="stage") as tmp:
    ...     tmp.name.startswith(".out.stage-"), tmp.is_dir()
    (True, True)
    >>> tmp.exists()
    False
    """
    tmp = mkdtemp_beside(path, tag=tag)
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def replace_dir(new: str | os.PathLike, target: str | os.PathLike) -> Path:
    """Put the finished folder ``new`` at ``target``, replacing what was there.

    Two renames on one file system: the old folder moves aside, the new one takes
    its name, then the old one is deleted. Readers see the old or the new folder,
    never a half-written one.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> base = pathlib.Path(tempfile.mkdtemp())
    >>> (base / "new").mkdir(); _ = (base / "new" / "a.txt").write_text("new")
    >>> (base / "out").mkdir(); _ = (base / "out" / "a.txt").write_text("old")
    >>> (replace_dir(base / "new", base / "out") / "a.txt").read_text()
    'new'
    >>> sorted(p.name for p in base.iterdir())
    ['out']
    """
    import uuid

    new, target = Path(new), Path(target)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target


def atomic_write_text(path: str | os.PathLike, text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically and return the path."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding)
    return Path(path)


def write_table(frame: pd.DataFrame, path: str | os.PathLike, *, index: bool = True) -> Path:
    """Write a frame as Parquet or CSV (chosen by the suffix), atomically.

    Raises
    ------
    ValueError
        If the suffix is neither ``.parquet`` nor ``.csv``/``.tsv``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    with atomic_path(path) as tmp:
        if suffix == ".parquet":
            frame.to_parquet(tmp, index=index)
        elif suffix in {".csv", ".tsv"}:
            frame.to_csv(tmp, index=index, sep="\t" if suffix == ".tsv" else ",")
        else:
            raise ValueError(
                f"Cannot write {path}: unknown table format {suffix!r}. "
                "Use a file name ending in .parquet or .csv."
            )
    return path


def read_table(path: str | os.PathLike) -> pd.DataFrame:
    """Read a table written by :func:`write_table`."""
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path, sep="\t" if path.suffix.lower() == ".tsv" else ",")
