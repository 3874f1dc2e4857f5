"""Expand user-given sources (files, folders, globs, ``.zip`` archives) into input files.

Each input file is an :class:`InputFile`: a name for the load report (``origin``),
its extension, the folder it sits in (the fallback ``source`` of its articles) and
a function that reads its bytes only when asked, so that a folder of 20,000 files
never sits in memory at once (input files of folders and archives can be pickled and
read by the workers of a cluster). Sources that cannot be expanded (a path that does not
exist, a glob without matches, a damaged archive) become a :class:`SourceProblem`
with a reason, so the load report can list them.

Rules: folders are walked recursively in sorted order; hidden files and folders
(names starting with ``.``) and macOS ``__MACOSX`` folders are skipped; archive
members are named ``archive.zip!folder/file.txt``.
"""

from __future__ import annotations

import functools
import glob
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

__all__ = ["InputFile", "SourceProblem", "expand_sources"]


@dataclass(frozen=True)
class InputFile:
    """One file to read: from disk or from inside a ``.zip`` archive."""

    origin: str
    suffix: str
    folder: str
    read: Callable[[], bytes] = field(repr=False, compare=False)
    size: int | None = None
    path: Path | None = None


@dataclass(frozen=True)
class SourceProblem:
    """A source that yielded no readable file; ``reason`` says what to do."""

    origin: str
    reason: str


def _is_hidden(parts: tuple[str, ...]) -> bool:
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def _disk_file(path: Path, origin: str) -> Iterator[InputFile | SourceProblem]:
    if _suffix(path.name) == ".zip":
        yield from _zip_members(path, origin)
        return
    try:
        size = path.stat().st_size
    except OSError as err:
        yield SourceProblem(
            origin, f"{origin}: cannot be read ({err.strerror}); check permissions."
        )
        return
    yield InputFile(
        origin=origin,
        suffix=_suffix(path.name),
        folder=path.parent.name or path.stem,
        read=path.read_bytes,
        size=size,
        path=path,
    )


def _zip_members(path: Path, origin: str) -> Iterator[InputFile | SourceProblem]:
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as err:
        yield SourceProblem(
            origin,
            f"{origin}: is not a readable zip archive ({err}); re-create the archive or "
            "unpack it and pass the folder instead.",
        )
        return
    for info in sorted(infos, key=lambda i: i.filename):
        member = PurePosixPath(info.filename)
        if info.is_dir() or _is_hidden(member.parts):
            continue
        parent = member.parent.name or path.stem
        yield InputFile(
            origin=f"{origin}!{info.filename}",
            suffix=_suffix(member.name),
            folder=parent,
            read=functools.partial(_read_member, path, info),
            size=info.file_size,
        )


def _read_member(archive: Path, info: zipfile.ZipInfo) -> bytes:
    # A module-level function (not a closure), so that input files can be pickled
    # and read by the workers of a cluster.
    with zipfile.ZipFile(archive) as zf:
        return zf.read(info)


def _walk(root: Path, label: str) -> Iterator[InputFile | SourceProblem]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not _is_hidden((d,)))
        here = Path(dirpath)
        for name in sorted(filenames):
            if _is_hidden((name,)):
                continue
            path = here / name
            rel = path.relative_to(root).as_posix()
            yield from _disk_file(path, f"{label}/{rel}")


def expand_sources(*sources: str | os.PathLike) -> Iterator[InputFile | SourceProblem]:
    """Yield the input files named by ``sources``, in a stable order.

    Parameters
    ----------
    *sources : str or path-like
        Files, folders (walked recursively), glob patterns (``"articles/**/*.txt"``)
        or ``.zip`` archives, mixed freely.

    Yields
    ------
    InputFile or SourceProblem

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("Title\\n\\nBody.")
    >>> [f.origin for f in expand_sources(d)] == [f"{d.name}/a.txt"]
    True
    >>> [p.reason.split(": ")[1] for p in expand_sources(d / "missing.txt")]
    ['no such file or folder; check the spelling or the working folder.']
    """
    for source in sources:
        path = Path(source).expanduser()
        text = os.fspath(source)
        if path.is_dir():
            yield from _walk(
                path, path.resolve().name if path.name in ("", ".", "..") else path.name
            )
        elif path.is_file():
            yield from _disk_file(path, path.name)
        elif glob.has_magic(text):
            matches = sorted(glob.glob(os.path.expanduser(text), recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file() or Path(m).is_dir()]
            if not files:
                yield SourceProblem(
                    text,
                    f"{text}: the pattern matches no file; check the pattern (quote it in "
                    "the shell so it is not expanded there).",
                )
            base = Path(text.split("*")[0].split("?")[0].split("[")[0])
            base = base if text.endswith(os.sep) or base.is_dir() else base.parent
            for file in files:
                if file.is_dir():
                    yield from _walk(file, file.name)
                    continue
                try:
                    origin = file.relative_to(base).as_posix()
                except ValueError:
                    origin = file.as_posix()
                yield from _disk_file(file, origin)
        else:
            yield SourceProblem(
                text,
                f"{text}: no such file or folder; check the spelling or the working folder.",
            )
