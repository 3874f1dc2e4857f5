"""Turn raw bytes into text without ever replacing characters silently.

The order of attempts is fixed and documented:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) wins;
2. BOM-less UTF-32 and UTF-16, recognised by their pattern of zero bytes;
3. binary data (images, PDFs, archives, executables, or more than 5% control bytes
   over the whole file) is refused with a :class:`DecodeError` that says what to do,
   never turned into replacement characters;
4. UTF-8, line by line: a file that is *mostly* UTF-8 (more of its non-ASCII bytes
   sit in valid UTF-8 lines than in invalid ones) is decoded as UTF-8, and only its
   odd lines are decoded with the legacy code page detected from their bytes (cp1252
   when the bytes are too few to tell). Good UTF-8 is never re-decoded;
5. otherwise the whole file is legacy-encoded, and
   `charset-normalizer <https://charset-normalizer.readthedocs.io>`_ picks among
   legacy encodings such as cp1252 and latin-1.

NUL bytes (U+0000) are removed wherever they are; whether a file is binary is
decided from the whole file, so a NUL at its start counts no more than one in its
middle.

Lines decoded otherwise and lines that held NUL bytes are listed in
:attr:`DecodedText.fixes` (:class:`LineFix`), so that readers can attribute them to
the records they belong to. Lines are numbered from 1 and end at ``\\n``, ``\\r\\n``
or ``\\r``, as :mod:`csv` and ``io.StringIO(text, newline="")`` count them.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = [
    "DecodeError",
    "DecodedText",
    "LineFix",
    "decode_bytes",
    "decode_text",
    "describe_fixes",
    "looks_binary",
]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that never occur in text files (everything below 0x20 except
# tab, newline, vertical tab, form feed, carriage return and escape).
_CONTROL = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
#: Share of control bytes (NUL included) over the whole file above which it is binary.
BINARY_CONTROL_SHARE = 0.05
_ASCII = bytes(range(0x80))
_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a zip archive (or an Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
    b"PAR1": "a Parquet file",
}
_EOL = {str: re.compile("\r\n?|\n"), bytes: re.compile(b"\r\n?|\n")}
_SCAN_BLOCK = 1 << 20


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can identify."""


@dataclass(frozen=True)
class LineFix:
    """One line of a file changed while it was decoded.

    Attributes
    ----------
    line : int
        Line number, from 1 (lines end at ``\\n``, ``\\r\\n`` or ``\\r``).
    kind : str
        ``"decoded"``: the line was not valid UTF-8 in a UTF-8 file and was decoded
        with ``encoding``; ``"nul"``: ``count`` NUL bytes were removed from it.
    count : int
        Fixes counted for the load report: 1 for a line decoded otherwise, the
        number of NUL bytes removed.
    encoding : str
        The code page used, for ``"decoded"``.
    """

    line: int
    kind: str
    count: int = 1
    encoding: str = ""


@dataclass(frozen=True)
class DecodedText:
    """The result of :func:`decode_text`.

    Attributes
    ----------
    text : str
    encoding : str
        The file's encoding, e.g. ``"utf-8"``, ``"utf-16"`` or ``"cp1252"``.
    fixes : tuple of LineFix
        Lines decoded otherwise or stripped of NUL bytes, by line number.
    """

    text: str
    encoding: str
    fixes: tuple[LineFix, ...] = ()


def looks_binary(data: bytes) -> str | None:
    """Return a description of what ``data`` seems to be if it is binary, else None.

    Text in a wide encoding (a BOM, or BOM-less UTF-16/32) is text; otherwise data
    is binary when more than :data:`BINARY_CONTROL_SHARE` of *all* its bytes are
    control bytes (NUL included), wherever they are.

    Parameters
    ----------
    data : bytes
        The whole file.

    Returns
    -------
    str or None
        E.g. ``"a PNG image"`` or ``"binary data"``; None for text.

    Examples
    --------
    >>> looks_binary(b"\\x89PNG\\r\\n\\x1a\\n....")
    'a PNG image'
    >>> looks_binary("plain text, caf\\u00e9".encode("utf-8")) is None
    True
    >>> looks_binary(b"\\x00" + b"text " * 100) is None, looks_binary(bytes(range(32)) * 9)
    (True, 'binary data')
    """
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    if not data or any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    if _wide_guess(data[:8192]):
        return None
    n_text = sum(
        len(data[i : i + _SCAN_BLOCK].translate(None, _CONTROL))
        for i in range(0, len(data), _SCAN_BLOCK)
    )
    if (len(data) - n_text) / len(data) > BINARY_CONTROL_SHARE:
        return "binary data"
    return None


def _wide_guess(head: bytes) -> str | None:
    """Guess BOM-less UTF-32 or UTF-16 from where the zero bytes are."""
    return _utf32_guess(head) or _utf16_guess(head)


def _utf32_guess(head: bytes) -> str | None:
    """Guess BOM-less UTF-32: the top byte of every code unit is zero, the next nearly."""
    n = len(head) - len(head) % 4
    if n < 8:
        return None
    zeros = [head[i:n:4].count(0) / (n // 4) for i in range(4)]
    if zeros[3] == 1 and zeros[2] > 0.9 and zeros[0] < 0.05:
        return "utf-32-le"
    if zeros[0] == 1 and zeros[1] > 0.9 and zeros[3] < 0.05:
        return "utf-32-be"
    return None


def _utf16_guess(head: bytes) -> str | None:
    """Guess BOM-less UTF-16 from zero bytes in every other position."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    zero_even = even.count(0) / len(even)
    zero_odd = odd.count(0) / max(len(odd), 1)
    if zero_odd > 0.4 and zero_even < 0.05:
        return "utf-16-le"
    if zero_even > 0.4 and zero_odd < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, *, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data`` strictly and say which encoding was used.

    The text of :func:`decode_text`, without the list of lines it changed.

    Parameters
    ----------
    data : bytes
        File content.
    encoding : str, optional
        Force this encoding (strict: undecodable bytes raise).

    Returns
    -------
    text : str
    encoding : str
        The codec name used, e.g. ``"utf-8"``, ``"utf-16"`` or ``"cp1252"``.

    Raises
    ------
    DecodeError
        If the bytes are binary or fit no encoding; the message says what to do.

    Examples
    --------
    >>> decode_bytes("caf\\u00e9 \\u2019".encode("utf-8"))
    ('café ’', 'utf-8')
    >>> decode_bytes(b"\\xef\\xbb\\xbfhello")
    ('hello', 'utf-8-sig')
    >>> decode_bytes("na\\u00efve".encode("utf-16"))
    ('naïve', 'utf-16')
    >>> decode_bytes("na\\u00efve text".encode("utf-32-be"))
    ('naïve text', 'utf-32-be')
    >>> decode_bytes("It\\u2019s \\u201cquoted\\u201d, na\\u00efve".encode("cp1252"))[1]
    'cp1252'
    """
    decoded = decode_text(data, encoding=encoding)
    return decoded.text, decoded.encoding


def decode_text(data: bytes, *, encoding: str | None = None) -> DecodedText:
    """Decode ``data`` strictly; say which encoding was used and which lines changed.

    See the module docstring for the order of attempts. NUL bytes are removed
    (listed as ``"nul"`` fixes) and, in a mostly UTF-8 file, lines that are not
    valid UTF-8 are decoded with a legacy code page (``"decoded"`` fixes).

    Parameters
    ----------
    data : bytes
        File content.
    encoding : str, optional
        Force this encoding (strict: undecodable bytes raise).

    Returns
    -------
    DecodedText

    Raises
    ------
    DecodeError
        If the bytes are binary or fit no encoding; the message says what to do.

    Examples
    --------
    >>> good = "caf\\u00e9 \\u00e0 la cr\\u00e8me\\n".encode("utf-8")
    >>> d = decode_text(good * 3 + "Odd caf\\u00e9\\n".encode("cp1252") + good)
    >>> d.encoding, d.text.splitlines()[3], d.fixes
    ('utf-8', 'Odd café', (LineFix(line=4, kind='decoded', count=1, encoding='cp1252'),))
    >>> decode_text(b"a\\x00b\\nc").fixes
    (LineFix(line=1, kind='nul', count=1, encoding=''),)
    """
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as err:
            raise DecodeError(
                f"cannot be decoded as {encoding} ({err}); pass the right encoding or "
                "leave encoding=None to detect it"
            ) from err
        text, nuls = _strip_nul(text)
        return DecodedText(text, encoding, tuple(nuls))
    wide = _decode_wide(data)
    if wide is not None:
        text, name = wide
        text, nuls = _strip_nul(text)
        return DecodedText(text, name, tuple(nuls))
    what = looks_binary(data)
    if what:
        raise DecodeError(
            f"looks like {what}, not text; remove it from the sources or convert it to "
            ".txt/.csv/.json/.html"
        )
    name = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data, name = data[len(codecs.BOM_UTF8) :], "utf-8-sig"
    data, nuls = _strip_nul(data)
    mixed = _decode_utf8_lines(data)
    if mixed is not None:
        text, odd = mixed
        return DecodedText(text, name, tuple(sorted(odd + nuls, key=lambda f: f.line)))
    if name == "utf-8-sig":
        raise DecodeError(
            "starts with a UTF-8 byte-order mark but is mostly not valid UTF-8; re-save "
            "the file as UTF-8 or pass encoding=... (e.g. 'cp1252')"
        )
    text, name = _detect(data)
    return DecodedText(text, name, tuple(nuls))


def _decode_wide(data: bytes) -> tuple[str, str] | None:
    """UTF-16/32 (BOM or guessed) and UTF-32/16 BOMs; None for 8-bit data."""
    for bom, name in _BOMS:
        if name != "utf-8-sig" and data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as err:
                raise DecodeError(
                    f"starts with a {name} byte-order mark but is not valid {name} ({err}); "
                    "re-save the file as UTF-8"
                ) from err
    guess = _wide_guess(data[:8192])
    if guess:
        try:
            return data.decode(guess), guess
        except UnicodeDecodeError:
            pass
    return None


def describe_fixes(fixes: list[LineFix] | tuple[LineFix, ...]) -> list[str]:
    """Sentences for the load report, consecutive lines of one kind grouped.

    Examples
    --------
    >>> describe_fixes([LineFix(7, "decoded", encoding="cp1252"), LineFix(9, "nul", 3)])
    ['line 7 was not valid UTF-8; decoded as cp1252', 'removed 3 NUL bytes on line 9']
    >>> describe_fixes([LineFix(i, "decoded", encoding="cp1252") for i in (3, 4, 5, 9)])
    ['lines 3-5, 9 were not valid UTF-8; decoded as cp1252']
    """
    groups: dict[tuple[str, str], list[LineFix]] = {}
    for fix in fixes:
        groups.setdefault((fix.kind, fix.encoding), []).append(fix)
    notes = []
    for (kind, enc), group in groups.items():
        lines = _line_ranges([f.line for f in group])
        if kind == "decoded":
            verb = "was" if lines.startswith("line ") else "were"
            notes.append(f"{lines} {verb} not valid UTF-8; decoded as {enc}")
        else:
            n = sum(f.count for f in group)
            notes.append(f"removed {n:,} NUL byte{'s' if n > 1 else ''} on {lines}")
    return notes


def _line_ranges(lines: list[int]) -> str:
    spans: list[list[int]] = []
    for n in sorted(set(lines)):
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    shown = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans[:10])
    more = f" and {len(spans) - 10} more" if len(spans) > 10 else ""
    return f"{'line' if len(lines) == 1 else 'lines'} {shown}{more}"


def _count_breaks(data: str | bytes, start: int, end: int) -> int:
    """Line breaks (``\\n``, ``\\r\\n``, ``\\r``) in ``data[start:end]``."""
    nl, cr, crlf = ("\n", "\r", "\r\n") if isinstance(data, str) else (b"\n", b"\r", b"\r\n")
    return data.count(nl, start, end) + data.count(cr, start, end) - data.count(crlf, start, end)


def _strip_nul(data):
    """Remove NUL characters (or bytes) from ``data``; one ``"nul"`` fix per line."""
    nul = "\x00" if isinstance(data, str) else b"\x00"
    if nul not in data:
        return data, []
    eol = _EOL[type(data)]
    fixes = []
    line, cursor = 1, 0
    while (pos := data.find(nul, cursor)) >= 0:
        line += _count_breaks(data, cursor, pos)
        m = eol.search(data, pos)
        end = m.start() if m else len(data)
        fixes.append(LineFix(line, "nul", data.count(nul, pos, end)))
        cursor = end
    return data.replace(nul, nul[:0]), fixes


def _n_high(data: bytes) -> int:
    return len(data.translate(None, _ASCII))


def _bad_utf8_lines(data: bytes) -> list[tuple[int, int]] | None:
    """Byte spans of the lines that are not valid UTF-8, or None if most bytes are not.

    Each call to the decoder stops at the next invalid byte, so the scan is linear.
    """
    total = sum(_n_high(data[i : i + _SCAN_BLOCK]) for i in range(0, len(data), _SCAN_BLOCK))
    view = memoryview(data)
    bad: list[tuple[int, int]] = []
    n_bad = 0
    pos = 0
    while True:
        try:
            codecs.utf_8_decode(view[pos:], "strict", True)
            return bad
        except UnicodeDecodeError as err:
            at = pos + err.start
        start = max(data.rfind(b"\n", pos, at), data.rfind(b"\r", pos, at)) + 1
        m = _EOL[bytes].search(data, at)
        end = m.end() if m else len(data)
        bad.append((start, end))
        n_bad += _n_high(data[start:end])
        if 2 * n_bad >= total:
            return None
        pos = end


def _decode_utf8_lines(data: bytes) -> tuple[str, list[LineFix]] | None:
    """Decode mostly-UTF-8 ``data``, its odd lines with a legacy code page."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    bad = _bad_utf8_lines(data)
    if bad is None:
        return None
    legacy = _line_codepage(b"".join(data[a:b] for a, b in bad))
    pieces, fixes = [], []
    line, counted, last = 1, 0, 0
    for start, end in bad:
        line += _count_breaks(data, counted, start)
        pieces.append(data[last:start].decode("utf-8"))
        pieces.append(data[start:end].decode(legacy))
        fixes.append(LineFix(line, "decoded", encoding=legacy))
        counted, last = start, end
    pieces.append(data[last:].decode("utf-8"))
    return "".join(pieces), fixes


_PREFERRED = ("cp1252", "latin_1", "iso8859_15")
# Fewer non-ASCII bytes than this in the odd lines of a UTF-8 file: too few to tell
# code pages apart, cp1252 (the usual Western one) is used when it decodes them.
_MIN_DETECT_BYTES = 16


def _ascii_single_byte(name: str) -> bool:
    """A code page that keeps ASCII (and line breaks) and has one byte per character."""
    try:
        high = bytes(range(0x80, 0x100)).decode(name, errors="replace")
        return len(high) == 0x80 and _ASCII.decode(name) == _ASCII.decode("ascii")
    except (LookupError, UnicodeDecodeError):
        return False


def _line_codepage(odd: bytes) -> str:
    """The legacy code page of the odd lines of a UTF-8 file (they all decode with it)."""
    from charset_normalizer import from_bytes

    names = [m.encoding for m in from_bytes(odd) if _ascii_single_byte(m.encoding)]
    preferred = [n for n in _PREFERRED if n in names]
    if _n_high(odd) < _MIN_DETECT_BYTES or not names:
        preferred.insert(0, "cp1252")
    for name in [*preferred, *names, "latin_1"]:
        try:
            odd.decode(name)
        except UnicodeDecodeError:
            continue
        return name
    return "latin_1"  # unreachable: latin-1 decodes any bytes


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise DecodeError(
            "is not valid UTF-8 and its encoding could not be detected; re-save it as "
            "UTF-8 or pass encoding=... (e.g. 'cp1252')"
        )
    # Western news text: charset-normalizer's ranking among single-byte codepages is
    # a coin toss on short texts (cp1250 "naďve" beats cp1252 "naïve"), so cp1252 is
    # preferred when it is a candidate or gives the very same text as the best one.
    text = str(best)
    names = {m.encoding for m in matches}
    for name in _PREFERRED:
        try:
            decoded = data.decode(name)
        except UnicodeDecodeError:
            continue
        if name in names or decoded == text:
            return decoded, name
    return text, best.encoding
