from pathlib import Path

from analysis import config


def test_paths_derive_from_one_root(tmp_path):
    p = config.paths(root=tmp_path)
    assert p["raw"] == tmp_path / "data" / "raw"
    assert p["processed"] == tmp_path / "data" / "processed"
    assert p["reports"] == tmp_path / "reports"
    assert p["demo_csv"].parent == p["external"]


def test_default_root_is_the_checkout():
    assert (config.PROJ_ROOT / "pyproject.toml").is_file()
    assert config.RAW_DIR == config.PROJ_ROOT / "data" / "raw"
    assert config.SAMPLE_ARTICLE.is_file(), "data/raw must hold the bundled sample article"


def test_env_var_overrides_root(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWS_ANALYSIS_HOME", str(tmp_path))
    assert config.paths()["root"] == tmp_path.resolve()


def test_no_relative_data_strings_in_package():
    pkg = Path(config.__file__).parent
    offenders = [f.name for f in pkg.rglob("*.py") if "../data" in f.read_text(encoding="utf-8")]
    assert offenders == []
