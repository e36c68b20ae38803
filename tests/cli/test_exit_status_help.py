"""The exit statuses `dupviewer-cli --help` lists are the ones undo really returns."""

from __future__ import annotations

import re

import pytest

from dupviewer.cli import EXIT_STATUS_HELP, dedupe_cmd, main


def status_entry(code: str) -> str:
    """The text of one status in EXIT_STATUS_HELP, on one line."""
    entries = re.split(r"\n  (?=\d+ )", EXIT_STATUS_HELP)
    return " ".join(next(e for e in entries if e.startswith(f"{code} ")).split())


def test_the_top_level_help_lists_every_undo_status(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert EXIT_STATUS_HELP in capsys.readouterr().out
    assert "undo could not put back some files, or could not read some lines of the journal" in (
        status_entry("1")
    )
    assert "undo: the journal file could not be read" in status_entry("2")


def test_undo_exits_2_when_the_journal_file_cannot_be_read(tmp_path, monkeypatch, capsys) -> None:
    journal = tmp_path / "journal.jsonl"
    journal.write_text("")

    def unreadable(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(journal))

    monkeypatch.setattr(dedupe_cmd, "undo", unreadable)
    assert main(["undo", "--journal", str(journal)]) == 2
    assert "undo: error: cannot read the journal: [Errno 13] Permission denied" in (
        capsys.readouterr().err
    )


def test_undo_exits_1_when_journal_lines_cannot_be_read(tmp_path, capsys) -> None:
    journal = tmp_path / "journal.jsonl"
    journal.write_bytes(b"\x00\xff garbage {not json\n")
    assert main(["undo", "--journal", str(journal)]) == 1
    assert "1 line(s) of the journal could not be read" in capsys.readouterr().err


def test_ctrl_c_while_the_engine_loads_is_no_traceback(monkeypatch, capsys) -> None:
    """QA: a Ctrl-C in the first 0.3 s, while the subcommands import the engine, printed a
    traceback; it is an interruption like any other (status 130)."""
    import dupviewer.cli as cli

    def interrupted_import():
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", interrupted_import)
    assert cli.main(["scan", "."]) == 130
    assert capsys.readouterr().err.strip() == "interrupted"
