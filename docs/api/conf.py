"""Sphinx configuration of the API reference (``make docs``; docs/api/ -> docs/_build/api/).

Built offline: no intersphinx, no remote theme assets (the PyData theme ships its own),
no MathJax (no page has math). ``make docs`` runs ``sphinx-build -W --keep-going``, so every
warning fails the build; ``tests/test_docs.py`` runs the same build.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The checkout's code, also when the package is not installed (e.g. a fresh clone's build).
sys.path.insert(0, str(ROOT / "src"))

import analysis  # noqa: E402

project = "news-analysis"
author = "the news-analysis authors"
copyright = "the news-analysis authors"
release = analysis.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "numpydoc",
]
# The offline promise: nothing is fetched while building (sphinx.ext.intersphinx is not
# loaded). No page has math, so no MathJax script is linked; tests/test_docs.py checks that
# no page loads anything remote, and builds with every proxy pointing at a closed port.

root_doc = "index"
exclude_patterns = ["_build"]
templates_path: list[str] = []
# Every cross-reference must resolve: a broken :func:/:mod:/:data: link fails the build.
# Types of other libraries cannot resolve offline (no intersphinx inventories): ignored.
nitpicky = True
nitpick_ignore_regex = [
    (
        r"py:.*",
        r"(pandas|pd|numpy|np|scipy|sp|sklearn|matplotlib|dask|distributed|pandera|nbformat"
        r"|IPython|ArrayLike)(\..*)?",
    ),
    # A hint naming a class imported under TYPE_CHECKING is shown as written (the names
    # of the annotation are not resolved): ``ArrayLike`` is numpy.typing's, ``sp`` is
    # scipy.sparse, ``Path`` is pathlib's.
    (
        r"py:.*",
        r"(os|pathlib|Path|collections|typing|abc|argparse|re|datetime|concurrent|io)(\..*)?",
    ),
    # A dict[str, ...] hint is split at its comma by autodoc when shown as a parameter type.
    (r"py:class", r"(dict|list|tuple|set|frozenset)\[.*"),
]
nitpick_ignore = [
    # plan_partitions(items: Iterable[InputFile | SourceProblem]) (loading/partitioned.py):
    # the loader's internal records, documented in loading/sources.py, not exported.
    ("py:class", "analysis.loading.sources.InputFile"),
    ("py:class", "analysis.loading.sources.SourceProblem"),
    # TopicModel._set_fitted and the fit helpers type a private bundle; never public.
    ("py:class", "analysis.topics.models._Prepared"),
]

#: Page -> the module it documents (one page per public subpackage or module).
PAGES = {
    name: f"analysis.{name}"
    for name in (
        "loading", "readability", "terms", "topics", "sentiment", "overview",
        "parallel", "plots", "report", "findings", "pages", "tables", "coverage", "stats",
        "config", "periods", "words", "inputs", "cli",
    )
}  # fmt: skip

autodoc_default_options = {
    "members": True,
    "undoc-members": False,
    "show-inheritance": True,
    "member-order": "bysource",
}
# Hints appear in the signature; the numpydoc "Parameters" section says what they mean.
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
autodoc_mock_imports: list[str] = []

numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_attributes_as_param_list = False


def _public_target(app, env, node, contnode):
    """Resolve ``analysis.pkg.module.name`` to the public ``analysis.pkg.name`` it is shown as.

    Docstrings name the module that defines a function (useful in the code); the reference
    documents each name once, where users import it from. A reference to a private module
    or name with no public counterpart stays unresolved, and fails the build.
    """
    if node.get("refdomain") != "py":
        return None
    domain = env.get_domain("py")
    target = node["reftarget"]
    modname = node.get("py:module") or ""
    if target.startswith("."):  # :mod:`.sources` in a package docstring
        target = f"{modname}{target}"
    elif not target.startswith("analysis.") and modname:
        target = f"{modname}.{target}"
    parts = target.split(".")
    for cut in range(len(parts) - 1, 1, -1):
        if any(p.startswith("_") for p in parts[:cut]):
            continue
        candidates = [".".join(parts[:cut])] if node["reftype"] == "mod" else []
        candidates.append(".".join([*parts[: cut - 1], *parts[cut:]]))
        for candidate in candidates:
            if candidate in domain.objects or candidate in domain.modules:
                return domain.resolve_xref(
                    env, node["refdoc"], app.builder, node["reftype"], candidate, node, contnode
                ) or domain.resolve_xref(
                    env, node["refdoc"], app.builder, "obj", candidate, node, contnode
                )
    return None


def _public_data(app, docname, source):
    """Append an ``autodata`` for each public constant that ``automodule`` leaves out.

    autodoc lists module data only when the module's own source documents it (a ``#:``
    comment); a constant re-exported by a package (``analysis.terms.ENGLISH_CONTRACTIONS``)
    would be missing although it is in ``__all__``.
    """
    if docname not in PAGES:
        return
    import importlib
    import inspect

    from sphinx.pycode import ModuleAnalyzer

    modname = PAGES[docname]
    module = importlib.import_module(modname)
    documented = {name for _, name in ModuleAnalyzer.for_module(modname).find_attr_docs()}
    lines = [
        f"\n.. autodata:: {modname}.{name}\n   :no-value:\n"
        for name in module.__all__
        if name not in documented
        and not inspect.isroutine(getattr(module, name))
        and not inspect.isclass(getattr(module, name))
        and not inspect.ismodule(getattr(module, name))
    ]
    source[0] += "".join(lines)


def _cli_help(app, docname, source):
    """Append ``news-analysis --help`` and each command's help to the CLI page, as printed."""
    if docname != "cli":
        return
    import argparse
    import os
    import textwrap

    from analysis.cli import build_parser

    columns = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "88"  # argparse wraps to the terminal: one width for every build
    try:
        parser = build_parser()
        helps = [("news-analysis --help", parser.format_help())]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                helps += [
                    (f"news-analysis {n} --help", p.format_help())
                    for n, p in action.choices.items()
                ]
    finally:
        if columns is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = columns
    for command, text in helps:
        underline = "-" * (len(command) + 4)
        body = textwrap.indent(text, "   ")
        source[0] += f"\n``{command}``\n{underline}\n\n.. code-block:: text\n\n{body}\n"


def _skip_metadata_routing(app, what, name, obj, skip, options):
    """scikit-learn's generated ``set_*_request`` methods (metadata routing) are not ours."""
    if name.startswith("set_") and name.endswith("_request"):
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_metadata_routing)
    app.connect("source-read", _public_data)
    app.connect("source-read", _cli_help)
    app.connect("missing-reference", _public_target)


html_theme = "pydata_sphinx_theme"
html_title = f"news-analysis {release} API reference"
html_static_path: list[str] = []
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "icon_links": [],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_show_sourcelink = False
html_copy_source = False
