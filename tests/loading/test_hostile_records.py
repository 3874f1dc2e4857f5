"""Hostile records: deeply nested JSON, huge articles. Each is one report row.

Inputs are generated in ``tmp_path``. Memory is checked in a fresh subprocess: its
peak RSS (VmHWM, reset once the loader is imported) minus its RSS at that point.
``ru_maxrss`` would not do: Linux carries it over from the parent across ``exec``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from analysis.loading import LoadError, load_corpus
from analysis.loading.readers import MAX_JSON_DEPTH, MAX_TEXT_CHARS

DEEP = 100_000


def _nested(depth: int) -> object:
    value: object = []
    for _ in range(depth - 1):
        value = [value]
    return value


def test_json_nested_100000_deep_is_one_problem_row(tmp_path):
    doc = '[{"text": "fine", "x": ' + "[" * DEEP + "]" * DEEP + "}]"
    (tmp_path / "deep.json").write_text(doc)
    (tmp_path / "ok.json").write_text(json.dumps([{"text": "A good article."}]))
    articles, report = load_corpus(tmp_path)
    report = report.set_index(report["origin"].str.rsplit("/", n=1).str[-1])
    assert report.loc["deep.json", "status"] == "rejected"
    assert (
        f"nested {DEEP + 2:,} levels deep (limit {MAX_JSON_DEPTH})"
        in (report.loc["deep.json", "reason"])
    )
    assert articles["text"].tolist() == ["A good article."]
    with pytest.raises(LoadError, match="levels deep"):
        load_corpus(tmp_path / "deep.json", strict=True)


@pytest.mark.slow
@pytest.mark.parametrize("at", [0, 2])
def test_deep_jsonl_line_is_one_problem_and_the_other_lines_load(tmp_path, at):
    deep = '{"text": "deep", "x": ' + '{"k": ' * DEEP + "1" + "}" * DEEP + "}"
    lines = [json.dumps({"text": f"Article number {i}."}) for i in range(4)]
    lines.insert(at, deep)
    for name in ("a.jsonl", "b.json"):  # JSON lines in a .json file too
        (tmp_path / name).write_text("\n".join(lines) + "\n")
        articles, report = load_corpus(tmp_path / name)
        status = ["loaded"] * 5
        status[at] = "rejected"
        assert report["status"].tolist() == status
        assert report["origin"].iloc[at] == f"{name}:line {at + 1}"
        assert (
            report["reason"]
            .iloc[at]
            .startswith(f"{name}, line {at + 1}: the JSON is nested {DEEP + 1:,} levels deep")
        )
        assert articles["text"].tolist() == [f"Article number {i}." for i in range(4)]


def test_json_at_the_depth_limit_loads_and_its_deep_value_is_kept_as_json(tmp_path):
    # item 1 + its object 1 + the value: exactly MAX_JSON_DEPTH levels
    value = _nested(MAX_JSON_DEPTH - 2)
    (tmp_path / "ok.json").write_text(json.dumps([{"text": "Some article text.", "meta": value}]))
    articles, report = load_corpus(tmp_path / "ok.json")
    assert report["status"].tolist() == ["loaded"]
    assert json.loads(articles["meta"].iloc[0]) == value
    (tmp_path / "ok.json").write_text(json.dumps([{"text": "x", "meta": [value]}]))
    _, report = load_corpus(tmp_path / "ok.json")
    assert report["status"].tolist() == ["rejected"]


def test_values_nested_near_the_recursion_limit_never_crash_the_load(tmp_path):
    # Around the interpreter's recursion limit json.loads succeeds and json.dumps of
    # the value (an extra column) fails, or json.loads itself fails, depending on the
    # depth of the call stack: every such line must be a problem row, not a crash.
    depths = range(950, 1011)
    lines = [json.dumps({"text": "first"})]
    lines += ['{"text": "t", "meta": ' + "[" * d + "]" * d + "}" for d in depths]
    lines += [json.dumps({"text": "last", "meta": {"k": [1, 2]}})]
    (tmp_path / "a.jsonl").write_text("\n".join(lines))
    articles, report = load_corpus(tmp_path / "a.jsonl", min_words=0)
    assert articles["text"].tolist() == ["first", "last"]
    assert articles["meta"].tolist()[1] == '{"k": [1, 2]}'
    rejected = report[report["status"] == "rejected"]
    assert len(rejected) == len(depths)
    assert rejected["reason"].str.contains("levels deep").all()


def _article(n_chars: int, seed: int = 0) -> str:
    """Random words (some non-Latin-1), in paragraphs: about ``n_chars`` characters."""
    rng = np.random.default_rng(seed)
    vocab = np.array([f"w{i}" for i in range(50_000)] + ["café", "it’s", "naïve"])
    words = rng.choice(vocab, size=n_chars // 6)
    paras = [" ".join(words[i : i + 80]) + "." for i in range(0, len(words), 80)]
    return "A big title\n\n" + "\n\n".join(paras) + "\n"


def test_text_over_max_text_chars_is_rejected_with_the_limit_and_how_to_raise_it(tmp_path):
    (tmp_path / "big.txt").write_text(_article(5_000))
    (tmp_path / "rows.csv").write_text(f"title,text\nA,{'x' * 300}\nB,short text\n")
    articles, report = load_corpus(tmp_path, max_text_chars=200, min_words=0)
    report = report.set_index(report["origin"].str.rsplit("/", n=1).str[-1])
    assert report["status"].tolist() == ["rejected", "rejected", "loaded"]
    reason = report.loc["rows.csv:row 1", "reason"]
    assert "the text has 300 characters, more than max_text_chars=200" in reason
    assert "raise max_text_chars" in reason
    assert articles["text"].tolist() == ["short text"]
    with pytest.raises(LoadError, match="max_text_chars=200"):
        load_corpus(tmp_path / "rows.csv", max_text_chars=200, strict=True)


_CHILD = textwrap.dedent(
    """
    import json, sys
    from analysis.loading import load_corpus

    def status(key):
        with open("/proc/self/status") as f:
            return int(f.read().split(key + ":")[1].split()[0]) * 1024

    runs = []
    for path, options in json.loads(sys.argv[1]):
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # peak RSS := current RSS
        baseline = status("VmRSS")
        articles, report = load_corpus(path, **options)
        runs.append({
            "growth": status("VmHWM") - baseline,
            "status": report["status"].tolist(),
            "reason": report["reason"].tolist(),
            "n_chars": int(articles["text"].str.len().sum()) if len(articles) else 0,
        })
        del articles, report
    print(json.dumps(runs))
    """
)


def _load_in_subprocess(runs: list, *, address_space: int) -> list[dict]:
    import resource

    def limit() -> None:  # an unbounded allocation fails fast instead of swapping
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps(runs)],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=limit,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/proc/self/clear_refs"), reason="needs Linux /proc")
def test_big_articles_memory_is_bounded_and_50_mb_is_rejected(tmp_path):
    small, big = _article(5_000_000), _article(50_000_000, seed=1)
    (tmp_path / "five.txt").write_text(small, encoding="utf-8")
    (tmp_path / "fifty.txt").write_text(big, encoding="utf-8")
    row = small.replace('"', "").replace("\n\n", " ")
    (tmp_path / "five.csv").write_text(f'title,text\nBig,"{row}"\n', encoding="utf-8")
    small_size, big_size = sys.getsizeof(small), sys.getsizeof(big)  # 2 bytes a character
    del small, big
    runs = _load_in_subprocess(
        [
            [str(tmp_path / "five.txt"), {}],
            [str(tmp_path / "five.csv"), {"max_line_length": 20_000_000}],
            [str(tmp_path / "fifty.txt"), {}],
        ],
        address_space=6 * 2**30,
    )
    five_txt, five_csv, fifty = runs
    print({"5 MB": small_size, "50 MB": big_size}, [run["growth"] for run in runs])
    assert five_txt["status"] == five_csv["status"] == ["loaded"]
    assert five_txt["n_chars"] > 4_900_000 and five_csv["n_chars"] > 4_900_000
    # One article needs a small multiple of its size (it took 1.8 GB before).
    assert five_txt["growth"] < 20 * small_size
    assert five_csv["growth"] < 20 * small_size
    # A rejected one: its bytes and its decoded text, not much more.
    assert fifty["status"] == ["rejected"]
    assert f"more than max_text_chars={MAX_TEXT_CHARS:,}" in fifty["reason"][0]
    assert fifty["growth"] < 3 * big_size
