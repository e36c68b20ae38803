"""The removal pipeline: every test compares the whole tree (every path and its content) before
and after, and the journal with the report.

Groups are built directly from real temporary files (os.stat + blake2b), so these tests do not
depend on the scanner. The trash is a fake folder in tmp_path, or the real send2trash pointed at
the temporary home by conftest.
"""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest
from send2trash import TrashPermissionError
from tree_snapshot import key, snapshot, without

from dupviewer.engine import paths
from dupviewer.engine.journal import (
    Event,
    Journal,
    JournalEntry,
    Method,
    last_removal,
    now_iso,
    removal_of,
    undo,
)
from dupviewer.engine.model import Fingerprint, Group, GroupKind, Member, Photo
from dupviewer.engine.removal import (
    Fallback,
    FallbackChoice,
    Reason,
    Status,
    Volume,
    file_digest,
    remove,
)

# -- helpers --------------------------------------------------------------------------------------


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def photo_of(path: Path, *, protected: bool = False, aliases: tuple[Path, ...] = ()) -> Photo:
    st = os.stat(path)
    return Photo(
        path=path,
        size=st.st_size,
        mtime_ns=st.st_mtime_ns,
        dev=st.st_dev,
        inode=st.st_ino,
        width=8,
        height=8,
        format="JPEG",
        fingerprint=Fingerprint(hash=0),
        digest=file_digest(path),
        aliases=aliases,
        in_reference_root=protected,
    )


def group_of(
    *paths: Path, kind: GroupKind = GroupKind.EXACT, protected: tuple[Path, ...] = ()
) -> Group:
    """A group whose first path is the reference (kept); the others are proposed for removal."""
    members = []
    for i, p in enumerate(paths):
        prot = p in protected
        match = (
            "reference" if i == 0 else ("identical bytes" if kind is GroupKind.EXACT else "similar")
        )
        members.append(
            Member(photo_of(p, protected=prot), 0 if i == 0 else 3, match, i == 0 or prot)
        )
    return Group(kind, tuple(members))


class FakeTrash:
    """Moves files into a folder; `behaviour[path]` makes one call raise or do nothing."""

    def __init__(self, folder: Path, behaviour: dict[str, str] | None = None) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.behaviour = behaviour or {}
        self.calls: list[str] = []
        self.moved: dict[str, Path] = {}

    def __call__(self, path: str) -> None:
        self.calls.append(path)
        how = self.behaviour.get(path)
        if how == "permission":
            raise TrashPermissionError(path)
        if how == "oserror":
            raise OSError(errno.EIO, "Input/output error", path)
        if how == "noop":
            return  # claims success, moves nothing
        if how == "crash":
            raise RuntimeError("trash backend bug")
        dest = self.folder / str(len(self.calls))
        os.rename(path, dest)
        self.moved[path] = dest


@pytest.fixture
def photos(tmp_path: Path) -> Path:
    root = tmp_path / "photos"
    root.mkdir()
    return root


@pytest.fixture
def trash(tmp_path: Path) -> FakeTrash:
    return FakeTrash(tmp_path / "fake-trash")


def journal_paths(path: Path | None = None) -> list[Path]:
    """Paths the journal says were removed (each also has its intent record before)."""
    return [e.path for e in Journal(path).entries() if e.event is Event.REMOVED]


def by_path(report) -> dict[Path, object]:
    return {o.path: o for o in report.outcomes}


def test_one_removal_is_one_batch_of_the_journal_and_a_second_pass_can_join_it(photos, trash):
    """`journal.last_removal` (the app's Put Back after a restart) relies on this: every record
    of one `remove` call shares its pass's batch; a second pass given the removal's id joins
    that removal; another removal is another batch."""
    first = [write(photos / f"a{k}.jpg", b"A" * (k + 1)) for k in range(3)]
    groups = [group_of(a, write(photos / f"{a.stem} copy.jpg", a.read_bytes())) for a in first]
    copies = [photos / f"a{k} copy.jpg" for k in range(3)]
    remove(groups[:2], copies[:2], trash=trash, batch="removal 1")
    batches = {e.batch for e in Journal().entries()}
    assert len(batches) == 1 and removal_of(batches.pop()) == "removal 1"
    assert last_removal() == copies[:2]
    remove(groups[2:], copies[2:], trash=trash, batch="removal 1")  # its second pass
    assert last_removal() == copies
    passes = {e.batch for e in Journal().entries()}
    assert len(passes) == 2 and {removal_of(b) for b in passes} == {"removal 1"}
    again = write(photos / "a0 copy.jpg", b"A")  # the copy came back; another removal
    remove([group_of(first[0], again)], [again], trash=trash)
    assert last_removal() == [again]


def no_trash(path: str) -> None:
    """A trash that fails the way a read-only drive's does (the file stays)."""
    raise OSError(errno.EROFS, "Read-only file system", path)


class FailingJournal(Journal):
    """A journal whose disk fills up: records of the given events fail with ENOSPC."""

    def __init__(self, path: Path, failing: set[Event]) -> None:
        super().__init__(path)
        self.failing = failing

    def record(self, entry) -> None:
        if entry.event in self.failing:
            raise OSError(errno.ENOSPC, "No space left on device")
        super().record(entry)


def test_no_file_is_touched_without_its_intent_in_the_journal(photos, trash, tmp_path):
    keep = write(photos / "keep.jpg", b"same")
    copy = write(photos / "copy.jpg", b"same")
    journal = FailingJournal(tmp_path / "j.jsonl", {Event.REMOVING})
    report = remove([group_of(keep, copy)], [copy], trash=trash, journal=journal)
    assert copy.read_bytes() == b"same" and trash.calls == []
    assert by_path(report)[copy].reason is Reason.JOURNAL_UNAVAILABLE
    assert not report.complete and "No space left" in report.journal_error


def test_a_journal_that_fails_after_the_move_is_reported_and_undo_still_finds_the_file(
    photos, tmp_path, isolated_home
):
    """The real trash: the 'removed' record cannot be written after the file went (the disk
    filled up in between). The outcome says so, the report is not complete, nothing more is
    moved, and undo puts the file back from its intent record."""
    import send2trash

    keep = write(photos / "keep.jpg", b"same bytes")
    first = write(photos / "first copy.jpg", b"same bytes")
    second = write(photos / "second copy.jpg", b"same bytes")
    journal = FailingJournal(tmp_path / "j.jsonl", {Event.REMOVED})
    report = remove(
        [group_of(keep, first, second)],
        [first, second],
        trash=send2trash.send2trash,
        journal=journal,
    )
    moved = by_path(report)[first]
    assert moved.status is Status.MOVED and not first.exists()
    assert "only its intent record was written" in moved.detail
    assert by_path(report)[second].reason is Reason.JOURNAL_UNAVAILABLE
    assert second.read_bytes() == b"same bytes"
    assert not report.complete and report.journal_error
    assert [e.event for e in Journal(journal.path).entries()] == [Event.REMOVING]
    assert last_removal(journal.path) == [first]
    undone = undo(journal.path)
    assert [o.path for o in undone.restored] == [first]
    assert first.read_bytes() == b"same bytes"
    assert last_removal(journal.path) == []  # the intent of a file that is back is not offered


def test_a_recovery_move_without_its_result_record_is_still_put_back(photos, tmp_path):
    """No trash on this drive, a recovery folder chosen, and the journal fills up right after
    the intent of the move: undo finds the file in the recovery folder its intent names."""
    keep = write(photos / "keep.jpg", b"same")
    copy = write(photos / "copy.jpg", b"same")

    journal = FailingJournal(tmp_path / "j.jsonl", {Event.REMOVED})
    report = remove(
        [group_of(keep, copy)],
        [copy],
        trash=no_trash,
        journal=journal,
        no_trash=FallbackChoice(Fallback.RECOVERY_FOLDER, recovery_folder=tmp_path / "recovery"),
    )
    (moved,) = report.moved
    assert moved.method is Method.RECOVERY_FOLDER and not copy.exists()
    intents = [(e.method, e.destination) for e in Journal(journal.path).entries()]
    assert intents == [(Method.TRASH, None), (Method.RECOVERY_FOLDER, moved.destination)]
    assert last_removal(journal.path) == [copy]
    assert [o.path for o in undo(journal.path).restored] == [copy]
    assert copy.read_bytes() == b"same"


def test_an_unrecorded_move_of_a_first_pass_is_not_hidden_by_a_second_pass(photos, tmp_path):
    """The app's two passes share the removal's id. A file moved in the first pass whose result
    could not be journaled stays visible to undo even if a second pass ran after it."""
    keep = write(photos / "keep.jpg", b"same")
    first = write(photos / "first.jpg", b"same")
    second = write(photos / "second.jpg", b"same")
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    failing = FailingJournal(tmp_path / "j.jsonl", {Event.REMOVED})
    one, two = group_of(keep, first), group_of(keep, second)
    remove([one], [first], trash=FakeTrash(bin_folder), journal=failing, batch="removal")
    remove([two], [second], trash=FakeTrash(bin_folder), journal=failing.path, batch="removal")
    assert not first.exists() and not second.exists()
    assert last_removal(failing.path) == [first, second]


def test_a_torn_record_does_not_swallow_the_next_one(tmp_path):
    j = Journal(tmp_path / "j.jsonl")
    j.path.write_text('{"time": "2025-01-01T00:00:00+00:00", "event": "remo')  # a full disk
    entry = JournalEntry(now_iso(), Path("/a.jpg"), None, Method.TRASH, None, 1, "ab", batch="b")
    j.record(entry)
    assert j.entries() == [entry]


def test_an_unreadable_journal_is_an_error_for_last_removal(tmp_path):
    (tmp_path / "j.jsonl").mkdir()  # a folder where the file should be
    with pytest.raises(OSError):
        last_removal(tmp_path / "j.jsonl")
    assert last_removal(tmp_path / "missing.jsonl") == []


def test_intents_of_files_left_in_place_are_not_undone(photos, trash, tmp_path):
    keep = write(photos / "keep.jpg", b"same")
    copy = write(photos / "copy.jpg", b"same")
    trash.behaviour[str(copy)] = "permission"  # no trash here: skipped (the default)
    report = remove([group_of(keep, copy)], [copy], trash=trash, journal=tmp_path / "j.jsonl")
    assert by_path(report)[copy].reason is Reason.NO_TRASH and copy.exists()
    # the intent is closed by a "kept" record: QA round 11 deleted the file by hand later, and
    # undo took the lone intent for a removal ("not in the trash any more", on every run)
    assert [e.event for e in Journal(tmp_path / "j.jsonl").entries()] == [
        Event.REMOVING,
        Event.KEPT,
    ]
    assert last_removal(tmp_path / "j.jsonl") == []
    assert undo(tmp_path / "j.jsonl").outcomes == ()
    copy.unlink()
    assert last_removal(tmp_path / "j.jsonl") == []
    assert undo(tmp_path / "j.jsonl").outcomes == ()


# -- the last copy stays -------------------------------------------------------------------------


def test_marking_every_member_keeps_the_reference(photos, trash):
    a, b, c = (write(photos / n, b"same bytes") for n in ("a.jpg", "b.jpg", "c.jpg"))
    g = group_of(a, b, c)
    before = snapshot(photos)

    report = remove([g], [a, b, c], trash=trash)

    out = by_path(report)
    assert out[a].status is Status.SKIPPED and out[a].reason is Reason.LAST_COPY
    assert out[b].status is Status.MOVED and out[c].status is Status.MOVED
    assert out[b].method is Method.TRASH and out[b].kept == a
    assert snapshot(photos) == without(before, b, c)
    assert report.remaining == (a,)
    assert journal_paths() == [b, c]
    assert Journal().path == paths.data_dir() / "journal.jsonl"
    assert {Path(p) for p in trash.calls} == {b, c}


def test_every_member_marked_with_the_reference_first_unmarked_elsewhere(photos, trash):
    # Marks given in another order and with duplicates: still one outcome per path, one kept.
    a, b = (write(photos / n, b"x" * 10) for n in ("a.jpg", "b.jpg"))
    g = group_of(a, b)
    before = snapshot(photos)
    report = remove([g], [b, a, b], trash=trash)
    assert [o.path for o in report.outcomes] == [b, a]
    assert by_path(report)[a].reason is Reason.LAST_COPY
    assert snapshot(photos) == without(before, b)


def test_protected_root_holding_the_only_copies(photos, trash, tmp_path):
    ref_root = tmp_path / "reference"
    a = write(ref_root / "a.jpg", b"only copy")
    b = write(ref_root / "sub" / "b.jpg", b"only copy")
    g = group_of(a, b, protected=(a, b))
    before = snapshot(ref_root)

    report = remove([g], [a, b], trash=trash)

    assert {o.reason for o in report.outcomes} == {Reason.PROTECTED}
    assert snapshot(ref_root) == before
    assert trash.calls == [] and journal_paths() == []


def test_protected_roots_argument_guards_even_without_the_flag(photos, trash, tmp_path):
    ref_root = tmp_path / "reference"
    keeper = write(photos / "keep.jpg", b"data")
    copy = write(ref_root / "copy.jpg", b"data")
    g = group_of(keeper, copy)  # the flag is not set on `copy`
    before = snapshot(photos, ref_root)
    report = remove([g], [copy], trash=trash, protected_roots=[ref_root])
    assert report.outcomes[0].reason is Reason.PROTECTED
    assert snapshot(photos, ref_root) == before


def test_path_in_no_group_is_never_removed(photos, trash):
    stray = write(photos / "stray.jpg", b"stray")
    before = snapshot(photos)
    report = remove([], [stray], trash=trash)
    assert report.outcomes[0].reason is Reason.NOT_IN_GROUP
    assert snapshot(photos) == before and trash.calls == []


# -- a stale scan --------------------------------------------------------------------------------


def test_keeper_removed_after_the_scan(photos, trash):
    a, b = (write(photos / n, b"pixels") for n in ("a.jpg", "b.jpg"))
    g = group_of(a, b)
    a.unlink()
    before = snapshot(photos)
    report = remove([g], [b], trash=trash)
    assert report.outcomes[0].reason is Reason.KEEPER_MISSING
    assert snapshot(photos) == before and trash.calls == []


def test_keeper_edited_after_the_scan_same_size_and_time(photos, trash):
    a, b = (write(photos / n, b"pixels-1") for n in ("a.jpg", "b.jpg"))
    g = group_of(a, b)
    st = os.stat(a)
    a.write_bytes(b"pixels-2")  # same size
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns))
    before = snapshot(photos)
    report = remove([g], [b], trash=trash)
    assert report.outcomes[0].reason is Reason.KEEPER_CHANGED
    assert snapshot(photos) == before and trash.calls == []


def test_a_kept_copy_replaced_by_a_folder_is_said_to_be_a_folder(photos, trash):
    """Not "size is 4096 bytes": the user is told what the kept copy has become."""
    a, b = (write(photos / n, b"pixels-1") for n in ("a.jpg", "b.jpg"))
    g = group_of(a, b)
    a.unlink()
    a.mkdir()
    report = remove([g], [b], trash=trash)
    outcome = report.outcomes[0]
    assert outcome.reason is Reason.KEEPER_CHANGED
    assert "it is a folder now, not a file" in outcome.detail
    assert b.read_bytes() == b"pixels-1" and trash.calls == []


def test_a_changed_kept_copy_is_reported_stale_under_its_own_path(photos, trash):
    """The reference stays as scanned, a second kept copy (protected) was edited in place: the
    report names that copy, so its cache row (not the reference's) is dropped."""
    ref, other, target = (write(photos / n, b"pixels-1") for n in ("a.jpg", "p.jpg", "t.jpg"))
    g = group_of(ref, other, target, protected=(other,))
    st = os.stat(other)
    other.write_bytes(b"pixels-2")
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    report = remove([g], [target], trash=trash)
    assert report.outcomes[0].reason is Reason.KEEPER_CHANGED
    assert report.outcomes[0].kept == other and report.stale == (other,)


def test_a_recovery_folder_that_holds_the_photos_is_refused(photos, tmp_path):
    """Its marker would hide the library from every later scan."""
    keep = write(photos / "keep.jpg", b"same")
    copy = write(photos / "2023" / "copy.jpg", b"same")

    report = remove(
        [group_of(keep, copy)],
        [copy],
        trash=no_trash,
        journal=tmp_path / "j.jsonl",
        no_trash=FallbackChoice(Fallback.RECOVERY_FOLDER, recovery_folder=photos),
    )
    assert report.outcomes[0].reason is Reason.RECOVERY_UNUSABLE and copy.is_file()
    assert not (photos / ".dupviewer-recovery").exists()


def test_a_recovery_folder_must_be_empty_or_one_made_before(photos, tmp_path):
    """Another folder of photos would be hidden from every later scan by the marker; a folder
    dupviewer made (it holds the marker) is used again."""
    other = tmp_path / "other album"
    write(other / "holiday.jpg", b"someone's photo")

    def remove_to(folder, name):
        keep = write(photos / f"keep {name}.jpg", name.encode())
        copy = write(photos / f"{name}.jpg", name.encode())
        choice = FallbackChoice(Fallback.RECOVERY_FOLDER, recovery_folder=folder)
        report = remove(
            [group_of(keep, copy)],
            [copy],
            trash=no_trash,
            journal=tmp_path / "j.jsonl",
            no_trash=choice,
        )
        return report.outcomes[0]

    refused = remove_to(other, "a")
    assert refused.reason is Reason.RECOVERY_UNUSABLE and "holds other files" in refused.detail
    assert not (other / ".dupviewer-recovery").exists()
    assert remove_to(tmp_path / "recovery", "b").status is Status.MOVED
    assert remove_to(tmp_path / "recovery", "c").status is Status.MOVED  # marked: ours


def test_a_permanent_deletion_without_its_result_record_is_not_called_undoable(photos, tmp_path):
    keep = write(photos / "keep.jpg", b"same")
    copy = write(photos / "copy.jpg", b"same")

    report = remove(
        [group_of(keep, copy)],
        [copy],
        trash=no_trash,
        journal=FailingJournal(tmp_path / "j.jsonl", {Event.REMOVED}),
        no_trash=FallbackChoice(Fallback.PERMANENT, confirmed=True),
    )
    (gone,) = report.moved
    assert "deleted for good" in gone.detail and "undo" not in gone.detail


def test_keeper_of_a_similar_group_resized_after_the_scan(photos, trash):
    a = write(photos / "a.jpg", b"big version")
    b = write(photos / "b.jpg", b"small")
    g = group_of(a, b, kind=GroupKind.SIMILAR)
    a.write_bytes(b"edited to another size")
    before = snapshot(photos)
    report = remove([g], [b], trash=trash)
    assert report.outcomes[0].reason is Reason.KEEPER_CHANGED
    assert snapshot(photos) == before


def rewrite_keeping_size_and_time(path: Path, data: bytes) -> None:
    """Overwrite `path` in place with `data` (same length) and put its times back."""
    st = os.stat(path)
    assert len(data) == st.st_size
    path.write_bytes(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_keeper_of_a_similar_group_rewritten_with_same_size_and_time(photos, trash):
    """QA: the keeper of a group of look-alikes overwritten in place (size and time put back)
    let its last intact look-alike go to the trash; its content is now read in every group."""
    a = write(photos / "a.jpg", b"the kept copy")
    b = write(photos / "b.jpg", b"small copy")
    c = write(photos / "c.png", b"png copy")
    g = group_of(a, b, c, kind=GroupKind.SIMILAR)
    rewrite_keeping_size_and_time(a, b"\0" * len(b"the kept copy"))
    before = snapshot(photos)
    report = remove([g], [b, c], trash=trash)
    assert [o.reason for o in report.outcomes] == [Reason.KEEPER_CHANGED] * 2
    assert report.stale == (a,)
    assert snapshot(photos) == before and trash.calls == []


def test_a_big_marked_file_of_a_similar_group_is_read_too(photos, trash):
    """QA: files of 16 MiB and more were trusted on size and time, so a 20 MB TIFF replaced
    in place by another photo (time put back) went to the trash as a copy."""
    a = write(photos / "a.jpg", b"reference")
    big = write(photos / "copy.tif", b"\1" * (17 * 1024 * 1024))
    g = group_of(a, big, kind=GroupKind.SIMILAR)
    rewrite_keeping_size_and_time(big, b"\2" * (17 * 1024 * 1024))
    report = remove([g], [big], trash=trash)
    assert report.outcomes[0].reason is Reason.CONTENT_CHANGED
    assert big.exists() and trash.calls == []


def test_a_keeper_rewritten_between_two_removals_stops_the_rest(photos, tmp_path):
    """The kept copy is checked again before every file by its stat, change time included: a
    rewrite with its size and modification time put back is still seen."""
    a, b, c = (write(photos / n, b"same bytes") for n in ("a.jpg", "b.jpg", "c.jpg"))
    g = group_of(a, b, c)
    inner = FakeTrash(tmp_path / "fake-trash")

    def trash_then_touch_keeper(path: str) -> None:
        inner(path)
        rewrite_keeping_size_and_time(a, b"same bytes")  # even the same bytes: ctime moved

    report = remove([g], [b, c], trash=trash_then_touch_keeper)
    out = by_path(report)
    assert out[b].status is Status.MOVED
    assert out[c].reason is Reason.KEEPER_CHANGED and c.exists()


def test_a_hard_linked_copy_frees_no_space_and_says_so(photos, trash, tmp_path):
    """QA: trashing one name of a file with another name outside the group was reported as
    freeing its size; the bytes stay while the other name does."""
    a = write(photos / "a.jpg", b"keeper bytes")
    b = write(photos / "b.jpg", b"copy bytes")
    os.link(b, tmp_path / "elsewhere.jpg")
    c = write(photos / "c.jpg", b"copy bytes")
    g = group_of(a, b, c, kind=GroupKind.SIMILAR)
    report = remove([g], [b, c], trash=trash)
    out = by_path(report)
    assert out[b].status is Status.MOVED and out[c].status is Status.MOVED
    assert out[b].freed == 0 and "1 other name (hard links)" in out[b].detail
    assert out[c].freed == out[c].size == len(b"copy bytes") and out[c].detail == ""
    assert report.freed == out[c].size
    assert [o for o in report.moved if o.freed < o.size] == [out[b]]


def test_marked_file_edited_with_same_size_and_restored_mtime(photos, trash):
    a = write(photos / "a.jpg", b"AAAA-original")
    b = write(photos / "b.jpg", b"AAAA-original")
    c = write(photos / "c.jpg", b"AAAA-original")
    g = group_of(a, b, c)
    st = os.stat(b)
    b.write_bytes(b"AAAA-edited!!")  # a crop, a retouch: same size by accident
    os.utime(b, ns=(st.st_atime_ns, st.st_mtime_ns))
    before = snapshot(photos)

    report = remove([g], [b, c], trash=trash)

    out = by_path(report)
    assert out[b].status is Status.SKIPPED and out[b].reason is Reason.CONTENT_CHANGED
    assert out[c].status is Status.MOVED
    assert snapshot(photos) == without(before, c)
    assert report.remaining == (b,)


def test_marked_file_of_a_similar_group_edited_same_size_is_caught_by_digest(photos, trash):
    a = write(photos / "a.jpg", b"reference photo")
    b = write(photos / "b.jpg", b"resized")
    g = group_of(a, b, kind=GroupKind.SIMILAR)
    st = os.stat(b)
    b.write_bytes(b"RESIZED")
    os.utime(b, ns=(st.st_atime_ns, st.st_mtime_ns))
    before = snapshot(photos)
    report = remove([g], [b], trash=trash)
    assert report.outcomes[0].reason is Reason.CONTENT_CHANGED
    assert snapshot(photos) == before


def test_marked_file_touched_or_replaced(photos, trash):
    a, b, c = (write(photos / n, b"bytes") for n in ("a.jpg", "b.jpg", "c.jpg"))
    g = group_of(a, b, c)
    os.utime(b, ns=(1, 1))  # only the time changed
    write(photos / "c.new", b"bytes")
    os.replace(photos / "c.new", c)  # same bytes, a new file (as an atomic save makes)
    st = os.stat(c)
    os.utime(c, ns=(st.st_atime_ns, g.members[2].photo.mtime_ns))
    before = snapshot(photos)
    report = remove([g], [b, c], trash=trash)
    assert [o.reason for o in report.outcomes] == [Reason.CHANGED, Reason.CHANGED]
    assert snapshot(photos) == before


def test_marked_path_now_a_symlink_or_gone(photos, trash):
    a, b, c = (write(photos / n, b"bytes") for n in ("a.jpg", "b.jpg", "c.jpg"))
    g = group_of(a, b, c)
    b.unlink()
    b.symlink_to(a)
    c.unlink()
    before = snapshot(photos)
    report = remove([g], [b, c], trash=trash)
    assert [o.reason for o in report.outcomes] == [Reason.NOT_A_FILE, Reason.VANISHED]
    assert snapshot(photos) == before and trash.calls == []


# -- one file, two paths -------------------------------------------------------------------------


def test_same_file_through_a_symlinked_folder(photos, trash):
    real = write(photos / "real" / "a.jpg", b"one physical file")
    (photos / "link").symlink_to(photos / "real", target_is_directory=True)
    via_link = photos / "link" / "a.jpg"
    g = group_of(real, via_link)
    before = snapshot(photos)
    report = remove([g], [via_link], trash=trash)
    assert report.outcomes[0].reason is Reason.SAME_FILE
    assert snapshot(photos) == before and trash.calls == []


def test_same_file_through_a_hard_link(photos, trash):
    a = write(photos / "a.jpg", b"linked")
    b = photos / "b.jpg"
    os.link(a, b)
    g = group_of(a, b)
    before = snapshot(photos)
    report = remove([g], [b], trash=trash)
    assert report.outcomes[0].reason is Reason.SAME_FILE
    assert snapshot(photos) == before and trash.calls == []


def test_same_file_when_a_root_is_added_twice(photos, trash):
    a = write(photos / "a.jpg", b"one file")
    twice = photos.parent / photos.name / ".." / photos.name / "a.jpg"  # same root, other spelling
    assert twice != a
    g = group_of(a, twice)
    before = snapshot(photos)
    report = remove([g], [twice], trash=trash)
    assert report.outcomes[0].reason is Reason.SAME_FILE
    assert snapshot(photos) == before and trash.calls == []


def test_same_file_as_a_kept_alias_in_another_group(photos, trash):
    # The kept copy of group 1 is reached (as an alias) by a marked member of group 2.
    k = write(photos / "k.jpg", b"kept")
    alias = photos / "alias.jpg"
    os.link(k, alias)
    other = write(photos / "other.jpg", b"kept")
    g1 = Group(GroupKind.EXACT, (Member(photo_of(k, aliases=(alias,)), 0, "reference", True),))
    g2 = group_of(other, alias)
    before = snapshot(photos)
    report = remove([g1, g2], [alias], trash=trash)
    assert report.outcomes[0].reason is Reason.SAME_FILE
    assert snapshot(photos) == before


# -- the trash misbehaves ------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["permission", "oserror"])
def test_volume_without_trash_skips_by_default(photos, trash, how):
    a, b, c = (write(photos / n, b"copy") for n in ("a.jpg", "b.jpg", "c.jpg"))
    g = group_of(a, b, c)
    trash.behaviour = {str(b): how, str(c): how}
    before = snapshot(photos)

    report = remove([g], [b, c], trash=trash)

    assert [o.reason for o in report.outcomes] == [Reason.NO_TRASH, Reason.NO_TRASH]
    assert [v.dev for v in report.volumes_without_trash] == [os.stat(b).st_dev]
    assert report.volumes_without_trash[0].mount_point.is_dir()
    assert snapshot(photos) == before and journal_paths() == []
    assert report.remaining == (b, c)


def test_trash_returning_without_moving_is_a_failure(photos, trash):
    a, b, c = (write(photos / n, b"copy") for n in ("a.jpg", "b.jpg", "c.jpg"))
    g = group_of(a, b, c)
    trash.behaviour = {str(b): "noop"}
    before = snapshot(photos)
    report = remove([g], [b, c], trash=trash)
    out = by_path(report)
    assert out[b].status is Status.FAILED and out[b].reason is Reason.STILL_PRESENT
    assert out[c].status is Status.MOVED
    assert snapshot(photos) == without(before, c)
    assert journal_paths() == [c]


def test_a_crashing_trash_function_fails_one_file_only(photos, trash):
    a, b, c = (write(photos / n, b"copy") for n in ("a.jpg", "b.jpg", "c.jpg"))
    trash.behaviour = {str(b): "crash"}
    before = snapshot(photos)
    report = remove([group_of(a, b, c)], [b, c], trash=trash)
    assert [o.status for o in report.outcomes] == [Status.FAILED, Status.MOVED]
    assert snapshot(photos) == without(before, c)


def test_recovery_folder_then_undo(photos, trash, tmp_path):
    a = write(photos / "2020" / "a.jpg", b"photo one")
    b = write(photos / "copies" / "a.jpg", b"photo one")
    c = write(photos / "copies" / "c.jpg", b"photo one")
    g = group_of(a, b, c)
    trash.behaviour = {str(b): "permission", str(c): "permission"}
    recovery = tmp_path / "recovery"
    asked: list[Volume] = []

    def ask(volume: Volume) -> FallbackChoice:
        asked.append(volume)
        return FallbackChoice(Fallback.RECOVERY_FOLDER, recovery_folder=recovery)

    before = snapshot(photos)
    report = remove([g], [b, c], trash=trash, no_trash=ask)

    assert len(asked) == 1  # once per volume, not per file
    assert [o.status for o in report.outcomes] == [Status.MOVED, Status.MOVED]
    assert {o.method for o in report.outcomes} == {Method.RECOVERY_FOLDER}
    dest = {o.path: o.destination for o in report.outcomes}
    mount = asked[0].mount_point
    assert dest[b] == recovery / Path(os.path.realpath(b)).relative_to(mount)
    assert dest[b].read_bytes() == b"photo one" and dest[c].read_bytes() == b"photo one"
    assert snapshot(photos) == without(before, b, c)
    entries = [e for e in Journal().entries() if e.event is Event.REMOVED]
    assert [(e.path, e.method, e.destination, e.kept) for e in entries] == [
        (b, Method.RECOVERY_FOLDER, dest[b], a),
        (c, Method.RECOVERY_FOLDER, dest[c], a),
    ]

    # Something now sits at c's original path: undo restores b only, never overwrites.
    write(c, b"new file")
    result = undo()
    assert {o.path: o.status.value for o in result.outcomes} == {b: "restored", c: "skipped"}
    expected = dict(before)
    expected[key(c)] = ("file", b"new file")
    assert snapshot(photos) == expected
    assert dest[c].read_bytes() == b"photo one"  # still recoverable by hand
    assert undo().restored == ()  # a second undo has nothing left to do


def test_recovery_folder_on_another_volume_is_refused(photos, trash, tmp_path, monkeypatch):
    a, b = (write(photos / n, b"copy") for n in ("a.jpg", "b.jpg"))
    g = group_of(a, b)
    trash.behaviour = {str(b): "oserror"}
    recovery = tmp_path / "elsewhere"
    real_stat = os.stat

    def stat_on_other_dev(p, *args, **kwargs):
        st = real_stat(p, *args, **kwargs)
        if os.fsdecode(p) == str(recovery):  # pretend the recovery folder is another volume
            return os.stat_result((st.st_mode, st.st_ino, st.st_dev + 1, *tuple(st)[3:]))
        return st

    monkeypatch.setattr(os, "stat", stat_on_other_dev)
    before = snapshot(photos)
    report = remove(
        [g],
        [b],
        trash=trash,
        no_trash=FallbackChoice(Fallback.RECOVERY_FOLDER, recovery_folder=recovery),
    )
    assert report.outcomes[0].reason is Reason.RECOVERY_UNUSABLE
    assert snapshot(photos) == before


def test_a_recovery_folder_on_another_volume_is_not_made(photos, trash, tmp_path, monkeypatch):
    """QA: the folder and its marker were made before the volume was checked, so a refused
    recovery folder stayed behind (and later scans skipped it)."""
    a, b = (write(photos / n, b"copy") for n in ("a.jpg", "b.jpg"))
    g = group_of(a, b)
    trash.behaviour = {str(b): "oserror"}
    other_volume = tmp_path / "other-volume"
    other_volume.mkdir()
    real_stat = os.stat

    def stat_on_other_dev(p, *args, **kwargs):
        st = real_stat(p, *args, **kwargs)
        if os.fsdecode(p) == str(other_volume):
            return os.stat_result((st.st_mode, st.st_ino, st.st_dev + 1, *tuple(st)[3:]))
        return st

    monkeypatch.setattr(os, "stat", stat_on_other_dev)
    choice = FallbackChoice(Fallback.RECOVERY_FOLDER, recovery_folder=other_volume / "rec")
    report = remove([g], [b], trash=trash, no_trash=choice)
    assert report.outcomes[0].reason is Reason.RECOVERY_UNUSABLE
    assert "another volume" in report.outcomes[0].detail
    assert b.exists() and list(other_volume.iterdir()) == []


def test_a_folder_that_lets_no_file_leave_is_not_called_a_volume_without_trash(
    photos, trash, monkeypatch
):
    """QA: a duplicate in a read-only folder was reported as "no usable trash on /" with advice
    to use a recovery folder or delete permanently, which fail the same way."""
    a, b = (write(photos / n, b"copy") for n in ("a.jpg", "b.jpg"))
    g = group_of(a, b)
    trash.behaviour = {str(b): "permission"}
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: p != b.parent and real_access(p, mode, **kw)
    )
    asked = []
    report = remove([g], [b], trash=trash, no_trash=lambda volume: asked.append(volume))
    out = report.outcomes[0]
    assert out.status is Status.FAILED and out.reason is Reason.TRASH_ERROR
    assert "does not let files leave it" in out.detail
    assert asked == [] and report.volumes_without_trash == () and b.exists()


@pytest.mark.skipif(not hasattr(os, "statvfs"), reason="no statvfs here")
def test_a_read_only_volume_is_said_as_such(photos, monkeypatch):
    a, b = (write(photos / n, b"copy") for n in ("a.jpg", "b.jpg"))
    g = group_of(a, b)
    real_statvfs = os.statvfs

    class ReadOnly:
        def __init__(self, real: os.statvfs_result) -> None:
            self.f_flag = real.f_flag | os.ST_RDONLY

    monkeypatch.setattr(
        os, "statvfs", lambda p: ReadOnly(real_statvfs(p)) if p == b.parent else real_statvfs(p)
    )
    report = remove([g], [b], trash=no_trash)
    out = report.outcomes[0]
    assert out.status is Status.FAILED and "read-only" in out.detail
    assert report.volumes_without_trash == () and b.exists()


def test_permanent_needs_confirmation(photos, trash):
    a, b = (write(photos / n, b"copy") for n in ("a.jpg", "b.jpg"))
    trash.behaviour = {str(b): "permission"}
    before = snapshot(photos)
    report = remove([group_of(a, b)], [b], trash=trash, no_trash=FallbackChoice(Fallback.PERMANENT))
    assert report.outcomes[0].reason is Reason.NOT_CONFIRMED
    assert snapshot(photos) == before

    report = remove(
        [group_of(a, b)],
        [b],
        trash=trash,
        no_trash=FallbackChoice(Fallback.PERMANENT, confirmed=True),
    )
    assert report.outcomes[0].status is Status.MOVED
    assert report.outcomes[0].method is Method.PERMANENT
    assert snapshot(photos) == without(before, b)
    removed = [e for e in Journal().entries() if e.event is Event.REMOVED]
    assert [(e.path, e.method) for e in removed] == [(b, Method.PERMANENT)]


# -- batches, cancel, journal --------------------------------------------------------------------


def test_thousand_files_with_failures_first_middle_last(photos, trash, tmp_path):
    groups, marked = [], []
    for i in range(1000):
        data = b"%d" % i
        keep = write(photos / f"k{i:04d}.jpg", data)
        copy = write(photos / f"c{i:04d}.jpg", data)
        groups.append(group_of(keep, copy))
        marked.append(copy)
    first, middle, last = marked[0], marked[500], marked[-1]
    trash.behaviour = {str(first): "noop", str(middle): "crash", str(last): "oserror"}
    journal_file = tmp_path / "j.jsonl"
    before = snapshot(photos)
    seen_progress: list[int] = []

    report = remove(
        groups,
        marked,
        trash=trash,
        journal=journal_file,
        progress=lambda done, total, path: seen_progress.append(done),
    )

    assert [o.path for o in report.outcomes] == marked
    assert set(report.remaining) == {first, middle, last}
    assert by_path(report)[first].status is Status.FAILED
    assert by_path(report)[middle].status is Status.FAILED
    assert by_path(report)[last].reason is Reason.NO_TRASH
    moved = [o.path for o in report.moved]
    assert len(moved) == 997
    assert journal_paths(journal_file) == moved  # same files, same order
    assert snapshot(photos) == without(before, *moved)
    assert {Path(p): d.read_bytes() for p, d in trash.moved.items()} == {
        p: before[key(p)][1] for p in moved
    }
    assert seen_progress == list(range(1, 1001))
    assert report.freed == sum(o.size for o in report.moved)


def test_cancel_skips_the_rest(photos, trash):
    a, b, c = (write(photos / n, b"copy") for n in ("a.jpg", "b.jpg", "c.jpg"))
    cancel = threading.Event()
    before = snapshot(photos)

    def progress(done, total, path):
        cancel.set()

    report = remove([group_of(a, b, c)], [b, c], trash=trash, cancel=cancel, progress=progress)
    assert [o.status for o in report.outcomes] == [Status.MOVED, Status.SKIPPED]
    assert report.outcomes[1].reason is Reason.CANCELLED
    assert snapshot(photos) == without(before, b)


def test_unwritable_journal_removes_nothing(photos, trash, tmp_path):
    a, b = (write(photos / n, b"copy") for n in ("a.jpg", "b.jpg"))
    journal_file = tmp_path / "journal-is-a-folder"
    journal_file.mkdir()
    before = snapshot(photos)
    report = remove([group_of(a, b)], [b], trash=trash, journal=journal_file)
    assert report.outcomes[0].reason is Reason.JOURNAL_UNAVAILABLE
    assert snapshot(photos) == before and trash.calls == []


# -- real send2trash (in the temporary home) and awkward names -----------------------------------

AWKWARD = [
    b"with space.jpg",
    b'quote\'s "double".jpg',
    b"semi;colon.jpg",
    b"$(touch pwned).jpg",
    b"-leading-dash.jpg",
    b"new\nline.jpg",
    b"latin1-\xe9t\xe9.jpg",  # not valid UTF-8
]


def test_awkward_names_go_to_the_temporary_trash(photos, isolated_home):
    keeper = write(photos / "keeper.jpg", b"the photo")
    copies = [Path(os.fsdecode(os.path.join(os.fsencode(photos), n))) for n in AWKWARD]
    for p in copies:
        write(p, b"the photo")
    g = group_of(keeper, *copies)
    before = snapshot(photos)

    report = remove([g], copies)  # the real send2trash

    assert [o.status for o in report.outcomes] == [Status.MOVED] * len(copies), report.outcomes
    assert snapshot(photos) == without(before, *copies)
    trash_files = isolated_home / ".local" / "share" / "Trash" / "files"
    assert sorted(os.listdir(os.fsencode(trash_files))) == sorted(AWKWARD)
    assert not (isolated_home.parent / "pwned").exists() and not Path("pwned").exists()
    assert journal_paths() == copies  # non-UTF-8 names survive the JSON round trip


def test_digest_of_the_scanner_size_is_checked(photos, trash):
    # analyse.py uses a 20-byte blake2b: the check must compute the same size, not fail on it.
    import dataclasses

    from dupviewer.engine.analyse import content_digest

    a, b, c = (write(photos / n, b"identical") for n in ("a.jpg", "b.jpg", "c.jpg"))
    g = group_of(a, b, c)
    short = content_digest(b"identical")
    assert len(short) != len(g.members[0].photo.digest)
    g = Group(
        g.kind,
        tuple(
            dataclasses.replace(m, photo=dataclasses.replace(m.photo, digest=short))
            for m in g.members
        ),
    )
    st = os.stat(c)
    c.write_bytes(b"IDENTICAL")
    os.utime(c, ns=(st.st_atime_ns, st.st_mtime_ns))
    before = snapshot(photos)
    report = remove([g], [b, c], trash=trash)
    assert [o.status for o in report.outcomes] == [Status.MOVED, Status.SKIPPED]
    assert report.outcomes[1].reason is Reason.CONTENT_CHANGED
    assert snapshot(photos) == without(before, b)


def test_a_kept_copy_in_the_trash_never_lets_the_live_copy_go(tmp_path, monkeypatch):
    """QA round 8: Find Copies given a photo from the trash made the trashed file the group's
    kept copy, and the live copy went to the trash too: the photo was left only in the trash."""
    data = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    trashed = write(data / "Trash" / "files" / "orig.jpg", b"same photo")
    live = write(tmp_path / "lib" / "live.jpg", b"same photo")
    moved: list[str] = []
    report = remove(
        [group_of(trashed, live)], [live], trash=moved.append, journal=tmp_path / "j.jsonl"
    )
    (out,) = report.outcomes
    assert out.status is Status.SKIPPED and out.reason is Reason.KEEPER_REMOVED
    assert moved == [] and live.exists()
