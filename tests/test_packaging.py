"""The packaged app. The fast tests check the packaging files; the slow one builds the bundle
with `packaging/build.sh` and runs the frozen app's `--version` and `--self-test` (skip it
locally with `-m "not slow"`; `.ci/run` runs it)."""

from __future__ import annotations

import configparser
import os
import re
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"
VERSION = re.search(r'^version = "(.+)"', (ROOT / "pyproject.toml").read_text(), re.M)[1]


def test_desktop_entry():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(PACKAGING / "dupviewer.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"].split()[0] == "dupviewer"
    assert desktop["Icon"] == "dupviewer"
    assert desktop["StartupWMClass"] == "dupviewer"  # the app's name, so docks match its window
    assert desktop["Terminal"] == "false"
    assert "Photography" in desktop["Categories"].split(";")
    assert desktop["Categories"].endswith(";") and desktop["Keywords"].endswith(";")
    assert {"GenericName[zh_CN]", "GenericName[zh_TW]", "Comment[zh_CN]"} <= set(desktop)


def test_appstream_metainfo_names_the_desktop_entry():
    root = ET.parse(PACKAGING / "io.github.dupviewer.metainfo.xml").getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == "io.github.dupviewer"
    assert root.find("launchable").text == "dupviewer.desktop"
    assert root.find("launchable").get("type") == "desktop-id"
    assert root.findtext("project_license") == "GPL-3.0-or-later"
    assert root.find("releases/release").get("version") == "@VERSION@"  # filled in by build.sh


def test_icons_in_every_format():
    with Image.open(ICONS / "dupviewer.png") as source:
        assert source.size == (1024, 1024) and source.mode == "RGBA"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        with Image.open(ICONS / f"dupviewer-{size}.png") as png:
            assert png.size == (size, size)
    with Image.open(ICONS / "dupviewer.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(ICONS / "dupviewer.icns") as icns:
        assert icns.format == "ICNS" and (512, 512, 2) in icns.info["sizes"]


def test_make_icons_derives_every_format(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import make_icons
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    source = make_icons.draw_source(size=256)
    assert source.getpixel((128, 128))[3] == 255  # opaque in the middle
    assert source.getpixel((0, 0))[3] == 0  # transparent corners
    written = {p.name for p in make_icons.derive(source, tmp_path)}
    assert {"dupviewer.ico", "dupviewer.icns", "dupviewer-16.png", "dupviewer-512.png"} <= written


def test_build_translations_compiles_ts(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_translations
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert build_translations.build(tmp_path) == []  # no .ts: nothing to do, no error
    (tmp_path / "demo_xx.ts").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        '<TS version="2.1" language="zh_CN"><context><name>MainWindow</name>'
        "<message><source>Scan</source><translation>扫描</translation></message>"
        "</context></TS>\n",
        encoding="utf-8",
    )
    (qm,) = build_translations.build(tmp_path)
    assert qm == tmp_path / "demo_xx.qm"
    assert "扫描".encode("utf-16-be") in qm.read_bytes()


def test_spec_reads_name_and_version_from_pyproject():
    spec = (PACKAGING / "dupviewer.spec").read_text()
    assert 'PYPROJECT = (ROOT / "pyproject.toml").read_text' in spec
    assert "BUNDLE(" in spec and "VSVersionInfo(" in spec  # macOS and Windows parts


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_built_bundle_runs_version_and_self_test():
    build = subprocess.run(
        ["bash", str(PACKAGING / "build.sh")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1700,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]

    exe = ROOT / "dist" / "dupviewer" / "dupviewer"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    version = subprocess.run(
        [str(exe), "--version"], capture_output=True, text=True, timeout=120, env=env
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"dupviewer {VERSION}"

    test = subprocess.run(
        [str(exe), "--self-test"], capture_output=True, text=True, timeout=600, env=env
    )
    assert test.returncode == 0, test.stdout + test.stderr
    assert "(frozen," in test.stdout
    for name in ("resources", "heic", "gui", "scan"):
        assert f"[  ok] {name}:" in test.stdout, test.stdout
    assert "zh_CN" in test.stdout and "zh_TW" in test.stdout  # compiled translations shipped
    assert test.stdout.rstrip().endswith("self-test passed")

    archive = ROOT / "dist" / f"dupviewer-{VERSION}-linux-{os.uname().machine}.tar.gz"
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    top = f"dupviewer-{VERSION}"
    assert {
        f"{top}/dupviewer/dupviewer",
        f"{top}/dupviewer.desktop",
        f"{top}/dupviewer.png",
        f"{top}/INSTALL.txt",
        f"{top}/install.sh",
        f"{top}/io.github.dupviewer.metainfo.xml",
    } <= names
    assert not any(n.endswith(".ts") for n in names), "translation sources are not shipped"
