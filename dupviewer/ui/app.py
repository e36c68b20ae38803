"""Start the desktop app: `dupviewer [--demo] [--lang CODE] [PATH...]`.

Sets the application identity (name and organisation `dupviewer`, which is also the window
class on X11/Wayland), the icon, the translators for the chosen or system language, an excepthook
that logs and shows a dialog, then opens the main window; with folders it scans them at once,
and `--demo` first writes the demo photo library into a temporary folder.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import signal
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

import PySide6
from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from dupviewer import __version__, resources
from dupviewer.engine.demo import build_demo_library
from dupviewer.ui.i18n import install_translators
from dupviewer.ui.main_window import MainWindow
from dupviewer.ui.messages import show_message
from dupviewer.ui.none_guard import keep_none_alive
from dupviewer.ui.settings import Settings

log = logging.getLogger(__name__)

APP_NAME = "dupviewer"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Our own arguments; anything Qt understands (e.g. -platform) is left to Qt."""
    parser = argparse.ArgumentParser(prog=APP_NAME, add_help=True)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the app on a generated sample library with duplicates",
    )
    parser.add_argument(
        "--lang",
        metavar="CODE",
        default=None,
        help="language for this run, e.g. en, zh_CN, zh_TW (default: settings)",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="folders to open and scan")
    args, _unknown = parser.parse_known_args(list(argv))
    return args


def app_icon() -> QIcon:
    """The app icon in every size shipped under `resources/icons/`."""
    icon = QIcon()
    for path in resources.app_icon_paths():
        icon.addFile(str(path))
    fallback = resources.resource_path("icons", "dupviewer.png")
    if icon.isNull() and fallback.is_file():
        icon.addFile(str(fallback))
    return icon


class ExceptionDialogHook:
    """`sys.excepthook`: log through the previous hook, then tell the user, once at a time.

    The dialog is window-modal and opened with `open()`, so it never nests an event loop inside
    whatever slot raised.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent
        self.previous = sys.excepthook
        self._box: QMessageBox | None = None

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if self.previous is not None and self.previous is not self:
            self.previous(exc_type, exc, tb)
        if issubclass(exc_type, KeyboardInterrupt) or QApplication.instance() is None:
            return
        if self.previous is sys.__excepthook__:  # logsetup's hook was not installed: log here
            log.critical("unexpected error", exc_info=(exc_type, exc, tb))
        if self._box is not None and self._box.isVisible():
            return
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QCoreApplication.translate("app", "Unexpected error"))
        box.setText(
            QCoreApplication.translate(
                "app", "Something went wrong. Your photos were not changed by this error."
            )
        )
        box.setInformativeText(f"{exc_type.__name__}: {exc}")
        box.setDetailedText("".join(traceback.format_exception(exc_type, exc, tb)))
        self._box = box
        box.open()


def close_on_interrupt(window: QWidget, parent: QObject) -> QTimer | None:
    """Ctrl+C in the terminal closes the window as its close button does (settings saved, a
    scan or removal stopped cleanly) instead of being ignored until the next Python call.

    Python runs signal handlers only between bytecodes, which Qt's event loop never reaches
    while idle: a timer wakes the interpreter four times a second. Returns that timer (None
    off the main thread, where handlers cannot be set)."""
    try:
        signal.signal(signal.SIGINT, lambda _signum, _frame: window.close())
    except ValueError:  # not the main thread
        return None
    timer = QTimer(parent)
    timer.timeout.connect(lambda: None)
    timer.start(250)
    return timer


def run(argv: Sequence[str]) -> int:
    """Run the app until its window closes; returns the exit status."""
    if keep_none_alive():  # first: see none_guard (PySide6 6.12.0 on CPython 3.11)
        log.warning("PySide6 %s drops references to None: workaround applied", PySide6.__version__)
    args = parse_args(list(argv)[1:])
    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(APP_NAME)
    QApplication.setApplicationVersion(__version__)
    QApplication.setDesktopFileName(APP_NAME)
    app = QApplication.instance() or QApplication([str(a) for a in argv] or [APP_NAME])
    app.setWindowIcon(app_icon())

    settings = Settings(QSettings())
    language = install_translators(app, args.lang if args.lang is not None else settings.language)
    log.info("language: %s", language)

    window = MainWindow(settings)
    close_on_interrupt(window, app)
    hook = ExceptionDialogHook(window)
    sys.excepthook = hook
    demo_folder: Path | None = None
    folders = [p.expanduser().absolute() for p in args.paths]
    missing = [p for p in folders if not p.is_dir()]
    folders = [p for p in folders if p.is_dir()]
    if args.demo:
        demo_folder = Path(tempfile.mkdtemp(prefix="dupviewer-demo-"))
        build_demo_library(demo_folder)
        window.remember_folders = False  # the demo folder goes away on exit
        folders = [demo_folder]
    window.show()
    if missing:
        show_message(
            window,
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("app", "Folder not found"),
            QCoreApplication.translate("app", "These folders do not exist:")
            + "\n"
            + "\n".join(str(p) for p in missing),
        )
    if folders:
        window.open_folders(folders)
    try:
        status = app.exec()
    finally:
        sys.excepthook = hook.previous
        if demo_folder is not None:
            shutil.rmtree(demo_folder, ignore_errors=True)
    return int(status)
