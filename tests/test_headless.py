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


RESCAN = """
import sys
from pathlib import Path
from dupviewer.engine.model import ScanOptions
from dupviewer.engine.scanner import scan
root, cache = Path(sys.argv[1]), Path(sys.argv[2])
options = ScanOptions(roots=(root,), cache_path=cache, decisions_path=root.parent / "d.json")
result = scan(options)
loaded = sorted(m for m in ("dupviewer.engine.decoding", "pillow_heif") if m in sys.modules)
print(result.stats.hashed, result.stats.from_cache, len(result.groups), ",".join(loaded))
"""


def test_scanning_process_loads_no_decoder(tmp_path: Path) -> None:
    """The decoders (Pillow plugins, libheif: ~10 ms to import, most of a small rescan) load in
    the worker processes only: neither a first scan nor a rescan answered from the cache (which
    builds the same `Analysis` records the workers send) imports them in the scanning process."""
    from images import make_photo, save

    root = tmp_path / "photos"
    root.mkdir()
    save(make_photo(1), root / "a.jpg")
    save(make_photo(1).resize((240, 160)), root / "a_small.jpg")
    save(make_photo(2), root / "b.png")
    cache = tmp_path / "cache.sqlite"
    runs = [
        subprocess.run(
            [sys.executable, "-c", RESCAN, str(root), str(cache)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )  # fmt: skip
        for _ in range(2)
    ]
    for done in runs:
        assert done.returncode == 0, done.stderr
    first, second = (done.stdout.split() for done in runs)
    assert first == ["3", "0", "1"]
    assert second == ["0", "3", "1"]
