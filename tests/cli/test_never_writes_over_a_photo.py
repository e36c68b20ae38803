"""Files the CLI writes (reports, the journal, the hash cache) never land on a photo.

QA: `scan --json photo.jpg` overwrote a photo it had just read, `dedupe --journal other.jpg`
appended to one, and `--cache photo.jpg` moved the photo aside as a "damaged cache" (a third run
deleted it). Each is now bad usage, before anything is scanned.
"""

from __future__ import annotations

import json
import os
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


@pytest.mark.parametrize("kind", ["psd", "ico", "ppm", "bigtiff"])
def test_images_dupviewer_does_not_read_are_photos_too(kind, small, tmp_path, capsys) -> None:
    """QA: a Photoshop file, an icon, a PPM, a BigTIFF without a name were written over."""
    from PIL import Image

    target = tmp_path / f"art.{kind}"
    if kind == "psd":
        target.write_bytes(b"8BPS\x00\x01" + bytes(100))  # Pillow reads PSD, cannot write it
    elif kind == "bigtiff":
        target = tmp_path / "scan_without_a_name"
        target.write_bytes(b"II+\x00\x08\x00\x00\x00" + bytes(100))
    else:
        Image.new("RGB", (32, 32), "teal").save(target, kind.upper())
        target = target.rename(tmp_path / "art_without_a_name")  # by its bytes, not its name
    before = target.read_bytes()
    for option in ("--json", "--csv", "--journal"):
        command = "dedupe" if option == "--journal" else "scan"
        assert "it is an image" in _refused(
            [command, str(small["root"]), option, str(target)], capsys
        )
    assert target.read_bytes() == before


def test_another_programs_database_is_never_the_cache(small, tmp_path, capsys) -> None:
    import sqlite3

    theirs = tmp_path / "their.db"
    conn = sqlite3.connect(theirs)
    conn.executescript(
        "CREATE TABLE entries (id INTEGER, title TEXT); INSERT INTO entries VALUES (1, 'x');"
    )
    conn.close()
    before = theirs.read_bytes()
    for command in (
        ["scan", str(small["root"])],
        ["find", str(small["query"]), "--in", str(small["root"])],
    ):
        err = _refused([*command, "--cache", str(theirs)], capsys)
        assert "another program's SQLite database" in err
    assert theirs.read_bytes() == before


def test_a_pipe_a_dash_or_a_folder_is_refused_before_the_scan(small, tmp_path, capsys) -> None:
    """QA: `--cache fifo` hung for good, `--journal -` wrote a file named "-", a --journal
    folder was found only after the whole scan."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert "must be a regular file" in _refused(
        ["scan", str(small["root"]), "--cache", str(fifo)], capsys
    )
    assert "must name a file" in _refused(["dedupe", str(small["root"]), "--journal", "-"], capsys)
    err = _refused(["dedupe", str(small["root"]), "--journal", str(tmp_path)], capsys)
    assert "must be a file, not a folder" in err
    assert not (Path.cwd() / "-").exists()


def test_the_journal_is_a_journal_and_a_report_no_database(small, tmp_path, capsys) -> None:
    """QA round 3: `--journal c.db` appended the removal records to the hash cache, whose next
    write buried them (`undo` found nothing); `--json c.db` replaced the cache."""
    cache = tmp_path / "c.db"
    assert main(["scan", str(small["root"]), "--cache", str(cache)]) == 0
    capsys.readouterr()
    before = cache.read_bytes()
    err = _refused(["dedupe", str(small["root"]), "--journal", str(cache)], capsys)
    assert "is not a dupviewer journal" in err
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    assert "is not a dupviewer journal" in _refused(
        ["dedupe", str(small["root"]), "--journal", str(notes)], capsys
    )
    assert "a database" in _refused(["scan", str(small["root"]), "--json", str(cache)], capsys)
    assert cache.read_bytes() == before and notes.read_text() == "my notes\n"
    journal = tmp_path / "removals.jsonl"  # a journal, new then existing: fine
    for _ in range(2):
        assert main(["dedupe", str(small["root"]), "--apply", "--journal", str(journal)]) == 0
    assert journal.read_text().startswith("{")


def test_an_empty_database_another_program_claimed_is_not_a_cache(small, tmp_path, capsys):
    import sqlite3

    claimed = tmp_path / "app.db"
    conn = sqlite3.connect(claimed)
    conn.execute("PRAGMA user_version = 42")
    conn.close()
    before = claimed.read_bytes()
    assert "not a dupviewer hash cache" in _refused(
        ["scan", str(small["root"]), "--cache", str(claimed)], capsys
    )
    assert claimed.read_bytes() == before


def test_a_camera_raw_file_is_known_by_its_first_bytes(small, tmp_path, capsys) -> None:
    raw = tmp_path / "PICT0001"
    raw.write_bytes(b"\x00MRM\x00\x00\x00\x10" + bytes(64))  # Minolta raw, without a name
    assert "it is an image" in _refused(["scan", str(small["root"]), "--json", str(raw)], capsys)


def test_the_journal_is_never_the_cache_nor_any_json_and_reports_spare_it(
    small, tmp_path, capsys
) -> None:
    """QA round 4: `--cache same.db --journal same.db` (both new) buried the journal in the
    cache; `scan --json journal.jsonl` replaced the journal; `--journal settings.json` appended
    records to another program's JSON."""
    same = tmp_path / "same.db"
    err = _refused(
        ["dedupe", str(small["root"]), "--cache", str(same), "--journal", str(same)], capsys
    )
    assert "the hash cache's file" in err
    err = _refused(["scan", str(small["root"]), "--cache", str(same), "--json", str(same)], capsys)
    assert "the hash cache's file" in err
    settings = tmp_path / "settings.json"
    settings.write_text('{ "editor.fontSize": 14 }\n')
    err = _refused(["dedupe", str(small["root"]), "--journal", str(settings)], capsys)
    assert "is not a dupviewer journal" in err
    journal = tmp_path / "j.jsonl"
    assert main(["dedupe", str(small["root"]), "--apply", "--journal", str(journal)]) == 0
    before = journal.read_bytes()
    err = _refused(["scan", str(small["root"]), "--json", str(journal)], capsys)
    assert "a dupviewer journal" in err and journal.read_bytes() == before
    assert settings.read_text() == '{ "editor.fontSize": 14 }\n' and not same.exists()
