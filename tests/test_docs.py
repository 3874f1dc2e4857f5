"""The API reference (``make docs``): builds offline, warning-free, and lists every public name.

The slow tests run the build ``make docs`` runs (same Sphinx flags, read from the Makefile)
into a temporary folder, with every proxy pointing at a closed port so that anything the
build tried to fetch would fail it.
"""

from __future__ import annotations

import importlib
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "docs" / "api"
#: Remote assets an offline page must not load: a script, a stylesheet, an image or a font.
REMOTE_ASSET = re.compile(r"""<(?:script|link|img)\b[^>]*\b(?:src|href)=["'](?:https?:)?//""")


def _make_variable(name: str) -> str:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(rf"^{name} := (.*)$", text, flags=re.MULTILINE)
    assert found, f"Makefile: no `{name} := ...` line"
    return found.group(1).strip()


def _build(source: Path, out: Path) -> subprocess.CompletedProcess:
    """``make docs``'s command, from ``source`` into ``out``, with the network unreachable."""
    flags = _make_variable("SPHINX_FLAGS").split()
    closed = "http://127.0.0.1:9"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.update({k: closed for k in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")})
    env.pop("NO_PROXY", None)
    env.pop("no_proxy", None)
    cmd = [sys.executable, "-m", "sphinx", *flags, "-d", str(out / "doctrees"), str(source)]
    return subprocess.run(
        [*cmd, str(out / "html")], capture_output=True, text=True, env=env, timeout=600
    )


def _pages() -> dict[str, str]:
    """Page name -> the module it documents, as docs/api/conf.py declares them."""
    text = (SOURCE / "conf.py").read_text(encoding="utf-8")
    block = re.search(r"for name in \((.*?)\)", text, flags=re.DOTALL)
    assert block, "docs/api/conf.py: no PAGES table"
    return {name: f"analysis.{name}" for name in re.findall(r'"(\w+)"', block.group(1))}


# ------------------------------------------------------------------------------ fast
def test_make_docs_fails_on_warnings_and_is_listed_in_help():
    flags = _make_variable("SPHINX_FLAGS").split()
    assert {"-W", "--keep-going"} <= set(flags)
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^docs: .*## ", text, flags=re.MULTILINE), "docs target has no help line"
    assert "docs/api" in text


def test_every_public_subpackage_has_a_page():
    pages = _pages()
    for name in (
        "loading", "readability", "terms", "topics", "parallel", "plots", "sentiment",
        "overview", "config", "report", "cli",
    ):  # fmt: skip
        assert name in pages, f"docs/api/conf.py PAGES lacks {name}"
    for name, module in pages.items():
        page = (SOURCE / f"{name}.rst").read_text(encoding="utf-8")
        assert f".. automodule:: {module}" in page, f"docs/api/{name}.rst"
        assert f"   {name}\n" in (SOURCE / "index.rst").read_text(encoding="utf-8")


def test_the_build_fetches_nothing():
    """No intersphinx inventories (they are downloaded at build time)."""
    conf = runpy.run_path(str(SOURCE / "conf.py"))
    assert "sphinx.ext.intersphinx" not in conf["extensions"]
    assert not conf.get("intersphinx_mapping")


# ------------------------------------------------------------------------------ slow
@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    result = _build(SOURCE, out)
    assert result.returncode == 0, (
        "`make docs` fails (warnings are errors):\n" + result.stdout[-4000:] + result.stderr
    )
    return out / "html"


@pytest.mark.slow
def test_api_reference_builds_without_a_warning(built):
    assert (built / "index.html").is_file()


@pytest.mark.slow
def test_every_public_name_is_on_its_page(built):
    missing = []
    for name, modname in _pages().items():
        html = (built / f"{name}.html").read_text(encoding="utf-8")
        module = importlib.import_module(modname)
        for public in module.__all__:
            if f'id="{modname}.{public}"' not in html:
                missing.append(f"{modname}.{public}")
    assert not missing, f"public names missing from the API reference: {missing}"


@pytest.mark.slow
def test_pages_load_nothing_remote(built):
    remote = [
        f"{page.name}: {match.group(0)}"
        for page in sorted(built.rglob("*.html"))
        for match in REMOTE_ASSET.finditer(page.read_text(encoding="utf-8"))
    ]
    assert not remote, f"pages load remote assets (the reference must read offline): {remote}"


@pytest.mark.slow
def test_a_broken_cross_reference_fails_the_build(tmp_path):
    """The real configuration on a one-page source with a link to a name that does not exist."""
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(SOURCE / "conf.py", source / "conf.py")
    (source / "index.rst").write_text(
        "Words\n=====\n\n.. automodule:: analysis.words\n\nSee :func:`analysis.words.nope`.\n",
        encoding="utf-8",
    )
    result = _build(source, tmp_path / "out")
    assert result.returncode != 0
    assert "analysis.words.nope" in result.stderr


@pytest.mark.slow
def test_cli_page_shows_the_help_of_every_command(built):
    import argparse
    import html as markup

    from analysis.cli import build_parser

    page = (built / "cli.html").read_text(encoding="utf-8")
    html = markup.unescape(re.sub(r"<[^>]+>", "", page))  # the text, as read
    (commands,) = (
        a.choices for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    )
    for name, parser in commands.items():
        assert f"news-analysis {name} --help" in html
        assert parser.description is None or parser.description.split("\n")[0][:40] in html
