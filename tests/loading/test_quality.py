"""Records that are not articles are reported, not loaded; invisible controls are removed."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.loading import LoadError, load_corpus
from analysis.loading.quality import not_article_reason

LONG = "The council voted on Tuesday to rebuild the harbour wall after the storm. " * 8


def _csv(tmp_path, texts, titles=None):
    titles = titles or [f"Title {i}" for i in range(len(texts))]
    frame = pd.DataFrame({"title": titles, "text": texts})
    path = tmp_path / "t.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("-1", "no words"),
        ("- -", "no words"),
        ("12.03.2017", "no words"),
        ("Scott Pruitt", "only 2 words"),
        ("You need to enable JavaScript to run this app.", "JavaScript notice"),
        ("Please sign in to continue reading this story.", "login or paywall"),
        ("Checking your browser before accessing the site. Are you a robot?", "bot check"),
    ],
)
def test_non_articles_are_reported_with_their_reason(tmp_path, text, why):
    articles, report = load_corpus(_csv(tmp_path, [text, LONG]))
    assert report["status"].tolist() == ["not_article", "loaded"]
    assert why in report["reason"].iloc[0] and "t.csv:row 1" in report["reason"].iloc[0]
    assert len(articles) == 1 and report.attrs["n_not_article"] == 1
    with pytest.raises(LoadError, match="keep_non_articles=True"):
        load_corpus(_csv(tmp_path, [text, LONG]), strict=True)
    kept, report = load_corpus(_csv(tmp_path, [text, LONG]), keep_non_articles=True)
    assert len(kept) == 2 and set(report["status"]) == {"loaded"}


def test_placeholders_are_not_duplicates_of_each_other(tmp_path):
    _, report = load_corpus(_csv(tmp_path, ["-1", "-1", "-1", LONG]))
    assert report["status"].tolist() == ["not_article"] * 3 + ["loaded"]
    assert report["duplicate_of"].isna().all()


def test_a_real_article_that_mentions_javascript_is_loaded():
    text = LONG + "Readers were told to enable JavaScript to see the interactive map."
    assert not_article_reason(text) is None


def test_min_words_is_an_option(tmp_path):
    path = _csv(tmp_path, ["Short but real headline text", LONG])
    assert load_corpus(path, min_words=10)[1]["status"].tolist() == ["not_article", "loaded"]
    assert load_corpus(path, min_words=0)[1]["status"].tolist() == ["loaded", "loaded"]
    with pytest.raises(ValueError, match="min_words"):
        load_corpus(path, min_words=-1)


def test_bidi_overrides_and_terminal_codes_are_removed_and_counted(tmp_path):
    title = "\x1b[31mBreaking\x1b[0m: pay\u202egnp.exe\u202c"
    text = "[1;31mAlert[0m " + LONG.replace("harbour", "har\u200bbour", 1) + "\u2066end\u2069"
    articles, report = load_corpus(_csv(tmp_path, [text], [title]))
    row = articles.iloc[0]
    assert row["title"] == "Breaking: paygnp.exe"
    assert row["text"].startswith("Alert The council") and "harbour" in row["text"]
    assert not any(ch in row["text"] for ch in "\u202e\u2066\u2069\u200b\x1b")
    assert "[0m" not in row["text"]
    assert report["n_controls_removed"].iloc[0] == 4 + 2 + 1 + 2
    assert row["repairs"] == report.loc[0, list(report.filter(like="n_").columns[:4])].sum()


def test_joiners_needed_by_scripts_are_kept():
    from analysis.loading.clean import strip_controls

    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # ZWNJ inside a word
    assert strip_controls(persian) == (persian, 0)
