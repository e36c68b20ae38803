"""Which copy to keep: an ordered list of `KeepRule`s, the first rule that differs decides.

`priority_key` gives one photo's sort key (smaller = better keeper); `order` ranks a whole library
at once with numpy (regrouping 100,000 photos must take well under a second); both give exactly the
same order, with the path as the final tie-break so the choice never depends on input order.
(A file of several frames or pages is not ranked apart: it is kept besides the keeper, see
`Group.irreplaceable`.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timezone

import numpy as np

from dupviewer.engine.model import PREFERRED_FORMATS, KeepRule, Photo

__all__ = ["order", "priority_key", "rank"]

_UNKNOWN_FORMAT = len(PREFERRED_FORMATS)  # formats not in the list sort after every listed one
_EPOCH = datetime(1970, 1, 1)
# File sizes are compared to 9 significant bits (within ~0.2-0.4% they tie): bytes of metadata
# do not make a better copy. Two files with the same pixels, one with an EXIF orientation tag
# 12 bytes longer that shows it sideways, were decided by those 12 bytes; now the next rule does.
# A re-encoded copy differs by far more than that.
_SIZE_STEPS = 512


def size_class(size: int) -> int:
    """`size` rounded down to 9 significant bits, as one comparable int (exact below 512)."""
    mantissa, exponent = math.frexp(float(size))
    return exponent * _SIZE_STEPS + int(mantissa * _SIZE_STEPS)


def _size_classes(sizes: np.ndarray) -> np.ndarray:
    """`size_class` of many sizes (the same float steps, so the same classes)."""
    mantissa, exponent = np.frexp(sizes.astype(np.float64))
    return exponent.astype(np.int64) * _SIZE_STEPS + (mantissa * _SIZE_STEPS).astype(np.int64)


def _format_rank(fmt: str | None) -> int:
    name = (fmt or "").upper()
    if name == "JPG":
        name = "JPEG"
    elif name == "HEIC":
        name = "HEIF"
    return PREFERRED_FORMATS.index(name) if name in PREFERRED_FORMATS else _UNKNOWN_FORMAT


def _taken_seconds(taken: datetime | None) -> float:
    """Seconds since 1970 as written on the camera clock; missing dates sort last (+inf).

    Naive EXIF dates are compared as they are (no local-time conversion, which can fail for odd
    years); aware ones are first brought to UTC.
    """
    if taken is None:
        return float("inf")
    if taken.tzinfo is not None:
        taken = taken.astimezone(timezone.utc).replace(tzinfo=None)
    return (taken - _EPOCH).total_seconds()


def _component(photo: Photo, rule: KeepRule) -> object:
    if rule == KeepRule.REFERENCE_ROOT:
        return 0 if photo.in_reference_root else 1
    if rule == KeepRule.HIGHEST_RESOLUTION:
        return -photo.pixels
    if rule == KeepRule.LARGEST_FILE:
        return -size_class(photo.size)
    if rule == KeepRule.PREFERRED_FORMAT:
        return _format_rank(photo.format)
    if rule == KeepRule.OLDEST_DATE_TAKEN:
        return _taken_seconds(photo.date_taken)
    if rule == KeepRule.OLDEST_MTIME:
        return photo.mtime_ns
    if rule == KeepRule.SHORTEST_PATH:
        return len(str(photo.path))
    raise ValueError(f"unknown keep rule {rule!r}")


def priority_key(photo: Photo, rules: Sequence[KeepRule]) -> tuple:
    """Sort key of one photo under `rules` (applied in order); smaller means a better keeper.

    The path string ends the key, so two photos never tie.
    """
    return (*(_component(photo, KeepRule(rule)) for rule in rules), str(photo.path))


def rank(photos: Sequence[Photo], rules: Sequence[KeepRule]) -> list[Photo]:
    """The photos best keeper first."""
    return [photos[k] for k in order(photos, rules)]


def _column(photos: Sequence[Photo], rule: KeepRule, paths: list[str]) -> np.ndarray:
    if rule == KeepRule.REFERENCE_ROOT:
        return np.fromiter((not p.in_reference_root for p in photos), np.int8, len(photos))
    if rule == KeepRule.HIGHEST_RESOLUTION:
        return -np.fromiter((p.pixels for p in photos), np.int64, len(photos))
    if rule == KeepRule.LARGEST_FILE:
        return -_size_classes(np.fromiter((p.size for p in photos), np.int64, len(photos)))
    if rule == KeepRule.PREFERRED_FORMAT:
        return np.fromiter((_format_rank(p.format) for p in photos), np.int16, len(photos))
    if rule == KeepRule.OLDEST_DATE_TAKEN:
        return np.fromiter((_taken_seconds(p.date_taken) for p in photos), np.float64, len(photos))
    if rule == KeepRule.OLDEST_MTIME:
        return np.fromiter((p.mtime_ns for p in photos), np.int64, len(photos))
    if rule == KeepRule.SHORTEST_PATH:
        return np.fromiter(map(len, paths), np.int64, len(paths))
    raise ValueError(f"unknown keep rule {rule!r}")


def order(photos: Sequence[Photo], rules: Sequence[KeepRule]) -> np.ndarray:
    """Indexes of `photos`, best keeper first: the order `priority_key` gives, vectorised."""
    if len(photos) == 0:
        return np.zeros(0, dtype=np.intp)
    paths = [str(p.path) for p in photos]
    by_path = np.argsort(np.array(paths), kind="stable")
    path_rank = np.empty(len(photos), dtype=np.int64)
    path_rank[by_path] = np.arange(len(photos))
    # np.lexsort sorts by the last key first: the first rule goes last, the path tie-break first
    columns = (_column(photos, KeepRule(rule), paths) for rule in reversed(list(rules)))
    keys = [path_rank, *columns]
    return np.lexsort(keys)
