"""Site boilerplate (footers, share bars, comment prompts) described as data.

Every rule is a :class:`BoilerplateRule`: a name, a regular expression that must
match a *whole paragraph* (case-insensitive, surrounding whitespace ignored) and where
it applies:

``"tail"``
    the paragraph is removed when it sits at the end of the text; rules are applied
    repeatedly, so a stack of footer lines goes line by line.
``"cut"``
    the paragraph *and everything after it* is removed, if it sits in the second half
    of the text (``Leave a Reply`` opens a comment section).
``"anywhere"``
    the paragraph is removed wherever it sits (``Advertisement``).
``"inline"``
    the pattern is *searched* inside every paragraph and each match is cut out: for
    site furniture that scraping glued into the body (DW's share bar with its
    ``Permalink http://dw.com/p/...``, HuffPost's newsletter pitch ending in
    ``Learn more``, BBC's "This content will not work on your device" notice). An
    inline pattern must be specific enough never to match prose.

Matching whole paragraphs keeps the rules from eating sentences in the body. To add
site-specific rules, pass them to :func:`analysis.loading.load_corpus` with
``extra_boilerplate=[BoilerplateRule("my_site", r"Read more at my-site\\.com")]`` or
extend :data:`DEFAULT_RULES` in your own tuple.

Examples
--------
>>> paras = ["Body one.", "Body two.", "Source link", "Leave a Reply",
...          "Your email address will not be published. Required fields are marked *"]
>>> remove_boilerplate(paras)
(['Body one.', 'Body two.'], 3)
>>> remove_boilerplate(["He left. Send Facebook Twitter Google+ Permalink http://dw.com/p/2Wx5C "
...                     "Police said."])
(['He left. Police said.'], 1)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["DEFAULT_RULES", "BoilerplateRule", "compile_rules", "remove_boilerplate"]

Where = Literal["tail", "cut", "anywhere", "inline"]


@dataclass(frozen=True)
class BoilerplateRule:
    """One boilerplate pattern.

    Parameters
    ----------
    name : str
        Short identifier, e.g. ``"source_link"``.
    pattern : str
        Regular expression matched against a whole paragraph, case-insensitively.
    where : {"tail", "cut", "anywhere", "inline"}
        Where the rule applies (see the module docstring).
    description : str
        What the rule is for (shown in documentation).
    needs : str, optional
        A piece of text every match contains (compared case-insensitively). A paragraph
        without it is skipped before the regular expression runs: the inline rules are
        searched in every paragraph, and most paragraphs hold none of them.
    """

    name: str
    pattern: str
    where: Where = "tail"
    description: str = ""
    needs: str = ""
    _regex: re.Pattern = field(init=False, repr=False, compare=False)
    _needs: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.where not in ("tail", "cut", "anywhere", "inline"):
            raise ValueError(
                f"BoilerplateRule {self.name!r}: where={self.where!r} is not one of "
                "'tail', 'cut', 'anywhere', 'inline'."
            )
        try:
            regex = re.compile(rf"(?:{self.pattern})", re.IGNORECASE)
        except re.error as err:
            raise ValueError(
                f"BoilerplateRule {self.name!r}: the pattern is not a valid regular "
                f"expression ({err}); escape special characters with re.escape()."
            ) from err
        object.__setattr__(self, "_regex", regex)
        object.__setattr__(self, "_needs", self.needs.casefold())

    def _absent(self, paragraph: str) -> bool:
        """True when ``paragraph`` lacks :attr:`needs`, so the rule cannot match it.

        The check may let a paragraph through, never skip one the pattern matches:
        ``re.IGNORECASE`` also equates ``İ``, ``ı`` (with ``i``), ``ſ`` and the Kelvin
        sign with ASCII letters, which the folding here maps onto them too.
        """
        if not self._needs:
            return False
        folded = paragraph.casefold()
        if not folded.isascii():
            folded = folded.replace("\u0307", "").replace("ı", "i")
        return self._needs not in folded

    def matches(self, paragraph: str) -> bool:
        """True if the rule matches the whole (stripped) paragraph."""
        if self._absent(paragraph):
            return False
        return self._regex.fullmatch(paragraph.strip()) is not None

    def cut_out(self, paragraph: str) -> tuple[str, int]:
        """Remove every match inside ``paragraph``; return it and the number removed."""
        if self._absent(paragraph):
            return paragraph, 0
        text, n = self._regex.subn(" ", paragraph)
        return (" ".join(text.split()) if n else paragraph), n


_SHARE = r"(?:share|tweet|email|e-mail|print|facebook|twitter|x|whatsapp|linkedin|pinterest|reddit|telegram|messenger|copy link)"

# HuffPost's newsletter pitch: sentences about inboxes, newsletters, subscribing, "how will
# Trump's first 100 days impact you?", ending the text with "Learn more".
_CTA_SENTENCE = (
    r"(?:Do you have information you want to share with (?:the Huffington Post|HuffPost)\? "
    r"Here[’']s how\.|Share this slide:|Never miss a thing\.|"
    r"[^.!?]{0,250}?(?:inbox|newsletter|e-?mail|[Ss]ubscribe|impact (?:you|YOU)\?)"
    r"[^.!?]{0,250}?[.!?])"
)

DEFAULT_RULES: tuple[BoilerplateRule, ...] = (
    BoilerplateRule(
        "source_link",
        r"(?:source|original|read the original)(?: link| article)?:?",
        description="Link back to the original article on aggregator sites.",
    ),
    BoilerplateRule(
        "leave_a_reply",
        r"leave a (?:reply|comment)(?: cancel reply)?|post a comment|add a comment|"
        r"comments?(?: \(\d+\))?|\d+ comments?|join the (?:conversation|discussion)|"
        r"comments are closed\.?|show comments",
        where="cut",
        description="Opens the comment section: it and everything after it is removed.",
    ),
    BoilerplateRule(
        "email_not_published",
        r"your email address will not be published\.?(?: required fields are marked \*)?",
        description="Comment-form notice (WordPress).",
    ),
    BoilerplateRule(
        "required_fields",
        r"required fields are marked \*",
        description="Comment-form notice (WordPress).",
    ),
    BoilerplateRule(
        "share_bar",
        rf"(?:{_SHARE}(?: this| on| via)?(?: (?:article|story|post|page))?:?[\s|,/•·]*)+",
        description="Share buttons rendered as text.",
    ),
    BoilerplateRule(
        "subscribe",
        r"(?:subscribe|sign up|register)(?: now| today| here)?(?: (?:to|for) .{0,80})?[.!]?|"
        r"get (?:our|the) .{0,40}newsletter.{0,40}",
        description="Newsletter and subscription prompts.",
    ),
    BoilerplateRule(
        "follow_us",
        r"follow us on .{0,80}|like us on facebook.{0,40}",
        description="Social-media prompts.",
    ),
    BoilerplateRule(
        "copyright",
        r"(?:©|\(c\)|copyright ©?)\s*\d{4}.{0,120}|©.{0,120}|.{0,80}all rights reserved\.?",
        description="Copyright lines.",
    ),
    BoilerplateRule(
        "related",
        r"(?:related|read more|more on this story|recommended|you may also like|"
        r"also read|see also)(?: (?:articles|stories|content|coverage))?:?",
        description="Headers of related-article lists.",
    ),
    BoilerplateRule(
        "advertisement",
        r"advertisement|advertising|sponsored(?: content)?|ad feedback|skip advertisement",
        where="anywhere",
        description="Ad placeholders.",
    ),
    BoilerplateRule(
        "dw_share_bar",
        r"(?:Send\s+)?Facebook\s+Twitter\s+Google\+(?:\s+[\w.+-]+){0,10}?\s+Permalink\s+"
        r"https?://(?:www\.)?dw\.com/p/[\w-]+",
        where="inline",
        description="DW's share-button bar and permalink, glued into the body text.",
        needs="permalink",
    ),
    BoilerplateRule(
        "bbc_device_notice",
        r"(?:Media playback is (?:not supported|unsupported) on (?:this|your) device\s*)?"
        r"This content will not work on your device, please check Javascript and cookies "
        r"are enabled or update your browser|"
        r"Media playback is (?:not supported|unsupported) on (?:this|your) device",
        where="inline",
        description="BBC's notice where a video or embedded post was on the page.",
        needs="device",
    ),
    BoilerplateRule(
        "share_this_slide",
        r"Share this slide:",
        where="inline",
        description="HuffPost's slideshow share prompt, left between captions.",
        needs="share this slide:",
    ),
    BoilerplateRule(
        "huffpost_newsletter",
        rf"(?:(?<=[.!?\"”’:])\s+|^)(?:{_CTA_SENTENCE}\s*)*(?-i:Learn more)\.?\s*$|"
        r"(?-i:(?<=[^A-Za-z\s])-?\s+Learn more\.?\s*$)",
        where="inline",
        description="HuffPost's newsletter pitch ending in 'Learn more' (or that button alone, "
        "after a full stop, bracket or number) at the end of a text.",
        needs="learn more",
    ),
)


def compile_rules(
    extra: Iterable[BoilerplateRule | str] = (),
    *,
    defaults: Sequence[BoilerplateRule] = DEFAULT_RULES,
) -> tuple[BoilerplateRule, ...]:
    """Return ``defaults`` plus ``extra`` rules; plain strings become ``tail`` rules.

    Examples
    --------
    >>> rules = compile_rules([r"Read more at example\\.com"])
    >>> rules[-1].name, rules[-1].where
    ('extra_1', 'tail')
    """
    out = list(defaults)
    for i, rule in enumerate(extra, start=1):
        if isinstance(rule, str):
            rule = BoilerplateRule(f"extra_{i}", rule)
        elif not isinstance(rule, BoilerplateRule):
            raise TypeError(
                "extra_boilerplate must hold BoilerplateRule objects or regular-expression "
                f"strings, got {type(rule).__name__}."
            )
        out.append(rule)
    return tuple(out)


def remove_boilerplate(
    paragraphs: Sequence[str], rules: Sequence[BoilerplateRule] = DEFAULT_RULES
) -> tuple[list[str], int]:
    """Drop boilerplate paragraphs; return the kept ones and how many were dropped.

    Parameters
    ----------
    paragraphs : sequence of str
        The text split into paragraphs.
    rules : sequence of BoilerplateRule
        Defaults to :data:`DEFAULT_RULES`.

    Returns
    -------
    kept : list of str
    n_removed : int
    """
    paras = list(paragraphs)
    n = len(paras)
    anywhere = [r for r in rules if r.where == "anywhere"]
    cut = [r for r in rules if r.where == "cut"]
    tail = [r for r in rules if r.where in ("tail", "cut")]
    inline = [r for r in rules if r.where == "inline"]
    n_inline = 0
    if inline:
        paras, n_inline = _cut_inline(paras, inline)
        n += n_inline - len(paragraphs) + len(paras)  # emptied paragraphs count once
    if anywhere:
        paras = [p for p in paras if not any(r.matches(p) for r in anywhere)]
    if cut:
        half = len(paras) // 2
        for i in range(max(half, 1), len(paras)):
            if any(r.matches(paras[i]) for r in cut):
                paras = paras[:i]
                break
    while paras and any(r.matches(paras[-1]) for r in tail):
        paras.pop()
    return paras, n - len(paras)


def _cut_inline(paras: list[str], rules: Sequence[BoilerplateRule]) -> tuple[list[str], int]:
    """Cut inline matches out of each paragraph; drop paragraphs left empty."""
    out, n = [], 0
    for p in paras:
        for rule in rules:
            p, k = rule.cut_out(p)
            n += k
        if p.strip():
            out.append(p)
    return out, n
