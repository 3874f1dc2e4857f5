"""counts: each count equals textstat's own function on the same string."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.readability.cmudict import ensure_cmudict
from analysis.readability.counts import (
    count_sentences,
    count_text,
    count_words,
    list_words,
    pyphen_count,
    remove_punctuation,
    syllables,
)

ensure_cmudict()
textstat = pytest.importorskip("textstat")
from textstat import backend  # noqa: E402

PIECES = st.sampled_from(list("aZ' .!?-\n\tİΣ9’\"_") + ["don't", "U.S.", "cat ", "ς"])


def _texts(max_pieces):
    return st.lists(PIECES, max_size=max_pieces).map("".join)


@settings(max_examples=200, deadline=None)
@given(_texts(60))
def test_tokenisation_matches_textstat(text):
    assert list_words(text) == backend.selections.list_words(text)
    assert remove_punctuation(text) == backend.transformations.remove_punctuation(text, False)
    assert count_words(text) == backend.counts.count_words(text)
    assert count_sentences(text) == backend.counts.count_sentences(text)


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(_texts(120))
def test_every_count_matches_textstat(text):
    c = count_text(text)
    assert c["n_syllables"] == textstat.syllable_count(text)
    assert c["n_polysyllables"] == textstat.polysyllabcount(text)
    assert c["n_monosyllables"] == textstat.monosyllabcount(text)
    assert c["n_long_words"] == textstat.long_word_count(text)
    assert c["n_miniwords"] == textstat.miniword_count(text)
    assert c["n_letters"] == textstat.letter_count(text)
    assert c["n_chars"] == textstat.char_count(text)
    assert c["n_tokens"] == textstat.lexicon_count(text, removepunct=False)
    assert c["n_unique_difficult"] == textstat.difficult_words(text)
    assert c["n_difficult_words"] == textstat.difficult_words(text, unique=False)


@pytest.mark.parametrize(
    "word", ["hyphenation", "zxqvbnm", "covid", "brexit", "kyiv", "stoltenberg", "a", "2017", "x_y"]
)
def test_pyphen_count_equals_pyphen(word):
    from pyphen import Pyphen

    assert pyphen_count(word) == len(Pyphen(lang="en_US").positions(word))


def test_syllables_use_cmudict_then_pyphen():
    assert syllables("readability") == 5  # cmudict: R IY2 AH0 D AH0 B IH1 L IH0 T IY0
    assert syllables("stoltenberg") == textstat.syllable_count("stoltenberg")
