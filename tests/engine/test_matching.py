"""Variant matching: rotations, mirrors, crops and EXIF twins pair up; look-alikes stay apart."""

from __future__ import annotations

import io
import threading
import time

import numpy as np
import pytest
from PIL import Image

from dupviewer.engine import confirmation, matching
from dupviewer.engine.decoding import decode_reduced
from dupviewer.engine.fingerprint import (
    CROPPED,
    VARIANT_LABELS,
    apply_variant,
    detail_crops,
    detail_thumb,
    fingerprint_image,
)
from dupviewer.engine.matching import Pairs, find_pairs
from dupviewer.engine.model import Fingerprint
from tests.images import crop_margins, make_photo

T = Image.Transpose


def _jpeg(img: Image.Image, orientation: int | None = None, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    params = {"quality": quality}
    if orientation:
        exif = Image.Exif()
        exif[0x0112] = orientation
        params["exif"] = exif
    img.convert("RGB").save(buf, "JPEG", **params)
    return buf.getvalue()


def _fp(data: bytes) -> Fingerprint:
    return fingerprint_image(decode_reduced(data, "x.jpg").image)


@pytest.fixture(scope="module")
def library() -> dict[str, Fingerprint]:
    orig = make_photo(100, (640, 480))
    wide = make_photo(200, (1200, 400))
    files = {
        "original": _jpeg(orig, quality=95),
        "rotated 90": _jpeg(orig.transpose(T.ROTATE_270)),
        "rotated 180": _jpeg(orig.transpose(T.ROTATE_180)),
        "rotated 270": _jpeg(orig.transpose(T.ROTATE_90)),
        "mirrored": _jpeg(orig.transpose(T.FLIP_LEFT_RIGHT)),
        "crop 5%": _jpeg(crop_margins(orig, 0.07, 0.03, 0.03, 0.07)),
        "crop 15%": _jpeg(crop_margins(orig, 0.10, 0.18, 0.20, 0.12)),
        "resized": _jpeg(orig.resize((320, 240), Image.Resampling.LANCZOS), quality=70),
        # the same pixels tagged to display turned, and its physically turned twin
        "exif6 same pixels": _jpeg(orig, orientation=6),
        "turned twin": _jpeg(orig.transpose(T.ROTATE_270)),
        # a phone portrait: pixels stored sideways plus a tag that turns them upright
        "exif6 upright": _jpeg(orig.transpose(T.ROTATE_90), orientation=6),
        # look-alikes: bursts shifted by a third of the frame, two crops of one panorama
        "burst a": _jpeg(wide.crop((0, 0, 600, 400))),
        "burst b": _jpeg(wide.crop((200, 0, 800, 400))),
        "pano left": _jpeg(wide.crop((0, 0, 700, 400))),
        "pano right": _jpeg(wide.crop((500, 0, 1200, 400))),
    }
    for seed in range(5):
        files[f"unrelated {seed}"] = _jpeg(make_photo(300 + seed))
    fps = {name: _fp(data) for name, data in files.items()}
    transparent = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    buf = io.BytesIO()
    transparent.save(buf, "PNG")
    fps["blank red"] = _fp(_jpeg(Image.new("RGB", (300, 200), (220, 20, 20))))
    fps["blank red 2"] = _fp(_jpeg(Image.new("RGB", (200, 300), (221, 21, 19)), quality=50))
    fps["blank 1x1"] = _fp(_jpeg(Image.new("RGB", (1, 1), (220, 20, 20))))
    fps["blank transparent"] = fingerprint_image(decode_reduced(buf.getvalue(), "t.png").image)
    return fps


def _pairs_by_name(fps: dict[str, Fingerprint], **kwargs) -> dict[tuple[str, str], str]:
    names = list(fps)
    pairs = find_pairs([fps[n] for n in names], kwargs.pop("threshold", 10), **kwargs)
    out = {}
    for i, j, v in zip(pairs.i, pairs.j, pairs.variant, strict=True):
        out[(names[i], names[j])] = "upright" if v < 0 else VARIANT_LABELS[v]
    return out


def test_every_transformed_copy_pairs_with_its_original_and_says_how(library):
    got = _pairs_by_name(library)
    expected = {
        "rotated 90": "rotated 90",
        "rotated 180": "rotated 180",
        "rotated 270": "rotated 270",
        "mirrored": "mirrored",
        "crop 5%": "cropped",
        "crop 15%": "cropped",
        "resized": "upright",
        "exif6 same pixels": "rotated 90",
        "turned twin": "rotated 90",
        "exif6 upright": "upright",
    }
    for name, label in expected.items():
        assert got.get(("original", name)) == label, name
    # symmetric, with the inverse label
    assert got[("rotated 90", "original")] == "rotated 270"
    assert got[("crop 15%", "original")] == "uncropped"
    # the EXIF-tagged file and its physically turned twin look the same
    assert got[("exif6 same pixels", "turned twin")] == "upright"


def test_look_alikes_unrelated_and_blank_images_stay_apart(library):
    got = _pairs_by_name(library)
    for a, b in [("burst a", "burst b"), ("pano left", "pano right")]:
        assert (a, b) not in got
    photos = {n for n in library if not n.startswith(("unrelated", "blank", "burst", "pano"))}
    # "burst a" is "pano left" with 14% cut from its right border: a real crop, allowed to pair
    crop = {("burst a", "pano left"), ("pano left", "burst a")}
    for a, b in set(got) - crop:
        assert a in photos and b in photos, (a, b)
    # even at a loose threshold the confirmation keeps look-alikes and unrelated photos apart
    loose = _pairs_by_name(library, threshold=20)
    assert not {(a, b) for a, b in set(loose) - crop if a not in photos or b not in photos}


def test_rotations_and_crops_can_be_switched_off(library):
    plain = _pairs_by_name(library, rotations=False, crops=False)
    for name in ("rotated 90", "rotated 180", "mirrored", "crop 15%", "exif6 same pixels"):
        assert ("original", name) not in plain
    assert plain[("original", "resized")] == "upright"
    assert plain[("original", "exif6 upright")] == "upright"
    no_crops = _pairs_by_name(library, crops=False)
    assert ("original", "rotated 90") in no_crops
    assert ("original", "crop 15%") not in no_crops


def test_pairs_structure_is_symmetric_and_typed(library):
    fps = list(library.values())
    pairs = find_pairs(fps, 10, True, True)
    assert pairs.i.dtype.kind == "i" and pairs.distance.dtype == np.uint8
    assert pairs.variant.dtype == np.int16
    forward = set(zip(pairs.i.tolist(), pairs.j.tolist(), strict=True))
    assert forward == {(j, i) for i, j in forward}
    assert np.all(pairs.distance <= 10)
    assert len(find_pairs([], 10)) == 0
    assert len(find_pairs(fps[:1], 10)) == 0
    assert isinstance(Pairs.empty(), Pairs)


def test_fingerprints_without_detail_pair_on_hashes_alone():
    fps = [
        Fingerprint(0b1011),
        Fingerprint(0b1010),
        Fingerprint(0xFFFF_0000_FFFF_0000),
        Fingerprint(0b1, blank=True),
    ]
    pairs = find_pairs(fps, 2, rotations=False, crops=False)
    assert sorted(zip(pairs.i.tolist(), pairs.j.tolist(), strict=True)) == [(0, 1), (1, 0)]
    assert pairs.distance.tolist() == [1, 1]


def test_matches_found_once_give_the_pairs_of_any_lower_threshold(library):
    fps = list(library.values())
    matches = matching.find_matches(fps, 16, rotations=True, crops=True)
    assert matches.covers(len(fps), 10, True, True)
    assert not matches.covers(len(fps), 17, True, True)
    assert not matches.covers(len(fps), 10, False, True)
    assert np.all(matches.i < matches.j)
    for t in (0, 4, 10, 16):
        direct = find_pairs(fps, t, rotations=True, crops=True)
        filtered = matches.pairs(t)
        for field in ("i", "j", "distance", "variant"):
            assert np.array_equal(getattr(direct, field), getattr(filtered, field)), (t, field)
    with pytest.raises(ValueError):
        matches.pairs(17)


def test_a_straightened_copy_is_confirmed_through_its_crop(monkeypatch):
    """A "straighten" edit: turned 4 degrees, then cut to the largest upright rectangle. The crop
    confirmation tries the copy turned back, so it correlates better than axis-aligned alone."""
    orig = make_photo(400, (640, 480))
    turned = orig.rotate(4, resample=Image.Resampling.BICUBIC)
    straight = crop_margins(turned, 0.045, 0.045, 0.045, 0.045)
    fps = [_fp(_jpeg(orig)), _fp(_jpeg(straight))]
    pairs = find_pairs(fps, 10, rotations=True, crops=True)
    assert sorted(zip(pairs.i.tolist(), pairs.j.tolist(), strict=True)) == [(0, 1), (1, 0)]
    window = np.bitwise_count(detail_crops(fps[0]) ^ np.uint64(fps[1].hash)).argmin()
    args = (fps, np.array([0]), np.array([1]), np.array([CROPPED]), np.array([window]))
    with_angles = confirmation.confirm(*args)[0]
    monkeypatch.setattr(confirmation, "_ANGLES", (0.0,))
    assert with_angles > confirmation.confirm(*args)[0] + 0.05


_FIELDS = ("i", "j", "distance", "variant")


def _pairs_at(fps: list[Fingerprint], thresholds=(4, 10, 16)) -> dict[int, set[tuple[int, ...]]]:
    matches = matching.find_matches(fps, max(thresholds), rotations=True, crops=True)
    return {
        t: set(zip(*(getattr(matches.pairs(t), f).tolist() for f in _FIELDS), strict=True))
        for t in thresholds
    }


def test_blocked_crop_search_and_its_shortcuts_change_no_pair(library, monkeypatch):
    fps = list(library.values())
    reference = _pairs_at(fps)
    assert any(v == CROPPED for i, j, d, v in reference[10])
    # the windows of a few photos at a time are indexed: the same pairs
    monkeypatch.setattr(matching, "_CROP_BLOCK", 3)
    assert _pairs_at(fps) == reference
    # the big-library way round (windows ask the index of uprights), a few photos at a time
    with monkeypatch.context() as forward:
        forward.setattr(matching, "_FORWARD_FROM", 2)
        forward.setattr(matching, "_FORWARD_BLOCK", 3)
        assert _pairs_at(fps) == reference
    # confirmed a few hypotheses and thumbnails at a time: the same pairs
    monkeypatch.setattr(confirmation, "_CROP_GROUP", 2)
    monkeypatch.setattr(confirmation, "_RIGID_CHUNK", 3)
    assert _pairs_at(fps) == reference
    # every crop hypothesis refined, none skipped as explained by a rigid match: the same pairs
    monkeypatch.setattr(confirmation, "_MIN_COARSE", -2.0)
    monkeypatch.setattr(matching, "_explained", lambda n, ci, *rest: np.zeros(len(ci), bool))
    assert _pairs_at(fps) == reference


def test_crop_confirmation_refines_only_what_the_coarse_window_supports(library, monkeypatch):
    names = list(library)
    fps = list(library.values())
    orig, crop, other = names.index("original"), names.index("crop 15%"), names.index("unrelated 0")
    window = int(np.bitwise_count(detail_crops(fps[orig]) ^ np.uint64(fps[crop].hash)).argmin())
    refined = []
    real = confirmation._refined_crop_scores
    monkeypatch.setattr(
        confirmation,
        "_refined_crop_scores",
        lambda t, ci, *a: refined.append(len(ci)) or real(t, ci, *a),
    )
    ci, cj = np.array([orig, orig]), np.array([crop, other])
    score = confirmation.confirm(fps, ci, cj, np.array([CROPPED] * 2), np.array([window] * 2))
    assert refined == [1]  # the unrelated photo was turned down by its coarse score
    assert score[0] >= confirmation.MIN_CORRELATION_CROP
    assert score[1] < confirmation._MIN_COARSE


def test_crops_match_turned_and_mirrored_copies_of_their_original(library):
    # A group's reference may be a turned, mirrored or EXIF-rotated copy of the original; a crop
    # of the original must still match it directly ("turned + cropped"), or grouping by
    # reference would leave the crop out.
    got = _pairs_by_name(library)
    expected = {
        ("rotated 90", "crop 15%"): "rotated 270 + cropped",
        ("rotated 90", "crop 5%"): "rotated 270 + cropped",
        ("rotated 270", "crop 15%"): "rotated 90 + cropped",
        ("rotated 180", "crop 5%"): "rotated 180 + cropped",
        ("mirrored", "crop 15%"): "mirrored + cropped",
        ("exif6 same pixels", "crop 15%"): "rotated 270 + cropped",
        # the inverse, from the crop's side
        ("crop 15%", "rotated 90"): "rotated 90 + uncropped",
        ("crop 15%", "mirrored"): "mirrored + uncropped",
    }
    for pair, label in expected.items():
        assert got.get(pair) == label, pair
    # without rotations the turned crops are not searched (the upright crops still are)
    upright = _pairs_by_name(library, rotations=False)
    assert ("rotated 90", "crop 15%") not in upright
    assert upright[("original", "crop 15%")] == "cropped"
    # look-alikes stay apart under every turned crop hypothesis too
    for a, b in [("burst a", "burst b"), ("pano left", "pano right")]:
        assert (a, b) not in got


def test_turned_crop_confirmation_aligns_the_crop_into_the_windows_frame(library):
    # "rotated 270 + cropped": j is photo i turned by 270 and cropped. The confirmation must turn
    # j back before comparing it with i's window: the same hypothesis with the plain "cropped"
    # label (no turn) must score like an unrelated pair.
    fps = [library["rotated 90"], library["crop 15%"]]
    hashes = detail_crops(fps[0])
    crop_thumb = detail_thumb(fps[1])
    assert crop_thumb is not None
    # the crop turned clockwise into the frame of "rotated 90" (what the search queries with)
    turned_back = fingerprint_image(
        Image.fromarray(np.ascontiguousarray(np.rot90(crop_thumb, -1)))
    ).hash
    window = int(np.argmin(np.bitwise_count(hashes ^ np.uint64(turned_back))))
    composite = VARIANT_LABELS.index("rotated 270 + cropped")
    ci, cj, cw = np.array([0, 0]), np.array([1, 1]), np.array([window] * 2)
    score = confirmation.confirm(fps, ci, cj, np.array([composite, CROPPED]), cw)
    assert score[0] >= confirmation.MIN_CORRELATION_CROP
    assert score[1] < confirmation.MIN_CORRELATION_CROP


def _subset(library: dict[str, Fingerprint], *names: str) -> dict[str, Fingerprint]:
    return {name: library[name] for name in names}


def test_turned_crops_are_composed_from_an_upright_crop_and_a_turned_copy(library):
    # The crop of the original and the original's turned copy pair only because the original
    # (of which "crop 15%" is an upright crop) is in the library too.
    got = _pairs_by_name(_subset(library, "original", "rotated 90", "crop 15%"))
    assert got[("rotated 90", "crop 15%")] == "rotated 270 + cropped"
    assert got[("crop 15%", "rotated 90")] == "rotated 90 + uncropped"
    # a turned copy of the crop (on the crop's side): a turned crop of the original ...
    crop = library["crop 15%"]
    thumb = detail_thumb(crop)
    assert thumb is not None
    turned_crop = fingerprint_image(Image.fromarray(np.ascontiguousarray(np.rot90(thumb, 2))))
    both = {**_subset(library, "original", "rotated 90", "crop 15%"), "crop 180": turned_crop}
    got = _pairs_by_name(both)
    assert got[("original", "crop 180")] == "rotated 180 + cropped"
    # ... and, turned on both sides, of the turned copy: 270 to undo "rotated 90", then 180
    assert got[("rotated 90", "crop 180")] == "rotated 90 + cropped"
    assert ("burst a", "crop 180") not in _pairs_by_name({**library, "crop 180": turned_crop})


def test_a_turned_crop_without_an_upright_crop_partner_is_not_searched(library):
    # The documented limit of composing: a crop of a photo that is absent, next to a turned copy
    # of that photo, has no upright crop relation to compose from (see the module doc).
    got = _pairs_by_name(_subset(library, "rotated 90", "crop 15%", "unrelated 0"))
    assert ("rotated 90", "crop 15%") not in got
    # Likewise a "turn and crop" edit whose only relative is the unturned original: the crop was
    # cut from the turned intermediate, which is not in the library.
    thumb = detail_thumb(library["crop 15%"])
    assert thumb is not None
    edit = fingerprint_image(Image.fromarray(np.ascontiguousarray(np.rot90(thumb, 2))))
    assert ("original", "edit") not in _pairs_by_name(
        {"original": library["original"], "edit": edit}
    )


def test_dihedral_composition_table_matches_turning_twice():
    probe = np.arange(12).reshape(3, 4)
    for x in range(-1, 7):
        for y in range(-1, 7):
            k = int(matching._COMPOSE[x + 1, y + 1])
            once = probe if x < 0 else apply_variant(probe, x)
            twice = once if y < 0 else apply_variant(once, y)
            assert np.array_equal(twice, probe if k < 0 else apply_variant(probe, k)), (x, y)
    assert matching._COMPOSE[0 + 1, 0 + 1] == VARIANT_LABELS.index("rotated 180")


def test_refined_crop_scores_do_not_depend_on_the_target_block(monkeypatch):
    """Turned targets are built a block of photos at a time; the scores are the same."""
    rng = np.random.default_rng(11)
    thumbs = rng.integers(0, 256, (12, 32, 32), dtype=np.uint8)
    ci, cj = rng.integers(0, 12, 90), rng.integers(0, 12, 90)
    cw = rng.integers(0, len(matching.fpmod.CROP_WINDOWS), 90)
    whole = confirmation._refined_crop_scores(thumbs, ci, cj, cw)
    monkeypatch.setattr(confirmation, "_TARGET_BLOCK", 5)
    blocked = confirmation._refined_crop_scores(thumbs, ci, cj, cw)
    assert np.array_equal(whole, blocked)
    assert len(np.unique(cj)) > 5 and whole.max() > whole.min()
    assert confirmation._refined_crop_scores(thumbs, ci[:0], cj[:0], cw[:0]).shape == (0,)


def test_progress_only_moves_forward_and_ends_at_the_total(library, monkeypatch):
    # small blocks and slices, so the crop search and confirmation report several steps
    monkeypatch.setattr(matching, "_CROP_BLOCK", 3)
    monkeypatch.setattr(matching, "_QUERY_SLICE", 4)
    monkeypatch.setattr(confirmation, "_RIGID_CHUNK", 3)
    fps = list(library.values())
    reports: list[tuple[int, int]] = []
    found = matching.find_matches(fps, 16, progress=lambda d, t: reports.append((d, t)))
    done = [d for d, _ in reports]
    assert {t for _, t in reports} == {matching.PROGRESS_TOTAL}
    assert done == sorted(set(done)) and done[-1] == matching.PROGRESS_TOTAL
    assert len(done) >= 10  # the bar moves during the search, not only at its end
    # reporting progress changes no pair
    assert _match_pairs(found) == _match_pairs(matching.find_matches(fps, 16)) == _pairs_at(fps)


def _match_pairs(matches, thresholds=(4, 10, 16)) -> dict[int, set[tuple[int, ...]]]:
    return {
        t: set(zip(*(getattr(matches.pairs(t), f).tolist() for f in _FIELDS), strict=True))
        for t in thresholds
    }


@pytest.mark.parametrize("stop_at", [1, 5, 12])
def test_cancel_stops_the_search_at_its_next_step(library, monkeypatch, stop_at):
    monkeypatch.setattr(matching, "_CROP_BLOCK", 3)
    monkeypatch.setattr(matching, "_QUERY_SLICE", 4)
    monkeypatch.setattr(confirmation, "_RIGID_CHUNK", 3)
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if len(seen) == stop_at:
            cancel.set()

    with pytest.raises(matching.Cancelled):
        matching.find_matches(list(library.values()), 16, progress=progress, cancel=cancel)
    assert len(seen) == stop_at  # not one step more


def test_a_passed_deadline_stops_the_search():
    fps = [Fingerprint(k * 0x0101_0101, (), False) for k in range(10)]
    with pytest.raises(matching.Cancelled):
        matching.find_matches(fps, 10, deadline=time.monotonic() - 1)
    assert matching.find_matches(fps, 10, deadline=time.monotonic() + 60).n == 10
