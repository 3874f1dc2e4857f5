"""Output safety and messages of the CLI and the Python writers (issue #11).

Every hostile situation is made here in tmp_path: a user's files in the output folder,
an existing file where a folder goes, a run killed between two files, bad parameters.
"""

from __future__ import annotations

import ast
import json
import os
import re
import socket
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis import config
from analysis.cli import main


def _articles(folder: Path, n: int = 4) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"a{i}.txt").write_text(
            f"Headline number {i}\n\nBody of article {i} about topic {i % 2}. " * 3,
            encoding="utf-8",
        )
    return folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _user_files(folder: Path) -> dict[str, bytes]:
    (folder / "sub").mkdir(parents=True)
    (folder / "keep.txt").write_bytes(b"keep me\n")
    (folder / "sub" / "table.csv").write_bytes(b"a,b\n1,2\n")
    return _tree(folder)


def _code(argv: list[str]) -> int:
    """main()'s exit code, also when the parser stops (exit 2)."""
    try:
        return main(argv)
    except SystemExit as stop:
        return int(stop.code or 0)


@pytest.fixture
def no_loading(monkeypatch):
    """Record any call of the loaders (they must not run when an option is bad)."""
    calls: list[str] = []

    def refuse(name):
        def loader(*args, **kwargs):
            calls.append(name)
            raise AssertionError(f"{name} was called")

        return loader

    import analysis.loading

    monkeypatch.setattr(analysis.loading, "load_corpus", refuse("load_corpus"))
    monkeypatch.setattr(analysis.loading, "load_to_dataset", refuse("load_to_dataset"))
    return calls


def _err_lines(capsys) -> list[str]:
    """What the CLI printed to standard error, from its message on (progress bars dropped)."""
    err = capsys.readouterr().err.replace("\r", "\n")
    start = err.find("news-analysis:")
    return [line for line in err[max(start, 0) :].splitlines() if line.strip()]


# ------------------------------------------------------------------ --out FOLDER
def test_load_out_folder_with_user_files_refuses_and_keeps_every_byte(tmp_path, capsys):
    src = _articles(tmp_path / "in")
    out = tmp_path / "mydata"
    before = _user_files(out)
    assert main(["load", str(src), "--out", f"{out}/"]) == 1
    (line,) = _err_lines(capsys)
    assert line.startswith("news-analysis: error: Refusing to replace")
    assert "keep.txt, sub/table.csv" in line and "--force" in line
    assert _tree(out) == before
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["in", "mydata"]  # no report beside, no temp


@pytest.mark.slow
def test_load_out_folder_force_moves_it_aside_byte_for_byte(tmp_path, capsys):
    from analysis.parallel import read_dataset

    src = _articles(tmp_path / "in")
    out = tmp_path / "mydata"
    before = _user_files(out)
    assert main(["load", str(src), "--out", f"{out}/", "--force"]) == 0
    (backup,) = tmp_path.glob("mydata.backup-*")
    assert _tree(backup) == before
    assert len(read_dataset(out).compute()) == 4


def test_load_out_folder_replaces_its_own_dataset_run_after_run(tmp_path):
    src = _articles(tmp_path / "in")
    out = tmp_path / "corpus"
    assert main(["load", str(src), "--out", str(out)]) == 0
    assert main(["load", str(src), "--out", str(out), "--rows-per-partition", "2"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        ".news-analysis.json",
        "part-00000.parquet",
        "part-00001.parquet",
    ]
    assert not list(tmp_path.glob("*backup*"))


def test_default_load_output_works_run_after_run(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "PROCESSED_DIR", tmp_path / "processed")
    src = _articles(tmp_path / "in")
    for _ in range(2):
        assert main(["load", str(src)]) == 0
    assert (tmp_path / "processed" / "articles.parquet").is_file()


def test_load_out_csv_writes_a_csv_file_that_reads_back(tmp_path):
    from analysis import load_corpus

    src = _articles(tmp_path / "in")
    out = tmp_path / "x.csv"
    assert main(["load", str(src), "--out", str(out)]) == 0
    assert out.is_file()
    back = pd.read_csv(out, index_col="doc_id")
    articles, report = load_corpus(src)
    assert back.index.tolist() == articles.index.tolist()
    assert back["title"].tolist() == articles["title"].tolist()
    saved_report = pd.read_csv(tmp_path / "x.load_report.csv")
    assert saved_report["status"].tolist() == report["status"].tolist()


# ------------------------------------------------------------ report --out
def test_report_out_folder_with_user_files_refuses_before_any_work(tmp_path, capsys, no_loading):
    out = tmp_path / "mydocs"
    before = _user_files(out)
    (out / "thesis.txt").write_bytes(b"chapter 1")
    before = _tree(out)
    assert main(["report", str(_articles(tmp_path / "in")), "--out", str(out)]) == 1
    (line,) = _err_lines(capsys)
    assert "Refusing to replace" in line and "keep.txt, sub/table.csv, thesis.txt" in line
    assert _tree(out) == before and no_loading == []


def test_report_out_dot_refuses_in_a_folder_with_user_files(tmp_path, monkeypatch, no_loading):
    (tmp_path / "thesis.txt").write_text("chapter 1")
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--out", "."]) == 1
    assert (tmp_path / "thesis.txt").read_text() == "chapter 1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.txt"]
    assert (tmp_path.parent / tmp_path.name).is_dir() and no_loading == []


def test_report_out_existing_file_refuses_and_leaves_it(tmp_path, capsys, no_loading):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    assert _code(["report", "--out", str(notes)]) != 0
    assert "notes.txt" in capsys.readouterr().err
    assert notes.is_file() and notes.read_text() == "my notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert no_loading == []


def test_build_report_refuses_a_file_as_out_dir(tmp_path, no_loading):
    from analysis._io import OutputExistsError
    from analysis.report import build_report

    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    with pytest.raises(OutputExistsError, match="not a folder"):
        build_report(sources=["x.csv"], out_dir=notes, log=lambda m: None)
    assert notes.read_text() == "my notes" and no_loading == []


# ------------------------------------------------------------- fail fast
@pytest.mark.parametrize(
    "argv",
    [
        ["load", "--out", "x.xlsx"],
        ["load", "--report", "r.xlsx"],
        ["load", "--rows-per-partition", "0"],
        ["readability", "--out", "x.xlsx"],
        ["readability", "--out", "scores/"],
        ["readability", "--n-jobs", "0"],
        ["terms", "--n", "0"],
        ["terms", "--min-df", "zero"],
        ["topics", "--k", "0"],
        ["topics", "--max-df", "1.5"],
        ["topics", "--sample-size", "-3"],
        ["topics", "--workers", "0"],
        ["report", "--out", "notes.txt"],
    ],
)
def test_bad_options_fail_before_any_loading(argv, tmp_path, monkeypatch, no_loading, capsys):
    monkeypatch.chdir(tmp_path)
    src = str(_articles(tmp_path / "in"))
    assert _code([argv[0], src, *argv[1:]]) != 0
    assert no_loading == []
    err = capsys.readouterr().err
    assert argv[-1] in err or argv[-2] in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


def test_analysis_out_onto_a_users_file_fails_before_loading(tmp_path, no_loading, capsys):
    scores = tmp_path / "scores.csv"
    scores.write_text("mine")
    assert main(["readability", str(_articles(tmp_path / "in")), "--out", str(scores)]) == 1
    assert "Refusing to overwrite" in capsys.readouterr().err
    assert scores.read_text() == "mine" and no_loading == []


def test_terms_by_unknown_column_fails_before_the_matrix(tmp_path, monkeypatch, capsys):
    import analysis.terms

    def no_dtm(*args, **kwargs):
        raise AssertionError("build_dtm was called")

    monkeypatch.setattr(analysis.terms, "build_dtm", no_dtm)
    assert main(["terms", str(_articles(tmp_path / "in")), "--by", "outlet"]) == 1
    (line,) = _err_lines(capsys)
    assert "--by outlet: the corpus has no such column" in line and "source" in line


# ------------------------------------------------------------ --scheduler
@pytest.fixture
def no_network(monkeypatch):
    """Record connection attempts: to the scheduler (a probe) and by Dask itself."""
    import distributed

    calls: list[object] = []

    def dask_client(*args, **kwargs):
        calls.append(("Client", args))
        raise AssertionError("distributed.Client was called")

    monkeypatch.setattr(distributed, "Client", dask_client)
    return calls


def test_malformed_scheduler_fails_at_once_with_one_line(
    tmp_path, monkeypatch, capsys, no_loading, no_network
):
    def probe(*args, **kwargs):
        no_network.append(("probe", args))
        raise AssertionError("connected")

    monkeypatch.setattr(socket, "create_connection", probe)
    src = str(_articles(tmp_path / "in"))
    assert main(["readability", src, "--scheduler", "notanaddress"]) == 1
    assert _err_lines(capsys) == [
        "news-analysis: error: --scheduler notanaddress: not a scheduler address; write it as "
        "tcp://HOST:PORT, e.g. tcp://127.0.0.1:8786."
    ]
    assert no_network == [] and no_loading == []


def test_unreachable_scheduler_fails_with_one_line_without_waiting_for_dask(
    tmp_path, capsys, no_loading, no_network
):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    src = str(_articles(tmp_path / "in"))
    assert main(["readability", src, "--scheduler", f"tcp://127.0.0.1:{port}"]) == 1
    (line,) = _err_lines(capsys)
    assert line.startswith(
        f"news-analysis: error: Cannot reach the Dask scheduler at tcp://127.0.0.1:{port}"
    )
    assert no_network == [] and no_loading == []


# --------------------------------------------------- one unit: corpus + report
def _kill_before_renaming(monkeypatch, name_start: str) -> None:
    """Make the rename of the temporary file of ``name_start...`` die, as a kill would."""
    real = os.replace

    def replace(src, dst):
        if Path(src).name.startswith(f".{name_start}"):
            raise KeyboardInterrupt("killed")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


def test_corpus_and_report_from_different_runs_are_detected(tmp_path, monkeypatch):
    from analysis import load_corpus
    from analysis._io import MismatchedOutputError
    from analysis.loading import read_corpus, read_load_report, save_corpus

    first, first_report = load_corpus(_articles(tmp_path / "one", 2))
    second, second_report = load_corpus(_articles(tmp_path / "two", 4))
    path = save_corpus(first, tmp_path / "articles.parquet", report=first_report)
    with monkeypatch.context() as patch:
        _kill_before_renaming(patch, "articles.load_report.parquet")
        with pytest.raises(KeyboardInterrupt):
            save_corpus(second, path, report=second_report)
    assert len(read_corpus(path)) == 4  # the new corpus, beside the old report
    with pytest.raises(
        MismatchedOutputError, match=r"articles\.load_report\.parquet does not belong"
    ):
        read_load_report(path)


def test_read_corpus_ignores_an_old_report_when_saved_without_one(tmp_path):
    from analysis import load_corpus
    from analysis.loading import read_corpus, read_load_report, save_corpus

    articles, report = load_corpus(_articles(tmp_path / "in", 2))
    path = save_corpus(articles, tmp_path / "articles.parquet", report=report)
    save_corpus(articles.iloc[:1], path)
    back, saved = read_corpus(path), read_load_report(path)
    assert len(back) == 1 and saved is None


def test_old_writer_order_and_with_report_still_work_with_a_warning(tmp_path):
    from analysis import load_corpus
    from analysis.loading import read_corpus, read_load_report, save_corpus

    articles, report = load_corpus(_articles(tmp_path / "in", 2))
    with pytest.warns(DeprecationWarning, match="save_corpus\\(articles, report, path\\)"):
        path = save_corpus(articles, report, tmp_path / "articles.parquet")
    with pytest.warns(DeprecationWarning, match="read_load_report"):
        back, saved = read_corpus(path, with_report=True)
    pd.testing.assert_frame_equal(back, read_corpus(path))
    pd.testing.assert_frame_equal(saved, read_load_report(path))


def test_dataset_and_report_from_different_runs_are_detected(tmp_path, monkeypatch):
    from analysis import load_corpus
    from analysis._io import MismatchedOutputError
    from analysis.loading import read_load_report as read_dataset_report
    from analysis.loading import write_dataset

    first, first_report = load_corpus(_articles(tmp_path / "one", 2))
    second, second_report = load_corpus(_articles(tmp_path / "two", 4))
    path = write_dataset(first, tmp_path / "corpus", report=first_report)
    assert read_dataset_report(path)["status"].tolist() == ["loaded", "loaded"]
    with monkeypatch.context() as patch:
        _kill_before_renaming(patch, "corpus.load_report.parquet")
        with pytest.raises(KeyboardInterrupt):
            write_dataset(second, path, report=second_report)
    with pytest.raises(MismatchedOutputError, match="does not belong to the dataset"):
        read_dataset_report(path)


def test_write_dataset_refuses_a_folder_with_user_files(tmp_path):
    from analysis import load_corpus
    from analysis._io import OutputExistsError
    from analysis.loading import write_dataset

    articles, report = load_corpus(_articles(tmp_path / "in", 2))
    out = tmp_path / "corpus"
    before = _user_files(out)
    with pytest.raises(OutputExistsError):
        write_dataset(articles, out, report=report)
    assert _tree(out) == before
    assert not (tmp_path / "corpus.load_report.parquet").exists()


def test_save_corpus_refuses_a_folder_name_and_a_users_file(tmp_path):
    from analysis import load_corpus
    from analysis._io import OutputExistsError
    from analysis.loading import save_corpus

    articles, report = load_corpus(_articles(tmp_path / "in", 2))
    with pytest.raises(ValueError, match="write_dataset"):
        save_corpus(articles, tmp_path / "corpus/", report=report)
    mine = tmp_path / "articles.load_report.parquet"
    mine.write_bytes(b"not a report")
    with pytest.raises(OutputExistsError, match="did not write it"):
        save_corpus(articles, tmp_path / "articles.parquet", report=report)
    assert mine.read_bytes() == b"not a report"
    assert not (tmp_path / "articles.parquet").exists()


# ------------------------------------------------------------------ messages
@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("params.yaml", "seed: 0\n'04':\n  k: 5\n   x: 2\n", "params.yaml, line 4 column 5"),
        ("params.json", '{"seed": 0,\n "k": }\n', "params.json, line 2 column 7"),
    ],
)
def test_bad_params_name_file_and_line(tmp_path, capsys, no_loading, name, text, where):
    params = tmp_path / name
    params.write_text(text)
    out = str(tmp_path / "site")
    assert (
        main(["report", str(_articles(tmp_path / "in")), "--params", str(params), "--out", out])
        == 1
    )
    (line,) = _err_lines(capsys)
    assert where in line and "fix that line" in line
    assert no_loading == []


def test_error_without_a_message_says_what_failed(tmp_path, monkeypatch, capsys):
    import analysis.cli

    def fails(args):
        raise ValueError()

    monkeypatch.setattr(analysis.cli, "_cmd_readability", fails)
    assert main(["readability", str(_articles(tmp_path / "in"))]) == 1
    (line,) = _err_lines(capsys)
    assert line == (
        "news-analysis: error: readability failed with ValueError (no message); rerun with "
        "--debug for the traceback."
    )


def test_nothing_loaded_prints_the_most_common_reasons(tmp_path, capsys):
    bad = tmp_path / "bad"
    bad.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (bad / name).write_text("")
    for name in ("d.py", "e.py"):
        (bad / name).write_text("x = 1")
    (bad / "f.json").write_text('{"title": ')
    (bad / "g.xml").write_text("<a/>")
    (bad / "h.doc").write_text("doc")
    out = tmp_path / "x.parquet"
    assert main(["load", str(bad), "--out", str(out)]) == 1
    lines = _err_lines(capsys)
    assert lines[0].startswith("news-analysis: error: No article could be loaded from SOURCES")
    assert "(8 records: 5 rejected, 3 empty)" in lines[0] and "Most common reasons:" in lines[0]
    assert re.match(r"  3 x .*empty.* \(e\.g\. .*a\.txt\)", lines[1])
    assert re.match(r"  2 x unknown file type \.py", lines[2])
    assert lines[3].startswith("  1 x ")
    assert "other reasons" in lines[4] and "--report" in lines[4]
    assert not out.exists()


def test_load_report_is_written_even_when_nothing_loaded(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.txt").write_text("")
    report = tmp_path / "report.csv"
    assert (
        main(["load", str(bad), "--out", str(tmp_path / "x.parquet"), "--report", str(report)]) == 1
    )
    assert pd.read_csv(report)["status"].tolist() == ["empty"]


def test_jsonl_error_reads_well(tmp_path):
    from analysis import load_corpus

    path = tmp_path / "u.jsonl"
    path.write_text('{"title": "t", "text": "never closed}\n')
    _, report = load_corpus(path)
    (reason,) = report["reason"]
    assert "Unterminated string starting at column" in reason and "at at" not in reason


def test_topic_count_error_reads_well():
    from analysis.terms import build_dtm
    from analysis.topics import fit_topics

    dtm = build_dtm(pd.Series(["rain sun wind", "sun snow", "wind rain hail"]))
    with pytest.raises(ValueError) as err:
        fit_topics(dtm, 50, min_df=1, max_df=1.0)
    assert "pruning allow" not in str(err.value) and "k <= 3" in str(err.value)


def _literals(path: Path):
    """The non-docstring string literals of a module, f-strings with {} for the fields."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            yield (
                node.lineno,
                "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values),
            )
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
        ):
            yield node.lineno, node.value


@pytest.mark.slow
def test_messages_have_no_doubled_words():
    # (?<!@): a Bokeh tooltip field followed by its word ("@hits hits") is not a typo
    doubled = re.compile(r"(?<!@)\b([A-Za-z]{2,}) \1\b")
    allowed = {"report report"}  # '--report report.csv'
    found = [
        f"{path.name}:{line}: {m.group(0)}"
        for path in Path(analysis.__file__).parent.rglob("*.py")
        for line, text in _literals(path)
        for m in doubled.finditer(text)
        if m.group(0).lower() not in allowed
    ]
    assert found == []


def test_the_manifest_names_the_tool_and_its_files(tmp_path):
    src = _articles(tmp_path / "in")
    assert main(["load", str(src), "--out", str(tmp_path / "corpus")]) == 0
    manifest = json.loads((tmp_path / "corpus" / ".news-analysis.json").read_text())
    assert manifest["tool"] == "news-analysis" and manifest["kind"] == "dataset"
    assert set(manifest["files"]) == {"part-00000.parquet"}
    ledger = json.loads((tmp_path / ".news-analysis.json").read_text())
    assert set(ledger["files"]) == {"corpus.load_report.parquet"}
