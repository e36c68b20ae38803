"""The removal journal: durable JSON lines, exact round trip of any path, undo never overwrites."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import pytest
from tree_snapshot import snapshot

from dupviewer.engine import paths
from dupviewer.engine.journal import (
    Event,
    Journal,
    JournalEntry,
    Method,
    UndoStatus,
    last_removal,
    last_removal_records,
    move_no_clobber,
    now_iso,
    undo,
)


def entry(
    path: Path,
    method: Method = Method.RECOVERY_FOLDER,
    dest: Path | None = None,
    batch: str = "",
    time: str | None = None,
    event: Event = Event.REMOVED,
) -> JournalEntry:
    return JournalEntry(
        time or now_iso(), path, Path("/kept.jpg"), method, dest, 12, "ab" * 32, event, batch
    )


def test_default_location_is_the_data_folder():
    j = Journal()
    assert j.path == paths.data_dir() / "journal.jsonl"
    j.record(entry(Path("/x/a.jpg"), Method.TRASH))
    assert j.path.is_file()


def test_round_trip_of_every_field_and_awkward_names(tmp_path):
    j = Journal(tmp_path / "j.jsonl")
    weird = Path(os.fsdecode(b"/photos/caf\xe9 $(x); -n\n'\".jpg"))
    written = [
        entry(weird, Method.TRASH),
        entry(Path("/a.jpg"), Method.RECOVERY_FOLDER, Path("/r/a.jpg"), batch="b1"),
    ]
    for e in written:
        j.record(e)
    assert j.entries() == written
    lines = j.path.read_text(encoding="ascii").splitlines()
    assert len(lines) == 2  # a newline in a name never splits a record
    record = json.loads(lines[1])
    assert record == {
        "time": written[1].time,
        "batch": "b1",
        "event": "removed",
        "path": "/a.jpg",
        "kept": "/kept.jpg",
        "method": "recovery-folder",
        "destination": "/r/a.jpg",
        "size": 12,
        "digest": "ab" * 32,
    }
    assert os.fsencode(j.entries()[0].path) == b"/photos/caf\xe9 $(x); -n\n'\".jpg"


def test_the_last_removal_is_the_newest_batch_less_what_was_put_back(tmp_path):
    j = Journal(tmp_path / "j.jsonl")
    for name in ("a", "b"):
        j.record(entry(Path(f"/{name}.jpg"), Method.TRASH, batch="first"))
    assert last_removal(j.path) == [Path("/a.jpg"), Path("/b.jpg")]
    j.record(entry(Path("/c.jpg"), Method.TRASH, batch="second"))
    j.record(entry(Path("/d.jpg"), Method.RECOVERY_FOLDER, Path("/r/d.jpg"), batch="second"))
    j.record(entry(Path("/e.jpg"), Method.PERMANENT, batch="second"))  # cannot come back
    j.record(entry(Path("/c.jpg"), Method.TRASH, event=Event.RESTORED))
    assert last_removal(j.path) == [Path("/d.jpg")]
    assert last_removal(tmp_path / "none.jsonl") == []


@pytest.mark.parametrize("newest", [3, 3000])
def test_the_last_removal_of_a_long_journal_is_read_from_its_end(tmp_path, newest):
    """A journal holds every removal ever made; the app reads its end at start. The newest
    removal is found whole whether it fits in the first bytes read from the end or not."""
    j = Journal(tmp_path / "j.jsonl")
    lines = []
    for k in range(4000):  # older removals, 100 files each (~1 MB)
        e = entry(Path(f"/old/{k}.jpg"), Method.TRASH, batch=f"old {k // 100}#p")
        lines.append(e.to_json())
    for k in range(newest):
        lines.append(entry(Path(f"/new/{k}.jpg"), Method.TRASH, batch="new#p1").to_json())
    j.path.write_text("\n".join(lines) + "\n", encoding="ascii")
    assert last_removal(j.path) == sorted(Path(f"/new/{k}.jpg") for k in range(newest))


def test_a_removal_with_another_process_s_records_in_between_is_read_whole(tmp_path):
    """dupviewer-cli writes its removal while the app writes its own: the newest removal's
    records are split by the other's. Reading from the end must not stop in between."""

    def at(second: int) -> str:
        return f"2026-01-01T10:{second // 60:02d}:{second % 60:02d}.000+00:00"

    newest = f"{at(100)}-aaaaaa"  # ids begin with their start time (journal.new_batch)
    other = f"{at(90)}-bbbbbb"
    lines = [
        entry(Path(f"/old/{k}.jpg"), batch="old#p", time=at(10)).to_json() for k in range(3000)
    ]
    lines += [
        entry(Path(f"/new/{k}.jpg"), batch=f"{newest}#p", time=at(101)).to_json() for k in range(5)
    ]
    lines += [
        entry(Path(f"/cli/{k}.jpg"), batch=f"{other}#p", time=at(102)).to_json()
        for k in range(1500)
    ]
    lines.append(entry(Path("/new/last.jpg"), batch=f"{newest}#p", time=at(103)).to_json())
    j = Journal(tmp_path / "j.jsonl")
    j.path.write_text("\n".join(lines) + "\n", encoding="ascii")
    assert len(last_removal(j.path)) == 6


def test_an_old_journal_without_batches_groups_records_close_in_time(tmp_path):
    j = Journal(tmp_path / "j.jsonl")
    times = ["2025-01-01T10:00:00.000+00:00", "2025-01-01T12:00:00.000+00:00"]
    times += ["2025-01-01T12:01:00.000+00:00", "2025-01-01T12:02:30.000+00:00"]
    for k, time in enumerate(times):
        j.record(entry(Path(f"/{k}.jpg"), Method.TRASH, time=time))
    assert last_removal(j.path) == [Path("/1.jpg"), Path("/2.jpg"), Path("/3.jpg")]


def test_torn_or_foreign_lines_are_skipped(tmp_path):
    j = Journal(tmp_path / "j.jsonl")
    j.record(entry(Path("/a.jpg")))
    with open(j.path, "a") as f:
        f.write('{"time": "x", "path": \n')  # a torn write
        f.write('{"unrelated": 1}\n\n')
    j.record(entry(Path("/b.jpg")))
    assert [e.path for e in j.entries()] == [Path("/a.jpg"), Path("/b.jpg")]


def test_missing_journal_reads_as_empty(tmp_path):
    assert Journal(tmp_path / "none.jsonl").entries() == []
    assert undo(tmp_path / "none.jsonl").outcomes == ()


def test_undo_restores_recovery_moves_and_skips_trash_ones(tmp_path):
    photos, recovery = tmp_path / "photos", tmp_path / "recovery"
    photos.mkdir()
    original = snapshot(photos)
    moved = recovery / "sub" / "a.jpg"
    moved.parent.mkdir(parents=True)
    moved.write_bytes(b"photo")
    j = Journal(tmp_path / "j.jsonl")
    target = photos / "deep" / "a.jpg"  # its folder is gone too: undo recreates it
    j.record(entry(target, Method.RECOVERY_FOLDER, moved))
    j.record(entry(photos / "t.jpg", Method.TRASH))

    report = undo(j.path)

    assert [(o.path, o.status) for o in report.outcomes] == [
        (photos / "t.jpg", UndoStatus.SKIPPED),
        (target, UndoStatus.RESTORED),
    ]
    assert not report.complete
    assert target.read_bytes() == b"photo" and not moved.exists()
    expected = dict(original)
    expected.update({os.fsencode(target.parent): ("dir",), os.fsencode(target): ("file", b"photo")})
    assert snapshot(photos) == expected
    assert [e.event for e in j.entries()] == [Event.REMOVED, Event.REMOVED, Event.RESTORED]
    again = undo(j.path)
    assert again.restored == ()


def test_undo_only_selected_paths(tmp_path):
    j = Journal(tmp_path / "j.jsonl")
    for name in ("a", "b"):
        src = tmp_path / "rec" / f"{name}.jpg"
        src.parent.mkdir(exist_ok=True)
        src.write_bytes(name.encode())
        j.record(entry(tmp_path / "p" / f"{name}.jpg", Method.RECOVERY_FOLDER, src))
    report = undo(j.path, only=[tmp_path / "p" / "b.jpg"])
    assert [o.path.name for o in report.restored] == ["b.jpg"]
    assert (tmp_path / "rec" / "a.jpg").exists() and not (tmp_path / "p" / "a.jpg").exists()


def test_undo_never_overwrites_even_a_broken_symlink(tmp_path):
    src = tmp_path / "rec.jpg"
    src.write_bytes(b"old")
    dst = tmp_path / "a.jpg"
    dst.symlink_to(tmp_path / "nowhere")
    j = Journal(tmp_path / "j.jsonl")
    j.record(entry(dst, Method.RECOVERY_FOLDER, src))
    before = snapshot(tmp_path)
    report = undo(j.path)
    assert report.outcomes[0].status is UndoStatus.SKIPPED
    assert snapshot(tmp_path) == before


def test_move_no_clobber(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(b"a")
    b.write_bytes(b"b")
    with pytest.raises(FileExistsError):
        move_no_clobber(a, b)
    assert a.read_bytes() == b"a" and b.read_bytes() == b"b"
    move_no_clobber(a, tmp_path / "c")
    assert not a.exists() and (tmp_path / "c").read_bytes() == b"a"


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="a freedesktop trash")
def test_undo_puts_back_from_the_trash_only_the_same_bytes(tmp_path, isolated_home):
    """The real send2trash (in the temporary home): a trashed file comes back with its bytes
    checked against the journal's digest; a trashed file changed since, or one whose path is
    taken again, stays in the trash; a second undo finds nothing left to do."""
    import send2trash

    from dupviewer.engine.removal import file_digest

    photos = tmp_path / "photos"
    names = ("back.jpg", "sub/changed.jpg", "taken.jpg", "name with spaces & é.jpg")
    j = Journal(tmp_path / "j.jsonl")
    for k, name in enumerate(names):
        path = photos / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"photo %d" % k)
        digest = file_digest(path, 20)  # the scan's 20-byte digest
        send2trash.send2trash(str(path))
        j.record(JournalEntry(now_iso(), path, None, Method.TRASH, None, 7, digest))
    trash = isolated_home / ".local" / "share" / "Trash"
    (trash / "files" / "changed.jpg").write_bytes(b"edited in the trash")
    (photos / "taken.jpg").write_bytes(b"a new photo with the old name")

    report = undo(j.path)

    status = {o.path.name: o.status for o in report.outcomes}
    assert status == {
        "back.jpg": UndoStatus.RESTORED,
        "name with spaces & é.jpg": UndoStatus.RESTORED,
        "changed.jpg": UndoStatus.SKIPPED,
        "taken.jpg": UndoStatus.SKIPPED,
    }
    assert (photos / "back.jpg").read_bytes() == b"photo 0"
    assert (photos / "name with spaces & é.jpg").read_bytes() == b"photo 3"
    assert not (photos / "sub" / "changed.jpg").exists()
    assert (photos / "taken.jpg").read_bytes() == b"a new photo with the old name"
    left = sorted(p.name for p in (trash / "files").iterdir())
    assert left == ["changed.jpg", "taken.jpg"]  # given back: gone from the trash, info too
    assert sorted(p.name for p in (trash / "info").iterdir()) == [
        "changed.jpg.trashinfo",
        "taken.jpg.trashinfo",
    ]
    assert [e.event for e in j.entries()].count(Event.RESTORED) == 2
    assert undo(j.path).restored == ()
    # undone once: deleting the file again by hand (no journal) is the user's choice, kept
    send2trash.send2trash(str(photos / "back.jpg"))
    again = undo(j.path)
    assert again.restored == () and not (photos / "back.jpg").exists()
    assert sorted(o.path.name for o in again.outcomes) == ["changed.jpg", "taken.jpg"]


def test_undo_of_the_last_removal_s_records_leaves_older_removals_of_its_paths(tmp_path):
    """A path removed for good, copied back and removed again (to a recovery folder): the
    newest removal's records are the second ones only, and undo of those restores the file and
    reports nothing of the first."""
    j = Journal(tmp_path / "j.jsonl")
    photo = tmp_path / "p" / "a.jpg"
    j.record(entry(photo, Method.PERMANENT, batch="first#1"))
    moved = tmp_path / "rec" / "a.jpg"
    moved.parent.mkdir()
    moved.write_bytes(b"a")
    j.record(entry(photo, Method.RECOVERY_FOLDER, moved, batch="second#1"))

    records = last_removal_records(j.path)
    assert [(r.method, r.batch) for r in records] == [(Method.RECOVERY_FOLDER, "second#1")]
    report = undo(j.path, records=records)
    assert [(o.path, o.status, o.method) for o in report.outcomes] == [
        (photo, UndoStatus.RESTORED, Method.RECOVERY_FOLDER)
    ]
    assert photo.read_bytes() == b"a"
    assert undo(j.path, records=last_removal_records(j.path)).outcomes == ()  # done already
    assert last_removal_records(tmp_path / "none.jsonl") == []


def test_the_last_removal_s_records_include_permanent_ones_and_old_journals_by_time(tmp_path):
    j = Journal(tmp_path / "j.jsonl")
    early, late = "2024-01-01T10:00:00.000+00:00", "2024-01-01T12:00:00.000+00:00"
    j.record(entry(Path("/old.jpg"), Method.RECOVERY_FOLDER, Path("/r/old.jpg"), time=early))
    j.record(entry(Path("/x.jpg"), Method.PERMANENT, time=late))
    j.record(entry(Path("/y.jpg"), Method.TRASH, time=late))  # no batch: told apart by time
    records = last_removal_records(j.path)
    assert [(r.path, r.method) for r in records] == [
        (Path("/x.jpg"), Method.PERMANENT),
        (Path("/y.jpg"), Method.TRASH),
    ]
    skipped = undo(j.path, records=[r for r in records if r.method is Method.PERMANENT])
    assert [(o.path, o.status) for o in skipped.outcomes] == [(Path("/x.jpg"), UndoStatus.SKIPPED)]


def test_a_line_of_json_that_is_no_record_is_counted_not_a_crash(tmp_path):
    """QA round 9: `123` or `[1]` on a line (valid JSON, not an object) raised AttributeError
    out of undo instead of being counted as unreadable."""
    path = tmp_path / "journal.jsonl"
    path.write_text('123\n[1, 2]\n"text"\n', encoding="ascii")
    entries, unreadable = Journal(path).read()
    assert entries == [] and unreadable == 3
    assert not undo(path).outcomes


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.timeout(20)  # opening the pipe would wait forever for a writer
def test_a_journal_that_is_a_named_pipe_is_refused_not_waited_on(tmp_path):
    path = tmp_path / "journal.jsonl"
    os.mkfifo(path)
    journal = Journal(path)
    for call in (journal.check_writable, journal.read, lambda: journal.tail(1024)):
        with pytest.raises(OSError, match="not a regular file"):
            call()


def test_lines_that_break_the_parser_are_counted_not_a_crash(tmp_path):
    """QA round 10: an infinite size and deeply nested brackets raised OverflowError and
    RecursionError out of undo; the good record beside them is still put back."""
    path = tmp_path / "journal.jsonl"
    bad = [
        '{"time": "t", "path": "/x.jpg", "method": "trash", "size": 1e999, "event": "removed"}',
        '{"time": "t", "path": "/x.jpg", "method": "trash", "size": Infinity, "event": "removed"}',
        "[" * 100_000,
    ]
    path.write_text("\n".join(bad) + "\n", encoding="ascii")
    entries, unreadable = Journal(path).read()
    assert entries == [] and unreadable == 3


def test_the_trash_of_a_library_reached_through_a_link_is_on_the_link_s_target_drive(tmp_path):
    """QA round 11: ~/Pictures a link onto another drive: send2trash put the file in that
    drive's .Trash-<uid>, but undo looked for the volume top along the unresolved path (on the
    link's own drive) and said the file was "not in the trash any more"."""

    other = Path("/dev/shm")
    if not os.path.ismount(other) or os.stat(other).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("needs a second mounted drive (/dev/shm) apart from the temporary folder")
    target = Path(tempfile.mkdtemp(dir=other))
    try:
        (tmp_path / "Pictures").symlink_to(target)
        assert paths.mount_point(tmp_path / "Pictures" / "x" / "b.jpg") == other
    finally:
        target.rmdir()
