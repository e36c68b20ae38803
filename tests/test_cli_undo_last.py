"""`dupviewer-cli undo --last` puts back the last removal and nothing else: not an older removal
of the same paths (removed, copied back, removed again), and after a `--permanent` removal it
says the files cannot come back instead of "nothing left"."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import send2trash
from images import make_photo, save
from send2trash import TrashPermissionError

from dupviewer.cli import main
from dupviewer.engine.journal import Journal, JournalEntry, Method, now_iso


def record(
    journal: Journal, path: Path, method: Method, batch: str, dest: Path | None = None
) -> None:
    journal.record(JournalEntry(now_iso(), path, None, method, dest, 5, "", batch=batch))


def moved_away(tmp_path: Path, name: str, batch: str) -> Path:
    """A file in a recovery folder (one per removal), as a recovery-folder removal leaves it."""
    dest = tmp_path / "recovery" / batch / name
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(name.encode())
    return dest


def undo_last(journal: Journal, capsys) -> tuple[int, str]:
    status = main(["undo", "--journal", str(journal.path), "--last"])
    return status, capsys.readouterr().out


def test_an_older_permanent_removal_of_the_same_paths_is_not_part_of_the_last(tmp_path, capsys):
    photos = tmp_path / "photos"
    journal = Journal(tmp_path / "j.jsonl")
    names = ("a_copy.bmp", "o_small.jpg")
    for name in names:  # no trash there: deleted for good
        record(journal, photos / name, Method.PERMANENT, "first#1")
    for name in names:  # copied back, then removed again, now to a recovery folder
        record(
            journal,
            photos / name,
            Method.RECOVERY_FOLDER,
            "second#1",
            moved_away(tmp_path, name, "second"),
        )

    status, out = undo_last(journal, capsys)
    assert status == 0
    assert "restored 2 file(s); 0 could not be put back" in out
    assert "permanently" not in out
    assert sorted(os.listdir(photos)) == sorted(names)

    status, out = undo_last(journal, capsys)  # the last removal is all back now
    assert status == 0
    assert "nothing of the last removal is left to put back" in out
    assert "permanently" not in out


def test_the_last_removal_deleted_permanently_says_they_cannot_come_back(tmp_path, capsys):
    journal = Journal(tmp_path / "j.jsonl")
    record(
        journal,
        tmp_path / "older.jpg",
        Method.RECOVERY_FOLDER,
        "first#1",
        moved_away(tmp_path, "older.jpg", "first"),
    )
    for name in ("a.jpg", "b.jpg"):
        record(journal, tmp_path / name, Method.PERMANENT, "second#1")

    status, out = undo_last(journal, capsys)
    assert status == 0
    assert (
        "the last removal deleted its 2 file(s) permanently (--permanent): they cannot come back"
        in out
    )
    assert "nothing of the last removal is left" not in out
    assert not (tmp_path / "older.jpg").exists()  # an older removal stays where it is


def test_what_is_left_of_a_last_removal_that_was_partly_permanent(tmp_path, capsys):
    """One pass to a recovery folder, one deleted for good (two passes of one removal)."""
    journal = Journal(tmp_path / "j.jsonl")
    back = tmp_path / "back.jpg"
    record(journal, back, Method.RECOVERY_FOLDER, "r#1", moved_away(tmp_path, "back.jpg", "r"))
    record(journal, tmp_path / "gone.jpg", Method.PERMANENT, "r#2")

    status, out = undo_last(journal, capsys)
    assert status == 0 and back.read_bytes() == b"back.jpg"
    assert "restored 1 file(s); 0 could not be put back" in out
    assert "1 file(s) were deleted permanently (--permanent): they cannot come back" in out

    status, out = undo_last(journal, capsys)
    assert status == 0
    assert "nothing more of the last removal is left to put back" in out
    assert "1 file(s) of it were deleted permanently (--permanent)" in out


@pytest.fixture
def library(tmp_path: Path) -> dict[str, Path]:
    root = tmp_path / "photos"
    img = make_photo(31)
    orig = save(img, root / "a.jpg", quality=90)
    copy = root / "a_copy.jpg"
    copy.write_bytes(orig.read_bytes())
    st = os.stat(orig)
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    small = save(img.resize((240, 160)), root / "o_small.jpg", quality=90)
    return {"root": root, "orig": orig, "copy": copy, "small": small}


def test_qa_scenario_permanent_then_trash_then_undo_last(library, capsys, monkeypatch, tmp_path):
    """A volume without a trash: --permanent deletes both copies. They are copied back, the
    volume gets a working trash, dedupe --apply trashes them; undo --last restores both and says
    nothing of the older permanent removal."""
    journal = tmp_path / "journal.jsonl"
    saved = tmp_path / "saved"
    saved.mkdir()
    for key in ("copy", "small"):
        shutil.copy2(library[key], saved / library[key].name)

    def no_trash(path):
        raise TrashPermissionError(path)

    with monkeypatch.context() as patch:
        patch.setattr(send2trash, "send2trash", no_trash)
        args = ["dedupe", str(library["root"]), "--apply", "--journal", str(journal)]
        assert main([*args, "--permanent", "--workers", "1"]) == 0
    assert not library["copy"].exists() and not library["small"].exists()
    capsys.readouterr()

    status, out = main(["undo", "--journal", str(journal), "--last"]), capsys.readouterr().out
    assert status == 0
    assert "the last removal deleted its 2 file(s) permanently" in out
    assert "nothing of the last removal is left" not in out

    for key in ("copy", "small"):
        shutil.copy2(saved / library[key].name, library[key])
    assert main([*args, "--workers", "1"]) == 0  # the real trash of the temporary home
    assert not library["copy"].exists() and not library["small"].exists()
    capsys.readouterr()

    status, out = main(["undo", "--journal", str(journal), "--last"]), capsys.readouterr().out
    assert status == 0
    assert f"restored {library['copy']}" in out and f"restored {library['small']}" in out
    assert "restored 2 file(s); 0 could not be put back" in out
    assert "permanently" not in out
    assert library["copy"].read_bytes() == library["orig"].read_bytes()
    assert library["small"].read_bytes() == (saved / "o_small.jpg").read_bytes()


def test_undo_with_everything_back_already_says_so(tmp_path, capsys):
    """QA: a second plain `undo` printed "restored 0 file(s); 0 could not be put back", which
    reads like a failure; everything was back."""
    journal = Journal(tmp_path / "j.jsonl")
    dest = moved_away(tmp_path, "a.jpg", "b1")
    target = tmp_path / "lib" / "a.jpg"
    target.parent.mkdir()
    record(journal, target, Method.RECOVERY_FOLDER, "b1", dest)
    assert main(["undo", "--journal", str(journal.path)]) == 0
    assert capsys.readouterr().out.endswith("restored 1 file(s); 0 could not be put back\n")
    assert target.exists()
    assert main(["undo", "--journal", str(journal.path)]) == 0
    out = capsys.readouterr().out
    assert out.endswith(
        "nothing is left to put back: every file the journal names is back already\n"
    )
