"""A file that is mostly UTF-8 with an odd legacy-encoded record, and NUL bytes.

Only the odd record is decoded otherwise, counted in its ``n_encoding_fixes`` and noted
in its reason with its line; every other record loads exactly as from a pure UTF-8
file. Files are generated in ``tmp_path``.
"""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from analysis.loading import LoadError, load_corpus

ODD = "Odd row: the café’s naïve “crème brûlée” — déjà vu."


def _csv_bytes(rows: list[dict[str, str]], columns: list[str]) -> list[bytes]:
    """One bytes record per row (UTF-8), the header first."""
    out = []
    for row in [dict(zip(columns, columns, strict=True)), *rows]:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([row[c] for c in columns])
        out.append(buf.getvalue().encode("utf-8"))
    return out


def _load(path):
    articles, report = load_corpus(path)
    return articles, report.set_index("origin")


def _compare(tmp_path, records: list[bytes], odd_at: int):
    """Load the records all in UTF-8 and with record ``odd_at`` in cp1252."""
    (tmp_path / "pure").mkdir()
    (tmp_path / "mixed").mkdir()
    pure, mixed = tmp_path / "pure" / "news.csv", tmp_path / "mixed" / "news.csv"
    pure.write_bytes(b"".join(records))
    odd = records[odd_at].decode("utf-8").encode("cp1252")
    mixed_bytes = b"".join([*records[:odd_at], odd, *records[odd_at + 1 :]])
    mixed.write_bytes(mixed_bytes)
    line = b"".join(records[:odd_at]).count(b"\n") + 1
    return _load(pure), _load(mixed), line


@pytest.mark.slow
def test_one_cp1252_row_among_2000_utf8_rows(tmp_path):
    rows = [
        {"title": f"Title {i}", "text": f"Le café numéro {i} est ouvert. It’s “fine”, naïve."}
        for i in range(2000)
    ]
    for row in rows[::100]:  # a few rows span several lines
        row["text"] += "\n\nUn deuxième paragraphe.\n\nEt un troisième, déjà."
    rows.insert(1234, {"title": "Odd", "text": ODD})
    records = _csv_bytes(rows, ["title", "text"])
    (a_pure, r_pure), (a_mixed, r_mixed), line = _compare(tmp_path, records, 1235)
    assert line == 1236 + 4 * 13
    assert len(a_mixed) == 2001 and (r_mixed["status"] == "loaded").all()
    # Every article, the odd one included, is exactly as from the pure UTF-8 file.
    pd.testing.assert_frame_equal(a_pure, a_mixed)
    assert a_mixed.loc[a_mixed["title"] == "Odd", "text"].tolist() == [ODD]
    odd = r_mixed.loc["news.csv:row 1235"]
    assert odd["n_encoding_fixes"] == 1
    assert odd["reason"] == (
        f"news.csv:row 1235: line {line} was not valid UTF-8; decoded as cp1252."
    )
    others = r_mixed.drop(index="news.csv:row 1235")
    pd.testing.assert_frame_equal(others, r_pure.drop(index="news.csv:row 1235"))
    assert r_pure["n_encoding_fixes"].sum() == 0


@pytest.mark.slow
def test_demo_rows_with_one_cp1252_row(tmp_path, demo_csv):
    demo = pd.read_csv(demo_csv, nrows=500, dtype=str, keep_default_na=False)
    odd = dict.fromkeys(demo.columns, "")
    odd.update(title="An odd row", text=ODD)
    rows = demo.to_dict("records")
    rows.insert(250, odd)
    records = _csv_bytes(rows, list(demo.columns))
    (a_pure, r_pure), (a_mixed, r_mixed), line = _compare(tmp_path, records, 251)
    pd.testing.assert_frame_equal(a_pure, a_mixed)
    # Against the 500 demo rows alone, exactly one article is new: the odd one.
    (tmp_path / "demo").mkdir()
    demo_only = tmp_path / "demo" / "news.csv"
    demo_only.write_bytes(b"".join(records[:251] + records[252:]))
    a_demo, r_demo = _load(demo_only)
    new = a_mixed.index.difference(a_demo.index)
    assert len(new) == 1 and a_mixed.loc[new[0], "title"] == "An odd row"
    assert a_mixed.loc[new[0], "text"] == ODD
    kept = a_mixed.drop(index=new).drop(columns="origin")
    pd.testing.assert_frame_equal(kept, a_demo.drop(columns="origin"))
    assert r_mixed["n_encoding_fixes"].sum() == r_pure["n_encoding_fixes"].sum() + 1
    assert r_mixed["n_encoding_fixes"].sum() == r_demo["n_encoding_fixes"].sum() + 1
    reason = r_mixed.loc["news.csv:row 251", "reason"]
    assert f"line {line} was not valid UTF-8; decoded as cp1252" in reason
    assert (
        r_mixed.drop(index="news.csv:row 251")["n_encoding_fixes"]
        == r_pure.drop(index="news.csv:row 251")["n_encoding_fixes"]
    ).all()


def test_odd_json_line_and_json_item_are_attributed_to_their_record(tmp_path):
    items = [{"title": f"T{i}", "text": f"Café numéro {i}, naïve."} for i in range(5)]
    lines = [json.dumps(x, ensure_ascii=False).encode() for x in items]
    lines[3] = lines[3].decode().encode("cp1252")
    (tmp_path / "a.jsonl").write_bytes(b"\n".join(lines))
    doc = json.dumps({"articles": items}, ensure_ascii=False, indent=2).encode().split(b"\n")
    at = next(i for i, x in enumerate(doc) if "numéro 2".encode() in x)
    doc[at] = doc[at].decode().encode("cp1252")
    (tmp_path / "b.json").write_bytes(b"\n".join(doc))
    articles, report = load_corpus(tmp_path, dedupe=False)
    report = report.set_index("origin")
    fixed = report[report["n_encoding_fixes"] > 0]
    assert [x.rsplit("/", 1)[-1] for x in fixed.index] == ["a.jsonl:line 4", "b.json:item 3"]
    assert "line 4 was not valid UTF-8" in fixed["reason"].iloc[0]
    assert f"line {at + 1} was not valid UTF-8" in fixed["reason"].iloc[1]
    assert articles["text"].tolist() == [x["text"] for x in items] * 2


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_nul_bytes_load_the_same_wherever_they_are(tmp_path, where):
    body = "Title line\n\n" + "A sentence of the article, long enough. " * 400 + "\n"
    pos = {"start": 0, "middle": len(body) // 2, "end": len(body)}[where]
    (tmp_path / "a.txt").write_bytes((body[:pos] + "\x00" * 3 + body[pos:]).encode())
    (tmp_path / "clean.txt").write_text(body, encoding="utf-8")
    articles, report = load_corpus(tmp_path / "a.txt")
    clean, _ = load_corpus(tmp_path / "clean.txt")
    assert articles["text"].tolist() == clean["text"].tolist()
    assert report["status"].tolist() == ["loaded"]
    assert report["n_encoding_fixes"].tolist() == [3]
    assert "removed 3 NUL bytes on line" in report["reason"].iloc[0]


def test_nul_bytes_in_a_csv_row_are_noted_on_that_row(tmp_path):
    data = b"title,text\nA,first\nB,sec\x00ond\nC,third\n"
    (tmp_path / "n.csv").write_bytes(data)
    articles, report = load_corpus(tmp_path / "n.csv", min_words=0)
    assert articles["text"].tolist() == ["first", "second", "third"]
    assert report["n_encoding_fixes"].tolist() == [0, 1, 0]
    assert report["reason"].iloc[1] == "n.csv:row 2: removed 1 NUL byte on line 3."


def test_file_mostly_in_cp1252_is_still_decoded_as_a_whole(tmp_path):
    rows = [{"title": f"T{i}", "text": f"Le café numéro {i}, naïve."} for i in range(50)]
    records = _csv_bytes(rows, ["title", "text"])
    data = b"".join(records).decode().encode("cp1252")
    (tmp_path / "legacy.csv").write_bytes(data)
    articles, report = load_corpus(tmp_path / "legacy.csv")
    assert articles["text"].tolist() == [r["text"] for r in rows]
    assert report["n_encoding_fixes"].sum() == 0 and (report["reason"] == "").all()


def test_strict_mode_is_not_bothered_by_a_decoded_line(tmp_path):
    records = _csv_bytes(
        [{"title": "A", "text": "café"}, {"title": "B", "text": "Zoë"}] * 3, ["title", "text"]
    )
    records[2] = records[2].decode().encode("cp1252")
    (tmp_path / "m.csv").write_bytes(b"".join(records))
    articles, report = load_corpus(tmp_path / "m.csv", strict=True, dedupe=False, min_words=0)
    assert len(articles) == 6 and report["n_encoding_fixes"].tolist() == [0, 1, 0, 0, 0, 0]
    (tmp_path / "e.csv").write_bytes(b"title,text\nA,a longer first text\nB,\x00\n")
    with pytest.raises(LoadError, match=r"row 2: no article text.* removed 1 NUL byte on line 3"):
        load_corpus(tmp_path / "e.csv", strict=True)


def test_odd_line_of_a_txt_and_an_html_file_is_noted_on_its_article(tmp_path):
    body = "Le titre\n\nUn café, déjà.\n" + "Une phrase de l’article.\n" * 20
    data = body.encode().replace("Un café, déjà.".encode(), "Un café, déjà.".encode("cp1252"))
    (tmp_path / "a.txt").write_bytes(data)
    page = (
        "<html><head><title>Le titre</title></head><body><article><h1>Le titre</h1>\n"
        + "".join(
            f"<p>Une phrase assez longue de l’article numéro {i}, déjà.</p>\n" for i in range(9)
        )
        + "</article></body></html>"
    ).encode()
    line = "<p>Une phrase assez longue de l’article numéro 4, déjà.</p>"
    page = page.replace(line.encode(), line.encode("cp1252"))
    (tmp_path / "b.html").write_bytes(page)
    articles, report = load_corpus(tmp_path)
    assert "Un café, déjà." in articles["text"].iloc[0]
    assert "numéro 4, déjà" in articles["text"].iloc[1]
    assert report["n_encoding_fixes"].tolist() == [1, 1]
    assert (
        report["reason"]
        .str.endswith(
            (
                "line 3 was not valid UTF-8; decoded as cp1252.",
                "line 6 was not valid UTF-8; decoded as cp1252.",
            )
        )
        .all()
    )


def test_max_text_chars_must_be_positive():
    with pytest.raises(ValueError, match="max_text_chars=0 must be positive"):
        load_corpus("x.csv", max_text_chars=0)
