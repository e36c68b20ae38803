"""Generated camera-sized JPEGs for the benchmark (no photos are shipped).

Each image is drawn small (random shapes over a gradient), scaled up to camera size and given
sensor-like noise, then saved at quality 90: files of roughly 2-4 MB at 3000x2000, whose
JPEG decode costs what a real camera photo costs.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter


def _scene(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    w, h = size
    c1 = tuple(rng.randrange(256) for _ in range(3))
    c2 = tuple(rng.randrange(256) for _ in range(3))
    grad = Image.linear_gradient("L").resize((w, h)).rotate(rng.choice([0, 90, 180, 270]))
    img = Image.composite(Image.new("RGB", size, c1), Image.new("RGB", size, c2), grad)
    draw = ImageDraw.Draw(img)
    for k in range(120):
        scale = max(0.02, 0.5 * (0.96**k))
        bw = int(w * scale * rng.uniform(0.4, 1.6))
        bh = int(h * scale * rng.uniform(0.4, 1.6))
        x, y = rng.randrange(-bw // 2, w), rng.randrange(-bh // 2, h)
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = draw.rectangle if rng.random() < 0.5 else draw.ellipse
        shape((x, y, x + bw, y + bh), fill=colour)
    return img.filter(ImageFilter.GaussianBlur(1.5))


def camera_photo(seed: int, size: tuple[int, int] = (4000, 3000)) -> Image.Image:
    """A camera-sized RGB image: a scene upscaled 4x plus per-pixel noise."""
    rng = random.Random(seed)
    small = _scene(rng, (size[0] // 4, size[1] // 4)).resize(size, Image.Resampling.BICUBIC)
    noise = np.random.default_rng(seed).normal(0, 6, (size[1], size[0], 3))
    pixels = np.clip(np.asarray(small, dtype=np.float32) + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(pixels)


def make_corpus(folder: Path, count: int, size: tuple[int, int] = (4000, 3000)) -> list[Path]:
    """Write `count` camera-sized JPEGs (quality 90) to `folder`, reusing ones already there."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(count):
        path = folder / f"IMG_{seed:05d}.jpg"
        if not path.exists():
            camera_photo(seed, size).save(path, quality=90)
        paths.append(path)
    return paths
