"""A bad flag after a subcommand shows that subcommand's usage, not the top level's."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dupviewer.cli import main


@pytest.mark.parametrize(
    ("command", "rest"),
    [("scan", ["."]), ("dedupe", ["."]), ("find", ["--in", "."]), ("undo", [])],
)
def test_an_unknown_flag_after_a_subcommand_gets_its_usage(command, rest, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main([command, "--bogus", *rest])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"usage: dupviewer-cli {command} ")
    assert f"dupviewer-cli {command}: error: unrecognized arguments: --bogus" in err


@pytest.mark.parametrize("argv", [["--bogus"], ["--bogus", "scan", "."]])
def test_an_unknown_flag_before_any_subcommand_gets_the_top_level_usage(argv, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: dupviewer-cli [-h] [--version] COMMAND")
    assert "dupviewer-cli: error: " in err


def test_the_real_command_exits_2_with_the_scan_usage(tmp_path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dupviewer.cli", "scan", "--bogus", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("usage: dupviewer-cli scan ")
    assert "dupviewer-cli scan: error: unrecognized arguments: --bogus" in proc.stderr
