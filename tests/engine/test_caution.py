"""caution: which look-alikes are shown but never proposed for removal (crops, other shapes,
turned or mirrored copies, mostly flat pictures such as pages and screenshots), on generated
pictures through a real scan."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from images import crop_margins, make_photo, save
from PIL import Image, ImageDraw

from dupviewer.engine import caution
from dupviewer.engine.analyse import analyse_file
from dupviewer.engine.model import Fingerprint, Member, Photo, ScanOptions
from dupviewer.engine.scanner import scan


def _photo(width: int, height: int, digest: str = "a", fingerprint: Fingerprint | None = None):
    return Photo(
        path=Path(f"/lib/{digest}.jpg"),
        size=1000,
        mtime_ns=0,
        dev=1,
        inode=hash(digest) & 0xFFFF,
        width=width,
        height=height,
        format="JPEG",
        fingerprint=fingerprint or Fingerprint(hash=0),
        digest=digest,
    )


def _photo_like(seed: int) -> Image.Image:
    """A generated photo whose tones spread like a camera photo's (light falls off across it)."""
    img = make_photo(seed, (960, 640))
    return Image.blend(img, Image.linear_gradient("L").resize(img.size).convert("RGB"), 0.4)


def _form(seed: int) -> Image.Image:
    """A filled-in form: one template (boxes, header bar), lines of text that differ per seed."""
    rng = random.Random(seed)
    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, 1240, 160), fill=60)
    for row in range(8):
        top = 260 + row * 170
        draw.rectangle((80, top, 1160, top + 120), outline=0, width=3)
        x = 100
        while x < 1100:  # words: dark blocks of random length
            w = rng.randrange(30, 140)
            draw.rectangle((x, top + 45, min(x + w, 1140), top + 75), fill=rng.randrange(0, 80))
            x += w + rng.randrange(15, 40)
    return img


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ((4000, 3000), (1428, 1071), True),  # resized: each side rounded to a pixel
        ((4000, 3000), (3000, 4000), True),  # turned
        ((160, 120), (161, 120), True),  # a pixel of rounding on a small copy
        ((4000, 3000), (3600, 3000), False),  # 10% cut from one side
        ((4000, 3000), (4000, 3120), False),  # a border added
        ((0, 0), (4000, 3000), True),  # size unknown
    ],
)
def test_same_shape(a, b, same):
    assert caution.same_shape(_photo(*a), _photo(*b)) is same


def test_a_page_is_mostly_flat_and_a_photo_is_not(tmp_path):
    form = analyse_file(save(_form(1), tmp_path / "form.png"))
    photo = analyse_file(save(_photo_like(3), tmp_path / "photo.jpg", quality=90))
    assert caution.mostly_flat(_photo(1240, 1754, fingerprint=form.fingerprint))
    assert not caution.mostly_flat(_photo(960, 640, fingerprint=photo.fingerprint))
    assert not caution.mostly_flat(_photo(960, 640))  # no thumbnail (an old cache entry)


def test_needs_a_look_says_why_and_byte_copies_never_need_one():
    keeper = Member(_photo(4000, 3000, "k"), 0, "reference", keep=True)
    resized = Member(_photo(2000, 1500, "s"), 2, "similar", False)
    assert caution.needs_a_look(keeper, resized) is None
    crop = Member(_photo(3400, 2550, "c"), 6, "mirrored + cropped", True)
    assert caution.needs_a_look(keeper, crop) == caution.CROP
    assert caution.needs_a_look(crop, Member(_photo(2000, 1500, "s"), 2, "similar", False)) == (
        caution.CROP  # a plain copy of the picture the keeper was cut from
    )
    assert caution.needs_a_look(keeper, Member(_photo(3600, 3000, "w"), 4, "similar", False)) == (
        caution.SHAPE
    )
    twin = Member(replace(crop.photo, path=Path("/lib/twin.jpg")), 6, "cropped", True)
    assert caution.needs_a_look(crop, twin) is None  # same bytes: a copy whatever the label


def test_a_copy_turned_or_mirrored_next_to_the_keeper_needs_a_look():
    """Which way round is right is the user's to say (QA: the keep rules kept a mirrored PNG
    and trashed the original). Labels are relative to the reference: two copies turned the
    same way are plain copies of each other."""
    reference = Member(_photo(4000, 3000, "k"), 0, "reference", keep=True)
    turned = Member(_photo(3000, 4000, "t"), 3, "rotated 90", False)
    mirrored = Member(_photo(4000, 3000, "m"), 3, "mirrored", False)
    mirrored_too = Member(_photo(2000, 1500, "n"), 4, "mirrored", False)
    plain = Member(_photo(2000, 1500, "s"), 2, "similar", False)
    assert caution.needs_a_look(reference, turned) == caution.TURNED
    assert caution.needs_a_look(reference, mirrored) == caution.TURNED
    assert caution.needs_a_look(mirrored, mirrored_too) is None  # the same way round
    assert caution.needs_a_look(mirrored, plain) == caution.TURNED
    assert caution.needs_a_look(turned, reference) == caution.TURNED
    twin = Member(replace(turned.photo, path=Path("/lib/twin.jpg")), 3, "rotated 90", False)
    assert caution.needs_a_look(reference, twin) == caution.TURNED
    assert caution.needs_a_look(turned, twin) is None  # same bytes


def test_a_scan_never_proposes_different_pages_of_one_template_nor_an_uneven_crop(tmp_path):
    """Forms of one template with different text look alike at 32x32: they may group, but none is
    proposed for removal; neither is a copy with a tenth cut from one side. A byte copy of a form
    and a plain resized copy of a photo still are."""
    lib = tmp_path / "lib"
    forms = [save(_form(seed), lib / "forms" / f"form{seed}.png") for seed in range(6)]
    (lib / "forms" / "form0 copy.png").write_bytes(forms[0].read_bytes())
    big = _photo_like(5)
    save(big, lib / "photo.jpg", quality=92)
    save(big.resize((480, 320)), lib / "photo small.jpg", quality=90)
    # 5% cut from one side: the hash takes it for the same picture ("similar"), its shape not
    save(crop_margins(big, 0.0, 0.0, 0.05, 0.0), lib / "photo cut.jpg", quality=92)
    result = scan(ScanOptions(roots=(lib,), cache_path=tmp_path / "cache.sqlite"))
    proposed = {m.path.name for g in result.groups for m in g.members if not m.keep}
    assert proposed == {"form0 copy.png", "photo small.jpg"} - {
        g.reference.path.name for g in result.groups
    }
    grouped = {m.path.name for g in result.groups for m in g.members}
    assert {"form0.png", "form0 copy.png", "photo.jpg", "photo small.jpg", "photo cut.jpg"} <= (
        grouped
    )


def test_a_crop_cut_evenly_from_every_border_is_labelled_a_crop_not_similar(tmp_path):
    """A pHash takes a copy with 4% cut from each border (or 6% from one corner) for the same
    picture; the thumbnails' fine detail shows the cut (`confirmation.crop_relations`), so it is
    labelled and kept as a crop, whichever of the two is kept, also turned. Plain copies stay
    "similar"."""
    lib = tmp_path / "lib"
    one, two = _photo_like(7), _photo_like(8)
    save(one, lib / "one.jpg", quality=92)
    save(one.resize((480, 320)), lib / "one small.jpg", quality=90)
    save(crop_margins(one, 0.04, 0.04, 0.04, 0.04), lib / "one crop.jpg", quality=92)
    turned = crop_margins(one, 0.04, 0.04, 0.04, 0.04).rotate(90, expand=True)
    save(turned, lib / "one crop turned.jpg", quality=92)
    # cut from one corner only (QA): 6% off the left and the bottom keeps the shape
    save(crop_margins(one, 0.06, 0.0, 0.0, 0.06), lib / "one corner.jpg", quality=92)
    # the crop is the bigger file here: the picture it was cut from is the "uncropped" one
    save(crop_margins(two, 0.04, 0.04, 0.04, 0.04).resize((1200, 800)), lib / "two crop.jpg")
    save(two.resize((480, 320)), lib / "two.jpg", quality=90)
    result = scan(ScanOptions(roots=(lib,), cache_path=tmp_path / "cache.sqlite"))
    got = {m.path.name: (m.match, m.keep) for g in result.groups for m in g.members}
    assert got["one small.jpg"] == ("similar", False)
    assert got["one crop.jpg"] == ("cropped", True)
    assert got["one corner.jpg"] == ("cropped", True)
    assert got["one crop turned.jpg"][0].endswith(" + cropped") and got["one crop turned.jpg"][1]
    assert got["two crop.jpg"][0] == "reference" and got["two.jpg"] == ("uncropped", True)


def test_crop_relations_finds_the_window_a_crop_was_cut_from(tmp_path):
    """On the thumbnails alone: a crop from one corner or from every border is a crop (1), the
    picture it was cut from is "uncropped" (-1), a resized copy is neither (0)."""
    import numpy as np

    from dupviewer.engine import confirmation
    from dupviewer.engine import fingerprint as fpmod

    one = _photo_like(9)

    def thumb(img, name):
        return fpmod.detail_thumb(analyse_file(save(img, tmp_path / name, quality=92)).fingerprint)

    whole = thumb(one, "one.jpg")
    corner = thumb(crop_margins(one, 0.08, 0.0, 0.0, 0.08), "corner.jpg")
    even = thumb(crop_margins(one, 0.05, 0.05, 0.05, 0.05), "even.jpg")
    small = thumb(one.resize((480, 320)), "small.jpg")
    refs = np.stack([whole, whole, corner, whole])
    photos = np.stack([corner, even, whole, small])
    upright = np.full(4, -1)
    assert confirmation.crop_relations(refs, photos, upright).tolist() == [1, 1, -1, 0]
