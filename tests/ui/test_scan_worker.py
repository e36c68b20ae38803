"""The scan in a worker thread: a real scan of generated photos, cancel, failure, shutdown."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt, QThread

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
from dupviewer.ui.words import stage_word
from tests.images import make_photo, save


@pytest.fixture
def controllers():
    """Controllers made by a test; shut down at teardown (cancel, quit, wait) like on quit."""
    made: list[ScanController] = []
    yield made
    for controller in made:
        controller.shutdown()


def test_real_scan_of_a_generated_folder_through_the_worker(tmp_path, qtbot, controllers):
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
    controllers.append(controller)
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
    qtbot.waitUntil(lambda: bool(results or failures), timeout=120_000)
    assert failures == []
    [result] = results
    qtbot.waitUntil(lambda: not controller.is_running())

    assert result.complete
    # The original, its byte copy and its resized PNG form one group; the other photo is alone.
    assert [{m.path for m in g.members} for g in result.groups] == [{a, b, c}]
    [group] = result.groups
    assert group.kind is GroupKind.SIMILAR  # not every member is byte-identical
    matches = {m.path: m.match for m in group.members}
    assert "identical bytes" in {matches[a], matches[b]}
    assert lone not in {m.path for m in group.members}
    assert [(e.path, e.kind) for e in result.errors] == [(broken, ErrorKind.NOT_AN_IMAGE)]
    assert result.stats.files_seen == 5
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


def test_cancel_mid_scan_stops_quickly_and_is_labelled_incomplete(tmp_path, qtbot, controllers):
    started = threading.Event()
    controller = ScanController(scan_function=_slow_scan(started))
    controllers.append(controller)
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


def test_an_engine_bug_is_reported_not_swallowed(tmp_path, qtbot, controllers):
    def broken(options, progress=None, cancel=None):
        raise ZeroDivisionError("boom")

    controller = ScanController(scan_function=broken)
    controllers.append(controller)
    with qtbot.waitSignal(controller.scan_failed, timeout=5000) as failed:
        controller.start(ScanOptions(roots=(tmp_path,)))
    assert "ZeroDivisionError" in failed.args[0]
    qtbot.waitUntil(lambda: not controller.is_running())


def test_shutdown_cancels_and_waits_for_the_thread(tmp_path, qtbot, controllers):
    started = threading.Event()
    controller = ScanController(scan_function=_slow_scan(started))
    controllers.append(controller)
    controller.start(ScanOptions(roots=(tmp_path,)))
    assert started.wait(5)
    threads = controller.findChildren(QThread)
    assert threads and threads[0].isRunning()
    t0 = time.monotonic()
    controller.shutdown()
    assert time.monotonic() - t0 < 2
    assert not controller.is_running()
    assert all(not t.isRunning() for t in controller.findChildren(QThread))


def test_grouping_progress_shows_a_share_and_the_time_left(qtbot):
    now = [100.0]
    view = ProgressView(clock=lambda: now[0])
    qtbot.addWidget(view)
    view.start()
    view.update_progress(Progress(Stage.GROUP, 0, 1000))
    now[0] += 10.0
    view.update_progress(Progress(Stage.GROUP, 250, 1000))
    assert (view.bar.minimum(), view.bar.maximum(), view.bar.value()) == (0, 1000, 250)
    assert view.count_label.text() == "25% done"  # not "Files: 250 of 1000"
    assert "files" not in view.speed_label.text()
    assert "30" in view.speed_label.text()  # a quarter in 10 s: about 30 s left


def test_after_cancel_the_stage_line_says_the_scan_is_stopping(qtbot):
    """A cancelled scan still groups what it analysed: its progress must not read as if the
    scan went on ("Grouping look-alikes 0%" next to a greyed Cancelling... button)."""
    view = ProgressView()
    qtbot.addWidget(view)
    view.start()
    view.update_progress(Progress(Stage.HASH, 10, 100, "/lib/a.jpg"))
    assert view.stage_label.text() == stage_word(Stage.HASH)
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    assert view.stage_label.text() == "Stopping the scan"
    view.update_progress(Progress(Stage.GROUP, 0, 100, ""))
    assert view.stage_label.text() == "Stopping: grouping the photos analysed so far"
    view.start()  # the next scan speaks normally again
    view.update_progress(Progress(Stage.GROUP, 0, 100, ""))
    assert view.stage_label.text() == stage_word(Stage.GROUP)
    view.start()  # Cancel before the first progress report
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    assert view.stage_label.text() == "Stopping the scan"
