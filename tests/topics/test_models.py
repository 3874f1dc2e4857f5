"""fit_topics / TopicModel: determinism, numbering by prevalence, shares, transform, bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from analysis.terms import DocumentTermMatrix, build_dtm
from analysis.topics import TopicModel, _text, evaluate, fit_topics

SMALL = {"min_df": 1, "max_df": 1.0}


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_same_seed_same_model(toy_dtm, method):
    a = fit_topics(toy_dtm, 4, method=method, random_state=3, **SMALL)
    b = fit_topics(toy_dtm, 4, method=method, random_state=3, **SMALL)
    pd.testing.assert_frame_equal(a.doc_topics_, b.doc_topics_)
    pd.testing.assert_frame_equal(a.topic_terms_, b.topic_terms_)
    assert a.labels_.tolist() == b.labels_.tolist()


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_shares_and_numbering(toy_dtm, method):
    model = fit_topics(toy_dtm, 4, method=method, **SMALL)
    assert isinstance(model, TopicModel)
    shares = model.doc_topics_
    assert shares.index.equals(toy_dtm.doc_ids) and shares.index.name == "doc_id"
    assert list(shares.columns) == [0, 1, 2, 3]
    np.testing.assert_allclose(shares.sum(axis=1), 1.0, atol=1e-12)
    assert not shares.isna().any().any()
    # topics numbered by prevalence, descending, and the same numbering everywhere
    prevalence = shares.mean().to_numpy()
    assert np.all(np.diff(prevalence) <= 1e-12)
    np.testing.assert_allclose(model.prevalence_, prevalence)
    assert model.topic_terms_.shape == (4, len(model.terms_))
    assert list(model.topic_terms_.index) == [0, 1, 2, 3] == list(model.labels_.index)
    raw = model.estimator_.components_[model.order_]
    np.testing.assert_allclose(model.topic_terms_.to_numpy(), raw)
    assert model.labels_.is_unique
    first_terms = model.term_lists(3)
    assert model.labels_.tolist() == [", ".join(t) for t in first_terms]


def test_toy_topics_recover_the_categories(toy_dtm, toy_labels):
    model = fit_topics(toy_dtm, 4, **SMALL)
    assert evaluate(model, toy_labels)["purity"] >= 0.75


def test_input_matrix_is_never_modified(toy_docs):
    counts = CountVectorizer().fit_transform(toy_docs).tocsr()
    counts.has_sorted_indices = False
    counts.indices = counts.indices.copy()
    rng = np.random.default_rng(0)
    for row in range(counts.shape[0]):  # shuffle column order within each row
        lo, hi = counts.indptr[row], counts.indptr[row + 1]
        perm = rng.permutation(hi - lo) + lo
        counts.indices[lo:hi] = counts.indices[perm]
        counts.data[lo:hi] = counts.data[perm]
    before = counts.toarray().copy()
    dtm = DocumentTermMatrix(counts, np.arange(counts.shape[1]).astype(str), pd.RangeIndex(12))
    fit_topics(dtm, 3, **SMALL)
    fit_topics(dtm, 3, method="lda", **SMALL)
    np.testing.assert_array_equal(counts.toarray(), before)


def test_empty_rows_get_a_uniform_flagged_share(toy_docs, dtm_factory):
    dtm = dtm_factory([*toy_docs, "the and of", ""])
    with pytest.warns(UserWarning, match="2 document"):
        model = fit_topics(dtm, 3, **SMALL)
    empty = dtm.doc_ids[-2:]
    assert list(model.empty_docs_) == list(empty)
    np.testing.assert_allclose(model.doc_topics_.loc[empty].to_numpy(), 1 / 3)
    np.testing.assert_allclose(model.doc_topics_.sum(axis=1), 1.0)
    assert (model.dominant_topic().loc[empty] == -1).all()


def test_transform_new_texts(toy_dtm, toy_docs, toy_articles):
    model = fit_topics(toy_dtm, 4, **SMALL)
    new = model.transform(["Oil prices and crude output", "zzz qqq"])
    np.testing.assert_allclose(new.sum(axis=1), 1.0)
    assert new.attrs["empty_docs"] == [1]
    oil_topic = model.doc_topics_.iloc[0].idxmax()
    assert new.iloc[0].idxmax() == oil_topic
    # articles frame: index kept; training documents land on their own dominant topic
    again = model.transform(toy_articles)
    assert again.index.equals(toy_articles.index)
    agree = (again.idxmax(axis=1) == model.doc_topics_.idxmax(axis=1)).mean()
    assert agree >= 0.9
    lda = fit_topics(toy_dtm, 4, method="lda", **SMALL)
    np.testing.assert_allclose(lda.transform(toy_docs[:2]).sum(axis=1), 1.0)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:.*no counted term:UserWarning")
def test_transform_the_seed_article(seed_path, demo_sample):
    dtm = build_dtm(demo_sample)
    model = fit_topics(dtm, 10)
    shares = model.transform(seed_path.read_text(encoding="utf-8"))
    assert shares.shape == (1, 10)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    assert shares.attrs["empty_docs"] == []
    assert shares.iloc[0].max() > 1.5 / 10  # a clear dominant topic, not uniform


@pytest.mark.parametrize(
    ("k", "error", "match"),
    [
        (0, ValueError, "at least 1"),
        (13, ValueError, "k=13 topics is more than the 12 document"),
        (2.5, TypeError, "integer"),
        (True, TypeError, "integer"),
    ],
)
def test_bad_k(toy_dtm, k, error, match):
    with pytest.raises(error, match=match):
        fit_topics(toy_dtm, k, **SMALL)


def test_more_topics_than_terms(dtm_factory):
    dtm = dtm_factory(["oil price", "oil price market", "price market"], stop_words=None)
    with pytest.raises(ValueError, match=r"3 term\(s\)"):
        fit_topics(dtm, 4, **SMALL)


def test_bad_options_and_inputs(toy_dtm):
    with pytest.raises(ValueError, match="Unknown method"):
        fit_topics(toy_dtm, 2, method="bertopic")
    with pytest.raises(TypeError, match="Unknown option"):
        fit_topics(toy_dtm, 2, n_topics=3)
    with pytest.raises(ValueError, match="Try a lower min_df"):
        fit_topics(toy_dtm, 2, min_df=50)
    with pytest.raises(TypeError, match="DocumentTermMatrix"):
        fit_topics(np.ones((3, 3)), 2)
    empty = DocumentTermMatrix(sp.csr_matrix((3, 4)), np.array(list("abcd")), pd.RangeIndex(3))
    with pytest.raises(ValueError, match="empty"):
        fit_topics(empty, 2)


def test_no_warning_on_clean_input(toy_dtm):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit_topics(toy_dtm, 3, **SMALL)


@pytest.mark.slow
def test_new_texts_are_counted_exactly_like_build_dtm(demo_sample):
    sample = demo_sample.iloc[:80]
    for options in ({}, {"lemmatize": True, "ngram_range": (1, 2)}):
        dtm = build_dtm(sample, **options)
        again = _text.vectorize(sample, dtm.terms, dtm)
        assert (again != dtm.matrix).nnz == 0
        tokens = _text.tokenize_documents(sample, dtm)
        assert {t for doc in tokens for t in doc} <= set(dtm.terms)


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_a_documents_shares_do_not_depend_on_the_batch(toy_dtm, toy_docs, method):
    model = fit_topics(toy_dtm, 4, method=method, **SMALL)
    together = model.transform(toy_docs)
    for i in (0, 5, 11):
        alone = model.transform([toy_docs[i]])
        np.testing.assert_array_equal(alone.to_numpy()[0], together.to_numpy()[i])


def test_nmf_transform_solves_each_documents_least_squares(toy_dtm, toy_docs):
    # the exact NNLS optimum is at least as good as scikit-learn's iterative transform
    model = fit_topics(toy_dtm, 4, **SMALL)
    counts = _text.vectorize(toy_docs, model.terms_, toy_dtm)
    from analysis.topics.models import _nmf_rows, _tfidf

    x, _ = _tfidf(sp.csr_matrix(counts, dtype=float), sublinear=True, idf=model._idf)
    h = model.estimator_.components_.astype(float)
    ours = _nmf_rows(x, model.estimator_)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = model.estimator_.transform(x.astype(np.float32)).astype(float)
    dense = x.toarray()
    loss_ours = ((dense - ours @ h) ** 2).sum(axis=1)
    loss_theirs = ((dense - theirs @ h) ** 2).sum(axis=1)
    assert (ours >= 0).all()
    assert np.all(loss_ours <= loss_theirs + 1e-6)
    np.testing.assert_allclose(ours, theirs, atol=0.05)


def test_lda_training_shares_equal_its_transform(toy_dtm):
    # fit_topics keeps the E-step scikit-learn's fit ends with instead of transforming again
    model = fit_topics(toy_dtm, 3, method="lda", **SMALL)
    from analysis.topics.models import _FIT_DTYPE, _shares

    x = sp.csr_matrix(toy_dtm.matrix, dtype=_FIT_DTYPE)
    nonempty = np.diff(x.indptr) > 0
    expected = _shares(model.estimator_.transform(x), nonempty)[:, model.order_]
    # the same computation in single precision: equal to float32 rounding
    np.testing.assert_allclose(model.doc_topics_.to_numpy(), expected, rtol=1e-5, atol=0)
