"""`dupviewer` / `python -m dupviewer`: the desktop app."""

import multiprocessing
import sys


def main() -> int:
    multiprocessing.freeze_support()  # first: a frozen worker process must never open a window
    from dupviewer.ui.app import run

    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
