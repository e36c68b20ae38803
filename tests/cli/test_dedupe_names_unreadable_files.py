"""`dedupe` names the files it could not read, with why, as `scan` does."""

from __future__ import annotations

from dupviewer.cli import main


def test_dedupe_names_each_unreadable_file_on_stderr(small, capsys) -> None:
    assert main(["dedupe", str(small["root"]), "--workers", "1"]) == 0
    out, err = capsys.readouterr()
    assert "Could not use 1 file(s) or folder(s):" in err
    assert f"  {small['bad']}: not-an-image: not an image" in err
    assert "see `dupviewer-cli scan`" not in err
    # stdout is the plan alone, as before
    assert str(small["bad"]) not in out
    assert out.splitlines()[0] == "group 1 (similar):"
    assert out.splitlines()[-1].startswith("dry run: would remove 1 file(s)")


def test_scan_and_dedupe_name_the_same_problems(small, capsys) -> None:
    main(["scan", str(small["root"]), "--workers", "1"])
    scan_out = capsys.readouterr().out
    main(["dedupe", str(small["root"]), "--workers", "1"])
    dedupe_err = capsys.readouterr().err
    problems = [line for line in scan_out.splitlines() if line.startswith(("Could not", "  /"))]
    assert problems and all(line in dedupe_err.splitlines() for line in problems)
