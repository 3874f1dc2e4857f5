"""Topic models (NMF, LDA) with fast coherence, choosing k, stability, prevalence and maps.

Subpackage layout, by task:

* :mod:`~analysis.topics.models` -- :func:`fit_topics` and :class:`TopicModel`
  (topics numbered by prevalence, descending; never re-ordered afterwards).
* :mod:`~analysis.topics.coherence` -- :func:`coherence` (``c_npmi``, ``c_uci``,
  ``c_v``, ``u_mass``; equal to gensim's values), counted partition by partition.
* :mod:`~analysis.topics.cooccurrence` -- the reusable :class:`CoherenceIndex` and the
  additive :func:`cooccurrence_counts`.
* :mod:`~analysis.topics.transform` -- topic shares partition by partition
  (:meth:`TopicModel.transform`).
* :mod:`~analysis.topics.sampling` -- the seeded sample a model is fitted on when
  :func:`fit_topics` is given articles (``sample_size=``).
* :mod:`~analysis.topics.relevance` -- :func:`topic_terms` with LDAvis relevance.
* :mod:`~analysis.topics.selection` -- :func:`select_k` (coherence + stability).
* :mod:`~analysis.topics.prevalence` -- :func:`prevalence`, :func:`representative_documents`.
* :mod:`~analysis.topics.maps` -- :func:`topic_map`, :func:`topic_map_html`.
* :mod:`~analysis.topics.evaluate` -- :func:`evaluate` (NMI, ARI, purity).

Texts for the sliding-window coherence measures are token sequences made with the
document-term matrix's analyzer: :func:`tokenize_documents`.
"""

from __future__ import annotations

from ._text import tokenize, tokenize_documents
from .coherence import MEASURES, coherence
from .cooccurrence import CoherenceIndex, CooccurrenceCounts, cooccurrence_counts
from .evaluate import evaluate, purity
from .maps import TopicMapHTML, jensen_shannon, topic_map, topic_map_html
from .models import AUTO_RULE, METHODS, TopicModel, default_method, fit_topics
from .prevalence import prevalence, representative_documents
from .relevance import relevance, top_terms, topic_terms
from .sampling import DEFAULT_SAMPLE_SIZE, in_sample, sample_articles
from .selection import average_jaccard, select_k, topic_agreement

__all__ = [
    "AUTO_RULE",
    "DEFAULT_SAMPLE_SIZE",
    "MEASURES",
    "METHODS",
    "CoherenceIndex",
    "CooccurrenceCounts",
    "TopicMapHTML",
    "TopicModel",
    "average_jaccard",
    "coherence",
    "cooccurrence_counts",
    "default_method",
    "evaluate",
    "fit_topics",
    "in_sample",
    "jensen_shannon",
    "prevalence",
    "purity",
    "relevance",
    "representative_documents",
    "sample_articles",
    "select_k",
    "tokenize",
    "tokenize_documents",
    "top_terms",
    "topic_terms",
    "topic_agreement",
    "topic_map",
    "topic_map_html",
]
