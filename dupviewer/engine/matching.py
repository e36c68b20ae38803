"""Candidate pairs among fingerprints, through rotations, mirrors and crops, then confirmed.

Two stages, each testing something the other cannot:

1. **Search** (sub-quadratic, `mih`): every enabled variant of every photo (its 7 rotations and
   mirrors, its crop windows) is looked up among the upright hashes of all photos within the
   threshold. A 64-bit pHash sees only the 8x8 lowest frequencies of a 32x32 thumbnail, i.e. the
   coarse layout of light and dark; and every extra variant is one more chance for two unrelated
   photos with a similar layout to collide.

   Turned crops ("rotated 90 + cropped": a group's reference may be a turned, mirrored or
   EXIF-rotated copy of the photo that was cropped) are not searched but *composed*: for every
   upright crop candidate (p, q) ("q is a crop of p", confirmed or not) and every confirmed rigid
   match of p (r = p turned by x) and of q (s = q turned by y), s is r turned by x^-1 then y, and
   cropped. The hypothesis (r, s) gets its real distance (s turned back against r's closest crop
   window) and the usual confirmation. Searching the window index with all 8 orientations of
   every photo instead cost 8 look-ups per photo, and the whole crop search ~2x. What composing
   no longer finds: a turned crop (r, s) with no upright crop candidate between a copy of r (r or
   a rigid match of it) and a copy of s, i.e. when no copy in the library has the orientation of
   the image the crop was cut from. Either the crop was cut from a copy since deleted (only a
   turned twin of it remains: say the original is gone and its rotated copy is kept), or it was
   cut in the same edit that turned it ("rotate, then crop", saved once, next to the unturned
   original). Such a pair is two edits of an image that is not in the library; each still pairs
   with every copy in its own orientation. When the library holds the copy a crop was cut from
   (or an upright copy of it), the crop pairs with every turned or mirrored copy confirmed
   against that copy (so does every group of the dev library).
2. **Confirmation**: the pair's two 32x32 thumbnails (`Fingerprint.detail`) are aligned the way
   the matched variant says (turned, mirrored, or the crop window refined by a small search) and
   compared on the *finer* structure the hash never looked at: the thumbnails minus their own
   blur, by normalised correlation. A copy (re-saved, resized, recoloured, blurred a little,
   watermarked) agrees with its original at every scale, so its fine structure still correlates.
   A burst shot shifted by a third of the frame, a neighbouring crop of a panorama or another photo
   of the same landmark shares the coarse layout but not the detail in the same places. The
   correlation is invariant to brightness/contrast changes and to grayscale conversion.

Blank fingerprints (no structure to hash) never pair by similarity. The distance of a pair is the
smallest hash distance among its confirmed hypotheses; its variant is the confirmed hypothesis
that explains it most simply: upright, else the best-correlating rotation/mirror, else a crop,
else a turned crop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from dupviewer.engine import fingerprint as fpmod
from dupviewer.engine.heap import release_free_memory
from dupviewer.engine.model import Fingerprint

# Minimum fine-structure correlation for a candidate to be confirmed as a copy (see module doc).
# Measured on the dev library: unrelated candidates (thousands, up to distance 18) and every
# hard negative under its best hypothesis stay below 0.17 for a rigid alignment, while the hardest
# true copy (a 3-degree "straighten" edit) scores 0.6. A crop hypothesis takes the best of 81
# refined windows, so its chance level is higher (unrelated pairs up to 0.52, true crops from 0.75)
# and it must clear a higher bar.
MIN_CORRELATION_RIGID = 0.5
MIN_CORRELATION_CROP = 0.65

UPRIGHT = -1

# Rotation/mirror and crop hypotheses are searched up to this distance at most, whatever the
# threshold (the upright hash goes up to the threshold). Each photo asks ~100 such questions
# against ~1 upright one, and far-from-uniform real pHashes put many unrelated photos at 11-16
# bits: measured by benchmarks/matching_scale.py on 10,000 photos, searching the variants at 16
# instead of 10 confirms 856,000 hypotheses instead of 7,300 (5 minutes instead of 3 seconds),
# while every true rotated, mirrored, cropped or straightened copy of the dev library is within
# 10 of its original through its variant. Bigger thresholds are for heavier edits of upright copies.
VARIANT_CEILING = 10

# Photos whose crop windows are indexed at once (x 204 windows: ~3.3 million hashes, ~300 MB of
# index at peak): bigger blocks mean fewer passes of the upright hashes, smaller ones less memory.
_CROP_BLOCK = 16_384


@dataclass(frozen=True, slots=True)
class Pairs:
    """Confirmed similar pairs, symmetric: each match is present as (i, j) and as (j, i).

    `variant[k]` (index into `fingerprint.VARIANT_LABELS`, -1 for upright) says how photo `j[k]`
    looks relative to photo `i[k]`; `distance[k]` is the Hamming distance (of 64 bits) it matched
    at.
    """

    i: np.ndarray  # intp
    j: np.ndarray  # intp
    distance: np.ndarray  # uint8
    variant: np.ndarray  # int16

    def __len__(self) -> int:
        return len(self.i)

    @staticmethod
    def empty() -> Pairs:
        return Pairs(
            np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0, np.uint8), np.zeros(0, np.int16)
        )


@dataclass(frozen=True, slots=True)
class Matches:
    """Every confirmed hypothesis found up to a search ceiling: what `Pairs` at any threshold up to
    `threshold` is made of, so a new threshold is a filter (no search, no confirmation).

    One row per (photo i, photo j, kind of hypothesis) with i < j: `variant` says how j looks
    relative to i (-1 upright), `distance` the Hamming distance it matched at, `score` the
    fine-structure correlation that confirmed it. `n` is the number of fingerprints searched;
    `rotations`/`crops` the variants that were searched.
    """

    i: np.ndarray  # intp
    j: np.ndarray  # intp
    distance: np.ndarray  # uint8
    variant: np.ndarray  # int16
    score: np.ndarray  # float32
    n: int
    threshold: int
    rotations: bool
    crops: bool

    def __len__(self) -> int:
        return len(self.i)

    def covers(self, n: int, threshold: int, rotations: bool, crops: bool) -> bool:
        """True when `pairs(threshold)` answers for `n` photos with these variants."""
        return (
            n == self.n
            and 0 <= threshold <= self.threshold
            and (rotations, crops) == (self.rotations, self.crops)
        )

    def restricted(self, keep: np.ndarray) -> Matches:
        """The matches among the photos where `keep` (bool, one per photo) is True, renumbered in
        their order: what the search would find among them, without searching again."""
        if len(keep) != self.n:
            raise ValueError(f"keep has {len(keep)} entries for {self.n} photos")
        new_index = np.cumsum(keep) - 1
        rows = keep[self.i] & keep[self.j]
        return replace(
            self,
            i=new_index[self.i[rows]],
            j=new_index[self.j[rows]],
            distance=self.distance[rows],
            variant=self.variant[rows],
            score=self.score[rows],
            n=int(np.count_nonzero(keep)),
        )

    def pairs(self, threshold: int) -> Pairs:
        """The pairs `find_pairs` gives at `threshold` (at most the search ceiling)."""
        if threshold > self.threshold:
            raise ValueError(f"matches were searched up to {self.threshold}, not {threshold}")
        keep = self.distance <= threshold
        return _best_per_pair(
            self.n,
            self.i[keep],
            self.j[keep],
            self.distance[keep],
            self.variant[keep],
            self.score[keep],
        )


def find_pairs(
    fingerprints: Sequence[Fingerprint], threshold: int, rotations: bool = True, crops: bool = True
) -> Pairs:
    """All confirmed pairs within `threshold` (rotations, mirrors and crops: within
    min(threshold, VARIANT_CEILING)), through the enabled variants.

    Args:
        fingerprints: one per photo; indexes in the result refer to this sequence.
        threshold: largest Hamming distance (of 64 bits) for a candidate.
        rotations: also match the 7 rotations/mirrors of each photo.
        crops: also match crops of up to ~15% per border (needs the thumbnail in `detail`).
    """
    if threshold < 0:
        return Pairs.empty()
    return find_matches(fingerprints, threshold, rotations, crops).pairs(threshold)


def find_matches(
    fingerprints: Sequence[Fingerprint], ceiling: int, rotations: bool = True, crops: bool = True
) -> Matches:
    """Search and confirm every hypothesis up to distance `ceiling`, once; `Matches.pairs(t)`
    then gives the pairs at any t <= ceiling (the threshold slider's regrouping)."""
    n = len(fingerprints)
    none = Pairs.empty()
    empty = Matches(
        none.i, none.j, none.distance, none.variant, np.zeros(0, np.float32), n,
        max(ceiling, -1), rotations, crops,
    )  # fmt: skip
    live = np.array([not fp.blank for fp in fingerprints], dtype=bool)
    idx = np.flatnonzero(live)
    if len(idx) < 2 or ceiling < 0:
        return empty
    hashes = np.array([fingerprints[k].hash for k in idx], dtype=np.uint64)
    cands = _Candidates()

    a, b, d = _pairs_within(hashes, ceiling)
    cands.add(idx[a], idx[b], d, UPRIGHT)
    release_free_memory()  # each step's buffers go back before the next allocates its own
    # Rotations, mirrors and crops are searched only up to VARIANT_CEILING (see its comment).
    threshold = min(ceiling, VARIANT_CEILING)
    live_fps = [fingerprints[k] for k in idx]
    turned = _turned_hashes(live_fps) if rotations else None
    if turned is not None:
        var, has = turned
        q, hit, d = _index(hashes).query(var[has].reshape(-1), threshold)
        src, v = np.divmod(q, fpmod.N_DIHEDRAL)
        src = np.flatnonzero(has)[src]
        keep = src != hit
        cands.add(idx[src[keep]], idx[hit[keep]], d[keep], v[keep])
        release_free_memory()
    if crops:
        _search_crops(live_fps, idx, hashes, threshold, cands)
    if not cands:
        return empty
    ci, cj, cd, cv, cw = _closest_crop_only(*cands.arrays())
    # Rigid hypotheses first: a crop hypothesis of a pair already confirmed rigidly at no larger
    # distance can change neither the pair's distance nor its label at any threshold (the
    # simplest explanation names a pair), so it is not confirmed at all. Copies (re-saves,
    # resizes) match some crop window near the full frame, so this skips most crop work.
    crop = cv >= fpmod.CROPPED
    score = np.full(len(ci), -1.0)
    rigid = np.flatnonzero(~crop)
    score[rigid] = _confirm(fingerprints, ci[rigid], cj[rigid], cv[rigid], cw[rigid])
    release_free_memory()
    explained = crop & _explained(n, ci, cj, cd, score >= MIN_CORRELATION_RIGID, crop)
    sel = np.flatnonzero(crop & ~explained)
    if len(sel):
        score[sel] = _confirm(fingerprints, ci[sel], cj[sel], cv[sel], cw[sel])
    if rotations and crops:
        # Turned crops, composed from every upright crop candidate (confirmed or not: the
        # window closest by hash may not be the one the crop was cut from, while its turned twin's
        # is) and the confirmed rigid matches; each composite is then confirmed on its own.
        firm = ~crop & (score >= MIN_CORRELATION_RIGID)
        seed = crop
        same = firm & (cv == UPRIGHT)  # a slight crop may pass as an upright copy: both ways
        seeds = (np.concatenate([ci[seed], ci[same], cj[same]]),
                 np.concatenate([cj[seed], cj[same], ci[same]]))  # fmt: skip
        extra = _turned_crops(fingerprints, seeds, (ci[firm], cj[firm], cv[firm]), threshold)
        if len(extra[0]):
            ci, cj, cd, cv, cw = (
                np.concatenate(pair) for pair in zip((ci, cj, cd, cv, cw), extra, strict=True)
            )
            score = np.concatenate([score, np.full(len(extra[0]), -1.0)])
            crop = cv >= fpmod.CROPPED
            new = np.zeros(len(ci), dtype=bool)
            new[len(ci) - len(extra[0]) :] = True
            sel = np.flatnonzero(
                new & ~_explained(n, ci, cj, cd, score >= MIN_CORRELATION_RIGID, crop)
            )
            if len(sel):
                score[sel] = _confirm(fingerprints, ci[sel], cj[sel], cv[sel], cw[sel])
    ok = score >= np.where(crop, MIN_CORRELATION_CROP, MIN_CORRELATION_RIGID)
    ci, cj, cd, cv, score = ci[ok], cj[ok], cd[ok], cv[ok], score[ok].astype(np.float32)
    # Store each hypothesis as i < j (the inverse variant when flipped); pairs() mirrors them.
    flip = ci > cj
    inv = np.array(fpmod.INVERSE_VARIANT, dtype=np.int16)
    cv = np.where(flip & (cv != UPRIGHT), inv[np.maximum(cv, 0)], cv).astype(np.int16)
    ci, cj = np.where(flip, cj, ci), np.where(flip, ci, cj)
    return Matches(ci, cj, cd, cv, score, n, ceiling, rotations, crops)


# --- search ----------------------------------------------------------------------------------


class _Candidates:
    """Hypotheses "photo j looks like variant v (crop window w) of photo i", accumulated."""

    def __init__(self) -> None:
        self._parts: list[tuple[np.ndarray, ...]] = []

    def __bool__(self) -> bool:
        return any(len(p[0]) for p in self._parts)

    def add(self, i, j, d, v, w=None) -> None:  # noqa: ANN001 - numpy arrays / scalars
        i = np.asarray(i, np.intp)
        v = np.broadcast_to(np.asarray(v, np.int16), i.shape)
        w = np.full(i.shape, -1, np.int32) if w is None else np.asarray(w, np.int32)
        self._parts.append((i, np.asarray(j, np.intp), np.asarray(d, np.uint8), v, w))

    def arrays(self) -> tuple[np.ndarray, ...]:
        return tuple(np.concatenate(col) for col in zip(*self._parts, strict=True))


def _explained(n, ci, cj, cd, confirmed, crop) -> np.ndarray:  # noqa: ANN001
    """For each hypothesis, whether a confirmed rigid hypothesis of the same unordered pair has
    a distance no larger than its own (only asked of crop hypotheses)."""
    key = np.minimum(ci, cj).astype(np.int64) * n + np.maximum(ci, cj)
    has = np.flatnonzero(confirmed & ~crop)
    out = np.zeros(len(ci), dtype=bool)
    if len(has) == 0:
        return out
    order = has[np.lexsort((cd[has], key[has]))]  # per key, the smallest distance first
    keys, first = np.unique(key[order], return_index=True)
    best = cd[order][first]
    pos = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
    return (keys[pos] == key) & (best[pos] <= cd)


def _closest_crop_only(ci, cj, cd, cv, cw):  # noqa: ANN001, ANN202
    """Keep, per ordered pair and orientation, only its closest crop window (the confirmation
    refines around it): neighbouring windows of one true crop all hit, and each would cost a
    refinement search. Per orientation, so a chance hit of another orientation at a smaller
    distance cannot hide the true one."""
    crop = cv >= fpmod.CROPPED
    if not crop.any():
        return ci, cj, cd, cv, cw
    k = np.flatnonzero(crop)
    order = k[np.lexsort((cd[k], cv[k], cj[k], ci[k]))]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (
        (ci[order][1:] != ci[order][:-1])
        | (cj[order][1:] != cj[order][:-1])
        | (cv[order][1:] != cv[order][:-1])
    )
    keep = np.concatenate([np.flatnonzero(~crop), order[first]])
    return ci[keep], cj[keep], cd[keep], cv[keep], cw[keep]


def _search_crops(
    fps: Sequence[Fingerprint],
    idx: np.ndarray,
    hashes: np.ndarray,
    threshold: int,
    cands: _Candidates,
) -> None:
    """Hypotheses "photo j is crop window w of photo i": the upright hash of j within `threshold`
    of i's window w. Turned crops are not searched here but composed (`_turned_crops`).

    Inverted: the windows of a block of photos are indexed and the N photos' hashes ask, instead
    of every window asking the index of uprights. The same pairs are found (a within-t relation is
    symmetric) but with N look-ups per block instead of N x 204 windows, which is what the probing
    cost of multi-index hashing scales with. Blocks of `_CROP_BLOCK` photos bound the memory of the
    window index (about 40 bytes per window).
    """
    nwin = len(fpmod.CROP_WINDOWS)
    for start in range(0, len(fps), _CROP_BLOCK):
        windows = _window_matrix(fps[start : start + _CROP_BLOCK])
        q, hit, d = _index(windows.reshape(-1)).query(hashes, threshold)
        src, w = np.divmod(hit, nwin)
        src += start
        keep = src != q
        cands.add(idx[src[keep]], idx[q[keep]], d[keep], fpmod.CROPPED, w[keep])
        del windows
        release_free_memory()


def _dihedral_compose() -> np.ndarray:
    """(8, 8) table: index [x + 1, y + 1] is the dihedral variant (-1 upright) that turning by x
    and then by y amounts to, found by applying both to an asymmetric 3x3 array."""
    probe = np.arange(9).reshape(3, 3)
    ops = [probe] + [fpmod.apply_variant(probe, k) for k in range(fpmod.N_DIHEDRAL)]
    table = np.empty((8, 8), dtype=np.int16)
    for x in range(-1, fpmod.N_DIHEDRAL):
        once = probe if x < 0 else fpmod.apply_variant(probe, x)
        for y in range(-1, fpmod.N_DIHEDRAL):
            twice = once if y < 0 else fpmod.apply_variant(once, y)
            table[x + 1, y + 1] = next(k for k, o in enumerate(ops) if np.array_equal(o, twice)) - 1
    return table


_COMPOSE = _dihedral_compose()


def _turned_crops(
    fps: Sequence[Fingerprint],
    seeds: tuple[np.ndarray, np.ndarray],
    rigid: tuple[np.ndarray, np.ndarray, np.ndarray],
    threshold: int,
) -> tuple[np.ndarray, ...]:
    """Turned-crop hypotheses composed from confirmed matches, with their real hash distance.

    `seeds` (p, q): q is an upright crop of p; `rigid` (a, b, v): b is a turned by v (upright
    included). For every rigid partner r = p turned by x (or p itself) and s = q turned by y (or q
    itself), s is r turned by k = x^-1 then y, and cropped: hypothesis (r, s) labelled
    TURNED_CROPPED + k, unless k is upright (the direct crop search asks that one). Its distance
    is that of s turned back by k^-1 to the closest crop window of r, the hash the search would
    have matched; only those within `threshold` are kept, with that window.

    Returns (i, j, distance, variant, window) arrays.
    """
    partners: dict[int, list[tuple[int, int]]] = {}
    a, b, v = rigid
    inv = np.array(fpmod.INVERSE_VARIANT[: fpmod.N_DIHEDRAL], dtype=np.int16)
    for x, y, turn in zip(a.tolist(), b.tolist(), v.tolist(), strict=True):
        partners.setdefault(x, []).append((y, turn))
        partners.setdefault(y, []).append((x, -1 if turn < 0 else int(inv[turn])))
    hyps: set[tuple[int, int, int]] = set()
    for p, q in zip(*(s.tolist() for s in seeds), strict=True):
        for r, x in [(p, -1), *partners.get(p, [])]:
            undo = -1 if x < 0 else int(inv[x])
            for s, y in [(q, -1), *partners.get(q, [])]:
                k = int(_COMPOSE[undo + 1, y + 1])
                if k >= 0 and r != s and len(fps[s].variants) >= fpmod.N_DIHEDRAL:
                    hyps.add((r, s, k))
    if not hyps:
        return tuple(np.zeros(0, t) for t in (np.intp, np.intp, np.uint8, np.int16, np.int32))
    ti, tj, tk = (np.array(col) for col in zip(*sorted(hyps), strict=True))
    owners, row = np.unique(ti, return_inverse=True)
    windows = _window_matrix([fps[o] for o in owners.tolist()])
    query = np.array(
        [fps[s].variants[int(inv[k])] for s, k in zip(tj.tolist(), tk.tolist(), strict=True)],
        dtype=np.uint64,
    )
    dist = np.bitwise_count(windows[row.reshape(-1)] ^ query[:, None])
    tw = dist.argmin(axis=1)
    td = dist[np.arange(len(tw)), tw]
    keep = td <= threshold
    return (
        ti[keep].astype(np.intp),
        tj[keep].astype(np.intp),
        td[keep].astype(np.uint8),
        (fpmod.TURNED_CROPPED + tk[keep]).astype(np.int16),
        tw[keep].astype(np.int32),
    )


def _window_matrix(fps: Sequence[Fingerprint]) -> np.ndarray:
    """(photos, windows) uint64 crop-window hashes, computed from the thumbnails in batches per
    algorithm; photos without crop detail repeat their own hash (which then only finds the pairs
    the upright search already found)."""
    out = np.repeat(
        np.array([fp.hash for fp in fps], dtype=np.uint64)[:, None], len(fpmod.CROP_WINDOWS), 1
    )
    algorithms = [fpmod.detail_algorithm(fp) for fp in fps]
    for algorithm in set(algorithms) - {None}:
        rows = [k for k, a in enumerate(algorithms) if a == algorithm]
        thumbs = np.stack([fpmod.detail_thumb(fps[k]) for k in rows])
        out[rows] = fpmod.crop_hashes(thumbs, algorithm)
    return out


def _turned_hashes(fps: Sequence[Fingerprint]) -> tuple[np.ndarray, np.ndarray] | None:
    """(photos, 7) uint64 hashes of each photo's rotations/mirrors, and which photos have them
    (the rows of those that do not are zeros and are never asked)."""
    if not fps:
        return None
    out = np.zeros((len(fps), fpmod.N_DIHEDRAL), dtype=np.uint64)
    has = np.zeros(len(fps), dtype=bool)
    for k, fp in enumerate(fps):
        if len(fp.variants) >= fpmod.N_DIHEDRAL:
            out[k] = fp.variants[: fpmod.N_DIHEDRAL]
            has[k] = True
    return out, has


def _pairs_within(hashes: np.ndarray, t: int):  # noqa: ANN202
    try:
        from dupviewer.engine.mih import pairs_within
    except ImportError:  # pragma: no cover - only while mih.py is being written
        return _brute_pairs_within(hashes, t)
    return pairs_within(hashes, t)


def _index(hashes: np.ndarray):  # noqa: ANN202
    try:
        from dupviewer.engine.mih import HammingIndex
    except ImportError:  # pragma: no cover
        return _BruteIndex(hashes)
    return HammingIndex(hashes)


def _brute_pairs_within(hashes: np.ndarray, t: int):  # noqa: ANN202
    q, i, d = _BruteIndex(hashes).query(hashes, t)
    keep = q < i
    return q[keep], i[keep], d[keep]


class _BruteIndex:
    """All-pairs fallback with HammingIndex's interface (small inputs, tests)."""

    def __init__(self, hashes: np.ndarray) -> None:
        self.hashes = np.asarray(hashes, dtype=np.uint64)

    def query(self, queries: np.ndarray, t: int):  # noqa: ANN201
        queries = np.asarray(queries, dtype=np.uint64)
        dist = np.bitwise_count(queries[:, None] ^ self.hashes[None, :])
        q, i = np.nonzero(dist <= t)
        return q, i, dist[q, i].astype(np.uint8)


# --- confirmation ----------------------------------------------------------------------------

_SIDE = fpmod.THUMB  # thumbnails are 32x32
_CROP_SIDE = 16  # crops are compared at this resolution (a 70% window of a 32px thumb is ~22px)
_REFINE = 0.02  # crop windows are refined by about +-half the grid step (fractions of the frame)
_FINE_SIGMA = 1.0  # "fine structure" = thumbnail minus its Gaussian blur of this sigma (32px grid)
_CHUNK = 64  # crop hypotheses confirmed per batch (bounds memory to a few MB)
_RIGID_CHUNK = 4096  # rigid hypotheses per batch (two 16 MB stacks)
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


def _confirm(fps, ci, cj, cv, cw) -> np.ndarray:  # noqa: ANN001
    """Fine-structure correlation of each hypothesis (1.0 when a thumbnail is missing)."""
    score = np.ones(len(ci), dtype=np.float64)
    used = np.unique(np.concatenate([ci, cj]))
    # Only the photos some hypothesis names are unpacked, as bytes (1 KB each, ~100 MB for a
    # library of 100,000 photos); their fine structure is computed per batch of hypotheses, never
    # for all of them at once (4 KB per photo in float32: 400 MB more at that size).
    thumbs = np.zeros((len(used), _SIDE, _SIDE), dtype=np.uint8)
    has = np.zeros(len(used), dtype=bool)
    for k, photo in enumerate(used.tolist()):
        t = fpmod.detail_thumb(fps[photo])
        if t is not None:
            thumbs[k] = t
            has[k] = True
    pi, pj = np.searchsorted(used, ci), np.searchsorted(used, cj)
    ok = has[pi] & has[pj]

    def fine(rows: np.ndarray) -> np.ndarray:
        return _normalised(_fine(thumbs[rows].astype(np.float32), _FINE_SIGMA))

    for v in np.unique(cv[ok & (cv < fpmod.CROPPED)]):
        every = np.flatnonzero(ok & (cv == v))
        for start in range(0, len(every), _RIGID_CHUNK):  # bounded memory (4 KB per thumbnail)
            sel = every[start : start + _RIGID_CHUNK]
            a = fine(pi[sel])
            if v != UPRIGHT:
                a = _apply_variant_batch(a, int(v))
            score[sel] = (a * fine(pj[sel])).sum(axis=(1, 2))

    sel = np.flatnonzero(ok & (cv >= fpmod.CROPPED))
    if len(sel):
        crop_thumbs, targets = _crop_targets(thumbs, pj[sel], cv[sel])
        score[sel] = _confirm_crops(crop_thumbs, pi[sel], targets, cw[sel])
    return score


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
    full = _axis_matrix(0.0, 1.0, _CROP_SIDE)
    needed = np.unique(cj)
    targets = _turned_targets(thumbs[needed].astype(np.float32), full)  # (photos, angles, 14, 14)
    cj = np.searchsorted(needed, cj)
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


# --- result ----------------------------------------------------------------------------------


def _best_per_pair(n, ci, cj, cd, cv, score) -> Pairs:  # noqa: ANN001
    """One row per ordered pair: min distance over hypotheses, variant of the best-scoring one."""
    if len(ci) == 0:
        return Pairs.empty()
    inv = np.array(fpmod.INVERSE_VARIANT, dtype=np.int16)
    # Both directions of every hypothesis, then one row per (i, j).
    i = np.concatenate([ci, cj])
    j = np.concatenate([cj, ci])
    d = np.concatenate([cd, cd])
    v = np.concatenate([cv, np.where(cv == UPRIGHT, UPRIGHT, inv[np.maximum(cv, 0)])]).astype(
        np.int16
    )
    s = np.concatenate([score, score])
    key = i.astype(np.int64) * n + j
    # The simplest confirmed explanation names the pair: upright, else the best-correlating
    # rotation/mirror, else a crop (a crop window can fit a plain copy just as well), else a
    # turned crop.
    rank = np.select(
        [v == UPRIGHT, v < fpmod.CROPPED, v < fpmod.TURNED_CROPPED], [0, 1, 2], default=3
    )
    order = np.lexsort((-s, rank, key))
    key, i, j, d, v = key[order], i[order], j[order], d[order], v[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    starts = np.flatnonzero(first)
    dmin = np.minimum.reduceat(d, starts)
    return Pairs(i[starts], j[starts], dmin.astype(np.uint8), v[starts])
