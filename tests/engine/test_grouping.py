"""grouping: the reference rule on hand-written hashes (chains, thresholds, identical bytes)."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest

from dupviewer.engine.grouping import build_groups
from dupviewer.engine.model import DEFAULT_KEEP_RULES, Fingerprint, GroupKind, KeepRule, Photo

RULES = (KeepRule.LARGEST_FILE, KeepRule.SHORTEST_PATH)


@dataclass(frozen=True)
class FakePairs:
    """The shape of matching.Pairs: symmetric i, j, distance (uint8), variant (int16)."""

    i: np.ndarray
    j: np.ndarray
    distance: np.ndarray
    variant: np.ndarray


def photo(name: str, h: int, size: int = 1000, **fields: object) -> Photo:
    base = Photo(
        path=Path("/lib") / name,
        size=size,
        mtime_ns=0,
        dev=1,
        inode=0,
        width=100,
        height=100,
        format="JPEG",
        fingerprint=Fingerprint(hash=h),
        digest=f"digest-{name}",
    )
    return replace(base, **fields)


def pairs_of(photos: list[Photo], up_to: int = 64, variants: dict | None = None) -> FakePairs:
    """Every pair within `up_to` by brute force, both directions (what matching returns)."""
    h = np.array([p.fingerprint.hash for p in photos], dtype=np.uint64)
    dist = np.bitwise_count(h[:, None] ^ h[None, :])
    i, j = np.nonzero((dist <= up_to) & ~np.eye(len(h), dtype=bool))
    variant = np.full(len(i), -1, np.int16)
    for (a, b), v in (variants or {}).items():
        variant[(i == a) & (j == b)] = v
    return FakePairs(i, j, dist[i, j].astype(np.uint8), variant)


def bits(n: int, offset: int = 0) -> int:
    """A hash with n set bits starting at bit `offset`."""
    return ((1 << n) - 1) << offset


def summary(groups) -> list[list[tuple[str, int, str, bool]]]:  # noqa: ANN001
    return [[(m.path.name, m.distance, m.match, m.keep) for m in g.members] for g in groups]


def test_chain_never_merges_and_best_photo_is_reference() -> None:
    # A~B (6 bits), B~C (6 bits), A-C 12 bits apart: beyond the threshold of 10.
    a, b, c = bits(0), bits(6), bits(12)
    photos = [photo("a.jpg", a, size=3000), photo("b.jpg", b, size=2000), photo("c.jpg", c)]
    groups = build_groups(photos, pairs_of(photos), 10, RULES)
    assert summary(groups) == [
        [("a.jpg", 0, "reference", True), ("b.jpg", 6, "similar", False)],
    ]
    # When B is the best copy, both neighbours are within 10 of it: one group around B.
    photos[1] = replace(photos[1], size=9000)
    groups = build_groups(photos, pairs_of(photos), 10, RULES)
    assert summary(groups) == [
        [
            ("b.jpg", 0, "reference", True),
            ("a.jpg", 6, "similar", False),
            ("c.jpg", 6, "similar", False),
        ],
    ]
    assert groups[0].kind is GroupKind.SIMILAR
    assert all(m.distance <= 10 for g in groups for m in g.members)


def test_threshold_zero_and_regrouping_from_wider_pairs() -> None:
    photos = [
        photo("a.jpg", bits(3), size=5),
        photo("b.jpg", bits(3), size=4),
        photo("c.jpg", bits(4), size=3),
        photo("d.jpg", bits(9), size=2),
    ]
    wide = pairs_of(photos, up_to=32)  # found once at a high threshold
    assert summary(build_groups(photos, wide, 0, RULES)) == [
        [("a.jpg", 0, "reference", True), ("b.jpg", 0, "similar", False)],
    ]
    assert [len(g.members) for g in build_groups(photos, wide, 1, RULES)] == [3]
    assert [len(g.members) for g in build_groups(photos, wide, 6, RULES)] == [4]
    # regrouping from wide pairs equals grouping from pairs found at that threshold
    for t in range(0, 8):
        assert summary(build_groups(photos, wide, t, RULES)) == summary(
            build_groups(photos, pairs_of(photos, up_to=t), t, RULES)
        )


def test_empty_and_single_inputs() -> None:
    empty = pairs_of([])
    assert build_groups([], empty, 10, RULES) == ()
    one = [photo("a.jpg", 1)]
    assert build_groups(one, pairs_of(one), 10, RULES) == ()
    far = [photo("a.jpg", bits(0)), photo("b.jpg", bits(40))]
    assert build_groups(far, pairs_of(far), 10, RULES) == ()


def test_identical_bytes_always_group_even_without_pairs() -> None:
    # Blank images get no similarity pairs, and these hashes are far apart anyway.
    photos = [
        photo("IMG_1 (copy).png", bits(0), size=100, digest="same"),
        photo("IMG_1.png", bits(50), size=100, digest="same"),
        photo("other.png", bits(20), size=100),
    ]
    groups = build_groups(photos, pairs_of(photos, up_to=-1), 10, RULES)
    assert summary(groups) == [
        [("IMG_1.png", 0, "reference", True), ("IMG_1 (copy).png", 0, "identical bytes", False)],
    ]
    assert groups[0].kind is GroupKind.EXACT
    assert groups[0].reclaimable == 100


def test_identical_and_similar_members_make_a_similar_group() -> None:
    photos = [
        photo("a.jpg", bits(0), size=10, digest="x"),
        photo("b.jpg", bits(0), size=10, digest="x"),
        photo("c.jpg", bits(2), size=5),
    ]
    groups = build_groups(photos, pairs_of(photos), 10, RULES)
    assert summary(groups) == [
        [
            ("a.jpg", 0, "reference", True),
            ("b.jpg", 0, "identical bytes", False),
            ("c.jpg", 2, "similar", False),
        ],
    ]
    assert groups[0].kind is GroupKind.SIMILAR


def test_not_duplicates_are_ignored_but_identical_bytes_stay() -> None:
    photos = [
        photo("a.jpg", bits(0), size=10, digest="da"),
        photo("b.jpg", bits(2), size=9, digest="db"),
        photo("c.jpg", bits(0), size=8, digest="da"),  # byte-identical to a
    ]
    pairs = pairs_of(photos)
    marked = {frozenset({"da", "db"}), frozenset({"da"}), frozenset({"zz", "yy"})}
    groups = build_groups(photos, pairs, 10, RULES, not_duplicates=marked)
    assert summary(groups) == [
        [("a.jpg", 0, "reference", True), ("c.jpg", 0, "identical bytes", False)],
    ]
    assert len(build_groups(photos[:2], pairs_of(photos[:2]), 10, RULES, marked)) == 0


def test_protected_members_are_kept_and_protected_copy_is_reference() -> None:
    photos = [
        photo("backup/a.jpg", bits(0), size=10, in_reference_root=True),
        photo("phone/a.jpg", bits(1), size=50),
        photo("archive/a.jpg", bits(2), size=20, in_reference_root=True),
    ]
    groups = build_groups(photos, pairs_of(photos), 10, DEFAULT_KEEP_RULES)
    (group,) = groups
    assert group.reference.path.name == "a.jpg" and group.reference.photo.in_reference_root
    assert group.reference.path.parent.name == "archive"  # protected, then larger
    assert [(m.path.parent.name, m.keep) for m in group.members] == [
        ("archive", True),
        ("phone", False),  # distance 1
        ("backup", True),  # distance 2
    ]
    assert group.reclaimable == 50


def test_variant_labels() -> None:
    photos = [photo("a.jpg", bits(0), size=5000), photo("b.jpg", bits(3)), photo("c.jpg", bits(60))]
    # b looks like a turned by 90 degrees; c is a's mirror (found through a variant hash).
    pairs = pairs_of(photos, up_to=3, variants={(0, 1): 0, (1, 0): 2})
    c_pair = FakePairs(
        np.r_[pairs.i, 0, 2],
        np.r_[pairs.j, 2, 0],
        np.r_[pairs.distance, 1, 1].astype(np.uint8),
        np.r_[pairs.variant, 3, 3].astype(np.int16),
    )
    (group,) = build_groups(photos, c_pair, 10, RULES)
    assert [(m.path.name, m.match) for m in group.members] == [
        ("a.jpg", "reference"),
        ("c.jpg", "mirrored"),
        ("b.jpg", "rotated 90"),
    ]
    # one-sided input: only (b, a) "a looks like b turned by 270"; a is still the reference
    one_sided = FakePairs(
        np.array([1]), np.array([0]), np.array([3], np.uint8), np.array([2], np.int16)
    )
    (group,) = build_groups(photos, one_sided, 10, RULES)
    assert [(m.path.name, m.match) for m in group.members] == [
        ("a.jpg", "reference"),
        ("b.jpg", "rotated 90"),
    ]


def test_order_is_deterministic_and_by_reclaimable_bytes() -> None:
    rnd = random.Random(7)
    photos = []
    for k in range(30):  # 10 clusters of 3 with random sizes
        centre = bits(1, 6 * (k // 3))
        photos.append(photo(f"p{k:02d}.jpg", centre ^ bits(k % 3), size=rnd.randint(1, 10**6)))
    groups = build_groups(photos, pairs_of(photos, up_to=10), 3, RULES)
    reclaim = [g.reclaimable for g in groups]
    assert reclaim == sorted(reclaim, reverse=True)
    for g in groups:
        rest = [(m.distance, str(m.path)) for m in g.members[1:]]
        assert rest == sorted(rest)
        assert g.members[0].photo.size == max(m.photo.size for m in g.members)
    # the same photos in another order give the same groups
    shuffled = photos[:]
    rnd.shuffle(shuffled)
    again = build_groups(shuffled, pairs_of(shuffled, up_to=10), 3, RULES)
    assert summary(again) == summary(groups)
    assert sum(len(g.members) for g in groups) == 30


def test_grouping_leaves_the_cycle_collector_as_it_found_it() -> None:
    # build_groups pauses the collector for speed; the app must never be left without it.
    import gc

    photos = [photo("a.jpg", bits(0), size=3000), photo("b.jpg", bits(2))]
    was_on = gc.isenabled()
    try:
        for state in (True, False):
            (gc.enable if state else gc.disable)()
            assert summary(build_groups(photos, pairs_of(photos), 10, RULES)) == [
                [("a.jpg", 0, "reference", True), ("b.jpg", 2, "similar", False)]
            ]
            assert gc.isenabled() is state
        gc.enable()
        with pytest.raises(ValueError):  # an error on the way out restores it too
            build_groups(photos, pairs_of(photos), 10, ("no such rule",))  # type: ignore[arg-type]
        assert gc.isenabled()
    finally:
        (gc.enable if was_on else gc.disable)()
