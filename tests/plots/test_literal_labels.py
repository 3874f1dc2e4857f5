"""Every plot in analysis.plots shows scraped text literally and survives hostile labels.

Outlet names, titles, terms and paragraphs come from scraped pages. A ``$`` pair in
them must not reach matplotlib's mathtext parser (``$\\href{a}{b}$`` and ``$x^$``
raise at draw time), and a very long label must not squeeze the plot to nothing.
"""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from analysis import plots
from analysis.plots._common import LABEL_CHARS, literal

HOSTILE = [
    r"$\href{a}{b}$",
    "$x^$",
    "\n",
    "two\nlines $a$ and $b$",
    "100% {} {0} %s %(x)s",
    "very long label " * 20,
]
N = len(HOSTILE)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _articles():
    return pd.DataFrame(
        {
            "source": HOSTILE * 2,
            "n_words": np.arange(2 * N) * 10 + 5,
            "published": pd.date_range("2017-01-02", periods=2 * N, freq="3D", tz="UTC"),
        }
    )


def _scores():
    rng = np.random.default_rng(0)
    scores = pd.DataFrame(
        rng.normal(10, 2, size=(2 * N, 3)),
        columns=["flesch_kincaid_grade", HOSTILE[0], HOSTILE[-1]],
    )
    return scores


def _units():
    return pd.DataFrame(
        {"text": HOSTILE, "n_words": [40] * N, "flesch_kincaid_grade": np.arange(N, dtype=float)}
    )


def _tidy_prevalence(by):
    rows = [
        {by: group, "topic": t, "share": 0.1 * (t + 1), "label": HOSTILE[t]}
        for group in (HOSTILE if by == "source" else pd.date_range("2017-01-02", periods=3))
        for t in range(N)
    ]
    return pd.DataFrame(rows)


def _select_k():
    table = pd.DataFrame(
        {"k": [2, 3], "coherence_mean": [0.1, 0.2], "coherence_sd": [0.01, 0.0],
         "stability": [0.5, 0.6]}
    )  # fmt: skip
    table.attrs.update(measure=HOSTILE[0], recommended_k=3)
    return table


BUILDERS = {
    "plot_sources": lambda: plots.plot_sources(_articles()),
    "plot_articles_over_time": lambda: plots.plot_articles_over_time(
        _articles().assign(period=lambda d: d["published"].dt.tz_localize(None), articles=1)
    ),
    "plot_length_distribution": lambda: plots.plot_length_distribution(_articles()),
    "plot_readability_by_group": lambda: plots.plot_readability_by_group(
        _scores(), pd.Series(HOSTILE * 2, name=HOSTILE[1])
    ),
    "plot_readability_over_time": lambda: plots.plot_readability_over_time(
        _scores(), _articles()["published"], by=_articles()["source"], min_count=1
    ),
    "plot_readability_correlation": lambda: plots.plot_readability_correlation(
        _scores(), list(_scores().columns)
    ),
    "plot_hardest_paragraphs": lambda: plots.plot_hardest_paragraphs(_units(), n=N),
    "plot_frequency": lambda: plots.plot_frequency(
        pd.DataFrame({"term": HOSTILE, "count": np.arange(N) + 1})
    ),
    "plot_keyness": lambda: plots.plot_keyness(
        pd.DataFrame({"term": HOSTILE, "statistic": np.arange(N) - 2.5}),
        labels=(HOSTILE[0], HOSTILE[1]),
    ),
    "plot_trends": lambda: plots.plot_trends(
        pd.DataFrame(
            {
                "period": np.repeat(pd.date_range("2017-01-02", periods=2, freq="W"), N),
                "term": HOSTILE * 2,
                "rel_freq": np.linspace(0, 1, 2 * N),
            }
        )
    ),
    "plot_zipf": lambda: plots.plot_zipf(pd.DataFrame({"rank": [1, 2, 3], "count": [9, 4, 1]})),
    "plot_heaps": lambda: plots.plot_heaps(
        pd.DataFrame({"n_tokens": [10, 100, 1000], "n_types": [8, 40, 200]})
    ),
    "plot_select_k": lambda: plots.plot_select_k(_select_k()),
    "plot_topic_map": lambda: plots.plot_topic_map(
        pd.DataFrame(
            {
                "x": np.arange(N) / N,
                "y": np.arange(N) / N,
                "prevalence": np.full(N, 1 / N),
                "label": HOSTILE,
            }
        )  # fmt: skip
    ),
    "plot_prevalence_heatmap": lambda: plots.plot_prevalence_heatmap(
        _tidy_prevalence("source"), by="source"
    ),
    "plot_prevalence_over_time": lambda: plots.plot_prevalence_over_time(
        _tidy_prevalence("week"), by="week"
    ),
}


def _texts(ax) -> list[Text]:
    """Every text a reader sees on ``ax`` (after a draw, so tick labels exist)."""
    found = [t for t in ax.findobj(Text) if t.get_visible() and t.get_text()]
    for axis in (ax.xaxis, ax.yaxis):
        found += [t for t in axis.get_majorticklabels() if t.get_text()]
    return found


def test_every_public_plot_is_covered():
    assert sorted(BUILDERS) == sorted(n for n in plots.__all__ if n.startswith("plot_"))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_hostile_labels_draw_literally(name):
    ax = BUILDERS[name]()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. "constrained_layout not applied ... collapsed"
        ax.figure.canvas.draw()
    for text in _texts(ax):
        shown = text.get_text()
        if any(h.strip() and h in shown for h in HOSTILE[:2]):
            assert not text.get_parse_math(), f"{shown!r} would be parsed as mathtext"
    texts = [t.get_text() for t in _texts(ax)]
    if name not in ("plot_zipf", "plot_heaps"):
        assert any(r"$\href{a}{b}$" in t for t in texts), texts  # shown, as written
    assert all(len(t) <= max(LABEL_CHARS, 80) for t in texts), "a long label was not cut"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["plot_zipf", "plot_heaps"])
def test_numeric_log_ticks_keep_their_mathtext(name):
    """Only user text is made literal: 10^k tick labels still render as powers."""
    ax = BUILDERS[name]()
    ax.figure.canvas.draw()
    ticks = [t for t in ax.xaxis.get_majorticklabels() if "$" in t.get_text()]
    assert ticks and all(t.get_parse_math() for t in ticks)


def test_literal_shortens_long_tick_and_legend_labels():
    _, ax = plt.subplots()
    ax.barh([0, 1], [1, 2])
    ax.set_yticks([0, 1], ["x" * 100, "$y$"])
    ax.plot([0, 1], [0, 1], label="z" * 100)
    ax.legend()
    ax.set_title("$t$")
    literal(ax, max_chars=10)
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["x" * 9 + "…", "$y$"]
    assert ax.get_legend().get_texts()[0].get_text() == "z" * 9 + "…"
    assert not ax.title.get_parse_math() and ax.get_title() == "$t$"
