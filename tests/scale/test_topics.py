"""Topics on a real Dask cluster: coherence, transform and sample fits equal the in-memory path.

The cluster (a ``dask scheduler`` and two ``dask worker`` processes) and the 300-article
demo slice come from ``tests/scale/conftest.py``. The corpus is written as a
partitioned dataset of 60-row parts, so the workers read their partitions themselves.
Every comparison is exact, except the prevalence table, whose group means come from
float sums added in a different order (relative tolerance 1e-12, stated below).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from analysis.loading import write_dataset
from analysis.terms import build_dtm
from analysis.topics import MEASURES, coherence, fit_topics, prevalence
from analysis.topics import coherence as coherence_partitions
from analysis.topics import fit_topics as fit_topics_sample
from analysis.topics import tokenize_documents as tokenize

pytestmark = [pytest.mark.cluster, pytest.mark.slow]


@pytest.fixture(scope="module")
def corpus(demo_slice, tmp_path_factory):
    path = tmp_path_factory.mktemp("topics") / "corpus"
    write_dataset(demo_slice, path, rows_per_partition=60)
    return path


@pytest.fixture(scope="module")
def models(demo_slice):
    dtm = build_dtm(demo_slice)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*no counted term")
        return dtm, {m: fit_topics(dtm, 5, method=m) for m in ("nmf", "lda")}


def test_coherence_on_the_cluster_equals_in_memory(client, corpus, demo_slice, models):
    dtm, fitted = models
    topics = fitted["nmf"].top_terms(10) + fitted["lda"].top_terms(10)
    tokens = tokenize(demo_slice, dtm)
    for measure in MEASURES:
        expected = coherence(topics, tokens, measure=measure)
        got = coherence(topics, corpus, measure=measure, client=client, dtm=dtm)
        assert got == expected, measure  # bit for bit: integer counts add up exactly
    # a frame cut into row ranges on the client side gives the same numbers
    got = coherence_partitions(
        topics, demo_slice, measure="c_v", dtm=dtm, client=client, rows_per_partition=70
    )
    assert got == coherence(topics, tokens, measure="c_v")


@pytest.mark.parametrize("method", ["nmf", "lda"])
def test_transform_of_every_partition_equals_in_memory(client, corpus, demo_slice, models, method):
    _, fitted = models
    model = fitted[method]
    on_cluster = model.transform(corpus, client=client)
    in_memory = model.transform(demo_slice)
    pd.testing.assert_frame_equal(on_cluster, in_memory)
    assert on_cluster.attrs["empty_docs"] == in_memory.attrs["empty_docs"]
    # one document alone gets the same shares as within its partition
    pd.testing.assert_frame_equal(model.transform(demo_slice.iloc[[137]]), in_memory.iloc[[137]])


def test_sample_fit_is_deterministic_and_independent_of_partitioning(client, corpus, demo_slice):
    options = {"sample_size": 150, "random_state": 3}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*no counted term")
        first = fit_topics_sample(corpus, 4, client=client, **options)
        again = fit_topics_sample(corpus, 4, client=client, **options)
        here = fit_topics_sample(demo_slice, 4, rows_per_partition=100, **options)
        other_seed = fit_topics_sample(corpus, 4, client=client, sample_size=150, random_state=4)
    for model in (again, here):
        pd.testing.assert_frame_equal(model.topic_terms_, first.topic_terms_)
        pd.testing.assert_frame_equal(model.doc_topics_, first.doc_topics_)
        assert model.sample_["doc_ids"].equals(first.sample_["doc_ids"])
    assert 100 <= first.sample_["n_sampled"] <= 200 and first.sample_["n_docs"] == 300
    assert not other_seed.sample_["doc_ids"].equals(first.sample_["doc_ids"])
    # every document has shares, in corpus order; the model is the in-memory fit of its sample
    assert first.doc_topics_.index.equals(demo_slice.index)
    sample = demo_slice.loc[first.sample_["doc_ids"]]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*no counted term")
        direct = fit_topics(build_dtm(sample), 4, random_state=3)
    pd.testing.assert_frame_equal(direct.topic_terms_, first.topic_terms_)


def test_prevalence_from_partition_sums(client, corpus, demo_slice, models):
    _, fitted = models
    model = fitted["nmf"]
    on_cluster = prevalence(model, corpus, by="source", client=client)
    shares_model = _with_shares(model, model.transform(demo_slice))
    in_memory = prevalence(shares_model, demo_slice, by="source")
    # group means of float shares summed in another order: equal to rounding
    pd.testing.assert_frame_equal(on_cluster, in_memory, check_exact=False, rtol=1e-12, atol=0)
    assert on_cluster["n_docs"].tolist() == in_memory["n_docs"].tolist()


def _with_shares(model, shares):
    import copy

    out = copy.copy(model)
    out.doc_topics_ = shares
    return out
