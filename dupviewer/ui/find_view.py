""" "Find copies of a photo": look the given photos up in the library and review their copies.

The look-up (`engine.lookup.find_copies`) runs in the background through the same
`ScanController` a scan uses: it only needs a function `(options, progress, cancel) ->
ScanResult`, and `lookup_to_scan_result` turns the answer into one: each query photo with
matches becomes a `Group` whose reference is the query photo and whose members are its copies.
So the dialog reuses the review screen as is (thumbnails, compare view, marking rules that
always keep one copy) and the same `TrashController` and removal pipeline as the duplicate
groups, with their safety checks.

Every physical file appears in at most one group: a library photo that looks like two of the
query photos goes with the closer one, and a query photo's own file (the query is inside the
library, or a hard link to a library file) is its group's reference, never another member. So a
query photo can be left without a group of its own although it has copies: `LookupScanResult`
says where they are shown, so the summary never calls it a photo without copies.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMimeData, QSize, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dupviewer.engine.caution import needs_a_look
from dupviewer.engine.grouping import crop_label
from dupviewer.engine.journal import Journal
from dupviewer.engine.lookup import CANCELLED_QUERY, SAME_FILE, LookupResult, find_copies
from dupviewer.engine.model import (
    DEFAULT_KEEP_RULES,
    SUPPORTED_EXTENSIONS,
    Group,
    GroupKind,
    KeepRule,
    Member,
    Photo,
    Progress,
    ScanOptions,
    ScanResult,
)
from dupviewer.engine.removal import RemovalReport, TrashFunction
from dupviewer.ui.errors_panel import ErrorsPanel
from dupviewer.ui.progress_view import ProgressView
from dupviewer.ui.review import ReviewWidget
from dupviewer.ui.scan_worker import ScanController
from dupviewer.ui.settings import Settings
from dupviewer.ui.trash_controller import (
    Confirmer,
    TrashController,
    VolumeAsker,
    ask_volume_dialog,
    confirm_trash_dialog,
)
from dupviewer.ui.window_size import fit_to_screen
from dupviewer.ui.words import (
    LOOKED_UP,
    detail_text,
    error_kind_word,
    number_text,
    sentences,
    short_name,
    size_text,
)

FindFunction = Callable[..., LookupResult]  # `find_copies`' signature


@dataclass(frozen=True, slots=True)
class LookupScanResult(ScanResult):
    """A look-up's `ScanResult`, plus where the copies of the query photos without a group of
    their own went: one file is in one group only, so their copies may all be in another
    query's group, or be other query photos. Without this the summary said "No other copy"."""

    # (query path, reference paths of the groups that show its copies), in query order
    shown_with: tuple[tuple[Path, tuple[Path, ...]], ...] = ()
    # (query path, other query photos that are its copies but in no group), in query order
    copies_among_queries: tuple[tuple[Path, tuple[Path, ...]], ...] = ()


def lookup_to_scan_result(
    result: LookupResult,
    *,
    reference_roots: Sequence[Path] = (),
    keep_rules: Sequence[KeepRule] = DEFAULT_KEEP_RULES,
) -> LookupScanResult:
    """The look-up as groups for the review screen: one group per query photo with copies.

    `errors` holds the query photos that could not be read first, then the library's errors.
    """
    # Each query photo's own file, once (a photo given twice makes one group).
    references: dict[tuple[int, int], tuple[int, Photo]] = {}
    for n, query in enumerate(result.queries):
        photo = query.photo
        if photo is None or (photo.dev, photo.inode) in references:
            continue
        aliases = tuple(
            dict.fromkeys(
                p
                for m in query.matches
                if m.match == SAME_FILE
                for p in (m.photo.path, *m.photo.aliases)
                if p != photo.path
            )
        )
        same = next((m.photo for m in query.matches if m.match == SAME_FILE), None)
        if same is not None:  # its protection follows the library file's
            photo = replace(photo, in_reference_root=same.in_reference_root)
        if aliases:
            photo = replace(photo, aliases=tuple(dict.fromkeys((*photo.aliases, *aliases))))
        references[(photo.dev, photo.inode)] = (n, photo)
    # Each library photo goes to the closest query (ties: the earlier one).
    owner: dict[tuple[int, int], tuple[int, int, Member]] = {}
    for n, query in enumerate(result.queries):
        for m in query.matches:
            key = (m.photo.dev, m.photo.inode)
            if key in references or m.match == SAME_FILE:
                continue
            keep = m.photo.in_reference_root
            if key not in owner or (m.distance, n) < owner[key][:2]:
                owner[key] = (m.distance, n, Member(m.photo, m.distance, m.match, keep=keep))
    members_of: dict[int, list[Member]] = {}
    for _distance, n, member in owner.values():
        members_of.setdefault(n, []).append(member)

    groups: list[Group] = []
    shown_in: dict[tuple[int, int], Path] = {}  # file -> the reference of the group showing it
    for n, photo in sorted(references.values(), key=lambda item: item[0]):
        copies = sorted(members_of.get(n, ()), key=lambda m: (m.distance, os.fspath(m.path)))
        if not copies:
            continue
        for m in (photo, *(c.photo for c in copies)):
            shown_in[(m.dev, m.inode)] = photo.path
        exact = all(m.photo.digest == photo.digest for m in copies)
        looked_up = Member(photo, 0, LOOKED_UP, keep=True)
        if not exact:  # a crop the hash took for a copy is told (`crop_label`); several frames
            # or pages (`Group.irreplaceable`), crops, other shapes, pages: never proposed
            copies = [replace(m, match=crop_label(photo, m.photo, m.match)) for m in copies]
            copies = [
                replace(m, keep=m.keep or m.photo.frames > 1 or bool(needs_a_look(looked_up, m)))
                for m in copies
            ]
        kind = GroupKind.EXACT if exact else GroupKind.SIMILAR
        groups.append(Group(kind=kind, members=(looked_up, *copies)))
    shown_with, among_queries = _copies_elsewhere(result, references, shown_in)
    photos = tuple(dict.fromkeys(m.photo for g in groups for m in g.members))
    query_errors = tuple(q.error for q in result.queries if q.error is not None)
    # A query photo inside the library that cannot be read is also a library error: said once.
    said = {e.path for e in query_errors}
    library_errors = tuple(e for e in result.errors if e.path not in said)
    return LookupScanResult(
        options=ScanOptions(
            roots=result.roots,
            reference_roots=tuple(Path(r) for r in reference_roots),
            algorithm=result.algorithm,
            threshold=result.threshold,
            rotations=result.rotations,
            crops=False,
            keep_rules=tuple(keep_rules),
        ),
        groups=tuple(groups),
        errors=(*query_errors, *library_errors),
        stats=result.stats,
        photos=photos,
        complete=result.complete,
        warnings=result.warnings,
        shown_with=shown_with,
        copies_among_queries=among_queries,
    )


def _copies_elsewhere(
    result: LookupResult,
    references: dict[tuple[int, int], tuple[int, Photo]],
    shown_in: dict[tuple[int, int], Path],
) -> tuple[tuple[tuple[Path, tuple[Path, ...]], ...], tuple[tuple[Path, tuple[Path, ...]], ...]]:
    """For each query photo without a group of its own: the groups that show its copies (or
    its own file, a photo given twice), and the other query photos that are copies of it but
    shown nowhere (two look-alike photos of the library looked up together)."""
    grouped = set(shown_in.values())  # the references: the queries with a group
    shown_with: list[tuple[Path, tuple[Path, ...]]] = []
    among: list[tuple[Path, tuple[Path, ...]]] = []
    for query in result.queries:
        photo = query.photo
        if photo is None or query.path in grouped:
            continue
        keys = [(photo.dev, photo.inode)]
        keys += [(m.photo.dev, m.photo.inode) for m in query.matches if m.match != SAME_FILE]
        groups: dict[Path, None] = {}
        others: dict[Path, None] = {}
        for key in keys:
            if key in shown_in:
                if shown_in[key] != query.path:
                    groups[shown_in[key]] = None
            elif key in references and references[key][1].path != query.path:
                others[references[key][1].path] = None
        if groups:
            shown_with.append((query.path, tuple(groups)))
        if others:
            among.append((query.path, tuple(others)))
    return tuple(shown_with), tuple(among)


def run_lookup(
    queries: tuple[Path, ...],
    find: FindFunction,
    options: ScanOptions,
    progress: Callable[[Progress], None] | None,
    cancel: threading.Event | None,
) -> ScanResult:
    """A `ScanFunction` (what `ScanController` runs in its thread) that looks `queries` up."""
    result = find(
        queries,
        options.roots,
        threshold=options.threshold,
        rotations=options.rotations,
        algorithm=options.algorithm,
        cache_path=options.cache_path,
        progress=progress,
        cancel=cancel,
        exclude=options.exclude,
        reference_roots=options.reference_roots,
    )
    return lookup_to_scan_result(
        result, reference_roots=options.reference_roots, keep_rules=options.keep_rules
    )


def image_files_from_mime(mime: QMimeData) -> list[Path]:
    """The local image files in a drag (folders, other files and remote URLs are ignored)."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in SUPPORTED_EXTENSIONS and p.is_file()]


def choose_images(parent: QWidget) -> list[Path]:
    """Ask for photos to look for (the menu action)."""
    patterns = " ".join(f"*{e}" for e in sorted(SUPPORTED_EXTENSIONS))
    files, _ = QFileDialog.getOpenFileNames(
        parent,
        QCoreApplication.translate("FindDialog", "Find copies of photos"),
        "",
        QCoreApplication.translate("FindDialog", "Photos (%1)").replace("%1", patterns),
    )
    return [Path(f) for f in files]


class FindDialog(QDialog):
    """Looks photos up in the library and reviews their copies, like duplicate groups."""

    lookup_finished = Signal(object)  # ScanResult (one group per query photo with copies)
    removal_finished = Signal(object)  # RemovalReport

    def __init__(
        self,
        queries: Sequence[Path],
        options: ScanOptions,
        parent: QWidget | None = None,
        *,
        find_function: FindFunction | None = None,
        trash: TrashFunction | None = None,
        journal: Journal | Path | None = None,
        confirm_trash: Confirmer = confirm_trash_dialog,
        ask_volume: VolumeAsker = ask_volume_dialog,
        thumbnail_size: int | None = None,
        protected_now: Callable[[], Sequence[Path]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("find_dialog")
        # The folders protected at the moment of a removal (the main window's ticks may change
        # while this window is open): its removal refuses their photos too.
        self._protected_now = protected_now
        self.setWindowTitle(self.tr("Find copies"))
        self.setSizeGripEnabled(True)
        self.queries = tuple(Path(os.path.abspath(q)) for q in queries)
        self.options = options
        self._result: ScanResult | None = None
        self.controller = ScanController(
            self, functools.partial(run_lookup, self.queries, find_function or find_copies)
        )
        self.trash_controller = TrashController(
            self, trash=trash, journal=journal, confirm=confirm_trash, ask_volume=ask_volume
        )

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.progress_view = ProgressView()
        self.summary = QLabel()
        self.summary.setObjectName("find_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.review = ReviewWidget()
        self.review.set_empty_title(self.tr("Nothing looked up yet"))
        self.review.set_keep_rules(options.keep_rules)
        if thumbnail_size:
            self.review.set_thumbnail_size(thumbnail_size)
        # The files that could not be read, listed (the summary only counts them): hidden
        # until asked for, the photos need the room.
        self.problems = ErrorsPanel()
        self.problems.setMaximumHeight(180)  # a few rows; the photos keep the room
        self.problems.hide()
        self.problems_button = QPushButton()
        self.problems_button.setCheckable(True)
        self.problems_button.toggled.connect(self.problems.setVisible)
        # Alt+T as the main window's action (the GNOME theme's Close has Alt+C)
        self.trash_button = QPushButton(self.tr("Send Marked to &Trash"))
        self.trash_button.setToolTip(self.tr("Move the marked photos to the trash (Ctrl+Del)"))
        # The main window's key for it: a shortcut of its own, the button's is its Alt+T
        self.trash_shortcut = QShortcut(QKeySequence("Ctrl+Del"), self)
        self.trash_shortcut.activated.connect(self._on_trash_button_clicked)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.problems_button, QDialogButtonBox.ButtonRole.HelpRole)
        self.buttons.addButton(self.trash_button, QDialogButtonBox.ButtonRole.ActionRole)
        # Hidden after adding: the box shows the buttons it is given (a blank one sat there)
        self.problems_button.hide()
        self._order_tabs()
        # Its own tooltip says Esc cancels, as in the main window: here Esc closes (`reject`)
        self.progress_view.cancel_button.setToolTip(
            self.tr("Stop the look-up and show what was found so far")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.progress_view)
        layout.addWidget(self.summary)
        layout.addWidget(self.review, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

        self.controller.progressed.connect(self.progress_view.update_progress)
        self.controller.scan_finished.connect(self._on_controller_scan_finished)
        self.controller.scan_failed.connect(self._on_controller_scan_failed)
        self.controller.running_changed.connect(self._update_state)
        self.progress_view.cancel_requested.connect(self.controller.cancel)
        self.trash_controller.removal_finished.connect(self._on_trash_removal_finished)
        self.trash_controller.removal_failed.connect(self._on_trash_removal_failed)
        self.trash_controller.waiting.connect(self._on_trash_waiting)
        self.trash_controller.running_changed.connect(self._update_state)
        self.review.marks_changed.connect(self._update_state)
        self.trash_button.clicked.connect(self._on_trash_button_clicked)
        self.buttons.rejected.connect(self.close)

        names = ", ".join(q.name for q in self.queries[:3]) + ("…" if len(self.queries) > 3 else "")
        self.header.setText(
            self.tr("Looking for %1 in %2")
            .replace("%1", names)
            .replace("%2", ", ".join(str(r) for r in options.roots))
        )
        fit_to_screen(self, QSize(1100, 760))
        self._update_state()

    # -- the interface ----------------------------------------------------------------------------

    def start(self) -> bool:
        """Start the look-up; False when there is nothing to look for or nowhere to look."""
        if not self.queries or not self.options.roots:
            self.progress_view.hide()
            self.summary.setText(
                self.tr("Add a folder to scan first: copies are looked for in those folders.")
                if not self.options.roots
                else self.tr("No photos to look for.")
            )
            return False
        self.progress_view.start()
        if not self.controller.start(self.options):
            return False
        self.review.set_empty_title(self.tr("Looking up…"))
        return True

    def result(self) -> ScanResult | None:
        return self.review.result() or self._result

    def is_running(self) -> bool:
        return self.controller.is_running() or self.trash_controller.is_running()

    def send_marked_to_trash(self) -> bool:
        result = self.review.result()
        marked = self.review.marked_paths()
        if result is None or not marked or self.is_running():
            return False
        protected = [*result.options.reference_roots]
        if self._protected_now is not None:
            protected += self._protected_now()
        return self.trash_controller.request(result.groups, marked, tuple(dict.fromkeys(protected)))

    def set_protected_folders(self, roots: Sequence[Path]) -> bool:
        """The main window's ticks changed: look the photos up again with them (answered from
        the cache), so the copies shown are protected as the folder list says. Marks go with
        the old answer. False while a look-up or removal runs (the removal checks the ticks of
        its own moment anyway)."""
        roots = tuple(roots)
        if set(roots) == set(self.options.reference_roots) or self.is_running():
            return False
        if not self.isVisible():  # closed, its deletion pending: no thread may start now
            return False
        self.options = replace(self.options, reference_roots=roots)
        return self.start()

    # -- slots ------------------------------------------------------------------------------------

    @Slot()
    def _update_state(self) -> None:
        busy = self.is_running()
        self.trash_button.setEnabled(not busy and bool(self.review.marked_paths()))
        self.review.setEnabled(not busy)

    def _order_tabs(self) -> None:
        """Tab through the buttons in the order they are shown: the button box places them
        by the platform's convention, Tab went in the order they were made."""
        layout = self.buttons.layout()
        shown = [layout.itemAt(i).widget() for i in range(layout.count())]
        order = [w for w in shown if isinstance(w, QPushButton)]
        order += [b for b in self.buttons.buttons() if b not in order]  # hidden ones
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    @Slot(object)
    def _on_controller_scan_finished(self, result: ScanResult) -> None:
        self._result = result
        self.progress_view.hide()
        self.review.set_empty_title(
            self.tr("No copies found") if result.complete else self.tr("Look-up cancelled")
        )
        self.review.set_result(result)
        self.summary.setText(self._summary_text(result))
        queries = set(self.queries)
        self.summary.setToolTip(
            "\n".join(
                f"{e.path.name}: {error_kind_word(e.kind)} ({detail_text(e.reason)})"
                for e in result.errors
                if e.path in queries and e.reason
            )
        )
        problems = [
            e for e in result.errors if e.reason != CANCELLED_QUERY or e.path not in queries
        ]
        self.problems.set_errors(problems)
        self.problems_button.setText(
            self.tr("Problems (%1)").replace("%1", number_text(len(problems)))
        )
        self.problems_button.setVisible(bool(problems))
        self._order_tabs()
        self._update_state()
        self.lookup_finished.emit(result)

    def _summary_text(self, result: ScanResult) -> str:
        """What was found for each photo looked up. A photo without a group of its own may
        still have copies (shown in another photo's group, or among the photos looked up),
        and one the look-up was cancelled before reading was not searched at all."""
        found = {g.reference.path for g in result.groups}
        found |= {a for g in result.groups for a in g.reference.photo.aliases}
        lookup = result if isinstance(result, LookupScanResult) else None
        shown_with = dict(lookup.shown_with) if lookup else {}
        among = dict(lookup.copies_among_queries) if lookup else {}
        queries = set(self.queries)
        asked = [e for e in result.errors if e.path in queries]
        # a query the look-up was cancelled before reading is not unreadable: the cancel says it
        failed = {e.path: e for e in asked if e.reason != CANCELLED_QUERY}
        cancelled = {e.path for e in asked if e.reason == CANCELLED_QUERY}
        skipped = [q for q in self.queries if q in cancelled and q not in failed]
        read = [q for q in self.queries if q not in failed and q not in skipped]
        elsewhere = [q for q in read if q not in found and (q in shown_with or q in among)]
        missing = [q for q in read if q not in found and q not in elsewhere]
        nothing_searched = bool(skipped) and not read  # no photo was read: nothing to look for
        parts = []
        if not nothing_searched:
            parts.append(
                self.tr("Copies found for %1 of %Ln photo(s).", "", len(self.queries)).replace(
                    "%1", number_text(len(read) - len(missing))
                )
            )
        # "Copies of b.jpg, c.jpg are shown with a.jpg.": one sentence per place
        by_place: dict[tuple[Path, ...], list[Path]] = {}
        for q in elsewhere:
            if q in shown_with:
                by_place.setdefault(shown_with[q], []).append(q)
        for place, names in by_place.items():
            parts.append(
                self.tr("Copies of %1 are shown with %2.")
                .replace("%1", _names(names))
                .replace("%2", _names(place))
            )
        for q in elsewhere:
            if q not in shown_with:
                parts.append(
                    self.tr("Copies of %1 are only among the photos looked up: %2.")
                    .replace("%1", _names([q]))
                    .replace("%2", _names(among[q]))
                )
        if missing:
            parts.append(self.tr("No other copy of: %1.").replace("%1", _names(missing)))
        for path, error in failed.items():  # the engine's reason is English detail: tooltip
            parts.append(
                self.tr("Could not read %1: %2.")
                .replace("%1", short_name(path.name))
                .replace("%2", error_kind_word(error.kind))
            )
        library_errors = len(result.errors) - len(asked)
        if library_errors:
            parts.append(
                self.tr("%Ln file(s) of the library could not be read.", "", library_errors)
            )
        if nothing_searched:
            parts.append(self.tr("Cancelled before any photo was looked up: nothing was searched."))
        elif not result.complete:
            parts.append(self.tr("Cancelled: only the photos indexed so far were searched."))
            if skipped:
                parts.append(self.tr("Not looked up: %1.").replace("%1", _names(skipped)))
        return sentences(*parts)

    @Slot(str)
    def _on_controller_scan_failed(self, message: str) -> None:
        self.progress_view.hide()
        self.review.set_empty_title(self.tr("Look-up failed"))
        self.summary.setText(
            self.tr("The look-up stopped because of an internal error: %1").replace(
                "%1", message.strip().splitlines()[-1] if message.strip() else ""
            )
        )

    @Slot()
    def _on_trash_button_clicked(self) -> None:
        self.send_marked_to_trash()

    @Slot(object)
    def _on_trash_removal_finished(self, report: RemovalReport) -> None:
        moved = {o.path for o in report.moved}
        self.review.set_empty_title(self.tr("No copies left"))  # every group resolved
        self.review.apply_report(report)
        self.summary.setText(
            self.tr("Moved to trash: %Ln photo(s) (%1).", "", len(moved)).replace(
                "%1", size_text(report.freed)
            )
            + (
                " "
                + self.tr("Not moved: %1.").replace(
                    "%1", number_text(len(report.outcomes) - len(moved))
                )
                if len(report.outcomes) > len(moved)
                else ""
            )
        )
        self._update_state()
        self.removal_finished.emit(report)

    @Slot()
    def _on_trash_waiting(self) -> None:
        self.summary.setText(
            self.tr("Waiting for another removal to finish (another window or dupviewer-cli)…")
        )

    @Slot(str)
    def _on_trash_removal_failed(self, message: str) -> None:
        self.summary.setText(self.tr("Nothing more was moved: %1").replace("%1", message))
        self._update_state()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Stop the workers (cancel, quit, wait) before the dialog goes away."""
        self._stop_workers()
        super().closeEvent(event)  # QDialog's calls `reject`: stopping twice does nothing

    def reject(self) -> None:
        """Esc: stop the workers as Close does. `QDialog.reject` hides the dialog without a
        close event, and WA_DeleteOnClose then destroyed it with its thread running (abort)."""
        self._stop_workers()
        super().reject()

    def _stop_workers(self) -> None:
        """Cancel the look-up and stop a removal after its current file, and wait for both
        (the removal's report still arrives, queued, for the main window's Put Back)."""
        self.controller.shutdown()
        self.trash_controller.shutdown()


def _names(paths: Sequence[Path]) -> str:
    """File names for a sentence, each shortened."""
    return ", ".join(short_name(p.name) for p in paths)


def find_options(
    roots: Sequence[Path],
    settings: Settings | None = None,
    *,
    cache_path: Path | None = None,
    protected: Sequence[Path] | None = None,
) -> ScanOptions:
    """The look-up's options from the app's settings (threshold, hash, rotations, exclusions,
    protected folders, keep rules); defaults without settings. `protected`: the folders
    protected now, when the caller knows them better than the settings (the main window's
    ticks of the moment; a demo never saves its ticks)."""
    roots = tuple(Path(os.path.abspath(r)) for r in roots)
    if settings is None:
        return ScanOptions(
            roots=roots, reference_roots=tuple(protected or ()), crops=False, cache_path=cache_path
        )
    return ScanOptions(
        roots=roots,
        reference_roots=tuple(settings.protected_folders if protected is None else protected),
        algorithm=settings.algorithm,
        threshold=settings.threshold,
        rotations=settings.rotations,
        crops=False,
        exclude=tuple(settings.exclusions),
        cache_path=cache_path,
        keep_rules=settings.keep_rules,
    )


def open_find_dialog(
    parent: QWidget | None,
    query_paths: Sequence[Path],
    roots: Sequence[Path],
    settings: Settings | None = None,
    **kwargs: object,
) -> FindDialog:
    """Show a non-modal dialog that looks `query_paths` up under `roots` and reviews the copies.

    `kwargs` go to `FindDialog` (tests inject `find_function`, `trash`, `journal`,
    `confirm_trash`, `ask_volume`) except `cache_path`, which goes to the options.
    """
    cache_path = kwargs.pop("cache_path", None)
    protected = kwargs.pop("protected", None)
    options = find_options(roots, settings, cache_path=cache_path, protected=protected)  # type: ignore[arg-type]
    if settings is not None:
        kwargs.setdefault("thumbnail_size", settings.thumbnail_size)
    dialog = FindDialog(query_paths, options, parent, **kwargs)  # type: ignore[arg-type]
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.start()
    return dialog


__all__ = [
    "FindDialog",
    "choose_images",
    "find_options",
    "image_files_from_mime",
    "lookup_to_scan_result",
    "open_find_dialog",
]
