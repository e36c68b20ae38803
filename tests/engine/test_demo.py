"""The demo library: what it promises (`expected_groups`) must hold for the pictures it draws."""

from __future__ import annotations

import itertools
from pathlib import Path

import imagehash
import pillow_heif
import pytest
from PIL import Image, ImageOps

from dupviewer.engine.demo import build_demo_library

pillow_heif.register_heif_opener()

_DIHEDRAL = (
    None,
    Image.Transpose.ROTATE_90,
    Image.Transpose.ROTATE_180,
    Image.Transpose.ROTATE_270,
    Image.Transpose.FLIP_LEFT_RIGHT,
    Image.Transpose.FLIP_TOP_BOTTOM,
    Image.Transpose.TRANSPOSE,
    Image.Transpose.TRANSVERSE,
)


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    return build_demo_library(tmp_path_factory.mktemp("demo") / "library")


def _hashes(path: Path) -> list[int]:
    """phash of the upright image and of its 7 rotated/mirrored versions."""
    with Image.open(path) as img:
        upright = ImageOps.exif_transpose(img).convert("RGB")
    return [
        int(str(imagehash.phash(upright if t is None else upright.transpose(t))), 16)
        for t in _DIHEDRAL
    ]


def test_files_exist_and_groups_are_disjoint(library):
    on_disk = sorted(
        p.relative_to(library.folder).as_posix() for p in library.folder.rglob("*") if p.is_file()
    )
    assert on_disk == sorted(library.files)
    assert 18 <= len(library.files) <= 24
    grouped = [f for g in library.expected_groups for f in g]
    assert len(grouped) == len(set(grouped)), "a file is in two groups"
    assert set(grouped) <= set(library.files)
    assert all(len(g) >= 2 for g in library.expected_groups)
    assert not set(library.damaged) & set(grouped)
    singles = set(library.files) - set(grouped) - set(library.damaged)
    assert len(singles) >= 4, "the demo needs unrelated photos that stay alone"


def test_covers_every_kind_of_copy(library):
    suffixes = {Path(f).suffix.lower() for f in library.files}
    assert {".jpg", ".png", ".webp", ".heic"} <= suffixes
    sizes = set()
    for f in library.files:
        if f not in library.damaged:
            with Image.open(library.folder / f) as img:
                sizes.add(img.size)
    assert (960, 640) in sizes and (640, 960) in sizes and (480, 320) in sizes  # rotated, resized
    exact = [
        g
        for g in library.expected_groups
        if len({(library.folder / f).read_bytes() for f in g}) == 1
    ]
    assert len(exact) == 1, "one group of byte-identical copies"


def test_damaged_file_does_not_decode(library):
    (damaged,) = library.damaged
    with pytest.raises(OSError), Image.open(library.folder / damaged) as img:
        img.load()


def test_originals_carry_camera_exif(library):
    with Image.open(library.folder / "Camera/2023-06 Beach/IMG_0101.jpg") as img:
        exif = img.getexif()
    assert exif[0x0110] == "Camera X100"
    assert exif.get_ifd(0x8769)[0x9003].startswith("2023:")


def test_perceptual_hashes_keep_the_promise(library):
    """Members of a group are near each other under some rotation/mirror; all else is far."""
    hashes = {f: _hashes(library.folder / f) for f in library.files if f not in library.damaged}
    group_of = {f: n for n, g in enumerate(library.expected_groups) for f in g}
    for a, b in itertools.combinations(hashes, 2):
        distance = min(bin(v ^ hashes[b][0]).count("1") for v in hashes[a])
        same = a in group_of and group_of.get(b) == group_of[a]
        if same:
            assert distance <= 4, (a, b, distance)
        else:
            assert distance >= 14, (a, b, distance)


def test_same_seed_same_bytes_other_seed_other_photos(tmp_path):
    one = build_demo_library(tmp_path / "one", seed=3)
    two = build_demo_library(tmp_path / "two", seed=3)
    other = build_demo_library(tmp_path / "other", seed=4)
    assert one.files == two.files == other.files
    assert one.expected_groups == two.expected_groups
    name = "Camera/2023-07 Garden/IMG_0210.jpg"
    assert (one.folder / name).read_bytes() == (two.folder / name).read_bytes()
    assert (one.folder / name).read_bytes() != (other.folder / name).read_bytes()
    assert (one.folder / name).stat().st_mtime == (two.folder / name).stat().st_mtime


def test_copies_are_younger_than_their_originals(library):
    """So "keep the oldest" agrees with what a person expects."""
    a = library.folder / "Camera/2023-06 Beach/IMG_0101.jpg"
    b = library.folder / "Backup/Beach/IMG_0101.jpg"
    assert a.stat().st_mtime < b.stat().st_mtime
