"""Seeded, generated test photos (never committed image files).

`make_photo(seed)` draws a photo-like picture (a smooth background with random shapes of many
sizes), different enough between seeds that unrelated photos never look alike, with enough
structure that rotations, crops and re-encodes keep their perceptual hashes.
"""

from __future__ import annotations

import random
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont


def make_photo(seed: int, size: tuple[int, int] = (480, 320)) -> Image.Image:
    rng = random.Random(seed)
    w, h = size
    c1 = [rng.randrange(256) for _ in range(3)]
    c2 = [rng.randrange(256) for _ in range(3)]
    # Smooth background: a diagonal gradient between two random colours.
    turn = rng.choice([0, 90, 180, 270])
    grad = Image.linear_gradient("L").resize((w, h)).rotate(turn, expand=False)
    first, second = Image.new("RGB", size, tuple(c1)), Image.new("RGB", size, tuple(c2))
    img = Image.composite(first, second, grad)
    draw = ImageDraw.Draw(img)
    for k in range(40):
        scale = max(0.05, 0.5 * (0.93**k))  # big shapes first, then smaller detail
        bw, bh = int(w * scale * rng.uniform(0.5, 1.5)), int(h * scale * rng.uniform(0.5, 1.5))
        x, y = rng.randrange(-bw // 2, w), rng.randrange(-bh // 2, h)
        colour = tuple(rng.randrange(256) for _ in range(3))
        box = (x, y, x + bw, y + bh)
        if rng.random() < 0.5:
            draw.rectangle(box, fill=colour)
        else:
            draw.ellipse(box, fill=colour)
    return img.filter(ImageFilter.GaussianBlur(1))


def desk_page(seed: int) -> Image.Image:
    """A page of one template photographed on a desk (960x720): the desk and the page's layout
    are the same for every seed, its text (an invoice number, items, amounts) is not. Pages of
    two seeds are one picture to the hash and to the 32x32 thumbnail, and the page is too small
    in the frame for `caution.mostly_flat`."""
    rng = random.Random(seed)
    img = make_photo(7, (960, 720))
    page = Image.new("L", (420, 600), 235)
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=18)
    draw.rectangle((20, 20, 140, 80), fill=70)
    draw.text((160, 30), "ACME SUPPLIES", font=ImageFont.load_default(size=26), fill=20)
    draw.text((20, 110), f"Invoice {rng.randrange(10000, 99999)}", font=font, fill=20)
    for row in range(rng.randrange(4, 9)):
        y = 160 + row * 34
        item = rng.choice(["Paper", "Toner", "Pens", "Folders", "Lamp"])
        draw.text((30, y), item, font=font, fill=30)
        draw.text((300, y), f"{rng.randrange(1, 999)}.{rng.randrange(100):02d}", font=font, fill=30)
    draw.text((200, 520), f"TOTAL {rng.randrange(100, 9999)}", font=font, fill=20)
    img.paste(page.convert("RGB"), (270, 60))
    return img.filter(ImageFilter.GaussianBlur(0.6))


def crop_margins(
    img: Image.Image, left: float, top: float, right: float, bottom: float
) -> Image.Image:
    """`img` without the given shares of its width and height on each side."""
    w, h = img.size
    return img.crop((round(left * w), round(top * h), round(w - right * w), round(h - bottom * h)))


def save(img: Image.Image, path: Path, **params) -> Path:
    """Save `img` to `path` (creating folders); the format follows the suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() in (".jpg", ".jpeg") and img.mode != "RGB":
        img = img.convert("RGB")
    img.save(path, **params)
    return path


def with_exif_orientation(img: Image.Image, path: Path, orientation: int, **params) -> Path:
    """Save `img` as JPEG with an EXIF Orientation tag (pixels unchanged)."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    return save(img, path, exif=exif, **params)


def png_header(width: int, height: int) -> bytes:
    """A valid PNG claiming width x height, with a tiny (useless) IDAT: a decompression bomb's
    header, or a big panorama's, in a few bytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
