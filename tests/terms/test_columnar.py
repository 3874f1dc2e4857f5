"""The columnar count (pyarrow + numpy over the whole column) equals the text-by-text count.

``count_texts`` sends the analyzers of ``make_analyzer`` through
``analysis.terms._columnar``: texts split at ASCII whitespace, each distinct chunk
tokenised once, n-grams formed with numpy. ``count_texts_reference`` calls the analyzer
on each text, as scikit-learn does; the matrices and vocabularies must be identical
(same terms in the same order, same counts, canonical CSR).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.terms import _columnar, _count, build_dtm, make_analyzer
from analysis.terms._count import count_texts, count_texts_reference
from analysis.terms.hashing import hashed_counts, hashed_counts_reference
from analysis.terms.tokenize import normalize

#: Pieces the token rule treats specially, and characters whose case or class is tricky:
#: final sigma, dotted capital I (lower-cases to two characters), the Kelvin sign,
#: apostrophes that normalise to "'", a combining mark, non-ASCII digits and spaces,
#: the columnar path's marker letters, emoji.
PIECES = [
    "Kyiv's", "U.S.", "U.S.-led", "e.g.", "COVID-19", "3.5bn", "1,000", "2,500.5", "don't",
    "rock'n'roll", "students'", "Mr.", "Dr", "Sen.", "J.", "the", "The", "of", "and", "It's",
    "he's", "Rates", "rose", "ΑΣ", "ΟΔΟΣ.", "σ", "İstanbul", "\u212a", "Kyiv\u2019s",
    "O\u02bcBrien", "e\u0301", "٣٤", "\u00a0", "\u2003", "\u200b", "ꙮ", "一", "🙂", "_x_",
    ".", "...", ",", "!", "?", "?!", "-", "--", "'", "\"", "(", ")", ";", ":", "/", "“", "”",
    " ", "  ", "\n", "\t", "\r\n", "\x0b", "\x0c", "\x1c", "",
]  # fmt: skip
GLUE = [" ", " ", " ", "", ".", " .", ". ", "!", "?", ",", "'", "-", "\n", "\u00a0", "\u2019",
        "\u201c", ":", "(", ")."]  # fmt: skip
pieces_text = st.lists(
    st.tuples(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), st.sampled_from(GLUE)),
    max_size=30,
).map(lambda pairs: "".join(word + glue for word, glue in pairs))
texts_strategy = st.lists(
    st.one_of(
        pieces_text,
        st.text(max_size=40),  # any unicode
        st.sampled_from(["", " ", "... !?", "\n\n", "-- ; --"]),  # empty, punctuation only
        st.integers(1, 3000).map(lambda n: "Long" + "x" * n + " token"),  # very long tokens
    ),
    min_size=1,
    max_size=8,
)
OPTIONS = st.fixed_dictionaries(
    {
        "ngram_range": st.sampled_from([(1, 1), (1, 2), (2, 2), (2, 3), (1, 3)]),
        "stop_words": st.sampled_from(["english", None, ["The", "rates", "ꙮ", "σ"]]),
        "lowercase": st.booleans(),
        "lemmatize": st.sampled_from([False, False, True]),
    }
)


def _assert_same(got, want):
    (m1, t1), (m2, t2) = got, want
    assert list(t1) == list(t2)
    assert m1.shape == m2.shape and m1.dtype == m2.dtype == np.int64
    assert (m1 != m2).nnz == 0
    assert m1.has_canonical_format


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=texts_strategy, options=OPTIONS)
def test_columnar_equals_text_by_text(texts, options):
    analyzer = make_analyzer(**options)
    columnar = _columnar.count_columnar(texts, analyzer)
    assert columnar is not None  # these texts take the fast path
    _assert_same(columnar, count_texts_reference(texts, analyzer))


@settings(max_examples=40, deadline=None)
@given(texts=texts_strategy, batch_chars=st.integers(1, 60))
def test_batches_share_one_id_space(texts, batch_chars):
    """Cut into many batches (each with its own pyarrow dictionary): the same counts."""
    analyzer = make_analyzer(ngram_range=(1, 2), stop_words=None)
    lengths, ids, tokens = _columnar.token_sequence(texts, analyzer, batch_chars=batch_chars)
    per_text = [analyzer.pattern.findall(normalize(text)) for text in texts]
    assert tokens[ids].tolist() == [t for found in per_text for t in found]
    assert lengths.tolist() == [len(found) for found in per_text]


@pytest.mark.parametrize("texts", [[], [""], ["", "   \n"], ["the of", "and"]])
def test_no_terms_at_all(texts):
    """No text, empty texts, only stop words: an empty matrix with one row per text."""
    for ngram_range in [(1, 1), (1, 2)]:
        analyzer = make_analyzer(ngram_range=ngram_range)
        got = _columnar.count_columnar(texts, analyzer)
        assert got[0].shape == (len(texts), 0) and len(got[1]) == 0
        _assert_same(got, count_texts_reference(texts, analyzer))


def test_every_marker_taken_falls_back_to_text_by_text():
    """A text holding every marker letter next to punctuation cannot be joined: exact anyway."""
    texts = ["Rates rose. " + ",".join(_columnar._MARKERS) + " ꙮ. U.S. talks", "ꙮ"]
    analyzer = make_analyzer(ngram_range=(1, 2))
    assert _columnar.count_columnar(texts, analyzer) is None
    _assert_same(count_texts(texts, analyzer), count_texts_reference(texts, analyzer))


def test_lone_surrogate_falls_back_to_text_by_text():
    texts = ["Rates rose \ud800 today.", "U.S. rates"]
    analyzer = make_analyzer()
    assert _columnar.count_columnar(texts, analyzer) is None
    _assert_same(count_texts(texts, analyzer), count_texts_reference(texts, analyzer))


def test_build_dtm_takes_the_columnar_path(monkeypatch):
    """build_dtm never calls the analyzer text by text (the fast path is in use)."""

    def refuse(*args, **kwargs):
        raise AssertionError("text-by-text path used")

    monkeypatch.setattr(_count, "count_texts_reference", refuse)
    dtm = build_dtm(["Kyiv's mayor met U.S. envoys.", "Envoys left Kyiv."], ngram_range=(1, 2))
    assert "u.s. envoys" in set(dtm.terms) and "met u.s." in set(dtm.terms)


@pytest.mark.parametrize("lowercase", [True, False])
def test_final_sigma_and_dotted_i_as_whole_texts(lowercase):
    """Case mapping that depends on context is done on whole chunks, as on the whole text."""
    texts = ["ΟΔΟΣ ΟΔΟΣ. ΑΣ:Α Σ", "İstanbul’s \u212aelvin"]
    analyzer = make_analyzer(stop_words=None, lowercase=lowercase, ngram_range=(1, 2))
    _assert_same(_columnar.count_columnar(texts, analyzer), count_texts_reference(texts, analyzer))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=texts_strategy, options=OPTIONS, n_features=st.sampled_from([1, 16, 2**20]))
def test_hashed_counts_equal_hashing_vectorizer(texts, options, n_features):
    """Distinct terms hashed once == HashingVectorizer on every term (collisions included)."""
    analyzer = make_analyzer(**options)
    got = hashed_counts(texts, analyzer, n_features)
    want = hashed_counts_reference(texts, analyzer, n_features)
    assert got.shape == want.shape and got.dtype == want.dtype == np.int64
    assert (got != want).nnz == 0 and got.has_canonical_format
