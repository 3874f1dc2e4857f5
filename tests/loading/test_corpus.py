"""Tests for analysis.loading.corpus: the public load_corpus contract and the report."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.loading import (
    BoilerplateRule,
    LoadError,
    load_corpus,
    read_corpus,
    read_load_report,
    report_path,
    save_corpus,
)
from analysis.loading.schema import ARTICLE_COLUMNS, STATUSES

SEED_TITLE = (
    "NATO Chief Visits Ukraine: NATO chief visits Ukraine for 1st time since Russia invaded"
)


def _check_invariant(articles: pd.DataFrame, report: pd.DataFrame) -> None:
    assert set(report["status"]) <= set(STATUSES)
    assert report["origin"].is_unique
    loaded = report[report["status"] == "loaded"]
    assert len(loaded) == len(articles)
    assert list(loaded["doc_id"]) == list(articles.index)
    assert report.attrs["n_loaded"] == len(articles)
    assert sum(report.attrs[f"n_{s}"] for s in STATUSES) == len(report)


@pytest.mark.parametrize("which", ["seed_path", "sample_article"])
def test_seed_article_loads_to_one_clean_row(which, request):
    path = request.getfixturevalue(which)
    articles, report = load_corpus(path)
    assert len(articles) == 1 and report["status"].tolist() == ["loaded"]
    art = articles.iloc[0]
    assert art["title"] == SEED_TITLE
    assert art["dateline"] == "KYIV"
    assert art["text"].startswith("NATO Secretary-General Jens Stoltenberg visited Ukraine")
    assert art["text"].endswith("to supply at least 100 older Leopard 1 A5 tanks.")
    for footer in ("Source link", "Leave a Reply", "Your email address", "Required fields"):
        assert footer not in art["text"]
    assert SEED_TITLE not in art["text"] and "KYIV" not in art["text"]
    for quote in ("’", "“", "”"):
        assert quote in art["text"]
    assert "\n\n\n" not in art["text"]
    # each original line is a paragraph: 16 body lines in the seed
    assert art["text"].count("\n\n") == 15
    assert art["origin"] == path.name
    assert art["n_words"] > 500
    assert report["n_boilerplate"].iloc[0] == 3


def test_doc_ids_are_stable_content_hashes(seed_path, tmp_path):
    a1, _ = load_corpus(seed_path)
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(seed_path.read_bytes())
    a2, _ = load_corpus(copy)
    assert a1.index.tolist() == a2.index.tolist()
    assert a1.index[0].isalnum() and len(a1.index[0]) == 16


@pytest.mark.slow
def test_demo_corpus_accounts_for_every_record(demo_csv):
    articles, report = load_corpus(demo_csv)
    _check_invariant(articles, report)
    assert len(report) == 3824
    assert report["origin"].tolist() == [f"NewsArticles.csv:row {i}" for i in range(1, 3825)]
    counts = report["status"].value_counts()
    assert counts["empty"] == 36
    assert counts.get("rejected", 0) == 0
    raw = pd.read_csv(demo_csv)
    # Placeholders ("-1", "- -") and two-word captions are not articles (and no longer
    # "duplicates" of each other).
    placeholder = raw["text"].str.strip().isin(["-1", "- -"]).to_numpy()
    assert placeholder.sum() == 5
    assert (report["status"][placeholder] == "not_article").all()
    assert counts["not_article"] == 9
    assert report.attrs["n_not_article"] == 9
    assert counts["loaded"] + counts["duplicate"] == 3824 - 36 - 9
    no_title = raw["title"].isna() & raw["text"].notna()
    noted = report["reason"].str.contains("no title")
    assert (
        noted.sum() + (report["status"] == "duplicate")[no_title.to_numpy()].sum() == no_title.sum()
    )
    assert (raw["title"].isna()).sum() == 60
    assert articles["title"].isna().sum() == noted.sum()
    assert sorted(articles["source"].unique()) == sorted(
        [
            "aljazeera.com",
            "tass.com",
            "abcnews.go.com",
            "rte.ie",
            "huffingtonpost.com",
            "dw.com",
            "europe.chinadaily.com.cn",
            "bbc.co.uk",
            "cnn.com",
        ]
    )
    assert articles["published"].notna().all()
    assert str(articles["published"].dtype) == "datetime64[ns, UTC]"
    assert {"article_id", "subtitle"} <= set(articles.columns)
    assert not articles["text"].str.contains('"?', regex=False).any()
    assert (report["n_quote_repairs"] > 0).sum() >= 978 - 10  # some are duplicates/empty
    assert report.attrs["n_repairs"] == articles["repairs"].sum()
    first = articles.loc[report.loc[0, "doc_id"]]
    assert first["section"] == "Politics"
    assert "DeVos’ highly contentious nomination" in first["text"]
    assert "a worse choice,” Sen. Elizabeth Warren" in first["text"]
    assert "teachers’ unions" in first["text"]


def _demo_sample(demo_csv, tmp_path, n=200):
    path = tmp_path / "sample.csv"
    pd.read_csv(demo_csv).head(n).to_csv(path, index=False)
    return path


@pytest.mark.slow
def test_save_and_reload_round_trips(demo_csv, tmp_path):
    articles, report = load_corpus(_demo_sample(demo_csv, tmp_path), tmp_path / "nothing-here.txt")
    out = save_corpus(articles, tmp_path / "processed" / "articles.parquet", report=report)
    assert out.is_file() and report_path(out).is_file()
    assert [p.name for p in out.parent.glob(".*")] == [".news-analysis.json"]  # no temp files
    again, report2 = load_corpus(out)
    pd.testing.assert_frame_equal(again, articles)
    assert report2["status"].eq("loaded").all() and len(report2) == len(articles)
    back, rep = read_corpus(out), read_load_report(out)
    pd.testing.assert_frame_equal(back, articles)
    assert rep["status"].tolist() == report["status"].tolist()


def test_mixed_sources_and_formats(tmp_path, seed_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.csv").write_text(
        "headline,body,link\nCSV title,CSV body text.,https://www.example.org/sport/x-1\n"
    )
    (tmp_path / "in" / "b.jsonl").write_text(
        json.dumps({"title": "J", "content": "A JSON body text.", "byline": "Ann"}) + "\n{broken\n"
    )
    (tmp_path / "in" / "notes.docx").write_bytes(b"PK\x03\x04xx")
    (tmp_path / "in" / "empty.txt").write_text("")
    with zipfile.ZipFile(tmp_path / "arc.zip", "w") as zf:
        zf.writestr("z/inner.txt", "Zip title\n\nZip body line.")
    articles, report = load_corpus(
        tmp_path / "in", tmp_path / "arc.zip", seed_path, str(tmp_path / "no*.csv")
    )
    _check_invariant(articles, report)
    status = dict(zip(report["origin"], report["status"], strict=True))
    assert status == {
        "in/a.csv:row 1": "loaded",
        "in/b.jsonl:line 1": "loaded",
        "in/b.jsonl:line 2": "rejected",
        "in/empty.txt": "empty",
        "in/notes.docx": "rejected",
        "arc.zip!z/inner.txt": "loaded",
        seed_path.name: "loaded",
        str(tmp_path / "no*.csv"): "rejected",
    }
    by = articles.set_index("origin")
    assert by.loc["in/a.csv:row 1", "source"] == "example.org"
    assert by.loc["in/a.csv:row 1", "section"] == "sport"
    assert by.loc["in/b.jsonl:line 1", "author"] == "Ann"
    assert by.loc["in/b.jsonl:line 1", "source"] == "b"
    assert by.loc["arc.zip!z/inner.txt", "title"] == "Zip title"
    assert by.loc["arc.zip!z/inner.txt", "source"] == "z"
    reasons = report.set_index("origin")["reason"]
    assert reasons["in/b.jsonl:line 2"].startswith("in/b.jsonl, line 2: invalid JSON")
    assert "unknown file type .docx" in reasons["in/notes.docx"]


def test_strict_raises_the_same_message(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("title,text\nA,a fine text\nB,too,many\n")
    _, report = load_corpus(path)
    reason = report.loc[report["status"] == "rejected", "reason"].iloc[0]
    with pytest.raises(LoadError) as err:
        load_corpus(path, strict=True)
    assert str(err.value) == reason
    assert "line 3" in reason


def test_columns_mapping_duplicates_and_extra_boilerplate(tmp_path):
    path = tmp_path / "t.csv"
    body = "One story about the harbour and the storm that hit it overnight. " * 5
    path.write_text(
        "hed,my_body,when\n"
        f'A,"{body}\n\nRead more at mysite.example",2021-03-04T10:00:00+02:00\n'
        f'A2,"{body}",not a date\n'
    )
    articles, report = load_corpus(
        path,
        columns={"title": "hed", "text": "my_body", "published": "when"},
        extra_boilerplate=[BoilerplateRule("mysite", r"Read more at mysite\.example")],
    )
    assert report["status"].tolist() == ["loaded", "duplicate"]
    assert articles["text"].iloc[0] == body.strip()
    assert articles["published"].iloc[0] == pd.Timestamp("2021-03-04T08:00:00Z")
    assert report.loc[1, "duplicate_of"] == articles.index[0]
    kept, rep = load_corpus(
        path, columns={"title": "hed", "text": "my_body", "published": "when"}, dedupe=False
    )
    assert len(kept) == 2 and kept.index.is_unique
    assert "not understood" in rep.loc[1, "reason"] and pd.isna(kept["published"].iloc[1])


def test_no_sources_and_bad_arguments_are_explained():
    with pytest.raises(ValueError, match="No sources given"):
        load_corpus()
    with pytest.raises(ValueError, match="near_threshold"):
        load_corpus("x", near_threshold=2)


def test_articles_have_the_declared_columns(seed_path):
    articles, _ = load_corpus(seed_path)
    assert tuple(articles.columns[: len(ARTICLE_COLUMNS)]) == ARTICLE_COLUMNS
    assert articles.index.name == "doc_id"


_EXT = st.sampled_from([".txt", ".csv", ".tsv", ".json", ".jsonl", ".html", ".parquet", ".bin", ""])
_CSVISH = st.lists(
    st.text(alphabet=st.sampled_from('ab ,"\n\t;{}[]:?\\é’'), max_size=40), min_size=0, max_size=6
).map(lambda rows: ("title,text\n" + "\n".join(rows)).encode())


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(files=st.lists(st.tuples(_EXT, st.one_of(st.binary(max_size=300), _CSVISH)), max_size=6))
def test_arbitrary_bytes_and_malformed_tables_keep_the_invariant(files, tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    for i, (ext, data) in enumerate(files):
        (root / f"f{i}{ext}").write_bytes(data)
    articles, report = load_corpus(root)
    _check_invariant(articles, report)
    for i, (ext, _) in enumerate(files):
        name = f"{root.name}/f{i}{ext}"
        rows = report[report["origin"].str.fullmatch(rf"{name}(:.*)?")]
        assert len(rows) >= 1, name  # every file is accounted for
        if ext in (".txt", ".html", ".bin", ""):
            assert len(rows) == 1, name
        assert rows["reason"][rows["status"] != "loaded"].str.len().gt(0).all()


def _mixed_folder(tmp_path):
    """JSON lines with typed extras (ints with gaps, bools), dates in two formats."""
    rng = np.random.default_rng(0)
    lines = []
    for i in range(60):
        rec = {
            "title": f"T{i}",
            "text": f"Story {i}: " + " ".join(rng.choice(list("abcdefgh"), 40)),
            "date": ["2021-03-04", None, "not a date", "2021-03-05T10:00:00Z"][i % 4],
            "n": None if i % 7 == 0 else i,
            "flag": bool(i % 2),
        }
        lines.append(json.dumps(rec))
    (tmp_path / "a.jsonl").write_text("\n".join(lines))
    b = [{"text": f"Other story {i} about things.", "date": "13/01/2020" if i == 0 else "02/03/2020"}
         for i in range(30)]  # fmt: skip
    (tmp_path / "b.json").write_text(json.dumps(b))
    return tmp_path


@pytest.mark.slow
def test_result_does_not_depend_on_where_chunks_are_cut(tmp_path, monkeypatch):
    import analysis.loading.records as corpus

    folder = _mixed_folder(tmp_path)
    for options in ({}, {"dedupe": False}):
        want = load_corpus(folder, **options)
        assert want[0]["n"].dtype == "float64"  # ints with gaps, as pandas types them
        assert want[0]["flag"].dtype == object  # bools, missing for b.json
        assert want[0]["flag"].iloc[-1] is None
        for chunk in (1, 7, 59):
            monkeypatch.setattr(corpus, "_CHUNK", chunk)
            got = load_corpus(folder, **options)
            pd.testing.assert_frame_equal(got[0], want[0])
            pd.testing.assert_frame_equal(got[1], want[1])
        monkeypatch.undo()


def test_each_date_is_parsed_on_its_own(tmp_path):
    articles, report = load_corpus(_mixed_folder(tmp_path))
    b = articles[articles["origin"].str.startswith(f"{tmp_path.name}/b.json")]
    # 13/01/2020 can only be day first; 02/03/2020 is read month first (the default),
    # whatever the other rows of the file say, and reported as ambiguous.
    assert b["published"].iloc[0] == pd.Timestamp("2020-01-13", tz="UTC")
    assert (b["published"].iloc[1:] == pd.Timestamp("2020-02-03", tz="UTC")).all()
    assert report.attrs["n_ambiguous_dates"] == 29
    ambiguous = report["reason"].str.contains("'02/03/2020' could be day/month or month/day")
    assert ambiguous.sum() == 29
    articles, report = load_corpus(tmp_path, dayfirst=True)
    b = articles[articles["origin"].str.startswith(f"{tmp_path.name}/b.json")]
    assert (b["published"].iloc[1:] == pd.Timestamp("2020-03-02", tz="UTC")).all()
    assert "pass dayfirst=False" in report.loc[ambiguous.to_numpy(), "reason"].iloc[0]
    a = articles[articles["origin"].str.contains("a.jsonl")]
    assert a["published"].iloc[3] == pd.Timestamp("2021-03-05T10:00:00Z")
    noted = report["reason"].str.contains("'not a date' is not understood")
    assert noted.sum() == 15


def test_dates_do_not_depend_on_row_order(tmp_path):
    rows = ["12/05/2023", "13/05/2023", "2023-05-14", "May 15, 2023"]
    bodies = [f"Story number {i} with enough words to load." for i in range(4)]
    for name, order in (("a.csv", rows), ("b.csv", rows[::-1])):
        lines = [
            f"{d},{b}"
            for d, b in zip(order, bodies if name == "a.csv" else bodies[::-1], strict=True)
        ]
        (tmp_path / name).write_text("date,text\n" + "\n".join(lines) + "\n")
    a, rep_a = load_corpus(tmp_path / "a.csv")
    b, rep_b = load_corpus(tmp_path / "b.csv")
    by_text = lambda f: f.set_index("text")["published"].sort_index()  # noqa: E731
    pd.testing.assert_series_equal(by_text(a), by_text(b))
    assert by_text(a)[bodies[0]] == pd.Timestamp("2023-12-05", tz="UTC")
    assert by_text(a)[bodies[1]] == pd.Timestamp("2023-05-13", tz="UTC")
    assert rep_a.attrs["n_ambiguous_dates"] == rep_b.attrs["n_ambiguous_dates"] == 1
