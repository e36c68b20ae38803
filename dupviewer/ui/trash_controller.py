"""Send marked photos to the trash: confirm, run the engine's removal pipeline in the background,
ask about volumes without a trash, and hand back one report.

All the safety lives in `dupviewer.engine.removal.remove` (re-checks on disk, never the last copy,
journal); this module never touches a file itself. The pipeline runs twice at most, the two-phase
way its docstring describes: first with the default "skip" for volumes without a usable trash,
then, after the user chose per volume in the GUI thread (no dialog is ever opened from the
worker thread), once more for just the files that were skipped for want of a trash.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from dupviewer.engine import journal as journal_module
from dupviewer.engine import removal
from dupviewer.engine.journal import Journal, UndoReport
from dupviewer.engine.model import Group
from dupviewer.engine.removal import (
    Fallback,
    FallbackChoice,
    Reason,
    RemovalReport,
    TrashFunction,
    Volume,
)
from dupviewer.ui.scan_worker import WorkerThreads
from dupviewer.ui.words import number_text, size_text

log = logging.getLogger(__name__)

RECOVERY_FOLDER_NAME = "dupviewer-recovery"

# (parent, file count, bytes) -> go ahead?
Confirmer = Callable[[QWidget | None, int, int, Sequence[Path]], bool]  # count, bytes, paths
# (parent, volume, files waiting on it) -> what to do there
VolumeAsker = Callable[[QWidget | None, Volume, int], FallbackChoice]


def confirm_trash_dialog(
    parent: QWidget | None, count: int, size: int, paths: Sequence[Path] = ()
) -> bool:
    """The default confirmation: how many photos and how many bytes go to the trash, and every
    name that goes (a photo's other names too) under Show Details: a count alone leaves nothing
    to check."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("TrashController", "Send to trash"))
    box.setText(
        QCoreApplication.translate("TrashController", "Send the marked photos to the trash?")
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "TrashController", "Photos: %1\nSize: %2\n\nThey can be restored from the trash."
        )
        .replace("%1", number_text(count))
        .replace("%2", size_text(size))
    )
    go = box.addButton(
        QCoreApplication.translate("TrashController", "Send to Trash"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    if paths:
        box.setDetailedText("\n".join(str(p) for p in paths))
    box.setDefaultButton(go)
    box.exec()
    return box.clickedButton() is go


class _PluralTexts(QObject):
    """The dialogs' texts with a count: lupdate marks only `self.tr(text, "", n)` as plural."""

    def no_trash(self, mount_point: Path, count: int) -> str:
        return self.tr(
            "The drive %1 has no usable trash, so %Ln photo(s) could not be moved there.", "", count
        ).replace("%1", str(mount_point))

    def delete_permanently(self, mount_point: Path, count: int) -> str:
        return self.tr(
            "Delete %Ln photo(s) on %1 permanently? This cannot be undone.", "", count
        ).replace("%1", str(mount_point))


class _VolumeChoice(Enum):
    SKIP = 0
    RECOVERY = 1
    PERMANENT = 2


def ask_volume_dialog(parent: QWidget | None, volume: Volume, count: int) -> FallbackChoice:
    """The default question for a volume without a trash: skip (default), recovery folder, or
    delete permanently -- the last only after a second, explicit confirmation."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("TrashController", "No trash on this drive"))
    box.setText(_PluralTexts().no_trash(volume.mount_point, count))
    box.setInformativeText(
        QCoreApplication.translate(
            "TrashController",
            "Leave them where they are, move them to a recovery folder on the same drive (you "
            "can put them back later), or delete them permanently?",
        )
    )
    box.setDetailedText(volume.detail)
    skip = box.addButton(
        QCoreApplication.translate("TrashController", "Leave Them"),
        QMessageBox.ButtonRole.RejectRole,
    )
    recovery = box.addButton(
        QCoreApplication.translate("TrashController", "Move to Recovery Folder…"),
        QMessageBox.ButtonRole.ActionRole,
    )
    permanent = box.addButton(
        QCoreApplication.translate("TrashController", "Delete Permanently…"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    box.setDefaultButton(skip)
    box.setEscapeButton(skip)
    box.exec()
    clicked = box.clickedButton()
    if clicked is recovery:
        folder, ok = QInputDialog.getText(
            parent,
            QCoreApplication.translate("TrashController", "Recovery folder"),
            QCoreApplication.translate(
                "TrashController", "Folder on the same drive (created if needed):"
            ),
            text=str(volume.mount_point / RECOVERY_FOLDER_NAME),
        )
        if not ok or not folder.strip():
            return FallbackChoice()
        return FallbackChoice(Fallback.RECOVERY_FOLDER, recovery_folder=Path(folder.strip()))
    if clicked is permanent:
        answer = QMessageBox.warning(
            parent,
            QCoreApplication.translate("TrashController", "Delete permanently"),
            _PluralTexts().delete_permanently(volume.mount_point, count),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            return FallbackChoice(Fallback.PERMANENT, confirmed=True)
    return FallbackChoice()


class RemovalWorker(QObject):
    """Runs one `removal.remove` call in its thread."""

    progressed = Signal(int, int, str)  # done, total, path
    waiting = Signal()  # another removal (another window, dupviewer-cli) holds the lock
    finished = Signal(object)  # RemovalReport
    failed = Signal(str)

    def __init__(
        self,
        groups: Sequence[Group],
        marked: Sequence[Path],
        protected: Sequence[Path],
        choices: dict[int, FallbackChoice],
        trash: TrashFunction | None,
        journal: Journal | Path | None,
        batch: str,
    ) -> None:
        super().__init__()
        self._groups, self._marked, self._protected = groups, marked, protected
        self._choices = choices
        self._trash, self._journal = trash, journal
        self._batch = batch
        self.cancel_event = threading.Event()

    def _choice_for(self, volume: Volume) -> FallbackChoice:
        return self._choices.get(volume.dev, FallbackChoice())

    def _on_progress(self, done: int, total: int, path: Path) -> None:
        self.progressed.emit(done, total, str(path))

    @Slot()
    def run(self) -> None:
        try:
            report = removal.remove(
                self._groups,
                self._marked,
                trash=self._trash,
                journal=self._journal,
                no_trash=self._choice_for,
                protected_roots=self._protected,
                progress=self._on_progress,
                cancel=self.cancel_event,
                batch=self._batch,
                on_wait=self.waiting.emit,
            )
        except Exception as exc:  # noqa: BLE001 - reported to the user, never a silent success
            log.exception("removal failed")
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.finished.emit(report)


class PutBackWorker(QObject):
    """Runs one `journal.undo` for given paths in its thread (it reads every trashed file to
    check its digest: seconds for a big removal)."""

    finished = Signal(object)  # UndoReport
    failed = Signal(str)

    def __init__(
        self, journal: Journal | Path | None, paths: Sequence[Path], removal: str | None = None
    ) -> None:
        super().__init__()
        self._journal_path = journal.path if isinstance(journal, Journal) else journal
        self._paths = tuple(paths)
        self._removal = removal

    @Slot()
    def run(self) -> None:
        try:
            report = self._undo()
        except Exception as exc:  # noqa: BLE001 - reported to the user, never a silent success
            log.exception("putting back failed")
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.finished.emit(report)

    def _undo(self) -> UndoReport:
        """Put back one removal by its own records, so an older removal of the same paths is
        not mixed in and the other names (hard links) it took come back too: the removal this
        window made (`removal`), else the journal's last removal when it holds one of `paths`
        (after a restart). Otherwise the newest records of `paths`."""
        if self._removal and (
            own := journal_module.removal_records(self._removal, self._journal_path)
        ):
            return journal_module.undo(self._journal_path, records=own)
        newest = journal_module.last_removal_records(self._journal_path)
        if {e.path for e in newest} & set(self._paths):
            return journal_module.undo(self._journal_path, records=newest)
        return journal_module.undo(self._journal_path, only=self._paths)


def merge_reports(first: RemovalReport, second: RemovalReport) -> RemovalReport:
    """`first` with the outcomes of a second pass over some of its paths replacing its own."""
    again = {o.path: o for o in second.outcomes}
    return RemovalReport(
        outcomes=tuple(again.get(o.path, o) for o in first.outcomes),
        volumes_without_trash=first.volumes_without_trash,
        journal_path=first.journal_path or second.journal_path,
        journal_error=first.journal_error or second.journal_error,
        batch=first.batch or second.batch,  # two passes of one removal
    )


class TrashController(QObject):
    """Confirm, remove in the background (at most two passes), emit one merged report."""

    progressed = Signal(int, int, str)  # done, total, path
    waiting = Signal()  # the removal waits for another one to finish (see `removal.remove`)
    removal_finished = Signal(object)  # RemovalReport
    removal_failed = Signal(str)
    put_back_finished = Signal(object)  # UndoReport
    last_removal_found = Signal(list)  # paths the journal's last removal can still put back
    running_changed = Signal(bool)

    def __init__(
        self,
        parent_widget: QWidget | None = None,
        *,
        trash: TrashFunction | None = None,
        journal: Journal | Path | None = None,
        confirm: Confirmer = confirm_trash_dialog,
        ask_volume: VolumeAsker = ask_volume_dialog,
    ) -> None:
        super().__init__(parent_widget)
        self._widget = parent_widget
        self._trash, self._journal = trash, journal
        self._confirm, self._ask_volume = confirm, ask_volume
        self._threads = WorkerThreads(self)
        self._worker: RemovalWorker | None = None
        self._put_back_worker: PutBackWorker | None = None
        self._busy = False  # from confirmation to the merged report, across both passes
        self._groups: tuple[Group, ...] = ()
        self._protected: tuple[Path, ...] = ()
        self._first: RemovalReport | None = None
        self._batch = ""  # the journal's id of the removal under way (both passes share it)

    def is_running(self) -> bool:
        return self._busy

    def is_removing(self) -> bool:
        """A removal runs (not a Put Back): what `cancel` can stop."""
        return self._busy and self._put_back_worker is None

    def find_last_removal(self) -> None:
        """Read the journal's newest removal that can still be put back (see
        `journal.last_removal`) in a thread: a big journal takes a while, and the window must
        open at once. Emits `last_removal_found` (an unreadable journal: nothing to offer)."""
        path = self._journal.path if isinstance(self._journal, Journal) else self._journal

        def work() -> None:
            try:
                paths = journal_module.last_removal(path)
            except OSError as exc:
                log.warning("the removal journal could not be read: %s", exc)
                paths = []
            try:
                self.last_removal_found.emit(paths)  # queued to the GUI thread
            except RuntimeError:  # the window closed meanwhile
                pass

        threading.Thread(target=work, name="dupviewer-journal", daemon=True).start()

    def request(
        self, groups: Iterable[Group], marked: Iterable[Path], protected_roots: Iterable[Path] = ()
    ) -> bool:
        """Ask for confirmation and start; False when nothing was started."""
        if self._busy:
            return False
        self._groups = tuple(groups)
        marked_paths = sorted({Path(p) for p in marked})
        if not marked_paths:
            return False
        sizes = {m.path: m.photo.size for g in self._groups for m in g.members}
        total = sum(sizes.get(p, 0) for p in marked_paths)
        # Show Details lists every name that goes: a photo's other names (hard links) go too
        aliases = {m.path: m.photo.aliases for g in self._groups for m in g.members}
        names = [n for p in marked_paths for n in (p, *aliases.get(p, ()))]
        if not self._confirm(self._widget, len(marked_paths), total, names):
            return False
        self._protected = tuple(Path(p) for p in protected_roots)
        self._first = None
        self._batch = journal_module.new_batch()
        self._busy = True
        self.running_changed.emit(True)
        self._start(marked_paths, {})
        return True

    def put_back(self, paths: Iterable[Path], removal: str | None = None) -> bool:
        """Put files of an earlier removal back where they were (the journal's `undo`): the
        records of `removal` (its id, `journal.removal_of`) when known, else those of the
        journal's last removal holding `paths`; False when busy or given nothing."""
        wanted = sorted({Path(p) for p in paths})
        if self._busy or not wanted:
            return False
        self._busy = True
        worker = PutBackWorker(self._journal, wanted, removal)
        worker.finished.connect(self._on_put_back_finished)
        worker.failed.connect(self._on_worker_failed)
        self._put_back_worker = worker  # before the signal: `is_removing` tells them apart
        self.running_changed.emit(True)
        self._threads.start(worker, "put back")
        return True

    @Slot(object)
    def _on_put_back_finished(self, report: UndoReport) -> None:
        worker, self._put_back_worker = self._put_back_worker, None
        if worker is not None:
            worker.thread().quit()
        self._busy = False
        self.running_changed.emit(False)
        self.put_back_finished.emit(report)

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel_event.set()

    def shutdown(self) -> None:
        """On quit: stop after the current file and wait (files already moved stay journaled)."""
        self.cancel()
        self._worker = None
        self._threads.stop_all()

    def _start(self, marked: Sequence[Path], choices: dict[int, FallbackChoice]) -> None:
        worker = RemovalWorker(
            self._groups, marked, self._protected, choices, self._trash, self._journal, self._batch
        )
        worker.progressed.connect(self._on_worker_progressed)
        worker.waiting.connect(self.waiting)
        worker.finished.connect(self._on_worker_finished)
        worker.failed.connect(self._on_worker_failed)
        self._worker = worker
        self._threads.start(worker, "removal")

    def _stop_thread(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.thread().quit()  # `WorkerThreads` releases it once the thread has ended

    @Slot(int, int, str)
    def _on_worker_progressed(self, done: int, total: int, path: str) -> None:
        self.progressed.emit(done, total, path)

    @Slot(object)
    def _on_worker_finished(self, report: RemovalReport) -> None:
        self._stop_thread()
        if self._first is not None:  # second pass done
            merged = merge_reports(self._first, report)
            self._first = None
            self._done(merged)
            return
        waiting = [o for o in report.outcomes if o.reason is Reason.NO_TRASH]
        if not report.volumes_without_trash or not waiting or report.journal_error is not None:
            self._done(report)  # (a journal that failed: nothing more is moved, nor asked)
            return
        # Ask per volume, here in the GUI thread, then run once more for those files only.
        choices: dict[int, FallbackChoice] = {}
        for volume in report.volumes_without_trash:
            on_volume = [o for o in waiting if _on_device(o.path, volume.dev)]
            if not on_volume:
                continue
            choice = self._ask_volume(self._widget, volume, len(on_volume))
            if choice.action is not Fallback.SKIP:
                choices[volume.dev] = choice
        retry = [o.path for o in waiting if _device(o.path) in choices]
        if not retry:
            self._done(report)
            return
        self._first = report
        self._start(retry, choices)

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self._stop_thread()
        put_back, self._put_back_worker = self._put_back_worker, None
        if put_back is not None:
            put_back.thread().quit()
        self._first = None
        self._busy = False
        self.running_changed.emit(False)
        self.removal_failed.emit(message)

    def _done(self, report: RemovalReport) -> None:
        self._busy = False
        self.running_changed.emit(False)
        self.removal_finished.emit(report)


def _device(path: Path) -> int | None:
    try:
        return path.lstat().st_dev
    except OSError:
        return None


def _on_device(path: Path, dev: int) -> bool:
    return _device(path) == dev
