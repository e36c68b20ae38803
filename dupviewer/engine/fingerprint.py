"""Perceptual fingerprint of one reduced image: the upright hash, its rotations/mirrors, crops.

Three parts, all computed from the small grayscale image `decoding` hands out, never from pixels
decoded a second time:

* `hash`: the 64-bit hash of the upright image, bit for bit what imagehash computes on the same
  image (`int(str(imagehash.phash(img)), 16)`), so hashes are comparable with other tools.
* `variants`: the hashes of the 7 other rotations/mirrors (the dihedral group), in the order of
  `VARIANT_LABELS`. For pHash they cost no extra resize: turning or mirroring the 32x32 input only
  transposes the DCT and flips the sign of its odd rows/columns, so all eight come from one DCT.
* `detail` (opaque bytes, read by `matching`): the 32x32 grayscale thumbnail (the hash's own input,
  1 KB) and one byte naming the hash algorithm. It confirms candidate pairs, and the hashes of a
  grid of crop windows are computed from it when a search needs them (`crop_hashes`), in batches,
  instead of being stored: 1 KB per photo instead of 2.6 KB, and no per-photo cost at analysis.

Why a grid of crops and not a few centred ones: a pHash tolerates only about 1% of the frame of
misregistration (its 8x8 lowest DCT frequencies go up to 3.5 cycles per frame), so a copy with 15%
cut unevenly from the borders matches no centred window. The windows cover every crop that keeps
the aspect ratio and cuts up to 15% from each border, at a spacing of 3.75% of the frame. That is
204 windows, computed by matrix products from the 32x32 thumbnail (a separable resampling of each
window straight into DCT space), not by PIL resizes. The thumbnail is enough: the hash of a 70%
window only looks at 3.5 cycles per window, far below the thumbnail's 16 cycles per frame
(measured on 300 camera-like photos: median 0 and mean 0.5 differing bits from windows taken from a
128x128 copy, and no pair of the dev library changes).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import imagehash
import numpy as np
from PIL import Image

from dupviewer.engine.model import Fingerprint, HashAlgorithm

FINGERPRINT_VERSION = "3"  # bump when any hash, window or the detail layout changes

# How photo j looks relative to photo i, for Pairs.variant. The first 7 label `Fingerprint.variants`
# one for one; "cropped"/"uncropped" label matches through the crop windows computed from `detail`
# (j is a crop of i / i is a crop of j); the composites after them label a crop seen through a
# rotation/mirror ("rotated 90 + cropped": j is i turned by 90 degrees and cropped, in either
# order: turning a crop is cropping the turned photo), so a crop of an original still matches the
# original's turned, mirrored or EXIF-rotated copy. Rotations are clockwise. New labels are only
# ever appended, so stored indexes keep their meaning.
_DIHEDRAL_LABELS: tuple[str, ...] = (
    "rotated 90",
    "rotated 180",
    "rotated 270",
    "mirrored",
    "mirrored + rotated 90",
    "mirrored + rotated 180",
    "mirrored + rotated 270",
)
UPRIGHT = -1  # the variant of a photo matched as it is (no turn, no mirror, no crop)
N_DIHEDRAL = 7
CROPPED = 7
UNCROPPED = 8
TURNED_CROPPED = 9  # TURNED_CROPPED + k: dihedral k and cropped
TURNED_UNCROPPED = TURNED_CROPPED + N_DIHEDRAL  # TURNED_UNCROPPED + k: dihedral k and uncropped
VARIANT_LABELS: tuple[str, ...] = (
    *_DIHEDRAL_LABELS,
    "cropped",
    "uncropped",
    *(f"{label} + cropped" for label in _DIHEDRAL_LABELS),
    *(f"{label} + uncropped" for label in _DIHEDRAL_LABELS),
)
# The variant that undoes each dihedral variant (turning by 90 undoes turning by 270; 180 degrees
# and every mirror undo themselves).
_DIHEDRAL_INVERSE: tuple[int, ...] = (2, 1, 0, 3, 4, 5, 6)
# The variant that undoes each variant: how photo i looks relative to photo j. "Turned by k and
# cropped" is undone by "turned back and uncropped".
INVERSE_VARIANT: tuple[int, ...] = (
    *_DIHEDRAL_INVERSE,
    UNCROPPED,
    CROPPED,
    *(TURNED_UNCROPPED + _DIHEDRAL_INVERSE[k] for k in range(N_DIHEDRAL)),
    *(TURNED_CROPPED + _DIHEDRAL_INVERSE[k] for k in range(N_DIHEDRAL)),
)


def is_crop(variant: int) -> bool:
    """True for the labels of matches through crop windows (plain or turned)."""
    return variant >= CROPPED


def crop_turn(variant: int) -> int:
    """The dihedral part of a crop label (-1: upright), e.g. 0 for "rotated 90 + cropped"."""
    if variant >= TURNED_UNCROPPED:
        return variant - TURNED_UNCROPPED
    if variant >= TURNED_CROPPED:
        return variant - TURNED_CROPPED
    return -1


# Each dihedral variant as (transpose, flip rows, flip columns), applied in that order to the
# upright pixel array. Flipping an axis of the pixels negates the odd DCT coefficients along it.
_DIHEDRAL_OPS: tuple[tuple[bool, bool, bool], ...] = (
    (True, False, True),  # rotated 90 clockwise
    (False, True, True),  # rotated 180
    (True, True, False),  # rotated 270 clockwise
    (False, False, True),  # mirrored (left-right)
    (True, True, True),  # mirrored, then rotated 90
    (False, True, False),  # mirrored, then rotated 180 (= upside-down flip)
    (True, False, False),  # mirrored, then rotated 270 (= transpose)
)

THUMB = 32  # side of the detail thumbnail (= pHash's input grid); crop windows come from it
# The algorithm byte after the thumbnail in `detail` (crop windows are hashed the same way).
ALGORITHM_CODES: tuple[HashAlgorithm, ...] = (
    HashAlgorithm.PHASH,
    HashAlgorithm.DHASH,
    HashAlgorithm.AHASH,
    HashAlgorithm.WHASH,
)
BLANK_STD = 2.0  # a thumbnail with less spread than this (of 255) carries no hashable structure

MAX_CUT = 0.15  # crops cutting up to this fraction from each border are covered
CROP_STEP = 0.0375  # window spacing, in fractions of the frame (pHash tolerates about +-0.015)


def crop_windows() -> np.ndarray:
    """The crop windows as rows (x0, y0, x1, y1) in fractions of the frame.

    Square scales from 1 - 2*MAX_CUT up to 1 - CROP_STEP, in steps of CROP_STEP; at each scale
    the window slides over the whole allowed range in steps of at most CROP_STEP.
    """
    rows = []
    for k in range(round(2 * MAX_CUT / CROP_STEP)):
        s = 1 - 2 * MAX_CUT + k * CROP_STEP
        room = 1 - s
        n = max(1, math.ceil(room / CROP_STEP - 1e-9))
        offsets = [room * (m + 0.5) / n for m in range(n)]
        rows += [(ox, oy, ox + s, oy + s) for oy in offsets for ox in offsets]
    return np.array(rows, dtype=np.float64)


CROP_WINDOWS: np.ndarray = crop_windows()


def fingerprint_image(
    img: Image.Image, algorithm: HashAlgorithm = HashAlgorithm.PHASH
) -> Fingerprint:
    """Hash `img` (ideally the small image from `decode_reduced`) and all its variants.

    Args:
        img: any Pillow image; it is looked at in grayscale, as every hash does.
        algorithm: which 64-bit perceptual hash.

    Returns:
        The fingerprint; `blank` is set for nearly uniform images (solid colours, 1x1, empty).
    """
    gray = img if img.mode == "L" else img.convert("L")
    thumb_img = gray.resize((THUMB, THUMB), Image.Resampling.LANCZOS)
    thumb = np.asarray(thumb_img)
    if algorithm == HashAlgorithm.PHASH:
        # imagehash.phash's DCT-II (scipy.fftpack) as two small matrix products: only the 8x8
        # lowest frequencies are needed, and it keeps scipy out of the engine and the bundle.
        low = _dct_matrix()
        dct = low @ thumb.astype(np.float64) @ low.T
        upright = _dct_bits(dct[np.newaxis])[0]
        variants = _dct_bits(np.stack([_dihedral_dct(dct, op) for op in _DIHEDRAL_OPS]))
    else:
        func = _HASHERS[algorithm]
        upright = func(gray)
        variants = [func(gray.transpose(op)) for op in _PIL_OPS]
    blank = float(thumb.std()) < BLANK_STD
    detail = thumb.astype(np.uint8).tobytes() + bytes([ALGORITHM_CODES.index(algorithm)])
    return Fingerprint(int(upright), tuple(int(v) for v in variants), blank, detail)


def detail_thumb(fp: Fingerprint) -> np.ndarray | None:
    """The 32x32 grayscale thumbnail held in `fp.detail` (None when the fingerprint has none)."""
    if len(fp.detail) < THUMB * THUMB:
        return None
    return np.frombuffer(fp.detail, dtype=np.uint8, count=THUMB * THUMB).reshape(THUMB, THUMB)


def detail_algorithm(fp: Fingerprint) -> HashAlgorithm | None:
    """The algorithm `fp`'s crop windows are hashed with (None: no crop detail)."""
    if len(fp.detail) != THUMB * THUMB + 1 or fp.detail[-1] >= len(ALGORITHM_CODES):
        return None
    return ALGORITHM_CODES[fp.detail[-1]]


def detail_crops(fp: Fingerprint) -> np.ndarray:
    """The crop-window hashes of `fp`, in `CROP_WINDOWS` order (uint64; empty without detail)."""
    algorithm = detail_algorithm(fp)
    thumb = detail_thumb(fp)
    if algorithm is None or thumb is None:
        return np.zeros(0, dtype=np.uint64)
    return crop_hashes(thumb[np.newaxis], algorithm)[0]


def apply_variant(pixels: np.ndarray, variant: int) -> np.ndarray:
    """Turn/mirror a pixel array the way dihedral `variant` (index into VARIANT_LABELS) does."""
    transpose, flip_rows, flip_cols = _DIHEDRAL_OPS[variant]
    out = pixels.T if transpose else pixels
    if flip_rows:
        out = out[::-1, :]
    if flip_cols:
        out = out[:, ::-1]
    return out


# --- pHash internals -------------------------------------------------------------------------

_SIGN = np.array([(-1.0) ** k for k in range(8)])


def _dihedral_dct(low: np.ndarray, op: tuple[bool, bool, bool]) -> np.ndarray:
    transpose, flip_rows, flip_cols = op
    out = low.T if transpose else low
    if flip_rows:
        out = out * _SIGN[:, np.newaxis]
    if flip_cols:
        out = out * _SIGN[np.newaxis, :]
    return out


_BIT_WEIGHTS = np.array([1 << (63 - k) for k in range(64)], dtype=np.uint64)


def _bits_to_ints(bits: np.ndarray) -> np.ndarray:
    """Rows of 64 booleans -> uint64, first bit most significant (imagehash's hex order)."""
    return (bits.reshape(len(bits), 64).astype(np.uint64) * _BIT_WEIGHTS).sum(
        axis=1, dtype=np.uint64
    )


def _median64(flat: np.ndarray) -> np.ndarray:
    """Median of each row of 64 values, as a column (what `np.median(flat, axis=1)` gives).

    Sorting the short rows is ~8x faster than `np.median`, whose two-element partition takes a
    slow path: it was 40% of the grouping time of 30,000 photos' crop windows.
    """
    ordered = np.sort(flat, axis=1)
    return (ordered[:, 31:32] + ordered[:, 32:33]) / 2


def _dct_bits(low: np.ndarray) -> np.ndarray:
    """pHash bits of a stack of 8x8 low-frequency DCT blocks: above the block's median."""
    flat = low.reshape(len(low), 64)
    return _bits_to_ints(flat > _median64(flat))


# --- crop windows ----------------------------------------------------------------------------


def crop_hashes(thumbs: np.ndarray, algorithm: HashAlgorithm = HashAlgorithm.PHASH) -> np.ndarray:
    """Hashes of every crop window of each 32x32 thumbnail: (photos, windows) uint64.

    The same recipe as each imagehash function (resample, then threshold), with the resampling
    done by matrices: windows of one scale share their row spans and their column spans, so per
    scale it is two matrix products for all its windows at once (~0.1 ms per photo for pHash).
    Batches of many photos run on a few threads (the products, sorts and comparisons release the
    GIL: 1.3-1.6x on 2 cores), which is most of what a rescan of a changed library does.
    """
    thumbs = np.asarray(thumbs, dtype=np.float32).reshape(-1, THUMB, THUMB)
    out = np.empty((len(thumbs), len(CROP_WINDOWS)), dtype=np.uint64)
    starts = range(0, len(thumbs), _CROP_BATCH)
    threads = min(_CROP_THREADS, os.cpu_count() or 1, len(starts))

    def batch(start: int) -> None:
        part = thumbs[start : start + _CROP_BATCH]
        for first, n, left, right_t in _scale_matrices(algorithm):
            coef = (left @ part) @ right_t  # (photos, n * rows, n * cols)
            rows, cols = left.shape[0] // n, right_t.shape[1] // n
            coef = coef.reshape(len(part), n, rows, n, cols).transpose(0, 1, 3, 2, 4)
            coef = coef.reshape(-1, rows, cols)  # windows of this scale, y offset major
            out[start : start + len(part), first : first + n * n] = _threshold(
                coef, algorithm
            ).reshape(len(part), n * n)

    if threads <= 1:
        for start in starts:
            batch(start)
    else:
        with ThreadPoolExecutor(threads) as pool:  # each batch fills its own rows of `out`
            list(pool.map(batch, starts))
    return out


_CROP_BATCH = 256  # thumbnails per batch of `crop_hashes` (a few MB of coefficients)
_CROP_THREADS = 4  # at most this many threads hash crop windows (and no more than cores)


def _threshold(coef: np.ndarray, algorithm: HashAlgorithm) -> np.ndarray:
    """Each imagehash rule on a stack of resampled windows -> uint64 hashes."""
    if algorithm == HashAlgorithm.DHASH:
        bits = coef[:, :, 1:] > coef[:, :, :-1]
    else:
        flat = coef.reshape(len(coef), 64)
        if algorithm == HashAlgorithm.AHASH:
            cut = flat.mean(axis=1, keepdims=True)
        else:  # pHash and wHash: the median of the 64 values
            cut = _median64(flat)
        bits = flat > cut
    packed = np.packbits(bits.reshape(len(coef), 64), axis=1)  # first bit most significant
    return packed.view(">u8").reshape(-1).astype(np.uint64)


def _axis_resampling(lo: float, hi: float, out: int) -> np.ndarray:
    """(out x THUMB) matrix resampling the span [lo, hi] (fractions) of a thumbnail axis: a
    triangle filter as wide as one output pixel (antialiased like Pillow's resize)."""
    step = (hi - lo) * THUMB / out
    centres = lo * THUMB + (np.arange(out) + 0.5) * step
    src = np.arange(THUMB) + 0.5
    m = np.clip(1 - np.abs(src[None, :] - centres[:, None]) / max(step, 1.0), 0, None)
    return m / m.sum(axis=1, keepdims=True)


@lru_cache(maxsize=4)
def _scale_matrices(
    algorithm: HashAlgorithm,
) -> tuple[tuple[int, int, np.ndarray, np.ndarray], ...]:
    """Per window scale: (first window index, offsets per axis, stacked row matrices
    (n * rows, 32), stacked column matrices transposed (32, n * cols)), where rows x cols is
    what the algorithm thresholds: pHash the 8x8 lowest DCT terms of a 32x32 resampling, dHash a
    9-wide 8-high resampling, aHash/wHash the 8x8 block means of a 32x32 resampling."""
    if algorithm == HashAlgorithm.PHASH:
        rows_of = cols_of = lambda lo, hi: _dct_matrix() @ _axis_resampling(lo, hi, THUMB)  # noqa: E731
    elif algorithm == HashAlgorithm.DHASH:
        rows_of = lambda lo, hi: _axis_resampling(lo, hi, 8)  # noqa: E731
        cols_of = lambda lo, hi: _axis_resampling(lo, hi, 9)  # noqa: E731
    else:
        mean4 = np.kron(np.eye(8), np.full((1, 4), 0.25))  # 32 samples -> 8 block means
        rows_of = cols_of = lambda lo, hi: mean4 @ _axis_resampling(lo, hi, THUMB)  # noqa: E731
    out = []
    sizes = CROP_WINDOWS[:, 2] - CROP_WINDOWS[:, 0]
    first = 0
    while first < len(CROP_WINDOWS):
        same = np.flatnonzero(np.isclose(sizes, sizes[first]))
        n = math.isqrt(len(same))
        offsets = CROP_WINDOWS[first : first + n, 0]  # the x offsets of the first row
        size = float(sizes[first])
        left = np.concatenate([rows_of(o, o + size) for o in offsets]).astype(np.float32)
        right = np.concatenate([cols_of(o, o + size) for o in offsets]).astype(np.float32)
        out.append((first, n, left, np.ascontiguousarray(right.T)))
        first += n * n
    return tuple(out)


@lru_cache(maxsize=1)
def _dct_matrix() -> np.ndarray:
    """The unnormalised DCT-II rows 0..7 for 32 samples (what scipy.fftpack.dct computes)."""
    n = np.arange(THUMB)
    return 2 * np.cos(np.pi * np.arange(8)[:, None] * (2 * n[None, :] + 1) / (2 * THUMB))


# --- other algorithms: imagehash itself on transposed images --------------------------------


def _imagehash_int(
    func: Callable[[Image.Image], imagehash.ImageHash],
) -> Callable[[Image.Image], int]:
    return lambda image: int(str(func(image)), 16)


_HASHERS: dict[HashAlgorithm, Callable[[Image.Image], int]] = {
    HashAlgorithm.DHASH: _imagehash_int(imagehash.dhash),
    HashAlgorithm.AHASH: _imagehash_int(imagehash.average_hash),
    HashAlgorithm.WHASH: _imagehash_int(imagehash.whash),
}

_T = Image.Transpose
_PIL_OPS: tuple[Image.Transpose, ...] = (
    _T.ROTATE_270,  # Pillow turns counter-clockwise: 270 ccw = 90 clockwise
    _T.ROTATE_180,
    _T.ROTATE_90,
    _T.FLIP_LEFT_RIGHT,
    _T.TRANSVERSE,
    _T.FLIP_TOP_BOTTOM,
    _T.TRANSPOSE,
)
