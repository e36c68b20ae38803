"""Fingerprints: imagehash-compatible upright hashes, exact variant hashes, blank detection."""

from __future__ import annotations

import imagehash
import numpy as np
import pytest
from PIL import Image

from dupviewer.engine import fingerprint as fpmod
from dupviewer.engine.fingerprint import VARIANT_LABELS, fingerprint_image
from dupviewer.engine.model import Fingerprint, HashAlgorithm
from tests.images import make_photo

IMAGEHASH = {
    HashAlgorithm.PHASH: imagehash.phash,
    HashAlgorithm.DHASH: imagehash.dhash,
    HashAlgorithm.AHASH: imagehash.average_hash,
    HashAlgorithm.WHASH: imagehash.whash,
}


def _ih(func, img: Image.Image) -> int:
    return int(str(func(img)), 16)


@pytest.fixture(scope="module")
def gray() -> Image.Image:
    return make_photo(7, (256, 192)).convert("L")


@pytest.mark.parametrize("algorithm", list(HashAlgorithm))
def test_upright_hash_is_bit_for_bit_imagehash(gray, algorithm):
    assert fingerprint_image(gray, algorithm).hash == _ih(IMAGEHASH[algorithm], gray)
    rgb = make_photo(8, (300, 200))
    assert fingerprint_image(rgb, algorithm).hash == _ih(IMAGEHASH[algorithm], rgb)


@pytest.mark.parametrize("algorithm", list(HashAlgorithm))
def test_variants_are_the_hashes_of_the_turned_and_mirrored_image(gray, algorithm):
    fp = fingerprint_image(gray, algorithm)
    assert len(fp.variants) == fpmod.N_DIHEDRAL
    pixels = np.asarray(gray)
    for k, label in enumerate(VARIANT_LABELS[: fpmod.N_DIHEDRAL]):
        turned = Image.fromarray(np.ascontiguousarray(fpmod.apply_variant(pixels, k)))
        # pHash variants come from sign flips of one DCT; resampling order may move a bit or two
        tolerance = 2 if algorithm == HashAlgorithm.PHASH else 0
        expected = _ih(IMAGEHASH[algorithm], turned)
        assert bin(fp.variants[k] ^ expected).count("1") <= tolerance, label


def test_variant_labels_and_their_inverses():
    pixels = np.arange(12).reshape(3, 4)
    assert np.array_equal(fpmod.apply_variant(pixels, 0), np.rot90(pixels, -1))  # 90 clockwise
    assert np.array_equal(fpmod.apply_variant(pixels, 3), pixels[:, ::-1])
    for k in range(fpmod.N_DIHEDRAL):
        back = fpmod.apply_variant(fpmod.apply_variant(pixels, k), fpmod.INVERSE_VARIANT[k])
        assert np.array_equal(back, pixels), VARIANT_LABELS[k]
    assert VARIANT_LABELS[fpmod.CROPPED] == "cropped"
    assert fpmod.INVERSE_VARIANT[fpmod.CROPPED] == fpmod.UNCROPPED


@pytest.mark.parametrize("algorithm", list(HashAlgorithm))
def test_crop_hashes_match_the_hash_of_the_cropped_image(gray, algorithm):
    fp = fingerprint_image(gray, algorithm)
    crops = fpmod.detail_crops(fp)
    assert len(crops) == len(fpmod.CROP_WINDOWS)
    w, h = gray.size
    # dHash compares neighbouring pixels, so flat areas flip its bits at any resampling (windows
    # from a 128-pixel copy were no closer: up to 12 bits); the others stay within a few bits
    tolerance = 14 if algorithm == HashAlgorithm.DHASH else 8
    for k in (0, 37, len(crops) // 2, len(crops) - 1):
        x0, y0, x1, y1 = fpmod.CROP_WINDOWS[k]
        cut = gray.crop((round(x0 * w), round(y0 * h), round(x1 * w), round(y1 * h)))
        assert bin(int(crops[k]) ^ _ih(IMAGEHASH[algorithm], cut)).count("1") <= tolerance, k


def test_crop_hashes_are_computed_in_batches_from_thumbnails(gray):
    thumbs = np.stack(
        [fpmod.detail_thumb(fingerprint_image(make_photo(s, (160, 120)))) for s in range(3)]
    )
    batch = fpmod.crop_hashes(thumbs)
    assert batch.shape == (3, len(fpmod.CROP_WINDOWS)) and batch.dtype == np.uint64
    for k in range(3):
        assert np.array_equal(batch[k], fpmod.crop_hashes(thumbs[k]).reshape(-1))
    # the largest window of a photo is nearly the photo itself
    uprights = [fingerprint_image(make_photo(s, (160, 120))).hash for s in range(3)]
    assert all(bin(int(batch[k, -1]) ^ uprights[k]).count("1") <= 8 for k in range(3))


def test_crop_windows_cover_cuts_up_to_15_percent_per_border():
    win = fpmod.CROP_WINDOWS
    assert win[:, 0].min() >= 0 and win[:, 2].max() <= 1
    # every aspect-keeping crop on a fine grid is within the grid step of some window
    for s in np.linspace(0.7, 0.95, 6):
        for ox in np.linspace(0, 1 - s, 5):
            for oy in np.linspace(0, 1 - s, 5):
                err = np.abs(win - np.array([ox, oy, ox + s, oy + s])).max(axis=1)
                assert err.min() <= fpmod.CROP_STEP


def test_blank_images_are_flagged():
    blanks = [
        Image.new("RGB", (200, 100), (200, 30, 30)),
        Image.new("L", (1, 1), 90),
        Image.new("L", (300, 300), 255),  # what a fully transparent image flattens to
    ]
    for img in blanks:
        assert fingerprint_image(img).blank
    assert not fingerprint_image(make_photo(9)).blank


@pytest.mark.parametrize("algorithm", list(HashAlgorithm))
def test_detail_is_the_thumbnail_and_the_algorithm_only(algorithm):
    fp = fingerprint_image(make_photo(11, (200, 150)), algorithm)
    assert len(fp.detail) == 32 * 32 + 1  # crop windows are computed when searched, not stored
    assert fpmod.detail_algorithm(fp) == algorithm
    # older layouts (or none) have no crop detail: the search then uses the upright hash alone
    assert fpmod.detail_algorithm(Fingerprint(1, detail=fp.detail + bytes(8))) is None
    assert len(fpmod.detail_crops(Fingerprint(1))) == 0


def test_detail_holds_the_thumbnail():
    img = make_photo(10)
    thumb = fpmod.detail_thumb(fingerprint_image(img))
    assert thumb.shape == (32, 32)
    expected = np.asarray(img.convert("L").resize((32, 32), Image.Resampling.LANCZOS))
    assert np.array_equal(thumb, expected)


def test_turned_crop_labels_compose_a_turn_with_a_crop_and_invert_both():
    # "rotated 90 + cropped" (j is i turned by 90 and cropped) is undone by "rotated 270 +
    # uncropped"; labels are only appended, so the indexes stored before them keep their meaning.
    assert VARIANT_LABELS[: fpmod.UNCROPPED + 1][-2:] == ("cropped", "uncropped")
    assert len(set(VARIANT_LABELS)) == len(VARIANT_LABELS) == len(fpmod.INVERSE_VARIANT)
    for v in range(len(VARIANT_LABELS)):
        assert fpmod.INVERSE_VARIANT[fpmod.INVERSE_VARIANT[v]] == v, VARIANT_LABELS[v]
        assert fpmod.is_crop(v) == ("crop" in VARIANT_LABELS[v])
    for k in range(fpmod.N_DIHEDRAL):
        cropped, uncropped = fpmod.TURNED_CROPPED + k, fpmod.TURNED_UNCROPPED + k
        assert VARIANT_LABELS[cropped] == f"{VARIANT_LABELS[k]} + cropped"
        assert VARIANT_LABELS[uncropped] == f"{VARIANT_LABELS[k]} + uncropped"
        assert fpmod.crop_turn(cropped) == fpmod.crop_turn(uncropped) == k
        assert fpmod.INVERSE_VARIANT[cropped] == fpmod.TURNED_UNCROPPED + fpmod.INVERSE_VARIANT[k]
    assert VARIANT_LABELS[fpmod.INVERSE_VARIANT[VARIANT_LABELS.index("rotated 90 + cropped")]] == (
        "rotated 270 + uncropped"
    )
    assert fpmod.crop_turn(fpmod.CROPPED) == fpmod.crop_turn(0) == -1
