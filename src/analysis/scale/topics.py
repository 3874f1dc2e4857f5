"""Deprecated: the topic functions take ``client=``; sampling is ``fit_topics(sample_size=)``."""

from __future__ import annotations

from typing import Any

from .._shim import deprecated_names

_NAMES = {
    "DEFAULT_SAMPLE_SIZE": "analysis.topics:DEFAULT_SAMPLE_SIZE",
    "coherence_partitions": "analysis.topics:coherence",
    "in_sample": "analysis.topics:in_sample",
    "prevalence_partitions": "analysis.topics:prevalence",
    "sample_articles": "analysis.topics:sample_articles",
    "fit_topics_sample": "analysis.scale.topics:_fit_topics_sample",
    "transform_partitions": "analysis.scale.topics:_transform_partitions",
}
__all__ = sorted(_NAMES)
__getattr__ = deprecated_names(__name__, _NAMES)


def _fit_topics_sample(data: Any, k: int, *, sample_size: int = 20_000, **options: Any):
    from ..topics import fit_topics

    return fit_topics(data, k, sample_size=sample_size, **options)


def _transform_partitions(model: Any, data: Any, **options: Any):
    return model.transform(data, **options)
