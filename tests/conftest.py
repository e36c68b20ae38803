"""Test-wide setup: no display, and no test may touch the real trash, cache, data or settings."""

import os

# Before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def none_guard():
    """PySide6 6.12.0 on CPython 3.11 drops a reference to None on every void call and the
    interpreter aborts mid-suite; apply the app's workaround once for the whole session.
    (Importing Qt here is fine: the test that proves the engine loads no Qt uses a subprocess.)"""
    try:
        from dupviewer.ui.none_guard import keep_none_alive
    except ImportError:  # PySide6 not installed: only the headless tests can run anyway
        return False
    return keep_none_alive()


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Point HOME, the XDG folders and dupviewer's own folders at a fresh temporary home, so the
    trash (send2trash uses XDG_DATA_HOME/Trash), the cache, the journal and QSettings are all
    fake."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("HOME", ""),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_CONFIG_HOME", ".config"),
    ):
        path = home / sub
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(path))
    # send2trash's freedesktop backend reads XDG_DATA_HOME once, at import: point it here too.
    try:
        from send2trash import plat_other
    except Exception:  # not on this platform
        plat_other = None
    if plat_other is not None:
        data_home = os.fsencode(home / ".local" / "share")
        monkeypatch.setattr(plat_other, "XDG_DATA_HOME", data_home)
        monkeypatch.setattr(plat_other, "HOMETRASH_B", os.path.join(data_home, b"Trash"))
        monkeypatch.setattr(plat_other, "HOMETRASH", os.fsdecode(os.path.join(data_home, b"Trash")))
    monkeypatch.setenv("DUPVIEWER_CACHE_DIR", str(home / ".cache" / "dupviewer"))
    monkeypatch.setenv("DUPVIEWER_DATA_DIR", str(home / ".local" / "share" / "dupviewer"))
    # The removal lock is the machine's (/tmp): tests in this process take their own.
    from dupviewer.engine import removal

    monkeypatch.setattr(removal, "MACHINE_LOCK", home / "machine" / "dupviewer-removal.lock")
    return home
