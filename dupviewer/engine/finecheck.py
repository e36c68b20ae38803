"""A closer look before a look-alike is removed without anyone looking: same fine detail?

Why: the scan compares 64-bit hashes and 32x32 thumbnails. Photographed pages of one form, two
screenshots of one app, a map with another route are the same picture at that size, and
`caution.mostly_flat` only catches the clean ones: QA's five different invoices photographed on a
desk were proposed as copies of each other and `dedupe --apply` trashed four. So before `dedupe`
proposes a look-alike for removal it reads both files again, larger, and compares them block by
block. A plain copy (re-saved, resized, converted, brightened, greyed, blurred) differs a little
everywhere; a different page differs a lot in a few blocks (a name, an amount, a line more).

How (`detail_difference`): both decoded at reduced size (DCT scaling), the copy turned back into
the reference's orientation, both resized to the smaller one's size (at most `SIDE` pixels), then
for a few blurs of either one (a blurred copy is met by blurring the sharp one) the other's grey
levels are mapped onto the blurred one's distribution (brightness, contrast and greyscale are
tone maps), and the largest mean absolute difference of any `BLOCK` x `BLOCK` block is taken, in
grey levels over 255. The least over the blurs is the difference; above `DETAIL_LIMIT` the two
are not copies of each other. A local edit (a watermark, a caption) differs the same way: such a
copy is not proposed either, since it shows what the other lacks.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from dupviewer.engine import fingerprint as fpmod
from dupviewer.engine.decoding import DecodeError, decode_reduced
from dupviewer.engine.model import Group, Photo
from dupviewer.engine.orientation import relative_match, turn_of

__all__ = [
    "DETAIL_LIMIT",
    "DIFFERS",
    "SAME",
    "STOPPED",
    "UNREADABLE",
    "DetailCheck",
    "detail_difference",
    "look_closer",
    "relative_match",
    "to_compare",
]

SAME = "same"  # the closer look found the same detail: a copy (still proposed)
DIFFERS = "differs"  # the closer look found other detail: not a copy
UNREADABLE = "unreadable"  # a file could not be read again: nothing to go by
STOPPED = "stopped"  # the look was stopped (Ctrl-C) before this one: not looked at, kept

SIDE = 768  # long side compared: text of a page photographed on a desk is ~8 px high there
_DECODE_SIDE = 512  # shorter side decoded at least (a 4000x3000 JPEG: 1/4 scale, 1000x750)
BLOCK = 12  # pixels per block side at the compared size
_BLURS = (0.0, 1.0, 2.0, 4.0)  # Gaussian radii tried on either photo (px at the compared size)
# Above this, the two differ in fine detail. Measured on 651 upright plain copies QA made of 21
# real photos (31 kinds: re-saves q30-95, resizes to 10%, PNG, WebP, HEIC, EXIF turns, grey,
# gamma, saturation, brightness, contrast, blur, sharpening, noise, CMYK, 16-bit) and the dev
# library's 171: at most 0.073 from their original (a JPEG read with DCT scaling next to a PNG of
# its pixels); next to a converted copy the keep rules chose, 3 of 735 edited copies reached
# 0.077-0.083 (kept: the safe side). Pages of one template with another name, amount or prices:
# 0.079 and more; one digit: 0.01-0.062.
DETAIL_LIMIT = 0.075


def detail_difference(reference: np.ndarray, copy: np.ndarray) -> float:
    """How far two upright greyscale pictures (uint8 arrays, one orientation) differ in their
    most different block, in grey levels over 255, after the best blur and tone map (see the
    module docstring). 0 for identical pixels."""
    ref_im, copy_im = Image.fromarray(reference), Image.fromarray(copy)
    w, h = ref_im.size
    side = min(SIDE, max(ref_im.size), max(copy_im.size))
    size = (max(1, round(w * side / max(w, h))), max(1, round(h * side / max(w, h))))
    pictures = [_resized(ref_im, size), _resized(copy_im, size)]
    best = float("inf")
    for radius in _BLURS:
        for blurred, other in ((0, 1), (1, 0)) if radius else ((0, 1),):
            target = pictures[blurred]
            if radius:
                target = target.filter(ImageFilter.GaussianBlur(radius))
            x = np.asarray(target)
            y = _tone_matched(np.asarray(pictures[other]), x)
            best = min(best, _worst_block(x.astype(np.float32), y))
            if best <= DETAIL_LIMIT / 2:  # plainly a copy: no need to try more blurs
                return best
    return best


def _resized(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    return im if im.size == size else im.resize(size, Image.Resampling.BOX, reducing_gap=None)


def _tone_matched(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """`source`'s grey levels mapped onto `target`'s distribution, monotonically: each level of
    `source` takes the mean of the values `target` has over the same range of ranks (both
    uint8 and of one size, so the two histograms are enough: no sort)."""
    src_count = np.bincount(source.ravel(), minlength=256).astype(np.float64)
    tgt_count = np.bincount(target.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256, dtype=np.float64)
    tgt_end = np.cumsum(tgt_count)  # ranks below the end of each target level
    tgt_sum = np.cumsum(tgt_count * levels)

    def smallest_sum(rank: np.ndarray) -> np.ndarray:
        """Sum of the `rank` smallest target values."""
        level = np.minimum(np.searchsorted(tgt_end, rank, side="left"), 255)
        before = np.where(level > 0, tgt_end[level - 1], 0.0)
        below = np.where(level > 0, tgt_sum[level - 1], 0.0)
        return below + (rank - before) * level

    src_end = np.cumsum(src_count)  # the same number of pixels: ranks line up
    sums = smallest_sum(src_end) - smallest_sum(src_end - src_count)
    lut = np.where(src_count > 0, sums / np.maximum(src_count, 1), 0.0)
    return lut.astype(np.float32)[source]


def _worst_block(x: np.ndarray, y: np.ndarray) -> float:
    """The largest mean absolute difference of a block, after a light 3x3 smoothing of both (a
    resize or a re-encode moves edges by a fraction of a pixel). Plain differences, not "how
    far outside the other's neighbourhood": inside a line of text every neighbourhood holds
    ink and paper, so that let other words of the same length pass (QA: another amount, another
    name, other prices)."""
    d = np.abs(_smooth(x) - _smooth(y))
    rows, cols = d.shape[0] // BLOCK, d.shape[1] // BLOCK
    if rows == 0 or cols == 0:
        return float(d.mean()) / 255
    blocks = d[: rows * BLOCK, : cols * BLOCK].reshape(rows, BLOCK, cols, BLOCK).mean(axis=(1, 3))
    return float(blocks.max()) / 255


def _smooth(a: np.ndarray) -> np.ndarray:
    p = np.pad(a, 1, mode="edge")
    a = (p[:-2, 1:-1] + p[1:-1, 1:-1] + p[2:, 1:-1]) / 3
    p = np.pad(a, ((0, 0), (1, 1)), mode="edge")
    return (p[:, :-2] + p[:, 1:-1] + p[:, 2:]) / 3


class DetailCheck:
    """Compares look-alikes with their reference by reading both files again (see the module
    docstring). Keeps the last reference decoded: a group's copies come one after another."""

    def __init__(self) -> None:
        self._reference: tuple[Path, np.ndarray | None] | None = None

    def differs(self, reference: Photo, copy: Photo, match: str) -> bool | None:
        """True when `copy` (matched to `reference` as `match`: "similar", "rotated 90", ...)
        differs from it in fine detail, False when it is a plain copy, None when either file
        cannot be read as it was or the match is not a plain turn (a crop: never proposed)."""
        turn = turn_of(match)
        if turn is None:
            return None
        if self._reference is None or self._reference[0] != reference.path:
            self._reference = (reference.path, _picture(reference.path))
        ref = self._reference[1]
        pixels = _picture(copy.path)
        if ref is None or pixels is None:
            return None
        if turn >= 0:  # the copy turned back into the reference's orientation
            pixels = np.ascontiguousarray(fpmod.apply_variant(pixels, fpmod.INVERSE_VARIANT[turn]))
        if pixels.shape[0] * ref.shape[1] == 0 or pixels.shape[1] * ref.shape[0] == 0:
            return None
        return detail_difference(ref, pixels) > DETAIL_LIMIT


def _picture(path: Path) -> np.ndarray | None:
    """The photo upright in grey at reduced size, or None when it cannot be read."""
    try:
        data = path.read_bytes()
        return np.asarray(decode_reduced(data, path.name, min_side=_DECODE_SIDE).image)
    except (OSError, DecodeError, MemoryError):
        return None


def look_closer(
    groups: Sequence[Group],
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> tuple[list[Group], dict[Path, str]]:
    """The groups with every look-alike proposed for removal (`keep` False, not byte-identical
    to the reference) compared with its reference (`DetailCheck`); one that differs in fine
    detail (DIFFERS) or cannot be read again (UNREADABLE) is kept instead. Returns the groups
    and, for each member now kept, why. `progress(done, total)` counts the look-alikes
    compared; after `cancel` is set the look-alikes not yet compared are kept (STOPPED: the
    caller acts on none of them)."""
    work = [k for k, g in enumerate(groups) if to_compare(g)]
    total = sum(len(to_compare(groups[k])) for k in work)
    done = 0
    lock = threading.Lock()

    def one(k: int) -> tuple[int, Group, dict[Path, str]]:
        nonlocal done
        group = groups[k]
        check = DetailCheck()
        why: dict[Path, str] = {}
        members = list(group.members)
        compared = {id(m) for m in to_compare(group)}
        for n, m in enumerate(members):
            if id(m) not in compared:
                continue
            if cancel is not None and cancel.is_set():
                why[m.path] = STOPPED  # (QA: was said "could not be read again")
                members[n] = replace(m, keep=True)
            elif (verdict := check.differs(group.reference.photo, m.photo, m.match)) is not False:
                why[m.path] = UNREADABLE if verdict is None else DIFFERS
                members[n] = replace(m, keep=True)
            with lock:
                done += 1
                if progress is not None and not (cancel is not None and cancel.is_set()):
                    progress(done, total)  # (not after a stop: the bar would race to the end)
        return k, replace(group, members=tuple(members)), why

    out = list(groups)
    reasons: dict[Path, str] = {}
    threads = max(1, min(workers or os.cpu_count() or 1, len(work)))
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="dupviewer-look") as pool:
        for k, group, why in pool.map(one, work):  # decoding and numpy release the GIL
            out[k] = group
            reasons.update(why)
    return out, reasons


def hold_back(groups: Sequence[Group]) -> tuple[list[Group], dict[Path, str]]:
    """The groups with every look-alike `look_closer` would compare kept, unlooked at
    (STOPPED), and those paths: what a scan stopped before its closer look may propose (only
    byte-identical copies)."""
    out, why = [], {}
    for group in groups:
        held = {id(m) for m in to_compare(group)}
        if held:
            why.update((m.path, STOPPED) for m in group.members if id(m) in held)
            members = tuple(replace(m, keep=True) if id(m) in held else m for m in group.members)
            group = replace(group, members=members)
        out.append(group)
    return out, why


def to_compare(group: Group) -> list:
    """The members of `group` proposed for removal that are not byte-identical to its
    reference: the ones a closer look may keep."""
    digest = group.reference.photo.digest
    return [m for m in group.members[1:] if not m.keep and m.photo.digest != digest]
