"""Compile every `resources/translations/*.ts` (Qt Linguist sources) to `.qm` next to it.

The app loads the `.qm` files (see `dupviewer.resources.translations_dir`); `packaging/build.sh`
runs this before PyInstaller so the bundle carries them. With no `.ts` files it does nothing.

Usage: `python scripts/build_translations.py` (uses `pyside6-lrelease` from PATH or next to the
Python interpreter).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TRANSLATIONS = Path(__file__).resolve().parent.parent / "resources" / "translations"


def find_lrelease() -> str | None:
    """`pyside6-lrelease` (the app compiles with the same one, see `dupviewer.ui.i18n`)."""
    sys.path.insert(0, str(TRANSLATIONS.parents[1]))
    from dupviewer.ui.i18n import find_lrelease as find

    return find()


def build(folder: Path = TRANSLATIONS) -> list[Path]:
    """Compile each `.ts` in `folder`; return the `.qm` files written. Raises if one fails."""
    sources = sorted(folder.glob("*.ts"))
    if not sources:
        return []
    lrelease = find_lrelease()
    if lrelease is None:
        raise SystemExit("pyside6-lrelease not found: install PySide6-Essentials")
    written = []
    for ts in sources:
        qm = ts.with_suffix(".qm")
        subprocess.run([lrelease, str(ts), "-qm", str(qm)], check=True, capture_output=True)
        if not qm.is_file():
            raise SystemExit(f"{lrelease} wrote nothing for {ts}")
        written.append(qm)
    return written


def main() -> int:
    written = build()
    for qm in written:
        print(f"wrote {qm}")
    if not written:
        print(f"no .ts files in {TRANSLATIONS}: nothing to compile")
    return 0


if __name__ == "__main__":
    sys.exit(main())
