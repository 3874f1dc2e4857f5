"""Keyword in context (quanteda's kwic, Voyant's Contexts)."""

from __future__ import annotations

import operator
import re

import numpy as np
import pandas as pd

from .._shim import renamed
from ._input import texts_of
from .tokenize import TOKEN_RE, normalize, tokenize

__all__ = ["kwic"]

_SPACE = re.compile(r"\s+")


def _matchers(patterns, *, regex: bool, case: bool):
    """One list of per-token predicates for each pattern (a phrase is several tokens)."""
    out = []
    for pattern in patterns:
        if not isinstance(pattern, str) or not pattern.strip():
            raise ValueError(f"pattern must be a non-empty string; got {pattern!r}.")
        if regex:
            parts = pattern.split()
            try:
                compiled = [re.compile(p, 0 if case else re.IGNORECASE) for p in parts]
            except re.error as err:
                raise ValueError(
                    f"pattern {pattern!r} is not a valid regular expression: {err}."
                ) from None
            out.append([c.fullmatch for c in compiled])
        else:
            parts = tokenize(pattern, lowercase=not case)
            if not parts:
                raise ValueError(f"pattern {pattern!r} contains no word to look for.")
            out.append([p.__eq__ for p in parts])
    return out


def _any_first(tokens, preds, seen) -> bool:
    for tok in set(tokens):
        hit = seen.get(tok)
        if hit is None:
            hit = seen[tok] = any(p(tok) for p in preds)
        if hit:
            return True
    return False


@renamed(case=("lowercase", operator.not_))
def kwic(
    articles, pattern, *, window: int = 5, regex: bool = False, lowercase: bool = True
) -> pd.DataFrame:
    """Every occurrence of a word or phrase with the words around it.

    Texts are tokenised with the project's rule (:mod:`analysis.terms.tokenize`),
    so a pattern matches whole tokens: ``"kyiv"`` matches ``Kyiv's``, not
    ``Kyivstar``. A pattern with spaces is a phrase (consecutive tokens). The
    context is shown as it appears in the text (punctuation and case kept,
    whitespace collapsed).

    Parameters
    ----------
    articles : DataFrame, Series or list of str
    pattern : str or list of str
        Word(s) or phrase(s); with ``regex=True`` each space-separated part is a
        regular expression that must match a whole token.
    window : int, default 5
        Tokens of context on each side.
    regex : bool, default False
    lowercase : bool, default True
        Match regardless of case (as the token rule lower-cases); ``False`` matches
        case-sensitively. (``case=True`` is its deprecated spelling.)

    Returns
    -------
    DataFrame
        Columns ``doc_id``, ``position`` (0-based index of the first matched
        token in the document's tokens), ``left``, ``keyword``, ``right``; in
        document order, then position.

    Examples
    --------
    >>> texts = pd.Series(["Talks in Kyiv's centre ended.", "No talks."], index=["a", "b"])
    >>> kwic(texts, "kyiv", window=2)
      doc_id  position      left keyword            right
    0      a         2  Talks in    Kyiv  's centre ended
    >>> kwic(texts, "talks in")[["doc_id", "keyword"]]
      doc_id   keyword
    0      a  Talks in
    """
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 0:
        raise ValueError(f"window must be a non-negative integer; got {window!r}.")
    texts, doc_ids, _ = texts_of(articles, caller="kwic")
    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    if not patterns:
        raise ValueError("pattern is empty; pass a word, a phrase or a list of them.")
    case = not lowercase
    matchers = _matchers(patterns, regex=regex, case=case)
    firsts = None
    if not regex:  # cheap substring pre-filter on the first word of each pattern
        firsts = [tokenize(p, lowercase=not case)[0] for p in patterns]
    first_preds = [preds[0] for preds in matchers]
    seen: dict[str, bool] = {}  # token -> does it match a pattern's first part
    rows = []
    for doc_id, text in zip(doc_ids, texts, strict=True):
        norm = normalize(text, lowercase=False)  # same length as text
        hay = norm if case else norm.lower()
        if firsts is not None and not any(f in hay for f in firsts):
            continue
        if firsts is None and not _any_first(TOKEN_RE.findall(hay), first_preds, seen):
            continue
        found = list(TOKEN_RE.finditer(norm))
        if not found:
            continue
        tokens = [m.group(1) if case else m.group(1).lower() for m in found]
        hits: set[tuple[int, int]] = set()
        for preds in matchers:
            width = len(preds)
            first = preds[0]
            for i in range(len(tokens) - width + 1):
                if first(tokens[i]) and all(preds[j](tokens[i + j]) for j in range(1, width)):
                    hits.add((i, width))
        for i, width in sorted(hits):
            start, end = found[i].start(1), found[i + width - 1].end(1)
            left_start = found[max(0, i - window)].start(1)
            right_end = found[min(len(found), i + width + window) - 1].end(1)
            left = text[left_start:start] if window else ""
            right = text[end:right_end] if window and i + width < len(found) else ""
            rows.append(
                (
                    doc_id,
                    i,
                    _SPACE.sub(" ", left).strip(),
                    _SPACE.sub(" ", text[start:end]).strip(),
                    _SPACE.sub(" ", right).strip(),
                )
            )
    return pd.DataFrame(rows, columns=["doc_id", "position", "left", "keyword", "right"])
