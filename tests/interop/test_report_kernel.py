"""Report kernels run over IPC sockets: no "running over TCP without encryption" warning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from analysis import report

WARNING = "without encryption"

pytestmark = pytest.mark.skipif(os.name == "nt", reason="IPC transport is POSIX-only")


def test_a_notebook_runs_and_its_kernel_does_not_warn(tmp_path, capfd):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    nbformat.write(nb, tmp_path / "t.ipynb")
    (tmp_path / "cwd").mkdir()
    out = tmp_path / "out.ipynb"
    report._execute(tmp_path / "t.ipynb", out, {}, tmp_path / "cwd")
    (cell,) = [c for c in nbformat.read(out, 4).cells if c.source == "print(6 * 7)"]
    assert cell.outputs[0]["text"] == "42\n"  # the report's own setup cell runs first
    log = out.with_suffix(".kernel.log").read_text()
    captured = capfd.readouterr()
    assert WARNING not in log and WARNING not in captured.err + captured.out
    assert list((tmp_path / "cwd").iterdir()) == []  # no socket files left in the kernel's cwd


@pytest.mark.slow
def test_a_report_build_prints_no_kernel_warning(tmp_path):
    src = Path(__file__).resolve().parents[2] / "src"
    articles = tmp_path / "in"
    articles.mkdir()
    for i, text in enumerate(
        [
            "Oil prices rose again as exporters cut output this week.",
            "The striker scored twice and the team won the cup final.",
        ]
    ):
        (articles / f"a{i}.txt").write_text(f"Story {i}\n\n{text}\n")  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(src)}
    run = subprocess.run(
        [sys.executable, "-m", "analysis.cli", "report", str(articles), "--notebook", "01",
         "--out", str(tmp_path / "site")],
        capture_output=True, text=True, env=env, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    assert WARNING not in run.stderr and WARNING not in run.stdout
    logs = "".join(p.read_text() for p in tmp_path.rglob("*.kernel.log"))
    assert WARNING not in logs
