import pandas as pd
import pytest

from analysis._io import atomic_path, read_table, write_table


def test_atomic_path_leaves_target_untouched_on_error(tmp_path):
    target = tmp_path / "x.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_write_table_round_trip(tmp_path, suffix):
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    path = write_table(frame, tmp_path / f"t{suffix}", index=False)
    pd.testing.assert_frame_equal(read_table(path), frame, check_dtype=False)


def test_write_table_rejects_unknown_suffix(tmp_path):
    with pytest.raises(ValueError, match=r"\.parquet or \.csv"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.xlsx")


# ------------------------------------------------------- outputs: only ever ours
def _tree(folder):
    """Every file under ``folder`` with its bytes (to prove nothing changed)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _user_folder(folder):
    (folder / "sub").mkdir(parents=True)
    (folder / "keep.txt").write_bytes(b"my notes\n")
    (folder / "sub" / "table.csv").write_bytes(b"a,b\n1,2\n")
    return _tree(folder)


def test_write_table_refuses_a_file_it_did_not_write(tmp_path):
    from analysis._io import OutputExistsError

    target = tmp_path / "scores.csv"
    target.write_bytes(b"the user's own table\n")
    with pytest.raises(OutputExistsError, match=r"scores\.csv: news-analysis did not write it"):
        write_table(pd.DataFrame({"a": [1]}), target)
    assert target.read_bytes() == b"the user's own table\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.csv"]


def test_write_table_replaces_its_own_file_run_after_run(tmp_path):
    target = tmp_path / "scores.parquet"
    for value in (1, 2, 3):
        write_table(pd.DataFrame({"a": [value]}), target, index=False)
        assert read_table(target)["a"].tolist() == [value]


def test_write_table_refuses_its_own_file_once_someone_changed_it(tmp_path):
    from analysis._io import OutputExistsError

    target = write_table(pd.DataFrame({"a": [1]}), tmp_path / "scores.csv")
    target.write_text(target.read_text() + "1,edited by hand\n")
    with pytest.raises(OutputExistsError, match="changed since news-analysis wrote it"):
        write_table(pd.DataFrame({"a": [2]}), target)
    assert target.read_text().endswith("edited by hand\n")


def test_force_moves_a_foreign_file_aside_byte_for_byte(tmp_path):
    target = tmp_path / "scores.csv"
    target.write_bytes(b"precious\x00bytes")
    write_table(pd.DataFrame({"a": [1]}), target, force=True)
    backups = list(tmp_path.glob("scores.csv.backup-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == b"precious\x00bytes"
    assert read_table(target)["a"].tolist() == [1]


def test_output_dir_refuses_a_folder_with_user_files_and_keeps_every_byte(tmp_path):
    from analysis._io import OutputExistsError, output_dir

    out = tmp_path / "mydata"
    before = _user_folder(out)
    refused = pytest.raises(OutputExistsError, match=r"2 files .*\(keep\.txt, sub/table\.csv\)")
    with refused, output_dir(out) as build:
        (build / "part.txt").write_text("new")
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mydata"]  # no temp left


def test_output_dir_replaces_its_own_folder_until_a_user_file_appears(tmp_path):
    from analysis._io import OutputExistsError, output_dir

    out = tmp_path / "site"
    for text in ("one", "two"):
        with output_dir(out, kind="report") as build:
            (build / "sub").mkdir()
            (build / "sub" / "index.html").write_text(text)
        assert (out / "sub" / "index.html").read_text() == text
    (out / "sub" / "thesis.txt").write_text("mine")
    refused = pytest.raises(OutputExistsError, match=r"sub/thesis\.txt")
    with refused, output_dir(out, kind="report") as build:
        (build / "index.html").write_text("three")
    assert (out / "sub" / "thesis.txt").read_text() == "mine"
    assert (out / "sub" / "index.html").read_text() == "two"


def test_output_dir_force_moves_the_old_folder_aside_byte_for_byte(tmp_path):
    from analysis._io import output_dir

    out = tmp_path / "mydata"
    before = _user_folder(out)
    with output_dir(out, force=True) as build:
        (build / "part.txt").write_text("new")
    (backup,) = tmp_path.glob("mydata.backup-*")
    assert _tree(backup) == before
    assert sorted(_tree(out)) == [".news-analysis.json", "part.txt"]


def test_output_dir_refuses_a_file_where_the_folder_goes(tmp_path):
    from analysis._io import OutputExistsError, output_dir

    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    with pytest.raises(OutputExistsError, match="it is a file, not a folder"), output_dir(notes):
        pass
    assert notes.read_text() == "my notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_output_dir_refuses_the_current_folder_even_with_force(tmp_path, monkeypatch):
    from analysis._io import OutputExistsError, check_output

    (tmp_path / "thesis.txt").write_text("mine")
    monkeypatch.chdir(tmp_path)
    for force in (False, True):
        with pytest.raises(OutputExistsError, match="current folder"):
            check_output(".", folder=True, force=force)
    assert (tmp_path / "thesis.txt").read_text() == "mine"


@pytest.mark.parametrize(
    ("out", "folder", "expected"),
    [
        ("scores.parquet", False, ".parquet"),
        ("SCORES.CSV", False, ".csv"),
        ("scores.tsv", False, ".tsv"),
        ("corpus/", True, "folder"),
        ("corpus", True, "folder"),
        ("x.xlsx", True, ValueError),
        ("x.xlsx", False, ValueError),
        ("corpus/", False, ValueError),
        ("corpus", False, ValueError),
    ],
)
def test_output_form(out, folder, expected):
    from analysis._io import output_form

    if expected is ValueError:
        with pytest.raises(ValueError, match=r"\.parquet or \.csv"):
            output_form(out, folder=folder)
    else:
        assert output_form(out, folder=folder) == expected


# ------------------------------------------------------- temporaries of dead runs
def _dead_pid() -> int:
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_temps_of_a_dead_run_are_cleaned_at_the_next_write(tmp_path):
    import os

    from analysis._io import _host

    dead, host = _dead_pid(), _host()
    stale_file = tmp_path / f".scores.csv.tmp@{host}@{dead}@abcdefgh.csv"
    stale_dir = tmp_path / f".reports.build@{host}@{dead}@abcd_123"
    live = tmp_path / f".reports.build@{host}@{os.getpid()}@zzzzzzzz"
    elsewhere = tmp_path / f".reports.build@otherhost@{dead}@abcdefgh"
    unrelated = [tmp_path / ".gitkeep", tmp_path / ".scores.csv.x1y2z3ab.csv", tmp_path / ".cache"]
    stale_file.write_text("half")
    for folder in (stale_dir, live, elsewhere, unrelated[2]):
        folder.mkdir()
        (folder / "page.html").write_text("x")
    for path in unrelated[:2]:
        path.write_text("")
    write_table(pd.DataFrame({"a": [1]}), tmp_path / "scores.csv")
    assert not stale_file.exists() and not stale_dir.exists()
    assert live.is_dir() and elsewhere.is_dir() and all(p.exists() for p in unrelated)


def test_a_folder_moved_aside_by_a_killed_swap_is_put_back(tmp_path):
    from analysis._io import _host, clean_stale_temps

    aside = tmp_path / f".reports.old@{_host()}@{_dead_pid()}@abcdefgh"
    aside.mkdir()
    (aside / "index.html").write_text("previous report")
    clean_stale_temps(tmp_path)
    assert (tmp_path / "reports" / "index.html").read_text() == "previous report"
    assert not aside.exists()


def test_temp_names_carry_host_and_pid(tmp_path):
    import os

    from analysis._io import _host

    with atomic_path(tmp_path / "x.csv") as tmp:
        assert tmp.name.startswith(f".x.csv.tmp@{_host()}@{os.getpid()}@")
