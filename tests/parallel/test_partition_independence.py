"""Every function that takes ``client=`` gives the same result however its input is cut.

Each runs here with the serial executor on many tiny partitions (1, 3 and 7 rows or
files) and on one partition, and the results must be equal -- exactly, floats included.
This is the fast-suite form of the cluster equality tests (``tests/scale``): the same
per-partition and combine steps run, only in this process. ``str`` and ``Path`` names of
the same corpus on disk must behave the same.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis.loading import load_corpus, load_to_dataset, read_corpus, write_dataset
from analysis.readability import readability
from analysis.terms import (
    DocumentTermMatrix,
    build_dtm,
    frequencies,
    keyness,
    top_terms,
    trends,
    zipf,
)
from analysis.topics import (
    MEASURES,
    coherence,
    fit_topics,
    prevalence,
    sample_articles,
    tokenize_documents,
)

SIZES = [1, 3, 7]
#: Counts, every kind of formula and lexical diversity: each code path of the engine.
MEASURES_READ = ["n_words", "n_sentences", "flesch_kincaid_grade", "smog_index",
                 "dale_chall_readability_score", "text_standard", "mattr"]  # fmt: skip


@pytest.fixture(scope="module")
def raw_folder(tmp_path_factory, demo_csv):
    """Eight small CSV files and a duplicate across them: 25 records."""
    folder = tmp_path_factory.mktemp("raw") / "raw"
    folder.mkdir()
    demo = pd.read_csv(demo_csv, nrows=24)
    for i in range(8):
        demo.iloc[3 * i : 3 * i + 3].to_csv(folder / f"piece-{i}.csv", index=False)
    demo.iloc[[2]].to_csv(folder / "z-duplicate.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def articles(raw_folder):
    return load_corpus(raw_folder)[0]


@pytest.fixture(scope="module")
def corpus_folder(articles, tmp_path_factory):
    return write_dataset(articles, tmp_path_factory.mktemp("c") / "corpus", rows_per_partition=7)


def _assert_same_dtm(got: DocumentTermMatrix, want: DocumentTermMatrix) -> None:
    assert isinstance(got, DocumentTermMatrix)
    assert (got.matrix != want.matrix).nnz == 0 and got.shape == want.shape
    assert list(got.terms) == list(want.terms) and got.doc_ids.equals(want.doc_ids)
    pd.testing.assert_frame_equal(got.docvars, want.docvars)
    assert got.options == want.options


# -- loading ------------------------------------------------------------------------------
@pytest.mark.parametrize("n", SIZES)
def test_load_corpus(raw_folder, n, tmp_path):
    want = load_corpus(raw_folder)
    got = load_corpus(raw_folder, files_per_partition=n)
    pd.testing.assert_frame_equal(got[0], want[0])
    pd.testing.assert_frame_equal(got[1], want[1])
    assert got[1].attrs == want[1].attrs and (want[1]["status"] == "duplicate").sum() == 1
    report = load_to_dataset(
        raw_folder, out=tmp_path / "c", rows_per_partition=n, files_per_partition=n
    )
    pd.testing.assert_frame_equal(report, want[1])
    pd.testing.assert_frame_equal(read_corpus(tmp_path / "c"), want[0])


# -- readability ----------------------------------------------------------------------------
@pytest.mark.parametrize("level", ["document", "paragraph", "sentence"])
def test_readability(articles, level):
    want = readability(articles, level=level, measures=MEASURES_READ)
    for n in SIZES:
        got = readability(articles, level=level, measures=MEASURES_READ, rows_per_partition=n)
        pd.testing.assert_frame_equal(got, want)
        assert got.attrs == want.attrs


# -- terms ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "options",
    [
        {"ngram_range": (1, 2), "min_df": 2, "max_features": 300},
        {"hashed": True, "n_features": 2**16},
    ],
    ids=["vocabulary", "hashed"],
)
def test_build_dtm_and_its_analyses(articles, options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the same collision warning either way
        want = build_dtm(articles, **options)
        got_all = {n: build_dtm(articles, rows_per_partition=n, **options) for n in SIZES}
    target = (want.docvars["source"] == want.docvars["source"].iloc[0]).to_numpy()
    word = "trump" if want.term_index(["trump"])[0] >= 0 else str(want.terms[0])
    for n, got in got_all.items():
        assert got.n_blocks == -(-len(articles) // n)
        _assert_same_dtm(got, want)
        pd.testing.assert_frame_equal(frequencies(got, by="source"), frequencies(want, by="source"))
        pd.testing.assert_frame_equal(keyness(got, target), keyness(want, target))
        pd.testing.assert_frame_equal(zipf(got), zipf(want))
        pd.testing.assert_frame_equal(top_terms(got, by="source"), top_terms(want, by="source"))
        pd.testing.assert_frame_equal(top_terms(got, n=3), top_terms(want, n=3))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pd.testing.assert_frame_equal(
                trends(got, "published", [word]), trends(want, "published", [word])
            )


def test_build_dtm_of_texts_numbers_them_alike():
    texts = ["Rates rose in Kyiv.", "Rates fell.", "Kyiv's rates rose.", "Banks rose."]
    want = build_dtm(texts)
    for n in SIZES:
        _assert_same_dtm(build_dtm(texts, rows_per_partition=n), want)


# -- topics ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def model_and_dtm(articles):
    dtm = build_dtm(articles)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*no counted term")
        return fit_topics(dtm, 3), dtm


def test_transform_prevalence_and_coherence(articles, model_and_dtm):
    model, dtm = model_and_dtm
    want_shares = model.transform(articles)
    want_by_source = prevalence(model, articles, by="source")
    want_by_week = prevalence(model, articles, by="week")
    topics = [t[:6] for t in model.term_lists(10)]
    tokens = tokenize_documents(articles, dtm)
    want_coherence = {m: coherence(topics, tokens, measure=m) for m in MEASURES}
    for n in SIZES:
        shares = model.transform(articles, rows_per_partition=n)
        pd.testing.assert_frame_equal(shares, want_shares)
        assert shares.attrs == want_shares.attrs
        pd.testing.assert_frame_equal(
            prevalence(model, articles, by="source", rows_per_partition=n), want_by_source
        )
        pd.testing.assert_frame_equal(
            prevalence(model, articles, by="week", rows_per_partition=n), want_by_week
        )
        for m in MEASURES:
            assert coherence(topics, tokens, measure=m, rows_per_partition=n) == want_coherence[m]
        got = coherence(topics, articles, measure="c_v", dtm=dtm, rows_per_partition=n)
        assert got == want_coherence["c_v"]


def test_fit_on_a_sample(articles):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*no counted term")
        want = fit_topics(articles, 3, sample_size=15, random_state=1)
        models = [
            fit_topics(articles, 3, sample_size=15, random_state=1, rows_per_partition=n)
            for n in SIZES
        ]
    assert 0 < want.sample_["n_sampled"] < len(articles)
    assert want.doc_topics_.index.equals(articles.index)
    for got in models:
        pd.testing.assert_frame_equal(got.topic_terms_, want.topic_terms_)
        pd.testing.assert_frame_equal(got.doc_topics_, want.doc_topics_)
        assert got.sample_["doc_ids"].equals(want.sample_["doc_ids"])
        sample = sample_articles(articles, n=15, random_state=1, rows_per_partition=3)
        assert sample.index.equals(want.sample_["doc_ids"])


def test_fit_on_every_article_is_the_fit_on_their_matrix(articles):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*no counted term")
        want = fit_topics(build_dtm(articles, min_df=2), 3)
        got = fit_topics(articles, 3, dtm_options={"min_df": 2}, rows_per_partition=7)
    pd.testing.assert_frame_equal(got.doc_topics_, want.doc_topics_)
    assert got.sample_["n_sampled"] == got.sample_["n_docs"] == len(articles)


# -- str and Path ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", [str, Path], ids=["str", "Path"])
def test_str_and_path_name_the_same_corpus(articles, corpus_folder, model_and_dtm, name):
    model, dtm = model_and_dtm
    where = name(corpus_folder)
    pd.testing.assert_frame_equal(readability(where), readability(articles))
    _assert_same_dtm(build_dtm(where), build_dtm(articles))
    pd.testing.assert_frame_equal(model.transform(where), model.transform(articles))
    pd.testing.assert_frame_equal(
        prevalence(model, where, by="source"), prevalence(model, articles, by="source")
    )
    topics = [t[:5] for t in model.term_lists(5)]
    assert coherence(topics, where, dtm=dtm) == coherence(topics, articles, dtm=dtm)
    pd.testing.assert_frame_equal(
        fit_topics(where, 2, sample_size=10).doc_topics_,
        fit_topics(articles, 2, sample_size=10).doc_topics_,
    )
    pd.testing.assert_frame_equal(read_corpus(where), articles)


def test_a_single_string_is_text_not_a_path():
    with pytest.raises(TypeError, match="string object received"):
        readability("This is one text, not a list of texts.")
    with pytest.raises(ValueError, match="string object received"):
        build_dtm("This is one text, not a list of texts.")
