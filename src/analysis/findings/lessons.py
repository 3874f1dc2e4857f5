"""The lessons' Key findings, computed from the result tables each lesson already has.

Each function returns a :class:`~analysis.findings.Findings` of at least three
sentences whatever the corpus (one outlet, no dates, one article): where a result is
missing it says so, and why, instead of failing. Every number in a sentence comes
from the tables passed in.

Why one module of about 650 lines: the five lessons' writers share their wording
helpers (counts, quoted terms, measure names) and are read together, so the
sentences stay consistent from page to page; most of the length is docstring examples.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from .display import Finding, Findings, join_names

if TYPE_CHECKING:
    from ..topics import TopicModel

__all__ = [
    "MEASURES",
    "QUESTIONS",
    "article_findings",
    "composition_warnings",
    "corpus_findings",
    "readability_findings",
    "sentiment_findings",
    "terms_findings",
    "topics_findings",
]

#: What each lesson's page answers, one line (the index shows it under the page's name).
QUESTIONS = {
    "corpus": "What does the corpus hold, what was left out, and when and how long are its "
    "articles?",
    "readability": "How hard are these articles to read, and do outlets differ beyond the "
    "uncertainty?",
    "terms": "Which words does each outlet use, and which set one outlet apart?",
    "topics": "Which themes run through the corpus, and which outlets write about which?",
    "article": "How does one article compare with the corpus: readability, words and topics?",
    "sentiment": "How do outlets differ in dictionary categories and sentiment, and which "
    "words set two of them apart?",
}

#: Readable names of readability measures: (name, unit of one value).
MEASURES = {
    "flesch_kincaid_grade": ("Flesch-Kincaid grade", "US school grade"),
    "gunning_fog": ("Gunning fog index", "years of schooling"),
    "smog_index": ("SMOG index", "years of schooling"),
    "coleman_liau_index": ("Coleman-Liau index", "US school grade"),
    "automated_readability_index": ("automated readability index", "US school grade"),
    "dale_chall_readability_score": ("Dale-Chall score", "points"),
    "flesch_reading_ease": ("Flesch reading ease", "points, higher is easier"),
}


def _measure_name(measure: str) -> str:
    return MEASURES.get(measure, (measure.replace("_", " "), ""))[0]


def _n(count: int, noun: str, plural: str | None = None) -> str:
    """``"1 article"``, ``"1,234 articles"``."""
    return f"{count:,} {noun if count == 1 else (plural or noun + 's')}"


def _quoted(terms: Iterable[str], limit: int = 3) -> str:
    return join_names([f"“{t}”" for t in list(terms)[:limit]])


def composition_warnings(
    articles: pd.DataFrame, *, by: str = "source", ratio: float = 10.0
) -> list[str]:
    """Sentences warning where the corpus's make-up can mislead a comparison.

    Outlets of very different sizes (the largest ``ratio`` times the smallest or more,
    or one outlet holding more than half the articles) and outlets whose articles
    cover less than half of the corpus's date range.

    Examples
    --------
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"source": ["a"] * 30 + ["b"] * 2,
    ...                      "published": pd.NaT})
    >>> composition_warnings(arts)[0]
    'Outlets differ a lot in size: a has 30 articles (94% of the corpus), b only 2; comparisons between outlets weigh b on very few articles.'
    """
    out: list[str] = []
    sizes = articles[by].value_counts() if by in articles else None
    if sizes is not None and len(sizes) > 1:
        big, small = sizes.index[0], sizes.index[-1]
        if sizes.iloc[0] >= ratio * sizes.iloc[-1] or sizes.iloc[0] > sizes.sum() / 2:
            out.append(
                f"Outlets differ a lot in size: {big} has {_n(int(sizes.iloc[0]), 'article')} "
                f"({sizes.iloc[0] / sizes.sum():.0%} of the corpus), {small} only "
                f"{sizes.iloc[-1]:,}; comparisons between outlets weigh {small} on very few "
                "articles."
            )
    if "published" in articles and sizes is not None and len(sizes) > 1:
        dated = articles.dropna(subset=["published"])
        if len(dated) and dated["published"].max() > dated["published"].min():
            span = dated["published"].max() - dated["published"].min()
            ranges = dated.groupby(by)["published"].agg(["min", "max"])
            short = ranges[(ranges["max"] - ranges["min"]) < span / 2].index.tolist()
            if short:
                first, last = (d.date().isoformat() for d in (dated["published"].min(),
                                                               dated["published"].max()))  # fmt: skip
                who = (
                    f"{short[0]} covers"
                    if len(short) == 1
                    else f"{len(short)} of {len(ranges)} outlets ({join_names(short[:4])}"
                    f"{', ...' if len(short) > 4 else ''}) cover"
                )
                out.append(
                    f"{who} less than half of the corpus's dates ({first} to {last}); "
                    "changes over time may be changes of outlet."
                )
    return out


def corpus_findings(
    articles: pd.DataFrame, report: pd.DataFrame | None = None, *, by: str = "source"
) -> Findings:
    """Findings of lesson 01: what the corpus holds, what was left out, when, how long.

    Parameters
    ----------
    articles : DataFrame
        The articles frame (``source``, ``published``, ``n_words``).
    report : DataFrame, optional
        The load report (``status``).

    Examples
    --------
    >>> import pandas as pd
    >>> arts = pd.DataFrame({"source": ["a", "a", "b"], "n_words": [100, 300, 50],
    ...                      "published": pd.to_datetime(["2017-01-02", "2017-01-03", None],
    ...                                                  utc=True)})
    >>> for f in corpus_findings(arts, pd.DataFrame({"status": ["loaded"] * 3 + ["empty"]})):
    ...     print(f.text)
    The corpus holds 3 articles from 2 outlets; the largest, a, published 2 (67%).
    Of 4 input records, 3 were loaded; 1 empty record was left out, each with its reason in the load report.
    2 of 3 articles carry a date, from 2017-01-02 to 2017-01-03; the busiest week (starting 2017-01-02) had 2.
    The median article has 100 words; a writes the longest (median 200 words) and b the shortest (50).
    """
    items = [_composition(articles, by)]
    if report is not None and "status" in report:
        items.append(_load_outcome(report))
    items.append(_dates(articles))
    items.append(_lengths(articles, by))
    return Findings(items, question=QUESTIONS["corpus"])


def _composition(articles, by: str) -> Finding:
    sizes = articles[by].value_counts()
    where = "Who published how much?"
    if sizes.empty:
        return Finding("The corpus holds no article.", where)
    if len(sizes) == 1:
        return Finding(
            f"All {_n(len(articles), 'article')} come from one outlet, {sizes.index[0]}, "
            "so outlets cannot be compared.",
            where,
        )
    return Finding(
        f"The corpus holds {_n(len(articles), 'article')} from {len(sizes):,} outlets; the "
        f"largest, {sizes.index[0]}, published {sizes.iloc[0]:,} "
        f"({sizes.iloc[0] / len(articles):.0%}).",
        where,
    )


#: How the load report's statuses read in a sentence: (one, many).
_STATUS_WORDS = {
    "duplicate": ("duplicate", "duplicates"),
    "empty": ("empty record", "empty records"),
    "not_article": ("page that is not an article", "pages that are not articles"),
    "rejected": ("rejected record", "rejected records"),
}


def _load_outcome(report) -> Finding:
    counts = report["status"].value_counts()
    loaded = int(counts.get("loaded", 0))
    left = [
        _n(int(v), *_STATUS_WORDS.get(str(k), (str(k).replace("_", " "),) * 2))
        for k, v in counts.items()
        if k != "loaded"
    ]
    rest = (
        f"{join_names(left)} {'was' if sum(counts) - loaded == 1 else 'were'} left out, each "
        "with its reason in the load report"
        if left
        else "none was left out"
    )
    return Finding(
        f"Of {_n(len(report), 'input record')}, {loaded:,} were loaded; {rest}.",
        "What the load report says",
    )


def _dates(articles) -> Finding:
    where = "When? Articles per period"
    published = articles["published"].dropna() if "published" in articles else articles.iloc[:0]
    if published.empty:
        return Finding(
            "No article carries a publication date, so this corpus says nothing about "
            "when things were published.",
            where,
        )
    weeks = published.dt.tz_localize(None) if published.dt.tz is None else published
    weeks = weeks.dt.tz_convert(None).dt.to_period("W").dt.start_time.value_counts()
    first, last = published.min().date().isoformat(), published.max().date().isoformat()
    return Finding(
        f"{len(published):,} of {_n(len(articles), 'article')} carry a date, from {first} to "
        f"{last}; the busiest week (starting {weeks.index[0].date().isoformat()}) had "
        f"{weeks.iloc[0]:,}.",
        where,
    )


def _lengths(articles, by: str) -> Finding:
    where = "How long are the articles?"
    words = articles["n_words"].dropna()
    if words.empty:
        return Finding("No article has a word count.", where)
    text = f"The median article has {words.median():,.0f} words"
    medians = articles.groupby(by)["n_words"].median().sort_values(ascending=False)
    if len(medians) > 1:
        text += (
            f"; {medians.index[0]} writes the longest (median {medians.iloc[0]:,.0f} words) "
            f"and {medians.index[-1]} the shortest ({medians.iloc[-1]:,.0f})"
        )
    return Finding(text + ".", where)


def readability_findings(
    by_outlet: pd.DataFrame,
    *,
    measure: str,
    by: str = "source",
    shift: pd.DataFrame | None = None,
    min_articles: int = 10,
) -> Findings:
    """Findings of lesson 02 from :func:`analysis.readability.compare_groups`'s table.

    Parameters
    ----------
    by_outlet : DataFrame
        One row per outlet: ``by``, ``n``, ``mean``, ``mean_low``, ``mean_high``.
    measure : str
        The measure compared (e.g. ``"flesch_kincaid_grade"``).
    shift : DataFrame, optional
        Mean score per outlet with each sentence splitter (index: outlet; a ``change``
        column), from the lesson's "Sentence splitting" section.
    min_articles : int, default 10
        Outlets with fewer scored articles are named as uncertain.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"source": ["tass", "bbc", "dw"], "n": [40, 30, 3],
    ...     "mean": [13.8, 9.1, 11.0], "mean_low": [13.2, 8.6, 8.0],
    ...     "mean_high": [14.4, 9.6, 14.0]})
    >>> for f in readability_findings(table, measure="flesch_kincaid_grade"):
    ...     print(f.text)
    tass (13.8) is the hardest to read on the Flesch-Kincaid grade and bbc (9.1) the easiest.
    The gap between tass and bbc (4.7) is larger than the uncertainty: their 95% intervals do not overlap.
    Across 73 scored articles the average is 11.8 (US school grade).
    dw has fewer than 10 scored articles, so its average is uncertain (8.0 to 14.0).
    """
    name, unit = MEASURES.get(measure, (measure.replace("_", " "), ""))
    where = "Outlets compared, with uncertainty"
    table = by_outlet.dropna(subset=["mean"]).sort_values("mean", ascending=False)
    if table.empty:
        return Findings(
            [
                Finding(f"No article could be scored on the {name}.", "The measures"),
                Finding("Outlets cannot be compared without scores.", where),
                Finding("Longer texts in full sentences are needed for these formulas.", None),
            ],
            question=QUESTIONS["readability"],
        )
    items = [_hardest(table, by, name, where), _gap(table, by, where)]
    total = int(table["n"].sum())
    overall = float((table["mean"] * table["n"]).sum() / total)
    items.append(
        Finding(
            f"Across {_n(total, 'scored article')} the average is {overall:.1f}"
            + (f" ({unit})." if unit else "."),
            "The measures",
        )
    )
    small = table[table["n"] < min_articles]
    if len(small) and len(table) > 1:
        items.append(_few_articles(small, by, min_articles, where))
    if shift is not None and len(shift) and "change" in shift:
        change = shift["change"].abs().sort_values(ascending=False)
        items.append(
            Finding(
                f"A more careful sentence splitter moves outlet averages by up to "
                f"{change.iloc[0]:.1f} ({change.index[0]}): scores depend on how sentences "
                "are counted.",
                "Sentence splitting changes the scores",
            )
        )
    return Findings(items, question=QUESTIONS["readability"])


def _few_articles(small, by: str, min_articles: int, where: str) -> Finding:
    names = join_names(small[by].astype(str).tolist()[:4]) + (", ..." if len(small) > 4 else "")
    if len(small) > 1:
        return Finding(
            f"{names} have fewer than {min_articles} scored articles each, so their averages "
            "are uncertain.",
            where,
        )
    row = small.iloc[0]
    if row["n"] < 2:
        return Finding(
            f"{names}'s average rests on a single article: read it as one example.", where
        )
    return Finding(
        f"{names} has fewer than {min_articles} scored articles, so its average is uncertain "
        f"({row['mean_low']:.1f} to {row['mean_high']:.1f}).",
        where,
    )


def _hardest(table, by: str, name: str, where: str) -> Finding:
    def named(rows) -> list[str]:
        return [f"{r[by]} ({r['mean']:.1f})" for _, r in rows.iterrows()]

    if len(table) == 1:
        row = table.iloc[0]
        return Finding(
            f"All scored articles come from {row[by]}: its average {name} is "
            f"{row['mean']:.1f}; there is no other outlet to compare it with.",
            where,
        )
    if len(table) < 4:
        return Finding(
            f"{named(table.head(1))[0]} is the hardest to read on the {name} and "
            f"{named(table.tail(1))[0]} the easiest.",
            where,
        )
    return Finding(
        f"{join_names(named(table.head(2)))} are the hardest to read on the {name}; "
        f"{join_names(named(table.tail(2).iloc[::-1]))} the easiest.",
        where,
    )


def _gap(table, by: str, where: str) -> Finding:
    top, bottom = table.iloc[0], table.iloc[-1]
    if len(table) == 1:
        return Finding(
            f"The 95% interval of that average runs from {top['mean_low']:.1f} to "
            f"{top['mean_high']:.1f}.",
            where,
        )
    gap = top["mean"] - bottom["mean"]
    pair = f"{top[by]} and {bottom[by]}"
    if top["mean_low"] > bottom["mean_high"]:
        text = (
            f"The gap between {pair} ({gap:.1f}) is larger than the uncertainty: their 95% "
            "intervals do not overlap."
        )
    else:
        text = (
            f"The gap between {pair} ({gap:.1f}) is within the uncertainty: their 95% "
            "intervals overlap, so this corpus cannot tell them apart."
        )
    return Finding(text, where)


def terms_findings(
    freq: pd.DataFrame,
    *,
    top: pd.DataFrame | None = None,
    keyness: pd.DataFrame | None = None,
    target: str | None = None,
    by: str = "source",
) -> Findings:
    """Findings of lesson 03: the commonest terms, each outlet's own, one outlet's keyness.

    Parameters
    ----------
    freq : DataFrame
        :func:`analysis.terms.frequencies` (``term``, ``count``, ``rel_freq``).
    top : DataFrame, optional
        :func:`analysis.terms.top_terms` by outlet (``by``, ``rank``, ``term``).
    keyness : DataFrame or None
        :func:`analysis.terms.keyness` of ``target`` against the rest, None when skipped.
    target : str, optional
        The outlet compared in ``keyness``.

    Examples
    --------
    >>> import pandas as pd
    >>> freq = pd.DataFrame({"term": ["said", "trump", "mr"], "count": [700, 300, 200],
    ...                      "rel_freq": [0.015, 0.007, 0.004]})
    >>> for f in terms_findings(freq, keyness=None, target="tass.com"):
    ...     print(f.text)
    The most frequent terms are “said”, “trump” and “mr”; “said” alone is 1.5% of all counted words.
    No outlet has characteristic terms here: tf-idf per outlet needs at least two outlets, and a term every outlet uses weighs nothing.
    Keyness was not computed: tass.com needs articles of its own and of other outlets to compare.
    """
    items = []
    if freq is None or len(freq) == 0:
        items.append(Finding("No term is frequent enough to count.", "Most frequent terms"))
    else:
        first = freq.iloc[0]
        items.append(
            Finding(
                f"The most frequent terms are {_quoted(freq['term'])}; “{first['term']}” alone "
                f"is {first['rel_freq']:.1%} of all counted words.",
                "Most frequent terms",
            )
        )
    if top is not None and len(top) and by in top:
        groups = list(dict.fromkeys(top[by]))
        if len(groups) > 1:
            shared = top.groupby("term")[by].nunique()
            shared = set(shared[shared > max(1, len(groups) / 2)].index)
            own = top[~top["term"].isin(shared)].sort_values([by, "rank"])
            parts = [
                f"{g}: {_quoted(own.loc[own[by] == g, 'term'], 2)}"
                for g in groups
                if (own[by] == g).any()
            ][:3]
            common = (
                f"Beyond words all outlets use ({_quoted(sorted(shared), 3)}), " if shared else ""
            )
            items.append(
                Finding(
                    f"{common}{'e' if common else 'E'}ach outlet has its own vocabulary; most "
                    f"characteristic (tf-idf) are {'; '.join(parts) or 'no term of its own'}.",
                    "Characteristic terms: tf-idf per outlet",
                )
            )
        else:
            items.append(
                Finding(
                    f"All articles come from {groups[0]}, so there is no other outlet's "
                    "vocabulary to set it against.",
                    "Characteristic terms: tf-idf per outlet",
                )
            )
    else:
        items.append(
            Finding(
                "No outlet has characteristic terms here: tf-idf per outlet needs at least two "
                "outlets, and a term every outlet uses weighs nothing.",
                "Characteristic terms: tf-idf per outlet",
            )
        )
    items.append(_keyness(keyness, target))
    return Findings(items, question=QUESTIONS["terms"])


def _keyness(key, target) -> Finding:
    where = "Keyness: one outlet against the rest"
    who = target or "the chosen outlet"
    if key is None or len(key) == 0:
        return Finding(
            f"Keyness was not computed: {who} needs articles of its own and of other "
            "outlets to compare.",
            where,
        )
    significant = key[key["p_value"] < 0.05] if "p_value" in key else key
    over = significant[significant["log_ratio"] > 0]["term"]
    under = significant[significant["log_ratio"] < 0].iloc[::-1]["term"]
    if over.empty and under.empty:
        return Finding(
            f"No term is significantly more or less frequent in {who} than elsewhere "
            "(too few articles to tell).",
            where,
        )
    text = f"Compared with the other outlets, {who} over-uses {_quoted(over) or 'no term'}"
    if len(under):
        text += f" and under-uses {_quoted(under)}"
    return Finding(text + " (significant at 5%).", where)


def topics_findings(
    model: TopicModel | None,
    *,
    articles: pd.DataFrame,
    prevalence: pd.DataFrame | None = None,
    sweep: pd.DataFrame | None = None,
    by: str = "source",
    min_docs: int = 50,
) -> Findings:
    """Findings of lesson 04: how many themes, the largest, who writes most about what.

    Parameters
    ----------
    model : analysis.topics.TopicModel or None
        The fitted model; None when the lesson skipped topics (too few articles).
    articles : DataFrame
        The articles modelled.
    prevalence : DataFrame, optional
        :func:`analysis.topics.prevalence` by ``by`` (``topic``, ``label``, ``share``).
    sweep : DataFrame, optional
        :func:`analysis.topics.select_k` (``k``; ``attrs["recommended_k"]``).
    min_docs : int, default 50
        The lesson's threshold, named when topics were skipped.

    Examples
    --------
    >>> import pandas as pd
    >>> for f in topics_findings(None, articles=pd.DataFrame({"source": ["a"] * 5})):
    ...     print(f.text)
    Topics were not modelled: 5 articles are too few (the lesson needs at least 50).
    With so few articles, read them one by one: a model would only restate their words.
    All 5 articles come from one outlet, a.
    """
    if model is None:
        return _no_topics(articles, by, min_docs)
    labels = model.labels_
    prevalence_ = model.prevalence_.sort_values(ascending=False)
    biggest, smallest = prevalence_.index[0], prevalence_.index[-1]
    items = [
        Finding(
            f"The model finds {model.k} topics; the largest, “{labels[biggest]}”, takes "
            f"{prevalence_.iloc[0]:.0%} of the average article and the smallest, "
            f"“{labels[smallest]}”, {prevalence_.iloc[-1]:.0%}.",
            "The topics",
        )
    ]
    if sweep is not None and len(sweep) and "k" in sweep:
        ks = join_names([str(int(k)) for k in sweep["k"]], conjunction="or")
        items.append(
            Finding(
                f"{model.k} topics were kept after comparing {ks} topics on coherence "
                "(do a topic's words occur together?) and stability (across seeds).",
                "Choosing k: coherence and stability",
            )
        )
    items.append(_focus(prevalence, model, by))
    return Findings(items, question=QUESTIONS["topics"])


def _no_topics(articles, by: str, min_docs: int) -> Findings:
    n = len(articles)
    sizes = articles[by].value_counts() if by in articles else None
    if sizes is not None and len(sizes) == 1:
        outlets = f"All {_n(n, 'article')} come from one outlet, {sizes.index[0]}."
    elif sizes is not None and len(sizes):
        outlets = f"The {_n(n, 'article')} come from {len(sizes):,} outlets."
    else:
        outlets = f"The corpus holds {_n(n, 'article')}."
    return Findings(
        [
            Finding(
                f"Topics were not modelled: {_n(n, 'article')} "
                f"{'is' if n == 1 else 'are'} too few (the lesson needs at least {min_docs}).",
                None,
            ),
            Finding(
                "With so few articles, read them one by one: a model would only restate "
                "their words.",
                None,
            ),
            Finding(outlets, None),
        ],
        question=QUESTIONS["topics"],
    )


def _focus(prevalence, model, by: str) -> Finding:
    where = "Prevalence by outlet and by week"
    if prevalence is None or len(prevalence) == 0 or by not in prevalence:
        return Finding(
            f"On average an article's main topic takes "
            f"{model.doc_topics_.max(axis=1).mean():.0%} of it.",
            "The topics",
        )
    overall = model.prevalence_
    lift = prevalence.assign(overall=prevalence["topic"].map(overall))
    lift = lift.assign(ratio=lift["share"] / lift["overall"].where(lift["overall"] > 0))
    if lift[by].nunique() == 1:
        row = lift.sort_values("share", ascending=False).iloc[0]
        return Finding(
            f"All articles come from {row[by]}, whose main topic is “{row['label']}” "
            f"({row['share']:.0%}).",
            where,
        )
    row = lift.sort_values("ratio", ascending=False).iloc[0]
    return Finding(
        f"{row[by]} writes most about “{row['label']}”: {row['share']:.0%} of its average "
        f"article, against {row['overall']:.0%} across the corpus.",
        where,
    )


def article_findings(
    one: pd.DataFrame,
    *,
    one_scores: pd.DataFrame,
    corpus_scores: pd.DataFrame,
    measure: str,
    paragraphs: pd.DataFrame | None = None,
    keyness: pd.DataFrame | None = None,
    resemblance: pd.DataFrame | None = None,
) -> Findings:
    """Findings of lesson 05: one article's readability, words and topics against the corpus.

    Parameters
    ----------
    one : DataFrame
        The article (one row: ``title``, ``source``, ``n_words``).
    one_scores, corpus_scores : DataFrame
        :func:`analysis.readability.readability` of the article and of the corpus
        (``corpus_scores`` may be empty: no reference corpus).
    measure : str
    paragraphs : DataFrame, optional
        Paragraph scores of the article.
    keyness : DataFrame, optional
        The article's terms against the corpus (None when not computed).
    resemblance : DataFrame, optional
        The article's main topics (``share``, ``label``), None when not computed.

    Examples
    --------
    >>> import pandas as pd
    >>> one = pd.DataFrame({"title": ["Grain talks"], "source": ["x.com"], "n_words": [300]})
    >>> scores = pd.DataFrame({"flesch_kincaid_grade": [12.0]})
    >>> corpus = pd.DataFrame({"flesch_kincaid_grade": [8.0, 10.0, 14.0, 11.0]})
    >>> for f in article_findings(one, one_scores=scores, corpus_scores=corpus,
    ...                           measure="flesch_kincaid_grade"):
    ...     print(f.text)
    “Grain talks” (x.com, 300 words) scores 12.0 on the Flesch-Kincaid grade: harder to read than 75% of the 4 corpus articles.
    Its distinctive words were not computed: there is no reference corpus to compare with.
    Its topics were not computed: the reference corpus is too small for a topic model.
    """
    name = _measure_name(measure)
    row = one.iloc[0]
    grade = float(one_scores[measure].iloc[0]) if len(one_scores) else float("nan")
    who = (
        f"“{row.get('title', 'The article')}” ({row.get('source', '?')}, {row['n_words']:,} words)"
    )
    valid = corpus_scores[measure].dropna() if len(corpus_scores) else corpus_scores
    where = "Readability against the corpus"
    if grade != grade:
        items = [Finding(f"{who} could not be scored on the {name} (too short).", where)]
    elif len(valid):
        items = [
            Finding(
                f"{who} scores {grade:.1f} on the {name}: harder to read than "
                f"{(valid < grade).mean():.0%} of the {_n(len(valid), 'corpus article')}.",
                where,
            )
        ]
    else:
        items = [
            Finding(
                f"{who} scores {grade:.1f} on the {name}; there is no reference corpus to "
                "compare it with.",
                where,
            )
        ]
    if paragraphs is not None and paragraphs[measure].notna().sum() > 1:
        scores = paragraphs[measure].dropna()
        items.append(
            Finding(
                f"Its {len(scores)} scored paragraphs range from {scores.min():.1f} to "
                f"{scores.max():.1f}.",
                where,
            )
        )
    where = "Distinctive terms: effect size first"
    if keyness is None or len(keyness) == 0:
        items.append(
            Finding(
                "Its distinctive words were not computed: there is no reference corpus to "
                "compare with.",
                where,
            )
        )
    else:
        over = keyness[keyness["log_ratio"] > 0]["term"]
        items.append(
            Finding(f"Its most distinctive words (by log ratio) are {_quoted(over, 4)}.", where)
        )
    where = "Which topics does it resemble?"
    if resemblance is None or len(resemblance) == 0:
        items.append(
            Finding(
                "Its topics were not computed: the reference corpus is too small for a "
                "topic model.",
                where,
            )
        )
    else:
        first = resemblance.iloc[0]
        items.append(
            Finding(
                f"It most resembles the corpus topic “{first['label']}” "
                f"({first['share']:.0%} of the article).",
                where,
            )
        )
    return Findings(items, question=QUESTIONS["article"])


def sentiment_findings(
    *,
    rates: pd.DataFrame,
    categories: Iterable[str],
    sentences: pd.DataFrame,
    outlet_mood: pd.DataFrame,
    pair: tuple[str, str] | None = None,
    log_odds: pd.DataFrame | None = None,
    threshold: float = 0.05,
) -> Findings:
    """Key findings of the dictionaries-and-sentiment lesson (06).

    Parameters
    ----------
    rates : DataFrame
        Dictionary category rates per 1,000 tokens, one row per outlet (index), one
        column per category.
    categories : iterable of str
        The dictionary's categories (columns of ``rates``).
    sentences : DataFrame
        Sentence scores from :func:`analysis.sentiment.sentiment` (a ``compound`` column).
    outlet_mood : DataFrame
        Per outlet (index): ``negative_sentences``, the mean share of negative sentences
        per article.
    pair : tuple of two str, optional
        The two outlets compared; None when the corpus has fewer than two.
    log_odds : DataFrame, optional
        :func:`analysis.terms.weighted_log_odds` for ``pair`` (``source``, ``term``,
        ``weighted_log_odds``), sorted within each outlet.
    threshold : float, default 0.05
        ``|compound|`` below it is neutral (VADER's convention).

    Examples
    --------
    >>> import pandas as pd
    >>> rates = pd.DataFrame({"conflict": [4.0, 1.0]}, index=["a", "b"])
    >>> sentences = pd.DataFrame({"compound": [0.0, -0.6, 0.7, 0.01]})
    >>> mood = pd.DataFrame({"negative_sentences": [0.5, 0.1]}, index=["a", "b"])
    >>> print(sentiment_findings(rates=rates, categories=["conflict"], sentences=sentences,
    ...                          outlet_mood=mood, pair=("a", "b")))
    - The largest dictionary gap is “conflict”: a 4.00 and b 1.00 per 1,000 tokens.
    - a has more negative sentences per article (50%) than b (10%).
    - VADER calls 50% of 4 sentences neutral (|compound| below 0.05): most sentences carry no lexicon sentiment.
    """
    categories = list(categories)
    dictionary = "1. A dictionary of your own"
    vader = "2. Sentiment with VADER"
    odds = "4. Which words set the two outlets apart? Weighted log-odds"
    neutral = float(sentences["compound"].abs().lt(threshold).mean()) if len(sentences) else 0.0
    items = []
    if pair is None:
        found = [c for c in categories if c in rates and rates[c].sum() > 0]
        items.append(
            Finding(
                f"The corpus has {_n(len(rates), 'outlet')}, so no two outlets are compared; "
                f"dictionary categories found: {join_names(found) or 'none'}.",
                dictionary,
            )
        )
        scores = sentences["compound"]
        items.append(
            Finding(
                f"{(scores >= threshold).mean():.0%} of the sentences lean positive and "
                f"{(scores <= -threshold).mean():.0%} negative by VADER's lexicon.",
                vader,
            )
        )
    else:
        a, b = pair
        gaps = (rates.loc[a, categories] - rates.loc[b, categories]).abs()
        top = gaps.idxmax()
        items.append(
            Finding(
                f"The largest dictionary gap is “{top}”: {a} {rates.loc[a, top]:.2f} and "
                f"{b} {rates.loc[b, top]:.2f} per 1,000 tokens.",
                dictionary,
            )
        )
        neg = outlet_mood.loc[list(pair), "negative_sentences"]
        more, less = (a, b) if neg[a] >= neg[b] else (b, a)
        items.append(
            Finding(
                f"{more} has more negative sentences per article ({neg[more]:.0%}) than "
                f"{less} ({neg[less]:.0%}).",
                vader,
            )
        )
    items.append(
        Finding(
            f"VADER calls {neutral:.0%} of {_n(len(sentences), 'sentence')} neutral (|compound| "
            f"below {threshold:g}): "
            + (
                "most sentences carry no lexicon sentiment."
                if neutral >= 0.5
                else "most sentences carry some lexicon sentiment."
            ),
            vader,
        )
    )
    if pair is not None and log_odds is not None and len(log_odds):
        tops = [
            f"{o}: {_quoted(log_odds[log_odds['source'] == o]['term'])}"
            for o in pair
            if (log_odds["source"] == o).any()
        ]
        items.append(
            Finding("Most distinctive words (weighted log-odds) — " + "; ".join(tops) + ".", odds)
        )
    return Findings(items, question=QUESTIONS["sentiment"])
