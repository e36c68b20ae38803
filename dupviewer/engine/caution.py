"""Which copies are shown but never proposed for removal: the user looks and decides.

A group says "these look alike"; proposing one of two photos for removal says more: that the
other holds everything it holds. The matching compares 64-bit hashes and 32x32 thumbnails, which
is enough for camera photos, but three kinds of match can look alike there and still differ in
what a person keeps them for (QA, generated and real libraries):

- **a crop** (`Member.matched_as_crop`): one of the two shows what the other lacks, and
  flat-colour graphics can pass for crops of each other (a crop cut evenly from every border,
  which the hash takes for the same picture, is labelled one by `grouping.crop_label`);
- **another shape**: a resized or re-encoded copy keeps the picture's aspect ratio; a different
  one means borders were cut or added (a crop the hash saw as "similar" or "mirrored");
- **a turned or mirrored copy** (`orientation.turned_apart`): next to the kept copy it is shown
  another way round. Which way is right is the user's to say: a sideways camera original and
  the copy turned upright, a selfie and its mirror (QA: the keep rules kept a mirrored PNG, for
  its size, and trashed the original JPEG);
- **a mostly flat picture** (`mostly_flat`): pages, forms, screenshots, slides, charts, logos.
  The thumbnail shows their layout, and what tells two of them apart (the text, a small mark) is
  finer than it: 29 different forms of one template confirmed as copies of each other.

Byte-identical files are always copies. Anything else of those kinds is never marked by
auto-select nor removed by `dedupe`; marking it by hand works as for any photo.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dupviewer.engine import fingerprint as fpmod
from dupviewer.engine.model import Fingerprint, Member, Photo, is_crop_match
from dupviewer.engine.orientation import turned_apart

# A picture is "mostly flat" when at least this share of its 32x32 thumbnail lies within 5 grey
# levels of one tone. Camera photos of the dev library: median share 0.09, 14 of 305 at 0.25 or
# more (a white wall, a scanned print, a snow field). Generated pages, screenshots, slides and
# charts: 0.27-0.8; a page of text is white and grey bands at that size.
FLAT_SHARE = 0.25
_TONE = 5  # grey levels counted as one tone

# Aspect ratios (long side over short side) further apart than this share, plus two pixels of
# rounding on the shorter side, are different shapes. A resize rounds each side to a pixel.
SHAPE_TOLERANCE = 0.01

CROP = "crop"
SHAPE = "shape"
TURNED = "turned"
FLAT = "flat"


def needs_a_look(keeper: Member, member: Member) -> str | None:
    """Why `member` must not be proposed for removal while `keeper` is kept (CROP, SHAPE,
    TURNED or FLAT), or None when it may be. Labels are relative to the group's reference, so
    a crop of the reference is a crop of any plain copy of it too."""
    return needs_a_look_each(keeper, (member,))[0]


def needs_a_look_each(keeper: Member, members: Sequence[Member]) -> list[str | None]:
    """`needs_a_look(keeper, m)` for each of `members`, the keeper's side worked out once (a
    regroup asks for every member of every group)."""
    digest = keeper.photo.digest
    crop = keeper.matched_as_crop
    keeper_flat: bool | None = None
    out: list[str | None] = []
    for member in members:
        photo = member.photo
        if photo.digest == digest:
            out.append(None)
        elif crop or is_crop_match(member.match):
            out.append(CROP)
        elif not same_shape(keeper.photo, photo):
            out.append(SHAPE)
        elif turned_apart(keeper.match, member.match):
            out.append(TURNED)
        elif mostly_flat(photo):
            out.append(FLAT)
        else:
            if keeper_flat is None:
                keeper_flat = mostly_flat(keeper.photo)
            out.append(FLAT if keeper_flat else None)
    return out


def same_shape(a: Photo, b: Photo) -> bool:
    """Whether two photos have one aspect ratio, whichever way they are turned. Photos of
    unknown size (0) count as the same shape."""
    sides = sorted((a.width, a.height)), sorted((b.width, b.height))
    if min(sides[0][0], sides[1][0]) <= 0:
        return True
    ratio_a, ratio_b = sides[0][1] / sides[0][0], sides[1][1] / sides[1][0]
    slack = SHAPE_TOLERANCE + 2 / min(sides[0][0], sides[1][0])
    return abs(ratio_a / ratio_b - 1) <= slack


def mostly_flat(photo: Photo) -> bool:
    """Whether the photo's thumbnail is mostly one tone (see FLAT_SHARE). A photo without a
    thumbnail (an old cache entry) is not. Remembered by the fingerprint: a regroup asks again
    for every member (~15 us each here: 0.4 s for the
    27,000 photos in groups of a 100,000-photo library)."""
    fp = photo.fingerprint
    held = fp.derived
    if held is not None and "flat" in held:  # the usual case in a regroup: no closure made
        return bool(held["flat"])
    return bool(fp.memo("flat", lambda: _flat(fp)))


def _flat(fp: Fingerprint) -> bool:
    thumb = fpmod.detail_thumb(fp)
    if thumb is None:
        return False
    counts = np.bincount(thumb.reshape(-1), minlength=256).cumsum()
    widest = max(int((counts[_TONE:] - counts[:-_TONE]).max()), int(counts[_TONE - 1]))
    return widest >= FLAT_SHARE * thumb.size  # the most pixels in any window of _TONE levels
