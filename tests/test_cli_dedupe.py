"""`dupviewer-cli dedupe` and `undo` over a real scan of generated photos; every test compares the
whole tree before and after. The trash is the real send2trash in the temporary home (conftest)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import send2trash
from images import make_photo, save
from send2trash import TrashPermissionError
from tree_snapshot import snapshot, without

from dupviewer.cli import main
from dupviewer.engine import paths
from dupviewer.engine.journal import Journal, Method


@pytest.fixture
def library(tmp_path: Path) -> dict[str, Path]:
    """An original, a byte copy (newer), a half-size copy and an unrelated photo."""
    root = tmp_path / "photos"
    img = make_photo(11)
    orig = save(img, root / "albums" / "original photo.jpg", quality=90)
    copy = root / "c.jpg"
    copy.write_bytes(orig.read_bytes())
    st = os.stat(orig)
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # newer: the original is kept
    small = save(img.resize((240, 160)), root / "small.jpg", quality=90)
    other = save(make_photo(12), root / "other.jpg", quality=90)
    return {"root": root, "orig": orig, "copy": copy, "small": small, "other": other}


def dedupe(*args: object) -> int:
    return main(["dedupe", *map(str, args), "--workers", "1"])


def plan_lines(out: str, action: str) -> set[str]:
    return {
        line.split(None, 1)[1].rsplit("  [", 1)[0]
        for line in out.splitlines()
        if line.strip().startswith(action + " ")
    }


def test_dry_run_changes_nothing(library, capsys):
    before = snapshot(library["root"])
    assert dedupe(library["root"]) == 0
    out = capsys.readouterr().out
    assert snapshot(library["root"]) == before
    assert plan_lines(out, "remove") == {str(library["copy"]), str(library["small"])}
    assert plan_lines(out, "keep") == {str(library["orig"])}
    assert "dry run: would remove 2 file(s)" in out
    assert not (paths.data_dir() / "journal.jsonl").exists()


def test_apply_sends_copies_to_the_trash_and_journals(library, capsys, isolated_home, tmp_path):
    before = snapshot(library["root"])
    journal = tmp_path / "journal.jsonl"
    assert dedupe(library["root"], "--apply", "--journal", journal) == 0
    out = capsys.readouterr().out
    assert snapshot(library["root"]) == without(before, library["copy"], library["small"])
    entries = Journal(journal).entries()
    assert {e.path for e in entries} == {library["copy"], library["small"]}
    assert {e.kept for e in entries} == {library["orig"]}
    assert {e.method for e in entries} == {Method.TRASH}
    trashed = sorted(os.listdir(isolated_home / ".local" / "share" / "Trash" / "files"))
    assert trashed == ["c.jpg", "small.jpg"]
    assert "removed 2 of 2 file(s)" in out

    assert dedupe(library["root"], "--apply", "--journal", journal) == 0  # nothing left to do
    assert "nothing to remove" in capsys.readouterr().out

    # undo takes them out of the trash again, byte for byte, and the trash forgets them
    assert main(["undo", "--journal", str(journal)]) == 0
    assert "restored 2 file(s)" in capsys.readouterr().out
    assert snapshot(library["root"]) == before
    trash = isolated_home / ".local" / "share" / "Trash"
    assert os.listdir(trash / "files") == [] and os.listdir(trash / "info") == []


def test_undo_names_what_stays_in_the_trash(library, capsys, tmp_path):
    """A removed copy whose path holds a new file stays in the trash: undo names it, says why,
    and exits 1; the new file is untouched. Undone files are not undone twice."""
    journal = tmp_path / "journal.jsonl"
    assert dedupe(library["root"], "--apply", "--journal", journal) == 0
    library["copy"].write_bytes(b"a new file with the old name")
    capsys.readouterr()
    assert main(["undo", "--journal", str(journal)]) == 1
    out = capsys.readouterr().out
    assert f"skipped  {library['copy']}: something now exists at the original path" in out
    assert "restored 1 file(s); 1 could not be put back" in out
    assert library["copy"].read_bytes() == b"a new file with the old name"
    assert library["small"].is_file()
    library["copy"].unlink()
    assert main(["undo", "--journal", str(journal)]) == 0  # the small copy is not undone twice
    assert "restored 1 file(s); 0 could not be put back" in capsys.readouterr().out
    assert library["copy"].read_bytes() == library["orig"].read_bytes()


def test_undo_last_puts_back_only_the_newest_removal(library, capsys, tmp_path):
    journal = tmp_path / "journal.jsonl"
    assert dedupe(library["root"], "--apply", "--journal", journal, "--exclude", "small.jpg") == 0
    assert dedupe(library["root"], "--apply", "--journal", journal) == 0  # now the small copy
    assert not library["copy"].exists() and not library["small"].exists()
    capsys.readouterr()
    assert main(["undo", "--journal", str(journal), "--last"]) == 0
    assert "restored 1 file(s); 0 could not be put back" in capsys.readouterr().out
    assert library["small"].is_file() and not library["copy"].exists()
    assert main(["undo", "--journal", str(journal), "--last"]) == 0
    assert "nothing of the last removal is left" in capsys.readouterr().out
    assert not library["copy"].exists()
    assert main(["undo", "--journal", str(journal)]) == 0  # every removal
    assert library["copy"].read_bytes() == library["orig"].read_bytes()


def test_a_journal_that_fails_after_a_move_is_no_success(library, capsys, monkeypatch, tmp_path):
    """The disk holding the journal fills up right after the first file went: the command says
    so and exits 1, nothing more is moved, and undo still puts the file back."""
    from dupviewer.engine import journal as journal_module

    real_record = journal_module.Journal.record

    def full_after_the_intent(self, entry):
        if entry.event is journal_module.Event.REMOVED:
            raise OSError(28, "No space left on device")
        real_record(self, entry)

    journal = tmp_path / "journal.jsonl"
    with monkeypatch.context() as patch:  # (the home is a fixture's patch: it stays)
        patch.setattr(journal_module.Journal, "record", full_after_the_intent)
        assert dedupe(library["root"], "--apply", "--journal", journal) == 1
    captured = capsys.readouterr()
    assert "journal problem" in captured.err and "No space left" in captured.err
    assert "only its intent record was written" in captured.out
    assert "removed 1 of 2 file(s)" in captured.out  # the second one was left alone
    assert main(["undo", "--journal", str(journal)]) == 0
    assert library["copy"].is_file() and library["small"].is_file()


def test_undo_names_what_was_deleted_for_good_and_refuses_a_folder_as_journal(
    library, capsys, monkeypatch, tmp_path
):
    def no_trash(path):
        raise TrashPermissionError(path)

    monkeypatch.setattr(send2trash, "send2trash", no_trash)
    journal = tmp_path / "journal.jsonl"
    assert dedupe(library["root"], "--apply", "--journal", journal, "--permanent") == 0
    capsys.readouterr()
    assert main(["undo", "--journal", str(journal)]) == 0
    out = capsys.readouterr().out
    assert "2 file(s) were deleted permanently (--permanent): they cannot come back" in out
    with pytest.raises(SystemExit) as stop:
        main(["undo", "--journal", str(tmp_path)])
    assert stop.value.code == 2 and "must be a file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:  # a typo is not an empty history
        main(["undo", "--last", "--journal", str(tmp_path / "jornal.jsonl")])
    assert stop.value.code == 2 and "no journal at" in capsys.readouterr().err


def test_a_copy_edited_in_place_with_its_time_kept_is_read_again_after_dedupe_notices(
    library, capsys, tmp_path
):
    """`exiftool -P` rewrites bytes and keeps size and modification time: the cache still
    answers with the old analysis (the copy looks byte-identical). The removal's content check
    refuses the copy, and from then on the cache no longer vouches for it."""
    cache = tmp_path / "cache.sqlite"
    copy = library["copy"]
    assert main(["scan", str(library["root"]), "--cache", str(cache)]) == 0
    st = os.stat(copy)
    data = bytearray(copy.read_bytes())
    data[-100] ^= 0xFF  # same length, other bytes
    copy.write_bytes(bytes(data))
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns))
    capsys.readouterr()
    journal = tmp_path / "journal.jsonl"
    assert dedupe(library["root"], "--apply", "--journal", journal, "--cache", cache) == 1
    assert "content-changed" in capsys.readouterr().out and copy.is_file()
    out = tmp_path / "again.json"
    assert main(["scan", str(library["root"]), "--cache", str(cache), "--json", str(out)]) == 0
    members = {m["path"]: m for g in json.loads(out.read_text())["groups"] for m in g["members"]}
    assert members.get(str(copy), {}).get("match") != "identical bytes"


def test_a_recovery_folder_inside_the_scanned_folders_is_not_scanned_again(
    library, capsys, monkeypatch, tmp_path
):
    """Copies moved to a recovery folder on the photo drive itself must not be proposed for
    removal by the next run (then they could never be put back)."""

    def no_trash(path):
        raise TrashPermissionError(path)

    monkeypatch.setattr(send2trash, "send2trash", no_trash)
    recovery = library["root"] / "recovered"
    journal = tmp_path / "j.jsonl"
    assert (
        dedupe(library["root"], "--apply", "--journal", journal, "--recovery-folder", recovery) == 0
    )
    assert (recovery / ".dupviewer-recovery").is_file()
    capsys.readouterr()
    assert dedupe(library["root"]) == 0
    assert "would remove 0 file(s)" in capsys.readouterr().out
    assert main(["undo", "--journal", str(journal)]) == 0
    assert library["copy"].is_file() and library["small"].is_file()


def test_ctrl_c_during_apply_stops_after_the_current_file_and_reports(
    library, capsys, monkeypatch, tmp_path
):
    """The first file goes to the (fake) trash and is journaled; Ctrl-C pressed meanwhile
    leaves the second one alone (cancelled), the report is printed, the exit status is 130."""
    import signal
    import time

    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()

    def trash_then_ctrl_c(path):
        os.rename(path, bin_folder / os.path.basename(path))
        signal.raise_signal(signal.SIGINT)  # the user presses Ctrl-C now...
        time.sleep(0.5)  # ...and the main thread (waking every 0.1 s) asks the removal to stop

    monkeypatch.setattr(send2trash, "send2trash", trash_then_ctrl_c)
    # As in a terminal, even when the test run inherited SIGINT ignored (a background job of a
    # script: `... &`), where Python leaves it ignored and the CLI rightly keeps it so.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        journal = tmp_path / "j.jsonl"
        status = dedupe(library["root"], "--apply", "--journal", journal)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert status == 130
    captured = capsys.readouterr()
    assert "stopping after the current file" in captured.err
    assert "removed 1 of 2 file(s)" in captured.out and "cancelled" in captured.out
    removed = [e.path for e in Journal(journal).entries() if e.event.value == "removed"]
    assert len(removed) == 1 and not removed[0].exists()
    assert sum(p.is_file() for p in (library["copy"], library["small"])) == 1


def test_keep_rules_replace_the_default_order(library, capsys):
    assert dedupe(library["root"], "--keep", "path,size") == 0
    out = capsys.readouterr().out
    assert plan_lines(out, "keep") == {str(library["copy"])}  # the shortest path now wins
    assert plan_lines(out, "remove") == {str(library["orig"]), str(library["small"])}


@pytest.mark.parametrize(
    "bad",
    [["--keep", "prettiest"], ["--recovery-folder", "r", "--permanent"], ["--threshold", "99"]],
)
def test_bad_usage_exits_2(library, bad, capsys):
    before = snapshot(library["root"])
    with pytest.raises(SystemExit) as exc:
        dedupe(library["root"], "--apply", *bad)
    assert exc.value.code == 2
    assert snapshot(library["root"]) == before


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda p: p.write_text("notes"), "is a file, not a folder"),
        (lambda p: (p.mkdir(), (p / "taxes.pdf").write_text("x")), "holds other files"),
    ],
)
def test_an_unusable_recovery_folder_is_refused_before_the_scan(
    library, tmp_path, capsys, make, said
):
    recovery = tmp_path / "recovery"
    make(recovery)
    before = snapshot(library["root"])
    with pytest.raises(SystemExit) as exc:
        dedupe(library["root"], "--apply", "--recovery-folder", recovery)
    assert exc.value.code == 2
    assert said in capsys.readouterr().err
    assert snapshot(library["root"]) == before


def test_reference_root_is_never_touched(library, capsys):
    # The protected copy is the small one: the reference rule comes first, so it is kept and
    # the bigger copies outside go; nothing under the reference root is removed.
    ref = library["root"] / "keepers"
    ref.mkdir()
    small = ref / "small.jpg"
    os.rename(library["small"], small)
    before = snapshot(library["root"])
    assert dedupe(library["root"], "--reference", ref, "--apply") == 0
    assert snapshot(library["root"]) == without(before, library["orig"], library["copy"])
    assert {e.kept for e in Journal().entries()} == {small}


def test_no_trash_then_recovery_folder_then_undo(library, capsys, monkeypatch, tmp_path):
    def no_trash(path):
        raise TrashPermissionError(path)

    monkeypatch.setattr(send2trash, "send2trash", no_trash)
    before = snapshot(library["root"])
    journal = tmp_path / "j.jsonl"

    assert dedupe(library["root"], "--apply", "--journal", journal) == 1
    captured = capsys.readouterr()
    assert "no usable trash" in captured.err and "skipped" in captured.out
    assert snapshot(library["root"]) == before

    recovery = tmp_path / "recovery"
    assert (
        dedupe(library["root"], "--apply", "--journal", journal, "--recovery-folder", recovery) == 0
    )
    capsys.readouterr()
    assert snapshot(library["root"]) == without(before, library["copy"], library["small"])
    moved = {e.path: e.destination for e in Journal(journal).entries() if e.destination}
    assert set(moved) == {library["copy"], library["small"]}
    assert all(d.is_relative_to(recovery) and d.is_file() for d in moved.values())

    assert main(["undo", "--journal", str(journal)]) == 0
    assert "restored 2 file(s)" in capsys.readouterr().out
    assert snapshot(library["root"]) == before


def test_undo_says_when_journal_lines_could_not_be_read(library, capsys, monkeypatch, tmp_path):
    """A damaged journal must not pass for a shorter history: undo puts back what it can read
    and says how many lines it could not (exit 1: maybe not everything came back)."""

    def no_trash(path):
        raise TrashPermissionError(path)

    monkeypatch.setattr(send2trash, "send2trash", no_trash)
    before = snapshot(library["root"])
    journal = tmp_path / "j.jsonl"
    recovery = tmp_path / "recovery"
    assert (
        dedupe(library["root"], "--apply", "--journal", journal, "--recovery-folder", recovery) == 0
    )
    capsys.readouterr()
    with journal.open("ab") as f:
        f.write(b"\x00\xff garbage {not json\n")
    assert main(["undo", "--journal", str(journal)]) == 1
    captured = capsys.readouterr()
    assert "1 line(s) of the journal could not be read" in captured.err
    assert "restored 2 file(s); 0 could not be put back" in captured.out
    assert snapshot(library["root"]) == before


def test_awkward_names_print_on_one_line_and_are_removed(library, capsys, tmp_path):
    name = os.fsdecode(b"-n $(x); 'q' \"d\"\nline \xe9.jpg")
    awkward = library["root"] / name
    awkward.write_bytes(library["orig"].read_bytes())
    st = os.stat(library["orig"])
    os.utime(awkward, ns=(st.st_atime_ns, st.st_mtime_ns + 2 * 10**9))
    before = snapshot(library["root"])

    assert dedupe(library["root"]) == 0
    out = capsys.readouterr().out
    shown = [line for line in out.splitlines() if "$(x)" in line]
    assert len(shown) == 1 and "\\n" in shown[0] and "\\xe9" in shown[0]

    assert dedupe(library["root"], "--apply") == 0
    assert snapshot(library["root"]) == without(before, library["copy"], library["small"], awkward)
    assert awkward in {e.path for e in Journal().entries()}


@pytest.mark.parametrize(
    "argv",
    [
        [""],
        ["{root}", "--reference", ""],
        ["{root}", "--recovery-folder", ""],
        ["{root}", "--journal", ""],
        ["{root}", "--cache", ""],
    ],
)
def test_an_empty_path_is_bad_usage_not_the_current_folder(library, capsys, monkeypatch, argv):
    """`dedupe "$DIR" --apply` with DIR unset must not deduplicate the working folder."""
    monkeypatch.chdir(library["root"])
    before = snapshot(library["root"])
    with pytest.raises(SystemExit) as exc:
        dedupe(*(a.replace("{root}", str(library["root"])) for a in argv), "--apply")
    assert exc.value.code == 2
    assert "empty path" in capsys.readouterr().err
    assert snapshot(library["root"]) == before
    with pytest.raises(SystemExit) as exc:
        main(["undo", "--journal", ""])
    assert exc.value.code == 2


def test_a_relative_recovery_folder_is_taken_from_the_volume_mount_point(
    library, capsys, monkeypatch, tmp_path
):
    """As the engine and --help say: under the mount point of the volume without a usable
    trash, not under the working folder (which may be on another volume)."""
    from dupviewer.engine import removal

    def no_trash(path):
        raise TrashPermissionError(path)

    monkeypatch.setattr(send2trash, "send2trash", no_trash)
    monkeypatch.setattr(removal, "mount_point", lambda path: tmp_path)  # the "volume"
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    before = snapshot(library["root"])
    journal = tmp_path / "j.jsonl"
    assert dedupe(library["root"], "--apply", "--journal", journal, "--recovery-folder", "rec") == 0
    capsys.readouterr()
    assert not (cwd / "rec").exists()
    moved = {e.path: e.destination for e in Journal(journal).entries() if e.destination}
    assert set(moved) == {library["copy"], library["small"]}
    assert all(d.is_relative_to(tmp_path / "rec") and d.is_file() for d in moved.values())
    assert main(["undo", "--journal", str(journal)]) == 0
    assert snapshot(library["root"]) == before

    # a relative folder that cannot be used there: skipped, and the hint says so
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "taxes.pdf").write_text("x")
    capsys.readouterr()
    assert (
        dedupe(library["root"], "--apply", "--journal", journal, "--recovery-folder", "busy") == 1
    )
    err = capsys.readouterr().err
    assert f"the recovery folder {tmp_path / 'busy'} could not be used" in err
    assert "use --recovery-folder DIR" not in err
    assert snapshot(library["root"]) == before

    # a relative folder cannot climb out of the mount point
    with pytest.raises(SystemExit) as exc:
        dedupe(library["root"], "--apply", "--recovery-folder", "../rec")
    assert exc.value.code == 2
    assert "cannot leave it" in capsys.readouterr().err


def test_the_no_trash_hint_says_when_the_recovery_folder_is_on_another_volume(tmp_path, capsys):
    from dupviewer.cli.dedupe_cmd import print_report
    from dupviewer.engine.removal import Outcome, Reason, RemovalReport, Status, Volume

    photo = tmp_path / "c.jpg"
    photo.write_bytes(b"x")
    dev = os.stat(photo).st_dev
    other = next((Path(p) for p in ("/proc", "/dev", "/sys") if os.stat(p).st_dev != dev), None)
    if other is None:
        pytest.skip("no folder on another volume")
    report = RemovalReport(
        outcomes=(Outcome(photo, Status.SKIPPED, Reason.RECOVERY_UNUSABLE, "on another volume"),),
        volumes_without_trash=(Volume(dev, tmp_path, "TrashPermissionError"),),
    )
    print_report(report, other / "rec")
    err = capsys.readouterr().err
    assert f"the recovery folder {other / 'rec'} is on another volume" in err
    assert "use --recovery-folder DIR" not in err
    print_report(report)  # no recovery folder given: the hint offers one
    assert "use --recovery-folder DIR" in capsys.readouterr().err


def test_a_cropped_copy_is_never_removed_and_is_said(library, capsys):
    """A crop may show what the kept copy lacks (and flat graphics can pass for crops of each
    other): dedupe keeps it, says so on stderr, and removes only the plain copies."""
    from images import crop_margins
    from PIL import Image

    with Image.open(library["orig"]) as img:
        crop = save(crop_margins(img, 0.1, 0.05, 0.12, 0.08), library["root"] / "crop.jpg")
    before = snapshot(library["root"])
    assert dedupe(library["root"]) == 0
    captured = capsys.readouterr()
    assert plan_lines(captured.out, "keep") == {str(library["orig"]), str(crop)}
    assert f"keep   {crop}  [cropped, " in captured.out and "(not proposed: a crop)" in captured.out
    said = "left 1 look-alike for you to look at, not proposed for removal (1 crop)"
    assert said in captured.err
    assert "a crop or another shape may show what the kept copy lacks; decide in" in captured.err
    assert dedupe(library["root"], "--apply") == 0
    assert said in capsys.readouterr().err
    assert snapshot(library["root"]) == without(before, library["copy"], library["small"])


def test_the_dry_run_names_every_name_of_a_file_that_goes(library, capsys):
    """A hard link is one file with two names: --apply removes both, so the plan says so (QA:
    the dry run said 1 file, the removal moved 2 names)."""
    link = library["root"] / "sub" / "c link.jpg"
    link.parent.mkdir()
    os.link(library["copy"], link)
    assert dedupe(library["root"]) == 0
    out = capsys.readouterr().out
    names = {str(library["copy"]), str(link)}
    (removed,) = plan_lines(out, "remove") & names
    (other,) = names - {removed}
    assert f"also at {other} (same file, goes too)" in out


def test_pages_of_one_template_are_looked_at_larger_and_never_removed(tmp_path, capsys):
    """QA: different invoices photographed on a desk are one picture to the hash and to the
    32x32 thumbnail, and `dedupe --apply` trashed them. Each look-alike proposed is compared
    with the kept copy at a larger size first: other pages stay, plain copies still go."""
    from images import desk_page
    from PIL import Image

    root = tmp_path / "scans"
    pages = [
        save(desk_page(s), root / f"page{s}.jpg", quality=97 if s == 0 else 90) for s in range(3)
    ]
    small = save(desk_page(0).resize((480, 360)), root / "copy" / "small.jpg", quality=60)
    turned = save(desk_page(0).transpose(Image.Transpose.ROTATE_90), root / "turned.jpg")
    before = snapshot(root)
    assert dedupe(root) == 0
    captured = capsys.readouterr()
    assert plan_lines(captured.out, "remove") == {str(small)}
    for page in pages[1:]:
        assert f"keep   {page}  [similar, " in captured.out
    assert captured.out.count("(not proposed: differs in fine detail, looked at larger)") == 2
    # the turned copy is the user's to look at (which way round is right), not compared
    assert f"keep   {turned}  [rotated " in captured.out
    assert "(not proposed: turned or mirrored next to the kept copy)" in captured.out
    said = (
        "left 3 look-alikes for you to look at, not proposed for removal (1 turned or mirrored, "
        "2 that differ in"
    )
    assert said in captured.err
    assert "which way is right is yours to say" in captured.err
    assert "looking closer at 3 look-alikes (each read again with its kept copy)..." in (
        captured.err
    )
    assert dedupe(root, "--apply") == 0
    assert snapshot(root) == without(before, small)


def test_a_look_alike_that_cannot_be_read_again_does_not_stop_the_others(
    library, capsys, monkeypatch
):
    """QA: a look-alike the closer look could not read again was kept, and then the removal
    took it for the kept copy and removed nothing in its group ("the kept copy ... is gone").
    It is only left alone: the plain copies still go."""
    from dupviewer.cli import common

    blurred = save(make_photo(11).resize((360, 240)), library["root"] / "blurred.jpg")
    real = common.look_closer

    def lose_one_first(groups, **kwargs):
        blurred.unlink()  # gone between the scan and the closer look
        return real(groups, **kwargs)

    monkeypatch.setattr(common, "look_closer", lose_one_first)
    before = snapshot(library["root"])
    assert dedupe(library["root"], "--apply") == 0
    captured = capsys.readouterr()
    assert "could not be read again" in captured.err
    assert "a file that could not be read again was left alone" in captured.err
    assert "a crop or another shape" not in captured.err  # only what applies is explained
    assert snapshot(library["root"]) == without(before, library["copy"], library["small"], blurred)
    assert library["orig"].exists() and library["other"].exists()


def test_a_turned_or_mirrored_copy_is_never_traded_for_the_original(tmp_path, capsys):
    """QA: an original JPEG, its mirror and a sideways copy saved as PNG (no EXIF, same size):
    "largest file" kept the mirrored PNG and `--apply` trashed the original. Which way round is
    right is the user's to say: copies turned or mirrored next to the kept one are listed, not
    removed."""
    from PIL import ImageOps

    root = tmp_path / "garden"
    photo = make_photo(21)
    original = save(photo, root / "Garden.jpg", quality=90)
    save(ImageOps.mirror(photo), root / "Garden_mirrored.png")
    save(photo.rotate(90, expand=True), root / "Garden_sideways.png")
    before = snapshot(root)
    assert dedupe(root) == 0
    captured = capsys.readouterr()
    assert captured.out.count("(not proposed: turned or mirrored next to the kept copy)") == 2
    assert "(2 turned or mirrored)" in captured.err
    assert dedupe(root, "--apply") == 0
    assert original.exists() and snapshot(root) == before  # nothing traded for another turn


def test_a_symbolic_link_followed_is_never_proposed(tmp_path, capsys):
    """QA: with --follow-symlinks the dry run proposed a link to a copy outside the folders,
    which --apply always skipped ("the path is now a symbolic link", exit 1). The plan says it
    stays, and why; the real copy still goes."""
    root = tmp_path / "lib"
    original = save(make_photo(31), root / "a_original.jpg", quality=95)
    copy = root / "b_copy_of_the_original.jpg"
    copy.write_bytes(original.read_bytes())
    outside = tmp_path / "elsewhere" / "twin.jpg"
    outside.parent.mkdir()
    outside.write_bytes(original.read_bytes())
    link = root / "zz_link_to_outside.jpg"
    link.symlink_to(outside)
    assert dedupe(root, "--follow-symlinks", "--keep", "path") == 0
    captured = capsys.readouterr()
    assert plan_lines(captured.out, "remove") == {str(copy)}
    assert f"keep   {link}  [" in captured.out
    assert (
        "(not proposed: reached through a symbolic link: only real files are removed)"
        in captured.out
    )
    assert "1 symbolic link" in captured.err
    assert dedupe(root, "--follow-symlinks", "--keep", "path", "--apply") == 0  # no skip
    assert not copy.exists() and original.exists() and outside.exists() and link.is_symlink()


def test_a_link_to_a_copy_that_goes_is_said_to_stay(tmp_path, capsys):
    """QA: the plan said a symbolic link to a removed copy "goes too"; the link stays, dangling."""
    root = tmp_path / "t5"
    save(make_photo(33), root / "a.jpg", quality=95)
    copy = save(make_photo(33), root / "copy_q70.jpg", quality=70)
    (root / "zlink.jpg").symlink_to(copy)
    assert dedupe(root, "--follow-symlinks") == 0
    out = capsys.readouterr().out
    assert f"also at {root / 'zlink.jpg'} (a symbolic link to it: the link stays" in out


def test_a_link_kept_never_takes_the_real_copies_with_it(tmp_path, capsys):
    """QA round 3: the kept copy was a link to a bigger file outside the folders and both real
    copies went, leaving the library only a link. Nothing goes next to a kept link."""
    root = tmp_path / "lib"
    photo = make_photo(35)
    original = save(photo, root / "a" / "orig.jpg", quality=90)
    copy = root / "b" / "zz_copy.jpg"
    copy.parent.mkdir(parents=True)
    copy.write_bytes(original.read_bytes())
    big = save(photo.resize((960, 640)), tmp_path / "out" / "big.jpg", quality=95)
    (root / "b" / "big_link.jpg").symlink_to(big)
    before = snapshot(root)
    assert dedupe(root, "--follow-symlinks", "--no-cache") == 0
    captured = capsys.readouterr()
    assert (
        "the copy kept is reached through a symbolic link: nothing goes next to it" in captured.out
    )
    assert dedupe(root, "--follow-symlinks", "--no-cache", "--apply") == 0
    assert snapshot(root) == before and original.exists() and copy.exists()


def test_a_copy_kept_in_a_linked_folder_takes_no_real_copy_with_it(tmp_path, capsys):
    """QA round 4: the kept copy sat in a folder linked from outside the library, and the
    library's only real copy went. Reached through a linked folder counts as a link; a scanned
    folder that is itself a link does not."""
    outside = tmp_path / "out" / "pics"
    photo = make_photo(36)
    save(photo.resize((960, 640)), outside / "big.jpg", quality=95)
    lib = tmp_path / "lib"
    orig = save(photo, lib / "a" / "orig.jpg", quality=90)
    (lib / "zz_ext").symlink_to(outside, target_is_directory=True)
    before = snapshot(lib / "a")
    assert dedupe(lib, "--follow-symlinks", "--no-cache", "--apply") == 0
    assert orig.exists() and snapshot(lib / "a") == before
    # the library itself given through a link: its copies are real files there
    (tmp_path / "lib_link").symlink_to(lib / "a", target_is_directory=True)
    save(photo, lib / "a" / "orig_copy.jpg", quality=70)
    capsys.readouterr()
    assert dedupe(tmp_path / "lib_link", "--no-cache") == 0
    assert "orig_copy.jpg" in {Path(p).name for p in plan_lines(capsys.readouterr().out, "remove")}


def test_photos_named_on_the_command_line_are_real_files(tmp_path, capsys):
    """QA: `dedupe lib/Dune/*.jpg` proposed nothing and said every photo was reached through a
    symbolic link (a file given as a root was compared with itself plus "/.")."""
    folder = tmp_path / "Dune"
    original = save(make_photo(37), folder / "Dune.jpg", quality=95)
    resaved = save(make_photo(37), folder / "Dune_resaved.jpg", quality=70)
    assert dedupe(original, resaved, "--no-cache") == 0
    out = capsys.readouterr().out
    assert plan_lines(out, "remove") == {str(resaved)}
    assert "symbolic link" not in out
