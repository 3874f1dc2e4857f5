"""analysis.scale is a deprecated re-export shim for one release: old imports still work."""

from __future__ import annotations

import importlib
import sys

import pytest


def test_importing_the_shim_warns_and_names_resolve():
    sys.modules.pop("analysis.scale", None)
    with pytest.warns(DeprecationWarning, match="analysis.scale is deprecated"):
        scale = importlib.import_module("analysis.scale")
    from analysis.loading import write_dataset
    from analysis.parallel import PartitionError, start

    with pytest.warns(DeprecationWarning, match="use analysis.parallel.PartitionError"):
        assert scale.ScaleError is PartitionError
    with pytest.warns(DeprecationWarning, match="analysis.loading.write_dataset"):
        assert scale.write_dataset is write_dataset
    with pytest.warns(DeprecationWarning):
        assert scale.start is start
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = scale.nope


def test_old_submodules_still_resolve():
    from analysis.terms import DocumentTermMatrix, build_dtm
    from analysis.topics import fit_topics

    with pytest.warns(DeprecationWarning):
        from analysis.scale.terms import PartitionedDTM
    assert PartitionedDTM is DocumentTermMatrix
    with pytest.warns(DeprecationWarning, match="docstring of analysis.scale.topics"):
        from analysis.scale.topics import fit_topics_sample
    texts = ["Oil prices rose again today.", "Oil output fell.", "The match ended in a draw."]
    import pandas as pd

    articles = pd.DataFrame({"text": texts * 2}, index=pd.Index(list("abcdef"), name="doc_id"))
    old = fit_topics_sample(articles, 2, dtm_options={"min_df": 1}, min_df=1, max_df=1.0)
    new = fit_topics(articles, 2, sample_size=20_000, dtm_options={"min_df": 1}, min_df=1,
                     max_df=1.0)  # fmt: skip
    pd.testing.assert_frame_equal(old.doc_topics_, new.doc_topics_)
    assert isinstance(build_dtm(texts), PartitionedDTM)
