"""Coherence equals gensim 4.4's CoherenceModel(...).get_coherence_per_topic() (test-only reference)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.topics import (
    CoherenceIndex,
    CooccurrenceCounts,
    coherence,
    cooccurrence_counts,
)
from analysis.topics import (
    tokenize_documents as tokenize,
)

gensim_models = pytest.importorskip("gensim.models", reason="gensim is the test-only reference")
from gensim.corpora import Dictionary  # noqa: E402

MEASURES = ["c_npmi", "c_uci", "c_v", "u_mass"]


def gensim_values(topics, texts, measure, *, top_n=10, window_size=None):
    model = gensim_models.CoherenceModel(
        topics=topics,
        texts=texts,
        dictionary=Dictionary(texts),
        coherence=measure,
        topn=top_n,
        window_size=window_size,
        processes=1,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.array(model.get_coherence_per_topic(), dtype=float)


def random_corpus(rng, n_docs, vocab, max_len):
    words = [f"w{i}" for i in range(vocab)]
    return [
        [words[j] for j in rng.integers(0, vocab, rng.integers(0, max_len))] for _ in range(n_docs)
    ]


@pytest.mark.slow
@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize("seed", range(6))
def test_matches_gensim_on_random_corpora(measure, seed):
    rng = np.random.default_rng(seed)
    texts = random_corpus(rng, n_docs=int(rng.integers(3, 12)), vocab=15, max_len=40)
    present = sorted({t for doc in texts for t in doc})
    topics = [list(rng.choice(present, size=5, replace=False)) for _ in range(4)]
    window = None if measure == "u_mass" else int(rng.integers(2, 12))
    expected = gensim_values(topics, texts, measure, top_n=5, window_size=window)
    got = coherence(topics, texts, measure=measure, n=5, window=window)
    np.testing.assert_allclose(got, expected, atol=1e-6, rtol=0)


@pytest.mark.parametrize("measure", MEASURES)
def test_default_window_sizes_match_gensim(measure):
    rng = np.random.default_rng(42)
    texts = random_corpus(rng, n_docs=20, vocab=30, max_len=300)
    present = sorted({t for doc in texts for t in doc})
    topics = [list(rng.choice(present, size=10, replace=False)) for _ in range(3)]
    np.testing.assert_allclose(
        coherence(topics, texts, measure=measure),
        gensim_values(topics, texts, measure),
        atol=1e-6,
        rtol=0,
    )


def test_sliding_window_reproduces_gensims_stale_removal():
    # In window [a, x, b] gensim has just removed the x that left with window [x, a, x],
    # so x is not counted although it is inside the window. We must agree.
    texts = [["x", "a", "x", "b", "c", "x", "x"]]
    topics = [["x", "a", "b", "c"]]
    for measure in ("c_npmi", "c_uci", "c_v"):
        np.testing.assert_allclose(
            coherence(topics, texts, measure=measure, window=3),
            gensim_values(topics, texts, measure, window_size=3),
            atol=1e-12,
        )


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    docs=st.lists(
        st.lists(st.sampled_from(list("abcdefg")), min_size=0, max_size=30), min_size=1, max_size=8
    ),
    window=st.integers(min_value=1, max_value=12),
    measure=st.sampled_from(MEASURES),
    data=st.data(),
)
def test_matches_gensim_property(docs, window, measure, data):
    present = sorted({t for doc in docs for t in doc})
    if len(present) < 2:
        return
    topic = data.draw(st.lists(st.sampled_from(present), min_size=2, max_size=6, unique=True))
    topics = [topic, list(reversed(topic))]
    window = None if measure == "u_mass" else window
    expected = gensim_values(topics, docs, measure, top_n=6, window_size=window)
    got = coherence(topics, docs, measure=measure, n=6, window=window)
    np.testing.assert_allclose(got, expected, atol=1e-6, rtol=0, equal_nan=True)


@pytest.mark.parametrize("measure", MEASURES)
def test_missing_terms_are_dropped_like_gensim(measure):
    rng = np.random.default_rng(3)
    texts = random_corpus(rng, n_docs=10, vocab=12, max_len=30)
    present = sorted({t for doc in texts for t in doc})
    # dropped first, then truncated to top_n: the fifth known term moves up
    topics = [[present[0], "absent", present[1], present[2], present[3], present[9]], present[4:10]]
    with pytest.warns(UserWarning, match="do not occur in the texts"):
        got = coherence(topics, texts, measure=measure, n=4)
    np.testing.assert_allclose(got, gensim_values(topics, texts, measure, top_n=4), atol=1e-6)


@pytest.mark.parametrize("measure", MEASURES)
def test_each_topic_is_truncated_on_its_own(measure):
    # gensim truncates all topics only if the *first* one is longer than topn; we truncate
    # each topic to top_n (documented difference) -- equal to gensim scoring it alone.
    rng = np.random.default_rng(4)
    texts = random_corpus(rng, n_docs=10, vocab=12, max_len=30)
    present = sorted({t for doc in texts for t in doc})
    topics = [present[:4], present[4:10]]
    got = coherence(topics, texts, measure=measure, n=4)
    alone = [gensim_values([topic], texts, measure, top_n=4)[0] for topic in topics]
    np.testing.assert_allclose(got, alone, atol=1e-6)


def test_topic_without_two_known_terms_is_an_error():
    texts = [["a", "b"], ["b", "c"]]
    with pytest.raises(ValueError, match="at least two"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        coherence([["a", "nowhere", "elsewhere"]], texts)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"measure": "c_w2v"}, ValueError, "Unknown coherence measure"),
        ({"n": 1}, ValueError, "n must be at least 2"),
        ({"window": 0}, ValueError, "window must be a positive"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        coherence([["a", "b"]], [["a", "b", "c"]], **kwargs)


def test_bad_topics_and_texts():
    with pytest.raises(ValueError, match="No topics"):
        coherence([], [["a", "b"]])
    with pytest.raises(TypeError, match="string"):
        coherence(["ab"], [["a", "b"]])
    with pytest.raises(TypeError, match="string object received"):
        CoherenceIndex("a b c")


def test_index_is_reused_and_grows(toy_docs):
    texts = tokenize(toy_docs)
    index = CoherenceIndex(texts)
    first = [["oil", "prices", "market"], ["team", "match", "goal"]]
    second = [["election", "minister", "voters"], ["film", "actor", "awards"]]
    index.prepare([t for topic in first for t in topic], window=10)
    a = coherence(first, index)
    b = coherence(second, index)  # new terms: the cache grows to the union
    assert coherence(first, index) == a
    np.testing.assert_allclose(a + b, coherence(first + second, texts), atol=1e-12)
    assert "cached_terms" in repr(index)


def test_u_mass_from_a_dtm_equals_u_mass_from_texts(toy_docs, toy_dtm):
    topics = [["oil", "prices", "market"], ["team", "match", "goal"]]
    np.testing.assert_allclose(
        coherence(topics, toy_dtm, measure="u_mass"),
        coherence(topics, tokenize(toy_docs, toy_dtm), measure="u_mass"),
        atol=1e-12,
    )
    with pytest.raises(ValueError, match="only measure='u_mass'"):
        coherence(topics, CoherenceIndex.from_dtm(toy_dtm), measure="c_v")


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.parametrize("measure", MEASURES)
def test_matches_gensim_on_a_bbc_sample(bbc_frame, measure):
    sample = bbc_frame.sample(150, random_state=1)
    texts = tokenize(sample["text"])
    counts = {}
    for doc in texts:
        for token in doc:
            counts[token] = counts.get(token, 0) + 1
    vocab = [t for t, _ in sorted(counts.items(), key=lambda kv: -kv[1])[:300]]
    rng = np.random.default_rng(0)
    topics = [list(rng.choice(vocab, size=10, replace=False)) for _ in range(8)]
    topics.append(vocab[:10])
    np.testing.assert_allclose(
        coherence(topics, texts, measure=measure),
        gensim_values(topics, texts, measure),
        atol=1e-6,
        rtol=0,
    )


@pytest.mark.parametrize("measure", MEASURES)
def test_counts_of_parts_add_up_to_the_whole(measure):
    rng = np.random.default_rng(7)
    texts = random_corpus(rng, n_docs=40, vocab=25, max_len=60)
    texts[5] = []  # empty documents count as one window / one document
    present = sorted({t for doc in texts for t in doc})
    topics = [list(rng.choice(present, size=6, replace=False)) for _ in range(5)]
    topics.append(["w0", "not-a-token", "w1", "w2"])
    window = None if measure == "u_mass" else 7
    terms = list(dict.fromkeys(t for topic in topics for t in topic))
    parts = [
        cooccurrence_counts(texts[lo:hi], terms, window=window)
        for lo, hi in [(0, 3), (3, 17), (17, 18), (18, 40)]
    ]
    whole = cooccurrence_counts(texts, terms, window=window)
    total = sum(parts)
    assert isinstance(total, CooccurrenceCounts) and total.n == whole.n
    assert (total.matrix != whole.matrix).nnz == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from_counts = coherence(topics, total, measure=measure, window=window)
        from_texts = coherence(topics, texts, measure=measure, window=window)
        from_index = coherence(topics, CoherenceIndex(texts), measure=measure, window=window)
        reference = gensim_values(topics, texts, measure, window_size=window, top_n=10)
    assert from_counts == from_texts == from_index  # the same integers, the same arithmetic
    np.testing.assert_allclose(from_counts, reference, atol=1e-6, rtol=0)


def test_counts_must_match_terms_and_window():
    texts = [["a", "b", "c"], ["a", "c"]]
    ten = cooccurrence_counts(texts, ["a", "b"], window=10)
    with pytest.raises(ValueError, match="same terms"):
        ten + cooccurrence_counts(texts, ["a", "c"], window=10)
    with pytest.raises(ValueError, match="same terms"):
        ten + cooccurrence_counts(texts, ["a", "b"], window=None)
    with pytest.raises(ValueError, match="window_size=110"):
        coherence([["a", "b"]], ten, measure="c_v")
    with pytest.raises(ValueError, match="positive"):
        cooccurrence_counts(texts, ["a"], window=0)
