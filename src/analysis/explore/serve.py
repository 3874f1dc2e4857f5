"""Build the explorer for a corpus and serve it (``news-analysis explore``) or show it inline.

The server is Panel's (Bokeh/Tornado): one app per browser tab, the selection synced
with the URL query, every JavaScript and CSS file served by this process (nothing is
fetched from another host), bound to 127.0.0.1 unless another host is asked for.
"""

from __future__ import annotations

import os
import socket
import time
import webbrowser
from collections.abc import Callable
from typing import Any

import pandas as pd

from .index import CorpusIndex
from .model import Explorer

__all__ = ["build_explorer", "explore", "free_port", "serve"]

#: Fewer articles than this: no topic model (the Topics view says so).
MIN_TOPIC_DOCS = 20
#: The URL query keys, one per :class:`~analysis.explore.app.State` parameter.
URL_KEYS = ("term", "source", "start", "end", "query", "topic", "doc")


def build_explorer(
    articles: pd.DataFrame,
    *,
    topics: bool = True,
    k: int = 10,
    progress: bool = False,
    log: Callable[[str], None] | None = None,
    client: Any = None,
    n_jobs: int | None = None,
) -> Explorer:
    """Index the corpus (and fit a topic model) once, for every view and every session.

    Parameters
    ----------
    articles : DataFrame
        From :func:`analysis.load_corpus` (indexed by ``doc_id``, with ``text``).
    topics : bool, default True
        Fit a topic model (:func:`analysis.topics.fit_topics`, its default method) for
        the Topics view; skipped with fewer than :data:`MIN_TOPIC_DOCS` articles.
    k : int, default 10
        Number of topics.
    progress : bool, default False
        Show a progress bar while the texts are indexed.
    log : callable, optional
        Receives one line per step (``print`` in the CLI).
    client, n_jobs : optional
        Tokenise the texts on a Dask cluster or in local processes
        (:meth:`CorpusIndex.build`); the index is the same. Default: this process, or the
        executor set by :func:`analysis.parallel.use`. On two cores it does not pay
        (``benchmarks/bench_explore.py`` prints both).

    Returns
    -------
    Explorer

    Examples
    --------
    >>> arts = pd.DataFrame({"text": ["Oil rose.", "Gas fell."]}, index=["a", "b"])
    >>> build_explorer(arts).index.n_tokens
    4
    """
    if articles is None or len(articles) == 0:
        raise ValueError("The corpus is empty: load at least one article to explore.")
    if "text" not in articles.columns:
        raise ValueError("The articles have no 'text' column; pass the frame load_corpus returns.")
    say = log or (lambda line: None)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        def bar(texts):
            return tqdm(texts, desc="indexing", unit="article", leave=False)

    started = time.perf_counter()
    index = CorpusIndex.build(articles, progress=bar, client=client, n_jobs=n_jobs)
    say(f"indexed {index.n_docs:,} articles, {index.n_tokens:,} words "
        f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    model = None
    if topics and len(articles) >= MIN_TOPIC_DOCS:
        started = time.perf_counter()
        model = _fit_topics(articles, k=min(k, len(articles) // 5), log=say)
        if model is not None:
            say(f"fitted {model.k} topics in {time.perf_counter() - started:.1f} s")
    _warm_up_readability()
    return Explorer(articles, index=index, topics=model)


def _warm_up_readability() -> None:
    """Score one sentence, so the reader's first document does not wait for the lexicons."""
    from ..readability import readability

    readability(pd.Series(["A short text to load the word lists before the first reader."]))


def _fit_topics(articles, *, k: int, log):
    from ..topics import fit_topics

    try:
        return fit_topics(articles, k, random_state=0)
    except ValueError as err:  # a corpus too small or too uniform for k topics
        log(f"no topic model: {err}")
        return None


def _extension() -> None:
    import panel as pn

    pn.extension("tabulator", notifications=False)


def explore(articles: pd.DataFrame, *, topics: bool = True, explorer: Explorer | None = None):
    """The explorer as a Panel layout, shown inline in JupyterLab.

    ``analysis.explore(articles)`` is the same call (the package is callable).

    Parameters
    ----------
    articles : DataFrame
        From :func:`analysis.load_corpus`.
    topics : bool, default True
        Fit a topic model for the Topics view (:func:`build_explorer`).
    explorer : Explorer, optional
        Reuse one already built (skips indexing).

    Returns
    -------
    panel.viewable.Viewable
        Displayed when it is the last expression of a cell.
    """
    from .app import ExplorerApp

    _extension()
    ex = explorer if explorer is not None else build_explorer(articles, topics=topics)
    return ExplorerApp(ex).view()


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (for tests and ``--port 0``)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _session(explorer: Explorer):
    import panel as pn

    from .app import ExplorerApp

    _extension()
    app = ExplorerApp(explorer)
    if pn.state.location is not None:
        pn.state.location.sync(app.state, {key: key for key in URL_KEYS})
    return app.view()


def serve(
    explorer: Explorer,
    *,
    port: int = 5006,
    host: str = "127.0.0.1",
    open_browser: bool = False,
    log: Callable[[str], None] = print,
) -> None:
    """Serve the explorer until Ctrl-C (then stop the server and return).

    Parameters
    ----------
    explorer : Explorer
        From :func:`build_explorer`.
    port : int, default 5006
        0 picks a free port.
    host : str, default '127.0.0.1'
        The address to bind; another one makes the app reachable from other machines.
    open_browser : bool, default False
        Open the URL in the default browser.
    log : callable, default print
    """
    import panel as pn

    os.environ.setdefault("BOKEH_RESOURCES", "server")  # JS and CSS from this process
    port = port or free_port(host)
    shown = "127.0.0.1" if host in ("127.0.0.1", "0.0.0.0", "") else host
    origins = [f"{shown}:{port}", f"localhost:{port}", f"127.0.0.1:{port}"]
    if host in ("0.0.0.0", "", "::"):  # asked to be reachable from any address
        origins = ["*"]
    server = pn.serve(
        {"/": lambda: _session(explorer)},
        port=port, address=host, show=False, start=False, title="News corpus explorer",
        websocket_origin=origins, threaded=False,
        verbose=False,  # Panel's own "Launching server at" line: ours below says more
    )  # fmt: skip
    server.start()
    url = f"http://{shown}:{port}/"
    where = "this machine only" if host == "127.0.0.1" else f"{host}: other machines can connect"
    log(f"explorer serving on {host}:{port} ({where}); open {url}  (Ctrl-C stops it)")
    if open_browser:
        webbrowser.open(url)
    try:
        server.io_loop.start()
    except KeyboardInterrupt:
        pass  # Ctrl-C: stop below, quietly
    finally:
        server.stop()
        log("explorer stopped")
