"""The scan in the background: a worker `QObject` on a `QThread`, owned by a GUI-thread controller.

The engine's `scan(options, progress, cancel)` runs in the worker thread (it fans decoding out to
worker processes itself). Progress comes back as `Progress` data through a queued signal; Cancel
only sets the `threading.Event` the engine polls, so the scan stops within about a second and
returns what it has, with `complete=False`.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from dupviewer.engine import scanner
from dupviewer.engine.model import Progress, ScanOptions, ScanResult

log = logging.getLogger(__name__)

ScanFunction = Callable[
    [ScanOptions, Callable[[Progress], None] | None, threading.Event | None], ScanResult
]


class ScanWorker(QObject):
    """Runs one scan in whatever thread it lives in. Emits plain engine data only."""

    progressed = Signal(object)  # Progress(stage, done, total, path)
    finished = Signal(object)  # ScanResult
    failed = Signal(str)  # a traceback: the engine should never raise, so this is a bug report

    def __init__(self, options: ScanOptions, scan_function: ScanFunction | None = None) -> None:
        super().__init__()
        self._options = options
        self._scan = scan_function or scanner.scan
        self._cancel = threading.Event()

    @property
    def cancel_event(self) -> threading.Event:
        return self._cancel

    def cancel(self) -> None:
        """Thread-safe: only sets the event the engine polls."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            result = self._scan(self._options, self.progressed.emit, self._cancel)
        except Exception:  # noqa: BLE001 - a bug in the engine must not kill the thread silently
            log.exception("scan failed")
            self.failed.emit(traceback.format_exc())
            return
        self.finished.emit(result)


class WorkerThreads(QObject):
    """Owns worker threads, and keeps each worker alive until its thread has really ended.

    Workers have no parent, so Python owns them: dropping the last reference deletes the C++
    object at once. Doing that (or `deleteLater`) while the thread is still winding down after
    `finished` races with it, so a worker is released only once `isFinished()` is true.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._alive: dict[QThread, QObject] = {}
        self._finishing: set[QThread] = set()

    def start(self, worker: QObject, name: str) -> QThread:
        """Move `worker` to a new thread whose start runs `worker.run`."""
        thread = QThread(self)
        thread.setObjectName(name)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        thread.finished.connect(self._on_thread_finished)
        self._alive[thread] = worker
        thread.start()
        return thread

    def stop_all(self, timeout_ms: int = 30_000) -> None:
        """Quit every thread's loop and wait for it (never from a worker's own slot)."""
        for thread in list(self._alive):
            thread.quit()
            if not thread.wait(timeout_ms):
                log.warning("thread %s did not stop within %d ms", thread.objectName(), timeout_ms)
            self._finishing.add(thread)
        self._reap()

    def count(self) -> int:
        return len(self._alive)

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self.sender()
        if thread in self._alive:
            self._finishing.add(thread)
        self._reap()

    @Slot()
    def _reap(self) -> None:
        for thread in [t for t in self._finishing if t.isFinished()]:
            self._finishing.discard(thread)
            del self._alive[thread]  # the worker goes here, in this thread, after its own ended
            thread.deleteLater()
        if self._finishing:
            QTimer.singleShot(20, self._reap)


class ScanController(QObject):
    """Owns the scan thread from the GUI thread: start, cancel, and a clean shutdown on quit."""

    started = Signal()
    progressed = Signal(object)  # Progress
    scan_finished = Signal(object)  # ScanResult (complete=False when cancelled)
    scan_failed = Signal(str)
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, scan_function: ScanFunction | None = None):
        super().__init__(parent)
        self._scan_function = scan_function
        self._threads = WorkerThreads(self)
        self._worker: ScanWorker | None = None

    def is_running(self) -> bool:
        return self._worker is not None

    def start(self, options: ScanOptions) -> bool:
        """Start a scan; returns False (and does nothing) while one is still running."""
        if self._worker is not None:
            return False
        worker = ScanWorker(options, self._scan_function)
        # Bound slots of this GUI-thread object: queued, so they run in the GUI thread.
        worker.progressed.connect(self._on_worker_progressed)
        worker.finished.connect(self._on_worker_finished)
        worker.failed.connect(self._on_worker_failed)
        self._worker = worker
        self._threads.start(worker, "scan")
        self.running_changed.emit(True)
        self.started.emit()
        return True

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """On quit: cancel, stop the thread's loop and wait for it (never from a worker slot)."""
        self.cancel()
        self._done()
        self._threads.stop_all(timeout_ms)

    @Slot(object)
    def _on_worker_progressed(self, progress: Progress) -> None:
        if self.sender() is self._worker:
            self.progressed.emit(progress)

    @Slot(object)
    def _on_worker_finished(self, result: ScanResult) -> None:
        self._done()
        self.scan_finished.emit(result)

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self._done()
        self.scan_failed.emit(message)

    def _done(self) -> None:
        """The scan is over: its thread is asked to quit; `WorkerThreads` releases both."""
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.thread().quit()
            self.running_changed.emit(False)
