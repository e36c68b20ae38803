"""Scratch timing of `mih.pairs_within` on the grouping benchmark's libraries (not a test).

Run: `PYTHONPATH=. python -m benchmarks.mih_profile [--sizes 100000] [--workers 1] [--repeat 3]`.
"""

from __future__ import annotations

import argparse
import os
import time

from benchmarks.grouping import LIBRARIES, THRESHOLD
from dupviewer.engine import mih


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000])
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kinds", nargs="*", default=list(LIBRARIES))
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}")
    for kind in args.kinds:
        for n in args.sizes:
            hashes = LIBRARIES[kind](n)
            times, cpu = [], []
            for _ in range(args.repeat):
                started, started_cpu = time.perf_counter(), time.process_time()
                index = mih.HammingIndex(hashes, workers=args.workers)
                found = index.pairs(THRESHOLD)
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)  # this process only
            plan = index._plans.get((THRESHOLD, None))
            print(
                f"{kind:8} {n:>9,} first {times[0]:6.3f}s best {min(times):6.3f}s"
                f" (own cpu {min(cpu):6.3f}s)  {len(found[0]):,} pairs  {plan}"
            )


if __name__ == "__main__":
    main()
