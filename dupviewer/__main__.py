"""`dupviewer` / `python -m dupviewer`: the desktop app.

`--version` and `--self-test` are answered before any Qt module is imported, so both work on a
machine with no display and in the frozen app's worker-free startup path. Everything else goes
to the GUI (`dupviewer.ui.app.run`), which parses its own arguments (`--demo`, folders).
"""

import multiprocessing
import sys


def main(argv: list[str] | None = None) -> int:
    # First: in a frozen app a worker process re-runs this executable, and freeze_support()
    # turns it into the worker right here, before it could parse arguments or open a window.
    multiprocessing.freeze_support()
    argv = list(sys.argv if argv is None else argv)
    args = argv[1:]
    if "--version" in args or "--self-test" in args:
        _attach_console()
    if "--version" in args:
        from dupviewer import __version__

        print(f"dupviewer {__version__}")
        return 0
    if "--self-test" in args:
        from dupviewer.selftest import run_self_test

        return run_self_test()

    from dupviewer.logsetup import setup_logging

    setup_logging()
    from dupviewer.ui.app import run

    return run(argv)


def _attach_console() -> None:
    """A windowed Windows build has no stdout: print to the console that started it, if any."""
    if sys.platform != "win32" or sys.stdout is not None:
        return
    import ctypes

    if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
        sys.stdout = open("CONOUT$", "w", encoding="utf-8")  # kept open until exit
        sys.stderr = sys.stdout


if __name__ == "__main__":
    sys.exit(main())
