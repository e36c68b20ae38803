"""The packaged app. The fast tests check the packaging files and where the app finds its
resources; the slow ones build the wheel and the sdist (and check what they carry), and the bundle
with `packaging/build.sh` and run the frozen app's `--version` and `--self-test` (skip them
locally with `-m "not slow"`; `.ci/run` runs them)."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from dupviewer import resources

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


def _pyproject() -> dict:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        tomllib = pytest.importorskip("tomli")
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_license_text_and_metadata():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.split()[:5] == ["GNU", "GENERAL", "PUBLIC", "LICENSE", "Version"]
    assert "Version 3, 29 June 2007" in text and "END OF TERMS AND CONDITIONS" in text
    project = _pyproject()["project"]
    assert project["license"] == "GPL-3.0-or-later"  # SPDX string, not the deprecated table
    assert project["license-files"] == ["LICENSE"]
    (setuptools,) = _pyproject()["build-system"]["requires"]
    assert setuptools == "setuptools>=77"  # the first with SPDX `license` and `license-files`


def test_every_package_is_in_the_wheel_list():
    """pyproject lists the packages (the resources mapping rules out discovery): a new
    sub-package must be added there, or the wheel would silently leave it out."""
    setuptools = _pyproject()["tool"]["setuptools"]
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "dupviewer").rglob("__init__.py")
    }
    listed = set(setuptools["packages"])
    assert found <= listed
    resource_packages = {
        "dupviewer._resources",
        *(f"dupviewer._resources.{d}" for d in ("icons", "translations")),
    }
    assert listed - found == resource_packages
    assert setuptools["package-dir"] == {"dupviewer._resources": "resources"}


def _layout(root: Path, *folders: str, files: tuple[str, ...] = ()) -> None:
    for folder in folders:
        (root / folder).mkdir(parents=True, exist_ok=True)
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("")


@pytest.fixture
def plain_run(monkeypatch):
    """Neither frozen nor redirected by DUPVIEWER_RESOURCES_DIR."""
    monkeypatch.delenv("DUPVIEWER_RESOURCES_DIR", raising=False)
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    return monkeypatch


def test_resources_found_in_a_checkout_before_an_installed_copy(plain_run, tmp_path):
    checkout = tmp_path / "checkout"
    _layout(checkout, "resources/icons", "dupviewer/_resources/icons", files=("pyproject.toml",))
    plain_run.setattr(resources, "_PACKAGE", checkout / "dupviewer")
    assert resources.resources_dir() == checkout / "resources"


def test_resources_found_in_an_installed_wheel(plain_run, tmp_path):
    """site-packages/dupviewer/_resources; a stray site-packages/resources of some other
    distribution (no pyproject.toml next to it) is not taken for a checkout."""
    site = tmp_path / "site-packages"
    _layout(site, "resources/icons", files=("dupviewer/_resources/icons/dupviewer-16.png",))
    plain_run.setattr(resources, "_PACKAGE", site / "dupviewer")
    assert resources.resources_dir() == site / "dupviewer" / "_resources"
    assert resources.app_icon_paths() == [site / "dupviewer/_resources/icons/dupviewer-16.png"]
    assert resources.translations_dir() == site / "dupviewer" / "_resources" / "translations"


def test_resources_in_a_bundle_then_the_override_win(plain_run, tmp_path):
    checkout = tmp_path / "checkout"
    _layout(checkout, "resources/icons", files=("pyproject.toml",))
    plain_run.setattr(resources, "_PACKAGE", checkout / "dupviewer")
    plain_run.setattr(sys, "frozen", True, raising=False)
    plain_run.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    assert resources.resources_dir() == tmp_path / "bundle" / "resources"
    plain_run.setenv("DUPVIEWER_RESOURCES_DIR", str(tmp_path / "share"))
    assert resources.resources_dir() == tmp_path / "share"


def test_nothing_found_names_the_installed_location(plain_run, tmp_path):
    plain_run.setattr(resources, "_PACKAGE", tmp_path / "site-packages" / "dupviewer")
    assert resources.resources_dir() == tmp_path / "site-packages" / "dupviewer" / "_resources"
    assert resources.app_icon_paths() == []


_NOT_SOURCES = {"build", "dist", "bench-out", ".git", ".venv", "venv"}  # at the top only


def _copy_sources(dest: Path) -> Path:
    """The project as a fresh clone would hold it, plus any compiled .qm files (which no
    distribution may carry) and uncommitted edits; without build products."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n in {"__pycache__", ".pytest_cache", ".ruff_cache"}}
        skipped |= {n for n in names if n.endswith(".egg-info")}
        if Path(folder) == ROOT:
            skipped |= _NOT_SOURCES & set(names)
        return skipped

    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


_SHIPPED_RESOURCES = {
    *(f"icons/dupviewer-{size}.png" for size in resources.APP_ICON_SIZES),
    "icons/dupviewer.png",
    "translations/dupviewer_en.ts",
    "translations/dupviewer_zh_CN.ts",
    "translations/dupviewer_zh_TW.ts",
}


def _check_wheel(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as whl:
        names = set(whl.namelist())
    assert {f"dupviewer/_resources/{name}" for name in _SHIPPED_RESOURCES} <= names
    assert not any(n.endswith(".qm") for n in names), "compiled at run time, never shipped"
    assert not any(n.startswith(("resources/", "tests/")) for n in names)  # nothing top-level
    assert "dupviewer/resources.py" in names and "dupviewer/ui/i18n.py" in names
    assert f"dupviewer-{VERSION}.dist-info/licenses/LICENSE" in names


def _built(command: list[str], cwd: Path) -> None:
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=900)
    output = proc.stdout[-3000:] + proc.stderr[-3000:]
    if proc.returncode != 0 and "No matching distribution found for setuptools" in output:
        pytest.skip("no package index reachable for the isolated build's setuptools")
    assert proc.returncode == 0, output


@pytest.mark.slow
@pytest.mark.timeout(1000)
def test_wheel_carries_icons_and_translations(tmp_path):
    """`pip install .` installs what `pip wheel .` builds: it must carry the resources."""
    source = _copy_sources(tmp_path / "src")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), "."]
    _built(command, source)
    (wheel,) = out.glob("dupviewer-*.whl")
    _check_wheel(wheel)


@pytest.mark.slow
@pytest.mark.timeout(1000)
def test_sdist_runs_its_tests_and_builds_the_wheel(tmp_path):
    """`python -m build` makes the sdist, then the wheel from the unpacked sdist; the sdist holds
    what its tests, the translations and the bundle build need, and its tests all collect."""
    source = _copy_sources(tmp_path / "src")
    # Asked from the copy: in the checkout, PyInstaller's build/ folder imports as `build`.
    probe = [sys.executable, "-c", "import build.__main__"]
    if subprocess.run(probe, cwd=source, capture_output=True, timeout=60).returncode != 0:
        pytest.skip("PyPA build is not installed (pip install build): it makes the sdist")
    out = tmp_path / "out"
    _built([sys.executable, "-m", "build", "--outdir", str(out), "."], source)
    (wheel,) = out.glob("dupviewer-*.whl")
    _check_wheel(wheel)
    (sdist,) = out.glob("dupviewer-*.tar.gz")
    top = f"dupviewer-{VERSION}"
    with tarfile.open(sdist) as tar:
        names = set(tar.getnames())
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tar.extractall(tmp_path / "unpacked", **safe)
    wanted = {
        "LICENSE",
        "tests/conftest.py",
        "tests/images.py",
        "tests/tree_snapshot.py",
        "tests/engine/test_scan.py",
        "tests/ui/conftest.py",
        "scripts/build_translations.py",
        "scripts/make_icons.py",
        "packaging/build.sh",
        "packaging/dupviewer.spec",
        "benchmarks/run.py",
        *(f"resources/{name}" for name in _SHIPPED_RESOURCES),
        "resources/icons/dupviewer.ico",
        "resources/icons/dupviewer.icns",
    }
    assert {f"{top}/{name}" for name in wanted} <= names
    assert not any(n.endswith((".qm", ".pyc")) for n in names)
    collect = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--collect-only", "-p", "no:cacheprovider"],
        cwd=tmp_path / "unpacked" / top,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collect.returncode == 0, collect.stdout[-3000:] + collect.stderr[-3000:]
