"""The executors: ordered, all-or-nothing results; the context; one definition of partitioned."""

from __future__ import annotations

import operator
from pathlib import Path

import pandas as pd
import pytest

from analysis.parallel import (
    PartitionError,
    ProcessExecutor,
    SerialExecutor,
    as_partitions,
    get_executor,
    is_partitioned,
    use,
)


def _fail_on_x(value: str) -> int:
    return int(value)


@pytest.mark.parametrize("executor", [SerialExecutor(), ProcessExecutor(n_jobs=2)])
def test_results_in_order_and_a_failure_names_its_partition(executor):
    assert executor.map(_fail_on_x, ["3", "1", "2"], progress=False) == [3, 1, 2]
    with pytest.raises(PartitionError, match=r"partition 1 \(x\) failed") as caught:
        executor.map(_fail_on_x, ["1", "x", "3"], progress=False)
    assert isinstance(caught.value, ValueError)  # the cause's type, for callers
    assert isinstance(caught.value.__cause__, ValueError)


def test_arguments_reach_every_partition_whole():
    options = {"level": "document"}
    got = ProcessExecutor(n_jobs=2).map(operator.eq, [dict(options), {}], options, progress=False)
    assert got == [True, False]


def test_persist_gather_apply_hold_values_here():
    executor = SerialExecutor()
    handles = executor.persist(len, ["ab", "c"], progress=False)
    assert executor.gather(handles) == [2, 1]
    assert executor.apply(operator.add, handles, 10) == [12, 11]
    assert not executor.holds_remote


def test_explicit_argument_then_context_then_serial():
    assert isinstance(get_executor(), SerialExecutor)
    with use(n_jobs=2) as outer:
        assert get_executor() is outer and outer.n_workers == 2
        assert isinstance(get_executor(n_jobs=1), SerialExecutor)  # explicit wins
        with use(None):
            assert isinstance(get_executor(), SerialExecutor)
        assert get_executor() is outer
    assert isinstance(get_executor(), SerialExecutor)
    with pytest.raises(ValueError, match="either client= .* or n_jobs="):
        get_executor(client="tcp://127.0.0.1:9", n_jobs=2)  # refused before connecting


def test_bad_n_jobs_and_client():
    with pytest.raises(ValueError, match="n_jobs"):
        get_executor(n_jobs=0)
    with pytest.raises(TypeError, match="distributed.Client"):
        get_executor(client=42)


def test_str_and_path_name_the_same_partitioned_input(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(2):
        pd.DataFrame({"text": [f"t{i}"]}).to_parquet(folder / f"part-{i:05d}.parquet")
    assert is_partitioned(folder) and is_partitioned(str(folder))
    assert as_partitions(str(folder)) == as_partitions(folder) == sorted(folder.glob("*.parquet"))
    assert not is_partitioned(str(tmp_path / "missing")) and not is_partitioned("a text.")
    file = tmp_path / "one.parquet"
    pd.DataFrame({"text": list("abc")}).to_parquet(file)
    by_str = as_partitions(str(file), rows_per_partition=2)
    by_path = as_partitions(Path(file), rows_per_partition=2)
    assert [len(p) for p in by_str] == [len(p) for p in by_path] == [2, 1]
    with pytest.raises(FileNotFoundError, match="No partitioned corpus"):
        as_partitions(tmp_path)  # a folder without parts
    with pytest.raises(ValueError, match="neither a partitioned corpus folder"):
        as_partitions(tmp_path / "one.csv" if (tmp_path / "one.csv").touch() is None else None)


def test_default_partitions_one_here_several_for_workers():
    frame = pd.DataFrame({"text": list("abcdefgh")})
    assert [len(p) for p in as_partitions(frame)] == [8]
    assert [len(p) for p in as_partitions(frame, n_workers=2)] == [1] * 8
    assert [len(p) for p in as_partitions(frame, rows_per_partition=3)] == [3, 3, 2]
    with pytest.raises(ValueError, match="rows_per_partition"):
        as_partitions(frame, rows_per_partition=0)
