"""Every analysis reads every input kind of load_corpus alike, or refuses with what it accepts.

The reference is the pandas articles frame; every other kind must give the same values
(doc ids aside: a list has no index). Before analysis.inputs, a polars frame was one
"document" per column, records added the term ``text`` to every document and
readability gave rows of NaN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.readability import readability
from analysis.terms import build_dtm, collocations, heaps, kwic
from analysis.topics import fit_topics, tokenize_documents

pl = pytest.importorskip("polars")

TEXTS = [
    "The budget vote passed in parliament after a long budget debate.",
    "Storm winds hit the coast and the storm cut power to many homes.",
    "The parliament debate on the budget went on late into the night.",
    "Coast towns cleaned up after the storm; power came back slowly.",
    "Ministers said the budget would fund schools, roads and hospitals.",
]
FRAME = pd.DataFrame({"text": TEXTS, "source": ["A", "B", "A", "B", "A"]})


class DatasetLike:
    """What a Hugging Face ``datasets.Dataset`` offers: dict rows, column_names, to_pandas."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame
        self.column_names = list(frame.columns)

    def __iter__(self):
        return iter(self._frame.to_dict("records"))

    def __len__(self) -> int:
        return len(self._frame)

    def to_pandas(self) -> pd.DataFrame:
        return self._frame.copy()


KINDS = {
    "articles frame": lambda: FRAME,
    "Series": lambda: FRAME["text"],
    "list of str": lambda: list(TEXTS),
    "generator of str": lambda: (t for t in TEXTS),
    "polars DataFrame": lambda: pl.from_pandas(FRAME),
    "polars Series": lambda: pl.Series("text", TEXTS),
    "list of dicts": lambda: FRAME.to_dict("records"),
    "iterator of dicts": lambda: iter(FRAME.to_dict("records")),
    "datasets.Dataset-like": lambda: DatasetLike(FRAME),
}


def _topics(data):
    return fit_topics(data, 2, min_df=1, max_df=1.0).doc_topics_.to_numpy()


ANALYSES = {
    "readability": lambda d: readability(d)[["n_words", "flesch_reading_ease"]].to_numpy(),
    "build_dtm": lambda d: (lambda m: (list(m.terms), m.matrix.toarray()))(build_dtm(d)),
    "kwic": lambda d: kwic(d, "budget")[["left", "keyword", "right"]].to_numpy(),
    "collocations": lambda d: collocations(d, min_count=1).to_numpy(),
    "heaps": lambda d: heaps(d)[["n_tokens", "n_types"]].to_numpy(),
    "tokenize_documents": lambda d: tokenize_documents(d),
    "fit_topics": _topics,
}


def _same(a, b) -> None:
    if isinstance(a, tuple):
        for x, y in zip(a, b, strict=True):
            _same(x, y)
    elif isinstance(a, np.ndarray) and a.dtype.kind == "f":
        np.testing.assert_allclose(a, b)
    else:
        assert np.array_equal(np.asarray(a, dtype=object), np.asarray(b, dtype=object))


@pytest.mark.parametrize("analysis", list(ANALYSES))
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_input_kind_gives_what_the_articles_frame_gives(kind, analysis):
    run = ANALYSES[analysis]
    expected = run(FRAME)
    _same(expected, run(KINDS[kind]()))


@pytest.mark.parametrize("analysis", list(ANALYSES))
@pytest.mark.parametrize("bad", [3, {"text": "One record."}, [{"text": "A."}, "B."]])
def test_what_is_not_texts_is_refused_with_what_is_accepted(analysis, bad):
    with pytest.raises((TypeError, ValueError), match="accepts|records|dict|text"):
        ANALYSES[analysis](bad)


def test_records_without_a_text_field_point_to_load_corpus():
    with pytest.raises(ValueError, match="load_corpus"):
        build_dtm([{"body": t} for t in TEXTS])


def test_load_corpus_reads_a_dataset_like_object_as_records():
    from analysis.loading import load_corpus

    articles, report = load_corpus(DatasetLike(FRAME))
    assert articles["text"].tolist() == TEXTS and articles["source"].tolist() == list(
        FRAME["source"]
    )
    assert report["origin"].tolist() == [f"<records>:item {i}" for i in range(1, 6)]


TABLES = ["articles frame", "polars DataFrame", "list of dicts", "iterator of dicts",
          "datasets.Dataset-like"]  # fmt: skip


@pytest.mark.parametrize("kind", list(KINDS))
def test_coherence_select_k_and_prevalence_read_tables_and_refuse_plain_texts(kind):
    from analysis.topics import coherence, prevalence, select_k

    dtm = build_dtm(FRAME)
    model = fit_topics(dtm, 2, min_df=1, max_df=1.0)
    topics = model.term_lists(3)
    runs = {
        "coherence": lambda d: coherence(topics, d, dtm=dtm),
        "prevalence": lambda d: prevalence(model, d),
        "select_k": lambda d: select_k(dtm, [2], texts=d, seeds=(0,), min_df=1, max_df=1.0),
    }
    for name, run in runs.items():
        if kind in TABLES:
            expected = run(FRAME)
            got = run(KINDS[kind]())
            if isinstance(expected, pd.DataFrame):
                pd.testing.assert_frame_equal(got, expected)
            else:
                np.testing.assert_allclose(got, expected)
        elif name != "select_k":  # select_k also tokenises plain texts
            with pytest.raises(TypeError, match="articles|token"):
                run(KINDS[kind]())
