"""Terms on a real cluster equal the in-memory results exactly; the two-pass vocabulary rule.

The cluster tests build the same matrix in memory and on the cluster (several
partitions) and compare everything exactly: the matrix (``(a != b).nnz == 0``),
terms, doc_ids, docvars, options, and the frames of frequencies (plain and by
source), keyness (one outlet against the rest) and trends
(``pd.testing.assert_frame_equal``). The first tests need no cluster: they check
the two-pass vocabulary rule against scikit-learn's CountVectorizer on random
corpora, with the partitions run in this process.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer

from analysis.terms import DocumentTermMatrix as PartitionedDTM
from analysis.terms import (
    build_dtm,
    frequencies,
    keyness,
    make_analyzer,
    top_terms,
    trends,
    zipf,
)
from analysis.terms.dtm import build_matrix as build_dtm_partitioned

WORDS = ["tax", "rates", "kyiv", "u.s.", "covid-19", "the", "of", "rose", "fell", "bank"]

docs = st.lists(
    st.lists(st.sampled_from(WORDS + [".", ","]), min_size=0, max_size=12).map(" ".join),
    min_size=1,
    max_size=14,
)
# Valid bounds (crossed ones and pruning everything still come up); invalid values
# are in test_invalid_pruning_options_rejected_like_scikit_learn.
min_dfs = st.one_of(st.integers(1, 3), st.floats(0.0, 0.6))
max_dfs = st.one_of(st.integers(1, 14), st.floats(0.3, 1.0))


def sklearn_dtm(texts, *, ngram_range, min_df, max_df, max_features):
    """The reference: CountVectorizer with build_dtm's analyzer, or the error it raises."""
    vec = CountVectorizer(
        analyzer=make_analyzer(ngram_range=ngram_range), min_df=min_df, max_df=max_df,
        max_features=max_features, dtype=np.int64,
    )  # fmt: skip
    try:
        x = vec.fit_transform(texts)
    except ValueError as err:
        return None, str(err)
    return (x, list(vec.get_feature_names_out())), None


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=docs,
    ngram_max=st.integers(1, 2),
    min_df=min_dfs,
    max_df=max_dfs,
    max_features=st.one_of(st.none(), st.integers(1, 6)),
    rows=st.integers(1, 5),
)
def test_two_pass_vocabulary_equals_countvectorizer(
    texts, ngram_max, min_df, max_df, max_features, rows
):
    """Summed per-partition statistics + one pruning = CountVectorizer on the whole corpus."""
    kwargs = {
        "ngram_range": (1, ngram_max), "min_df": min_df, "max_df": max_df,
        "max_features": max_features,
    }  # fmt: skip
    expected, message = sklearn_dtm(texts, **kwargs)
    if expected is None:
        with pytest.raises(ValueError) as ours:
            build_dtm(texts, **kwargs)
        # The same failure: a bad option is named; sklearn's "empty vocabulary" is our
        # "no terms remain"; the pruning messages are sklearn's own.
        bad_option = re.search(r"The '(\w+)' parameter", message)
        if bad_option:
            key = f"{bad_option.group(1)}="
        elif "empty vocabulary" in message:
            key = "no terms remain"
        else:
            key = message.split(".")[0]
        assert key in str(ours.value)
        return
    x, terms = expected
    whole = build_dtm(texts, **kwargs)
    assert list(whole.terms) == terms
    assert (whole.matrix != x).nnz == 0
    parts = build_dtm_partitioned(
        texts, options=whole.options, rows_per_partition=rows, progress=False
    )
    assert isinstance(parts, PartitionedDTM) and parts.n_blocks == -(-len(texts) // rows)
    assert list(parts.terms) == terms
    assert (parts.matrix != x).nnz == 0
    assert parts.doc_ids.equals(whole.doc_ids)


@pytest.mark.parametrize(
    "kwargs",
    [{"min_df": 0}, {"max_df": 0}, {"min_df": 1.5}, {"max_df": -0.1}, {"max_features": 0},
     {"min_df": "2"}, {"min_df": 3, "max_df": 2}],
)  # fmt: skip
def test_invalid_pruning_options_rejected_like_scikit_learn(kwargs):
    texts = ["rates rose", "rates fell", "kyiv rates"]
    with pytest.raises(ValueError):
        CountVectorizer(**kwargs).fit(texts)
    name = next(iter(kwargs)) if len(kwargs) == 1 else "min_df"
    with pytest.raises(ValueError, match=name):
        build_dtm(texts, **kwargs)


def test_boolean_min_df_rejected():
    """scikit-learn reads min_df=True as 1; a bool here is almost surely a mistake."""
    with pytest.raises(ValueError, match="min_df must be an int"):
        build_dtm(["rates rose"], min_df=True)


def test_max_features_ties_broken_like_scikit_learn():
    """Many terms with equal totals: the kept ones are scikit-learn's, not just any."""
    texts = [" ".join(f"w{i:02d}" for i in range(k, k + 5)) for k in range(0, 40, 3)]
    expected, _ = sklearn_dtm(texts, ngram_range=(1, 1), min_df=1, max_df=1.0, max_features=7)
    whole = build_dtm(texts, max_features=7)
    parts = build_dtm_partitioned(texts, options=whole.options, rows_per_partition=4,
                                  progress=False)  # fmt: skip
    assert list(whole.terms) == expected[1] == list(parts.terms)
    assert (parts.matrix != expected[0]).nnz == 0


def test_partitioned_matrix_api():
    texts = ["rates rose", "rates fell", "kyiv"]
    whole = build_dtm(texts)
    parts = build_dtm_partitioned(texts, options=whole.options, rows_per_partition=2,
                                  progress=False)  # fmt: skip
    assert parts.shape == whole.shape and parts.n_blocks == 2
    assert parts.offsets.tolist() == [0, 2, 3]
    assert parts.term_index(["rates", "zzz"]).tolist() == [whole.term_index(["rates"])[0], -1]
    same = parts.to_dtm()
    assert (same.matrix != whole.matrix).nnz == 0 and same.options == whole.options
    with pytest.raises(ValueError, match="must match"):
        PartitionedDTM(parts.blocks, parts.terms[:1], parts.doc_ids)


# -- on the real cluster ---------------------------------------------------------------


def assert_same_dtm(got, expected):
    assert isinstance(got, PartitionedDTM)
    assert got.n_blocks > 1
    assert got.shape == expected.shape
    assert (got.matrix != expected.matrix).nnz == 0
    assert list(got.terms) == list(expected.terms)
    assert got.doc_ids.equals(expected.doc_ids)
    pd.testing.assert_frame_equal(got.docvars, expected.docvars)
    assert got.options == expected.options


def assert_same_analyses(got, expected, outlet):
    pd.testing.assert_frame_equal(frequencies(got), frequencies(expected))
    pd.testing.assert_frame_equal(
        frequencies(got, by="source", n=50), frequencies(expected, by="source", n=50)
    )
    target = (expected.docvars["source"] == outlet).to_numpy()
    pd.testing.assert_frame_equal(keyness(got, target), keyness(expected, target))
    pd.testing.assert_frame_equal(
        keyness(got, target, measure="fisher"), keyness(expected, target, measure="fisher")
    )
    terms = [t for t in ("trump", "brexit", "white house", "minister", "u.s.")
             if expected.term_index([t])[0] >= 0]  # fmt: skip
    assert terms
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the same "no date" warning on both paths
        pd.testing.assert_frame_equal(
            trends(got, "published", terms), trends(expected, "published", terms)
        )
    pd.testing.assert_frame_equal(zipf(got), zipf(expected))
    pd.testing.assert_frame_equal(top_terms(got, by="source"), top_terms(expected, by="source"))


@pytest.mark.cluster
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"ngram_range": (1, 2), "min_df": 2, "max_df": 0.5, "max_features": 3000},
        {"ngram_range": (2, 2), "min_df": 0.01, "max_df": 40},
    ],
    ids=["unigrams", "uni+bigrams-pruned", "bigrams-float-min_df"],
)
def test_cluster_dtm_and_analyses_identical(client, demo_slice, kwargs):
    expected = build_dtm(demo_slice, **kwargs)
    got = build_dtm(demo_slice, client=client, rows_per_partition=70, **kwargs)
    assert got.n_blocks == 5
    assert_same_dtm(got, expected)
    assert_same_analyses(got, expected, outlet=demo_slice["source"].value_counts().index[0])


@pytest.mark.cluster
def test_cluster_reads_dataset_folder_and_dask_frame(client, demo_slice, tmp_path):
    from analysis.loading import write_dataset
    from analysis.parallel import read_dataset

    path = write_dataset(demo_slice, tmp_path / "corpus", rows_per_partition=100)
    expected = build_dtm(demo_slice, ngram_range=(1, 2), min_df=2)
    from_folder = build_dtm(path, client=client, ngram_range=(1, 2), min_df=2)
    assert_same_dtm(from_folder, expected)
    from_dask = build_dtm(read_dataset(path), client=client, ngram_range=(1, 2), min_df=2)
    assert_same_dtm(from_dask, expected)
    outlet = demo_slice["source"].iloc[0]
    assert_same_analyses(from_folder, expected, outlet=outlet)


@pytest.mark.cluster
def test_cluster_hashed_counts_identical(client, demo_slice):
    # 2**18 buckets are a bit few for 300 articles: both paths warn alike.
    with pytest.warns(UserWarning, match="share a hash bucket") as memory_warning:
        expected = build_dtm(demo_slice, hashed=True, n_features=2**18)
    with pytest.warns(UserWarning, match="share a hash bucket") as cluster_warning:
        got = build_dtm(demo_slice, hashed=True, n_features=2**18, client=client,
                        rows_per_partition=100)  # fmt: skip
    assert str(memory_warning[0].message) == str(cluster_warning[0].message)
    assert cluster_warning[0].filename == __file__
    assert_same_dtm(got, expected)
    assert got.options["buckets_used"] == expected.options["buckets_used"] > 1000
    pd.testing.assert_frame_equal(frequencies(got, n=30), frequencies(expected, n=30))
    target = (expected.docvars["source"] == demo_slice["source"].iloc[0]).to_numpy()
    pd.testing.assert_frame_equal(keyness(got, target), keyness(expected, target))


@pytest.mark.cluster
def test_cluster_errors_match_in_memory(client, demo_slice):
    with pytest.raises(ValueError, match="After pruning, no terms remain"):
        build_dtm(demo_slice, client=client, min_df=1.0, rows_per_partition=100)
    with pytest.raises(ValueError, match="no terms remain"):
        build_dtm(["the and of", "it is"], client=client, rows_per_partition=1)
    with pytest.raises(ValueError, match="The corpus is empty"):
        build_dtm(demo_slice.iloc[:0], client=client)


@pytest.mark.cluster
@pytest.mark.parametrize("hashed", [False, True], ids=["vocabulary", "hashed"])
def test_cluster_blocks_kept_on_the_workers(client, demo_slice, hashed):
    """keep_blocks='cluster': the blocks stay in the workers' memory, sums come back equal."""
    from distributed import Future

    kwargs = {"hashed": True, "n_features": 2**20} if hashed else {"ngram_range": (1, 2)}
    expected = build_dtm(demo_slice, **kwargs)
    got = build_dtm(demo_slice, client=client, rows_per_partition=70, keep_blocks="cluster",
                    **kwargs)  # fmt: skip
    assert got.on_cluster and all(isinstance(b, Future) for b in got.blocks)
    assert got.offsets.tolist() == [0, 70, 140, 210, 280, 300]
    assert_same_dtm(got, expected)
    assert_same_analyses(got, expected, outlet=demo_slice["source"].iloc[0])


def test_keep_blocks_needs_a_client():
    with pytest.raises(ValueError, match="keep_blocks='cluster'.*needs a client"):
        build_dtm_partitioned(["rates rose"], options=build_dtm(["rates rose"]).options,
                              keep_blocks="cluster")  # fmt: skip


@pytest.mark.cluster
def test_cluster_failed_partition_is_an_error_not_a_partial_matrix(client, demo_slice, tmp_path):
    from analysis.loading import write_dataset
    from analysis.parallel import PartitionError as ScaleError
    from analysis.parallel import part_files as dataset_parts

    path = write_dataset(demo_slice, tmp_path / "corpus", rows_per_partition=100)
    dataset_parts(path)[1].write_bytes(b"not parquet")
    with pytest.raises(ScaleError, match=r"partition 1 .*part-00001\.parquet"):
        build_dtm(path, client=client)
