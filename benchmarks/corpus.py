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


def _write_photo(seed: int, path: Path, size: tuple[int, int]) -> None:
    """Draw and save one photo under a temporary name first: a killed run leaves no half file."""
    tmp = path.with_name(path.name + ".part")
    camera_photo(seed, size).save(tmp, format="JPEG", quality=90)
    tmp.replace(path)


def make_corpus(
    folder: Path, count: int, size: tuple[int, int] = (4000, 3000), workers: int = 1
) -> list[Path]:
    """Write `count` camera-sized JPEGs (quality 90) to `folder`, reusing ones already there.

    `workers` > 1 draws them in that many processes (drawing is ~1.4 s a photo)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"IMG_{seed:05d}.jpg" for seed in range(count)]
    missing = [(seed, p) for seed, p in enumerate(paths) if not p.exists()]
    if workers > 1 and len(missing) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_write_photo, *zip(*missing, strict=True), [size] * len(missing)))
    else:
        for seed, path in missing:
            _write_photo(seed, path, size)
    return paths


def make_tiny_corpus(folder: Path, count: int, per_folder: int = 1000) -> list[Path]:
    """Write `count` distinct 64x48 PNGs (a random 16x12 pattern blown up) in subfolders of
    `per_folder`, reusing ones already there: a large library that is quick to write, for the
    rescan and memory numbers, where the number of files matters and not their size. (A coarser
    pattern, e.g. 4x3, makes thousands of chance look-alikes: a pairing stress test instead.)"""
    rng = np.random.default_rng(12345)
    paths = []
    for k in range(count):
        path = folder / f"d{k // per_folder:04d}" / f"t{k:07d}.png"
        cells = rng.integers(0, 256, (12, 16), dtype=np.uint8)  # drawn always: stable seeds
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            img = Image.fromarray(cells, "L").resize((64, 48), Image.Resampling.BILINEAR)
            img.save(path, compress_level=1)
        paths.append(path)
    return paths


def convert_corpus(sources: list[Path], folder: Path, fmt: str) -> list[Path]:
    """The same pictures in another format (camera-sized): PNG, WEBP, HEIC, HEIC+thumbnail (a
    320-pixel thumbnail stored next to the image, as phones do) or TIFF."""
    suffix = {"PNG": ".png", "WEBP": ".webp", "TIFF": ".tif"}.get(fmt, ".heic")
    params = {
        "PNG": {},
        "WEBP": {"quality": 90},
        "HEIC": {"quality": 90},
        "HEIC+thumbnail": {"quality": 90, "thumbnails": [320]},
        "TIFF": {"compression": "tiff_lzw"},
    }[fmt]
    if fmt.startswith("HEIC"):
        import pillow_heif

        pillow_heif.register_heif_opener()
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for src in sources:
        path = folder / (src.stem + suffix)
        if not path.exists():
            tmp = path.with_name(path.name + ".part")
            with Image.open(src) as im:
                im.save(tmp, format="HEIF" if fmt.startswith("HEIC") else fmt, **params)
            tmp.replace(path)
        out.append(path)
    return out


def synthetic_fingerprints(n: int, seed: int = 7, copies: float = 0.1) -> list:
    """`n` fingerprints laid out like the engine's (`fingerprint.FINGERPRINT_VERSION` 3: upright
    hash, 7 dihedral hashes, and `detail` = the 32x32 thumbnail + one byte naming the algorithm,
    1025 B), random, with a fraction `copies` planted as near copies of others (a few bits
    flipped, a slightly noisy thumbnail), so pairing finds work. The crop-window hashes are not
    stored: the search computes them from the thumbnails, as it does for real photos."""
    from dupviewer.engine import fingerprint as fpmod
    from dupviewer.engine.model import Fingerprint, HashAlgorithm

    rng = np.random.default_rng(seed)
    top = np.iinfo(np.uint64).max
    hashes = rng.integers(0, top, n, dtype=np.uint64, endpoint=True)
    dihedral = rng.integers(0, top, (n, fpmod.N_DIHEDRAL), dtype=np.uint64, endpoint=True)
    thumbs = rng.integers(0, 256, (n, fpmod.THUMB * fpmod.THUMB), dtype=np.uint8)
    planted = rng.choice(n, int(n * copies), replace=False)
    originals = rng.integers(0, n, len(planted))
    originals = np.where(originals == planted, (originals + 1) % n, originals)
    for k, src in zip(planted.tolist(), originals.tolist(), strict=True):
        flips = rng.choice(64, int(rng.integers(0, 7)), replace=False).astype(np.uint64)
        mask = np.bitwise_or.reduce(np.uint64(1) << flips) if len(flips) else np.uint64(0)
        hashes[k] = hashes[src] ^ mask
        dihedral[k] = dihedral[src] ^ mask
        noisy = thumbs[src].astype(np.int16) + rng.integers(-3, 4, thumbs.shape[1])
        thumbs[k] = np.clip(noisy, 0, 255).astype(np.uint8)
    code = bytes([fpmod.ALGORITHM_CODES.index(HashAlgorithm.PHASH)])
    return [
        Fingerprint(int(h), tuple(d), False, thumb.tobytes() + code)
        for h, d, thumb in zip(hashes.tolist(), dihedral.tolist(), thumbs, strict=True)
    ]


def synthetic_photos(n: int, seed: int = 7, paths: list[Path] | None = None) -> list:
    """`n` `Photo`s with `synthetic_fingerprints`; paths cycle through `paths` when given
    (real files, so a GUI can draw thumbnails), else invented ones."""
    from dupviewer.engine.model import Photo

    fps = synthetic_fingerprints(n, seed)
    rng = random.Random(seed)
    photos = []
    for k, fp in enumerate(fps):
        path = paths[k % len(paths)] if paths else Path(f"/synthetic/d{k // 1000:04d}/{k:07d}.jpg")
        photos.append(
            Photo(
                path=Path(path),
                size=rng.randrange(1_500_000, 4_000_000),
                mtime_ns=1_600_000_000_000_000_000 + k,
                dev=1,
                inode=k + 1,
                width=4000,
                height=3000,
                format="JPEG",
                fingerprint=fp,
                digest=f"{k:040x}",
            )
        )
    return photos
