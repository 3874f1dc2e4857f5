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
