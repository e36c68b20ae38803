"""Exact sub-quadratic Hamming search over 64-bit hashes: multi-index hashing (MIH).

Why: comparing every pair of a million hashes is 5e11 popcounts (hours in numpy), while the pairs
within a small distance t are few. Multi-index hashing splits the 64 bits into m blocks with radii
r_k such that sum(r_k + 1) > t. By the generalised pigeonhole principle two hashes within t differ
by at most r_k bits in at least one block k. So for every block we join the items whose block values
differ by a pattern p of at most r_k bits (XOR), then verify the full distance. A pair is kept only
in the first block where it qualifies, so it is reported once without any set or sort-unique.

Trade-off: long blocks make buckets sparse (few false candidates) but need many more patterns. The
plan (m, block sizes, radii) is picked by a small cost model from n and t, and chunked brute force
is used when that is cheaper (tiny inputs, large t). Bits are dealt to blocks so that every block
gets its share of the entropy: real pHash bits are biased and correlated, and a block of
near-constant bits would make giant buckets and flood the verification step.

Everything is vectorised with numpy: items sorted by block value with dense tables of bucket
starts for blocks up to 24 bits, patterns probed in batches, distances by `np.bitwise_count`. In
the self-join each bucket pair (u, u ^ p) is visited once, from the side whose top pattern bit is
0. Verification is where skewed hashes spend their time: their bits move together, so buckets are
crowded and the candidates per probe are many (the grouping benchmark's skewed library has 6x the
uniform one's). A one-item bucket meets the first item of the bucket it finds straight from the
table; every other bucket pair is a range pair, binned by tile shape and verified in dense tiles:
each range is cut into tiles of one length (small ranges are one exact tile), and a pair of tiles
is one contiguous TL x TR block of xors with the tile-pair axis innermost (long numpy loops), made
and bit-counted a few rows at a time in a cache-sized buffer. That costs about 1.6 ns per tile slot
(0.8 of it making and counting the xors) against about 7 ns for gathering each pair on its own.
Plans are priced for this (probes and found buckets cost more than candidates), and on the data:
a sample of item pairs measures how often each block is close.

The work is cut into one task per block and worker (plus one for each block's own buckets),
biggest first. A big self-join (`_PROCESS_FROM` hashes or more) runs them in forked worker
processes that share the built index copy-on-write: the many short numpy calls hold the GIL in
between, so threads barely overlap. Smaller searches, look-ups, and platforms without fork use a
small thread pool.
"""

from __future__ import annotations

import itertools
import math
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing.connection import Connection
from typing import Any

import numpy as np

__all__ = ["HammingIndex", "pairs_within", "popcount"]

BITS = 64
_TABLE_BITS = 24  # blocks up to this many bits use dense bucket tables; longer ones binary search
_BATCH = 1 << 18  # probe keys per vectorised batch: ~10 MB per task (1 << 20 was no faster
# and held ~50 MB more per thread in the crop-window look-ups)
_CHUNK = 1 << 18  # pairs per brute-force step (cache-sized arrays)
_MAX_PATTERNS = 400_000  # plans needing more patterns in one block are not considered
_STATS_SAMPLE = 16_384  # hashes used to measure bit entropy and correlation (plenty for 64 bits)
_PAIR_SAMPLE = 65_536  # random item pairs used to price plans on the real bit distribution
_MEASURE_FROM = 20_000  # below this many hashes, uniform pricing is good enough
_SHORTLIST = 12  # plans (cheapest for uniform bits) priced again on the data
_PROCESS_FROM = 50_000  # self-joins of at least this many hashes fork worker processes
_TILES = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32)  # tile lengths: a range is cut into tiles of one
_TILE_MAX = _TILES[-1]
_TILE_OVERHEAD = 10.0  # fixed cost of one tile, in candidate pairs (picks the tile length)
_TILE_CHUNK = 1 << 18  # candidate slots verified at once (one byte of bit count each)
_XOR_SLOTS = 1 << 15  # xors held at once while counting a tile group's bits (256 KB: in cache)
_TILE_PREP = 1 << 15  # tile pairs spelled out at once (a few verification steps of big tiles)
_BIN_FROM = 1 << 16  # candidates gathered before binning them by tile shape
_FLUSH_SLOTS = 1 << 20  # candidates of one tile shape gathered before verifying them
_COLLECT_BATCH = 1 << 16  # verified pairs mapped to item indexes at once
# Pattern tasks per block and worker. Each task ends by verifying its part-filled tile shapes
# one by one, so more tasks cost more calls: 2 per worker was ~10% slower at 100,000 skewed
# hashes than 1 (A/B, 9 runs each, same process), and no better balanced at 300,000 or 1M.
_TASKS_PER_WORKER = 1

# Cost model, in nanoseconds on a 2020s core (only ratios matter for choosing a plan); fitted on
# the grouping benchmark's libraries at 100k-1M hashes.
_C_PROBE = 5.0  # one probe key: xor + table gather + test
_C_MISS = 5.0  # extra per probe when the block's tables outgrow the cache (2**20 values and up)
_C_HIT = 15.0  # one probe that finds a bucket: its range pair is binned, gathered, verified
_C_CAND = 2.0  # one candidate pair in a dense tile: xor + popcount + test (plus padding)
_C_CALL = 60_000.0  # fixed overhead of one vectorised batch (a dozen numpy calls)
_C_BUILD = 150.0  # sorting and tabling one item for one block
_C_BRUTE = 2.5  # one pair in chunked brute force (measured: 2.3-2.8 ns at 2,000-5,000 hashes)
# Look-ups (mostly a few queries against a big index) keep their own, older calibration: per-call
# overheads dominate there, and their plans should not move with the self-join's tuning.
_C_PROBE_QUERY = 8.0
_C_CAND_QUERY = 12.0
_C_BRUTE_QUERY = 2.5

_POP8 = np.array([bin(v).count("1") for v in range(256)], dtype=np.uint8)

Triple = tuple[np.ndarray, np.ndarray, np.ndarray]


def popcount(x: np.ndarray) -> np.ndarray:
    """Set bits of each uint64, as uint8 (`np.bitwise_count` on numpy >= 2, a table otherwise)."""
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(x)
    flat = np.ascontiguousarray(x, dtype=np.uint64)
    return _POP8[flat.view(np.uint8).reshape(*flat.shape, 8)].sum(axis=-1, dtype=np.uint8)


def _as_hashes(hashes: object) -> np.ndarray:
    if not isinstance(hashes, np.ndarray):  # Python ints: numpy may guess float for big ones
        try:
            hashes = np.array(hashes, dtype=np.uint64)
        except OverflowError:  # negative ints: keep their 64-bit two's-complement pattern
            hashes = np.array([int(v) & (2**64 - 1) for v in hashes], dtype=np.uint64)  # type: ignore[union-attr]
    arr = np.asarray(hashes)
    if arr.dtype != np.uint64:
        if arr.dtype.kind == "O" or arr.dtype.kind == "u":
            arr = arr.astype(np.uint64)
        elif arr.dtype.kind == "i":
            arr = arr.astype(np.int64).view(np.uint64)  # keep the bit pattern of negative ints
        else:
            raise TypeError(f"hashes must be 64-bit integers, got {arr.dtype}")
    if arr.ndim != 1:
        arr = arr.reshape(-1)
    return np.ascontiguousarray(arr)


def _check_t(t: int) -> int:
    t = int(t)
    if t < 0:
        raise ValueError(f"Hamming threshold must be >= 0, got {t}")
    return min(t, BITS)


def _default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


# --------------------------------------------------------------------------------------------
# Plans: how many blocks, how long, which radius each.


@dataclass(frozen=True, slots=True)
class _Plan:
    sizes: tuple[int, ...]  # bits per block, summing to 64
    radii: tuple[int, ...]  # max differing bits searched per block; sum(r + 1) == t + 1


@lru_cache(maxsize=512)
def _n_patterns(bits: int, radius: int) -> int:
    return sum(math.comb(bits, k) for k in range(radius + 1))


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + 1] * extra + [base] * (parts - extra)


def _plans(t: int) -> Iterator[_Plan]:
    """Every plan worth pricing: m blocks, the `extra` ones with one more radius and length x."""
    for m in range(1, min(t + 1, 8) + 1):
        base, extra = divmod(t + 1, m)
        radii = [base] * extra + [base - 1] * (m - extra)  # r + 1 sums to t + 1
        if extra == 0 or extra == m:
            yield _Plan(tuple(_split(BITS, m)), tuple(radii))
            continue
        for x in range(1, BITS // extra + 1):
            rest = BITS - x * extra
            if rest < m - extra:
                break
            yield _Plan(tuple([x] * extra + _split(rest, m - extra)), tuple(radii))


def _distinct(n: float, bits: int) -> float:
    space = 2.0**bits
    return space * -math.expm1(-n / space) if bits < 60 else n


def _plan_cost(
    plan: _Plan, n: int, queries: int | None, near: tuple[float, ...] | None = None
) -> float:
    """Estimated nanoseconds of a self-join (queries None) or of `queries` look-ups.

    `near[k]` is the share of item pairs within radius of each other on block k (measured on
    the data); None assumes uniform random bits.
    """
    return sum(
        _block_cost(bits, radius, n, queries, None if near is None else near[k])
        for k, (bits, radius) in enumerate(zip(plan.sizes, plan.radii, strict=True))
    )


@lru_cache(maxsize=4096)  # the ~220 plans of a threshold share a few dozen distinct blocks
def _block_cost(bits: int, radius: int, n: int, queries: int | None, share: float | None) -> float:
    """`_plan_cost` of one block; `share` None prices uniform random bits."""
    patterns = _n_patterns(bits, radius)
    if patterns > _MAX_PATTERNS:
        return math.inf
    if share is None:
        share = patterns / 2.0**bits
    distinct = _distinct(n, bits)
    if queries is None:
        probes = patterns * distinct / 2
        candidates = share * n * n / 2
        cost = _C_BUILD * n
    else:
        probes = patterns * queries
        candidates = share * queries * n
        cost = 0.0
    batches = max(bits + 1.0, probes / _BATCH)
    cost += _C_CALL * batches
    if queries is None:
        hits = min(probes * distinct / 2.0**bits, candidates)
        probe = _C_PROBE + _C_MISS * min(1.0, 2.0 ** (bits - 20))
        return cost + probe * probes + _C_HIT * hits + _C_CAND * candidates
    return cost + _C_PROBE_QUERY * probes + _C_CAND_QUERY * candidates


def _brute_cost(n: int, queries: int | None) -> float:
    pairs = n * (n - 1) / 2 if queries is None else n * queries
    per_pair = _C_BRUTE if queries is None else _C_BRUTE_QUERY
    return per_pair * pairs + _C_CALL * (1 + pairs / _CHUNK)


def _best_plan(n: int, t: int, queries: int | None) -> _Plan | None:
    """The cheapest plan for uniform random bits, or None when brute force is cheaper."""
    best = min(_plans(t), key=lambda p: _plan_cost(p, n, queries))
    if _plan_cost(best, n, queries) >= _brute_cost(n, queries):
        return None
    return best


# --------------------------------------------------------------------------------------------
# Bit layout: which original bits go to which block.


def _bit_matrix(hashes: np.ndarray) -> np.ndarray:
    """(n, 64) uint8 matrix, column k = bit k (value 1 << k) of each hash."""
    little = np.ascontiguousarray(hashes, dtype="<u8")
    return np.unpackbits(little.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")


@dataclass(frozen=True, slots=True)
class _BitStats:
    entropy: np.ndarray  # (64,) bits of information per hash bit
    corr2: np.ndarray  # (64, 64) squared correlation between bits


def _bit_stats(hashes: np.ndarray) -> _BitStats:
    step = max(1, len(hashes) // _STATS_SAMPLE)
    bits = _bit_matrix(hashes[::step]).astype(np.float32)
    p = bits.mean(axis=0, dtype=np.float64)
    bits -= p.astype(np.float32)
    cov = (bits.T @ bits).astype(np.float64)  # a float32 product: 2x faster than np.corrcoef
    spread = np.sqrt(np.diag(cov))
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -(p * np.log2(p) + (1 - p) * np.log2(1 - p))
        corr = cov / np.outer(spread, spread)
    return _BitStats(np.nan_to_num(entropy), np.nan_to_num(corr) ** 2)


def _deal_bits(stats: _BitStats | None, sizes: tuple[int, ...]) -> np.ndarray:
    """Source bit for each permuted position, so blocks get balanced, decorrelated entropy.

    Greedy: bits by falling entropy; each goes to the block (with room) furthest below its fair
    share of the total entropy, counting only the information not already carried by the most
    correlated bit in that block.
    """
    if len(sizes) == 1 or stats is None:
        return np.arange(BITS)
    entropy, corr2 = stats.entropy.tolist(), stats.corr2.tolist()  # lists: fast scalar reads
    total = float(stats.entropy.sum()) or 1.0
    members: list[list[int]] = [[] for _ in sizes]
    gained = [0.0] * len(sizes)
    for bit in sorted(range(BITS), key=lambda b: (-entropy[b], b)):
        best, best_need = -1, -math.inf
        for k, size in enumerate(sizes):
            if len(members[k]) >= size:
                continue
            need = size / BITS * total - gained[k]
            if need > best_need + 1e-12:
                best, best_need = k, need
        overlap = max((corr2[bit][other] for other in members[best]), default=0.0)
        gained[best] += entropy[bit] * (1.0 - overlap)
        members[best].append(bit)
    return np.array([b for group in members for b in sorted(group)], dtype=np.int64)


@lru_cache(maxsize=64)
def _permute_tables(source: bytes) -> tuple[np.ndarray, ...]:
    """For each input byte, where its 256 values' bits land (`source` as int64 bytes)."""
    target = np.empty(BITS, dtype=np.uint64)
    target[np.frombuffer(source, dtype=np.int64)] = np.arange(BITS, dtype=np.uint64)
    byte_values = np.arange(256, dtype=np.uint64)[:, None]
    bits = (byte_values >> np.arange(8, dtype=np.uint64)) & np.uint64(1)  # (256, 8)
    tables = tuple(
        np.bitwise_or.reduce(bits << target[8 * k : 8 * k + 8], axis=1) for k in range(8)
    )
    for table in tables:
        table.setflags(write=False)  # shared by every caller (and thread)
    return tables


def _permute(hashes: np.ndarray, source: np.ndarray) -> np.ndarray:
    """Hashes with bit `source[k]` moved to position k (popcount of xor is unchanged).

    One 256-entry table per input byte holds where that byte's bits land: eight gathers and
    ORs per hash instead of unpacking it into 64 bytes.
    """
    if np.array_equal(source, np.arange(BITS)):
        return hashes
    tables = _permute_tables(np.asarray(source, dtype=np.int64).tobytes())
    as_bytes = np.ascontiguousarray(hashes, dtype="<u8").view(np.uint8).reshape(-1, 8)
    out = tables[0].take(as_bytes[:, 0])
    for k in range(1, 8):
        out |= tables[k].take(as_bytes[:, k])
    return out


@dataclass(slots=True)
class _Block:
    """One block of the permuted hashes, with its items sorted by block value."""

    shift: int
    bits: int
    order: np.ndarray  # item indexes sorted by block value
    sorted_hashes: np.ndarray  # permuted hashes in that order (contiguous verification reads)
    tiled: np.ndarray  # sorted_hashes then _TILE_MAX zeros: every tile window stays in bounds
    values: np.ndarray  # distinct block values, sorted (int64)
    starts: np.ndarray  # first position of each distinct value in `order`
    counts: np.ndarray  # items with each distinct value
    # Dense per-value tables (blocks of up to _TABLE_BITS bits): one random gather per probe.
    table_counts: np.ndarray | None = None  # uint8 when every bucket holds < 256 items
    table_starts: np.ndarray | None = None
    table_first: np.ndarray | None = None  # hash of each bucket's first item

    @property
    def mask(self) -> np.uint64:
        return np.uint64(((1 << self.bits) - 1) << self.shift)

    def block_values(self, permuted: np.ndarray) -> np.ndarray:
        return _block_values(permuted, self.shift, self.bits)

    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For block values `keys`: positions of the non-empty ones, their starts and counts."""
        if self.table_counts is not None and self.table_starts is not None:
            counts = self.table_counts.take(keys)
            hit = np.flatnonzero(counts != 0)  # a bool mask: 8x faster than on counts
            return hit, self.table_starts.take(keys.take(hit)), counts.take(hit)
        pos = self._search(keys)
        hit = np.flatnonzero(self.values[pos] == keys)
        pos = pos[hit]
        return hit, self.starts[pos], self.counts[pos]

    def lookup_first(
        self, keys: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Like `lookup`, but returns (hit, keys[hit], counts, first hash) so the first item of
        each bucket is verified without fetching its position (needed only for survivors)."""
        if self.table_counts is not None and self.table_starts is not None:
            counts = self.table_counts.take(keys)
            hit = np.flatnonzero(counts != 0)
            found = keys.take(hit)
            if self.table_first is not None:
                return hit, found, counts.take(hit), self.table_first.take(found)
            first = self.sorted_hashes.take(self.table_starts.take(found))
            return hit, found, counts.take(hit), first
        pos = self._search(keys)
        hit = np.flatnonzero(self.values[pos] == keys)
        pos = pos[hit]
        return hit, keys[hit], self.counts[pos], self.sorted_hashes[self.starts[pos]]

    def start_of(self, found: np.ndarray) -> np.ndarray:
        """Start positions of buckets known to exist."""
        if self.table_starts is not None:
            return self.table_starts.take(found)
        return self.starts[self._search(found)]

    def for_queries_only(self) -> _Block:
        """This block without the per-bucket arrays only a self-join reads (look-ups go through
        the dense tables when the block has them), nor the table of each bucket's first hash
        (8 bytes per possible block value, the biggest table; a hit reads it from the sorted
        hashes instead, one more gather)."""
        if self.table_counts is not None:
            self.values = self.starts = self.counts = np.empty(0, dtype=self.order.dtype)
            self.table_first = None
        return self

    def _search(self, keys: np.ndarray) -> np.ndarray:
        pos = np.searchsorted(self.values, keys)
        np.minimum(pos, len(self.values) - 1, out=pos)
        return pos


def _block_values(permuted: np.ndarray, shift: int, bits: int) -> np.ndarray:
    """Block values as int64 (a 64-bit block keeps its bit pattern; only equality matters)."""
    if bits >= BITS:
        return permuted.view(np.int64)
    return ((permuted >> np.uint64(shift)) & np.uint64((1 << bits) - 1)).view(np.int64)


def _index_type(n: int) -> type[np.signedinteger]:
    return np.int32 if n < 2**31 - 1 else np.int64


def _build_block(permuted: np.ndarray, shift: int, bits: int, lean: bool = False) -> _Block:
    """The sorted view of one block. `lean`: for look-ups only (see `_Block.for_queries_only`);
    the table of first hashes, the biggest, is then never built (32 MB for a 22-bit block)."""
    idx_type = _index_type(len(permuted))
    values = _block_values(permuted, shift, bits)
    if bits < 32:  # half the bytes to sort and to keep (the values are only compared)
        values = values.astype(np.int32)
    order = np.argsort(values).astype(idx_type, copy=False)  # order within a bucket is free
    sorted_values = values[order]
    del values
    first = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]]).astype(idx_type)
    distinct = sorted_values[first].astype(np.int64)
    del sorted_values
    starts = first
    counts = np.diff(first, append=idx_type(len(permuted)))
    tiled = _with_tail(permuted[order])
    sorted_hashes = tiled[: len(permuted)]
    block = _Block(shift, bits, order, sorted_hashes, tiled, distinct, starts, counts)
    if bits <= _TABLE_BITS:
        small = len(counts) == 0 or int(counts.max()) < 256  # a byte table gathers faster
        block.table_counts = np.zeros(1 << bits, dtype=np.uint8 if small else idx_type)
        block.table_counts[distinct] = counts
        block.table_starts = np.zeros(1 << bits, dtype=idx_type)
        block.table_starts[distinct] = starts
        if lean:
            return block.for_queries_only()
        block.table_first = np.zeros(1 << bits, dtype=np.uint64)
        block.table_first[distinct] = sorted_hashes[starts]
    return block


@dataclass(slots=True)
class _Layout:
    """Permutation and per-block sorted views for one block-size vector."""

    source: np.ndarray
    blocks: list[_Block]


@dataclass(slots=True)
class _Side:
    """The probing side of a join: its buckets, split into one-item buckets (most of them, probed
    with a lean path) and crowded ones (range pairs, verified in tiles). Positions refer to
    `hashes`."""

    hashes: np.ndarray  # the side's permuted hashes, in its sorted order
    tiled: np.ndarray  # the same followed by _TILE_MAX zeros (see `_with_tail`)
    one_values: np.ndarray
    one_pos: np.ndarray
    one_hashes: np.ndarray
    many_values: np.ndarray
    many_starts: np.ndarray
    many_counts: np.ndarray

    def low(self, bit: int) -> _Side:
        """The buckets whose value has `bit` clear (a self-join visits each pair from there)."""
        one = np.flatnonzero(((self.one_values >> bit) & 1) == 0)
        many = np.flatnonzero(((self.many_values >> bit) & 1) == 0)
        return _Side(
            self.hashes,
            self.tiled,
            self.one_values.take(one),
            self.one_pos.take(one),
            self.one_hashes.take(one),
            self.many_values.take(many),
            self.many_starts.take(many),
            self.many_counts.take(many),
        )


def _side(values: np.ndarray, starts: np.ndarray, counts: np.ndarray, tiled: np.ndarray) -> _Side:
    """A probing side over `tiled` (hashes with a tail, see `_with_tail`)."""
    one = counts == 1
    many = ~one
    one_pos = starts[one]
    hashes = tiled[: len(tiled) - _TILE_MAX]
    return _Side(
        hashes,
        tiled,
        values[one],
        one_pos,
        hashes[one_pos],
        values[many],
        starts[many],
        counts[many],
    )


# --------------------------------------------------------------------------------------------
# Vectorised pieces.


@lru_cache(maxsize=256)
def _patterns_by_top_bit(bits: int, radius: int) -> tuple[np.ndarray, ...]:
    """Non-zero patterns of at most `radius` set bits among `bits`, grouped by their top bit."""
    groups = []
    for top in range(bits):
        values = [
            (1 << top) | sum(1 << b for b in low)
            for k in range(radius)
            for low in itertools.combinations(range(top), k)
        ]
        groups.append(np.array(values, dtype=np.uint64).view(np.int64))
    return tuple(groups)


def _all_patterns(bits: int, radius: int) -> np.ndarray:
    """Every pattern of at most `radius` set bits, 0 included (look-ups probe both ways)."""
    return np.concatenate([np.zeros(1, np.int64), *_patterns_by_top_bit(bits, radius)])


def _chunks(sizes: np.ndarray, target: int) -> Iterator[tuple[int, int]]:
    """Consecutive index ranges whose `sizes` add up to about `target` each."""
    if len(sizes) == 0:
        return
    ends = np.cumsum(sizes)
    cuts = np.searchsorted(ends, np.arange(target, int(ends[-1]), target), side="right")
    for g0, g1 in itertools.pairwise([0, *np.unique(cuts).tolist(), len(sizes)]):
        if g1 > g0:
            yield g0, g1


def _with_tail(hashes: np.ndarray) -> np.ndarray:
    """`hashes` followed by `_TILE_MAX` zeros, so a tile window may start at any position."""
    out = np.zeros(len(hashes) + _TILE_MAX, dtype=np.uint64)
    out[: len(hashes)] = hashes
    return out


@lru_cache(maxsize=1)
def _tile_codes(limit: int = 4096) -> np.ndarray:
    """Index into `_TILES` of the tile length for each bucket size below `limit`: the one with
    the least padded work plus per-tile overhead (bigger buckets use the longest tile)."""
    sizes = np.arange(limit, dtype=np.float64)[:, None]
    lengths = np.array(_TILES, dtype=np.float64)[None, :]
    cost = np.ceil(sizes / lengths) * (lengths + _TILE_OVERHEAD)
    codes = np.argmin(cost, axis=1).astype(np.int8)
    codes[-1] = len(_TILES) - 1  # the `limit - 1` slot stands for every bigger bucket
    codes.setflags(write=False)  # shared by every caller (and thread)
    return codes


def _tile_code(counts: np.ndarray) -> np.ndarray:
    table = _tile_codes()
    return table.take(np.minimum(counts.astype(np.int64, copy=False), len(table) - 1))


def _tile_group(
    left: np.ndarray,
    right: np.ndarray,
    ls: np.ndarray,
    lc: np.ndarray,
    rs: np.ndarray,
    rc: np.ndarray,
    tl: int,
    tr: int,
    verify: Verifier,
    same: bool,
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Verified (a, b, x) over every a in a left range and b in the paired right range, with
    dense tiles: each range is cut into tiles of one length (picked by its size: small ranges
    are one exact tile), and every pair of tiles is one contiguous block of TL x TR xors. Two
    gathers per tile pair instead of two per candidate; the slots of a tile past its range's end
    are computed, then dropped from the few survivors. `left` and `right` are tiled arrays
    (`_with_tail`). With `same`, each pair is a bucket with itself and only a < b is reported.

    The xors are laid out (tl, tr, tile pairs): numpy's inner loop then runs over the long
    tile-pair axis, about 2x faster than a (tile pairs, tl, tr) broadcast with its short rows.
    """
    per_chunk = max(1, _TILE_CHUNK // (tl * tr))
    if int(lc.max()) <= tl and int(rc.max()) <= tr:  # one tile per range: no tile expansion
        for p0 in range(0, len(ls), per_chunk):
            part = slice(p0, p0 + per_chunk)
            yield from _tile_block(
                left, right, ls[part], lc[part], rs[part], rc[part], tl, tr, verify, same
            )
        return
    nl = -(-lc.astype(np.int64) // tl)
    nr = -(-rc.astype(np.int64) // tr)
    tiles = nl * nr
    # the tile pairs are spelled out for several verification steps at once (a dozen numpy
    # calls per group; their arrays are a few bytes per tile pair, not per slot)
    for g0, g1 in _chunks(tiles, max(per_chunk, _TILE_PREP)):
        count = tiles[g0:g1]
        total = int(count.sum())
        owner = np.repeat(np.arange(g1 - g0), count)
        k = np.arange(total) - np.repeat(np.cumsum(count) - count, count)
        li, ri = np.divmod(k, nr[g0:g1].take(owner))
        if same:  # a bucket with itself: tile pairs on or above the diagonal only
            upper = np.flatnonzero(li <= ri)
            owner, li, ri = owner.take(upper), li.take(upper), ri.take(upper)
        li *= tl
        ri *= tr
        a0 = ls[g0:g1].take(owner) + li
        b0 = rs[g0:g1].take(owner) + ri
        a_left = lc[g0:g1].take(owner) - li  # valid slots in each tile
        b_left = rc[g0:g1].take(owner) - ri
        for p0 in range(0, len(a0), per_chunk):
            part = slice(p0, p0 + per_chunk)
            yield from _tile_block(
                left, right, a0[part], a_left[part], b0[part], b_left[part], tl, tr, verify, same
            )


def _tile_block(
    left: np.ndarray,
    right: np.ndarray,
    a0: np.ndarray,
    a_valid: np.ndarray,
    b0: np.ndarray,
    b_valid: np.ndarray,
    tl: int,
    tr: int,
    verify: Verifier,
    same: bool,
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Verified pairs of the tile pairs (left[a0 : a0 + tl], right[b0 : b0 + tr]), keeping only
    the first `a_valid` / `b_valid` slots of each tile."""
    span = len(a0)
    if tl == 1 and tr == 1:
        x = left.take(a0) ^ right.take(b0)
        tile = verify(x)
        x, ca, cb = x.take(tile), 0, 0
    else:
        tiles_l = left.take(a0 + _offsets(tl))  # (tl, span)
        tiles_r = right.take(b0 + _offsets(tr))  # (tr, span)
        ok = np.flatnonzero(_tile_counts(tiles_l, tiles_r) <= verify.t)
        slot, tile = np.divmod(ok, span)
        ca, cb = np.divmod(slot, tr)
        x = tiles_l.reshape(-1).take(ca * span + tile) ^ tiles_r.reshape(-1).take(cb * span + tile)
        if verify.earlier:
            first = np.flatnonzero(verify.first(x))
            tile, ca, cb, x = tile.take(first), ca.take(first), cb.take(first), x.take(first)
    if len(tile) == 0:
        return
    a = a0.take(tile) + ca
    b = b0.take(tile) + cb
    keep = (ca < a_valid.take(tile)) & (cb < b_valid.take(tile))
    if same:
        keep &= a < b
    keep = np.flatnonzero(keep)
    if len(keep):
        yield a.take(keep), b.take(keep), x.take(keep)


_buffers = threading.local()  # per-thread scratch arrays (see `_buffer`)


def _tile_counts(tiles_l: np.ndarray, tiles_r: np.ndarray) -> np.ndarray:
    """Bit counts of every tl x tr xor of the tile pairs, laid out (tl, tr, tile pairs).

    The xors are made and counted a few left rows at a time in a reused cache-sized buffer:
    one xor array of the whole group (a few MB) spills out of the core's cache on its way to
    the popcount, which made it 1.25-1.4x slower. Only the counts (one byte per slot) are
    kept; the few survivors' xors are gathered again.
    """
    tl, span = tiles_l.shape
    tr = tiles_r.shape[0]
    counts = _buffer("counts", tl * tr * span, np.uint8).reshape(tl, tr, span)
    rows = max(1, min(tl, _XOR_SLOTS // (tr * span)))
    xors = _buffer("xors", rows * tr * span, np.uint64).reshape(rows, tr, span)
    for r0 in range(0, tl, rows):
        r1 = min(tl, r0 + rows)
        part = xors[: r1 - r0]
        np.bitwise_xor(tiles_l[r0:r1, None, :], tiles_r[None], out=part)
        np.bitwise_count(part, out=counts[r0:r1])
    return counts.reshape(-1)


def _buffer(name: str, size: int, dtype: type[np.unsignedinteger]) -> np.ndarray:
    """A reused per-thread scratch array of at least `size` items (a fresh multi-MB array per
    call costs page faults)."""
    held = getattr(_buffers, name, None)
    if held is None or len(held) < size:
        held = np.empty(max(size, 1 << 16), dtype=dtype)
        setattr(_buffers, name, held)
    return held[:size]


@lru_cache(maxsize=64)
def _offsets(length: int) -> np.ndarray:
    """Column of 0 .. length - 1 (positions inside a tile), shared read-only."""
    offsets = np.arange(length, dtype=np.int64)[:, None]
    offsets.setflags(write=False)
    return offsets


class Verifier:
    """Which candidate pairs to report: within t, and block k is the first block whose radius
    covers them (so each pair is reported once). Called on x = left ^ right it returns the
    positions to keep; dense tiles test the distance on their counts, then `first` on the few
    survivors."""

    __slots__ = ("t", "earlier")

    def __init__(self, layout: _Layout, radii: tuple[int, ...], k: int, t: int) -> None:
        self.t = t
        self.earlier = [(layout.blocks[e].mask, radii[e]) for e in range(k)]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        ok = np.flatnonzero(popcount(x) <= self.t)
        if self.earlier and len(ok):
            ok = ok[self.first(x.take(ok))]
        return ok

    def first(self, x: np.ndarray) -> np.ndarray:
        """For xors within t: True where no earlier block's radius covers the pair."""
        keep = np.ones(len(x), dtype=bool)
        for mask, radius in self.earlier:
            keep &= popcount(x & mask) > radius
        return keep


class _Pending:
    """Range pairs (left start, left count, right start, right count) waiting for verification.

    Pairs gathered across patterns and probing slices are binned by tile shape once they add up
    to `_BIN_FROM` candidates, and a shape is verified when it holds about `_FLUSH_SLOTS`: each
    numpy call then covers a lot of work. The caller's final `flush` verifies the rest; a small
    remainder (a single look-up) is verified flat, without a call per shape.
    """

    __slots__ = ("left", "right", "verify", "same", "raw", "raw_slots", "bins", "slots")

    def __init__(self, left: np.ndarray, right: np.ndarray, verify: Verifier, same: bool) -> None:
        self.left, self.right = left, right  # tiled arrays (`_with_tail`)
        self.verify, self.same = verify, same
        self.raw: list[tuple[np.ndarray, ...]] = []
        self.raw_slots = 0
        self.bins: dict[int, list[tuple[np.ndarray, ...]]] = {}
        self.slots: dict[int, int] = {}

    def add(
        self, ls: np.ndarray, lc: np.ndarray, rs: np.ndarray, rc: np.ndarray
    ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        if len(ls) == 0:
            return
        self.raw.append((ls, lc, rs, rc))
        self.raw_slots += int(np.dot(lc.astype(np.int64), rc))
        if self.raw_slots >= _BIN_FROM:
            yield from self._bin(ready=_FLUSH_SLOTS)

    def flush(self) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Verify everything still pending."""
        if self.raw and not self.bins and self.raw_slots < _BIN_FROM:
            yield from _flat_pairs(self.left, self.right, *self._take_raw(), self.verify, self.same)
            return
        yield from self._bin(ready=0)

    def _take_raw(self) -> tuple[np.ndarray, ...]:
        parts, self.raw, self.raw_slots = self.raw, [], 0
        if len(parts) == 1:
            return parts[0]
        return tuple(np.concatenate([p[k] for p in parts]) for k in range(4))

    def _bin(self, ready: int) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Move the raw pairs into their shape's bin; verify the bins holding `ready` slots.

        The four columns travel as one (4, pairs) array of the index type, sorted by shape: a
        handful of numpy calls per batch, not a handful per shape. A shape verified now reads its
        slice; one that waits for more pairs keeps a copy (a view would keep the batch alive).
        """
        if self.raw:
            ls, lc, rs, rc = self._take_raw()
            lcode = _tile_code(lc)
            rcode = lcode if self.same else _tile_code(rc)
            combo = lcode.astype(np.int16) * len(_TILES) + rcode
            shapes = len(_TILES) ** 2
            sizes = np.bincount(combo, minlength=shapes)
            work = np.bincount(combo, weights=lc * rc.astype(np.float64), minlength=shapes)
            present = np.flatnonzero(sizes)
            # one copy of the columns, sorted by shape (a radix sort) when there are several
            order = np.argsort(combo, kind="stable") if len(present) > 1 else None
            rows = np.empty((4, len(ls)), dtype=_index_type(max(len(self.left), len(self.right))))
            for k, column in enumerate((ls, lc, rs, rc)):
                rows[k] = column if order is None else column.take(order)
            first = 0
            for c in present.tolist():
                count = int(sizes[c])
                part = rows[:, first : first + count]
                slots = self.slots.get(c, 0) + int(work[c])
                if slots < ready:  # it waits
                    part = part.copy()
                self.bins.setdefault(c, []).append(part)
                self.slots[c] = slots
                first += count
        for c in [c for c, slots in self.slots.items() if slots >= ready]:
            yield from self._verify(c)

    def _verify(self, c: int) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        parts = self.bins.pop(c)
        del self.slots[c]
        # index types kept (int32 below 2**31 items): tile positions widen to int64 later
        ls, lc, rs, rc = parts[0] if len(parts) == 1 else np.concatenate(parts, axis=1)
        tl, tr = _TILES[c // len(_TILES)], _TILES[c % len(_TILES)]
        yield from _tile_group(
            self.left, self.right, ls, lc, rs, rc, tl, tr, self.verify, self.same
        )


def _flat_pairs(
    left: np.ndarray,
    right: np.ndarray,
    ls: np.ndarray,
    lc: np.ndarray,
    rs: np.ndarray,
    rc: np.ndarray,
    verify: Verifier,
    same: bool,
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Like `_tile_group`, for a few candidates of any shapes: every pair spelled out."""
    lc, rc = lc.astype(np.int64), rc.astype(np.int64)
    cand = lc * rc
    owner = np.repeat(np.arange(len(cand)), cand)
    k = np.arange(int(cand.sum())) - np.repeat(np.cumsum(cand) - cand, cand)
    da, db = np.divmod(k, rc.take(owner))
    a = ls.take(owner) + da
    b = rs.take(owner) + db
    x = left.take(a) ^ right.take(b)
    ok = verify(x)
    if same and len(ok):
        ok = ok[a.take(ok) < b.take(ok)]
    if len(ok):
        yield a.take(ok), b.take(ok), x.take(ok)


def _lookups(
    block: _Block, side: _Side, patterns: np.ndarray, verify: Verifier
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """`_join` of a query side with the indexed block, crowded pairs verified at the end."""
    pending = _Pending(side.tiled, block.tiled, verify, same=False)
    yield from _join(block, side, patterns, verify, pending)
    yield from pending.flush()


def _join(
    block: _Block, side: _Side, patterns: np.ndarray, verify: Verifier, pending: _Pending
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Verified (a, b, x): side position a, block position b, x = their xor, for every pair whose
    block values differ by one of `patterns`. A big side is walked in slices (bounded memory).
    Pairs of crowded buckets go to `pending`: the caller flushes it at the end."""
    for v0 in range(0, len(side.one_values), _BATCH):
        yield from _join_one(block, side, slice(v0, v0 + _BATCH), patterns, verify, pending)
    for v0 in range(0, len(side.many_values), _BATCH):
        yield from _join_many(block, side, slice(v0, v0 + _BATCH), patterns, pending)


def _join_one(
    block: _Block,
    side: _Side,
    part: slice,
    patterns: np.ndarray,
    verify: Verifier,
    pending: _Pending,
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """One-item buckets on the probing side: verify against each found bucket's first item
    straight from the table; the rest of the crowded found buckets go to `pending`."""
    values, pos, hashes = side.one_values[part], side.one_pos[part], side.one_hashes[part]
    n = len(values)
    per_batch = max(1, _BATCH // n)
    for s in range(0, len(patterns), per_batch):
        pats = patterns[s : s + per_batch]
        if len(pats) == 1:
            keys = values ^ pats[0]
        else:
            keys = (values[None, :] ^ pats[:, None]).reshape(-1)
        hit, found, counts, first = block.lookup_first(keys)
        which = hit if len(pats) == 1 else hit % n
        x = hashes.take(which) ^ first
        ok = verify(x)
        if len(ok):
            yield pos.take(which.take(ok)), block.start_of(found.take(ok)), x.take(ok)
        crowded = np.flatnonzero(counts > 1)
        if len(crowded):
            items = pos.take(which.take(crowded))
            starts = block.start_of(found.take(crowded)) + 1
            ones = np.ones(len(items), dtype=np.int32)
            yield from pending.add(items, ones, starts, counts.take(crowded) - 1)


def _join_many(
    block: _Block, side: _Side, part: slice, patterns: np.ndarray, pending: _Pending
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Crowded buckets on the probing side: their range pairs go to `pending`."""
    values = side.many_values[part]
    l_starts, l_counts = side.many_starts[part], side.many_counts[part]
    n = len(values)
    per_batch = max(1, _BATCH // n)
    for s in range(0, len(patterns), per_batch):
        pats = patterns[s : s + per_batch]
        keys = (values[None, :] ^ pats[:, None]).reshape(-1)
        hit, starts, counts = block.lookup(keys)
        which = hit % n
        yield from pending.add(l_starts.take(which), l_counts.take(which), starts, counts)


def _empty_triple() -> Triple:
    return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.uint8)


def _concat(parts: list[Triple]) -> Triple:
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return _empty_triple()
    return tuple(np.concatenate([p[n] for p in parts]) for n in range(3))  # type: ignore[return-value]


_PACK_BITS = 28  # indexes below 2**28 sort packed with their distance in one uint64


def _sorted_triple(i: np.ndarray, j: np.ndarray, d: np.ndarray) -> Triple:
    """Sorted by i then j, as int64 indexes; no two pairs are equal (each is reported once).

    Below 2**28 items, i, j and the distance (< 256) are packed into one uint64 and sorted as
    values (about 3x faster than an argsort and three gathers); otherwise a lexsort.
    """
    top = max(int(i.max()), int(j.max())) if len(i) else 0
    if top < 2**_PACK_BITS:
        shift = np.uint64(_PACK_BITS + 8)
        key = i.astype(np.uint64) << shift
        key |= j.astype(np.uint64) << np.uint64(8)
        key |= d.astype(np.uint64)
        key.sort()
        mask = np.uint64((1 << _PACK_BITS) - 1)
        return (
            (key >> shift).astype(np.int64),
            ((key >> np.uint64(8)) & mask).astype(np.int64),
            key.astype(np.uint8),
        )
    i = i.astype(np.int64, copy=False)
    j = j.astype(np.int64, copy=False)
    order = np.lexsort((j, i))
    return i[order], j[order], d[order]


def _run(tasks: list[Callable[[], Triple]], workers: int, processes: bool = False) -> list[Triple]:
    """Results of `tasks` in order: in worker processes when asked and possible, else threads."""
    if workers <= 1 or len(tasks) <= 1:
        return [task() for task in tasks]
    if processes:
        done = _run_forked(tasks, workers)
        if done is not None:
            return done
    with ThreadPoolExecutor(max_workers=min(workers, len(tasks))) as pool:
        return list(pool.map(lambda task: task(), tasks))


# Worker processes. The vectorised steps hold the GIL between numpy calls, so threads barely
# overlap; forked children share the built index copy-on-write (no pickling of the index) and
# only send back their verified pairs. The parent works too: it forks `workers - 1` children and
# every process takes the next task (biggest first) from a shared counter until none is left.
# A child that fails or dies sends back what it finished; the parent then runs every task still
# without a result itself, so an error is raised there, as in-process. The lock keeps two
# searches from forking at once (a second concurrent search falls back to threads).
_FORK_LOCK = threading.Lock()
_CHILD_EXIT_SECONDS = 5.0  # a child that sent its results but lingers is then terminated


def _take_tasks(tasks: list[Callable[[], Triple]], counter: Any, done: list) -> None:
    """Run tasks from the shared `counter` until none is left, appending (index, result)."""
    while True:
        with counter.get_lock():
            k = counter.value
            counter.value = k + 1
        if k >= len(tasks):
            return
        done.append((k, tasks[k]()))


def _child(tasks: list[Callable[[], Triple]], counter: Any, conn: Connection) -> None:
    done: list = []
    try:
        _take_tasks(tasks, counter, done)
    except BaseException:  # noqa: BLE001 - the parent runs the failed task again and raises
        pass
    conn.send(done)
    conn.close()


def _run_forked(tasks: list[Callable[[], Triple]], workers: int) -> list[Triple] | None:
    """Run `tasks` in this process and `workers - 1` forked ones; None when fork is unavailable
    (or another search is forking)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    if multiprocessing.current_process().daemon:  # a pool worker may not have children
        return None
    if "PySide6.QtCore" in sys.modules:  # forking a process that runs Qt threads is unsafe
        return None
    if not _FORK_LOCK.acquire(blocking=False):
        return None
    children: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    try:
        context = multiprocessing.get_context("fork")
        counter = context.Value("q", 0)
        for _ in range(min(workers, len(tasks)) - 1):
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_child, args=(tasks, counter, send), daemon=True)
            try:
                child.start()
            except OSError:  # no fork now (memory, process limit): the others do the work
                receive.close()
                break
            finally:
                send.close()
            children.append((child, receive))
        done: list = []
        _take_tasks(tasks, counter, done)
        for _, receive in children:
            try:
                done.extend(receive.recv())
            except (EOFError, OSError):  # the child died: its tasks are run again below
                pass
        results = dict(done)
        return [results[k] if k in results else tasks[k]() for k in range(len(tasks))]
    finally:
        for child, receive in children:
            receive.close()
            child.join(_CHILD_EXIT_SECONDS)
            if child.is_alive():
                child.terminate()
                child.join()
        _FORK_LOCK.release()


def _unique_runs(sorted_values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(distinct values, start, count) of the runs of a sorted array."""
    first = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    return sorted_values[first], first, np.diff(np.r_[first, len(sorted_values)])


# --------------------------------------------------------------------------------------------
# The index.


class HammingIndex:
    """An exact index over 64-bit hashes for "everything within Hamming distance t" questions.

    Per-plan structures (bit permutation, sorted blocks) are built on first use for a plan and
    kept, so repeated look-ups at one threshold pay the build once (`prepare` builds ahead).
    """

    def __init__(
        self, hashes: np.ndarray, *, workers: int | None = None, queries_only: bool = False
    ) -> None:
        """Args:
        hashes: the indexed hashes (uint64; Python ints and int64 bit patterns are accepted).
        workers: parallel workers for big searches (processes for big self-joins, else
            threads); None means one per core.
        queries_only: the index only answers `query` (no `pairs`): its blocks are built one
            at a time and keep only what a look-up reads (about 12 instead of 28 bytes per
            hash and block, plus the bucket tables), for big indexes held next to a library.
        """
        self.hashes = _as_hashes(hashes)
        self.workers = _default_workers() if workers is None else max(1, workers)
        self.queries_only = queries_only
        self._layouts: dict[tuple[int, ...], _Layout] = {}
        self._sources: dict[tuple[int, ...], np.ndarray] = {}
        self._plans: dict[tuple[int, int | None], _Plan | None] = {}
        self._pair_xor: np.ndarray | None = None
        self._stats: _BitStats | None = None

    def __len__(self) -> int:
        return len(self.hashes)

    def _source(self, sizes: tuple[int, ...]) -> np.ndarray:
        source = self._sources.get(sizes)
        if source is None:
            if self._stats is None and len(self.hashes) >= 64:
                self._stats = _bit_stats(self.hashes)
            source = self._sources[sizes] = _deal_bits(self._stats, sizes)
        return source

    def _plan(self, t: int, queries: int | None) -> _Plan | None:
        """The cheapest plan for these hashes, or None when brute force is cheaper.

        Real hashes are not uniform: on a shortlist of plans priced for uniform bits, the share
        of pairs close on each block is measured on a sample of item pairs and the plans are
        priced again (skewed bits favour longer blocks).
        """
        n = len(self.hashes)
        key = (t, queries)
        if key in self._plans:
            return self._plans[key]
        plans = sorted(_plans(t), key=lambda p: _plan_cost(p, n, queries))[:_SHORTLIST]
        best: _Plan | None = plans[0]
        cost = _plan_cost(plans[0], n, queries)
        if n >= _MEASURE_FROM and cost < math.inf:
            priced = [(_plan_cost(p, n, queries, self._near(p)), p) for p in plans]
            cost, best = min(priced, key=lambda item: item[0])
        if cost >= _brute_cost(n, queries):
            best = None
        if len(self._plans) > 64:  # callers with ever-changing batch sizes: stay small
            self._plans.clear()
        self._plans[key] = best
        return best

    def _near(self, plan: _Plan) -> tuple[float, ...]:
        """Per block, the share of sampled item pairs within the block's radius (floored at the
        uniform share: a small sample cannot see rarer events)."""
        if self._pair_xor is None:
            rng = np.random.default_rng(0x5EED)
            n = len(self.hashes)
            a = rng.integers(0, n, _PAIR_SAMPLE)
            b = rng.integers(0, n - 1, _PAIR_SAMPLE)
            b += b >= a
            self._pair_xor = self.hashes[a] ^ self.hashes[b]
        source = self._source(plan.sizes)
        shares = []
        offset = 0
        for bits, radius in zip(plan.sizes, plan.radii, strict=True):
            mask = np.uint64(sum(1 << int(s) for s in source[offset : offset + bits]))
            offset += bits
            close = np.count_nonzero(popcount(self._pair_xor & mask) <= radius)
            shares.append(max(close / _PAIR_SAMPLE, _n_patterns(bits, radius) / 2.0**bits))
        return tuple(shares)

    def _layout(self, sizes: tuple[int, ...]) -> _Layout:
        layout = self._layouts.get(sizes)
        if layout is None:
            source = self._source(sizes)
            permuted = _permute(self.hashes, source)
            shifts = np.cumsum((0, *sizes[:-1])).tolist()
            lean = self.queries_only
            tasks = [
                (lambda s=s, b=b: _build_block(permuted, s, b, lean))
                for s, b in zip(shifts, sizes, strict=True)
            ]
            if lean:  # one block's sorting buffers at a time
                blocks = [task().for_queries_only() for task in tasks]
            elif len(permuted) < _PROCESS_FROM or self.workers == 1:  # sorts release the GIL
                blocks = [task() for task in tasks]
            else:
                with ThreadPoolExecutor(min(self.workers, len(tasks))) as pool:
                    blocks = list(pool.map(lambda f: f(), tasks))
            layout = _Layout(source, blocks)
            self._layouts[sizes] = layout
        return layout

    def prepare(self, t: int, queries: int = 1) -> None:
        """Build ahead of time what a batch of `queries` look-ups at threshold t will use."""
        plan = self._plan(_check_t(t), queries)
        if plan is not None:
            self._layout(plan.sizes)

    # ---- look-ups -----------------------------------------------------------------------

    def query(self, queries: np.ndarray, t: int) -> Triple:
        """Every (query, indexed item) pair within Hamming distance t.

        Returns:
            (query_idx, idx, dist): int64 positions in `queries` and in the index, uint8 distances,
            sorted by query then item.
        """
        queries = _as_hashes(queries)
        t = _check_t(t)
        if len(queries) == 0 or len(self.hashes) == 0:
            return _empty_triple()
        plan = self._plan(t, len(queries))
        many = len(queries) * len(self.hashes) > 50_000_000
        if plan is None:
            if not many or self.workers <= 1:
                return _sorted_triple(*self._brute_query(queries, t))
            # slices of the queries on threads (its numpy loops release the GIL)
            cuts = np.linspace(0, len(queries), 2 * self.workers + 1).astype(np.int64).tolist()
            slices: list[Callable[[], Triple]] = [
                lambda a=a, b=b: self._brute_query(queries[a:b], t, first=a)
                for a, b in itertools.pairwise(cuts)
            ]
            return _sorted_triple(*_concat(_run(slices, self.workers)))
        layout = self._layout(plan.sizes)
        permuted = _permute(queries, layout.source)
        tasks: list[Callable[[], Triple]] = []
        for k, (block, radius) in enumerate(zip(layout.blocks, plan.radii, strict=True)):
            values = block.block_values(permuted)
            q_order = np.argsort(values)
            side = _side(*_unique_runs(values[q_order]), _with_tail(permuted[q_order]))
            verify = Verifier(layout, plan.radii, k, t)
            patterns = _all_patterns(block.bits, radius)
            per_task = max(1, 8 * _BATCH // len(queries))
            for s in range(0, len(patterns), per_task):
                tasks.append(
                    lambda b=block, sd=side, p=patterns[s : s + per_task], v=verify, qo=q_order: (
                        _collect(_lookups(b, sd, p, v), qo, b.order, symmetric=False)
                    )
                )
        return _sorted_triple(*_concat(_run(tasks, self.workers if many else 1)))

    def _brute_query(self, queries: np.ndarray, t: int, first: int = 0) -> Triple:
        """Every (query, item) pair compared: the shorter side is looped over a few rows at a
        time against a long slice of the other (`_tile_counts`: long numpy loops over a reused
        cache-sized buffer). Thousands of queries against a few dozen hashes (the crop windows of
        a library asking its few new photos) cost ~1.5 ns a pair this way, 4x less than one
        broadcast xor array per step. Query positions start at `first` (a slice of a batch)."""
        items = self.hashes
        short, long_ = (items, queries) if len(items) <= len(queries) else (queries, items)
        span = min(len(long_), max(_TILE_MAX, _TILE_CHUNK // len(short)))
        rows = max(1, _TILE_CHUNK // span)
        found: list[Triple] = []
        for s0 in range(0, len(short), rows):
            outer = short[s0 : s0 + rows, None]
            for l0 in range(0, len(long_), span):
                inner = long_[l0 : l0 + span]
                counts = _tile_counts(np.broadcast_to(outer, (len(outer), len(inner))), inner[None])
                near = np.flatnonzero(counts <= t)  # 2-D np.nonzero costs 4 ns an element
                d = counts.take(near)  # a copy: the buffer is reused by the next step
                r, c = np.divmod(near, len(inner))
                r += s0
                c += l0
                found.append((c + first, r, d) if short is items else (r + first, c, d))
        return _concat(found)

    # ---- self-join ----------------------------------------------------------------------

    def pairs(self, t: int) -> Triple:
        """Every pair of indexed items (i < j) within Hamming distance t (see `pairs_within`)."""
        if self.queries_only:
            raise ValueError("this index was built for look-ups only (queries_only=True)")
        t = _check_t(t)
        n = len(self.hashes)
        if n < 2:
            return _empty_triple()
        plan = self._plan(t, None)
        if plan is None:
            return _sorted_triple(*self._brute_pairs(t))
        layout = self._layout(plan.sizes)
        workers = self.workers if n > 20_000 or n >= _PROCESS_FROM else 1
        tasks: list[tuple[float, Callable[[], Triple]]] = []
        for k, (block, radius) in enumerate(zip(layout.blocks, plan.radii, strict=True)):
            verify = Verifier(layout, plan.radii, k, t)
            # Rough task sizes, so the biggest start first and no straggler runs alone at the
            # end: candidates of one pattern ~ pairs sharing a bucket (crowded on skewed data).
            counts = block.counts.astype(np.float64)
            same = float((counts * (counts - 1)).sum()) / 2
            tasks.append((_C_CAND * same, lambda b=block, v=verify: _same_bucket(b, v)))
            if radius == 0:
                continue
            near = same + n * n / 2.0 ** (block.bits + 1)
            per_pattern = _C_PROBE * len(block.values) / 2 + _C_CAND * near
            by_top = list(enumerate(_patterns_by_top_bit(block.bits, radius)))
            # a few tasks per block: enough to balance the workers, few enough that each one
            # verifies its crowded pairs in big batches
            parts = 1 if workers == 1 else _TASKS_PER_WORKER * workers
            sizes = np.array([len(p) for _, p in by_top], dtype=np.float64)
            part_of = ((np.cumsum(sizes) - sizes / 2) * parts / sizes.sum()).astype(np.int64)
            for part in np.unique(part_of).tolist():
                group = [by_top[g] for g in np.flatnonzero(part_of == part).tolist()]
                weight = sum(len(p) for _, p in group) * per_pattern
                tasks.append((weight, lambda b=block, g=group, v=verify: _pattern_pairs(b, g, v)))
        tasks.sort(key=lambda item: -item[0])  # big tasks first: better balance across threads
        found = _run([task for _, task in tasks], workers, processes=n >= _PROCESS_FROM)
        return _sorted_triple(*_concat(found))

    def _brute_pairs(self, t: int) -> Triple:
        h = self.hashes
        n = len(h)
        found: list[Triple] = []
        rows = max(1, _CHUNK // n)
        for s in range(0, n - 1, rows):
            e = min(n - 1, s + rows)
            dist = popcount(h[s:e, None] ^ h[None, s + 1 :])
            # column c of row r is item s + 1 + c; keep the upper triangle (j > i)
            r, c = np.nonzero(dist <= t)
            j = c + s + 1
            i = r + s
            keep = j > i
            found.append((i[keep], j[keep], dist[r[keep], c[keep]]))
        return _concat(found)


def _collect(
    found: Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]],
    left_order: np.ndarray,
    right_order: np.ndarray,
    symmetric: bool,
) -> Triple:
    """Map verified (a, b, x) to original indexes and distances (i < j when `symmetric`).

    The many small batches are mapped a few thousand pairs at a time (a handful of numpy calls
    per batch adds up over a search). Indexes keep the orders' type (int32 below 2**31 items):
    half the bytes a worker process sends back; `_sorted_triple` widens them to int64 at the end.
    """
    parts: list[Triple] = []
    waiting: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    held = 0

    def map_waiting() -> None:
        a, b, x = (np.concatenate([w[k] for w in waiting]) for k in range(3))
        waiting.clear()
        i = left_order.take(a)
        j = right_order.take(b)
        if symmetric:
            i, j = np.minimum(i, j), np.maximum(i, j)
        parts.append((i, j, popcount(x)))

    for batch in found:
        waiting.append(batch)
        held += len(batch[0])
        if held >= _COLLECT_BATCH:
            map_waiting()
            held = 0
    if waiting:
        map_waiting()
    return _concat(parts)


def _same_bucket(block: _Block, verify: Verifier) -> Triple:
    """Pairs inside one bucket (pattern 0): each item with the items after it in its bucket."""
    crowded = np.flatnonzero(block.counts > 1)
    starts = block.starts[crowded]
    counts = block.counts[crowded]

    def found() -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        pending = _Pending(block.tiled, block.tiled, verify, same=True)
        yield from pending.add(starts, counts, starts, counts)
        yield from pending.flush()

    return _collect(found(), block.order, block.order, symmetric=True)


def _pattern_pairs(block: _Block, tops: list[tuple[int, np.ndarray]], verify: Verifier) -> Triple:
    """Pairs of buckets (u, u ^ p) for patterns with these top bits, each visited once: from u,
    the side whose top pattern bit is 0."""

    def found() -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        pending = _Pending(block.tiled, block.tiled, verify, same=False)
        every = _side(block.values, block.starts, block.counts, block.tiled)
        for top, patterns in tops:
            yield from _join(block, every.low(top), patterns, verify, pending)
        yield from pending.flush()

    return _collect(found(), block.order, block.order, symmetric=True)


def pairs_within(hashes: np.ndarray, t: int, *, workers: int | None = None) -> Triple:
    """All pairs of hashes within Hamming distance t, exactly (the same pairs as brute force).

    Args:
        hashes: 64-bit hashes (uint64 array or anything numpy turns into one).
        t: maximum Hamming distance, inclusive (0 finds equal hashes only).
        workers: parallel workers (forked processes from `_PROCESS_FROM` hashes, where the
            platform can fork; threads otherwise); None means one per core, 1 runs in-process.

    Returns:
        (i, j, d): int64 indexes with i < j, and uint8 distances; sorted by i then j.
    """
    return HammingIndex(hashes, workers=workers).pairs(t)
