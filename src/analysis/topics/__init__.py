"""Topic models (NMF, LDA) with fast coherence, choosing k, stability, prevalence and maps.

Subpackage layout, by task:

* :mod:`~analysis.topics.models` -- :func:`fit_topics` and :class:`TopicModel`
  (topics numbered by prevalence, descending; never re-ordered afterwards).
* :mod:`~analysis.topics.coherence` -- :func:`coherence` (``c_npmi``, ``c_uci``,
  ``c_v``, ``u_mass``; equal to gensim's values), the reusable :class:`CoherenceIndex`
  and additive :func:`cooccurrence_counts`.
* :mod:`~analysis.topics.relevance` -- :func:`top_terms` with LDAvis relevance.
* :mod:`~analysis.topics.selection` -- :func:`select_k` (coherence + stability).
* :mod:`~analysis.topics.prevalence` -- :func:`prevalence`, :func:`representative_documents`.
* :mod:`~analysis.topics.maps` -- :func:`topic_map`, :func:`topic_map_html`.
* :mod:`~analysis.topics.evaluate` -- :func:`evaluate` (NMI, ARI, purity).

Texts for the sliding-window coherence measures are token sequences made with the
document-term matrix's analyzer: :func:`tokenize`.
"""

from __future__ import annotations

from ._text import tokenize
from .coherence import MEASURES, CoherenceIndex, CooccurrenceCounts, coherence, cooccurrence_counts
from .evaluate import evaluate, purity
from .maps import TopicMapHTML, jensen_shannon, topic_map, topic_map_html
from .models import METHODS, TopicModel, fit_topics
from .prevalence import prevalence, representative_documents
from .relevance import relevance, top_terms
from .selection import average_jaccard, select_k, topic_agreement

__all__ = [
    "MEASURES",
    "METHODS",
    "CoherenceIndex",
    "CooccurrenceCounts",
    "TopicMapHTML",
    "TopicModel",
    "average_jaccard",
    "coherence",
    "cooccurrence_counts",
    "evaluate",
    "fit_topics",
    "jensen_shannon",
    "prevalence",
    "purity",
    "relevance",
    "representative_documents",
    "select_k",
    "tokenize",
    "top_terms",
    "topic_agreement",
    "topic_map",
    "topic_map_html",
]
