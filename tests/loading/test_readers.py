"""Tests for analysis.loading.readers: one reader per format, problems as records."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.loading.readers import (
    Problem,
    RawArticle,
    read_file,
    resolve_columns,
)
from analysis.loading.sources import InputFile


def _file(name: str, data: bytes | str) -> list:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    return list(read_file(InputFile(name, suffix, "folder", lambda: raw)))


def test_csv_columns_recognised_by_common_names_and_extras_kept():
    out = _file(
        "f.csv",
        "Headline,Body,publish_date,article_source_link,Publisher,byline,mood\n"
        'H1,"Text, with comma",2017/2/7,http://x.com/a/b,Outlet,Ann,ok\n',
    )
    (art,) = out
    assert isinstance(art, RawArticle)
    assert art.origin == "f.csv:row 1"
    assert art.fields == {
        "title": "H1",
        "text": "Text, with comma",
        "published": "2017/2/7",
        "url": "http://x.com/a/b",
        "source": "Outlet",
        "author": "Ann",
    }
    assert art.extra == {"mood": "ok"}


def test_explicit_column_mapping_wins_and_unknown_keys_are_refused():
    (art,) = _file("f.csv", "text,my_body\nnot this,this one\n")
    assert art.fields["text"] == "not this"
    (art,) = list(
        read_file(
            InputFile("f.csv", ".csv", "x", lambda: b"text,my_body\nnot this,this one\n"),
            columns={"text": "my_body"},
        )
    )
    assert art.fields["text"] == "this one"
    assert art.extra == {"input_text": "not this"}
    with pytest.raises(ValueError, match="unknown fields"):
        resolve_columns(["a"], {"bodyy": "a"})


def test_missing_text_column_rejects_the_file_with_advice():
    (p,) = _file("f.csv", "title,summary\nA,B\n")
    assert isinstance(p, Problem) and p.status == "rejected"
    assert p.reason.startswith("f.csv: no text column among [title, summary]")
    assert "columns={'text'" in p.reason


def test_malformed_and_truncated_csv_rows_are_reported_and_the_rest_loads():
    data = (
        "title,text\n"
        "A,good one\n"
        "B,too,many,fields\n"
        'C,"bad "quote" here"\n'
        "D,another good\n"
        'E,"never closed\n'
    )
    out = _file("f.csv", data)
    kinds = [(type(o).__name__, o.origin) for o in out]
    assert kinds == [
        ("RawArticle", "f.csv:row 1"),
        ("Problem", "f.csv:row 2"),
        ("Problem", "f.csv:row 3"),
        ("RawArticle", "f.csv:row 4"),
        ("Problem", "f.csv:row 5"),
    ]
    assert "line 3" in out[1].reason and "4 fields but the header has 2" in out[1].reason
    assert "line 4" in out[2].reason and "malformed CSV" in out[2].reason
    assert "line 6" in out[4].reason and "never closed" in out[4].reason


def test_tsv_and_semicolon_delimiters():
    (a,) = _file("f.tsv", "title\ttext\nT\tx, y; z\n")
    assert a.fields == {"title": "T", "text": "x, y; z"}
    (b,) = _file("g.csv", "title;text\nT;x, y\n")
    assert b.fields == {"title": "T", "text": "x, y"}


def test_huge_field_is_rejected_not_loaded():
    big = "x" * 2_000
    out = list(
        read_file(
            InputFile("f.csv", ".csv", "x", lambda: f"title,text\nA,{big}\nB,ok\n".encode()),
            max_line_length=1_000,
        )
    )
    assert isinstance(out[0], Problem) and "max_line_length" in out[0].reason
    assert isinstance(out[1], RawArticle) and out[1].fields["title"] == "B"


def test_huge_line_in_text_file_is_rejected():
    out = list(
        read_file(
            InputFile("f.txt", ".txt", "x", lambda: b"T\n\n" + b"y" * 500), max_line_length=100
        )
    )
    assert isinstance(out[0], Problem) and "line 3" in out[0].reason


def test_json_list_container_single_and_jsonl_with_bad_line():
    items = [{"headline": "A", "content": "alpha", "authors": ["X", "Y"], "meta": {"k": 1}}, 3]
    out = _file("f.json", json.dumps(items))
    assert out[0].fields == {"title": "A", "text": "alpha", "author": "X, Y"}
    assert out[0].extra == {"meta": '{"k": 1}'}
    assert isinstance(out[1], Problem) and out[1].origin == "f.json:item 2"
    (c,) = _file("g.json", json.dumps({"articles": [{"text": "in a container"}]}))
    assert c.fields["text"] == "in a container"
    (s,) = _file("h.json", json.dumps({"text": "single"}))
    assert s.origin == "h.json" and s.fields["text"] == "single"
    out = _file("f.jsonl", '{"text": "one"}\n{"text": "tw\n\n{"text": "three"}\n')
    assert [type(o).__name__ for o in out] == ["RawArticle", "Problem", "RawArticle"]
    assert out[1].origin == "f.jsonl:line 2" and "truncated or malformed" in out[1].reason


def test_truncated_json_document_reports_line_and_column():
    (p,) = _file("f.json", '[{"text": "a"},\n {"text": "b')
    assert isinstance(p, Problem)
    assert p.reason.startswith("f.json, line 2 column") and ".jsonl" in p.reason


def test_parquet_rows(tmp_path):
    path = tmp_path / "t.parquet"
    pd.DataFrame({"title": ["A", "B"], "body": ["alpha", "beta"], "n": [1, 2]}).to_parquet(path)
    out = list(read_file(InputFile("t.parquet", ".parquet", "x", path.read_bytes)))
    assert [o.fields["text"] for o in out] == ["alpha", "beta"]
    assert [o.extra["n"] for o in out] == [1, 2]
    (bad,) = _file("u.parquet", b"PAR1 not really")
    assert isinstance(bad, Problem) and "not a readable Parquet file" in bad.reason


@pytest.mark.parametrize(
    ("name", "data", "status", "phrase"),
    [
        ("x.docx", b"whatever", "rejected", "unknown file type .docx"),
        ("noext", b"whatever", "rejected", "unknown file type (none)"),
        ("e.txt", b"", "empty", "the file is empty"),
        ("w.csv", b"  \n\n ", "empty", "the file is empty"),
        ("b.txt", bytes(range(256)) * 8, "rejected", "not text; remove it"),
    ],
)
def test_bad_files_become_one_problem_each(name, data, status, phrase):
    (p,) = _file(name, data)
    assert isinstance(p, Problem)
    assert (p.status, p.origin) == (status, name)
    assert phrase in p.reason and p.reason.startswith(name)


def test_html_page_gives_text_and_metadata():
    html = """<html><head><title>Big news - Example Times</title>
    <meta property="og:url" content="https://www.example.com/world/big-news">
    <meta name="author" content="Jane Roe"></head><body><nav>Home | World</nav>
    <article><h1>Big news</h1><p>First paragraph of the story with enough words to count
    as article text for the extractor to keep it.</p><p>Second paragraph of the story,
    also long enough to be kept by the extractor as main text.</p></article>
    <footer>Copyright 2024</footer></body></html>"""
    (art,) = _file("page.html", html)
    assert isinstance(art, RawArticle)
    assert "First paragraph" in art.fields["text"] and "Home | World" not in art.fields["text"]
    assert art.fields["title"].startswith("Big news")
    assert art.fields["url"] == "https://www.example.com/world/big-news"
    assert art.fields["author"] == "Jane Roe"


def test_lines_decoded_otherwise_are_attributed_to_their_csv_row():
    data = (
        'title,text\nA,"café\n\nnaïve"\n'.encode()
        + 'B,"Zoë\r\nstill B"\r\n'.encode("cp1252")
        + "C,déjà\n".encode()
    )
    out = _file("f.csv", data)
    assert [o.fields["text"] for o in out] == ["café\n\nnaïve", "Zoë\r\nstill B", "déjà"]
    assert [[(f.line, f.kind) for f in o.fixes] for o in out] == [[], [(5, "decoded")], []]


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
def test_utf32_files_without_bom_are_read(encoding):
    (art,) = _file("f.txt", "Title\n\nNaïve “text”.\n".encode(encoding))
    assert art.fields["text"] == "Title\n\nNaïve “text”.\n"


def test_text_longer_than_max_text_chars_is_a_problem():
    f = InputFile("f.jsonl", ".jsonl", "x", lambda: b'{"text": "0123456789"}\n{"text": "ok"}')
    out = list(read_file(f, max_text_chars=5))
    assert isinstance(out[0], Problem) and out[0].origin == "f.jsonl:line 1"
    assert "10 characters, more than max_text_chars=5" in out[0].reason
    assert isinstance(out[1], RawArticle)


@pytest.mark.parametrize("last", ["\nend", "", "\n"])
def test_long_line_is_found_on_the_right_line(last):
    text = "T\n\nshort\n" + "y" * 101 + last
    f = InputFile("f.txt", ".txt", "x", lambda: text.encode())
    (p,) = read_file(f, max_line_length=100)
    assert p.reason.startswith("f.txt, line 4: a single line of 101 characters (limit 100)")
