"""Files of several frames or pages (animated GIF/WebP/PNG, multi-page TIFF): only the first frame
is compared, so a still copy of that frame must never cost the others. Such a file ranks first as
keeper, is kept in a group of look-alikes (`Group.irreplaceable`), and the removal pipeline skips
it even when asked; byte-identical copies of it may still go."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from images import make_photo
from PIL import Image

from dupviewer.engine import decoding
from dupviewer.engine.decoding import DecodeError, decode_reduced
from dupviewer.engine.model import ErrorKind, GroupKind, ScanOptions
from dupviewer.engine.removal import Reason, Status, remove
from dupviewer.engine.scanner import scan


def _pages(seed: int, count: int) -> list[Image.Image]:
    return [make_photo(seed + 100 * k, (240, 160)) for k in range(count)]


def _save_multi(path: Path, frames: list[Image.Image], **options) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frames[0].save(path, save_all=True, append_images=frames[1:], **options)
    return path


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("scan.tif", {}),
        ("clip.gif", {"duration": 100, "loop": 0}),
        ("clip.webp", {"duration": 100, "loop": 0, "lossless": True}),
        ("clip.png", {"duration": 100, "loop": 0}),  # APNG
    ],
)
def test_frames_and_pages_are_counted(tmp_path, name, options):
    path = _save_multi(tmp_path / name, _pages(1, 3), **options)
    assert decode_reduced(path.read_bytes(), name).frames == 3
    still = tmp_path / ("still" + path.suffix)
    make_photo(1, (240, 160)).save(still)
    assert decode_reduced(still.read_bytes(), still.name).frames == 1


def test_a_jpeg_is_one_picture(tmp_path):
    path = tmp_path / "photo.jpg"
    make_photo(2).save(path, quality=90)
    assert decode_reduced(path.read_bytes(), path.name).frames == 1


def _library(root: Path) -> dict[str, Path]:
    """A 3-page TIFF, a PNG of its first page, a byte copy of the TIFF elsewhere, and an
    animated WebP next to a still PNG of its first frame."""
    pages = _pages(3, 3)
    tiff = _save_multi(root / "scans" / "contract.tif", pages)
    page1 = root / "exports" / "contract page 1.png"
    page1.parent.mkdir(parents=True)
    pages[0].save(page1)
    backup = root / "backup" / "contract.tif"
    backup.parent.mkdir(parents=True)
    shutil.copyfile(tiff, backup)
    frames = _pages(4, 4)
    clip = _save_multi(root / "clips" / "clip.webp", frames, duration=100, loop=0, quality=90)
    still = root / "clips" / "clip frame 1.png"
    frames[0].save(still)
    return {"tiff": tiff, "page1": page1, "backup": backup, "clip": clip, "still": still}


def test_a_multi_frame_file_is_never_proposed_for_removal_but_one_byte_copy_may_go(tmp_path):
    """The keep rules still pick the keeper (a bigger still may win); the TIFF is kept besides
    it, and of its two byte-identical copies one may go."""
    files = _library(tmp_path / "lib")
    result = scan(ScanOptions(roots=(tmp_path / "lib",), use_cache=False))
    by_path = {m.path: (g, m) for g in result.groups for m in g.members}
    group, tiff = by_path[files["tiff"]]
    assert tiff.photo.frames == 3 and by_path[files["page1"]][1].photo.frames == 1
    tiffs = [by_path[files[k]][1] for k in ("tiff", "backup")]
    assert sorted(m.keep for m in tiffs) == [False, True]  # one copy of its bytes stays
    clip_group, clip = by_path[files["clip"]]
    assert clip.photo.frames == 4 and clip.keep


def test_removal_skips_a_multi_frame_file_a_look_alike_would_replace(tmp_path):
    """Even when a caller marks it (a GUI, a script), the pipeline keeps it; in a group of
    byte-identical files a copy of it may go."""
    files = _library(tmp_path / "lib")
    result = scan(ScanOptions(roots=(tmp_path / "lib",), use_cache=False))
    group = next(g for g in result.groups if any(m.path == files["clip"] for m in g.members))
    assert group.kind is GroupKind.SIMILAR
    trashed: list[str] = []

    def trash(path: str) -> None:
        trashed.append(path)
        Path(path).rename(tmp_path / f"trashed {len(trashed)}")

    report = remove([group], [files["clip"]], trash=trash, journal=tmp_path / "j.jsonl")
    (outcome,) = report.outcomes
    assert outcome.status is Status.SKIPPED and outcome.reason is Reason.MORE_FRAMES
    assert "4 frames" in outcome.detail and trashed == [] and files["clip"].is_file()
    assert group.irreplaceable(next(m for m in group.members if m.path == files["clip"]))

    exact = scan(ScanOptions(roots=(tmp_path / "lib" / "scans", tmp_path / "lib" / "backup")))
    (pair,) = exact.groups
    assert pair.kind is GroupKind.EXACT and not any(pair.irreplaceable(m) for m in pair.members)

    # Both byte copies of the TIFF marked next to the still of page 1: one of them stays.
    tiff_group = next(g for g in result.groups if any(m.path == files["tiff"] for m in g.members))
    both = [files["tiff"], files["backup"]]
    report = remove([tiff_group], both, trash=trash, journal=tmp_path / "j.jsonl")
    outcomes = sorted((o.status, o.reason) for o in report.outcomes)
    assert outcomes == [(Status.MOVED, None), (Status.SKIPPED, Reason.MORE_FRAMES)]
    assert sum(p.is_file() for p in both) == 1


def test_the_limits_differ_for_jpegs_which_decode_at_an_eighth(tmp_path, monkeypatch):
    """A 200 MP phone JPEG (16320 x 12240) decodes at 1/8 scale: it passes; a format decoded
    whole, and a progressive JPEG, keep the lower limit. Shown here with it lowered to 1 MP."""
    assert decoding.MAX_JPEG_PIXELS >= 16320 * 12240
    assert 2 * Image.MAX_IMAGE_PIXELS > decoding.MAX_JPEG_PIXELS  # Pillow's guard is not first
    monkeypatch.setattr(decoding, "MAX_PIXELS", 1_000_000)
    picture = make_photo(5, (2000, 1000))
    jpeg, png = tmp_path / "big.jpg", tmp_path / "big.png"
    picture.save(jpeg, quality=85)
    picture.save(png)
    assert decode_reduced(jpeg.read_bytes(), jpeg.name).width == 2000
    with pytest.raises(DecodeError) as info:
        decode_reduced(png.read_bytes(), png.name)
    assert info.value.kind is ErrorKind.TOO_LARGE
    # A progressive JPEG holds every coefficient of the full image while it decodes.
    progressive = tmp_path / "progressive.jpg"
    picture.save(progressive, quality=85, progressive=True)
    with pytest.raises(DecodeError) as info:
        decode_reduced(progressive.read_bytes(), progressive.name)
    assert info.value.kind is ErrorKind.TOO_LARGE


def test_two_animations_that_start_alike_are_both_kept(tmp_path):
    """Same first frame, different animations: a group (only first frames are compared) in which
    neither is proposed for removal."""
    first = make_photo(6, (240, 160))
    _save_multi(tmp_path / "lib" / "a.gif", [first, *_pages(7, 2)], duration=100)
    _save_multi(tmp_path / "lib" / "b.gif", [first, *_pages(8, 2)], duration=100)
    (group,) = scan(ScanOptions(roots=(tmp_path / "lib",), use_cache=False)).groups
    assert group.kind is GroupKind.SIMILAR
    assert all(m.keep for m in group.members) and group.reclaimable == 0


def test_a_small_animation_never_costs_the_full_resolution_still(tmp_path):
    """A 640 px photo and a 320 px animated GIF made from it: the keep rules keep the photo
    (highest resolution); the GIF is kept besides it; nothing is proposed for removal."""
    frames = _pages(9, 4)
    photo = tmp_path / "lib" / "holiday.jpg"
    photo.parent.mkdir(parents=True)
    frames[0].resize((640, 427)).save(photo, quality=92)
    small = [f.resize((320, 213)) for f in frames]
    _save_multi(tmp_path / "lib" / "holiday live.gif", small, duration=100, loop=0)
    (group,) = scan(ScanOptions(roots=(tmp_path / "lib",), use_cache=False)).groups
    assert group.reference.path == photo
    assert all(m.keep for m in group.members) and group.reclaimable == 0
