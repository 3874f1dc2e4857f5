"""Parse publication dates one value at a time: no row changes another row's date.

Scraped corpora write dates in every form: ISO 8601, ``2017/2/7``, ``07.02.2017``,
``Tue, 7 Feb 2017 10:00:00 GMT``, ``February 7, 2017``, epoch seconds. Parsing a
column with a format guessed from its first value makes results depend on row order
(``12/05/2023`` is 5 December or 12 May depending on what came before), so
:func:`parse_dates` decides each value on its own:

1. year-first forms (``2017-02-07``, ``2017/2/7``, ISO 8601 with time and offset)
   are unambiguous and parsed in one vectorised pass;
2. all-numeric day/month forms (``12/05/2023``, ``7.2.17``) are read month first,
   or day first with ``dayfirst=True``, unless a field is over 12 and settles it;
   when both readings are valid dates and differ, the value is *ambiguous* and
   reported as such;
3. everything else (month names, RFC 2822) goes to dateutil, value by value;
4. numbers are epoch seconds (1e8 to 1e10) or milliseconds (1e11 to 1e13).

Dates without a time zone are taken as UTC. Unparseable values become ``NaT`` and
are reported, never guessed.
"""

from __future__ import annotations

import datetime as _dt
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["ParsedDates", "parse_dates"]

#: The dtype of parsed dates (the articles frame's ``published``).
DATES_DTYPE = pd.DatetimeTZDtype("ns", "UTC")

_BLANK = frozenset({"", "nat", "nan", "none", "null", "n/a", "na", "-"})
_YEAR_FIRST = re.compile(r"^\d{4}([-/.])\d{1,2}\1\d{1,2}(?:$|[ T])")
_DAY_MONTH = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?P<rest>(?:[ T,].*)?)$")


@dataclass(frozen=True)
class ParsedDates:
    """The result of :func:`parse_dates`.

    Attributes
    ----------
    dates : pandas.Series
        UTC timestamps (``NaT`` where missing or not understood), same index as the input.
    ambiguous : pandas.Series
        True where the value reads as two different dates (day/month order).
    invalid : pandas.Series
        True where a non-blank value could not be parsed.
    """

    dates: pd.Series
    ambiguous: pd.Series
    invalid: pd.Series


def _blank(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and value.strip().lower() in _BLANK


def _epoch(value: float) -> pd.Timestamp | None:
    magnitude = abs(value)
    if 1e8 <= magnitude < 1e10:
        return pd.Timestamp(value, unit="s", tz="UTC")
    if 1e11 <= magnitude < 1e13:
        return pd.Timestamp(value, unit="ms", tz="UTC")
    return None


def _day_month(text: str, dayfirst: bool) -> tuple[str | None, bool]:
    """An ISO rewrite of a numeric day/month date, and whether it was ambiguous."""
    m = _DAY_MONTH.match(text)
    if m is None:
        return None, False
    a, b, year = int(m.group(1)), int(m.group(3)), m.group(4)
    if len(year) == 2:  # strptime's rule: 69-99 -> 1900s, 00-68 -> 2000s
        year = _dt.datetime.strptime(year, "%y").strftime("%Y")
    if a > 12 and b > 12:
        return None, False
    if a > 12:
        day, month, ambiguous = a, b, False
    elif b > 12:
        day, month, ambiguous = b, a, False
    else:
        day, month = (a, b) if dayfirst else (b, a)
        ambiguous = a != b
    return f"{year}-{month:02d}-{day:02d}{m.group('rest')}", ambiguous


def _to_utc(values: pd.Series, **options: Any) -> pd.Series:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        out = pd.to_datetime(values, utc=True, errors="coerce", **options)
    return out.astype(DATES_DTYPE)


def parse_dates(values: Sequence[Any] | pd.Series, *, dayfirst: bool = False) -> ParsedDates:
    """Parse publication dates, each value on its own.

    Parameters
    ----------
    values : sequence or Series
        Strings, numbers (epoch seconds or milliseconds), datetimes or blanks.
    dayfirst : bool, default False
        Read all-numeric dates such as ``12/05/2023`` day first (12 May) instead of
        month first (5 December). Values with a field over 12 are read the only way
        they can be, whatever this option says.

    Returns
    -------
    ParsedDates

    Examples
    --------
    >>> out = parse_dates(["2017/2/7", "12/05/2023", "13/05/2023", "7 Feb 2017", "soon", None])
    >>> [d.date().isoformat() if d is not pd.NaT else None for d in out.dates]
    ['2017-02-07', '2023-12-05', '2023-05-13', '2017-02-07', None, None]
    >>> out.ambiguous.tolist(), out.invalid.tolist()
    ([False, True, False, False, False, False], [False, False, False, False, True, False])
    >>> parse_dates(["12/05/2023"], dayfirst=True).dates[0].date().isoformat()
    '2023-05-12'
    """
    raw = pd.Series(values, dtype=object).reset_index(drop=True)
    n = len(raw)
    dates = pd.Series(pd.NaT, index=raw.index, dtype=DATES_DTYPE)
    ambiguous = np.zeros(n, dtype=bool)
    blank = raw.map(_blank).to_numpy(dtype=bool)
    is_str = raw.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool) & ~blank
    text = raw[is_str].str.strip()
    year_first = text.str.match(_YEAR_FIRST)
    if year_first.any():
        dates[year_first[year_first].index] = _to_utc(text[year_first], format="ISO8601")
    rest = text[~year_first | dates[text.index].isna()]
    rewritten: dict[int, str] = {}
    for i, value in rest.items():
        iso, ambiguous[i] = _day_month(value, dayfirst)
        if iso is not None:
            rewritten[i] = iso
    if rewritten:
        iso = pd.Series(rewritten, dtype=object)
        dates[iso.index] = _to_utc(iso, format="mixed")
    other = rest[~rest.index.isin(list(rewritten))]
    if len(other):
        codes, unique = pd.factorize(other)
        parsed = _to_utc(pd.Series(unique, dtype=object), format="mixed", dayfirst=dayfirst)
        dates[other.index] = parsed.array.take(codes)
    for i in np.flatnonzero(~blank & ~is_str):
        value = raw[i]
        if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
            stamp = _epoch(float(value))
        else:
            stamp = _to_utc(pd.Series([value], dtype=object)).iloc[0]
        dates[i] = stamp if stamp is not None else pd.NaT
    invalid = ~blank & dates.isna().to_numpy()
    index = values.index if isinstance(values, pd.Series) else raw.index
    return ParsedDates(
        dates.set_axis(index),
        pd.Series(ambiguous & ~invalid, index=index),
        pd.Series(invalid, index=index),
    )
