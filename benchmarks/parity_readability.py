"""Full-corpus parity: analysis.readability vs textstat on every article.

Checks every non-empty article of the demo corpus and of ``../shared``'s BBC News
corpus (each text once through :func:`analysis.readability.readability`, once through
textstat's own functions) and prints, per column, the largest absolute difference and
the number of rows differing by more than 1e-9. Exits 1 if any count differs or any
float differs by more than 1e-9.

It also reports how the ``robust`` sentence splitter moves the mean
``flesch_kincaid_grade`` (and sentences per article) per outlet of the demo corpus.

Usage::

    PYTHONPATH=src .venv/bin/python benchmarks/parity_readability.py [--quick] [--skip-bbc]

Takes about 2-3 minutes for both corpora (textstat is the slow side).
"""

from __future__ import annotations

import argparse
import sys
import time

import pandas as pd


def _demo_frame(quick: bool) -> pd.DataFrame:
    from analysis import config

    if not config.DEMO_CSV.exists():
        sys.exit(f"The demo corpus is missing at {config.DEMO_CSV}; run `make data`.")
    df = pd.read_csv(config.DEMO_CSV).dropna(subset=["text"])
    df["source"] = df["article_source_link"].str.extract(r"https?://(?:www\.)?([^/]+)")[0]
    df.index = df["article_id"].astype(str).rename("doc_id")
    return df.sample(200, random_state=0) if quick else df


def _bbc_texts(quick: bool) -> pd.Series | None:
    from analysis import config

    path = config.SHARED_DIR / "corpora" / "bbc_news" / "bbc_news.csv"
    if not path.exists():
        print(f"BBC corpus not found at {path}; skipped.")
        return None
    texts = pd.read_csv(path)["text"].dropna()
    return texts.sample(200, random_state=0) if quick else texts


def check(name: str, texts: pd.Series) -> bool:
    from analysis.readability import readability
    from analysis.readability.counts import COUNT_COLUMNS
    from analysis.readability.formulas import FORMULAS
    from analysis.readability.reference import compare_to_textstat, textstat_scores

    cols = [*FORMULAS, *COUNT_COLUMNS]
    t0 = time.perf_counter()
    ours = readability(texts, measures=cols)
    t1 = time.perf_counter()
    ref = textstat_scores(texts, columns=cols)
    t2 = time.perf_counter()
    ours, ref = ours.reset_index(drop=True), ref.reset_index(drop=True)
    # Texts without a word get NaN measures and the flag "empty_text" by design, where
    # textstat prints 0.0: compare their counts only.
    empty = (ours["flags"] == "empty_text").to_numpy()
    ours.loc[empty, list(FORMULAS)] = ref.loc[empty, list(FORMULAS)].to_numpy()
    table = compare_to_textstat(ours, ref)
    print(f"\n== {name}: {len(texts)} texts; engine {t1 - t0:.1f} s, textstat {t2 - t1:.1f} s")
    print(f"   {int(empty.sum())} text(s) without words: NaN + 'empty_text' (textstat: 0.0)")
    print(f"   dictionary: {ours.attrs['dictionary']}; textstat {ours.attrs['textstat_version']}")
    print(table.to_string())
    worst = table["max_abs_diff"].max()
    ok = bool((table["n_over_1e-9"] == 0).all())
    print(f"largest absolute difference over all columns: {worst:.3g} -> {'OK' if ok else 'FAIL'}")
    return ok


def robust_effect(frame: pd.DataFrame) -> pd.DataFrame:
    """Mean FKGL and sentences per article per outlet, textstat vs robust splitter."""
    from analysis.readability import readability

    cols = ["flesch_kincaid_grade", "n_sentences"]
    a = readability(frame, measures=cols)
    b = readability(frame, measures=cols, sentence_splitter="robust")
    g = frame["source"]
    out = pd.DataFrame(
        {
            "n": g.value_counts(),
            "fkgl_textstat": a["flesch_kincaid_grade"].groupby(g).mean(),
            "fkgl_robust": b["flesch_kincaid_grade"].groupby(g).mean(),
            "sent_textstat": a["n_sentences"].astype(float).groupby(g).mean(),
            "sent_robust": b["n_sentences"].astype(float).groupby(g).mean(),
        }
    )
    out["fkgl_change"] = out["fkgl_robust"] - out["fkgl_textstat"]
    out.loc["ALL"] = [
        len(frame),
        a["flesch_kincaid_grade"].mean(),
        b["flesch_kincaid_grade"].mean(),
        a["n_sentences"].astype(float).mean(),
        b["n_sentences"].astype(float).mean(),
        b["flesch_kincaid_grade"].mean() - a["flesch_kincaid_grade"].mean(),
    ]
    return out.sort_values("fkgl_change")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="200 texts per corpus")
    ap.add_argument("--skip-bbc", action="store_true")
    ap.add_argument("--skip-parity", action="store_true", help="only the robust-splitter table")
    args = ap.parse_args(argv)

    frame = _demo_frame(args.quick)
    ok = True
    if not args.skip_parity:
        ok &= check("demo corpus (NewsArticles.csv)", frame["text"])
        if not args.skip_bbc:
            bbc = _bbc_texts(args.quick)
            if bbc is not None:
                ok &= check("BBC News (../shared)", bbc)
    print("\n== robust vs textstat sentence splitter, demo corpus, mean per outlet")
    with pd.option_context("display.float_format", "{:.2f}".format):
        print(robust_effect(frame).to_string())
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
