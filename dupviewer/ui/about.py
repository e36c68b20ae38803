"""Help > About: name, version, what the app does, licence, and the versions it runs on."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from dupviewer import __version__


class AboutDialog(QDialog):
    """A small non-resizable dialog; the icon is the application's window icon."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About dupviewer"))
        icon = QLabel()
        window_icon = parent.windowIcon() if parent is not None else self.windowIcon()
        icon.setPixmap(window_icon.pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(
            "<h2>dupviewer</h2><p>" + self.tr("Version %1").replace("%1", __version__) + "</p>"
        )
        self.version_label = title
        text = QLabel(
            self.tr(
                "Finds duplicate and near-duplicate photos, lets you compare them side by side, "
                "and sends the extra copies to the trash safely: the last copy of a photo is "
                "never removed."
            )
        )
        text.setWordWrap(True)
        licence = QLabel(
            self.tr("Free software under the GNU General Public License, version 3 or later.")
        )
        licence.setWordWrap(True)
        runtime = QLabel(
            self.tr("Python %1 · Qt %2 · PySide %3")
            .replace("%1", platform.python_version())
            .replace("%2", qVersion())
            .replace("%3", PySide6.__version__)
        )
        runtime.setEnabled(False)
        runtime.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        column = QVBoxLayout()
        for label in (title, text, licence, runtime):
            column.addWidget(label)
        row = QHBoxLayout()
        row.addWidget(icon)
        row.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
