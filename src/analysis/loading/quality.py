"""Recognise scraped "articles" that are not articles.

A scraper saves whatever a page gives it: a login wall, a "please enable
JavaScript" notice, a placeholder such as ``-1`` or ``- -``, a bare date or name,
a page that is nothing but share buttons. Loaded as articles they become topics of
their own, duplicates of each other and outliers in every table. The loader flags
them instead (status ``not_article`` in the load report, with the reason), and
``keep_non_articles=True`` keeps them.

The rules, in order (the first that applies gives the reason):

``no_words``
    the text has no letters at all (``-1``, ``- -``, ``12.03.2017``);
``too_short``
    fewer than ``min_words`` words (default 3) and fewer than ``5 * min_words``
    letters: a caption, a name, a date (the letter count keeps short texts in
    scripts written without spaces, such as Chinese, whose "words" are long runs);
``date_only``
    a short text that is only a date or a time, perhaps with a label
    (``Friday, March 3, 2017 10:45 GMT``, ``Updated: 3 March 2017``), parsed whole by
    ``dateutil``;
``wall``
    a short text (under 80 words) that is a login, paywall, cookie or JavaScript
    notice (:data:`WALL_PATTERNS`).

Examples
--------
>>> not_article_reason("-1")
'the text has no words (only "-1")'
>>> not_article_reason("Scott Pruitt")
'the text has only 2 words (fewer than 3)'
>>> not_article_reason("Friday, March 3, 2017 10:45 GMT")
'the text is only a date ("Friday, March 3, 2017 10:45 GMT")'
>>> not_article_reason("You need to enable JavaScript to run this app.")
'the text is a JavaScript notice, not an article'
>>> not_article_reason("The minister said the plan would cut costs by a third.") is None
True
>>> not_article_reason("谈判代表周一再次会面，讨论粮食出口问题。") is None
True
"""

from __future__ import annotations

import re

__all__ = ["WALL_PATTERNS", "not_article_reason"]

#: What a page shows instead of an article, by kind (matched case-insensitively).
WALL_PATTERNS: dict[str, re.Pattern[str]] = {
    "JavaScript notice": re.compile(
        r"(?:enable|turn on|activate) (?:javascript|js)|javascript (?:is )?(?:disabled|required)"
        r"|(?:requires|need) javascript|your browser does not support",
        re.IGNORECASE,
    ),
    "login or paywall": re.compile(
        r"(?:sign|log) ?in to (?:continue|read|view)|subscribe to (?:continue|read)"
        r"|(?:for|to) subscribers only|already a subscriber|create a free account to"
        r"|this (?:article|content) is (?:for|available to) (?:subscribers|members)",
        re.IGNORECASE,
    ),
    "bot check or error page": re.compile(
        r"are you a robot|checking your browser|access denied|verify you are (?:a )?human"
        r"|page (?:not found|cannot be found)|404 not found|enable cookies",
        re.IGNORECASE,
    ),
}
_WALL_MAX_WORDS = 80
_DATE_MAX_WORDS = 12
_LETTER = re.compile(r"[^\W\d_]")
_DATE_LABEL = re.compile(r"^(?:updated|published|posted|last updated|date)\s*:?\s*", re.I)


def _is_date(text: str) -> bool:
    """True if the whole text parses as one date or time (``dateutil``, not fuzzy)."""
    from dateutil import parser

    core = _DATE_LABEL.sub("", text.strip()).strip(" .|-–—")
    if not any(ch.isdigit() for ch in core):
        return False  # "May", "Friday": words, not dates
    try:
        parser.parse(core, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return False
    return True


def not_article_reason(text: str, *, n_words: int | None = None, min_words: int = 3) -> str | None:
    """Why ``text`` is not an article, or None if it looks like one.

    Parameters
    ----------
    text : str
        The cleaned article text.
    n_words : int, optional
        Its word count, when already known (see :func:`~.clean.count_words`).
    min_words : int, default 3
        Fewer words than this is not an article; 0 turns the length rule off.

    Returns
    -------
    str or None
        A phrase for the load report, e.g. ``'the text has only 2 words (fewer than 3)'``.
    """
    if not _LETTER.search(text):
        shown = text if len(text) <= 40 else text[:37] + "..."
        return f'the text has no words (only "{shown}")'
    if n_words is None:
        from .clean import count_words

        n_words = count_words(text)
    if n_words < min_words and len(_LETTER.findall(text)) < 5 * min_words:
        return f"the text has only {n_words} word{'s' * (n_words != 1)} (fewer than {min_words})"
    if n_words <= _DATE_MAX_WORDS and _is_date(text):
        shown = text if len(text) <= 60 else text[:57] + "..."
        return f'the text is only a date ("{shown}")'
    if n_words < _WALL_MAX_WORDS:
        for kind, pattern in WALL_PATTERNS.items():
            if pattern.search(text):
                return f"the text is a {kind}, not an article"
    return None
