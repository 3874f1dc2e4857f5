"""kwic: words, phrases, regex, case, window, positions, bad input."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.terms import kwic

TEXTS = pd.Series(
    [
        "Talks in Kyiv's centre ended. Kyiv\u2019s mayor spoke.",
        "The Prime Minister met the prime  minister of Spain.",
        "No match here: Kyivstar.",
    ],
    index=["a", "b", "c"],
)


def test_word_with_possessive_and_curly_apostrophe():
    out = kwic(TEXTS, "kyiv", window=2)
    assert list(out.columns) == ["doc_id", "position", "left", "keyword", "right"]
    assert out["doc_id"].tolist() == ["a", "a"]  # not Kyivstar
    assert out["position"].tolist() == [2, 5]
    assert out.iloc[0].left == "Talks in" and out.iloc[0].keyword == "Kyiv"
    assert out.iloc[0].right == "'s centre ended"
    assert out.iloc[1].left == "centre ended."


def test_phrase_case_and_window():
    out = kwic(TEXTS, "prime minister", window=1)
    assert out["keyword"].tolist() == ["Prime Minister", "prime minister"]  # whitespace collapsed
    assert out["position"].tolist() == [1, 5]
    assert out.iloc[0].left == "The" and out.iloc[0].right == "met"
    assert len(kwic(TEXTS, "Prime Minister", lowercase=False)) == 1
    assert kwic(TEXTS, "minister", window=0).iloc[0].left == ""


def test_regex_and_lists():
    out = kwic(TEXTS, r"kyiv\w*", regex=True)
    assert out["keyword"].tolist() == ["Kyiv", "Kyiv", "Kyivstar"]
    both = kwic(TEXTS, ["mayor", "spain"])
    assert both["keyword"].tolist() == ["mayor", "Spain"]
    assert kwic(TEXTS, "absent").empty


@pytest.mark.parametrize(
    ("pattern", "kwargs", "message"),
    [
        ("", {}, "non-empty string"),
        ([], {}, "pattern is empty"),
        ("...", {}, "contains no word"),
        ("(", {"regex": True}, "not a valid regular expression"),
        ("kyiv", {"window": -1}, "window must be a non-negative integer"),
    ],
)
def test_bad_input(pattern, kwargs, message):
    with pytest.raises(ValueError, match=message):
        kwic(TEXTS, pattern, **kwargs)


@pytest.mark.demo
def test_demo_kwic(demo_sample):
    out = kwic(demo_sample, "white house")
    assert len(out) > 20
    assert out["keyword"].str.lower().eq("white house").all()
    assert out["doc_id"].isin(demo_sample.index).all()
