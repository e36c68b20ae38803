"""The closer look `dedupe` takes before it proposes a look-alike for removal (`finecheck`)."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from images import desk_page, make_photo, save
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont, ImageOps

from dupviewer.engine import finecheck
from dupviewer.engine.finecheck import DIFFERS, UNREADABLE, DetailCheck, look_closer
from dupviewer.engine.model import ScanOptions
from dupviewer.engine.scanner import scan


def _grey(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("L"))


def _photo(seed: int) -> Image.Image:
    img = make_photo(seed, (960, 720))
    return Image.blend(img, Image.linear_gradient("L").resize(img.size).convert("RGB"), 0.3)


@pytest.mark.parametrize(
    "edit",
    [
        lambda im: im.resize((480, 360), Image.Resampling.LANCZOS),
        lambda im: im.resize((240, 180), Image.Resampling.LANCZOS),
        lambda im: ImageEnhance.Contrast(ImageEnhance.Brightness(im).enhance(1.15)).enhance(0.9),
        lambda im: ImageOps.grayscale(im).convert("RGB"),
        lambda im: im.filter(ImageFilter.GaussianBlur(2)),
        lambda im: im.filter(ImageFilter.UnsharpMask(2, 120, 2)),
    ],
    ids=["half", "quarter", "brighter", "grey", "blurred", "sharpened"],
)
@pytest.mark.parametrize("kind", ["photo", "page"])
def test_plain_copies_differ_little(edit, kind):
    original = _photo(3) if kind == "photo" else desk_page(0)
    # with room to spare: real copies spread more than generated ones
    assert finecheck.detail_difference(_grey(original), _grey(edit(original))) < (
        0.75 * finecheck.DETAIL_LIMIT
    )
    assert finecheck.detail_difference(_grey(original), _grey(original)) == 0


def test_other_text_or_a_caption_differs():
    pages = [_grey(desk_page(seed)) for seed in range(4)]
    for other in pages[1:]:
        assert finecheck.detail_difference(pages[0], other) > 1.5 * finecheck.DETAIL_LIMIT
    photo = _photo(3)
    captioned = photo.copy()
    ImageDraw.Draw(captioned).text(
        (480, 20), "MONDAY MOOD", font=ImageFont.load_default(size=40), fill="white", anchor="mt"
    )
    assert finecheck.detail_difference(_grey(photo), _grey(captioned)) > finecheck.DETAIL_LIMIT


def _library(tmp_path):
    """Four pages of one template (page0 the largest file, so the reference) and two plain
    copies of page0, one of them turned."""
    folder = tmp_path / "pages"
    for seed in range(4):
        save(desk_page(seed), folder / f"page{seed}.jpg", quality=97 if seed == 0 else 90)
    page0 = desk_page(0)
    save(page0.resize((480, 360), Image.Resampling.LANCZOS), folder / "small.jpg", quality=60)
    save(page0.transpose(Image.Transpose.ROTATE_90), folder / "turned.jpg", quality=85)
    result = scan(ScanOptions(roots=(folder,), use_cache=False, decisions_path=tmp_path / "d"))
    assert len(result.groups) == 1 and len(result.groups[0].members) == 6
    group = result.groups[0]
    assert group.reference.path.name == "page0.jpg"
    # what the scan alone proposes: every page (the hash and the thumbnail see one picture),
    # not the turned copy (which way round is right is the user's to say: `caution`)
    assert {m.path.name for m in group.members if not m.keep} == {
        "page1.jpg",
        "page2.jpg",
        "page3.jpg",
        "small.jpg",
    }
    return group


def test_look_closer_keeps_other_pages_and_proposes_true_copies(tmp_path):
    group = _library(tmp_path)
    counted = []
    groups, why = look_closer([group], progress=lambda done, total: counted.append((done, total)))
    proposed = {m.path.name for m in groups[0].members if not m.keep}
    assert proposed == {"small.jpg"}
    assert {p.name: w for p, w in why.items()} == {
        "page1.jpg": DIFFERS,
        "page2.jpg": DIFFERS,
        "page3.jpg": DIFFERS,
    }
    assert counted[-1] == (4, 4) and len(counted) == 4
    # a turned copy (compared when the keeper is turned the same way) is turned back first
    turned = next(m for m in group.members if m.path.name == "turned.jpg")
    assert turned.match.startswith("rotated")
    assert DetailCheck().differs(group.reference.photo, turned.photo, turned.match) is False


def test_what_cannot_be_read_again_or_a_stop_proposes_nothing(tmp_path):
    group = _library(tmp_path)
    (tmp_path / "pages" / "small.jpg").write_bytes(b"not a jpeg any more")
    groups, why = look_closer([group])
    assert why[tmp_path / "pages" / "small.jpg"] == UNREADABLE
    assert {m.path.name for m in groups[0].members if not m.keep} == set()
    stop = threading.Event()
    stop.set()
    groups, why = look_closer([group], cancel=stop)
    assert all(m.keep for m in groups[0].members) and len(why) == 4
    assert set(why.values()) == {finecheck.STOPPED}  # not looked at (QA: "unreadable")


def test_a_crop_or_an_unknown_match_is_not_for_the_closer_look(tmp_path):
    group = _library(tmp_path)
    reference, member = group.members[0], group.members[1]
    check = DetailCheck()
    assert check.differs(reference.photo, member.photo, "cropped") is None
    assert check.differs(reference.photo, member.photo, "rotated 90 + uncropped") is None


def test_a_turned_keeper_is_compared_with_another_turned_copy(tmp_path):
    """The app may keep a turned copy: the other copies' labels (relative to the reference)
    are turned into labels relative to it (`relative_match`)."""
    folder = tmp_path / "turns"
    original = _photo(5)
    save(original, folder / "original.jpg", quality=97)
    save(original.transpose(Image.Transpose.ROTATE_90), folder / "turned.jpg", quality=85)
    save(original.transpose(Image.Transpose.FLIP_LEFT_RIGHT), folder / "mirror.jpg", quality=85)
    result = scan(ScanOptions(roots=(folder,), use_cache=False, decisions_path=tmp_path / "d"))
    (group,) = result.groups
    by_name = {m.path.name: m for m in group.members}
    assert group.reference.path.name == "original.jpg"
    turned, mirror = by_name["turned.jpg"], by_name["mirror.jpg"]
    label = finecheck.relative_match(turned.match, mirror.match)
    assert label not in (None, "similar", turned.match, mirror.match)
    check = DetailCheck()
    assert check.differs(turned.photo, mirror.photo, label) is False
    assert check.differs(turned.photo, mirror.photo, mirror.match) in (True, None)  # misaligned
    assert finecheck.relative_match("reference", mirror.match) == mirror.match
    assert finecheck.relative_match(mirror.match, mirror.match) == "similar"
    assert finecheck.relative_match("cropped", "similar") is None
