"""Files the scan (or a removal) could not use: path, a translated kind, and the reason.

A table model over a tuple of `FileError`, so a scan with thousands of unreadable files costs
nothing to show. The kind column is the translated summary a user reads first; the detail is the
engine's reason, translated where it is one of the engine's own phrases.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from dupviewer.engine.model import FileError
from dupviewer.ui.words import detail_text, error_kind_word

_Index = QModelIndex | QPersistentModelIndex


class ErrorsModel(QAbstractTableModel):
    """Read-only rows of (path, kind, reason); the kind is already translated when set."""

    PATH, KIND, REASON = range(3)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: tuple[tuple[str, str, str], ...] = ()

    def set_rows(self, rows: Sequence[tuple[str, str, str]]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def set_errors(self, errors: Sequence[FileError]) -> None:
        self.set_rows(
            [(str(e.path), error_kind_word(e.kind), detail_text(e.reason)) for e in errors]
        )

    def rows(self) -> tuple[tuple[str, str, str], ...]:
        return self._rows

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return {
            self.PATH: self.tr("File"),
            self.KIND: self.tr("Problem"),
            self.REASON: self.tr("Details"),
        }.get(section)


class ErrorsPanel(QWidget):
    """A sortable table of problems, meant for a dock at the bottom of the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ErrorsModel(self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self.model)
        self.view = QTableView()
        # Tab leaves the table (QA: it went cell by cell and wrapped, a keyboard user could not
        # get back to the groups); arrows still move between cells
        self.view.setTabKeyNavigation(False)
        self.view.setModel(self._proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(ErrorsModel.PATH, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ErrorsModel.KIND, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ErrorsModel.REASON, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def set_errors(self, errors: Sequence[FileError]) -> None:
        self.model.set_errors(errors)

    def set_rows(self, rows: Sequence[tuple[str, str, str]]) -> None:
        self.model.set_rows(rows)

    def count(self) -> int:
        return self.model.rowCount()
