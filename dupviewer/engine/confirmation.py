"""Confirmation: does a hypothesis "photo j looks like photo i (turned, mirrored, cropped)" hold
on the detail the 64-bit hash never looked at?

The pair's two 32x32 thumbnails (`Fingerprint.detail`) are aligned the way the hypothesis says
(turned, mirrored, or the crop window refined by a small search) and compared on their *finer*
structure: the thumbnails minus their own blur, by normalised correlation. A copy (re-saved,
resized, recoloured, blurred a little, watermarked) agrees with its original at every scale; a
burst shot shifted by a third of the frame, a neighbouring crop of a panorama or another photo of
the same landmark shares the coarse layout but not the detail in the same places. The correlation
is invariant to brightness/contrast changes and to grayscale conversion. `matching` asks; each
hypothesis is scored on its own two thumbnails, so a score never depends on the rest of the
library.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from dupviewer.engine import fingerprint as fpmod

UPRIGHT = fpmod.UPRIGHT

# Minimum fine-structure correlation for a candidate to be confirmed as a copy (see module doc).
# Measured on the dev library: unrelated candidates (thousands, up to distance 18) and every
# hard negative under its best hypothesis stay below 0.17 for a rigid alignment, while the hardest
# true copy (a 3-degree "straighten" edit) scores 0.6. A crop hypothesis takes the best of 81
# refined windows, so its chance level is higher (unrelated pairs up to 0.52, true crops from 0.75)
# and it must clear a higher bar.
MIN_CORRELATION_RIGID = 0.5
MIN_CORRELATION_CROP = 0.65

# A rigid match (upright, turned, mirrored) is a crop of one of the two photos when a window of
# the other, cut by one of these shares of its width and height (from one side, the other or
# both: `_zoom_windows`), correlates better than the rigid alignment by this margin
# (`crop_relations`). A pHash takes a copy with up to ~10% cut from its borders for the same
# picture, and the confirmation accepts it, but the misaligned fine detail shows it: on the dev
# library's plain copies every window scores 0.05-0.1 or more below the rigid alignment (any cut
# misaligns a true copy), so a margin of 0.05 leaves a gap of 0.1; on crops of 5-15% of real
# photos the right window scores 0.95-0.97 against 0.2-0.92 rigidly. QA's 423 plain copies of 43
# real photos (10 kinds): none labelled a crop by this check; 40 crops of 4% scaled back to the
# original's size: 38 told (0.1 told 25). A cut under 3% (a pixel of the thumbnail) is a copy.
_ZOOM_CUTS = (0.03, 0.05, 0.075, 0.1, 0.125, 0.15)
_ZOOM_MARGIN = 0.05
_ZOOM_BATCH = 32  # pairs compared at once (~7 MB for each stack of windows)

# ----------------------------------------------------------------------------

_SIDE = fpmod.THUMB  # thumbnails are 32x32
_CROP_SIDE = 16  # crops are compared at this resolution (a 70% window of a 32px thumb is ~22px)
_REFINE = 0.02  # crop windows are refined by about +-half the grid step (fractions of the frame)
_FINE_SIGMA = 1.0  # "fine structure" = thumbnail minus its Gaussian blur of this sigma (32px grid)
_CHUNK = 64  # crop hypotheses confirmed per batch (bounds memory to a few MB)
CROP_WORK = 3  # a crop confirmation costs about 3 rigid ones (for progress reports only)
_CROP_GROUP = 8_192  # crop hypotheses whose thumbnails are unpacked together (<= 16 MB; 16,384
# peaked 15 MB higher in a 100,000-photo scan and was no faster)
_TARGET_BLOCK = 1024  # photos whose turned crop targets are built at once (~30 MB at peak)
_RIGID_CHUNK = 1024  # hypotheses per batch of a rigid or coarse crop check (~4 MB per stack)
_RING = 1  # pixels dropped at each border of the 16x16 crop comparison (see _inner)
# A crop hypothesis is also tried with photo j turned by these angles (degrees): "straighten"
# edits turn a photo by a few degrees and crop it. Spaced 2 degrees apart, the residual turn is at
# most 1 degree, i.e. under 0.2 pixel at the corners of the 16x16 comparison grid; beyond about
# 5 degrees the turned copy's hash no longer falls near any crop window, so wider angles would only
# add chances for unrelated photos.
_ANGLES: tuple[float, ...] = (0.0, -2.0, 2.0, -4.0, 4.0)
# A crop hypothesis whose window, as found, correlates less than this with j is rejected without
# the refinement search. The grid leaves a true crop at most half a grid step (~2% of the frame,
# under half a pixel of the 16x16 comparison) off its window, which keeps most of the correlation:
# on the dev library every confirmed crop scores at least 0.46 here (the 3-degree straightened
# one included), while unrelated fine structure over 196 pixels correlates at about +-0.07, so
# 0.3 is some 4 standard deviations of chance: it passes a few per 100,000 unrelated hypotheses.
_MIN_COARSE = 0.3


def confirm(fps, ci, cj, cv, cw, step=None) -> np.ndarray:  # noqa: ANN001
    """Fine-structure correlation of each hypothesis (1.0 when a thumbnail is missing).

    Thumbnails are unpacked from the fingerprints per batch of rigid hypotheses, and once for
    the photos crop hypotheses name: never one array for the whole library (1 KB per photo as
    bytes, 4 KB as the float32 fine structure: 500 MB for 100,000 photos). `step(fraction)` is
    called between batches (progress, and the chance to cancel)."""
    score = np.ones(len(ci), dtype=np.float64)
    crop = cv >= fpmod.CROPPED
    work = max(1, int((~crop).sum()) + CROP_WORK * int(crop.sum()))
    done = 0
    for v in np.unique(cv[~crop]):
        every = np.flatnonzero(cv == v)
        for start in range(0, len(every), _RIGID_CHUNK):  # bounded memory (4 KB per thumbnail)
            if step is not None:
                step(done / work)
            sel = every[start : start + _RIGID_CHUNK]
            done += len(sel)
            (ta, ha), (tb, hb) = _thumbs(fps, ci[sel]), _thumbs(fps, cj[sel])
            a = _normalised(_fine(ta.astype(np.float32), _FINE_SIGMA))
            if v != UPRIGHT:
                a = _apply_variant_batch(a, int(v))
            b = _normalised(_fine(tb.astype(np.float32), _FINE_SIGMA))
            score[sel] = np.where(ha & hb, (a * b).sum(axis=(1, 2)), 1.0)
    every = np.flatnonzero(crop)
    for start in range(0, len(every), _CROP_GROUP):  # the thumbnails of a group at a time
        if step is not None:
            step(done / work)
        sel = every[start : start + _CROP_GROUP]
        done += CROP_WORK * len(sel)
        used = np.unique(np.concatenate([ci[sel], cj[sel]]))
        thumbs, has = _thumbs(fps, used)
        pi, pj = np.searchsorted(used, ci[sel]), np.searchsorted(used, cj[sel])
        ok = has[pi] & has[pj]
        sel, pi, pj = sel[ok], pi[ok], pj[ok]
        crop_thumbs, targets = _crop_targets(thumbs, pj, cv[sel])
        score[sel] = _confirm_crops(crop_thumbs, pi, targets, cw[sel])
    return score


def _thumbs(fps, photos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # noqa: ANN001
    """(len(photos), 32, 32) uint8 thumbnails of `fps[photos]`, and which photos have one."""
    thumbs = np.zeros((len(photos), _SIDE, _SIDE), dtype=np.uint8)
    has = np.zeros(len(photos), dtype=bool)
    for k, photo in enumerate(photos.tolist()):
        t = fpmod.detail_thumb(fps[photo])
        if t is not None:
            thumbs[k] = t
            has[k] = True
    return thumbs, has


def _crop_targets(
    thumbs: np.ndarray, pj: np.ndarray, cv: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The thumbnails crop hypotheses compare a window of photo i with: j itself for "cropped",
    j turned back into i's orientation for "<turn> + cropped" (the hash of that turned j is what
    matched the window). Returns the thumbnails with the turned ones appended (each needed
    (photo, turn) once) and each hypothesis' index into them."""
    turn = np.array([fpmod.crop_turn(int(v)) for v in cv], dtype=np.int64) if len(cv) else cv
    targets = pj.copy()
    turned = np.flatnonzero(turn >= 0)
    if len(turned) == 0:
        return thumbs, targets
    keys, back = np.unique(pj[turned] * fpmod.N_DIHEDRAL + turn[turned], return_inverse=True)
    photo, k = np.divmod(keys, fpmod.N_DIHEDRAL)
    extra = np.empty((len(keys), _SIDE, _SIDE), dtype=thumbs.dtype)
    for kind in np.unique(k):
        rows = np.flatnonzero(k == kind)
        # j looks like i turned by `kind` (and cropped): undo the turn on j.
        undo = fpmod.INVERSE_VARIANT[int(kind)]
        extra[rows] = _apply_variant_batch(thumbs[photo[rows]], undo)
    targets[turned] = len(thumbs) + back.reshape(-1)
    return np.concatenate([thumbs, extra]), targets


def _confirm_crops(
    thumbs: np.ndarray, ci: np.ndarray, cj: np.ndarray, cw: np.ndarray
) -> np.ndarray:
    """Correlation of thumbnail cj with crop window `cw` of photo i, coarse to fine.

    The coarse score (the window as found, j not turned) costs one small product per hypothesis;
    only hypotheses clearing `_MIN_COARSE` pay the refinement search (81 windows x 5 angles, a
    few hundred times the cost). Sound because the refined score is a maximum over a set that
    includes the coarse window: a hypothesis can only be rejected early if its best-aligned window
    already correlates like an unrelated pair would (see `_MIN_COARSE`).
    """
    out = _coarse_crop_scores(thumbs, ci, cj, cw)
    live = np.flatnonzero(out >= _MIN_COARSE)
    if len(live):
        out[live] = _refined_crop_scores(thumbs, ci[live], cj[live], cw[live])
    return out


@lru_cache(maxsize=1)
def _window_axes() -> tuple[np.ndarray, np.ndarray]:
    """Per crop window, its y and x resampling matrices to the 16x16 comparison grid."""
    box = fpmod.CROP_WINDOWS
    ry = _axis_matrices(box[:, 1], box[:, 3], _CROP_SIDE)
    rx = _axis_matrices(box[:, 0], box[:, 2], _CROP_SIDE)
    return ry, np.ascontiguousarray(rx.transpose(0, 2, 1))


def _coarse_crop_scores(
    thumbs: np.ndarray, ci: np.ndarray, cj: np.ndarray, cw: np.ndarray
) -> np.ndarray:
    """Correlation of each hypothesis' window as found with the upright target, batched."""
    ry, rx_t = _window_axes()
    full = _axis_matrix(0.0, 1.0, _CROP_SIDE)
    out = np.empty(len(ci), dtype=np.float64)
    for start in range(0, len(ci), _RIGID_CHUNK):
        part = slice(start, start + _RIGID_CHUNK)
        w = cw[part]
        windows = ry[w] @ thumbs[ci[part]].astype(np.float32) @ rx_t[w]
        cand = _normalised(_inner(_fine(windows, _FINE_SIGMA / 2)))
        tgt = _normalised(
            _inner(_fine(full @ thumbs[cj[part]].astype(np.float32) @ full.T, _FINE_SIGMA / 2))
        )
        out[part] = (cand * tgt).sum(axis=(1, 2))
    return out


def _refined_crop_scores(
    thumbs: np.ndarray, ci: np.ndarray, cj: np.ndarray, cw: np.ndarray
) -> np.ndarray:
    """Best correlation of thumbnail cj with window `cw` of photo i, the window's edges refined by
    +-_REFINE and j turned by each of `_ANGLES`. Turning j (one small image per angle) instead
    of every refined window of i keeps the cost of the angles to a few dot products."""
    out = np.empty(len(ci), dtype=np.float64)
    if len(ci) == 0:
        return out
    # By target photo, a block of them at a time: their turned targets (~4 KB per photo and
    # angle to build) exist only while their hypotheses are scored.
    full = _axis_matrix(0.0, 1.0, _CROP_SIDE)
    order = np.argsort(cj, kind="stable")
    needed, first = np.unique(cj[order], return_index=True)
    first = np.append(first, len(order))
    for b in range(0, len(needed), _TARGET_BLOCK):
        photos = needed[b : b + _TARGET_BLOCK]
        rows = order[first[b] : first[b + len(photos)]]
        targets = _turned_targets(thumbs[photos].astype(np.float32), full)  # (photos, angles, ..)
        where = np.searchsorted(photos, cj[rows])
        out[rows] = _refined_block(thumbs, ci[rows], where, cw[rows], targets)
    return out


def _refined_block(
    thumbs: np.ndarray, ci: np.ndarray, cj: np.ndarray, cw: np.ndarray, targets: np.ndarray
) -> np.ndarray:
    """`_refined_crop_scores` of hypotheses whose targets are `targets[cj]`."""
    out = np.empty(len(ci), dtype=np.float64)
    for start in range(0, len(ci), _CHUNK):
        part = slice(start, start + _CHUNK)
        wy, wx = _refined_axes(cw[part])  # (m, 3, 3, 16, 32) each: (lo step, hi step)
        m = len(wy)
        ry = wy.reshape(m, 9, _CROP_SIDE, _SIDE)
        rx = wx.reshape(m, 9, _CROP_SIDE, _SIDE)
        # (m, 1, 32, 32) @ (m, 9, 32, 16) -> (m, 9x, 32, 16); (m, 9y, 1, 16, 32) @ ... -> 81
        right = thumbs[ci[part]].astype(np.float32)[:, None] @ rx.transpose(0, 1, 3, 2)
        windows = (ry[:, :, None] @ right[:, None]).reshape(m, 81, _CROP_SIDE, _CROP_SIDE)
        cand = _normalised(_inner(_fine(windows, _FINE_SIGMA / 2)))
        # (m, 81, pixels) x (m, angles, pixels) -> best over refinements and angles
        flat = cand.reshape(m, 81, -1)
        tgt = targets[cj[part]].reshape(m, len(_ANGLES), -1)
        out[part] = np.einsum("mrp,map->mra", flat, tgt, optimize=True).max(axis=(1, 2))
    return out


def _inner(stack: np.ndarray) -> np.ndarray:
    """Drop the outer ring of pixels: a turned image's corners come from outside its frame."""
    return stack[..., _RING:-_RING, _RING:-_RING]


def _turned_targets(thumbs: np.ndarray, full: np.ndarray) -> np.ndarray:
    """Each 32x32 thumbnail turned about its centre by every angle of `_ANGLES` (bilinear,
    edges clamped), reduced to 16x16, fine-filtered and normalised over the inner pixels."""
    n = len(thumbs)
    out = np.empty((n, len(_ANGLES), _CROP_SIDE - 2 * _RING, _CROP_SIDE - 2 * _RING), np.float32)
    centre = (_SIDE - 1) / 2
    yy, xx = np.mgrid[0:_SIDE, 0:_SIDE].astype(np.float32) - centre
    for k, angle in enumerate(_ANGLES):
        if angle == 0:
            turned = thumbs
        else:
            c, s = np.cos(np.radians(angle)), np.sin(np.radians(angle))
            sy = np.clip(c * yy + s * xx + centre, 0, _SIDE - 1)
            sx = np.clip(-s * yy + c * xx + centre, 0, _SIDE - 1)
            y0 = np.minimum(sy.astype(np.intp), _SIDE - 2)
            x0 = np.minimum(sx.astype(np.intp), _SIDE - 2)
            fy, fx = sy - y0, sx - x0
            turned = (
                thumbs[:, y0, x0] * ((1 - fy) * (1 - fx))
                + thumbs[:, y0, x0 + 1] * ((1 - fy) * fx)
                + thumbs[:, y0 + 1, x0] * (fy * (1 - fx))
                + thumbs[:, y0 + 1, x0 + 1] * (fy * fx)
            )
        small = full @ turned @ full.T
        out[:, k] = _normalised(_inner(_fine(small, _FINE_SIGMA / 2)))
    return out


def _apply_variant_batch(stack: np.ndarray, variant: int) -> np.ndarray:
    transpose, flip_rows, flip_cols = fpmod._DIHEDRAL_OPS[variant]
    out = stack.transpose(0, 2, 1) if transpose else stack
    if flip_rows:
        out = out[:, ::-1, :]
    if flip_cols:
        out = out[:, :, ::-1]
    return out


def _axis_matrix(lo: float, hi: float, out: int, n: int = _SIDE) -> np.ndarray:
    """Resampling matrix (out x n) for the span [lo, hi] (fractions) of an axis of n pixels:
    a triangle filter as wide as one output pixel, as antialiased as Pillow's resize."""
    step = (hi - lo) * n / out
    centres = lo * n + (np.arange(out) + 0.5) * step
    src = np.arange(n) + 0.5
    m = np.clip(1 - np.abs(src[None, :] - centres[:, None]) / max(step, 1.0), 0, None)
    return (m / m.sum(axis=1, keepdims=True)).astype(np.float32)


def _axis_matrices(lo: np.ndarray, hi: np.ndarray, out: int, n: int = _SIDE) -> np.ndarray:
    """`_axis_matrix` for many spans at once: shape (*lo.shape, out, n)."""
    step = (hi - lo)[..., None] * n / out
    centres = lo[..., None] * n + (np.arange(out) + 0.5) * step
    src = np.arange(n) + 0.5
    width = np.maximum(step, 1.0)[..., None]
    m = np.clip(1 - np.abs(src - centres[..., None]) / width, 0, None)
    return (m / m.sum(axis=-1, keepdims=True)).astype(np.float32)


def _refined_axes(windows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each crop window, the y and x resampling matrices of its edges moved by -_REFINE, 0,
    +_REFINE (clipped to the frame): shapes (windows, 3 low-edge steps, 3 high-edge steps, 16, 32).
    The 81 refinements of a window are the 9 y spans times the 9 x spans."""
    steps = np.array([-_REFINE, 0.0, _REFINE])
    box = fpmod.CROP_WINDOWS[windows]
    mats = []
    for lo_col, hi_col in ((1, 3), (0, 2)):
        lo = np.clip(box[:, lo_col, None, None] + steps[None, :, None], 0, 1)
        hi = np.clip(box[:, hi_col, None, None] + steps[None, None, :], 0, 1)
        mats.append(_axis_matrices(*np.broadcast_arrays(lo, hi), _CROP_SIDE))
    return mats[0], mats[1]


def _gauss_matrix(n: int, sigma: float) -> np.ndarray:
    """Gaussian blur along one axis as an (n x n) matrix, edges reflected."""
    radius = max(1, int(3 * sigma + 0.5))
    taps = np.exp(-(np.arange(-radius, radius + 1) ** 2) / (2 * sigma**2))
    taps /= taps.sum()
    m = np.zeros((n, n))
    for row in range(n):
        for off, weight in zip(range(-radius, radius + 1), taps, strict=True):
            col = row + off
            col = -col - 1 if col < 0 else (2 * n - col - 1 if col >= n else col)
            m[row, col] += weight
    return m.astype(np.float32)


def _fine(stack: np.ndarray, sigma: float) -> np.ndarray:
    """Each image minus its blur: the detail finer than what the 64-bit hash compares."""
    g = _gauss_matrix(stack.shape[-1], 2 * sigma)
    return stack - g @ stack @ g.T


def _normalised(stack: np.ndarray) -> np.ndarray:
    """Zero mean, unit norm over the last two axes (flat images stay zero)."""
    out = stack - stack.mean(axis=(-2, -1), keepdims=True)
    norm = np.sqrt((out * out).sum(axis=(-2, -1), keepdims=True))
    return np.divide(out, norm, out=np.zeros_like(out), where=norm > 1e-6)


def crop_relations(references: np.ndarray, photos: np.ndarray, variants: np.ndarray) -> np.ndarray:
    """How rigidly matched pairs of 32x32 thumbnails (k, 32, 32) relate, one int8 each: 1 when
    the photo is a crop of the reference (turned as its variant says: -1 upright), -1
    when the reference is a crop of the photo, 0 when neither (a copy). See `_ZOOM_CUTS`.
    Batched (per pair, 9 s for 18,000 pairs here), and only pairs that a zoom could explain
    better are zoomed."""
    out = np.zeros(len(references), dtype=np.int8)
    rows, cols = _zoom_windows()  # (1, w, 32, 32) each: row and (transposed) column resampling
    for start in range(0, len(references), _RIGID_CHUNK):  # the cheap rigid check, in bulk
        sel = slice(start, start + _RIGID_CHUNK)
        a = references[sel].astype(np.float32)
        for v in np.unique(variants[sel]):  # the reference turned as the photo is, then cut
            if v != UPRIGHT:
                turned = np.flatnonzero(variants[sel] == v)
                a[turned] = _apply_variant_batch(a[turned], int(v))
        b = photos[sel].astype(np.float32)
        fa, fb = _normalised(_fine(a, _FINE_SIGMA)), _normalised(_fine(b, _FINE_SIGMA))
        rigid = (fa * fb).sum(axis=(1, 2))
        # only a pair that correlates at most 1 - margin rigidly can be beaten by a window (most
        # copies correlate higher: they skip the windows, which cost ~50x the rigid check)
        maybe = np.flatnonzero(rigid <= 1 - _ZOOM_MARGIN)
        for z0 in range(0, len(maybe), _ZOOM_BATCH):
            some = maybe[z0 : z0 + _ZOOM_BATCH]
            za, zb, ra, rb = a[some], b[some], fa[some], fb[some]
            cut_a = _normalised(_fine(rows @ za[:, None] @ cols, _FINE_SIGMA))
            cut_b = _normalised(_fine(rows @ zb[:, None] @ cols, _FINE_SIGMA))
            cut_reference = (cut_a * rb[:, None]).sum(axis=(2, 3)).max(axis=1)  # photo: a crop
            cut_photo = (cut_b * ra[:, None]).sum(axis=(2, 3)).max(axis=1)  # reference: a crop
            best = np.maximum(cut_reference, cut_photo)
            crop = (best >= MIN_CORRELATION_RIGID) & (best >= rigid[some] + _ZOOM_MARGIN)
            out[start + some] = np.where(crop, np.where(cut_reference >= cut_photo, 1, -1), 0)
    return out


@lru_cache(maxsize=1)
def _zoom_windows() -> tuple[np.ndarray, np.ndarray]:
    """The windows a crop may be: each cut of `_ZOOM_CUTS`, the same share of width and height
    (the aspect ratio stays), taken from one side, the other or both halves of each axis (a crop
    from the top-left corner, the centre, ...). Row matrices (1, w, 32, 32) and column matrices
    already transposed, so that `rows @ thumbs @ cols` resamples every window."""
    rows, cols = [], []
    for cut in _ZOOM_CUTS:
        for top in (0.0, 0.5, 1.0):
            for left in (0.0, 0.5, 1.0):
                rows.append(_axis_matrix(top * cut, top * cut + 1 - cut, _SIDE))
                cols.append(_axis_matrix(left * cut, left * cut + 1 - cut, _SIDE).T)
    return np.stack(rows)[None], np.stack(cols)[None]
