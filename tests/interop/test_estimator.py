"""TopicModel is a scikit-learn estimator: scikit-learn's own checks, clone, Pipeline."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.pipeline import Pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from analysis.terms import DocumentTermMatrix, build_dtm
from analysis.topics import TopicModel, fit_topics

TEXTS = [
    "oil price oil market barrel price",
    "oil barrel market price rises",
    "goal match team goal striker",
    "team match goal keeper striker",
    "oil price falls market barrel",
    "striker goal team match win",
]


# Every check of sklearn.utils.estimator_checks runs (array API input is skipped by
# scikit-learn itself unless SCIPY_ARRAY_API is set). The checks feed small dense random
# matrices, which the default pruning (max_df=0.5) would empty, hence min_df/max_df here.
@pytest.mark.slow
@parametrize_with_checks([TopicModel(2, method=m, min_df=1, max_df=1.0) for m in ("nmf", "lda")])
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


def test_params_clone_and_set_params():
    model = TopicModel(3, method="lda", random_state=4, min_df=1, options={"max_iter": 5})
    params = model.get_params()
    assert params == {"k": 3, "method": "lda", "random_state": 4, "min_df": 1,
                      "max_df": None, "options": {"max_iter": 5}}  # fmt: skip
    copy = clone(model)
    assert copy is not model and copy.get_params() == params
    assert copy.set_params(k=2).k == 2 and model.k == 3


def test_fit_topics_is_the_estimator_fitted_on_a_dtm():
    dtm = build_dtm(TEXTS, min_df=1)
    shortcut = fit_topics(dtm, 2, min_df=1, max_df=1.0, max_iter=50)
    model = TopicModel(2, min_df=1, max_df=1.0, options={"max_iter": 50}).fit(dtm)
    assert isinstance(shortcut, TopicModel)
    assert shortcut.get_params() == model.get_params()
    pd.testing.assert_frame_equal(shortcut.doc_topics_, model.doc_topics_)
    assert shortcut.labels_.tolist() == model.labels_.tolist()


def test_in_a_pipeline_after_count_vectorizer():
    pipe = Pipeline([("counts", CountVectorizer()), ("topics", TopicModel(2, min_df=1))])
    shares = pipe.fit_transform(TEXTS)
    assert shares.shape == (6, 2)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    model = pipe.named_steps["topics"]
    assert model.terms_[0].startswith("term")  # a sparse matrix carries no names
    # oil texts and football texts fall in different topics
    dominant = np.asarray(shares).argmax(axis=1)
    assert dominant[0] == dominant[1] == dominant[4] != dominant[2] == dominant[3] == dominant[5]
    new = pipe.transform(["oil market price"])
    assert new.shape == (1, 2) and int(np.asarray(new).argmax()) == dominant[0]


def test_frame_columns_become_terms_and_transform_aligns_a_dtm_by_term():
    vec = CountVectorizer()
    counts = vec.fit_transform(TEXTS).toarray()
    frame = pd.DataFrame(counts, columns=vec.get_feature_names_out())
    model = TopicModel(2, min_df=1).fit(frame)
    assert list(model.feature_names_in_) == list(vec.get_feature_names_out())
    assert set(model.terms_) <= set(model.feature_names_in_)
    # the same documents as a DocumentTermMatrix with the columns reversed
    dtm = DocumentTermMatrix(sp.csr_matrix(counts[:, ::-1]), np.array(frame.columns[::-1]),
                             pd.Index([f"d{i}" for i in range(6)], name="doc_id"))  # fmt: skip
    by_name = model.transform(dtm)
    np.testing.assert_allclose(by_name.to_numpy(), model.transform(frame).to_numpy())
    assert list(by_name.index) == list(dtm.doc_ids)


def test_transform_of_texts_still_works_and_refuses_what_it_cannot_read():
    model = fit_topics(build_dtm(TEXTS, min_df=1), 2, min_df=1, max_df=1.0)
    shares = model.transform(["oil price", "goal match"])
    assert shares.shape == (2, 2)
    with pytest.raises(TypeError, match="accepts"):
        model.transform(5)
    with pytest.raises(TypeError, match="fit_topics"):
        TopicModel(2).fit(TEXTS)
