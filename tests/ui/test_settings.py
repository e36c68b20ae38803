"""Settings persist to an injected ini file (never the user's real settings), with safe defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings

from dupviewer.engine.model import DEFAULT_KEEP_RULES, DEFAULT_THRESHOLD, HashAlgorithm, KeepRule
from dupviewer.ui.main_window import MainWindow
from dupviewer.ui.scan_panel import ScanPanel
from dupviewer.ui.settings import MAX_RECENT, THUMBNAIL_SIZES, Settings
from tests.ui.shell_helpers import close_windows


@pytest.fixture
def windows(qtbot):
    made: list[MainWindow] = []
    yield made
    close_windows(made, qtbot)


def ini(path: Path) -> Settings:
    return Settings(QSettings(str(path), QSettings.Format.IniFormat))


def test_defaults_on_an_empty_file(tmp_path, qapp):
    s = ini(tmp_path / "s.ini")
    assert s.folders == [] and s.protected_folders == [] and s.recent_folders == []
    assert s.algorithm is HashAlgorithm.PHASH
    assert s.threshold == DEFAULT_THRESHOLD
    assert s.rotations is True and s.crops is True
    assert s.exclusions == []
    assert s.keep_rules == DEFAULT_KEEP_RULES
    assert s.language == ""
    assert s.window_geometry.isEmpty()


def test_every_setting_round_trips_through_the_file(tmp_path, qapp):
    path = tmp_path / "s.ini"
    s = ini(path)
    s.folders = [Path("/photos/a b"), Path("/照片")]
    s.protected_folders = [Path("/photos/a b")]
    s.algorithm = HashAlgorithm.DHASH
    s.threshold = 4
    s.rotations = False
    s.crops = False
    s.exclusions = ["*.gif"]  # a one-element list must stay a list
    rules = (KeepRule.OLDEST_MTIME, *[r for r in DEFAULT_KEEP_RULES if r != KeepRule.OLDEST_MTIME])
    s.keep_rules = rules
    s.thumbnail_size = 128
    s.window_geometry = QByteArray(b"\x01\x02geometry")
    s.language = "zh_TW"
    s.sync()
    assert path.is_file()

    again = ini(path)
    assert again.folders == [Path("/photos/a b"), Path("/照片")]
    assert again.protected_folders == [Path("/photos/a b")]
    assert again.algorithm is HashAlgorithm.DHASH
    assert again.threshold == 4
    assert again.rotations is False and again.crops is False
    assert again.exclusions == ["*.gif"]
    assert again.keep_rules == rules
    assert again.thumbnail_size == 128
    assert bytes(again.window_geometry.data()) == b"\x01\x02geometry"
    assert again.language == "zh_TW"


def test_damaged_values_fall_back_to_defaults(tmp_path, qapp):
    path = tmp_path / "s.ini"
    raw = QSettings(str(path), QSettings.Format.IniFormat)
    raw.setValue("scan/threshold", "many")
    raw.setValue("scan/algorithm", "md5")
    raw.setValue("scan/folders", "[not json")
    raw.setValue("review/keep_rules", '["size", "nonsense"]')
    raw.setValue("review/thumbnail_size", 99999)
    raw.sync()
    s = ini(path)
    assert s.threshold == DEFAULT_THRESHOLD
    assert s.algorithm is HashAlgorithm.PHASH
    assert s.folders == []
    # The known rule keeps its place first; every missing rule is appended, none lost.
    assert s.keep_rules[0] is KeepRule.LARGEST_FILE
    assert set(s.keep_rules) == set(DEFAULT_KEEP_RULES)
    assert s.thumbnail_size == THUMBNAIL_SIZES[-1]


def test_recent_folders_are_most_recent_first_unique_and_bounded(tmp_path, qapp):
    s = ini(tmp_path / "s.ini")
    for i in range(MAX_RECENT + 3):
        s.add_recent_folders([Path(f"/p/{i}")])
    s.add_recent_folders([Path("/p/5")])
    recent = s.recent_folders
    assert recent[0] == Path("/p/5")
    assert len(recent) == MAX_RECENT
    assert len(set(recent)) == len(recent)
    assert Path("/p/0") not in recent


def test_scan_panel_saves_and_loads_its_choices(tmp_path, qtbot):
    path = tmp_path / "s.ini"
    folder_a, folder_b = tmp_path / "a", tmp_path / "b"
    folder_a.mkdir()
    folder_b.mkdir()
    panel = ScanPanel(ini(path))
    qtbot.addWidget(panel)
    panel.add_folders([folder_a, folder_b], protected=[folder_b])
    panel.set_threshold(16)
    panel.rotations_check.setChecked(False)
    panel.exclusions_edit.setText("*.gif; Screenshots/*")
    panel.save()

    again = ScanPanel(ini(path))
    qtbot.addWidget(again)
    assert again.folders() == [folder_a, folder_b]
    assert again.protected_folders() == [folder_b]
    assert again.threshold() == 16
    assert again.preset_combo.currentData() == 16  # the "loose" preset
    assert not again.rotations_check.isChecked()
    options = again.options(DEFAULT_KEEP_RULES)
    assert options.exclude == ("*.gif", "Screenshots/*")
    assert options.reference_roots == (folder_b,)
    assert options.threshold == 16 and options.rotations is False


def test_window_geometry_and_state_are_remembered(tmp_path, qtbot, windows):
    path = tmp_path / "s.ini"
    window = MainWindow(ini(path))
    qtbot.addWidget(window)
    windows.append(window)
    window.show()
    qtbot.waitExposed(window)
    window.problems_dock.show()  # open at quit, but empty: it stays closed at the next start
    window.scan_dock.hide()  # not the default: the scan dock starts shown
    window.close()
    saved = bytes(window.saveGeometry().data())

    s = ini(path)
    assert bytes(s.window_geometry.data()) == saved
    assert not s.window_state.isEmpty()
    again = MainWindow(s)
    qtbot.addWidget(again)
    windows.append(again)
    again.show()
    qtbot.waitExposed(again)
    assert not again.problems_dock.isVisible()
    assert not again.scan_dock.isVisible()
    # (The offscreen screen is 800x600, so Qt clamps sizes; the bytes above are what is kept.)


@pytest.mark.parametrize("language", ["", "zh_CN"])
def test_language_choice_is_stored_for_the_next_start(tmp_path, qtbot, language, windows):
    path = tmp_path / "s.ini"
    window = MainWindow(ini(path))
    qtbot.addWidget(window)
    windows.append(window)
    window.actions.languages[language].trigger()
    assert ini(path).language == language


def test_keep_rule_order_is_edited_saved_and_given_to_the_review(
    tmp_path, qtbot, monkeypatch, windows
):
    path = tmp_path / "s.ini"
    window = MainWindow(ini(path))
    qtbot.addWidget(window)
    windows.append(window)
    given = []
    monkeypatch.setattr(window.review, "set_keep_rules", given.append)
    window.actions.keep_rules.trigger()
    dialog = window._keep_rules_dialog
    assert dialog.isVisible() and dialog.rules() == DEFAULT_KEEP_RULES
    dialog.list.setCurrentRow(2)  # the third rule to the top
    dialog.move_current(-1)
    dialog.move_current(-1)
    dialog.accept()
    expected = (DEFAULT_KEEP_RULES[2], *DEFAULT_KEEP_RULES[:2], *DEFAULT_KEEP_RULES[3:])
    assert given == [expected]
    assert ini(path).keep_rules == expected
