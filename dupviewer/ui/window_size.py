"""A window's first size: what it asks for, but never larger than the screen's free area."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

_FRAME = QSize(16, 40)  # title bar and borders, drawn by the window manager


def fit_to_screen(window: QWidget, wanted: QSize) -> None:
    """Resize `window` to `wanted`, bounded by its screen's free area less the frame (on a
    1024x700 screen a bigger first size puts its right edge and Close button off screen)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(wanted)
        return
    room = screen.availableGeometry().size()
    window.resize(wanted.boundedTo(room - _FRAME).expandedTo(window.minimumSizeHint()))
