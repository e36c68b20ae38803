"""Start-up pieces the packaged app relies on: `--version` before Qt, the log file, and finding
the shipped resources from a checkout and from a frozen bundle."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from dupviewer import logsetup, resources
from dupviewer.engine import paths

ROOT = Path(__file__).resolve().parent.parent


def test_version_prints_pyproject_version_without_qt():
    version = re.search(r'^version = "(.+)"', (ROOT / "pyproject.toml").read_text(), re.M)[1]
    code = (
        "import sys; from dupviewer.__main__ import main; "
        "rc = main(['dupviewer', '--version']); "
        "print(sorted(m for m in sys.modules if m.startswith('PySide6'))); sys.exit(rc)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [f"dupviewer {version}", "[]"]


def test_resources_found_from_the_source_tree():
    assert resources.resources_dir() == ROOT / "resources"
    icons = resources.app_icon_paths()
    assert [p.name for p in icons] == [f"dupviewer-{s}.png" for s in resources.APP_ICON_SIZES]
    assert resources.translations_dir() == ROOT / "resources" / "translations"


def test_resources_found_in_a_frozen_bundle(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_path("icons", "dupviewer.png") == (
        tmp_path / "resources" / "icons" / "dupviewer.png"
    )
    assert resources.app_icon_paths() == []  # nothing there: the caller can say what is missing
    monkeypatch.setenv("DUPVIEWER_RESOURCES_DIR", str(tmp_path / "elsewhere"))
    assert resources.translations_dir() == tmp_path / "elsewhere" / "translations"


@pytest.fixture
def clean_logging(monkeypatch):
    """setup_logging changes process-wide state: put it all back after the test."""
    root = logging.getLogger()
    before = list(root.handlers), root.level
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    yield
    for handler in list(root.handlers):
        if handler not in before[0]:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(before[1])
    logging.captureWarnings(False)


def test_errors_go_to_the_log_file_in_the_data_folder(clean_logging):
    log_file = logsetup.setup_logging()
    assert log_file == paths.data_dir() / "logs" / "dupviewer.log"
    logsetup.setup_logging()  # a second call must not log everything twice
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_dupviewer", False)]
    assert len(ours) == 2  # the file and stderr

    try:
        raise ValueError("a bug in a slot")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    thread = threading.Thread(target=lambda: 1 / 0, name="thumbnailer")
    thread.start()
    thread.join()
    for handler in ours:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert text.count("dupviewer starting") == 2
    assert "uncaught exception" in text and "ValueError: a bug in a slot" in text
    assert "in thread thumbnailer" in text and "ZeroDivisionError" in text


def test_unwritable_log_folder_falls_back_to_stderr(clean_logging, monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DUPVIEWER_DATA_DIR", str(blocker))
    assert logsetup.setup_logging() is None
    logging.getLogger("dupviewer").error("still reported")  # must not raise


def test_ctrl_c_in_the_terminal_closes_the_app(tmp_path):
    """SIGINT closes the window like its close button (Qt's event loop alone would never let
    Python's handler run), and the app exits cleanly, remembering its settings."""
    import signal

    env = _app_env(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "dupviewer"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
    )
    log = tmp_path / "data" / "logs"
    _signal_once_started(
        proc,
        lambda: any("language:" in p.read_text() for p in log.glob("*.log")),
        signal.SIGINT,
        settle=0.5,  # the event loop is running
    )
    assert list((tmp_path / "config").rglob("*.conf")), "settings were saved on the way out"


def _signal_once_started(proc, started, signum: int, settle: float) -> None:
    """Send `signum` once `started()` holds (and `settle` seconds more); the app must then
    exit with status 0 and no traceback. Kills it if it does not."""
    import time

    try:
        deadline = time.monotonic() + 60
        while not started():
            assert proc.poll() is None and time.monotonic() < deadline, "the app did not start"
            time.sleep(0.2)
        time.sleep(settle)
        proc.send_signal(signum)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "Traceback" not in proc.stderr.read()


def _app_env(tmp_path) -> dict[str, str]:
    import os

    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        DUPVIEWER_CACHE_DIR=str(tmp_path / "cache"),
        DUPVIEWER_DATA_DIR=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "xdgdata"),
    )


def test_unknown_option_is_an_error_not_a_window(tmp_path):
    """`dupviewer scan DIR --json out.json` meant the command line: exit status 2 with the usage
    instead of a window that silently ignores the options."""
    for args, said in (
        (["--json", "out.json"], "unrecognized arguments: --json"),
        (["scan", str(tmp_path), "--json", "out.json"], "dupviewer-cli scan"),
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "dupviewer", *args],
            cwd=tmp_path,
            env=_app_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 2, (args, proc.stderr)
        assert "usage: dupviewer" in proc.stderr and said in proc.stderr


def test_app_arguments_leave_qt_options_to_qt(tmp_path, monkeypatch, capsys):
    from dupviewer.ui import app

    args = app.parse_args(["-platform", "offscreen", "/photos", "--style=Fusion", "-reverse"])
    assert args.paths == [Path("/photos")] and not args.demo
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scan").mkdir()  # a folder of that name is a folder
    assert app.parse_args(["scan"]).paths == [Path("scan")]
    with pytest.raises(SystemExit) as stop:
        app.parse_args(["--help"])
    assert stop.value.code == 0
    help_text = capsys.readouterr().out
    for option in ("--demo", "--lang", "--version", "--self-test", "dupviewer-cli"):
        assert option in help_text


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
def test_sigterm_closes_the_demo_and_removes_its_folder(tmp_path):
    """`kill`, `timeout` and the session ending send SIGTERM: the app closes as on Ctrl+C,
    removes the demo's temporary folder and exits with status 0."""
    import signal

    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(_app_env(tmp_path), TMPDIR=str(temp))
    proc = subprocess.Popen(
        [sys.executable, "-m", "dupviewer", "--demo"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = tmp_path / "data" / "logs"
    _signal_once_started(
        proc,
        lambda: (
            any("language:" in p.read_text() for p in log.glob("*.log"))
            and any(p.is_dir() and any(p.iterdir()) for p in temp.glob("dupviewer-demo-*"))
        ),
        signal.SIGTERM,
        settle=1.5,  # the demo library is written and the event loop runs
    )
    assert list(temp.glob("dupviewer-demo-*")) == []
