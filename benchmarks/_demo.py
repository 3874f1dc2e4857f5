"""The demo corpus as ``analysis.load_corpus`` returns it, cached between benchmark runs.

Loading and cleaning the raw CSV takes 10-15 s, which the benchmarks that start from
the loaded articles (scale-out, terms) do not time but paid once per process. The
articles are saved once with :func:`analysis.loading.save_corpus` (the round trip is
exact) under ``data/interim/bench/``, keyed by the CSV's size and mtime and by the
source of ``analysis.loading``: a changed loader or corpus gives a new file, and the
files of older keys (written here) are removed.
"""

from __future__ import annotations

import hashlib
import sys
import warnings
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis import config  # noqa: E402

__all__ = ["demo_articles"]


def _key() -> str:
    import analysis.loading

    digest = hashlib.sha256()
    stat = config.DEMO_CSV.stat()
    digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    for path in sorted(Path(analysis.loading.__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def demo_articles() -> pd.DataFrame:
    """The loaded demo corpus (from the cache when the loader and the CSV are unchanged)."""
    from analysis.loading import load_corpus, read_corpus, save_corpus

    if not config.DEMO_CSV.exists():
        sys.exit(f"The demo corpus is missing at {config.DEMO_CSV}; run `make data` first.")
    folder = config.INTERIM_DIR / "bench"
    path = folder / f"demo-{_key()}.parquet"
    if path.is_file():
        return read_corpus(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles, _ = load_corpus(config.DEMO_CSV, progress=False)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("demo-*.parquet"):
        old.unlink()
    save_corpus(articles, path)
    return articles
