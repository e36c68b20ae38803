"""Trash and recovery folders are never walked, whatever the flags; odd files are said."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from dupviewer.engine import discovery
from dupviewer.engine.discovery import discover
from dupviewer.engine.model import RECOVERY_MARKER, ErrorKind


def _touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Path:
    """A home folder with a live photo, its home trash (via XDG_DATA_HOME) and volume trashes."""
    home = tmp_path / "home"
    data = home / ".local" / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    _touch(home / "Pictures" / "small_copy.jpg")
    _touch(data / "Trash" / "files" / "big_original.jpg")
    _touch(data / "Trash" / "info" / "big_original.jpg.trashinfo")
    _touch(home / "disk" / ".Trash-1000" / "files" / "volume_trashed.jpg")
    _touch(home / "disk" / ".Trash" / "1000" / "files" / "shared_trash.jpg")
    _touch(home / "mac" / ".Trash" / "mac_trashed.jpg")
    _touch(home / "mac" / ".Trashes" / "501" / "mac_volume.jpg")
    _touch(home / "win" / "$RECYCLE.BIN" / "S-1-5" / "recycled.jpg")
    _touch(home / "win" / "$Recycle.Bin" / "S-1-5" / "recycled_mixed_case.jpg")
    _touch(home / "win" / "RECYCLER" / "S-1-5" / "recycler.jpg")
    _touch(home / "recovery" / RECOVERY_MARKER, b"marker")
    _touch(home / "recovery" / "home" / "Pictures" / "removed.jpg")
    # Not trash: look-alike names stay scanned.
    _touch(home / "Trash" / "named_trash_by_user.jpg")
    _touch(home / ".Trash-old" / "hidden_not_trash.jpg")
    _touch(home / ".hidden" / "hidden.jpg")
    return home


def _names(found) -> set[str]:
    return {f.path.name for f in found.files}


TRASHED = {
    "big_original.jpg",
    "volume_trashed.jpg",
    "shared_trash.jpg",
    "mac_trashed.jpg",
    "mac_volume.jpg",
    "recycled.jpg",
    "recycled_mixed_case.jpg",
    "recycler.jpg",
    "removed.jpg",
}


def test_no_default_excludes_still_skips_trash_and_recovery(home: Path) -> None:
    found = discover([home], default_excludes=False)
    names = _names(found)
    assert not names & TRASHED
    assert {"small_copy.jpg", "named_trash_by_user.jpg", "hidden_not_trash.jpg", "hidden.jpg"} <= (
        names
    )
    assert [(e.path, e.kind, e.reason) for e in found.errors] == [
        (home / "recovery", ErrorKind.OTHER, discovery.RECOVERY_SKIPPED)
    ]


def test_default_excludes_skip_them_too(home: Path) -> None:
    found = discover([home])
    names = _names(found)
    assert not names & TRASHED
    assert names == {"small_copy.jpg", "named_trash_by_user.jpg"}  # hidden folders skipped
    assert [(e.path, e.kind) for e in found.errors] == [(home / "recovery", ErrorKind.OTHER)]


def test_home_trash_is_known_by_identity_not_by_name(tmp_path: Path, monkeypatch) -> None:
    """XDG_DATA_HOME elsewhere: the home trash is reached through a link, named otherwise."""
    data = tmp_path / "data"
    _touch(data / "Trash" / "files" / "trashed.jpg")
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    root = tmp_path / "lib"
    _touch(root / "live.jpg")
    try:
        os.symlink(data / "Trash", root / "bin", target_is_directory=True)
    except (OSError, NotImplementedError):
        pytest.skip("no symbolic links here")
    found = discover([root], default_excludes=False, follow_symlinks=True)
    assert _names(found) == {"live.jpg"}
    assert [(e.path, e.reason) for e in found.errors] == [
        (root / "bin", discovery.TRASH_ROOT_REFUSED)  # a followed link into a trash is said
    ]


@pytest.mark.parametrize(
    "where",
    [
        ".local/share/Trash",  # the home trash itself
        ".local/share/Trash/files",  # inside it
        "disk/.Trash-1000",
        "disk/.Trash-1000/files",
        "disk/.Trash/1000/files",
        "win/$Recycle.Bin",
    ],
)
@pytest.mark.parametrize("default_excludes", [True, False])
def test_a_trash_folder_given_as_root_is_refused(
    home: Path, where: str, default_excludes: bool
) -> None:
    root = home / where
    found = discover([root, home / "Pictures"], default_excludes=default_excludes)
    assert _names(found) == {"small_copy.jpg"}
    assert [(e.path, e.kind, e.reason) for e in found.errors] == [
        (root, ErrorKind.OTHER, discovery.TRASH_ROOT_REFUSED)
    ]


def test_a_trashed_file_given_as_root_is_refused(home: Path) -> None:
    root = home / ".local" / "share" / "Trash" / "files" / "big_original.jpg"
    found = discover([root, home / "Pictures"], default_excludes=False)
    assert _names(found) == {"small_copy.jpg"}
    assert [(e.path, e.reason) for e in found.errors] == [(root, discovery.TRASH_ROOT_REFUSED)]


def test_a_link_to_the_trash_given_as_root_is_refused(home: Path) -> None:
    link = home / "trash link"
    try:
        os.symlink(home / "disk" / ".Trash-1000", link, target_is_directory=True)
    except (OSError, NotImplementedError):
        pytest.skip("no symbolic links here")
    found = discover([link], default_excludes=False)
    assert found.files == ()
    assert [(e.path, e.reason) for e in found.errors] == [(link, discovery.TRASH_ROOT_REFUSED)]


def test_a_recovery_folder_given_as_root_is_said(home: Path) -> None:
    found = discover([home / "recovery"], default_excludes=False)
    assert found.files == ()
    assert [(e.path, e.reason) for e in found.errors] == [
        (home / "recovery", discovery.RECOVERY_SKIPPED)
    ]


def test_a_root_inside_a_recovery_folder_is_refused(home: Path) -> None:
    root = home / "recovery" / "home" / "Pictures"
    found = discover([root, root / "removed.jpg"], default_excludes=False)
    assert found.files == ()
    assert [(e.path, e.reason) for e in found.errors] == [
        (root, discovery.RECOVERY_ROOT_REFUSED),
        (root / "removed.jpg", discovery.RECOVERY_ROOT_REFUSED),
    ]


def test_trash_names() -> None:
    trash = [".Trash", ".Trash-0", ".Trash-1000", ".Trashes", "$RECYCLE.BIN", "$Recycle.Bin"]
    trash += ["RECYCLER"]
    not_trash = ["Trash", ".Trash-", ".Trash-abc", ".Trash-1000x", ".Trash-١٢", ".trash", "Photos"]
    not_trash += ["Recycler", "recycler"]  # a user's folder on Linux (Windows writes RECYCLER)
    assert all(discovery._is_trash_name(n) for n in trash)
    assert not any(discovery._is_trash_name(n) for n in not_trash)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.timeout(20)  # opening the FIFO would hang
def test_a_fifo_named_like_an_image_is_said_not_opened(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    _touch(root / "a.jpg")
    os.mkfifo(root / "fifo.jpg")  # opening it would block: the test would hang
    os.mkfifo(root / "fifo.txt")  # not named like an image: not looked at
    found = discover([root])
    assert _names(found) == {"a.jpg"}
    assert [(e.path, e.kind) for e in found.errors] == [(root / "fifo.jpg", ErrorKind.OTHER)]
    assert "named pipe" in found.errors[0].reason
    # Named as a root: said as well.
    found = discover([root / "fifo.jpg"])
    assert found.files == ()
    assert [(e.path, e.kind) for e in found.errors] == [(root / "fifo.jpg", ErrorKind.OTHER)]


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no unix sockets here")
def test_a_socket_named_like_an_image_is_said(tmp_path: Path) -> None:
    root = tmp_path / "s"  # short: a socket path is limited to ~100 bytes
    root.mkdir()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(os.fspath(root / "s.jpg"))
    except OSError:
        pytest.skip("cannot bind a unix socket here")
    finally:
        sock.close()
    found = discover([root])
    assert found.files == ()
    assert [(e.path, e.kind) for e in found.errors] == [(root / "s.jpg", ErrorKind.OTHER)]
    assert "socket" in found.errors[0].reason


def test_followed_links_into_a_trash_or_a_recovery_folder_are_said_not_walked(home: Path) -> None:
    """QA round 8: with --follow-symlinks, a link in the library to the trash (or into a
    recovery folder) made a trashed copy the one kept and the live photo the one trashed."""
    lib = home / "Pictures"
    data = home / ".local" / "share"
    links = {
        "old": data / "Trash" / "files",  # the home trash's files, by a harmless name
        "stuff": home / "disk" / ".Trash-1000",  # a volume trash
        "orig.jpg": data / "Trash" / "files" / "big_original.jpg",  # one trashed file
        "back": home / "recovery" / "home",  # inside a recovery folder (marker above)
    }
    for name, target in links.items():
        (lib / name).symlink_to(target)
    found = discover([lib], follow_symlinks=True, default_excludes=False)
    assert _names(found) == {"small_copy.jpg"}
    refused = {e.path.name: e.reason for e in found.errors}
    assert refused == {
        "old": discovery.TRASH_ROOT_REFUSED,
        "stuff": discovery.TRASH_ROOT_REFUSED,
        "orig.jpg": discovery.TRASH_ROOT_REFUSED,
        "back": discovery.RECOVERY_ROOT_REFUSED,
    }
    # Not followed (the default): links are not looked at, nothing to say.
    assert _names(discover([lib])) == {"small_copy.jpg"}
    assert discover([lib]).errors == ()


def test_the_home_trash_s_files_folder_is_known_by_its_identity(home: Path, monkeypatch) -> None:
    """A bind mount of ~/.local/share/Trash/files inside a library has an ordinary name and is
    no link: it is known by its (st_dev, st_ino). Checked with the ids the walk compares."""
    files = home / ".local" / "share" / "Trash" / "files"
    st = os.stat(files)
    assert (st.st_dev, st.st_ino) in discovery.TrashFolders().ids


def test_another_home_s_trash_is_known_by_its_shape(home: Path, tmp_path: Path) -> None:
    """QA round 9: root scanning /home (or an old home on a backup disk) walked the other
    users' ~/.local/share/Trash (not the current XDG one): a trashed copy was kept and the live
    photo trashed. A folder "Trash" with files/ and info/ is a trash; a plain "Trash" is not."""
    alice = tmp_path / "alice"
    _touch(alice / "Pictures" / "storm.jpg")
    _touch(alice / ".local" / "share" / "Trash" / "files" / "storm.jpg")
    _touch(alice / ".local" / "share" / "Trash" / "info" / "storm.jpg.trashinfo")
    found = discover([alice], default_excludes=False)
    assert {str(f.path.relative_to(alice)) for f in found.files} == {"Pictures/storm.jpg"}
    trashed = alice / ".local" / "share" / "Trash" / "files"
    refused = discover([trashed])
    assert refused.files == () and refused.errors[0].reason == discovery.TRASH_ROOT_REFUSED
    assert discovery.removed_copies_reason(trashed / "storm.jpg") == discovery.TRASH_ROOT_REFUSED
    assert _names(discover([home / "Trash"])) == {"named_trash_by_user.jpg"}  # no files/, info/


def test_a_root_under_a_trash_files_folder_that_is_a_link_elsewhere_is_refused(
    home: Path, tmp_path: Path
) -> None:
    """QA round 10: ~/.local/share/Trash/files a symlink to another disk; a trashed folder
    there given as a root was scanned and its copy kept while the live photo went."""
    data = home / ".local" / "share"
    real_files = tmp_path / "elsewhere" / "tf"
    _touch(real_files / "Vacation" / "storm.jpg")
    (data / "Trash" / "files").rename(tmp_path / "old-files")
    (data / "Trash" / "files").symlink_to(real_files)
    root = real_files / "Vacation"
    found = discover([root])
    assert found.files == () and found.errors[0].reason == discovery.TRASH_ROOT_REFUSED
    assert discovery.removed_copies_reason(root / "storm.jpg") == discovery.TRASH_ROOT_REFUSED
