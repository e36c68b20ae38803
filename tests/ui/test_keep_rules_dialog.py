"""Selection > Keep Rules: reorder with the buttons, Enter accepts (never moves a rule), and the
main window remembers the order and auto-selects with it."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog

from dupviewer.engine.model import DEFAULT_KEEP_RULES, KeepRule
from dupviewer.ui.keep_rules_dialog import KeepRulesDialog
from dupviewer.ui.main_window import MainWindow
from dupviewer.ui.settings import Settings
from tests.ui.shell_helpers import close_windows


def test_buttons_move_the_current_rule_and_reset_restores_the_defaults(qtbot):
    dialog = KeepRulesDialog(DEFAULT_KEEP_RULES)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(2)
    moved = dialog.rules()[2]
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    assert dialog.rules()[1] is moved and dialog.list.currentRow() == 1
    qtbot.mouseClick(dialog.down_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.down_button, Qt.MouseButton.LeftButton)
    assert dialog.rules()[3] is moved
    dialog.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)  # already first: stays
    assert dialog.rules()[0] is DEFAULT_KEEP_RULES[0]
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert dialog.rules() == DEFAULT_KEEP_RULES


def test_enter_accepts_even_with_a_move_button_focused(qtbot):
    """A keyboard user presses Enter to close the dialog; a focused Move Up must not take it
    (Qt's autoDefault would press it and move a rule instead)."""
    dialog = KeepRulesDialog(DEFAULT_KEEP_RULES)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.list.setCurrentRow(3)
    dialog.up_button.setFocus()
    with qtbot.waitSignal(dialog.finished, timeout=2000) as finished:
        qtbot.keyClick(dialog.up_button, Qt.Key.Key_Return)
    assert finished.args == [QDialog.DialogCode.Accepted.value]
    assert dialog.rules() == DEFAULT_KEEP_RULES


def test_the_window_remembers_the_chosen_order(qtbot, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings)
    qtbot.addWidget(window)
    try:
        window.edit_keep_rules()
        dialog = window.findChild(KeepRulesDialog)
        dialog.list.setCurrentRow(list(DEFAULT_KEEP_RULES).index(KeepRule.LARGEST_FILE))
        while dialog.rules()[0] is not KeepRule.LARGEST_FILE:
            dialog.move_current(-1)
        dialog.accept()
        assert settings.keep_rules[0] is KeepRule.LARGEST_FILE
        assert set(settings.keep_rules) == set(DEFAULT_KEEP_RULES)
    finally:
        close_windows([window], qtbot)
