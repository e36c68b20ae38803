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

from PySide6.QtCore import QObject, QThread, Signal, Slot

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
        self._thread: QThread | None = None
        self._worker: ScanWorker | None = None

    def is_running(self) -> bool:
        return self._thread is not None

    def start(self, options: ScanOptions) -> bool:
        """Start a scan; returns False (and does nothing) while one is still running."""
        if self._thread is not None:
            return False
        thread = QThread(self)
        thread.setObjectName("scan")
        worker = ScanWorker(options, self._scan_function)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # Bound slots of this GUI-thread object: queued, so they run in the GUI thread.
        worker.progressed.connect(self._on_worker_progressed)
        worker.finished.connect(self._on_worker_finished)
        worker.failed.connect(self._on_worker_failed)
        thread.finished.connect(worker.deleteLater)
        thread.finished.connect(thread.deleteLater)
        thread.finished.connect(self._on_thread_finished)
        self._thread, self._worker = thread, worker
        thread.start()
        self.running_changed.emit(True)
        self.started.emit()
        return True

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """On quit: cancel, stop the thread's loop and wait for it (never from a worker slot)."""
        self.cancel()
        for thread in self.findChildren(QThread):
            thread.quit()
            if not thread.wait(timeout_ms):
                log.warning("scan thread did not stop within %d ms", timeout_ms)
        self._clear()

    @Slot(object)
    def _on_worker_progressed(self, progress: Progress) -> None:
        self.progressed.emit(progress)

    @Slot(object)
    def _on_worker_finished(self, result: ScanResult) -> None:
        if self._thread is not None:
            self._thread.quit()
        self.scan_finished.emit(result)

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        if self._thread is not None:
            self._thread.quit()
        self.scan_failed.emit(message)

    @Slot()
    def _on_thread_finished(self) -> None:
        if self.sender() is self._thread:  # not a thread already cleared by shutdown()
            self._clear()

    def _clear(self) -> None:
        # The worker and the thread delete themselves when the thread finishes.
        running = self._thread is not None
        self._thread = self._worker = None
        if running:
            self.running_changed.emit(False)
