"""Regrouping at a new threshold filters the matches a scan confirmed once, and gives the groups
a fresh scan at that threshold would give."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from dupviewer.engine import scanner
from dupviewer.engine.decoding import decode_reduced
from dupviewer.engine.fingerprint import fingerprint_image
from dupviewer.engine.model import MAX_THRESHOLD, Photo, ScanOptions, ScanResult, ScanStats
from tests.images import make_photo

pytest.importorskip("dupviewer.engine.grouping")


def _photo(k: int, img: Image.Image, quality: int = 90) -> Photo:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    fp = fingerprint_image(decode_reduced(buf.getvalue(), "x.jpg").image)
    return Photo(
        path=Path(f"/photos/{k:02d}.jpg"), size=len(buf.getvalue()), mtime_ns=k, dev=1,
        inode=k + 1, width=img.width, height=img.height, format="JPEG", fingerprint=fp,
        digest=f"{k:040x}",
    )  # fmt: skip


@pytest.fixture(scope="module")
def photos() -> tuple[Photo, ...]:
    a, b = make_photo(500, (480, 360)), make_photo(501, (480, 360))
    w, h = a.size
    imgs = [
        a,
        a.resize((240, 180), Image.Resampling.LANCZOS),
        b.transpose(Image.Transpose.ROTATE_90),  # (a turned copy of a crop is not searched)
        a.crop((int(0.1 * w), int(0.1 * h), int(0.9 * w), int(0.9 * h))),
        a.point(lambda v: min(255, int(v * 1.3))),  # brightened: a larger distance
        b,
        b.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
        make_photo(502),
    ]
    return tuple(_photo(k, img, quality=60 if k == 4 else 90) for k, img in enumerate(imgs))


def _result(photos, tmp_path: Path, **opts) -> ScanResult:
    options = ScanOptions(roots=(Path("/photos"),), decisions_path=tmp_path / "none.json", **opts)
    empty = ScanResult(options, (), (), ScanStats(), photos)
    return scanner.regroup(empty)  # groups from scratch: the same code path as scan


def _groups(result: ScanResult) -> list[tuple[tuple[str, int, str], ...]]:
    return [tuple((m.path.name, m.distance, m.match) for m in g.members) for g in result.groups]


def test_regroup_within_the_ceiling_filters_and_matches_a_fresh_grouping(
    photos, tmp_path, monkeypatch
):
    first = _result(photos, tmp_path, threshold=10)
    assert first.pairs is not None and first.pairs_threshold == MAX_THRESHOLD
    assert first.groups
    kept = first.pairs

    def no_search(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("regrouping within the ceiling must not search again")

    monkeypatch.setattr(scanner, "search", no_search)
    low = scanner.regroup(first, threshold=2)
    back = scanner.regroup(low, threshold=MAX_THRESHOLD)
    assert low.pairs is kept and back.pairs is kept
    monkeypatch.undo()
    assert _groups(low) == _groups(_result(photos, tmp_path, threshold=2))
    assert _groups(back) == _groups(_result(photos, tmp_path, threshold=MAX_THRESHOLD))
    assert _groups(scanner.regroup(back, threshold=10)) == _groups(first)


def test_regroup_searches_again_beyond_the_ceiling_or_with_other_variants(photos, tmp_path):
    first = _result(photos, tmp_path, threshold=10)
    wider = scanner.regroup(first, threshold=MAX_THRESHOLD + 4)
    assert wider.pairs is not first.pairs and wider.pairs_threshold == MAX_THRESHOLD + 4
    upright = scanner.regroup(first, rotations=False, crops=False)
    assert upright.pairs is not first.pairs
    assert _groups(upright) == _groups(_result(photos, tmp_path, rotations=False, crops=False))
    names = {m.path.name for g in first.groups for m in g.members}
    assert {"02.jpg", "03.jpg"} <= names  # the turned and the cropped copy...
    assert not {"02.jpg", "03.jpg"} & {m.path.name for g in upright.groups for m in g.members}
    # ...and after some photos are removed (fewer photos), the kept matches are not reused
    fewer = scanner.regroup(
        first.__class__(**{**_fields(first), "photos": photos[1:]}), threshold=10
    )
    assert fewer.pairs is not first.pairs and fewer.pairs.n == len(photos) - 1


def _fields(result: ScanResult) -> dict:
    return {name: getattr(result, name) for name in result.__slots__}


def test_after_a_removal_regrouping_filters_the_kept_matches(photos, tmp_path, monkeypatch):
    first = _result(photos, tmp_path, threshold=10)
    gone = {photos[1].path, photos[6].path}
    left = scanner.without_photos(first, gone)
    assert [p.path for p in left.photos] == [p.path for p in photos if p.path not in gone]
    assert left.pairs.n == len(photos) - 2

    def no_search(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("regrouping after a removal must not search again")

    monkeypatch.setattr(scanner, "search", no_search)
    regrouped = scanner.regroup(left, threshold=10)
    monkeypatch.undo()
    fresh = _result(tuple(p for p in photos if p.path not in gone), tmp_path, threshold=10)
    assert _groups(regrouped) == _groups(fresh)


def test_protected_folders_changed_after_the_scan_count_at_once(tmp_path):
    """A folder ticked as protected after the scan: its photos become kept and never proposed,
    as if the scan had started with it; unticked, they are ordinary copies again."""
    lib = tmp_path / "lib"
    paths = []
    for folder, seed in (("a", 1), ("b", 1), ("a", 2), ("b", 2)):
        path = lib / folder / f"p{seed}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        make_photo(600 + seed, (320, 240)).save(path, "JPEG", quality=90 if folder == "a" else 70)
        paths.append(path)
    scanned = scanner.scan(ScanOptions(roots=(lib,), use_cache=False))
    assert len(scanned.groups) == 2
    in_b = {p for p in paths if p.parent.name == "b"}

    protected = scanner.regroup(scanned, reference_roots=[lib / "b"])
    assert protected.options.reference_roots == (lib / "b",)
    members = [m for g in protected.groups for m in g.members]
    assert {m.path for m in members if m.photo.in_reference_root} == in_b
    assert all(m.keep for m in members if m.path in in_b)  # never proposed for removal
    assert len(protected.groups) == 2

    again = scanner.regroup(protected, reference_roots=[])
    assert not any(m.photo.in_reference_root for g in again.groups for m in g.members)
    assert [g.members[0].path for g in again.groups] == [g.members[0].path for g in scanned.groups]
