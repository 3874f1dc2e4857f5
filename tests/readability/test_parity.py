"""Parity with textstat: counts exactly equal, floats within 1e-9 (here: identical)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.readability import readability
from analysis.readability.counts import COUNT_COLUMNS
from analysis.readability.formulas import FORMULAS
from analysis.readability.reference import compare_to_textstat, textstat_scores

COLS = [*FORMULAS, *COUNT_COLUMNS]


def _assert_parity(texts, **kwargs):
    texts = pd.Series(list(texts))
    ours = readability(texts, measures=COLS, **kwargs)
    ref = textstat_scores(texts, columns=COLS)
    table = compare_to_textstat(ours.reset_index(drop=True), ref)
    bad = table[table["n_over_1e-9"] > 0]
    assert bad.empty, f"differences from textstat:\n{bad}"
    for col in COUNT_COLUMNS:
        assert ours[col].astype("int64").tolist() == ref[col].astype("int64").tolist(), col


def test_seed_article(seed_path):
    _assert_parity([seed_path.read_text(encoding="utf-8")])


@pytest.mark.slow
@pytest.mark.demo
def test_demo_corpus_sample(demo_frame):
    _assert_parity(demo_frame["text"])


@pytest.mark.slow
@pytest.mark.shared
def test_bbc_sample(bbc_texts):
    _assert_parity(bbc_texts)


TRICKY = [
    "Don't 'quote' me -- it's the U.S.'s call, isn't it?",
    "ΟΔΟΣ ΣΟΦΟΣ. İstanbul İİ. Straße ﬁnal.",
    "x " * 150 + "The end. Really. It is over now.",
    "word " * 99 + "- -- . last words here. more and more words to go",
    "... !!! ??? " + "Hello there you. " * 3,
    "3.5 4.6 5.7 6.8 are numbers, and 1,000,000 is big.",
    "A\n\nB\tC\u00a0D\u2009E. F g h. I j k!",
    "hmm tsk shh psst brr. " * 5,
    "Self-driving cars aren't rock'n'roll; they'll be y'all's.",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts(text):
    _assert_parity([text])


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(list("abcXYZ' .!?-,\n\tİΣσ3é’\"") + ["the ", "cat ", "Mr. "]),
        max_size=150,
    ).map("".join)
)
def test_arbitrary_text_parity_or_flag(text):
    out = readability([text], measures=COLS)
    assert len(out) == 1
    if out["n_words"].iloc[0] == 0:
        assert out["flags"].iloc[0] == "empty_text"
        assert out[list(FORMULAS)].isna().all(axis=None)
    else:
        _assert_parity([text])


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_never_raises(text):
    for level in ("document", "paragraph", "sentence"):
        for splitter in ("textstat", "robust"):
            out = readability([text], level=level, sentence_splitter=splitter)
            assert len(out) >= 1
