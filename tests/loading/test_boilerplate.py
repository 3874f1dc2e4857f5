"""Tests for analysis.loading.boilerplate: footer rules as data."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.loading.boilerplate import (
    DEFAULT_RULES,
    BoilerplateRule,
    compile_rules,
    remove_boilerplate,
)

BODY = [f"Body paragraph {i} with the story." for i in range(6)]


@pytest.mark.parametrize(
    "footer",
    [
        [
            "Source link",
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
        ],
        ["Share this article", "Facebook Twitter WhatsApp Email"],
        ["Subscribe to our newsletter for daily updates."],
        ["© 2024 Example Media. All rights reserved."],
        ["Advertisement", "Related articles:"],
        ["Comments (12)", "Great article!", "I disagree with this."],
    ],
)
def test_default_footers_are_removed(footer):
    kept, n = remove_boilerplate(BODY + footer)
    assert kept == BODY
    assert n == len(footer)


def test_sentences_that_mention_sharing_or_comments_stay():
    body = [
        "Shares in the company fell after it declined to comment.",
        "Leave a reply, the minister told reporters, and we will answer.",
        "Source link checks are part of the fact-checking process.",
    ]
    assert remove_boilerplate(body) == (body, 0)


def test_cut_rule_only_fires_in_the_second_half():
    paras = ["Leave a Reply", *BODY]
    assert remove_boilerplate(paras) == (paras, 0)


def test_anywhere_rule_removes_inline_ads():
    kept, n = remove_boilerplate([BODY[0], "ADVERTISEMENT", BODY[1]])
    assert kept == BODY[:2] and n == 1


def test_rules_are_data_and_extendable():
    assert all(isinstance(r, BoilerplateRule) for r in DEFAULT_RULES)
    assert len({r.name for r in DEFAULT_RULES}) == len(DEFAULT_RULES)
    rules = compile_rules([BoilerplateRule("mysite", r"More at mysite\.example"), r"The End\.?"])
    kept, n = remove_boilerplate(BODY + ["More at mysite.example", "The End."], rules)
    assert kept == BODY and n == 2
    assert remove_boilerplate(BODY + ["More at mysite.example"])[1] == 0  # not a default


def test_bad_rules_are_refused_with_advice():
    with pytest.raises(ValueError, match="not a valid regular expression"):
        BoilerplateRule("bad", "(unclosed")
    with pytest.raises(ValueError, match="where='middle'"):
        BoilerplateRule("bad", "x", where="middle")
    with pytest.raises(TypeError, match="BoilerplateRule objects or regular-expression"):
        compile_rules([42])


# ------------------------------------------------ the `needs` shortcut changes nothing
_FRAGMENTS = [
    "He left.", "Police said.", "Send Facebook Twitter Google+", "Permalink", "PERMALİNK",
    "permalınk", "http://dw.com/p/2Wx5C", "Media playback is unsupported on your device",
    "DEVİCE", "This content will not work on your device, please check Javascript and "
    "cookies are enabled or update your browser", "Share this slide:", "ſhare this ſlide:",
    "Sign up for our newsletter.", "Learn more", "learn more.", "LEARN MORE", "Kelvin K",
    "\u0307", "”", "2017", "-",
]  # fmt: skip


def _regex_only(rule: BoilerplateRule, paragraph: str) -> tuple[tuple[str, int], bool]:
    text, n = rule._regex.subn(" ", paragraph)
    cut = (" ".join(text.split()) if n else paragraph), n
    return cut, rule._regex.fullmatch(paragraph.strip()) is not None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=12), st.sampled_from(" \n"))
def test_rules_with_needs_give_what_their_pattern_alone_gives(pieces, sep):
    paragraph = sep.join(pieces)
    for rule in (r for r in DEFAULT_RULES if r.needs):
        assert (rule.cut_out(paragraph), rule.matches(paragraph)) == _regex_only(rule, paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "He left. Send Facebook Twitter Google+ PERMALİNK http://dw.com/p/2Wx5C Police said.",
        "He left. Facebook Twitter Google+ permalınk http://dw.com/p/2Wx5C Police said.",
        "Media playback is unsupported on your DEVİCE",
        "ſhare this ſlide:",
        "SHARE THİS SLİDE:",
        "Share this slide:",
    ],
)
def test_needs_shortcut_keeps_what_ignorecase_matches(paragraph):
    """re.IGNORECASE equates İ, ı and i (and ſ and s): the shortcut must let them through."""
    rule = next(r for r in DEFAULT_RULES if r.needs and r._regex.search(paragraph))
    assert rule.cut_out(paragraph)[1] == 1
    assert (rule.cut_out(paragraph), rule.matches(paragraph)) == _regex_only(rule, paragraph)


@pytest.mark.demo
def test_rules_with_needs_give_what_their_pattern_alone_gives_on_the_demo_corpus(demo_csv):
    texts = pd.read_csv(demo_csv)["text"].fillna("")
    for rule in (r for r in DEFAULT_RULES if r.needs):
        for text in texts:
            assert (rule.cut_out(text), rule.matches(text)) == _regex_only(rule, text), rule.name
