"""A protected (reference) root is a folder, whatever path leads to it: a photo under a second path
to that folder that no path prefix shows (a bind mount, a folder first walked from a root) is
still protected, by the folder's identity (st_dev, st_ino)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from images import make_photo, save

from dupviewer.engine import scanner
from dupviewer.engine.model import ScanOptions, ScanResult
from dupviewer.engine.scanner import scan

SIZE = (320, 240)


def _library(root: Path) -> Path:
    """A big copy outside the reference folder, a smaller copy of it inside: without protection
    the keep rules keep the big one and propose the protected one for removal."""
    photo = make_photo(7, SIZE)
    save(photo, root / "a" / "big.jpg", quality=95)
    save(photo.resize((160, 120)), root / "ref" / "small.jpg", quality=80)
    save(make_photo(8, SIZE), root / "a" / "other.jpg", quality=90)
    return root


def _scan(root: Path, reference: Path, tmp_path: Path) -> ScanResult:
    return scan(
        ScanOptions(
            roots=(root,),
            reference_roots=(reference,),
            cache_path=tmp_path / "cache.sqlite",
            workers=1,
        )
    )


def _protected(result: ScanResult) -> dict[str, bool]:
    return {p.path.name: p.in_reference_root for p in result.photos}


def _kept(result: ScanResult) -> dict[str, bool]:
    return {m.path.name: m.keep for g in result.groups for m in g.members}


@pytest.fixture
def bind_mount(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(library, mount point): `library/ref` bind-mounted at `mount point`; skipped where
    `mount --bind` is not possible (not Linux, no privilege, no mount command)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("bind mounts are a Linux feature")
    library = _library(tmp_path / "lib")
    point = tmp_path / "bound ref"
    point.mkdir()
    try:
        done = subprocess.run(
            ["mount", "--bind", str(library / "ref"), str(point)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"mount --bind is not available: {exc}")
    if done.returncode != 0:
        pytest.skip(f"mount --bind failed (no privilege?): {done.stderr.strip()}")
    try:
        yield library, point
    finally:
        subprocess.run(["umount", str(point)], capture_output=True, timeout=30)


def test_a_reference_root_given_by_a_bind_mount_protects_the_folder(
    bind_mount: tuple[Path, Path], tmp_path: Path
) -> None:
    # The root is walked first: the folder is found as lib/ref and its walk through the mount
    # point is skipped, so no path of the photo starts with the reference root's.
    library, point = bind_mount
    result = _scan(library, point, tmp_path)
    assert _protected(result) == {"big.jpg": False, "other.jpg": False, "small.jpg": True}
    assert _kept(result) == {"big.jpg": False, "small.jpg": True}


def test_a_bind_mounted_folder_scanned_as_a_root_is_the_reference_folder(
    bind_mount: tuple[Path, Path], tmp_path: Path
) -> None:
    # The other way round: the photo is found under the mount point, the reference is lib/ref.
    library, point = bind_mount
    result = scan(
        ScanOptions(
            roots=(point, library / "a"),
            reference_roots=(library / "ref",),
            cache_path=tmp_path / "cache.sqlite",
            workers=1,
        )
    )
    assert {p.path.parent for p in result.photos if p.path.name == "small.jpg"} == {point}
    assert _protected(result) == {"big.jpg": False, "other.jpg": False, "small.jpg": True}
    assert _kept(result) == {"big.jpg": False, "small.jpg": True}


@pytest.fixture
def blind_prefixes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Links are not resolved for the prefix checks: a symlink then stands for any second path
    to a folder that prefixes cannot see (what a bind mount is, where one cannot be made)."""
    monkeypatch.setattr(scanner, "_real", lambda path: os.fspath(path))


def test_a_second_path_to_the_reference_folder_protects_it_by_identity(
    blind_prefixes: None, tmp_path: Path
) -> None:
    library = _library(tmp_path / "lib")
    link = tmp_path / "ref link"
    link.symlink_to(library / "ref", target_is_directory=True)
    result = _scan(library, link, tmp_path)
    assert _protected(result) == {"big.jpg": False, "other.jpg": False, "small.jpg": True}
    assert _kept(result) == {"big.jpg": False, "small.jpg": True}


def test_a_parent_of_the_reference_folder_by_another_path_protects_what_is_below(
    blind_prefixes: None, tmp_path: Path
) -> None:
    library = _library(tmp_path / "lib")
    save(make_photo(7, SIZE).resize((200, 150)), library / "ref" / "deep" / "er" / "mid.jpg")
    link = tmp_path / "ref link"
    link.symlink_to(library / "ref", target_is_directory=True)
    result = _scan(library, link, tmp_path)
    assert _protected(result) == {
        "big.jpg": False,
        "other.jpg": False,
        "small.jpg": True,
        "mid.jpg": True,
    }


def test_a_single_file_given_as_reference_by_another_path_is_protected(
    blind_prefixes: None, tmp_path: Path
) -> None:
    library = _library(tmp_path / "lib")
    link = tmp_path / "small link.jpg"
    link.symlink_to(library / "ref" / "small.jpg")
    result = _scan(library, link, tmp_path)
    assert _protected(result) == {"big.jpg": False, "other.jpg": False, "small.jpg": True}


def test_a_single_file_reference_is_that_file_by_identity(tmp_path: Path) -> None:
    # (Through a scan, a second path given as reference is also walked and becomes an alias.)
    library = _library(tmp_path / "lib")
    other_name = tmp_path / "hard link.jpg"
    os.link(library / "ref" / "small.jpg", other_name)
    identity = scanner._ReferenceIdentity([other_name])
    small, big = (os.stat(library / name) for name in ("ref/small.jpg", "a/big.jpg"))
    assert (small.st_dev, small.st_ino) in identity.files
    assert (big.st_dev, big.st_ino) not in identity.files
    assert not identity.folder(str(library / "ref"))


def test_a_reference_root_that_cannot_be_stat_ed_protects_by_prefix_only(tmp_path: Path) -> None:
    library = _library(tmp_path / "lib")
    result = _scan(library, tmp_path / "missing", tmp_path)
    assert _protected(result) == {"big.jpg": False, "other.jpg": False, "small.jpg": False}


def test_a_folder_that_cannot_be_stat_ed_is_not_protected_by_identity(
    blind_prefixes: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = _library(tmp_path / "lib")
    link = tmp_path / "ref link"
    link.symlink_to(library / "ref", target_is_directory=True)
    real_stat = scanner._stat

    def failing_for_folders_in_the_library(path):
        if os.fspath(path).startswith(os.fspath(library)):
            return None
        return real_stat(path)

    monkeypatch.setattr(scanner, "_stat", failing_for_folders_in_the_library)
    result = _scan(library, link, tmp_path)
    assert _protected(result) == {"big.jpg": False, "other.jpg": False, "small.jpg": False}


def test_identity_answers_are_memoised_per_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Photos share folders: each distinct folder (and parent) is stat-ed once, not per photo."""
    ref = tmp_path / "lib" / "ref"
    ref.mkdir(parents=True)
    calls: list[str] = []
    real_stat = scanner._stat

    def counting(path):
        calls.append(os.fspath(path))
        return real_stat(path)

    monkeypatch.setattr(scanner, "_stat", counting)
    identity = scanner._ReferenceIdentity([ref])
    calls.clear()
    for k in range(50):
        for sub in ("a", "b"):
            assert not identity.folder(str(tmp_path / "lib" / sub))
        assert identity.folder(str(ref / "x" / str(k % 3)))
    assert len(calls) == len(set(calls))
