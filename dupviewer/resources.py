"""Find the files that ship with the app (icons, translations, styles) wherever it runs.

Where they are, first match wins:

1. `DUPVIEWER_RESOURCES_DIR`, if set (for distribution packagers who put them elsewhere, e.g.
   /usr/share/dupviewer);
2. in a PyInstaller bundle, `sys._MEIPASS/resources` (a frozen app never runs from a checkout);
3. in a source checkout (or an editable install of one), `resources/` next to the package,
   recognised by the `pyproject.toml` beside it (so a stray `site-packages/resources` folder of
   some other distribution is never taken for ours);
4. in an installed wheel or sdist (`pip install .`), the `dupviewer/_resources` folder: the
   build maps the top-level `resources/` folder to that sub-package (see `pyproject.toml`).

The wheel carries the translations as `.ts` sources, like a checkout; `dupviewer.ui.i18n`
compiles them once into the cache folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_ICON_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256, 512)

_PACKAGE = Path(__file__).resolve().parent
INSTALLED_DIR_NAME = "_resources"  # dupviewer/_resources in an installed wheel


def _checkout_dir(package: Path) -> Path | None:
    """`resources/` of the source checkout that `package` lives in, or None outside one."""
    root = package.parent
    folder = root / "resources"
    if (root / "pyproject.toml").is_file() and folder.is_dir():
        return folder
    return None


def resources_dir() -> Path:
    """The folder that holds `icons/`, `translations/` and `styles/`.

    When none of the places exists, the installed location is returned (the bundle's when
    frozen), so callers can say where the files were expected.
    """
    if env := os.environ.get("DUPVIEWER_RESOURCES_DIR"):
        return Path(env)
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    if (checkout := _checkout_dir(_PACKAGE)) is not None:
        return checkout
    return _PACKAGE / INSTALLED_DIR_NAME


def resource_path(*parts: str) -> Path:
    """Path of one shipped file or folder, e.g. `resource_path("icons", "dupviewer.png")`.

    The path is returned even if it does not exist, so callers can say which file is missing.
    """
    return resources_dir().joinpath(*parts)


def translations_dir() -> Path:
    """Folder of the translations: `.ts` sources (checkout, wheel; compiled at run time by
    `dupviewer.ui.i18n`) and/or compiled `.qm` files (bundle, `scripts/build_translations.py`)."""
    return resource_path("translations")


def app_icon_paths() -> list[Path]:
    """The app icon's PNG files, smallest first, for building a multi-size `QIcon`."""
    paths = [resource_path("icons", f"dupviewer-{size}.png") for size in APP_ICON_SIZES]
    return [p for p in paths if p.is_file()]
