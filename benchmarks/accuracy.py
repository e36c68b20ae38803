"""Accuracy of dupviewer's matching on a library with known answers, next to a plain pHash.

    python benchmarks/accuracy.py [LIBRARY] [--truth TRUTH.json] [--out DIR] [--threshold N]

Outputs go to `--out` (default `bench-out/`, which git ignores).

LIBRARY defaults to the dev library (`/work/shared/eval-dev/library`, truth and scorer next to it).
Prints the scorer's table three times:

1. **real scan** (what the README quotes): `scanner.scan` at the given settings, no cache, its
   groups as `report.result_to_dict` writes them (`dupviewer-scan.json`). Grouping needs every
   member matched to the group's reference (the best copy by the keep rules), so this is stricter
   than the pairs table: a copy matched only to a non-reference member is not grouped.
2. **pairs**: `analyse_file` + `find_pairs` (default: threshold 10, rotations and crops on), every
   confirmed pair as found, before grouping (`dupviewer-pairs.json`).
3. **plain pHash**: a 64-bit pHash of the full image (imagehash, no variants, distance <=
   threshold), the baseline every other tool resembles (`plain-phash-pairs.json`).

Byte-identical files are paired in all three, as any duplicate finder does.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import imagehash
import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dupviewer.engine.analyse import Analysis, AnalysisError, analyse_file  # noqa: E402
from dupviewer.engine.decoding import SUPPORTED_EXTENSIONS  # noqa: E402
from dupviewer.engine.fingerprint import VARIANT_LABELS  # noqa: E402
from dupviewer.engine.matching import find_pairs  # noqa: E402
from dupviewer.engine.model import HashAlgorithm, ScanOptions  # noqa: E402
from dupviewer.engine.report import result_to_dict  # noqa: E402
from dupviewer.engine.scanner import scan  # noqa: E402

DEV = Path("/work/shared/eval-dev")


def list_images(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_EXTENSIONS
    )


def _analyse(path: Path) -> Analysis | str:
    try:
        return analyse_file(path, HashAlgorithm.PHASH)
    except AnalysisError as exc:
        return f"{exc.kind.value}: {exc.reason}"


def _plain_phash(path: Path) -> int | None:
    try:
        with Image.open(path) as im:
            return int(str(imagehash.phash(im)), 16)
    except Exception:  # noqa: BLE001 - a plain loop just skips what it cannot read
        return None


def exact_pairs(paths: list[Path], digests: list[str]) -> list[tuple[str, str]]:
    by_digest: dict[str, list[Path]] = defaultdict(list)
    for p, d in zip(paths, digests, strict=True):
        by_digest[d].append(p)
    return [
        (str(a), str(b)) for g in by_digest.values() for k, a in enumerate(g) for b in g[k + 1 :]
    ]


def score(scorer: Path, truth: Path, result: dict, out: Path) -> str:
    out.write_text(json.dumps(result, ensure_ascii=False))
    run = subprocess.run(
        [sys.executable, str(scorer), str(truth), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("library", nargs="?", type=Path, default=DEV / "library")
    ap.add_argument("--truth", type=Path, default=None)
    ap.add_argument("--scorer", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=Path("bench-out"))
    ap.add_argument("--threshold", type=int, default=10)
    ap.add_argument("--no-rotations", dest="rotations", action="store_false")
    ap.add_argument("--no-crops", dest="crops", action="store_false")
    args = ap.parse_args()
    truth = args.truth or args.library.parent / "truth.json"
    scorer = args.scorer or args.library.parent / "score.py"
    args.out.mkdir(parents=True, exist_ok=True)

    t0 = time.perf_counter()
    options = ScanOptions(
        roots=(args.library,),
        threshold=args.threshold,
        rotations=args.rotations,
        crops=args.crops,
        use_cache=False,
    )
    result = result_to_dict(scan(options))
    seconds = time.perf_counter() - t0
    result.update(
        tool="dupviewer (real scan)",
        settings={"threshold": args.threshold, "rotations": args.rotations, "crops": args.crops},
        seconds=round(seconds, 2),
    )
    print("== real scan (scanner.scan, groups by reference) ==")
    print(score(scorer, truth, result, args.out / "dupviewer-scan.json"))
    print(f"  scan {seconds:.2f}s, {len(result.get('groups', ()))} groups\n")

    print("== pairs (find_pairs, before grouping) ==")
    paths = list_images(args.library)
    t0 = time.perf_counter()
    with ProcessPoolExecutor() as pool:
        outcomes = list(pool.map(_analyse, paths, chunksize=8))
    analysed = [(p, o) for p, o in zip(paths, outcomes, strict=True) if isinstance(o, Analysis)]
    errors = [f"{p}: {o}" for p, o in zip(paths, outcomes, strict=True) if isinstance(o, str)]
    t1 = time.perf_counter()
    good = [p for p, _ in analysed]
    pairs = find_pairs(
        [a.fingerprint for _, a in analysed], args.threshold, args.rotations, args.crops
    )
    t2 = time.perf_counter()
    keep = pairs.i < pairs.j
    found = [
        (str(good[i]), str(good[j])) for i, j in zip(pairs.i[keep], pairs.j[keep], strict=True)
    ]
    found += exact_pairs(good, [a.digest for _, a in analysed])
    why = defaultdict(int)
    for v in pairs.variant[keep]:
        why["upright" if v < 0 else VARIANT_LABELS[v]] += 1
    result = {
        "tool": "dupviewer",
        "settings": {"threshold": args.threshold, "rotations": args.rotations, "crops": args.crops},
        "pairs": found,
        "seconds": round(t2 - t0, 2),
        "errors": errors,
    }
    print(score(scorer, truth, result, args.out / "dupviewer-pairs.json"))
    print(f"  analyse {t1 - t0:.2f}s, find_pairs {t2 - t1:.3f}s; matched as: {dict(why)}\n")

    print("== plain 64-bit pHash ==")
    t0 = time.perf_counter()
    with ProcessPoolExecutor() as pool:
        plain = list(pool.map(_plain_phash, paths, chunksize=8))
    ok = [k for k, h in enumerate(plain) if h is not None]
    h = np.array([plain[k] for k in ok], dtype=np.uint64)
    dist = np.bitwise_count(h[:, None] ^ h[None, :])
    a, b = np.nonzero(np.triu(dist <= args.threshold, 1))
    plain_pairs = [(str(paths[ok[x]]), str(paths[ok[y]])) for x, y in zip(a, b, strict=True)]
    result = {
        "tool": "plain pHash (imagehash, full image, no variants)",
        "settings": {"threshold": args.threshold},
        "pairs": plain_pairs,
        "seconds": round(time.perf_counter() - t0, 2),
    }
    print(score(scorer, truth, result, args.out / "plain-phash-pairs.json"))


if __name__ == "__main__":
    main()
