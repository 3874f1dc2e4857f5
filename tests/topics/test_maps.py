"""Topic maps: Jensen-Shannon + classical MDS, and the offline interactive HTML."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.spatial.distance import jensenshannon, pdist, squareform

from analysis.terms import DocumentTermMatrix
from analysis.topics import fit_topics, jensen_shannon, topic_map, topic_map_html
from analysis.topics.maps import _classical_mds


def test_jensen_shannon_matches_scipy():
    rng = np.random.default_rng(0)
    p = rng.random((5, 30)) * (rng.random((5, 30)) > 0.3)
    expected = squareform(pdist(p, lambda a, b: jensenshannon(a, b) ** 2))
    np.testing.assert_allclose(jensen_shannon(p), expected, atol=1e-12)


def test_classical_mds_recovers_planar_distances():
    points = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 4.0], [1.0, 1.0]])
    dist = squareform(pdist(points))
    coords = _classical_mds(dist)
    np.testing.assert_allclose(squareform(pdist(coords)), dist, atol=1e-9)


def test_topic_map_frame(toy_dtm):
    model = fit_topics(toy_dtm, 4, min_df=1, max_df=1.0)
    frame = topic_map(model)
    assert list(frame.index) == [0, 1, 2, 3]
    assert list(frame.columns) == ["x", "y", "prevalence", "label"]
    assert frame["label"].tolist() == model.labels_.tolist()
    np.testing.assert_allclose(frame["prevalence"], model.prevalence_)
    assert np.isfinite(frame[["x", "y"]].to_numpy()).all()
    pd.testing.assert_frame_equal(frame, topic_map(model))  # deterministic signs


def test_single_topic_map(toy_dtm):
    frame = topic_map(fit_topics(toy_dtm, 1, min_df=1, max_df=1.0))
    assert frame[["x", "y"]].to_numpy().tolist() == [[0.0, 0.0]]


def test_html_is_offline_escaped_and_deterministic():
    counts = sp.csr_matrix(np.array([[3, 2, 0, 1], [2, 3, 0, 1], [0, 0, 2, 3], [0, 1, 3, 2]]))
    terms = np.array(["oil", "</script><script>alert(1)</script>", "<b>goal</b>", "a&b"])
    dtm = DocumentTermMatrix(counts, terms, pd.Index(list("abcd"), name="doc_id"))
    model = fit_topics(dtm, 2, min_df=1, max_df=1.0)
    widget = topic_map_html(model)
    text = widget._repr_html_()
    assert text == widget.html == str(widget)
    assert "alert(1)</script>" not in text and "<b>goal" not in text
    assert text.count("<script") == 2 and text.count("</script>") == 2
    assert not re.search(r"(src|href)\s*=|https?://|cdn", text, flags=re.IGNORECASE)
    assert "&lt;b&gt;goal&lt;/b&gt;" in text
    again = topic_map_html(model).html
    strip = lambda s: re.sub(r"topicmap-[0-9a-f]+-\d+", "ID", s)  # noqa: E731
    assert strip(again) == strip(text)
    assert again != text  # two maps in one page get distinct element ids


def test_html_save(tmp_path, toy_dtm):
    widget = topic_map_html(fit_topics(toy_dtm, 3, min_df=1, max_df=1.0), n=5)
    path = tmp_path / "map.html"
    widget.save(path)
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and widget.html in page


@pytest.mark.parametrize("k", [2, 4])
def test_html_has_one_circle_per_topic(toy_dtm, k):
    html = topic_map_html(fit_topics(toy_dtm, k, min_df=1, max_df=1.0)).html
    assert html.count("<circle") == k
