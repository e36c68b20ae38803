"""The export's file dialog: the suffix is the dialog's own (its "replace?" sees the real name)
and the folder of the last export is where it opens next time."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWidget

from dupviewer.ui.export import ExportFormat, choose_export_path


def _answer(name: str, seen: list[str]) -> None:
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog))
    seen.append(dialog.directory().absolutePath())
    if Path(name).is_absolute():
        dialog.setDirectory(str(Path(name).parent))
    dialog.findChild(QLineEdit, "fileNameEdit").setText(Path(name).name)  # as typed
    dialog.accept()


def test_the_suffix_is_added_and_the_folder_remembered(qtbot, tmp_path, monkeypatch) -> None:
    settings_file = tmp_path / "s.ini"
    monkeypatch.setattr(
        "dupviewer.ui.export.QSettings",
        lambda: QSettings(str(settings_file), QSettings.Format.IniFormat),
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[str] = []
    folder = tmp_path / "exports"
    folder.mkdir()
    QTimer.singleShot(200, lambda: _answer(str(folder / "groups"), seen))
    assert choose_export_path(parent, ExportFormat.JSON) == folder / "groups.json"
    QTimer.singleShot(200, lambda: _answer("again", seen))
    chosen = choose_export_path(parent, ExportFormat.CSV)
    assert chosen == folder / "again.csv" and Path(seen[1]) == folder
