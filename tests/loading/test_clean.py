"""Tests for analysis.loading.clean: repairs, whitespace, title and dateline."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.loading.clean import (
    _LINE_BREAKS,
    _SPACES,
    clean_article,
    count_words,
    extract_dateline,
    fix_encoding,
    has_systematic_quote_artefacts,
    repair_apostrophes,
    repair_quote_artefacts,
    split_paragraphs,
    strip_controls,
)

# Hand-written expectations for the demo corpus's `"?` artefact (contexts copied from
# NewsArticles.csv, expected characters decided by reading the sentences).
QUOTE_CASES = [
    (
        'The Senate voted on DeVos"?highly contentious nomination',
        "The Senate voted on DeVos’ highly contentious nomination",
    ),
    (
        '"It is hard to imagine a worse choice,"?Sen. Elizabeth Warren, D-Mass., said',
        '"It is hard to imagine a worse choice,” Sen. Elizabeth Warren, D-Mass., said',
    ),
    (
        'vehement opposition from teachers"?unions and all 48',
        "vehement opposition from teachers’ unions and all 48",
    ),
    (
        'the 9th Circuit could determine "?at least temporarily "?the fate of the order',
        "the 9th Circuit could determine — at least temporarily — the fate of the order",
    ),
    (
        'Russian banks managed to shore up positions in Cyprus despite sanctions "?ambassador',
        "Russian banks managed to shore up positions in Cyprus despite sanctions — ambassador",
    ),
    (
        'NHL to decide on league players"?availability for 2018 Olympics',
        "NHL to decide on league players’ availability for 2018 Olympics",
    ),
    (
        '"Under the drills"?plan, the fleet\'s radar ran',
        "\"Under the drills” plan, the fleet's radar ran",
    ),
    (
        'strengthen our public schools."?Before the vote',
        "strengthen our public schools.” Before the vote",
    ),
    (
        'no one certainly covered "?I think nobody noticed,"?she told',
        "no one certainly covered “I think nobody noticed,” she told",
    ),
    ('what do you think?"?Wiping away tears', "what do you think?” Wiping away tears"),
    (
        'worse than most people imagine -"?and that forces',
        "worse than most people imagine — and that forces",
    ),
    (
        'the public square"?"?a reference to that place',
        "the public square” — a reference to that place",
    ),
    (
        'sanctions against the 2011"?012 cyclone season',
        "sanctions against the 2011–012 cyclone season",
    ),
    ('released Wednesday. "?016 was a year', 'released Wednesday. "016 was a year'),
]


@pytest.mark.parametrize(("raw", "expected"), QUOTE_CASES)
def test_quote_artefact_repair_matches_hand_written_expectations(raw, expected):
    fixed, n = repair_quote_artefacts(raw)
    assert fixed == expected
    assert n == raw.count('"?')


@pytest.mark.parametrize(
    "text", ['Did he say "no"? Nobody knows.', "No artefact here.", 'Ask "why"?']
)
def test_genuine_question_marks_after_quotes_are_left_alone(text):
    assert repair_quote_artefacts(text) == (text, 0)


@pytest.mark.slow
def test_demo_corpus_artefact_counts(demo_csv):
    """The issue states 978 texts and 81 titles carry the artefact; all are repaired."""
    raw = pd.read_csv(demo_csv)
    texts = raw["text"].dropna()
    titles = raw["title"].dropna()
    has_text = texts.str.contains('"?', regex=False)
    has_title = titles.str.contains('"?', regex=False)
    assert (has_text.sum(), has_title.sum()) == (978, 81)
    # Text by text, only unambiguous artefacts trigger a repair ...
    alone = texts[has_text].map(lambda t: repair_quote_artefacts(t)[1])
    assert 950 <= (alone > 0).sum() < 978
    # ... but the artefact is systematic in this file, so the loader repairs them all.
    assert has_systematic_quote_artefacts(demo_csv.read_text(encoding="utf-8"))
    repaired = texts[has_text].map(lambda t: repair_quote_artefacts(t, systematic=True))
    expected = texts[has_text].str.count(r'"\?')
    assert (repaired.map(lambda r: r[1]) == expected).all()  # every `"?` counted once
    assert (repaired.map(lambda r: r[1]) > 0).sum() == 978
    assert repaired.map(lambda r: '"?' not in r[0]).all()
    fixed_titles = titles[has_title].map(lambda t: repair_quote_artefacts(t, systematic=True))
    assert fixed_titles.map(lambda r: r[1] > 0 and '"?' not in r[0]).all()


def test_apostrophe_repairs():
    assert repair_apostrophes('It didn"t work, they"re sure') == ("It didn’t work, they’re sure", 2)
    assert repair_apostrophes('He said "\ufffdhi" to O"\ufffdNeil') == ('He said “hi" to O’Neil', 2)
    assert repair_apostrophes('A "quoted" word') == ('A "quoted" word', 0)


def test_fix_encoding_repairs_mojibake_and_keeps_curly_quotes():
    assert fix_encoding("Itâ€™s the governmentâ€™s â€œplanâ€\x9d") == (
        "It’s the government’s “plan”",
        4,
    )
    assert fix_encoding("Fianna FÃ¡il") == ("Fianna Fáil", 1)
    assert fix_encoding("Fish &amp; chips") == ("Fish & chips", 1)
    assert fix_encoding("It’s “fine” — café") == ("It’s “fine” — café", 0)


def test_split_paragraphs_normalises_unicode_and_whitespace():
    raw = "  One\u00a0 two\u200b.\r\n\r\nThree\tfour.   Five six.\n"
    assert split_paragraphs(raw) == ["One two.", "Three four.", "Five six."]
    assert split_paragraphs("cafe\u0301") == ["café"]  # NFC


def test_hard_wrapped_blocks_are_joined():
    block = (
        "This paragraph was wrapped at a fixed width by the tool\n"
        "that produced the file, so each line ends in the middle of\n"
        "a sentence and must be joined back."
    )
    assert split_paragraphs(block) == [" ".join(block.split("\n"))]


@pytest.mark.parametrize(
    ("paragraph", "dateline", "rest"),
    [
        (
            "KYIV: NATO Secretary-General Jens Stoltenberg visited",
            "KYIV",
            "NATO Secretary-General Jens Stoltenberg visited",
        ),
        ("WASHINGTON (AP) — The Senate voted.", "WASHINGTON (AP)", "The Senate voted."),
        ("LONDON, March 3 (Reuters) - Shares fell.", "LONDON, March 3 (Reuters)", "Shares fell."),
        ("MOSCOW, February 6. /TASS/. TASS website", "MOSCOW, February 6. /TASS/", "TASS website"),
        ("NEW YORK — Stocks rose.", "NEW YORK", "Stocks rose."),
        ("SAN FRANCISCO, Calif. (AP) -- Rain.", "SAN FRANCISCO, Calif. (AP)", "Rain."),
        ("UPDATE: Stocks rose.", None, "UPDATE: Stocks rose."),
        ("NATO chief visits Kyiv.", None, "NATO chief visits Kyiv."),
        ("Kyiv: the capital.", None, "Kyiv: the capital."),
    ],
)
def test_extract_dateline(paragraph, dateline, rest):
    assert extract_dateline(paragraph) == (dateline, rest)


def test_clean_article_title_once_dateline_footer_counts():
    raw = 'Title here\n\nTitle here\n\n\nKYIV: Body didn"t stop.\nSecond.\n\nSource link\n\nLeave a Reply'
    art = clean_article(None, raw, title_line=True)
    assert art.title == "Title here"
    assert art.dateline == "KYIV"
    assert art.text == "Body didn’t stop.\n\nSecond."
    assert art.counts == {
        "encoding": 0,
        "control": 0,
        "apostrophe": 1,
        "quote": 0,
        "boilerplate": 2,
        "replacement": 0,
    }
    assert art.repairs == 1


def test_clean_article_tabular_title_missing_is_not_taken_from_text():
    art = clean_article(None, "First line.\nSecond line.")
    assert art.title is None
    assert art.text == "First line.\n\nSecond line."


def test_count_words():
    assert count_words("It’s a well-known fact: 3 words? No — 7.") == 8


_WHITESPACE_AND_CONTROLS = [chr(c) for c in range(0x110000) if chr(c).isspace()] + [
    chr(c) for c in (*range(0x00, 0x20), 0x7F, 0x85, 0x9F, 0x200B, 0xAD)
]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*_WHITESPACE_AND_CONTROLS, "a", "b", ".", "’"])))
def test_split_paragraphs_collapses_exactly_the_spaces_it_lists(text):
    """The paragraph splitter joins str.split() pieces; after its line-break and control
    handling that is the same as collapsing _SPACES runs and stripping (the old code)."""
    text, _ = strip_controls(_LINE_BREAKS.sub("\n", text))
    for raw in text.split("\n"):
        assert " ".join(raw.split()) == _SPACES.sub(" ", raw).strip()
