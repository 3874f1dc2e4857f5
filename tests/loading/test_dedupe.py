"""Tests for analysis.loading.dedupe: exact and near duplicates, first copy kept."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.loading import load_corpus
from analysis.loading.dedupe import (
    Signatures,
    _word_chunks,
    find_duplicates,
    match_duplicates,
    normalized_key,
    text_signatures,
)

rng = np.random.default_rng(0)
WORDS = [f"w{i}" for i in range(5000)]


def _doc(n=150):
    return " ".join(rng.choice(WORDS, size=n))


def test_exact_near_and_distinct():
    a, b = _doc(), _doc()
    near = a + " Source: Reuters. Follow us on Twitter."
    out = find_duplicates([a, b, a.upper() + "!", near, _doc()])
    assert out["duplicate_of"].tolist() == [-1, -1, 0, 0, -1]
    assert out["kind"].tolist() == ["", "", "exact", "near", ""]
    assert out.loc[2, "similarity"] == 1.0
    assert 0.8 <= out.loc[3, "similarity"] < 1.0


def test_threshold_and_near_switch():
    a = _doc(400)
    edited = a.split()
    edited[::20] = ["changed"] * len(edited[::20])  # Jaccard of 5-shingles ~ 0.6
    texts = [a, " ".join(edited)]
    assert find_duplicates(texts)["duplicate_of"].tolist() == [-1, -1]
    assert find_duplicates(texts, threshold=0.5)["duplicate_of"].tolist() == [-1, 0]
    assert find_duplicates([a, a + " x"], near=False)["duplicate_of"].tolist() == [-1, -1]


def test_deterministic_and_order_decides_the_kept_copy():
    a = _doc()
    texts = [a + " tail one", _doc(), a + " tail two"]
    first = find_duplicates(texts)
    assert first.equals(find_duplicates(texts))
    assert find_duplicates(texts[::-1])["duplicate_of"].tolist() == [-1, -1, 0]


def test_normalized_key():
    assert normalized_key("A  b,\nC!") == "a b c"


def test_bad_parameters():
    with pytest.raises(ValueError, match="threshold"):
        find_duplicates(["a"], threshold=0)
    with pytest.raises(ValueError, match="divisible"):
        find_duplicates(["a"], num_perm=100, bands=32)


@pytest.mark.slow
def test_bbc_duplicates_are_reported_with_the_doc_id_they_duplicate(bbc_csv):
    raw = pd.read_csv(bbc_csv)
    assert len(raw) == 2225
    articles, report = load_corpus(bbc_csv)
    assert len(report) == 2225
    assert (report["status"] == "loaded").sum() == len(articles)
    dups = report[report["status"] == "duplicate"]
    # Every body pandas sees repeated is reported, pointing at the first copy's doc_id.
    first_origin = {}
    for i, text in enumerate(raw["text"], start=1):
        first_origin.setdefault(text, f"bbc_news.csv:row {i}")
    by_origin = report.set_index("origin")
    repeated = raw["text"].duplicated()
    assert repeated.sum() == 133
    for i in np.flatnonzero(repeated.to_numpy()):
        row = by_origin.loc[f"bbc_news.csv:row {i + 1}"]
        assert row["status"] == "duplicate"
        kept = by_origin.loc[first_origin[raw["text"][i]]]
        assert row["duplicate_of"] == kept["doc_id"]
        assert kept["doc_id"] in articles.index
    # Near-duplicates exist beyond the exact ones, and each points at a kept article.
    near = dups[dups["similarity"] < 1]
    assert len(near) >= 10
    assert near["duplicate_of"].isin(articles.index).all()
    assert dups["reason"].str.contains("the first copy is kept").all()


def _family(n_docs=120, seed=1):
    """Texts with exact and near copies of a few originals, in shuffled order."""
    r = np.random.default_rng(seed)
    originals = [" ".join(r.choice(WORDS[:400], size=r.integers(0, 120))) for _ in range(15)]
    texts = []
    for _ in range(n_docs):
        words = originals[r.integers(len(originals))].split()
        if words and r.random() < 0.6:
            for j in r.integers(0, len(words), size=r.integers(1, 4)):
                words[j] = "edit"
        texts.append(" ".join(words))
    return texts


@pytest.mark.parametrize("near", [True, False])
def test_signatures_of_chunks_match_like_the_whole(near):
    texts = _family()
    whole = find_duplicates(texts, near=near, threshold=0.6)
    assert (whole["kind"] == "exact").sum() > 5
    if near:
        assert (whole["kind"] == "near").sum() > 5
    for cuts in ([1], [7, 8, 60], [30, 60, 90, 119]):
        chunks = np.split(np.array(texts, dtype=object), cuts)
        sigs = Signatures.concat([text_signatures(list(c), near=near) for c in chunks])
        assert len(sigs) == len(texts)
        got = match_duplicates(sigs, near=near, threshold=0.6)
        pd.testing.assert_frame_equal(got, whole)


def test_signatures_are_small_and_deterministic():
    texts = _family(20)
    a, b = text_signatures(texts), text_signatures(texts)
    assert a.keys.dtype.itemsize == 16 and a.minhash.shape == (20, 128)
    assert (a.keys == b.keys).all() and (a.minhash == b.minhash).all()
    with pytest.raises(ValueError, match="needs MinHash"):
        match_duplicates(text_signatures(texts, near=False), near=True)


# ------------------------------------------------- chunked hashing == all at once
def _reference_signature(text: str, shingle: int = 5, num_perm: int = 128, seed: int = 0):
    """The signature as computed before hashing was chunked: all shingles at once."""
    words = re.findall(r"\w+", text.casefold())
    key = hashlib.blake2b(" ".join(words).encode(), digest_size=16).digest()
    hashes = [
        int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "little") for w in words
    ]
    arr = np.array(hashes or [0], dtype=np.uint64)
    k = max(1, min(shingle, len(arr)))
    sh = arr[: len(arr) - k + 1].copy()
    for j in range(1, k):
        sh = sh * np.uint64(0x9E3779B97F4A7C15) + arr[j : len(arr) - k + 1 + j]
    r = np.random.default_rng(seed)
    a = (r.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1))[:, None]
    b = r.integers(0, 2**63, size=num_perm, dtype=np.uint64)[:, None]
    minhash = ((a * np.unique(sh)[None, :] + b) >> np.uint64(32)).min(axis=1)
    return key, minhash.astype(np.uint32)


_WORDS_ST = st.lists(
    st.sampled_from(["a", "b", "Café", "naïve", "x1", "ÉTÉ", "z", "w_2", "--", " ", "\n", "’"]),
    max_size=40,
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(_WORDS_ST.map(" ".join), min_size=1, max_size=5),
    chunk=st.integers(1, 9),
    shingle=st.integers(1, 6),
)
def test_chunked_minhash_equals_unchunked(texts, chunk, shingle):
    sigs = text_signatures(texts, chunk=chunk, shingle=shingle, num_perm=32)
    seen = set()
    for i, text in enumerate(texts):
        key, minhash = _reference_signature(text, shingle=shingle, num_perm=32)
        assert sigs.keys[i].tobytes() == key
        if key not in seen:  # repeats of a text get a zero row
            assert (sigs.minhash[i] == minhash).all()
        seen.add(key)
    assert (text_signatures(texts, near=False, chunk=chunk).keys == sigs.keys).all()


@settings(max_examples=100, deadline=None)
@given(words=_WORDS_ST, chunk=st.integers(1, 5), block=st.integers(1, 12))
def test_words_folded_block_by_block_are_the_words_of_the_text(words, chunk, block):
    text = " ".join(words) + "ß STRASSE ﬁne Σίσυφος"
    got = [w for batch in _word_chunks(text, chunk, block) for w in batch]
    assert got == re.findall(r"\w+", text.casefold())


@pytest.mark.slow
def test_big_text_signature_equals_the_unchunked_one():
    # over 1M characters: case-folded and hashed in several blocks
    text = "Début. " + " ".join(rng.choice(WORDS, size=200_000)) + " Fin ÉTÉ."
    assert len(text) > 1_100_000
    sigs = text_signatures([text, "small text"], num_perm=8)
    for i, t in enumerate([text, "small text"]):
        key, minhash = _reference_signature(t, num_perm=8)
        assert sigs.keys[i].tobytes() == key and (sigs.minhash[i] == minhash).all()
    with pytest.raises(ValueError, match="chunk"):
        text_signatures(["a"], chunk=0)
