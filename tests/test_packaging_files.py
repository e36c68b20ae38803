"""The files that go into the Linux archive next to the app folder, checked without a build:
the desktop entry and the AppStream metainfo validate, and `install.sh` installs into a home
whose path holds shell and sed specials, is idempotent, and uninstalls from its installed copy
leaving exactly what was there before."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
CACHES = {"mimeinfo.cache", "icon-theme.cache"}  # written by the desktop's tools

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the Linux archive")


def desktop_entry(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


def exec_argv(value: str) -> list[str]:
    """An Exec value as the launcher runs it (Desktop Entry Specification, "The Exec key"):
    the string escapes first, then the quoting rule; field codes dropped, %% is %."""
    string_escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    text = re.sub(r"\\(.)", lambda m: string_escapes.get(m[1], "\\" + m[1]), value)
    args: list[str] = []
    current: str | None = None
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            current = current or ""
            i += 1
            while text[i] != '"':
                if text[i] == "\\" and text[i + 1] in '"`$\\':
                    i += 1
                current += text[i]
                i += 1
        elif ch == " ":
            if current is not None:
                args.append(current)
            current = None
        else:
            assert ch not in "\"'`$\\<>~|&;*?#()", f"unquoted reserved character {ch!r}"
            current = (current or "") + ch
        i += 1
    if current is not None:
        args.append(current)
    result = []
    for arg in args:
        if re.fullmatch(r"%[fFuUik]", arg):
            continue
        result.append(arg.replace("%%", "%"))
    return result


def test_exec_parser_follows_the_spec():
    assert exec_argv(r'"/a b/\\\\x\\$y\\"z%%" %F') == ['/a b/\\x$y"z%']


# --- the desktop entry and the metainfo -----------------------------------------------------


def test_desktop_entry_does_not_take_over_folders():
    entry = desktop_entry(PACKAGING / "dupviewer.desktop")
    assert "MimeType" not in entry  # would make it the default app for inode/directory
    assert entry["Version"] == "1.0"  # known to old (0.26) and new validators
    main_categories = {"AudioVideo", "Audio", "Video", "Development", "Education", "Game",
                       "Graphics", "Network", "Office", "Science", "Settings", "System",
                       "Utility"}  # fmt: skip
    assert len(main_categories & set(entry["Categories"].split(";"))) == 1
    assert entry["Exec"] == "dupviewer %F"  # what install.sh rewrites


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="no desktop-file-validate")
def test_desktop_entry_validates():
    proc = subprocess.run(
        ["desktop-file-validate", str(PACKAGING / "dupviewer.desktop")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0 and not (proc.stdout + proc.stderr).strip(), proc.stdout


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="no appstreamcli")
def test_metainfo_validates(tmp_path):
    text = (PACKAGING / "io.github.dupviewer.metainfo.xml").read_text(encoding="utf-8")
    copy = tmp_path / "io.github.dupviewer.metainfo.xml"
    copy.write_text(text.replace("@VERSION@", "0.1.0").replace("@DATE@", "2024-01-01"))
    proc = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(copy)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_install_note_states_what_the_bundle_needs():
    text = (PACKAGING / "INSTALL.txt").read_text(encoding="utf-8")
    # build.sh compares this number with the highest GLIBC_ version the bundle's files need.
    assert re.search(r"glibc 2\.36 or newer", text)
    assert "Debian 12" in text
    assert "dupviewer-cli" in text and "uninstall.sh" in text


def test_cli_entry_script_runs_the_command_line():
    proc = subprocess.run(
        [sys.executable, str(PACKAGING / "dupviewer_cli.py"), "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("dupviewer ")


# --- install.sh -----------------------------------------------------------------------------


@pytest.fixture
def archive(tmp_path) -> Path:
    """The unpacked archive as build.sh stages it, with stand-ins for the two executables."""
    folder = tmp_path / "dupviewer-0.0.0"
    app = folder / "dupviewer"
    icons = app / "_internal" / "resources" / "icons"
    icons.mkdir(parents=True)
    for name in ("dupviewer", "dupviewer-cli"):
        (app / name).write_text(f'#!/bin/sh\necho "{name} $*"\n')
        (app / name).chmod(0o755)
    for size in ICON_SIZES:
        shutil.copy(ROOT / "resources" / "icons" / f"dupviewer-{size}.png", icons)
    for name in ("install.sh", "dupviewer.desktop", "INSTALL.txt"):
        shutil.copy(PACKAGING / name, folder)
    metainfo = (PACKAGING / "io.github.dupviewer.metainfo.xml").read_text(encoding="utf-8")
    (folder / "io.github.dupviewer.metainfo.xml").write_text(
        metainfo.replace("@VERSION@", "0.0.0").replace("@DATE@", "2024-01-01")
    )
    (folder / "install.sh").chmod(0o755)
    return folder


@pytest.fixture
def home(tmp_path) -> Path:
    # & and \ and | meant something to the old sed; the rest to the shell or the Exec key.
    path = tmp_path / 'my home & co|x\\y $HOME "q" `z` 100%'
    path.mkdir()
    return path


def run_script(
    script: Path, home: Path, *args: str, data_home: Path | None = None
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env["HOME"] = str(home)
    if data_home is not None:
        env["XDG_DATA_HOME"] = str(data_home)
    proc = subprocess.run(
        [str(script), *args], env=env, capture_output=True, text=True, timeout=60, cwd=home
    )
    assert proc.returncode == 0, proc.stderr
    return proc


def snapshot(home: Path) -> dict[str, str]:
    """Every path under home: folder, link target, or file content (caches: only that they
    exist, the tools may write them differently each time)."""
    tree = {}
    for path in sorted(home.rglob("*")):
        key = str(path.relative_to(home))
        if path.is_symlink():
            tree[key] = "link " + os.readlink(path)
        elif path.is_dir():
            tree[key] = "folder"
        elif path.name in CACHES:
            tree[key] = "cache"
        else:
            tree[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return tree


def test_install_writes_a_working_exec_line_and_links_both_programs(archive, home):
    out = run_script(archive / "install.sh", home).stdout
    opt = home / ".local" / "opt" / "dupviewer"
    assert f"{opt}/uninstall.sh" in out

    installed = home / ".local" / "share" / "applications" / "dupviewer.desktop"
    entry = desktop_entry(installed)
    assert "MimeType" not in entry
    argv = exec_argv(entry["Exec"])
    assert argv == [str(opt / "dupviewer")]
    assert os.access(argv[0], os.X_OK)
    assert subprocess.run(argv + ["x"], capture_output=True, text=True).stdout == "dupviewer x\n"
    if shutil.which("desktop-file-validate"):
        proc = subprocess.run(["desktop-file-validate", str(installed)], capture_output=True)
        assert proc.returncode == 0, proc.stdout

    bin_dir = home / ".local" / "bin"
    for name in ("dupviewer", "dupviewer-cli"):
        link = bin_dir / name
        assert link.is_symlink() and link.resolve() == (opt / name).resolve()
        proc = subprocess.run([str(link), "--version"], capture_output=True, text=True)
        assert proc.stdout == f"{name} --version\n"
    for size in ICON_SIZES:
        icon = home / f".local/share/icons/hicolor/{size}x{size}/apps/dupviewer.png"
        assert icon.read_bytes() == (ROOT / f"resources/icons/dupviewer-{size}.png").read_bytes()
    assert (home / ".local/share/metainfo/io.github.dupviewer.metainfo.xml").is_file()
    assert os.access(opt / "uninstall.sh", os.X_OK)


def test_installing_twice_is_idempotent(archive, home):
    run_script(archive / "install.sh", home)
    first = snapshot(home)
    run_script(archive / "install.sh", home)
    assert snapshot(home) == first


def test_uninstall_from_the_installed_copy_restores_the_home(archive, home):
    """Pre-existing folders and files stay; everything the install made goes, even once the
    unpacked archive is deleted."""
    (home / ".local" / "bin").mkdir(parents=True)
    (home / ".local" / "bin" / "sentinel").write_text("mine")
    apps = home / ".local" / "share" / "applications"
    apps.mkdir(parents=True)
    (apps / "other.desktop").write_text(
        "[Desktop Entry]\nType=Application\nName=other\nExec=other %f\nMimeType=image/png;\n"
    )
    if shutil.which("update-desktop-database"):
        subprocess.run(["update-desktop-database", str(apps)], check=True)
    before = snapshot(home)

    run_script(archive / "install.sh", home)
    run_script(archive / "install.sh", home)  # a reinstall keeps the record of the first
    shutil.rmtree(archive)
    out = run_script(home / ".local" / "opt" / "dupviewer" / "uninstall.sh", home).stdout
    assert "dupviewer removed" in out
    assert snapshot(home) == before


def test_uninstall_into_an_empty_home_leaves_it_empty(archive, home):
    run_script(archive / "install.sh", home)
    assert (home / ".local" / "opt" / "dupviewer" / "dupviewer").is_file()
    run_script(archive / "install.sh", home, "--uninstall")
    assert list(home.iterdir()) == []


@pytest.mark.skipif(
    not shutil.which("update-desktop-database"), reason="no update-desktop-database"
)
def test_uninstall_drops_an_older_install_s_folder_association(archive, home):
    """Versions before 0.1.1 declared MimeType=inode/directory and kept no install record."""
    apps = home / ".local" / "share" / "applications"
    apps.mkdir(parents=True)
    old = (PACKAGING / "dupviewer.desktop").read_text(encoding="utf-8")
    (apps / "dupviewer.desktop").write_text(old + "MimeType=inode/directory;\n")
    subprocess.run(["update-desktop-database", str(apps)], check=True)
    assert "dupviewer.desktop" in (apps / "mimeinfo.cache").read_text()

    run_script(archive / "install.sh", home, "--uninstall")
    assert not (apps / "dupviewer.desktop").exists()
    assert "dupviewer.desktop" not in (apps / "mimeinfo.cache").read_text()


def test_a_program_of_the_same_name_in_bin_is_left_alone(archive, home):
    bin_dir = home / ".local" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "dupviewer-cli").write_text("#!/bin/sh\necho pip-installed\n")
    proc = run_script(archive / "install.sh", home)
    assert "left as it is" in proc.stderr
    assert (bin_dir / "dupviewer").is_symlink() and not (bin_dir / "dupviewer-cli").is_symlink()
    run_script(archive / "install.sh", home, "--uninstall")
    assert sorted(p.name for p in bin_dir.iterdir()) == ["dupviewer-cli"]


def pipx_link(home: Path) -> Path:
    """~/.local/bin/dupviewer-cli as pipx makes it: a link into pipx's own venv."""
    venv_bin = home / ".local" / "pipx" / "venvs" / "dupviewer" / "bin"
    venv_bin.mkdir(parents=True, exist_ok=True)
    (venv_bin / "dupviewer-cli").write_text("#!/bin/sh\necho pipx\n")
    (venv_bin / "dupviewer-cli").chmod(0o755)
    link = home / ".local" / "bin" / "dupviewer-cli"
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink():
        link.unlink()
    link.symlink_to(venv_bin / "dupviewer-cli")
    return link


def test_a_link_of_the_same_name_to_another_program_is_left_alone(archive, home):
    link = pipx_link(home)
    before = snapshot(home)
    proc = run_script(archive / "install.sh", home)
    assert f"{link} is a link to" in proc.stderr and "left as it is" in proc.stderr
    assert snapshot(home)[".local/bin/dupviewer-cli"] == before[".local/bin/dupviewer-cli"]
    assert (home / ".local" / "bin" / "dupviewer").resolve() == (
        home / ".local" / "opt" / "dupviewer" / "dupviewer"
    ).resolve()
    run_script(archive / "install.sh", home)  # a reinstall leaves it alone too
    run_script(home / ".local" / "opt" / "dupviewer" / "uninstall.sh", home)
    assert snapshot(home) == before


def test_uninstall_leaves_a_link_replaced_since_the_install(archive, home):
    run_script(archive / "install.sh", home)
    pipx_link(home)  # e.g. `pipx install dupviewer` after the archive's install
    run_script(home / ".local" / "opt" / "dupviewer" / "uninstall.sh", home)
    link = home / ".local" / "bin" / "dupviewer-cli"
    assert link.is_symlink() and "pipx" in os.readlink(link)
    assert not (home / ".local" / "bin" / "dupviewer").exists()


def test_a_link_into_the_install_is_replaced(archive, home):
    """A relative link, or one to the install under another spelling, is the install's own."""
    bin_dir = home / ".local" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "dupviewer").symlink_to("../opt/dupviewer/dupviewer")
    proc = run_script(archive / "install.sh", home)
    assert "left as it is" not in proc.stderr
    assert os.readlink(bin_dir / "dupviewer") == str(home / ".local/opt/dupviewer/dupviewer")
    run_script(archive / "install.sh", home, "--uninstall")
    assert snapshot(home) == {".local": "folder", ".local/bin": "folder"}


def test_uninstall_removes_what_was_installed_under_another_data_home(archive, home):
    """XDG_DATA_HOME set at install, unset at uninstall: the record says where things went."""
    data = home / "my data"
    (data / "applications").mkdir(parents=True)
    (data / "applications" / "other.desktop").write_text(
        "[Desktop Entry]\nType=Application\nName=other\nExec=other %f\nMimeType=image/png;\n"
    )
    icons = data / "icons" / "hicolor" / "48x48" / "apps"
    icons.mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "icons" / "dupviewer-48.png", icons / "other.png")
    # The other app's caches, as the desktop's tools make them (the install then refreshes them).
    if shutil.which("update-desktop-database"):
        subprocess.run(["update-desktop-database", str(data / "applications")], check=True)
    if shutil.which("gtk-update-icon-cache"):
        subprocess.run(
            ["gtk-update-icon-cache", "-q", "-t", "-f", str(data / "icons" / "hicolor")], check=True
        )
    before = snapshot(home)

    run_script(archive / "install.sh", home, data_home=data)
    entry = desktop_entry(data / "applications" / "dupviewer.desktop")
    assert exec_argv(entry["Exec"]) == [str(home / ".local/opt/dupviewer/dupviewer")]
    assert (data / "metainfo" / "io.github.dupviewer.metainfo.xml").is_file()
    assert not (home / ".local" / "share").exists()

    run_script(home / ".local" / "opt" / "dupviewer" / "uninstall.sh", home)
    assert snapshot(home) == before
    for cache in (data / "applications/mimeinfo.cache", data / "icons/hicolor/icon-theme.cache"):
        assert not cache.exists() or b"dupviewer" not in cache.read_bytes()


def test_uninstall_through_the_real_path_of_a_linked_home(archive, tmp_path):
    """HOME spelled through a symbolic link at install and as the real path at uninstall."""
    real = tmp_path / "real home & co|x\\y %"
    (real / ".local" / "bin").mkdir(parents=True)
    (real / ".local" / "bin" / "sentinel").write_text("mine")
    linked = tmp_path / "linked home"
    linked.symlink_to(real)
    before = snapshot(real)

    run_script(archive / "install.sh", linked)
    assert os.readlink(real / ".local" / "bin" / "dupviewer").startswith(str(linked))
    run_script(real / ".local" / "opt" / "dupviewer" / "uninstall.sh", real)
    assert snapshot(real) == before  # no dangling links left in ~/.local/bin


def test_installed_uninstall_sh_removes_its_own_install_whatever_home_says(archive, home, tmp_path):
    run_script(archive / "install.sh", home)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run_script(home / ".local" / "opt" / "dupviewer" / "uninstall.sh", elsewhere)
    assert list(home.iterdir()) == [] and list(elsewhere.iterdir()) == []


def test_uninstall_of_an_install_that_recorded_only_the_folders_it_created(archive, home):
    """Installs before the record listed every path kept only its d (folder) and f (cache)
    lines: uninstalling falls back to the paths under today's HOME."""
    run_script(archive / "install.sh", home)
    record = home / ".local" / "opt" / "dupviewer" / ".install-record"
    lines = record.read_text().splitlines()
    record.write_text("".join(line + "\n" for line in lines if line[:2] in ("d ", "f ")))
    run_script(home / ".local" / "opt" / "dupviewer" / "uninstall.sh", home)
    assert list(home.iterdir()) == []


def test_unknown_install_option_is_an_error(archive, home):
    env = dict(os.environ, HOME=str(home))
    proc = subprocess.run(
        [str(archive / "install.sh"), "--bogus"], env=env, capture_output=True, text=True
    )
    assert proc.returncode == 2 and "usage" in proc.stderr
