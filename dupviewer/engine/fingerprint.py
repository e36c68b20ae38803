"""Perceptual fingerprint of one reduced image: the upright hash, its rotations/mirrors, crops.

Three parts, all computed from the small grayscale image `decoding` hands out, never from pixels
decoded a second time:

* `hash`: the 64-bit hash of the upright image, bit for bit what imagehash computes on the same
  image (`int(str(imagehash.phash(img)), 16)`), so hashes are comparable with other tools.
* `variants`: the hashes of the 7 other rotations/mirrors (the dihedral group), in the order of
  `VARIANT_LABELS`. For pHash they cost no extra resize: turning or mirroring the 32x32 input only
  transposes the DCT and flips the sign of its odd rows/columns, so all eight come from one DCT.
* `detail` (opaque bytes, read by `matching`): a 32x32 grayscale thumbnail (the hash's own input)
  used to confirm candidate pairs, followed by the hashes of a grid of crop windows.

Why a grid of crops and not a few centred ones: a pHash tolerates only about 1% of the frame of
misregistration (its 8x8 lowest DCT frequencies go up to 3.5 cycles per frame), so a copy with 15%
cut unevenly from the borders matches no centred window. The windows cover every crop that keeps
the aspect ratio and cuts up to 15% from each border, at a spacing of 5% of the frame. That is
~90 windows, so they are computed as one batched matrix product from a 128x128 working copy (a
separable resampling of each window straight into DCT space), not by ~90 PIL resizes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

import imagehash
import numpy as np
import scipy.fftpack
from PIL import Image

from dupviewer.engine.model import Fingerprint, HashAlgorithm

FINGERPRINT_VERSION = "2"  # bump when any hash, window or the detail layout changes

# How photo j looks relative to photo i, for Pairs.variant. The first 7 label `Fingerprint.variants`
# one for one; "cropped"/"uncropped" label matches through the crop windows held in `detail`
# (j is a crop of i / i is a crop of j). Rotations are clockwise.
VARIANT_LABELS: tuple[str, ...] = (
    "rotated 90",
    "rotated 180",
    "rotated 270",
    "mirrored",
    "mirrored + rotated 90",
    "mirrored + rotated 180",
    "mirrored + rotated 270",
    "cropped",
    "uncropped",
)
N_DIHEDRAL = 7
CROPPED = 7
UNCROPPED = 8
# The variant that undoes each variant: how photo i looks relative to photo j.
INVERSE_VARIANT: tuple[int, ...] = (2, 1, 0, 3, 4, 5, 6, 8, 7)

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

THUMB = 32  # side of the detail thumbnail (= pHash's input grid)
WORK = 128  # side of the working copy crop windows are resampled from
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
        # Same steps as imagehash.phash, so the upright hash matches it bit for bit.
        dct = scipy.fftpack.dct(scipy.fftpack.dct(thumb, axis=0), axis=1)
        upright = _dct_bits(dct[np.newaxis, :8, :8])[0]
        variants = _dct_bits(np.stack([_dihedral_dct(dct[:8, :8], op) for op in _DIHEDRAL_OPS]))
    else:
        func = _HASHERS[algorithm]
        upright = func(gray)
        variants = [func(gray.transpose(op)) for op in _PIL_OPS]
    crops = _crop_hashes(gray, algorithm)
    blank = float(thumb.std()) < BLANK_STD
    detail = thumb.astype(np.uint8).tobytes() + crops.astype("<u8").tobytes()
    return Fingerprint(int(upright), tuple(int(v) for v in variants), blank, detail)


def detail_thumb(fp: Fingerprint) -> np.ndarray | None:
    """The 32x32 grayscale thumbnail held in `fp.detail` (None when the fingerprint has none)."""
    if len(fp.detail) < THUMB * THUMB:
        return None
    return np.frombuffer(fp.detail, dtype=np.uint8, count=THUMB * THUMB).reshape(THUMB, THUMB)


def detail_crops(fp: Fingerprint) -> np.ndarray:
    """The crop-window hashes held in `fp.detail`, in `CROP_WINDOWS` order (uint64)."""
    if len(fp.detail) != THUMB * THUMB + 8 * len(CROP_WINDOWS):
        return np.zeros(0, dtype=np.uint64)
    return np.frombuffer(fp.detail, dtype="<u8", offset=THUMB * THUMB).astype(np.uint64)


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


def _dct_bits(low: np.ndarray) -> np.ndarray:
    """pHash bits of a stack of 8x8 low-frequency DCT blocks: above the block's median."""
    flat = low.reshape(len(low), 64)
    med = np.median(flat, axis=1, keepdims=True)
    return _bits_to_ints(flat > med)


# --- crop windows ----------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _window_matrices(out_x: int, out_y: int) -> tuple[np.ndarray, np.ndarray]:
    """Per window, the resampling matrices along x (out_x x WORK) and y (out_y x WORK): a
    triangle filter as wide as one output pixel (antialiased like Pillow's resize)."""
    src = np.arange(WORK) + 0.5
    mats = []
    for lo_col, hi_col, out in ((0, 2, out_x), (1, 3, out_y)):
        lo = CROP_WINDOWS[:, lo_col] * WORK
        hi = CROP_WINDOWS[:, hi_col] * WORK
        step = (hi - lo) / out
        centres = lo[:, None] + (np.arange(out)[None, :] + 0.5) * step[:, None]
        width = np.maximum(step, 1.0)[:, None, None]
        w = np.clip(1 - np.abs(src[None, None, :] - centres[:, :, None]) / width, 0, None)
        w /= w.sum(axis=2, keepdims=True)
        mats.append(w)
    return mats[0], mats[1]


@lru_cache(maxsize=1)
def _dct_matrix() -> np.ndarray:
    """The unnormalised DCT-II rows 0..7 for 32 samples (what scipy.fftpack.dct computes)."""
    n = np.arange(THUMB)
    return 2 * np.cos(np.pi * np.arange(8)[:, None] * (2 * n[None, :] + 1) / (2 * THUMB))


@lru_cache(maxsize=1)
def _dct_window_matrices() -> tuple[np.ndarray, np.ndarray]:
    """D . Ry (windows, 8, WORK) and (D . Rx)^T (windows, WORK, 8): resample-then-DCT in one."""
    rx, ry = _window_matrices(THUMB, THUMB)
    d = _dct_matrix()
    left = np.einsum("uk,wky->wuy", d, ry)
    right_t = np.ascontiguousarray(np.einsum("vk,wkx->wxv", d, rx))
    return left, right_t


def _resample_windows(work: np.ndarray, out_x: int, out_y: int) -> np.ndarray:
    rx, ry = _window_matrices(out_x, out_y)
    return ry @ work @ rx.transpose(0, 2, 1)  # (windows, out_y, out_x)


def _crop_hashes(gray: Image.Image, algorithm: HashAlgorithm) -> np.ndarray:
    """Hashes of every crop window, vectorised: the same recipe as each imagehash function
    (resample, then threshold), with the resampling done by matrices instead of PIL."""
    work = np.asarray(gray.resize((WORK, WORK), Image.Resampling.BOX), dtype=np.float64)
    if algorithm == HashAlgorithm.PHASH:
        # low = (D Ry) . work . (D Rx)^T, batched over windows, never forming the 32x32 window
        left, right_t = _dct_window_matrices()
        return _dct_bits((left @ work) @ right_t)
    if algorithm == HashAlgorithm.DHASH:
        px = _resample_windows(work, 9, 8)
        return _bits_to_ints(px[:, :, 1:] > px[:, :, :-1])
    # aHash and wHash both threshold 8x8 block means: aHash at their mean; wHash (Haar LL after
    # removing the global mean, on a 32x32 grid) at their median.
    px = _resample_windows(work, THUMB, THUMB).reshape(-1, 8, 4, 8, 4).mean(axis=(2, 4))
    flat = px.reshape(len(px), 64)
    if algorithm == HashAlgorithm.AHASH:
        return _bits_to_ints(flat > flat.mean(axis=1, keepdims=True))
    return _bits_to_ints(flat > np.median(flat, axis=1, keepdims=True))


# --- other algorithms: imagehash itself on transposed images --------------------------------


def _imagehash_int(
    func: Callable[[Image.Image], imagehash.ImageHash],
) -> Callable[[Image.Image], int]:
    return lambda image: int(str(func(image)), 16)


_HASHERS: dict[HashAlgorithm, Callable[[Image.Image], int]] = {
    HashAlgorithm.PHASH: _imagehash_int(imagehash.phash),
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
