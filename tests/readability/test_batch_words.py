"""The batch word kernels against their references: Pyphen itself and the CMU dictionary.

``pyphen_counts`` walks Pyphen's patterns for many words at once (a trie of arrays) and
``WordTables.syllables_many`` looks many words up in the CMU dictionary at once (hashes
of fixed-width bytes); both must give exactly what the one-word references give.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.readability import formulas
from analysis.readability._tables import _hashes, word_tables
from analysis.readability.cmudict import ensure_cmudict
from analysis.readability.counts import count_texts, pyphen_count, pyphen_counts

ensure_cmudict()
pyphen = pytest.importorskip("pyphen")
PYPHEN = pyphen.Pyphen(lang="en_US")

# Pattern characters (the trie's alphabet holds é, ’ and ligatures too), characters in
# no pattern, one whose lower case is longer ("İ"), a lone surrogate, NUL.
LETTERS = st.sampled_from(list("abcdehilmnorstuyz'.éﬁ’9_ßİΣ\x00\ud800") + ["ing", "tion", "pre"])
WORDS = st.lists(LETTERS, min_size=1, max_size=30).map("".join)
KNOWN = sorted(word_tables().syllables)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=40))
def test_pyphen_counts_equal_pyphen(words):
    expected = [len(PYPHEN.positions(w)) for w in words]
    assert pyphen_counts(words).tolist() == expected


def test_pyphen_counts_on_real_and_odd_words():
    words = ["hyphenation", "zxqvbnm", "a", "", "stoltenberg", "ﬁnal", "x" * 80, "İstanbul"]
    words += KNOWN[::500]  # dictionary words of every shape
    assert pyphen_counts(words).tolist() == [len(PYPHEN.positions(w)) for w in words]
    assert pyphen_counts(words).tolist() == [pyphen_count(w) for w in words]


def test_pyphen_counts_of_nothing():
    assert pyphen_counts([]).tolist() == []


def _cmu_reference(word: str) -> int:
    return word_tables().syllables.get(word, -1)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=40), st.lists(st.integers(0, len(KNOWN) - 1), max_size=20))
def test_syllables_many_equal_the_dictionary(random_words, picks):
    picked = [KNOWN[k] for k in picks]
    # Dictionary words made longer, cut or NUL-padded must not be found as themselves.
    changed = [w + "\x00" for w in picked[:3]] + [w[:-1] for w in picked[3:6]]
    words = random_words + picked + changed
    got = word_tables().syllables_many(words).tolist()
    assert got == [_cmu_reference(w) for w in words]


def test_syllables_many_beyond_the_longest_dictionary_word():
    tables = word_tables()
    longest = max(tables.syllables, key=lambda w: len(w.encode()))
    words = [longest, longest + "s", longest * 2, "readability", "zxqvbnm", ""]
    assert tables.syllables_many(words).tolist() == [_cmu_reference(w) for w in words]
    assert tables.syllables_of("readability") == 5
    assert tables.syllables_of(longest + "s") is None


def test_dictionary_hashes_are_unique():
    hashes = word_tables()._arrays["cmu_hashes"]
    assert len(np.unique(hashes)) == len(hashes) == len(word_tables().syllables)
    assert np.all(np.diff(hashes.astype(np.uint64)) > 0)  # sorted, as searchsorted needs
    assert _hashes(np.array([b"cat"], dtype="S4"))[0] != _hashes(np.array([b"cat"], "S5"))[0]


def test_first_seen_words_count_as_textstat_does():
    textstat = pytest.importorskip("textstat")
    # Words no other test uses: counted cold (their rows built in one batch), then warm.
    text = "Quorbishly flembrantic zyxomorphs brouhahaed Ngozi-Okonjo's Pyongyangers' envoys."
    cold, warm = count_texts([text]), count_texts([text])
    assert cold["n_syllables"][0] == warm["n_syllables"][0] == textstat.syllable_count(text)
    assert cold["n_polysyllables"][0] == textstat.polysyllabcount(text)


def test_formulas_keep_their_public_form():
    counts = count_texts(["The cat sat on the mat. It was happy!", "Readability matters."])
    for name, formula in formulas.FORMULAS.items():
        if formula is None:
            continue
        series = formula(counts)
        assert series.name == name
        assert series.to_numpy().tolist() == formula.values(counts).tolist()
        assert inspect.signature(formula).return_annotation == "pd.Series"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(st.characters() | st.sampled_from("'tsdvelr-’ \n"), max_size=40), max_size=8)
)
def test_batch_cleaning_equals_textstat(texts):
    from textstat.backend.transformations import remove_punctuation

    from analysis.readability.counts import _clean_many

    assert _clean_many(texts) == [remove_punctuation(t, False) for t in texts]
