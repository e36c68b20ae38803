"""The status bar ends a message that does not fit in "…" and keeps the whole as tooltip."""

from PySide6.QtWidgets import QLabel, QMainWindow

from dupviewer.ui.status_bar import ElidingStatusBar

LONG = (
    "Moved 3 photos to the trash. 2 photos were not moved: they changed on disk since the "
    "scan (see Not moved). Rescan to see their groups as they are now."
)


def _window(qtbot, width):
    window = QMainWindow()
    qtbot.addWidget(window)
    bar = ElidingStatusBar()
    window.setStatusBar(bar)
    counts = QLabel("Groups: 12 · Can be freed: 48.2 MB · Marked: 9 (31.0 MB)")
    bar.addPermanentWidget(counts)
    window.resize(width, 300)
    window.show()
    qtbot.waitExposed(window)
    return window, bar, counts


def test_a_long_message_ends_in_an_ellipsis_and_keeps_the_whole_as_tooltip(qtbot):
    window, bar, counts = _window(qtbot, 700)
    bar.showMessage(LONG)
    shown = bar.currentMessage()
    assert shown.endswith("…") and LONG.startswith(shown[:-1])
    assert bar.fontMetrics().horizontalAdvance(shown) <= counts.x()  # left of the counts
    assert bar.toolTip() == LONG and bar.full_message() == LONG

    window.resize(2400, 300)  # room enough: the whole message, no tooltip
    qtbot.waitUntil(lambda: bar.currentMessage() == LONG)
    assert bar.toolTip() == ""

    window.resize(700, 300)
    qtbot.waitUntil(lambda: bar.currentMessage().endswith("…"))
    counts.setText("Groups: 1")  # the counts shrink: more room for the message
    qtbot.waitUntil(lambda: len(bar.currentMessage()) > len(shown))


def test_a_short_message_is_shown_as_is_and_clearing_forgets_it(qtbot):
    window, bar, _ = _window(qtbot, 1200)  # held: the bar lives as long as its window
    bar.showMessage("Scan complete.")
    assert bar.currentMessage() == "Scan complete." and bar.toolTip() == ""
    bar.showMessage(LONG + LONG)
    assert bar.toolTip() == LONG + LONG
    bar.clearMessage()
    assert bar.currentMessage() == "" and bar.full_message() == "" and bar.toolTip() == ""


def test_a_timed_message_still_goes_after_its_time(qtbot):
    window, bar, _ = _window(qtbot, 700)
    bar.showMessage(LONG, 300)
    window.resize(650, 300)  # elided again: keeps what is left of its time
    qtbot.waitUntil(lambda: bar.currentMessage() == "", timeout=3000)
    assert bar.full_message() == ""
