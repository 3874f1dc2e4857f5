"""Tests for analysis.loading.boilerplate: footer rules as data."""

from __future__ import annotations

import pytest

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
