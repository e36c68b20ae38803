"""The engine and the CLI are headless: importing every one of their modules loads no Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import importlib, pkgutil, sys
import dupviewer.engine, dupviewer.cli
names = []
for package in (dupviewer.engine, dupviewer.cli):
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        if info.name.endswith("__main__"):
            continue  # runs the CLI on import
        importlib.import_module(info.name)
        names.append(info.name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"))
print("\\n".join(names))
print("QT:" + ",".join(qt))
"""


def test_engine_and_cli_import_no_qt() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    # The check really covered the modules that matter.
    for module in ("dupviewer.engine.scanner", "dupviewer.engine.model", "dupviewer.cli.scan_cmd"):
        assert module in lines
    assert lines[-1] == "QT:"
