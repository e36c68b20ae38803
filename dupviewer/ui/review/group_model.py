"""The list of duplicate groups, one row per group, in the engine's order (most space freed
first). Rows are cheap: a row computes its texts only when a view asks, so 10,000 groups cost
nothing until they scroll into view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Slot

from dupviewer.engine.model import GroupKind
from dupviewer.ui.review.marking import ReviewState
from dupviewer.ui.review.roles import Role
from dupviewer.ui.review.thumbnails import ThumbnailCache, placeholder
from dupviewer.ui.words import number_text, size_text

GROUP_THUMB = 64

_Index = QModelIndex | QPersistentModelIndex


class GroupModel(QAbstractListModel):
    """Rows of `ReviewState`; the decoration is the keeper's thumbnail."""

    def __init__(self, state: ReviewState, thumbs: ThumbnailCache, parent=None) -> None:
        super().__init__(parent)
        self._state = state
        self._thumbs = thumbs
        self._placeholder = placeholder(GROUP_THUMB)
        state.groups_about_to_change.connect(self._on_state_groups_about_to_change)
        state.groups_changed.connect(self._on_state_groups_changed)
        state.group_changed.connect(self._on_state_group_changed)
        state.all_marks_changed.connect(self._on_state_all_marks_changed)
        thumbs.thumbnail_ready.connect(self._on_thumbs_thumbnail_ready)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._state)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not self.checkIndex(index, QAbstractListModel.CheckIndexOption.IndexIsValid):
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._state):
            return None
        row = index.row()
        group = self._state.group(row)
        keeper = self._state.keeper(row)
        if role == Qt.ItemDataRole.DecorationRole:
            pix = self._thumbs.pixmap(keeper, GROUP_THUMB)
            return pix if pix is not None else self._placeholder
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                self.tr("%1 — %Ln photo(s), %2", "", len(group.members))
                .replace("%1", keeper.name)
                .replace("%2", size_text(sum(m.photo.size for m in group.members)))
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(keeper)
        if role == Role.GROUP:
            return group
        if role == Role.PATH:
            return keeper
        if role == Role.COUNT:
            return len(group.members)
        if role == Role.EXACT:
            return group.kind == GroupKind.EXACT
        if role == Role.RECLAIMABLE:
            return group.reclaimable
        if role == Role.MARKED_COUNT:
            return len(self._state.marked_in(row))
        if role == Role.MARKED_BYTES:
            return sum(m.photo.size for m in self._state.marked_in(row))
        if role == Role.SUMMARY:
            return self._summary(row)
        return None

    def _summary(self, row: int) -> list[str]:
        """Three short lines: name, count and size, what marking frees."""
        group = self._state.group(row)
        keeper = self._state.keeper(row)
        count = len(group.members)
        total = sum(m.photo.size for m in group.members)
        marked = self._state.marked_in(row)
        line2 = self.tr("%Ln photo(s) · %1", "", count).replace("%1", size_text(total))
        if marked:
            line3 = (
                self.tr("%1 marked · frees %2")
                .replace("%1", number_text(len(marked)))
                .replace("%2", size_text(sum(m.photo.size for m in marked)))
            )
        elif proposed := self._state.proposed_bytes(row):  # with the keeper now picked
            line3 = self.tr("Can free %1").replace("%1", size_text(proposed))
        else:  # every copy protected or left to the user (`caution`): not "Can free 0 bytes"
            line3 = self.tr("Nothing proposed: look first")
        return [keeper.name, line2, line3]

    def index_of_row(self, row: int) -> QModelIndex:
        return self.index(row, 0) if 0 <= row < len(self._state) else QModelIndex()

    @Slot()
    def _on_state_groups_about_to_change(self) -> None:
        self.beginResetModel()

    @Slot()
    def _on_state_groups_changed(self) -> None:
        self.endResetModel()

    @Slot(int)
    def _on_state_group_changed(self, row: int) -> None:
        idx = self.index(row, 0)
        self.dataChanged.emit(idx, idx)

    @Slot()
    def _on_state_all_marks_changed(self) -> None:
        if len(self._state):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._state) - 1, 0))

    @Slot(str, int)
    def _on_thumbs_thumbnail_ready(self, path: str, size: int) -> None:
        if size != GROUP_THUMB:
            return
        row = self._state.row_of(path)
        if row is not None and str(self._state.keeper(row)) == path:
            idx = self.index(row, 0)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])
