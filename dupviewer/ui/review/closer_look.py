"""Auto-select's second look: its marks compared with the kept copy, larger, in the background.

Why: Auto-select marks what the scan proposes, and the scan sees 32x32 thumbnails. Pages of one
form photographed on a desk, a photo with another caption, a map with another route are one
picture there (`engine.finecheck`). `dedupe` compares each such proposal with the kept copy at
up to 768 pixels before removing it; in the app the same comparison runs after Auto-select, off
the GUI thread, and the photos that differ are unmarked (the window says how many). Marks made
by hand are the user's: never looked at again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from dupviewer.engine.finecheck import DIFFERS, STOPPED, UNREADABLE, look_closer, to_compare
from dupviewer.engine.model import Group, GroupKind, Member

log = logging.getLogger(__name__)


class CloserLook(QObject):
    """Runs `finecheck.look_closer` over (keeper, marked copies) in a thread; `finished` carries
    the run's number, the paths that differ from their keeper, and whether the look failed (then
    the paths are all it was asked about: none was found a plain copy). Answers are remembered
    by content (the two digests and the match), so a regroup asks again only about new pairs.
    Starting again (or `cancel`) stops the run under way: its answer is dropped."""

    finished = Signal(int, list, list, bool)  # run, paths that differ, paths asked, failed
    progressed = Signal(int, int, int)  # run, copies compared, copies to compare
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run = 0
        self._cancel: threading.Event | None = None
        self._known: dict[tuple[str, str, str], bool] = {}  # differs, by (keeper, copy, match)
        self._answers: dict[int, dict[tuple[str, str, str], bool]] = {}

    def running(self) -> bool:
        return self._cancel is not None

    def current_run(self) -> int:
        return self._run

    def start(self, pairs: Sequence[tuple[Member, Sequence[Member]]]) -> int:
        """Compare each keeper (its group's keeper of the moment, the copies labelled relative
        to it) with its marked copies; returns the run's number (0: nothing to compare, nothing
        runs)."""
        self.cancel()
        # byte-identical copies are copies: nothing to look at
        pairs = [
            (keeper, [m for m in marked if m.photo.digest != keeper.photo.digest])
            for keeper, marked in pairs
        ]
        known_differ = [
            m.path for keeper, marked in pairs for m in marked if self._known.get(_key(keeper, m))
        ]
        # look_closer compares the members proposed for removal (keep False) with the first
        groups = [
            Group(GroupKind.SIMILAR, (keeper, *(replace(m, keep=False) for m in todo)))
            for keeper, marked in pairs
            if (todo := [m for m in marked if _key(keeper, m) not in self._known])
        ]
        if not groups and not known_differ:
            return 0
        self._run += 1
        run, cancel = self._run, threading.Event()
        self._cancel = cancel
        asked = [m.path for _keeper, marked in pairs for m in marked]
        said = [0.0]  # when progress was last said (a few times a second at most)

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - said[0] >= 0.25 or done == total:
                said[0] = now
                try:
                    self.progressed.emit(run, done, total)
                except RuntimeError:  # the window closed meanwhile
                    pass

        def work() -> None:
            answers: dict[tuple[str, str, str], bool] = {}
            differ, failed = list(known_differ), False
            try:
                _groups, why = look_closer(groups, progress=progress, cancel=cancel)
                for group in groups:
                    for m in to_compare(group):
                        if why.get(m.path) not in (UNREADABLE, STOPPED):  # (may be back)
                            answers[_key(group.reference, m)] = m.path in why
                differ += [p for p, w in why.items() if w == DIFFERS]
            except Exception:  # noqa: BLE001 - said in the window, never a silent "all fine"
                log.exception("the closer look failed")
                differ, failed = [m.path for g in groups for m in to_compare(g)], True
            if cancel.is_set():
                return
            self._answers[run] = answers
            try:
                self.finished.emit(run, differ, asked, failed)  # queued to the GUI thread
            except RuntimeError:  # the window closed meanwhile
                pass

        threading.Thread(target=work, name="dupviewer-closer-look", daemon=True).start()
        self.running_changed.emit(True)
        return run

    def done(self, run: int) -> bool:
        """Call with `finished`'s run number: True when it is the run under way (then it is
        over and its answers are remembered), False for an answer to a run since replaced or
        cancelled."""
        answers = self._answers.pop(run, {})
        if run != self._run or self._cancel is None:
            return False
        self._known.update(answers)
        self._cancel = None
        self.running_changed.emit(False)
        return True

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self._cancel = None
            self.running_changed.emit(False)


def _key(keeper: Member, copy: Member) -> tuple[str, str, str]:
    return (keeper.photo.digest, copy.photo.digest, copy.match)
