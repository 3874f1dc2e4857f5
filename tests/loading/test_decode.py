"""Tests for analysis.loading.decode: strict decoding, BOMs, legacy encodings, binary."""

from __future__ import annotations

import codecs

import pytest

from analysis.loading.decode import (
    DecodeError,
    LineFix,
    decode_bytes,
    decode_text,
    describe_fixes,
    looks_binary,
)

TEXT = "It’s “quoted” — naïve café. " * 20


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("cp1252", "cp1252"),
    ],
)
def test_decodes_common_encodings(encoding, expected):
    text, used = decode_bytes(TEXT.encode(encoding))
    assert text.lstrip("\ufeff") == TEXT
    assert used == expected


def test_latin1_text_is_detected_not_replaced():
    data = "Dáil Éireann, Fianna Fáil and the Taoiseach. " * 10
    text, used = decode_bytes(data.encode("latin-1"))
    assert text == data
    assert "\ufffd" not in text
    assert used in {"cp1252", "latin_1", "iso8859_15"}


def test_forced_encoding_is_strict():
    with pytest.raises(DecodeError, match="cannot be decoded as ascii"):
        decode_bytes("café".encode(), encoding="ascii")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
        (b"%PDF-1.7\n" + bytes(200), "PDF"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_binary_is_refused_with_advice(data, what):
    assert what.lower() in looks_binary(data).lower()
    with pytest.raises(DecodeError, match="not text; remove it"):
        decode_bytes(data)


def test_text_with_tabs_and_newlines_is_not_binary():
    assert looks_binary(b"a\tb\r\nc\n" * 100) is None


# ------------------------------------------------------ mixed files, NULs, UTF-32
GOOD = "Le café “Chez Zoë” — naïve crème brûlée.\n"


def test_odd_cp1252_line_in_utf8_file_is_decoded_alone():
    lines = [GOOD.encode()] * 50
    lines[31] = "Odd line: café — naïve, it’s here.\n".encode("cp1252")
    decoded = decode_text(b"".join(lines))
    assert decoded.encoding == "utf-8"
    text_lines = decoded.text.splitlines(keepends=True)
    assert text_lines[31] == "Odd line: café — naïve, it’s here.\n"
    assert [x for i, x in enumerate(text_lines) if i != 31] == [GOOD] * 49
    assert decoded.fixes == (LineFix(32, "decoded", 1, "cp1252"),)
    assert describe_fixes(decoded.fixes) == ["line 32 was not valid UTF-8; decoded as cp1252"]


def test_odd_lines_are_numbered_like_csv_lines():
    # \r\n, lone \r and \n each end one line, as csv and io.StringIO(newline="") count
    data = GOOD.encode() + b"a\r\nb\rc\n" + "café\r\n".encode("cp1252") + GOOD.encode()
    decoded = decode_text(data)
    assert [f.line for f in decoded.fixes] == [5]
    assert decoded.text == GOOD + "a\r\nb\rc\ncafé\r\n" + GOOD


def test_utf8_bom_file_with_an_odd_line():
    data = codecs.BOM_UTF8 + GOOD.encode() * 3 + "Zoë\n".encode("cp1252")
    decoded = decode_text(data)
    assert (decoded.text, decoded.encoding) == (GOOD * 3 + "Zoë\n", "utf-8-sig")
    assert [f.line for f in decoded.fixes] == [4]


def test_file_entirely_in_a_legacy_code_page_is_decoded_as_a_whole():
    data = (GOOD * 20).encode("cp1252")
    decoded = decode_text(data)
    assert (decoded.text, decoded.encoding, decoded.fixes) == (GOOD * 20, "cp1252", ())


@pytest.mark.parametrize("where", [0, 100, 9_000, -1])
def test_nul_bytes_count_the_same_wherever_they_are(where):
    text = GOOD * 300  # > 8 KB, so a NUL can sit beyond the first 8 KB
    pos = where if where >= 0 else len(text)
    data = (text[:pos] + "\x00\x00" + text[pos:]).encode()
    decoded = decode_text(data)
    assert decoded.text == text
    assert sum(f.count for f in decoded.fixes) == 2
    assert [f.kind for f in decoded.fixes] == ["nul"]
    assert decoded.fixes[0].line == text[:pos].count("\n") + 1
    assert decode_bytes(data) == (text, "utf-8")


def test_binary_is_decided_from_the_whole_file():
    text = (GOOD * 300).encode()
    noise = bytes(range(256)) * 200  # about 11% control bytes
    for data in (noise + text, text + noise):
        assert looks_binary(data) == "binary data"
        with pytest.raises(DecodeError, match="not text"):
            decode_text(data)


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
def test_utf32_without_bom_is_detected(encoding):
    text = TEXT + " 𝄞 emoji 🎉 and 中文"
    assert looks_binary(text.encode(encoding)) is None
    assert decode_bytes(text.encode(encoding)) == (text, encoding)


def test_forced_encoding_still_removes_nul_bytes():
    decoded = decode_text("a\x00b\nc".encode("utf-16-le"), encoding="utf-16-le")
    assert decoded.text == "ab\nc"
    assert decoded.fixes == (LineFix(1, "nul", 1),)
