"""The token rule: one compiled regular expression that keeps news vocabulary intact.

Every function in :mod:`analysis.terms` (the document-term matrix, collocations,
keyword-in-context, Heaps' law) splits text with the rule below, so a term means
the same thing everywhere.

The rule
--------
Text is first normalised: the typographic apostrophe ``’`` (U+2019) and the
modifier letter apostrophe ``ʼ`` (U+02BC) become ``'``; the text is lower-cased
unless asked otherwise. A token is then, in order of preference:

1. a dotted abbreviation, two or more single letters each followed by a period,
   kept with its periods: ``U.S.`` -> ``u.s.``, ``e.g.`` -> ``e.g.``,
   ``D.C.`` -> ``d.c.`` (it may open a hyphenated compound: ``U.S.-led`` -> ``u.s.-led``);
2. a word: a number with thousands separators or decimals, optionally followed by a
   unit (``1,000`` -> ``1,000``, ``3.5bn`` -> ``3.5bn``), or a run of letters, digits
   and underscores; words joined by single hyphens stay one token
   (``COVID-19`` -> ``covid-19``, ``tie-breaking``, ``50-50``), and so do words joined
   by an internal apostrophe (``don't``, ``o'brien``, ``rock'n'roll``);
3. a trailing possessive ``'s`` is dropped (``Kyiv's`` -> ``kyiv``,
   ``U.S.'s`` -> ``u.s.``; ``it's`` -> ``it``, ``he's`` -> ``he``, both stop words);
   a plural possessive's bare apostrophe is not part of a word (``students'`` ->
   ``students``).

Punctuation is never a token. The period after a single letter (an initial, as in
``Donald J. Trump``) and after common titles and short forms (``Mr.``, ``Dr.``,
``Sen.``, ``Jan.``, ``Inc.``, ...; see :data:`TITLE_ABBREVIATIONS`) belongs to the
word before it, so it does not end a sentence. Any other ``.``, ``!`` or ``?`` ends
a sentence (:func:`tokenize_sentences`). A dotted abbreviation that ends a sentence
(``... in the U.S. The ...``) swallows that sentence end; this is a known, accepted
limitation of a one-regex rule.

Examples
--------
>>> tokenize("Kyiv's mayor met U.S. officials on COVID-19 - in 2,500.5 words.")
['kyiv', 'mayor', 'met', 'u.s.', 'officials', 'on', 'covid-19', 'in', '2,500.5', 'words']
"""

from __future__ import annotations

import re

__all__ = [
    "PUNCT_RE",
    "SENTENCE_RE",
    "TITLE_ABBREVIATIONS",
    "TOKEN_PATTERN",
    "TOKEN_RE",
    "normalize",
    "tokenize",
    "tokenize_sentences",
]

#: Short forms whose final period does not end a sentence (matched case-insensitively).
TITLE_ABBREVIATIONS: tuple[str, ...] = (
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "maj",
    "capt", "sgt", "cmdr", "adm", "st", "jr", "sr", "rev", "hon", "pres", "supt",
    "inc", "corp", "ltd", "co", "bros", "vs", "etc", "approx", "dept", "est", "mt", "ft",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
)  # fmt: skip

_WORD = r"\w+(?:(?<=\d)[.,]\d+\w*)*"  # a word; digits may carry separators: 1,000 3.5bn
_DOTTED = r"(?:(?<=\b[^\W\d_])(?:\.[^\W\d_]\b)+\.)?"  # a single letter opens u.s. / e.g.
_REST = rf"(?:(?<=\d)[.,]\d+\w*)*{_DOTTED}(?:-{_WORD}|'(?!s\b){_WORD})*"
# The lookahead gate skips the rest of the rule for the common case, a plain word.
_BODY = rf"\w+(?:(?=[-'.,]){_REST})?"
_LOOKBEHINDS = "|".join(
    [r"(?<=\b[^\W\d_]\.)"] + [rf"(?<=\b{abbr}\.)" for abbr in TITLE_ABBREVIATIONS]
)
_SUFFIX = rf"(?:(?=['.])(?:'s\b|\.(?:{_LOOKBEHINDS})))?"

#: The token rule as a regular expression with one capture group (the token).
#: It expects normalised text (see :func:`normalize`); scikit-learn's
#: ``token_pattern`` accepts it as is.
TOKEN_PATTERN: str = rf"({_BODY})(?:(?=')'s\b)?"  # (?=') only saves time

_FLAGS = re.IGNORECASE
TOKEN_RE = re.compile(TOKEN_PATTERN, _FLAGS)
# Same rule; a sentence end matches with an empty group (a breaker, "").
SENTENCE_RE = re.compile(rf"({_BODY}){_SUFFIX}|[.!?]+", _FLAGS)
# Same rule; any other punctuation character is a breaker too (for collocations).
PUNCT_RE = re.compile(rf"({_BODY}){_SUFFIX}|[^\w\s]", _FLAGS)


def normalize(text: str, *, lowercase: bool = True) -> str:
    """Normalise apostrophes (and case) before tokenising; lengths are preserved.

    Parameters
    ----------
    text : str
        Raw text.
    lowercase : bool, default True
        Lower-case the text as well.

    Returns
    -------
    str

    Examples
    --------
    >>> normalize("Kyiv\u2019s Mayor")
    "kyiv's mayor"
    """
    if not text.isascii():  # str.replace is far faster than str.translate here
        text = text.replace("\u2019", "'").replace("\u02bc", "'")
    return text.lower() if lowercase else text


def tokenize(text: str, *, lowercase: bool = True) -> list[str]:
    """Split one text into tokens with the documented rule (see the module docstring).

    Parameters
    ----------
    text : str
        Raw text.
    lowercase : bool, default True
        Lower-case the tokens.

    Returns
    -------
    list of str

    Examples
    --------
    >>> tokenize("The U.S.\u2019s well-known 3.5bn plan didn't pass.")
    ['the', 'u.s.', 'well-known', '3.5bn', 'plan', "didn't", 'pass']
    >>> tokenize("Mr. Smith", lowercase=False)
    ['Mr', 'Smith']
    """
    return TOKEN_RE.findall(normalize(text, lowercase=lowercase))


def _split(tokens: list[str]) -> list[list[str]]:
    # Breakers are empty strings: joined with spaces they leave a double space.
    return [part.split() for part in " ".join(tokens).split("  ") if not part.isspace() and part]


def tokenize_sentences(text: str, *, lowercase: bool = True) -> list[list[str]]:
    """Tokenise one text sentence by sentence.

    A sentence ends at ``.``, ``!`` or ``?`` that is not part of a token, an
    initial or a listed short form (see the module docstring). Empty sentences
    are dropped.

    Parameters
    ----------
    text : str
        Raw text.
    lowercase : bool, default True
        Lower-case the tokens.

    Returns
    -------
    list of list of str

    Examples
    --------
    >>> tokenize_sentences("Mr. Trump spoke. Donald J. Trump left! Why?")
    [['mr', 'trump', 'spoke'], ['donald', 'j', 'trump', 'left'], ['why']]
    """
    return _split(SENTENCE_RE.findall(normalize(text, lowercase=lowercase)))


def _tokenize_segments(text: str, *, lowercase: bool = True) -> list[list[str]]:
    """Tokenise into runs of tokens not separated by any punctuation mark."""
    return _split(PUNCT_RE.findall(normalize(text, lowercase=lowercase)))
