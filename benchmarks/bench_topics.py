"""Benchmark analysis.topics on the demo corpus against its peers, in the same run.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_topics.py [--quick] [--repeat N]

* Coherence of 20 topics x top-10 terms (the default NMF model's topics) over the demo
  corpus: ours vs gensim's ``CoherenceModel(...).get_coherence_per_topic()``
  (``processes=1``, test-only reference) for c_npmi, c_uci, c_v and u_mass. "cold"
  includes building the index from the token lists; "warm" reuses a built
  ``CoherenceIndex`` (as select_k does). Values must agree to 1e-6.
  Targets: >= 20x for the window measures, u_mass no slower than gensim.
* Fit times at k=20: our NMF and LDA defaults; scikit-learn's defaults (NMF on plain
  tf-idf with stop_words="english", min_df=5, max_df=0.5; batch LDA, 10 iterations);
  gensim's LdaModel (defaults, one pass). c_npmi of each model's top-10 terms.
* A full select_k sweep: k = 5..40 step 5, 3 seeds (n_jobs=2). Target < 3 minutes.

Texts for coherence are build_dtm's unigram tokens (``analysis.topics.tokenize``:
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis import config  # noqa: E402
from analysis.terms import build_dtm  # noqa: E402
from analysis.topics import CoherenceIndex, coherence, fit_topics, select_k, tokenize  # noqa: E402

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
    t, model = timed(lambda: fit_topics(dtm, k), repeat)
    rows.append(("ours NMF (defaults)", t, npmi(model.top_terms(10))))
    t, model = timed(lambda: fit_topics(dtm, k, method="lda"), repeat)
    rows.append(("ours LDA (defaults)", t, npmi(model.top_terms(10))))

    texts = articles["text"].tolist()
    vec = TfidfVectorizer(stop_words="english", min_df=5, max_df=0.5)

    def sk_nmf():
        x = vec.fit_transform(texts)
        return NMF(k, random_state=0).fit(x)

    t, est = timed(sk_nmf, repeat)
    rows.append(
        (
            "sklearn NMF tf-idf (defaults)",
            t,
            npmi(top(est.components_, vec.get_feature_names_out())),
        )
    )

    def sk_lda():
        return LatentDirichletAllocation(k, learning_method="batch", random_state=0).fit(dtm.matrix)

    t, est = timed(sk_lda, 1 if not quick else repeat)
    rows.append(("sklearn LDA batch (defaults)", t, npmi(top(est.components_, dtm.terms))))

    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    tokens = tokenize(articles, dtm)

    def gensim_lda():
        dictionary = Dictionary(tokens)
        corpus = [dictionary.doc2bow(doc) for doc in tokens]
        return dictionary, LdaModel(corpus, num_topics=k, id2word=dictionary, random_state=0)

    t, (dictionary, lda) = timed(gensim_lda, 1)
    topics = [[dictionary[i] for i, _ in lda.get_topic_terms(j, topn=10)] for j in range(k)]
    rows.append(("gensim LdaModel (defaults)", t, npmi(topics)))

    print(f"\n## fits at k={k} on {dtm.shape[0]} documents x {dtm.shape[1]} terms")
    print(f"{'model':32} {'seconds':>8} {'c_npmi':>7}")
    for name, seconds, value in rows:
        print(f"{name:32} {seconds:8.1f} {value:7.3f}")


def bench_select_k(dtm, index, ks, repeat: int) -> None:
    t, table = timed(lambda: select_k(dtm, ks, texts=index, n_jobs=2), repeat)
    print(f"\n## select_k (NMF) k={list(ks)}, seeds (0, 1, 2): {t:.1f} s (target < 180 s)")
    print(table.round(3).to_string(index=False))
    print("recommended:", table.attrs["reason"])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 documents, small sweep")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (median)")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", message=".*no counted term.*")
    articles = load_demo(500 if args.quick else None)
    dtm = build_dtm(articles)
    texts = tokenize(articles, dtm)
    print(f"demo corpus: {len(articles)} articles, {sum(map(len, texts)):,} tokens; "
          f"repeat={args.repeat}; shared 2-core machine (expect noise)")  # fmt: skip
    model = fit_topics(dtm, 20)
    bench_coherence(model.top_terms(10), texts, args.repeat)
    index = CoherenceIndex(texts)
    bench_fits(articles, dtm, index, args.repeat, args.quick)
    ks = range(5, 16, 5) if args.quick else range(5, 41, 5)
    bench_select_k(dtm, index, ks, 1 if not args.quick else args.repeat)


if __name__ == "__main__":
    main()
