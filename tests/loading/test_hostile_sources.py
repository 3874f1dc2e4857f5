"""Hostile inputs for the loader (issue #11): every file or member gets exactly one row.

Each case builds, in ``tmp_path``, a folder ``c`` with a good article beside one
hostile thing (a damaged or crafted zip member, a named pipe, a link loop, an
undecodable file name ...). The load must go on: the good article loads, the hostile
thing gets exactly one report row with the expected status and a reason that names
it, and ``strict=True`` raises that same reason. Nothing is committed as a fixture.
"""

from __future__ import annotations

import os
import pickle
import socket
import struct
import subprocess
import sys
import textwrap
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.loading import LoadError, load_corpus
from analysis.loading import sources as sources_module
from analysis.loading.sources import InputFile, SourceProblem, UnreadableInput, expand_sources

MiB = 2**20


def _article(key: str) -> str:
    return f"Title {key}\n\nThe story {key} goes on about the harbour and the storm in {key}."


def _folder(tmp_path: Path) -> Path:
    c = tmp_path / "c"
    c.mkdir()
    (c / "good.txt").write_text(_article("good"))
    return c


# ------------------------------------------------------------------ zip surgery
# Offsets of fields in a central-directory record (PK\1\2) and a local header (PK\3\4).
_CENTRAL = {"sig": b"PK\x01\x02", "name_len": 28, "name": 46, "flags": 8, "method": 10,
            "crc": 16, "csize": 20, "usize": 24, "offset": 42}  # fmt: skip
_LOCAL = {"sig": b"PK\x03\x04", "name_len": 26, "name": 30, "flags": 6, "method": 8,
          "crc": 14, "csize": 18, "usize": 22, "extra_len": 28}  # fmt: skip


def _record(data: bytes, layout: dict, name: str) -> int:
    """Position of the record of member ``name`` (the last one with that name)."""
    found, pos = -1, data.find(layout["sig"])
    while pos >= 0:
        n = struct.unpack_from("<H", data, pos + layout["name_len"])[0]
        start = pos + layout["name"]
        if data[start : start + n] == name.encode():
            found = pos
        pos = data.find(layout["sig"], pos + 4)
    assert found >= 0, name
    return found


def _patch(path: Path, name: str, field: str, value: int, *, local: bool = False) -> None:
    """Overwrite one field of a member's central record (and local header if asked)."""
    data = bytearray(path.read_bytes())
    layouts = [_CENTRAL] + ([_LOCAL] if local else [])
    for layout in layouts:
        if field in layout:
            pos = _record(bytes(data), layout, name) + layout[field]
            fmt = "<H" if field in ("flags", "method") else "<I"
            struct.pack_into(fmt, data, pos, value)
    path.write_bytes(bytes(data))


def _central(path: Path, name: str, field: str) -> int:
    data = path.read_bytes()
    fmt = "<H" if field in ("flags", "method") else "<I"
    return struct.unpack_from(fmt, data, _record(data, _CENTRAL, name) + _CENTRAL[field])[0]


def _zip(path: Path, members: list[tuple[str, bytes | str]], **kw) -> Path:
    with zipfile.ZipFile(path, "w", kw.pop("compression", zipfile.ZIP_DEFLATED), **kw) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return path


def _zeros(path: Path, name: str, size: int, *, extra=()) -> Path:
    """A member of ``size`` zero bytes, deflated while streaming (the test stays light)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for other, data in extra:
            zf.writestr(other, data)
        with zf.open(name, "w") as out:
            block = bytes(MiB)
            for _ in range(size // MiB):
                out.write(block)
    return path


def _long(key: str) -> str:
    return _article(key) + "".join(f" Sentence {i} of {key} about boats." for i in range(400))


# ------------------------------------------------------------------------ cases
def case_encrypted_member(tmp_path):
    c = _folder(tmp_path)
    a = _zip(c / "a.zip", [("ok.txt", _article("ok")), ("secret.txt", _article("secret"))])
    _patch(a, "secret.txt", "flags", 0x1, local=True)
    return [c], {"c/a.zip!secret.txt": ("rejected", "encrypted"), "c/a.zip!ok.txt": "loaded"}


def case_damaged_compressed_data(tmp_path):
    c = _folder(tmp_path)
    a = _zip(c / "a.zip", [("ok.txt", _article("ok")), ("bad.txt", _long("bad"))])
    data = bytearray(a.read_bytes())
    pos = _record(bytes(data), _LOCAL, "bad.txt")
    n, extra = struct.unpack_from("<HH", data, pos + _LOCAL["name_len"])
    start = pos + _LOCAL["name"] + n + extra
    for i in range(start + 40, start + 60):
        data[i] ^= 0xFF
    a.write_bytes(bytes(data))
    return [c], {"c/a.zip!bad.txt": ("rejected", "damaged"), "c/a.zip!ok.txt": "loaded"}


def case_bad_crc(tmp_path):
    c = _folder(tmp_path)
    a = _zip(c / "a.zip", [("ok.txt", _article("ok")), ("bad.txt", _article("bad"))])
    _patch(a, "bad.txt", "crc", _central(a, "bad.txt", "crc") ^ 0xFFFF)
    return [c], {"c/a.zip!bad.txt": ("rejected", "CRC"), "c/a.zip!ok.txt": "loaded"}


def case_unsupported_compression(tmp_path):
    c = _folder(tmp_path)
    a = _zip(c / "a.zip", [("ok.txt", _article("ok")), ("odd.txt", _article("odd"))])
    _patch(a, "odd.txt", "method", 99, local=True)
    return [c], {"c/a.zip!odd.txt": ("rejected", "compression"), "c/a.zip!ok.txt": "loaded"}


def case_ratio_bomb(tmp_path):
    c = _folder(tmp_path)
    _zeros(c / "a.zip", "zeros.txt", 64 * MiB, extra=[("ok.txt", _article("ok"))])
    return [c], {"c/a.zip!zeros.txt": ("rejected", "zip bomb"), "c/a.zip!ok.txt": "loaded"}


def case_header_understates_size(tmp_path):
    c = _folder(tmp_path)
    a = _zeros(c / "a.zip", "liar.txt", 64 * MiB, extra=[("ok.txt", _article("ok"))])
    _patch(a, "liar.txt", "usize", 1000, local=True)
    return [c], {
        "c/a.zip!liar.txt": ("rejected", "more data than its header declares"),
        "c/a.zip!ok.txt": "loaded",
    }


def case_header_overstates_compressed_size(tmp_path):
    c = _folder(tmp_path)
    a = _zip(c / "a.zip", [("liar.txt", _long("liar")), ("ok.txt", _article("ok"))])
    _patch(a, "liar.txt", "csize", 50 * MiB)
    return [c], {"c/a.zip!liar.txt": ("rejected", "overlaps"), "c/a.zip!ok.txt": "loaded"}


def case_overlapping_members(tmp_path):
    c = _folder(tmp_path)
    a = _zip(c / "a.zip", [("a_first.txt", _article("first")), ("b_again.txt", _article("x"))])
    _patch(a, "b_again.txt", "offset", _central(a, "a_first.txt", "offset"))
    return [c], {"c/a.zip!b_again.txt": ("rejected", "overlaps"), "c/a.zip!a_first.txt": "loaded"}


def case_fifo_in_folder(tmp_path):
    c = _folder(tmp_path)
    os.mkfifo(c / "x.txt")
    return [c], {"c/x.txt": ("rejected", "named pipe")}


def case_fifo_given(tmp_path):
    c = _folder(tmp_path)
    os.mkfifo(tmp_path / "p.txt")
    return [c, tmp_path / "p.txt"], {"p.txt": ("rejected", "named pipe")}


def case_fifo_named_zip(tmp_path):
    c = _folder(tmp_path)
    os.mkfifo(c / "p.zip")
    return [c], {"c/p.zip": ("rejected", "named pipe")}


def _bind(path: Path) -> None:
    here = os.getcwd()
    os.chdir(path.parent)  # a relative name: socket paths are limited to ~100 bytes
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.bind(path.name)
    finally:
        os.chdir(here)


def case_socket_in_folder(tmp_path):
    c = _folder(tmp_path)
    _bind(c / "s.txt")
    return [c], {"c/s.txt": ("rejected", "a socket")}


def case_link_to_dev_zero(tmp_path):
    c = _folder(tmp_path)
    (c / "zero.txt").symlink_to("/dev/zero")
    return [c], {"c/zero.txt": ("rejected", "link to a character device (/dev/zero)")}


def case_device_given(tmp_path):
    c = _folder(tmp_path)
    return [c, "/dev/null"], {"null": ("rejected", "a character device")}


def case_link_loop(tmp_path):
    c = _folder(tmp_path)
    (c / "self.txt").symlink_to("self.txt")
    return [c], {"c/self.txt": ("rejected", "symbolic link loop")}


def case_broken_link(tmp_path):
    c = _folder(tmp_path)
    (c / "gone.txt").symlink_to("nowhere.txt")
    return [c], {"c/gone.txt": ("rejected", "broken symbolic link (to nowhere.txt)")}


def case_linked_folder_is_followed(tmp_path):
    c = _folder(tmp_path)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "o.txt").write_text(_article("outside"))
    (c / "ext").symlink_to(tmp_path / "outside")
    return [c], {"c/ext/o.txt": "loaded"}


def case_folder_link_loop(tmp_path):
    c = _folder(tmp_path)
    (c / "sub").mkdir()
    (c / "sub" / "s.txt").write_text(_article("sub"))
    (c / "sub" / "up").symlink_to("..")
    return [c], {"c/sub/s.txt": "loaded", "c/sub/up": ("rejected", "a loop")}


def case_same_folder_twice(tmp_path):
    c = _folder(tmp_path)
    (tmp_path / "alias").symlink_to(c)
    return [c, tmp_path / "alias"], {"alias": ("rejected", "already read as c")}


def case_empty_zip(tmp_path):
    c = _folder(tmp_path)
    _zip(c / "none.zip", [])
    _zip(c / "junk.zip", [("__MACOSX/._x.txt", "junk"), (".hidden.txt", "x"), ("d/", "")])
    return [c], {
        "c/none.zip": ("empty", "holds no file to load"),
        "c/junk.zip": ("empty", "holds no file to load"),
    }


def case_empty_folder(tmp_path):
    c = _folder(tmp_path)
    (tmp_path / "void").mkdir()
    return [c, tmp_path / "void"], {"void": ("empty", "holds no file to load")}


def case_folder_of_hidden_files(tmp_path):
    c = _folder(tmp_path)
    h = tmp_path / "h"
    (h / "__MACOSX").mkdir(parents=True)
    (h / "__MACOSX" / "x.txt").write_text(_article("mac"))
    (h / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (h / "empty-sub").mkdir()
    return [c, h], {"h": ("empty", "hidden files and __MACOSX are skipped")}


def case_duplicate_member_names(tmp_path):
    c = _folder(tmp_path)
    with pytest.warns(UserWarning, match="Duplicate name"):
        _zip(c / "a.zip", [("x.txt", _article("one")), ("x.txt", _article("two"))])
    return [c], {"c/a.zip!x.txt": "loaded", "c/a.zip!x.txt (copy 2)": "loaded"}


def case_member_paths_leaving_the_archive(tmp_path):
    c = _folder(tmp_path)
    _zip(
        c / "a.zip",
        [("../evil.txt", _article("e1")), ("/abs.txt", _article("e2")), ("ok.txt", _article("ok"))],
    )
    return [c], {
        "c/a.zip!../evil.txt": ("rejected", "leaves the archive"),
        "c/a.zip!/abs.txt": ("rejected", "leaves the archive"),
        "c/a.zip!ok.txt": "loaded",
    }


def case_member_paths_leaving_through_a_folder(tmp_path):
    c = _folder(tmp_path)
    _zip(c / "a.zip", [("a/../../up.txt", _article("up")), ("ok.txt", _article("ok"))])
    return [c], {"c/a.zip!a/../../up.txt": ("rejected", "leaves the archive")}


def case_undecodable_names(tmp_path):
    c = _folder(tmp_path)
    base = os.fsencode(c)
    for name, text in ((b"caf\xe9.txt", _article("cafe")), (b"caf\xe9.md", "# notes")):
        with open(os.path.join(base, name), "w") as fh:
            fh.write(text)
    os.mkdir(os.path.join(base, b"d\xff"))
    with open(os.path.join(base, b"d\xff", b"in.txt"), "w") as fh:
        fh.write(_article("in"))
    (c / "new\nline.txt").write_text(_article("newline"))
    return [c], {
        "c/caf\\xe9.txt": "loaded",
        "c/caf\\xe9.md": ("rejected", "unknown file type .md"),
        "c/d\\xff/in.txt": "loaded",
        "c/new\\nline.txt": "loaded",
    }


def case_undecodable_name_given(tmp_path):
    c = _folder(tmp_path)
    path = os.path.join(os.fsencode(tmp_path), b"\xff\xfe.txt")
    with open(path, "w") as fh:
        fh.write(_article("given"))
    return [c, path], {"\\xff\\xfe.txt": "loaded"}


def case_missing_source_with_close_match(tmp_path):
    c = _folder(tmp_path)
    wrong = str(c / "god.txt")
    return [c, wrong], {wrong: ("rejected", f"did you mean {c / 'good.txt'}?")}


def case_missing_folder(tmp_path):
    c = _folder(tmp_path)
    wrong = str(tmp_path / "nope" / "x.txt")
    return [c, wrong], {wrong: ("rejected", f"the folder {tmp_path / 'nope'} does not exist")}


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}


def _rows(report, origin):
    return report[report["origin"] == origin]


@pytest.mark.slow
@pytest.mark.timeout(120)  # a named pipe or /dev/zero must not hang the load
@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_gets_one_row_and_the_rest_loads(case, tmp_path):
    sources, expected = CASES[case](tmp_path)
    articles, report = load_corpus(*sources)
    assert report["origin"].is_unique
    assert (report["status"] == "loaded").sum() == len(articles)
    assert report["origin"].map(str.isprintable).all()
    assert _rows(report, "c/good.txt")["status"].tolist() == ["loaded"]
    for origin, want in expected.items():
        rows = _rows(report, origin)
        assert len(rows) == 1, (origin, report[["origin", "status", "reason"]].to_dict("records"))
        status, fragment = (want, "") if isinstance(want, str) else want
        row = rows.iloc[0]
        assert row["status"] == status, row.to_dict()
        if status != "loaded":
            assert row["reason"].startswith(f"{origin}: "), row["reason"]
            assert fragment in row["reason"], row["reason"]
    problems = report[~report["status"].isin(["loaded", "duplicate"])]
    if len(problems):
        with pytest.raises(LoadError) as err:
            load_corpus(*sources, strict=True)
        assert str(err.value) == problems["reason"].iloc[0]
    else:
        load_corpus(*sources, strict=True)


@pytest.mark.timeout(120)  # glob.glob("**") followed these links without end
def test_recursive_glob_survives_link_loops_and_reads_each_file_once(tmp_path):
    c = _folder(tmp_path)
    (c / "sub").mkdir()
    (c / "sub" / "s.txt").write_text(_article("sub"))
    (c / "sub" / "notes.md").write_text("# not matched")
    (c / "a").symlink_to("..")
    (c / "b").symlink_to("..")
    (tmp_path / "top.txt").write_text(_article("top"))
    _, report = load_corpus(str(c / "**" / "*.txt"))
    assert sorted(report["origin"]) == ["a/top.txt", "good.txt", "sub/s.txt"]
    assert report["status"].eq("loaded").all()


def test_glob_matching_folders_and_their_files_reads_each_file_once(tmp_path):
    c = _folder(tmp_path)
    (c / "sub").mkdir()
    (c / "sub" / "s.txt").write_text(_article("sub"))
    _, report = load_corpus(str(c / "**"))
    assert sorted(report["origin"]) == ["good.txt", "sub/s.txt"]
    assert report["status"].eq("loaded").all()


@pytest.mark.timeout(120)
def test_glob_matching_special_files_gives_them_rows(tmp_path):
    c = _folder(tmp_path)
    os.mkfifo(c / "pipe.txt")
    (c / "zero.txt").symlink_to("/dev/zero")
    for pattern in (str(c / "*.txt"), str(c / "**" / "*.txt")):
        _, report = load_corpus(pattern)
        reasons = report.set_index("origin")["reason"]
        assert sorted(reasons.index) == ["good.txt", "pipe.txt", "zero.txt"], pattern
        assert "named pipe" in reasons["pipe.txt"] and "/dev/zero" in reasons["zero.txt"]


def test_nothing_is_extracted_to_disk(tmp_path, monkeypatch):
    sources, _ = case_member_paths_leaving_the_archive(tmp_path)
    monkeypatch.chdir(tmp_path / "c")
    before = sorted(tmp_path.rglob("*"))
    load_corpus(*sources)
    assert sorted(tmp_path.rglob("*")) == before


def test_source_names_and_data_sources_stay_printable(tmp_path):
    sources, _ = case_undecodable_names(tmp_path)
    articles, _ = load_corpus(*sources)
    by = articles.set_index("origin")
    assert by.loc["c/d\\xff/in.txt", "source"] == "d\\xff"
    assert by.loc["c/caf\\xe9.txt", "title"] == "Title cafe"  # read from the real path


def test_empty_string_is_refused_with_what_to_pass():
    with pytest.raises(ValueError, match=r"'\.' for the working folder"):
        load_corpus("")
    with pytest.raises(ValueError, match="empty string"):
        expand_sources("x", "")


def test_declared_member_size_limit_is_an_option(tmp_path):
    a = _zip(tmp_path / "a.zip", [("big.txt", _long("big")), ("ok.txt", _article("ok"))])
    items = list(expand_sources(a, max_member_size=1000))
    assert isinstance(items[0], SourceProblem) and "more than the" in items[0].reason
    assert isinstance(items[1], InputFile) and items[1].read() == _article("ok").encode()


def test_limits_are_documented_module_constants():
    m = sources_module
    limits = (m.MAX_MEMBER_SIZE, m.MAX_COMPRESSION_RATIO, m.RATIO_CHECK_ABOVE)
    assert limits == (512 * MiB, 100, 8 * MiB)
    for words in ("512 MiB", "MAX_COMPRESSION_RATIO", "8 MiB", "__MACOSX", "Hidden files"):
        assert words in m.__doc__


# -------------------------------------------------------- one open per archive
class _CountingZipFile(zipfile.ZipFile):
    opened = 0

    def __init__(self, *args, **kw):
        type(self).opened += 1
        super().__init__(*args, **kw)


def test_members_are_read_through_one_open_archive_and_stay_picklable(tmp_path, monkeypatch):
    a = _zip(tmp_path / "many.zip", [(f"n/{i:03d}.txt", _article(str(i))) for i in range(50)])
    monkeypatch.setattr(sources_module.zipfile, "ZipFile", _CountingZipFile)
    _CountingZipFile.opened = 0
    datas = [f.read() for f in expand_sources(a)]
    assert datas[7] == _article("7").encode()
    assert _CountingZipFile.opened == 1  # not once per member (quadratic)
    files = list(expand_sources(a))
    _CountingZipFile.opened = 0
    copies = pickle.loads(pickle.dumps(files))  # as sent to the workers of a cluster
    assert [f.read() for f in copies] == datas
    assert _CountingZipFile.opened == 1


def test_few_archives_stay_open_however_many_are_read(tmp_path, monkeypatch):
    for i in range(30):
        _zip(tmp_path / f"{i:02d}.zip", [(f"{k}.txt", _article(f"{i}-{k}")) for k in range(3)])
    files = list(expand_sources(tmp_path))  # as the cluster path plans partitions
    monkeypatch.setattr(sources_module.zipfile, "ZipFile", _CountingZipFile)
    _CountingZipFile.opened = 0
    fds = len(os.listdir("/proc/self/fd"))
    assert [f.read() for f in files][-1] == _article("29-2").encode()
    assert _CountingZipFile.opened == 30  # each archive once, in order
    assert len(os.listdir("/proc/self/fd")) - fds <= 4  # not one per archive


def test_unreadable_member_raises_a_reason_not_a_crash(tmp_path):
    sources, _ = case_bad_crc(tmp_path)
    member = next(f for f in expand_sources(*sources) if f.origin.endswith("bad.txt"))
    with pytest.raises(UnreadableInput, match="CRC"):
        member.read()


# ------------------------------------------------------------------ zip bombs
@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """A 1 MB archive holding 1 GiB of zeros, and a member lying about its size."""
    path = _zeros(
        tmp_path_factory.mktemp("bomb") / "bomb.zip", "bomb.txt", 1024 * MiB,
        extra=[("ok.txt", _article("ok"))],
    )  # fmt: skip
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("liar.txt", "w") as out:
        for _ in range(256):
            out.write(bytes(MiB))
    _patch(path, "liar.txt", "usize", 4 * MiB, local=True)
    assert path.stat().st_size < 2 * MiB
    return path


@pytest.mark.slow
def test_zip_bomb_is_refused_from_its_header(bomb):
    articles, report = load_corpus(bomb)
    rows = report.set_index("origin")
    assert rows.loc["bomb.zip!bomb.txt", "status"] == "rejected"
    assert "1,024.0 MiB uncompressed" in rows.loc["bomb.zip!bomb.txt", "reason"]
    assert "more data than its header" in rows.loc["bomb.zip!liar.txt", "reason"]
    assert rows.loc["bomb.zip!ok.txt", "status"] == "loaded" and len(articles) == 1


@pytest.mark.slow
def test_zip_bomb_load_stays_small_in_memory(bomb):
    # The peak is VmHWM, the high-water mark of the child's own memory: on Linux
    # ru_maxrss keeps the peak of the (large) forking test process across exec.
    # The address-space limit is a safety net: a regression fails instead of swapping.
    script = textwrap.dedent(
        f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))
        from analysis.loading import load_corpus
        articles, report = load_corpus({str(bomb)!r})
        assert len(report) == 3, report
        status = open("/proc/self/status").read().split("VmHWM:")[1].split()
        print(status[0], status[1])
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    peak, unit = out.stdout.split()[-2:]
    assert unit == "kB"
    assert int(peak) / 1024 < 300, f"peak RSS {int(peak) / 1024:.0f} MB"


# ------------------------------------------------------- compression methods
@pytest.mark.slow
@pytest.mark.parametrize(
    "method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
)
def test_every_standard_method_reads_back_exactly(method, tmp_path):
    texts = [_long("a"), os.urandom(3 * MiB // 2), bytes(7 * MiB), b""]
    a = _zip(tmp_path / "a.zip", [(f"{i}.txt", t) for i, t in enumerate(texts)], compression=method)
    got = [f.read() for f in expand_sources(a)]
    assert got == [t if isinstance(t, bytes) else t.encode() for t in texts]


def test_highly_compressed_member_streams_in_steps_when_allowed(tmp_path):
    a = _zeros(tmp_path / "a.zip", "zeros.txt", 40 * MiB)
    (member,) = expand_sources(a, max_compression_ratio=10_000)
    assert member.read() == bytes(40 * MiB)


@pytest.mark.slow
@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_lying_header_is_stopped_for_bzip2_and_lzma_too(method, tmp_path):
    # zipfile would inflate a whole bzip2/LZMA read at once: 1 KB of bzip2 zeros is
    # 50 MB, so a header that understates the size must be caught in small steps.
    a = tmp_path / "a.zip"
    with zipfile.ZipFile(a, "w", method) as zf, zf.open("liar.txt", "w") as out:
        for _ in range(64):
            out.write(bytes(MiB))
    _patch(a, "liar.txt", "usize", 4096, local=True)
    (member,) = expand_sources(a)
    with pytest.raises(UnreadableInput, match="more data than its header declares"):
        member.read()


# ------------------------------------------------------------ the invariant
_SINGLE = (".txt", ".html", ".bin", "", ".md")  # formats with one record per file
_MEMBER_NAMES = st.sampled_from(
    ["x.txt", "x.txt", "d/y.csv", "d/z.txt", ".h.txt", "__MACOSX/._x.txt", "../up.txt",
     "/abs.txt", "a/../../b.txt", "d/", "e.json", "f.jsonl", "z.bin", "n", "q.md"]
)  # fmt: skip
_CONTENT = st.one_of(
    st.binary(max_size=200),
    st.text(alphabet=st.sampled_from('ab ,"\n;{}[]:é’T'), max_size=60).map(str.encode),
    st.sampled_from([b"Title\n\nSome body text.", b'[{"text": "x"}]', b"title,text\nA,b\n"]),
)
_MEMBERS = st.lists(st.tuples(_MEMBER_NAMES, _CONTENT), max_size=5)
_ZIPS = st.lists(
    st.tuples(
        _MEMBERS,
        st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2]),
        st.one_of(st.none(), st.lists(st.integers(0, 10_000), min_size=1, max_size=4)),
    ),
    max_size=3,
)
_LOOSE = st.lists(
    st.tuples(st.sampled_from([".txt", ".csv", ".json", ".html", ".bin", "", ".zip"]), _CONTENT),
    max_size=4,
)
_SPECIALS = st.sets(
    st.sampled_from(["fifo", "socket", "devzero", "broken", "loop", "dirlink", "void", "hidden"])
)


def _make_specials(c: Path, specials: set[str]) -> dict[str, int]:
    """Create special entries in ``c``; return origin -> number of rows expected."""
    make = {
        "fifo": lambda: os.mkfifo(c / "p.txt"),
        "socket": lambda: _bind(c / "s.txt"),
        "devzero": lambda: (c / "zero.txt").symlink_to("/dev/zero"),
        "broken": lambda: (c / "gone.txt").symlink_to("nowhere.txt"),
        "loop": lambda: (c / "self.txt").symlink_to("self.txt"),
        "void": lambda: (c / "void").mkdir(),
        "hidden": lambda: (c / ".DS_Store").write_bytes(b"\0Bud1"),
    }
    rows = {"fifo": "c/p.txt", "socket": "c/s.txt", "devzero": "c/zero.txt",
            "broken": "c/gone.txt", "loop": "c/self.txt"}  # fmt: skip
    expected = {}
    for name in sorted(specials - {"dirlink"}):
        make[name]()
        if name in rows:
            expected[rows[name]] = 1
    if "dirlink" in specials:  # c/lnk -> c/sub: read once, through the link (sorted first)
        (c / "sub").mkdir()
        (c / "sub" / "in.txt").write_text(_article("linked"))
        (c / "lnk").symlink_to("sub")
        expected.update({"c/lnk/in.txt": 1, "c/sub": 1})
    return expected


def _member_units(z: str, members: list[tuple[str, bytes]]) -> dict[str, int | None]:
    """Origin -> rows expected (None: one or more) for the members of an intact archive."""
    units: dict[str, int | None] = {}
    for name, _ in members:
        if name.endswith("/"):
            continue
        unsafe = name.startswith("/") or ".." in name.split("/")
        if not unsafe and any(p.startswith(".") or p == "__MACOSX" for p in name.split("/")):
            continue
        origin, n = f"{z}!{name}", 1
        while origin in units:
            n += 1
            origin = f"{z}!{name} (copy {n})"
        units[origin] = 1 if unsafe or Path(name).suffix in _SINGLE else None
    return units or {z: 1}  # an archive without members: one "empty" row


def _write_zip(path: Path, members, method, damage) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # duplicate names, on purpose
        _zip(path, [(n, b"" if n.endswith("/") else d) for n, d in members], compression=method)
    if damage:
        data = bytearray(path.read_bytes())
        for pos in damage:
            data[pos % len(data)] ^= 0x5A
        path.write_bytes(bytes(data))


@pytest.mark.slow
@pytest.mark.timeout(600)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(loose=_LOOSE, zips=_ZIPS, specials=_SPECIALS)
def test_every_file_and_member_is_reported_exactly_once(loose, zips, specials, tmp_path_factory):
    c = tmp_path_factory.mktemp("fuzz") / "c"
    c.mkdir()
    units: dict[str, int | None] = {}  # origin -> rows (None: one or more)
    prefixes: dict[str, str] = {}  # a damaged archive: any rows named after it
    for i, (ext, data) in enumerate(loose):
        (c / f"f{i}{ext}").write_bytes(data)
        units[f"c/f{i}{ext}"] = 1 if ext in _SINGLE else None
    for i, (members, method, damage) in enumerate(zips):
        _write_zip(c / f"z{i}.zip", members, method, damage)
        if damage:
            prefixes[f"c/z{i}.zip"] = "!"
        else:
            units.update(_member_units(f"c/z{i}.zip", members))
    units.update(_make_specials(c, specials))
    if not units and not prefixes:
        units["c"] = 1  # nothing to load: one "empty" row for the folder

    articles, report = load_corpus(c.parent / "c")

    assert report["origin"].is_unique
    assert (report["status"] == "loaded").sum() == len(articles) == report.attrs["n_loaded"]
    assert report["origin"].map(str.isprintable).all()
    assert (report.loc[report["status"] != "loaded", "reason"].str.len() > 0).all()
    origins = report["origin"].tolist()
    owner = []
    for o in origins:
        mine = [u for u in units if o == u or o.startswith(u + ":")]
        mine += [p for p in prefixes if o == p or o.startswith(p + "!")]
        assert len(mine) == 1, (o, mine)  # every row belongs to exactly one input
        owner.append(mine[0])
    for unit, n in units.items():
        got = owner.count(unit)
        assert got == n if n is not None else got >= 1, (unit, got, origins)
    for p in prefixes:
        assert owner.count(p) >= 1, (p, origins)
