"""Cost of the pair search + confirmation (`matching.find_matches`) at library scale.

    python benchmarks/matching_scale.py [--sizes 10000 100000] [--real 300] [--seed 1]

Fingerprints: `--real` generated photos are analysed for real (`corpus.camera_photo` at 512x384,
then `fingerprint_image`), and many more are synthesised from them so that their distribution
looks like real pHashes, which are far from uniform (biased, correlated bits; many photos share a
coarse layout): each synthetic thumbnail is the coarse layout (Gaussian blur) of a real one, bent by
a smooth random field, plus the fine detail of another real photo shifted by a random offset (a
look-alike, not a copy), and its hashes (upright, rotations/mirrors and, during the search, crop
windows) are computed from that thumbnail as for a real photo. 5% are planted true copies (an
earlier thumbnail with a little noise).

Prints, for each size and with/without rotations+crops: the seconds of `find_matches` up to the
search ceiling (what a scan does), of a regroup at another threshold (`Matches.pairs`), the
number of candidate hypotheses confirmed, the confirmed pairs, the peak memory the search
allocated (tracemalloc, in a second run, so it does not skew the seconds) and the bytes of
`Fingerprint.detail` held per photo.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

from dupviewer.engine import fingerprint as fpmod  # noqa: E402
from dupviewer.engine import matching  # noqa: E402
from dupviewer.engine.model import DEFAULT_THRESHOLD, MAX_THRESHOLD, Fingerprint  # noqa: E402


def real_fingerprints(count: int) -> list[Fingerprint]:
    return [
        fpmod.fingerprint_image(corpus.camera_photo(10_000 + k, (512, 384))) for k in range(count)
    ]


def synthesise(real: list[Fingerprint], n: int, seed: int) -> list[Fingerprint]:
    """`n` fingerprints distributed like `real` ones (see the module doc)."""
    rng = np.random.default_rng(seed)
    side = fpmod.THUMB
    thumbs = np.stack([fpmod.detail_thumb(fp) for fp in real]).astype(np.float32)
    blur = matching._gauss_matrix(side, 2.0)
    coarse = blur @ thumbs @ blur.T  # the layout a pHash sees
    fine = thumbs - coarse  # the detail it does not see (what confirmation compares)
    spread = thumbs.std(axis=(1, 2))
    tag = real[0].detail[side * side :]
    src = rng.integers(0, len(real), n)
    other = (src + rng.integers(1, len(real), n)) % len(real)
    planted = rng.random(n) < 0.05
    planted[0] = False
    copy_of = np.maximum(0, np.arange(n) - rng.integers(1, 1000, n))
    out = np.empty((n, side, side), dtype=np.uint8)
    for start in range(0, n, 4096):
        k = np.arange(start, min(n, start + 4096))
        # a look-alike: the coarse layout of a real photo, bent by a smooth random field, with
        # the fine detail of another real photo shifted (so it is no copy of anything)
        field = (
            _smooth_field(rng, len(k), side)
            * (rng.uniform(0.1, 0.7, len(k)) * spread[src[k]])[:, None, None]
        )
        shift = rng.integers(5, 27, (len(k), 2))
        detail = np.stack(
            [np.roll(fine[o], tuple(sh), (0, 1)) for o, sh in zip(other[k], shift, strict=True)]
        )
        out[k] = np.clip(coarse[src[k]] + detail + field, 0, 255).astype(np.uint8)
        for m in k[planted[k]]:  # a planted true copy: an earlier photo with a little noise
            noisy = out[copy_of[m]].astype(np.int16) + rng.integers(-3, 4, (side, side))
            out[m] = np.clip(noisy, 0, 255).astype(np.uint8)
    hashes, variants = _phash_with_variants(out)
    return [
        Fingerprint(
            int(hashes[k]), tuple(int(v) for v in variants[k]), False, out[k].tobytes() + tag
        )
        for k in range(n)
    ]


def _smooth_field(rng: np.random.Generator, count: int, side: int) -> np.ndarray:
    """Random smooth fields (4x4 control points, bilinear), zero mean, unit spread."""
    grid = rng.standard_normal((count, 4, 4)).astype(np.float32)
    up = np.clip((np.arange(side) + 0.5) / side * 3, 0, 3)
    lo = np.minimum(up.astype(int), 2)
    w = np.zeros((side, 4), dtype=np.float32)
    w[np.arange(side), lo] = 1 - (up - lo)
    w[np.arange(side), lo + 1] = up - lo
    field = w @ grid @ w.T
    field -= field.mean(axis=(1, 2), keepdims=True)
    return field / np.maximum(field.std(axis=(1, 2), keepdims=True), 1e-6)


def _phash_with_variants(thumbs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """pHash of each 32x32 thumbnail and of its 7 rotations/mirrors, as `fingerprint_image`."""
    d = fpmod._dct_matrix()
    low = d @ thumbs.astype(np.float64) @ d.T  # (n, 8, 8)
    sign = fpmod._SIGN
    ups = fpmod._dct_bits(low)
    variants = []
    for transpose, flip_rows, flip_cols in fpmod._DIHEDRAL_OPS:
        v = low.transpose(0, 2, 1) if transpose else low
        if flip_rows:
            v = v * sign[:, None]
        if flip_cols:
            v = v * sign[None, :]
        variants.append(fpmod._dct_bits(v))
    return ups, np.stack(variants, axis=1)


def measure(
    fps: list[Fingerprint], rotations: bool, crops: bool, ceiling: int = MAX_THRESHOLD
) -> dict[str, float]:
    counted = {"hypotheses": 0, "confirm_s": 0.0}
    confirm = matching._confirm

    def timed_confirm(*args):  # noqa: ANN002, ANN202
        t0 = time.perf_counter()
        score = confirm(*args)
        counted["confirm_s"] += time.perf_counter() - t0
        counted["hypotheses"] += len(score)
        return score

    matching._confirm = timed_confirm
    try:
        t0 = time.perf_counter()
        matches = matching.find_matches(fps, ceiling, rotations, crops)
        search = time.perf_counter() - t0
    finally:
        matching._confirm = confirm
    # The peak is measured in a second run: tracemalloc slows allocation-heavy code unevenly
    # (measured: +1.3 s on one version of the search, +3.5 s on another), so it would skew the
    # comparison of the seconds.
    tracemalloc.start()
    try:
        matching.find_matches(fps, ceiling, rotations, crops)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    t0 = time.perf_counter()
    pairs = matches.pairs(DEFAULT_THRESHOLD)
    regroup = time.perf_counter() - t0
    return {
        "seconds": search,
        "confirm_s": counted["confirm_s"],
        "hypotheses": counted["hypotheses"],
        "pairs": len(pairs) // 2,
        "peak_mb": peak / 2**20,
        "regroup_s": regroup,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--real", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ceiling", type=int, default=MAX_THRESHOLD)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    real = real_fingerprints(args.real)
    print(
        f"{args.real} real fingerprints in {time.perf_counter() - t0:.1f} s; ceiling "
        f"{args.ceiling}, pairs at {DEFAULT_THRESHOLD}; detail "
        f"{len(real[0].detail)} B/photo ({len(fpmod.CROP_WINDOWS)} crop windows)"
    )
    print(
        f"{'photos':>8} {'variants':<18} {'search+confirm':>15} {'confirm':>8} "
        f"{'hypotheses':>11} {'pairs@10':>9} {'peak MB':>8} {'regroup':>8}"
    )
    for n in args.sizes:
        fps = synthesise(real, n, args.seed)
        detail_mb = sum(len(fp.detail) for fp in fps) / 2**20
        for label, rot, crop in (("rotations+crops", True, True), ("upright only", False, False)):
            r = measure(fps, rot, crop, args.ceiling)
            print(
                f"{n:>8,} {label:<18} {r['seconds']:>13.2f} s {r['confirm_s']:>6.2f} s "
                f"{r['hypotheses']:>11,} {r['pairs']:>9,} {r['peak_mb']:>8.0f} "
                f"{r['regroup_s'] * 1000:>6.1f}ms"
            )
        print(f"{'':>8} detail held: {detail_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
