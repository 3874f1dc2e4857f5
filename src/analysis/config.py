"""Every path the project uses, derived from one root.

Nothing else in the package spells a path. The root is the repository that holds
``pyproject.toml`` (found from this file's location); set ``NEWS_ANALYSIS_HOME`` to
point it elsewhere, e.g. when the package is installed outside a checkout. Each
directory can also be overridden on its own with the variables listed in
:data:`ENV_VARS`.

Examples
--------
>>> from analysis import config
>>> config.RAW_DIR.name
'raw'
>>> config.paths(root="/tmp/project")["processed"].as_posix()
'/tmp/project/data/processed'
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "CACHE_DIR",
    "DATA_DIR",
    "DEMO_CSV",
    "ENV_VARS",
    "EXTERNAL_DIR",
    "INTERIM_DIR",
    "NOTEBOOKS_DIR",
    "PROCESSED_DIR",
    "PROJ_ROOT",
    "RAW_DIR",
    "REPORTS_DIR",
    "SAMPLE_ARTICLE",
    "SHARED_DIR",
    "paths",
]

ENV_VARS = {
    "root": "NEWS_ANALYSIS_HOME",
    "data": "NEWS_ANALYSIS_DATA",
    "reports": "NEWS_ANALYSIS_REPORTS",
    "cache": "NEWS_ANALYSIS_CACHE",
    "shared": "NEWS_ANALYSIS_SHARED",
}


def _find_root() -> Path:
    if os.environ.get(ENV_VARS["root"]):
        return Path(os.environ[ENV_VARS["root"]]).expanduser().resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "src" / "analysis").is_dir():
            return parent
    return Path.cwd().resolve()


def paths(*, root: str | os.PathLike | None = None) -> dict[str, Path]:
    """Return every project path for a given root.

    Parameters
    ----------
    root : path-like, optional
        Project root. Defaults to the checkout that holds this package, or
        ``$NEWS_ANALYSIS_HOME``.

    Returns
    -------
    dict of str to Path
        Keys: ``root``, ``data``, ``raw``, ``external``, ``interim``, ``processed``,
        ``reports``, ``notebooks``, ``cache``, ``shared``, ``demo_csv``, ``sample_article``.
    """
    base = Path(root).expanduser().resolve() if root is not None else _find_root()
    env = os.environ if root is None else {}
    data = Path(env.get(ENV_VARS["data"]) or base / "data")
    external = data / "external"
    out = {
        "root": base,
        "data": data,
        "raw": data / "raw",
        "external": external,
        "interim": data / "interim",
        "processed": data / "processed",
        "reports": Path(env.get(ENV_VARS["reports"]) or base / "reports"),
        "notebooks": base / "notebooks",
        "cache": Path(env.get(ENV_VARS["cache"]) or data / "interim" / "cache"),
        "shared": Path(env.get(ENV_VARS["shared"]) or base.parent / "shared"),
        "demo_csv": external / "NewsArticles.csv",
    }
    out["sample_article"] = out["raw"] / "000_ba8f150e48c27e3d.txt"
    return out


_P = paths()
PROJ_ROOT: Path = _P["root"]
DATA_DIR: Path = _P["data"]
RAW_DIR: Path = _P["raw"]
EXTERNAL_DIR: Path = _P["external"]
INTERIM_DIR: Path = _P["interim"]
PROCESSED_DIR: Path = _P["processed"]
REPORTS_DIR: Path = _P["reports"]
NOTEBOOKS_DIR: Path = _P["notebooks"]
CACHE_DIR: Path = _P["cache"]
SHARED_DIR: Path = _P["shared"]
DEMO_CSV: Path = _P["demo_csv"]
SAMPLE_ARTICLE: Path = _P["sample_article"]
