"""Turned crops composed from crop candidates and turned copies: found, and bounded in work."""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from PIL import Image

from dupviewer.engine import matching
from dupviewer.engine.decoding import decode_reduced
from dupviewer.engine.fingerprint import (
    INVERSE_VARIANT,
    N_DIHEDRAL,
    VARIANT_LABELS,
    fingerprint_image,
)
from dupviewer.engine.matching import UPRIGHT, find_matches, find_pairs
from dupviewer.engine.model import Fingerprint
from tests.images import crop_margins, make_photo

T = Image.Transpose
K = matching._TURN_PARTNERS


def _fp(img: Image.Image) -> Fingerprint:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=90)
    return fingerprint_image(decode_reduced(buf.getvalue(), "x.jpg").image)


@pytest.fixture(scope="module")
def family() -> dict[str, Fingerprint]:
    """An original, its crop, turned copies of both, and two unrelated photos."""
    orig = make_photo(100, (640, 480))
    crop = crop_margins(orig, 0.10, 0.18, 0.20, 0.12)
    imgs = {
        "original": orig,
        "crop": crop,
        "crop rotated 90": crop.transpose(T.ROTATE_270),  # PIL turns counter-clockwise
        "original mirrored": orig.transpose(T.FLIP_LEFT_RIGHT),
        "crop rotated 180": crop.transpose(T.ROTATE_180),
        "unrelated a": make_photo(301),
        "unrelated b": make_photo(302),
    }
    return {name: _fp(img) for name, img in imgs.items()}


def _labels(fps: dict[str, Fingerprint]) -> dict[tuple[str, str], str]:
    names = list(fps)
    pairs = find_pairs([fps[n] for n in names], 10)
    return {
        (names[i], names[j]): "upright" if v < 0 else VARIANT_LABELS[v]
        for i, j, v in zip(pairs.i.tolist(), pairs.j.tolist(), pairs.variant.tolist(), strict=True)
    }


def test_a_turned_copy_of_a_crop_pairs_with_the_original_as_a_turned_crop(family):
    # p, q = crop of p, s = q turned by 90: (p, s) is composed from the crop pair (p, q) and the
    # rigid pair (q, s), and confirmed on its own.
    names = ("original", "crop", "crop rotated 90")
    got = _labels({n: family[n] for n in names})
    assert got[("original", "crop")] == "cropped"
    assert got[("crop", "crop rotated 90")] == "rotated 90"
    assert got[("original", "crop rotated 90")] == "rotated 90 + cropped"
    assert got[("crop rotated 90", "original")] == "rotated 270 + uncropped"
    # turned on both sides: the mirrored original and the crop turned by 180
    got = _labels(family)
    assert got[("original mirrored", "crop rotated 180")] == "mirrored + rotated 180 + cropped"
    for name in ("unrelated a", "unrelated b"):
        assert not any(name in pair for pair in got)


def test_blocks_steps_and_chunks_change_no_match(family, monkeypatch):
    fps = list(family.values())
    before = find_matches(fps, 16)
    monkeypatch.setattr(matching, "_COMPOSE_STEP", 3)
    monkeypatch.setattr(matching, "_WINDOW_OWNERS", 2)
    monkeypatch.setattr(matching, "_WINDOW_CHUNK", 5)
    after = find_matches(fps, 16)
    assert int(np.count_nonzero(before.variant >= matching.fpmod.TURNED_CROPPED)) >= 4
    for name in ("i", "j", "distance", "variant", "score"):
        assert np.array_equal(getattr(before, name), getattr(after, name)), name


def _reference(n, seeds, rigid, composable, partners) -> set[tuple[int, int, int]]:
    """The documented rule in plain Python: each photo composes with itself and its `partners`
    closest turned copies (distance, then index, then turn)."""
    inv = INVERSE_VARIANT[:N_DIHEDRAL]
    entries: dict[int, dict[tuple[int, int], int]] = {}
    for a, b, v, d in zip(*(x.tolist() for x in rigid), strict=True):
        if v == UPRIGHT:
            continue
        for x, y, turn in ((a, b, v), (b, a, inv[v])):
            old = entries.setdefault(x, {}).get((y, turn), d)
            entries[x][(y, turn)] = min(old, d)
    lists = {
        x: [(x, UPRIGHT)] + sorted(e, key=lambda yt, e=e: (e[yt], yt))[:partners]
        for x, e in entries.items()
    }
    out = set()
    for p, q in zip(*(s.tolist() for s in seeds), strict=True):
        for r, x in lists.get(p, [(p, UPRIGHT)]):
            undo = UPRIGHT if x < 0 else inv[x]
            for s, y in lists.get(q, [(q, UPRIGHT)]):
                k = int(matching._COMPOSE[undo + 1, y + 1])
                if k >= 0 and r != s and composable[s]:
                    out.add((r, s, k))
    return out


def _look_alike_library(n: int, matches: int, crops: int, seed: int):
    """Chance rigid matches (random partners, turns and distances up to 10; some repeated in
    another orientation) and random crop candidates: a folder of screenshots or scanned pages."""
    rng = random.Random(seed)
    rigid = [(rng.randrange(n), rng.randrange(n)) for _ in range(matches)]
    rigid += rigid[: matches // 10]
    a, b = (np.array(col) for col in zip(*[ab for ab in rigid if ab[0] != ab[1]], strict=True))
    v = np.array([rng.randrange(-1, N_DIHEDRAL) for _ in a], dtype=np.int16)
    d = np.array([rng.randrange(11) for _ in a], dtype=np.uint8)
    pairs = [(rng.randrange(n), rng.randrange(n)) for _ in range(crops)]
    p, q = (np.array(col) for col in zip(*[pq for pq in pairs if pq[0] != pq[1]], strict=True))
    composable = np.array([rng.random() < 0.9 for _ in range(n)])
    return (p, q), (a, b, v, d), composable


def _hypotheses(n, seeds, rigid, composable, partners) -> list[tuple[int, int, int]]:
    out = []
    for r, s, k in matching._composed_turns(n, seeds, rigid, composable, partners):
        out.extend(zip(r.tolist(), s.tolist(), k.tolist(), strict=True))
    return out


def test_look_alike_partners_are_bounded_to_the_closest_few(monkeypatch):
    # 400 photos with ~40 chance matches each (3/4 of them turned), 200 crop candidates
    n = 400
    seeds, rigid, composable = _look_alike_library(n, 20 * n, n // 2, seed=7)
    monkeypatch.setattr(matching, "_COMPOSE_STEP", 5000)  # many steps: dedup across them
    bounded = _hypotheses(n, seeds, rigid, composable, K)
    unbounded = _hypotheses(n, seeds, rigid, composable, n)
    assert bounded == sorted(set(bounded))  # distinct, in (r, s, k) order
    assert set(bounded) == _reference(n, seeds, rigid, composable, K)
    assert set(unbounded) == _reference(n, seeds, rigid, composable, n)
    # Each photo has ~30 turned look-alikes; the bound keeps its 8 closest, so a crop candidate
    # composes at most (K + 1)^2 - 1 hypotheses, ~15x fewer than without it here.
    distinct_seeds = len(set(zip(*(s.tolist() for s in seeds), strict=True)))
    assert len(bounded) <= distinct_seeds * ((K + 1) ** 2 - 1)
    assert len(bounded) < len(unbounded) / 8


def test_copy_lists_hold_the_closest_turned_copies_ties_by_index():
    # photo 0: 12 turned copies (1..12) at distances 9, 8, ..., with ties, and upright copies
    others = np.arange(1, 13)
    dist = np.array([9, 8, 7, 7, 6, 5, 5, 4, 3, 3, 2, 9], dtype=np.uint8)
    a = np.concatenate([np.zeros(12, np.intp), [0, 0]])
    b = np.concatenate([others, [13, 14]])
    v = np.concatenate([np.full(12, 0, np.int16), [UPRIGHT, UPRIGHT]]).astype(np.int16)
    d = np.concatenate([dist, [0, 0]]).astype(np.uint8)
    start, other, turn = matching._copy_lists(15, (a, b, v, d), K)
    mine = other[start[0] : start[1]].tolist()
    closest = sorted(range(12), key=lambda k: (dist[k], others[k]))[:K]
    assert mine == [0, *(int(others[k]) for k in closest)]  # itself first, upright copies out
    assert turn[start[0]] == UPRIGHT and set(turn[start[0] + 1 : start[1]].tolist()) == {0}
    # the other side sees photo 0 turned back (rotated 90 undone by rotated 270)
    assert other[start[5] : start[6]].tolist() == [5, 0]
    assert turn[start[5] + 1] == INVERSE_VARIANT[0]
    assert other[start[13] : start[14]].tolist() == [13]  # an upright copy composes via seeds
