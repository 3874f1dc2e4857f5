"""The DTM converts both ways: scikit-learn, gensim (a real LdaModel), quanteda files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from analysis._io import OutputExistsError
from analysis.terms import (
    build_dtm,
    frequencies,
    from_gensim,
    from_sklearn,
    read_quanteda,
    to_gensim,
    to_quanteda,
    to_sklearn,
)
from analysis.topics import tokenize_documents

FRAME = pd.DataFrame(
    {
        "text": [
            "Oil prices rose as the oil market tightened.",
            "The striker scored a late goal in the match.",
            "Oil exporters met to discuss prices and output.",
            "The team won the match after a penalty goal.",
        ],
        "source": ["A", "B", "A", "B"],
        "published": pd.to_datetime(["2020-01-01", "2020-01-02", None, "2020-01-04"], utc=True),
    },
    index=pd.Index(["a1", "b1", "a2", "b2"], name="doc_id"),
)


def _same(a, b) -> None:
    assert (a.matrix != b.matrix).nnz == 0 and a.shape == b.shape
    assert list(a.terms) == list(b.terms)
    assert list(a.doc_ids) == list(b.doc_ids)


@pytest.fixture(scope="module")
def dtm():
    return build_dtm(FRAME)


def test_sklearn_round_trip_keeps_counts_ids_and_docvars(dtm):
    X, terms = to_sklearn(dtm)
    assert X.dtype == np.int64 and X.shape == dtm.shape
    back = from_sklearn(X, terms, docs=FRAME)
    _same(back, dtm)
    pd.testing.assert_frame_equal(back.docvars, dtm.docvars)


def test_from_a_count_vectorizer_the_analyses_count_what_it_counted():
    vec = CountVectorizer()
    X = vec.fit_transform(FRAME["text"])
    dtm = from_sklearn(X, vec, docs=FRAME)
    assert list(dtm.doc_ids) == ["a1", "b1", "a2", "b2"]
    table = frequencies(dtm).set_index("term")["count"]
    expected = pd.Series(np.asarray(X.sum(axis=0)).ravel(), index=vec.get_feature_names_out())
    assert table.sort_index().to_dict() == expected.sort_index().to_dict()
    with pytest.raises(ValueError, match="pass the vectorizer that produced X"):
        from_sklearn(X[:, :3], vec)
    with pytest.raises(ValueError, match="one per row"):
        from_sklearn(X, vec, docs=["x"])


def test_gensim_dictionary_matches_gensims_own_and_trains_an_lda_model(dtm):
    gensim = pytest.importorskip("gensim")
    corpus, dictionary = to_gensim(dtm)
    tokens = tokenize_documents(FRAME, dtm)  # the matrix's own tokens
    reference = gensim.corpora.Dictionary(tokens)
    assert {t: dictionary.dfs[i] for t, i in dictionary.token2id.items()} == {
        t: reference.dfs[i] for t, i in reference.token2id.items()
    }
    assert dictionary.num_docs == reference.num_docs and dictionary.num_pos == reference.num_pos
    assert [sorted((dictionary[i], n) for i, n in doc) for doc in corpus] == [
        sorted((reference[i], n) for i, n in reference.doc2bow(doc)) for doc in tokens
    ]
    model = gensim.models.LdaModel(corpus, id2word=dictionary, num_topics=2, passes=5,
                                   random_state=0)  # fmt: skip
    assert model.get_topics().shape == (2, dtm.shape[1])
    np.testing.assert_allclose(model.get_topics().sum(axis=1), 1.0, rtol=1e-5)
    assert {w for w, _ in model.show_topic(0, 5)} <= set(dtm.terms)
    _same(from_gensim(corpus, dictionary, doc_ids=dtm.doc_ids), dtm)


def test_quanteda_files_round_trip_and_are_written_safely(dtm, tmp_path):
    out = to_quanteda(dtm, tmp_path / "q")
    assert (out / "dtm.mtx").read_text().startswith("%%MatrixMarket matrix coordinate integer")
    assert (out / "features.txt").read_text(encoding="utf-8").split("\n")[:-1] == list(dtm.terms)
    assert "quanteda::as.dfm" in (out / "read_dtm.R").read_text()
    back = read_quanteda(out)
    _same(back, dtm)
    pd.testing.assert_frame_equal(back.docvars, dtm.docvars, check_index_type=False)
    to_quanteda(dtm, out)  # what it wrote: replaced
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("a user's file")
    with pytest.raises(OutputExistsError, match="theirs"):
        to_quanteda(dtm, theirs)
    to_quanteda(dtm, theirs, force=True)  # moved aside, never deleted
    backups = [p for p in tmp_path.iterdir() if p.name.startswith("theirs.backup-")]
    assert len(backups) == 1 and (backups[0] / "notes.txt").read_text() == "a user's file"


def test_conversions_refuse_what_is_not_a_dtm():
    with pytest.raises(TypeError, match="build_dtm"):
        to_sklearn(FRAME)
    with pytest.raises(FileNotFoundError, match="to_quanteda"):
        read_quanteda(".")
