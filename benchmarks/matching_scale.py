"""Cost of the pair search + confirmation (`matching.find_matches`) at library scale.

    python benchmarks/matching_scale.py [--sizes 10000 100000] [--real 300] [--seed 1]

Fingerprints: `--real` generated photos are analysed for real (`corpus.camera_photo` at 512x384,
then `fingerprint_image`), and many more are synthesised from them so that their distribution
looks like real pHashes, which are far from uniform (biased, correlated bits; many photos share a
coarse layout): each synthetic photo takes a real one's hash, rotation/mirror hashes and crop hashes
all XORed with one random mask of 6-20 bits (so its crops stay consistent with its own hash, and it
lands near other photos the way real look-alikes do), and the thumbnail of another real photo,
shifted by a random offset (so it is not a copy). 5% are planted true copies (3 bits flipped, the
same thumbnail with noise).

Prints, for each size and with/without rotations+crops: the seconds of `find_matches` up to the
search ceiling (what a scan does), of a regroup at another threshold (`Matches.pairs`), the
number of candidate hypotheses confirmed, the confirmed pairs, the peak memory the search
allocated (tracemalloc) and the bytes of `Fingerprint.detail` held per photo.
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
    thumb_len = fpmod.THUMB * fpmod.THUMB
    hashes = np.array([fp.hash for fp in real], dtype=np.uint64)
    dihedral = np.array([fp.variants for fp in real], dtype=np.uint64)
    crops = np.stack([fpmod.detail_crops(fp) for fp in real])
    thumbs = np.stack([np.frombuffer(fp.detail[:thumb_len], np.uint8) for fp in real])
    src = rng.integers(0, len(real), n)
    other = (src + rng.integers(1, len(real), n)) % len(real)
    flips = rng.integers(6, 21, n)
    bits = rng.random((n, 64)).argsort(axis=1) < flips[:, None]
    mask = (bits.astype(np.uint64) << np.arange(64, dtype=np.uint64)).sum(axis=1, dtype=np.uint64)
    planted = rng.random(n) < 0.05
    planted[0] = False
    copy_of = np.maximum(0, np.arange(n) - rng.integers(1, 1000, n))
    out: list[Fingerprint] = []
    for k in range(n):
        if planted[k]:
            base = out[copy_of[k]]
            m = np.uint64(sum(1 << int(b) for b in rng.choice(64, 3, replace=False)))
            noisy = np.frombuffer(base.detail[:thumb_len], np.uint8).astype(np.int16)
            noisy = np.clip(noisy + rng.integers(-3, 4, thumb_len), 0, 255).astype(np.uint8)
            crop_part = (np.frombuffer(base.detail[thumb_len:], "<u8") ^ m).astype("<u8")
            out.append(
                Fingerprint(
                    int(np.uint64(base.hash) ^ m),
                    tuple(int(np.uint64(v) ^ m) for v in base.variants),
                    False,
                    noisy.tobytes() + crop_part.tobytes(),
                )
            )
            continue
        s, m = src[k], mask[k]
        thumb = np.roll(thumbs[other[k]].reshape(fpmod.THUMB, -1), rng.integers(5, 27, 2), (0, 1))
        out.append(
            Fingerprint(
                int(hashes[s] ^ m),
                tuple(int(v) for v in dihedral[s] ^ m),
                False,
                thumb.tobytes() + (crops[s] ^ m).astype("<u8").tobytes(),
            )
        )
    return out


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
    tracemalloc.start()
    try:
        t0 = time.perf_counter()
        matches = matching.find_matches(fps, ceiling, rotations, crops)
        search = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        matching._confirm = confirm
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
