"""Benchmark analysis.topics on the demo corpus against its peers, in the same run.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_topics.py [--quick] [--repeat N]
        [--only coherence|fits|select_k|scale]

* Coherence of 20 topics x top-10 terms (the default NMF model's topics) over the demo
  corpus: ours vs gensim's ``CoherenceModel(...).get_coherence_per_topic()``
  (``processes=1``, test-only reference) for c_npmi, c_uci, c_v and u_mass. "cold"
  includes building the index from the token lists; "warm" reuses a built
  ``CoherenceIndex`` (as select_k does). Values must agree to 1e-6.
  Targets: >= 20x for the window measures, u_mass no slower than gensim.
* Fit times at k=20: our NMF and LDA defaults (``fit_topics``: pruning, weighting, the
  fit, the document shares and labels, all included); scikit-learn's defaults (NMF on
  plain tf-idf with stop_words="english", min_df=5, max_df=0.5, timed with and without
  the vectorizer; batch LDA, 10 iterations, on the DTM's counts); gensim's LdaModel
  (defaults, one pass). c_npmi of each model's top-10 terms. Every fit runs with
  single-threaded BLAS (``threadpool_limits(1)``, as ``fit_topics`` does): on this
  shared 2-core machine two BLAS threads made scikit-learn's NMF 3-4x slower.
* Scale-out (``--only scale``): fitting NMF on a seeded half of the corpus and
  transforming every document (what ``analysis.topics.fit_topics(articles, k, sample_size=)``
  does) vs ``MiniBatchNMF.partial_fit`` over four partitions (vocabulary and idf
  fixed first), and vs the full in-memory fit: time and c_npmi.
* A full select_k sweep: k = 5..40 step 5, 3 seeds (n_jobs=2). Target < 3 minutes.

Texts for coherence are build_dtm's unigram tokens (``analysis.topics.tokenize_documents``:
the project's token rule, English stop words removed, nothing else). Figures are
medians of ``--repeat`` runs; the machine is shared (2 cores, other engineers running
jobs), so expect +-20 % noise between runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis import config  # noqa: E402
from analysis.terms import build_dtm  # noqa: E402
from analysis.topics import CoherenceIndex, coherence, fit_topics, select_k  # noqa: E402
from analysis.topics import tokenize_documents as tokenize  # noqa: E402

MEASURES = ("c_npmi", "c_uci", "c_v", "u_mass")


def load_demo(n: int | None = None) -> pd.DataFrame:
    raw = pd.read_csv(config.DEMO_CSV)
    raw = raw[raw["text"].fillna("").str.strip() != ""]
    frame = pd.DataFrame(
        {
            "text": raw["text"].to_numpy(),
            "source": raw["article_source_link"]
            .str.extract(r"https?://(?:www\.)?([^/]+)")[0]
            .to_numpy(),
        },
        index=pd.Index(raw["article_id"].astype(str).to_numpy(), name="doc_id"),
    )
    if n is not None:
        frame = frame.sample(n=min(n, len(frame)), random_state=0)
    return frame


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_coherence(topics, texts, repeat: int) -> None:
    from gensim.corpora import Dictionary
    from gensim.models import CoherenceModel

    dictionary = Dictionary(texts)
    index = CoherenceIndex(texts)
    print(f"\n## coherence: {len(topics)} topics x top-10, {len(texts)} documents")
    print(f"{'measure':8} {'gensim s':>9} {'ours cold s':>12} {'ours warm s':>12} "
          f"{'x cold':>7} {'x warm':>7} {'max |diff|':>11}")  # fmt: skip
    for measure in MEASURES:
        t_gensim, ref = timed(
            lambda m=measure: CoherenceModel(
                topics=topics, texts=texts, dictionary=dictionary, coherence=m, topn=10,
                processes=1,
            ).get_coherence_per_topic(),
            repeat,
        )  # fmt: skip
        t_cold, ours = timed(lambda m=measure: coherence(topics, texts, measure=m), repeat)
        coherence(topics, index, measure=measure)  # fill the cache once
        t_warm, _ = timed(lambda m=measure: coherence(topics, index, measure=m), repeat)
        diff = float(np.max(np.abs(np.asarray(ours) - np.asarray(ref))))
        print(f"{measure:8} {t_gensim:9.3f} {t_cold:12.3f} {t_warm:12.4f} "
              f"{t_gensim / t_cold:7.1f} {t_gensim / t_warm:7.0f} {diff:11.1e}")  # fmt: skip
        assert diff < 1e-6, f"{measure}: values differ from gensim by {diff}"


def bench_fits(articles, dtm, index, repeat: int, quick: bool) -> None:
    from sklearn.decomposition import NMF, LatentDirichletAllocation
    from sklearn.feature_extraction.text import TfidfVectorizer

    k = 20

    def npmi(topics):
        return float(np.mean(coherence(topics, index, measure="c_npmi")))

    def top(components, terms):
        return [list(terms[np.argsort(-row)[:10]]) for row in components]

    rows = []
    texts = articles["text"].tolist()
    vec = TfidfVectorizer(stop_words="english", min_df=5, max_df=0.5)
    tfidf = vec.fit_transform(texts)

    def sk_nmf():
        x = vec.fit_transform(texts)
        return NMF(k, random_state=0).fit(x)

    t_ours, model = timed(lambda: fit_topics(dtm, k), repeat)
    rows.append(("ours NMF (defaults)", t_ours, npmi(model.term_lists(10)), ""))
    t, est = timed(sk_nmf, repeat)
    value = npmi(top(est.components_, vec.get_feature_names_out()))
    rows.append(("sklearn NMF tf-idf (defaults)", t, value, f"{t / t_ours:.2f}"))
    t, est = timed(lambda: NMF(k, random_state=0).fit(tfidf), repeat)
    value = npmi(top(est.components_, vec.get_feature_names_out()))
    rows.append(("sklearn NMF, fit only", t, value, f"{t / t_ours:.2f}"))

    t_ours, model = timed(lambda: fit_topics(dtm, k, method="lda"), repeat)
    rows.append(("ours LDA (defaults)", t_ours, npmi(model.term_lists(10)), ""))

    def sk_lda():
        return LatentDirichletAllocation(k, learning_method="batch", random_state=0).fit(dtm.matrix)

    t, est = timed(sk_lda, repeat)
    value = npmi(top(est.components_, dtm.terms))
    rows.append(("sklearn LDA batch (defaults)", t, value, f"{t / t_ours:.2f}"))

    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    tokens = tokenize(articles, dtm)

    def gensim_lda():
        dictionary = Dictionary(tokens)
        corpus = [dictionary.doc2bow(doc) for doc in tokens]
        return dictionary, LdaModel(corpus, num_topics=k, id2word=dictionary, random_state=0)

    t, (dictionary, lda) = timed(gensim_lda, 1)
    topics = [[dictionary[i] for i, _ in lda.get_topic_terms(j, topn=10)] for j in range(k)]
    rows.append(("gensim LdaModel (defaults)", t, npmi(topics), f"{t / t_ours:.2f}"))

    print(f"\n## fits at k={k} on {dtm.shape[0]} documents x {dtm.shape[1]} terms")
    print(f"{'model':32} {'seconds':>8} {'c_npmi':>7} {'peer/ours time':>15}")
    for name, seconds, value, ratio in rows:
        print(f"{name:32} {seconds:8.2f} {value:7.3f} {ratio:>15}")


def bench_scale(articles, dtm, index, repeat: int) -> None:
    from sklearn.decomposition import MiniBatchNMF

    from analysis.topics.models import _prepare

    k = 20

    def npmi(topics):
        return float(np.mean(coherence(topics, index, measure="c_npmi")))

    rows = []
    t, model = timed(lambda: fit_topics(dtm, k), repeat)
    rows.append(("in-memory fit_topics (all documents)", t, npmi(model.term_lists(10))))
    half = len(articles) // 2
    t, model = timed(
        lambda: fit_topics(articles, k, sample_size=half, rows_per_partition=1000),
        repeat,
    )
    rows.append((f"sample fit ({half} docs) + transform all", t, npmi(model.term_lists(10))))

    prep = _prepare(dtm, "nmf", {})  # vocabulary and idf of the whole corpus (a first pass)
    bounds = np.linspace(0, prep.weights.shape[0], 5).astype(int)

    def minibatch(epochs):
        est = MiniBatchNMF(k, random_state=0, batch_size=1000)
        for _ in range(epochs):
            for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
                est.partial_fit(prep.weights[lo:hi])
        return est

    for epochs in (1, 5):
        t, est = timed(lambda e=epochs: minibatch(e), repeat)
        order = np.argsort(-est.components_, axis=1)[:, :10]
        topics = [list(prep.terms[row]) for row in order]
        rows.append((f"MiniBatchNMF partial_fit, {epochs} pass(es)", t, npmi(topics)))
    print(f"\n## scale-out strategies, NMF k={k} (in one process)")
    print(f"{'strategy':44} {'seconds':>8} {'c_npmi':>7}")
    for name, seconds, value in rows:
        print(f"{name:44} {seconds:8.2f} {value:7.3f}")


def bench_select_k(dtm, index, ks, repeat: int) -> None:
    t, table = timed(lambda: select_k(dtm, ks, texts=index, n_jobs=2), repeat)
    print(f"\n## select_k (NMF) k={list(ks)}, seeds (0, 1, 2): {t:.1f} s (target < 180 s)")
    print(table.round(3).to_string(index=False))
    print("recommended:", table.attrs["reason"])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 documents, small sweep")
    parser.add_argument(
        "--repeat", type=int, help="runs per timing (median; default 3, with --quick 1)"
    )
    parser.add_argument(
        "--only",
        choices=("coherence", "fits", "select_k", "scale"),
        help="run one section only",
    )
    args = parser.parse_args(argv)
    args.repeat = args.repeat or (1 if args.quick else 3)  # CI prints figures, never quotes them
    warnings.filterwarnings("ignore", message=".*no counted term.*")
    articles = load_demo(500 if args.quick else None)
    dtm = build_dtm(articles)
    texts = tokenize(articles, dtm)
    print(f"demo corpus: {len(articles)} articles, {sum(map(len, texts)):,} tokens; "
          f"repeat={args.repeat}; shared 2-core machine (expect noise)")  # fmt: skip
    if args.only in (None, "coherence"):
        model = fit_topics(dtm, 20)
        bench_coherence(model.term_lists(10), texts, args.repeat)
    index = CoherenceIndex(texts)
    if args.only in (None, "fits"):
        with threadpool_limits(limits=1):
            bench_fits(articles, dtm, index, args.repeat, args.quick)
    if args.only in (None, "scale"):
        with threadpool_limits(limits=1):
            bench_scale(articles, dtm, index, args.repeat)
    if args.only in (None, "select_k"):
        ks = range(5, 16, 5) if args.quick else range(5, 41, 5)
        bench_select_k(dtm, index, ks, args.repeat if args.quick else 1)


if __name__ == "__main__":
    main()
