"""Loading raw files on a real cluster gives the in-memory articles and report exactly."""

from __future__ import annotations

import shutil
import zipfile

import numpy as np
import pandas as pd
import pytest

from analysis.loading import (
    LoadError,
    load_corpus,
    load_options,
    load_partitioned,
    load_to_dataset,
    plan_partitions,
)
from analysis.loading.sources import expand_sources
from analysis.parallel import part_files as dataset_parts
from analysis.parallel import read_dataset
from analysis.parallel import read_partition as partition_frame
from analysis.parallel import read_partition as read_part

FILES_PER_PARTITION = 3
TAIL = " Follow us on Twitter and Facebook for more news from around the world."


def _seed_variant(lines: list[str], i: int, rng) -> str:
    title, body = lines[0], lines[2:]
    order = rng.permutation(len(body))
    paras = [body[j] for j in order[: max(6, len(body) - 2)]]
    return f"{title} ({i})\n\n{title} ({i})\n\n\n\n" + "\n\n".join(paras) + "\n\nSource link\n"


@pytest.fixture(scope="module")
def raw_dir(tmp_path_factory, demo_csv, sample_article):
    """Three CSV pieces of the demo corpus, seed-style .txt files, a zip, and bad files.

    Built so that, cut into partitions of 3 files, an exact and a near duplicate
    (of a CSV row and of a .txt file) sit in a later partition than their original.
    """
    d = tmp_path_factory.mktemp("raw") / "raw"
    d.mkdir()
    demo = pd.read_csv(demo_csv, nrows=120)
    long_row = int(demo["text"].str.len().fillna(0).iloc[:40].idxmax())
    piece_c = pd.concat(
        [
            demo.iloc[80:120],
            demo.iloc[[5]],  # exact duplicate of a row of a.csv
            demo.iloc[[long_row]].assign(text=demo["text"].iloc[long_row] + TAIL),  # near
        ]
    )
    demo.iloc[:40].to_csv(d / "a.csv", index=False)
    demo.iloc[40:80].to_csv(d / "b.csv", index=False)
    piece_c.to_csv(d / "c.csv", index=False)
    lines = [x for x in sample_article.read_text(encoding="utf-8").splitlines() if x.strip()]
    lines = [x for x in lines if not x.startswith(("Source", "Leave", "Your email"))]
    rng = np.random.default_rng(0)
    texts = [_seed_variant(lines, i, rng) for i in range(8)]
    for i, text in enumerate(texts):
        (d / f"t{i:02d}.txt").write_text(text, encoding="utf-8")
    (d / "t08.txt").write_text(texts[1], encoding="utf-8")  # exact duplicate
    (d / "t09.txt").write_text(texts[2].replace("Source link", TAIL), encoding="utf-8")  # near
    (d / "empty.txt").write_bytes(b"")
    (d / "bad.txt").write_bytes(bytes(range(256)) * 8)
    with zipfile.ZipFile(d / "more.zip", "w") as zf:
        zf.writestr("zipped/z1.txt", _seed_variant(lines, 20, rng))
        zf.writestr("zipped/z2.txt", texts[3])  # t03.txt, later in input order, repeats it
    return d


@pytest.fixture(scope="module")
def expected(raw_dir):
    return load_corpus(raw_dir)


def _assert_same(got, want) -> None:
    pd.testing.assert_frame_equal(got[0], want[0])
    pd.testing.assert_frame_equal(got[1], want[1])
    assert got[1].attrs == want[1].attrs


def _file_of(origin: str) -> str:
    return origin.split(":row ")[0]


@pytest.mark.slow
@pytest.mark.parametrize("files_per_partition", [1, 4, 1000])
def test_partitioning_never_changes_the_result(raw_dir, expected, files_per_partition, tmp_path):
    """Here, without a cluster: the same per-partition code, partitions one by one."""
    got = load_partitioned([raw_dir], files_per_partition=files_per_partition, progress=False)
    _assert_same(got, expected)
    report = load_to_dataset(
        raw_dir,
        out=tmp_path / "c",
        rows_per_partition=40,
        files_per_partition=files_per_partition,
        progress=False,
    )
    pd.testing.assert_frame_equal(report, expected[1])
    parts = [read_part(p) for p in dataset_parts(tmp_path / "c")]
    pd.testing.assert_frame_equal(pd.concat(parts), expected[0])


def test_plan_partitions_by_count_and_bytes(raw_dir):
    items = list(expand_sources(raw_dir))
    by_count = plan_partitions(items, files_per_partition=4)
    assert [x for p in by_count for x in p] == items and {len(p) for p in by_count[:-1]} == {4}
    big = max(i.size for i in items)
    by_bytes = plan_partitions(items, bytes_per_partition=big)
    assert [x for p in by_bytes for x in p] == items
    assert all(sum(i.size for i in p) <= big for p in by_bytes)
    with pytest.raises(ValueError, match="positive integer"):
        plan_partitions(items, files_per_partition=0)


@pytest.mark.cluster
def test_cluster_load_is_identical_and_duplicates_cross_partitions(client, raw_dir, expected):
    parts = plan_partitions(expand_sources(raw_dir), files_per_partition=FILES_PER_PARTITION)
    assert len(parts) >= 5
    partition_of = {item.origin: k for k, items in enumerate(parts) for item in items}
    got = load_partitioned([raw_dir], client=client, files_per_partition=FILES_PER_PARTITION)
    _assert_same(got, expected)
    _assert_same(load_corpus(raw_dir, client=client), expected)  # default partitions
    articles, report = expected
    dups = report[report["status"] == "duplicate"]
    kept_origin = articles["origin"]
    crossing = {
        ("exact" if row.similarity == 1.0 else "near")
        for row in dups.itertuples()
        if partition_of[_file_of(row.origin)]
        != partition_of[_file_of(kept_origin[row.duplicate_of])]
    }
    assert crossing == {"exact", "near"}
    assert {"raw/t08.txt", "raw/t09.txt", "raw/c.csv:row 41", "raw/c.csv:row 42"} <= set(
        dups["origin"]
    )
    status = dict(zip(report["origin"], report["status"], strict=True))
    assert status["raw/empty.txt"] == "empty" and status["raw/bad.txt"] == "rejected"
    assert status["raw/more.zip!zipped/z2.txt"] == "loaded"
    t03 = report.set_index("origin").loc["raw/t03.txt"]
    assert t03["status"] == "duplicate" and articles.loc[t03["duplicate_of"], "origin"] == (
        "raw/more.zip!zipped/z2.txt"
    )


@pytest.mark.cluster
def test_report_accounts_for_every_record_once(client, raw_dir, expected):
    _, report = load_partitioned([raw_dir], client=client, files_per_partition=2)
    n_rows = {name: len(pd.read_csv(raw_dir / name)) for name in ("a.csv", "b.csv", "c.csv")}
    want = []
    for name in ["a.csv", "b.csv", "bad.txt", "c.csv", "empty.txt"]:
        if name in n_rows:
            want += [f"raw/{name}:row {i}" for i in range(1, n_rows[name] + 1)]
        else:
            want.append(f"raw/{name}")
    want += ["raw/more.zip!zipped/z1.txt", "raw/more.zip!zipped/z2.txt"]
    want += [f"raw/t{i:02d}.txt" for i in range(10)]
    assert report["origin"].tolist() == want
    counts = report["status"].value_counts()
    assert counts.sum() == len(want) == report.attrs["n_records"]
    assert report.attrs["n_loaded"] == counts["loaded"] == len(expected[0])
    assert (report["doc_id"].notna() == report["status"].isin(["loaded", "duplicate"])).all()


@pytest.mark.cluster
def test_load_to_dataset_on_the_cluster(client, raw_dir, expected, tmp_path):
    out = tmp_path / "corpus"
    report = load_to_dataset(
        raw_dir, out=out, client=client, rows_per_partition=25, files_per_partition=2
    )
    articles, want_report = expected
    pd.testing.assert_frame_equal(report, want_report)
    parts = dataset_parts(out)
    assert len(parts) == -(-len(articles) // 25)
    assert [len(read_part(p)) for p in parts[:-1]] == [25] * (len(parts) - 1)
    pd.testing.assert_frame_equal(pd.concat([read_part(p) for p in parts]), articles)
    pd.testing.assert_frame_equal(partition_frame(read_dataset(out).compute()), articles)
    saved = pd.read_parquet(tmp_path / "corpus.load_report.parquet")
    pd.testing.assert_frame_equal(saved, want_report, check_like=False)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [".news-analysis.json", "corpus", "corpus.load_report.parquet"]


@pytest.mark.cluster
def test_strict_raises_the_first_problem_in_input_order(client, raw_dir, expected, tmp_path):
    report = expected[1]
    first = report.loc[report["status"].isin(["empty", "rejected"]), "reason"].iloc[0]
    with pytest.raises(LoadError) as in_memory:
        load_corpus(raw_dir, strict=True)
    with pytest.raises(LoadError) as on_cluster:
        load_partitioned([raw_dir], load_options(strict=True), client=client, files_per_partition=2)
    assert str(on_cluster.value) == str(in_memory.value) == first
    # Problems in two later partitions: the earlier one is raised, not the first to finish.
    files = [raw_dir / n for n in ("t00.txt", "t01.txt", "empty.txt", "bad.txt")]
    with pytest.raises(LoadError, match="empty.txt: the file is empty"):
        load_partitioned(files, load_options(strict=True), client=client, files_per_partition=1)
    with pytest.raises(LoadError) as to_dataset:
        load_to_dataset(raw_dir, out=tmp_path / "c", client=client, strict=True)
    assert str(to_dataset.value) == first
    assert list(tmp_path.iterdir()) == []  # nothing written, no staging left


@pytest.mark.cluster
def test_killed_worker_still_gives_the_full_identical_result(
    dask_cluster, client, demo_csv, tmp_path
):
    """A worker SIGKILLed mid-load: its partitions are re-run elsewhere; nothing is lost.

    (If the cluster could not re-run them, the executor would raise PartitionError
    rather than return a partial result; with a second worker alive it must finish.)
    """
    demo = pd.read_csv(demo_csv, nrows=1500)
    folder = tmp_path / "pieces"
    folder.mkdir()
    for k in range(0, len(demo), 25):
        demo.iloc[k : k + 25].to_csv(folder / f"piece-{k:05d}.csv", index=False)
    want = load_corpus(folder)
    with dask_cluster.killing_a_worker(client):
        got = load_partitioned([folder], client=client, files_per_partition=1)
    _assert_same(got, want)
    shutil.rmtree(folder)
