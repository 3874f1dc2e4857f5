"""Periods of time by name: one vocabulary for ``trends(period=)`` and ``prevalence(by=)``.

Examples
--------
>>> period_alias("week"), period_alias("M")
('W', 'M')
"""

from __future__ import annotations

__all__ = ["PERIODS", "period_alias"]

#: Period names and the pandas period alias each stands for.
PERIODS = {"year": "Y", "quarter": "Q", "month": "M", "week": "W", "day": "D"}


def period_alias(period: str) -> str:
    """The pandas period alias of a period name (a pandas alias is returned as it is).

    Raises
    ------
    ValueError
        Neither a period name nor a string.
    """
    if not isinstance(period, str):
        raise ValueError(f"period must be one of {sorted(PERIODS)}; got {period!r}.")
    return PERIODS.get(period, period)
