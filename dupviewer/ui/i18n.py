"""Pick the app's language and install Qt's and dupviewer's translators for it.

English is the source language; its small file holds only the plural forms ("1 photo",
"2 photos" from the source "%Ln photo(s)"), so without it the app still works, in neutral
"photo(s)" English. Chinese comes in two scripts: Simplified
(`zh_CN`, also for Singapore) and Traditional (`zh_TW`, also for Hong Kong and Macao), and a
system locale such as `zh_HK` or `zh_Hant` maps to the file that its readers can read.
The compiled `.qm` files are found with `resource_path("translations", ...)`, which works from a
source checkout, an installed wheel and the frozen bundle; a checkout or a wheel holds only the
`.ts` sources (the `.qm` files are build products, not in git, the sdist or the wheel), and they
are compiled once into the cache folder with the `pyside6-lrelease` that comes with PySide6, so
`pip install -e . && dupviewer` and `pip install . && dupviewer` speak Chinese too.
Qt's own strings (standard buttons such as Cancel,
file dialogs) come from `qtbase_<lang>.qm` in Qt's translations folder when it is installed.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from dupviewer.engine import paths
from dupviewer.resources import resource_path

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
# (code, the language's own name): names stay untranslated, as people look for their own.
_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("en", "English"),
    ("zh_CN", "简体中文"),
    ("zh_TW", "繁體中文"),
)
_TRANSLATOR_NAME = "dupviewer-translator"  # objectName of the translators we install
_TRADITIONAL_TERRITORIES = (
    QLocale.Country.Taiwan,
    QLocale.Country.HongKong,
    QLocale.Country.Macao,
)


def available_languages() -> list[tuple[str, str]]:
    """The languages the app ships, as (code, native name), for a settings menu."""
    return list(_LANGUAGES)


def translations_folder() -> Path:
    """Where our compiled `.qm` files are (checkout: `resources/translations`; bundle: inside)."""
    return resource_path("translations")


def qm_path(code: str) -> Path:
    """Path of dupviewer's compiled translation for `code` (may not exist)."""
    return resource_path("translations", f"dupviewer_{code}.qm")


def find_lrelease() -> str | None:
    """`pyside6-lrelease` (installed with PySide6), preferring the one next to this Python; else
    the `lrelease` program inside the PySide6 package (what `pyside6-lrelease` runs), for
    installs whose scripts folder is not on PATH (`pip install --user`); else any `lrelease`."""
    local = Path(sys.executable).with_name("pyside6-lrelease")
    if local.exists():
        return str(local)
    if found := shutil.which("pyside6-lrelease"):
        return found
    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    bundled = Path(PySide6.__file__).resolve().parent / name
    if bundled.is_file():
        return str(bundled)
    return shutil.which("lrelease")


def loadable_qm(code: str) -> Path:
    """The compiled translation to load for `code`: the shipped `.qm`; failing that, where the
    `.ts` source is (a source checkout) and no `.qm` or only one older than the source (a build
    left it there before the source was edited), one compiled from it into the cache folder,
    once and again whenever the source is newer. The shipped path when nothing better works."""
    shipped = qm_path(code)
    source = shipped.with_suffix(".ts")
    if not source.is_file():
        return shipped  # a bundle: only the compiled files ship
    try:
        if shipped.is_file() and shipped.stat().st_mtime >= source.stat().st_mtime:
            return shipped
    except OSError:
        return shipped
    built = paths.cache_dir() / "translations" / shipped.name
    try:
        if built.is_file() and built.stat().st_mtime >= source.stat().st_mtime:
            return built
        lrelease = find_lrelease()
        if lrelease is None:
            log.warning("pyside6-lrelease not found: %s cannot be compiled", source)
            return shipped
        built.parent.mkdir(parents=True, exist_ok=True)
        partial = built.with_name(f"{built.stem}.partial.qm")
        command = [lrelease, "-silent", str(source), "-qm", str(partial)]
        subprocess.run(command, check=True, capture_output=True, timeout=60)
        os.replace(partial, built)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not compile %s: %s", source, exc)
        return shipped
    return built


def _supported(locale: QLocale) -> str | None:
    """The shipped language that a reader of `locale` reads, or None."""
    if locale.language() == QLocale.Language.English:
        return "en"
    if locale.language() != QLocale.Language.Chinese:
        return None
    traditional = (
        locale.script() == QLocale.Script.TraditionalHanScript
        or locale.territory() in _TRADITIONAL_TERRITORIES
    )
    return "zh_TW" if traditional else "zh_CN"


def _ui_language_locales(system: QLocale) -> Iterable[QLocale]:
    """The system's preferred UI languages, best first, then the system locale itself."""
    for name in system.uiLanguages():
        yield QLocale(name)
    yield system


def resolve_language(language: str | None, system: QLocale | None = None) -> str:
    """The shipped language code for a setting ("" or None follows `system`, default the OS's).

    A setting names a language directly ("zh_CN", "zh-Hant", "zh_HK", "en_GB"); following the
    system takes the first of the user's preferred UI languages that we ship, else English.
    """
    codes = {code for code, _ in _LANGUAGES}
    if language:
        if language in codes:
            return language
        return _supported(QLocale(language)) or SOURCE_LANGUAGE
    for locale in _ui_language_locales(system if system is not None else QLocale.system()):
        if (code := _supported(locale)) is not None:
            return code
    return SOURCE_LANGUAGE


def _remove_ours(app: QCoreApplication) -> None:
    """Take out translators a previous call installed, so calling again switches language."""
    for translator in app.findChildren(QTranslator):
        if translator.objectName() == _TRANSLATOR_NAME:
            QCoreApplication.removeTranslator(translator)
            translator.deleteLater()


def _install(app: QCoreApplication, path: Path) -> bool:
    translator = QTranslator(app)  # parented to the app: it lives as long as the app
    translator.setObjectName(_TRANSLATOR_NAME)
    if not path.is_file() or not translator.load(str(path)):
        translator.deleteLater()
        return False
    QCoreApplication.installTranslator(translator)
    return True


def install_translators(app: QCoreApplication, language: str | None) -> str:
    """Install the translators for the settings' `language` ("" or None: the system's).

    Loads Qt's base translation (standard buttons, dialogs) and ours (for English only ours, for
    its plural forms); a missing file only logs, since the app is fully usable in English. An
    explicit choice also becomes the default
    `QLocale`, so numbers and dates read the same way as the words; following the system keeps
    the system's locale. Returns the language code in use ("en", "zh_CN" or "zh_TW").
    """
    code = resolve_language(language)
    _remove_ours(app)
    if language:
        QLocale.setDefault(QLocale(code))
    if code == SOURCE_LANGUAGE:
        if not _install(app, loadable_qm(code)):
            log.info("English plural forms %s not built: texts say photo(s)", qm_path(code))
        return code
    qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not _install(app, qt_folder / f"qtbase_{code}.qm"):
        log.info("Qt's own %s translation is not installed in %s", code, qt_folder)
    if not _install(app, loadable_qm(code)):
        log.warning(
            "translation %s not found (build it with scripts/build_translations.py)", qm_path(code)
        )
    return code
