"""Packaging: honest dependencies, the environment files, make targets and a fresh install.

The fast tests read pyproject.toml, requirements/constraints.txt and the installed
metadata of this environment (``make install`` installs every extra). The slow ones
create a fresh venv with Python's own old pip, and start ``make lab`` for real.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import urllib.request
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

import nbformat
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from analysis._optional import check_not_shadowed, require, shadowed_by

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"

#: Runtime requirements that no code imports, and why they are declared anyway.
NOT_IMPORTED = {
    "lxml-html-clean": "jusText (through trafilatura) imports lxml.html.clean",
    "ipykernel": "the kernel news-analysis report runs the notebooks in",
}
#: Dev requirements used as tools rather than imported.
DEV_TOOLS = {
    "pytest-timeout": "pytest plugin (timeout in pyproject)",
    "ruff": "make lint",
    "sphinx": "make docs (tests/test_docs.py runs it)",
    "numpydoc": "make docs: docs/api/conf.py",
    "pydata-sphinx-theme": "make docs: docs/api/conf.py",
}


# ----------------------------------------------------------------------------- helpers
def _requirements(group: str) -> dict[str, Requirement]:
    """Declared requirements by canonical name: ``runtime`` or an extra's name."""
    lines = (
        PROJECT["dependencies"] if group == "runtime" else PROJECT["optional-dependencies"][group]
    )
    return {canonicalize_name(r.name): r for r in map(Requirement, lines)}


def _declared(*groups: str) -> set[str]:
    return {name for group in groups for name in _requirements(group)}


def _all_groups() -> list[str]:
    return ["runtime", *PROJECT["optional-dependencies"]]


def _pins() -> dict[str, Version]:
    pins = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = Version(version)
    return pins


def _imports(tree: ast.AST) -> Iterator[tuple[str, int, bool]]:
    """(top-level module, line, inside a function) for every absolute import."""

    def walk(node: ast.AST, in_function: bool) -> Iterator[tuple[str, int, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name.split(".")[0], child.lineno, in_function
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                yield child.module.split(".")[0], child.lineno, in_function
            elif (  # pytest.importorskip("gensim.models")
                isinstance(child, ast.Call)
                and getattr(child.func, "attr", None) == "importorskip"
                and child.args
                and isinstance(child.args[0], ast.Constant)
            ):
                yield child.args[0].value.split(".")[0], child.lineno, True
            funcs = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
            yield from walk(child, in_function or isinstance(child, funcs))

    yield from walk(tree, False)


def _sources(folder: str) -> Iterator[tuple[str, ast.AST]]:
    """(shown name, parsed module) of every .py file, or every notebook's code cells."""
    base = ROOT / folder
    for path in sorted(base.rglob("*.py")):
        yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))
    for path in sorted(base.rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                code = "\n".join(
                    "" if line.lstrip().startswith(("%", "!")) else line
                    for line in cell.source.splitlines()
                )
                yield f"{path.relative_to(ROOT).as_posix()} cell {i}", ast.parse(code)


def _third_party(folder: str) -> Iterator[tuple[str, str, bool]]:
    """(top-level module, where, lazy) for imports of modules that are not ours.

    Ours: ``analysis`` and, for tests and scripts, the modules beside the importing file
    (pytest and Python put that folder on ``sys.path``).
    """
    for where, tree in _sources(folder):
        here = (ROOT / where.split(" cell ")[0]).parent
        local = (
            {"analysis"} if folder == "src" else {"analysis", *(p.stem for p in here.glob("*.py"))}
        )
        for module, line, lazy in _imports(tree):
            if module not in sys.stdlib_module_names and module not in local:
                yield module, f"{where}:{line}", lazy


@functools.cache
def _top_level_distributions() -> dict[str, list[str]]:
    return metadata.packages_distributions()


def _distributions(module: str) -> set[str]:
    found = _top_level_distributions().get(module)
    assert found, f"'{module}' is imported but no installed distribution provides it"
    return {canonicalize_name(d) for d in found}


def _undeclared(folder: str, allowed: set[str], *, lazy_allowed: set[str] = frozenset()) -> list:
    problems = []
    for module, where, lazy in _third_party(folder):
        ok = allowed | lazy_allowed if lazy else allowed
        dists = _distributions(module)
        if not dists & ok:
            problems.append(f"{where} imports {module} ({', '.join(sorted(dists))})")
    return problems


def _requires(name: str) -> list[str]:
    try:
        return metadata.requires(name) or []
    except metadata.PackageNotFoundError:
        pytest.fail(f"{name} is not installed here: `make install` installs every extra")


def _closure(requirements: Iterable[Requirement]) -> dict[str, set[str]]:
    """Installed distributions the requirements bring in, with the extras asked of each."""
    asked: dict[str, set[str]] = {}
    todo = list(requirements)
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        new = set(req.extras) - asked.get(name, {"-"})
        if name in asked and not new:
            continue
        asked.setdefault(name, set()).update(req.extras)
        for line in _requires(name):
            sub = Requirement(line)
            if sub.marker is None or any(
                sub.marker.evaluate({"extra": extra}) for extra in {"", *req.extras}
            ):
                todo.append(sub)
    return asked


# ------------------------------------------------------------------ declared == imported
#: Subpackages that only an extra's users import (``analysis.explore`` is loaded lazily and
#: says which extra to install): their module-level imports may come from that extra.
OPTIONAL_SUBPACKAGES = {"src/analysis/explore/": "explore"}


def test_src_imports_are_declared():
    """Module-level imports need the runtime; imports inside functions may need an extra."""
    problems = [
        problem
        for problem in _undeclared(
            "src", _declared("runtime"), lazy_allowed=_declared("dask", "lab", "gensim")
        )
        if not any(
            problem.startswith(folder)
            and _distributions(problem.split(" imports ")[1].split()[0]) & _declared(extra)
            for folder, extra in OPTIONAL_SUBPACKAGES.items()
        )
    ]
    assert not problems, "undeclared in pyproject.toml [project] dependencies:\n" + "\n".join(
        problems
    )


def test_notebook_imports_are_runtime_dependencies():
    problems = _undeclared("notebooks", _declared("runtime"))
    assert not problems, "notebooks import undeclared distributions:\n" + "\n".join(problems)


@pytest.mark.parametrize("folder", ["tests", "benchmarks"])
def test_test_and_benchmark_imports_are_declared(folder):
    problems = _undeclared(folder, _declared("runtime", "dev", "dask", "explore"))
    assert not problems, f"{folder} imports undeclared distributions:\n" + "\n".join(problems)


def _imported_distributions(*folders: str) -> set[str]:
    found = set()
    for folder in folders:
        for module, _, _ in _third_party(folder):
            found |= _distributions(module)
    return found


def test_every_runtime_dependency_is_used():
    """pysbd (one test) and jupytext (imported nowhere) were runtime dependencies."""
    used = _imported_distributions("src", "notebooks") | set(NOT_IMPORTED)
    unused = sorted(_declared("runtime") - used)
    assert not unused, f"declared but imported by neither src/ nor notebooks/: {unused}"


def test_every_dev_dependency_is_used():
    used = _imported_distributions("tests", "benchmarks") | set(DEV_TOOLS)
    unused = sorted(_declared("dev") - used)
    assert not unused, f"dev extra lists what no test or benchmark imports: {unused}"


def test_dask_is_an_extra_and_the_lab_extra_draws_widgets():
    assert not {"dask", "distributed", "bokeh"} & _declared("runtime")
    assert {"dask", "distributed"} <= _declared("dask")
    assert "diagnostics" in _requirements("dask")["dask"].extras  # the dashboard (bokeh)
    assert {"jupyterlab", "ipywidgets"} <= _declared("lab")


def test_extras_spelled_differently_are_declared_directly():
    """An extra asked as ``lxml[html_clean]`` of a distribution that provides
    ``html-clean`` is skipped by pip before 23.3 (Python 3.11's own pip): whatever
    that extra brings must be declared here, or it goes missing."""
    declared = _declared(*_all_groups())
    everything = [r for g in _all_groups() for r in _requirements(g).values()]
    missing = []
    for name, extras in sorted(_closure(everything).items()):
        provided = metadata.metadata(name).get_all("Provides-Extra") or []
        canonical = {canonicalize_name(p) for p in provided}
        for extra in extras - set(provided):
            if canonicalize_name(extra) not in canonical:
                continue  # not provided under any spelling: nobody gets it
            for line in _requires(name):
                sub = Requirement(line)
                brought = sub.marker is not None and sub.marker.evaluate({"extra": extra})
                only_then = brought and not sub.marker.evaluate({"extra": ""})
                if only_then and canonicalize_name(sub.name) not in declared:
                    missing.append(f"{sub.name} (from {name}[{extra}])")
    assert not missing, f"declare these directly in pyproject.toml: {missing}"


# ----------------------------------------------------------------------- pins and Python
def test_every_declared_requirement_is_pinned_within_its_range():
    pins = _pins()
    for group in _all_groups():
        for name, req in _requirements(group).items():
            assert name in pins, f"{req} ({group}) is not pinned in {CONSTRAINTS.name}"
            assert pins[name] in req.specifier, f"{name}=={pins[name]} is outside {req}"


def test_constraints_pin_nothing_the_project_does_not_need():
    everything = [r for g in _all_groups() for r in _requirements(g).values()]
    needed = set(_closure(everything))
    stale = sorted(set(_pins()) - needed - {"pip", "setuptools", "wheel"})
    assert not stale, f"{CONSTRAINTS.name} pins what nothing requires (make lock): {stale}"


def test_requires_python_admits_no_version_the_pins_refuse():
    """requires-python said >=3.10 while the numpy, pandas and scipy pins need 3.11 (and
    soupsieve 3 and newer needs 3.11.5: Debian 12's Python is 3.11.2)."""
    claim = PROJECT["requires-python"]
    floor = Version(re.fullmatch(r">=\s*([0-9.]+)", claim).group(1))
    minors = [
        Version(c.removeprefix("Programming Language :: Python :: "))
        for c in PROJECT["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    assert min(minors) == Version(f"{floor.major}.{floor.minor}"), "classifiers disagree"
    refused = []
    for name, version in _pins().items():
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        needs = dist.metadata.get("Requires-Python")
        if Version(dist.version) == version and needs and floor not in SpecifierSet(needs):
            refused.append(f"{name}=={version} needs Python {needs}")
    assert not refused, f"requires-python {claim} admits {floor}, but: {refused}"


def test_environment_files_install_this_project_with_the_constraints():
    extras = set(PROJECT["optional-dependencies"])
    wanted = {"environment.yml": {"lab"}, "environment-dev.yml": {"dev", "dask", "lab"}}
    for name, want in wanted.items():
        env = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
        python = next(d for d in env["dependencies"] if isinstance(d, str) and "python" in d)
        assert Version(python.split("=")[-1]) in SpecifierSet(PROJECT["requires-python"])
        pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
        assert f"-c {CONSTRAINTS.relative_to(ROOT).as_posix()}" in pip
        target = next(line for line in pip if line.startswith("-e"))
        asked = set(re.search(r"\[(.*)\]", target).group(1).split(","))
        assert asked == want and asked <= extras, (name, target)


def test_license_and_changelog_are_present():
    assert PROJECT["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "the news-analysis authors" in text
    assert "## Unreleased" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- reports/
def test_tracked_reports_readme_neither_blocks_nor_is_lost_by_a_report(tmp_path):
    """The reports/ folder of a fresh clone holds a README: the report build used to
    refuse it ("news-analysis did not write it"), and it must survive the swap."""
    from analysis._io import output_dir, read_manifest

    assert (ROOT / "reports" / "README.md").is_file()
    out = tmp_path / "reports"
    out.mkdir()
    readme = (ROOT / "reports" / "README.md").read_bytes()
    (out / "README.md").write_bytes(readme)
    (out / ".gitkeep").touch()  # what `make clean` used to leave behind
    for run in range(2):
        with output_dir(out, kind="report") as build:
            (build / "index.html").write_text(f"run {run}", encoding="utf-8")
        assert (out / "README.md").read_bytes() == readme
        assert (out / "index.html").read_text(encoding="utf-8") == f"run {run}"
        assert "README.md" not in read_manifest(out)["files"]
    assert (out / ".gitkeep").exists()


def test_gitignore_keeps_only_the_readme_of_reports():
    def ignored(path: str) -> bool:
        run = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False)
        return run.returncode == 0

    if not (ROOT / ".git").exists():
        pytest.fail("not a git checkout: run the tests from a clone")
    assert not ignored("reports/README.md")
    assert ignored("reports/index.html") and ignored("reports/tables/x.csv")


# ------------------------------------------------------------------ optional dependencies
def test_require_names_the_extra_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(ImportError, match=r"pip install 'news-analysis\[dask\]'") as err:
        require("distributed", "dask", feature="A Dask cluster (--workers, --scheduler)")
    assert str(err.value).startswith("A Dask cluster (--workers, --scheduler) needs")
    assert isinstance(err.value.__cause__, ImportError)
    assert require("json", "dask").dumps([1]) == "[1]"


# -------------------------------------------------------------------------- import name
def _check_folder(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-P", "-m", "analysis._optional", str(folder)],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_local_analysis_py_is_named_with_what_to_do(tmp_path):
    (tmp_path / "analysis.py").write_text("x = 1\n", encoding="utf-8")
    # Reproduce the confusing error it causes today ...
    run = subprocess.run(
        [sys.executable, "-c", "import analysis; analysis.load_corpus"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "has no attribute 'load_corpus'" in run.stderr
    # ... and the check that says what it is.
    run = _check_folder(tmp_path)
    assert run.returncode == 1
    assert str(tmp_path / "analysis.py") in run.stderr and "Rename it" in run.stderr
    with pytest.raises(ImportError, match="hides the news-analysis package"):
        check_not_shadowed(tmp_path)


def test_a_local_analysis_package_shadows_but_a_plain_folder_does_not(tmp_path):
    (tmp_path / "analysis").mkdir()
    assert shadowed_by(tmp_path) is None  # a namespace folder never wins over a package
    assert _check_folder(tmp_path).returncode == 0
    (tmp_path / "analysis" / "__init__.py").touch()
    assert shadowed_by(tmp_path) == tmp_path / "analysis"
    assert _check_folder(tmp_path).returncode == 1


def test_the_package_itself_is_not_reported():
    import analysis

    assert shadowed_by(Path(analysis.__file__).parents[1]) is None


# ------------------------------------------------------------------------------- make
def _make_n(*args: str, venv: Path) -> str:
    run = subprocess.run(
        ["make", "-n", f"VENV={venv}", "-o", f"{venv}/.installed", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_installs_nothing_and_takes_lab_args(tmp_path):
    out = _make_n("lab", "LAB_ARGS=--no-browser --port=0", venv=tmp_path)
    assert "pip install" not in out
    lab = next(line for line in out.splitlines() if "jupyter lab" in line)
    assert "--no-browser --port=0" in lab and lab.rstrip().endswith("notebooks/")
    assert ("--allow-root" in lab) == (os.geteuid() == 0)
    assert "-m analysis._optional . notebooks" in out  # the import-name check runs first


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_install_installs_every_extra_and_one_kernel(tmp_path):
    run = subprocess.run(
        ["make", "-n", f"VENV={tmp_path}", "install"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "-e '.[dev,dask,lab]'" in run.stdout
    assert "ipykernel install" not in run.stdout  # the venv's python3 kernel is the one


def test_make_data_step_succeeds_when_the_corpus_is_there(demo_csv, capsys):
    """`make test` on a fresh clone stopped at `news-analysis data fetch`:
    "'Namespace' object has no attribute 'out'" (a command without --out)."""
    from analysis.cli import main

    assert main(["data", "fetch"]) == 0, capsys.readouterr().err
    assert str(demo_csv) in capsys.readouterr().out


# ------------------------------------------------------------------------------- slow
HTML = """<html><head><title>Council approves new library budget</title></head><body>
<nav>Home | News | Sport</nav><article><h1>Council approves new library budget</h1>
<p>The city council voted on Tuesday to approve a new budget for the public library
system, ending months of debate over opening hours and staffing across the district.</p>
<p>Supporters said the money would keep branches open on weekends and pay for new books,
computers and reading programmes for children and adults who rely on the service.</p>
<p>Opponents argued that the spending should wait until next year, when the city expects
to know more about its tax income, but the motion passed by seven votes to four.</p>
</article><footer>Copyright 2026 Example News</footer></body></html>
"""

LOAD_HTML = """
import json, sys
import analysis
articles, report = analysis.load_corpus(sys.argv[1])
print(json.dumps({"status": report["status"].tolist(), "reason": report["reason"].tolist()}))
"""


def _venv_run(venv: Path, *args: str, cwd: Path, timeout: float = 600) -> str:
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("PYTHONPATH", None)
    run = subprocess.run(
        [str(venv / "bin" / "python"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert run.returncode == 0, f"{args}: {run.stdout[-2000:]}\n{run.stderr[-4000:]}"
    return run.stdout


@pytest.mark.slow
def test_fresh_runtime_install_with_an_old_pip_loads_html(tmp_path):
    """`pip install .` with the pip a Python 3.11 venv brings (23.x) rejected every
    .html file: lxml_html_clean only came through an extra that pip skipped."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = _venv_run(venv, "-m", "pip", "--version", cwd=tmp_path)
    if Version(pip.split()[1]) >= Version("23.3"):  # a newer Python brings a newer pip
        _venv_run(venv, "-m", "pip", "install", "-q", "pip==23.2.1", cwd=tmp_path)
    project = tmp_path / "project"  # a copy: pip builds in the source tree
    shutil.copytree(ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, project / name)
    # --no-compile: no .pyc for the ~9,000 modules installed (most never imported here; the
    # imports below compile what they use). It took about half the install's time.
    # --prefer-binary: a wheel over building an sdist, as a user's pip would usually find.
    _venv_run(
        venv, "-m", "pip", "install", "-q", "--no-compile", "--prefer-binary",
        "-c", str(CONSTRAINTS), str(project), cwd=tmp_path,
    )  # fmt: skip
    _venv_run(venv, "-m", "pip", "check", cwd=tmp_path)
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    result = json.loads(_venv_run(venv, "-c", LOAD_HTML, str(page), cwd=tmp_path))
    assert result["status"] == ["loaded"], result["reason"]
    # The runtime alone: no Dask, no JupyterLab; a cluster says what to install.
    out = _venv_run(
        venv,
        "-c",
        "import importlib.util as u; print([m for m in ('dask', 'distributed', "
        "'jupyterlab', 'pysbd', 'jupytext') if u.find_spec(m)])",
        cwd=tmp_path,
    )
    assert out.strip() == "[]"
    msg = _venv_run(
        venv,
        "-c",
        "from analysis._optional import require\n"
        "try:\n    require('distributed', 'dask')\nexcept ImportError as e:\n    print(e)",
        cwd=tmp_path,
    )
    assert "pip install 'news-analysis[dask]'" in msg


KERNEL_CODE = (
    "import warnings; warnings.simplefilter('error')\n"
    "import analysis, sys\n"
    "from tqdm.auto import tqdm\n"
    "from tqdm.notebook import tqdm_notebook\n"
    "bar = tqdm(total=1)\n"
    "print(sys.prefix, isinstance(bar, tqdm_notebook) and type(bar.container).__name__)\n"
)


def _get(url: str, token: str, *, method: str = "GET") -> dict:
    req = urllib.request.Request(url, method=method, headers={"Authorization": f"token {token}"})
    if method == "POST":
        req.data = b"{}"
    with urllib.request.urlopen(req, timeout=30) as response:
        return json.loads(response.read())


def _execute(connection_file: Path, code: str) -> str:
    """Run ``code`` in a running kernel (its connection file holds the keys); its stdout."""
    from jupyter_client import BlockingKernelClient

    client = BlockingKernelClient(connection_file=str(connection_file))
    client.load_connection_file()
    client.start_channels()
    out, errors = [], []

    def hook(msg: dict) -> None:
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            errors.append("\n".join(msg["content"]["traceback"]))

    try:
        client.wait_for_ready(timeout=120)
        client.execute_interactive(code, output_hook=hook, timeout=120)
    finally:
        client.stop_channels()
    assert not errors, errors[0]
    return "".join(out)


def _stop(proc: subprocess.Popen) -> None:
    """Stop the process group this test started (make and JupyterLab under it)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=60)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_serves_one_project_kernel(tmp_path):
    """`make lab` failed as root and showed two identical kernels in the Launcher."""
    venv = Path(sys.prefix)
    runtime = tmp_path / "runtime"
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(runtime),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),  # no user-level kernelspecs
    }
    env.pop("PYTHONPATH", None)
    lab_args = "--no-browser --port=0 --ServerApp.ip=127.0.0.1 --LabApp.news_url=''"
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(
        ["make", "lab", f"VENV={venv}", "-o", f"{venv}/.installed", f"LAB_ARGS={lab_args}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        info = None
        while info is None and time.monotonic() < deadline:
            assert proc.poll() is None, (tmp_path / "lab.log").read_text()
            found = sorted(runtime.glob("jpserver-*.json"))
            info = json.loads(found[0].read_text()) if found else None
            time.sleep(0.5)
        assert info, "JupyterLab did not start: " + (tmp_path / "lab.log").read_text()
        base, token = info["url"], info["token"]
        specs = _get(base + "api/kernelspecs", token)
        assert list(specs["kernelspecs"]) == ["python3"], specs["kernelspecs"].keys()
        assert specs["default"] == "python3"
        kernel = _get(base + "api/kernels", token, method="POST")
        connection = runtime / f"kernel-{kernel['id']}.json"
        assert "curve_secretkey" in json.loads(connection.read_text())  # encrypted transport
        prefix, bar = _execute(connection, KERNEL_CODE).split()
        assert Path(prefix) == venv  # the project's environment, with the package
        assert bar == "TqdmHBox"  # a widget, no "IProgress not found" warning
    finally:
        _stop(proc)
        log.close()
    text = (tmp_path / "lab.log").read_text()
    assert "Running as root is not recommended" not in text
    assert "without encryption" not in text
