"""GUI test setup: the compiled translations, and English's plural forms installed like the app
does at start-up (so a test reads "1 photo", not the source text "1 photo(s)")."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "resources" / "translations"
SHIPPED = ("en", "zh_CN", "zh_TW")


def lrelease() -> str:
    """`pyside6-lrelease` from PATH, else the one next to this Python (a venv not activated)."""
    return shutil.which("pyside6-lrelease") or str(
        Path(sys.executable).with_name("pyside6-lrelease")
    )


@pytest.fixture(scope="session")
def compiled(tmp_path_factory) -> Path:
    """A resources folder holding every compiled .qm file (what the build script ships)."""
    resources = tmp_path_factory.mktemp("resources")
    out = resources / "translations"
    out.mkdir()
    for lang in SHIPPED:
        qm = out / f"dupviewer_{lang}.qm"
        subprocess.run(
            [lrelease(), "-silent", str(TS_DIR / f"dupviewer_{lang}.ts"), "-qm", str(qm)],
            check=True,
        )
        assert qm.stat().st_size > 100
    return resources


@pytest.fixture(scope="session", autouse=True)
def english_plurals(qapp, compiled) -> QTranslator:
    """English plural forms for the whole session (Chinese, installed later, takes precedence)."""
    translator = QTranslator(qapp)
    translator.setObjectName("tests-english-plurals")
    assert translator.load(str(compiled / "translations" / "dupviewer_en.qm"))
    QCoreApplication.installTranslator(translator)
    yield translator
    QCoreApplication.removeTranslator(translator)
