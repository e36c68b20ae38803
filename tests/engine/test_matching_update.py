"""An update of a search (only the pairs with a new photo searched and confirmed) equals a search
of the changed library from scratch: photos added, removed, reordered, duplicated or blank."""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from PIL import Image

from dupviewer.engine import matching
from dupviewer.engine.decoding import decode_reduced
from dupviewer.engine.fingerprint import CROPPED, TURNED_CROPPED, UPRIGHT, fingerprint_image
from dupviewer.engine.matching import Hypotheses, search
from dupviewer.engine.model import Fingerprint
from tests.images import crop_margins, make_photo

T = Image.Transpose


def _fp(img: Image.Image, quality: int = 90) -> Fingerprint:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    return fingerprint_image(decode_reduced(buf.getvalue(), "x.jpg").image)


@pytest.fixture(scope="module")
def photos() -> list[Fingerprint]:
    """Families of copies with every kind of hypothesis (upright, turned, mirrored, cropped,
    turned crops), an original with many turned copies (its partner list is full), look-alikes,
    unrelated photos and blank ones."""
    fps = []
    for seed in range(4):
        orig = make_photo(100 + seed, (640, 480))
        crop = crop_margins(orig, 0.10, 0.18, 0.20, 0.12)
        fps += [
            _fp(orig, 95),
            _fp(orig.resize((320, 240)), 70),
            _fp(orig.transpose(T.ROTATE_270)),
            _fp(orig.transpose(T.FLIP_LEFT_RIGHT)),
            _fp(crop),
            _fp(crop_margins(orig, 0.04, 0.03, 0.05, 0.02)),
            _fp(crop.transpose(T.ROTATE_90)),
            _fp(crop.transpose(T.ROTATE_180)),
        ]
    many = make_photo(200, (600, 400))
    turns = (T.ROTATE_90, T.ROTATE_180, T.ROTATE_270, T.FLIP_LEFT_RIGHT, T.TRANSPOSE)
    fps += [_fp(many.transpose(t), quality) for t in turns for quality in (95, 70)]
    fps += [_fp(crop_margins(many, 0.1, 0.1, 0.12, 0.08))]
    wide = make_photo(300, (1200, 400))
    fps += [_fp(wide.crop((0, 0, 600, 400))), _fp(wide.crop((200, 0, 800, 400)))]
    fps += [_fp(make_photo(400 + seed)) for seed in range(4)]
    fps += [_fp(Image.new("RGB", (300, 200), (220, 20, 20)))] * 2  # blank, twice
    return fps


def _assert_same(got: Hypotheses, expected: Hypotheses) -> None:
    for name in ("i", "j", "distance", "variant", "window", "score"):
        assert np.array_equal(getattr(got, name), getattr(expected, name)), name
    assert (got.n, got.ceiling, got.rotations, got.crops) == (
        expected.n,
        expected.ceiling,
        expected.rotations,
        expected.crops,
    )
    m, e = got.matches(), expected.matches()
    for name in ("i", "j", "distance", "variant", "score"):
        assert np.array_equal(getattr(m, name), getattr(e, name)), name


def _update(old: list[int], new: list[int], fps: list[Fingerprint], **kwargs) -> Hypotheses:
    """Search the photos `old` (indexes into fps), then update that search to `new`."""
    previous = search([fps[k] for k in old], 16, **kwargs)
    where = {}
    for position, k in enumerate(old):
        where.setdefault(k, []).append(position)
    kept = np.array([where[k].pop(0) if where.get(k) else -1 for k in new])
    return search([fps[k] for k in new], 16, previous=previous, kept=kept, **kwargs)


def test_the_library_finds_every_kind_of_hypothesis(photos):
    found = search(photos, 16)
    kinds = set(found.matches().variant.tolist())
    assert UPRIGHT in kinds and CROPPED in kinds
    assert any(0 <= v < CROPPED for v in kinds)  # turned or mirrored
    assert any(v >= TURNED_CROPPED for v in kinds)  # composed turned crops
    assert (found.score == -1).any()  # crops explained by a rigid match, never confirmed


@pytest.mark.parametrize("partners", [matching._TURN_PARTNERS, 1])
@pytest.mark.parametrize("seed", range(4))
def test_an_update_equals_a_search_from_scratch(photos, monkeypatch, seed, partners):
    monkeypatch.setattr(matching, "_TURN_PARTNERS", partners)  # 1: partner lists change often
    rng = random.Random(seed)
    everything = list(range(len(photos)))
    old = rng.sample(everything, len(photos) * 2 // 3)
    new = rng.sample(old, len(old) * 3 // 4) + rng.sample(everything, len(photos) // 3)
    rng.shuffle(new)  # removed, added, duplicated (a photo sampled twice) and reordered
    expected = search([photos[k] for k in new], 16)
    _assert_same(_update(old, new, photos), expected)


@pytest.mark.parametrize(
    "change",
    ["same", "reordered", "only removed", "only added", "all new", "twice"],
)
def test_updates_at_the_edges(photos, change):
    everything = list(range(len(photos)))
    old = everything[: len(photos) // 2]
    new = {
        "same": old,
        "reordered": old[::-1],
        "only removed": old[::2],
        "only added": old + everything[len(old) :],
        "all new": everything[len(old) :],
        "twice": old + old,  # every photo gains a byte-identical twin
    }[change]
    _assert_same(_update(old, new, photos), search([photos[k] for k in new], 16))


@pytest.mark.parametrize("variants", [(True, False), (False, True), (False, False)])
def test_an_update_without_some_variants(photos, variants):
    rotations, crops = variants
    old, new = list(range(0, 30)), list(range(10, len(photos)))
    expected = search([photos[k] for k in new], 16, rotations, crops)
    _assert_same(_update(old, new, photos, rotations=rotations, crops=crops), expected)


def test_an_update_searches_only_pairs_with_a_new_photo(photos, monkeypatch):
    """What is searched and confirmed again: the new photos' hypotheses only."""
    previous = search(photos[8:], 16)  # the first family (8 photos) comes in new
    confirmed = []
    real = matching.confirm

    def spy(fps, ci, cj, *rest):  # noqa: ANN001, ANN002, ANN202
        confirmed.extend(zip(ci.tolist(), cj.tolist(), strict=True))
        return real(fps, ci, cj, *rest)

    monkeypatch.setattr(matching, "confirm", spy)
    kept = np.array([-1] * 8 + list(range(len(photos) - 8)))
    search(photos, 16, previous=previous, kept=kept)
    assert confirmed and all(i < 8 or j < 8 for i, j in confirmed)


def test_an_update_refuses_other_settings_or_a_bad_map(photos):
    previous = search(photos[:10], 16)
    kept = np.arange(10)
    with pytest.raises(ValueError):
        search(photos[:10], 12, previous=previous, kept=kept)
    with pytest.raises(ValueError):
        search(photos[:10], 16, rotations=False, previous=previous, kept=kept)
    with pytest.raises(ValueError):
        search(photos[:10], 16, previous=previous, kept=np.zeros(10, int))  # photo 0 ten times
    with pytest.raises(ValueError):
        search(photos[:10], 16, previous=previous, kept=np.arange(9))
