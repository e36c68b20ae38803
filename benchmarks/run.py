"""dupviewer's speed and memory benchmark: one run, one table, every target PASS or FAIL.

    python benchmarks/run.py --quick            # a few minutes, smaller sizes (said in the table)
    python benchmarks/run.py                    # full: the big numbers (100k rescan, 1M grouping)
    python benchmarks/run.py --corpus DIR       # reuse (or fill) a corpus folder
    python benchmarks/run.py --out table.md     # also write the table (.md Markdown, .json JSON)

Everything is measured in the same run on the same files, so ratios compare like with like:
the plain `imagehash.phash(Image.open(path))` loop (baseline), a DCT-scaled decode alone (the
floor) and the engine's `analyse_file`, interleaved file by file so that a busy machine slows all
three alike. Scans and the GUI run in fresh processes whose whole process tree is watched for
memory (`benchmarks/memory.py`). A section that breaks becomes a FAIL row with its error; the
table is always printed. Exit status 1 when any target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import imagehash
import numpy as np
import PIL
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout, uninstalled
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import memory  # noqa: E402

from dupviewer.engine.analyse import analyse_file, content_digest  # noqa: E402
from dupviewer.engine.decoding import decode_reduced  # noqa: E402
from dupviewer.engine.model import HashAlgorithm  # noqa: E402


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table. `ok` is None for a number shown for information (no target)."""

    what: str
    value: str
    target: str = ""
    ok: bool | None = None

    @property
    def verdict(self) -> str:
        return "" if self.ok is None else ("PASS" if self.ok else "FAIL")


@dataclass(frozen=True, slots=True)
class Sizes:
    """How big each part of the run is; `--quick` shrinks the slow ones."""

    photos: int  # camera JPEGs in the corpus
    reps: int  # timing repetitions per file (the fastest counts)
    formats: int  # photos converted to each other format
    library: int  # tiny files for the rescan / memory numbers
    regroup: int  # synthetic photos for regrouping
    gui_groups: int
    lookup: int  # hashes indexed for the reverse look-up


# Grouping sizes are benchmarks/grouping.py's own (quick: 100k and 300k, full: 100k and 1M).
FULL = Sizes(
    photos=200,
    reps=3,
    formats=8,
    library=100_000,
    regroup=100_000,
    gui_groups=10_000,
    lookup=1_000_000,
)
QUICK = Sizes(
    photos=48,
    reps=2,
    formats=3,
    library=10_000,
    regroup=100_000,
    gui_groups=10_000,
    lookup=1_000_000,
)


def _mb(kb_or_bytes: float) -> str:
    return f"{kb_or_bytes:,.0f} MB"


# -- the machine -----------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """CPU model, cores, RAM and the versions that matter for the numbers."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    try:
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    import scipy

    return {
        "CPU": cpu,
        "cores": str(_cores()),
        "RAM": ram,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Pillow": PIL.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "imagehash": getattr(imagehash, "__version__", "?"),
        "load average at start (1/5/15 min)": load,
    }


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# -- per-image cost --------------------------------------------------------------------------------


def floor_decode(path: Path) -> None:
    """The hardware floor: open and decode at 1/8 scale through the DCT, nothing else."""
    with Image.open(path) as im:
        w, h = im.size
        im.draft("L", (max(1, w // 8), max(1, h // 8)))
        im.load()


def baseline_phash(path: Path) -> int:
    """The plain loop users write: imagehash on the full-resolution image."""
    with Image.open(path) as im:
        return int(str(imagehash.phash(im)), 16)


def engine_hash(path: Path) -> int:
    return analyse_file(path, HashAlgorithm.PHASH).fingerprint.hash


def engine_without_variants(path: Path) -> int:
    """The engine's work minus issue 6's variants: read, digest, reduced decode, one pHash."""
    data = path.read_bytes()
    content_digest(data)
    return int(str(imagehash.phash(decode_reduced(data, path.name).image)), 16)


@dataclass(frozen=True, slots=True)
class Cost:
    cpu: float  # seconds per image
    wall: float


def per_image_costs(
    paths: list[Path], methods: dict[str, Callable[[Path], object]], reps: int
) -> tuple[dict[str, Cost], dict[str, list[object]]]:
    """Time every method on every file, interleaved file by file; the fastest of `reps` counts.

    Files are read once beforehand so every method finds them in the page cache (the benchmark
    measures the decoder, not the disk). Returns per-image costs and each method's results."""
    for p in paths:
        p.read_bytes()
    best_cpu = {m: [float("inf")] * len(paths) for m in methods}
    best_wall = {m: [float("inf")] * len(paths) for m in methods}
    results: dict[str, list[object]] = {m: [None] * len(paths) for m in methods}
    for _ in range(reps):
        for k, path in enumerate(paths):
            for name, fn in methods.items():
                c0, w0 = time.process_time(), time.perf_counter()
                out = fn(path)
                c1, w1 = time.process_time(), time.perf_counter()
                best_cpu[name][k] = min(best_cpu[name][k], c1 - c0)
                best_wall[name][k] = min(best_wall[name][k], w1 - w0)
                results[name][k] = out
    costs = {
        m: Cost(sum(best_cpu[m]) / len(paths), sum(best_wall[m]) / len(paths)) for m in methods
    }
    return costs, results


def hashing_rows(paths: list[Path], reps: int, state: dict) -> list[Row]:
    methods = {
        "floor": floor_decode,
        "engine": engine_hash,
        "no-variants": engine_without_variants,
        "baseline": baseline_phash,
    }
    costs, results = per_image_costs(paths, methods, reps)
    state["costs"] = costs
    w, h = Image.open(paths[0]).size
    mean_mb = statistics.mean(p.stat().st_size for p in paths) / 1e6
    rows = [Row("corpus", f"{len(paths)} JPEGs {w}x{h}, q90, mean {mean_mb:.1f} MB")]
    labels = {
        "baseline": "baseline imagehash.phash(Image.open(p))",
        "floor": "floor: draft('L', 1/8) + load()",
        "engine": "engine analyse_file (1 process)",
        "no-variants": "engine minus rotations/crops",
    }
    for name in ("baseline", "floor", "engine", "no-variants"):
        c = costs[name]
        rows.append(
            Row(
                f"per image: {labels[name]}",
                f"{c.cpu * 1e3:.1f} ms CPU, {c.wall * 1e3:.1f} ms wall",
            )
        )
    eng, flo, base = costs["engine"], costs["floor"], costs["baseline"]
    rows.append(
        Row(
            "engine / floor (CPU)", f"{eng.cpu / flo.cpu:.2f}x", "<= 1.3x", eng.cpu / flo.cpu <= 1.3
        )
    )
    rows.append(
        Row(
            "baseline / engine (CPU)",
            f"{base.cpu / eng.cpu:.1f}x",
            ">= 4x",
            base.cpu / eng.cpu >= 4,
        )
    )
    rows.append(Row("baseline / engine (wall)", f"{base.wall / eng.wall:.1f}x"))

    dist = [
        int(np.bitwise_count(np.uint64(a) ^ np.uint64(b)))
        for a, b in zip(results["engine"], results["baseline"], strict=True)
    ]
    hist = Counter(dist)
    shown = ", ".join(f"{d}:{hist[d]}" for d in sorted(hist))
    median = statistics.median(dist)
    rows.append(
        Row(
            "Hamming(engine hash, full-res pHash)",
            f"median {median:g}, max {max(dist)}; distance:count {shown}",
            "median 0",
            median == 0,
        )
    )
    return rows


def features_analysis_row(state: dict) -> list[Row]:
    costs = state["costs"]
    ratio = costs["engine"].cpu / costs["no-variants"].cpu
    return [
        Row(
            "issue 6: analyse CPU with / without variants",
            f"{ratio:.2f}x ({costs['engine'].cpu * 1e3:.1f} vs "
            f"{costs['no-variants'].cpu * 1e3:.1f} ms)",
            "<= 1.2x",
            ratio <= 1.2,
        )
    ]


# -- formats ---------------------------------------------------------------------------------------


def format_rows(jpegs: list[Path], folder: Path, reps: int) -> list[Row]:
    rows = []
    jpeg_cost, _ = per_image_costs(jpegs, {"engine": engine_hash}, reps)
    base = jpeg_cost["engine"].cpu
    rows.append(
        Row(
            "format JPEG: analyse_file per image",
            f"{base * 1e3:.0f} ms CPU (same {len(jpegs)} pictures)",
        )
    )
    for fmt in ("PNG", "WEBP", "HEIC", "HEIC+thumbnail", "TIFF"):
        try:
            files = corpus.convert_corpus(jpegs, folder / fmt.lower(), fmt)
            cost, _ = per_image_costs(files, {"engine": engine_hash}, reps)
            c = cost["engine"]
            mb = statistics.mean(p.stat().st_size for p in files) / 1e6
            rows.append(
                Row(
                    f"format {fmt}: analyse_file per image",
                    f"{c.cpu * 1e3:.0f} ms CPU, {c.wall * 1e3:.0f} ms wall = "
                    f"{c.cpu / base:.1f}x JPEG ({mb:.1f} MB files)",
                )
            )
        except Exception as exc:  # noqa: BLE001 - report the format, go on with the others
            rows.append(Row(f"format {fmt}", f"error: {type(exc).__name__}: {exc}", "runs", False))
    return rows


# -- scans: all cores, variants on/off, rescan ---------------------------------------------------


def scan_rows(jpeg_dir: Path, work: Path, state: dict) -> list[Row]:
    n = len(list(jpeg_dir.glob("*.jpg")))
    cores = _cores()
    single_rate = 1 / state["costs"]["engine"].wall  # photos per second on one core, in-process
    on = memory.measure_scan(jpeg_dir, None)
    off = memory.measure_scan(jpeg_dir, None, variants=False)
    on2 = memory.measure_scan(jpeg_dir, None)  # again, interleaved: a busy machine hits both
    t_on = min(on.report["seconds"], on2.report["seconds"])
    t_off = off.report["seconds"]
    # All cores, measured on the whole scan() wall time (pool start-up included) of a corpus four
    # times larger (copies: every file is decoded again), so start-up weighs as on a real drive.
    big = work / f"allcores-{n}"  # per corpus size: a kept corpus may have grown since
    big.mkdir(parents=True, exist_ok=True)
    for copy in range(4):
        for path in sorted(jpeg_dir.glob("*.jpg")):
            if not (big / f"{copy}_{path.name}").exists():
                shutil.copyfile(path, big / f"{copy}_{path.name}")
    big_n = len(list(big.glob("*.jpg")))
    t_big = min(memory.measure_scan(big, None).report["seconds"] for _ in range(2))
    steady = big_n / t_big
    state["steady_rate"] = steady
    eff = steady / (cores * single_rate)
    rows = [
        Row(
            f"all cores: scan() of {n} JPEGs, no cache",
            f"{t_on:.2f} s = {n / t_on:.1f} photos/s with start-up; 1 core in-process "
            f"{single_rate:.1f}/s",
        ),
        Row(
            f"all cores: scan() throughput / ({cores} cores x 1-core rate)",
            f"{eff:.2f} ({big_n} JPEGs in {t_big:.2f} s = {steady:.1f} photos/s, "
            "start-up included)",
            ">= 0.8",
            eff >= 0.8,
        ),
        Row(
            "issue 6: scan time rotations+crops on / off",
            f"{t_on / t_off:.2f}x ({t_on:.2f} s vs {t_off:.2f} s; 'off' still computes the "
            "variants in the workers: it only skips their matching)",
            "<= 1.2x",
            t_on / t_off <= 1.2,
        ),
    ]
    # Rescan: the second scan of an unchanged folder answers from the cache. A fresh process
    # pays ~12 ms of imports whatever the size, so the ratio is shown for both corpora.
    for folder, count in ((jpeg_dir, n), (big, big_n)):
        cache = work / f"camera-cache-{count}.sqlite"
        cache.unlink(missing_ok=True)
        first = memory.measure_scan(folder, cache)
        second = memory.measure_scan(folder, cache)
        t1, t2 = first.report["seconds"], second.report["seconds"]
        if folder == jpeg_dir:
            state["camera_first_per_photo"] = t1 / n
        rows.append(
            Row(
                f"rescan of {count} unchanged JPEGs: first / second",
                f"{t1 / t2:.0f}x ({t1:.2f} s vs {t2 * 1e3:.0f} ms, "
                f"{second.report['from_cache']} from cache)",
                ">= 100x",
                t1 / t2 >= 100 and second.report["from_cache"] == count,
            )
        )
    return rows


def library_rows(library: Path, count: int, work: Path, state: dict, quick: bool) -> list[Row]:
    started = time.perf_counter()
    corpus.make_tiny_corpus(library, count)
    made = time.perf_counter() - started
    cache = work / f"library-{count}.sqlite"
    cache.unlink(missing_ok=True)
    limit_s = 600 if quick else 3600
    first = memory.measure_scan(library, cache, timeout=limit_s)
    second = memory.measure_scan(library, cache, timeout=limit_s)
    note = " (quick mode: 10,000, not 100,000)" if quick else ""
    t2 = second.report["seconds"]
    limit = 10 * count / 100_000  # 10 s per 100,000 photos
    rows = [
        Row(
            f"library of {count:,} tiny PNGs: written, first scan",
            f"{made:.0f} s to write; first scan {first.report['seconds']:.1f} s "
            f"({first.report['hashed']:,} hashed, {first.report['errors']} errors, "
            f"{first.report['groups']} groups)",
        ),
        Row(
            f"rescan of {count:,} unchanged photos from the cache{note}",
            f"{t2:.2f} s ({second.report['from_cache']:,} from cache)",
            f"< {limit:g} s",
            t2 < limit and second.report["from_cache"] == count,
        ),
    ]
    if "camera_first_per_photo" in state:
        ratio = state["camera_first_per_photo"] / (t2 / count)
        rows.append(
            Row(
                "rescan per photo at library size vs first scan per camera photo",
                f"{ratio:,.0f}x ({t2 / count * 1e6:.0f} us vs "
                f"{state['camera_first_per_photo'] * 1e3:.1f} ms)",
                ">= 100x",
                ratio >= 100,
            )
        )
    for label, m in (("first scan (hashing)", first), ("rescan (from cache)", second)):
        rows.append(
            Row(
                f"memory: {count:,}-photo {label}, scanning process peak{note}",
                f"{m.main_peak_mb:.0f} MB (each worker <= {m.worker_peak_mb:.0f} MB; "
                f"whole tree <= {m.total_peak_mb:.0f} MB)",
                "< 500 MB",
                m.main_peak_mb < 500,
            )
        )
    return rows


# -- grouping, regrouping, look-up --------------------------------------------------------------


def grouping_rows(quick: bool) -> list[Row]:
    """benchmarks/grouping.py's own measurements (pair search at 100k and 1M, or 100k and 300k
    in quick mode; MIH vs numpy all-pairs; build_groups alone), turned into table rows."""
    import grouping  # benchmarks/grouping.py

    rows = []
    for r in grouping.run_grouping_benchmark(quick=quick):
        if r.name.startswith("pairs_within"):
            big = r.n >= 1_000_000
            target = f"< {grouping.PAIRS_TARGET_SECONDS:g} s, exact" if big else "exact (sample)"
        elif r.name.startswith("numpy all-pairs"):
            target = f"mih >= {grouping.SPEEDUP_TARGET:g}x faster"
        elif r.name.startswith("regroup"):
            target = f"< {grouping.REGROUP_TARGET_SECONDS:g} s"
        else:  # an information row (e.g. the machine's load)
            target = ""
        what = f"grouping: {r.name}, n={r.n:,}"
        if r.name.startswith("regroup"):
            what += " (build_groups alone, upright pairs given)"
        if quick and r.name.startswith("pairs_within") and not big:
            what += " (quick: no 1M run)"
        rows.append(Row(what, f"{r.seconds:.2f} s; {r.detail}", target, r.ok))
    return rows


def regroup_rows(n: int, timeout: float = 600, state: dict | None = None) -> list[Row]:
    """Scanner-level grouping of `n` synthetic photos, in a child process with a time limit
    (a search that runs away becomes a FAIL row, not a hung benchmark). With the camera scan's
    hashing rate in `state`, also projects issue 6's whole-scan cost at `n` camera photos."""
    state = state if state is not None else {}
    rows = []
    pairing: dict[bool, float] = {}
    for label, variants in (("rotations + crops on", True), ("rotations + crops off", False)):
        try:
            m = memory.measure_regroup(n, variants, timeout)
        except TimeoutError as exc:
            rows.append(Row(f"group {n:,} photos, {label}", str(exc), f"< {timeout:.0f} s", False))
            continue
        r = m.report
        pairing[variants] = r["first_seconds"]
        rows.append(
            Row(
                f"group {n:,} photos at t=10 (pair search + grouping), {label}",
                f"{r['first_seconds']:.2f} s, peak {m.main_peak_mb:.0f} MB "
                f"(search + grouping add {(r['peak_kb'] - r['before_kb']) / 1024:.0f} MB "
                f"to the {r['before_kb'] / 1024:.0f} MB holding the photos)",
            )
        )
        rows.append(
            Row(
                f"rescan of {n:,} photos after {r['changed']} went and {r['changed']} came: "
                f"pair search updated, {label}",
                f"{r['update_seconds']:.2f} s = {r['first_seconds'] / r['update_seconds']:.1f}x "
                "faster than the first search + grouping (only pairs with a new photo searched)",
            )
        )
        rows.append(
            Row(
                f"regroup {n:,} photos at a new threshold (10 -> 6), {label}",
                f"{r['regroup_seconds']:.3f} s ({r['groups']:,} groups, {r['members']:,} members)",
                "< 1 s",
                r["regroup_seconds"] < 1,
            )
        )
    if len(pairing) == 2 and state.get("steady_rate") and "costs" in state:
        costs = state["costs"]
        hash_on = n / state["steady_rate"]
        hash_off = hash_on * costs["no-variants"].cpu / costs["engine"].cpu
        ratio = (hash_on + pairing[True]) / (hash_off + pairing[False])
        rows.append(
            Row(
                f"issue 6 at {n:,} camera photos: whole scan on / off (projected)",
                f"{ratio:.2f}x (hashing {hash_on:.0f} s vs {hash_off:.0f} s at the measured "
                f"all-core rate, + pairing {pairing[True]:.1f} s vs {pairing[False]:.1f} s)",
                "<= 1.2x",
                ratio <= 1.2,
            )
        )
    return rows


def lookup_rows(n: int, queries: int) -> list[Row]:
    import lookup  # benchmarks/lookup.py

    rows = []
    for r in lookup.run(n=n, n_queries=queries):
        rows.append(
            Row(
                f"reverse look-up, {r.distribution}, {r.n:,} hashes, t={r.threshold}",
                f"median {r.median_ms:.1f} ms, worst {r.worst_ms:.1f} ms; with rotations (8 "
                f"hashes) median {getattr(r, 'rotations_median_ms', 0):.1f} ms, worst "
                f"{getattr(r, 'rotations_worst_ms', 0):.1f} ms ({r.queries} queries; "
                f"index built in {r.build_seconds:.1f} s; answers = brute force: {r.correct})",
                f"< {lookup.TARGET_SECONDS * 1e3:.0f} ms, exact",
                r.ok,
            )
        )
    return rows


def gui_rows(groups: int, images: Path, settle: float = 3.0) -> list[Row]:
    args = ["--groups", str(groups), "--images", str(images), "--settle", str(settle)]
    m = memory.run_measured(
        [str(HERE / "gui_memory.py"), *args],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    return [
        Row(
            f"memory: GUI (offscreen) holding {m.report['groups']:,} groups "
            f"({m.report['photos']:,} photos)",
            f"{m.main_peak_mb:.0f} MB peak (set_result {m.report['set_result_seconds']:.2f} s)",
            "< 1 GB",
            m.main_peak_mb < 1024,
        )
    ]


# -- the run ---------------------------------------------------------------------------------------


def section(rows: list[Row], name: str, fn: Callable[[], list[Row]]) -> None:
    """Run one part; a part that breaks becomes a FAIL row, the others still run."""
    print(f"[{time.strftime('%H:%M:%S')}] {name} ...", flush=True)
    started = time.perf_counter()
    try:
        got = fn()
    except Exception as exc:  # noqa: BLE001 - never lose the rest of the table
        traceback.print_exc()
        got = [Row(name, f"did not run: {type(exc).__name__}: {exc}"[:300], "runs", False)]
    for r in got:
        print(f"    {r.what}: {r.value} {r.verdict}", flush=True)
    rows.extend(got)
    print(f"    ({time.perf_counter() - started:.0f} s)", flush=True)


def table_text(info: dict[str, str], rows: list[Row]) -> str:
    w1 = max(len(r.what) for r in rows)
    w3 = max(len(r.target) for r in rows)
    lines = [f"{k}: {v}" for k, v in info.items()]
    lines.append("")
    lines.append(f"{'what':<{w1}}  {'target':<{w3}}  {'':4}  value")
    lines.append("-" * (w1 + w3 + 40))
    for r in rows:
        lines.append(f"{r.what:<{w1}}  {r.target:<{w3}}  {r.verdict:4}  {r.value}")
    return "\n".join(lines)


def table_markdown(info: dict[str, str], rows: list[Row]) -> str:
    lines = [f"- {k}: {v}" for k, v in info.items()]
    lines += ["", "| what | measured | target | result |", "| --- | --- | --- | --- |"]
    lines += [f"| {r.what} | {r.value} | {r.target} | {r.verdict} |" for r in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="smaller sizes: a few minutes")
    ap.add_argument("--corpus", type=Path, help="folder for the generated corpora (kept)")
    ap.add_argument("--out", type=Path, help="also write the table here (.md or .json)")
    ap.add_argument("--photos", type=int, help="camera JPEGs in the corpus (overrides the mode)")
    ap.add_argument(
        "--photo-size", default="4000x3000", help="WxH of the drawn JPEGs (tests use tiny ones)"
    )
    ap.add_argument(
        "--only",
        nargs="*",
        help="run only these sections (hashing formats scans library "
        "grouping regroup memory-gui lookup)",
    )
    a = ap.parse_args(argv)
    sizes = QUICK if a.quick else FULL
    if a.photos:
        sizes = replace(sizes, photos=a.photos)
    temp = None
    if a.corpus is None:
        temp = tempfile.mkdtemp(prefix="dupviewer-bench-")
        root = Path(temp)
    else:
        root = a.corpus.resolve()
    work = root / "work"
    work.mkdir(parents=True, exist_ok=True)
    info = machine()
    info["mode"] = "quick (smaller sizes, said per row)" if a.quick else "full"
    info["corpus"] = str(root)
    want = set(a.only) if a.only else None

    def on(name: str) -> bool:
        return want is None or name in want

    print(f"corpus in {root}; drawing {sizes.photos} camera JPEGs (reused when there)", flush=True)
    started = time.perf_counter()
    w, h = (int(x) for x in a.photo_size.lower().split("x"))
    jpeg_dir = root / ("jpeg" if (w, h) == (4000, 3000) else f"jpeg-{w}x{h}")
    jpegs = corpus.make_corpus(jpeg_dir, sizes.photos, size=(w, h), workers=_cores())
    print(f"    ({time.perf_counter() - started:.0f} s)", flush=True)
    extra = sorted(set(jpeg_dir.glob("*.jpg")) - set(jpegs))
    if extra:  # a reused folder with more photos than asked: scan only what is timed
        jpeg_dir = work / f"jpeg-{sizes.photos}"
        if not jpeg_dir.exists():
            jpeg_dir.mkdir()
            for p in jpegs:
                if _same_fs(p, work):
                    os.link(p, jpeg_dir / p.name)
                else:
                    shutil.copy(p, jpeg_dir)
        jpegs = sorted(jpeg_dir.glob("*.jpg"))

    rows: list[Row] = []
    state: dict = {}
    if on("hashing") or on("scans") or on("library"):
        section(rows, "hashing", lambda: hashing_rows(jpegs, sizes.reps, state))
        if "costs" in state:
            section(rows, "issue 6 cost (analysis)", lambda: features_analysis_row(state))
    if on("formats"):
        section(rows, "formats", lambda: format_rows(jpegs[: sizes.formats], root, sizes.reps))
    if on("scans") and "costs" in state:
        section(rows, "scans", lambda: scan_rows(jpeg_dir, work, state))
    if on("library"):
        section(
            rows,
            "library",
            lambda: library_rows(
                root / f"tiny16x12-{sizes.library}", sizes.library, work, state, a.quick
            ),
        )
    if on("grouping"):
        section(
            rows,
            "grouping",
            lambda: grouping_rows(a.quick),
        )
    if on("regroup"):
        section(
            # Grouping 100,000 photos with rotations and crops takes 110-150 s on this 2-core VM
            # (more when it is busy): the quick limit leaves room, so the regroup row is shown.
            rows,
            "regroup",
            lambda: regroup_rows(sizes.regroup, 300 if a.quick else 900, state),
        )
    if on("memory-gui"):
        section(rows, "memory-gui", lambda: gui_rows(sizes.gui_groups, jpeg_dir))
    if on("lookup"):
        section(rows, "lookup", lambda: lookup_rows(sizes.lookup, 30 if a.quick else 100))

    try:
        info["load average at end (1/5/15 min)"] = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        pass
    text = table_text(info, rows)
    print("\n" + text)
    failed = [r for r in rows if r.ok is False]
    print(
        f"\n{len(failed)} of {sum(r.ok is not None for r in rows)} targets missed"
        if failed
        else "\nall targets met"
    )
    if a.out:
        a.out.parent.mkdir(parents=True, exist_ok=True)
        if a.out.suffix.lower() == ".json":
            payload = {"machine": info, "rows": [asdict(r) | {"verdict": r.verdict} for r in rows]}
            a.out.write_text(json.dumps(payload, indent=2) + "\n")
        else:
            a.out.write_text(table_markdown(info, rows))
    if temp is not None:
        shutil.rmtree(temp, ignore_errors=True)
    return 1 if failed else 0


def _same_fs(a: Path, b: Path) -> bool:
    return a.stat().st_dev == b.stat().st_dev


if __name__ == "__main__":
    sys.exit(main())
