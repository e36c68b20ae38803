"""The main window: menus and shortcuts, a scan through the window, threshold regrouping without a
rescan, dropped folders, the problems panel in words, export, About, and the app start-up pieces."""

from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QMessageBox

from dupviewer import __version__
from dupviewer.engine.model import ErrorKind, FileError, Stage
from dupviewer.engine.removal import Reason
from dupviewer.ui import app as app_module
from dupviewer.ui.about import AboutDialog
from dupviewer.ui.find_view import FindDialog
from dupviewer.ui.main_window import MainWindow
from dupviewer.ui.menus import toolbar_text
from dupviewer.ui.settings import THUMBNAIL_SIZES, Settings
from dupviewer.ui.words import error_kind_word, match_word, reason_word, stage_word
from tests.ui.shell_helpers import (
    close_windows,
    exact_pair,
    fake_scan_returning,
    group_of,
    photo_for,
    result_of,
    write_photo,
)


@pytest.fixture
def windows(qtbot):
    made: list[MainWindow] = []
    yield made
    close_windows(made, qtbot)


@pytest.fixture
def make_window(qtbot, tmp_path, windows):
    def make(scan_function=None, **kwargs) -> MainWindow:
        settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings, scan_function=scan_function, **kwargs)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    return make


def counting(scan):
    calls = []

    def wrapped(options, progress=None, cancel=None):
        calls.append(options)
        return scan(options, progress, cancel)

    wrapped.calls = calls
    return wrapped


def test_menus_and_shortcuts(tmp_path, qtbot, make_window):
    window = make_window()
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Selection", "View", "Help"]
    a = window.actions
    assert {s.toString() for s in a.scan.shortcuts()} == {"F5", "Ctrl+R"}
    assert a.add_folder.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert a.quit.shortcut().toString() == "Ctrl+Q"
    assert a.trash.shortcut().toString() == "Ctrl+Del"
    # Nothing to act on yet: no folders, no result.
    assert not a.scan.isEnabled() and not a.trash.isEnabled() and not a.export_csv.isEnabled()


def test_view_menu_resizes_the_cards_and_the_size_is_remembered(qtbot, make_window):
    window = make_window()
    a = window.actions
    assert {a.larger_thumbnails, a.smaller_thumbnails} <= set(window.actions.view_menu.actions())
    assert a.larger_thumbnails.shortcut() == QKeySequence(QKeySequence.StandardKey.ZoomIn)
    assert a.smaller_thumbnails.shortcut() == QKeySequence(QKeySequence.StandardKey.ZoomOut)
    start = window.review.thumbnail_size()
    a.larger_thumbnails.trigger()
    bigger = window.review.thumbnail_size()
    assert bigger > start and window.settings.thumbnail_size == bigger
    for _ in range(len(THUMBNAIL_SIZES)):
        a.smaller_thumbnails.trigger()
    assert window.review.thumbnail_size() == THUMBNAIL_SIZES[0]
    assert not a.smaller_thumbnails.isEnabled() and a.larger_thumbnails.isEnabled()
    window.close()
    again = make_window()  # the same settings file: a restart
    assert again.review.thumbnail_size() == THUMBNAIL_SIZES[0]
    assert not again.actions.smaller_thumbnails.isEnabled()


def test_toolbar_buttons_say_their_words_without_mnemonics_or_ellipsis(make_window):
    window = make_window()
    toolbar = window.actions.toolbar
    texts = [toolbar.widgetForAction(a).text() for a in toolbar.actions() if not a.isSeparator()]
    assert texts == ["Add Folder", "Scan", "Auto-Select", "Clear Marks", "Send Marked to Trash"]
    assert window.actions.add_folder.text() == "&Add Folder…"  # the menu keeps both


@pytest.mark.parametrize(
    ("menu", "button"),
    [
        ("新增資料夾(&A)…", "新增資料夾"),
        ("添加文件夹(&A)...", "添加文件夹"),
        ("自动选择（&A）", "自动选择"),
        ("Send Marked to &Trash", "Send Marked to Trash"),
        ("Save && &Quit", "Save & Quit"),
    ],
)
def test_toolbar_text(menu, button):
    assert toolbar_text(menu) == button


def test_a_scan_without_duplicates_says_so_instead_of_blank_panes(tmp_path, qtbot, make_window):
    """While the first scan runs the centre says so (not "add folders, then press Scan"); with
    no group it says what was compared and how to find more, Auto-Select is off and an empty
    problems panel is closed."""
    import threading

    photos = [photo_for(write_photo(tmp_path / "lib" / f"p{k}", seed=k)) for k in range(3)]
    result = result_of([], roots=[tmp_path / "lib"], photos=photos)
    release = threading.Event()

    def slow_scan(options, progress=None, cancel=None):
        release.wait(10)
        return result

    window = make_window(slow_scan)
    window.show()
    window._show_problems()  # left open by an earlier scan
    window.scan_panel.add_folders([tmp_path / "lib"])
    with qtbot.waitSignal(window.scan_controller.scan_finished, timeout=10_000):
        window.actions.scan.trigger()
        assert window.stack.currentWidget() is window.welcome
        assert "Looking for duplicates" in window.welcome.text()
        release.set()
    qtbot.waitUntil(lambda: not window.scan_controller.is_running())
    assert window.stack.currentWidget() is window.welcome
    assert "No duplicate photos found" in window.welcome.text()
    assert "3 photos were compared" in window.welcome.text()
    assert not window.actions.auto_select.isEnabled()
    assert not window.problems_dock.isVisible()


def test_escape_cancels_a_running_scan_and_the_last_status_is_cleared(tmp_path, qtbot, make_window):
    photos = [photo_for(write_photo(tmp_path / "lib" / f"p{k}", seed=k)) for k in range(2)]
    cancelled = result_of([], roots=[tmp_path / "lib"], photos=photos, complete=False)

    def scan_until_cancelled(options, progress=None, cancel=None):
        cancel.wait(10)
        return cancelled

    window = make_window(scan_until_cancelled)
    window.show()
    window.activateWindow()  # window shortcuts need the active window
    qtbot.waitUntil(window.isActiveWindow)
    window.scan_panel.add_folders([tmp_path / "lib"])
    window.statusBar().showMessage("Scan complete.")  # what the last scan said
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # no scan: Esc does nothing
    assert not window.scan_controller.is_running()
    with qtbot.waitSignal(window.scan_controller.scan_finished, timeout=10_000):
        window.actions.scan.trigger()
        assert window.statusBar().currentMessage() == ""
        qtbot.waitUntil(window.actions.cancel.isEnabled)
        qtbot.keyClick(window, Qt.Key.Key_Escape)
        assert window.progress_view.cancel_button.text() == "Cancelling…"
    assert "cancelled" in window.statusBar().currentMessage()


def test_the_welcome_text_follows_the_folder_list(tmp_path, make_window):
    window = make_window()
    assert "Add the folders" in window.welcome.text()
    window.scan_panel.add_folders([tmp_path])
    assert "Press Scan to look for duplicates in the 1 folder on the left" in window.welcome.text()
    window.scan_panel.set_folders([])
    assert "Add the folders" in window.welcome.text()


def test_an_empty_problems_panel_does_not_come_back_after_a_restart(make_window, qtbot):
    window = make_window()
    window.show()
    window._show_problems()
    window.close()  # saves the window state, problems panel open
    again = make_window()
    again.show()
    qtbot.waitExposed(again)
    assert not again.problems_dock.isVisible()


def _pair_and_a_broken_file(tmp_path):
    """A result with one exact pair and one unreadable file under tmp_path/lib."""
    keep, copy = exact_pair(tmp_path / "lib")
    broken = tmp_path / "lib" / "broken.jpg"
    broken.write_bytes(b"x")
    errors = [FileError(broken, ErrorKind.CORRUPT, "image file is truncated")]
    return result_of([group_of([keep, copy])], roots=[tmp_path / "lib"], errors=errors), broken


def test_scan_through_the_window_shows_groups_and_problems(tmp_path, qtbot, make_window):
    result, broken = _pair_and_a_broken_file(tmp_path)
    scan = counting(fake_scan_returning(result))
    window = make_window(scan)
    window.show()
    window.resize(1280, 900)  # room for the problems dock to open by itself
    qtbot.waitUntil(lambda: window.height() == 900)
    window.scan_panel.add_folders([tmp_path / "lib"])
    assert window.actions.scan.isEnabled()

    with qtbot.waitSignal(window.scan_controller.scan_finished, timeout=5000):
        qtbot.mouseClick(window.scan_panel.scan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.scan_controller.is_running())

    assert scan.calls[0].roots == (tmp_path / "lib",)
    assert window.review.result() is result
    assert window.stack.currentWidget() is window.review
    assert window.progress_view.stage_label.text() == "Scan complete"
    # The problem is listed in words, never as the raw enum value.
    rows = list(window.errors_panel.model.rows())
    assert rows == [(str(broken), "Damaged image", "image file is truncated")]
    assert window.problems_dock.isVisible()
    assert "Groups: 1" in window.summary_label.text()
    assert window.actions.export_json.isEnabled() and window.actions.auto_select.isEnabled()
    # The folder is remembered as recent.
    assert window.settings.recent_folders == [tmp_path / "lib"]


def test_threshold_slider_regroups_at_once_without_rescanning(tmp_path, qtbot, make_window):
    base = 0x0123_4567_89AB_CDEF
    near = base ^ 0b11_1111  # 6 bits away
    far = base ^ ((1 << 64) - 1)  # 64 bits away
    a = photo_for(write_photo(tmp_path / "lib" / "a", 1), base)
    b = photo_for(write_photo(tmp_path / "lib" / "b", 2), near)
    c = photo_for(write_photo(tmp_path / "lib" / "c", 3), far)
    result = result_of([group_of([a, b], [0, 6])], roots=[tmp_path / "lib"], photos=[a, b, c])
    scan = counting(fake_scan_returning(result))
    window = make_window(scan)
    window.scan_panel.add_folders([tmp_path / "lib"])
    with qtbot.waitSignal(window.scan_controller.scan_finished, timeout=5000):
        window.start_scan()
    qtbot.waitUntil(lambda: not window.scan_controller.is_running())
    window.review.set_marked({b.path})

    slider = window.scan_panel.threshold_slider
    slider.setValue(4)  # "near-identical": a and b are 6 bits apart
    assert window.review.result().groups == ()
    assert window.scan_panel.preset_combo.currentData() == 4
    assert "4" in window.scan_panel.threshold_label.text()
    assert "Groups: 0 ·" in window.progress_view.count_label.text()  # the summary follows

    slider.setValue(10)
    groups = window.review.result().groups
    assert [{m.path for m in g.members} for g in groups] == [{a.path, b.path}]
    assert groups[0].members[1].distance == 6  # to the reference the keep rules chose
    assert "Groups: 1 ·" in window.progress_view.count_label.text()
    assert window.review.result().options.threshold == 10
    assert len(scan.calls) == 1  # no rescan
    assert window.settings.threshold == 10

    # The copy the user chose to keep (K) stays the keeper through a regroup, like marks.
    window.review.set_marked(set())
    (rules_pick,) = window.review.keepers()
    chosen = a.path if rules_pick == b.path else b.path
    window.review._state.make_keeper(chosen)
    slider.setValue(12)
    assert window.review.keepers() == [chosen]
    exported = {m.path: m.keep for m in window.review.reviewed_result().groups[0].members}
    assert exported == {chosen: True, rules_pick: False}  # and the export says so


def test_groups_merged_by_the_slider_keep_the_rules_pick_or_the_users(tmp_path, qtbot, make_window):
    """Two groups merge when the Distance grows. Without a pick of the user the merged group's
    keeper is the one the keep rules choose (the biggest photo), not a leftover keeper of either
    old group; a photo the user picked with K stays the keeper."""
    from dataclasses import replace

    base = 0x0123_4567_89AB_CDEF
    hashes = [base, base ^ 0b11, base ^ 0xFF00, base ^ 0xFF03]  # a-b 2, c-d 2, a-c 8 apart
    sizes = [(400, 300), (400, 300), (800, 600), (400, 300)]
    a, b, c, d = (
        replace(photo_for(write_photo(tmp_path / "lib" / name, k), h), width=w, height=ht)
        for k, (name, h, (w, ht)) in enumerate(zip("abcd", hashes, sizes, strict=True))
    )
    groups = [group_of([a, b], [0, 2]), group_of([c, d], [0, 2])]
    result = result_of(groups, roots=[tmp_path / "lib"], photos=[a, b, c, d], threshold=6)
    window = make_window(fake_scan_returning(result))
    window.scan_panel.add_folders([tmp_path / "lib"])
    window.scan_panel.threshold_slider.setValue(6)
    with qtbot.waitSignal(window.scan_controller.scan_finished, timeout=5000):
        window.start_scan()
    qtbot.waitUntil(lambda: not window.scan_controller.is_running())
    slider = window.scan_panel.threshold_slider
    assert len(window.review.result().groups) == 2
    slider.setValue(10)
    assert window.review.keepers() == [c.path]  # the biggest, as the rules say
    slider.setValue(6)
    window.review._state.make_keeper(b.path)  # the user's pick in the other group
    slider.setValue(10)
    assert window.review.keepers() == [b.path]
    # K on the photo that already has the badge is a pick too; where two picks meet the rules
    # choose between them, and a split gives each old group its pick back.
    slider.setValue(6)
    assert sorted(window.review.keepers()) == sorted([b.path, c.path])
    window.review._state.make_keeper(c.path)  # already c's group's keeper
    slider.setValue(10)
    assert window.review.keepers() == [c.path]  # the bigger of the two picks
    slider.setValue(6)
    assert sorted(window.review.keepers()) == sorted([b.path, c.path])
    # QA: a pick no group holds at a low threshold (b, 2 bits from a) came back at 10 without
    # its badge, and Auto-select then marked it
    slider.setValue(1)
    assert b.path not in {m.path for g in window.review.result().groups for m in g.members}
    slider.setValue(10)
    assert b.path in window.review.keepers() or c.path in window.review.keepers()
    window.actions.auto_select.trigger()
    assert not {b.path, c.path} & window.review.marked_paths()  # both picks stay


def test_threshold_presets_set_the_slider(tmp_path, qtbot, make_window):
    window = make_window()
    combo = window.scan_panel.preset_combo
    values = [combo.itemData(i) for i in range(combo.count())]
    assert values == [0, 4, 10, 16, -1]  # identical, near-identical, similar, loose, custom
    combo.activated.emit(3)
    assert window.scan_panel.threshold() == 16
    window.scan_panel.threshold_slider.setValue(7)
    assert combo.currentData() == -1  # no preset is exactly 7: "Custom"


def _mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def _drop(window: MainWindow, mime: QMimeData) -> QDropEvent:
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    return event


def _drag_accepted(window: MainWindow, mime: QMimeData) -> bool:
    event = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    event.ignore()
    window.dragEnterEvent(event)
    return event.isAccepted()


def test_dropped_folders_are_added_and_other_files_ignored(tmp_path, qtbot, make_window):
    window = make_window()
    folder = tmp_path / "dropped"
    folder.mkdir()
    notes = tmp_path / "loose" / "notes.txt"
    notes.parent.mkdir()
    notes.write_text("not a photo")
    assert _drag_accepted(window, _mime(folder))
    assert not _drag_accepted(window, _mime(notes))
    _drop(window, _mime(folder, notes))
    assert window.scan_panel.folders() == [folder]
    assert window.actions.scan.isEnabled()
    assert window.findChildren(FindDialog) == []


def test_dropped_photos_open_find_copies_in_the_folders(tmp_path, qtbot, make_window):
    keep, copy = exact_pair(tmp_path / "lib")
    query = tmp_path / "card" / "IMG_0001.jpg"
    query.parent.mkdir()
    shutil.copy2(keep.path, query)
    window = make_window()
    assert _drag_accepted(window, _mime(query))
    # No folder listed yet: nowhere to look, so a hint and no dialog.
    _drop(window, _mime(query))
    assert window.findChildren(FindDialog) == []
    assert "Add a folder" in window.statusBar().currentMessage()

    window.scan_panel.set_folders([tmp_path / "lib"])
    _drop(window, _mime(query))
    (dialog,) = window.findChildren(FindDialog)
    assert dialog.queries == (query,)
    assert dialog.options.roots == (tmp_path / "lib",)
    qtbot.waitUntil(lambda: dialog.result() is not None and not dialog.is_running(), timeout=60_000)
    (group,) = dialog.result().groups
    assert {m.path for m in group.members} == {query, keep.path, copy.path}
    assert group.reference.path == query
    dialog.close()

    # A folder ticked as protected just now counts for the look-up too (it reads the settings)
    window.scan_panel.add_folders([tmp_path / "lib" / "b"])
    window.scan_panel.folder_model.item(1).setCheckState(Qt.CheckState.Checked)
    _drop(window, _mime(query))
    dialog = next(d for d in window.findChildren(FindDialog) if d.isVisible())
    assert dialog.options.reference_roots == (tmp_path / "lib" / "b",)
    qtbot.waitUntil(lambda: dialog.result() is not None and not dialog.is_running(), timeout=60_000)
    # and a tick while the window is open: it looks up again, and its copy there is kept
    window.scan_panel.folder_model.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.options.reference_roots == ()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=60_000)
    window.scan_panel.folder_model.item(1).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=60_000)
    (group,) = dialog.result().groups
    assert {m.path for m in group.members if m.photo.in_reference_root} == {copy.path}
    dialog.close()


def test_not_duplicates_then_forget_groups_the_photos_again(tmp_path, qtbot, make_window):
    """A real scan, the real decisions store: Not duplicates hides the group, Selection > Forget
    "Not Duplicates" Decisions (after a question) brings it back; Cancel changes nothing."""
    from dupviewer.engine import scanner
    from dupviewer.engine.model import ScanOptions

    original = write_photo(tmp_path / "lib" / "a", seed=3)
    smaller = tmp_path / "lib" / "b" / "small.jpg"
    smaller.parent.mkdir(parents=True)
    Image.open(original).resize((160, 120)).save(smaller, quality=80)
    decisions = tmp_path / "decisions.json"
    options = ScanOptions(roots=(tmp_path / "lib",), use_cache=False, decisions_path=decisions)
    window = make_window()
    window.show_result(scanner.scan(options))
    assert len(window.review.result().groups) == 1
    assert window.forget_not_duplicates() is None  # nothing stored yet: no question
    assert "No “Not duplicates” decisions" in window.statusBar().currentMessage()

    window.review.not_duplicates_button.click()
    assert window.review.result().groups == ()
    box = window.forget_not_duplicates()
    assert "1 pair" in box.informativeText()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.review.result().groups == () and decisions.is_file()

    box = window.forget_not_duplicates()
    next(b for b in box.buttons() if b.text() == "Forget").click()
    assert len(window.review.result().groups) == 1
    assert "can be grouped again" in window.statusBar().currentMessage()


def test_export_csv_and_json(tmp_path, qtbot, make_window):
    keep, copy = exact_pair(tmp_path / "lib")
    result = result_of([group_of([keep, copy])], roots=[tmp_path / "lib"])
    targets = {"csv": tmp_path / "out.csv", "json": tmp_path / "out.json"}
    window = make_window(choose_export=lambda _w, fmt: targets[fmt.value])
    window.show_result(result)

    assert window.export_csv() == targets["csv"]
    assert window.export_json() == targets["json"]
    data = json.loads(targets["json"].read_text(encoding="utf-8"))
    members = data["groups"][0]["members"]
    assert [m["path"] for m in members] == [str(keep.path), str(copy.path)]
    assert [(m["keep"], m["marked"]) for m in members] == [(True, False), (False, False)]
    with targets["csv"].open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert str(copy.path) in {cell for row in rows for cell in row}

    # What the user decided is what the export says: they keep the copy, the original goes.
    window.review._state.make_keeper(copy.path)
    window.review.set_marked({keep.path})
    window.export_json()
    members = json.loads(targets["json"].read_text(encoding="utf-8"))["groups"][0]["members"]
    assert [(m["keep"], m["marked"]) for m in members] == [(False, True), (True, False)]
    window.export_csv()
    with targets["csv"].open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["path"], r["keep"], r["marked"]) for r in rows] == [
        (str(keep.path), "false", "true"),
        (str(copy.path), "true", "false"),
    ]


def test_an_export_is_never_written_over_a_photo(tmp_path, qtbot, make_window, monkeypatch):
    """As the command line: a photo chosen as the export's file (its name or its bytes) is
    left as it is and the user is told."""
    from dupviewer.ui import export

    keep, copy = exact_pair(tmp_path / "lib")
    result = result_of([group_of([keep, copy])], roots=[tmp_path / "lib"])
    said = []
    monkeypatch.setattr(export, "show_message", lambda _w, _icon, title, text: said.append(text))
    window = make_window(choose_export=lambda _w, _fmt: copy.path)
    window.show_result(result)
    before = copy.path.read_bytes()
    assert window.export_json() is None
    assert copy.path.read_bytes() == before
    assert said == [f"{copy.path} is an image: the export was not written over it."]


def test_engine_words_are_translated_words_never_raw_values(qapp):
    for stage in Stage:
        assert stage_word(stage) and stage_word(stage) != stage.value
    for kind in ErrorKind:
        assert error_kind_word(kind) and error_kind_word(kind) != kind.value
    for reason in Reason:
        assert reason_word(reason) and reason_word(reason) != reason.value
    assert match_word("identical bytes") == "Exact copy"
    assert match_word("rotated 90") == "Rotated 90°"
    assert match_word("mirrored") == "Mirrored"
    assert match_word("some-future-label") == "Similar"


def test_about_shows_the_version(tmp_path, qtbot, make_window):
    window = make_window()
    dialog = AboutDialog(window)
    qtbot.addWidget(dialog)
    assert __version__ in dialog.version_label.text()
    window.actions.about.trigger()  # opens without blocking
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, AboutDialog) and w.isVisible() for w in window.findChildren(AboutDialog)
        )
    )


def test_app_arguments():
    args = app_module.parse_args(["--demo", "/photos", "-platform", "offscreen"])
    assert args.demo and args.paths == [Path("/photos")]
    args = app_module.parse_args(["--lang", "zh_TW"])
    assert args.lang == "zh_TW" and not args.demo and args.paths == []


def test_app_icon_comes_from_resources(qapp):
    icon = app_module.app_icon()
    assert not icon.isNull()
    assert 256 in {size.width() for size in icon.availableSizes()}


def test_excepthook_logs_and_shows_a_dialog_without_blocking(
    tmp_path, qtbot, monkeypatch, make_window
):
    window = make_window()
    seen = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: seen.append(exc[0]))
    hook = app_module.ExceptionDialogHook(window)
    try:
        raise RuntimeError("kaboom")
    except RuntimeError:
        hook(*sys.exc_info())
    assert seen == [RuntimeError]  # the previous hook (logging) ran
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and "kaboom" in boxes[0].informativeText()
    hook(RuntimeError, RuntimeError("again"), None)
    assert len([b for b in window.findChildren(QMessageBox) if b.isVisible()]) == 1
    boxes[0].close()


@pytest.mark.parametrize("complete", [True, False])
def test_an_incomplete_result_is_labelled_as_such(tmp_path, qtbot, complete, make_window):
    keep, copy = exact_pair(tmp_path / "lib")
    result = result_of([group_of([keep, copy])], roots=[tmp_path / "lib"], complete=complete)
    window = make_window(fake_scan_returning(result))
    window.scan_panel.add_folders([tmp_path / "lib"])
    with qtbot.waitSignal(window.scan_controller.scan_finished, timeout=5000):
        window.start_scan()
    labelled = "Incomplete" in window.summary_label.text()
    assert labelled is (not complete)
    assert ("cancel" in window.progress_view.stage_label.text().lower()) is (not complete)


def test_a_scan_of_only_unreadable_files_counts_no_photos(tmp_path, qtbot, make_window):
    """A folder holding only files that cannot be read (an empty .jpg, text named .jpg, a bare
    PNG signature): the summary says "Photos: 0", as the centre says fewer than two photos were
    found; the files are the Problems. Scanned by the real engine, so the result has its shape."""
    from dupviewer.engine import scanner
    from dupviewer.engine.model import ScanOptions

    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "empty.jpg").write_bytes(b"")
    (lib / "text.jpg").write_text("not a photo at all\n")
    (lib / "signature.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = scanner.scan(ScanOptions(roots=(lib,), use_cache=False, workers=1))
    assert not result.photos and len(result.errors) == 3 and result.stats.files_seen == 3
    window = make_window(fake_scan_returning(result))
    window.scan_panel.add_folders([lib])
    with qtbot.waitSignal(window.scan_controller.scan_finished, timeout=5000):
        window.start_scan()
    counts = window.progress_view.count_label.text()
    assert counts.startswith("Photos: 0 ·") and counts.endswith("Problems: 3")
    assert "Fewer than two photos" in window.welcome.text()


def test_a_cancelled_scan_that_kept_no_fingerprints_counts_what_it_analysed(qtbot):
    """The summary of a result without `photos` (a cancelled scan's, as the scan worker's tests
    return) counts the files analysed, less those that failed; not 0, not every file seen."""
    from dupviewer.engine.model import ScanOptions, ScanResult, ScanStats
    from dupviewer.ui.progress_view import ProgressView

    view = ProgressView()
    qtbot.addWidget(view)
    stats = ScanStats(files_seen=40, hashed=9, from_cache=3, failed=2)
    view.finish(ScanResult(ScanOptions(roots=()), (), (), stats, complete=False))
    assert view.count_label.text().startswith("Photos: 10 ·")
    assert "Incomplete" in view.stage_label.text()


def test_the_first_window_fits_a_small_screen(make_window):
    """No saved geometry: the window opens at 1200x780 where there is room, else at the
    screen's free area (on a 1024x700 screen its right edge was off screen), never below what
    its widgets need."""
    window = make_window()
    room = window.screen().availableGeometry().size()
    need = window.minimumSizeHint()
    assert window.width() == max(min(1200, room.width() - 16), need.width())
    assert window.height() == max(min(780, room.height() - 40), need.height())
    assert room.width() < 1200  # the offscreen screen is small: the bound was applied


def test_options_that_need_a_new_scan_say_so(tmp_path, qtbot, make_window):
    """QA: picking another method after a scan changed nothing and said nothing (the distance
    regroups at once, so a user expected the same)."""
    a, b = exact_pair(tmp_path / "lib")
    window = make_window(fake_scan_returning(result_of([group_of([a, b])], roots=[tmp_path])))
    window.scan_panel.add_folders([tmp_path / "lib"])
    window.scan_panel.rotations_check.setChecked(False)  # as the fake scan's result says
    window.scan_panel.crops_check.setChecked(False)
    with qtbot.waitSignal(window.scan_controller.scan_finished, timeout=5000):
        window.start_scan()
    qtbot.waitUntil(lambda: not window.scan_controller.is_running())
    combo = window.scan_panel.algorithm_combo
    other = next(i for i in range(combo.count()) if combo.itemData(i) != "phash")
    combo.setCurrentIndex(other)
    combo.activated.emit(other)
    assert "Scan (F5) to use these options" in window.statusBar().currentMessage()
    phash = combo.findData("phash")
    combo.setCurrentIndex(phash)
    combo.activated.emit(phash)  # back to what was scanned: nothing to say
    assert window.statusBar().currentMessage() == ""


def test_on_a_small_screen_scan_problems_wait_under_the_view_menu(tmp_path, qtbot, make_window):
    """QA: at 1024x700 the problems dock opening after every scan with an unreadable file left
    one cut row of cards; there it stays closed and the status bar points to it."""
    result, _ = _pair_and_a_broken_file(tmp_path)
    window = make_window(fake_scan_returning(result))
    window.show()
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.height() == 700)
    window.scan_panel.add_folders([tmp_path / "lib"])
    with qtbot.waitSignal(window.scan_controller.scan_finished, timeout=5000):
        window.start_scan()
    qtbot.waitUntil(lambda: not window.scan_controller.is_running())
    assert not window.problems_dock.isVisible()
    assert "1 file could not be used: View > Problems." in window.statusBar().currentMessage()
    assert window.errors_panel.model.rowCount() == 1  # listed, one click away

    window.resize(1280, 900)
    qtbot.waitUntil(lambda: window.height() == 900)
    with qtbot.waitSignal(window.scan_controller.scan_finished, timeout=5000):
        window.start_scan()
    qtbot.waitUntil(lambda: not window.scan_controller.is_running())
    assert window.problems_dock.isVisible()


def test_after_a_scan_the_keys_go_to_the_groups_not_the_folder_list(tmp_path, qtbot, make_window):
    """QA: after F5 the focus sat in the folder list, where Space (the review's "mark") ticked
    the library as protected; and Tab went round inside the problems table for ever."""
    result, _ = _pair_and_a_broken_file(tmp_path)
    window = make_window(fake_scan_returning(result))
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.scan_panel.add_folders([tmp_path / "lib"])
    window.scan_panel.folder_view.setFocus()
    with qtbot.waitSignal(window.scan_controller.scan_finished, timeout=5000):
        window.start_scan()
    qtbot.waitUntil(lambda: not window.scan_controller.is_running())
    assert window.focusWidget() is window.review.group_view
    assert not window.errors_panel.view.tabKeyNavigation()


def test_the_window_fits_an_800_by_600_screen_after_a_scan_and_auto_select(
    tmp_path, qtbot, make_window
):
    """QA: on an 800x600 screen the window grew to 877 pixels after a scan and Auto-select (the
    scan's summary line, the marked total and the group list each kept a one-line width),
    cutting off the photos' side. Everything wraps or gives way now; the photos' side gets room
    before the group list keeps more than its least."""
    result, _ = _pair_and_a_broken_file(tmp_path)
    window = make_window(fake_scan_returning(result))
    window.show()
    window.resize(784, 560)
    window.scan_panel.add_folders([tmp_path / "lib"])
    with qtbot.waitSignal(window.scan_controller.scan_finished, timeout=5000):
        window.actions.scan.trigger()
    qtbot.waitUntil(lambda: not window.scan_controller.is_running())
    window.actions.auto_select.trigger()
    assert window.scan_dock.isVisible()  # the Scan panel still open
    qtbot.wait(50)
    assert window.minimumSizeHint().width() <= 784
    assert window.width() <= 784
    groups, photos = window.review._splitter.sizes()
    # the group list gave up its width first
    assert photos >= 360 or groups <= window.review.group_view.minimumWidth() + 2


def test_the_status_bar_drops_what_the_review_said_once_it_is_no_longer_so(
    tmp_path, qtbot, make_window
):
    """QA: after Clear Marks the status bar kept "Auto-select marked 1 photo..." next to
    "Marked: 0" for 8 s. The window's own messages are not the review's to clear."""
    result, _ = _pair_and_a_broken_file(tmp_path)
    window = make_window(fake_scan_returning(result))
    window.show()
    window.scan_panel.add_folders([tmp_path / "lib"])
    with qtbot.waitSignal(window.scan_controller.scan_finished, timeout=5000):
        window.actions.scan.trigger()
    qtbot.waitUntil(lambda: not window.scan_controller.is_running())
    bar = window.statusBar()
    window.actions.auto_select.trigger()
    qtbot.waitUntil(lambda: bar.full_message().startswith("Auto-select marked 1 photo"))
    window.actions.clear_marks.trigger()
    assert bar.full_message() == ""
    bar.showMessage("Exported to /tmp/x.json")  # the window's own word
    window.review.clear_status()
    assert bar.full_message() == "Exported to /tmp/x.json"
    # the closer look's words in the background do not replace it at once either (QA: a
    # removal's result was gone in 30 ms); the review's own answers to the user do
    bar.showMessage("Moved to trash: 4 photos (294.2 kB). Not moved: 6, see Problems.")
    window.review.background_message.emit("Looked closer: every marked photo is a plain copy.")
    assert bar.full_message().startswith("Moved to trash: 4 photos")
    window.review.status_message.emit("Cannot mark every photo of a group.")
    assert bar.full_message() == "Cannot mark every photo of a group."
