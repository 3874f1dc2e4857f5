"""A lesson notebook runs against a real cluster when given its address as a parameter."""

from __future__ import annotations

import json

import pytest

from analysis import config

pytestmark = pytest.mark.cluster


def test_readability_notebook_on_cluster(dask_cluster, client, tmp_path, demo_csv):
    import papermill as pm

    out = tmp_path / "02.ipynb"
    pm.execute_notebook(
        str(config.NOTEBOOKS_DIR / "02-readability.ipynb"),
        str(out),
        parameters={
            "sources": [str(demo_csv)],
            "sample_size": 150,
            "n_boot": 50,
            "scheduler": dask_cluster.address,
            "tables_dir": str(tmp_path / "tables"),
        },
        kernel_name="python3",
        cwd=str(tmp_path),
        progress_bar=False,
    )
    text = json.dumps(json.loads(out.read_text())["cells"])
    assert "ran on a Dask cluster" in text
    assert f"workers at {dask_cluster.address}" in text
