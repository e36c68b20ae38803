"""Selection > Keep Rules: the order in which auto-select picks the copy to keep (first decides)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dupviewer.engine.model import DEFAULT_KEEP_RULES, KeepRule
from dupviewer.ui.words import keep_rule_word


class KeepRulesDialog(QDialog):
    """Reorder the keep rules; `rules()` is the chosen order."""

    def __init__(self, rules: Sequence[KeepRule], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keep Rules"))
        intro = QLabel(
            self.tr(
                "Auto-select keeps the copy that wins the first rule where the copies "
                "differ. Move the rules you care about most to the top."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self._fill(rules)
        self.up_button = QPushButton(self.tr("Move Up"))
        self.down_button = QPushButton(self.tr("Move Down"))
        self.reset_button = QPushButton(self.tr("Reset"))
        self.up_button.clicked.connect(self._on_up_clicked)
        self.down_button.clicked.connect(self._on_down_clicked)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        side = QVBoxLayout()
        for button in (self.up_button, self.down_button, self.reset_button):
            button.setAutoDefault(False)  # Enter is OK, even with a move button focused
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def _fill(self, rules: Sequence[KeepRule]) -> None:
        self.list.clear()
        for rule in rules:
            item = QListWidgetItem(keep_rule_word(rule))
            item.setData(Qt.ItemDataRole.UserRole, rule.value)
            self.list.addItem(item)
        self.list.setCurrentRow(0)

    def rules(self) -> tuple[KeepRule, ...]:
        return tuple(
            KeepRule(self.list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.count())
        )

    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    @Slot()
    def _on_up_clicked(self) -> None:
        self.move_current(-1)

    @Slot()
    def _on_down_clicked(self) -> None:
        self.move_current(1)

    @Slot()
    def _on_reset_clicked(self) -> None:
        self._fill(DEFAULT_KEEP_RULES)
