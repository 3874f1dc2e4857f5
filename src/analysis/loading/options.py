"""The options of :func:`analysis.load_corpus`, checked once and sent as is to every worker.

:func:`load_options` validates the keyword options and bundles them into a frozen
:class:`LoadOptions`; :class:`LoadError` is what ``strict=True`` raises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .boilerplate import BoilerplateRule, compile_rules
from .readers import MAX_TEXT_CHARS

__all__ = ["LoadError", "LoadOptions", "load_options"]


class LoadError(ValueError):
    """Raised by ``load_corpus(..., strict=True)`` on the first problem record.

    The message is the same sentence the load report would hold: it names the file
    (and line) and says what to do.
    """


@dataclass(frozen=True)
class LoadOptions:
    """How each record is read and cleaned: the options of :func:`load_corpus`.

    Built once by :func:`load_options` and sent as is to every worker of a cluster,
    so that every partition is loaded exactly as in memory.
    """

    strict: bool = False
    columns: Mapping[str, str] | None = None
    encoding: str | None = None
    max_line_length: int = 1_000_000
    max_text_chars: int = MAX_TEXT_CHARS
    rules: tuple[Any, ...] = ()
    dedupe: bool = True
    near_duplicates: bool = True
    near_threshold: float = 0.8
    dayfirst: bool = False
    min_words: int = 3
    keep_non_articles: bool = False

    @property
    def signatures(self) -> dict[str, Any] | None:
        return {"near": self.near_duplicates} if self.dedupe else None


def load_options(
    *,
    strict: bool = False,
    columns: Mapping[str, str] | None = None,
    dedupe: bool = True,
    near_duplicates: bool = True,
    near_threshold: float = 0.8,
    extra_boilerplate: Iterable[BoilerplateRule | str] = (),
    encoding: str | None = None,
    max_line_length: int = 1_000_000,
    dayfirst: bool = False,
    min_words: int = 3,
    keep_non_articles: bool = False,
    max_text_chars: int = MAX_TEXT_CHARS,
) -> LoadOptions:
    """Check the options of :func:`load_corpus` and bundle them.

    Examples
    --------
    >>> load_options(near_threshold=0.9).near_threshold
    0.9
    """
    if not 0 < near_threshold <= 1:
        raise ValueError(f"near_threshold={near_threshold} must be in (0, 1]; 0.8 is a good start.")
    if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 0:
        raise ValueError(f"min_words={min_words!r} must be a whole number >= 0; 3 is the default.")
    if max_text_chars < 1:
        raise ValueError(f"max_text_chars={max_text_chars} must be positive; see MAX_TEXT_CHARS.")
    return LoadOptions(
        dayfirst=bool(dayfirst),
        min_words=min_words,
        keep_non_articles=bool(keep_non_articles),
        strict=strict,
        columns=dict(columns) if columns is not None else None,
        encoding=encoding,
        max_line_length=max_line_length,
        max_text_chars=max_text_chars,
        rules=tuple(compile_rules(extra_boilerplate)),
        dedupe=dedupe,
        near_duplicates=near_duplicates,
        near_threshold=near_threshold,
    )
