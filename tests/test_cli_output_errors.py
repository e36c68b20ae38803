"""Standard output that cannot be written never costs a traceback, never stops a removal half-way,
and never makes the exit status lie: a closed pipe (`| head`) ends quietly with the status of the
work done; a full disk (/dev/full) is one line on stderr and status 1. The subprocess tests run
the real entry point; the trash is the real send2trash in the temporary home (conftest)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import send2trash
from images import make_photo, save
from send2trash import TrashPermissionError
from tree_snapshot import snapshot

from dupviewer.cli import main
from dupviewer.engine.journal import Event, Journal, JournalEntry, Method, now_iso

ROOT = Path(__file__).resolve().parents[1]
DEV_FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(not DEV_FULL.exists(), reason="no /dev/full here")


@pytest.fixture
def library(tmp_path: Path) -> dict[str, Path]:
    """An original, two byte copies (newer: the original is kept) and an unrelated photo."""
    root = tmp_path / "photos"
    orig = save(make_photo(21), root / "orig.jpg", quality=90)
    st = os.stat(orig)
    copies = []
    for k in range(2):
        copy = root / f"copy{k}.jpg"
        copy.write_bytes(orig.read_bytes())
        os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns + (k + 1) * 10**9))
        copies.append(copy)
    other = save(make_photo(22), root / "other.jpg", quality=90)
    return {"root": root, "orig": orig, "copy0": copies[0], "copy1": copies[1], "other": other}


def cli(*args: object) -> list[str]:
    return [sys.executable, "-m", "dupviewer.cli", *map(str, args)]


def run_with_closed_pipe(*args: object) -> tuple[int, str]:
    """Run the CLI with stdout a pipe whose reader is gone before anything is written (what
    `| head` does once it has its lines). Returns the exit status and stderr."""
    proc = subprocess.Popen(
        cli(*args), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    proc.stdout.close()
    try:
        err = proc.stderr.read()
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    return proc.returncode, err


def run_to_dev_full(*args: object) -> subprocess.CompletedProcess:
    with DEV_FULL.open("w") as full:
        return subprocess.run(
            cli(*args), cwd=ROOT, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120
        )


def trashed(home: Path) -> list[str]:
    files = home / ".local" / "share" / "Trash" / "files"
    return sorted(os.listdir(files)) if files.is_dir() else []


def test_apply_into_a_closed_pipe_removes_everything_and_keeps_the_removal_s_status(
    library, isolated_home, tmp_path
):
    journal = tmp_path / "journal.jsonl"
    status, err = run_with_closed_pipe(
        "dedupe", library["root"], "--apply", "--journal", journal, "--workers", "1"
    )
    assert "Traceback" not in err and "Broken pipe" not in err, err
    assert status == 0  # every planned file was moved: the cut report changes nothing
    assert not library["copy0"].exists() and not library["copy1"].exists()
    assert library["orig"].is_file() and library["other"].is_file()
    assert trashed(isolated_home) == ["copy0.jpg", "copy1.jpg"]
    removed = [e.path for e in Journal(journal).entries() if e.event is Event.REMOVED]
    assert sorted(removed) == [library["copy0"], library["copy1"]]


@pytest.mark.skipif(os.name != "posix", reason="closes descriptor 1 in the child")
def test_apply_with_stdout_closed_removes_everything_and_keeps_the_removal_s_status(
    library, isolated_home, tmp_path
):
    """`dupviewer-cli dedupe --apply >&-`: Python starts with no stdout at all (None), which
    made the end of the run fail on None.flush() (exit 1 after a removal that worked)."""
    journal = tmp_path / "journal.jsonl"
    done = subprocess.run(
        cli("dedupe", library["root"], "--apply", "--journal", journal, "--workers", "1"),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.close(1),  # noqa: PLW1509 - the test needs fd 1 closed
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0
    assert trashed(isolated_home) == ["copy0.jpg", "copy1.jpg"]


@pytest.mark.parametrize(
    "command",
    [
        ("dedupe", "{root}", "--workers", "1"),
        ("scan", "{root}", "--workers", "1"),
        ("scan", "{root}", "--json", "-", "--workers", "1"),
        ("find", "{orig}", "--in", "{root}", "--rotations", "--workers", "1"),
        ("--help",),
    ],
    ids=["dedupe-dry-run", "scan", "scan-json", "find", "help"],
)
def test_a_closed_pipe_ends_quietly_with_the_command_s_status(library, command):
    before = snapshot(library["root"])
    args = [a.format(root=library["root"], orig=library["orig"]) for a in command]
    status, err = run_with_closed_pipe(*args)
    assert "Traceback" not in err and "Broken pipe" not in err and "Exception" not in err, err
    assert status == 0
    assert snapshot(library["root"]) == before


@needs_dev_full
def test_apply_to_a_full_disk_removes_everything_and_says_the_output_was_lost(
    library, isolated_home, tmp_path
):
    journal = tmp_path / "journal.jsonl"
    done = run_to_dev_full(
        "dedupe", library["root"], "--apply", "--journal", journal, "--workers", "1"
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    assert "cannot write the output: No space left on device" in done.stderr
    assert done.stderr.count("cannot write the output") == 1
    assert "removed 2 of 2 file(s)" in done.stderr  # the report's last line, where it can be read
    assert trashed(isolated_home) == ["copy0.jpg", "copy1.jpg"]
    removed = [e.path for e in Journal(journal).entries() if e.event is Event.REMOVED]
    assert sorted(removed) == [library["copy0"], library["copy1"]]

    # and undo puts them back, however full its stdout is
    done = run_to_dev_full("undo", "--journal", journal, "--last")
    assert "Traceback" not in done.stderr and done.returncode == 1
    assert "cannot write the output" in done.stderr
    assert library["copy0"].is_file() and library["copy1"].is_file()


@needs_dev_full
@pytest.mark.parametrize(
    "command",
    [
        ("dedupe", "{root}", "--workers", "1"),
        ("scan", "{root}", "--json", "-", "--workers", "1"),
        ("find", "{orig}", "--in", "{root}", "--workers", "1"),
        ("--version",),
    ],
    ids=["dedupe-dry-run", "scan-json", "find", "version"],
)
def test_a_full_disk_is_one_line_on_stderr_and_status_1(library, command):
    args = [a.format(root=library["root"], orig=library["orig"]) for a in command]
    done = run_to_dev_full(*args)
    assert "Traceback" not in done.stderr and "Exception" not in done.stderr, done.stderr
    assert done.returncode == 1
    assert done.stderr.count("dupviewer-cli: error: cannot write the output") == 1


class FailingStdout(io.StringIO):
    """A stdout whose every write fails with `error` (after keeping what it was given)."""

    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        super().write(text)
        raise self.error


def test_a_partial_removal_into_a_closed_pipe_still_says_partial(
    library, capsys, monkeypatch, tmp_path
):
    """No usable trash: both copies are skipped (status 1). A closed pipe must not turn that
    into 0, nor anything else; and main leaves sys.stdout as it found it."""

    def no_trash(path):
        raise TrashPermissionError(path)

    monkeypatch.setattr(send2trash, "send2trash", no_trash)
    stdout = FailingStdout(BrokenPipeError(32, "Broken pipe"))
    monkeypatch.setattr(sys, "stdout", stdout)
    before = snapshot(library["root"])
    journal = tmp_path / "j.jsonl"
    status = main(["dedupe", str(library["root"]), "--apply", "--journal", str(journal)])
    assert status == 1
    assert sys.stdout is stdout
    assert snapshot(library["root"]) == before
    err = capsys.readouterr().err
    assert "no usable trash" in err and "cannot write the output" not in err


@pytest.mark.parametrize(
    "error, status, said",
    [
        (BrokenPipeError(32, "Broken pipe"), 0, ""),
        (OSError(28, "No space left on device"), 1, "cannot write the output: No space left"),
    ],
    ids=["closed-pipe", "full-disk"],
)
def test_undo_into_a_failing_stdout_puts_back_every_file(
    capsys, monkeypatch, tmp_path, error, status, said
):
    """The first failed write does not stop undo: every file comes back (in-process)."""
    journal = Journal(tmp_path / "j.jsonl")
    originals = []
    for name in ("a", "b", "c"):
        moved = tmp_path / "recovery" / f"{name}.jpg"
        moved.parent.mkdir(exist_ok=True)
        moved.write_bytes(name.encode())
        original = tmp_path / "photos" / f"{name}.jpg"
        originals.append(original)
        journal.record(
            JournalEntry(
                now_iso(), original, None, Method.RECOVERY_FOLDER, moved, 1, "", batch="r#1"
            )
        )
    monkeypatch.setattr(sys, "stdout", FailingStdout(error))
    assert main(["undo", "--journal", str(journal.path)]) == status
    assert [p.read_bytes() for p in originals] == [b"a", b"b", b"c"]
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert (said in err) if said else ("cannot write" not in err)
