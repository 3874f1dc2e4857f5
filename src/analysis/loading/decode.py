"""Turn raw bytes into text without ever replacing characters silently.

The order of attempts is fixed and documented: a byte-order mark (UTF-8, UTF-16,
UTF-32) wins; then strict UTF-8; then BOM-less UTF-16 (recognised by its pattern of
zero bytes); then `charset-normalizer <https://charset-normalizer.readthedocs.io>`_
picks among legacy encodings such as cp1252 and latin-1. Binary data (images, PDFs,
archives, executables) is recognised and refused with a :class:`DecodeError` that says
what to do, never turned into replacement characters.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["DecodeError", "decode_bytes", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that never occur in text files (everything below 0x20 except
# tab, newline, vertical tab, form feed, carriage return and escape).
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
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


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can identify."""


def looks_binary(data: bytes) -> str | None:
    """Return a description of what ``data`` seems to be if it is binary, else None.

    Parameters
    ----------
    data : bytes
        The start of a file (a few kilobytes are enough).

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
    """
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    head = data[:8192]
    if not head:
        return None
    if _utf16_guess(head):
        return None
    n_control = len(_CONTROL.findall(head))
    if b"\x00" in head or n_control / len(head) > 0.05:
        return "binary data"
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
    >>> decode_bytes("It\\u2019s \\u201cquoted\\u201d, na\\u00efve".encode("cp1252"))[1]
    'cp1252'
    """
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as err:
            raise DecodeError(
                f"cannot be decoded as {encoding} ({err}); pass the right encoding or "
                "leave encoding=None to detect it"
            ) from err
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as err:
                raise DecodeError(
                    f"starts with a {name} byte-order mark but is not valid {name} ({err}); "
                    "re-save the file as UTF-8"
                ) from err
    guess = _utf16_guess(data[:8192])
    if guess:
        try:
            return data.decode(guess), guess
        except UnicodeDecodeError:
            pass
    what = looks_binary(data)
    if what:
        raise DecodeError(
            f"looks like {what}, not text; remove it from the sources or convert it to "
            ".txt/.csv/.json/.html"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _detect(data)


_PREFERRED = ("cp1252", "latin_1", "iso8859_15")


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
