"""How two members of a group are turned relative to each other, from their match labels.

Why: a group's labels ("rotated 90", "mirrored", ...) say how each member looks next to the
group's reference, but the copy kept may be another member. The closer look turns a copy back
into the kept copy's orientation, and `caution` leaves a copy turned relative to the kept one to
the user: which way round is right is theirs to say.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from dupviewer.engine import fingerprint as fpmod
from dupviewer.engine.model import IDENTICAL, LOOKED_UP, REFERENCE, SIMILAR

UPRIGHT_LABELS = (SIMILAR, REFERENCE, IDENTICAL, LOOKED_UP)  # labels of a copy not turned


def turn_of(match: str) -> int | None:
    """The dihedral variant of a plain match (-1: upright), None for any other label."""
    if match in UPRIGHT_LABELS:
        return -1
    labels = fpmod.VARIANT_LABELS[: fpmod.N_DIHEDRAL]
    return labels.index(match) if match in labels else None


def relative_match(keeper_match: str, copy_match: str) -> str | None:
    """How a copy looks next to the keeper ("similar", "rotated 90", ...) when both labels are
    relative to the group's reference (the app's keeper may be another photo than it); None
    when either is not a plain turn (a crop)."""
    keeper, copy = turn_of(keeper_match), turn_of(copy_match)
    if keeper is None or copy is None:
        return None
    turn = relative_turn(keeper, copy)
    return SIMILAR if turn < 0 else fpmod.VARIANT_LABELS[turn]


def turned_apart(keeper_match: str, copy_match: str) -> bool:
    """Whether a copy looks turned or mirrored next to the keeper (labels as in
    `relative_match`; a crop's label counts as upright: crops are told apart elsewhere)."""
    if keeper_match == copy_match or (
        keeper_match in UPRIGHT_LABELS and copy_match in UPRIGHT_LABELS
    ):
        return False  # the usual case, without a look-up
    keeper, copy = turn_of(keeper_match), turn_of(copy_match)
    if keeper is None or copy is None:
        return False
    return relative_turn(keeper, copy) >= 0


@cache
def relative_turn(keeper: int, copy: int) -> int:
    """w with "the reference turned by `copy`" = "the reference turned by `keeper`, then by w"
    (-1: none), found on a probe array; 64 pairs at most, each worked out once (the app asks
    for every mark on the GUI thread)."""
    probe = np.arange(12).reshape(3, 4)
    target = _turned(probe, copy)
    for w in range(-1, fpmod.N_DIHEDRAL):
        candidate = _turned(_turned(probe, keeper), w)
        if candidate.shape == target.shape and np.array_equal(candidate, target):
            return w
    raise AssertionError("the eight turns form a group: one of them fits")


def _turned(pixels: np.ndarray, turn: int) -> np.ndarray:
    return pixels if turn < 0 else fpmod.apply_variant(pixels, turn)
