"""A real Dask cluster for the scale-out tests: one scheduler and two worker processes.

The scheduler and the workers are the ``dask scheduler`` / ``dask worker`` command-line
programs of this environment, started as separate processes on 127.0.0.1 with
random ports (no dashboard), exactly as a user would start them. They are torn down
at the end of the session; every wait is bounded.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

START_TIMEOUT = 60


def _dask_command(which: str) -> list[str]:
    exe = Path(sys.executable).with_name("dask")
    if exe.exists():
        return [str(exe), which]
    found = shutil.which("dask")
    if found:
        return [found, which]
    return [sys.executable, "-m", f"distributed.cli.dask_{which}"]


class RealCluster:
    """A scheduler process and worker processes that tests can kill and restart."""

    def __init__(self, tmp: Path, n_workers: int = 2) -> None:
        self.tmp = tmp
        self.file = tmp / "scheduler.json"
        self.logs = tmp / "logs"
        self.logs.mkdir()
        self.workers: dict[str, subprocess.Popen] = {}
        self._n = 0
        self.scheduler = self._spawn(
            "scheduler",
            [*_dask_command("scheduler"), "--host", "127.0.0.1", "--port", "0",
             "--no-dashboard", "--scheduler-file", str(self.file)],
        )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT
        while not self.file.exists() or not self.file.read_text().strip():
            self._check_alive(self.scheduler, "scheduler")
            if time.monotonic() > deadline:
                raise RuntimeError(f"dask scheduler did not start in {START_TIMEOUT} s")
            time.sleep(0.1)
        time.sleep(0.2)
        self.address = json.loads(self.file.read_text())["address"]
        for _ in range(n_workers):
            self.add_worker()
        self.wait_for_workers(n_workers)

    def _spawn(self, name: str, cmd: list[str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)

    def _check_alive(self, proc: subprocess.Popen, name: str) -> None:
        if proc.poll() is not None:
            log = (self.logs / f"{name}.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"dask {name} exited with {proc.returncode}:\n{log}")

    def add_worker(self) -> str:
        name = f"worker-{self._n}"
        self._n += 1
        self.workers[name] = self._spawn(
            name,
            [*_dask_command("worker"), self.address, "--name", name, "--nthreads", "1",
             "--nworkers", "1", "--no-nanny", "--memory-limit", "2GB", "--host", "127.0.0.1",
             "--no-dashboard", "--death-timeout", "60",
             "--local-directory", str(self.tmp / "work")],
        )  # fmt: skip
        return name

    def alive_workers(self) -> list[str]:
        return [n for n, p in self.workers.items() if p.poll() is None]

    def wait_for_workers(self, n: int) -> None:
        from distributed import Client

        with Client(self.address, timeout="30s", set_as_default=False) as client:
            client.wait_for_workers(n, timeout=START_TIMEOUT)

    def kill_worker(self, name: str) -> None:
        """SIGKILL a worker process: no goodbye to the scheduler, as in a crash."""
        proc = self.workers[name]
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    @contextlib.contextmanager
    def killing_a_worker(self, client):
        """Kill one worker (SIGKILL) once the cluster is busy, while the block runs.

        Yields a dict; after the block, ``victim`` names the killed worker and
        ``killed_at`` / ``finished_at`` (monotonic seconds) show that it died before
        the work inside the block had finished.
        """
        info = {"victim": self.alive_workers()[0]}

        def kill_when_busy():
            for _ in range(400):
                if any(client.processing().values()):
                    break
                time.sleep(0.02)
            time.sleep(0.3)
            self.kill_worker(info["victim"])
            info["killed_at"] = time.monotonic()

        killer = threading.Thread(target=kill_when_busy)
        killer.start()
        try:
            yield info
            info["finished_at"] = time.monotonic()
        finally:
            killer.join()
        assert info["victim"] not in self.alive_workers()
        assert info["killed_at"] < info["finished_at"], "the worker died after the work ended"

    def ensure_workers(self, n: int = 2) -> None:
        for name in list(self.workers):
            if self.workers[name].poll() is not None:
                del self.workers[name]
        while len(self.workers) < n:
            self.add_worker()
        self.wait_for_workers(n)

    def close(self) -> None:
        """Workers first (so they can say goodbye), then the scheduler."""
        for group in (list(self.workers.values()), [self.scheduler]):
            for p in group:
                if p.poll() is None:
                    p.terminate()
            for p in group:
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait(timeout=5)


@pytest.fixture(scope="session")
def dask_cluster(tmp_path_factory):
    """A running scheduler + 2 workers; yields the :class:`RealCluster`."""
    pytest.importorskip("distributed")
    cluster = RealCluster(tmp_path_factory.mktemp("dask-cluster"))
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.fixture
def client(dask_cluster):
    """A ``distributed.Client`` on the real cluster, with both workers alive."""
    from distributed import Client

    dask_cluster.ensure_workers(2)
    with Client(dask_cluster.address, timeout="30s", set_as_default=False) as c:
        yield c


@pytest.fixture(scope="session")
def demo_articles(demo_csv):
    """The demo corpus, loaded once for the scale-out tests."""
    from analysis import load_corpus

    articles, _ = load_corpus(demo_csv)
    return articles


@pytest.fixture(scope="session")
def demo_slice(demo_articles):
    """The first 300 loaded demo articles (pandas)."""
    return demo_articles.iloc[:300].copy()
