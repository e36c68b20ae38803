"""A small generated photo library with known duplicate groups.

`dupviewer --demo` opens the app on it so a newcomer sees the whole flow in one command, and
`dupviewer --self-test` scans it to prove a (frozen) build works end to end. Photos are drawn
with Pillow from a seed (no image files ship with the app): a smooth background with random
shapes of many sizes, so unrelated photos never look alike while resized, re-encoded, rotated
and mirrored copies keep their perceptual hashes.

The library (about 20 files in a few folders, like a real camera/phone/backup mix):
- an exact byte copy in a backup folder;
- a resized copy and a strongly re-encoded copy;
- a PNG export of a JPEG;
- a copy rotated by 90 degrees and a mirrored copy;
- a WebP copy and a copy turned upside down;
- a phone's HEIC photo and its JPEG export;
- unrelated photos that must stay alone, and one damaged file that must be reported, not grouped.
"""

from __future__ import annotations

import io
import os
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ORIGINAL_SIZE = (960, 640)
_EXIF_IFD = 0x8769
_TAG_MAKE, _TAG_MODEL = 0x010F, 0x0110
_TAG_DATE_TIME_ORIGINAL = 0x9003
_BASE_TIME = datetime(2023, 6, 1, 9, 30)


@dataclass(frozen=True, slots=True)
class DemoLibrary:
    """What `build_demo_library` wrote. Paths are relative to `folder`, with `/` separators.

    `expected_groups` holds every group a scan at the default options must find (each a set of
    relative paths, the keeper included); every other file must stay alone. `damaged` files are
    broken on purpose: a scan reports them as errors and never groups them.
    """

    folder: Path
    files: tuple[str, ...]
    expected_groups: list[frozenset[str]]
    damaged: tuple[str, ...] = ()


def make_photo(seed: int, size: tuple[int, int] = ORIGINAL_SIZE) -> Image.Image:
    """Draw a photo-like RGB picture from `seed` (deterministic for a given Pillow version)."""
    rng = random.Random(seed)
    w, h = size
    c1 = tuple(rng.randrange(256) for _ in range(3))
    c2 = tuple(rng.randrange(256) for _ in range(3))
    # A smooth gradient background, then big shapes first and smaller detail after.
    grad = Image.linear_gradient("L").resize((w, h)).rotate(rng.choice([0, 90, 180, 270]))
    img = Image.composite(Image.new("RGB", size, c1), Image.new("RGB", size, c2), grad)
    draw = ImageDraw.Draw(img)
    for k in range(40):
        scale = max(0.05, 0.5 * (0.93**k))
        bw = int(w * scale * rng.uniform(0.5, 1.5))
        bh = int(h * scale * rng.uniform(0.5, 1.5))
        x, y = rng.randrange(-bw // 2, w), rng.randrange(-bh // 2, h)
        colour = tuple(rng.randrange(256) for _ in range(3))
        box = (x, y, x + bw, y + bh)
        if rng.random() < 0.5:
            draw.rectangle(box, fill=colour)
        else:
            draw.ellipse(box, fill=colour)
    return img.filter(ImageFilter.GaussianBlur(1.5))


def _register_heif() -> bool:
    """Let Pillow write HEIC (pillow-heif is a dependency; without it the demo has no HEIC)."""
    try:
        import pillow_heif
    except ImportError:
        return False
    pillow_heif.register_heif_opener()
    return True


def _camera_exif(taken: datetime, model: str) -> Image.Exif:
    """EXIF a camera would write, so the demo shows a date taken and a camera in the review."""
    exif = Image.Exif()
    exif[_TAG_MAKE] = "Demo"
    exif[_TAG_MODEL] = model
    exif.get_ifd(_EXIF_IFD)[_TAG_DATE_TIME_ORIGINAL] = taken.strftime("%Y:%m:%d %H:%M:%S")
    return exif


class _Writer:
    """Writes files under one folder and remembers their relative paths and ages."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[str] = []

    def save(self, img: Image.Image, rel: str, age_days: int, **params: object) -> str:
        path = self.folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        img.save(path, **params)
        self._finish(path, rel, age_days)
        return rel

    def write_bytes(self, data: bytes, rel: str, age_days: int) -> str:
        path = self.folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self._finish(path, rel, age_days)
        return rel

    def _finish(self, path: Path, rel: str, age_days: int) -> None:
        # Fixed modification times: originals are older than their copies, so the "oldest"
        # keep rule agrees with what a person expects, and every build is the same.
        when = (_BASE_TIME + timedelta(days=400 - age_days)).timestamp()
        os.utime(path, (when, when))
        self.files.append(rel)


def build_demo_library(folder: Path, seed: int = 0) -> DemoLibrary:
    """Write the demo photo library into `folder` (created if needed) and say what it holds.

    Args:
        folder: where to write; existing files with the same names are overwritten.
        seed: picks the pictures; the same seed always draws the same photos.

    Returns:
        The files written and the groups a scan with the default options must find.
    """
    folder.mkdir(parents=True, exist_ok=True)
    out = _Writer(folder)
    groups: list[frozenset[str]] = []

    def original(n: int, rel: str, model: str = "Camera X100") -> tuple[Image.Image, str]:
        img = make_photo(seed * 1000 + n)
        exif = _camera_exif(_BASE_TIME + timedelta(days=n, hours=n), model)
        return img, out.save(img, rel, 400, quality=92, exif=exif)

    # 1. An exact copy kept by a backup tool.
    img, a = original(1, "Camera/2023-06 Beach/IMG_0101.jpg")
    b = out.write_bytes((folder / a).read_bytes(), "Backup/Beach/IMG_0101.jpg", 300)
    groups.append(frozenset({a, b}))

    # 2. A small copy sent by a messenger, and a copy re-encoded at low quality.
    img, a = original(2, "Camera/2023-06 Beach/IMG_0102.jpg")
    small = img.resize((480, 320), Image.Resampling.LANCZOS)
    b = out.save(small, "Phone/WhatsApp Images/IMG-20230603-WA0004.jpg", 200, quality=80)
    c = out.save(img, "Backup/Beach/IMG_0102 (edited).jpg", 250, quality=45)
    groups.append(frozenset({a, b, c}))

    # 3. A lossless PNG export of a JPEG.
    img, a = original(3, "Camera/2023-07 Garden/IMG_0210.jpg")
    b = out.save(Image.open(folder / a).convert("RGB"), "Exports/IMG_0210.png", 150)
    groups.append(frozenset({a, b}))

    # 4. A copy turned by 90 degrees (pixels, not EXIF) and a mirrored copy.
    img, a = original(4, "Camera/2023-07 Garden/IMG_0211.jpg")
    b = out.save(
        img.transpose(Image.Transpose.ROTATE_90), "Exports/IMG_0211 rotated.jpg", 140, quality=90
    )
    c = out.save(
        img.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
        "Exports/IMG_0211 mirror.jpg",
        130,
        quality=90,
    )
    groups.append(frozenset({a, b, c}))

    # 5. A WebP copy from a web gallery and an upside-down scan of a print.
    img, a = original(5, "Phone/DCIM/PXL_20230812_101500.jpg", model="Phone 7")
    b = out.save(
        img.resize((720, 480), Image.Resampling.LANCZOS),
        "Exports/web/holiday.webp",
        120,
        quality=85,
    )
    c = out.save(img.transpose(Image.Transpose.ROTATE_180), "Scans/print-0005.jpg", 100, quality=88)
    groups.append(frozenset({a, b, c}))

    # 6. A phone's HEIC photo and the JPEG the phone made when sharing it.
    if _register_heif():
        img = make_photo(seed * 1000 + 6)
        a = out.save(img, "Phone/DCIM/IMG_4032.HEIC", 400, format="HEIF", quality=80)
        b = out.save(img, "Exports/IMG_4032.jpg", 110, quality=85)
        groups.append(frozenset({a, b}))

    # 7. Unrelated photos: each must stay alone.
    for n, rel in enumerate(
        (
            "Camera/2023-06 Beach/IMG_0103.jpg",
            "Camera/2023-07 Garden/IMG_0212.jpg",
            "Phone/DCIM/PXL_20230812_102233.jpg",
            "Phone/DCIM/PXL_20230813_170004.jpg",
            "Scans/print-0006.png",
        ),
        start=20,
    ):
        if rel.endswith(".png"):
            out.save(make_photo(seed * 1000 + n), rel, 90)
        else:
            original(n, rel)

    # 8. A damaged file: a JPEG cut after its first bytes (an interrupted copy).
    buffer = io.BytesIO()
    make_photo(seed * 1000 + 40).save(buffer, "JPEG", quality=90)
    damaged = out.write_bytes(buffer.getvalue()[:600], "Phone/DCIM/PXL_20230814_090000.jpg", 80)

    return DemoLibrary(
        folder=folder,
        files=tuple(out.files),
        expected_groups=groups,
        damaged=(damaged,),
    )
