"""Find the files that ship with the app (icons, translations, styles) wherever it runs.

From a source checkout (or an editable install) they are in `resources/` next to the package;
in a PyInstaller bundle they are unpacked under `sys._MEIPASS/resources`. `DUPVIEWER_RESOURCES_DIR`
overrides both (for distribution packagers who put them elsewhere, e.g. /usr/share/dupviewer).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_ICON_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256, 512)


def resources_dir() -> Path:
    """The folder that holds `icons/`, `translations/` and `styles/`."""
    if env := os.environ.get("DUPVIEWER_RESOURCES_DIR"):
        return Path(env)
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of one shipped file or folder, e.g. `resource_path("icons", "dupviewer.png")`.

    The path is returned even if it does not exist, so callers can say which file is missing.
    """
    return resources_dir().joinpath(*parts)


def translations_dir() -> Path:
    """Folder of the compiled `.qm` translations (`scripts/build_translations.py` makes them)."""
    return resource_path("translations")


def app_icon_paths() -> list[Path]:
    """The app icon's PNG files, smallest first, for building a multi-size `QIcon`."""
    paths = [resource_path("icons", f"dupviewer-{size}.png") for size in APP_ICON_SIZES]
    return [p for p in paths if p.is_file()]
