"""In-memory sources: a pandas or polars DataFrame and an iterable of dicts load like files."""

from __future__ import annotations

import datetime

import pandas as pd
import pytest

from analysis.loading import load_corpus

ROWS = {
    "headline": ["Budget passes", "Storm hits coast", "Budget passes", "-1", None],
    "body": [
        "The parliament passed the budget on Tuesday after a long debate.",
        "A strong storm hit the coast overnight, cutting power to thousands.",
        "The parliament passed the budget on Tuesday after a long debate.",
        "-1",
        None,
    ],
    "date": ["2020-01-02", "2020-02-03 10:00", None, None, None],
    "outlet": ["BBC", "CNN", "BBC", "BBC", "CNN"],
}
SAME = ["title", "text", "source", "published", "n_words"]


def _check(articles: pd.DataFrame, report: pd.DataFrame, n_records: int) -> None:
    """Every record once in the report; loaded rows are the articles."""
    assert len(report) == n_records
    assert report["origin"].is_unique
    loaded = report[report["status"] == "loaded"]
    assert list(loaded["doc_id"]) == list(articles.index)


def test_a_pandas_frame_loads_like_the_same_table_in_a_csv_file(tmp_path):
    frame = pd.DataFrame(ROWS)
    frame.to_csv(tmp_path / "t.csv", index=False)
    from_file, file_report = load_corpus(tmp_path / "t.csv")
    articles, report = load_corpus(frame)
    _check(articles, report, len(frame))
    pd.testing.assert_frame_equal(articles[SAME], from_file[SAME])
    assert report["status"].tolist() == file_report["status"].tolist()
    assert report["origin"].tolist() == [f"<DataFrame>:row {i}" for i in range(1, 6)]
    assert report.loc[2, "duplicate_of"] == articles.index[0]
    assert report.loc[4, "reason"].startswith("<DataFrame>:row 5: ")


def test_a_frame_with_mixed_types_and_odd_column_names_still_loads():
    frame = pd.DataFrame(
        {
            "text": ["Some words to read here.", "Other words to read there."],
            0: [{"a": 1}, "plain"],
            "tags": [["x", "y"], 3],
        }
    )
    articles, report = load_corpus(frame)
    _check(articles, report, 2)
    assert articles["tags"].tolist() == ['["x", "y"]', "3"]


def test_a_polars_frame_loads_like_the_pandas_frame():
    pl = pytest.importorskip("polars")
    frame = pd.DataFrame(ROWS)
    expected, expected_report = load_corpus(frame)
    articles, report = load_corpus(pl.from_pandas(frame))
    _check(articles, report, len(frame))
    pd.testing.assert_frame_equal(articles[["title", "text", "published"]],
                                  expected[["title", "text", "published"]])  # fmt: skip
    assert report["origin"].tolist() == [f"<polars DataFrame>:row {i}" for i in range(1, 6)]
    assert report["status"].tolist() == expected_report["status"].tolist()


def test_records_load_and_what_is_not_a_record_is_reported():
    records = [
        {
            "title": "A",
            "text": "The first text has enough words.",
            "date": datetime.date(2021, 5, 1),
        },
        "not a record",
        {"title": "No text here"},
        {"title": "B", "text": "The second text has enough words too."},
    ]
    articles, report = load_corpus(iter(records))  # a one-shot iterator, as datasets yields
    _check(articles, report, 4)
    assert report["status"].tolist() == ["loaded", "rejected", "rejected", "loaded"]
    assert report["origin"].tolist() == [f"<records>:item {i}" for i in range(1, 5)]
    assert "got str" in report.loc[1, "reason"] and "no text column" in report.loc[2, "reason"]
    assert str(articles["published"].iloc[0].date()) == "2021-05-01"


def test_in_memory_and_file_sources_mix_and_labels_stay_unique(tmp_path):
    (tmp_path / "a.txt").write_text("A title\n\nA body with a few more words.")
    frame = pd.DataFrame({"text": ["Words in the first frame.", "Words in the second one."]})
    articles, report = load_corpus(frame, tmp_path / "a.txt", frame, dedupe=False)
    _check(articles, report, 5)
    assert report["origin"].tolist() == [
        "<DataFrame>:row 1", "<DataFrame>:row 2", "a.txt",
        "<DataFrame> (copy 2):row 1", "<DataFrame> (copy 2):row 2",
    ]  # fmt: skip


def test_an_in_memory_source_gives_the_same_result_in_processes():
    frame = pd.DataFrame(ROWS)
    expected, _ = load_corpus(frame, [{"text": "Yet another text with words."}])
    articles, _ = load_corpus(frame, [{"text": "Yet another text with words."}], n_jobs=2,
                              files_per_partition=1)  # fmt: skip
    pd.testing.assert_frame_equal(articles, expected)


def test_an_empty_frame_is_one_empty_row():
    articles, report = load_corpus(pd.DataFrame({"text": []}))
    assert articles.empty and report["status"].tolist() == ["empty"]
    assert report["origin"].tolist() == ["<DataFrame>"]


def test_quote_artefacts_are_repaired_in_a_frame_as_in_its_csv_file(tmp_path):
    # A scraper that lost curly quotes as "?: systematic in the table, so the ambiguous
    # `"transit"?` is repaired too, in a CSV file and (since in-memory frames) in Parquet.
    texts = [f'The minister said "we will act"?now, on day {i} of the talks.' for i in range(10)]
    texts.append('Artists explored the concept of "transit"? Georg Korner said so today.')
    frame = pd.DataFrame({"title": [f"T{i}" for i in range(11)], "text": texts})
    frame.to_csv(tmp_path / "t.csv", index=False)
    from_file, _ = load_corpus(tmp_path / "t.csv")
    articles, _ = load_corpus(frame)
    assert articles["text"].tolist() == from_file["text"].tolist()
    assert articles["text"].iloc[-1] != texts[-1]  # repaired, not left as it was
