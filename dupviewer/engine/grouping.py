"""Groups with a reference: every member is within the threshold of the copy to keep.

The rule (CONTRIBUTING.md): photos are taken best-first by the keep rules; each still-free photo
becomes the reference of a group of the still-free photos within t of it. Unlike union-find, a
chain A~B~C with A far from C never lands in one group, every member carries its distance to the
reference, and the reference is the copy proposed to keep. Byte-identical files (equal digest)
always group with each other, at distance 0, even blank ones. A member matched rigidly that is
really a crop of the reference, or the reference one of it, is labelled so
(`crop_label`): the hash cannot tell, the thumbnails can.

Regrouping at another threshold reuses the pairs found at a higher one (pairs beyond the new
threshold are ignored), so it must be fast: the pairs become a CSR adjacency with numpy, and the
only Python loop walks the photos that have at least one partner.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from dupviewer.engine import keep_rules as keep
from dupviewer.engine.caution import needs_a_look_each
from dupviewer.engine.model import (
    IDENTICAL,
    REFERENCE,
    SIMILAR,
    Group,
    GroupKind,
    KeepRule,
    Member,
    Photo,
)

if TYPE_CHECKING:  # typing only: any object with these four arrays works (tests use their own)
    from dupviewer.engine.matching import Pairs

__all__ = ["IDENTICAL", "REFERENCE", "SIMILAR", "build_groups"]

UPRIGHT = -1  # fingerprint.UPRIGHT (that module is imported lazily here)

# How photo i looks relative to photo j, given how j looks relative to i: turning by 90 undoes
# turning by 270, a crop undoes an uncrop; 180 degrees and every mirror are their own inverse.
_INVERSE_LABEL = {
    "rotated 90": "rotated 270",
    "rotated 270": "rotated 90",
    "cropped": "uncropped",
    "uncropped": "cropped",
}


def _variant_labels() -> tuple[str, ...]:
    from dupviewer.engine.fingerprint import VARIANT_LABELS  # lazy: only when pairs have variants

    return VARIANT_LABELS


def _inverse_variants(variant: np.ndarray, labels: Sequence[str]) -> np.ndarray:
    inverse = np.arange(len(labels), dtype=np.int16)
    for k, label in enumerate(labels):
        other = _INVERSE_LABEL.get(label)
        if other in labels:
            inverse[k] = labels.index(other)
    out = variant.copy()
    known = (variant >= 0) & (variant < len(labels))
    out[known] = inverse[variant[known]]
    return out


def _digest_ids(photos: Sequence[Photo]) -> tuple[np.ndarray, dict[str, int]]:
    ids: dict[str, int] = {}
    column = np.fromiter(
        (ids.setdefault(p.digest, len(ids)) for p in photos), dtype=np.int64, count=len(photos)
    )
    return column, ids


def _excluded(
    i: np.ndarray,
    j: np.ndarray,
    digest_id: np.ndarray,
    ids: dict[str, int],
    not_duplicates: Collection[frozenset[str]],
) -> np.ndarray:
    """Mask of pairs whose two digests the user marked as "not duplicates"."""
    d = max(len(ids), 1)
    keys = []
    for pair in not_duplicates:
        if len(pair) != 2:
            continue  # one digest: byte-identical files, which always group
        a, b = (ids.get(x) for x in pair)
        if a is not None and b is not None:
            keys.append(min(a, b) * d + max(a, b))
    if not keys or len(i) == 0:
        return np.zeros(len(i), dtype=bool)
    da, db = digest_id[i], digest_id[j]
    return np.isin(np.minimum(da, db) * d + np.maximum(da, db), np.array(keys, dtype=np.int64))


def _adjacency(
    n: int,
    pairs: Pairs,
    threshold: int,
    digest_id: np.ndarray,
    ids: dict[str, int],
    not_duplicates: Collection[frozenset[str]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]]:
    """CSR rows of usable similarity edges: (indptr, partner, distance, variant, labels).

    Each row is in order of distance, then partner, a given direction before a mirrored one, so
    the first time a partner appears in a row is its best match. Pairs are mirrored in case the
    input is one-sided (the contract says symmetric; mirroring costs little and is safe).
    """
    i = np.asarray(pairs.i, dtype=np.int64)
    j = np.asarray(pairs.j, dtype=np.int64)
    dist = np.asarray(pairs.distance).astype(np.int64)
    variant = np.asarray(pairs.variant).astype(np.int16)
    usable = (dist <= threshold) & (i != j) & (i >= 0) & (j >= 0) & (i < n) & (j < n)
    usable &= ~(digest_id[np.where(usable, i, 0)] == digest_id[np.where(usable, j, 0)])
    i, j, dist, variant = i[usable], j[usable], dist[usable], variant[usable]
    drop = _excluded(i, j, digest_id, ids, not_duplicates)
    i, j, dist, variant = i[~drop], j[~drop], dist[~drop], variant[~drop]
    labels: tuple[str, ...] = _variant_labels() if (variant >= 0).any() else ()
    src = np.concatenate([i, j])
    dst = np.concatenate([j, i])
    dist = np.concatenate([dist, dist])
    variant = np.concatenate([variant, _inverse_variants(variant, labels)])
    mirrored = np.repeat(np.array([0, 1], dtype=np.int64), len(i))
    key = ((src * 256 + dist) * n + dst) * 2 + mirrored  # < 2**63 for n up to ~10**8
    by = np.argsort(key, kind="stable")
    src, dst, dist, variant = src[by], dst[by], dist[by], variant[by]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    return indptr, dst, dist, variant, labels


def _match_label(variant: int, labels: Sequence[str]) -> str:
    if 0 <= variant < len(labels):
        return labels[variant]
    return SIMILAR


def crop_label(reference: Photo, photo: Photo, match: str) -> str:
    """`match` ("similar", "rotated 90", ...) as the thumbnails tell it: "cropped" (photo is a
    crop of the reference, cut from any side; "rotated 90 + cropped" when turned too) or
    "uncropped" (the reference is one of it) when `confirmation.crop_relations` says so, which a
    pHash cannot (it takes a crop of up to ~10% per border for the same picture). Byte-identical
    photos and crop matches keep their label. Remembered by `photo`'s fingerprint for later
    regroups (`build_groups` works them out for all its members at once first)."""
    if _rigid_variants().get(match) is None or reference.digest == photo.digest:
        return match
    key = ("crop", reference.digest, match)
    held = photo.fingerprint.derived
    if held is None or key not in held:  # a regroup finds it there
        _tell_crops([(reference, photo, match)])
    return str(photo.fingerprint.memo(key, lambda: match))


@lru_cache(maxsize=1)
def _rigid_variants() -> dict[str, int]:
    """The labels of rigid matches (upright, turned, mirrored) and their variant numbers."""
    from dupviewer.engine import fingerprint  # lazy, as `_variant_labels`

    rigid = {SIMILAR: UPRIGHT}
    rigid.update(
        (label, k) for k, label in enumerate(fingerprint.VARIANT_LABELS[: fingerprint.N_DIHEDRAL])
    )
    return rigid


def _tell_crops(pairs: Sequence[tuple[Photo, Photo, str]]) -> None:
    """Work out `crop_label` for many (reference, photo, match) at once (batched numpy), each
    remembered by the photo's fingerprint; pairs already known or not rigid are skipped."""
    from dupviewer.engine import confirmation, fingerprint  # lazy, as `_variant_labels`

    rigid = _rigid_variants()
    todo = []
    for reference, photo, match in pairs:
        variant = rigid.get(match)
        key = ("crop", reference.digest, match)
        held = photo.fingerprint.derived
        if variant is None or reference.digest == photo.digest or (held and key in held):
            continue
        thumbs = (
            fingerprint.detail_thumb(reference.fingerprint),
            fingerprint.detail_thumb(photo.fingerprint),
        )
        if thumbs[0] is None or thumbs[1] is None:
            photo.fingerprint.memo(key, lambda match=match: match)
            continue
        todo.append((photo, key, match, variant, *thumbs))
    if not todo:
        return
    relations = confirmation.crop_relations(
        np.stack([t[4] for t in todo]),
        np.stack([t[5] for t in todo]),
        np.array([t[3] for t in todo]),
    )
    for (photo, key, match, variant, _a, _b), relation in zip(
        todo, relations.tolist(), strict=True
    ):
        label = match
        if relation:
            cut = "cropped" if relation > 0 else "uncropped"
            label = cut if variant == UPRIGHT else f"{match} + {cut}"
        photo.fingerprint.memo(key, lambda label=label: label)


def build_groups(
    photos: Sequence[Photo],
    pairs: Pairs,
    threshold: int,
    keep_rules: Sequence[KeepRule],
    not_duplicates: Collection[frozenset[str]] = (),
) -> tuple[Group, ...]:
    """Group photos around references, each member within `threshold` of its reference.

    Args:
        photos: the scanned photos; pair indexes refer to this sequence.
        pairs: similar pairs (`matching.Pairs`: symmetric i, j, distance, variant); pairs
            farther than `threshold` are ignored, so pairs found at a higher threshold regroup.
        threshold: largest Hamming distance from a member to its reference.
        keep_rules: rules in order; the best photo of each group is its reference.
        not_duplicates: two-digest sets the user marked as different photos; such pairs are
            ignored (byte-identical files still group).

    Returns:
        Groups of two or more, by reclaimable bytes (largest first) then reference path; members
        reference first, then by distance, then path.
    """
    with _collector_paused():
        return _build_groups(photos, pairs, threshold, keep_rules, not_duplicates)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while groups are built. Building tens of thousands of members
    and groups makes it run again and again over every photo held (a million objects at 100,000
    photos), ~0.4 s of a regroup that needs ~1 s; nothing built here forms a cycle. Restores
    what was there (a caller may have paused it already)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _build_groups(
    photos: Sequence[Photo],
    pairs: Pairs,
    threshold: int,
    keep_rules: Sequence[KeepRule],
    not_duplicates: Collection[frozenset[str]],
) -> tuple[Group, ...]:
    n = len(photos)
    if n < 2:
        return ()
    digest_id, ids = _digest_ids(photos)
    indptr, partner, distance, variant, labels = _adjacency(
        n, pairs, threshold, digest_id, ids, not_duplicates
    )
    # Byte-identical copies: photos sharing a digest, as CSR rows keyed by digest id.
    same_count = np.bincount(digest_id, minlength=len(ids))
    by_digest = np.argsort(digest_id, kind="stable")
    digest_ptr = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum(same_count, out=digest_ptr[1:])

    # Photos without any partner never group: rank only the others.
    candidates = np.flatnonzero((np.diff(indptr) > 0) | (same_count[digest_id] > 1))
    ranked = candidates[keep.order([photos[k] for k in candidates.tolist()], keep_rules)]

    indptr_l = indptr.tolist()
    partner_l, distance_l, variant_l = partner.tolist(), distance.tolist(), variant.tolist()
    digest_l, digest_ptr_l = digest_id.tolist(), digest_ptr.tolist()
    by_digest_l = by_digest.tolist()
    free = bytearray(b"\x01") * n
    found: list[tuple[int, list[tuple[int, int, str]]]] = []
    for ref in ranked.tolist():
        if not free[ref]:
            continue
        free[ref] = 0
        members: list[tuple[int, int, str]] = []  # (photo, distance, match)
        d = digest_l[ref]
        for other in by_digest_l[digest_ptr_l[d] : digest_ptr_l[d + 1]]:
            if free[other]:
                free[other] = 0
                members.append((other, 0, IDENTICAL))
        for e in range(indptr_l[ref], indptr_l[ref + 1]):
            other = partner_l[e]
            if free[other]:
                free[other] = 0
                members.append((other, distance_l[e], _match_label(variant_l[e], labels)))
        if members:
            found.append((ref, members))
    # the crop relations of every rigid member at once (`crop_label`), then the groups
    _tell_crops([(photos[ref], photos[k], match) for ref, ms in found for k, _d, match in ms])
    ordered = [_group(photos, ref, members) for ref, members in found]
    ordered.sort(key=lambda made: (-made[1], str(made[0].reference.photo.path)))
    return tuple(group for group, _freed in ordered)


def _group(
    photos: Sequence[Photo], ref: int, members: list[tuple[int, int, str]]
) -> tuple[Group, int]:
    """The group of `members` around `ref`, and the bytes it proposes to free (its reclaimable,
    worked out here once rather than again by the sort)."""
    reference = photos[ref]
    exact = all(match == IDENTICAL for _, _, match in members)
    # Kept: protected photos, copies left for the user to look at (`caution.needs_a_look`:
    # crops, other shapes, mostly flat pictures), and in a group of look-alikes one copy of each
    # file of several frames or pages (see `Group.irreplaceable`): the first met, unless the
    # reference is one.
    kept = Member(reference, 0, REFERENCE, keep=True)
    if len(members) > 1:
        members = sorted(members, key=lambda m: (m[1], str(photos[m[0]].path)))
    labelled = [
        Member(
            photos[k],
            dist,
            match if match == IDENTICAL else crop_label(reference, photos[k], match),
            keep=True,
        )
        for k, dist, match in members
    ]
    held = {reference.digest}
    rest = []
    freed = 0
    for member, look in zip(labelled, needs_a_look_each(kept, labelled), strict=True):
        photo = member.photo
        framed = photo.frames > 1 and not exact and photo.digest not in held
        if framed:
            held.add(photo.digest)
        if not (photo.in_reference_root or framed or look):
            member = Member(photo, member.distance, member.match, keep=False)
            freed += photo.size
        rest.append(member)
    kind = GroupKind.EXACT if exact else GroupKind.SIMILAR
    return Group(kind=kind, members=(kept, *rest)), freed
