"""Corpus overview tables: what was loaded, from where, when, and how long.

These feed the first lesson notebook and the report's index page. Every function
takes the articles frame (and the load report) from :func:`analysis.load_corpus`
and returns a tidy DataFrame.
"""

from __future__ import annotations

import pandas as pd

from ._shim import renamed
from .periods import period_alias

__all__ = ["articles_per_period", "length_summary", "report_summary", "section_note"]


def report_summary(report: pd.DataFrame) -> pd.DataFrame:
    """Count the load report's records by status, with the most common reasons.

    Parameters
    ----------
    report : DataFrame
        The load report: one row per input record with ``status`` and ``reason``.

    Returns
    -------
    DataFrame
        Columns ``status``, ``records``, ``share`` and ``example_reason``, one row per
        status, largest first.

    Examples
    --------
    >>> rep = pd.DataFrame({"status": ["loaded", "loaded", "empty"],
    ...                     "reason": ["", "", "row 3 has no text"]})
    >>> report_summary(rep)[["status", "records"]].to_dict("records")
    [{'status': 'loaded', 'records': 2}, {'status': 'empty', 'records': 1}]
    """
    if report.empty:
        return pd.DataFrame(columns=["status", "records", "share", "example_reason"])
    reasons = report["reason"].fillna("").astype(str)
    grouped = report.assign(reason=reasons).groupby("status", sort=False)
    out = grouped.size().rename("records").reset_index()
    out["share"] = out["records"] / out["records"].sum()
    example = grouped["reason"].agg(lambda s: next((r for r in s if r), ""))
    out["example_reason"] = out["status"].map(example)
    return out.sort_values("records", ascending=False, kind="stable").reset_index(drop=True)


@renamed(freq="period")
def articles_per_period(
    articles: pd.DataFrame, *, period: str = "week", by: str | None = "source"
) -> pd.DataFrame:
    """Count articles per period (and group), ready for a line or bar plot.

    Parameters
    ----------
    articles : DataFrame
        Articles frame with a ``published`` column (UTC datetimes; NaT rows are left out).
    period : str, default "week"
        ``"day"``, ``"week"``, ``"month"``, ``"quarter"`` or ``"year"``, or a pandas
        period alias such as ``"W"`` (``freq=`` is the deprecated spelling).
    by : str or None, default "source"
        Group column, or None for the whole corpus.

    Returns
    -------
    DataFrame
        Columns ``period`` (start timestamp), ``by`` (when given) and ``articles``.

    Examples
    --------
    >>> arts = pd.DataFrame({"published": pd.to_datetime(["2017-01-02", "2017-01-03",
    ...                      "2017-01-10"], utc=True), "source": ["a", "b", "a"]})
    >>> articles_per_period(arts, by=None)["articles"].tolist()
    [2, 1]
    """
    dated = articles.dropna(subset=["published"])
    start = dated["published"].dt.tz_convert(None).dt.to_period(period_alias(period))
    keys = [start.dt.start_time.rename("period")] + ([dated[by]] if by else [])
    return dated.groupby(keys, observed=True).size().rename("articles").reset_index()


def length_summary(articles: pd.DataFrame, *, by: str = "source") -> pd.DataFrame:
    """Article length in words per group: count, mean, quartiles, min and max.

    Examples
    --------
    >>> arts = pd.DataFrame({"n_words": [100, 300, 50], "source": ["a", "a", "b"]})
    >>> float(length_summary(arts).loc["a", "median"])
    200.0
    """
    stats = articles.groupby(by)["n_words"].describe()
    stats = stats.rename(columns={"50%": "median", "25%": "q1", "75%": "q3"})
    return stats[["count", "mean", "q1", "median", "q3", "min", "max"]].sort_values(
        "count", ascending=False
    )


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def section_note(
    articles: pd.DataFrame,
    *,
    section: str,
    min_articles: int = 1,
    min_dated: int = 0,
    hint: str = "",
) -> str:
    """Why a notebook section cannot run on this corpus, as one Markdown sentence.

    Lesson notebooks run on any corpus the loader accepts, including a folder of
    undated plain-text files or a single article. A section that needs more calls
    this first and, when the answer is not empty, shows it instead of its analysis
    (``display(Markdown(note))``).

    Parameters
    ----------
    articles : DataFrame
        The articles frame (``published`` is read when ``min_dated`` is given).
    section : str
        The section's name, shown in bold.
    min_articles, min_dated : int
        How many articles, and how many with a publication date, the section needs.
    hint : str, optional
        A sentence appended to the note (what the reader can do about it).

    Returns
    -------
    str
        ``""`` when the corpus meets every requirement, else a sentence that names
        the section, what it needs and what the corpus has (counts only; no scraped
        text, so it is safe to render as Markdown).

    Examples
    --------
    >>> arts = pd.DataFrame({"published": pd.to_datetime([None, None], utc=True),
    ...                      "source": ["a", "a"]})
    >>> section_note(arts, section="Articles per period", min_dated=1)
    '**Articles per period** is skipped: it needs publication dates (0 of 2 articles dated; plain-text files carry none).'
    >>> section_note(arts, section="Topics", min_articles=10, min_dated=5, hint="Add more.")
    '**Topics** is skipped: it needs at least 10 articles (this corpus has 2) and at least 5 dated articles (0 of 2 articles dated; plain-text files carry none). Add more.'
    >>> section_note(arts, section="Lengths")
    ''
    """
    n = len(articles)
    needs = []
    if n < min_articles:
        needs.append(f"at least {_n(min_articles, 'article')} (this corpus has {n:,})")
    if min_dated:
        dated = int(articles["published"].notna().sum()) if "published" in articles else 0
        if dated < min_dated:
            what = (
                "publication dates" if min_dated == 1 else f"at least {min_dated:,} dated articles"
            )
            why = "; plain-text files carry none" if dated == 0 else ""
            needs.append(f"{what} ({dated:,} of {_n(n, 'article')} dated{why})")
    if not needs:
        return ""
    note = f"**{section}** is skipped: it needs {' and '.join(needs)}."
    return f"{note} {hint}" if hint else note
