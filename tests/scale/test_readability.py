"""Readability on a real cluster equals the in-memory result exactly."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.loading import write_dataset
from analysis.parallel import read_dataset
from analysis.readability import readability

pytestmark = pytest.mark.cluster


def test_document_level_identical(client, demo_slice):
    expected = readability(demo_slice)
    got = readability(demo_slice, client=client)
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs == expected.attrs


@pytest.mark.parametrize("level", ["paragraph", "sentence"])
def test_unit_levels_identical_across_partitions(client, demo_slice, level):
    from analysis.readability import readability as readability_partitioned

    part = demo_slice.iloc[:60]
    expected = readability(part, level=level, sentence_splitter="robust")
    got = readability_partitioned(
        part, client=client, rows_per_partition=7, level=level, sentence_splitter="robust"
    )
    pd.testing.assert_frame_equal(got, expected)


def test_dataset_folder_read_by_workers(client, demo_slice, tmp_path):
    path = write_dataset(demo_slice, tmp_path / "corpus", rows_per_partition=64)
    assert len(read_dataset(path).to_delayed()) == 5
    got = readability(path, client=client, measures=["flesch_reading_ease", "n_words"])
    expected = readability(demo_slice, measures=["flesch_reading_ease", "n_words"])
    pd.testing.assert_frame_equal(got, expected)


def test_dask_dataframe_input(client, demo_slice, tmp_path):
    ddf = read_dataset(write_dataset(demo_slice, tmp_path / "c", rows_per_partition=100))
    got = readability(ddf, client=client, measures=["smog_index"])
    pd.testing.assert_frame_equal(got, readability(demo_slice, measures=["smog_index"]))


def test_killed_worker_still_gives_full_result(dask_cluster, client, demo_articles):
    """A worker SIGKILLed mid-run: Dask re-runs its tasks elsewhere; nothing is lost."""
    from analysis.readability import readability as readability_partitioned

    data = demo_articles.iloc[:1500]
    options = {"level": "sentence", "measures": ["flesch_kincaid_grade", "n_words"]}
    with dask_cluster.killing_a_worker(client):
        got = readability_partitioned(data, client=client, rows_per_partition=50, **options)
    pd.testing.assert_frame_equal(got, readability(data, **options))


def test_failing_partition_raises_not_partial(client):
    from analysis.parallel import PartitionError as ScaleError
    from analysis.parallel import gather_partitions

    # Builtins only: the workers cannot import functions defined in test modules.
    assert gather_partitions(client, int, ["1", "2", "3"]) == [1, 2, 3]
    with pytest.raises(ScaleError, match=r"partition 1 \(x\) failed on the cluster: ValueError"):
        gather_partitions(client, int, ["1", "x", "3", "4"])


def test_dict_argument_reaches_workers_whole(client):
    """A dict argument arrives as one dict, and the next call on the client still works."""
    from analysis.parallel import gather_partitions

    options = {"level": "document", "max_df": 1.0}
    assert gather_partitions(client, len, [[1], [2, 3]], progress=False) == [1, 2]
    import operator

    for _ in range(2):  # the second call failed when scatter() split the dict
        got = gather_partitions(client, operator.eq, [dict(options), {}], options)
        assert got == [True, False]
