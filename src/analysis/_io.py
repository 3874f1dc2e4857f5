"""Safe outputs: atomic writes that only ever replace what this package wrote.

Why one long module: every writer's safety rules (manifest, ownership checks,
atomic renames, stale-temp cleanup) depend on each other and are audited together; no
other module writes a file.

Every writer of the package goes through this module:

* :func:`output_files` writes one or more files as a unit: temporary files beside
  the targets, renamed into place once all are complete;
* :func:`output_dir` builds a folder beside its target and swaps it in;
* :func:`write_table` writes one table (Parquet, CSV or TSV) with :func:`output_files`.

Both record what they wrote in a manifest, ``.news-analysis.json``: in the folder
that holds a file output, in the folder itself for a folder output, listing each
file with its size and sha256. An existing target is replaced only when it is
what the package wrote: a file whose content still matches its record, or a folder
that is empty or whose every file is listed (and unchanged) in its manifest.
Anything else is refused with :class:`OutputExistsError`, a one-line message that
names what is there and how to proceed, unless ``force=True``: the old file or
folder is then moved aside to a visible backup (``NAME.backup-YYYYmmdd-HHMMSS``);
nothing the package did not write is ever deleted.

Temporary files and folders are hidden beside their target and named
``.NAME.TAG@HOST@PID@RANDOM``. :func:`clean_stale_temps`, called before every
guarded write, removes those whose process is gone on this host, and puts back a
folder that a killed run had moved aside but not yet replaced.

Examples
--------
>>> import tempfile, pathlib, pandas as pd
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = write_table(pd.DataFrame({"a": [1]}), folder / "t.csv")
>>> path = write_table(pd.DataFrame({"a": [2]}), folder / "t.csv")  # ours: replaced
>>> _ = (folder / "mine.csv").write_text("a user's file")
>>> write_table(pd.DataFrame({"a": [1]}), folder / "mine.csv")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
analysis._io.OutputExistsError: Refusing to overwrite ...mine.csv: news-analysis did not write it...
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "MANIFEST_NAME",
    "TABLE_SUFFIXES",
    "MismatchedOutputError",
    "OutputExistsError",
    "atomic_path",
    "atomic_write_text",
    "check_output",
    "clean_stale_temps",
    "sha256_of",
    "file_entry",
    "mkdtemp_beside",
    "output_dir",
    "output_files",
    "output_form",
    "read_manifest",
    "read_parquet_meta",
    "read_table",
    "replace_dir",
    "temp_dir_beside",
    "write_parquet",
    "write_table",
]

#: The manifest that marks what the package wrote in a folder.
MANIFEST_NAME = ".news-analysis.json"
#: The file formats a table output may have, chosen by the file name's suffix.
TABLE_SUFFIXES = (".parquet", ".csv", ".tsv")
#: Files an operating system drops into folders it shows; never a reason to refuse.
_OS_CLUTTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
#: Placeholders a repository keeps at the top of an output folder (reports/README.md):
#: never a reason to refuse, copied into the folder that replaces it, never in a manifest.
_KEPT = frozenset({"README.md", ".gitkeep"})
_TEMP_RE = re.compile(
    r"^\.(?P<name>.+)\.(?P<tag>[a-z]+)@(?P<host>[A-Za-z0-9-]+)@(?P<pid>[0-9]+)@"
    r"(?P<rand>[a-z0-9_]{8})(?P<suffix>\.[^@/]*)?$"
)


class OutputExistsError(FileExistsError):
    """The output target holds something the package did not write (refused, nothing changed)."""


class MismatchedOutputError(ValueError):
    """Files written as one unit (a corpus and its load report) come from different runs."""


# ----------------------------------------------------------------- temporaries
def _host() -> str:
    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40] or "host"


def _temp_prefix(path: Path, tag: str) -> str:
    return f".{path.name}.{tag}@{_host()}@{os.getpid()}@"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, *, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` on success.

    Readers never see a half-written file: either the old file or the new one.
    On error the temporary file is removed and ``path`` is left untouched. This is
    the low-level step: it does not check who wrote ``path`` (see :func:`output_files`).

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
    tmp_path = _mktemp_beside(path, suffix=suffix)
    try:
        yield tmp_path
        os.replace(tmp_path, path)
    finally:
        tmp_path.unlink(missing_ok=True)


def _mktemp_beside(path: Path, *, suffix: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        dir=path.parent, prefix=_temp_prefix(path, "tmp"), suffix=suffix or path.suffix or ".tmp"
    )
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())
    return Path(tmp)


def mkdtemp_beside(path: str | os.PathLike, *, tag: str = "tmp") -> Path:
    """A new hidden folder beside ``path`` (``.NAME.TAG@HOST@PID@xxxxxxxx``).

    Beside, so a final rename onto ``path`` stays on one file system; with the
    umask's permissions (not mkdtemp's private 0700), so other processes, such as
    Dask workers or a web server, can use it. The host and process id in the name
    let :func:`clean_stale_temps` remove it once this process is gone.

    Examples
    --------
    >>> import tempfile, pathlib, shutil
    >>> tmp = mkdtemp_beside(pathlib.Path(tempfile.mkdtemp()) / "out", tag="stage")
    >>> tmp.name.startswith(".out.stage@"), tmp.is_dir()
    (True, True)
    >>> shutil.rmtree(tmp)
    """
    if not re.fullmatch(r"[a-z]+", tag):
        raise ValueError(f"tag={tag!r} must be lower-case letters, e.g. 'build'.")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=_temp_prefix(path, tag)))
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
    ...     tmp.name.startswith(".out.stage@"), tmp.is_dir()
    (True, True)
    >>> tmp.exists()
    False
    """
    tmp = mkdtemp_beside(path, tag=tag)
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _alive(pid: int) -> bool:
    import psutil

    return pid == os.getpid() or psutil.pid_exists(pid)


def clean_stale_temps(folder: str | os.PathLike) -> list[Path]:
    """Remove the temporaries of dead runs in ``folder``; return what was removed.

    Only names this module makes (``.NAME.TAG@HOST@PID@xxxxxxxx``) with this host's
    name and the id of a process that no longer runs are touched: nothing else,
    and nothing of a live run. A folder a killed run had moved aside to replace it
    (``.NAME.old@...``) is put back when ``NAME`` is missing, and removed otherwise.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> live = mkdtemp_beside(folder / "out", tag="build")  # this process: kept
    >>> _ = (folder / ".out.build@elsewhere@1@abcdefgh").mkdir()  # another host: kept
    >>> clean_stale_temps(folder)
    []
    """
    folder = Path(folder)
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    host = _host()
    for entry in folder.iterdir():
        match = _TEMP_RE.match(entry.name)
        if match is None or match["host"] != host or _alive(int(match["pid"])):
            continue
        try:  # another run may be cleaning the same folder
            if _clean_one(entry, folder / match["name"], match["tag"]):
                removed.append(entry)
        except OSError:
            continue
    return removed


def _clean_one(entry: Path, target: Path, tag: str) -> bool:
    """Remove one dead temporary (True), or put a moved-aside folder back (False)."""
    if tag == "old" and not os.path.lexists(target):
        os.replace(entry, target)
        return False
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry)
    else:
        entry.unlink()
    return True


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold a Ctrl-C until the block is done (the renames of a swap are not split)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            signal.raise_signal(signal.SIGINT)


def replace_dir(new: str | os.PathLike, target: str | os.PathLike) -> Path:
    """Put the finished folder ``new`` at ``target``, replacing what was there.

    Two renames on one file system: the old folder moves aside, the new one takes
    its name, then the old one is deleted. Readers see the old or the new folder,
    never a half-written one. This is the low-level step: it does not check who
    wrote ``target`` (see :func:`output_dir`).

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
    new, target = Path(new), Path(target)
    old = None
    with _sigint_deferred():
        if os.path.lexists(target):
            old = Path(tempfile.mkdtemp(dir=target.parent, prefix=_temp_prefix(target, "old")))
            os.replace(target, old)
        os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target


# -------------------------------------------------------------------- manifest
def file_entry(path: str | os.PathLike) -> dict[str, Any]:
    """What a manifest records of a file: size, modification time and sha256.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = path.write_text("abc")
    >>> entry = file_entry(path)
    >>> entry["size"], entry["sha256"][:12]
    (3, 'ba7816bf8f01')
    """
    path = Path(path)
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": sha256_of(path)}


def sha256_of(path: str | os.PathLike) -> str:
    """The hex sha256 of a file's bytes, read in 1 MiB blocks.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = path.write_text("abc")
    >>> sha256_of(path)[:12]
    'ba7816bf8f01'
    """
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _unchanged(path: Path, entry: Mapping[str, Any]) -> bool:
    """True when ``path`` still holds what ``entry`` recorded (size, then time or hash)."""
    try:
        stat = path.lstat()
    except OSError:
        return False
    if not path.is_file() or path.is_symlink() or stat.st_size != entry.get("size"):
        return False
    if stat.st_mtime_ns == entry.get("mtime_ns"):
        return True
    return file_entry(path)["sha256"] == entry.get("sha256")


def read_manifest(folder: str | os.PathLike) -> dict[str, Any] | None:
    """The manifest of ``folder`` (None when there is none or it is unreadable).

    Examples
    --------
    >>> read_manifest("no/such/folder") is None
    True
    """
    path = Path(folder) / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        return None
    return data


def _write_manifest(folder: Path, data: dict[str, Any]) -> None:
    from . import __version__

    data = {**data, "tool": "news-analysis", "version": __version__, "format": 1}
    with atomic_path(folder / MANIFEST_NAME) as tmp:
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _record(paths: Sequence[Path]) -> None:
    """Add the files just written to the manifests of their folders."""
    by_folder: dict[Path, list[Path]] = {}
    for path in paths:
        by_folder.setdefault(path.parent, []).append(path)
    for folder, written in by_folder.items():
        data = read_manifest(folder) or {"files": {}}
        for path in written:
            data["files"][path.name] = file_entry(path)
        _write_manifest(folder, data)


def _walk(folder: Path) -> Iterator[str]:
    """Relative names of every file, link and empty sub-folder under ``folder``."""
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        links = [d for d in dirs if (base / d).is_symlink()]
        for name in [*files, *links]:
            yield (base / name).relative_to(folder).as_posix()
        if not dirs and not files and base != folder:
            yield base.relative_to(folder).as_posix() + "/"


def _foreign(folder: Path) -> list[str]:
    """Files in ``folder`` its manifest does not list, or that changed since."""
    listed = (read_manifest(folder) or {"files": {}})["files"]
    found = []
    for rel in _walk(folder):
        name = rel.rsplit("/", 1)[-1]
        if name in (MANIFEST_NAME, *_OS_CLUTTER) or rel.endswith("/") or rel in _KEPT:
            continue
        if rel not in listed or not _unchanged(folder / rel, listed[rel]):
            found.append(rel)
    return sorted(found)


# ------------------------------------------------------------------ the checks
def _backup_name(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.backup-{stamp}")
    n = 1
    while os.path.lexists(backup):
        n += 1
        backup = path.with_name(f"{path.name}.backup-{stamp}-{n}")
    return backup


def _file_problem(path: Path) -> str | None:
    """Why ``path`` may not be overwritten, or None when it may."""
    if not os.path.lexists(path):
        return None
    if path.is_symlink():
        return "it is a symbolic link"
    if path.is_dir():
        return "it is a folder"
    entry = (read_manifest(path.parent) or {"files": {}})["files"].get(path.name)
    if entry is None:
        return "news-analysis did not write it"
    if not _unchanged(path, entry):
        return "it changed since news-analysis wrote it"
    return None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _dir_problem(path: Path) -> str | None:
    """Why the folder ``path`` may not be replaced, or None when it may."""
    if not os.path.lexists(path):
        return None
    if path.is_symlink():
        return "it is a symbolic link"
    if not path.is_dir():
        return "it is a file, not a folder"
    foreign = _foreign(path)
    if not foreign:
        return None
    shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
    what = "file" if len(foreign) == 1 else "files"
    return f"it holds {len(foreign)} {what} news-analysis did not write or that changed ({shown})"


def _refusal(path: Path, problem: str, *, folder: bool) -> OutputExistsError:
    verb = "replace" if folder else "overwrite"
    shown = f"{path}{os.sep}" if folder and path.is_dir() else str(path)
    return OutputExistsError(
        f"Refusing to {verb} {shown}: {problem}. Choose another --out, or use --force "
        f"(force=True) to move it aside to {_backup_name(path).name} first; nothing is deleted."
    )


def check_output(path: str | os.PathLike, *, folder: bool = False, force: bool = False) -> Path:
    """Check, before any work, that ``path`` may be written; return it.

    A file may be overwritten when the package wrote it and it has not changed
    since; a folder may be replaced when it is empty or holds only files its
    manifest lists, unchanged. With ``force=True`` anything else is moved aside at
    write time (never deleted), so only the current folder itself is refused.

    Parameters
    ----------
    path : path-like
        The output file, or folder when ``folder=True``.
    folder : bool, default False
        The output is a folder (a report, a partitioned corpus).
    force : bool, default False
        Accept a target the package did not write (it will be moved aside).

    Raises
    ------
    OutputExistsError
        One line: what is there and how to proceed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> base = pathlib.Path(tempfile.mkdtemp())
    >>> check_output(base / "new.csv").name
    'new.csv'
    >>> _ = (base / "notes.txt").write_text("my notes")
    >>> check_output(base / "notes.txt", folder=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analysis._io.OutputExistsError: Refusing to replace ...notes.txt: it is a file, not a folder. ...
    """
    path = Path(path)
    _in_the_way(path, folder=folder, force=force)
    return path


def _in_the_way(path: Path, *, folder: bool, force: bool) -> bool:
    """:func:`check_output`; True when ``path`` must be moved aside first (``force``)."""
    if folder and _inside(Path.cwd().resolve(), path.resolve()):
        raise OutputExistsError(
            f"Refusing to replace {path}: it is the current folder or holds it. Choose another "
            "--out, e.g. a new sub-folder such as reports/."
        )
    problem = _dir_problem(path) if folder else _file_problem(path)
    if problem is not None and not force:
        raise _refusal(path, problem, folder=folder)
    return problem is not None


def output_form(
    out: str | os.PathLike, *, suffixes: Sequence[str] = TABLE_SUFFIXES, folder: bool = False
) -> str:
    """The kind of output ``out`` names: ``"folder"`` or a suffix such as ``".csv"``.

    A name ending in ``/`` (or the platform's separator), an existing folder, or a
    name without a suffix names a folder; a name ending in one of ``suffixes`` is a
    file in that format; anything else is refused.

    Parameters
    ----------
    out : str or path-like
        What the user passed.
    suffixes : sequence of str
        The file formats accepted.
    folder : bool, default False
        Whether a folder is accepted.

    Raises
    ------
    ValueError
        Naming the accepted forms.

    Examples
    --------
    >>> output_form("scores.CSV"), output_form("corpus/", folder=True)
    ('.csv', 'folder')
    >>> output_form("scores.xlsx")
    Traceback (most recent call last):
    ...
    ValueError: Cannot write scores.xlsx: '.xlsx' is not an output format; use a file name ending in .parquet or .csv (or .tsv).
    """
    text = os.fspath(out)
    path = Path(text)
    if text.endswith(("/", os.sep)) or path.is_dir() or not path.suffix:
        if folder:
            return "folder"
        raise ValueError(
            f"Cannot write {text}: it names a folder, but this writes one table; use "
            f"{_accepted(suffixes, folder=False)}."
        )
    suffix = path.suffix.lower()
    if suffix in suffixes:
        return suffix
    raise ValueError(
        f"Cannot write {text}: {path.suffix!r} is not an output format; use "
        f"{_accepted(suffixes, folder=folder)}."
    )


def _accepted(suffixes: Sequence[str], *, folder: bool) -> str:
    """The accepted output forms, in words.

    Examples
    --------
    >>> _accepted(TABLE_SUFFIXES, folder=True)
    'a file name ending in .parquet or .csv (or .tsv), or a folder (a name ending in /)'
    >>> _accepted((), folder=True)
    'a folder (a name ending in /)'
    """
    main = [s for s in suffixes if s != ".tsv"]
    forms = []
    if main:
        names = " or ".join([", ".join(main[:-1]), main[-1]] if len(main) > 1 else main)
        forms.append(
            f"a file name ending in {names}" + (" (or .tsv)" if ".tsv" in suffixes else "")
        )
    if folder:
        forms.append("a folder (a name ending in /)")
    return ", or ".join(forms)


# ------------------------------------------------------------------ the writers
@contextlib.contextmanager
def output_files(*paths: str | os.PathLike, force: bool = False) -> Iterator[list[Path]]:
    """Write several files as one unit; only ever replace files the package wrote.

    Yields one temporary path per target (beside it). When the block succeeds, every
    target is checked (:func:`check_output`), any target the package did not write
    is moved aside when ``force=True``, and all temporaries are renamed into place
    together; the folders' manifests then record the new files. On error, or when a
    target is refused, nothing changes.

    Parameters
    ----------
    *paths : path-like
        The target files.
    force : bool, default False
        Move aside (never delete) targets the package did not write.

    Raises
    ------
    OutputExistsError
        A target holds something else (checked before the block runs, and again
        before the renames).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> base = pathlib.Path(tempfile.mkdtemp())
    >>> with output_files(base / "a.txt", base / "b.txt") as (a, b):
    ...     _ = a.write_text("A"), b.write_text("B")
    >>> sorted(p.name for p in base.iterdir())
    ['.news-analysis.json', 'a.txt', 'b.txt']
    """
    targets = [Path(p) for p in paths]
    for path in targets:
        check_output(path, force=force)
        clean_stale_temps(path.parent)
    temps: list[Path] = []
    try:
        temps.extend(_mktemp_beside(p) for p in targets)
        yield temps
        _commit_files(list(zip(temps, targets, strict=True)), force=force)
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


def _commit_files(pairs: list[tuple[Path, Path]], *, force: bool) -> None:
    aside = [path for _, path in pairs if _in_the_way(path, folder=False, force=force)]
    with _sigint_deferred():
        for path in aside:
            os.replace(path, _backup_name(path))
        for tmp, path in pairs:
            os.replace(tmp, path)
    _record([path for _, path in pairs])


@contextlib.contextmanager
def output_dir(
    path: str | os.PathLike,
    *,
    force: bool = False,
    kind: str = "folder",
    save_id: str | None = None,
    entries: Mapping[str, Mapping[str, Any]] | None = None,
) -> Iterator[Path]:
    """Build a folder beside ``path`` and swap it in; only ever replace what the package wrote.

    Yields the temporary folder. When the block succeeds, a manifest listing every
    file in it is written, ``path`` is checked again (:func:`check_output`) and
    the new folder replaces the old one with two renames; a folder the package did
    not write is moved aside when ``force=True`` (never deleted). On error, or when
    ``path`` is refused, the temporary folder is removed and ``path`` is untouched.

    Parameters
    ----------
    path : path-like
        The output folder.
    force : bool, default False
        Move aside (never delete) a folder the package did not write.
    kind : str
        What the folder is (``"report"``, ``"dataset"``), recorded in the manifest.
    save_id : str, optional
        An id shared with files written with it (e.g. a load report), recorded in
        the manifest.
    entries : mapping, optional
        Manifest entries already computed (:func:`file_entry`), by relative name;
        the block may fill it (e.g. with what workers return). Other files are hashed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "site"
    >>> with output_dir(target, kind="report") as build:
    ...     _ = (build / "index.html").write_text("<p>hi</p>")
    >>> sorted(p.name for p in target.iterdir()), read_manifest(target)["kind"]
    (['.news-analysis.json', 'index.html'], 'report')
    """
    path = Path(path)
    check_output(path, folder=True, force=force)
    clean_stale_temps(path.parent)
    with temp_dir_beside(path, tag="build") as build:
        yield build
        _write_folder_manifest(build, kind=kind, save_id=save_id, entries=entries or {})
        aside = _in_the_way(path, folder=True, force=force)
        _copy_kept(path, build)
        if aside:
            os.replace(path, _backup_name(path))
        replace_dir(build, path)


def _copy_kept(old: Path, new: Path) -> None:
    """Copy the placeholders of ``old`` (see ``_KEPT``) into ``new``, the folder replacing it."""
    for name in sorted(_KEPT):
        src = old / name
        if src.is_file() and not src.is_symlink() and not os.path.lexists(new / name):
            shutil.copy2(src, new / name)


def _write_folder_manifest(folder: Path, *, kind: str, save_id, entries) -> None:
    files = {}
    for rel in _walk(folder):
        if rel.endswith("/") or rel.rsplit("/", 1)[-1] == MANIFEST_NAME:
            continue
        known = entries.get(rel)
        files[rel] = dict(known) if known else file_entry(folder / rel)
    data: dict[str, Any] = {"kind": kind, "files": files}
    if save_id is not None:
        data["id"] = save_id
    _write_manifest(folder, data)


# ---------------------------------------------------------------------- tables
def write_parquet(
    frame: pd.DataFrame,
    path: str | os.PathLike,
    *,
    index: bool = True,
    metadata: Mapping[bytes, bytes] | None = None,
    schema: Any = None,
) -> Path:
    """Write ``frame`` as Parquet to ``path`` (no checks), adding schema ``metadata``.

    ``schema`` (a ``pyarrow.Schema``) selects and casts the columns first, so that
    several files share one schema.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.parquet"
    >>> _ = write_parquet(pd.DataFrame({"a": [1]}), path, metadata={b"k": b'{"v": 1}'})
    >>> read_parquet_meta(path, b"k")
    {'v': 1}
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=index)
    if schema is not None:
        table = table.select(schema.names).cast(schema)
    meta = {**(table.schema.metadata or {}), **(metadata or {})}
    pq.write_table(table.replace_schema_metadata(meta), path)
    return Path(path)


def read_parquet_meta(source: str | os.PathLike | Any, key: bytes) -> dict[str, Any] | None:
    """The JSON value under ``key`` in a Parquet file's schema metadata (None if absent).

    ``source`` is a path or an open binary file (read from its start, left there).
    """
    import pyarrow.parquet as pq

    if hasattr(source, "seek"):
        source.seek(0)
    try:
        meta = pq.read_schema(source).metadata or {}
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    try:
        value = json.loads(meta[key]) if key in meta else None
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _write_frame(frame: pd.DataFrame, path: Path, suffix: str, *, index: bool) -> None:
    if suffix == ".parquet":
        frame.to_parquet(path, index=index)
    else:
        frame.to_csv(path, index=index, sep="\t" if suffix == ".tsv" else ",")


def write_table(
    frame: pd.DataFrame, path: str | os.PathLike, *, index: bool = True, force: bool = False
) -> Path:
    """Write a frame as Parquet, CSV or TSV (chosen by the suffix), atomically.

    Overwrites only a file this package wrote and nobody changed since; see
    :func:`output_files`.

    Parameters
    ----------
    frame : pandas.DataFrame
    path : path-like
        Ending in ``.parquet``, ``.csv`` or ``.tsv``.
    index : bool, default True
        Write the index as a column.
    force : bool, default False
        Move aside (never delete) an existing file the package did not write.

    Raises
    ------
    ValueError
        If the suffix is none of those.
    OutputExistsError
        If ``path`` holds a file the package did not write (and not ``force``).
    """
    path = Path(path)
    suffix = output_form(path)
    with output_files(path, force=force) as (tmp,):
        _write_frame(frame, tmp, suffix, index=index)
    return path


def atomic_write_text(path: str | os.PathLike, text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically and return the path (no ownership check)."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding)
    return Path(path)


def read_table(path: str | os.PathLike) -> pd.DataFrame:
    """Read a table written by :func:`write_table`."""
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path, sep="\t" if path.suffix.lower() == ".tsv" else ",")
