"""The Panel app without a browser: odd corpora and odd selections give sentences."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pn = pytest.importorskip("panel")

import analysis  # noqa: E402
from analysis.explore import Explorer, build_explorer  # noqa: E402
from analysis.explore.app import ExplorerApp, State  # noqa: E402


def _articles(n: int, *, dates: bool = True, outlets=("a.com", "b.com")) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    words = [
        "oil",
        "gas",
        "market",
        "minister",
        "economy",
        "talks",
        "vote",
        "court",
        "police",
        "storm",
    ]
    frame = pd.DataFrame(
        {
            "text": [" ".join(rng.choice(words, 40)) + "." for _ in range(n)],
            "title": [f"Title {i}" for i in range(n)],
            "source": [outlets[i % len(outlets)] for i in range(n)],
        },
        index=pd.Index([f"d{i}" for i in range(n)], name="doc_id"),
    )
    if dates:
        frame["published"] = pd.date_range("2017-01-01", periods=n, freq="D", tz="UTC")
    return frame


def _notes(app: ExplorerApp) -> str:
    panes = [app.summary, app.kwic_note, app.trend_note, app.reader, app.filters_note,
             app.col_note, app.cmp_note, app.topic_note]  # fmt: skip
    return " ".join(str(p.object) for p in panes)


@pytest.mark.parametrize(
    "articles",
    [
        _articles(3),  # a handful of articles: no topic model
        _articles(12, dates=False),  # no dates
        _articles(12, outlets=("only.com",)),  # one outlet
    ],
    ids=["three-articles", "no-dates", "one-outlet"],
)
def test_odd_corpora_show_sentences(articles):
    app = ExplorerApp(build_explorer(articles))
    app.view()
    st = app.state
    st.term = "oil"
    assert "hits in" in _notes(app)
    st.term = "zebra"
    assert "does not occur" in _notes(app)
    st.source = "nowhere.com"
    assert "No outlet called nowhere.com" in _notes(app)
    st.source = ""
    st.doc = "missing"
    assert "No document with id missing" in _notes(app)
    st.doc = "d1"
    assert "Title 1" in app.reader.object
    st.topic = 2
    if "published" not in articles.columns:
        assert "no dates" in _notes(app)
    app.tabs.active = 1  # Compare: drawn when opened
    if articles["source"].nunique() == 1:
        assert "one side has no article" in _notes(app)
    else:
        assert "G\u00b2" in _notes(app)
    if len(articles) < 20:
        assert "No topic model" in _notes(app)


def test_state_changes_update_the_views():
    app = ExplorerApp(Explorer(_articles(40)))
    app.state.param.update(term="oil", source="a.com")
    assert app.term.value == "oil" and app.outlets.value == ["a.com"]
    n = int(app.ex.mask(app.state.selection()).sum())
    assert n == 20 and f"of the {n} selected" in app.summary.object
    lines = app.kwic.value
    assert len(lines) and set(lines["keyword"].str.lower()) == {"oil"}
    app.state.doc = lines["doc_id"].iloc[0]
    assert "<mark>" in app.reader.object
    app.state.param.update(start="2017-01-05", end="2017-01-09")
    assert app.dates.value == pd.Timestamp("2017-01-05").date()
    assert "of the 3 selected" in app.summary.object  # a.com on days 5, 7, 9
    app.stop_input.value = "oil gas"
    assert "oil" not in set(app.freq.value["term"])


def test_state_parses_the_url_values():
    sel = State(term=" oil ", source="a.com,,b.com", start="2017-01-02", end="garbage").selection()
    assert sel.sources == ("a.com", "b.com") and sel.end is None
    assert sel.start == pd.Timestamp("2017-01-02")


def test_the_package_is_callable_in_a_notebook():
    view = analysis.explore.explore(_articles(5), topics=False)
    assert isinstance(view, pn.viewable.Viewable)
    from analysis import explore as module

    assert isinstance(module(_articles(5), topics=False), pn.viewable.Viewable)


def test_analysis_explore_is_there_after_import_analysis():
    import subprocess
    import sys

    code = (
        "import analysis, pandas as pd\n"
        "arts = pd.DataFrame({'text': ['Oil rose.', 'Gas fell.']}, index=['a', 'b'])\n"
        "print(type(analysis.explore(arts, topics=False)).__module__.split('.')[0])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "panel"


def test_cli_explore_options(capsys, monkeypatch):
    from analysis import cli

    args = cli.build_parser().parse_args(["explore", "x.csv", "--port", "0", "--no-topics"])
    assert args.port == 0 and args.host == "127.0.0.1" and not args.open
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["explore", "--port", "70000"])
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "panel" else real(name, *a)
    )
    assert cli.main(["explore", "x.csv"]) == 1
    assert "pip install 'news-analysis[explore]'" in capsys.readouterr().err


def test_a_topic_clicked_on_the_map_or_the_table_filters_the_views():
    rng = np.random.default_rng(1)
    groups = [
        [
            "oil",
            "gas",
            "barrel",
            "opec",
            "crude",
            "pipeline",
            "refinery",
            "drilling",
            "energy",
            "price",
        ],
        [
            "vote",
            "election",
            "ballot",
            "poll",
            "candidate",
            "campaign",
            "parliament",
            "party",
            "seat",
            "debate",
        ],
        [
            "storm",
            "rain",
            "flood",
            "wind",
            "weather",
            "snow",
            "forecast",
            "heat",
            "drought",
            "cyclone",
        ],
    ]
    arts = _articles(60)
    arts["text"] = [" ".join(rng.choice(groups[i % 3], 40)) + "." for i in range(60)]
    app = ExplorerApp(build_explorer(arts, k=3))
    assert app.ex.topics is not None
    main = app.ex.main_topic
    app._on_map_tap("indices", [], [1])  # the Bokeh tap on the intertopic map
    assert app.state.topic == 1
    n = int((main == 1).sum())
    assert n == 20  # one of the three made-up subjects
    assert f"{n} selected articles." in app.summary.object
    app.tabs.active = 2
    assert "Topic 1:" in app.topic_note.object and len(app.topic_terms.value) == 12
    app._on_topic_click(type("Click", (), {"row": 1})())  # the same topic again: any topic
    assert app.state.topic == -1 and not app.clear_topic.visible


def test_tables_do_not_print_bokehs_pandas_deprecation():
    import warnings

    ex = build_explorer(_articles(12), topics=False)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")  # what `python -W default` shows
        app = ExplorerApp(ex)
        app.state.term = "oil"
        app.state.source = "a.com"
        other = "The inplace keyword in DataFrame.reset_index is deprecated (our own call)"
        warnings.warn_explicit(other, DeprecationWarning, "x.py", 1, module="analysis.x")
    shown = [str(w.message) for w in seen]
    assert shown == [other]  # the same message from anywhere but Bokeh's module still shows


def test_cli_explore_indexes_on_the_cluster_it_was_given(tmp_path, monkeypatch):
    """--workers / --scheduler reach the indexing, not only the loading."""
    import contextlib
    import sys

    from analysis import cli

    csv = tmp_path / "a.csv"
    pd.DataFrame({"title": ["One", "Two"], "text": ["Oil rose again.", "Gas fell."]}).to_csv(
        csv, index=False
    )
    inside, seen = [], {}

    @contextlib.contextmanager
    def fake_cluster(args):
        inside.append(True)
        yield "client"
        inside.pop()

    explore_pkg = sys.modules["analysis.explore"]
    monkeypatch.setattr(cli, "_cluster", fake_cluster)
    monkeypatch.setattr(
        explore_pkg, "build_explorer", lambda articles, **kw: seen.setdefault("built", bool(inside))
    )
    monkeypatch.setattr(explore_pkg, "serve", lambda *a, **kw: seen.setdefault("served", 1))
    assert cli.main(["explore", str(csv), "--workers", "2", "--no-topics"]) == 0
    assert seen == {"built": True, "served": 1}
