"""The explorer's Panel app: linked views over one :class:`~analysis.explore.model.Explorer`.

Every view follows one :class:`State` (term, outlets, dates, query, topic, document),
which is mirrored in the URL query (``?term=oil&source=bbc.co.uk&doc=...&topic=3``).
A change recomputes only the views that depend on it. Scraped titles and texts are
escaped before they reach the page (:func:`analysis.explore.model.highlight`) or shown by
widgets that render text, never HTML.

The computations are in :mod:`analysis.explore.model`; small helpers in ``_helpers``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import numpy as np
import pandas as pd
import panel as pn
import param
from bokeh.layouts import column
from bokeh.models import ColumnDataSource, HoverTool, TapTool
from bokeh.palettes import Category10_10
from bokeh.plotting import figure
from panel.io import unlocked

from ._helpers import (
    data_table,
    iso,
    note,
    parse_date,
    quiet_upstream_warnings,
    readability_line,
    trend_sentence,
)
from .model import Explorer, Selection

__all__ = ["ExplorerApp", "State"]

_CONTEXT_LINES = 100
_FREQ_ROWS = 500
_TABS = ("collocates", "compare", "topic")  # the views in tabs, in tab order
_CSS = """
mark { background: #ffe08a; padding: 0 1px; }
.reader-text { white-space: pre-wrap; line-height: 1.45; max-height: 520px; overflow-y: auto; }
.note { color: #555; }
"""


class State(param.Parameterized):
    """The selection every view follows; its parameters are the URL query's keys."""

    term = param.String(default="", doc='word, "phrase" or wildcard (econom*), commas between')
    source = param.String(default="", doc="outlets, comma-separated (empty: all)")
    start = param.String(default="", doc="first day, YYYY-MM-DD (empty: from the first article)")
    end = param.String(default="", doc="last day, YYYY-MM-DD (empty: to the last article)")
    query = param.String(default="", doc="keep articles containing this")
    topic = param.Integer(default=-1, doc="keep articles whose main topic this is (-1: any)")
    doc = param.String(default="", doc="the document open in the reader")

    def selection(self) -> Selection:
        """The state as a :class:`Selection` (unparseable dates are ignored)."""
        sources = tuple(s.strip() for s in self.source.split(",") if s.strip())
        return Selection(
            term=self.term, sources=sources, start=parse_date(self.start), end=parse_date(self.end),
            query=self.query, topic=self.topic, doc=self.doc,
        )  # fmt: skip


class ExplorerApp:
    """Widgets and views for one :class:`Explorer`; :meth:`view` is the page.

    Parameters
    ----------
    explorer : Explorer
    state : State, optional
        A fresh one by default; the server syncs it with the URL.
    """

    def __init__(self, explorer: Explorer, *, state: State | None = None) -> None:
        quiet_upstream_warnings()  # before the first table is filled
        self.ex = explorer
        self.state = state or State()
        self.stop_words = explorer.default_stop_words()
        self.timings: dict[str, float] = {}
        self._mask = np.ones(explorer.index.n_docs, dtype=bool)
        self._hits = explorer.hits(self.state.selection(), self._mask)
        self._build_filters()
        self._build_terms()
        self._build_trends()
        self._build_contexts()
        self._build_reader()
        self._build_compare()
        self._build_collocates()
        self._build_topics()
        self._stale: set[str] = set()
        self._topic_terms: dict[float, pd.DataFrame] = {}
        self._reps: pd.DataFrame | None = None
        self.tabs = pn.Tabs(
            ("Collocates", self.collocates_view), ("Compare", self.compare_view),
            ("Topics", self.topics_view), sizing_mode="stretch_width",
        )  # fmt: skip
        self.tabs.param.watch(self._on_tab, "active")
        self.state.param.watch(self._on_state, list(State.param)[1:])
        self.refresh(("filters", "term", "doc", "topic"))

    # ------------------------------------------------------------ filters
    def _build_filters(self) -> None:
        ex, st = self.ex, self.state
        self.outlets = pn.widgets.MultiChoice(
            label="Outlets (empty: all)", options=ex.outlets, value=self._sources(), width=260
        )
        self.outlets.param.watch(lambda e: setattr(st, "source", ",".join(e.new)), "value")
        if ex.has_dates:
            lo = pd.Timestamp(np.nanmin(ex.dates)).date()
            hi = pd.Timestamp(np.nanmax(ex.dates)).date()
            self.dates = pn.widgets.DatePicker(label="From", start=lo, end=hi, width=125)
            self.dates_end = pn.widgets.DatePicker(label="To", start=lo, end=hi, width=125)
            self.dates.param.watch(lambda e: setattr(st, "start", iso(e.new)), "value")
            self.dates_end.param.watch(lambda e: setattr(st, "end", iso(e.new)), "value")
            dates = pn.Row(self.dates, self.dates_end)
        else:
            dates = pn.pane.HTML(note("These articles have no dates: no date filter, no trends."))
        self.query = pn.widgets.TextInput(
            label="Only articles containing", value=st.query, placeholder="e.g. brexit", width=260
        )
        self.query.param.watch(lambda e: setattr(st, "query", e.new.strip()), "value")
        self.term = pn.widgets.TextInput(
            label="Term", value=st.term, placeholder='nato, "prime minister", econom*', width=260
        )
        self.term.param.watch(lambda e: setattr(st, "term", e.new.strip()), "value")
        self.summary = pn.pane.HTML("", sizing_mode="stretch_width")
        self.filters_note = pn.pane.HTML("", sizing_mode="stretch_width")
        self.clear_topic = pn.widgets.Button(label="Any topic", width=120, visible=False)
        self.clear_topic.on_click(lambda e: setattr(st, "topic", -1))
        self.sidebar = pn.Column(
            pn.pane.HTML("<h3>Filters</h3>"), self.outlets, dates, self.query, self.clear_topic,
            self.filters_note, pn.pane.HTML("<h3>Term</h3>"), self.term, self.summary, width=290,
        )  # fmt: skip

    def _sources(self) -> list[str]:
        wanted = [s for s in self.state.source.split(",") if s]
        return [s for s in wanted if s in self.ex.outlets]

    # -------------------------------------------------------------- terms
    def _build_terms(self) -> None:
        self.stop_input = pn.widgets.TextAreaInput(
            label="Stop words (left out of lists; edit freely)", value=" ".join(self.stop_words),
            height=90, sizing_mode="stretch_width",
        )  # fmt: skip
        self.stop_input.param.watch(self._on_stop_words, "value")
        self.freq = data_table(
            pd.DataFrame(columns=["rank", "term", "count", "per_10k"]), css_classes=["freq-table"],
            header_filters={"term": {"type": "input", "func": "like", "placeholder": "search"}},
            pagination="local", page_size=12, selectable=1,
        )  # fmt: skip
        self.freq.on_click(self._on_freq_click)
        self.terms_view = pn.Column(
            pn.pane.HTML("<h3>Terms</h3>"), self.freq, self.stop_input, sizing_mode="stretch_width"
        )

    def _on_stop_words(self, event) -> None:
        self.stop_words = sorted(set(event.new.lower().split()))
        self.refresh(("stop",))

    def _on_freq_click(self, event) -> None:
        self.state.term = str(self.freq.value["term"].iloc[event.row])

    # ------------------------------------------------------------- trends
    def _build_trends(self) -> None:
        self.period = pn.widgets.RadioButtonGroup(options=["day", "week", "month"], value="week")
        self.period.param.watch(lambda e: self.refresh(("trends",)), "value")
        names = ["all selected", *self.ex.outlets[:9]]
        self.trend_sources = {}
        fig = figure(
            height=230, sizing_mode="stretch_width", x_axis_type="datetime",
            y_axis_label="hits per 10,000 words", toolbar_location=None, tools="",
        )  # fmt: skip
        for name, color in zip(names, Category10_10, strict=False):
            src = ColumnDataSource({"period": [], "per_10k": [], "hits": [], "articles": []})
            width = 3 if name == "all selected" else 1.5
            fig.line("period", "per_10k", source=src, color=color, line_width=width,
                     legend_label=name)  # fmt: skip
            self.trend_sources[name] = src
        fig.legend.label_text_font_size = "8pt"
        fig.legend.click_policy = "hide"
        fig.add_tools(HoverTool(tooltips=[("", "@hits hits in @articles articles")]))
        self.bars = ColumnDataSource({"period": [], "articles": []})
        bars = figure(
            height=110, sizing_mode="stretch_width", x_axis_type="datetime", x_range=fig.x_range,
            y_axis_label="articles", toolbar_location=None, tools="",
        )  # fmt: skip
        bars.vbar("period", top="articles", source=self.bars, width=0.8 * 86400000, color="#999")
        self.trend_plot = pn.pane.Bokeh(column(fig, bars, sizing_mode="stretch_width"),
                                        sizing_mode="stretch_width")  # fmt: skip
        self.trend_note = pn.pane.HTML("", sizing_mode="stretch_width")
        self.trends_view = pn.Column(
            pn.pane.HTML("<h3>Trends</h3>"), self.period, self.trend_plot, self.trend_note,
            sizing_mode="stretch_width",
        )  # fmt: skip

    # ----------------------------------------------------------- contexts
    def _build_contexts(self) -> None:
        self.sort = pn.widgets.RadioButtonGroup(
            options=["position", "left", "right"], value="position"
        )
        self.window = pn.widgets.IntSlider(label="Context words", start=1, end=15, value=6,
                                           width=160)  # fmt: skip
        for w in (self.sort, self.window):
            w.param.watch(lambda e: self.refresh(("contexts",)), "value")
        self.kwic = data_table(
            pd.DataFrame(columns=["doc_id", "left", "keyword", "right"]), css_classes=["kwic-table"],
            pagination="local", page_size=12, selectable=1,
            hidden_columns=["doc_id"], text_align={"left": "right", "keyword": "center"},
            widths={"left": "42%", "keyword": "16%", "right": "42%"},
        )  # fmt: skip
        self.kwic.on_click(self._on_kwic_click)
        self.kwic_note = pn.pane.HTML("", sizing_mode="stretch_width")
        self.contexts_view = pn.Column(
            pn.pane.HTML("<h3>Contexts</h3>"), pn.Row(pn.pane.HTML("sort by"), self.sort,
                                                      self.window),
            self.kwic_note, self.kwic, sizing_mode="stretch_width",
        )  # fmt: skip

    def _on_kwic_click(self, event) -> None:
        self.state.doc = str(self.kwic.value["doc_id"].iloc[event.row])

    # ------------------------------------------------------------- reader
    def _build_reader(self) -> None:
        self.reader = pn.pane.HTML("", sizing_mode="stretch_width", css_classes=["reader"])
        self.reader_terms = data_table(pd.DataFrame(columns=["term", "n_target", "log_ratio"]),
                                   height=200)  # fmt: skip
        self.reader_view = pn.Column(
            pn.pane.HTML("<h3>Reader</h3>"), self.reader, self.reader_terms,
            sizing_mode="stretch_width",
        )  # fmt: skip

    # ------------------------------------------------------------ compare
    def _build_compare(self) -> None:
        ex = self.ex
        modes = ["outlet vs the rest"] + (["period A vs period B"] if ex.has_dates else [])
        self.cmp_mode = pn.widgets.RadioButtonGroup(options=modes, value=modes[0])
        self.cmp_outlet = pn.widgets.Select(label="Outlet", options=ex.outlets, width=220)
        self.cmp_min = pn.widgets.IntInput(label="Minimum count", value=5, start=1, width=120)
        self.cmp_split = None
        if ex.has_dates:
            lo, hi = pd.Timestamp(np.nanmin(ex.dates)), pd.Timestamp(np.nanmax(ex.dates))
            mid = (lo + (hi - lo) / 2).date()
            self.cmp_split = pn.widgets.DatePicker(
                label="Period B starts on", value=mid, start=lo.date(), end=hi.date(), width=160
            )
        widgets = [w for w in (self.cmp_mode, self.cmp_outlet, self.cmp_min, self.cmp_split) if w]
        for w in widgets:
            w.param.watch(lambda e: self.refresh(("compare",)), "value")
        self.cmp_note = pn.pane.HTML("", sizing_mode="stretch_width")
        self.cmp_table = data_table(pd.DataFrame(), pagination="local", page_size=15)
        self.compare_view = pn.Column(
            pn.Row(*widgets), self.cmp_note, self.cmp_table, sizing_mode="stretch_width"
        )

    # --------------------------------------------------------- collocates
    def _build_collocates(self) -> None:
        self.col_window = pn.widgets.IntSlider(label="Window (words each side)", start=1, end=10,
                                               value=5, width=200)  # fmt: skip
        self.col_window.param.watch(lambda e: self.refresh(("collocates",)), "value")
        self.col_note = pn.pane.HTML("", sizing_mode="stretch_width")
        self.col_table = data_table(pd.DataFrame(), pagination="local", page_size=15, selectable=1)
        self.col_table.on_click(
            lambda e: setattr(
                self.state, "term", str(self.col_table.value["collocate"].iloc[e.row])
            )
        )
        self.collocates_view = pn.Column(
            self.col_window, self.col_note, self.col_table, sizing_mode="stretch_width"
        )

    # ------------------------------------------------------------- topics
    def _build_topics(self) -> None:
        model = self.ex.topics
        self.topic_note = pn.pane.HTML("", sizing_mode="stretch_width")
        if model is None:
            self.topic_note.object = note(
                "No topic model: the corpus is too small for one, or it was not fitted "
                "(news-analysis explore fits one unless --no-topics)."
            )
            self.topics_view = pn.Column(self.topic_note)
            return
        from ..topics import topic_map

        tmap = topic_map(model).reset_index()
        self.tmap = tmap
        src = ColumnDataSource(
            {
                "x": tmap["x"], "y": tmap["y"], "topic": tmap["topic"],
                "size": 12 + 60 * np.sqrt(tmap["prevalence"] / tmap["prevalence"].max()),
                "label": [f"{t}: {lab}" for t, lab in zip(tmap["topic"], tmap["label"], strict=True)],
            }
        )  # fmt: skip
        fig = figure(height=320, width=380, toolbar_location=None, tools="", name="topic-map",
                     title="Intertopic map (click a topic)")  # fmt: skip
        fig.scatter("x", "y", size="size", source=src, alpha=0.5, color="#1f77b4")
        fig.text("x", "y", text="topic", source=src, text_align="center", text_baseline="middle")
        fig.add_tools(HoverTool(tooltips="@label"), TapTool())
        fig.axis.visible = False
        src.selected.on_change("indices", self._on_map_tap)
        self.topic_src = src
        self.lam = pn.widgets.FloatSlider(label="Relevance \u03bb (1: frequent, 0: exclusive)",
                                          start=0, end=1, step=0.1, value=0.6, width=300)  # fmt: skip
        self.lam.param.watch(lambda e: self.refresh(("topic",)), "value")
        topics = pd.DataFrame({"topic": tmap["topic"], "label": tmap["label"],
                              "share": tmap["prevalence"].round(3)})  # fmt: skip
        self.topic_table = data_table(topics, selectable=1, height=300, css_classes=["topic-table"])
        self.topic_table.on_click(self._on_topic_click)
        self.topic_terms = data_table(pd.DataFrame(columns=["rank", "term"]), height=300)
        self.rep_docs = data_table(pd.DataFrame(columns=["doc_id", "title", "share"]), selectable=1,
                               hidden_columns=["doc_id"])  # fmt: skip
        self.rep_docs.on_click(
            lambda e: setattr(self.state, "doc", str(self.rep_docs.value["doc_id"].iloc[e.row]))
        )
        self.topics_view = pn.Column(
            self.topic_note, pn.Row(pn.pane.Bokeh(fig), self.topic_table),
            self.lam, pn.Row(self.topic_terms, self.rep_docs), sizing_mode="stretch_width",
        )  # fmt: skip

    def _on_map_tap(self, attr, old, new) -> None:
        if new:
            self.state.topic = int(self.tmap["topic"].iloc[new[0]])

    def _on_topic_click(self, event) -> None:
        topic = int(self.topic_table.value["topic"].iloc[event.row])
        self.state.topic = -1 if topic == self.state.topic else topic

    # ---------------------------------------------------------- updating
    def _on_state(self, *events) -> None:
        names = {e.name for e in events}
        what = set()
        if names & {"source", "start", "end", "query", "topic"}:
            what |= {"filters", "topic"}
        if "term" in names:
            what.add("term")
        if "doc" in names:
            what.add("doc")
        self._sync_widgets()
        self.refresh(tuple(what))

    def _on_tab(self, event) -> None:
        name = _TABS[event.new]
        if name in self._stale:
            self._stale.discard(name)
            self.refresh((name,))

    def _sync_widgets(self) -> None:
        st = self.state
        if self.term.value != st.term:
            self.term.value = st.term
        if self.query.value != st.query:
            self.query.value = st.query
        if list(self.outlets.value) != self._sources():
            self.outlets.value = self._sources()
        if self.ex.has_dates:
            for widget, text in ((self.dates, st.start), (self.dates_end, st.end)):
                day = parse_date(text)
                day = None if day is None else day.date()
                if widget.value != day and (day is None or widget.start <= day <= widget.end):
                    widget.value = day
        self.clear_topic.visible = st.topic >= 0
        self.clear_topic.label = f"Topic {st.topic} only: show any topic"

    def refresh(self, what: Iterable[str]) -> None:
        """Recompute the views that depend on ``what`` changed (filters, term, doc, ...)."""
        import time

        what = set(what)
        if "filters" in what:
            self._mask = self.ex.mask(self.state.selection())
            what |= {"term", "stop", "compare"}
        if "term" in what:
            self._hits = self.ex.hits(self.state.selection(), self._mask)
            what |= {"trends", "contexts", "collocates", "doc"}
        if "stop" in what:
            what |= {"collocates", "compare", "doc"}
        steps = [
            ("filters", self._show_filters), ("stop", self._show_terms),
            ("trends", self._show_trends), ("contexts", self._show_contexts),
            ("doc", self._show_reader), ("compare", self._show_compare),
            ("collocates", self._show_collocates), ("topic", self._show_topic),
        ]  # fmt: skip
        hidden = {name for i, name in enumerate(_TABS) if i != self.tabs.active}
        self._stale |= what & hidden  # a view in a hidden tab is drawn when it is opened
        for name, show in steps:
            if name in what - hidden:
                t0 = time.perf_counter()
                show()
                self.timings[name] = time.perf_counter() - t0
        if what & {"filters", "term"}:
            self.summary.object = note(
                self.ex.summary(self.state.selection(), self._hits, self._mask)
            )

    def _show_filters(self) -> None:
        st = self.state
        unknown = [s for s in st.source.split(",") if s and s not in self.ex.outlets]
        parts = []
        if unknown:
            parts.append(f"No outlet called {', '.join(unknown)}; showing the others.")
        if st.topic >= 0:
            parts.append(f"Only articles whose main topic is {st.topic}.")
        self.filters_note.object = note(" ".join(parts)) if parts else ""

    def _show_terms(self) -> None:
        self.freq.value = self.ex.frequencies(self._mask, stop_words=self.stop_words,
                                              n=_FREQ_ROWS)  # fmt: skip

    def _show_trends(self) -> None:
        if not self.ex.has_dates:
            self.trend_note.object = note("These articles have no dates, so no trend is drawn.")
            return
        groups = self.ex.trend_arrays(self._hits, self._mask, period=self.period.value)
        empty = {"period": [], "per_10k": [], "hits": [], "articles": []}
        total = groups.get("all selected", empty)
        with unlocked():  # Bokeh models changed from a Panel callback
            for name, src in self.trend_sources.items():
                arrays = groups.get(name, empty)
                src.data = {c: arrays[c] for c in ("period", "per_10k", "hits", "articles")}
            self.bars.data = {"period": total["period"], "articles": total["articles"]}
        self.trend_note.object = note(trend_sentence(self.state.term, total, self.period.value))

    def _show_contexts(self) -> None:
        hits = self._hits
        lines = self.ex.index.contexts(hits, window=self.window.value, sort=self.sort.value,
                                       n=_CONTEXT_LINES)  # fmt: skip
        lines["left"] = lines["left"].map(lambda t: t if len(t) <= 60 else "\u2026" + t[-59:])
        self.kwic.value = lines[["doc_id", "left", "keyword", "right"]]
        if not self.state.term:
            text = "Type a term to see every line it occurs in."
        elif not len(hits):
            text = f"No line: \u201c{self.state.term}\u201d does not occur in the selection."
        else:
            shown = "" if len(hits) <= _CONTEXT_LINES else f" (the first {_CONTEXT_LINES:,} shown)"
            text = f"{len(hits):,} lines{shown}. Click a line to read its article."
        self.kwic_note.object = note(text)

    def _show_reader(self) -> None:
        doc_id = self.state.doc
        info = self.ex.document(doc_id, self._hits) if doc_id else None
        if info is None:
            text = "Click a context line or a document to read it here."
            if doc_id:
                text = f"No document with id {doc_id} in this corpus."
            self.reader.object = note(text)
            self.reader_terms.value = pd.DataFrame(columns=["term", "n_target", "log_ratio"])
            return
        meta = " \u00b7 ".join(
            x for x in (info["source"], info["published"] or "no date",
                        f"{info['n_tokens']:,} words", f"{info['n_hits']} hits") if x
        )  # fmt: skip
        self.reader.object = (
            f'<h4 class="reader-title">{html.escape(info["title"] or "(no title)")}</h4>'
            f'<p class="note">{html.escape(meta)} \u00b7 {readability_line(self.ex, info["row"])}</p>'
            f'<div class="reader-text">{info["html"]}</div>'
        )
        terms = self.ex.distinctive_terms(info["row"], stop_words=self.stop_words)
        self.reader_terms.value = terms.assign(log_ratio=terms["log_ratio"].astype(float).round(2))

    def _show_compare(self) -> None:
        ex, mask = self.ex, self._mask
        if self.cmp_mode.value.startswith("outlet"):
            target = mask & (ex.sources == self.cmp_outlet.value)
            reference = mask & ~target
            label = f"{self.cmp_outlet.value} vs the other selected outlets"
        else:
            split = np.datetime64(pd.Timestamp(self.cmp_split.value))
            dated = pd.notna(ex.dates)
            target = mask & dated & (ex.dates >= split)
            reference = mask & dated & (ex.dates < split)
            label = f"from {self.cmp_split.value} (B) vs before (A)"
        if not target.any() or not reference.any():
            self.cmp_note.object = note(
                f"{label}: one side has no article in the selection; choose another outlet or date."
            )
            self.cmp_table.value = pd.DataFrame()
            return
        try:
            table = ex.compare(target, reference, min_count=self.cmp_min.value,
                               stop_words=self.stop_words)  # fmt: skip
        except ValueError as err:
            self.cmp_note.object = note(str(err))
            self.cmp_table.value = pd.DataFrame()
            return
        top = pd.concat([table.head(25), table.tail(25)]).drop_duplicates("term")
        top = top.assign(statistic=top["statistic"].round(1), log_ratio=top["log_ratio"].round(2),
                         p_value=top["p_value"].map(lambda p: f"{p:.1g}"))  # fmt: skip
        self.cmp_note.object = note(
            f"{label}: {int(target.sum()):,} vs {int(reference.sum()):,} articles; G\u00b2 "
            "(positive: used more by the first side), log ratio in log2 units; the 25 most "
            "over- and under-used terms."
        )
        self.cmp_table.value = top.reset_index(drop=True)

    def _show_collocates(self) -> None:
        if not len(self._hits):
            self.col_note.object = note("Collocates need a term with hits.")
            self.col_table.value = pd.DataFrame()
            return
        table = self.ex.collocates(self._hits, self._mask, window=self.col_window.value,
                                   stop_words=self.stop_words)  # fmt: skip
        self.col_note.object = note(
            f"Words within {self.col_window.value} words of \u201c{self.state.term}\u201d, by "
            "logDice (14 + log2 of 2\u00b7together / (term + collocate)); a rare pair scores "
            "no higher than a common one. Click a word to search it."
            if len(table) else "No word occurs twice near this term; widen the window."
        )  # fmt: skip
        self.col_table.value = table.reset_index(drop=True)

    def _show_topic(self) -> None:
        model = self.ex.topics
        if model is None:
            return
        from ..topics import representative_documents, topic_terms

        topic = self.state.topic
        shown = topic if topic >= 0 else 0
        lam = round(float(self.lam.value), 1)
        if lam not in self._topic_terms:  # one table per slider position, then reused
            self._topic_terms[lam] = topic_terms(model, n=12, relevance_lambda=lam)
        terms = self._topic_terms[lam]
        self.topic_terms.value = terms[terms["topic"] == shown][["rank", "term"]]
        if self._reps is None:
            self._reps = representative_documents(model, self.ex.articles, n=6)
        reps = self._reps[self._reps["topic"] == shown]
        self.rep_docs.value = reps[["doc_id", "title", "share"]].assign(
            share=reps["share"].round(2)
        )
        which = f"Topic {topic}" if topic >= 0 else "Topic 0 (click a topic to filter every view)"
        self.topic_note.object = note(f"{which}: its terms at \u03bb = {self.lam.value:.1f} and "
                                       "its most representative articles.")  # fmt: skip

    # --------------------------------------------------------------- page
    def view(self) -> pn.viewable.Viewable:
        """The whole page: filters on the left, linked views on the right."""
        ex = self.ex
        n_out = len(ex.outlets)
        header = pn.pane.HTML(
            "<h2>News corpus explorer</h2>"
            + note(
                f"{ex.index.n_docs:,} articles, {ex.index.n_tokens:,} words, {n_out} "
                f"outlet{'s' if n_out != 1 else ''}. Every view follows the filters and the term; "
                "the address bar keeps the selection, so a view can be bookmarked or shared."
            ),
            sizing_mode="stretch_width",
        )
        tabs = self.tabs
        main = pn.Column(
            pn.Row(self.terms_view, self.trends_view, sizing_mode="stretch_width"),
            pn.Row(self.contexts_view, self.reader_view, sizing_mode="stretch_width"),
            tabs, sizing_mode="stretch_width",
        )  # fmt: skip
        return pn.Column(
            header, pn.Row(self.sidebar, main, sizing_mode="stretch_width"),
            sizing_mode="stretch_width", stylesheets=[_CSS],
        )  # fmt: skip
