"""Safe reduced decoding: every format, every mode normalised alike, errors as plain reasons."""

from __future__ import annotations

import io
from datetime import datetime

import imagehash
import numpy as np
import pytest
from PIL import Image

from dupviewer.engine import decoding
from dupviewer.engine.decoding import MIN_SIDE, DecodeError, decode_reduced
from dupviewer.engine.model import ErrorKind
from tests.images import make_photo, png_header


def _bytes(img: Image.Image, fmt: str, **params) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


def _phash(img: Image.Image) -> imagehash.ImageHash:
    return imagehash.phash(img)


@pytest.fixture(scope="module")
def photo() -> Image.Image:
    return make_photo(1, (600, 400))


@pytest.mark.parametrize(
    ("fmt", "expected", "params"),
    [
        ("JPEG", "JPEG", {"quality": 90}),
        ("PNG", "PNG", {}),
        ("WEBP", "WEBP", {"quality": 90}),
        ("GIF", "GIF", {}),
        ("BMP", "BMP", {}),
        ("TIFF", "TIFF", {}),
        ("HEIF", "HEIF", {"quality": 90}),
    ],
)
def test_every_format_decodes_reduced_and_hashes_like_the_original(photo, fmt, expected, params):
    decoded = decode_reduced(_bytes(photo, fmt, **params), f"x.{fmt.lower()}")
    assert decoded.format == expected
    assert (decoded.width, decoded.height) == (600, 400)
    assert decoded.image.mode == "L"
    assert MIN_SIDE <= min(decoded.image.size) <= 400
    tolerance = 8 if fmt == "GIF" else 4  # GIF quantises to 256 colours
    assert _phash(decoded.image) - _phash(photo) <= tolerance


def test_large_jpeg_is_decoded_through_the_dct_at_reduced_size():
    big = make_photo(2, (2400, 1600))
    decoded = decode_reduced(_bytes(big, "JPEG", quality=90), "big.jpg")
    assert (decoded.width, decoded.height) == (2400, 1600)
    assert max(decoded.image.size) <= 2400 // 4  # at least a 1/4 scale decode
    assert min(decoded.image.size) >= MIN_SIDE
    assert _phash(decoded.image) - _phash(big) <= 2


def test_heic_uses_its_embedded_thumbnail_when_it_is_a_scaled_copy():
    big = make_photo(3, (1200, 800))
    with_thumb = decode_reduced(_bytes(big, "HEIF", quality=90, thumbnails=[240]), "p.heic")
    plain = decode_reduced(_bytes(big, "HEIF", quality=90), "p.heic")
    assert (with_thumb.width, with_thumb.height) == (plain.width, plain.height) == (1200, 800)
    assert with_thumb.image.size == (240, 160)  # the thumbnail, not 1200 x 800 reduced
    assert plain.image.size == (200, 134)  # no thumbnail: decoded fully, reduced by 6
    assert _phash(with_thumb.image) - _phash(big) <= 4
    # a thumbnail smaller than MIN_SIDE is not used
    tiny = decode_reduced(_bytes(big, "HEIF", quality=90, thumbnails=[96]), "p.heic")
    assert tiny.image.size == plain.image.size


def test_modes_are_normalised_so_look_alike_files_hash_alike(photo):
    reference = _phash(decode_reduced(_bytes(photo, "PNG"), "a.png").image)
    gray = photo.convert("L")
    arr16 = (np.asarray(gray, dtype=np.uint16) * 257).astype(np.uint16)
    variants = {
        "16-bit": Image.fromarray(arr16),
        "32-bit int": Image.fromarray(arr16.astype(np.int32)),
        "CMYK": photo.convert("CMYK"),
        "palette": photo.convert("P", palette=Image.Palette.ADAPTIVE, colors=256),
        "RGBA opaque": photo.convert("RGBA"),
        "LA": gray.convert("LA"),
    }
    for label, img in variants.items():
        fmt = "TIFF" if img.mode in ("CMYK", "I") else "PNG"
        got = _phash(decode_reduced(_bytes(img, fmt), f"x.{fmt.lower()}").image)
        assert got - reference <= 4, label


def test_transparency_is_flattened_on_a_fixed_background(photo):
    rgba = photo.convert("RGBA")
    alpha = Image.new("L", photo.size, 0)
    alpha.paste(255, (100, 80, 500, 320))
    rgba.putalpha(alpha)
    # The same picture flattened on white by an export tool, and a palette copy with transparency.
    flat = Image.new("RGB", photo.size, "white")
    flat.paste(rgba, mask=rgba)
    a = _phash(decode_reduced(_bytes(rgba, "PNG"), "a.png").image)
    b = _phash(decode_reduced(_bytes(flat, "JPEG", quality=95), "b.jpg").image)
    p = rgba.convert("P", palette=Image.Palette.ADAPTIVE)
    assert a - b <= 4
    assert _phash(decode_reduced(_bytes(p, "PNG"), "c.png").image) - b <= 8


def test_one_bit_images_decode():
    img = make_photo(3).convert("L").point(lambda v: 255 if v > 128 else 0).convert("1")
    decoded = decode_reduced(_bytes(img, "PNG"), "bw.png")
    assert decoded.image.mode == "L"
    assert set(np.unique(np.asarray(decoded.image))) <= set(range(256))
    assert _phash(decoded.image) - _phash(img.convert("L")) <= 4


def test_animated_gif_uses_its_first_frame():
    first, second = make_photo(4), make_photo(5)
    buf = io.BytesIO()
    first.save(buf, "GIF", save_all=True, append_images=[second], duration=100, loop=0)
    decoded = decode_reduced(buf.getvalue(), "anim.gif")
    assert _phash(decoded.image) - _phash(first) <= 8
    assert _phash(decoded.image) - _phash(second) > 16


def test_exif_orientation_is_applied_and_reported_in_the_size(photo):
    exif = Image.Exif()
    exif[0x0112] = 6  # displays rotated 90 degrees clockwise
    decoded = decode_reduced(_bytes(photo, "JPEG", quality=95, exif=exif), "tagged.jpg")
    assert (decoded.width, decoded.height) == (400, 600)
    upright = photo.transpose(Image.Transpose.ROTATE_270)
    assert _phash(decoded.image) - _phash(upright) <= 4


def test_exif_date_taken_and_camera_are_read(photo):
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS 5D"
    exif.get_ifd(0x8769)[0x9003] = "2019:07:14 10:20:30"
    decoded = decode_reduced(_bytes(photo, "JPEG", exif=exif), "c.jpg")
    assert decoded.date_taken == datetime(2019, 7, 14, 10, 20, 30)
    assert decoded.camera == "Canon EOS 5D"
    assert decode_reduced(_bytes(photo, "JPEG"), "plain.jpg").date_taken is None


@pytest.mark.parametrize("value", ["0001:01:01 00:00:00", "1000:05:05 10:00:00"])
def test_an_impossible_date_taken_is_no_date(photo, value):
    """QA round 11: a copy dated 0001-01-01 was kept as the "oldest date taken" over the
    camera original of 2015. Dates before the first photograph (1826) are placeholders."""
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = value
    assert decode_reduced(_bytes(photo, "JPEG", exif=exif), "d.jpg").date_taken is None
    exif.get_ifd(0x8769)[0x9003] = "1890:06:01 12:00:00"  # a dated scan of an old print
    assert decode_reduced(_bytes(photo, "JPEG", exif=exif), "d.jpg").date_taken.year == 1890


def test_broken_inputs_become_plain_decode_errors(photo):
    jpeg = _bytes(photo, "JPEG", quality=90)
    cases = [
        (b"", ErrorKind.EMPTY),
        (b"hello, this is a text file\n" * 20, ErrorKind.NOT_AN_IMAGE),
        (jpeg[: len(jpeg) // 2], ErrorKind.CORRUPT),
        (jpeg[:200], ErrorKind.CORRUPT),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, ErrorKind.CORRUPT),
    ]
    for data, kind in cases:
        with pytest.raises(DecodeError) as info:
            decode_reduced(data, "photo.jpg")
        assert info.value.kind in (kind, ErrorKind.NOT_AN_IMAGE), data[:20]
        assert info.value.reason and "\n" not in info.value.reason
    with pytest.raises(DecodeError) as info:
        decode_reduced(jpeg[: len(jpeg) // 2], "half.jpg")
    assert info.value.reason == "image file is truncated"


def test_decompression_bomb_is_refused_but_a_panorama_header_is_not():
    with pytest.raises(DecodeError) as info:
        decode_reduced(png_header(40_000, 25_000), "bomb.png")  # 1 gigapixel
    assert info.value.kind == ErrorKind.TOO_LARGE
    # A 100 MP header passes the guard (and then fails only because its data is missing).
    with pytest.raises(DecodeError) as info:
        decode_reduced(png_header(20_000, 5_000), "pano.png")
    assert info.value.kind == ErrorKind.CORRUPT
    assert decoding.MAX_PIXELS >= 100_000_000


def test_supported_extensions():
    exts = decoding.SUPPORTED_EXTENSIONS
    for ext in (
        ".jpg",
        ".jpeg",
        ".png",
        ".webp",
        ".gif",
        ".bmp",
        ".tif",
        ".tiff",
        ".heic",
        ".heif",
    ):
        assert ext in exts
    assert all(e == e.lower() and e.startswith(".") for e in exts)
