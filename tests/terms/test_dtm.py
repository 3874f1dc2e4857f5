"""build_dtm: shape, options, stop words, lemmas, n-grams within sentences, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from analysis.terms import DocumentTermMatrix, build_dtm, stop_word_set
from analysis.terms.tokenize import TOKEN_PATTERN, normalize


@pytest.fixture
def arts():
    return pd.DataFrame(
        {
            "text": [
                "Kyiv's mayor met U.S. envoys. Envoys left.",
                "The Bank of England raised rates!",
                "COVID-19 cases rose in Kyiv.",
            ],
            "source": ["kyivpost.com", "bbc.co.uk", "bbc.co.uk"],
            "published": pd.to_datetime(["2017-01-02", "2017-01-03", "2017-01-09"], utc=True),
            "section": ["world", "business", "health"],
            "title": ["a", "b", "c"],
        },
        index=pd.Index(["d1", "d2", "d3"], name="doc_id"),
    )


def counts(dtm, doc, term):
    return int(dtm.matrix[dtm.doc_ids.get_loc(doc), list(dtm.terms).index(term)])


def test_shape_ids_docvars_options(arts):
    dtm = build_dtm(arts)
    assert isinstance(dtm, DocumentTermMatrix)
    assert dtm.shape == (3, len(dtm.terms))
    assert list(dtm.doc_ids) == ["d1", "d2", "d3"] and dtm.doc_ids.name == "doc_id"
    assert list(dtm.docvars.columns) == ["source", "published", "section"]
    assert dtm.docvars.index.equals(dtm.doc_ids)
    assert list(dtm.terms) == sorted(dtm.terms)
    assert dtm.options["ngram_range"] == (1, 1) and dtm.options["stop_words"] == "english"
    assert dtm.options["token_pattern"] == TOKEN_PATTERN
    assert counts(dtm, "d1", "envoys") == 2 and counts(dtm, "d3", "kyiv") == 1
    assert counts(dtm, "d1", "kyiv") == 1  # possessive stripped
    assert {"u.s.", "covid-19"} <= set(dtm.terms)
    assert "the" not in set(dtm.terms) and "of" not in set(dtm.terms)


def test_stop_words_none_and_custom(arts):
    assert "the" in set(build_dtm(arts, stop_words=None).terms)
    custom = build_dtm(arts, stop_words=["Kyiv", "envoys"])
    assert "kyiv" not in set(custom.terms) and "the" in set(custom.terms)
    assert "don't" in stop_word_set("english")


def test_case_kept_but_stop_words_still_match(arts):
    dtm = build_dtm(arts, lowercase=False)
    assert "Kyiv" in set(dtm.terms) and "The" not in set(dtm.terms)
    custom = build_dtm(arts, lowercase=False, stop_words=["KYIV", "Envoys"])
    assert not {"Kyiv", "Envoys", "envoys"} & set(custom.terms) and "Bank" in set(custom.terms)


def test_lemmatize():
    dtm = build_dtm(
        pd.Series(["Countries raised rates", "a country raises a rate"]), lemmatize=True
    )
    assert list(dtm.terms) == ["country", "raise", "rate"]
    assert dtm.matrix.toarray().tolist() == [[1, 1, 1], [1, 1, 1]]


def test_ngrams_stay_inside_sentences(arts):
    dtm = build_dtm(arts, ngram_range=(2, 2))
    terms = set(dtm.terms)
    assert "u.s. envoys" in terms and "envoys left" in terms
    assert "envoys envoys" not in terms  # "...envoys. Envoys..." crosses a sentence end
    assert "bank england" in terms  # bridges the removed stop word, as scikit-learn does
    mixed = build_dtm(arts, ngram_range=(1, 3))
    assert {"kyiv", "kyiv mayor", "kyiv mayor met"} <= set(mixed.terms)


def test_pruning(arts):
    assert list(build_dtm(arts, min_df=2).terms) == ["kyiv"]
    assert "kyiv" not in set(build_dtm(arts, max_df=0.5).terms)
    assert len(build_dtm(arts, max_features=3).terms) == 3


def test_same_counts_as_scikit_learn_with_the_same_rule(demo_sample):
    """build_dtm == CountVectorizer(token_pattern=TOKEN_PATTERN, ...) on real text."""
    texts = demo_sample["text"].iloc[:200]
    ours = build_dtm(texts)
    vec = CountVectorizer(
        token_pattern=TOKEN_PATTERN,
        preprocessor=normalize,
        stop_words=sorted(stop_word_set("english")),
    )
    theirs = vec.fit_transform(texts.tolist())
    assert list(ours.terms) == list(vec.get_feature_names_out())
    assert (ours.matrix != theirs).nnz == 0


def test_missing_text_warns_and_counts_as_empty():
    with pytest.warns(UserWarning, match="1 of 2 documents have no text"):
        dtm = build_dtm(pd.Series(["rates rose", None]))
    assert dtm.matrix[1].sum() == 0


@pytest.mark.parametrize(
    ("articles", "kwargs", "message"),
    [
        (pd.DataFrame({"text": []}), {}, "The corpus is empty"),
        ([], {}, "The corpus is empty"),
        ("just one string", {}, "Iterable over raw text documents expected"),
        (pd.DataFrame({"body": ["x"]}), {}, "needs an articles frame with a 'text' column"),
        (["the and of", "it is"], {}, "no terms remain.*stop_words=None"),
        (["", "..."], {"stop_words": None}, "no terms remain"),
        (["rates rose", "prices fell"], {"min_df": 2}, "After pruning, no terms remain"),
        (["rates"], {"ngram_range": (2, 1)}, "ngram_range"),
        (["rates"], {"ngram_range": "12"}, "ngram_range"),
        (["rates"], {"stop_words": "french"}, "not a known list"),
    ],
)
def test_bad_input(articles, kwargs, message):
    with pytest.raises(ValueError, match=message):
        build_dtm(articles, **kwargs)


def test_container_checks_shapes():
    import scipy.sparse as sp

    with pytest.raises(ValueError, match="must match"):
        DocumentTermMatrix(sp.csr_matrix((2, 2)), np.array(["a"]), pd.Index(["x", "y"]))


@pytest.mark.slow
@pytest.mark.demo
def test_demo_sample_vocabulary(demo_sample):
    dtm = build_dtm(demo_sample, ngram_range=(1, 2), min_df=2)
    terms = set(dtm.terms)
    assert {"trump", "u.s.", "white house", "prime minister"} <= terms
    assert set(dtm.docvars["source"]) == set(demo_sample["source"])


# -- the fast counting path equals scikit-learn's, and the public analyzer ---------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from analysis.terms import analyzer_for, hash_buckets, make_analyzer  # noqa: E402
from analysis.terms._count import count_texts  # noqa: E402

NEWS_BITS = ["Kyiv's", "U.S.", "COVID-19", "the", "The", "of", "Rates", "rose", "Mr.", "Smith",
             "don't", "It's", "countries", "raised", ".", ",", "!", "\u2019s", "1,000"]  # fmt: skip
news_texts = st.lists(
    st.lists(st.sampled_from(NEWS_BITS), max_size=15).map(" ".join), min_size=1, max_size=8
)


@settings(max_examples=60, deadline=None)
@given(
    texts=news_texts,
    lemmatize=st.booleans(),
    lowercase=st.booleans(),
    stop_words=st.sampled_from(["english", None, ["rates", "Smith"]]),
    ngram_range=st.sampled_from([(1, 1), (1, 2), (2, 3)]),
)
def test_batch_counting_equals_countvectorizer(
    texts, lemmatize, lowercase, stop_words, ngram_range
):
    """count_texts (split once, finish each distinct token once) == CountVectorizer(analyzer)."""
    analyzer = make_analyzer(ngram_range=ngram_range, stop_words=stop_words,
                             lemmatize=lemmatize, lowercase=lowercase)  # fmt: skip
    for text in texts:  # the batch form of the analyzer is the analyzer
        split = np.empty(len(analyzer.split(text)), dtype=object)
        split[:] = analyzer.split(text)
        assert list(analyzer.finish(split)) == analyzer(text)
    matrix, terms = count_texts(texts, analyzer, chunk=3)
    vec = CountVectorizer(analyzer=analyzer, dtype=np.int64)
    try:
        expected = vec.fit_transform(texts)
    except ValueError:  # empty vocabulary
        assert len(terms) == 0 and matrix.shape == (len(texts), 0)
        return
    assert list(terms) == list(vec.get_feature_names_out())
    assert (matrix != expected).nnz == 0


@pytest.mark.slow
@pytest.mark.parametrize(
    "kwargs",
    [
        {"ngram_range": (1, 2), "min_df": 2, "max_df": 0.5, "max_features": 5000},
        {"lemmatize": True, "min_df": 0.005},
        {"lowercase": False, "stop_words": None, "max_features": 300},
        {"ngram_range": (2, 3), "max_df": 20},
    ],
)
def test_demo_matrix_equals_countvectorizer_with_our_analyzer(demo_sample, kwargs):
    """Vocabulary, pruning and max_features ties exactly as CountVectorizer, on real news."""
    texts = demo_sample["text"].iloc[:250]
    ours = build_dtm(texts, **kwargs)
    options = {k: v for k, v in kwargs.items() if k in ("min_df", "max_df", "max_features")}
    vec = CountVectorizer(analyzer=analyzer_for(ours), dtype=np.int64, **options)
    theirs = vec.fit_transform(texts.tolist())
    assert list(ours.terms) == list(vec.get_feature_names_out())
    assert (ours.matrix != theirs).nnz == 0
    assert ours.matrix.has_sorted_indices and ours.matrix.dtype == np.int64


def test_make_analyzer_and_analyzer_for(arts):
    analyzer = make_analyzer(ngram_range=(1, 2))
    assert analyzer("Kyiv's mayor met U.S. envoys. Envoys left.") == [
        "kyiv", "mayor", "met", "u.s.", "envoys", "envoys", "left",
        "kyiv mayor", "mayor met", "met u.s.", "u.s. envoys", "envoys left",
    ]  # fmt: skip
    dtm = build_dtm(arts, ngram_range=(1, 2), stop_words=["Kyiv"], lemmatize=True)
    again = analyzer_for(dtm)
    assert again("Kyiv's envoys") == ["envoy"]
    assert analyzer_for(dtm.options, ngram_range=(1, 1))("Envoys met") == ["envoy", "meet"]
    import pickle

    assert pickle.loads(pickle.dumps(again))("Kyiv's envoys") == ["envoy"]
    from analysis.terms.analyzer import _Analyzer

    assert isinstance(again, _Analyzer)
    with pytest.raises(ValueError, match="ngram_range"):
        make_analyzer(ngram_range=(0, 1))


def test_hashed_counts(arts):
    from sklearn.feature_extraction.text import HashingVectorizer

    dtm = build_dtm(arts, hashed=True, n_features=2**12)
    assert dtm.shape == (3, 2**12) and dtm.options["hashed"] is True
    assert dtm.options["n_features"] == 2**12 and dtm.terms[5] == "#5"
    expected = HashingVectorizer(analyzer=make_analyzer(), n_features=2**12,
                                 alternate_sign=False, norm=None).transform(arts["text"])  # fmt: skip
    assert (dtm.matrix != expected).nnz == 0 and dtm.matrix.dtype == np.int64
    # a word's column is its bucket; a bucket label works too
    col = dtm.term_index(["envoys"])[0]
    assert col == hash_buckets(["envoys"], n_features=2**12)[0]
    assert dtm.term_index([f"#{col}"])[0] == col
    assert counts(dtm, "d1", f"#{col}") >= 2  # "envoys" twice (plus any collision)
    plain = build_dtm(arts)
    assert dtm.options["buckets_used"] <= len(plain.terms)
    assert dtm.matrix.sum() == plain.matrix.sum()


def test_hashed_collisions_warned_and_pruning_refused(arts):
    with pytest.warns(UserWarning, match="share a hash bucket.*Raise n_features"):
        few = build_dtm(arts, hashed=True, n_features=4)
    assert few.options["buckets_used"] <= 4 and few.options["estimated_collisions"] > 0
    with pytest.raises(ValueError, match="need a vocabulary.*hashed=False"):
        build_dtm(arts, hashed=True, min_df=2)
    with pytest.raises(ValueError, match="n_features must be"):
        build_dtm(arts, hashed=True, n_features=0)
