"""mih: the sub-quadratic pair search must give exactly the pairs brute force gives."""

from __future__ import annotations

import multiprocessing
import os
import sys
import time

import numpy as np
import pytest

from dupviewer.engine import mih


def brute_pairs(h: np.ndarray, t: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    dist = np.bitwise_count(h[:, None] ^ h[None, :])
    i, j = np.nonzero(np.triu(dist <= t, 1))
    return i, j, dist[i, j]


def brute_query(h: np.ndarray, q: np.ndarray, t: int) -> tuple[np.ndarray, ...]:
    dist = np.bitwise_count(q[:, None] ^ h[None, :])
    a, b = np.nonzero(dist <= t)
    return a, b, dist[a, b]


def assert_same(got: tuple[np.ndarray, ...], expected: tuple[np.ndarray, ...]) -> None:
    assert len(got[0]) == len(expected[0])
    for g, e in zip(got, expected, strict=True):
        np.testing.assert_array_equal(np.asarray(g, dtype=np.int64), np.asarray(e, dtype=np.int64))


def random_hashes(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.integers(0, np.iinfo(np.uint64).max, n, dtype=np.uint64, endpoint=True)


def near_copies(rng: np.random.Generator, base: np.ndarray, n: int, max_flips: int) -> np.ndarray:
    """n hashes drawn from `base`, each with up to `max_flips` random bits flipped."""
    out = base[rng.integers(0, len(base), n)].copy()
    flips = rng.integers(0, max_flips + 1, n)  # some copies are exact
    for k in range(max_flips):
        flip = flips > k
        out[flip] ^= np.uint64(1) << rng.integers(0, 64, int(flip.sum())).astype(np.uint64)
    return out


def skewed_hashes(rng: np.random.Generator, n: int) -> np.ndarray:
    """Biased, correlated bits like real pHashes: a few bits nearly constant, others copied."""
    p = rng.uniform(0.05, 0.95, 64)
    p[:6] = [0.99, 0.98, 0.02, 0.97, 0.5, 0.5]
    bits = rng.random((n, 64)) < p
    bits[:, 40:52] = bits[:, 20:32] ^ (rng.random((n, 12)) < 0.05)  # correlated block
    weights = np.uint64(1) << np.arange(64, dtype=np.uint64)
    return (bits.astype(np.uint64) * weights).sum(axis=1, dtype=np.uint64)


@pytest.fixture
def force_mih(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small inputs would go to brute force; make the index answer them instead."""
    monkeypatch.setattr(mih, "_brute_cost", lambda n, queries: float("inf"))


@pytest.mark.parametrize("t", [0, 1, 3, 6, 10, 14])
@pytest.mark.parametrize("kind", ["random", "near", "skewed"])
def test_pairs_within_matches_brute_force(force_mih: None, kind: str, t: int) -> None:
    rng = np.random.default_rng(t * 7 + len(kind))
    n = 1500
    if kind == "random":
        h = random_hashes(rng, n)
    elif kind == "near":
        h = near_copies(rng, random_hashes(rng, 150), n, 8)
    else:
        h = near_copies(rng, skewed_hashes(rng, 400), n, 4)
    expected = brute_pairs(h, t)
    if kind != "random":
        assert len(expected[0]) > 0  # the case really has pairs to find
    assert_same(mih.pairs_within(h, t), expected)


@pytest.mark.parametrize("workers", [1, 2])
def test_pairs_within_threads_and_auto_plan(force_mih: None, workers: int) -> None:
    rng = np.random.default_rng(5)
    h = near_copies(rng, random_hashes(rng, 3000), 25_000, 6)
    got = mih.pairs_within(h, 8, workers=workers)
    i, j, d = got
    assert len(i) > 1000
    assert (i < j).all()
    np.testing.assert_array_equal(d, np.bitwise_count(h[i] ^ h[j]))
    # exact on a sample: every partner of 40 items, against brute force over all items
    for q in rng.choice(len(h), 40, replace=False):
        partners = set(j[i == q].tolist()) | set(i[j == q].tolist())
        brute = set(np.flatnonzero(np.bitwise_count(h ^ h[q]) <= 8).tolist()) - {int(q)}
        assert partners == brute


def test_duplicate_hashes_and_giant_bucket(force_mih: None) -> None:
    rng = np.random.default_rng(3)
    h = np.concatenate([np.full(300, 0xDEADBEEF, np.uint64), random_hashes(rng, 300)])
    h = h[rng.permutation(len(h))]
    i, j, d = mih.pairs_within(h, 4)
    assert_same((i, j, d), brute_pairs(h, 4))
    assert (d == 0).sum() >= 300 * 299 // 2


@pytest.mark.parametrize("t", [0, 5, 64, 100])
def test_brute_force_path_and_extremes(t: int) -> None:
    rng = np.random.default_rng(t)
    h = near_copies(rng, random_hashes(rng, 20), 200, 5)
    assert_same(mih.pairs_within(h, t), brute_pairs(h, min(t, 64)))


def test_empty_single_and_inputs() -> None:
    for h in (np.zeros(0, np.uint64), np.array([7], np.uint64)):
        i, j, d = mih.pairs_within(h, 10)
        assert len(i) == len(j) == len(d) == 0
        assert d.dtype == np.uint8
    # Python ints above 2**63 are accepted, as are int64 bit patterns
    big = [2**64 - 1, 2**64 - 2, 5]
    assert_same(mih.pairs_within(big, 1), (np.array([0]), np.array([1]), np.array([1])))
    with pytest.raises(ValueError):
        mih.pairs_within(big, -1)


@pytest.mark.parametrize("t", [0, 2, 10, 17])
def test_query_matches_brute_force(force_mih: None, t: int) -> None:
    rng = np.random.default_rng(100 + t)
    h = near_copies(rng, skewed_hashes(rng, 300), 2000, 6)
    index = mih.HammingIndex(h)
    for q in (h[:1], near_copies(rng, h, 50, 4), random_hashes(rng, 5), h[:0]):
        assert_same(index.query(q, t), brute_query(h, q, t) if len(q) else ([], [], []))
    # the same index answers another threshold right after (plans are cached per shape)
    assert_same(index.query(h[:30], 3), brute_query(h, h[:30], 3))


@pytest.mark.parametrize("t", [0, 3, 10])
def test_queries_only_index_answers_the_same_and_refuses_pairs(force_mih: None, t: int) -> None:
    rng = np.random.default_rng(200 + t)
    h = near_copies(rng, skewed_hashes(rng, 300), 3000, 5)
    q = near_copies(rng, h, 80, 4)
    lean = mih.HammingIndex(h, queries_only=True)
    assert_same(lean.query(q, t), brute_query(h, q, t))
    assert_same(lean.query(h[:40], t), mih.HammingIndex(h).query(h[:40], t))
    built = [b for layout in lean._layouts.values() for b in layout.blocks]
    assert built and all(len(b.values) == 0 for b in built if b.table_counts is not None)
    with pytest.raises(ValueError):
        lean.pairs(t)


def test_query_brute_force_path_and_empty_index() -> None:
    rng = np.random.default_rng(8)
    h = random_hashes(rng, 300)
    q = near_copies(rng, h, 20, 3)
    assert_same(mih.HammingIndex(h).query(q, 4), brute_query(h, q, 4))
    empty = mih.HammingIndex(np.zeros(0, np.uint64)).query(q, 4)
    assert all(len(a) == 0 for a in empty)


def test_large_inputs_use_the_index_not_brute_force() -> None:
    assert mih._best_plan(1_000_000, 10, None) is not None
    assert mih._best_plan(100_000, 10, None) is not None
    assert mih._best_plan(1_000_000, 10, 100) is not None  # a batch of reverse look-ups
    # one look-up: scanning a million hashes (~2 ms) beats probing the index's patterns
    assert mih._best_plan(1_000_000, 10, 1) is None


def test_bits_are_dealt_by_entropy() -> None:
    """Near-constant bits must not pile up in one block (they would make giant buckets)."""
    rng = np.random.default_rng(1)
    bits = rng.random((5000, 64)) < 0.5
    bits[:, :16] = rng.random((5000, 16)) < 0.01  # the first 16 bits are almost always 0
    h = (bits.astype(np.uint64) * (np.uint64(1) << np.arange(64, dtype=np.uint64))).sum(
        axis=1, dtype=np.uint64
    )
    sizes = (16, 16, 16, 16)
    source = mih._deal_bits(mih._bit_stats(h), sizes)
    assert sorted(source.tolist()) == list(range(64))
    per_block = [set(source[k * 16 : (k + 1) * 16].tolist()) for k in range(4)]
    assert all(len(block & set(range(16))) == 4 for block in per_block)


def test_small_batches_and_chunks_give_the_same_pairs(
    force_mih: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bounded-memory paths (sliced probing sides, chunked expansions) change nothing."""
    rng = np.random.default_rng(11)
    h = near_copies(rng, skewed_hashes(rng, 100), 1200, 5)
    expected = brute_pairs(h, 7)
    queries = near_copies(rng, h, 300, 3)
    expected_q = brute_query(h, queries, 7)
    monkeypatch.setattr(mih, "_BATCH", 50)
    monkeypatch.setattr(mih, "_CHUNK", 40)
    assert_same(mih.pairs_within(h, 7), expected)
    assert_same(mih.HammingIndex(h).query(queries, 7), expected_q)


def test_worker_processes_give_the_same_pairs(
    force_mih: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The forked-process path (used for big self-joins) finds exactly brute force's pairs."""
    monkeypatch.delitem(sys.modules, "PySide6.QtCore", raising=False)  # the suite loads Qt
    rng = np.random.default_rng(21)
    h = near_copies(rng, skewed_hashes(rng, 200), 2500, 6)
    expected = brute_pairs(h, 9)
    used: list[bool] = []
    real = mih._run_forked

    def spy(tasks, workers):  # noqa: ANN001, ANN202
        done = real(tasks, workers)
        used.append(done is not None)
        return done

    monkeypatch.setattr(mih, "_PROCESS_FROM", 0)
    monkeypatch.setattr(mih, "_run_forked", spy)
    assert_same(mih.pairs_within(h, 9, workers=2), expected)
    if "fork" in __import__("multiprocessing").get_all_start_methods():
        assert used == [True]
    assert multiprocessing.active_children() == []  # every child was joined


def test_tasks_a_child_could_not_finish_are_run_by_the_parent(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    """A child that fails (or dies) sends back what it finished; the parent runs the rest, so
    the results are complete, and an error that is real is raised in the parent."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs fork")
    monkeypatch.delitem(sys.modules, "PySide6.QtCore", raising=False)  # the suite loads Qt
    parent = os.getpid()

    def task(k: int):  # noqa: ANN202
        def run() -> mih.Triple:
            if os.getpid() != parent:
                (tmp_path / f"child-took-{k}").touch()
                raise MemoryError("only in the child")
            time.sleep(0.1)  # the child starts while the parent is busy
            return np.array([k]), np.array([k + 1]), np.array([1], np.uint8)

        return run

    done = mih._run_forked([task(k) for k in range(6)], 2)
    assert done is not None
    assert [int(i[0]) for i, _, _ in done] == list(range(6))
    assert list(tmp_path.glob("child-took-*"))  # the child did take a task, and failed it

    def broken() -> mih.Triple:
        raise ValueError("everywhere")

    with pytest.raises(ValueError, match="everywhere"):
        mih._run_forked([broken] * 3, 2)
    assert multiprocessing.active_children() == []


def test_worker_processes_fall_back_without_fork(
    force_mih: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where fork is unavailable (or a search is already forking), threads do the work."""
    rng = np.random.default_rng(22)
    h = near_copies(rng, random_hashes(rng, 300), 2000, 5)
    expected = brute_pairs(h, 8)
    monkeypatch.setattr(mih, "_PROCESS_FROM", 0)
    monkeypatch.setattr(mih.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert mih._run_forked([lambda: mih._empty_triple()] * 2, 2) is None
    assert_same(mih.pairs_within(h, 8, workers=2), expected)
    monkeypatch.undo()
    monkeypatch.setattr(mih, "_brute_cost", lambda n, queries: float("inf"))
    monkeypatch.setattr(mih, "_PROCESS_FROM", 0)
    with mih._FORK_LOCK:  # another search holds the fork: this one must not wait or clash
        assert mih._run_forked([lambda: mih._empty_triple()] * 2, 2) is None
        assert_same(mih.pairs_within(h, 8, workers=2), expected)


def test_worker_processes_not_forked_from_a_daemon(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside a pool worker (daemonic, may not have children) the search stays in-process."""
    import multiprocessing

    monkeypatch.setattr(multiprocessing.current_process(), "daemon", True, raising=False)
    assert mih._run_forked([lambda: mih._empty_triple()] * 2, 2) is None


def test_no_fork_in_a_process_that_runs_qt(
    force_mih: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With Qt loaded (the GUI), big searches stay in threads: forking Qt's threads is unsafe."""
    monkeypatch.setitem(sys.modules, "PySide6.QtCore", object())
    assert mih._run_forked([lambda: None], 2) is None


def clustered_hashes(rng: np.random.Generator, n: int) -> np.ndarray:
    """Bursts of look-alikes of very different sizes (1 to a few hundred copies per centre), so
    block buckets range from single items to crowds that need several tiles on each side."""
    sizes = np.minimum(rng.zipf(1.6, 400), 300)
    sizes = sizes[np.cumsum(sizes) <= n]
    centres = skewed_hashes(rng, len(sizes))
    out = np.repeat(centres, sizes)
    return near_copies(rng, out, len(out), 5)[rng.permutation(len(out))]


@pytest.mark.parametrize("t", [0, 3, 8, 12, 20])
def test_crowded_buckets_of_every_size(force_mih: None, t: int) -> None:
    rng = np.random.default_rng(40 + t)
    h = clustered_hashes(rng, 2500)
    counts = np.unique(h & np.uint64(0xFFF), return_counts=True)[1]
    assert counts.max() > 64 and (counts == 1).any()  # multi-tile crowds next to singletons
    assert_same(mih.pairs_within(h, t), brute_pairs(h, t))
    queries = np.concatenate([h[:40], h[:40], near_copies(rng, h, 60, 4)])  # crowded query side
    assert_same(mih.HammingIndex(h).query(queries, t), brute_query(h, queries, t))


def test_tiny_tiles_chunks_and_bins_give_the_same_pairs(
    force_mih: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tile chunks cut inside one range pair, shapes verified bin by bin, tile xors counted a
    few rows at a time, and flat remainders all report exactly brute force's pairs."""
    rng = np.random.default_rng(41)
    h = clustered_hashes(rng, 1500)
    queries = near_copies(rng, h, 200, 3)
    expected, expected_q = brute_pairs(h, 9), brute_query(h, queries, 9)
    for chunk, flush, bin_from, xors in (
        (7, 50, 30, 1),
        (1, 1, 1, 40),
        (1 << 18, 1 << 20, 1 << 40, 1 << 15),
    ):
        monkeypatch.setattr(mih, "_TILE_CHUNK", chunk)
        monkeypatch.setattr(mih, "_XOR_SLOTS", xors)  # tile xors counted row by row, or at once
        monkeypatch.setattr(mih, "_FLUSH_SLOTS", flush)
        monkeypatch.setattr(mih, "_BIN_FROM", bin_from)
        assert_same(mih.pairs_within(h, 9), expected)
        assert_same(mih.HammingIndex(h).query(queries, 9), expected_q)


def test_tile_lengths_cover_every_bucket_size() -> None:
    codes = mih._tile_codes()
    lengths = np.array(mih._TILES)[codes]
    sizes = np.arange(len(codes))
    assert (lengths[1:5] == sizes[1:5]).all()  # small buckets are one exact tile
    padded = -(-sizes // lengths) * lengths
    assert (padded[1:] < 2 * sizes[1:] + 8).all()  # padding stays a bounded overhead
    huge = np.array([5000, 10**6], dtype=np.int32)
    assert (np.array(mih._TILES)[mih._tile_code(huge)] == mih._TILE_MAX).all()


def test_permute_moves_bits_and_keeps_distances() -> None:
    rng = np.random.default_rng(42)
    h = random_hashes(rng, 3000)
    for _ in range(3):
        source = rng.permutation(64)
        got = mih._permute(h, source)
        bits = mih._bit_matrix(h)[:, source]
        packed = np.packbits(np.ascontiguousarray(bits), axis=1, bitorder="little")
        expected = np.ascontiguousarray(packed).view("<u8").reshape(-1)
        np.testing.assert_array_equal(got, expected)
        np.testing.assert_array_equal(
            np.bitwise_count(got[1:] ^ got[:-1]), np.bitwise_count(h[1:] ^ h[:-1])
        )


def test_one_64_bit_block_for_exact_duplicates(force_mih: None) -> None:
    """t=0 is one 64-bit block (no dense table): equal hashes only, crowds included."""
    rng = np.random.default_rng(43)
    crowds = np.repeat(random_hashes(rng, 30), rng.integers(1, 90, 30))
    loners = random_hashes(rng, 50)
    h = np.concatenate([crowds, loners, loners[:5]])  # five pairs of two
    h = h[rng.permutation(len(h))]
    assert mih.HammingIndex(h)._plan(0, None) == mih._Plan((64,), (0,))
    assert_same(mih.pairs_within(h, 0), brute_pairs(h, 0))


def test_look_up_plans_keep_their_calibration() -> None:
    """Look-ups are priced apart from the self-join: batches of 2 to 4096 queries against a
    million hashes use one plan (one index build serves them all; a single query scans)."""
    plans = {mih._best_plan(1_000_000, 10, q) for q in (2, 8, 64, 4096)}
    assert len(plans) == 1 and None not in plans


@pytest.mark.parametrize(
    "plan",
    [
        mih._Plan((64,), (2,)),  # one block, no dense table: sorted values and binary search
        mih._Plan((40, 24), (2, 0)),  # a long block next to a tabled one
        mih._Plan((8, 8, 8, 8, 8, 8, 8, 8), (0, 0, 0, 1, 0, 0, 0, 0)),  # short, crowded blocks
    ],
)
def test_forced_plans_give_the_same_pairs(plan: mih._Plan) -> None:
    """Every plan shape is exact, whatever the cost model would pick."""
    rng = np.random.default_rng(44)
    h = clustered_hashes(rng, 1200)
    t = sum(r + 1 for r in plan.radii) - 1
    queries = near_copies(rng, h, 100, 3)
    index = mih.HammingIndex(h)
    index._plans[(t, None)] = plan
    index._plans[(t, len(queries))] = plan
    assert_same(index.pairs(t), brute_pairs(h, t))
    assert_same(index.query(queries, t), brute_query(h, queries, t))


@pytest.mark.parametrize("items, queries", [(40, 3000), (3000, 40), (700, 900)])
def test_brute_force_look_ups_give_the_same_pairs(
    monkeypatch: pytest.MonkeyPatch, items: int, queries: int
) -> None:
    """Brute-force look-ups loop over the shorter side against slices of the longer one, both
    cut in steps here (a small chunk): every pair is found once, with its distance."""
    monkeypatch.setattr(mih, "_TILE_CHUNK", 1 << 12)
    rng = np.random.default_rng(45)
    h = clustered_hashes(rng, items)
    q = near_copies(rng, h, queries, 6)
    q[:5] = h[:5]  # exact copies too (distance 0)
    index = mih.HammingIndex(h)
    got = mih._sorted_triple(*index._brute_query(q, 8))
    assert len(got[0]) >= 5
    assert_same(got, brute_query(h, q, 8))


def test_a_big_brute_force_look_up_split_over_threads_gives_the_same_pairs() -> None:
    """Over 50 million pairs, brute-force look-ups run in slices of the queries on threads; each
    slice's query positions are shifted back to the whole batch's."""
    rng = np.random.default_rng(46)
    h = clustered_hashes(rng, 100)
    q = near_copies(rng, h, 520_000, 8)
    index = mih.HammingIndex(h, workers=2)
    index._plans[(6, len(q))] = None  # brute force, whatever the cost model says
    got = index.query(q, 6)
    assert len(got[0]) > 100_000
    assert_same(got, brute_query(h, q, 6))
