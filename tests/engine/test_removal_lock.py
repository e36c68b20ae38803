"""Two removals at once: the second waits for the first, then sees what it did.

QA: two `dupviewer-cli dedupe DIR --apply` runs with opposite keep rules (`--keep size` and
`--keep mtime`) sent every copy of 11 of 46 groups to the trash: each checked that its kept copy
was there, then trashed its target, which was the other run's kept copy. `remove` now holds an
exclusive lock (`removal.lock` in the data folder) from its first check to its last removal.
The two removals here are two real processes.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dupviewer.engine.journal import Journal
from dupviewer.engine.model import Group
from dupviewer.engine.removal import Reason, Status, lock_path, remove
from tests.engine.test_removal import group_of, write

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock: POSIX only")

ROOT = Path(__file__).resolve().parents[2]

# One removal in its own process: groups and marks from a pickle, a trash that moves files into a
# folder and, for the first process, waits inside its first call until the second is waiting.
CHILD = r"""
import json, os, pickle, sys, time
from pathlib import Path
from dupviewer.engine.removal import remove

args = json.loads(sys.argv[1])
with open(args["plan"], "rb") as f:
    groups, marked = pickle.load(f)

def wait_for(path):
    deadline = time.monotonic() + 60
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting for {path}")
        time.sleep(0.02)

def trash(path):
    if args["hold_until"]:
        open(args["inside"], "w").close()
        wait_for(args["hold_until"])
    os.rename(path, os.path.join(args["trash"], str(time.monotonic_ns())))

def on_wait():
    open(args["waiting"], "w").close()

report = remove(groups, marked, trash=trash, journal=Path(args["journal"]), on_wait=on_wait)
print(json.dumps([[str(o.path), o.status.value, o.reason and o.reason.value]
                  for o in report.outcomes]))
"""


def child(tmp_path: Path, name: str, groups: list[Group], marked: list[Path], **kw):
    plan = tmp_path / f"{name}.pickle"
    plan.write_bytes(pickle.dumps((groups, marked)))
    trash = tmp_path / f"{name}-trash"
    trash.mkdir()
    args = {
        "plan": str(plan),
        "trash": str(trash),
        # each its own journal (`--journal`): the lock is the data folder's, not the journal's
        "journal": str(tmp_path / f"{name}-data" / "journal.jsonl"),
        "waiting": str(tmp_path / f"{name}-waiting"),
        "inside": str(tmp_path / f"{name}-inside"),
        "hold_until": kw.get("hold_until"),
    }
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(args)],
        cwd=ROOT,
        # each its own data folder too (sudo, a script setting XDG_DATA_HOME): the lock is the
        # machine's, which these two processes (not this one: conftest) really take
        env=dict(os.environ, DUPVIEWER_DATA_DIR=str(tmp_path / f"{name}-data")),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(path: Path, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


def outcomes_of(proc: subprocess.Popen) -> list[tuple[Path, str, str | None]]:
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return [(Path(p), status, reason) for p, status, reason in json.loads(out)]


def test_opposite_keep_rules_in_two_processes_never_take_every_copy(tmp_path):
    photos = tmp_path / "photos"
    pairs = [
        (
            write(photos / f"big{k}.jpg", b"photo %d" % k),
            write(photos / f"old{k}.jpg", b"photo %d" % k),
        )
        for k in range(5)
    ]
    # Run A keeps the first of each pair (say, by size), run B the second (by time).
    a_groups = [group_of(x, y) for x, y in pairs]
    b_groups = [group_of(y, x) for x, y in pairs]
    a = child(
        tmp_path, "a", a_groups, [y for _, y in pairs], hold_until=str(tmp_path / "b-waiting")
    )
    wait_for(tmp_path / "a-inside", a)  # A holds the lock and is inside its first trash call
    b = child(tmp_path, "b", b_groups, [x for x, _ in pairs])

    a_out, b_out = outcomes_of(a), outcomes_of(b)

    assert (tmp_path / "b-waiting").exists()  # B waited for A (and said so)
    assert [(s, r) for _, s, r in a_out] == [("moved", None)] * 5
    # B then re-checked its kept copies: A had removed them, so nothing of B's went.
    assert [(s, r) for _, s, r in b_out] == [("skipped", Reason.KEEPER_MISSING.value)] * 5
    for x, y in pairs:
        assert x.exists() or y.exists()
    assert all(x.exists() for x, _ in pairs)
    assert not (tmp_path / "a-waiting").exists()


def test_the_lock_is_held_during_the_run_and_released_after_an_exception(tmp_path):
    import fcntl

    photos = tmp_path / "photos"
    x, y, z = (write(photos / n, b"copy") for n in ("x.jpg", "y.jpg", "z.jpg"))
    journal = Journal(tmp_path / "data" / "journal.jsonl")
    held_at = lock_path()
    held_inside: list[bool] = []

    def try_lock() -> bool:
        fd = os.open(held_at, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        finally:
            os.close(fd)  # also drops the lock if it was taken
        return True

    def trash(path: str) -> None:
        held_inside.append(not try_lock())
        os.rename(path, tmp_path / os.path.basename(path))

    def progress(done, total, path):
        raise RuntimeError("a broken progress callback")

    with pytest.raises(RuntimeError):
        remove([group_of(x, y, z)], [y, z], trash=trash, journal=journal, progress=progress)
    assert held_inside == [True]
    assert try_lock()  # released: the next removal does not wait forever

    report = remove([group_of(x, z)], [z], trash=trash, journal=journal)
    assert [o.status for o in report.outcomes] == [Status.MOVED]


def held_lock(path: Path) -> int:
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def test_a_waiting_removal_goes_on_when_the_lock_is_free(tmp_path):
    photos = tmp_path / "photos"
    x, y = (write(photos / n, b"copy") for n in ("x.jpg", "y.jpg"))
    journal = Journal(tmp_path / "data" / "journal.jsonl")
    fd = held_lock(lock_path())  # another removal (flock: per open file)
    waited = threading.Event()
    calls: list[str] = []
    reports = []

    def on_wait():
        calls.append("wait")
        waited.set()

    def trash(path: str) -> None:
        os.rename(path, tmp_path / "trashed.jpg")

    def run():
        reports.append(remove([group_of(x, y)], [y], trash=trash, journal=journal, on_wait=on_wait))

    worker = threading.Thread(target=run)
    worker.start()
    try:
        assert waited.wait(10)
        time.sleep(0.3)
        assert y.exists() and not reports  # still waiting
    finally:
        os.close(fd)
    worker.join(10)
    assert [o.status for o in reports[0].outcomes] == [Status.MOVED]
    assert calls == ["wait"]  # told once


def test_cancel_while_waiting_removes_nothing(tmp_path):
    photos = tmp_path / "photos"
    x, y, z = (write(photos / n, b"copy") for n in ("x.jpg", "y.jpg", "z.jpg"))
    journal = Journal(tmp_path / "data" / "journal.jsonl")
    fd = held_lock(lock_path())
    cancel = threading.Event()
    trash_calls: list[str] = []
    reports = []

    def run():
        reports.append(
            remove(
                [group_of(x, y, z)],
                [y, z],
                trash=trash_calls.append,
                journal=journal,
                cancel=cancel,
                on_wait=lambda: cancel.set(),  # the user cancels on seeing "waiting"
            )
        )

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(10)
    os.close(fd)
    assert not worker.is_alive()
    (report,) = reports
    assert [(o.status, o.reason) for o in report.outcomes] == [
        (Status.SKIPPED, Reason.CANCELLED)
    ] * 2
    assert "waiting for another removal" in report.outcomes[0].detail
    assert trash_calls == [] and y.exists() and z.exists()
    assert Journal(journal.path).entries() == []


def test_a_lock_that_cannot_be_made_removes_nothing(tmp_path):
    photos = tmp_path / "photos"
    x, y = (write(photos / n, b"copy") for n in ("x.jpg", "y.jpg"))
    journal = Journal(tmp_path / "data" / "journal.jsonl")
    lock_path().mkdir(parents=True)  # cannot be opened as a file
    trash_calls: list[str] = []

    report = remove([group_of(x, y)], [y], trash=trash_calls.append, journal=journal)

    (out,) = report.outcomes
    assert out.status is Status.SKIPPED and out.reason is Reason.JOURNAL_UNAVAILABLE
    assert "removal lock" in out.detail and str(lock_path()) in out.detail
    assert trash_calls == [] and y.exists()


def test_a_machine_lock_that_cannot_be_opened_removes_nothing_and_says_why(tmp_path):
    """No other lock instead (QA round 10: falling back to the user's own lock let two users'
    removals run at once and trash both copies): nothing is removed, the reason names the
    lock, for a folder, a symlink or a named pipe (not waited on) at its path."""
    photos = tmp_path / "photos"
    x, y = (write(photos / n, b"copy") for n in ("x.jpg", "y.jpg"))
    lock = lock_path()
    lock.parent.mkdir(parents=True, exist_ok=True)
    for make in (
        lock.mkdir,
        lambda: lock.symlink_to(tmp_path / "elsewhere"),
        lambda: os.mkfifo(lock),
    ):
        make()
        report = remove([group_of(x, y)], [y], trash=os.remove, journal=tmp_path / "j.jsonl")
        (out,) = report.outcomes
        assert out.status is Status.SKIPPED and out.reason is Reason.JOURNAL_UNAVAILABLE
        assert str(lock) in out.detail and y.exists()
        assert not (tmp_path / "elsewhere").exists()  # nothing made through the link
        lock.rmdir() if lock.is_dir() and not lock.is_symlink() else lock.unlink()


def test_only_a_lock_file_made_here_is_opened_to_everyone(tmp_path):
    """A file hard-linked at the lock's path (someone else's secret) keeps its mode: only a
    fresh lock file (O_EXCL) is chmodded to 0666."""
    photos = tmp_path / "photos"
    x, y = (write(photos / n, b"copy") for n in ("x.jpg", "y.jpg"))
    secret = write(tmp_path / "secret", b"private")
    secret.chmod(0o600)
    lock = lock_path()
    lock.parent.mkdir(parents=True, exist_ok=True)
    os.link(secret, lock)
    remove([group_of(x, y)], [y], trash=os.remove, journal=tmp_path / "j.jsonl")
    assert secret.stat().st_mode & 0o777 == 0o600
    lock.unlink()
    x2, y2 = (write(photos / n, b"again") for n in ("x2.jpg", "y2.jpg"))
    remove([group_of(x2, y2)], [y2], trash=os.remove, journal=tmp_path / "j.jsonl")
    assert lock.stat().st_mode & 0o777 == 0o666  # made here: shared with every user
