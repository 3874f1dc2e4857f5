"""Dictionary categories with wildcards, and spelling variants folded before counting."""

from __future__ import annotations

import fnmatch

import pandas as pd
import pytest

from analysis.terms import Dictionary, build_dtm, dictionary_counts, keyness, replace_variants

TEXTS = pd.DataFrame(
    {
        "text": [
            "The economy and economic taxes: tax cuts, taxation.",
            "Troops and a troop left the war zone; warm weather.",
            "Nothing here.",
        ],
        "source": ["x", "y", "x"],
    },
    index=pd.Index(["d1", "d2", "d3"], name="doc_id"),
)
CATEGORIES = {"economy": ["econom*", "tax*", "taxation"], "war": ["war", "troop?"]}


def test_wildcards_match_whole_tokens_like_fnmatch():
    d = Dictionary(CATEGORIES)
    terms = ["economy", "economic", "tax", "taxation", "troops", "troop", "war", "warm", "syntax"]
    matched = d.match(terms)
    assert matched["economy"] == ["economy", "economic", "tax", "taxation"]
    assert matched["war"] == ["troops", "war"]  # "troop?" needs one more character
    for term in terms:  # the reference: shell-style matching of the whole token
        expected = any(fnmatch.fnmatchcase(term, p) for p in CATEGORIES["economy"])
        assert (term in matched["economy"]) == expected


def test_counts_per_document_and_per_group():
    dtm = build_dtm(TEXTS, stop_words=None)
    table = dictionary_counts(dtm, CATEGORIES)
    # d1: economy, economic, taxes, tax, taxation (matched by two patterns, counted once)
    assert table[["doc_id", "economy", "war"]].values.tolist() == [
        ["d1", 5, 0],
        ["d2", 0, 2],
        ["d3", 0, 0],
    ]
    assert table["n_tokens"].tolist() == [8, 10, 2]
    grouped = dictionary_counts(dtm, Dictionary(CATEGORIES), by="source")
    assert grouped[["source", "economy", "war", "n_tokens"]].values.tolist() == [
        ["x", 5, 0, 10],
        ["y", 0, 2, 10],
    ]


@pytest.mark.parametrize(
    ("categories", "message"),
    [
        ({}, "at least one category"),
        ({"a": []}, "has no pattern"),
        ({"a": ["two words"]}, "is not one word"),
        ({"a": ["*"]}, "is not one word"),
    ],
)
def test_bad_dictionaries_are_refused(categories, message):
    with pytest.raises(ValueError, match=message):
        Dictionary(categories)


def test_variants_keep_case_and_whole_words():
    texts = pd.Series(["Kiev, KIEV and kiev; Kievan Rus stays.", None])
    out = replace_variants(texts, {"Kiev": "kyiv"})
    assert out[0] == "Kyiv, KYIV and kyiv; Kievan Rus stays."
    assert pd.isna(out[1])
    frame = replace_variants(TEXTS.assign(text=["Kiev"] * 3), {"kiev": "kyiv"})
    assert frame["text"].tolist() == ["Kyiv"] * 3 and TEXTS["text"].iloc[0].startswith("The")
    with pytest.raises(ValueError, match="one word"):
        replace_variants(texts, {"new york": "nyc"})


def test_variants_change_the_keyness_of_a_spelling():
    arts = pd.DataFrame(
        {"text": ["Kyiv talks in Kyiv", "Kiev talks", "Kiev again", "Kiev rain"]},
        index=pd.Index(["t", "r1", "r2", "r3"], name="doc_id"),
    )
    raw = keyness(build_dtm(arts), ["t"]).set_index("term")
    folded = keyness(build_dtm(replace_variants(arts, {"kiev": "kyiv"})), ["t"]).set_index("term")
    assert raw.loc["kyiv", "n_reference"] == 0
    assert folded.loc["kyiv", "n_reference"] == 3
    assert folded.loc["kyiv", "statistic"] < raw.loc["kyiv", "statistic"]
