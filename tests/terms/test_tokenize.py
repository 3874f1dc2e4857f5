"""The token rule: a table of news vocabulary and what each becomes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.terms.tokenize import normalize, tokenize, tokenize_sentences

RULES = [
    # (text, tokens) -- one row per documented rule
    ("U.S.", ["u.s."]),
    ("the U.S. economy", ["the", "u.s.", "economy"]),
    ("e.g. and a.m.", ["e.g.", "and", "a.m."]),
    ("Washington D.C.", ["washington", "d.c."]),
    ("U.S.-led strikes", ["u.s.-led", "strikes"]),
    ("COVID-19", ["covid-19"]),
    ("tie-breaking vote 50-50", ["tie-breaking", "vote", "50-50"]),
    ("Kyiv's mayor", ["kyiv", "mayor"]),
    ("Kyiv\u2019s mayor", ["kyiv", "mayor"]),  # curly apostrophe = straight
    ("U.S.'s role", ["u.s.", "role"]),
    ("students' union", ["students", "union"]),
    ("don't", ["don't"]),
    ("don\u2019t", ["don't"]),
    ("O'Brien's", ["o'brien"]),
    ("rock'n'roll", ["rock'n'roll"]),
    ("it's", ["it"]),
    ("1,000 people", ["1,000", "people"]),
    ("2,500.5 tonnes", ["2,500.5", "tonnes"]),
    ("$3.5bn deal", ["3.5bn", "deal"]),
    ("in 2016.", ["in", "2016"]),
    ("the 1990s and '90s", ["the", "1990s", "and", "90s"]),
    ("end.Next", ["end", "next"]),  # letters never join across a period
    ("well -- known", ["well", "known"]),
    ("Mr. Smith", ["mr", "smith"]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), RULES)
def test_token_rule(text, expected):
    assert tokenize(text) == expected


def test_case_kept_when_asked():
    assert tokenize("Kyiv's U.S. COVID-19", lowercase=False) == ["Kyiv", "U.S.", "COVID-19"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", [["one"], ["two"], ["three"], ["four"]]),
        ("Mr. Trump met Dr. Who.", [["mr", "trump", "met", "dr", "who"]]),  # titles
        ("Donald J. Trump spoke.", [["donald", "j", "trump", "spoke"]]),  # initials
        ("It cost 3.5 dollars. Then", [["it", "cost", "3.5", "dollars"], ["then"]]),
        ("Wait... what?!", [["wait"], ["what"]]),
        ("", []),
    ],
)
def test_sentences(text, expected):
    assert tokenize_sentences(text) == expected


def test_normalize_keeps_length_and_maps_apostrophes():
    text = "Kyiv\u2019s \u02bcquote\u02bc"
    assert len(normalize(text)) == len(text)
    assert normalize(text) == "kyiv's 'quote'"


_TEXT = st.text(alphabet=st.sampled_from(list("abcXYZ019 .,'-\u2019!?\n")), min_size=0, max_size=60)


@given(_TEXT)
def test_tokens_are_clean(text):
    tokens = tokenize(text)
    for tok in tokens:
        assert tok and not any(ch.isspace() for ch in tok)
        assert tok[0].isalnum() or tok[0] == "_"
        assert "\u2019" not in tok
        assert not tok.endswith("'s")
    # Sentence tokenisation only splits; it never invents or drops word material.
    flat = [t for sentence in tokenize_sentences(text) for t in sentence]
    assert "".join(flat).replace(".", "") == "".join(tokens).replace(".", "")


@given(_TEXT)
def test_lowercase_is_lowering_the_tokens(text):
    assert tokenize(text) == [t.lower() for t in tokenize(text, lowercase=False)]
