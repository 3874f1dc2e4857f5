"""splitters: labelled cases for the robust splitter, textstat's regex, paragraphs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.readability.splitters import (
    count_sentences_robust,
    robust_sentences,
    split_paragraphs,
    split_sentences,
    textstat_sentences,
)

from ._cases import CASES


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_robust_cases(text, expected):
    assert robust_sentences(text) == expected


def test_robust_beats_textstat_regex_on_the_cases():
    robust = sum(robust_sentences(t) == e for t, e in CASES)
    regex = sum(textstat_sentences(t) == e for t, e in CASES)
    assert robust > regex


def test_robust_beats_pysbd_on_the_news_cases():
    pysbd = pytest.importorskip("pysbd")
    seg = pysbd.Segmenter(language="en", clean=False)
    news = CASES[:20]
    ours = sum(robust_sentences(t) == e for t, e in news)
    theirs = sum([s.strip() for s in seg.segment(t) if s.strip()] == e for t, e in news)
    assert ours >= theirs


def test_textstat_regex_is_textstat_s():
    text = "Mr. Smith paid $3.50. He left!Why? Nobody knows"
    assert textstat_sentences(text) == [
        s.strip() for s in re.findall(r"\b[^.!?]+[.!?]*", text, re.UNICODE)
    ]


def test_blank_line_always_breaks():
    assert robust_sentences("Headline without stop\n\nBody starts here.") == [
        "Headline without stop", "Body starts here."
    ]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("aA .!?\"'”’)(\n") + ["U.S.", "Mr.", "3.5"])).map("".join))
def test_robust_keeps_every_non_space_character(text):
    pieces = robust_sentences(text)
    assert "".join("".join(pieces).split()) == "".join(text.split())
    assert all(p == p.strip() and p for p in pieces)


def test_count_sentences_robust():
    assert count_sentences_robust("") == 0
    assert count_sentences_robust("...") == 1
    assert count_sentences_robust("Mr. Smith left. He came back.") == 2


def test_split_paragraphs():
    assert split_paragraphs("A.\n\nB.\n \n\nC.") == ["A.", "B.", "C."]
    assert split_paragraphs("A.\nB.") == ["A.", "B."]
    assert split_paragraphs("  ") == []
    assert split_paragraphs("One paragraph only.") == ["One paragraph only."]


def test_unknown_splitter():
    with pytest.raises(ValueError, match="Use one of"):
        split_sentences("x", splitter="spacy")
