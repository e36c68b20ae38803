"""`journal.undo` of a name sent to the trash twice (removed, another copy put at its name,
removed again): the newest removal comes back, and the older copy, which cannot come back at
its name, is reported with where it still is in the trash, never passed over in silence."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dupviewer.engine.journal import (
    Journal,
    JournalEntry,
    Method,
    UndoStatus,
    last_removal_records,
    undo,
)
from dupviewer.engine.journal import now_iso as _now

pytestmark = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="a freedesktop trash")


def trash(journal: Journal, path: Path, content: bytes, batch: str) -> None:
    """Write `content` at `path` and send it to the (temporary home's) trash, journaled as a
    removal does it."""
    import send2trash

    from dupviewer.engine.removal import file_digest

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    digest = file_digest(path, 20)
    send2trash.send2trash(str(path))
    journal.record(
        JournalEntry(_now(), path, None, Method.TRASH, None, len(content), digest, batch=batch)
    )


def trashed(isolated_home: Path) -> dict[str, bytes]:
    files = isolated_home / ".local" / "share" / "Trash" / "files"
    return {p.name: p.read_bytes() for p in files.iterdir()} if files.is_dir() else {}


def test_the_older_copy_is_named_with_its_place_in_the_trash(tmp_path, isolated_home):
    j = Journal(tmp_path / "j.jsonl")
    photo = tmp_path / "b" / "0.jpg"
    trash(j, photo, b"content A", "first#1")
    trash(j, photo, b"content B", "second#1")
    [(a_name, _)] = [(n, c) for n, c in trashed(isolated_home).items() if c == b"content A"]
    a_file = isolated_home / ".local" / "share" / "Trash" / "files" / a_name

    report = undo(j.path)

    assert [(o.path, o.status) for o in report.outcomes] == [
        (photo, UndoStatus.RESTORED),
        (photo, UndoStatus.SKIPPED),
    ]
    older = report.outcomes[1]
    assert older.source == a_file and older.method is Method.TRASH
    assert older.detail == (
        "a later removal of the same name was put back there; "
        f"this copy is still in the trash as {a_file}"
    )
    assert not report.complete
    assert photo.read_bytes() == b"content B"
    assert trashed(isolated_home) == {a_name: b"content A"}

    # Again: the newest copy was put back already (not claimed again), the older still waits.
    again = undo(j.path)
    assert again.restored == ()
    assert [(o.path, o.status, o.source, o.detail) for o in again.outcomes] == [
        (photo, UndoStatus.SKIPPED, a_file, older.detail)
    ]

    # Fetched from the trash by hand: no longer said to be there, still not claimed as back.
    a_file.rename(tmp_path / "fetched.jpg")
    (a_file.parent.parent / "info" / f"{a_name}.trashinfo").unlink()
    honest = undo(j.path)
    assert [(o.path, o.status, o.source) for o in honest.outcomes] == [
        (photo, UndoStatus.SKIPPED, None)
    ]
    assert "still in the trash" not in honest.outcomes[0].detail
    assert honest.outcomes[0].detail.startswith("not in the trash any more")
    assert photo.read_bytes() == b"content B"


def test_when_the_newest_cannot_come_back_the_older_is_still_named(tmp_path, isolated_home):
    """The name is taken by a new file: neither copy comes back, each says why."""
    j = Journal(tmp_path / "j.jsonl")
    photo = tmp_path / "0.jpg"
    trash(j, photo, b"content A", "first#1")
    trash(j, photo, b"content B", "second#1")
    photo.write_bytes(b"a new photo")

    report = undo(j.path)

    assert [o.status for o in report.outcomes] == [UndoStatus.SKIPPED, UndoStatus.SKIPPED]
    newest, older = report.outcomes
    assert newest.detail == "something now exists at the original path"
    assert older.detail.startswith(
        "a later removal of the same name comes first, and it was not put back either; "
        "this copy is still in the trash as "
    )
    assert older.source is not None and older.source.read_bytes() == b"content A"
    assert newest.source is not None and newest.source.read_bytes() == b"content B"
    assert photo.read_bytes() == b"a new photo"


def test_the_same_bytes_trashed_twice_name_the_copy_left_not_the_one_put_back(
    tmp_path, isolated_home
):
    j = Journal(tmp_path / "j.jsonl")
    photo = tmp_path / "0.jpg"
    trash(j, photo, b"same", "first#1")
    trash(j, photo, b"same", "second#1")

    report = undo(j.path)

    assert [o.status for o in report.outcomes] == [UndoStatus.RESTORED, UndoStatus.SKIPPED]
    left = report.outcomes[1].source
    assert left is not None and left.exists() and left.read_bytes() == b"same"
    assert report.outcomes[0].source != left  # (that one was moved back)
    assert photo.read_bytes() == b"same"


def test_a_copy_put_back_and_removed_again_by_hand_stays_unsaid(tmp_path, isolated_home):
    """The undo of a removal pairs with that removal only: once it came back, the user's own
    later deletion is theirs, and nothing is reported of it."""
    import send2trash

    j = Journal(tmp_path / "j.jsonl")
    photo = tmp_path / "0.jpg"
    trash(j, photo, b"content A", "first#1")
    assert [o.status for o in undo(j.path).outcomes] == [UndoStatus.RESTORED]
    send2trash.send2trash(str(photo))  # no journal
    assert undo(j.path).outcomes == ()


def test_the_last_removal_alone_reports_nothing_of_the_older(tmp_path, isolated_home):
    j = Journal(tmp_path / "j.jsonl")
    photo = tmp_path / "0.jpg"
    trash(j, photo, b"content A", "first#1")
    trash(j, photo, b"content B", "second#1")

    report = undo(j.path, records=last_removal_records(j.path))

    assert [(o.path, o.status) for o in report.outcomes] == [(photo, UndoStatus.RESTORED)]
    assert report.complete and photo.read_bytes() == b"content B"
    assert undo(j.path, records=last_removal_records(j.path)).outcomes == ()
