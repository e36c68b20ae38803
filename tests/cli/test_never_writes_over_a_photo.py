"""Files the CLI writes (reports, the journal, the hash cache) never land on a photo.

QA: `scan --json photo.jpg` overwrote a photo it had just read, `dedupe --journal other.jpg`
appended to one, and `--cache photo.jpg` moved the photo aside as a "damaged cache" (a third run
deleted it). Each is now bad usage, before anything is scanned.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dupviewer.cli import main


def _refused(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize("flag", [("scan", "--json"), ("scan", "--csv"), ("dedupe", "--journal")])
def test_a_report_or_journal_is_never_written_over_a_photo(flag, small, capsys) -> None:
    command, option = flag
    photo = small["photo"]
    before = photo.read_bytes()
    err = _refused([command, str(small["root"]), option, str(photo)], capsys)
    assert f"refusing to write the {'journal' if option == '--journal' else 'report'} over" in err
    assert "it is an image" in err
    assert photo.read_bytes() == before


def test_a_photo_is_known_by_its_first_bytes_whatever_its_name(small, tmp_path, capsys) -> None:
    disguised = tmp_path / "holiday.dat"
    shutil.copy(small["other"], disguised)  # a PNG
    before = disguised.read_bytes()
    err = _refused(["scan", str(small["root"]), "--csv", str(disguised)], capsys)
    assert "it is an image" in err and disguised.read_bytes() == before


def test_the_cache_is_never_a_photo_nor_any_other_file(small, tmp_path, capsys) -> None:
    photo = small["photo"]
    before = photo.read_bytes()
    assert "it is an image" in _refused(["scan", str(small["root"]), "--cache", str(photo)], capsys)
    assert photo.read_bytes() == before
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    err = _refused(["scan", str(small["root"]), "--cache", str(notes)], capsys)
    assert "is not a hash cache (not an SQLite file)" in err
    assert notes.read_text() == "my notes"
    assert sorted(p.name for p in tmp_path.iterdir() if "corrupt" in p.name) == []


def test_an_existing_report_or_cache_is_still_fine(small, tmp_path: Path, capsys) -> None:
    report, cache = tmp_path / "r.json", tmp_path / "c.sqlite"
    report.write_text("{}")  # an earlier report: written over, as reports are
    assert main(["scan", str(small["root"]), "--json", str(report), "--cache", str(cache)]) == 0
    capsys.readouterr()
    assert main(["scan", str(small["root"]), "--json", str(report), "--cache", str(cache)]) == 0
    assert '"schema": 1' in report.read_text()
    stats = json.loads(report.read_text())["stats"]
    assert stats["hashed"] == 0 and stats["from_cache"] == 4  # all from the cache (bad.jpg too)
