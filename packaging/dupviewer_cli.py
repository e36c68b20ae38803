"""Entry script of the bundled `dupviewer-cli`, the same as pyproject's
`dupviewer-cli = "dupviewer.cli:main"` plus the frozen app's worker start-up."""

import multiprocessing
import sys

if __name__ == "__main__":
    # First: a scan's worker process re-runs this executable, and freeze_support() turns it
    # into the worker right here, before it could parse arguments.
    multiprocessing.freeze_support()
    from dupviewer.cli import main

    sys.exit(main())
