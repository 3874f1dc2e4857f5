"""The lessons' findings are computed from the numbers: other data, other sentences, never a crash."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.findings import (
    FINDINGS_MIME,
    article_findings,
    composition_warnings,
    corpus_findings,
    read_findings,
    readability_findings,
    terms_findings,
    topics_findings,
)
from analysis.pages import anchor_of


def _articles(sources, dates=None, words=None):
    n = len(sources)
    return pd.DataFrame(
        {
            "source": sources,
            "published": pd.to_datetime(dates if dates is not None else [None] * n, utc=True),
            "n_words": words if words is not None else [100 + 10 * i for i in range(n)],
            "title": [f"Story {i}" for i in range(n)],
        }
    )


def _texts(findings):
    return [f.text for f in findings]


def test_corpus_findings_follow_the_data():
    dated = _articles(
        ["bbc"] * 3 + ["tass"],
        ["2017-01-02", "2017-01-03", "2017-01-20", "2017-01-04"],
        [200, 400, 600, 90],
    )
    report = pd.DataFrame({"status": ["loaded"] * 4 + ["duplicate", "rejected", "not_article"]})
    texts = _texts(corpus_findings(dated, report))
    assert texts[0] == (
        "The corpus holds 4 articles from 2 outlets; the largest, bbc, published 3 (75%)."
    )
    assert texts[1].startswith(
        "Of 7 input records, 4 were loaded; 1 duplicate, 1 rejected record and 1 page that is "
        "not an article were left out"
    )
    assert "from 2017-01-02 to 2017-01-20; the busiest week (starting 2017-01-02) had 3" in texts[2]
    assert "bbc writes the longest (median 400 words) and tass the shortest (90)" in texts[3]
    other = _texts(corpus_findings(_articles(["dw"] * 2), None))
    assert other[0] == "All 2 articles come from one outlet, dw, so outlets cannot be compared."
    assert other[1].startswith("No article carries a publication date")
    assert len(other) == 3


def test_every_finding_links_to_its_section_anchor():
    findings = corpus_findings(_articles(["a", "b"]), pd.DataFrame({"status": ["loaded"] * 2}))
    records = findings.to_records()
    assert {r["anchor"] for r in records} >= {anchor_of("How long are the articles?")}
    html = findings._repr_html_()
    assert 'id="findings"' in html and html.count("<li>") == len(findings) >= 3
    assert read_findings(_nb_showing(findings))["findings"] == records


def _nb_showing(findings):
    import nbformat

    bundle = findings._repr_mimebundle_()
    out = nbformat.v4.new_output("execute_result", data={FINDINGS_MIME: bundle[FINDINGS_MIME]})
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[out])])


def _by_outlet(means, lows, highs, ns):
    return pd.DataFrame(
        {
            "source": [f"o{i}" for i in range(len(means))],
            "n": ns,
            "mean": means,
            "mean_low": lows,
            "mean_high": highs,
        }
    )


def test_readability_findings_say_whether_the_gap_exceeds_the_uncertainty():
    apart = _by_outlet([14.0, 12.0, 10.0, 9.0], [13.5, 11, 9, 8.5], [14.5, 13, 11, 9.5], [40] * 4)
    texts = _texts(readability_findings(apart, measure="flesch_kincaid_grade"))
    assert texts[0] == (
        "o0 (14.0) and o1 (12.0) are the hardest to read on the Flesch-Kincaid grade; "
        "o3 (9.0) and o2 (10.0) the easiest."
    )
    assert "(5.0) is larger than the uncertainty" in texts[1]
    close = _by_outlet([10.2, 10.0], [9.0, 9.1], [11.4, 10.9], [40, 5])
    texts = _texts(readability_findings(close, measure="gunning_fog"))
    assert "within the uncertainty" in texts[1]
    assert texts[3].startswith("o1 has fewer than 10 scored articles")
    single = _by_outlet([10.2, 13.0], [9.0, 13.0], [11.4, 13.0], [40, 1])
    texts = _texts(readability_findings(single, measure="gunning_fog"))
    assert texts[3] == "o1's average rests on a single article: read it as one example."
    one = _texts(readability_findings(close.iloc[:1], measure="gunning_fog"))
    assert "there is no other outlet to compare it with" in one[0] and len(one) >= 3
    empty = readability_findings(close.assign(mean=np.nan), measure="gunning_fog")
    assert len(empty) >= 3 and "No article could be scored" in _texts(empty)[0]


def test_readability_findings_report_the_splitter_effect():
    table = _by_outlet([12.0, 10.0], [11.0, 9.0], [13.0, 11.0], [30, 30])
    shift = pd.DataFrame({"change": [0.2, -1.4]}, index=pd.Index(["o0", "o1"], name="source"))
    texts = _texts(readability_findings(table, measure="flesch_kincaid_grade", shift=shift))
    assert "moves outlet averages by up to 1.4 (o1)" in texts[-1]


def test_terms_findings_name_the_terms_and_the_keyness_or_why_not():
    freq = pd.DataFrame({"term": ["war", "peace", "vote"], "count": [9, 5, 2],
                         "rel_freq": [0.05, 0.03, 0.01]})  # fmt: skip
    top = pd.DataFrame({"source": ["a", "a", "b", "b"], "rank": [1, 2, 1, 2],
                        "term": ["x", "y", "z", "w"]})  # fmt: skip
    key = pd.DataFrame({"term": ["russia", "kremlin", "trump"], "p_value": [0.001, 0.01, 0.02],
                        "log_ratio": [3.0, 2.0, -2.5]})  # fmt: skip
    texts = _texts(terms_findings(freq, top=top, keyness=key, target="tass.com"))
    assert texts[0].startswith("The most frequent terms are “war”, “peace” and “vote”; “war”")
    assert "a: “x” and “y”; b: “z” and “w”" in texts[1]
    assert texts[2] == (
        "Compared with the other outlets, tass.com over-uses “russia” and “kremlin” and "
        "under-uses “trump” (significant at 5%)."
    )
    skipped = _texts(terms_findings(freq.iloc[:0], top=top.iloc[:2], keyness=None, target="x"))
    assert skipped[0] == "No term is frequent enough to count."
    assert "there is no other outlet's vocabulary" in skipped[1]
    assert skipped[2].startswith("Keyness was not computed")


class _Model:
    """The attributes of analysis.topics.TopicModel the findings read."""

    k = 3
    labels_ = pd.Series(["police, killed", "trump, house", "china, growth"])
    prevalence_ = pd.Series([0.5, 0.3, 0.2])
    doc_topics_ = pd.DataFrame([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1]])


def test_topics_findings_with_and_without_a_model():
    prevalence = pd.DataFrame(
        {"source": ["a", "a", "a", "b", "b", "b"], "topic": [0, 1, 2] * 2,
         "label": list(_Model.labels_) * 2, "share": [0.5, 0.4, 0.1, 0.5, 0.1, 0.4]}
    )  # fmt: skip
    sweep = pd.DataFrame({"k": [3, 6]})
    texts = _texts(
        topics_findings(
            _Model(), articles=_articles(["a", "b"]), prevalence=prevalence, sweep=sweep
        )  # fmt: skip
    )
    assert texts[0].startswith("The model finds 3 topics; the largest, “police, killed”, takes 50%")
    assert texts[1].startswith("3 topics were kept after comparing 3 or 6 topics")
    assert texts[2] == (
        "b writes most about “china, growth”: 40% of its average article, against 20% across "
        "the corpus."
    )
    few = _texts(topics_findings(None, articles=_articles(["a", "b", "b"]), min_docs=50))
    assert (
        few[0] == "Topics were not modelled: 3 articles are too few (the lesson needs at least 50)."
    )
    assert few[2] == "The 3 articles come from 2 outlets."


@pytest.mark.parametrize("with_corpus", [True, False])
def test_article_findings_compare_or_say_there_is_nothing_to_compare(with_corpus):
    one = _articles(["x.com"], words=[450])
    scores = pd.DataFrame({"flesch_kincaid_grade": [11.0]})
    corpus = pd.DataFrame({"flesch_kincaid_grade": [8.0, 9.0, 12.0, 13.0, np.nan]})
    paragraphs = pd.DataFrame({"flesch_kincaid_grade": [6.0, 15.5, 9.0]})
    key = pd.DataFrame({"term": ["nato", "kyiv", "the"], "log_ratio": [5.0, 4.0, -1.0]})
    res = pd.DataFrame({"share": [0.54, 0.2], "label": ["russia, moscow", "police, killed"]})
    texts = _texts(
        article_findings(
            one,
            one_scores=scores,
            corpus_scores=corpus if with_corpus else corpus.iloc[:0],
            measure="flesch_kincaid_grade",
            paragraphs=paragraphs,
            keyness=key if with_corpus else None,
            resemblance=res if with_corpus else None,
        )
    )
    assert texts[0].startswith("“Story 0” (x.com, 450 words) scores 11.0 on the Flesch-Kincaid")
    assert texts[1] == "Its 3 scored paragraphs range from 6.0 to 15.5."
    if with_corpus:
        assert texts[0].endswith("harder to read than 50% of the 4 corpus articles.")
        assert texts[2] == "Its most distinctive words (by log ratio) are “nato” and “kyiv”."
        assert (
            texts[3] == "It most resembles the corpus topic “russia, moscow” (54% of the article)."
        )
    else:
        assert "there is no reference corpus" in texts[0]
        assert texts[2].startswith("Its distinctive words were not computed")


def test_composition_warnings_flag_sizes_and_date_ranges():
    even = _articles(["a", "a", "b", "b"], ["2017-01-01", "2017-03-01", "2017-01-02", "2017-03-02"])
    assert composition_warnings(even) == []
    skewed = _articles(
        ["a"] * 20 + ["b"],
        [f"2017-01-{d:02d}" for d in range(1, 21)] + ["2017-01-01"],
    )
    found = composition_warnings(skewed)
    assert found[0].startswith(
        "Outlets differ a lot in size: a has 20 articles (95% of the corpus)"
    )
    assert found[1].startswith("b covers less than half of the corpus's dates (2017-01-01 to")
    assert composition_warnings(_articles(["a"] * 3)) == []


def test_characteristic_terms_leave_out_words_every_outlet_uses():
    freq = pd.DataFrame({"term": ["said"], "count": [9], "rel_freq": [0.05]})
    top = pd.DataFrame({"source": ["a", "a", "b", "b", "c", "c"], "rank": [1, 2] * 3,
                        "term": ["said", "x", "said", "z", "said", "w"]})  # fmt: skip
    text = _texts(terms_findings(freq, top=top, keyness=None))[1]
    assert text == (
        "Beyond words all outlets use (“said”), each outlet has its own vocabulary; most "
        "characteristic (tf-idf) are a: “x”; b: “z”; c: “w”."
    )


def test_composition_warning_counts_the_outlets_with_short_date_ranges():
    dates = [f"2017-01-{d:02d}" for d in (1, 30, 2, 3, 4, 5, 6, 7)]
    arts = _articles(["a", "a", "b", "b", "c", "c", "d", "d"], dates)
    assert composition_warnings(arts) == [
        "3 of 4 outlets (b, c and d) cover less than half of the corpus's dates (2017-01-01 to "
        "2017-01-30); changes over time may be changes of outlet."
    ]


def test_terms_findings_have_three_items_without_tf_idf_terms():
    """One outlet (an undated .txt folder): tf-idf per outlet is empty, yet three findings."""
    freq = pd.DataFrame({"term": ["oil", "cup"], "count": [5, 3], "rel_freq": [0.05, 0.03]})
    empty = pd.DataFrame(columns=["source", "rank", "term"])
    for top in (None, empty):
        found = terms_findings(freq, top=top, keyness=None, target="x")
        assert len(found) >= 3
        assert any(f.section == "Characteristic terms: tf-idf per outlet" for f in found)


def test_sentiment_findings_have_three_items_with_one_outlet():
    from analysis.findings import sentiment_findings

    rates = pd.DataFrame({"conflict": [2.0]}, index=["only.com"])
    sentences = pd.DataFrame({"compound": [0.0, -0.6, 0.7]})
    mood = pd.DataFrame({"negative_sentences": [0.3]}, index=["only.com"])
    found = sentiment_findings(
        rates=rates, categories=["conflict"], sentences=sentences, outlet_mood=mood
    )
    assert len(found) >= 3
    assert "33% of the sentences lean positive and 33% negative" in repr(found)
