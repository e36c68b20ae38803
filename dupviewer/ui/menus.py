"""The main window's actions, menus and toolbar, with their shortcuts and translated texts.

Kept apart from `main_window` so the window stays about wiring. Every action triggers a public
method of the window; the window enables and disables them from its state.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QToolBar

from dupviewer.ui.i18n import available_languages

if TYPE_CHECKING:
    from dupviewer.ui.main_window import MainWindow


_ACCELERATOR_SUFFIX = re.compile(r"\s*[(（]&[^()（）]+[)）]\s*$")  # "新增資料夾(&A)…" in CJK menus


def toolbar_text(menu_text: str) -> str:
    """A menu text as a toolbar button says it: no accelerator and no "…".

    Qt drops only the `&` itself, so a Chinese "新增資料夾(&A)…" would read "新增資料夾(A)…" on
    a button without a mnemonic underline.
    """
    text = menu_text.strip().removesuffix("…").removesuffix("...").rstrip()
    text = _ACCELERATOR_SUFFIX.sub("", text)
    text = re.sub(r"&(.)", r"\1", text)  # "&&" stands for a literal "&"
    return text.removesuffix("…").removesuffix("...").strip()


class WindowActions(QObject):
    """File, Selection, View and Help menus and the toolbar of a `MainWindow`."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        keys = QKeySequence.StandardKey
        self.add_folder = self._action(window.scan_panel.choose_and_add_folder, keys.Open)
        self.scan = self._action(window.start_scan, "F5", "Ctrl+R")
        # Esc works only while a scan runs (the action is disabled otherwise); it presses the
        # progress bar's Cancel, which then says "Cancelling…".
        self.cancel = self._action(window.cancel_work, "Esc")
        self.find_copies = self._action(window.find_copies, "Ctrl+F")
        self.export_csv = self._action(window.export_csv)
        self.export_json = self._action(window.export_json)
        self.quit = self._action(window.close, "Ctrl+Q")
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.auto_select = self._action(window.auto_select, "Ctrl+Shift+A")
        self.clear_marks = self._action(window.clear_marks, "Ctrl+Shift+D")
        self.keep_rules = self._action(window.edit_keep_rules)
        self.forget_not_duplicates = self._action(window.forget_not_duplicates)
        self.trash = self._action(window.send_marked_to_trash, "Ctrl+Del")
        self.put_back = self._action(window.put_back_last_removal, keys.Undo)
        self.larger_thumbnails = self._action(window.larger_thumbnails, keys.ZoomIn, "Ctrl+=")
        self.smaller_thumbnails = self._action(window.smaller_thumbnails, keys.ZoomOut)
        self.about = self._action(window.show_about)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        self.language_group = QActionGroup(self)
        self.languages: dict[str, QAction] = {}
        for code in ("", *(c for c, _ in available_languages())):
            action = QAction(self.language_group)
            action.setCheckable(True)
            action.setData(code)
            action.setChecked(code == window.settings.language)
            action.triggered.connect(self._on_language_triggered)
            self.languages[code] = action

        bar = window.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addActions([self.add_folder, self.scan, self.cancel, self.find_copies])
        self.file_menu.addSeparator()
        self.export_menu = self.file_menu.addMenu("")
        self.export_menu.addActions([self.export_csv, self.export_json])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit)
        self.selection_menu = bar.addMenu("")
        self.selection_menu.addActions([self.auto_select, self.clear_marks, self.keep_rules])
        self.selection_menu.addAction(self.forget_not_duplicates)
        self.selection_menu.addSeparator()
        self.selection_menu.addActions([self.trash, self.put_back])
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(window.scan_dock.toggleViewAction())
        self.view_menu.addAction(window.problems_dock.toggleViewAction())
        self.view_menu.addSeparator()
        self.view_menu.addActions([self.larger_thumbnails, self.smaller_thumbnails])
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.addActions(self.language_group.actions())
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about)

        self.toolbar = QToolBar(window)
        self.toolbar.setObjectName("main_toolbar")  # saveState() needs a name
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setMovable(False)
        self.toolbar.addActions([self.add_folder, self.scan])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.auto_select, self.clear_marks])
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.trash)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.retranslate()

    def _action(self, slot, *shortcuts: QKeySequence | QKeySequence.StandardKey | str) -> QAction:
        action = QAction(self._window)  # owned by the window so its shortcuts work everywhere
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.triggered.connect(slot)
        return action

    @Slot()
    def _on_language_triggered(self) -> None:
        action = self.language_group.checkedAction()
        self._window.set_language(action.data() if action is not None else "")

    def retranslate(self) -> None:
        self.add_folder.setText(self.tr("&Add Folder…"))
        self.scan.setText(self.tr("&Scan"))
        self.scan.setToolTip(self.tr("Scan the folders for duplicate photos (F5)"))
        self.cancel.setText(self.tr("&Cancel Scan"))
        self.find_copies.setText(self.tr("&Find Copies of Photos…"))
        self.find_copies.setToolTip(
            self.tr("Look for copies of chosen photos in the folders to scan")
        )
        self.export_menu.setTitle(self.tr("&Export"))
        self.export_csv.setText(self.tr("As &CSV…"))
        self.export_json.setText(self.tr("As &JSON…"))
        self.quit.setText(self.tr("&Quit"))
        self.auto_select.setText(self.tr("&Auto-Select"))
        self.auto_select.setToolTip(
            self.tr(
                "Mark every copy except the best one of each group, by the keep rules (crops, "
                "other shapes, turned or mirrored copies and mostly flat pictures are left for "
                "you to look at)"
            )
        )
        self.clear_marks.setText(self.tr("C&lear Marks"))
        self.keep_rules.setText(self.tr("&Keep Rules…"))
        self.forget_not_duplicates.setText(self.tr("&Forget “Not Duplicates” Decisions…"))
        self.forget_not_duplicates.setToolTip(
            self.tr("Let photos you marked as not duplicates be grouped again")
        )
        self.trash.setText(self.tr("Send Marked to &Trash"))
        self.trash.setToolTip(self.tr("Move the marked photos to the trash (Ctrl+Del)"))
        self.put_back.setText(self.tr("&Put Back Last Removal"))
        self.put_back.setToolTip(
            self.tr("Move the photos of the last removal back from the trash (Ctrl+Z)")
        )
        self.larger_thumbnails.setText(self.tr("La&rger Thumbnails"))
        self.smaller_thumbnails.setText(self.tr("S&maller Thumbnails"))
        for action in (self.larger_thumbnails, self.smaller_thumbnails):
            action.setToolTip(self.tr("Resize the photo cards (also Ctrl and the mouse wheel)"))
        self.about.setText(self.tr("&About dupviewer"))
        self.file_menu.setTitle(self.tr("&File"))
        self.selection_menu.setTitle(self.tr("&Selection"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.language_menu.setTitle(self.tr("&Language (after restart)"))
        self.languages[""].setText(self.tr("System Language"))
        for code, name in available_languages():
            self.languages[code].setText(name)
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        for action in self.toolbar.actions():
            if not action.isSeparator():
                action.setIconText(toolbar_text(action.text()))
