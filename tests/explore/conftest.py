"""A small corpus with a hostile article, and the real explorer server serving it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pandas as pd
import pytest

from analysis import config

PAYLOAD_TITLE = '<img src=x onerror="window.__pwned=1;alert(1)"> Payload headline'
PAYLOAD_TEXT = (
    "</script><script>window.__pwned=2;alert(2)</script> This zanzibarish article tries to "
    "run a script. Its text is scraped and untrusted, so the explorer must show it as text. "
) * 3


@pytest.fixture(scope="session")
def explore_csv(tmp_path_factory, demo_csv, hostile_row):
    """200 demo articles (fixed seed) plus one whose title and text carry scripts."""
    folder = tmp_path_factory.mktemp("explore_corpus")
    demo = pd.read_csv(demo_csv).dropna(subset=["text"]).sample(200, random_state=1)
    payload = hostile_row(PAYLOAD_TITLE, PAYLOAD_TEXT)
    path = folder / "small.csv"
    pd.concat([payload, demo]).to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def explore_articles(explore_csv):
    """The articles the server loads (same loader, same doc_ids)."""
    from analysis import load_corpus

    articles, _ = load_corpus(explore_csv)
    return articles


def _wait_for(url: str, port: int, proc: subprocess.Popen, log, seconds: float = 300) -> None:
    """Wait until the port accepts connections, then for one page (a session is built)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the explorer exited with {proc.returncode}: {log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                break
        except OSError:
            time.sleep(0.5)
    else:
        raise RuntimeError(
            f"the explorer did not listen on {port} in {seconds} s: {log.read_text()}"
        )
    with urllib.request.urlopen(url, timeout=max(deadline - time.monotonic(), 30)) as response:
        assert response.status == 200


@pytest.fixture(scope="session")
def explorer_server(explore_csv, tmp_path_factory):
    """``news-analysis explore SMALL.csv --port P`` on a free port; yields its base URL."""
    from analysis.explore import free_port

    port = free_port()
    log = tmp_path_factory.mktemp("explore_log") / "server.log"
    env = {**os.environ, "PYTHONPATH": str(config.PROJ_ROOT / "src")}
    with log.open("w") as out:
        proc = subprocess.Popen(
            # -W default: deprecation warnings are printed, so a test can see that none is
            [sys.executable, "-W", "default", "-m", "analysis.cli", "explore", str(explore_csv),
             "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(url, port, proc, log)
        yield {"url": url, "proc": proc, "log": log, "port": port}
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
