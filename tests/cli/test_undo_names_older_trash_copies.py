"""QA's scenario, end to end: `dedupe --apply` trashes b/0.jpg (content A), another copy (content
B) is put at that name and `dedupe --apply` trashes it too. `undo` puts B back, and must not
say "0 could not be put back": A, still in the trash, is named with where it is, counted, and
the exit status is 1. `undo --last` takes the newest removal only and stays quiet about A."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from images import make_photo, save

from dupviewer.cli import main

pytestmark = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="a freedesktop trash")


@pytest.fixture
def twice_trashed(tmp_path: Path, isolated_home: Path, capsys) -> dict[str, Path]:
    """Two real removals into the temporary home's trash, of one name with two contents."""
    root = tmp_path / "lib"
    a = save(make_photo(41), root / "a" / "0.jpg", quality=90)
    b_photo = save(make_photo(42), root / "a" / "1.jpg", quality=90)
    name = root / "b" / "0.jpg"
    name.parent.mkdir()
    shutil.copy2(a, name)
    journal = tmp_path / "journal.jsonl"
    dedupe = [
        "dedupe",
        str(root),
        "--reference",
        str(root / "a"),  # the copies under b/ are the ones removed
        "--apply",
        "--journal",
        str(journal),
        "--workers",
        "1",
        "--no-cache",
    ]
    assert main(dedupe) == 0
    assert not name.exists()
    shutil.copy2(b_photo, name)  # `cp -p a/1.jpg b/0.jpg`
    assert main(dedupe) == 0
    assert not name.exists()
    capsys.readouterr()
    trash_files = isolated_home / ".local" / "share" / "Trash" / "files"
    [a_in_trash] = [p for p in trash_files.iterdir() if p.read_bytes() == a.read_bytes()]
    return {"a": a, "b": b_photo, "name": name, "journal": journal, "a_in_trash": a_in_trash}


def undo(journal: Path, capsys, *more: str) -> tuple[int, str]:
    status = main(["undo", "--journal", str(journal), *more])
    return status, capsys.readouterr().out


def test_undo_names_the_older_copy_left_in_the_trash(twice_trashed, capsys):
    t = twice_trashed
    status, out = undo(t["journal"], capsys)

    assert status == 1
    assert t["name"].read_bytes() == t["b"].read_bytes()  # the newest removal wins
    assert f"restored {t['name']}\n" in out
    assert (
        f"skipped  {t['name']}: a later removal of the same name was put back there; "
        f"this copy is still in the trash as {t['a_in_trash']}\n"
    ) in out
    assert out.endswith("restored 1 file(s); 1 could not be put back\n")
    assert t["a_in_trash"].read_bytes() == t["a"].read_bytes()

    # The second undo does not claim B again, and still names A.
    status, out = undo(t["journal"], capsys)
    assert status == 1
    assert f"restored {t['name']}" not in out
    assert f"this copy is still in the trash as {t['a_in_trash']}" in out
    assert out.endswith("restored 0 file(s); 1 could not be put back\n")

    # A fetched from the trash by hand: undo no longer says it is there, nor that it is back.
    fetched = t["name"].parent / "0 (older).jpg"
    os.rename(t["a_in_trash"], fetched)
    info = t["a_in_trash"].parent.parent / "info" / f"{t['a_in_trash'].name}.trashinfo"
    info.unlink()
    status, out = undo(t["journal"], capsys)
    assert status == 1
    assert "still in the trash" not in out
    assert (
        f"skipped  {t['name']}: not in the trash any more (emptied, restored, or changed "
        "there); a later removal of the same name was put back there\n"
    ) in out
    assert out.endswith("restored 0 file(s); 1 could not be put back\n")
    assert t["name"].read_bytes() == t["b"].read_bytes()


def test_undo_last_takes_the_newest_removal_only(twice_trashed, capsys):
    t = twice_trashed
    status, out = undo(t["journal"], capsys, "--last")

    assert status == 0
    assert out == f"restored {t['name']}\nrestored 1 file(s); 0 could not be put back\n"
    assert t["name"].read_bytes() == t["b"].read_bytes()
    assert t["a_in_trash"].exists()

    status, out = undo(t["journal"], capsys, "--last")
    assert status == 0
    assert "nothing of the last removal is left to put back" in out

    status, out = undo(t["journal"], capsys)  # all records: A is still named
    assert status == 1
    assert f"this copy is still in the trash as {t['a_in_trash']}" in out
    assert out.endswith("restored 0 file(s); 1 could not be put back\n")


def test_undo_after_the_older_copy_was_purged_by_hand_stays_honest(twice_trashed, capsys):
    t = twice_trashed
    info = t["a_in_trash"].parent.parent / "info" / f"{t['a_in_trash'].name}.trashinfo"
    t["a_in_trash"].unlink()
    info.unlink()

    status, out = undo(t["journal"], capsys)

    assert status == 1
    assert f"restored {t['name']}\n" in out
    assert "still in the trash" not in out
    assert f"skipped  {t['name']}: not in the trash any more" in out
    assert out.endswith("restored 1 file(s); 1 could not be put back\n")
    assert t["name"].read_bytes() == t["b"].read_bytes()
