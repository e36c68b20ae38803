"""The main window: scan panel (left dock), progress and review (centre), problems (bottom dock).

The window wires parts together and keeps the current `ScanResult`; the work lives elsewhere:
scanning in `ScanController`, removal in `TrashController`, review in `ReviewWidget`, export in
`export`. Everything a test must control (scan and trash functions, dialogs) is injectable.
"""

from __future__ import annotations

import html
import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dupviewer.engine import scanner
from dupviewer.engine.decisions import DecisionStore
from dupviewer.engine.journal import Journal, Method, UndoReport, UndoStatus, removal_of
from dupviewer.engine.model import ScanResult
from dupviewer.engine.removal import RemovalReport, TrashFunction
from dupviewer.ui.about import AboutDialog
from dupviewer.ui.errors_panel import ErrorsPanel
from dupviewer.ui.export import ExportFormat, SaveChooser, choose_export_path, export_result
from dupviewer.ui.find_view import (
    FindDialog,
    choose_images,
    image_files_from_mime,
    open_find_dialog,
)
from dupviewer.ui.keep_rules_dialog import KeepRulesDialog
from dupviewer.ui.menus import WindowActions
from dupviewer.ui.messages import show_message
from dupviewer.ui.progress_view import ProgressView
from dupviewer.ui.review.widget import ReviewWidget
from dupviewer.ui.scan_panel import ScanPanel, folders_from_mime
from dupviewer.ui.scan_worker import ScanController, ScanFunction
from dupviewer.ui.settings import Settings
from dupviewer.ui.status_bar import ElidingStatusBar
from dupviewer.ui.trash_controller import (
    Confirmer,
    TrashController,
    VolumeAsker,
    ask_volume_dialog,
    confirm_trash_dialog,
)
from dupviewer.ui.window_size import fit_to_screen
from dupviewer.ui.words import number_text, reason_word, sentences, size_text

log = logging.getLogger(__name__)

_PROBLEMS_HEIGHT = 160  # the problems dock when it opens by itself
_REVIEW_MIN_HEIGHT = 560  # what the review keeps at least (two rows of cards and its header)


def _photo_count(paths: set[Path]) -> int:
    """Files among `paths`: names of one file (hard links) count once."""
    ids = set()
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            ids.add(path)  # gone again: counted by its name
            continue
        ids.add((st.st_dev, st.st_ino))
    return len(ids)


_OWN_WORD_MS = 6000  # the window's own status message is not replaced by the review's sooner


class MainWindow(QMainWindow):
    """The app's one window."""

    def __init__(
        self,
        settings: Settings | QSettings,
        *,
        scan_function: ScanFunction | None = None,
        trash: TrashFunction | None = None,
        journal: Journal | Path | None = None,
        confirm_trash: Confirmer = confirm_trash_dialog,
        ask_volume: VolumeAsker = ask_volume_dialog,
        choose_export: SaveChooser = choose_export_path,
        choose_folder: Callable[[QWidget], Path | None] | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings if isinstance(settings, Settings) else Settings(settings)
        self._result: ScanResult | None = None
        self._last_removed: list[Path] = []  # what "Put Back Last Removal" puts back
        self._last_removal: str | None = None  # ...its journal id, when this window made it
        self._putting_back = False  # the second problems tab lists a put-back, not a removal
        self.last_removal_known = False  # the journal was read (see `_on_last_removal_found`)
        self._choose_export = choose_export
        self.setObjectName("main_window")
        self.setWindowTitle("dupviewer")
        self.setAcceptDrops(True)

        self.scan_controller = ScanController(self, scan_function)
        self.trash_controller = TrashController(
            self, trash=trash, journal=journal, confirm=confirm_trash, ask_volume=ask_volume
        )
        # Find Copies removes the same way, into the same journal (Put Back reads it)
        self._removal_kwargs = {
            "trash": trash,
            "journal": journal,
            "confirm_trash": confirm_trash,
            "ask_volume": ask_volume,
        }

        panel_kwargs = {"choose_folder": choose_folder} if choose_folder else {}
        self.scan_panel = ScanPanel(self.settings, **panel_kwargs)
        self.progress_view = ProgressView()
        self.progress_view.hide()
        self.review = ReviewWidget()
        self.review.set_keep_rules(self.settings.keep_rules)
        self.review.set_thumbnail_size(self.settings.thumbnail_size)
        self.welcome = QLabel()
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome.setWordWrap(True)
        self.welcome.setObjectName("welcome")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.review)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.progress_view)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.errors_panel = ErrorsPanel()
        self.not_moved_panel = ErrorsPanel()
        self.problem_tabs = QTabWidget()
        self.problem_tabs.setDocumentMode(True)
        self.problem_tabs.addTab(self.errors_panel, "")
        self.problem_tabs.addTab(self.not_moved_panel, "")
        self.scan_dock = self._dock(
            "scan_dock", self.scan_panel, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.problems_dock = self._dock(
            "problems_dock", self.problem_tabs, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.problems_dock.hide()
        self.setStatusBar(ElidingStatusBar())
        self._review_said = ""  # the review's last status message (`_on_review_status_message`)
        self.summary_label = QLabel()
        self.statusBar().addPermanentWidget(self.summary_label)

        self.actions = WindowActions(self)
        self._connect()
        self.retranslate()
        self._restore_window()
        self._update_state()

    # -- construction ---------------------------------------------------------------------------
    def _dock(self, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(name)  # saveState() needs names
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def _connect(self) -> None:
        self.scan_panel.scan_requested.connect(self.start_scan)
        self.scan_panel.threshold_changed.connect(self._on_scan_panel_threshold_changed)
        self.scan_panel.folders_changed.connect(self._on_scan_panel_folders_changed)
        self.scan_panel.scan_settings_changed.connect(self._on_scan_settings_changed)
        self.scan_controller.progressed.connect(self.progress_view.update_progress)
        self.scan_controller.scan_finished.connect(self._on_scan_finished)
        self.scan_controller.scan_failed.connect(self._on_scan_failed)
        self.scan_controller.running_changed.connect(self._update_state)
        self.progress_view.cancel_requested.connect(self.scan_controller.cancel)
        self.trash_controller.progressed.connect(self._on_trash_progressed)
        self.trash_controller.waiting.connect(self._on_trash_waiting)
        self.trash_controller.removal_finished.connect(self._on_removal_finished)
        self.trash_controller.put_back_finished.connect(self._on_put_back_finished)
        self.trash_controller.last_removal_found.connect(self._on_last_removal_found)
        self.trash_controller.find_last_removal()  # Put Back works after a restart too
        self.trash_controller.removal_failed.connect(self._on_removal_failed)
        self.trash_controller.running_changed.connect(self._update_state)
        self.review.marks_changed.connect(self._update_state)
        self.review.looking_closer_changed.connect(self._update_state)
        self.review.not_duplicates_requested.connect(self._on_review_not_duplicates_requested)
        self.review.status_message.connect(self._on_review_status_message)
        self.review.background_message.connect(self._on_review_background_message)
        self.review.thumbnail_size_changed.connect(self._on_review_thumbnail_size_changed)
        self._on_review_thumbnail_size_changed(self.review.thumbnail_size())

    def retranslate(self) -> None:
        """Set every text of the window (called once; a language change applies on restart)."""
        self.scan_dock.setWindowTitle(self.tr("Scan"))
        self.problems_dock.setWindowTitle(self.tr("Problems"))
        self._show_welcome()
        self._update_problem_tab_titles()

    def _set_centre_text(self, title: str, text: str) -> None:
        self.welcome.setText(
            f"<p style='font-size:15pt'>{html.escape(title)}</p><p>{html.escape(text)}</p>"
        )
        self.stack.setCurrentWidget(self.welcome)

    def _show_welcome(self) -> None:
        folders = len(self.scan_panel.folders())
        if folders:
            text = self.tr(
                "Press Scan to look for duplicates in the %Ln folder(s) on the left, or add "
                "more (drop them on this window).",
                "",
                folders,
            )
        else:
            text = self.tr(
                "Add the folders that hold your photos (or drop them on this window), "
                "then press Scan."
            )
        self._set_centre_text(self.tr("Find duplicate photos"), text)

    @Slot()
    def _on_scan_panel_folders_changed(self) -> None:
        self._update_state()
        if self._result is None and not self.scan_controller.is_running():
            self._show_welcome()  # its words follow the folder list until the first scan
        if not self.scan_controller.is_running():
            self._apply_protection()

    @Slot()
    def _on_scan_settings_changed(self) -> None:
        """Method, rotations, crops and skip patterns take a new scan: say so, or the groups
        shown look like the new method's (the distance, by contrast, regroups at once)."""
        current = self.review.result() or self._result
        if current is None or self.scan_controller.is_running():
            return
        wanted = self.scan_panel.options(self.settings.keep_rules)
        scanned = current.options
        if (wanted.algorithm, wanted.rotations, wanted.crops, wanted.exclude) != (
            scanned.algorithm,
            scanned.rotations,
            scanned.crops,
            scanned.exclude,
        ):
            self.statusBar().showMessage(
                self.tr("The groups shown are from the last scan: Scan (F5) to use these options."),
                0,  # until another message or a scan: the options differ until then
            )
        else:
            self.statusBar().clearMessage()

    def _focus_review(self) -> None:
        """After a scan or a removal the keys go to the groups. While the review was disabled
        the focus fell to the folder list, where Space (the review's "mark") ticked a folder as
        protected (QA)."""
        if self.stack.currentWidget() is self.review and self.review.isEnabled():
            self.review.group_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _protected_now(self) -> tuple[Path, ...]:
        """The folders protected now: the ticked ones, and the shown result's protected folders
        that are no longer listed at all (taking a folder off the list must not unprotect
        photos still shown; only an untick does)."""
        ticked = self.scan_panel.protected_folders()
        current = self.review.result() or self._result
        if current is None:
            return tuple(ticked)
        listed = set(self.scan_panel.folders())
        gone = [r for r in current.options.reference_roots if r not in listed]
        return tuple(dict.fromkeys([*ticked, *gone]))

    def _apply_protection(self) -> None:
        """A folder ticked or unticked after the scan counts at once: its photos are kept and
        never marked (or markable again), as if the scan had started that way. Before, a tick
        after the scan changed nothing until the next scan, and auto-select marked (and Send to
        Trash removed) photos of a folder shown as protected."""
        current = self.review.result() or self._result
        roots = self._protected_now()
        for dialog in self.findChildren(FindDialog):  # open look-ups follow the ticks too
            dialog.set_protected_folders(roots)
        if current is None:
            return
        before = set(current.options.reference_roots)
        if set(roots) == before:
            return
        self.regroup(reference_roots=roots)
        self.statusBar().showMessage(
            self.tr("Protected folders changed: the groups now keep their photos.")
            if set(roots) - before
            else self.tr("Folders no longer protected: their photos can be marked again."),
            8000,
        )

    def _show_groups(self, result: ScanResult) -> None:
        """The review, or what an empty result means (two blank panes said nothing)."""
        if result.groups:
            self.stack.setCurrentWidget(self.review)
            return
        photos = len(result.photos)
        if not result.complete:
            text = self.tr("The scan was cancelled before any duplicates were found.")
        elif photos < 2:
            text = self.tr("Fewer than two photos were found in these folders.")
        else:
            text = self.tr(
                "%1 photos were compared. Copies edited more heavily than the Distance allows "
                "are not shown: a higher Distance finds them, without scanning again."
            ).replace("%1", number_text(photos))
        self._set_centre_text(self.tr("No duplicate photos found"), text)

    # -- state ----------------------------------------------------------------------------------
    @property
    def remember_folders(self) -> bool:
        """False for the demo, whose temporary folder must not end up in the settings."""
        return self.scan_panel.remember_folders

    @remember_folders.setter
    def remember_folders(self, value: bool) -> None:
        self.scan_panel.remember_folders = value

    def result(self) -> ScanResult | None:
        return self._result

    @Slot()
    def _removing(self) -> bool:
        """A removal or a put back runs: this window's, or one of a Find Copies window (whose
        removals are this window's last removal: Put Back and a scan must wait for them)."""
        return self.trash_controller.is_running() or any(
            d.trash_controller.is_running() for d in self.findChildren(FindDialog)
        )

    def _update_state(self) -> None:
        scanning = self.scan_controller.is_running()
        removing = self._removing()
        busy = scanning or removing
        has_result = self._result is not None
        marked = self.review.marked_paths() if has_result else set()
        self.actions.scan.setEnabled(not busy and bool(self.scan_panel.folders()))
        self.scan_panel.scan_button.setEnabled(self.actions.scan.isEnabled())
        self.actions.cancel.setEnabled(scanning or self.trash_controller.is_removing())
        self.actions.add_folder.setEnabled(not busy)
        self.actions.find_copies.setEnabled(not busy and bool(self.scan_panel.folders()))
        for action in (self.actions.export_csv, self.actions.export_json):
            action.setEnabled(has_result and not busy)
        current = self.review.result() if has_result else None
        self.actions.auto_select.setEnabled(bool(current and current.groups) and not busy)
        self.actions.clear_marks.setEnabled(bool(marked) and not busy)
        # not while Auto-select's marks are looked at larger: some may be unmarked yet
        self.actions.trash.setEnabled(
            bool(marked) and not busy and not self.review.looking_closer()
        )
        self.actions.put_back.setEnabled(bool(self._last_removed) and not busy)
        self.actions.forget_not_duplicates.setEnabled(not busy)
        self.review.setEnabled(not busy)
        # no tick while files move: the removal under way was told the protected folders when
        # it started (QA: a tick then showed "Protected" on photos that still went)
        self.scan_panel.folder_view.setEnabled(not removing)
        self.summary_label.setText(self._summary(marked))
        # the progress view's summary line says the same "can be freed" as the status bar
        self.progress_view.set_can_free(self.review.proposed_bytes() if has_result else None)

    def _summary(self, marked: set[Path]) -> str:
        result = self.review.result() if self._result is not None else None
        if result is None:
            return ""
        sizes = {m.path: m.photo.size for g in result.groups for m in g.members}
        text = (
            self.tr("Groups: %1 · Can be freed: %2 · Marked: %3 (%4)")
            .replace("%1", number_text(len(result.groups)))
            .replace("%2", size_text(self.review.proposed_bytes()))  # for the keepers now
            .replace("%3", number_text(len(marked)))
            .replace("%4", size_text(sum(sizes.get(p, 0) for p in marked)))
        )
        if not result.complete:
            text = self.tr("Incomplete scan") + " · " + text
        return text

    def _update_problem_tab_titles(self) -> None:
        self.problem_tabs.setTabText(
            0, self.tr("Scan problems (%1)").replace("%1", number_text(self.errors_panel.count()))
        )
        title = self.tr("Not put back (%1)") if self._putting_back else self.tr("Not moved (%1)")
        self.problem_tabs.setTabText(
            1, title.replace("%1", number_text(self.not_moved_panel.count()))
        )

    def show_result(self, result: ScanResult) -> None:
        """Hand a result to the review and the problems panel."""
        self._result = result
        self.review.set_result(result)
        self._show_groups(result)
        self.errors_panel.set_errors(result.errors)
        self.not_moved_panel.set_rows([])  # those were the last result's
        self._update_problem_tab_titles()
        if result.errors and self._room_for_problems():
            self._show_problems()
        else:  # nothing to show, or a small screen: the review gets the room (View > Problems)
            self.problems_dock.hide()
        self._update_state()

    def _room_for_problems(self) -> bool:
        """Whether the problems dock can open by itself under the review and leave it room for
        a couple of rows of cards. On a small screen (QA: 1024x700 left one cut row of cards) the
        files a scan could not read wait under View > Problems, and the status bar says so;
        files a removal did not move always open it."""
        if self.problems_dock.isVisible() or self.problems_dock.isFloating():
            return True
        return self.centralWidget().height() - _PROBLEMS_HEIGHT >= _REVIEW_MIN_HEIGHT

    def _show_problems(self) -> None:
        """Show the problems dock without letting it take over the review area."""
        if not self.problems_dock.isVisible():
            self.problems_dock.show()
            if not self.problems_dock.isFloating():
                self.resizeDocks([self.problems_dock], [_PROBLEMS_HEIGHT], Qt.Orientation.Vertical)

    # -- scanning -------------------------------------------------------------------------------
    @Slot()
    def start_scan(self) -> bool:
        if self.scan_controller.is_running() or self._removing():
            return False
        folders = self.scan_panel.folders()
        if not folders:
            self.statusBar().showMessage(self.tr("Add a folder to scan first."), 5000)
            return False
        self.scan_panel.save()
        if self.remember_folders:
            self.settings.add_recent_folders(folders)
        options = self.scan_panel.options(self.settings.keep_rules)
        self.progress_view.start()
        self.statusBar().clearMessage()  # the last scan's "Scan complete." is not this one's
        if self.stack.currentWidget() is self.welcome:  # no earlier result stays on screen
            self._set_centre_text(
                self.tr("Looking for duplicates…"),
                self.tr(
                    "The groups appear here when the scan is done. Cancel keeps what was found."
                ),
            )
        return self.scan_controller.start(options)

    def open_folders(self, folders: list[Path], scan: bool = True) -> None:
        """`dupviewer PATH...` and the demo: show these folders and scan them. A folder the
        user protected before stays protected (QA: the saved ticks were wiped)."""
        self.scan_panel.set_folders(folders, self.settings.protected_folders)
        if scan:
            self.start_scan()

    @Slot(object)
    def _on_scan_finished(self, result: ScanResult) -> None:
        self.progress_view.finish(result)
        self.show_result(result)
        self._apply_protection()  # a folder ticked or unticked while the scan ran
        self._focus_review()
        message = (
            self.tr("Scan complete.")
            if result.complete
            else self.tr("Scan cancelled: the groups are incomplete.")
        )
        if result.errors and not self.problems_dock.isVisible():
            message = sentences(
                message,
                self.tr("%Ln file(s) could not be used: View > Problems.", "", len(result.errors)),
            )
        self.statusBar().showMessage(message, 8000)

    @Slot(str)
    def _on_scan_failed(self, message: str) -> None:
        self.progress_view.hide()
        if self._result is None:
            self._show_welcome()
        show_message(
            self,
            QMessageBox.Icon.Critical,
            self.tr("Scan failed"),
            self.tr("The scan stopped because of an internal error.")
            + "\n\n"
            + message.strip().splitlines()[-1],
        )

    @Slot(int)
    def _on_scan_panel_threshold_changed(self, threshold: int) -> None:
        """Regroup from the hashes already computed: no disk, no rescan."""
        self.settings.threshold = threshold
        if self._result is None or self.scan_controller.is_running():
            return
        self.regroup(threshold)

    def regroup(
        self, threshold: int | None = None, reference_roots: Sequence[Path] | None = None
    ) -> None:
        current = self.review.result() or self._result
        if current is None:
            return
        threshold = current.options.threshold if threshold is None else threshold
        marked = self.review.marked_paths()
        auto = self.review.auto_marked()  # Auto-select's proposals, as opposed to the user's
        keepers = self.review.chosen_keepers()  # the user's picks (K) outlive it, like marks
        here = self.review.current_path()  # and the place: not back to the first group
        result = scanner.regroup(current, threshold=threshold, reference_roots=reference_roots)
        self._result = result
        self.review.set_result(result)
        self._show_groups(result)
        self.progress_view.show_counts(result)  # the scan's summary line follows its groups
        still = {m.path for g in result.groups for m in g.members}
        if marked & still:
            self.review.set_marked(marked & still)
            self.review.set_auto_marked(auto & still)
        self.review.restore_keepers(keepers)  # also the picks no group holds now (QA)
        dropped = self.review.unmark_looks()
        self.review.look_closer()  # new groups, new references: the new pairs are compared too
        if here is not None and here in still:
            self.review.show_group_of(here)
        self._update_state()
        if dropped:  # after the review's own messages, which the regroup may have sent
            self.statusBar().showMessage(
                self.tr(
                    "Unmarked %Ln photo(s) Auto-select had marked that the new groups leave to "
                    "you (crops, other shapes, turned or mirrored copies, mostly flat pictures): "
                    "look before marking.",
                    "",
                    dropped,
                ),
                15000,
            )

    @Slot(str)
    def _on_review_background_message(self, text: str) -> None:
        """The closer look's progress or end: not over the window's own word for a while (a
        removal's result: QA saw "Moved to trash: 4 photos" replaced in 30 ms); it is under the
        photos anyway."""
        bar = self.statusBar()
        own = bar.full_message() not in ("", self._review_said)
        if not (own and bar.shown_ms() < _OWN_WORD_MS):
            self._on_review_status_message(text)

    @Slot(str)
    def _on_review_status_message(self, text: str) -> None:
        bar = self.statusBar()
        if text:
            bar.showMessage(text, 8000)
        elif bar.full_message() == self._review_said:  # what the review said is no longer so
            bar.clearMessage()  # (QA: "Auto-select marked 7" stayed after Clear Marks)
        self._review_said = text

    def _decision_store(self) -> DecisionStore:
        return DecisionStore(self._result.options.decisions_path if self._result else None)

    @Slot()
    def forget_not_duplicates(self) -> QMessageBox | None:
        """Selection > Forget Not-Duplicates Decisions: after asking, every pair of photos the
        user kept apart may group again (a mistaken click is otherwise for good)."""
        count = len(self._decision_store().not_duplicate_pairs())
        if not count:
            self.statusBar().showMessage(self.tr("No “Not duplicates” decisions are stored."), 8000)
            return None
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Forget decisions"))
        box.setText(self.tr("Forget every “Not duplicates” decision?"))
        box.setInformativeText(
            self.tr(
                "Photos you kept apart (%Ln pair(s)) can be grouped again. No file is touched.",
                "",
                count,
            )
        )
        forget = box.addButton(self.tr("Forget"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))  # Enter: no harm
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: self._forget_not_duplicates() if button is forget else None
        )
        box.open()  # no nested event loop
        return box

    def _forget_not_duplicates(self) -> None:
        try:
            self._decision_store().clear()
        except OSError as exc:
            show_message(
                self, QMessageBox.Icon.Warning, self.tr("Not saved"), exc.strerror or str(exc)
            )
            return
        self.regroup()
        self.statusBar().showMessage(
            self.tr("Decisions forgotten: photos kept apart can be grouped again."), 8000
        )

    @Slot(list)
    def _on_review_not_duplicates_requested(self, digests: list[str]) -> None:
        store = self._decision_store()
        try:
            store.mark_not_duplicates(digests)
        except OSError as exc:
            show_message(
                self, QMessageBox.Icon.Warning, self.tr("Not saved"), exc.strerror or str(exc)
            )
            return
        self.regroup()

    # -- selection and trash ------------------------------------------------------------------
    @Slot()
    def auto_select(self) -> None:
        if self._result is not None:
            self.review.auto_select(self.settings.keep_rules)

    @Slot()
    def find_copies(self) -> None:
        """File > Find Copies: look chosen photos up in the listed folders (its own window)."""
        roots = self.scan_panel.folders()
        if not roots:
            self.statusBar().showMessage(self.tr("Add a folder to search first."), 5000)
            return
        queries = choose_images(self)
        if queries:
            self.find_copies_of(queries)

    @Slot()
    def edit_keep_rules(self) -> None:
        """Open the keep-rule order (non-blocking); the new order applies to auto-select."""
        dialog = KeepRulesDialog(self.settings.keep_rules, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._on_keep_rules_accepted)
        self._keep_rules_dialog = dialog
        dialog.open()

    @Slot()
    def _on_keep_rules_accepted(self) -> None:
        rules = self._keep_rules_dialog.rules()
        self.settings.keep_rules = rules
        self.review.set_keep_rules(rules)

    @Slot()
    def larger_thumbnails(self) -> None:
        self.review.step_thumbnail_size(1)

    @Slot()
    def smaller_thumbnails(self) -> None:
        self.review.step_thumbnail_size(-1)

    @Slot(int)
    def _on_review_thumbnail_size_changed(self, px: int) -> None:
        """Remember the card size (Find Copies and the next start use it) and grey out the
        step that would go past either end."""
        if px != self.settings.thumbnail_size:
            self.settings.thumbnail_size = px
        self.actions.larger_thumbnails.setEnabled(self.review.can_step_thumbnail_size(1))
        self.actions.smaller_thumbnails.setEnabled(self.review.can_step_thumbnail_size(-1))

    @Slot()
    def clear_marks(self) -> None:
        self.review.set_marked(set())

    @Slot()
    def put_back_last_removal(self) -> bool:
        """Move the photos of the last removal back where they were (the trash, or a recovery
        folder: whatever the journal says), in the background."""
        if self._removing():  # (Find Copies' removal: it is the one to put back, once done)
            return False
        started = self.trash_controller.put_back(self._last_removed, self._last_removal)
        if started:  # QA: thousands of files took seconds with the old words in the status bar
            self.statusBar().showMessage(
                self.tr("Putting back %Ln photo(s)…", "", _photo_count(set(self._last_removed)))
            )
        return started

    @Slot()
    def cancel_work(self) -> None:
        """Esc: stop the scan, or the removal after the photo being moved (what moved stays
        journaled, and Put Back can bring it back)."""
        if self.scan_controller.is_running():
            self.progress_view.cancel_button.click()
        elif self.trash_controller.is_removing():  # (a Put Back runs to its end)
            self.trash_controller.cancel()
            self.statusBar().showMessage(self.tr("Stopping after the photo being moved…"))

    @Slot(list)
    def _on_last_removal_found(self, paths: list[Path]) -> None:
        if not self._last_removed and not self.trash_controller.is_running():
            self._last_removed = list(paths)  # (a removal of this session came first: it wins)
            self._update_state()
        self.last_removal_known = True

    @Slot(object)
    def _on_put_back_finished(self, report: UndoReport) -> None:
        back = {o.path for o in report.restored}
        photos = _photo_count(back)  # a photo with two names (hard links) came back as one
        self._last_removed = [p for p in self._last_removed if p not in back]
        if not self._last_removed:
            self._last_removal = None
        self.review.clear_status()  # the line under the photos spoke of before the put back
        if back:  # the summary line counts the photos without those (QA: it read "Groups: 0")
            self.progress_view.mark_out_of_date()
        if back and self.stack.currentWidget() is self.welcome:  # it said "...in the trash"
            self._set_centre_text(
                self.tr("Photos put back"),
                self.tr(
                    "Back where they were: %Ln photo(s). Scan again to see their groups.",
                    "",
                    photos,
                ),
            )
        problems = [
            (str(o.path), self.tr("Not put back"), o.detail)
            for o in report.outcomes
            if o.status is not UndoStatus.RESTORED  # an older removal of a name put back is said
        ]
        self._putting_back = True
        self._show_file_outcome(
            self.tr("Put back %Ln photo(s). Scan again to see their groups.", "", photos)
            if back
            else self.tr("Nothing was put back."),
            problems,
            self.tr("Not put back: %1, see Problems."),
        )
        self._focus_review()  # as after a scan or a removal (QA: no widget had the keys)

    def _show_file_outcome(
        self, text: str, problems: list[tuple[str, str, str]], not_done: str
    ) -> None:
        """After files moved (to the trash or back): the files left as they were go to the
        Problems panel with why, and the status bar says how many, with `not_done` ("%1")."""
        self.not_moved_panel.set_rows(problems)
        self._update_problem_tab_titles()
        if problems:
            text = sentences(text, not_done.replace("%1", number_text(len(problems))))
            self.problem_tabs.setCurrentWidget(self.not_moved_panel)
            self._show_problems()
        self.statusBar().showMessage(text, 15000)
        self._update_state()

    def send_marked_to_trash(self) -> bool:
        result = self.review.result()
        marked = self.review.marked_paths()
        if result is None or not marked:
            return False
        if self.review.looking_closer():  # (the action is greyed out then; a shortcut may race)
            self.statusBar().showMessage(
                self.tr("Still looking closer at the photos Auto-select marked: a moment."), 5000
            )
            return False
        # the ticks of the moment too: the removal refuses any photo under them, whatever the
        # groups say
        protected = tuple(dict.fromkeys([*result.options.reference_roots, *self._protected_now()]))
        return self.trash_controller.request(result.groups, marked, protected)

    @Slot(int, int, str)
    def _on_trash_progressed(self, done: int, total: int, _path: str) -> None:
        self.statusBar().showMessage(
            self.tr("Moving to trash: %1 of %2 (Esc stops)")
            .replace("%1", number_text(done))
            .replace("%2", number_text(total))
        )

    @Slot()
    def _on_trash_waiting(self) -> None:
        self.statusBar().showMessage(
            self.tr("Waiting for another removal to finish (another window or dupviewer-cli)…")
        )

    @Slot(object)
    def _on_removal_finished(self, report: RemovalReport) -> None:
        self._putting_back = False
        if self._result is not None and report.stale:
            # Files changed since the scan: the next scan reads them again. Opening the cache
            # checks the whole file, so not in the GUI thread.
            threading.Thread(
                target=scanner.forget_cached,
                args=(self._result.options, report.stale),
                name="dupviewer-cache-forget",
                daemon=True,
            ).start()
        moved = {o.path for o in report.moved}
        deleted = {o.path for o in report.moved if o.method is Method.PERMANENT}
        # What Put Back can bring back: whatever left for the trash or a recovery folder, also
        # the names that went of a photo that did not go whole (a failure with a method); a
        # permanent deletion cannot come back.
        left = {
            o.path
            for o in report.outcomes
            if o.method is not None and o.method is not Method.PERMANENT
        }
        if left:
            self._last_removed = sorted(left)
            self._last_removal = removal_of(report.batch) if report.batch else None
        shown = self.review.result()
        references = {g.members[0].path for g in shown.groups} if shown is not None else set()
        self.review.apply_report(report)
        self._result = self.review.result() or self._result
        if moved & references and self._result is not None and self._result.groups:
            # A group's reference went (the user kept another copy, or Find Copies took it):
            # its photos' distances and "rotated 90" were to that photo. Grouped again around
            # what is left (marks, picks and place kept), the cards say true things again.
            self.regroup()
        if self._result is not None:
            self.progress_view.show_counts(self._result)  # the summary line follows the groups
        if self._result is not None and not self._result.groups:
            self._set_centre_text(
                self.tr("No duplicates left"),
                self.tr("Every group is resolved. The photos that were moved are in the trash."),
            )
        problems = [
            (str(o.path), reason_word(o.reason), o.detail)
            for o in report.outcomes
            if o.path not in moved
        ]
        self._show_file_outcome(
            sentences(
                self.tr("Moved to trash: %Ln photo(s) (%1).", "", len(moved)).replace(
                    "%1", size_text(report.freed)
                ),
                self.tr("Of these, deleted permanently: %Ln.", "", len(deleted)) if deleted else "",
            ),
            problems,
            self.tr("Not moved: %1, see Problems."),
        )
        self._focus_review()
        if report.journal_error is not None:
            show_message(
                self,
                QMessageBox.Icon.Warning,
                self.tr("Removal journal not written"),
                self.tr(
                    "The removal journal could not be written, so nothing more was moved. "
                    "Photos already moved can be put back (Selection > Put Back Last Removal), "
                    "except any deleted permanently.\n%1"
                ).replace("%1", report.journal_error),
            )

    @Slot(str)
    def _on_removal_failed(self, message: str) -> None:
        show_message(
            self,
            QMessageBox.Icon.Critical,
            self.tr("Removal stopped"),
            self.tr("Nothing more was moved: %1").replace("%1", message),
        )
        self._update_state()

    # -- export, about, language --------------------------------------------------------------
    @Slot()
    def export_csv(self) -> Path | None:
        return self._export(ExportFormat.CSV)

    @Slot()
    def export_json(self) -> Path | None:
        return self._export(ExportFormat.JSON)

    def _export(self, fmt: ExportFormat) -> Path | None:
        result = self.review.reviewed_result() or self._result
        if result is None:
            return None
        marked = self.review.marked_paths()
        path = export_result(self, result, fmt, self._choose_export, marked)
        if path is not None:
            self.statusBar().showMessage(self.tr("Exported to %1").replace("%1", str(path)), 8000)
        return path

    @Slot()
    def show_about(self) -> None:
        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def set_language(self, code: str) -> None:
        """Remember the language ("" = system); it applies at the next start."""
        self.settings.language = code
        self.statusBar().showMessage(
            self.tr("The language changes when you restart dupviewer."), 8000
        )

    # -- window events ------------------------------------------------------------------------
    def _restore_window(self) -> None:
        geometry = self.settings.window_geometry
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            fit_to_screen(self, QSize(1200, 780))
        state = self.settings.window_state
        if not state.isEmpty():
            self.restoreState(state)
        if self._result is None:
            self.problems_dock.hide()  # open at the last quit, but there is nothing to show yet

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        """Folders (to scan) and photo files (to look up) are welcome; anything else is not."""
        mime = event.mimeData()
        if folders_from_mime(mime) or image_files_from_mime(mime):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        """Dropped folders join the scan list; dropped photos open "Find copies" for them."""
        mime = event.mimeData()
        folders = folders_from_mime(mime)
        images = image_files_from_mime(mime)
        if not folders and not images:
            event.ignore()
            return
        event.acceptProposedAction()
        if folders:
            self.scan_panel.add_folders(folders)
        if images:
            self.find_copies_of(images)

    def find_copies_of(self, images: list[Path]) -> FindDialog | None:
        """Look `images` up in the listed folders, in the "Find copies" window (not while a
        scan or a removal runs: File > Find Copies is greyed out then, and so is a drop)."""
        if self.scan_controller.is_running() or self._removing():
            self.statusBar().showMessage(
                self.tr("Wait for the scan or the removal to finish, then drop the photo again."),
                8000,
            )
            return None
        roots = self.scan_panel.folders()
        if not roots:
            self.statusBar().showMessage(
                self.tr("Add a folder first: copies are looked for in the folders to scan."), 8000
            )
            return None
        self.scan_panel.save()  # the look-up reads the settings (threshold, method...)
        dialog = open_find_dialog(
            self,
            images,
            roots,
            self.settings,
            # the ticks of the moment, also where they are not saved (the demo)
            protected=self._protected_now(),
            protected_now=self._protected_now,
            **self._removal_kwargs,
        )
        # Its removals are this window's too: Put Back must bring them back, and the groups
        # here must lose the photos that went.
        dialog.removal_finished.connect(self._on_removal_finished)
        dialog.trash_controller.running_changed.connect(self._update_state)
        return dialog

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Remember the window and options; stop the workers (cancel, quit, wait)."""
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.scan_panel.save()
        self.settings.sync()
        self.scan_controller.shutdown()
        self.trash_controller.shutdown()
        self.review.stop_looking_closer()
        self.review.thumbnail_cache().clear()  # queued decodes are dropped, running ones end
        self.review.thumbnail_cache().wait_idle(3000)
        super().closeEvent(event)
