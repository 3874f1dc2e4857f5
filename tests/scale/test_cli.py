"""The CLI's --scheduler switch writes exactly the file the in-memory run writes."""

from __future__ import annotations

import pytest

from analysis.cli import main
from analysis.loading import write_dataset

pytestmark = pytest.mark.cluster


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory, demo_slice):
    from analysis.loading import save_corpus

    return save_corpus(demo_slice.iloc[:120], None, tmp_path_factory.mktemp("cli") / "c.parquet")


def test_readability_file_identical_on_cluster(client, corpus_file, tmp_path, capsys):
    here, there = tmp_path / "here.parquet", tmp_path / "there.parquet"
    assert main(["readability", str(corpus_file), "--out", str(here)]) == 0
    address = client.scheduler.address
    assert main(["readability", str(corpus_file), "--out", str(there), "--scheduler", address]) == 0
    assert here.read_bytes() == there.read_bytes()
    assert f"workers at {address}" in capsys.readouterr().err


def test_readability_reads_partitioned_folder(client, demo_slice, tmp_path):
    folder = write_dataset(demo_slice.iloc[:120], tmp_path / "corpus", rows_per_partition=40)
    here, there = tmp_path / "here.csv", tmp_path / "there.csv"
    assert main(["readability", str(folder), "--out", str(here)]) == 0
    address = client.scheduler.address
    assert main(["readability", str(folder), "--out", str(there), "--scheduler", address]) == 0
    assert here.read_text() == there.read_text()


def test_unreachable_scheduler_is_one_line_error(tmp_path, corpus_file, capsys):
    code = main(["readability", str(corpus_file), "--scheduler", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert err[-1].startswith("news-analysis: error: Cannot reach the Dask scheduler at")


def test_scheduler_and_workers_exclusive(capsys):
    with pytest.raises(SystemExit):
        main(["readability", "--scheduler", "tcp://x:1", "--workers", "2"])
    assert "not allowed with argument" in capsys.readouterr().err


def test_load_to_folder_on_cluster_then_readability(client, demo_csv, tmp_path, capsys):
    import pandas as pd

    from analysis import load_corpus
    from analysis.parallel import read_dataset

    src = tmp_path / "slice.csv"
    pd.read_csv(demo_csv).iloc[:150].to_csv(src, index=False)
    folder = tmp_path / "corpus"
    address = client.scheduler.address
    args = ["load", str(src), "--out", str(folder), "--rows-per-partition", "40"]
    assert main([*args, "--scheduler", address]) == 0
    out = capsys.readouterr().out
    expected, report = load_corpus(src)
    assert f"wrote {len(expected):,} articles to {folder}/ (partitioned Parquet)" in out
    assert f"records: {len(report):,}" in out
    pd.testing.assert_frame_equal(read_dataset(folder).compute(), expected)

    here, there = tmp_path / "here.parquet", tmp_path / "there.parquet"
    assert main(["readability", str(src), "--out", str(here)]) == 0
    assert main(["readability", str(folder), "--out", str(there), "--scheduler", address]) == 0
    assert here.read_bytes() == there.read_bytes()


def test_terms_file_identical_on_cluster(client, corpus_file, tmp_path):
    here, there = tmp_path / "here.csv", tmp_path / "there.csv"
    args = ["terms", str(corpus_file), "--by", "source", "--n", "15", "--max-ngram", "2"]
    assert main([*args, "--out", str(here)]) == 0
    assert main([*args, "--out", str(there), "--scheduler", client.scheduler.address]) == 0
    assert here.read_text() == there.read_text()


def test_topics_on_cluster_covers_every_article(client, demo_slice, tmp_path, capsys):
    import pandas as pd

    folder = write_dataset(demo_slice, tmp_path / "corpus", rows_per_partition=100)
    out = tmp_path / "doc_topics.parquet"
    args = ["topics", str(folder), "--k", "4", "--min-df", "2", "--sample-size", "150"]
    assert main([*args, "--out", str(out), "--scheduler", client.scheduler.address]) == 0
    printed = capsys.readouterr().out
    assert "fitted on a seeded sample of" in printed and "topic  3:" in printed
    shares = pd.read_parquet(out)
    assert list(shares.index) == list(demo_slice.index)
    assert shares.shape[1] == 4


def test_topics_file_identical_on_cluster(client, corpus_file, demo_slice, tmp_path, capsys):
    """One fit_topics with and without --scheduler: the same file, whole corpus or sample."""
    args = ["topics", str(corpus_file), "--k", "3", "--min-df", "2"]
    here, there = tmp_path / "here.parquet", tmp_path / "there.parquet"
    assert main([*args, "--out", str(here)]) == 0
    assert main([*args, "--out", str(there), "--scheduler", client.scheduler.address]) == 0
    assert here.read_bytes() == there.read_bytes()
    folder = write_dataset(demo_slice, tmp_path / "corpus", rows_per_partition=100)
    sampled = ["topics", str(folder), "--k", "3", "--min-df", "2", "--sample-size", "150"]
    assert main([*sampled, "--out", str(tmp_path / "a.csv")]) == 0
    address = client.scheduler.address
    assert main([*sampled, "--out", str(tmp_path / "b.csv"), "--scheduler", address]) == 0
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()
    assert capsys.readouterr().out.count("fitted on a seeded sample of") == 2
