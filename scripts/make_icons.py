"""Draw the app icon and derive every format the platforms need from it.

The one source image is `resources/icons/dupviewer.png` (1024 px), drawn here with Pillow at
twice that size and scaled down for smooth edges: two overlapping photo cards showing the same
landscape (a duplicate) and a round badge. From it this script writes

- `dupviewer-{16..512}.png`: the sizes a Linux desktop (hicolor theme) and Qt use;
- `dupviewer.ico`: Windows (16..256 px inside);
- `dupviewer.icns`: macOS (16..1024 px inside).

Usage: `python scripts/make_icons.py` (derive; draw the source first if it is missing) or
`python scripts/make_icons.py --redraw` (draw the source again, then derive).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SOURCE = ICONS / "dupviewer.png"
SOURCE_SIZE = 1024
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def _gradient(size: tuple[int, int], top: tuple[int, ...], bottom: tuple[int, ...]) -> Image.Image:
    """A vertical gradient from `top` to `bottom` colour (RGBA)."""
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGBA", size, bottom), Image.new("RGBA", size, top), mask)


def _photo_card(size: int) -> Image.Image:
    """A white-framed photo of a small landscape: sky, sun, two mountains, a lake."""
    card = Image.new("RGBA", (size, int(size * 0.78)), (0, 0, 0, 0))
    w, h = card.size
    ImageDraw.Draw(card).rounded_rectangle(
        (0, 0, w - 1, h - 1), radius=size // 16, fill=(252, 252, 250, 255)
    )
    border = size // 14
    inner = (w - 2 * border, h - 2 * border)
    scene = _gradient(inner, (120, 190, 245, 255), (205, 232, 252, 255))
    draw = ImageDraw.Draw(scene)
    iw, ih = inner
    draw.ellipse((iw * 0.66, ih * 0.12, iw * 0.86, ih * 0.12 + iw * 0.2), fill=(255, 205, 60, 255))
    draw.polygon(
        [(-iw * 0.1, ih), (iw * 0.32, ih * 0.32), (iw * 0.72, ih)], fill=(60, 120, 90, 255)
    )
    draw.polygon([(iw * 0.35, ih), (iw * 0.68, ih * 0.48), (iw * 1.1, ih)], fill=(40, 95, 75, 255))
    draw.rectangle((0, ih * 0.84, iw, ih), fill=(70, 140, 200, 255))
    mask = Image.new("L", inner, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, iw - 1, ih - 1), radius=size // 30, fill=255)
    card.paste(scene, (border, border), mask)
    return card


def _shadowed(layer: Image.Image, canvas: int, offset: int, blur: int) -> Image.Image:
    """`layer` with a soft drop shadow under it, on a transparent canvas of the same size."""
    shadow = Image.new("RGBA", (canvas, canvas), (0, 0, 0, 0))
    alpha = layer.getchannel("A").point(lambda a: a * 0.45)
    shadow.paste((10, 30, 50, 255), (offset, offset), alpha)
    shadow = shadow.filter(ImageFilter.GaussianBlur(blur))
    return Image.alpha_composite(shadow, layer)


def draw_source(size: int = SOURCE_SIZE) -> Image.Image:
    """Draw the icon at `size` px (drawn at 2x, then scaled down for anti-aliasing)."""
    s = size * 2
    icon = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    margin = s // 16
    tile = _gradient((s - 2 * margin, s - 2 * margin), (38, 166, 154, 255), (21, 101, 132, 255))
    tile_mask = Image.new("L", tile.size, 0)
    ImageDraw.Draw(tile_mask).rounded_rectangle(
        (0, 0, *(v - 1 for v in tile.size)), radius=s // 5, fill=255
    )
    icon.paste(tile, (margin, margin), tile_mask)

    card = _photo_card(int(s * 0.56))
    for angle, centre in ((12, (0.40, 0.42)), (-6, (0.58, 0.58))):
        layer = Image.new("RGBA", (s, s), (0, 0, 0, 0))
        turned = card.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
        x = int(s * centre[0] - turned.width / 2)
        y = int(s * centre[1] - turned.height / 2)
        layer.paste(turned, (x, y), turned)
        icon = Image.alpha_composite(icon, _shadowed(layer, s, s // 80, s // 60))

    # The badge: two equal bars, "these are the same photo".
    r = int(s * 0.13)
    cx, cy = int(s * 0.77), int(s * 0.77)
    badge = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(badge)
    draw.ellipse(
        (cx - r, cy - r, cx + r, cy + r),
        fill=(255, 143, 0, 255),
        outline=(255, 255, 255, 255),
        width=s // 90,
    )
    bar_w, bar_h, gap = int(r * 1.0), max(2, int(r * 0.2)), int(r * 0.2)
    for dy in (-gap - bar_h // 2, gap - bar_h // 2 + bar_h // 2):
        draw.rounded_rectangle(
            (cx - bar_w // 2, cy + dy, cx + bar_w // 2, cy + dy + bar_h),
            radius=bar_h // 2,
            fill=(255, 255, 255, 255),
        )
    icon = Image.alpha_composite(icon, _shadowed(badge, s, s // 120, s // 80))
    return icon.resize((size, size), Image.Resampling.LANCZOS)


def derive(source: Image.Image, folder: Path) -> list[Path]:
    """Write the PNG sizes, the .ico and the .icns next to the source; return what was written."""
    written = []
    for size in PNG_SIZES:
        path = folder / f"dupviewer-{size}.png"
        source.resize((size, size), Image.Resampling.LANCZOS).save(path, optimize=True)
        written.append(path)
    ico = folder / "dupviewer.ico"
    source.save(ico, sizes=[(n, n) for n in ICO_SIZES])
    icns = folder / "dupviewer.icns"
    source.save(icns)  # Pillow writes every ICNS size from 16 to 1024 px from the one image
    written += [ico, icns]
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redraw", action="store_true", help="draw the source image again")
    args = parser.parse_args(argv)
    ICONS.mkdir(parents=True, exist_ok=True)
    if args.redraw or not SOURCE.exists():
        draw_source().save(SOURCE, optimize=True)
        print(f"drew {SOURCE}")
    with Image.open(SOURCE) as img:
        source = img.convert("RGBA")
    for path in derive(source, ICONS):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
