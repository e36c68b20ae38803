"""The scan in a worker thread: a real scan of generated photos, cancel, failure, shutdown."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread, Qt

from dupviewer.engine.model import (
    ErrorKind,
    GroupKind,
    Progress,
    ScanOptions,
    ScanResult,
    ScanStats,
    Stage,
)
from dupviewer.ui.progress_view import ProgressView
from dupviewer.ui.scan_worker import ScanController
from tests.images import make_photo, save


def test_real_scan_of_a_generated_folder_through_the_worker(tmp_path, qtbot):
    original = make_photo(11)
    a = save(original, tmp_path / "camera" / "a.jpg", quality=95)
    b = tmp_path / "backup" / "a.jpg"
    b.parent.mkdir()
    b.write_bytes(a.read_bytes())
    c = save(original.resize((240, 160)), tmp_path / "phone" / "a_small.png")
    lone = save(make_photo(12), tmp_path / "camera" / "other.jpg")
    broken = tmp_path / "camera" / "broken.jpg"
    broken.write_bytes(b"this is not a jpeg")

    controller = ScanController()
    progress: list[Progress] = []
    results: list[ScanResult] = []
    failures: list[str] = []
    controller.progressed.connect(progress.append)
    controller.scan_finished.connect(results.append)
    controller.scan_failed.connect(failures.append)
    options = ScanOptions(roots=(tmp_path,), workers=1, use_cache=False)
    assert controller.start(options)
    assert controller.is_running()
    assert not controller.start(options)  # one scan at a time
    qtbot.waitUntil(lambda: results or failures, timeout=120_000)
    assert failures == []
    [result] = results
    qtbot.waitUntil(lambda: not controller.is_running())

    assert result.complete
    grouped = [{m.path for m in g.members} for g in result.groups]
    assert {a, b, c} in grouped or any({a, b, c} <= s for s in grouped)
    assert not any(lone in s for s in grouped)
    assert [(e.path, e.kind) for e in result.errors] == [(broken, ErrorKind.NOT_AN_IMAGE)] or [
        e.path for e in result.errors
    ] == [broken]
    exact = [g for g in result.groups if g.kind is GroupKind.EXACT]
    assert all(m.match for g in exact for m in g.members)
    assert progress, "progress must reach the GUI thread"
    assert {p.stage for p in progress} & {Stage.DISCOVER, Stage.HASH}


def _slow_scan(started: threading.Event):
    """A scan that runs until cancelled, then returns what it has, as the engine does."""

    def scan(options, progress=None, cancel=None):
        started.set()
        done = 0
        while not cancel.is_set():
            done += 1
            progress(Progress(Stage.HASH, done, 1000, f"/photos/{done}.jpg"))
            time.sleep(0.02)
        return ScanResult(options, (), (), ScanStats(files_seen=done, hashed=done), complete=False)

    return scan


def test_cancel_mid_scan_stops_quickly_and_is_labelled_incomplete(tmp_path, qtbot):
    started = threading.Event()
    controller = ScanController(scan_function=_slow_scan(started))
    view = ProgressView()
    qtbot.addWidget(view)
    controller.progressed.connect(view.update_progress)
    view.cancel_requested.connect(controller.cancel)
    view.start()
    controller.start(ScanOptions(roots=(tmp_path,)))
    qtbot.waitUntil(lambda: view.bar.maximum() == 1000, timeout=5000)
    assert "1000" in view.count_label.text()

    with qtbot.waitSignal(controller.scan_finished, timeout=2000) as finished:
        t0 = time.monotonic()
        qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    assert time.monotonic() - t0 < 1.5
    result = finished.args[0]
    assert result.complete is False
    view.finish(result)
    assert "cancel" in view.stage_label.text().lower()
    assert view.cancel_button.isHidden()
    qtbot.waitUntil(lambda: not controller.is_running())


def test_an_engine_bug_is_reported_not_swallowed(tmp_path, qtbot):
    def broken(options, progress=None, cancel=None):
        raise ZeroDivisionError("boom")

    controller = ScanController(scan_function=broken)
    with qtbot.waitSignal(controller.scan_failed, timeout=5000) as failed:
        controller.start(ScanOptions(roots=(tmp_path,)))
    assert "ZeroDivisionError" in failed.args[0]
    qtbot.waitUntil(lambda: not controller.is_running())


def test_shutdown_cancels_and_waits_for_the_thread(tmp_path, qtbot):
    started = threading.Event()
    controller = ScanController(scan_function=_slow_scan(started))
    controller.start(ScanOptions(roots=(tmp_path,)))
    assert started.wait(5)
    threads = controller.findChildren(QThread)
    assert threads and threads[0].isRunning()
    t0 = time.monotonic()
    controller.shutdown()
    assert time.monotonic() - t0 < 2
    assert not controller.is_running()
    assert all(not t.isRunning() for t in controller.findChildren(QThread))
