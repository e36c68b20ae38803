"""Start the desktop app: `dupviewer [--demo] [--lang CODE] [PATH...]` (and Qt's own options).

Sets the application identity (name and organisation `dupviewer`, which is also the window
class on X11/Wayland), the icon, the translators for the chosen or system language, an excepthook
that logs and shows a dialog, then opens the main window; with folders it scans them at once,
and `--demo` first writes the demo photo library into a temporary folder.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

import PySide6
from PySide6.QtCore import QCoreApplication, QSettings, QTimer
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


# Qt's own command-line options (QGuiApplication, QApplication, the xcb platform), which Qt
# takes from the arguments the QApplication gets; each may also be written with two dashes,
# and the ones with a value also as -option=value.
_QT_OPTIONS_WITH_VALUE = frozenset(
    "platform platformpluginpath platformtheme plugin qwindowgeometry qwindowicon qwindowtitle"
    " session display geometry style stylesheet name title visual ncols".split()
)
_QT_OPTIONS_EQUALS_ONLY = frozenset({"qmljsdebugger", "dialogs"})  # only as -option=value
_QT_FLAGS = frozenset("reverse widgetcount nograb dograb sync cmap testability".split())

# `dupviewer-cli`'s subcommands: `dupviewer scan DIR` is someone who meant the command line.
CLI_COMMANDS = ("scan", "dedupe", "undo", "find")


def split_qt_args(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """(ours, Qt's): Qt's options and their values are taken out so that anything else starting
    with a dash can be rejected as unknown."""
    ours: list[str] = []
    qt: list[str] = []
    items = list(argv)
    i = 0
    while i < len(items):
        arg = items[i]
        if arg == "--":  # the rest are folders
            ours.extend(items[i:])
            break
        name = ""
        if arg.startswith("-") and not arg.startswith("---"):
            name = arg[2:] if arg.startswith("--") else arg[1:]
        key, has_value, _value = name.partition("=")
        if has_value and key in _QT_OPTIONS_EQUALS_ONLY:
            qt.append(arg)
            i += 1
            continue
        if key in _QT_OPTIONS_WITH_VALUE and (has_value or i + 1 < len(items)):
            taken = 1 if has_value else 2
            qt.extend(items[i : i + taken])
            i += taken
            continue
        if key in _QT_FLAGS and not has_value:
            qt.append(arg)
        else:
            ours.append(arg)
        i += 1
    return ours, qt


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="Find duplicate and near-duplicate photos (the desktop app). For the "
        "command line (scan, dedupe, undo, find) run dupviewer-cli.",
        epilog="Qt's own options (e.g. -platform NAME, -style NAME, -reverse) are passed to Qt.",
    )
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
    # Both are answered by dupviewer.__main__ before Qt is imported; listed here for --help.
    parser.add_argument(
        "--version",
        action="version",
        version=f"{APP_NAME} {__version__}",
        help="print the version and exit",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that this copy works (no window needed) and exit",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="folders to open and scan")
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Our own arguments; Qt's options (e.g. -platform offscreen) are left to Qt. Any other
    option is an error (exit status 2 with the usage), and so is a `dupviewer-cli` command word
    that is not a folder here (`dupviewer scan DIR`): neither silently opens the window."""
    parser = build_parser()
    ours, _qt = split_qt_args(argv)
    for word in ours:  # before the options: `dupviewer scan DIR --json out.json` gets the hint
        if word in CLI_COMMANDS and not Path(word).exists():
            parser.error(
                f"{word!r} is not a folder; the command line is a separate program: "
                f"dupviewer-cli {word} --help"
            )
    return parser.parse_args(ours)


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


class StopOnSignal:
    """Ctrl+C in the terminal (SIGINT) and, on POSIX, SIGTERM (`kill`, `timeout`, the session
    ending) close the window as its close button does (settings saved, a scan or removal stopped
    cleanly) and end the event loop, so `run()` returns normally and removes the demo folder;
    the exit status is then 0. Without this, Ctrl+C would be ignored until the next Python call
    and SIGTERM would kill the process on the spot (status 143) leaving the demo folder behind.

    Python runs signal handlers only between bytecodes, which Qt's event loop never reaches
    while idle: a timer wakes the interpreter four times a second. `requested` tells `run()` a
    signal came before the event loop started (while the demo library was being written)."""

    def __init__(self, window: QWidget, app: QCoreApplication) -> None:
        self.window = window
        self.app = app
        self.requested = False
        self.timer: QTimer | None = None
        signals = [signal.SIGINT]
        if os.name == "posix":
            signals.append(signal.SIGTERM)
        try:
            for signum in signals:
                signal.signal(signum, self._handle)
        except ValueError:  # not the main thread: no handlers, no timer
            return
        self.timer = QTimer(app)
        self.timer.timeout.connect(lambda: None)
        self.timer.start(250)

    def _handle(self, signum: int, _frame: object) -> None:
        log.info("signal %d: closing", signum)
        self.requested = True
        self.window.close()
        self.app.quit()  # also ends a dialog's nested event loop, which close() alone would not


def run(argv: Sequence[str]) -> int:
    """Run the app until its window closes; returns the exit status."""
    if keep_none_alive():  # first: see none_guard (PySide6 6.12.0 on CPython 3.11)
        log.warning("PySide6 %s drops references to None: workaround applied", PySide6.__version__)
    args = parse_args(list(argv)[1:])
    if args.self_test:  # normally answered by dupviewer.__main__ already
        from dupviewer.selftest import run_self_test

        return run_self_test()
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
    stop = StopOnSignal(window, app)
    hook = ExceptionDialogHook(window)
    sys.excepthook = hook
    demo_folder: Path | None = None
    folders = [p.expanduser().absolute() for p in args.paths]
    missing = [p for p in folders if not p.is_dir()]
    folders = [p for p in folders if p.is_dir()]
    try:
        if args.demo:
            demo_folder = Path(tempfile.mkdtemp(prefix="dupviewer-demo-"))
            build_demo_library(demo_folder)
            window.remember_folders = False  # the demo folder goes away on exit
            folders = [demo_folder]
        if stop.requested:  # Ctrl+C or SIGTERM while the demo library was being written
            return 0
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
        status = app.exec()
    finally:
        sys.excepthook = hook.previous
        if demo_folder is not None:
            shutil.rmtree(demo_folder, ignore_errors=True)
    return int(status)
