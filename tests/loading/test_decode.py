"""Tests for analysis.loading.decode: strict decoding, BOMs, legacy encodings, binary."""

from __future__ import annotations

import pytest

from analysis.loading.decode import DecodeError, decode_bytes, looks_binary

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
