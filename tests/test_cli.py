import subprocess
import sys

from analysis.cli import build_parser, main


def test_help_lists_every_command():
    text = build_parser().format_help()
    for command in ("data", "load", "readability", "terms", "topics", "report"):
        assert command in text


def test_failure_is_one_line_and_nonzero(tmp_path, capsys):
    code = main(["load", str(tmp_path / "does-not-exist.csv"), "--strict"])
    err = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert code == 1
    assert len(err) == 1 and err[0].startswith("news-analysis: error:")
    assert "does-not-exist.csv" in err[0]


def test_console_script_runs():
    proc = subprocess.run(
        [sys.executable, "-m", "analysis.cli", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0 and "news-analysis" in proc.stdout


def test_every_writing_command_takes_force():
    from analysis.cli import build_parser

    parser = build_parser()
    for command in ("load", "readability", "terms", "topics", "report"):
        args = parser.parse_args([command, "--force"])
        assert args.force is True, command


def test_loader_options_reach_the_loader(tmp_path, capsys):
    body = "A story long enough to count as an article, with several words in it."
    (tmp_path / "in.csv").write_text(
        f'date,text\n12/05/2023,"{body}"\n13/05/2023,"Another, different story about the port."'
        "\n01/02/2023,-1\n"
    )
    out = tmp_path / "out.parquet"
    assert main(["load", str(tmp_path / "in.csv"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "not articles: 1" in printed and "2 dates read both" not in printed
    assert "1 dates read both day/month and month/day" in printed
    from analysis.loading import read_corpus

    assert read_corpus(out)["published"].dt.strftime("%Y-%m-%d").tolist() == [
        "2023-12-05",
        "2023-05-13",
    ]
    out2 = tmp_path / "out2.parquet"
    args = ["load", str(tmp_path / "in.csv"), "--out", str(out2), "--dayfirst"]
    assert main([*args, "--keep-non-articles"]) == 0
    articles = read_corpus(out2)
    assert len(articles) == 3
    assert articles["published"].dt.strftime("%Y-%m-%d").tolist() == [
        "2023-05-12",
        "2023-05-13",
        "2023-02-01",
    ]


def test_data_fetch_runs_its_option_checks(monkeypatch, tmp_path, capsys):
    """`data fetch` has no --out: the pre-flight output checks must not need one."""
    import analysis.datasets as datasets

    monkeypatch.setattr(datasets, "fetch_demo_corpus", lambda **kw: tmp_path / "demo.csv")
    assert main(["data", "fetch"]) == 0
    assert "demo corpus ready" in capsys.readouterr().out
