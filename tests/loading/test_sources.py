"""Tests for analysis.loading.sources: files, folders, globs and zip archives."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from analysis.loading.sources import InputFile, SourceProblem, expand_sources


def _tree(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text("A\n\nalpha")
    (root / "sub" / "b.csv").write_text("title,text\nB,beta\n")
    (root / "sub" / "deeper" / "c.json").write_text('[{"text": "gamma"}]')
    (root / ".hidden.txt").write_text("secret")
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text("x")
    return root


def test_folder_is_walked_recursively_in_sorted_order_skipping_hidden(tmp_path):
    root = _tree(tmp_path)
    files = list(expand_sources(root))
    assert all(isinstance(f, InputFile) for f in files)
    assert [f.origin for f in files] == [
        "corpus/a.txt",
        "corpus/sub/b.csv",
        "corpus/sub/deeper/c.json",
    ]
    assert [f.folder for f in files] == ["corpus", "sub", "deeper"]
    assert files[1].read() == b"title,text\nB,beta\n"


def test_glob_and_file_and_zip_mixed(tmp_path):
    root = _tree(tmp_path)
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("news/one.txt", "One\n\nfirst")
        zf.writestr("news/", "")
        zf.writestr("__MACOSX/news/._one.txt", "junk")
        zf.writestr("two.txt", "Two\n\nsecond")
    items = list(expand_sources(str(root / "**" / "*.csv"), root / "a.txt", archive))
    origins = [i.origin for i in items]
    assert origins == ["sub/b.csv", "a.txt", "bundle.zip!news/one.txt", "bundle.zip!two.txt"]
    assert items[2].read() == b"One\n\nfirst"
    assert items[2].folder == "news" and items[3].folder == "bundle"


def test_missing_path_empty_glob_and_bad_zip_become_problems(tmp_path):
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    items = list(expand_sources(tmp_path / "nope.txt", str(tmp_path / "*.xyz"), bad))
    assert all(isinstance(i, SourceProblem) for i in items)
    reasons = [i.reason for i in items]
    assert "no such file or folder" in reasons[0]
    assert "matches no file" in reasons[1]
    assert "not a readable zip archive" in reasons[2]
    assert all(str(tmp_path) in r or "broken.zip" in r for r in reasons)


def test_same_file_twice_gets_unique_origins_and_same_folder_one_row(tmp_path):
    root = _tree(tmp_path)
    items = list(expand_sources(root / "a.txt", root / "a.txt", root, root))
    origins = [i.origin for i in items]
    assert origins[:2] == ["a.txt", "a.txt (copy 2)"]
    assert items[1].read() == items[0].read()
    assert origins[2:5] == ["corpus/a.txt", "corpus/sub/b.csv", "corpus/sub/deeper/c.json"]
    assert isinstance(items[5], SourceProblem) and len(items) == 6
    assert items[5].reason == "corpus: is given twice; skipped so that no file is read twice."


def test_missing_source_names_the_working_folder(tmp_path, monkeypatch):
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    (problem,) = expand_sources("corpus/a.tx")
    assert problem.reason == (
        "corpus/a.tx: no such file or folder (did you mean corpus/a.txt?); check the "
        f"spelling or the working folder ({tmp_path})."
    )
    (problem,) = expand_sources("nowhere/a.txt")
    assert "(the folder nowhere does not exist either)" in problem.reason


def test_input_files_of_folders_and_archives_pickle(tmp_path):
    import pickle

    root = _tree(tmp_path)
    with zipfile.ZipFile(root / "z.zip", "w") as zf:
        zf.writestr("m.txt", "M\n\nmember")
    items = list(expand_sources(root))
    copies = pickle.loads(pickle.dumps(items))
    assert [c.origin for c in copies] == [i.origin for i in items]
    assert [c.read() for c in copies] == [i.read() for i in items]


@pytest.mark.parametrize(
    ("source", "hint"),
    [
        (pd.Series(["A text with words."]), "to_frame('text')"),
        ({"text": "A text with words."}, "load_corpus([record])"),
        (["a.txt", "b.txt"], "load_corpus(*paths)"),
        ([], "load_corpus(*paths)"),
        (7, "pathlib.Path"),
        (None, "pathlib.Path"),
    ],
)
def test_a_source_that_is_not_a_path_says_what_to_pass(source, hint):
    from analysis.loading import load_corpus

    with pytest.raises(TypeError, match="Sources are paths") as err:
        load_corpus(source)
    assert hint in str(err.value) and type(source).__name__ in str(err.value)
