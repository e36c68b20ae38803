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

Everything is vectorised with numpy: items sorted by block value with counting-sort tables of
bucket starts, patterns processed in batches, bucket-pair ranges expanded with repeat/cumsum,
distances by `np.bitwise_count`. In the self-join each bucket pair (u, u ^ p) is visited once, from
the side whose top pattern bit is 0. The work is cut into tasks, biggest first. A big self-join
(`_PROCESS_FROM` hashes or more) runs them in forked worker processes that share the built index
copy-on-write: the many short numpy calls hold the GIL in between, so threads barely overlap.
Smaller searches, look-ups, and platforms without fork use a small thread pool.
"""

from __future__ import annotations

import itertools
import math
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = ["HammingIndex", "pairs_within", "popcount"]

BITS = 64
_TABLE_BITS = 24  # blocks up to this many bits use dense bucket tables; longer ones binary search
_BATCH = 1 << 20  # probe keys per vectorised batch: bounds memory per task to tens of MB
_CHUNK = 1 << 18  # candidate pairs expanded at once (cache-sized arrays)
_MAX_PATTERNS = 400_000  # plans needing more patterns in one block are not considered
_STATS_SAMPLE = 16_384  # hashes used to measure bit entropy and correlation (plenty for 64 bits)
_PAIR_SAMPLE = 200_000  # random item pairs used to price plans on the real bit distribution
_MEASURE_FROM = 20_000  # below this many hashes, uniform pricing is good enough
_SHORTLIST = 12  # plans (cheapest for uniform bits) priced again on the data
_PROCESS_FROM = 50_000  # self-joins of at least this many hashes fork worker processes

# Cost model, in nanoseconds on a 2020s core (only ratios matter for choosing a plan).
_C_PROBE = 8.0  # one probe key: xor + table gather (often a cache miss) + test
_C_CAND = 12.0  # one candidate pair: expand + gather + xor + popcount + test (measured)
_C_CALL = 60_000.0  # fixed overhead of one vectorised batch (a dozen numpy calls)
_C_BUILD = 150.0  # sorting and tabling one item for one block
_C_BRUTE = 9.0  # one pair in chunked brute force

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
    cost = 0.0
    for k, (bits, radius) in enumerate(zip(plan.sizes, plan.radii, strict=True)):
        patterns = _n_patterns(bits, radius)
        if patterns > _MAX_PATTERNS:
            return math.inf
        share = patterns / 2.0**bits if near is None else near[k]
        if queries is None:
            probes = patterns * _distinct(n, bits) / 2
            candidates = share * n * n / 2
            cost += _C_BUILD * n
        else:
            probes = patterns * queries
            candidates = share * queries * n
        batches = max(bits + 1.0, probes / _BATCH)
        cost += _C_PROBE * probes + _C_CAND * candidates + _C_CALL * batches
    return cost


def _brute_cost(n: int, queries: int | None) -> float:
    pairs = n * (n - 1) / 2 if queries is None else n * queries
    return _C_BRUTE * pairs + _C_CALL * (1 + pairs / _CHUNK)


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
    p = bits.mean(axis=0).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -(p * np.log2(p) + (1 - p) * np.log2(1 - p))
        corr = np.corrcoef(bits, rowvar=False)
    return _BitStats(np.nan_to_num(entropy), np.nan_to_num(corr) ** 2)


def _deal_bits(stats: _BitStats | None, sizes: tuple[int, ...]) -> np.ndarray:
    """Source bit for each permuted position, so blocks get balanced, decorrelated entropy.

    Greedy: bits by falling entropy; each goes to the block (with room) furthest below its fair
    share of the total entropy, counting only the information not already carried by the most
    correlated bit in that block.
    """
    if len(sizes) == 1 or stats is None:
        return np.arange(BITS)
    entropy, corr2 = stats.entropy, stats.corr2
    total = float(entropy.sum()) or 1.0
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
        overlap = max((corr2[bit, other] for other in members[best]), default=0.0)
        gained[best] += entropy[bit] * (1.0 - overlap)
        members[best].append(bit)
    return np.array([b for group in members for b in sorted(group)], dtype=np.int64)


def _permute(hashes: np.ndarray, source: np.ndarray) -> np.ndarray:
    """Hashes with bit `source[k]` moved to position k (popcount of xor is unchanged)."""
    if np.array_equal(source, np.arange(BITS)):
        return hashes
    out = np.empty_like(hashes)
    for start in range(0, len(hashes), 1 << 18):
        part = _bit_matrix(hashes[start : start + (1 << 18)])[:, source]
        packed = np.packbits(np.ascontiguousarray(part), axis=1, bitorder="little")
        out[start : start + len(part)] = packed.view("<u8").reshape(-1)
    return out


@dataclass(slots=True)
class _Block:
    """One block of the permuted hashes, with its items sorted by block value."""

    shift: int
    bits: int
    order: np.ndarray  # item indexes sorted by block value
    sorted_hashes: np.ndarray  # permuted hashes in that order (contiguous verification reads)
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
            hit = np.flatnonzero(counts)
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
        if self.table_counts is not None and self.table_first is not None:
            counts = self.table_counts.take(keys)
            hit = np.flatnonzero(counts)
            found = keys.take(hit)
            return hit, found, counts.take(hit), self.table_first.take(found)
        pos = self._search(keys)
        hit = np.flatnonzero(self.values[pos] == keys)
        pos = pos[hit]
        return hit, keys[hit], self.counts[pos], self.sorted_hashes[self.starts[pos]]

    def start_of(self, found: np.ndarray) -> np.ndarray:
        """Start positions of buckets known to exist."""
        if self.table_starts is not None:
            return self.table_starts.take(found)
        return self.starts[self._search(found)]

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


def _build_block(permuted: np.ndarray, shift: int, bits: int) -> _Block:
    idx_type = _index_type(len(permuted))
    values = _block_values(permuted, shift, bits)
    order = np.argsort(values, kind="stable").astype(idx_type, copy=False)
    sorted_values = values[order]
    first = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    distinct = sorted_values[first]
    starts = first.astype(idx_type)
    counts = np.diff(np.r_[first, len(values)]).astype(idx_type)
    sorted_hashes = permuted[order]
    block = _Block(shift, bits, order, sorted_hashes, distinct, starts, counts)
    if bits <= _TABLE_BITS:
        small = len(counts) == 0 or int(counts.max()) < 256  # a byte table gathers faster
        block.table_counts = np.zeros(1 << bits, dtype=np.uint8 if small else idx_type)
        block.table_counts[distinct] = counts
        block.table_starts = np.zeros(1 << bits, dtype=idx_type)
        block.table_starts[distinct] = starts
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
    with a lean path) and crowded ones (general range expansion). Positions refer to `hashes`."""

    hashes: np.ndarray  # the side's permuted hashes, in its sorted order
    one_values: np.ndarray
    one_pos: np.ndarray
    one_hashes: np.ndarray
    many_values: np.ndarray
    many_starts: np.ndarray
    many_counts: np.ndarray


def _side(values: np.ndarray, starts: np.ndarray, counts: np.ndarray, hashes: np.ndarray) -> _Side:
    one = counts == 1
    many = ~one
    one_pos = starts[one]
    return _Side(
        hashes, values[one], one_pos, hashes[one_pos], values[many], starts[many], counts[many]
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


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenation of range(starts[g], starts[g] + counts[g]) over g, without a Python loop."""
    counts = counts.astype(np.int64, copy=False)
    ends = np.cumsum(counts)
    total = int(ends[-1]) if len(ends) else 0
    # positions fit the starts' type (int32 below 2**31 items): half the memory traffic
    kind = starts.dtype if starts.dtype == np.int32 and total < 2**31 - 1 else np.int64
    base = np.repeat((starts - (ends - counts)).astype(kind), counts)
    base += np.arange(total, dtype=kind)
    return base


def _chunks(sizes: np.ndarray) -> Iterator[tuple[int, int]]:
    """Consecutive index ranges whose `sizes` add up to about `_CHUNK` each."""
    if len(sizes) == 0:
        return
    ends = np.cumsum(sizes)
    cuts = np.searchsorted(ends, np.arange(_CHUNK, int(ends[-1]), _CHUNK), side="right")
    for g0, g1 in itertools.pairwise([0, *np.unique(cuts).tolist(), len(sizes)]):
        if g1 > g0:
            yield g0, g1


def _expand(
    left: np.ndarray,
    right: np.ndarray,
    left_start: np.ndarray,
    left_count: np.ndarray,
    right_start: np.ndarray,
    right_count: np.ndarray,
    verify: Verifier,
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Verified (a, b, x) over every a in a left range and b in the paired right range, in
    bounded chunks: the left ranges are cut into items, then each item meets its right range."""
    lc = left_count.astype(np.int64)
    rc = right_count.astype(np.int64)
    for g0, g1 in _chunks(lc * rc):
        counts = lc[g0:g1]
        yield from _expand_items(
            left,
            right,
            _ranges(left_start[g0:g1], counts),
            np.repeat(right_start[g0:g1], counts),
            np.repeat(right_count[g0:g1], counts),
            verify,
        )


_LEVELS = 4  # partners handled one level at a time before switching to a range expansion


def _expand_items(
    left: np.ndarray,
    right: np.ndarray,
    items: np.ndarray,
    right_start: np.ndarray,
    right_count: np.ndarray,
    verify: Verifier,
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Verified (a, b, x): a = each of `items` (positions in `left`), b = every position of its
    range in `right` (counts may be 0), x = left[a] ^ right[b]; in bounded chunks.

    Items with at most `_LEVELS` partners go level by level: every item with at least L + 1
    partners meets start + L (buckets are mostly small, so a few levels over shrinking index
    sets beat a general expansion). Items of crowded ranges are expanded in chunks, repeating
    each item's hash rather than its position (the few survivors' positions are found after).
    """
    live = np.flatnonzero((right_count > 0) & (right_count <= _LEVELS))
    level = 0
    while len(live):
        yield from _checked(left, right, items.take(live), right_start.take(live) + level, verify)
        live = live[right_count.take(live) > level + 1]
        level += 1
    live = np.flatnonzero(right_count > _LEVELS)
    if len(live) == 0:
        return
    rest = right_count[live].astype(np.int64)
    for g0, g1 in _chunks(rest):
        part, counts = items.take(live[g0:g1]), rest[g0:g1]
        b = _ranges(right_start.take(live[g0:g1]), counts)
        x = np.repeat(left.take(part), counts)
        x ^= right.take(b)
        ok = verify(x)
        if len(ok):
            owner = np.searchsorted(np.cumsum(counts), ok, side="right")
            yield part.take(owner), b.take(ok), x.take(ok)


Verifier = Callable[[np.ndarray], np.ndarray]


def _verifier(layout: _Layout, radii: tuple[int, ...], k: int, t: int) -> Verifier:
    """Given x = left ^ right of candidate pairs, the positions of those to report: within t,
    and block k is the first block whose radius covers them (so each pair is reported once)."""
    earlier = [(layout.blocks[e].mask, radii[e]) for e in range(k)]

    def verify(x: np.ndarray) -> np.ndarray:
        ok = np.flatnonzero(popcount(x) <= t)
        if earlier and len(ok):
            x_ok = x.take(ok)
            first = np.ones(len(ok), dtype=bool)
            for mask, radius in earlier:
                first &= popcount(x_ok & mask) > radius
            ok = ok[first]
        return ok

    return verify


def _join(
    block: _Block, side: _Side, patterns: np.ndarray, verify: Verifier
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Verified (a, b, x): side position a, block position b, x = their xor, for every pair whose
    block values differ by one of `patterns`. A big side is walked in slices (bounded memory)."""
    for v0 in range(0, len(side.one_values), _BATCH):
        yield from _join_one(block, side, slice(v0, v0 + _BATCH), patterns, verify)
    for v0 in range(0, len(side.many_values), _BATCH):
        yield from _join_many(block, side, slice(v0, v0 + _BATCH), patterns, verify)


def _join_one(
    block: _Block, side: _Side, part: slice, patterns: np.ndarray, verify: Verifier
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """One-item buckets on the probing side: verify against each found bucket's first item
    straight from the table, then walk the rest of the crowded found buckets."""
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
            yield from _expand_items(
                side.hashes, block.sorted_hashes, items, starts, counts.take(crowded) - 1, verify
            )


def _join_many(
    block: _Block, side: _Side, part: slice, patterns: np.ndarray, verify: Verifier
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Crowded buckets on the probing side: general range pairs."""
    values = side.many_values[part]
    l_starts, l_counts = side.many_starts[part], side.many_counts[part]
    n = len(values)
    per_batch = max(1, _BATCH // n)
    for s in range(0, len(patterns), per_batch):
        pats = patterns[s : s + per_batch]
        keys = (values[None, :] ^ pats[:, None]).reshape(-1)
        hit, starts, counts = block.lookup(keys)
        which = hit % n
        yield from _expand(
            side.hashes,
            block.sorted_hashes,
            l_starts.take(which),
            l_counts.take(which),
            starts,
            counts,
            verify,
        )


def _checked(
    left: np.ndarray, right: np.ndarray, a: np.ndarray, b: np.ndarray, verify: Verifier
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    x = left.take(a) ^ right.take(b)
    ok = verify(x)
    if len(ok):
        yield a.take(ok), b.take(ok), x.take(ok)


def _empty_triple() -> Triple:
    return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.uint8)


def _concat(parts: list[Triple]) -> Triple:
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return _empty_triple()
    return tuple(np.concatenate([p[n] for p in parts]) for n in range(3))  # type: ignore[return-value]


def _sorted_triple(i: np.ndarray, j: np.ndarray, d: np.ndarray) -> Triple:
    """Sorted by i then j, as int64 indexes. One argsort of i << 32 | j is about 3x faster than
    a lexsort, and no two pairs share a key (each is reported once)."""
    i = i.astype(np.int64, copy=False)
    j = j.astype(np.int64, copy=False)
    if len(i) and max(int(i.max()), int(j.max())) < 2**31:
        order = np.argsort((i << 32) | j)
    else:
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
# only send back their verified pairs. The tasks are closures, so they reach the children by
# inheritance through this global, set just before the pool forks; the lock keeps two searches
# from sharing it (a second concurrent search falls back to threads).
_FORKED_TASKS: list[Callable[[], Triple]] = []
_FORK_LOCK = threading.Lock()


def _forked_task(index: int) -> Triple:
    return _FORKED_TASKS[index]()


def _run_forked(tasks: list[Callable[[], Triple]], workers: int) -> list[Triple] | None:
    """Run `tasks` in `workers` forked processes; None when fork is unavailable or fails."""
    global _FORKED_TASKS
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    if multiprocessing.current_process().daemon:  # a pool worker may not have children
        return None
    if "PySide6.QtCore" in sys.modules:  # forking a process that runs Qt threads is unsafe
        return None
    if not _FORK_LOCK.acquire(blocking=False):
        return None
    try:
        _FORKED_TASKS = tasks
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(workers, len(tasks)), mp_context=context) as pool:
            return list(pool.map(_forked_task, range(len(tasks))))
    except (OSError, BrokenProcessPool):
        return None
    finally:
        _FORKED_TASKS = []
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

    def __init__(self, hashes: np.ndarray, *, workers: int | None = None) -> None:
        """Args:
        hashes: the indexed hashes (uint64; Python ints and int64 bit patterns are accepted).
        workers: parallel workers for big searches (processes for big self-joins, else
            threads); None means one per core.
        """
        self.hashes = _as_hashes(hashes)
        self.workers = _default_workers() if workers is None else max(1, workers)
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
            tasks = [
                (lambda s=s, b=b: _build_block(permuted, s, b))
                for s, b in zip(shifts, sizes, strict=True)
            ]
            if len(permuted) < 200_000 or self.workers == 1:
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
        if plan is None:
            return _sorted_triple(*self._brute_query(queries, t))
        layout = self._layout(plan.sizes)
        permuted = _permute(queries, layout.source)
        tasks: list[Callable[[], Triple]] = []
        for k, (block, radius) in enumerate(zip(layout.blocks, plan.radii, strict=True)):
            values = block.block_values(permuted)
            q_order = np.argsort(values, kind="stable")
            side = _side(*_unique_runs(values[q_order]), permuted[q_order])
            verify = _verifier(layout, plan.radii, k, t)
            patterns = _all_patterns(block.bits, radius)
            per_task = max(1, 8 * _BATCH // len(queries))
            for s in range(0, len(patterns), per_task):
                tasks.append(
                    lambda b=block, sd=side, p=patterns[s : s + per_task], v=verify, qo=q_order: (
                        _collect(_join(b, sd, p, v), qo, b.order, symmetric=False)
                    )
                )
        workers = self.workers if len(queries) * len(self.hashes) > 50_000_000 else 1
        return _sorted_triple(*_concat(_run(tasks, workers)))

    def _brute_query(self, queries: np.ndarray, t: int) -> Triple:
        found: list[Triple] = []
        rows = max(1, _CHUNK // max(1, len(self.hashes)))
        for s in range(0, len(queries), rows):
            dist = popcount(queries[s : s + rows, None] ^ self.hashes[None, :])
            qi, ii = np.nonzero(dist <= t)
            found.append((qi + s, ii, dist[qi, ii]))
        return _concat(found)

    # ---- self-join ----------------------------------------------------------------------

    def pairs(self, t: int) -> Triple:
        """Every pair of indexed items (i < j) within Hamming distance t (see `pairs_within`)."""
        t = _check_t(t)
        n = len(self.hashes)
        if n < 2:
            return _empty_triple()
        plan = self._plan(t, None)
        if plan is None:
            return _sorted_triple(*self._brute_pairs(t))
        layout = self._layout(plan.sizes)
        tasks: list[tuple[float, Callable[[], Triple]]] = []
        for k, (block, radius) in enumerate(zip(layout.blocks, plan.radii, strict=True)):
            verify = _verifier(layout, plan.radii, k, t)
            # Rough task sizes, so the biggest start first and no straggler runs alone at the
            # end: candidates of one pattern ~ pairs sharing a bucket (crowded on skewed data).
            counts = block.counts.astype(np.float64)
            same = float((counts * (counts - 1)).sum()) / 2
            tasks.append((_C_CAND * same, lambda b=block, v=verify: _same_bucket(b, v)))
            if radius == 0:
                continue
            near = same + n * n / 2.0 ** (block.bits + 1)
            per_pattern = _C_PROBE * len(block.values) / 2 + _C_CAND * near
            for top, patterns in enumerate(_patterns_by_top_bit(block.bits, radius)):
                weight = len(patterns) * per_pattern
                tasks.append(
                    (
                        weight,
                        lambda b=block, top=top, p=patterns, v=verify: _pattern_pairs(b, top, p, v),
                    )
                )
        tasks.sort(key=lambda item: -item[0])  # big tasks first: better balance across threads
        workers = self.workers if n > 20_000 or n >= _PROCESS_FROM else 1
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

    Indexes keep the orders' type (int32 below 2**31 items): half the bytes a worker process
    sends back; `_sorted_triple` widens them to int64 at the end.
    """
    parts: list[Triple] = []
    for a, b, x in found:
        i = left_order.take(a)
        j = right_order.take(b)
        if symmetric:
            i, j = np.minimum(i, j), np.maximum(i, j)
        parts.append((i, j, popcount(x)))
    return _concat(parts)


def _same_bucket(block: _Block, verify: Verifier) -> Triple:
    """Pairs inside one bucket (pattern 0): each item with the items after it in its bucket."""
    crowded = np.flatnonzero(block.counts > 1)
    starts = block.starts[crowded]
    counts = block.counts[crowded]
    items = _ranges(starts, counts)
    after = np.repeat(starts + counts, counts) - items - 1
    hashes = block.sorted_hashes

    def found() -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        yield from _expand_items(hashes, hashes, items, items + 1, after, verify)

    return _collect(found(), block.order, block.order, symmetric=True)


def _pattern_pairs(block: _Block, top: int, patterns: np.ndarray, verify: Verifier) -> Triple:
    """Pairs of buckets (u, u ^ p) for patterns with this top bit, each visited once: from u,
    the side whose top pattern bit is 0."""
    low = np.flatnonzero(((block.values >> top) & 1) == 0)
    if len(low) == 0:
        return _empty_triple()
    side = _side(block.values[low], block.starts[low], block.counts[low], block.sorted_hashes)
    return _collect(_join(block, side, patterns, verify), block.order, block.order, symmetric=True)


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
