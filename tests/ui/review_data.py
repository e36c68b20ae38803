"""Scan results for the review screen's tests, built directly from the engine's dataclasses over
generated photos (no scanner involved)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from images import make_photo, save
from PIL import Image

from dupviewer.engine.model import (
    Fingerprint,
    Group,
    GroupKind,
    Member,
    Photo,
    ScanOptions,
    ScanResult,
    ScanStats,
)


def photo_at(
    path: Path,
    *,
    date_taken: datetime | None = None,
    protected: bool = False,
    camera: str | None = None,
) -> Photo:
    """A `Photo` describing the file at `path` as the scanner would."""
    data = path.read_bytes()
    st = path.stat()
    with Image.open(path) as img:
        width, height, fmt = img.width, img.height, img.format or ""
    return Photo(
        path=path,
        size=st.st_size,
        mtime_ns=st.st_mtime_ns,
        dev=st.st_dev,
        inode=st.st_ino,
        width=width,
        height=height,
        format=fmt,
        fingerprint=Fingerprint(hash=0),
        digest=hashlib.blake2b(data).hexdigest(),
        date_taken=date_taken,
        camera=camera,
        in_reference_root=protected,
    )


def copy_bytes(src: Path, dst: Path) -> Path:
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(src.read_bytes())
    return dst


def group_of(kind: GroupKind, *members: tuple[Photo, int, str]) -> Group:
    """`members[0]` is the reference (kept); the others are proposed for removal unless
    protected."""
    out = []
    for i, (photo, distance, match) in enumerate(members):
        out.append(Member(photo, distance, match, keep=(i == 0 or photo.in_reference_root)))
    return Group(kind, tuple(out))


def sample_result(folder: Path) -> ScanResult:
    """Three groups:

    0. similar, 4 photos: a large JPEG original (oldest date), an exact byte copy of it in another
       folder, a half-size JPEG and a PNG rotated by 90 degrees;
    1. similar, 3 photos with one under a protected root (the reference is the protected one);
    2. exact, 2 byte-identical PNGs.
    """
    big = make_photo(1, (960, 640))
    a0 = save(big, folder / "Trips" / "IMG_0001.jpg", quality=92)
    a1 = copy_bytes(a0, folder / "Backup" / "IMG_0001.jpg")
    a2 = save(big.resize((480, 320)), folder / "Phone" / "IMG_0001_small.jpg", quality=80)
    a3 = save(big.rotate(90, expand=True), folder / "Exports" / "IMG_0001_rot.png")
    g0 = group_of(
        GroupKind.SIMILAR,
        (
            photo_at(a0, date_taken=datetime(2019, 6, 3, 14, 22), camera="Canon EOS 80D"),
            0,
            "reference",
        ),
        (photo_at(a1, date_taken=datetime(2019, 6, 3, 14, 22)), 0, "identical bytes"),
        (photo_at(a2, date_taken=datetime(2021, 1, 9, 8, 0)), 2, "similar"),
        (photo_at(a3), 4, "rotated 90"),
    )

    pic = make_photo(2, (640, 480))
    b0 = save(pic, folder / "Archive" / "beach.png")
    b1 = save(pic, folder / "Inbox" / "beach.jpg", quality=90)
    b2 = save(pic.transpose(Image.Transpose.FLIP_LEFT_RIGHT), folder / "Inbox" / "beach_mirror.jpg")
    g1 = group_of(
        GroupKind.SIMILAR,
        (photo_at(b0, protected=True), 0, "reference"),
        (photo_at(b1), 1, "similar"),
        (photo_at(b2), 3, "mirrored"),
    )

    c0 = save(make_photo(3, (320, 320)), folder / "Scans" / "cat.png")
    c1 = copy_bytes(c0, folder / "Scans" / "cat (1).png")
    g2 = group_of(
        GroupKind.EXACT,
        (photo_at(c0), 0, "reference"),
        (photo_at(c1), 0, "identical bytes"),
    )
    groups = (g0, g1, g2)
    photos = tuple(m.photo for g in groups for m in g.members)
    return ScanResult(
        options=ScanOptions(roots=(folder,), reference_roots=(folder / "Archive",)),
        groups=groups,
        errors=(),
        stats=ScanStats(files_seen=len(photos), hashed=len(photos)),
        photos=photos,
    )
