"""Data artefacts of the demo corpus, named and cleaned (issue #13).

DW's share bar, HuffPost's newsletter pitch and BBC's device notice were glued into
the body text and survived paragraph-level boilerplate rules; U+FFFD replacement
characters were not counted; a ``.txt`` file had no outlet or date.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

import analysis
from analysis.loading.boilerplate import remove_boilerplate
from analysis.loading.clean import clean_article

BODY = "The suspect was injured when a guard fired at him, the ministry said."
DW_BAR = (
    "Send Facebook Twitter Google+ Whatsapp Tumblr linkedin stumble Digg reddit Newsvine "
    "Permalink http://dw.com/p/2Wx5C"
)
HUFFPOST_TAIL = (
    "Do you have information you want to share with the Huffington Post? Here's how. "
    "Share this slide: How will Donald Trump's first 100 days impact YOU? Subscribe, choose "
    "the community that you most identify with or want to learn more about and we'll send "
    "you the news that matters most once a week throughout Trump's first 100 days in "
    "office. Learn more"
)
BBC_NOTICE = (
    "Media playback is not supported on this device This content will not work on your "
    "device, please check Javascript and cookies are enabled or update your browser"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{BODY} {DW_BAR} The man entered France.", f"{BODY} The man entered France."),
        (f"{BODY} {DW_BAR} jbh/rt (AFP/Reuters)", f"{BODY} jbh/rt (AFP/Reuters)"),
        (f"{BODY} {HUFFPOST_TAIL}", BODY),
        (
            f"{BODY} HuffPost Entertainment is your one-stop shop for celebrity news — sent "
            "right to your inbox six days a week. Learn more",
            BODY,
        ),
        (f"{BODY} {BBC_NOTICE} Phil McNulty said it.", f"{BODY} Phil McNulty said it."),
        (f"{BODY} Share this slide: A second caption.", f"{BODY} A second caption."),
        (
            f"{BODY} (Reporting by Gabriela Baczynska) Learn more",
            f"{BODY} (Reporting by Gabriela Baczynska)",
        ),
        (f"{BODY} #standforrights2017 Learn more", f"{BODY} #standforrights2017"),
    ],
)
def test_inline_site_furniture_is_cut_out(text, expected):
    kept, n = remove_boilerplate([text])
    assert kept == [expected]
    assert n >= 1


@pytest.mark.parametrize(
    "text",
    [
        "She sent an email to the minister. He will learn more next week.",
        "Readers can subscribe to the paper. Learn more about the plan on Friday.",
        "Twitter and Facebook were blocked, the permalink said.",
        "Students said they want to learn more",
    ],
)
def test_prose_about_email_sharing_or_learning_stays(text):
    assert remove_boilerplate([text]) == ([text], 0)


def test_a_paragraph_that_is_only_furniture_goes_and_counts_once():
    kept, n = remove_boilerplate([BODY, DW_BAR])
    assert kept == [BODY] and n == 1


def test_replacement_characters_are_counted_not_hidden():
    art = clean_article("Caf\ufffd", f"{BODY} It cost 20\ufffd and \ufffd more.")
    assert art.counts["replacement"] == 3
    assert art.repairs == 0  # lost bytes are not a repair
    assert "\ufffd" in art.text


def test_load_report_counts_replacement_characters_and_furniture(tmp_path):
    rows = pd.DataFrame(
        {
            "title": ["One", "Two"],
            "text": [f"{BODY} It cost 20\ufffd. {DW_BAR} More.", f"{BODY} {HUFFPOST_TAIL}"],
        }
    )
    rows.to_csv(tmp_path / "news.csv", index=False)
    articles, report = analysis.load_corpus(tmp_path / "news.csv")
    assert report["n_replacement_chars"].tolist() == [1, 0]
    assert report["n_boilerplate"].tolist() == [1, 2]  # the pitch holds "Share this slide:"
    assert not articles["text"].str.contains("Permalink|Learn more").any()


def _seed(folder, meta=None, name="story"):
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_text(
        f"Title of {name}\n\nKYIV: {name.title()} {BODY}\n" + f"{name} was here. " * 30,
        encoding="utf-8",
    )
    if meta is not None:
        text = meta if isinstance(meta, str) else json.dumps(meta)
        (folder / f"{name}.meta.json").write_text(text, encoding="utf-8")
    return folder


def test_sidecar_gives_a_text_file_its_outlet_and_date(tmp_path):
    folder = _seed(tmp_path / "raw", {"outlet": "apnews.com", "date": "2023-04-20"})
    _seed(folder, name="bare")
    articles, report = analysis.load_corpus(folder)
    assert report["status"].tolist() == ["loaded", "loaded"]  # the sidecar is no record
    by_origin = articles.set_index("origin")
    assert by_origin.loc["raw/story.txt", "source"] == "apnews.com"
    assert by_origin.loc["raw/story.txt", "published"] == pd.Timestamp("2023-04-20", tz="UTC")
    assert by_origin.loc["raw/bare.txt", "source"] == "raw"
    assert pd.isna(by_origin.loc["raw/bare.txt", "published"])


@pytest.mark.parametrize(
    ("meta", "says"),
    [("{not json", "cannot be read"), ({"outlet": 3}, "'outlet' is a int"), ({"x": "y"}, "'x'")],
)
def test_a_broken_sidecar_rejects_its_article_and_names_the_file(tmp_path, meta, says):
    folder = _seed(tmp_path / "raw", meta)
    articles, report = analysis.load_corpus(folder)
    assert articles.empty
    assert report["status"].tolist() == ["rejected"]
    reason = report["reason"].iloc[0]
    assert "story.meta.json" in reason and says in reason


def test_bundled_sample_is_an_ap_story_of_2023_04_20():
    articles, _ = analysis.load_corpus(analysis.config.SAMPLE_ARTICLE)
    assert articles["source"].tolist() == ["apnews.com"]
    assert articles["published"].iloc[0] == pd.Timestamp("2023-04-20", tz="UTC")


@pytest.mark.parametrize(
    "text", ["-1", "- -", "12.03.2017", "March 3, 2017", "Friday, March 3, 2017 10:45 GMT"]
)
def test_placeholders_and_bare_dates_are_not_articles(tmp_path, text):
    pd.DataFrame({"title": ["T"], "text": [text]}).to_csv(tmp_path / "n.csv", index=False)
    articles, report = analysis.load_corpus(tmp_path / "n.csv")
    assert articles.empty
    assert report["status"].tolist() == ["not_article"]
    assert "n.csv:row 1" in report["reason"].iloc[0]


def test_a_sentence_with_a_date_is_an_article(tmp_path):
    text = "The minister met on March 3, 2017."
    pd.DataFrame({"title": ["T"], "text": [text]}).to_csv(tmp_path / "n.csv", index=False)
    articles, _ = analysis.load_corpus(tmp_path / "n.csv")
    assert articles["text"].tolist() == [text]
