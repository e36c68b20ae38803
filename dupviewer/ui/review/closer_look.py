"""Auto-select's second look: its marks compared with the kept copy, larger, in the background.

Why: Auto-select marks what the scan proposes, and the scan sees 32x32 thumbnails. Pages of one
form photographed on a desk, a photo with another caption, a map with another route are one
picture there (`engine.finecheck`). `dedupe` compares each such proposal with the kept copy at
up to 768 pixels before removing it; in the app the same comparison runs after Auto-select, off
the GUI thread, and the photos that differ are unmarked (the window says how many). Marks made
by hand are the user's: never looked at again.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from dupviewer.engine.finecheck import DIFFERS, look_closer
from dupviewer.engine.model import Group, GroupKind, Member


class CloserLook(QObject):
    """Runs `finecheck.look_closer` over (keeper, marked copies) in a thread; `finished` carries
    the run's number and the paths that differ from their keeper. Starting again (or `cancel`)
    stops the run under way: its answer is dropped."""

    finished = Signal(int, list)  # run number, paths that differ in fine detail
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run = 0
        self._cancel: threading.Event | None = None

    def running(self) -> bool:
        return self._cancel is not None

    def start(self, pairs: Sequence[tuple[Member, Sequence[Member]]]) -> int:
        """Compare each keeper (the group's reference) with its marked copies; returns the
        run's number (0: nothing to compare, nothing runs)."""
        self.cancel()
        # look_closer compares the members proposed for removal (keep False) with the first
        groups = [
            Group(GroupKind.SIMILAR, (keeper, *(replace(m, keep=False) for m in marked)))
            for keeper, marked in pairs
            if marked
        ]
        if not groups:
            return 0
        self._run += 1
        run, cancel = self._run, threading.Event()
        self._cancel = cancel

        def work() -> None:
            differs: list[Path] = []
            try:
                _groups, why = look_closer(groups, cancel=cancel)
                differs = [p for p, w in why.items() if w == DIFFERS]
            finally:
                if not cancel.is_set():
                    self.finished.emit(run, differs)  # queued to the GUI thread

        threading.Thread(target=work, name="dupviewer-closer-look", daemon=True).start()
        self.running_changed.emit(True)
        return run

    def done(self, run: int) -> bool:
        """Call with `finished`'s run number: True when it is the run under way (then it is
        over), False for an answer to a run since replaced or cancelled."""
        if run != self._run or self._cancel is None:
            return False
        self._cancel = None
        self.running_changed.emit(False)
        return True

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self._cancel = None
            self.running_changed.emit(False)
