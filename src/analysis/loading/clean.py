"""Small pure functions that turn a raw title and body into clean article text.

The steps, in order (all in :func:`clean_article`):

1. :func:`fix_encoding` repairs mojibake (``â€™`` -> ``’``) with ftfy, keeping curly
   quotes as they are.
2. :func:`strip_controls` removes invisible characters (bidirectional overrides,
   zero-width spaces, control characters) and terminal colour codes.
3. :func:`repair_apostrophes` and :func:`repair_quote_artefacts` undo two systematic
   artefacts of scraped corpora (both found in the demo corpus): ``didn"t`` for
   ``didn’t``, and ``"?`` standing for a mangled curly quote, apostrophe or dash that
   often swallowed the following space.
4. :func:`split_paragraphs` normalises Unicode (NFC) and whitespace and returns the
   paragraphs; :func:`extract_dateline` moves a leading dateline (``KYIV:``,
   ``WASHINGTON (AP) —``) out of the text; a title repeated as the first paragraph is
   dropped; :mod:`~analysis.loading.boilerplate` removes site footers.

Every repair is counted, so the load report can say what was changed. What cannot be
repaired is counted too: U+FFFD replacement characters (``\ufffd``, shown as ``�``)
mark bytes that were lost before the file reached us (the scraper decoded with the
wrong encoding and replaced what it could not read); the original character is gone,
so the loader keeps them and counts them per record (``n_replacement_chars`` in the
load report).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..words import count_words
from .boilerplate import DEFAULT_RULES, BoilerplateRule, remove_boilerplate

__all__ = [
    "CleanArticle",
    "clean_article",
    "clean_title",
    "count_words",
    "extract_dateline",
    "fix_encoding",
    "has_systematic_quote_artefacts",
    "repair_apostrophes",
    "repair_quote_artefacts",
    "split_paragraphs",
    "strip_controls",
]

# A UTF-8 lead byte read as latin-1/cp1252 followed by a continuation byte read the
# same way: the signature of mojibake. Cheap to test, so ftfy only runs when needed.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[A-Za-z]{2,8});")


def fix_encoding(text: str) -> tuple[str, int]:
    """Repair mojibake and HTML entities with ftfy; return the text and the fix count.

    Curly quotes are kept (ftfy's ``uncurl_quotes`` is off) and full-width characters
    are left alone. The count is the number of mojibake sequences and entities that
    disappeared.

    Examples
    --------
    >>> fix_encoding("The government\\u00e2\\u20ac\\u2122s plan")
    ('The government’s plan', 1)
    >>> fix_encoding("It’s “fine”")
    ('It’s “fine”', 0)
    """
    if not (_MOJIBAKE.search(text) or ("&" in text and _ENTITY.search(text))):
        return text, 0
    import ftfy

    before = len(_MOJIBAKE.findall(text)) + len(_ENTITY.findall(text))
    config = ftfy.TextFixerConfig(
        uncurl_quotes=False, fix_character_width=False, normalization="NFC", explain=False
    )
    fixed = ftfy.fix_text(text, config)
    if fixed == text:
        return text, 0
    after = len(_MOJIBAKE.findall(fixed)) + len(_ENTITY.findall(fixed))
    return fixed, max(before - after, 1)


# ---------------------------------------------------------------- artefact repairs
_CONTRACTION = re.compile(r"(?<=[A-Za-z])\"(?=(?:t|s|re|ll|ve|d|m)\b)")
_MANGLED_OPEN = re.compile('"\ufffd')


def repair_apostrophes(text: str) -> tuple[str, int]:
    """Repair ``didn"t`` -> ``didn’t`` and ``"\\ufffd`` (a lost curly quote).

    ``"`` followed by the replacement character U+FFFD is a curly quote whose bytes
    were lost: after a letter it was an apostrophe (``O’Neil``), elsewhere an opening
    quote.

    Examples
    --------
    >>> repair_apostrophes('We didn"t go, O"\\ufffdNeil said: "\\ufffdNo."')
    ('We didn’t go, O’Neil said: “No."', 3)
    """
    if '"' not in text:
        return text, 0
    text, n1 = _CONTRACTION.subn("\u2019", text)

    def mangled(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() else ""
        return "\u2019" if before.isalpha() else "\u201c"

    text, n2 = _MANGLED_OPEN.subn(mangled, text)
    return text, n1 + n2


_ARTEFACT = re.compile(r'(?P<pre>[ \t]*-+[ \t]*)?"\?(?P<dbl>"\?)?(?P<post>-+)?')
# Unambiguous artefacts: a real `"?` (a question ending in a quotation) is followed by
# whitespace or the end, and never preceded by punctuation or a space.
_SURE_ARTEFACT = re.compile(r'"\?(?=\S)|[.,!?;:\s]"\?')
_CLOSING_AHEAD = re.compile(r'[.,!?]"\??|\s"\?')
_OPEN_Q = re.compile(r'(?:^|(?<=[\s(\[—-]))["“](?=\S)')
_CLOSE_Q = re.compile(r'(?<=\S)["”](?=[\s.,;:!?)\]—-]|$)')


def _quote_open(window: str) -> bool:
    window = window[window.rfind("\n") + 1 :]
    return len(_OPEN_Q.findall(window)) > len(_CLOSE_Q.findall(window))


def repair_quote_artefacts(text: str, *, systematic: bool = False) -> tuple[str, int]:
    """Repair ``"?`` standing for a mangled curly quote, apostrophe or dash.

    The character is chosen from its context: after ``.,!?`` it closes a quotation
    (``”``); between letters it is an apostrophe (``DeVos’ highly``) unless a quotation
    is open, then it closes it; after a space before a lower-case word it is a dash
    (``— at least``); after a space before a capital it opens a quotation when one
    closes later on, else it is a dash. The swallowed space is put back. Where the
    context says nothing, a plain ``"`` is used.

    Parameters
    ----------
    text : str
    systematic : bool, default False
        The text comes from a file where the artefact is systematic, so every ``"?``
        is one. Otherwise a text whose ``"?`` are all ambiguous (``Did he say "no"?``)
        is left unchanged.

    Returns
    -------
    text : str
    n_repairs : int
        Number of ``"?`` repaired.

    Examples
    --------
    >>> repair_quote_artefacts('The Senate voted on DeVos"?highly contentious nomination')
    ('The Senate voted on DeVos’ highly contentious nomination', 1)
    >>> repair_quote_artefacts('"It is a worse choice,"?Sen. Elizabeth Warren said.')
    ('"It is a worse choice,” Sen. Elizabeth Warren said.', 1)
    >>> repair_quote_artefacts('could determine "?at least temporarily "?the fate')
    ('could determine — at least temporarily — the fate', 2)
    >>> repair_quote_artefacts('Did he say "no"? Nobody knows.')
    ('Did he say "no"? Nobody knows.', 0)
    """
    if '"?' not in text or not (systematic or _SURE_ARTEFACT.search(text)):
        return text, 0
    out: list[str] = []
    done = ""  # text already emitted, for looking back
    last = 0
    n = 0
    for m in _ARTEFACT.finditer(text):
        start, end = m.span()
        prev = text[start - 1] if start else ""
        nxt = text[end] if end < len(text) else ""
        gap = " " if nxt.isalnum() or nxt in '"“([' else ""
        if m.group("pre") or m.group("post"):
            repl = ("—" if not start else " —") + ("" if nxt.isspace() or not nxt else " ")
        elif m.group("dbl"):
            repl = ("— " if prev.isspace() or not prev else "” — ") if nxt else "”"
        elif prev and prev in ".,!?;'":
            repl = "”" + gap
        elif prev == ":":
            repl = "“"
        elif prev.isalnum() or prev in "%)":
            chunk = text[last:start]
            opened = _quote_open((done + chunk)[-300:])
            if prev.isdigit() and nxt.isdigit():
                repl = "–"
            else:
                repl = ("”" if opened else "’") + (" " if nxt.isalnum() else "")
        elif prev.isspace() and start > 0:
            if nxt.islower():
                repl = "— "
            elif nxt.isupper():
                ahead = _CLOSING_AHEAD.search(text, end, end + 400)
                closes = ahead is not None and not ahead.group().startswith((" ", "\t", "\n"))
                repl = "“" if closes else "— "
            elif nxt.isdigit():
                repl = '"'
            else:
                repl = "—" + (" " if nxt == '"' else "")
        else:
            repl = '"'
        piece = text[last:start] + repl
        out.append(piece)
        done = (done + piece)[-300:]
        last = end
        n += 2 if m.group("dbl") else 1
    out.append(text[last:])
    return "".join(out), n


def has_systematic_quote_artefacts(text: str, *, min_count: int = 10) -> bool:
    """True if a whole file shows the ``"?`` artefact at least ``min_count`` times.

    Examples
    --------
    >>> has_systematic_quote_artefacts('a"?b ' * 10), has_systematic_quote_artefacts('"no"?')
    (True, False)
    """
    found = itertools.islice(_SURE_ARTEFACT.finditer(text), min_count)
    return sum(1 for _ in found) >= min_count


# ----------------------------------------------------------- whitespace, paragraphs
_SPACES = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Invisible characters removed from titles and texts: soft hyphen, zero-width space,
# word joiner and invisible operators, byte-order mark, bidirectional marks,
# embeddings, overrides and isolates (which can make scraped text display in another
# order than it is stored), C0 controls but tab and line breaks, DEL and C1 controls.
# Zero-width (non-)joiners stay: Persian, Indic scripts and emoji need them.
_INVISIBLE = re.compile(
    "[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff"
    "\x00-\x08\x0e-\x1f\x7f-\x9f]"
)
# Terminal colour codes: a full ANSI escape sequence, or the remnant ``[31m`` left when
# a scraper dropped the escape character.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]|\[\d{1,3}(?:;\d{1,3})*m")
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\u0085\u2028\u2029]")
# Three or more spaces after a sentence end: a lost paragraph break (demo corpus).
_LOST_BREAK = re.compile('(?<=[.!?"”’)\\]])[ \t\u00a0]{3,}(?=\\S)')


def strip_controls(text: str) -> tuple[str, int]:
    """Remove terminal colour codes and invisible control characters; count them.

    Bidirectional overrides (U+202E ...), zero-width spaces, soft hyphens, control
    characters and ANSI escape sequences (or their ``[31m`` remnants) carry no text
    but change how a text displays, splits or matches. Each removed character or
    escape sequence counts once.

    Examples
    --------
    >>> strip_controls("\\x1b[31mRed\\x1b[0m alert: pay\\u202eload[0m")
    ('Red alert: payload', 4)
    >>> strip_controls("plain text")
    ('plain text', 0)
    """
    text, n_ansi = _ANSI.subn("", text)
    text, n_invisible = _INVISIBLE.subn("", text)
    return text, n_ansi + n_invisible


def _unwrap(block: list[str]) -> list[str]:
    """Join a hard-wrapped block (lines of 40-100 characters ending mid-sentence)."""
    if len(block) < 2:
        return block
    body = block[:-1]
    if not all(40 <= len(x) <= 100 for x in body):
        return block
    open_ends = sum(not x.endswith((".", "!", "?", ":", '"', "”", "’")) for x in body)
    if open_ends * 2 < len(body):
        return block
    return [" ".join(block)]


def split_paragraphs(text: str) -> list[str]:
    """Normalise Unicode and whitespace and return the paragraphs of ``text``.

    Each non-blank line is a paragraph, except that hard-wrapped blocks (consecutive
    lines of 40-100 characters that mostly end mid-sentence) are joined, and a run of
    three or more spaces after a sentence end counts as a paragraph break. Inside a
    paragraph, runs of whitespace become one space; invisible characters (zero-width
    spaces, soft hyphens, control characters) are removed.

    Examples
    --------
    >>> split_paragraphs("First  line.\\r\\n\\n\\n Second\\u00a0line.     Third.")
    ['First line.', 'Second line.', 'Third.']
    """
    text = unicodedata.normalize("NFC", text)
    text, _ = strip_controls(_LINE_BREAKS.sub("\n", text))
    text = _LOST_BREAK.sub("\n", text)
    paragraphs: list[str] = []
    block: list[str] = []
    for raw in text.split("\n"):
        # = _SPACES.sub(" ", raw).strip(), 4x faster: after the line breaks and
        # controls above, what str.split() splits on is exactly _SPACES (tested)
        line = " ".join(raw.split())
        if line:
            block.append(line)
        elif block:
            paragraphs.extend(_unwrap(block))
            block = []
    paragraphs.extend(_unwrap(block))
    return paragraphs


# ------------------------------------------------------------------------ dateline
_DATELINE = re.compile(
    r"""^(?P<dateline>
        (?P<place>[A-Z][A-Z.'’-]+(?:\ [A-Z][A-Z.'’-]+){0,3})          # KYIV, NEW YORK
        (?:,\ [A-Z][A-Za-z.]+(?:\ [A-Z][A-Za-z.]+)?(?:\ \d{1,2})?)?   # , March 3 / , Calif.
        (?:\.?\ ?/[A-Z]{2,10}/)?                                      # . /TASS/
        (?:\ ?\([A-Za-z][\w .&-]{0,30}\))?                            # (AP), (Reuters)
    )
    (?:\s*:|\s+[—–]|\s+--?|(?<=/)\.)\s+""",
    re.VERBOSE,
)
_NOT_PLACES = frozenset(
    [
        "UPDATE",
        "UPDATED",
        "BREAKING",
        "EXCLUSIVE",
        "WATCH",
        "VIDEO",
        "PHOTOS",
        "PHOTO",
        "LIVE",
        "ANALYSIS",
        "OPINION",
        "EDITOR'S",
        "NOTE",
        "NOTE",
        "WARNING",
        "CORRECTION",
        "FACT",
        "CHECK",
        "Q",
        "A",
        "FAQ",
    ]
)


def extract_dateline(paragraph: str) -> tuple[str | None, str]:
    """Split a leading dateline off the first paragraph.

    Recognised forms: ``KYIV:``, ``WASHINGTON (AP) —``, ``LONDON, March 3 (Reuters) -``,
    ``MOSCOW, February 6. /TASS/.``. The place must be in capitals.

    Returns
    -------
    dateline : str or None
        E.g. ``"KYIV"`` or ``"LONDON, March 3 (Reuters)"``.
    rest : str
        The paragraph without the dateline.

    Examples
    --------
    >>> extract_dateline("KYIV: NATO Secretary-General Jens Stoltenberg visited")
    ('KYIV', 'NATO Secretary-General Jens Stoltenberg visited')
    >>> extract_dateline("WASHINGTON (AP) — The Senate voted.")
    ('WASHINGTON (AP)', 'The Senate voted.')
    >>> extract_dateline("UPDATE: more news")
    (None, 'UPDATE: more news')
    """
    m = _DATELINE.match(paragraph)
    if not m or len(paragraph) - m.end() < 1:
        return None, paragraph
    words = set(m.group("place").replace("'", " ").split())
    if words & _NOT_PLACES:
        return None, paragraph
    return m.group("dateline").strip(), paragraph[m.end() :].lstrip()


# ---------------------------------------------------------------------- assembling


def _key(s: str) -> str:
    return " ".join(s.casefold().split())


def clean_title(title: object, *, systematic: bool = False) -> tuple[str | None, dict[str, int]]:
    """Clean a title: same repairs as the text, one line; None when blank.

    Examples
    --------
    >>> clean_title("  NHL to decide on league players\\"?availability \\n")
    ('NHL to decide on league players’ availability', {'encoding': 0, 'apostrophe': 0, 'quote': 1, 'control': 0})
    """
    counts = {"encoding": 0, "apostrophe": 0, "quote": 0, "control": 0}
    if title is None or not isinstance(title, str):
        return None, counts
    title, counts["encoding"] = fix_encoding(title)
    title, counts["control"] = strip_controls(title)
    title, counts["apostrophe"] = repair_apostrophes(title)
    title, counts["quote"] = repair_quote_artefacts(title, systematic=systematic)
    title = " ".join(split_paragraphs(title))
    return (title or None), counts


@dataclass
class CleanArticle:
    """The result of :func:`clean_article`."""

    title: str | None
    text: str
    dateline: str | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def repairs(self) -> int:
        """Encoding, control-character, apostrophe and quote repairs (not boilerplate,
        not the replacement characters left in the text)."""
        return sum(v for k, v in self.counts.items() if k not in ("boilerplate", "replacement"))


def clean_article(
    title: object,
    text: object,
    *,
    rules: Sequence[BoilerplateRule] = DEFAULT_RULES,
    dateline: object = None,
    title_line: bool = False,
    quote_artefacts: bool = False,
) -> CleanArticle:
    """Clean one article's title and body.

    Parameters
    ----------
    title, text : str or None
        Raw title and body (non-strings count as missing).
    rules : sequence of BoilerplateRule
        Boilerplate rules applied to the body's paragraphs.
    dateline : str, optional
        A dateline given by the source; when absent one is looked for at the start of
        the body.
    title_line : bool, default False
        Seed-style text: when ``title`` is missing, the first line of ``text`` is the
        title if it is at most 300 characters long and more text follows.
    quote_artefacts : bool, default False
        The ``"?`` artefact is systematic in the source file (see
        :func:`has_systematic_quote_artefacts`): repair every ``"?``.

    Returns
    -------
    CleanArticle
        ``text`` has its paragraphs separated by one blank line; ``counts`` holds the
        repairs by kind: ``encoding``, ``control`` (invisible characters and
        terminal codes removed), ``apostrophe``, ``quote``, ``boilerplate``, and
        ``replacement``: the U+FFFD characters left in the title and text (lost bytes
        that no repair can restore).

    Examples
    --------
    >>> raw = "Title\\n\\nTitle\\n\\nKYIV: It’s here.\\nMore.\\n\\nSource link\\n\\nLeave a Reply"
    >>> art = clean_article(None, raw, title_line=True)
    >>> art.title, art.dateline, art.text
    ('Title', 'KYIV', 'It’s here.\\n\\nMore.')
    >>> clean_article("T", "Caf\\ufffd au lait, 20\\ufffd off.").counts["replacement"]
    2
    """
    title_clean, counts = clean_title(title, systematic=quote_artefacts)
    body = text if isinstance(text, str) else ""
    body, n = fix_encoding(body)
    counts["encoding"] += n
    body, n = strip_controls(body)
    counts["control"] += n
    body, n = repair_apostrophes(body)
    counts["apostrophe"] += n
    body, n = repair_quote_artefacts(body, systematic=quote_artefacts)
    counts["quote"] += n
    paras = split_paragraphs(body)
    if title_line and title_clean is None and len(paras) > 1 and len(paras[0]) <= 300:
        title_clean = paras.pop(0)
    if title_clean:
        key = _key(title_clean)
        while paras and _key(paras[0]) == key:
            paras.pop(0)
    paras, counts["boilerplate"] = remove_boilerplate(paras, rules)
    found = dateline if isinstance(dateline, str) and dateline.strip() else None
    if paras and found is None:
        found, first = extract_dateline(paras[0])
        if found is not None:
            if first:
                paras[0] = first
            else:
                paras.pop(0)
    text_clean = "\n\n".join(paras)
    counts["replacement"] = text_clean.count("\ufffd") + (title_clean or "").count("\ufffd")
    return CleanArticle(title_clean, text_clean, found, counts)
