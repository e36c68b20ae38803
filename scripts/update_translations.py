"""Extract the GUI's translatable strings into `resources/translations/*.ts` with lupdate.

    python scripts/update_translations.py            # update every .ts next to the sources
    python scripts/update_translations.py --ts-dir D # update the .ts files in D instead

Runs `pyside6-lupdate -no-obsolete` over every Python file under `dupviewer/ui/` (and
`dupviewer/__main__.py` when it has strings), one .ts per language, so finished translations
are kept, new strings arrive as unfinished and strings gone from the sources are dropped. Then
translate in Qt Linguist and compile with `scripts/build_translations.py`.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
LANGUAGES = ("en", "zh_CN", "zh_TW")
# English is the source language: its .ts holds only the plural ("%n") messages, whose singular
# and plural forms it spells out; every other English text is the source text itself.
PLURAL_ONLY = ("en",)
_HAS_STRINGS = re.compile(r"\btr\(|\btranslate\(")


def source_files(root: Path = ROOT) -> list[Path]:
    """The Python files whose strings are translated, in a stable order."""
    files = sorted((root / "dupviewer" / "ui").rglob("*.py"))
    main = root / "dupviewer" / "__main__.py"
    if main.is_file() and _HAS_STRINGS.search(main.read_text(encoding="utf-8")):
        files.append(main)
    return files


def lupdate_command() -> str:
    """`pyside6-lupdate` from PATH, else the one next to this Python (a venv not activated)."""
    found = shutil.which("pyside6-lupdate")
    if found:
        return found
    beside = Path(sys.executable).with_name("pyside6-lupdate")
    if beside.is_file():
        return str(beside)
    raise SystemExit("pyside6-lupdate not found: pip install PySide6-Essentials")


def ts_files(ts_dir: Path) -> list[Path]:
    """The .ts files to update: one per shipped language, plus any other already in `ts_dir`."""
    wanted = {ts_dir / f"dupviewer_{lang}.ts" for lang in LANGUAGES}
    wanted |= set(ts_dir.glob("dupviewer_*.ts"))
    return sorted(wanted)


def update(ts_dir: Path = TS_DIR, root: Path = ROOT, quiet: bool = False) -> list[Path]:
    """Run lupdate for every .ts file in `ts_dir`; returns the files written."""
    ts_dir.mkdir(parents=True, exist_ok=True)
    sources = [str(p) for p in source_files(root)]
    written = []
    for ts in ts_files(ts_dir):
        language = ts.stem.removeprefix("dupviewer_")
        command = [
            lupdate_command(),
            *sources,
            "-ts",
            str(ts),
            "-no-obsolete",
            "-locations",
            "relative",
            "-source-language",
            "en",
            "-target-language",
            language,
        ]
        if language in PLURAL_ONLY:
            command.append("-pluralonly")
        if quiet:
            command.append("-silent")
        subprocess.run(command, check=True, cwd=root)
        written.append(ts)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ts-dir", type=Path, default=TS_DIR, help="folder of the .ts files")
    parser.add_argument("--quiet", action="store_true", help="no lupdate summary")
    args = parser.parse_args(argv)
    for ts in update(args.ts_dir.resolve(), quiet=args.quiet):
        if not args.quiet:
            print(f"updated {ts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
