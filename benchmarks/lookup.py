"""Benchmark: one reverse look-up ("where are the copies of this photo?") against 1,000,000 hashes.

`dupviewer-cli find` and the app's "Find copies of a photo" answer from a `mih.HammingIndex` built
over every cached hash of the library. This times single queries at threshold 10 (the default)
and checks every answer against a brute-force scan of all hashes, on two libraries:

- `uniform`: random 64-bit hashes, the friendly case for multi-index hashing.
- `skewed`: hashes whose bits are biased (real pHash bits are not 50/50) plus bursts of look-alike
  shots around a few thousand centres, which fill some index buckets far more than others.

Both have planted near-copies (0..threshold bits flipped) of the hashes the queries look for, so
the index must find real matches, not just report nothing quickly.

Run: `python benchmarks/lookup.py [--n N] [--queries Q] [--threshold T]`.
`benchmarks/run.py` calls `run()` and prints `format_report()`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

from dupviewer.engine.mih import HammingIndex  # noqa: E402

BITS = 64
TARGET_SECONDS = 1.0  # the promise: one query well under a second at 1,000,000 photos


@dataclass(frozen=True, slots=True)
class LookupBenchmark:
    """Timings for one library distribution."""

    distribution: str
    n: int
    threshold: int
    queries: int
    build_seconds: float
    median_ms: float
    worst_ms: float
    matches: int  # total matches over all queries (checked against brute force)
    correct: bool
    rotations_median_ms: float = 0.0  # 8 hashes per call: what `find --rotations` asks
    rotations_worst_ms: float = 0.0

    @property
    def ok(self) -> bool:
        worst = max(self.worst_ms, self.rotations_worst_ms) / 1000
        return self.correct and worst < TARGET_SECONDS


def _random_hashes(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.integers(0, np.iinfo(np.uint64).max, size=n, dtype=np.uint64, endpoint=True)


def _flip_bits(rng: np.random.Generator, hashes: np.ndarray, max_bits: int) -> np.ndarray:
    """Each hash with a random number (0..max_bits) of distinct random bits flipped."""
    out = hashes.copy()
    counts = rng.integers(0, max_bits + 1, size=len(hashes))
    for k in range(1, max_bits + 1):
        rows = np.flatnonzero(counts >= k)
        # Flip bit positions drawn without repeats per row: draw a permutation prefix.
        positions = np.argsort(rng.random((len(rows), BITS)), axis=1)[:, k - 1].astype(np.uint64)
        out[rows] ^= np.uint64(1) << positions
    return out


def _biased_hashes(rng: np.random.Generator, n: int) -> np.ndarray:
    """Hashes whose bits are set with unequal probabilities (0.1..0.9 per bit)."""
    p = rng.uniform(0.1, 0.9, size=BITS)
    out = np.zeros(n, dtype=np.uint64)
    chunk = 200_000  # bounded memory: a boolean n x 64 matrix for 1M rows is 64 MB
    for start in range(0, n, chunk):
        bits = rng.random((min(chunk, n - start), BITS)) < p
        weights = np.uint64(1) << np.arange(BITS, dtype=np.uint64)
        out[start : start + len(bits)] = (bits.astype(np.uint64) * weights).sum(
            axis=1, dtype=np.uint64
        )
    return out


def build_library(
    distribution: str, n: int, n_queries: int, threshold: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return (library hashes, query hashes). Half the queries have planted near-copies."""
    rng = np.random.default_rng(seed)
    with_copies = n_queries // 2
    planted_per_query = 20
    if distribution == "uniform":
        base = _random_hashes(rng, n)
        queries = _random_hashes(rng, n_queries)
    elif distribution == "skewed":
        base = _biased_hashes(rng, n)
        # Bursts: 5% of the library are look-alikes (1-4 bits off) of 2,000 centres.
        centres = base[rng.choice(n, size=2_000, replace=False)]
        burst = rng.choice(n, size=n // 20, replace=False)
        base[burst] = _flip_bits(rng, centres[rng.integers(0, len(centres), size=len(burst))], 4)
        queries = np.concatenate([_biased_hashes(rng, n_queries - 10), centres[:10]])
    else:
        raise ValueError(f"unknown distribution {distribution!r}")
    # Plant near-copies of the first half of the queries at random places in the library.
    planted = _flip_bits(rng, np.repeat(queries[:with_copies], planted_per_query), threshold)
    slots = rng.choice(n, size=len(planted), replace=False)
    base[slots] = planted
    return base, queries


def _brute_force(hashes: np.ndarray, query: np.uint64, threshold: int) -> dict[int, int]:
    dist = np.bitwise_count(hashes ^ query)
    idx = np.flatnonzero(dist <= threshold)
    return dict(zip(idx.tolist(), dist[idx].tolist(), strict=True))


def bench_distribution(
    distribution: str, n: int = 1_000_000, n_queries: int = 100, threshold: int = 10, seed: int = 9
) -> LookupBenchmark:
    """Build the index over `n` hashes and time `n_queries` single-hash queries."""
    hashes, queries = build_library(distribution, n, n_queries, threshold, seed)
    started = time.perf_counter()
    index = HammingIndex(hashes)
    # The index's tables, built once (for one hash and for the 8 of a --rotations look-up).
    index.prepare(threshold, 1)
    index.prepare(threshold, 8)
    build_seconds = time.perf_counter() - started

    timings: list[float] = []
    correct = True
    matches = 0
    for q in queries:
        one = np.array([q], dtype=np.uint64)
        started = time.perf_counter()
        _q_idx, idx, dist = index.query(one, threshold)
        timings.append(time.perf_counter() - started)
        found = dict(zip(np.asarray(idx).tolist(), np.asarray(dist).tolist(), strict=True))
        matches += len(found)
        if found != _brute_force(hashes, q, threshold):
            correct = False
    # With rotations a query asks its upright hash and 7 variants in one call.
    rng = np.random.default_rng(seed + 1)
    rotation_timings: list[float] = []
    for q in queries:
        eight = np.concatenate([[q], _flip_bits(rng, np.repeat(q, 7), 32)]).astype(np.uint64)
        started = time.perf_counter()
        q_idx, idx, dist = index.query(eight, threshold)
        rotation_timings.append(time.perf_counter() - started)
        for row, h in enumerate(eight):
            mine = q_idx == row
            found = dict(zip(idx[mine].tolist(), dist[mine].tolist(), strict=True))
            if found != _brute_force(hashes, h, threshold):
                correct = False
    return LookupBenchmark(
        distribution=distribution,
        n=n,
        threshold=threshold,
        queries=n_queries,
        build_seconds=build_seconds,
        median_ms=statistics.median(timings) * 1000,
        worst_ms=max(timings) * 1000,
        matches=matches,
        correct=correct,
        rotations_median_ms=statistics.median(rotation_timings) * 1000,
        rotations_worst_ms=max(rotation_timings) * 1000,
    )


def run(
    n: int = 1_000_000, n_queries: int = 100, threshold: int = 10, seed: int = 9
) -> list[LookupBenchmark]:
    """Both distributions; the entry point `benchmarks/run.py` calls."""
    return [bench_distribution(d, n, n_queries, threshold, seed) for d in ("uniform", "skewed")]


def format_report(results: list[LookupBenchmark]) -> str:
    lines = ["reverse look-up (HammingIndex.query, one hash per call)"]
    for r in results:
        verdict = "ok" if r.ok else ("WRONG ANSWERS" if not r.correct else "TOO SLOW")
        lines.append(
            f"  {r.distribution:8} n={r.n:,} t={r.threshold}: build {r.build_seconds:.2f} s, "
            f"query median {r.median_ms:.1f} ms, worst {r.worst_ms:.1f} ms over {r.queries} "
            f"queries ({r.matches} matches); with --rotations (8 hashes) median "
            f"{r.rotations_median_ms:.1f} ms, worst {r.rotations_worst_ms:.1f} ms; "
            f"all equal to brute force: {r.correct} [{verdict}]"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="hashes in the index")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--threshold", type=int, default=10)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args(argv)
    results = run(args.n, args.queries, args.threshold, args.seed)
    print(format_report(results))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
