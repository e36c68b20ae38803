"""Worker processes: in-process results, a crashing decoder costs one file, cancel is quick."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from images import make_photo, save

from dupviewer.engine import pool
from dupviewer.engine.analyse import Analysis, analyse_file
from dupviewer.engine.model import ErrorKind, FileError, HashAlgorithm
from dupviewer.engine.pool import HANG_ENV, _batch_size, _guided_size, analyse_all


@pytest.fixture(scope="module")
def photos(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("pool")
    files = [save(make_photo(100 + i, (160, 120)), folder / f"p{i:02}.jpg") for i in range(12)]
    (folder / "text.jpg").write_text("not a picture")
    return [*files, folder / "text.jpg"]


def test_empty_input() -> None:
    assert list(analyse_all([], HashAlgorithm.PHASH)) == []


def test_results_match_in_process_analysis(photos: list[Path]) -> None:
    results = list(analyse_all(photos, HashAlgorithm.DHASH, workers=2))
    assert sorted(i for i, _ in results) == list(range(len(photos)))
    by_index = dict(results)
    for i, path in enumerate(photos[:-1]):
        assert by_index[i] == analyse_file(path, HashAlgorithm.DHASH)
    bad = by_index[len(photos) - 1]
    assert isinstance(bad, FileError) and bad.kind == ErrorKind.NOT_AN_IMAGE
    assert bad.path == photos[-1]


@pytest.mark.parametrize("batch_size", [None, 1, 5])
def test_a_crashing_file_costs_only_that_file(photos: list[Path], batch_size: int | None) -> None:
    crash = frozenset({"p03.jpg", "p10.jpg"})
    results = list(analyse_all(photos, "phash", workers=2, batch_size=batch_size, crash_on=crash))
    assert sorted(i for i, _ in results) == list(range(len(photos)))  # each exactly once
    by_index = dict(results)
    crashed = {
        photos[i].name
        for i, r in by_index.items()
        if isinstance(r, FileError) and r.kind == ErrorKind.DECODER_CRASH
    }
    assert crashed == crash
    analysed = [i for i, r in by_index.items() if isinstance(r, Analysis)]
    assert len(analysed) == 10
    assert by_index[4] == analyse_file(photos[4])


def test_workers_that_cannot_start_blame_no_photo(photos: list[Path], monkeypatch) -> None:
    """When every worker dies whatever it is given (a broken installation or system), no file is
    reported as crashing the decoder: `WorkersFailed` says what happened instead."""
    monkeypatch.setenv(pool.BROKEN_ENV, "1")
    monkeypatch.setattr(pool, "_CANARY_SECONDS", 10.0)
    got = []
    with pytest.raises(pool.WorkersFailed, match="stop before reading any"):
        for index, outcome in analyse_all(photos[:3], "phash", workers=2):
            got.append((index, outcome))
    assert got == []


def test_cancel_stops_quickly_and_keeps_what_was_done(photos: list[Path], monkeypatch) -> None:
    monkeypatch.setenv(HANG_ENV, "p05.jpg")  # this one would take a minute
    cancel = threading.Event()
    got: list[int] = []
    started = time.monotonic()
    stopped_at = None
    for index, outcome in analyse_all(photos, "phash", workers=2, batch_size=1, cancel=cancel):
        got.append(index)
        assert isinstance(outcome, (Analysis, FileError))
        if len(got) == len(photos) - 1:  # everything but the stuck file
            cancel.set()
            stopped_at = time.monotonic()
    assert stopped_at is not None, "the other files should all finish"
    assert time.monotonic() - stopped_at < 3
    assert time.monotonic() - started < 30
    assert sorted(got) == [i for i in range(len(photos)) if i != 5]


def test_batches_shrink_to_single_files_at_the_end() -> None:
    """Guided batch sizes: capped while the job is big, one file at a time when it drains."""
    left, sizes = 1000, []
    while left:
        sizes.append(_guided_size(left, 2))
        left -= sizes[-1]
    assert sizes[0] == 16  # the cap: cheap IPC on big jobs
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-4:] == [1, 1, 1, 1]  # the last round: both workers finish together
    assert _guided_size(3, 8) == 1


def test_each_worker_starts_with_one_file() -> None:
    """The first photo of each worker comes back alone: progress moves after one photo, not
    after a whole first batch."""
    assert [_batch_size(1000, 2, k) for k in range(4)] == [1, 1, 16, 16]
    assert _batch_size(5, 4, 3) == 1 and _batch_size(40, 4, 4) == _guided_size(40, 4)


_ORPHAN_SCRIPT = """
import sys
from dupviewer.engine.pool import analyse_all
if __name__ == "__main__":
    for index, _ in analyse_all(sys.argv[1:], "phash", workers=2, batch_size=1):
        print(index, flush=True)
"""


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                kids = [int(k) for k in (task / "children").read_text().split()]
            except OSError:
                continue
            found.update(kids)
            todo.extend(kids)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(
    not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(),
    reason="needs Linux /proc children lists",
)
def test_workers_exit_when_the_scan_process_is_killed(photos: list[Path], tmp_path: Path) -> None:
    """A killed app must not leave workers (and their forkserver) waiting for work forever."""
    script = tmp_path / "scan.py"
    script.write_text(_ORPHAN_SCRIPT)
    env = {**os.environ, HANG_ENV: "p05.jpg", "PYTHONPATH": str(Path(__file__).parents[2])}
    child = subprocess.Popen(
        [sys.executable, str(script), *map(str, photos)], stdout=subprocess.PIPE, env=env, text=True
    )
    helpers: set[int] = set()
    try:
        for _ in range(len(photos) - 1):  # all but the stuck file: both workers are running
            assert child.stdout.readline(), "the scan process ended early"
        helpers = _descendants(child.pid)
        assert len(helpers) >= 2  # the forkserver and the workers
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(map(_alive, helpers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in helpers if _alive(pid)], "workers outlived the killed scan"
    finally:
        child.kill()
        child.wait(timeout=10)
        for pid in helpers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_crash_stops_the_broken_pool_before_the_next_one(photos: list[Path], monkeypatch):
    """analyse_all stops a broken executor with `_stop` (its workers terminated, its manager
    thread waited for), not with a bare shutdown that could leave a worker, and so the
    interpreter at exit, waiting (5 of 100 runs of the crash and cancel tests hung at exit)."""
    stopped = []
    real_stop = pool._stop

    def spy(executor: ProcessPoolExecutor) -> None:
        workers = list(executor._processes.values())
        real_stop(executor)
        stopped.append(workers)

    monkeypatch.setattr(pool, "_stop", spy)
    out = dict(analyse_all(photos, "phash", workers=2, crash_on=frozenset({"p03.jpg"})))
    assert len(out) == len(photos)
    assert out[3].kind is ErrorKind.DECODER_CRASH
    assert stopped, "the broken pool was not stopped"
    assert not [w for workers in stopped for w in workers if w.is_alive()]
