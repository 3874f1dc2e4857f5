"""Readable tables: wide tables for comparing (``spread``) and the CSV button (issue #14)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis.tables import csv_filename, show_table, spread

LONG = pd.DataFrame(
    {
        "topic": [2, 2, 2, 0, 0, 0, 1, 1],
        "rank": [1, 2, 3, 1, 2, 3, 1, 2],
        "term": ["goal", "match", "cup", "oil", "price", "opec", "vote", "poll"],
        "weight": [0.5, 0.3, 0.2, 0.6, 0.3, 0.1, 0.7, 0.3],
    }
)


def test_spread_is_pandas_pivot_with_the_rows_in_their_order():
    wide = spread(LONG, row="topic")
    want = LONG.pivot(index="topic", columns="rank", values="term").loc[[2, 0, 1]]
    want = want.rename(columns=str).rename_axis(columns=None).reset_index()
    assert wide.columns.tolist() == ["topic", "1", "2", "3"]
    assert wide["topic"].tolist() == [2, 0, 1]  # a group key is a column, order kept
    pd.testing.assert_frame_equal(wide, want)
    assert pd.isna(wide.loc[2, "3"])  # topic 1 has two terms: its third cell is empty


def test_spread_joined_keeps_rank_order_and_skips_missing_values():
    shuffled = LONG.sample(frac=1, random_state=0)
    shuffled = shuffled.set_index("topic").loc[[2, 0, 1]].reset_index()  # rows in topic order
    wide = spread(shuffled, row="topic", joined="top terms", sep=" · ")
    assert wide.to_dict("list") == {
        "topic": [2, 0, 1],
        "top terms": ["goal · match · cup", "oil · price · opec", "vote · poll"],
    }


def test_spread_of_any_value_and_column():
    weights = spread(LONG, row="topic", value="weight")
    assert weights.loc[weights["topic"] == 0, ["1", "2", "3"]].to_numpy().tolist() == [
        [0.6, 0.3, 0.1]
    ]
    outlets = pd.DataFrame(
        {"rank": [1, 1, 2, 2], "source": ["a", "b", "a", "b"], "term": ["x", "y", "z", "w"]}
    )
    by_rank = spread(outlets, row="rank", column="source")
    assert by_rank.to_dict("list") == {"rank": [1, 2], "a": ["x", "z"], "b": ["y", "w"]}


def test_spread_of_an_empty_table_has_its_row_column():
    assert spread(LONG.iloc[:0], row="topic", joined="terms").columns.tolist() == [
        "topic",
        "terms",
    ]


def test_spread_says_what_is_wrong():
    with pytest.raises(ValueError, match=r"no column \['rank'\]"):
        spread(LONG.drop(columns="rank"), row="topic")
    with pytest.raises(ValueError, match="topic=2 has rank=1 more than once"):
        spread(pd.concat([LONG, LONG.head(1)]), row="topic")


def test_csv_filename_prefers_the_export_name_then_the_caption_then_the_columns():
    assert csv_filename(name="topic_terms", caption="Ignored") == "topic_terms"
    assert csv_filename(caption="Readability by outlet, 2017") == "readability_by_outlet_2017"
    assert csv_filename(columns=["source", "top terms (tf_idf)"]) == "source_top_terms_tf_idf"
    assert csv_filename(caption="<script>/../../x") == "script_x"
    assert csv_filename() == "table"


def _dt_args(html: str) -> dict:
    """The DataTables options an interactive table's HTML carries (JSON after ``dt_args =``)."""
    start = html.index("let dt_args = ") + len("let dt_args = ")
    return json.JSONDecoder().raw_decode(html[start:])[0]


def test_every_interactive_table_has_a_csv_button_with_raw_values():
    frame = pd.DataFrame({"outlet": [f"o{i}" for i in range(20)], "mean": np.linspace(0, 1, 20)})
    html = show_table(frame, name="readability_by_outlet")._repr_html_()
    (button,) = _dt_args(html)["layout"]["topStart"]["buttons"]
    assert button["extend"] == "csvHtml5" and button["text"] == "CSV"
    assert button["filename"] == "readability_by_outlet"
    assert button["exportOptions"] == {"orthogonal": "export", "modifier": {"page": "all"}}
    # the display formats apply to type 'display' only, so the export gets the raw numbers
    assert "if (type !== 'display'" in html and "return d;" in html
    assert "<script src" not in html  # nothing fetched: the Buttons code is in the bundle


def test_a_table_without_a_name_downloads_under_its_caption_or_columns():
    frame = pd.DataFrame({"source": list("abcdefghijklmnopq"), "n": range(17)})
    captioned = show_table(frame, caption="Articles per outlet")._repr_html_()
    assert (
        _dt_args(captioned)["layout"]["topStart"]["buttons"][0]["filename"] == "articles_per_outlet"
    )
    bare = show_table(frame)._repr_html_()
    assert _dt_args(bare)["layout"]["topStart"]["buttons"][0]["filename"] == "source_n"


def test_short_tables_stay_static_without_a_button():
    html = show_table(LONG)._repr_html_()
    assert "csvHtml5" not in html and "<table" in html


def test_the_offline_bundle_carries_the_csv_button():
    from pathlib import Path

    import itables.options

    bundle = Path(itables.options.dt_bundle).read_text(encoding="utf-8")
    assert "csvHtml5" in bundle and "buttons-csv" in bundle


def test_spread_keeps_the_rows_a_categorical_key_has():
    frame = pd.DataFrame(
        {
            "source": pd.Categorical(["b", "b", "a"], categories=["a", "b", "unused"]),
            "rank": [1, 2, 1],
            "term": ["x", "y", "z"],
        }
    )
    wide = spread(frame, row="source", joined="terms")
    assert wide.astype(str).to_dict("list") == {"source": ["b", "a"], "terms": ["x, y", "z"]}
