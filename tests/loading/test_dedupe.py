"""Tests for analysis.loading.dedupe: exact and near duplicates, first copy kept."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.loading import load_corpus
from analysis.loading.dedupe import (
    Signatures,
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
