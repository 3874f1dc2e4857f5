"""Expand user-given sources (files, folders, globs, ``.zip`` archives) into input files.

Why one long module: every source kind (files, folders, globs, zip members, special
files) yields the same :class:`InputFile`/:class:`SourceProblem` records in one walk
with one set of rules (each file once, links followed once, hostile entries reported);
splitting the walk would split those rules.

Each input file is an :class:`InputFile`: a name for the load report (``origin``),
its extension, the folder it sits in (the fallback ``source`` of its articles) and
a function that reads its bytes only when asked, so that a folder of 20,000 files
never sits in memory at once (input files of folders and archives can be pickled and
read by the workers of a cluster). Whatever cannot be expanded or read (a path that
does not exist, a glob without matches, a damaged archive or member, a named pipe, a
link loop, an empty folder) becomes one :class:`SourceProblem` with a reason that
names it and says what to do, so that the load report lists it.

Rules
-----
* Folders are walked recursively in sorted order (a folder's files, then its
  sub-folders). Hidden files and folders (names starting with ``.``, such as
  ``.DS_Store`` or ``.git``) and macOS ``__MACOSX`` folders are skipped without a
  report row, in folders and in archives alike.
* Links to folders are followed. Each real folder is read once per call: a link to a
  folder already read (a loop, or a second way to the same folder) gets one row
  instead of its files.
* Only regular files are read. Named pipes, sockets and devices (also through a
  link, such as a link to ``/dev/zero``), broken links and link loops get a row
  that says what they are.
* A folder given as a source, or an archive, without any file to load gets one
  ``"empty"`` row (an empty sub-folder holds no record and gets none).
* Glob patterns are expanded with :mod:`glob`, except those with ``**``: their base
  folder is walked by the rules above (glob follows links to folders without end)
  and its files are matched part by part (``**`` is any number of folders). A
  folder matched by a pattern is walked; a file is read once even when the
  pattern also matches its folder.
* Archive members are named ``archive.zip!folder/file.txt``; nothing is ever
  extracted to disk. Members whose path leaves the archive (``..``, absolute paths)
  and encrypted members get a row and are not read.
* Origins are unique, printable strings: undecodable bytes of file names are
  escaped (``caf\\xe9.txt``) and other non-printable characters shown as
  ``\\n``, ``\\t`` ... while the file is read from its real path. A name met twice
  (two members of one archive with the same name, the same file passed twice) gets
  ``" (copy 2)"``, ``" (copy 3)"`` ...

Archive limits
--------------
A member is read in chunks of :data:`READ_CHUNK` bytes and only after its header has
been checked against these limits (both can be changed per call of
:func:`expand_sources`):

* :data:`MAX_MEMBER_SIZE` (512 MiB): the largest member read. Its bytes, decoded
  text and records need a few times that much memory; unpack larger members and
  pass the files themselves.
* :data:`MAX_COMPRESSION_RATIO` (100): for members larger than
  :data:`RATIO_CHECK_ABOVE` (8 MiB), the largest ratio of uncompressed to
  compressed size. News text deflates about 3:1 and repetitive tables about 20:1,
  while a zip bomb is near 1,000:1. The compressed size is taken from the archive
  layout (up to the next member's header), not from the member's own header, so
  that overlapping members and lying headers count too.

While streaming, a member that yields more bytes than its header declares is
stopped. So reading a member of an archive takes at most
``max(8 MiB, 100 x its compressed size)`` bytes, and at most 512 MiB.
"""

from __future__ import annotations

import bisect
import copy
import difflib
import errno
import fnmatch
import functools
import glob
import io
import itertools
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from .memory import in_memory, not_a_source
from .sidecar import is_sidecar

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_MEMBER_SIZE",
    "RATIO_CHECK_ABOVE",
    "READ_CHUNK",
    "InputFile",
    "SourceProblem",
    "UnreadableInput",
    "expand_sources",
]

#: Largest archive member read, in bytes (uncompressed).
MAX_MEMBER_SIZE = 512 * 2**20
#: Largest uncompressed / compressed size ratio of a member above RATIO_CHECK_ABOVE.
MAX_COMPRESSION_RATIO = 100
#: Members up to this size (uncompressed, in bytes) are read whatever their ratio.
RATIO_CHECK_ABOVE = 8 * 2**20
#: Archive members are decompressed this many bytes at a time.
READ_CHUNK = 2**20

_OPEN_ARCHIVES = 4  # archives kept open per process by one call, at most
_CLOSE_MATCHES_SCAN = 5000  # names of a folder compared to a missing source, at most
_ENCRYPTED = 0x1 | 0x40  # zip flag bits: traditional and strong encryption


@dataclass(frozen=True)
class InputFile:
    """One file to read: from disk or from inside a ``.zip`` archive.

    ``read()`` returns the file's bytes; it raises :class:`UnreadableInput` (whose
    message completes ``f"{origin}: "``) when they cannot be read.
    """

    origin: str
    suffix: str
    folder: str
    read: Callable[[], bytes] = field(repr=False, compare=False)
    size: int | None = None
    path: Path | None = None


@dataclass(frozen=True)
class SourceProblem:
    """A source, file or member that yields no readable file; ``reason`` says what to do.

    ``status`` is the load-report status: ``"rejected"``, or ``"empty"`` for a folder
    or an archive without any file to load.
    """

    origin: str
    reason: str
    status: str = "rejected"


class UnreadableInput(OSError):
    """An input file's bytes cannot be read (damaged, encrypted, too large, not a file).

    The message says why and what to do; it completes ``f"{file.origin}: "``.
    """


# ------------------------------------------------------------------------ names
def _printable(name: str) -> str:
    r"""``name`` with undecodable bytes and non-printable characters escaped.

    Examples
    --------
    >>> _printable(os.fsdecode(b"caf\xe9.txt")), _printable("a\nb.txt"), _printable("é.txt")
    ('caf\\xe9.txt', 'a\\nb.txt', 'é.txt')
    """
    if name.isprintable():
        return name
    return "".join(_escape(c) for c in name)


def _escape(c: str) -> str:
    if "\udc80" <= c <= "\udcff":  # an undecodable byte (surrogateescape)
        return f"\\x{ord(c) - 0xDC00:02x}"
    return c if c.isprintable() else c.encode("unicode_escape").decode("ascii")


def _is_hidden(parts: Iterable[str]) -> bool:
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def _renamed(item: InputFile | SourceProblem, origin: str) -> InputFile | SourceProblem:
    if isinstance(item, SourceProblem) and item.reason.startswith(item.origin + ":"):
        return replace(item, origin=origin, reason=origin + item.reason[len(item.origin) :])
    return replace(item, origin=origin)


def _unique(items: Iterator[InputFile | SourceProblem]) -> Iterator[InputFile | SourceProblem]:
    """Give a name met again ``" (copy 2)"``, ``" (copy 3)"`` ..., so origins are unique."""
    seen: set[str] = set()
    copies: dict[str, int] = {}
    for item in items:
        origin = item.origin
        if origin in seen:
            n = copies.get(origin, 1) + 1
            while f"{origin} (copy {n})" in seen:
                n += 1
            copies[origin] = n
            item = _renamed(item, f"{origin} (copy {n})")
        seen.add(item.origin)
        yield item


# ----------------------------------------------------------------- disk entries
_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _kind(mode: int) -> str:
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def _special(path: Path, origin: str, mode: int) -> SourceProblem:
    what = _kind(mode)
    if os.path.islink(path):
        what = f"a link to {what} ({_printable(os.path.realpath(path))})"
    return SourceProblem(
        origin,
        f"{origin}: is {what}, not a regular file, and is skipped; copy its content into "
        "a regular file to load it.",
    )


def _os_reason(err: OSError) -> str:
    if err.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read (permission denied); check its permissions."
    return f"cannot be read ({err.strerror or err}); check that it exists and is readable."


def _stat_problem(path: Path, origin: str, err: OSError) -> SourceProblem:
    if err.errno == errno.ELOOP:
        why = "is a symbolic link loop (or too long a chain of links); fix or remove the link."
    elif err.errno == errno.ENOENT and os.path.islink(path):
        target = _printable(os.readlink(path))
        why = f"is a broken symbolic link (to {target}); fix or remove the link."
    else:
        why = _os_reason(err)
    return SourceProblem(origin, f"{origin}: {why}")


def _open_regular(path: Path) -> io.BufferedReader:
    """Open ``path`` for reading without blocking on a pipe; refuse non-regular files."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise UnreadableInput(_os_reason(err)) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise UnreadableInput(f"is {_kind(mode)}, not a regular file, and is not read.")
    return os.fdopen(fd, "rb")


def _read_path(path: Path) -> bytes:
    # A module-level function (not a closure), so that input files can be pickled.
    with _open_regular(path) as fh:
        try:
            return fh.read()
        except OSError as err:
            raise UnreadableInput(_os_reason(err)) from None


def _disk_file(
    path: Path, origin: str, st: os.stat_result, ex: _Expansion
) -> Iterator[InputFile | SourceProblem]:
    """A regular file (``st`` is its status): itself, or the members of an archive."""
    name = _printable(path.name)
    if _suffix(name) == ".zip":
        yield from _zip_members(path, origin, st.st_size, ex)
        return
    yield InputFile(
        origin=origin,
        suffix=_suffix(name),
        folder=_printable(path.parent.name) or _printable(path.stem),
        read=functools.partial(_read_path, path),
        size=st.st_size,
        path=path,
    )


def _entry(
    path: Path, origin: str, ex: _Expansion, st: os.stat_result
) -> Iterator[InputFile | SourceProblem]:
    """A path that is not a folder (``st``: its status): a file, an archive, or a problem."""
    if stat.S_ISREG(st.st_mode):
        yield from _disk_file(path, origin, st, ex)
    else:
        yield _special(path, origin, st.st_mode)


# --------------------------------------------------------------------- archives
class _Archives:
    """The zip archives open in this process, shared by the input files of one call.

    Reading the members of an archive one after the other parses its central directory
    once, and at most ``most`` archives stay open (the least recently read is closed).
    A pickled copy (sent to a worker with its input files) holds no handle: there the
    archives are opened again on first read.
    """

    def __init__(self, most: int = _OPEN_ARCHIVES) -> None:
        self.most = most
        self._open: dict[Path, tuple[io.BufferedReader, zipfile.ZipFile]] = {}

    def __getstate__(self) -> dict:
        return {"most": self.most}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["most"])

    def zip(self, path: Path) -> zipfile.ZipFile:
        """The open archive at ``path``, opened now if need be."""
        entry = self._open.pop(path, None)  # put back last: the most recently used
        if entry is None:
            while len(self._open) >= self.most:
                self.close(next(iter(self._open)))
            fh = _open_regular(path)
            try:
                entry = (fh, zipfile.ZipFile(fh))
            except BaseException:
                fh.close()
                raise
        self._open[path] = entry
        return entry[1]

    def close(self, path: Path) -> None:
        entry = self._open.pop(path, None)
        if entry is not None:
            entry[1].close()
            entry[0].close()


@dataclass
class _Expansion:
    """What one call of :func:`expand_sources` shares."""

    max_member_size: int
    max_ratio: float
    archives: _Archives = field(default_factory=_Archives)
    #: (device, inode) of each real folder read -> the origin it was read as
    folders: dict[tuple[int, int], str] = field(default_factory=dict)


try:
    from lzma import LZMAError
except ImportError:  # pragma: no cover - Python built without lzma
    LZMAError = zipfile.BadZipFile

# Errors a damaged or crafted archive can raise while it is parsed or read (bz2 raises
# OSError, lzma LZMAError, deflate zlib.error).
_ZIP_ERRORS = (
    LZMAError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    OverflowError,
    IndexError,
    KeyError,
    NotImplementedError,
)


def _zip_members(
    path: Path, origin: str, size: int, ex: _Expansion
) -> Iterator[InputFile | SourceProblem]:
    try:
        infos = ex.archives.zip(path).infolist()
    except UnreadableInput as err:
        yield SourceProblem(origin, f"{origin}: {err}")
        return
    except _ZIP_ERRORS as err:
        yield SourceProblem(
            origin,
            f"{origin}: is not a readable zip archive ({_printable(str(err))}); re-create the "
            "archive or unpack it and pass the folder instead.",
        )
        return
    try:
        spans = _spans(infos, size)
        any_member = False
        for i in sorted(range(len(infos)), key=lambda i: infos[i].filename):
            item = _member(infos[i], spans[i], origin, path, ex)
            if item is not None:
                any_member = True
                yield item
        if not any_member:
            yield SourceProblem(
                origin,
                f"{origin}: the archive holds no file to load (folders, hidden files and "
                "__MACOSX are skipped); check that it is the right archive.",
                "empty",
            )
    finally:
        ex.archives.close(path)  # reads after this (e.g. on a worker) open it again


def _spans(infos: list[zipfile.ZipInfo], size: int) -> list[int]:
    """For each member, the bytes from its header to the next member's (or the end).

    A member's compressed data must fit in its span; members sharing a header get 0.

    Examples
    --------
    >>> infos = [zipfile.ZipInfo(n) for n in "abc"]
    >>> for info, offset in zip(infos, [50, 0, 50]):
    ...     info.header_offset = offset
    >>> _spans(infos, 80)
    [30, 50, 0]
    """
    offsets = sorted(info.header_offset for info in infos)
    spans, taken = [], set()
    for info in infos:
        start = info.header_offset
        if start in taken:  # the same data as an earlier member: an overlap
            spans.append(0)
            continue
        taken.add(start)
        k = bisect.bisect_right(offsets, start)
        spans.append((offsets[k] if k < len(offsets) else size) - start)
    return spans


def _unsafe(name: str) -> bool:
    """A member path that would leave the archive's folder (absolute, ``..``)."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":")


def _member(
    info: zipfile.ZipInfo, span: int, label: str, path: Path, ex: _Expansion
) -> InputFile | SourceProblem | None:
    """One archive member: an input file, a problem, or None (folder or hidden)."""
    name = info.filename
    if info.is_dir():
        return None
    member = _printable(name)
    origin = f"{label}!{member}"
    if _unsafe(name):
        return SourceProblem(
            origin,
            f"{origin}: the member's path leaves the archive (absolute or with '..'), so "
            "it is not read; re-create the archive with relative paths.",
        )
    parts = PurePosixPath(name).parts
    if _is_hidden(parts):
        return None
    why = _member_check(info, span, ex)
    if why:
        return SourceProblem(origin, f"{origin}: {why}")
    return InputFile(
        origin=origin,
        suffix=_suffix(member),
        folder=_printable(parts[-2]) if len(parts) > 1 else _printable(path.stem),
        read=functools.partial(_read_member, ex.archives, path, info, ex.max_member_size),
        size=info.file_size,
    )


def _mib(n: int) -> str:
    return f"{n / 2**20:,.1f} MiB"


def _member_check(info: zipfile.ZipInfo, span: int, ex: _Expansion) -> str | None:
    """Why the member must not be read (from its header), or None."""
    if info.flag_bits & _ENCRYPTED:
        return (
            "the member is encrypted (password-protected) and cannot be read; unpack the "
            "archive with its password and pass the folder instead."
        )
    if info.file_size > ex.max_member_size:
        return (
            f"the member is {_mib(info.file_size)} uncompressed, more than the "
            f"{_mib(ex.max_member_size)} read from an archive; unpack it and pass the "
            "file itself."
        )
    if info.compress_size > span:
        return (
            "the member's data overlaps another member or runs past the end of the archive "
            "(a damaged or crafted archive, perhaps a zip bomb), so it is not read; "
            "re-create the archive."
        )
    packed = max(info.compress_size, 1)
    if info.file_size > RATIO_CHECK_ABOVE and info.file_size > ex.max_ratio * packed:
        return (
            f"the member expands from {_mib(info.compress_size)} to "
            f"{_mib(info.file_size)} (more than {ex.max_ratio:g} times): it looks like "
            "a zip bomb and is not read; if it is genuine, unpack it and pass the file "
            "itself."
        )
    return None


def _read_member(archives: _Archives, path: Path, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The bytes of one member, decompressed in steps and stopped past its declared size."""
    # A module-level function (not a closure), so that input files can be pickled
    # and read by the workers of a cluster.
    try:
        data = _inflate(archives.zip(path), info, min(info.file_size, limit))
    except UnreadableInput:
        raise
    except NotImplementedError as err:  # e.g. "compressed patched data (flag bit 5)"
        raise UnreadableInput(
            f"the member cannot be read ({_printable(str(err))}); re-create the archive with "
            "standard (deflate) compression and no encryption."
        ) from None
    except _ZIP_ERRORS as err:
        raise UnreadableInput(_damaged(err)) from None
    if len(data) != info.file_size:
        raise UnreadableInput(
            f"the member holds {len(data):,} bytes where its header declares "
            f"{info.file_size:,} (a damaged or crafted archive); re-create the archive."
        )
    return data


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, most: int) -> bytes:
    """Decompress a member, at most :data:`READ_CHUNK` bytes per step; check its CRC.

    zipfile checks the member's local header and streams its compressed bytes (read
    as if stored); decompression is done here because zipfile inflates bzip2 and LZMA
    data without an output limit, and cuts any member at its declared size.
    """
    unpack = _decompressor(info.compress_type)
    raw = copy.copy(info)
    raw.compress_type, raw.file_size, raw.CRC = zipfile.ZIP_STORED, info.compress_size, None
    out = io.BytesIO()
    crc = 0
    with zf.open(raw) as stream:
        while not (unpack and unpack.eof) and (chunk := stream.read(READ_CHUNK)):
            for piece in _pieces(unpack, chunk):
                if out.tell() + len(piece) > most:
                    raise UnreadableInput(
                        "the member holds more data than its header declares (a damaged or "
                        "crafted archive, perhaps a zip bomb), so reading it was stopped; "
                        "re-create the archive."
                    )
                crc = zlib.crc32(piece, crc)
                out.write(piece)
    if unpack is not None and not unpack.eof:
        raise zlib.error("the compressed data ends too early")
    if crc != info.CRC:
        raise zipfile.BadZipFile("bad CRC-32")
    return out.getvalue()


def _pieces(unpack, chunk: bytes) -> Iterator[bytes]:
    """The output of ``chunk`` (``unpack`` None: stored), at most READ_CHUNK at a time."""
    if unpack is None:
        yield chunk
        return
    while True:  # until no more output comes without more input
        piece = unpack.decompress(chunk, READ_CHUNK)
        chunk = b""
        if not piece:
            return
        yield piece
        if unpack.eof:
            return


class _Deflate:
    """zlib's raw inflater with the ``decompress(data, max_length)`` of bz2 and lzma."""

    def __init__(self) -> None:
        self._z = zlib.decompressobj(-zlib.MAX_WBITS)

    @property
    def eof(self) -> bool:
        return self._z.eof

    def decompress(self, data: bytes, max_length: int) -> bytes:
        return self._z.decompress(self._z.unconsumed_tail + data, max_length)


class _Lzma:
    """LZMA data as zip stores it: a 4-byte version and size, 5 property bytes, LZMA1."""

    def __init__(self) -> None:
        self._head = b""
        self._d = None

    @property
    def eof(self) -> bool:
        return self._d is not None and self._d.eof

    def decompress(self, data: bytes, max_length: int) -> bytes:
        if self._d is None:
            self._head += data
            if len(self._head) < 9:
                return b""
            size = struct.unpack_from("<H", self._head, 2)[0]
            if size != 5:
                raise ValueError(f"LZMA properties of {size} bytes (5 expected)")
            props, data, self._head = self._head[4:9], self._head[9:], b""
            self._d = _lzma_raw(props)
        return self._d.decompress(data, max_length)


def _lzma_raw(props: bytes):
    import lzma

    lc, rest = props[0] % 9, props[0] // 9
    lp, pb = rest % 5, rest // 5
    dict_size = struct.unpack("<I", props[1:5])[0]
    lzma1 = {"id": lzma.FILTER_LZMA1, "lc": lc, "lp": lp, "pb": pb, "dict_size": dict_size}
    return lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[lzma1])


def _decompressor(method: int):
    if method == zipfile.ZIP_STORED:
        return None
    if method == zipfile.ZIP_DEFLATED:
        return _Deflate()
    if method == zipfile.ZIP_BZIP2:
        import bz2

        return bz2.BZ2Decompressor()
    if method == zipfile.ZIP_LZMA:
        return _Lzma()
    raise UnreadableInput(
        f"the member uses compression method {method}, which cannot be read; re-create the "
        "archive with standard (deflate) compression."
    )


def _damaged(err: BaseException) -> str:
    text = _printable(str(err))
    if "CRC" in text:
        what = "its data fails the CRC check"
    else:
        what = f"its compressed data is damaged ({type(err).__name__}: {text})"
    return (
        f"the member is damaged: {what}; re-create the archive or unpack what can be "
        "saved and pass the files instead."
    )


# ---------------------------------------------------------------------- folders
def _walk(
    root: Path,
    label: str,
    ex: _Expansion,
    folders: dict[tuple[int, int], str],
    keep: Callable[[tuple[str, ...]], bool] | None = None,
) -> Iterator[InputFile | SourceProblem]:
    """Walk ``root`` in sorted order, each real folder once (``folders``: those read).

    ``keep`` (for ``**`` patterns) selects entries by their path parts under ``root``.
    Without it, a walk that finds nothing yields one ``"empty"`` row.
    """
    found = False
    stack: list[tuple[Path, str, tuple[str, ...]]] = [(root, label, ())]
    while stack:
        here, where, parts = stack.pop()
        subfolders: list[tuple[Path, str, tuple[str, ...]]] = []
        for item in _list_folder(here, where, parts, subfolders, folders, ex, keep):
            found = True
            yield item
        stack.extend(reversed(subfolders))
    if not found and keep is None:
        yield SourceProblem(
            label,
            f"{label}: the folder holds no file to load (hidden files and __MACOSX are "
            "skipped); add files or check the path.",
            "empty",
        )


def _list_folder(
    here: Path,
    where: str,
    parts: tuple[str, ...],
    subfolders: list[tuple[Path, str, tuple[str, ...]]],
    folders: dict[tuple[int, int], str],
    ex: _Expansion,
    keep: Callable[[tuple[str, ...]], bool] | None,
) -> Iterator[InputFile | SourceProblem]:
    """The items of one folder's files; its sub-folders are added to ``subfolders``."""
    try:
        with os.scandir(here) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as err:
        shown = where or _printable(str(here))
        yield SourceProblem(shown, f"{shown}: the folder {_os_reason(err)}")
        return
    names = {e.name for e in entries}
    for entry in entries:
        if _is_hidden((entry.name,)) or is_sidecar(entry.name, names):
            continue  # a sidecar is read with its text file (analysis.loading.sidecar)
        path, rel = Path(here, entry.name), (*parts, entry.name)
        origin = f"{where}/{_printable(entry.name)}" if where else _printable(entry.name)
        wanted = keep is None or keep(rel)
        try:
            st = entry.stat()
        except OSError as err:
            if wanted:
                yield _stat_problem(path, origin, err)
            continue
        if stat.S_ISDIR(st.st_mode):
            problem = _seen_folder(st, origin, folders)
            if problem is None:
                subfolders.append((path, origin, rel))
            elif wanted:
                yield problem
        elif wanted:
            yield from _entry(path, origin, ex, st)


def _seen_folder(
    st: os.stat_result, origin: str, folders: dict[tuple[int, int], str]
) -> SourceProblem | None:
    """None for a folder not read yet (now marked as read), else its report row."""
    key = (st.st_dev, st.st_ino)
    first = folders.get(key)
    if first is None:
        folders[key] = origin
        return None
    if origin == first:
        what = "is given twice"
    elif origin.startswith(first + "/"):
        what = f"is a link to {first}, a folder that holds it (a loop)"
    else:
        what = f"leads to the folder already read as {first}"
    return SourceProblem(origin, f"{origin}: {what}; skipped so that no file is read twice.")


# ---------------------------------------------------------------------- sources
def _missing(text: str, path: Path) -> SourceProblem:
    shown = _printable(text)
    hint = ""
    parent = path.parent
    if parent.is_dir():
        try:
            with os.scandir(parent) as it:
                names = [e.name for e in itertools.islice(it, _CLOSE_MATCHES_SCAN)]
        except OSError:
            names = []
        close = difflib.get_close_matches(path.name, names, n=3, cutoff=0.6)
        if close:
            hint = (
                " (did you mean " + " or ".join(_printable(str(parent / c)) for c in close) + "?)"
            )
    else:
        hint = f" (the folder {_printable(str(parent))} does not exist either)"
    try:
        cwd = _printable(os.getcwd())
    except OSError:  # the working folder was deleted
        cwd = "which no longer exists"
    return SourceProblem(
        shown,
        f"{shown}: no such file or folder{hint}; check the spelling or the working folder ({cwd}).",
    )


def _folder_label(path: Path) -> str:
    name = path.resolve().name if path.name in ("", ".", "..") else path.name
    return _printable(name)


def _source(text: str, ex: _Expansion) -> Iterator[InputFile | SourceProblem]:
    path = Path(text).expanduser()
    try:
        st = os.stat(path)
    except FileNotFoundError as err:
        if os.path.islink(path):
            yield _stat_problem(path, _printable(path.name), err)
        elif glob.has_magic(text):
            yield from _glob(text, ex)
        else:
            yield _missing(text, path)
        return
    except OSError as err:
        yield _stat_problem(path, _printable(path.name or text), err)
        return
    if stat.S_ISDIR(st.st_mode):
        yield from _folder(path, _folder_label(path), st, ex)
    else:
        yield from _entry(path, _printable(path.name), ex, st)


def _folder(
    path: Path, label: str, st: os.stat_result, ex: _Expansion
) -> Iterator[InputFile | SourceProblem]:
    problem = _seen_folder(st, label, ex.folders)
    if problem is not None:
        yield problem
    else:
        yield from _walk(path, label, ex, ex.folders)


def _glob(text: str, ex: _Expansion) -> Iterator[InputFile | SourceProblem]:
    pattern = os.path.expanduser(text)
    base, segments = _glob_base(pattern)
    found = False
    many = _deep_glob(base, segments, ex) if "**" in segments else _plain_glob(pattern, base, ex)
    for item in many:
        found = True
        yield item
    if not found:
        shown = _printable(text)
        yield SourceProblem(
            shown,
            f"{shown}: the pattern matches no file; check the pattern (quote it in the "
            "shell so it is not expanded there).",
        )


def _glob_base(pattern: str) -> tuple[Path, tuple[str, ...]]:
    """The folder before the first part of ``pattern`` with wildcards, and the rest."""
    parts = Path(pattern).parts
    k = next((i for i, p in enumerate(parts) if glob.has_magic(p)), len(parts))
    return (Path(*parts[:k]) if k else Path(".")), parts[k:]


def _plain_glob(pattern: str, base: Path, ex: _Expansion) -> Iterator[InputFile | SourceProblem]:
    """Matches of a pattern without ``**`` (a bounded depth: glob.glob is safe)."""
    for match in map(Path, sorted(glob.glob(pattern))):
        try:
            origin = _printable(match.relative_to(base).as_posix())
        except ValueError:
            origin = _printable(match.as_posix())
        try:
            st = os.stat(match)
        except OSError as err:
            yield _stat_problem(match, origin, err)
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _folder(match, _printable(match.name), st, ex)
        else:
            yield from _entry(match, origin, ex, st)


def _deep_glob(
    base: Path, segments: tuple[str, ...], ex: _Expansion
) -> Iterator[InputFile | SourceProblem]:
    """Files under ``base`` matching ``segments`` (``**``: any number of folders).

    glob.glob follows links to folders without end (two links to a parent folder
    make it run forever), so the folder is walked by the rules of :func:`_walk`.
    """
    try:
        st = os.stat(base)
    except OSError:
        return
    if stat.S_ISDIR(st.st_mode):
        folders = {(st.st_dev, st.st_ino): _printable(str(base))}  # this walk's own
        keep = functools.partial(_glob_match, segments=segments)
        yield from _walk(base, "", ex, folders, keep)


def _glob_match(parts: tuple[str, ...], segments: tuple[str, ...]) -> bool:
    """Whether path ``parts`` match glob ``segments``, where ``**`` is any number of parts.

    Examples
    --------
    >>> _glob_match(("a", "b", "c.txt"), ("**", "*.txt")), _glob_match(("c.txt",), ("*", "*"))
    (True, False)
    """

    @functools.cache
    def match(i: int, j: int) -> bool:
        if j == len(segments):
            return i == len(parts)
        if segments[j] == "**":
            return match(i, j + 1) or (i < len(parts) and match(i + 1, j))
        return i < len(parts) and fnmatch.fnmatchcase(parts[i], segments[j]) and match(i + 1, j + 1)

    return match(0, 0)


def _expand(
    sources: tuple[str | InputFile, ...], ex: _Expansion
) -> Iterator[InputFile | SourceProblem]:
    for source in sources:
        if isinstance(source, InputFile):  # an in-memory table (see .memory)
            yield source
        else:
            yield from _source(source, ex)


def _memory_file(source: object) -> InputFile:
    """An in-memory frame or iterable of records as an input file (else a TypeError)."""
    found = in_memory(source)
    if found is None:
        raise TypeError(not_a_source(source))
    label, suffix, data = found
    return InputFile(label, suffix, "", functools.partial(bytes, data), size=len(data))


def expand_sources(
    *sources: str | os.PathLike,
    max_member_size: int = MAX_MEMBER_SIZE,
    max_compression_ratio: float = MAX_COMPRESSION_RATIO,
) -> Iterator[InputFile | SourceProblem]:
    """Yield the input files named by ``sources``, in a stable order.

    Every file met is yielded once, as an :class:`InputFile` or as a
    :class:`SourceProblem` that says why it cannot be read, except hidden files and
    folders (names starting with ``.``) and ``__MACOSX`` folders, which are skipped
    (see the module's rules and archive limits).

    Parameters
    ----------
    *sources : str, path-like, DataFrame or iterable of dicts
        Files, folders (walked recursively, following links), glob patterns
        (``"articles/**/*.txt"``) or ``.zip`` archives, mixed freely. ``"."`` is the
        working folder. A pandas or polars DataFrame or an iterable of dicts is one
        input file held in memory (:mod:`analysis.loading.memory`).
    max_member_size : int, default MAX_MEMBER_SIZE
        Largest archive member read (uncompressed bytes).
    max_compression_ratio : float, default MAX_COMPRESSION_RATIO
        Largest uncompressed / compressed ratio of members above
        :data:`RATIO_CHECK_ABOVE` bytes.

    Yields
    ------
    InputFile or SourceProblem
        With unique, printable origins.

    Raises
    ------
    ValueError
        For an empty string among ``sources`` (it would silently mean the working
        folder).
    TypeError
        For a source that is none of these (the message says what to pass).

    Examples
    --------
    >>> import tempfile, pathlib, zipfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("Title\\n\\nBody.")
    >>> _ = (d / ".DS_Store").write_bytes(b"hidden: skipped")
    >>> with zipfile.ZipFile(d / "b.zip", "w") as zf:
    ...     zf.writestr("x.txt", "Title\\n\\nBody.")
    ...     zf.writestr("../evil.txt", "Title\\n\\nBody.")
    >>> [(type(f).__name__, f.origin.split("/", 1)[1]) for f in expand_sources(d)]
    [('InputFile', 'a.txt'), ('SourceProblem', 'b.zip!../evil.txt'), ('InputFile', 'b.zip!x.txt')]
    >>> print(next(expand_sources(d / "a.text")).reason)  # doctest: +ELLIPSIS
    /...a.text: no such file or folder (did you mean /...a.txt?); check the spelling ...
    """
    items: list[str | InputFile] = []
    for source in sources:
        if not isinstance(source, (str, bytes, os.PathLike)):
            items.append(_memory_file(source))
            continue
        if os.fspath(source) in ("", b""):
            raise ValueError(
                "An empty string is not a source (it would silently load the working "
                "folder). Pass files, folders, globs or .zip archives, or '.' for the "
                "working folder."
            )
        items.append(os.fsdecode(source))
    ex = _Expansion(max_member_size, max_compression_ratio)
    return _unique(_expand(tuple(items), ex))
