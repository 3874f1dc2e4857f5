"""collocations: hand-computed tables for each measure, sentence boundaries, bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.terms import collocations, keyness_table

ln = math.log

TEXTS = [
    "The prime minister spoke.",
    "A prime minister, a new minister.",
    "The minister of state spoke to the prime minister.",
]
# Two-word windows inside punctuation-free stretches (N = 15):
#   the prime, prime minister, minister spoke | a prime, prime minister | a new, new minister |
#   the minister, minister of, of state, state spoke, spoke to, to the, the prime, prime minister
# For "prime minister": n11 = 3; "prime" opens 3 windows, "minister" closes 5:
#   n10 = 3 - 3 = 0, n01 = 5 - 3 = 2, n00 = 15 - 3 - 0 - 2 = 10.
N, N11, N10, N01, N00 = 15, 3, 0, 2, 10
E11 = N * (3 / N) * (5 / N)  # = 1
E10, E01, E00 = N * (3 / N) * (10 / N), N * (12 / N) * (5 / N), N * (12 / N) * (10 / N)


def stat(measure, **kw):
    out = collocations(TEXTS, min_count=2, measure=measure, **kw).set_index("collocation")
    return out.loc["prime minister"]


def test_lambda_by_hand():
    lam = ln(N11 + 0.5) - ln(N10 + 0.5) - ln(N01 + 0.5) + ln(N00 + 0.5)
    sigma = math.sqrt(sum(1 / (v + 0.5) for v in (N11, N10, N01, N00)))
    row = stat("lambda")
    assert row["count"] == 3 and row["length"] == 2
    assert row["statistic"] == pytest.approx(lam)
    assert row["z"] == pytest.approx(lam / sigma)


def test_pmi_t_g2_by_hand():
    assert stat("pmi")["statistic"] == pytest.approx(math.log2(N11 / E11))  # log2(3)
    assert stat("t")["statistic"] == pytest.approx((N11 - E11) / math.sqrt(N11))
    g2 = 2 * (N11 * ln(N11 / E11) + 0 + N01 * ln(N01 / E01) + N00 * ln(N00 / E00))
    assert stat("g2")["statistic"] == pytest.approx(g2)
    # For pairs, g2 is the 2x2 G2 of keyness on the same table.
    same, _, _ = keyness_table(N11, N01, N10, N00, measure="g2")
    assert stat("g2")["statistic"] == pytest.approx(float(same))


def test_trigram_by_hand():
    texts = ["a b c", "a b c", "a b d", "x b c"]
    # Windows: abc, abc, abd, xbc (N = 4). Match patterns for (a, b, c):
    #   111: 2, 110: 1 (abd), 011: 1 (xbc), all other cells 0.
    lam = (
        ln(2.5)
        - (ln(1.5) + ln(0.5) + ln(1.5))  # two positions match
        + 3 * ln(0.5)  # one position matches
        - ln(0.5)  # none
    )
    sigma = math.sqrt(1 / 2.5 + 2 / 1.5 + 5 / 0.5)
    out = collocations(texts, ngram=3, min_count=2, measure="lambda")
    assert out["collocation"].tolist() == ["a b c"]
    assert out.loc[0, "statistic"] == pytest.approx(lam)
    assert out.loc[0, "z"] == pytest.approx(lam / sigma)
    # pmi: f(a@1) = 3, f(b@2) = 4, f(c@3) = 3 -> log2(2 * 4^2 / (3 * 4 * 3))
    pmi = collocations(texts, ngram=3, min_count=2, measure="pmi")
    assert pmi.loc[0, "statistic"] == pytest.approx(math.log2(2 * 16 / 36))


def test_never_across_punctuation_or_documents():
    out = collocations(["Tax rise. Rise fell", "tax", "rise tax, rise"], min_count=1)
    assert "rise rise" not in set(out["collocation"])
    assert "tax rise" in set(out["collocation"])
    assert "tax tax" not in set(out["collocation"]) and "rise rise" not in set(out["collocation"])


def test_stop_words_break_sequences():
    texts = ["Bank of England"] * 3
    assert "bank of" in set(collocations(texts, min_count=1)["collocation"])
    padded = collocations(texts, min_count=1, stop_words="english")
    assert padded.empty or "bank england" not in set(padded["collocation"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ngram": 1}, "ngram must be an integer of at least 2"),
        ({"min_count": 0}, "min_count must be a positive integer"),
        ({"measure": "dice"}, "measure must be one of"),
    ],
)
def test_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        collocations(TEXTS, **kwargs)
    with pytest.raises(ValueError, match="The corpus is empty"):
        collocations(pd.Series([], dtype=object))


@pytest.mark.slow
@pytest.mark.demo
def test_demo_collocations(demo_sample):
    top = collocations(demo_sample, measure="lambda", stop_words="english", min_count=5)
    assert {"white house", "prime minister"} <= set(top["collocation"].head(100))
    tri = collocations(demo_sample, ngram=3, measure="lambda", min_count=5)
    assert (tri["length"] == 3).all() and len(tri) > 10


TRICKY = [
    "The U.S.", "Mr.", "J. Smith said Kyiv\u2019s mayor.", "e.g. rock'n'roll", "it's",
    "a\x00b c", "", "\u03a3\u039f\u03a3 news", "Sept. 3 talks", "x",
]  # fmt: skip


@pytest.mark.slow
def test_one_pass_stream_equals_per_document_reference(demo_sample):
    """Joining the texts with NUL (one regex pass) changes nothing, documents never join."""
    from analysis.terms import stop_word_set
    from analysis.terms.collocations import _token_stream, _token_stream_reference

    texts = demo_sample["text"].iloc[:300].tolist() + TRICKY
    for stop in (frozenset(), stop_word_set("english")):
        fast, slow = _token_stream(texts, stop), _token_stream_reference(texts, stop)
        for a, b in zip(fast, slow, strict=True):
            assert np.array_equal(a, b)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet="ab .,'\u2019\x00S", max_size=12), min_size=1, max_size=6))
def test_one_pass_stream_equals_reference_on_random_text(texts):
    from analysis.terms.collocations import _token_stream, _token_stream_reference

    for a, b in zip(_token_stream(texts, frozenset()), _token_stream_reference(texts, frozenset()),
                    strict=True):  # fmt: skip
        assert np.array_equal(a, b)
