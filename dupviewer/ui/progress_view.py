"""The scan's progress: stage word, a bar, files done of total, current file, speed, time left.

Speed and time left are estimated per stage from the progress reports themselves (files done
over elapsed time since the stage began), so they need nothing from the engine beyond `Progress`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dupviewer.engine.model import Progress, ScanResult, Stage
from dupviewer.ui.words import duration_text, number_text, size_text, stage_word


def photo_count(result: ScanResult) -> int:
    """The photos a result holds: those analysed (and still there after a removal), never the
    files that could not be read. A result that kept no fingerprints (`photos` empty, as a
    cancelled scan's stand-in or an older caller may return) is counted from its statistics:
    the files analysed or answered by the cache, less those that failed."""
    if result.photos:
        return len(result.photos)
    stats = result.stats
    return max(0, stats.hashed + stats.from_cache - stats.failed)


class ProgressView(QWidget):
    """Shown while a scan runs; after it ends, a one-line summary (incomplete when cancelled)."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None, clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self._clock = clock
        self._stage: Stage | None = None
        self._stage_started = 0.0
        self._stage_first_done = 0
        self._cancelling = False  # the scan was asked to stop: what it still does is said so
        self._counted: ScanResult | None = None  # the finished scan its summary line counts
        self._can_free: int | None = None  # the review's "can be freed" (None: the scan's)

        self.stage_label = QLabel()
        font = self.stage_label.font()
        font.setBold(True)
        self.stage_label.setFont(font)
        self.count_label = QLabel()
        # it wraps: on one line it held the window wider than a small screen
        self.count_label.setWordWrap(True)
        self.speed_label = QLabel()
        self.speed_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.file_label = QLabel()
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.file_label.setEnabled(False)  # dimmed: secondary information
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the scan and show what was found so far (Esc)"))
        self.cancel_button.clicked.connect(self._on_cancel_clicked)

        top = QHBoxLayout()
        top.addWidget(self.stage_label)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.speed_label)
        bar_row = QHBoxLayout()
        bar_row.addWidget(self.bar, 1)
        bar_row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addLayout(bar_row)
        layout.addWidget(self.file_label)

    @Slot()
    def _on_cancel_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Cancelling…"))
        self._cancelling = True
        self.stage_label.setText(self._stage_text(self._stage or Stage.DISCOVER))
        self.cancel_requested.emit()

    def start(self) -> None:
        """Reset for a new scan."""
        self._stage = None
        self._cancelling = False
        self._counted, self._can_free = None, None
        self.stage_label.setText(stage_word(Stage.DISCOVER))
        self.count_label.clear()
        self.speed_label.clear()
        self.file_label.clear()
        self.bar.setRange(0, 0)  # busy until a total is known
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.bar.show()
        self.show()

    @Slot(object)
    def update_progress(self, progress: Progress) -> None:
        now = self._clock()
        if progress.stage != self._stage:
            self._stage = progress.stage
            self._stage_started = now
            self._stage_first_done = progress.done
        self.stage_label.setText(self._stage_text(progress.stage))
        if progress.total > 0:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(min(progress.done, progress.total))
            if progress.stage == Stage.GROUP:  # a share of the search, not a count of files
                percent = 100 * min(progress.done, progress.total) // progress.total
                self.count_label.setText(self.tr("%1% done").replace("%1", str(percent)))
            else:
                self.count_label.setText(
                    self.tr("Files: %1 of %2")
                    .replace("%1", number_text(progress.done))
                    .replace("%2", number_text(progress.total))
                )
        else:
            self.bar.setRange(0, 0)
            self.count_label.setText(
                self.tr("Files found: %1").replace("%1", number_text(progress.done))
            )
        if progress.path:
            metrics = self.file_label.fontMetrics()
            width = max(100, self.file_label.width())
            self.file_label.setText(
                metrics.elidedText(progress.path, Qt.TextElideMode.ElideMiddle, width)
            )
            self.file_label.setToolTip(progress.path)
        self.speed_label.setText(self._speed_text(progress, now))

    def _stage_text(self, stage: Stage) -> str:
        """The stage's word; after Cancel, that the scan is stopping (a cancelled scan still
        groups the photos it analysed: "Grouping look-alikes" alone read as if it went on)."""
        if not self._cancelling:
            return stage_word(stage)
        if stage == Stage.GROUP:
            return self.tr("Stopping: grouping the photos analysed so far")
        return self.tr("Stopping the scan")

    def _speed_text(self, progress: Progress, now: float) -> str:
        elapsed = now - self._stage_started
        done = progress.done - self._stage_first_done
        if elapsed < 1.0 or done <= 0:
            return ""
        rate = done / elapsed
        if progress.stage == Stage.GROUP:
            if progress.total <= progress.done:
                return ""
            left = (progress.total - progress.done) / rate
            return self.tr("about %1 left").replace("%1", duration_text(left))
        text = self.tr("%1 files/s").replace("%1", number_text(rate, 1 if rate < 10 else 0))
        if progress.total > progress.done:
            left = (progress.total - progress.done) / rate
            text = (
                self.tr("%1 · about %2 left").replace("%1", text).replace("%2", duration_text(left))
            )
        return text

    def show_counts(self, result: ScanResult) -> None:
        """The summary line of a finished scan; called again when its groups change (a removal,
        a new threshold), so it never contradicts the status bar. Photos are those analysed and
        still there (files that could not be read are the Problems)."""
        self._counted = result
        self._show_counts()

    def set_can_free(self, size: int | None) -> None:
        """What the review proposes to free now (keepers picked, the closer look's findings),
        in place of the scan's own figure: the status bar says the same."""
        self._can_free = size
        self._show_counts()

    def _show_counts(self) -> None:
        result = self._counted
        if result is None:
            return
        can_free = self._can_free
        if can_free is None:
            can_free = sum(g.reclaimable for g in result.groups)
        self.count_label.setText(
            self.tr("Photos: %1 · Groups: %2 · Can be freed: %3 · Problems: %4")
            .replace("%1", number_text(photo_count(result)))
            .replace("%2", number_text(len(result.groups)))
            .replace("%3", size_text(can_free))
            .replace("%4", number_text(len(result.errors)))
        )

    def mark_out_of_date(self) -> None:
        """Photos came back from the trash: the summary's counts are of the scan without them,
        and only a new scan counts them again."""
        self.stage_label.setText(self.tr("Photos put back: scan again to count them"))

    def finish(self, result: ScanResult) -> None:
        """Replace the live figures with a summary of the finished (or cancelled) scan."""
        self.cancel_button.hide()
        self.bar.hide()  # the summary line says it all; the review gets the room
        if result.complete:
            self.stage_label.setText(self.tr("Scan complete"))
        else:
            self.stage_label.setText(self.tr("Incomplete: scan cancelled"))
        self.show_counts(result)
        self.speed_label.setText(
            self.tr("%1 s").replace("%1", number_text(result.stats.seconds, 1))
        )
        self.file_label.setText(
            ""
            if result.complete
            else self.tr("Only the photos analysed before cancelling are grouped.")
        )
