"""Safe, reduced-size decoding of one image file held in memory.

Every perceptual hash looks at a 32x32 (or smaller) grayscale version of the picture, so decoding
a 12 MP camera JPEG at full resolution only to throw 99.9% of the pixels away is the single
biggest waste a duplicate finder can make. JPEG can skip most of the work inside the inverse DCT
(Pillow's `draft`, up to 1/8 scale) and can skip the colour conversion by handing out the luma
channel directly, which is what the hashes need anyway. Other formats offer no such shortcut in
Pillow, so they are decoded fully and then box-reduced before anything else touches them; a HEIC
photo's embedded thumbnail is decoded instead of the image when it is a faithful scaled copy.

The result is always a grayscale ("L") image whose shorter side is at least `MIN_SIDE` pixels
(unless the file itself is smaller), upright (EXIF orientation applied), with every exotic mode
(16-bit, CMYK, palette, alpha, 1-bit) normalised the same way, so that look-alike files hash alike.
Grayscale is not a loss: a grayscale copy of a colour photo must match its original.

Whatever a damaged or hostile file raises becomes a `DecodeError` with a plain reason.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zlib
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pillow_heif
from PIL import Image, UnidentifiedImageError

from dupviewer.engine.model import SUPPORTED_EXTENSIONS, ErrorKind, plausible_date_taken

pillow_heif.register_heif_opener()

# Pillow plugin ids we let Pillow try, whatever the file is named. (A JPEG with extra frames opens
# through the JPEG plugin as "MPO"; it is reported as JPEG.)
_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "HEIF")

# The reduced image keeps at least this many pixels on its shorter side: eight times the 32-pixel
# grid pHash resamples to, so even a 70% crop variant is resampled from >= 89 pixels.
MIN_SIDE = 128

# Our own decompression-bomb guard. Formats decoded whole: a 100 MP panorama (about 20000 x 5000)
# passes with room to spare; a forged 1-gigapixel header does not. Baseline JPEGs are decoded at
# 1/8 scale through the DCT, so a 200 MP phone photo (16320 x 12240) costs 3 MP of work (65 MB):
# they may be larger. A progressive JPEG keeps every DCT coefficient of the full image while it
# decodes (a 3.7 MB file of 31000 x 31000 took 2.8 GB), so it keeps the lower limit. Pillow's own
# guard (it refuses beyond twice MAX_IMAGE_PIXELS) is set just above ours.
MAX_PIXELS = 150_000_000
MAX_JPEG_PIXELS = 300_000_000
Image.MAX_IMAGE_PIXELS = MAX_JPEG_PIXELS // 2 + 1

# What `Image.open` hands each format's accept function: the file's first bytes.
HEADER_BYTES = 16

BACKGROUND = 255  # transparent pixels are composited on white, as most "flatten" exports do

_EXIF_IFD = 0x8769
_TAG_ORIENTATION = 0x0112
_TAG_MAKE = 0x010F
_TAG_MODEL = 0x0110
_TAG_DATETIME_ORIGINAL = 0x9003

# EXIF orientation -> the transpose that makes the picture upright.
_ORIENTATION_FIX: dict[int, Image.Transpose] = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded picture, reduced for hashing, plus what the file says about itself.

    `image` is grayscale, upright and small; `width`/`height` are the full-size dimensions as
    displayed (after EXIF orientation), so a portrait stored sideways reports a portrait size.
    """

    image: Image.Image
    width: int
    height: int
    format: str  # Pillow format name: JPEG, PNG, WEBP, GIF, BMP, TIFF, HEIF
    date_taken: datetime | None = None
    camera: str | None = None
    frames: int = 1  # frames of an animation or pages of a TIFF (only the first is compared)


class DecodeError(Exception):
    """A file that could not be decoded; `reason` is plain English for the per-file report."""

    def __init__(self, kind: ErrorKind, reason: str) -> None:
        super().__init__(kind, reason)
        self.kind = kind
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def decode_reduced(data: bytes, name: str = "", min_side: int = MIN_SIDE) -> Decoded:
    """Decode `data` (the whole file) to a small upright grayscale image.

    Args:
        data: the file's bytes, read once by the caller.
        name: the file name, only used to make error reasons clearer.
        min_side: the image's shorter side is reduced down to no less than this (when it is
            larger): MIN_SIDE for hashing, more for a look at finer detail (`finecheck`).

    Raises:
        DecodeError: for anything that is not a readable, supported, sanely sized image.
    """
    if not data:
        raise DecodeError(ErrorKind.EMPTY, "empty file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # bomb warnings (we guard ourselves), EXIF noise
            return _decode(data, min_side)
    except DecodeError:
        raise
    except Image.DecompressionBombError:
        # Pillow's guard fires inside Image.open, before our own check could name the size.
        size = _claimed_size(data)
        reason = _too_large_reason(*size) if size else "image is too large to decode safely"
        raise DecodeError(ErrorKind.TOO_LARGE, reason) from None
    except UnidentifiedImageError:
        like = next((f for f in _FORMATS if f != "HEIF" and _accepts(f, data[:16])), None)
        if like is not None:  # its header, then nothing Pillow can read (QA: a cut-off JPEG)
            reason = f"image is damaged or cut short (it starts like a {like} file)"
            raise DecodeError(ErrorKind.CORRUPT, reason) from None
        raise DecodeError(ErrorKind.NOT_AN_IMAGE, _not_an_image_reason(name)) from None
    except MemoryError:
        raise DecodeError(ErrorKind.TOO_LARGE, "not enough memory to decode the image") from None
    except Exception as exc:  # noqa: BLE001 - any decoder failure is one file's problem
        raise DecodeError(ErrorKind.CORRUPT, _plain_reason(exc)) from None


def _decode(data: bytes, min_side: int) -> Decoded:
    im = Image.open(io.BytesIO(data), formats=_FORMATS)
    fmt = "JPEG" if im.format == "MPO" else (im.format or "")
    w, h = im.size
    if w <= 0 or h <= 0:
        raise DecodeError(ErrorKind.CORRUPT, "image has no pixels")
    if too_large(im):
        raise DecodeError(ErrorKind.TOO_LARGE, _too_large_reason(w, h))
    exif = _read_exif(im)
    orientation = _orientation(exif)
    frames = _frames(im, fmt)

    if fmt == "JPEG":
        # Luma straight from the decoder when the file is YCbCr; DCT scaling down to MIN_SIDE.
        im.draft("L", (min(w, min_side), min(h, min_side)))
    elif fmt == "HEIF":
        # HEVC has no scaled decoding, but phones store a ~320 px thumbnail next to the image.
        # pillow-heif decodes it instead only when it is a scaled copy of the image: same mode,
        # aspect ratio, orientation, crop and colour profile, and at least MIN_SIDE on each side.
        # (Its pixels are trusted: HEIF editors write the thumbnail together with the image.)
        im.draft(im.mode, (min(w, min_side), min(h, min_side)))
    im.load()
    im = _to_gray(im)
    factor = min(im.size) // min_side
    if factor >= 2:  # formats without DCT scaling (and JPEGs beyond 1/8): a cheap box reduction
        im = im.reduce(factor)
    fix = _ORIENTATION_FIX.get(orientation)
    if fix is not None:
        im = im.transpose(fix)
        if orientation >= 5:
            w, h = h, w
    return Decoded(im, w, h, fmt, _date_taken(exif), _camera(exif), frames)


def check_header(prefix: bytes, name: str = "") -> None:
    """Refuse a file whose first `HEADER_BYTES` no format we decode accepts, as `Image.open`
    decides: a big file is then said not to be an image without being read whole.

    Raises:
        DecodeError: NOT_AN_IMAGE, in the words `decode_reduced` uses.
    """
    if not any(_accepts(fmt, prefix) for fmt in _FORMATS):
        raise DecodeError(ErrorKind.NOT_AN_IMAGE, _not_an_image_reason(name))


def _accepts(fmt: str, prefix: bytes) -> bool:
    """Whether the Pillow plugin `fmt` would try to open a file starting with `prefix`."""
    if fmt not in Image.OPEN:
        Image.init()  # TIFF, WebP (and plugins registered since) load on demand
    entry = Image.OPEN.get(fmt)
    if entry is None:  # not available in this installation: it cannot open the file either
        return False
    accept = entry[1]
    try:
        result = not accept or accept(prefix)
    except Exception:  # noqa: BLE001 - a plugin that chokes on the prefix does not accept it
        return False
    return bool(result) and not isinstance(result, str)  # a str: known format, not supported


def _claimed_size(data: bytes) -> tuple[int, int] | None:
    """The width and height the file's header claims, read without Pillow's bomb check."""
    prefix = data[:HEADER_BYTES]
    for fmt in _FORMATS:
        if not _accepts(fmt, prefix):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                w, h = Image.OPEN[fmt][0](io.BytesIO(data), "").size
        except Exception:  # noqa: BLE001 - no readable header in this format: try the next
            continue
        if w > 0 and h > 0:
            return w, h
    return None


def _too_large_reason(w: int, h: int) -> str:
    return f"image is too large ({w} x {h} pixels, {w * h / 1e6:.0f} MP)"


def too_large(im: Image.Image) -> bool:
    """Beyond the pixel limit of its kind (see MAX_PIXELS): checked on the header, before any
    decoding (the thumbnails of the review use it too)."""
    w, h = im.size
    jpeg = im.format in ("JPEG", "MPO")
    progressive = bool(im.info.get("progressive") or im.info.get("progression"))
    return w * h > (MAX_JPEG_PIXELS if jpeg and not progressive else MAX_PIXELS)


def _frames(im: Image.Image, fmt: str) -> int:
    """Frames of an animated GIF, WebP or PNG, pages of a TIFF (1 for a still image). A JPEG is
    one picture: an MPO's extra images are previews or depth maps of the same shot."""
    if fmt == "JPEG":
        return 1
    try:
        return max(1, int(getattr(im, "n_frames", 1)))
    except Exception:  # noqa: BLE001 - a frame table that cannot be read: the first frame is all
        return 1


def _to_gray(im: Image.Image) -> Image.Image:
    """Normalise any Pillow mode to 8-bit luminance the same way for every format."""
    mode = im.mode
    if mode == "L":
        return im
    if mode in ("1", "RGB"):
        return im.convert("L")
    if mode.startswith("I;16") or mode in ("I", "F"):
        # Pillow's own conversion clips 16-bit values at 255 (a white image); scale instead.
        arr = np.asarray(im, dtype=np.float64)
        if mode.startswith("I;16") or (arr.size and arr.max() > 255):
            arr = arr / 257.0
        elif mode == "F" and arr.size and arr.max() <= 1.0:
            arr = arr * 255.0
        return Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8), "L")
    if mode in ("P", "PA", "LA", "La", "RGBA", "RGBa") or im.info.get("transparency") is not None:
        rgba = im.convert("RGBA")
        if rgba.getextrema()[3][0] < 255:  # some transparency: flatten on a fixed background
            background = Image.new("RGBA", rgba.size, (BACKGROUND,) * 3 + (255,))
            rgba = Image.alpha_composite(background, rgba)
        return rgba.convert("L")
    return im.convert("RGB").convert("L")  # CMYK, YCbCr, LAB, HSV, ...


def _read_exif(im: Image.Image) -> Image.Exif | None:
    try:
        return im.getexif()
    except Exception:  # noqa: BLE001 - broken EXIF must not cost the picture
        return None


def _orientation(exif: Image.Exif | None) -> int:
    if exif is None:
        return 1
    value = exif.get(_TAG_ORIENTATION, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _date_taken(exif: Image.Exif | None) -> datetime | None:
    if exif is None:
        return None
    try:
        value = exif.get_ifd(_EXIF_IFD).get(_TAG_DATETIME_ORIGINAL)
    except Exception:  # noqa: BLE001
        return None
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    try:
        taken = datetime.strptime(value.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:  # "0000:00:00 00:00:00" and other placeholders
        return None
    return plausible_date_taken(taken)


def _camera(exif: Image.Exif | None) -> str | None:
    if exif is None:
        return None

    def text(tag: int) -> str:
        value = exif.get(tag)
        if isinstance(value, bytes):
            value = value.decode("ascii", "replace")
        return " ".join(value.replace("\x00", " ").split()) if isinstance(value, str) else ""

    make, model = text(_TAG_MAKE), text(_TAG_MODEL)
    if make and model.lower().startswith(make.split()[0].lower()):
        make = ""  # "Canon" + "Canon EOS 5D" reads better as just the model
    return " ".join(part for part in (make, model) if part) or None


def _not_an_image_reason(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix and "." + suffix in SUPPORTED_EXTENSIONS:
        return f"not an image (the content is not {suffix.upper()} or any supported format)"
    return "not an image"


def _plain_reason(exc: BaseException) -> str:
    text = str(exc).strip()
    if "truncated" in text:
        return "image file is truncated"
    if isinstance(exc, (struct.error, EOFError, zlib.error)) or "broken data stream" in text:
        return "image data is damaged"
    if isinstance(exc, ZeroDivisionError):
        return "image header is invalid"
    text = re.sub(r"\s+", " ", text)
    return f"image is damaged ({text})" if text else f"image is damaged ({type(exc).__name__})"
