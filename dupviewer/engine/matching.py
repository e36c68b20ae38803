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
   against that copy (so does every group of the dev library). Each photo composes through its
   `_TURN_PARTNERS` (8) closest turned or mirrored copies only: no edit history has more, and
   a folder of look-alikes (screenshots, scans) would otherwise make billions of composites.
2. **Confirmation** (`confirmation.confirm`): the pair's two 32x32 thumbnails are aligned the
   way the matched variant says and compared on the finer structure the hash never looked at. A
   copy agrees with its original at every scale; a look-alike shares only the coarse layout.

Blank fingerprints (no structure to hash) never pair by similarity. The distance of a pair is the
smallest hash distance among its confirmed hypotheses; its variant is the confirmed hypothesis
that explains it most simply: upright, else the best-correlating rotation/mirror, else a crop,
else a turned crop.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np

from dupviewer.engine import fingerprint as fpmod
from dupviewer.engine import mih
from dupviewer.engine.confirmation import (
    CROP_WORK,
    MIN_CORRELATION_CROP,
    MIN_CORRELATION_RIGID,
    confirm,
)
from dupviewer.engine.heap import release_free_memory
from dupviewer.engine.model import Fingerprint

UPRIGHT = fpmod.UPRIGHT

# Rotation/mirror and crop hypotheses are searched up to this distance at most, whatever the
# threshold (the upright hash goes up to the threshold). Each photo asks ~100 such questions
# against ~1 upright one, and far-from-uniform real pHashes put many unrelated photos at 11-16
# bits: measured by benchmarks/matching_scale.py on 10,000 photos, searching the variants at 16
# instead of 10 confirms 856,000 hypotheses instead of 7,300 (5 minutes instead of 3 seconds),
# while every true rotated, mirrored, cropped or straightened copy of the dev library is within
# 10 of its original through its variant. Bigger thresholds are for heavier edits of upright copies.
VARIANT_CEILING = 10

# Photos whose crop windows are indexed at once (x 204 windows: ~835,000 hashes). Measured with
# 100,000 photos asking: a block of 4,096 builds a +46 MB look-up index and answers in ~2.2 s;
# a block of 16,384 builds +237 MB (+443 MB with a full index), its answer adds ~250 MB more and
# takes ~4x as long, i.e. no time is saved by bigger blocks: a look-up's cost grows with the
# windows it meets, not with the number of passes. Smaller blocks do cost passes: the crop search
# of a 100,000-photo scan peaked at 467 MB with 4,096 (74 s) and 442 MB with 3,072 (80 s), before
# its look-ups were sliced for progress (+9 MB); 3,072 keeps a margin under the 500 MB goal for a
# few seconds of a scan that hashes for half an hour.
_CROP_BLOCK = 3_072
# From this many photos the crop windows ask an index of the uprights (`_search_crops_forward`)
# instead of the inverted search. Measured on the benchmark's library of look-alike pictures,
# window hashing included: inverted 11.2 s at 30,000 photos, 32.6 s at 60,000, 77 s at 100,000
# (its search part grows as N^1.9); forward 15.3 s, 40.8 s, 83 s (N^1.5: look-alikes make many
# candidates; less skewed hashes grow more slowly still). At 200,000 (the same kind of pictures):
# forward 249 s, inverted 282 s, the same hypotheses. At 1,000,000 the forward search is projected
# at ~40 minutes against ~80, and it holds less memory (100,000 photos: 384 MB at its peak
# against ~460).
_FORWARD_FROM = 150_000
# Photos whose crop windows ask the upright index at once (~418,000 queries). At 100,000 photos:
# 1,024 took 95 s (peak 369 MB), 2,048 83 s (384 MB), 3,072 79 s (394 MB); a step, and a chance
# to cancel, every ~2 s there and every few seconds at 1,000,000 photos.
_FORWARD_BLOCK = 2_048


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


@dataclass(frozen=True, slots=True)
class Hypotheses:
    """Every hypothesis a search tested, with its score: `search`'s result (`matches()` keeps
    the confirmed ones), and what the next search of a changed library carries over.

    One row per hypothesis "photo j looks like photo i as `variant` says" (-1 upright; with crop
    window `window`, -1 for none), found at Hamming `distance`; `score` is its fine-structure
    correlation, -1 when it was never confirmed (a crop that a rigid match of the pair already
    explains). Rows are unique per (i, j, variant) and sorted so (see `canonical`). `n` photos
    were searched up to `ceiling`, with the variants `rotations` / `crops`.
    """

    i: np.ndarray  # intp
    j: np.ndarray  # intp
    distance: np.ndarray  # uint8
    variant: np.ndarray  # int16
    window: np.ndarray  # int32
    score: np.ndarray  # float64
    n: int
    ceiling: int
    rotations: bool
    crops: bool

    def __len__(self) -> int:
        return len(self.i)

    @staticmethod
    def empty(n: int, ceiling: int, rotations: bool, crops: bool) -> Hypotheses:
        types = (np.intp, np.intp, np.uint8, np.int16, np.int32, np.float64)
        return Hypotheses(*(np.zeros(0, t) for t in types), n, ceiling, rotations, crops)

    @staticmethod
    def canonical(i, j, d, v, w, score, *, n, ceiling, rotations, crops) -> Hypotheses:  # noqa: ANN001
        """The rows in the one order a search from scratch and an update agree on: upright
        hypotheses as i < j (the relation is symmetric), then by (i, j, variant)."""
        i, j, v = np.asarray(i, np.intp), np.asarray(j, np.intp), np.asarray(v, np.int16)
        up = (v == UPRIGHT) & (i > j)
        i, j = np.where(up, j, i), np.where(up, i, j)
        order = np.lexsort((v, j, i))
        return Hypotheses(
            i[order],
            j[order],
            np.asarray(d, np.uint8)[order],
            v[order],
            np.asarray(w, np.int32)[order],
            np.asarray(score, np.float64)[order],
            n,
            ceiling,
            rotations,
            crops,
        )

    def matches(self) -> Matches:
        """The confirmed hypotheses, each as i < j (the inverse variant when flipped)."""
        crop = self.variant >= fpmod.CROPPED
        ok = self.score >= np.where(crop, MIN_CORRELATION_CROP, MIN_CORRELATION_RIGID)
        ci, cj, cd, cv = self.i[ok], self.j[ok], self.distance[ok], self.variant[ok]
        flip = ci > cj
        inv = np.array(fpmod.INVERSE_VARIANT, dtype=np.int16)
        cv = np.where(flip & (cv != UPRIGHT), inv[np.maximum(cv, 0)], cv).astype(np.int16)
        ci, cj = np.where(flip, cj, ci), np.where(flip, ci, cj)
        score = self.score[ok].astype(np.float32)
        return Matches(ci, cj, cd, cv, score, self.n, self.ceiling, self.rotations, self.crops)

    def carried(self, kept: np.ndarray) -> Hypotheses:
        """The rows whose two photos are both still there, renumbered: `kept[k]` is the index
        here of photo k of the library searched now, -1 for a photo this search did not see."""
        kept = np.asarray(kept, dtype=np.intp)
        seen = np.flatnonzero(kept >= 0)
        if len(seen) and (kept[seen].max() >= self.n or len(np.unique(kept[seen])) < len(seen)):
            raise ValueError("kept names photos this search did not have, or one twice")
        new_of = np.full(self.n, -1, dtype=np.intp)
        new_of[kept[seen]] = seen
        i, j = new_of[self.i], new_of[self.j]
        rows = (i >= 0) & (j >= 0)
        return replace(
            self,
            i=i[rows],
            j=j[rows],
            distance=self.distance[rows],
            variant=self.variant[rows],
            window=self.window[rows],
            score=self.score[rows],
            n=len(kept),
        )


class Cancelled(Exception):
    """The caller's cancel event was set: the search stopped between two steps."""


# Shares of the whole search that its steps report, in order (they only move a progress bar;
# measured on 100,000 photos with crops on: upright + turned ~6 s, crop search ~77 s, the
# confirmations ~10 s). The confirmations get what is left.
_SHARE_UPRIGHT = 0.02
_SHARE_TURNED = 0.05
_SHARE_CROPS = 0.80
# Queries asked of a look-up index at once: a check for cancel between slices (~2 s apart at most;
# slices of 50,000 cost ~15 MB more at the peak of a 100,000-photo scan).
_QUERY_SLICE = 100_000


class _Meter:
    """Reports how much of the search is done (`progress(done, PROGRESS_TOTAL)`) and raises
    `Cancelled` at the next step once `cancel` is set or `deadline` (time.monotonic) is past.
    Steps call `at(share)` with the share of the whole search done so far; the reports never go
    backwards."""

    def __init__(
        self,
        progress: Callable[[int, int], None] | None,
        cancel: threading.Event | None,
        deadline: float | None = None,
    ) -> None:
        self.progress, self.cancel, self.deadline = progress, cancel, deadline
        self.done = 0

    def at(self, share: float) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise Cancelled
        done = int(PROGRESS_TOTAL * min(1.0, max(0.0, share)))
        if self.progress is not None and done > self.done:
            self.done = done
            self.progress(done, PROGRESS_TOTAL)

    def span(self, low: float, high: float) -> Callable[[float], None]:
        """`at` for a step covering [low, high] of the search: called with its own 0..1."""
        return lambda fraction: self.at(low + (high - low) * fraction)


PROGRESS_TOTAL = 1000  # units of `find_matches`' progress reports (per mille of the search)


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
    fingerprints: Sequence[Fingerprint],
    ceiling: int,
    rotations: bool = True,
    crops: bool = True,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    deadline: float | None = None,
) -> Matches:
    """Search and confirm every hypothesis up to distance `ceiling`, once; `Matches.pairs(t)`
    then gives the pairs at any t <= ceiling (the threshold slider's regrouping). `search`'s
    result, confirmed rows only; its arguments are explained there."""
    found = search(
        fingerprints, ceiling, rotations, crops, progress=progress, cancel=cancel, deadline=deadline
    )
    return found.matches()


def search(
    fingerprints: Sequence[Fingerprint],
    ceiling: int,
    rotations: bool = True,
    crops: bool = True,
    *,
    previous: Hypotheses | None = None,
    kept: np.ndarray | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    deadline: float | None = None,
) -> Hypotheses:
    """Every hypothesis up to distance `ceiling`, searched and confirmed.

    With `previous` (a search of an earlier state of the library, same ceiling and variants) and
    `kept` (for each photo, its index in that search, -1 for one it did not see), only the pairs
    with at least one new photo are searched and confirmed: a hypothesis depends on its two
    photos alone, so the others are carried over. Turned crops, composed from the confirmed
    matches of the whole library, are composed again; those composed before keep their scores.
    The result equals a search from scratch.

    `progress(done, PROGRESS_TOTAL)` is called as the steps advance (a 100,000-photo library
    takes a minute or two with crops on); setting `cancel` makes it raise `Cancelled` at its
    next step (steps are about a second apart at 100,000 photos, a few seconds at 1,000,000;
    the upright search, a few seconds there, is not cut), as does passing `deadline` (a
    `time.monotonic()` value)."""
    meter = _Meter(progress, cancel, deadline)
    meter.at(0.0)
    n = len(fingerprints)
    live = np.array([not fp.blank for fp in fingerprints], dtype=bool)
    idx = np.flatnonzero(live)
    if len(idx) < 2 or ceiling < 0:
        return Hypotheses.empty(n, max(ceiling, -1), rotations, crops)
    carried = None
    fresh = np.ones(len(idx), dtype=bool)  # live photos whose pairs are searched
    if previous is not None:
        if kept is None or len(kept) != n:
            raise ValueError("an update needs, for every photo, its index in the previous search")
        if (previous.ceiling, previous.rotations, previous.crops) != (ceiling, rotations, crops):
            raise ValueError("the previous search had other settings")
        kept = np.asarray(kept, dtype=np.intp)
        carried = previous.carried(kept)
        fresh = kept[idx] < 0
    hashes = np.array([fingerprints[k].hash for k in idx], dtype=np.uint64)
    live_fps = [fingerprints[k] for k in idx]
    cands = _Candidates()
    everyone = _LazyIndex(hashes)
    _search_upright(hashes, idx, fresh, ceiling, cands, everyone)
    release_free_memory()  # each step's buffers go back before the next allocates its own
    searched = _SHARE_UPRIGHT
    meter.at(searched)
    # Rotations, mirrors and crops are searched only up to VARIANT_CEILING (see its comment).
    threshold = min(ceiling, VARIANT_CEILING)
    if rotations:
        step = meter.span(searched, searched + _SHARE_TURNED)
        _search_turned(live_fps, hashes, idx, fresh, threshold, cands, everyone, step)
        release_free_memory()
        searched += _SHARE_TURNED
    if crops:
        step = meter.span(searched, searched + _SHARE_CROPS)
        _search_crops(live_fps, idx, hashes, fresh, threshold, cands, everyone, step)
        searched += _SHARE_CROPS
    del everyone
    meter.at(searched)
    ci, cj, cd, cv, cw = _closest_crop_only(*cands.arrays())
    del cands
    # Rigid hypotheses first: a crop hypothesis of a pair already confirmed rigidly at no larger
    # distance can change neither the pair's distance nor its label at any threshold (the
    # simplest explanation names a pair), so it is not confirmed at all. Copies (re-saves,
    # resizes) match some crop window near the full frame, so this skips most crop work.
    crop = cv >= fpmod.CROPPED
    score = np.full(len(ci), -1.0)
    rigid = np.flatnonzero(~crop)
    # The rest of the bar: rigid confirmations, crop ones (~3x the work each), turned crops.
    work = len(rigid) + CROP_WORK * int(crop.sum())
    composing = 0.1 * work if rotations and crops else 0.0
    share = (1.0 - searched) / max(1.0, work + composing)
    done = searched + share * len(rigid)
    step = meter.span(searched, done)
    score[rigid] = confirm(fingerprints, ci[rigid], cj[rigid], cv[rigid], cw[rigid], step)
    release_free_memory()
    explained = crop & _explained(n, ci, cj, cd, score >= MIN_CORRELATION_RIGID, crop)
    sel = np.flatnonzero(crop & ~explained)
    if len(sel):
        step = meter.span(done, done + share * CROP_WORK * len(sel))
        score[sel] = confirm(fingerprints, ci[sel], cj[sel], cv[sel], cw[sel], step)
        release_free_memory()
    done = 1.0 - share * composing
    meter.at(done)
    found = [ci, cj, cd, cv, cw, score]
    if carried is not None:  # the searched hypotheses of the pairs of kept photos
        rows = carried.variant < fpmod.TURNED_CROPPED
        old = (
            carried.i,
            carried.j,
            carried.distance,
            carried.variant,
            carried.window,
            carried.score,
        )
        found = [np.concatenate([c[rows], f]) for c, f in zip(old, found, strict=True)]
    if rotations and crops:
        found = _with_turned_crops(fingerprints, found, threshold, carried, meter.span(done, 1.0))
    meter.at(1.0)
    result = Hypotheses.canonical(*found, n=n, ceiling=ceiling, rotations=rotations, crops=crops)
    del found
    release_free_memory()  # the search's buffers go back: the library does not grow with it
    return result


def _with_turned_crops(fps, found, threshold, carried, step):  # noqa: ANN001, ANN202
    """`found` (i, j, d, v, w, score) with the turned crops composed from it, each confirmed on
    its own unless a rigid match of its pair explains it, or `carried` (a previous search's
    hypotheses, renumbered) holds the same composite with its score already.

    Turned crops are composed from every upright crop candidate (confirmed or not: the window
    closest by hash may not be the one the crop was cut from, while its turned twin's is) and
    the confirmed rigid matches."""
    ci, cj, cd, cv, cw, score = found
    n = len(fps)
    crop = cv >= fpmod.CROPPED
    firm = ~crop & (score >= MIN_CORRELATION_RIGID)
    same = firm & (cv == UPRIGHT)  # a slight crop may pass as an upright copy: both ways
    seeds = (np.concatenate([ci[crop], ci[same], cj[same]]),
             np.concatenate([cj[crop], cj[same], ci[same]]))  # fmt: skip
    extra = _turned_crops(fps, seeds, (ci[firm], cj[firm], cv[firm], cd[firm]), threshold)
    if len(extra[0]) == 0:
        return found
    extra_score = np.full(len(extra[0]), -1.0)
    todo = np.ones(len(extra[0]), dtype=bool)
    if carried is not None and len(carried):
        known = _row_keys(n, carried.i, carried.j, carried.variant, carried.window)
        order = np.argsort(known)
        wanted = _row_keys(n, extra[0], extra[1], extra[3], extra[4])
        at = order[np.minimum(np.searchsorted(known[order], wanted), len(order) - 1)]
        hit = (known[at] == wanted) & (carried.distance[at] == extra[2])
        extra_score[hit] = carried.score[at[hit]]
        todo[hit] = False
    ci, cj, cd, cv, cw = (
        np.concatenate(pair) for pair in zip((ci, cj, cd, cv, cw), extra, strict=True)
    )
    score = np.concatenate([score, extra_score])
    crop = cv >= fpmod.CROPPED
    new = np.zeros(len(ci), dtype=bool)
    new[len(ci) - len(extra[0]) :] = todo
    sel = np.flatnonzero(new & ~_explained(n, ci, cj, cd, score >= MIN_CORRELATION_RIGID, crop))
    if len(sel):
        score[sel] = confirm(fps, ci[sel], cj[sel], cv[sel], cw[sel], step)
    return [ci, cj, cd, cv, cw, score]


def _row_keys(n: int, i, j, v, w) -> np.ndarray:  # noqa: ANN001
    """One int64 per (i, j, variant, window): n^2 x 24 variants x 205 windows stays below
    2**63 up to ~40 million photos (a million: 4.9e15)."""
    pair = np.asarray(i, np.int64) * n + np.asarray(j, np.int64)
    variants = len(fpmod.VARIANT_LABELS) + 1
    return (pair * variants + (np.asarray(v, np.int64) + 1)) * (len(fpmod.CROP_WINDOWS) + 1) + (
        np.asarray(w, np.int64) + 1
    )


# --- search ----------------------------------------------------------------------------------


class _LazyIndex:
    """The look-up index of every live photo's upright hash, built on first use (a search may
    not need it) and then shared by the steps that do."""

    def __init__(self, hashes: np.ndarray) -> None:
        self.hashes = hashes
        self._index: mih.HammingIndex | None = None

    def get(self) -> mih.HammingIndex:
        if self._index is None:
            self._index = _index(self.hashes)
        return self._index


def _search_upright(hashes, idx, fresh, ceiling, cands, everyone) -> None:  # noqa: ANN001
    """Upright hypotheses (i < j): pairs within `ceiling` with at least one `fresh` photo."""
    if fresh.all():
        a, b, d = mih.pairs_within(hashes, ceiling)
    else:
        new = np.flatnonzero(fresh)
        if len(new) == 0:
            return
        q, b, d = everyone.get().query(hashes[new], ceiling)
        a = new[q]
        keep = (a != b) & (~fresh[b] | (a < b))  # a pair of two new photos is found twice
        a, b, d = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep]), d[keep]
    cands.add(idx[a], idx[b], d, UPRIGHT)


def _search_turned(fps, hashes, idx, fresh, threshold, cands, everyone, step) -> None:  # noqa: ANN001
    """Hypotheses "photo j looks like photo i turned or mirrored": a rotation/mirror hash of i
    within `threshold` of j's upright hash, for pairs with at least one `fresh` photo."""
    turned = _turned_hashes(fps)
    if turned is None:
        return
    var, has = turned

    def ask(owners: np.ndarray, index: mih.HammingIndex, targets: np.ndarray, span) -> None:  # noqa: ANN001
        for q, hit, d in _sliced_query(index, var[owners].reshape(-1), threshold, span):
            src, v = np.divmod(q, fpmod.N_DIHEDRAL)
            src, hit = owners[src], targets[hit]
            keep = src != hit
            cands.add(idx[src[keep]], idx[hit[keep]], d[keep], v[keep])

    if fresh.all():
        ask(np.flatnonzero(has), everyone.get(), np.arange(len(hashes)), step)
        return
    new = np.flatnonzero(fresh)
    if len(new) == 0:
        return
    # the new photos turned, against everyone; everyone else turned, against the new photos
    ask(np.flatnonzero(has & fresh), everyone.get(), np.arange(len(hashes)), None)
    ask(np.flatnonzero(has & ~fresh), _index(hashes[new]), new, step)


def _search_crops(fps, idx, hashes, fresh, threshold, cands, everyone, step) -> None:  # noqa: ANN001
    """Hypotheses "photo j is crop window w of photo i": the upright hash of j within
    `threshold` of i's window w, for pairs with at least one `fresh` photo. Turned crops are not
    searched here but composed (`_turned_crops`).

    A whole library is searched inverted (`_crops_inverted`: the windows of a block of photos are
    indexed and every photo's upright hash asks), up to `_FORWARD_FROM` photos; from there the
    windows ask one index of the uprights (`_crops_forward`, N log N). An update asks both ways
    with the new photos only: their windows ask the index of everyone's uprights, and the new
    uprights ask the windows of the others (hashed again, a block at a time: they are not kept).
    """
    everybody = np.arange(len(hashes))
    if fresh.all():
        if len(fps) >= _FORWARD_FROM:
            _crops_forward(fps, idx, everybody, everyone.get(), everybody, threshold, cands, step)
        else:
            _crops_inverted(fps, idx, hashes, everybody, everybody, threshold, cands, step)
        return
    new, others = np.flatnonzero(fresh), np.flatnonzero(~fresh)
    if len(new) == 0:
        return
    _crops_forward(fps, idx, new, everyone.get(), everybody, threshold, cands, None)
    _crops_forward(fps, idx, others, _index(hashes[new]), new, threshold, cands, step)


def _crops_inverted(fps, idx, hashes, owners, askers, threshold, cands, step) -> None:  # noqa: ANN001
    """Crop hypotheses between the windows of `owners` and the upright hashes of `askers`
    (positions in `fps`/`hashes`): the windows of `_CROP_BLOCK` owners at a time are indexed and
    the askers' hashes look them up.

    Inverted (compared with every window asking an index of uprights): the same pairs are found
    (a within-t relation is symmetric) with one look-up per asker and block instead of 204 per
    window owner, which is what the probing cost of multi-index hashing scales with. Blocks bound
    the memory of the window index (a lean, look-up-only index: about 50 bytes per window, plus
    its tables). But askers x blocks look-ups is N^2 / block for a whole library: from
    `_FORWARD_FROM` photos `_crops_forward` is cheaper.
    """
    nwin = len(fpmod.CROP_WINDOWS)
    asking = hashes[askers]
    for start in range(0, len(owners), _CROP_BLOCK):
        block = owners[start : start + _CROP_BLOCK]

        def sliced(fraction: float, start: int = start, size: int = len(block)) -> None:
            if step is not None:
                step((start + fraction * size) / len(owners))

        windows = _window_matrix([fps[k] for k in block.tolist()])
        for q, hit, d in _sliced_query(_index(windows.reshape(-1)), asking, threshold, sliced):
            src, w = np.divmod(hit, nwin)
            src, q = block[src], askers[q]
            keep = src != q
            cands.add(idx[src[keep]], idx[q[keep]], d[keep], fpmod.CROPPED, w[keep])
        del windows
        release_free_memory()


def _crops_forward(fps, idx, owners, index, targets, threshold, cands, step) -> None:  # noqa: ANN001
    """Crop hypotheses between the windows of `owners` and the upright hashes in `index` (of the
    photos `targets`): the windows of `_FORWARD_BLOCK` owners at a time ask it. 204 look-ups per
    owner against an index of N, whose probing cost grows with log N: about N log N in all for a
    whole library, against N^2 / `_CROP_BLOCK` for the inverted search, which it beats from about
    150,000 photos (see `_FORWARD_FROM`). An update asks a small index of the new photos this
    way (brute force when that is cheaper, which the index decides), with everyone's windows."""
    nwin = len(fpmod.CROP_WINDOWS)
    for start in range(0, len(owners), _FORWARD_BLOCK):
        if step is not None:
            step(start / len(owners))
        block = owners[start : start + _FORWARD_BLOCK]
        windows = _window_matrix([fps[k] for k in block.tolist()])
        q, hit, d = index.query(windows.reshape(-1), threshold)
        del windows
        src, w = np.divmod(q, nwin)
        src, hit = block[src], targets[hit]
        keep = src != hit
        cands.add(idx[src[keep]], idx[hit[keep]], d[keep], fpmod.CROPPED, w[keep])
    if step is not None:
        step(1.0)
    release_free_memory()


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
        """(i, j, d, v, w), empty arrays of those types when nothing was added."""
        if not self._parts:
            types = (np.intp, np.intp, np.uint8, np.int16, np.int32)
            return tuple(np.zeros(0, t) for t in types)
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


# A photo composes turned crops with at most this many of its confirmed turned or mirrored copies,
# the closest by hash distance first (ties: the lower photo index). Why a bound: an edit history
# gives a photo a handful of such copies (the dev library: median 1, at most 10, and 6 already
# compose every pair it has), while a folder of look-alikes (screenshots, scanned pages, sky
# shots) gives each photo dozens of chance ones, and composing every crop candidate with every
# pair of them grows with the square of that count: 10,000 coarse pattern images (up to 230 rigid
# matches each) made 11.7 billion combinations, past 6 GB and 10 minutes. With 8, a crop
# candidate makes at most 80. What it costs: a turned crop is missed only when more than 8 chance
# look-alikes are closer to the photo than its real turned copy.
# Upright copies (re-saves, resizes, recolours) are left out of the lists, and that costs nothing:
# an upright copy r of p has nearly p's crop windows, so the crop search pairs r with p's crop q
# directly, and the seed (r, q) composes the same hypotheses with q's turned copies.
_TURN_PARTNERS = 8
# Combinations built per step of the composition (a dozen index arrays of this length: ~25 MB).
_COMPOSE_STEP = 1 << 18
# Photos whose crop windows are hashed at once for turned crops (~9 KB each while hashing).
_WINDOW_OWNERS = 2048
# Turned-crop hypotheses compared with their photo's 204 crop windows at once: 1.6 MB of window
# hashes, which stay in the processor's cache between steps (8192 at once was 1.5x slower).
_WINDOW_CHUNK = 1024


def _turned_crops(
    fps: Sequence[Fingerprint],
    seeds: tuple[np.ndarray, np.ndarray],
    rigid: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    threshold: int,
    partners: int | None = None,
) -> tuple[np.ndarray, ...]:
    """Turned-crop hypotheses composed from confirmed matches, with their real hash distance.

    `seeds` (p, q): q is an upright crop of p; `rigid` (a, b, v, d): b is a turned by v (upright
    ones are ignored) at hash distance d. For every copy r = p turned by x among p itself and its
    `partners` closest turned or mirrored copies (see `_TURN_PARTNERS`), and likewise s = q
    turned by y for q, s is r turned by k = x^-1 then y, and cropped: hypothesis (r, s) labelled
    TURNED_CROPPED + k, unless k is upright (the direct crop search asks that one). Its distance
    is that of s turned back by k^-1 to the closest crop window of r, the hash the search would
    have matched; only those within `threshold` are kept, with that window. Memory stays bounded:
    the combinations are built in steps (`_composed_turns`), windows hashed for a block of photos
    at a time and compared in chunks (`_closest_windows`).

    Returns (i, j, distance, variant, window) arrays, sorted by (i, j, variant).
    """
    partners = _TURN_PARTNERS if partners is None else partners
    parts = []
    turned = _turned_hashes(fps)
    if turned is not None:
        variants, composable = turned
        inv = np.array(fpmod.INVERSE_VARIANT[: fpmod.N_DIHEDRAL], dtype=np.intp)
        for ti, tj, tk in _composed_turns(len(fps), seeds, rigid, composable, partners):
            first = np.ones(len(ti), dtype=bool)  # ti is sorted: its photos are its runs
            first[1:] = ti[1:] != ti[:-1]
            owners, runs = ti[first], np.flatnonzero(first)
            row = np.cumsum(first) - 1
            for block in range(0, len(owners), _WINDOW_OWNERS):
                end = block + _WINDOW_OWNERS
                part = slice(runs[block], runs[end] if end < len(owners) else len(ti))
                windows = _window_matrix([fps[o] for o in owners[block:end].tolist()])
                query = variants[tj[part], inv[tk[part]]]
                keep, tw, td = _closest_windows(windows, row[part] - block, query, threshold)
                parts.append((ti[part][keep], tj[part][keep], td, tk[part][keep], tw))
                del windows
    if not parts:
        return tuple(np.zeros(0, t) for t in (np.intp, np.intp, np.uint8, np.int16, np.int32))
    ti, tj, td, tk, tw = (np.concatenate(col) for col in zip(*parts, strict=True))
    return (
        ti.astype(np.intp),
        tj.astype(np.intp),
        td.astype(np.uint8),
        (fpmod.TURNED_CROPPED + tk).astype(np.int16),
        tw.astype(np.int32),
    )


def _composed_turns(
    n: int,
    seeds: tuple[np.ndarray, np.ndarray],
    rigid: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    composable: np.ndarray,
    partners: int = _TURN_PARTNERS,
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The distinct turned-crop hypotheses (r, s, k) of `_turned_crops` (photo s is photo r turned
    by dihedral k and cropped), in batches, in increasing (r, s, k) order. `composable[s]`: photo
    s has the turned hashes a hypothesis needs.

    Every combination is an entry of a photo p's copy list (r = p turned by x), a seed (p, q) and
    an entry of q's copy list (s = q turned by y). The first entries are taken in order of r, a
    step of at most about `_COMPOSE_STEP` combinations at a time (upright composites dropped
    first), each combination encoded as one int64 key (r, s, k) and deduplicated by sorting; a
    key is final (yielded) once the steps have passed its r, so memory holds one step and the
    keys of the photos it has not finished, never the whole set.
    """
    start, other, turn = _copy_lists(n, rigid, partners)
    size = np.diff(start)
    key = _sorted_unique(np.asarray(seeds[0], np.int64) * n + np.asarray(seeds[1], np.int64))
    sp, sq = np.divmod(key, n)
    seed_start = np.searchsorted(sp, np.arange(n + 1))
    # The entries of every copy list, by the copy r they name; each costs its photo's seeds times
    # the size of each seed's q list.
    order = np.argsort(other, kind="stable")
    ep = np.repeat(np.arange(n), size)[order]
    er, ex = other[order], turn[order]
    per_photo = np.bincount(sp, weights=size[sq], minlength=n).astype(np.int64)
    cost = np.cumsum(per_photo[ep])
    inv = np.array(fpmod.INVERSE_VARIANT[: fpmod.N_DIHEDRAL], dtype=np.int16)
    undo = np.where(ex < 0, UPRIGHT, inv[np.maximum(ex, 0)])
    stride = np.int64(n) * 8
    pending = np.zeros(0, np.int64)
    lo = 0
    while lo < len(ep):
        before = cost[lo - 1] if lo else 0
        hi = max(lo + 1, int(np.searchsorted(cost, before + _COMPOSE_STEP, side="right")))
        e, pos = _ranges(seed_start[ep[lo:hi]], seed_start[ep[lo:hi] + 1])
        qs = sq[pos]
        f, pos = _ranges(start[qs], start[qs + 1])
        e = e[f] + lo
        r, s, y = er[e], other[pos], turn[pos]
        k = _COMPOSE[undo[e] + 1, y + 1]
        ok = (k >= 0) & (r != s) & composable[s]  # upright composites: the crop search's own
        keys = (r[ok] * n + s[ok]) * 8 + k[ok]
        del e, f, pos, qs, r, s, y, k, ok
        pending = _sorted_unique(np.concatenate([pending, keys]))
        del keys
        done = len(pending) if hi == len(ep) else int(np.searchsorted(pending, er[hi] * stride))
        if done >= _COMPOSE_STEP // 4 or (hi == len(ep) and done):
            rs, k = np.divmod(pending[:done], 8)
            r, s = np.divmod(rs, n)
            yield r.astype(np.intp), s.astype(np.intp), k.astype(np.int16)
            pending = pending[done:]
        lo = hi


def _copy_lists(
    n: int, rigid: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], partners: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each photo's copies as CSR arrays: `other[start[p]:start[p + 1]]` is p itself (upright)
    then its `partners` closest turned or mirrored copies among the confirmed rigid matches (ties:
    lower index), `turn` how each looks relative to p. Upright matches are left out (see
    `_TURN_PARTNERS`); a pair confirmed in several orientations counts once per orientation."""
    a, b, v, d = (np.asarray(x) for x in rigid)
    turned = v != UPRIGHT
    a, b, v, d = a[turned], b[turned], v[turned].astype(np.int16), d[turned]
    inv = np.array(fpmod.INVERSE_VARIANT[: fpmod.N_DIHEDRAL], dtype=np.int16)
    itself = np.arange(n)
    src = np.concatenate([a, b, itself]).astype(np.intp)
    dst = np.concatenate([b, a, itself]).astype(np.intp)
    turn = np.concatenate(
        [v, np.where(v < 0, UPRIGHT, inv[np.maximum(v, 0)]), np.full(n, UPRIGHT)]
    ).astype(np.int16)
    dist = np.concatenate([d, d, np.full(n, -1)]).astype(np.int16)  # itself comes first
    # one entry per (photo, copy, turn), at its smallest distance (both directions were searched)
    order = np.lexsort((dist, turn, dst, src))
    src, dst, turn, dist = src[order], dst[order], turn[order], dist[order]
    first = np.ones(len(src), dtype=bool)
    first[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1]) | (turn[1:] != turn[:-1])
    src, dst, turn, dist = src[first], dst[first], turn[first], dist[first]
    order = np.lexsort((turn, dst, dist, src))
    src, dst, turn = src[order], dst[order], turn[order]
    rank = np.arange(len(src)) - np.searchsorted(src, src)
    keep = rank <= partners
    src, dst, turn = src[keep], dst[keep], turn[keep]
    return np.searchsorted(src, np.arange(n + 1)), dst, turn


def _sorted_unique(keys: np.ndarray) -> np.ndarray:
    """np.unique of an int64 array by sorting (numpy 2.4's hash-based np.unique is ~30x slower on
    a million keys)."""
    keys = np.sort(keys)
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    return keys[first]


def _ranges(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every position of the ranges [lo, hi), range after range: (which range, position)."""
    size = hi - lo
    which = np.repeat(np.arange(len(lo)), size)
    offset = np.repeat(lo - (np.cumsum(size) - size), size)
    return which, np.arange(len(which)) + offset


def _closest_windows(
    windows: np.ndarray, row: np.ndarray, query: np.ndarray, threshold: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which query hashes are within `threshold` of some crop window of `windows[row]`; for
    those, the closest window and its distance. `_WINDOW_CHUNK` queries at a time."""
    keep = np.zeros(len(query), dtype=bool)
    tw, td = [], []
    counts = np.empty((_WINDOW_CHUNK, windows.shape[1]), dtype=np.uint8)
    for begin in range(0, len(query), _WINDOW_CHUNK):
        part = slice(begin, begin + _WINDOW_CHUNK)
        xor = windows[row[part]]  # in place from here: no new buffer per chunk
        np.bitwise_xor(xor, query[part, None], out=xor)
        dist = np.bitwise_count(xor, out=counts[: len(xor)])
        near = np.flatnonzero(dist.min(axis=1) <= threshold)  # most are not: argmin only these
        best = dist[near].argmin(axis=1)
        keep[begin + near] = True
        tw.append(best.astype(np.int32))
        td.append(dist[near, best])
    if not tw:
        return keep, np.zeros(0, np.int32), np.zeros(0, np.uint8)
    return keep, np.concatenate(tw), np.concatenate(td)


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
    width = 8 * fpmod.N_DIHEDRAL
    has = np.fromiter((len(fp.packed_variants) >= width for fp in fps), dtype=bool, count=len(fps))
    packed = b"".join(
        fp.packed_variants[:width] if ok else bytes(width)
        for fp, ok in zip(fps, has.tolist(), strict=True)
    )
    out = np.frombuffer(packed, dtype="<u8").astype(np.uint64).reshape(len(fps), -1)
    return out, has


def _sliced_query(
    index: mih.HammingIndex,
    queries: np.ndarray,
    threshold: int,
    step: Callable[[float], None] | None,
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """`index.query(queries, threshold)` asked `_QUERY_SLICE` queries at a time, with
    `step(fraction)` before each slice: a look-up's cost is per query, so slicing costs little
    and gives a big search its progress reports and its chances to cancel. Yields each slice's
    (query, item, distance), query positions counted from the start of `queries`; the caller
    keeps them as they come (one concatenated copy would be ~10 MB more at 100,000 photos)."""
    for start in range(0, len(queries), _QUERY_SLICE):
        if step is not None:
            step(start / len(queries))
        q, hit, d = index.query(queries[start : start + _QUERY_SLICE], threshold)
        yield q + start, hit, d
    if step is not None:
        step(1.0)


def _index(hashes: np.ndarray) -> mih.HammingIndex:
    """A look-up index (only `query` is asked of it: the lean kind, see `HammingIndex`)."""
    return mih.HammingIndex(hashes, queries_only=True)


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
