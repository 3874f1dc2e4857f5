"""CLI polish: named index columns, topics --terms-out, the pruning conflict in our words."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import analysis.loading
from analysis.cli import main

TOPICS = [
    "Oil prices rose sharply as exporters agreed to cut output again this winter.",
    "The striker scored twice and the team won the cup final on Saturday evening.",
    "Crude oil markets fell after traders weighed the exporters' output figures.",
    "Fans cheered as the keeper saved a late penalty to win the league match.",
    "Energy ministers met to discuss oil output quotas and market prices today.",
    "The coach praised his team after a hard match against the league leaders.",
    "Gas and oil exporters warned that prices could climb further next month.",
    "A young striker signed for the club before the new league season started.",
]


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "in" / "articles.csv"
    path.parent.mkdir()
    pd.DataFrame({"title": [f"Story {i}" for i in range(8)], "text": TOPICS}).to_csv(
        path, index=False
    )
    return path


def _err(capsys) -> str:
    err = capsys.readouterr().err.replace("\r", "\n")
    return err[err.find("news-analysis:") :]


def test_every_csv_column_has_a_name(corpus, tmp_path):
    out = tmp_path / "out"
    assert main(["terms", str(corpus), "--out", str(out / "terms.csv")]) == 0
    assert main(["load", str(corpus), "--out", str(out / "a.csv"),
                 "--report", str(out / "report.csv")]) == 0  # fmt: skip
    assert main(["readability", str(corpus), "--out", str(out / "r.tsv")]) == 0
    headers = {
        p.name: p.read_text().splitlines()[0].split("\t" if p.suffix == ".tsv" else ",")
        for p in out.iterdir()
        if p.suffix in (".csv", ".tsv")
    }
    assert headers["terms.csv"][0] == "term"  # a bare row number is not written
    assert headers["report.csv"][0] == "origin"
    assert headers["r.tsv"][0] == "doc_id" and headers["a.csv"][0] == "doc_id"
    assert all(name for header in headers.values() for name in header), headers


def test_topics_terms_out_is_written_like_out(corpus, tmp_path, capsys):
    out, terms = tmp_path / "shares.csv", tmp_path / "topic_terms.csv"
    argv = ["topics", str(corpus), "--k", "2", "--min-df", "2", "--max-df", "1.0",
            "--out", str(out), "--terms-out", str(terms), "--n", "4"]  # fmt: skip
    assert main(argv) == 0
    shares = pd.read_csv(out)
    assert list(shares.columns[:1]) == ["doc_id"] and len(shares) == 8
    table = pd.read_csv(terms)
    assert list(table.columns[:3]) == ["topic", "rank", "term"]
    assert table.groupby("topic").size().tolist() == [4, 4]
    manifest = json.loads((tmp_path / ".news-analysis.json").read_text())
    assert {"shares.csv", "topic_terms.csv"} <= set(manifest["files"])
    assert main(argv) == 0  # its own files: replaced run after run
    terms.write_text("my notes")  # a user's file now: refused before any loading
    assert main(argv) == 1
    assert "Refusing to overwrite" in _err(capsys) and terms.read_text() == "my notes"
    assert main([*argv, "--force"]) == 0  # moved aside, never deleted
    (backup,) = tmp_path.glob("topic_terms.csv.backup-*")
    assert backup.read_text() == "my notes"


def test_topics_method_defaults_to_auto_like_fit_topics_and_says_which(corpus, capsys):
    argv = ["topics", str(corpus), "--k", "2", "--min-df", "2", "--max-df", "1.0"]
    assert main(argv) == 0  # eight articles: under AUTO_RULE's 1,000, so NMF
    assert "method: nmf (chosen by --method auto" in capsys.readouterr().out
    assert main([*argv, "--method", "lda"]) == 0
    assert "method: lda\n" in capsys.readouterr().out


def test_terms_out_onto_a_users_file_fails_before_loading(corpus, tmp_path, monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(analysis.loading, "load_corpus", lambda *a, **k: calls.append(1))
    mine = tmp_path / "mine.csv"
    mine.write_text("mine")
    assert main(["topics", str(corpus), "--terms-out", str(mine)]) == 1
    assert "Refusing to overwrite" in _err(capsys) and calls == [] and mine.read_text() == "mine"
    with pytest.raises(SystemExit):  # the parser refuses a name of no output format
        main(["topics", str(corpus), "--terms-out", "t.xlsx"])
    twice = str(tmp_path / "new.csv")
    assert main(["topics", str(corpus), "--out", twice, "--terms-out", twice]) == 1
    assert "written twice" in _err(capsys) and calls == []


def test_min_df_above_what_max_df_allows_says_which_option_to_change(corpus, capsys):
    assert main(["topics", str(corpus), "--k", "2"]) == 1  # --min-df 5, --max-df 0.5
    err = _err(capsys)
    assert "corresponds to" not in err  # scikit-learn's words no longer leak
    assert "--min-df 5 --max-df 0.5 keep no term for a corpus of 8 articles" in err
    assert "Use --min-df 4 or lower, or --max-df 1.0" in err
    assert len(err.strip().splitlines()) == 1
