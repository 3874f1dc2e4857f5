"""Which outlets a period's articles come from: is a weekly trend a trend, or a mix?

A scraped corpus rarely covers every outlet every week. In the demo corpus the
weeks of December and January hold China Daily's articles only, and one week in
March holds a quarter of the corpus. A weekly line of "the corpus" then follows
whichever outlet was scraped that week: it is *compositional*. Before reading a
trend, look at who contributes to each period, and compare only the periods where
every outlet is present.

:func:`period_coverage` gives one row per period (articles, outlets present, the
largest outlet and its share, whether every main outlet is present);
:func:`coverage_note` turns it into sentences computed from the numbers, for a
lesson or a report. :func:`complete_periods` selects the articles of the complete
periods.

Examples
--------
>>> import pandas as pd
>>> arts = pd.DataFrame({
...     "published": pd.to_datetime(["2017-01-02", "2017-01-03", "2017-01-10",
...                                  "2017-01-11", "2017-01-17"], utc=True),
...     "source": ["a", "b", "a", "b", "a"]})
>>> cov = period_coverage(arts)
>>> cov[["period", "articles", "n_outlets", "complete"]]
      period  articles  n_outlets  complete
0 2017-01-02         2          2      True
1 2017-01-09         2          2      True
2 2017-01-16         1          1     False
>>> len(complete_periods(arts, cov))
4
"""

from __future__ import annotations

import pandas as pd

from .periods import period_alias

__all__ = ["complete_periods", "coverage_note", "period_coverage"]


def _starts(articles: pd.DataFrame, period: str) -> pd.Series:
    published = articles["published"].dt.tz_convert(None)
    return published.dt.to_period(period_alias(period)).dt.start_time


def period_coverage(
    articles: pd.DataFrame, *, period: str = "week", by: str = "source", min_share: float = 0.05
) -> pd.DataFrame:
    """One row per period: who published the articles of that period.

    Parameters
    ----------
    articles : DataFrame
        With ``published`` (UTC datetimes; undated rows are left out) and ``by``.
    period : str, default "week"
        ``"day"``, ``"week"``, ``"month"``, ``"quarter"``, ``"year"`` or a pandas alias.
    by : str, default "source"
    min_share : float, default 0.05
        A *main* outlet has at least this share of the dated articles; a period is
        ``complete`` when every main outlet has an article in it (a stray article
        from a small outlet does not make every period incomplete).

    Returns
    -------
    DataFrame
        Columns ``period``, ``articles``, ``n_outlets``, ``top_outlet``,
        ``top_share`` (its share of the period's articles), ``share_of_corpus``
        (the period's share of all dated articles) and ``complete``; sorted by
        period. ``attrs["main_outlets"]`` lists the main outlets, ``attrs["period"]``
        the period and ``attrs["n_undated"]`` the articles without a date.
    """
    dated = articles.dropna(subset=["published"])
    counts = (
        dated.assign(period=_starts(dated, period))
        .groupby(["period", by], observed=True)
        .size()
        .rename("articles")
        .reset_index()
    )
    totals = dated[by].value_counts()
    main = sorted(totals[totals >= min_share * max(len(dated), 1)].index.astype(str))
    rows = []
    for start, part in counts.groupby("period", sort=True):
        top = part.sort_values(["articles", by], ascending=[False, True]).iloc[0]
        present = set(part[by].astype(str))
        rows.append(
            {
                "period": start,
                "articles": int(part["articles"].sum()),
                "n_outlets": len(present),
                "top_outlet": str(top[by]),
                "top_share": top["articles"] / part["articles"].sum(),
                "complete": bool(main) and set(main) <= present,
            }
        )
    out = pd.DataFrame(
        rows,
        columns=["period", "articles", "n_outlets", "top_outlet", "top_share", "complete"],
    )
    out.insert(5, "share_of_corpus", out["articles"] / max(len(dated), 1))
    out["complete"] = out["complete"].astype(bool)
    out.attrs.update(
        main_outlets=main, period=period, min_share=min_share, n_undated=len(articles) - len(dated)
    )
    return out


def complete_periods(articles: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """The dated articles that fall in a ``complete`` period of ``coverage``."""
    dated = articles.dropna(subset=["published"])
    keep = set(coverage.loc[coverage["complete"], "period"])
    return dated[_starts(dated, coverage.attrs.get("period", "week")).isin(keep).to_numpy()]


def coverage_note(coverage: pd.DataFrame, *, what: str = "the weekly figures") -> str:
    """Sentences (Markdown) on how far the periods mix different outlets.

    Examples
    --------
    >>> arts = pd.DataFrame({"published": pd.to_datetime(["2017-01-02", "2017-01-03",
    ...                      "2017-01-10"], utc=True), "source": ["a", "b", "a"]})
    >>> print(coverage_note(period_coverage(arts, min_share=0.3)))  # doctest: +NORMALIZE_WHITESPACE
    **Who is in each week?** The busiest week (2017-01-02) holds 2 of the 3 dated
    articles (67%). All 2 main outlets (at least 30% of the articles each) publish in
    1 of 2 weeks (2017-01-02 to 2017-01-02). In 1 week a single outlet publishes every
    article (a in 1). Only the 1 complete week goes into the weekly figures; a line over
    all weeks would follow which outlets were scraped, not what changed.
    """
    if coverage.empty:
        return "No article has a publication date: there is no timeline to check."
    unit = str(coverage.attrs.get("period", "week"))
    n_all = int(coverage["articles"].sum())
    busiest = coverage.loc[coverage["articles"].idxmax()]
    main = coverage.attrs.get("main_outlets", [])
    share = coverage.attrs.get("min_share", None)
    complete = coverage[coverage["complete"]]
    parts = [
        f"**Who is in each {unit}?** The busiest {unit} ({busiest['period']:%Y-%m-%d}) holds "
        f"{busiest['articles']:,} of the {n_all:,} dated articles "
        f"({busiest['articles'] / n_all:.0%})."
    ]
    n_periods = len(coverage)
    plural = "s" if n_periods != 1 else ""
    if len(main) > 1:
        shown = f"at least {share:.0%} of the articles each" if share else "main outlets"
        span = (
            f" ({complete['period'].min():%Y-%m-%d} to {complete['period'].max():%Y-%m-%d})"
            if len(complete)
            else ""
        )
        parts.append(
            f"All {len(main)} main outlets ({shown}) publish in {len(complete)} of "
            f"{n_periods} {unit}{plural}{span}."
        )
    single = coverage[coverage["n_outlets"] == 1]
    if len(main) > 1 and len(single):
        by_outlet = single["top_outlet"].value_counts()
        who = ", ".join(f"{name} in {n}" for name, n in by_outlet.head(3).items())
        s = "s" if len(single) != 1 else ""
        parts.append(f"In {len(single)} {unit}{s} a single outlet publishes every article ({who}).")
    if len(main) > 1:
        c = "s" if len(complete) != 1 else ""
        parts.append(
            f"Only the {len(complete)} complete {unit}{c} {'goes' if len(complete) == 1 else 'go'} "
            f"into {what}; a line over all "
            f"{unit}s would follow which outlets were scraped, not what changed."
            if len(complete)
            else f"No {unit} has every main outlet: read {what} outlet by outlet."
        )
    return " ".join(parts)
