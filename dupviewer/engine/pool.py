"""Analyse files in worker processes, so a crashing native decoder costs one file, not the scan.

Files go to a `ProcessPoolExecutor` in batches, two in flight per worker (so memory stays flat at
any library size and a worker never waits for the parent). Batches shrink as the job drains
(guided scheduling: a share of what is left, at most `_BATCH_MAX`), so the last ones hold a single
file and the workers finish together instead of one idling through another's long last batch.

When a worker dies, the executor breaks and every batch in flight fails with `BrokenProcessPool`;
the pool is rebuilt and the culprit is found in two steps: the files of the failed batches are
retried one per task (still in parallel), and files whose single task failed again are retried
strictly one at a time. A file that breaks the pool while running alone is the culprit and is
reported as `ErrorKind.DECODER_CRASH`, once a fresh pool has run an empty task: if even that
fails, the workers themselves are broken and `WorkersFailed` is raised instead of blaming (and
caching as broken) every photo. The others are analysed normally. Cancelling terminates the
workers at once: results already returned are kept.

Workers start with 'forkserver' on Linux (cheap to rebuild after a crash, no inherited Qt
threads) and 'spawn' elsewhere and in a frozen app; both are safe next to a running GUI. Workers
ignore SIGINT: Ctrl-C in a terminal reaches the whole process group, and only the parent should
react (by setting the cancel event). Workers exit when the parent process dies (e.g. killed): a
stock executor's workers would wait for work forever, and keep the forkserver alive too.
`prestart()` starts the forkserver early, so its imports overlap with e.g. discovery.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING

from dupviewer.engine.model import ErrorKind, FileError, HashAlgorithm

if TYPE_CHECKING:
    from dupviewer.engine.analyse import Analysis

# Test-only hooks, read in the parent and passed to the workers with each batch: a worker
# `os._exit`s on a file of this name (a simulated native crash), or sleeps on it (a stuck file).
CRASH_ENV = "DUPVIEWER_TEST_CRASH_ON"
HANG_ENV = "DUPVIEWER_TEST_HANG_ON"
# Test-only: every worker dies as it starts (a broken installation or system, not a bad file).
BROKEN_ENV = "DUPVIEWER_TEST_BROKEN_WORKERS"

CRASH_REASON = "the image decoder crashed on this file"

_POLL_SECONDS = 0.2  # cancel is noticed within this
_CANARY_SECONDS = 60.0  # a fresh pool must run an empty task within this to be trusted
_STOP_SECONDS = 5.0  # at most this long to see a stopped pool's manager thread end
_BATCH_MAX = 16  # ~0.5 s of work per batch on camera JPEGs: fine-grained progress, cheap IPC
_SHARE = 4  # a new batch takes at most 1/(_SHARE x workers) of the files not yet submitted

# A task: (level, [(index, path), ...]). Level 0: a normal batch; 1: one file, after a crash of
# its batch; 2: one file, alone in the pool, after a crash of its level-1 task.
_Item = tuple[int, str]


# Imported once in the forkserver, so every worker forks with them loaded. Beyond the analysis code
# itself: what the first decode imports lazily (Pillow's common plugins and what they pull in),
# ~15 ms per worker per scan otherwise. A name missing in some version is skipped by the server.
_PRELOAD = (
    "dupviewer.engine.analyse",
    "PIL.JpegImagePlugin",
    "PIL.PngImagePlugin",
    "PIL.BmpImagePlugin",
    "PIL.GifImagePlugin",
    "PIL.PpmImagePlugin",
    "numpy.ma",
    "fractions",
    "decimal",
    "subprocess",
)


def default_workers() -> int:
    """One worker per usable core."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    if sys.platform.startswith("linux") and not getattr(sys, "frozen", False):
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(_PRELOAD))
        return ctx
    return multiprocessing.get_context("spawn")


def prestart() -> None:
    """Start the forkserver now, without waiting for it (it imports numpy and Pillow once,
    ~0.1-0.3 s): call it before discovery and the first batch will not wait for those imports."""
    ctx = _context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


class WorkersFailed(RuntimeError):
    """The worker processes die even on an empty task: the installation or the system is at
    fault (missing libraries, no memory, a frozen app started without freeze_support), not a
    photo. No file is blamed; the message says what happened."""


def _canary() -> int:
    """An empty task: a pool that cannot run it cannot judge a file."""
    return os.getpid()


def _pool_works(executor: ProcessPoolExecutor) -> bool:
    try:
        return executor.submit(_canary).result(timeout=_CANARY_SECONDS) > 0
    except Exception:  # noqa: BLE001 - broken pool, timeout, pickling: not trustworthy
        return False


def _init_worker(broken: bool = False) -> None:
    if broken:
        os._exit(71)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: multiprocessing.process.BaseProcess) -> None:
    """Runs in a worker thread: the parent's sentinel closes when it dies; then nobody will read
    this worker's results and it would otherwise block on the task queue forever."""
    parent.join()
    os._exit(0)


def _analyse_batch(
    items: list[_Item], algorithm: str, crash_on: frozenset[str], hang_on: frozenset[str]
) -> list[tuple[int, Analysis | FileError]]:
    """Runs in a worker: analyse each file; whatever one file raises becomes its FileError."""
    from dupviewer.engine.analyse import AnalysisError, analyse_file

    out: list[tuple[int, Analysis | FileError]] = []
    for index, path in items:
        name = os.path.basename(path)
        if name in crash_on:
            os._exit(70)
        if name in hang_on:
            time.sleep(30)
        try:
            out.append((index, analyse_file(Path(path), HashAlgorithm(algorithm))))
        except AnalysisError as exc:
            out.append((index, FileError(Path(path), exc.kind, exc.reason)))
        except MemoryError:
            out.append((index, FileError(Path(path), ErrorKind.TOO_LARGE, "not enough memory")))
        except Exception as exc:  # a bug or an exotic failure: still only this file's problem
            out.append(
                (index, FileError(Path(path), ErrorKind.OTHER, f"{type(exc).__name__}: {exc}"))
            )
    return out


def _batch_size(left: int, workers: int, submitted: int) -> int:
    """Files in the next batch: the first file of each worker alone, so progress, speed and
    time left show after one photo per worker rather than after a first batch of up to
    `_BATCH_MAX` (QA: "1 of 80" for 2.5 s on big wallpapers); then `_guided_size`."""
    return 1 if submitted < workers else _guided_size(left, workers)


def _guided_size(left: int, workers: int) -> int:
    """Files in the next batch when `left` are not yet submitted: big batches while there is
    plenty of work (cheap IPC), single files at the end (no worker idles through a long tail)."""
    return max(1, min(_BATCH_MAX, math.ceil(left / (workers * _SHARE))))


def _names_from_env(var: str) -> frozenset[str]:
    return frozenset(n for n in os.environ.get(var, "").split(os.pathsep) if n)


def analyse_all(
    paths: Sequence[Path | str],
    algorithm: HashAlgorithm | str,
    *,
    workers: int | None = None,
    cancel: threading.Event | None = None,
    batch_size: int | None = None,
    crash_on: frozenset[str] = frozenset(),
    on_idle: Callable[[], None] | None = None,
) -> Iterator[tuple[int, Analysis | FileError]]:
    """Analyse `paths` in worker processes; yield `(index into paths, outcome)` as they finish.

    The order is completion order. Every index is yielded exactly once unless `cancel` is set,
    in which case the generator stops within about `_POLL_SECONDS` and the workers are killed.

    Args:
        paths: files to analyse.
        algorithm: the perceptual hash to compute.
        workers: worker processes (default: one per core, never more than there are files).
        cancel: set it to stop early.
        batch_size: files per task (default: a shrinking share of the files left, at most 16,
            so every core works until the end).
        crash_on: test hook: file names on which a worker dies (see also `CRASH_ENV`).
        on_idle: called when a poll interval passed without any result (e.g. to commit the
            cache while a slow file is being decoded).
    """
    if not paths:
        return
    algorithm = HashAlgorithm(algorithm).value
    crash_on = frozenset(crash_on) | _names_from_env(CRASH_ENV)
    hang_on = _names_from_env(HANG_ENV)
    n_workers = max(1, min(workers or default_workers(), len(paths)))
    items = [(i, os.fspath(p)) for i, p in enumerate(paths)]
    cursor = 0  # items[cursor:] are not submitted yet (level 0)
    singles: deque[_Item] = deque()  # level 1
    alone: deque[_Item] = deque()  # level 2
    in_flight: dict[Future, tuple[int, list[_Item]]] = {}
    executor: ProcessPoolExecutor | None = None

    submitted = 0  # level-0 batches so far

    def next_batch() -> list[_Item]:
        nonlocal cursor, submitted
        left = len(items) - cursor
        size = batch_size or _batch_size(left, n_workers, submitted)
        batch = items[cursor : cursor + size]
        cursor += len(batch)
        submitted += 1
        return batch

    broken_workers = bool(os.environ.get(BROKEN_ENV))

    def new_executor() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            n_workers,
            mp_context=_context(),
            initializer=_init_worker,
            initargs=(broken_workers,),
        )

    crashed: list[tuple[int, FileError]] = []
    suspects: list[_Item] = []  # crashed alone: blamed once a fresh pool proves it works
    broken = False

    def submit(level: int, batch: list[_Item]) -> None:
        nonlocal broken
        try:
            fut = executor.submit(_analyse_batch, batch, algorithm, crash_on, hang_on)
        except BrokenProcessPool:  # a worker died since the last wait: retry this batch too
            broken = True
            requeue(level, batch)
        else:
            in_flight[fut] = (level, batch)

    def requeue(level: int, batch: list[_Item]) -> None:
        if level == 0 and len(batch) > 1:
            singles.extend(batch)
        elif level < 2:
            alone.extend(batch)
        else:
            suspects.extend(batch)

    finished = False
    try:
        while cursor < len(items) or singles or alone or in_flight:
            if cancel is not None and cancel.is_set():
                return
            if executor is None:
                executor = new_executor()
            broken = False
            if alone:
                if not in_flight:  # strictly alone: a crash now names its file
                    submit(2, [alone.popleft()])
            else:
                while singles and len(in_flight) < n_workers and not broken:
                    submit(1, [singles.popleft()])
                while (
                    cursor < len(items)
                    and not singles
                    and len(in_flight) < 2 * n_workers
                    and not broken
                ):
                    submit(0, next_batch())
            done, _ = wait(list(in_flight), timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
            if not done and on_idle is not None:
                on_idle()
            if broken or any(_is_broken(f) for f in done):
                # Every task in flight dies with the pool; let the executor mark them all.
                wait(list(in_flight), timeout=5)
                done = set(in_flight)
                broken = True
            for fut in done:
                level, batch = in_flight.pop(fut)
                if not fut.done() or fut.cancelled() or _is_broken(fut):
                    requeue(level, batch)
                    continue
                exc = fut.exception()
                if exc is not None:  # not a crash: the task itself failed (e.g. pickling)
                    reason = f"{type(exc).__name__}: {exc}"
                    for index, path in batch:
                        yield index, FileError(Path(path), ErrorKind.OTHER, reason)
                    continue
                yield from fut.result()
            if broken:
                _stop(executor)  # not a bare shutdown: see `_stop`
                executor = None
            if suspects:
                executor = new_executor()
                if not _pool_works(executor):
                    raise WorkersFailed("the processes that read photos stop before reading any")
                for index, path in suspects:
                    crashed.append(
                        (index, FileError(Path(path), ErrorKind.DECODER_CRASH, CRASH_REASON))
                    )
                suspects.clear()
            yield from crashed
            crashed.clear()
        finished = True
    finally:
        if executor is not None:
            if finished:
                executor.shutdown(wait=True)
            else:
                _stop(executor)


def _is_broken(fut: Future) -> bool:
    return fut.done() and not fut.cancelled() and isinstance(fut.exception(), BrokenProcessPool)


def _stop(executor: ProcessPoolExecutor) -> None:
    """Shut down without waiting for running tasks: terminate the workers (they only read).

    Also what a broken pool needs. When a worker dies, the executor's manager thread terminates
    the workers it knows and joins them; a worker that missed that (e.g. started by a `submit`
    racing with the break: Python 3.11 starts workers on demand) waits for work forever, the
    manager thread waits for it, and the interpreter waits for the manager thread at exit (5 of
    100 runs of the crash and cancel tests never exited before this). So the workers are
    terminated until the manager thread ends (at most `_STOP_SECONDS`), including any that
    joined meanwhile.
    """
    processes = getattr(executor, "_processes", None) or {}  # shutdown() drops these references
    manager = getattr(executor, "_executor_manager_thread", None)
    executor.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + _STOP_SECONDS
    while True:
        try:
            workers = list(processes.values())
        except RuntimeError:  # the manager thread changed the dict meanwhile: look again
            continue
        for process in workers:
            try:
                process.terminate()
            except (OSError, ValueError, AttributeError):
                pass
        for process in workers:
            try:
                process.join(timeout=1)
            except (OSError, ValueError, AssertionError):
                pass
        if manager is None or time.monotonic() > deadline:
            return
        manager.join(timeout=0.2)
        if not manager.is_alive():
            return
