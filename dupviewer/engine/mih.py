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
the side whose top pattern bit is 0. The work is cut into tasks run on a small thread pool: numpy
releases the GIL in the heavy calls.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = ["HammingIndex", "pairs_within", "popcount"]

BITS = 64
_TABLE_BITS = 24  # blocks up to this many bits use dense bucket tables; longer ones binary search
_BATCH = 1 << 20  # probe keys per vectorised batch: bounds memory per task to tens of MB
_CHUNK = 1 << 18  # candidate pairs expanded at once (cache-sized arrays)
_MAX_PATTERNS = 400_000  # plans needing more patterns in one block are not considered
_STATS_SAMPLE = 65_536  # hashes used to measure bit entropy and correlation

# Cost model, in nanoseconds on a 2020s core (only ratios matter for choosing a plan).
_C_PROBE = 3.0  # one probe key: xor + table gather + test
_C_CAND = 15.0  # one candidate pair: expand + gather + xor + popcount + test
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


def _plan_cost(plan: _Plan, n: int, queries: int | None) -> float:
    """Estimated nanoseconds of a self-join (queries None) or of `queries` look-ups."""
    cost = 0.0
    for bits, radius in zip(plan.sizes, plan.radii, strict=True):
        patterns = _n_patterns(bits, radius)
        if patterns > _MAX_PATTERNS:
            return math.inf
        space = 2.0**bits
        if queries is None:
            probes = patterns * _distinct(n, bits) / 2
            candidates = patterns * n * n / (2 * space)
            cost += _C_BUILD * n
        else:
            probes = patterns * queries
            candidates = patterns * queries * n / space
        batches = max(bits + 1.0, probes / _BATCH)
        cost += _C_PROBE * probes + _C_CAND * candidates + _C_CALL * batches
    return cost


def _brute_cost(n: int, queries: int | None) -> float:
    pairs = n * (n - 1) / 2 if queries is None else n * queries
    return _C_BRUTE * pairs + _C_CALL * (1 + pairs / _CHUNK)


def _best_plan(n: int, t: int, queries: int | None) -> _Plan | None:
    """The cheapest plan, or None when brute force is cheaper."""
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


def _deal_bits(hashes: np.ndarray, sizes: tuple[int, ...]) -> np.ndarray:
    """Source bit for each permuted position, so blocks get balanced, decorrelated entropy.

    Greedy: bits by falling entropy; each goes to the block (with room) furthest below its fair
    share of the total entropy, counting only the information not already carried by the most
    correlated bit in that block.
    """
    if len(sizes) == 1 or len(hashes) < 64:
        return np.arange(BITS)
    step = max(1, len(hashes) // _STATS_SAMPLE)
    bits = _bit_matrix(hashes[::step]).astype(np.float32)
    p = bits.mean(axis=0).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -(p * np.log2(p) + (1 - p) * np.log2(1 - p))
        corr = np.corrcoef(bits, rowvar=False)
    entropy = np.nan_to_num(entropy)
    corr2 = np.nan_to_num(corr) ** 2
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
    table_starts: np.ndarray | None  # dense start per value (short blocks only)
    table_counts: np.ndarray | None

    @property
    def mask(self) -> np.uint64:
        return np.uint64(((1 << self.bits) - 1) << self.shift)

    def block_values(self, permuted: np.ndarray) -> np.ndarray:
        return _block_values(permuted, self.shift, self.bits)

    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For block values `keys`: positions of the non-empty ones, their starts and counts."""
        if self.table_counts is not None and self.table_starts is not None:
            counts = self.table_counts[keys]
            hit = np.flatnonzero(counts)
            return hit, self.table_starts[keys[hit]], counts[hit]
        pos = np.searchsorted(self.values, keys)
        np.minimum(pos, len(self.values) - 1, out=pos)
        hit = np.flatnonzero(self.values[pos] == keys)
        pos = pos[hit]
        return hit, self.starts[pos], self.counts[pos]


def _block_values(permuted: np.ndarray, shift: int, bits: int) -> np.ndarray:
    """Block values as int64 (a 64-bit block keeps its bit pattern; only equality matters)."""
    if bits >= BITS:
        return permuted.view(np.int64)
    return ((permuted >> np.uint64(shift)) & np.uint64((1 << bits) - 1)).view(np.int64)


def _build_block(permuted: np.ndarray, shift: int, bits: int) -> _Block:
    idx_type = np.int32 if len(permuted) < 2**31 - 1 else np.int64
    values = _block_values(permuted, shift, bits)
    order = np.argsort(values, kind="stable").astype(idx_type, copy=False)
    sorted_values = values[order]
    first = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    distinct = sorted_values[first]
    starts = first.astype(idx_type)
    counts = np.diff(np.r_[first, len(values)]).astype(idx_type)
    table_starts = table_counts = None
    if bits <= _TABLE_BITS:
        table_starts = np.zeros(1 << bits, dtype=idx_type)
        # a byte per bucket when counts fit: a smaller table is a faster random gather
        small = len(counts) == 0 or int(counts.max()) < 256
        table_counts = np.zeros(1 << bits, dtype=np.uint8 if small else idx_type)
        table_starts[distinct] = starts
        table_counts[distinct] = counts
    return _Block(
        shift, bits, order, permuted[order], distinct, starts, counts, table_starts, table_counts
    )


@dataclass(slots=True)
class _Layout:
    """Permutation and per-block sorted views for one block-size vector."""

    source: np.ndarray
    blocks: list[_Block]


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
    parts = [np.zeros(1, np.int64), *_patterns_by_top_bit(bits, radius)] if radius else [
        np.zeros(1, np.int64)
    ]
    return np.concatenate(parts)


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenation of range(starts[g], starts[g] + counts[g]) over g, without a Python loop."""
    total = int(counts.sum())
    offsets = np.cumsum(counts) - counts
    return np.repeat(starts - offsets, counts) + np.arange(total, dtype=np.int64)


def _expand(
    left_start: np.ndarray, left_count: np.ndarray, right_start: np.ndarray, right_count: np.ndarray
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Every (a, b) with a in a left range and b in the paired right range, in bounded chunks.

    Most buckets hold one item, so single-item left ranges pass straight through and only the
    few multi-item ones are cut into items first (a range expansion, no integer division).
    """
    if len(left_count) == 0:
        return
    multi = np.flatnonzero(left_count > 1)
    if len(multi) == 0:
        yield from _expand_items(left_start, right_start, right_count)
        return
    single = np.ones(len(left_count), dtype=bool)
    single[multi] = False
    yield from _expand_items(left_start[single], right_start[single], right_count[single])
    ls = left_start[multi].astype(np.int64)
    lc = left_count[multi].astype(np.int64)
    rs, rc = right_start[multi], right_count[multi].astype(np.int64)
    ends = np.cumsum(lc * rc)
    cuts = np.searchsorted(ends, np.arange(_CHUNK, int(ends[-1]), _CHUNK), side="right")
    for g0, g1 in itertools.pairwise([0, *np.unique(cuts).tolist(), len(lc)]):
        if g1 > g0:
            counts = lc[g0:g1]
            yield from _expand_items(
                _ranges(ls[g0:g1], counts),
                np.repeat(rs[g0:g1], counts),
                np.repeat(rc[g0:g1], counts),
            )


_LEVELS = 4  # partners handled one level at a time before switching to a range expansion


def _expand_items(
    items: np.ndarray, right_start: np.ndarray, right_count: np.ndarray
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(item, b) for every b in each item's right range (counts may be 0), in bounded chunks.

    Level by level: every item with at least L + 1 partners yields (item, start + L). Buckets
    are mostly small, so a few levels over shrinking index sets beat a general expansion; what
    is left after `_LEVELS` levels (crowded buckets) is expanded with repeat/cumsum in chunks.
    """
    if len(items) == 0:
        return
    live = np.flatnonzero(right_count > 0)
    level = 0
    if len(live) == len(items):
        for s in range(0, len(items), _CHUNK):
            yield items[s : s + _CHUNK], right_start[s : s + _CHUNK]
        live = np.flatnonzero(right_count > 1)
        level = 1
    while len(live) and level < _LEVELS:
        yield items[live], right_start[live] + level
        live = live[right_count[live] > level + 1]
        level += 1
    if len(live) == 0:
        return
    rest = right_count[live].astype(np.int64) - level
    ends = np.cumsum(rest)
    cuts = np.searchsorted(ends, np.arange(_CHUNK, int(ends[-1]), _CHUNK), side="right")
    for g0, g1 in itertools.pairwise([0, *np.unique(cuts).tolist(), len(live)]):
        if g1 > g0:
            part, counts = live[g0:g1], rest[g0:g1]
            yield np.repeat(items[part], counts), _ranges(right_start[part] + level, counts)


def _probe(
    block: _Block, values: np.ndarray, starts: np.ndarray, counts: np.ndarray, patterns: np.ndarray
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Candidate position pairs (a, b): left bucket `values[g] ^ p` meets block bucket, p in
    `patterns`. `starts`/`counts` locate the left buckets in whatever order `a` refers to."""
    n = len(values)
    per_batch = max(1, _BATCH // max(n, 1))
    for s in range(0, len(patterns), per_batch):
        pats = patterns[s : s + per_batch]
        if len(pats) == 1:
            keys = values ^ pats[0]
        else:
            keys = (values[None, :] ^ pats[:, None]).reshape(-1)
        hit, r_starts, r_counts = block.lookup(keys)
        which = hit if len(pats) == 1 else hit % n
        yield from _expand(starts[which], counts[which], r_starts, r_counts)


def _empty_triple() -> Triple:
    return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.uint8)


def _concat(parts: list[Triple]) -> Triple:
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return _empty_triple()
    return tuple(np.concatenate([p[n] for p in parts]) for n in range(3))  # type: ignore[return-value]


def _sorted_triple(i: np.ndarray, j: np.ndarray, d: np.ndarray) -> Triple:
    order = np.lexsort((j, i))
    return i[order], j[order], d[order]


def _run(tasks: list[Callable[[], Triple]], workers: int) -> list[Triple]:
    if workers <= 1 or len(tasks) <= 1:
        return [task() for task in tasks]
    with ThreadPoolExecutor(max_workers=min(workers, len(tasks))) as pool:
        return list(pool.map(lambda task: task(), tasks))


# --------------------------------------------------------------------------------------------
# The index.


class HammingIndex:
    """An exact index over 64-bit hashes for "everything within Hamming distance t" questions.

    Per-plan structures (bit permutation, sorted blocks) are built on first use for a given
    (size of the index, t) and kept, so repeated queries at one threshold pay the build once.
    """

    def __init__(self, hashes: np.ndarray, *, workers: int | None = None) -> None:
        """Args:
        hashes: the indexed hashes (uint64; Python ints and int64 bit patterns are accepted).
        workers: threads for big searches; None means one per core.
        """
        self.hashes = _as_hashes(hashes)
        self.workers = _default_workers() if workers is None else max(1, workers)
        self._layouts: dict[tuple[int, ...], _Layout] = {}

    def __len__(self) -> int:
        return len(self.hashes)

    def _layout(self, sizes: tuple[int, ...]) -> _Layout:
        layout = self._layouts.get(sizes)
        if layout is None:
            source = _deal_bits(self.hashes, sizes)
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
        plan = _best_plan(len(self.hashes), _check_t(t), queries)
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
        plan = _best_plan(len(self.hashes), t, len(queries))
        if plan is None:
            return _sorted_triple(*self._brute_query(queries, t))
        layout = self._layout(plan.sizes)
        permuted = _permute(queries, layout.source)
        tasks: list[Callable[[], Triple]] = []
        for k, (block, radius) in enumerate(zip(layout.blocks, plan.radii, strict=True)):
            values = block.block_values(permuted)
            q_order = np.argsort(values, kind="stable")
            q_values = values[q_order]
            first = np.flatnonzero(np.r_[True, q_values[1:] != q_values[:-1]])
            distinct, q_starts = q_values[first], first
            q_counts = np.diff(np.r_[first, len(q_values)])
            q_sorted = permuted[q_order]
            patterns = _all_patterns(block.bits, radius)
            per_batch = max(1, _BATCH // len(distinct))
            for s in range(0, len(patterns), per_batch):
                tasks.append(
                    lambda k=k, b=block, p=patterns[s : s + per_batch], d=distinct, qs=q_starts,
                    qc=q_counts, qo=q_order, qh=q_sorted: self._join(
                        plan, layout, k, b, p, d, qs, qc, qh, qo, t
                    )
                )
        workers = self.workers if len(queries) * len(self.hashes) > 50_000_000 else 1
        return _sorted_triple(*_concat(_run(tasks, workers)))

    def _join(
        self,
        plan: _Plan,
        layout: _Layout,
        k: int,
        block: _Block,
        patterns: np.ndarray,
        distinct: np.ndarray,
        q_starts: np.ndarray,
        q_counts: np.ndarray,
        q_sorted: np.ndarray,
        q_order: np.ndarray,
        t: int,
    ) -> Triple:
        found: list[Triple] = []
        for a, b in _probe(block, distinct, q_starts, q_counts, patterns):
            d, ok = _verify(q_sorted[a], block.sorted_hashes[b], t, layout, plan, k)
            found.append((q_order[a[ok]], block.order[b[ok]].astype(np.int64), d))
        return _concat(found)

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
        plan = _best_plan(n, t, None)
        if plan is None:
            return _sorted_triple(*self._brute_pairs(t))
        layout = self._layout(plan.sizes)
        tasks: list[tuple[float, Callable[[], Triple]]] = []
        for k, (block, radius) in enumerate(zip(layout.blocks, plan.radii, strict=True)):
            tasks.append((0.0, lambda k=k, b=block: self._same_bucket(plan, layout, k, b, t)))
            if radius == 0:
                continue
            for top, patterns in enumerate(_patterns_by_top_bit(block.bits, radius)):
                weight = len(patterns) * len(block.values) / 2
                tasks.append(
                    (
                        weight,
                        lambda k=k, b=block, top=top, p=patterns: self._pattern_pairs(
                            plan, layout, k, b, top, p, t
                        ),
                    )
                )
        tasks.sort(key=lambda item: -item[0])  # big tasks first: better balance across threads
        workers = self.workers if n > 20_000 else 1
        return _sorted_triple(*_concat(_run([task for _, task in tasks], workers)))

    def _same_bucket(self, plan: _Plan, layout: _Layout, k: int, block: _Block, t: int) -> Triple:
        shared = np.flatnonzero(block.counts > 1)
        starts = block.starts[shared].astype(np.int64)
        counts = block.counts[shared].astype(np.int64)
        items = _ranges(starts, counts)
        # each item pairs with the items after it in its bucket: the upper triangle, no filter
        ends = np.repeat(starts + counts, counts)
        found: list[Triple] = []
        for a, b in _expand_items(items, items + 1, ends - items - 1):
            found.append(self._emit(plan, layout, k, block, a, b, t))
        return _concat(found)

    def _pattern_pairs(
        self, plan: _Plan, layout: _Layout, k: int, block: _Block, top: int, patterns: np.ndarray,
        t: int,
    ) -> Triple:
        # Visit each bucket pair (u, u ^ p) once: from u, the side whose top pattern bit is 0.
        low = np.flatnonzero(((block.values >> top) & 1) == 0)
        if len(low) == 0:
            return _empty_triple()
        values, starts, counts = block.values[low], block.starts[low], block.counts[low]
        found: list[Triple] = []
        for a, b in _probe(block, values, starts, counts, patterns):
            found.append(self._emit(plan, layout, k, block, a, b, t))
        return _concat(found)

    def _emit(
        self, plan: _Plan, layout: _Layout, k: int, block: _Block, a: np.ndarray, b: np.ndarray,
        t: int,
    ) -> Triple:
        d, ok = _verify(block.sorted_hashes[a], block.sorted_hashes[b], t, layout, plan, k)
        i = block.order[a[ok]].astype(np.int64)
        j = block.order[b[ok]].astype(np.int64)
        return np.minimum(i, j), np.maximum(i, j), d

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


def _verify(
    left: np.ndarray, right: np.ndarray, t: int, layout: _Layout, plan: _Plan, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Distances of candidate pairs and which to keep: within t, and block k is the first block
    whose radius covers them (so each pair is reported by exactly one block)."""
    x = left ^ right
    d = popcount(x)
    ok = np.flatnonzero(d <= t)
    if k and len(ok):
        x_ok = x[ok]
        first = np.ones(len(ok), dtype=bool)
        for earlier in range(k):
            blk = layout.blocks[earlier]
            first &= popcount(x_ok & blk.mask) > plan.radii[earlier]
        ok = ok[first]
    return d[ok], ok


def pairs_within(hashes: np.ndarray, t: int, *, workers: int | None = None) -> Triple:
    """All pairs of hashes within Hamming distance t, exactly (the same pairs as brute force).

    Args:
        hashes: 64-bit hashes (uint64 array or anything numpy turns into one).
        t: maximum Hamming distance, inclusive (0 finds equal hashes only).
        workers: threads to use; None means one per core.

    Returns:
        (i, j, d): int64 indexes with i < j, and uint8 distances; sorted by i then j.
    """
    return HammingIndex(hashes, workers=workers).pairs(t)
