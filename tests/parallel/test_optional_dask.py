"""Without the ``[dask]`` extra, asking for a cluster says which extra to install."""

from __future__ import annotations

import sys

import pytest

from analysis import parallel


@pytest.mark.parametrize("kwargs", [{"workers": 1}, {"scheduler": "tcp://127.0.0.1:1"}])
def test_cluster_without_distributed_names_the_extra(monkeypatch, kwargs):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(ImportError, match=r"pip install 'news-analysis\[dask\]'"):
        parallel.start(**kwargs)


def test_serial_work_needs_no_dask(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.setitem(sys.modules, "dask", None)
    assert parallel.start() is None
