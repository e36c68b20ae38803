"""A status bar whose messages end in "…" when they do not fit, with the whole text as tooltip.

Why: QStatusBar clips a long message at the permanent widgets (the counts on the right), often
mid-word, with nothing saying that more was there.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QStatusBar, QWidget

_MARGIN = 18  # QStatusBar keeps 6 px on the left, 12 on the right (qstatusbar.cpp messageRect)


class ElidingStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._timeout = 0
        self._shown = QElapsedTimer()
        self._permanent: list[QWidget] = []
        self._showing = False
        self.messageChanged.connect(self._on_message_changed)

    def full_message(self) -> str:
        """The message as asked for, before any "…" (empty once it is cleared or timed out)."""
        return self._full

    def shown_ms(self) -> int:
        """How long the message has been shown, in milliseconds (huge when there is none)."""
        return self._shown.elapsed() if self._full and self._shown.isValid() else 1 << 30

    def showMessage(self, text: str, timeout: int = 0) -> None:  # noqa: N802 (Qt's name)
        self._full, self._timeout = text, timeout
        self._shown.start()
        self._show(timeout)

    def addPermanentWidget(self, widget: QWidget, stretch: int = 0) -> None:  # noqa: N802
        super().addPermanentWidget(widget, stretch)
        self._permanent.append(widget)
        widget.installEventFilter(self)  # its text grows or shrinks: the room for messages too

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
            self._reflow()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._reflow()

    def _reflow(self) -> None:
        """Elide the message again for the room there is now, keeping what is left of its
        time."""
        if self._full and self.currentMessage() and not self._showing:
            left = self._timeout - self._shown.elapsed() if self._timeout else 0
            if not self._timeout or left > 0:
                self._show(max(0, left))

    def _show(self, timeout: int) -> None:
        text = self._full
        room = self._room()
        if not self.isVisible() or room <= 0:  # not laid out yet: resizeEvent comes back here
            shown = text
        else:
            shown = self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room)
        self.setToolTip(text if shown != text else "")
        self._showing = True  # showing may move the permanent widgets: no reflow from within
        try:
            super().showMessage(shown, timeout)
        finally:
            self._showing = False

    def _room(self) -> int:
        """Width QStatusBar gives a message: up to the first visible permanent widget."""
        right = self.width()
        for child in self._permanent:
            if child.isVisible():
                right = min(right, child.x())
        return max(0, right - _MARGIN)

    def _on_message_changed(self, text: str) -> None:
        if not text:  # cleared or timed out
            self._full = ""
            self.setToolTip("")
