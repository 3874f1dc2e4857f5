"""A lesson notebook runs against a real cluster when given its address as a parameter."""

from __future__ import annotations

import json

import pytest

from analysis import config

pytestmark = pytest.mark.cluster


@pytest.fixture(scope="module")
def demo_rows(tmp_path_factory, demo_csv):
    """400 demo articles (fixed seed) as a CSV: the notebooks sample 150 of them, and the
    kernel does not load and clean all 3,824 articles to use 150."""
    import pandas as pd

    path = tmp_path_factory.mktemp("demo-rows") / "demo-400.csv"
    pd.read_csv(demo_csv).sample(400, random_state=0).to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    ("notebook", "params", "marker"),
    [
        ("02-readability", {"n_boot": 50}, "ran on a Dask cluster"),
        ("03-term-frequency", {}, "counted on a Dask cluster"),
    ],
)
def test_notebook_on_cluster(dask_cluster, client, tmp_path, demo_rows, notebook, params, marker):
    import papermill as pm

    out = tmp_path / f"{notebook}.ipynb"
    pm.execute_notebook(
        str(config.NOTEBOOKS_DIR / f"{notebook}.ipynb"),
        str(out),
        parameters={
            "sources": [str(demo_rows)],
            "sample_size": 150,
            "scheduler": dask_cluster.address,
            "tables_dir": str(tmp_path / "tables"),
            **params,
        },
        kernel_name="python3",
        cwd=str(tmp_path),
        progress_bar=False,
    )
    text = json.dumps(json.loads(out.read_text())["cells"])
    assert marker in text
    assert f"workers at {dask_cluster.address}" in text
