"""The review screen: groups on the left, the selected group's photos as cards on the right.

Keys (in either list): Space toggles the current photo's mark, K makes it the keeper, Del or T
marks it for the trash, arrows move within the group, PageUp/PageDown change group, Enter
compares; Ctrl+wheel over the cards (or View > Larger/Smaller Thumbnails) resizes them. All
marking goes through `ReviewState`, which refuses to mark a protected photo or the last unmarked
photo of a group; a refusal shows in the status line (and `status_message`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSize, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QCursor, QDesktopServices, QKeyEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from dupviewer.engine import scanner
from dupviewer.engine.caution import needs_a_look_each
from dupviewer.engine.model import DEFAULT_KEEP_RULES, GroupKind, KeepRule, Member, ScanResult
from dupviewer.engine.removal import Reason, RemovalReport
from dupviewer.ui.review.closer_look import CloserLook
from dupviewer.ui.review.compare_view import CompareDialog
from dupviewer.ui.review.delegates import GroupDelegate, PhotoDelegate
from dupviewer.ui.review.flow_layout import flow_row
from dupviewer.ui.review.group_model import GroupModel
from dupviewer.ui.review.marking import MarkOutcome, ReviewState
from dupviewer.ui.review.photo_model import PhotoModel, frames_text
from dupviewer.ui.review.roles import Role
from dupviewer.ui.review.thumbnails import ThumbnailCache
from dupviewer.ui.settings import THUMBNAIL_SIZES
from dupviewer.ui.words import number_text, sentences, short_name, size_text

_MARK_KEYS = {Qt.Key.Key_Space, Qt.Key.Key_K, Qt.Key.Key_Delete, Qt.Key.Key_T}
_GROUP_KEYS = {Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
_COMPARE_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}
# the photos' side gets this much before the group list keeps more than its least
_PHOTOS_ROOM = 360
MAX_COMPARED = 4


class ReviewWidget(QWidget):
    """Review duplicate groups and mark the copies to send to the trash."""

    marks_changed = Signal()
    not_duplicates_requested = Signal(list)  # digests of the group or of the selected photos
    compare_requested = Signal(list)  # paths being compared (the dialog opens by itself)
    status_message = Signal(str)  # a refusal or hint for the main window's status bar
    # the same, from work in the background (the closer look): not over the window's own word
    background_message = Signal(str)
    thumbnail_size_changed = Signal(int)  # the user stepped the card size (to remember it)
    looking_closer_changed = Signal(bool)  # Auto-select's second look started or ended

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._result: ScanResult | None = None
        self._empty_title = ""  # see set_empty_title
        self._rules: tuple[KeepRule, ...] = DEFAULT_KEEP_RULES
        self._state = ReviewState(self)
        self._closer = CloserLook(self)
        self._look_lead = ""  # said before the closer look's progress and end (`look_closer`)
        self._closer.finished.connect(self._on_closer_look_finished)
        self._closer.running_changed.connect(self.looking_closer_changed)
        self._closer.progressed.connect(self._on_closer_look_progressed)
        self._state.keeper_handed_on.connect(self._on_keeper_handed_on)
        self._thumbs = ThumbnailCache(self)
        self._full_images = ThumbnailCache(self, capacity_bytes=384 * 1024 * 1024)
        self._group_model = GroupModel(self._state, self._thumbs, self)
        self._photo_model = PhotoModel(self._state, self._thumbs, self)
        self._compare: CompareDialog | None = None
        self._wheel_eighths = 0  # Ctrl+wheel turn not yet worth a size step (touchpads)

        # A QTreeView, not a QListView: QListView lays out every row again on any dataChanged
        # (20,000 Python calls per mark with 10,000 groups); a tree with uniform row heights
        # just repaints the row.
        self.group_view = QTreeView()
        self.group_view.setObjectName("reviewGroups")
        self.group_view.setModel(self._group_model)
        self.group_view.setItemDelegate(GroupDelegate(self.group_view))
        self.group_view.setHeaderHidden(True)
        self.group_view.setRootIsDecorated(False)
        self.group_view.setItemsExpandable(False)
        self.group_view.setIndentation(0)
        self.group_view.setUniformRowHeights(True)
        self.group_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.group_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.group_view.setMinimumWidth(200)
        self.group_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        self._photo_delegate = PhotoDelegate(self)
        self.photo_view = QListView()
        self.photo_view.setObjectName("reviewPhotos")
        self.photo_view.setModel(self._photo_model)
        self.photo_view.setItemDelegate(self._photo_delegate)
        self.photo_view.setViewMode(QListView.ViewMode.IconMode)
        self.photo_view.setFlow(QListView.Flow.LeftToRight)
        self.photo_view.setWrapping(True)
        self.photo_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.photo_view.setMovement(QListView.Movement.Static)
        self.photo_view.setUniformItemSizes(True)
        self.photo_view.setSpacing(6)
        self.photo_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.photo_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.photo_view.setMouseTracking(True)
        self.photo_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        self._groups_title = QLabel()
        self._groups_title.setObjectName("reviewGroupsTitle")
        self._group_title = QLabel()
        self._group_title.setObjectName("reviewGroupTitle")
        self._group_title.setTextFormat(Qt.TextFormat.PlainText)
        title_font = self._group_title.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() + 1)
        self._group_title.setFont(title_font)
        self._groups_title.setFont(title_font)
        self._group_detail = QLabel()
        self._group_detail.setTextFormat(Qt.TextFormat.PlainText)
        self._marked_total = QLabel()
        self._marked_total.setObjectName("reviewMarkedTotal")
        self._marked_total.setTextFormat(Qt.TextFormat.PlainText)
        self._marked_total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.compare_button = QPushButton(self.tr("Compare"))
        self.compare_button.setToolTip(self.tr("Compare the selected photos large (Enter)"))
        self.keep_button = QPushButton(self.tr("Keep"))
        self.keep_button.setToolTip(self.tr("Keep the current photo and unmark it (K)"))
        self.mark_button = QPushButton(self.tr("Mark / unmark"))
        self.mark_button.setToolTip(self.tr("Toggle the trash mark of the current photo (Space)"))
        self.mark_rest_button = QPushButton(self.tr("Mark all but keeper"))
        self.not_duplicates_button = QPushButton(self.tr("Not duplicates"))
        self.not_duplicates_button.setToolTip(
            self.tr("These photos are different: never group them again")
        )
        self.auto_select_button = QPushButton(self.tr("Auto-select"))
        self.auto_select_button.setToolTip(
            self.tr(
                "In every group keep the best copy by the keep rules and mark the others, except "
                "crops, other shapes, turned or mirrored copies and mostly flat pictures (pages, "
                "screens): those are left for you to look at"
            )
        )
        self.compare_button.clicked.connect(self._on_compare_button_clicked)
        self.keep_button.clicked.connect(self._on_keep_button_clicked)
        self.mark_button.clicked.connect(self._on_mark_button_clicked)
        self.mark_rest_button.clicked.connect(self._on_mark_rest_button_clicked)
        self.not_duplicates_button.clicked.connect(self._on_not_duplicates_button_clicked)
        self.auto_select_button.clicked.connect(self._on_auto_select_button_clicked)

        self.status_label = QLabel()
        self.status_label.setObjectName("reviewStatus")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self._hint = QLabel(
            self.tr("Space mark · K keep · Del/T trash · ←→ move · PgUp/PgDn group · Enter compare")
        )
        self._hint.setEnabled(False)  # drawn dim: a hint, not content
        # Wrap, so a long message or a longer translation never widens the window past the screen.
        # The line under the photos shows the last message, else the key hint (never both: side
        # by side they would each wrap into a tall, narrow column).
        self.status_label.setWordWrap(True)
        self._hint.setWordWrap(True)
        self.status_label.hide()
        # Titles wrap rather than widen the window; the marked total stays on one line.
        for label in (self._group_title, self._group_detail):
            label.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self._groups_title)
        left_layout.addWidget(self.group_view, 1)

        # A wrapping row: on a small screen or in a wordier language the buttons take two lines
        # instead of making the window wider than the screen.
        buttons = flow_row(
            [
                self.compare_button,
                self.keep_button,
                self.mark_button,
                self.mark_rest_button,
                self.not_duplicates_button,
                self.auto_select_button,
            ]
        )
        status = QHBoxLayout()
        status.addWidget(self.status_label, 1)
        status.addWidget(self._hint)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        # Side by side when both fit, else the marked total under the title (`_fit_title_row`):
        # squeezed beside it, the title wrapped into a tall narrow column on a 1024-pixel screen.
        self._title_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._title_row.addWidget(self._group_title, 1)
        self._title_row.addWidget(self._marked_total)
        right_layout.addLayout(self._title_row)
        self._right = right
        right.installEventFilter(self)
        right_layout.addWidget(self._group_detail)
        right_layout.addWidget(buttons)
        right_layout.addWidget(self.photo_view, 1)
        right_layout.addLayout(status)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 900])
        self._splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)

        self.group_view.selectionModel().currentRowChanged.connect(self._on_group_current_changed)
        self.group_view.customContextMenuRequested.connect(self._on_group_view_context_menu)
        self.photo_view.customContextMenuRequested.connect(self._on_photo_view_context_menu)
        self.photo_view.doubleClicked.connect(self._on_photo_view_double_clicked)
        self._photo_model.mark_refused.connect(self._on_mark_refused)
        self._state.group_changed.connect(self._on_state_group_changed)
        self._state.all_marks_changed.connect(self._on_state_all_marks_changed)
        self._state.groups_changed.connect(self._on_state_groups_changed)
        for view in (self.group_view, self.photo_view):
            view.installEventFilter(self)
        self.photo_view.viewport().installEventFilter(self)  # Ctrl+wheel reaches the viewport
        self.set_thumbnail_size(180)
        self._update_titles()

    # -- the main window's interface -----------------------------------------------------------

    def set_result(self, result: ScanResult) -> None:
        """Show a scan result. Marks start empty; each group's reference is its keeper."""
        self._closer.cancel()
        self._result = result
        self._state.set_groups(result.groups, self._rules)
        self._select_group(0)
        self._show_status("")
        self._update_titles()
        self.marks_changed.emit()

    def result(self) -> ScanResult | None:
        return self._result

    def set_empty_title(self, text: str) -> None:
        """The heading while no group is shown, for a screen that is not a scan's (Find
        Copies: "Looking up…", "No copies found"); "" gives back the review's own words."""
        self._empty_title = text
        self._update_titles()

    def current_path(self) -> Path | None:
        """The photo the user is on (the current card, else the group's keeper), to come back
        to after a regroup."""
        member = self._current_member()
        if member is not None:
            return member.path
        row = self._current_group_row()
        return self._state.keeper(row) if row is not None else None

    def show_group_of(self, path: Path) -> bool:
        """Select the group holding `path` and its card; False when no group holds it."""
        row = self._state.row_of(path)
        if row is None:
            return False
        self._select_group(row)
        card = self._photo_model.row_of(Path(path))
        if card is not None:
            self.photo_view.setCurrentIndex(self._photo_model.index(card, 0))
        return True

    def reviewed_result(self) -> ScanResult | None:
        """The result as the user left it, for an export: in each group `keep` is on the copy
        they keep (and on protected copies), wherever the scan had put it."""
        if self._result is None:
            return None
        groups = []
        for row in range(len(self._state)):
            group = self._state.group(row)
            keeper = self._state.keeper(row)
            marked = self._state.marked_paths()
            members = tuple(
                replace(
                    m,
                    keep=m.path == keeper
                    or m.photo.in_reference_root
                    or group.irreplaceable(m, gone=marked),
                )
                for m in group.members
            )
            groups.append(replace(group, members=members))
        return replace(self._result, groups=tuple(groups))

    def keepers(self) -> list[Path]:
        return [self._state.keeper(row) for row in range(len(self._state))]

    def chosen_keepers(self) -> set[Path]:
        return self._state.chosen_keepers()

    def restore_keepers(self, paths: Iterable[Path]) -> None:
        """After a regroup: the copies the user chose to keep stay the keepers."""
        self._state.restore_keepers(paths)

    def marked_paths(self) -> set[Path]:
        return self._state.marked_paths()

    def set_marked(self, paths: Iterable[Path]) -> None:
        """Mark exactly `paths` (protected photos and a group's last copy are left unmarked)."""
        refused = self._state.set_marked(paths)
        if refused:
            self._show_status(
                self.tr("Left unmarked (protected, or the last copy of a group): %1").replace(
                    "%1", self.photo_count(len(refused))
                )
            )
        self._update_titles()

    def auto_marked(self) -> set[Path]:
        return self._state.auto_marked()

    def set_auto_marked(self, paths: Iterable[Path]) -> None:
        self._state.set_auto_marked(paths)

    def unmark_looks(self) -> int:
        """After a regroup: drop Auto-select's marks on photos the new groups leave to the user
        (a crop, another shape, a mostly flat picture); returns how many
        (`ReviewState.unmark_looks`)."""
        dropped = self._state.unmark_looks()
        if dropped:
            self._update_titles()
        return dropped

    def set_keep_rules(self, rules: Sequence[KeepRule]) -> None:
        """Rules used by the Auto-select button and when a keeper must be chosen."""
        self._rules = tuple(rules)
        self._state.set_rules(self._rules)

    def auto_select(self, rules: Sequence[KeepRule]) -> None:
        """Apply the keep rules to every group: keep the best copy, mark the others (never a
        photo under a protected root, nor one left for a look: the status says how many)."""
        self._rules = tuple(rules)
        left = self._state.auto_select(self._rules)
        count = len(self._state.marked_paths())
        status = self.tr("Auto-select marked %1 for the trash.").replace(
            "%1", self.photo_count(count)
        )
        if left:
            status = sentences(
                status,
                self.tr(
                    "%Ln photo(s) left unmarked (crops, other shapes, turned or mirrored copies, "
                    "mostly flat pictures): look before marking.",
                    "",
                    left,
                ),
            )
        if self._state.picks_kept:
            status = sentences(
                status,
                self.tr(
                    "The photo you chose to keep stays kept in %n group(s).",
                    "",
                    self._state.picks_kept,
                ),
            )
        if self.look_closer(lead=status):
            status = sentences(
                status,
                self.tr("Looking closer at them (larger, in the background)…"),
            )
        self._show_status(status)
        self._update_titles()

    def look_closer(self, lead: str = "") -> bool:
        """Compare Auto-select's marks with their kept copies, larger, in the background (see
        `closer_look`; pairs already compared are not read again); True when it runs. After a
        regroup the groups and their references are new. `lead`: what the line under the
        photos said when the look started (Auto-select's counts): the look's progress and its
        end are said after it, not instead of it (QA: gone in 0.2 s)."""
        self._look_lead = lead
        return bool(self._closer.start(self._state.auto_marked_by_keeper()))

    def _show_look_status(self, text: str) -> None:
        self._show_status(
            sentences(self._look_lead, text) if self._look_lead else text, background=True
        )

    def proposed_bytes(self) -> int:
        """What keeping every group's current keeper proposes to free (`ReviewState`)."""
        return sum(self._state.proposed_bytes(row) for row in range(len(self._state)))

    def looking_closer(self) -> bool:
        """Auto-select's marks are still being compared with the kept copies, larger (see
        `closer_look`): the trash waits for it."""
        return self._closer.running()

    def stop_looking_closer(self) -> None:
        """Drop the closer look under way (the window closes)."""
        self._closer.cancel()

    @Slot(int, int, int)
    def _on_closer_look_progressed(self, run: int, done: int, total: int) -> None:
        if run == self._closer.current_run() and self._closer.running():
            self._show_look_status(
                self.tr("Looking closer at the marked photos: %1 of %2…")
                .replace("%1", number_text(done))
                .replace("%2", number_text(total))
            )

    @Slot(int, list, list, bool)
    def _on_closer_look_finished(self, run: int, differ: list, asked: list, failed: bool) -> None:
        if not self._closer.done(run):
            return  # a newer Auto-select, or another result, since
        if not failed:
            self._state.note_apart(differ)
        still = set(asked) & self._state.auto_marked()  # what the look was about, still marked
        lead = self._look_lead
        dropped = self._state.unmark_auto(differ)  # (marks changed: the status is cleared)
        self._look_lead = lead
        if failed:  # nothing was found a plain copy: its marks go (the log says why)
            self._show_look_status(
                self.tr(
                    "Could not look closer at the marked photos: unmarked %Ln photo(s) "
                    "Auto-select had marked; look before marking.",
                    "",
                    dropped,
                )
            )
        elif dropped:
            self._show_look_status(
                self.tr(
                    "Looked closer and unmarked %Ln photo(s) whose fine detail differs from the "
                    "kept copy (other text, a mark, another moment): look before marking.",
                    "",
                    dropped,
                )
            )
        elif still - set(differ):  # (not after Clear Marks: then it was about nothing left)
            self._show_look_status(
                self.tr("Looked closer: every marked photo is a plain copy of the kept one.")
            )
        else:  # nothing left to say: the look's progress goes (from the status bar too)
            self._show_status(self._look_lead, background=True)
        self._update_titles()

    def apply_report(self, report: RemovalReport) -> None:
        """After a removal: forget the files that went and, in the groups of files refused
        because a photo was found gone (a kept copy deleted outside the app), every photo no
        longer on disk, which the group would otherwise go on showing as the one kept."""
        moved = {o.path for o in report.moved}
        gone_seen = {
            o.path for o in report.outcomes if o.reason in (Reason.KEEPER_MISSING, Reason.VANISHED)
        }
        rows = {self._state.row_of(p) for p in gone_seen} - {None}
        missing = {
            m.path
            for row in rows
            for m in self._state.group(row).members
            if not any(os.path.lexists(p) for p in (m.path, *m.photo.aliases))
        }
        self.apply_removal(moved | missing)

    def apply_removal(self, removed: Iterable[Path]) -> None:
        """Forget files that went to the trash; groups left with one photo disappear."""
        gone = {Path(p) for p in removed}
        current = self._current_group_row()
        keeper = self._state.keeper(current) if current is not None else None
        self._state.apply_removal(gone)
        if self._result is not None:  # result() reflects what is left, for export and regroup
            left = scanner.without_photos(self._result, gone)
            self._result = replace(left, groups=tuple(self._state.groups))
        row = self._state.row_of(keeper) if keeper is not None else None
        if row is None:
            row = min(current or 0, len(self._state) - 1)
        self._select_group(row)
        self._update_titles()
        self.marks_changed.emit()

    def set_thumbnail_size(self, px: int) -> None:
        self._photo_delegate.set_thumbnail_size(px)
        self._photo_model.set_thumbnail_size(px)
        self.photo_view.setGridSize(QSize())  # let the delegate's size hint decide
        self.photo_view.doItemsLayout()
        current = self.photo_view.currentIndex()
        if current.isValid():
            self.photo_view.scrollTo(current)  # the photo being looked at stays in view

    def thumbnail_size(self) -> int:
        return self._photo_delegate.thumbnail_size()

    def step_thumbnail_size(self, steps: int) -> None:
        """Move `steps` along `THUMBNAIL_SIZES` (negative: smaller), stopping at either end.

        A size between two steps (set by hand in the settings file) moves to the neighbouring
        step in that direction."""
        size = self.thumbnail_size()
        if steps > 0:
            bigger = [s for s in THUMBNAIL_SIZES if s > size]
            new = bigger[min(steps, len(bigger)) - 1] if bigger else size
        elif steps < 0:
            smaller = [s for s in THUMBNAIL_SIZES if s < size]
            new = smaller[-min(-steps, len(smaller))] if smaller else size
        else:
            new = size
        if new != size:
            self.set_thumbnail_size(new)
            self.thumbnail_size_changed.emit(new)

    def can_step_thumbnail_size(self, steps: int) -> bool:
        size = self.thumbnail_size()
        return size < THUMBNAIL_SIZES[-1] if steps > 0 else size > THUMBNAIL_SIZES[0]

    def thumbnail_cache(self) -> ThumbnailCache:
        return self._thumbs

    def group_model(self) -> GroupModel:
        return self._group_model

    def photo_model(self) -> PhotoModel:
        return self._photo_model

    def current_group_row(self) -> int | None:
        return self._current_group_row()

    def compare_dialog(self) -> CompareDialog | None:
        """The open compare dialog, if any."""
        return self._compare

    # -- actions -------------------------------------------------------------------------------

    def toggle_current(self) -> None:
        member = self._current_member()
        if member is not None:
            self._report(self._state.toggle(member.path), member)

    def mark_current(self) -> None:
        member = self._current_member()
        if member is not None:
            self._report(self._state.set_mark(member.path, True), member)

    def keep_current(self) -> None:
        member = self._current_member()
        if member is not None:
            self._make_keeper(member.path)

    def _make_keeper(self, path: Path) -> None:
        """K: keep this photo; say which of Auto-select's marks went with the old keeper. The
        marks left are compared with the new keeper, larger (`look_closer`)."""
        self._state.make_keeper(path)
        said = ""
        if self._state.last_unmarked:
            said = self.tr(
                "Unmarked %Ln photo(s) Auto-select had marked: not plain copies of the new "
                "keeper (crops, other shapes, turned or mirrored copies, mostly flat "
                "pictures).",
                "",
                self._state.last_unmarked,
            )
        self._look_again(said)

    @Slot()
    def _on_keeper_handed_on(self) -> None:
        """The keeper was marked (a key, a click on its card, the compare window) or went at a
        removal: another photo took the badge. Say which marks went with the old one."""
        said = ""
        if self._state.last_unmarked:
            said = self.tr(
                "The kept copy changed; unmarked, as no plain copies of the new one: %Ln "
                "photo(s) (crops, other shapes, turned or mirrored copies, mostly flat pictures).",
                "",
                self._state.last_unmarked,
            )
        self._look_again(said)

    def _look_again(self, said: str) -> None:
        """After a new keeper: say `said`, and compare Auto-select's marks left with the new
        keeper, larger (`look_closer`)."""
        self.look_closer(lead=said)
        if said:
            self._show_status(said)

    def next_group(self, step: int = 1) -> None:
        row = self._current_group_row()
        if row is None or not len(self._state):
            return
        self._select_group(max(0, min(len(self._state) - 1, row + step)))

    def open_compare(self) -> None:
        """Compare the selected photos (two or more), else the keeper and the next photos."""
        row = self._current_group_row()
        if row is None:
            return
        group = self._state.group(row)
        members = self._selected_members()
        if len(members) < 2:
            keeper = self._state.keeper(row)
            ordered = sorted(group.members, key=lambda m: m.path != keeper)
            current = self._current_member()
            if current is not None and current.path != keeper:
                ordered = [ordered[0], current] + [m for m in ordered[1:] if m is not current]
            members = ordered[:MAX_COMPARED]
        if self._compare is not None:
            self._compare.close()
        dialog = CompareDialog(group, members, self._full_images, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.view.set_mark_state(self._mark_word)
        dialog.view.keep_requested.connect(self._on_compare_keep_requested)
        dialog.view.mark_requested.connect(self._on_compare_mark_requested)
        dialog.finished.connect(self._on_compare_finished)
        self._compare = dialog
        self.compare_requested.emit([m.path for m in members])
        dialog.show()

    def request_not_duplicates(self) -> None:
        row = self._current_group_row()
        if row is None:
            return
        members = self._selected_members()
        if len(members) < 2:
            members = list(self._state.group(row).members)
        digests = list(dict.fromkeys(m.photo.digest for m in members))
        if len(digests) < 2:  # nothing to keep apart: the same bytes are always one photo
            self._show_status(
                self.tr("These photos have identical bytes: they are copies of one file.")
            )
            return
        self.not_duplicates_requested.emit(digests)
        text = self.tr("Not duplicates: %1 will not be grouped together again.").replace(
            "%1", self.photo_count(len(digests))
        )
        if len(digests) < len(members):
            text = sentences(text, self.tr("Files with identical bytes stay together."))
        self._show_status(text)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._give_photos_room()

    def _give_photos_room(self) -> None:
        """On a narrow window the splitter shrank the photos' side to its least and left the
        group list wide (QA, 800x600): the group list gives up width first. Only on a resize of
        the window: a splitter the user drags stays where it is put."""
        sizes = self._splitter.sizes()
        if len(sizes) != 2 or sizes[1] >= _PHOTOS_ROOM:
            return
        left, right = sizes
        take = min(left - self.group_view.minimumWidth(), _PHOTOS_ROOM - right)
        if take > 0:
            self._splitter.setSizes([left - take, right + take])

    # -- keys ----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._right and event.type() == QEvent.Type.Resize:
            self._fit_title_row()  # the window or the splitter moved
            return False
        if (
            watched is self.photo_view.viewport()
            and isinstance(event, QWheelEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._on_ctrl_wheel(event.angleDelta().y())
            return True  # Ctrl+wheel resizes the cards; it must not also scroll them
        if (
            watched in (self.group_view, self.photo_view)
            and isinstance(event, QKeyEvent)
            and event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
        ):
            key = event.key()
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            ours = (
                key in _MARK_KEYS | _GROUP_KEYS | _COMPARE_KEYS
                and mods == Qt.KeyboardModifier.NoModifier
            )
            if ours and event.type() == QEvent.Type.ShortcutOverride:
                event.accept()  # our keys beat window shortcuts (Del may be "send to trash")
                return True
            if ours:
                self._on_key(Qt.Key(key))
                return True
        return super().eventFilter(watched, event)

    def _on_key(self, key: Qt.Key) -> None:
        if key == Qt.Key.Key_Space:
            self.toggle_current()
        elif key == Qt.Key.Key_K:
            self.keep_current()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_T):
            self.mark_current()
        elif key == Qt.Key.Key_PageDown:
            self.next_group(1)
        elif key == Qt.Key.Key_PageUp:
            self.next_group(-1)
        elif key in _COMPARE_KEYS:
            # from either list: a keyboard user then goes on in the group's photos when the
            # compare window closes
            self.photo_view.setFocus()
            self.open_compare()

    def _on_ctrl_wheel(self, eighths: int) -> None:
        """One size step per notch (120 eighths of a degree); touchpads send smaller parts."""
        if eighths * self._wheel_eighths < 0:
            self._wheel_eighths = 0  # turned back: start again
        self._wheel_eighths += eighths
        steps = int(self._wheel_eighths / 120)
        if steps:
            self._wheel_eighths -= steps * 120
            self.step_thumbnail_size(steps)

    # -- helpers -------------------------------------------------------------------------------

    def _current_group_row(self) -> int | None:
        idx = self.group_view.currentIndex()
        return idx.row() if idx.isValid() else None

    def _current_member(self) -> Member | None:
        idx = self.photo_view.currentIndex()
        if not idx.isValid():
            return None
        return idx.data(Role.MEMBER)

    def _selected_members(self) -> list[Member]:
        rows = sorted(i.row() for i in self.photo_view.selectionModel().selectedIndexes())
        return [self._photo_model.member(r) for r in rows]

    def _select_group(self, row: int) -> None:
        idx = self._group_model.index_of_row(row)
        if not idx.isValid():
            self._photo_model.set_group_row(None)
            self._update_titles()
            return
        if idx == self.group_view.currentIndex():
            self._show_group(row)  # models were reset under the same row number
        self.group_view.setCurrentIndex(idx)
        self.group_view.scrollTo(idx)

    def _show_group(self, row: int) -> None:
        self._photo_model.set_group_row(row)
        keeper_row = self._photo_model.row_of(self._state.keeper(row)) or 0
        first = self._photo_model.index(keeper_row, 0)
        self.photo_view.setCurrentIndex(first)
        self.photo_view.scrollToTop()
        self._update_titles()

    def _report(self, outcome: MarkOutcome, member: Member) -> None:
        if outcome == MarkOutcome.PROTECTED:
            self._show_status(
                self.tr("“%1” is in a protected folder and is never marked for the trash.").replace(
                    "%1", short_name(member.path.name)
                )
            )
        elif outcome == MarkOutcome.LAST_COPY:
            self._show_status(
                self.tr("Cannot mark every photo of a group: at least one copy is always kept.")
            )
        elif outcome == MarkOutcome.MORE_FRAMES:
            self._show_status(
                self.tr(
                    "“%1” has %2 and only the first was compared: its last copy is never "
                    "marked for the trash."
                )
                .replace("%1", short_name(member.path.name))
                .replace("%2", frames_text(member.photo))
            )
        elif outcome == MarkOutcome.DONE and not self._state.keeper_moved:
            self._show_status("")  # (a keeper handed on said what went: `_on_keeper_handed_on`)

    def _show_status(self, text: str, background: bool = False) -> None:
        """Show `text` under the photos and in the status bar; "" brings the key hint back."""
        said = self.status_label.text()
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))
        self._hint.setVisible(not text)
        if text or said:  # "" too: the status bar drops what is no longer true
            (self.background_message if background else self.status_message).emit(text)

    def _fit_title_row(self) -> None:
        """The group's title and the marked total on one line when both fit, else two."""
        title = self._group_title.fontMetrics().horizontalAdvance(self._group_title.text())
        total = self._marked_total
        marked = total.fontMetrics().horizontalAdvance(total.text()) + 2 * total.margin()
        fits = title + marked + 24 <= self._right.width()
        self._title_row.setDirection(
            QBoxLayout.Direction.LeftToRight if fits else QBoxLayout.Direction.TopToBottom
        )
        # under the title it may wrap: on one line it held the window wider than an 800-pixel
        # screen (QA), with the Scan panel open
        total.setWordWrap(not fits)
        self._marked_total.setAlignment(
            (Qt.AlignmentFlag.AlignRight if fits else Qt.AlignmentFlag.AlignLeft)
            | Qt.AlignmentFlag.AlignVCenter
        )

    def _update_titles(self) -> None:
        total = len(self._state)
        marked = len(self._state.marked_paths())
        self._groups_title.setText(self.tr("Groups (%1)").replace("%1", number_text(total)))
        self._marked_total.setText(
            self.tr("Marked for the trash: %1 · %2")
            .replace("%1", self.photo_count(marked))
            .replace("%2", size_text(self._state.marked_bytes()))
            if marked
            else self.tr("Nothing marked yet")
        )
        self._marked_total.setStyleSheet("color: #d63031; font-weight: bold;" if marked else "")
        row = self._current_group_row()
        has_group = row is not None and row < total
        for button in (
            self.compare_button,
            self.keep_button,
            self.mark_button,
            self.mark_rest_button,
            self.not_duplicates_button,
        ):
            button.setEnabled(has_group)
        self.auto_select_button.setEnabled(total > 0)
        if not has_group:
            self._group_title.setText(
                self._empty_title
                or (
                    self.tr("No duplicate photos found")
                    if self._result is not None
                    else self.tr("No scan yet")
                )
            )
            self._group_detail.setText("")
            self._fit_title_row()
            return
        group = self._state.group(row)
        kind = (
            self.tr("Exact copies") if group.kind == GroupKind.EXACT else self.tr("Similar photos")
        )
        self._group_title.setText(
            self.tr("Group %1 of %2 · %3")
            .replace("%1", number_text(row + 1))
            .replace("%2", number_text(total))
            .replace("%3", kind)
        )
        marked = self._state.marked_in(row)
        if marked:  # what the marks free, not the scan's proposal (the keeper may have changed)
            detail = self.tr("%1 · %2 in all · marking %3 frees %4").replace(
                "%3", self.photo_count(len(marked))
            )
            detail = detail.replace("%4", size_text(sum(m.photo.size for m in marked)))
        elif proposed := self._state.proposed_bytes(row):  # with the keeper now picked
            detail = self.tr("%1 · %2 in all · keeping one copy frees %3").replace(
                "%3", size_text(proposed)
            )
        else:  # every copy protected or left to the user (`caution`): say so, not "frees 0"
            detail = self.tr("%1 · %2 in all · nothing proposed for the trash: look first")
        detail = detail.replace("%1", self.photo_count(len(group.members))).replace(
            "%2", size_text(sum(m.photo.size for m in group.members))
        )
        self._group_detail.setText(detail)
        self._fit_title_row()

    def clear_status(self) -> None:
        """Drop the line under the photos (the key hint comes back): what it said is no longer
        true (photos were put back, the groups changed)."""
        self._look_lead = ""
        self._show_status("")

    def photo_count(self, n: int) -> str:
        """ "1 photo" / "12 photos" (Qt's plural forms), the number in the user's locale."""
        return self.tr("%Ln photo(s)", "", n)

    # -- slots ---------------------------------------------------------------------------------

    @Slot(QModelIndex, QModelIndex)
    def _on_group_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._show_group(current.row())
        else:
            self._photo_model.set_group_row(None)
            self._update_titles()

    @Slot(int)
    def _on_state_group_changed(self, _row: int) -> None:
        # The marks changed: a message about earlier marks ("Auto-select marked 22 photos") no
        # longer holds. What changed them says so afterwards if it has something to say.
        self.clear_status()
        self._update_titles()
        if self._compare is not None:
            self._compare.view.refresh_marks()
        self.marks_changed.emit()

    def _mark_word(self, path: Path) -> str:
        """A photo's state as the compare window shows it."""
        if self._state.is_keeper(path):
            return "keep"
        return "trash" if self._state.is_marked(path) else ""

    @Slot(object)
    def _on_compare_keep_requested(self, path: Path) -> None:
        self._make_keeper(path)

    @Slot(object, object)
    def _on_compare_mark_requested(self, path: Path, on: bool | None) -> None:
        row = self._state.row_of(path)
        if row is None:
            return
        member = next(m for m in self._state.group(row).members if m.path == path)
        outcome = self._state.toggle(path) if on is None else self._state.set_mark(path, on)
        self._report(outcome, member)
        refused = (MarkOutcome.PROTECTED, MarkOutcome.LAST_COPY, MarkOutcome.MORE_FRAMES)
        if outcome in refused and self._compare is not None:
            self._compare.show_message(self.status_label.text())  # said where the key was pressed

    @Slot()
    def _on_state_all_marks_changed(self) -> None:
        self.clear_status()  # as for one group's marks
        self._update_titles()
        if self._compare is not None:
            self._compare.view.refresh_marks()
        self.marks_changed.emit()

    @Slot()
    def _on_state_groups_changed(self) -> None:
        self.clear_status()  # new or fewer groups (a rescan, a regroup, a removal)

    @Slot(object)
    def _on_mark_refused(self, outcome: MarkOutcome) -> None:
        member = self._current_member()
        if member is not None:
            self._report(outcome, member)

    @Slot(QModelIndex)
    def _on_photo_view_double_clicked(self, index: QModelIndex) -> None:
        button = self._photo_delegate.mark_button_rect(self.photo_view.visualRect(index))
        if not button.contains(self.photo_view.viewport().mapFromGlobal(QCursor.pos())):
            self.open_compare()

    @Slot(int)
    def _on_compare_finished(self, _code: int) -> None:
        self._compare = None

    @Slot()
    def _on_compare_button_clicked(self) -> None:
        self.open_compare()

    @Slot()
    def _on_keep_button_clicked(self) -> None:
        self.keep_current()

    @Slot()
    def _on_mark_button_clicked(self) -> None:
        self.toggle_current()

    @Slot()
    def _on_mark_rest_button_clicked(self) -> None:
        row = self._current_group_row()
        if row is None:
            return
        self._state.mark_all_but_keeper(row)
        # a hand's decision, but one click marks what Auto-select leaves for a look: say so
        # (QA: the camera original, mirrored next to a kept PNG, marked without a word)
        group, keeper = self._state.group(row), self._state.keeper(row)
        kept = next(m for m in group.members if m.path == keeper)
        looks = needs_a_look_each(kept, group.members)
        unplain = sum(
            1
            for m, why in zip(group.members, looks, strict=True)
            if (why or self._state.looked_apart(m.path, keeper)) and self._state.is_marked(m.path)
        )
        if unplain:
            self._show_status(
                self.tr(
                    "Not plain copies of the kept one among the marks: %Ln photo(s) (crops, "
                    "other shapes, turned or mirrored copies, mostly flat pictures, other fine "
                    "detail): look before sending them to the trash.",
                    "",
                    unplain,
                )
            )

    @Slot()
    def _on_not_duplicates_button_clicked(self) -> None:
        self.request_not_duplicates()

    @Slot()
    def _on_auto_select_button_clicked(self) -> None:
        self.auto_select(self._rules)

    @Slot()
    def _on_unmark_group_triggered(self) -> None:
        row = self._current_group_row()
        if row is not None:
            self._state.unmark_group(row)

    @Slot()
    def _on_show_in_folder_triggered(self) -> None:
        member = self._current_member()
        if member is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(member.path.parent)))

    def _group_actions(self, menu: QMenu) -> None:
        actions: list[tuple[str, object]] = [
            (self.tr("Mark all but keeper"), self._on_mark_rest_button_clicked),
            (self.tr("Unmark this group"), self._on_unmark_group_triggered),
            (self.tr("Not duplicates"), self._on_not_duplicates_button_clicked),
        ]
        for text, slot in actions:
            action = QAction(text, menu)
            action.triggered.connect(slot)
            menu.addAction(action)

    @Slot("QPoint")
    def _on_group_view_context_menu(self, pos) -> None:
        if not self.group_view.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        self._group_actions(menu)
        menu.exec(self.group_view.viewport().mapToGlobal(pos))

    @Slot("QPoint")
    def _on_photo_view_context_menu(self, pos) -> None:
        index = self.photo_view.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        marked = bool(index.data(Role.MARKED))
        entries: list[tuple[str, object]] = [
            (
                self.tr("Unmark") if marked else self.tr("Mark for trash"),
                self._on_mark_button_clicked,
            ),
            (self.tr("Keep this photo"), self._on_keep_button_clicked),
            (self.tr("Compare"), self._on_compare_button_clicked),
            (self.tr("Show in folder"), self._on_show_in_folder_triggered),
        ]
        for text, slot in entries:
            action = QAction(text, menu)
            action.triggered.connect(slot)
            menu.addAction(action)
        menu.addSeparator()
        self._group_actions(menu)
        menu.exec(self.photo_view.viewport().mapToGlobal(pos))
