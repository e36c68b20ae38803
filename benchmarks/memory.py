"""Peak memory of a process tree, and the engine-scan child the benchmark measures.

A scan's memory lives in two places: the scanning process (fingerprints of every photo, the
cache look-up, pairing and grouping) and its worker processes (one decode at a time each). The
workers are children of multiprocessing's fork server, not of the scanning process, so
`RUSAGE_CHILDREN` would miss them; instead `TreeMonitor` polls `/proc` for every descendant and
keeps each one's high-water mark (VmHWM) and the largest sum of resident sizes seen at once.

Child mode, run by `benchmarks/run.py` in a fresh interpreter (so nothing else inflates it):

    python benchmarks/memory.py scan ROOT --cache FILE [--workers N] [--no-variants]

prints one JSON line: seconds, photos, groups, hashed, from_cache, errors, peak_kb (VmHWM).

    python benchmarks/memory.py regroup N [--no-variants]

groups N synthetic photos (search + confirm + group, as a scan ends) and then regroups them at a
new threshold; prints first_seconds, regroup_seconds, groups, members, before_kb (resident size
holding the photos, before the search) and peak_kb: peak_kb - before_kb is what the pair search,
confirmation and grouping add at their peak.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled


def status_kb(pid: int | str, field: str) -> int:
    """A `kB` field of /proc/PID/status (VmHWM, VmRSS); 0 when the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _parents() -> dict[int, int]:
    """pid -> parent pid for every live process."""
    out: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                text = fh.read()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces; the parent pid follows it.
        out[int(entry)] = int(text[text.rindex(")") + 2 :].split()[1])
    return out


class TreeMonitor:
    """Polls the descendants of `root_pid` until stopped; see the module docstring."""

    def __init__(self, root_pid: int, interval: float = 0.2) -> None:
        self.root_pid = root_pid
        self.interval = interval
        self.hwm_kb: dict[int, int] = {}  # descendant pid -> its VmHWM (root excluded)
        self.peak_total_kb = 0  # largest sum of VmRSS over root + descendants at one moment
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMonitor:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    def _descendants(self) -> list[int]:
        parents = _parents()
        tree, grew = {self.root_pid}, True
        while grew:
            more = {pid for pid, ppid in parents.items() if ppid in tree and pid not in tree}
            tree |= more
            grew = bool(more)
        tree.discard(self.root_pid)
        return sorted(tree)

    def _run(self) -> None:
        while not self._stop.is_set():
            total = status_kb(self.root_pid, "VmRSS")
            for pid in self._descendants():
                hwm = status_kb(pid, "VmHWM")
                if hwm:
                    self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0), hwm)
                total += status_kb(pid, "VmRSS")
            self.peak_total_kb = max(self.peak_total_kb, total)
            self._stop.wait(self.interval)

    @property
    def worker_peak_kb(self) -> int:
        """The largest high-water mark of any one descendant (a worker, the fork server)."""
        return max(self.hwm_kb.values(), default=0)


@dataclass(frozen=True, slots=True)
class Measured:
    """A child process's JSON answer plus the memory of its whole tree."""

    report: dict
    main_peak_mb: float  # the child's own VmHWM
    worker_peak_mb: float  # the largest VmHWM among its descendants
    total_peak_mb: float  # the largest sum of resident sizes of the tree at one moment
    wall: float


def run_measured(args: list[str], timeout: float = 3600, env: dict | None = None) -> Measured:
    """Run `python ARGS...`, watch its process tree, return its last stdout line as JSON."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    with TreeMonitor(proc.pid) as monitor:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise TimeoutError(
                f"{Path(args[0]).name} {args[1]} did not finish in {timeout:.0f} s "
                f"(peak {monitor.peak_total_kb / 1024:.0f} MB when stopped)"
            ) from None
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        last = next((ln for ln in reversed(err.splitlines()) if ln.strip()), "no output")
        raise RuntimeError(f"{Path(args[0]).name} {args[1]} failed ({proc.returncode}): {last}")
    report = json.loads(out.strip().splitlines()[-1])
    main_kb = max(report.get("peak_kb", 0), 0)
    return Measured(
        report=report,
        main_peak_mb=main_kb / 1024,
        worker_peak_mb=monitor.worker_peak_kb / 1024,
        total_peak_mb=max(monitor.peak_total_kb, main_kb) / 1024,
        wall=wall,
    )


def measure_scan(
    root: Path,
    cache: Path | None,
    workers: int | None = None,
    variants: bool = True,
    timeout: float = 3600,
) -> Measured:
    """One engine scan of `root` in a fresh process (cache at `cache`, or none)."""
    args = [str(Path(__file__).resolve()), "scan", str(root)]
    args += ["--cache", str(cache)] if cache is not None else ["--no-cache"]
    if workers:
        args += ["--workers", str(workers)]
    if not variants:
        args.append("--no-variants")
    return run_measured(args, timeout=timeout)


def measure_regroup(n: int, variants: bool, timeout: float) -> Measured:
    """Group `n` synthetic photos once, then regroup them at a new threshold, in a fresh process."""
    args = [str(Path(__file__).resolve()), "regroup", str(n)]
    return run_measured(args + ([] if variants else ["--no-variants"]), timeout=timeout)


def _regroup_child(argv: list[str]) -> int:
    import dataclasses
    import tempfile

    import numpy as np
    from corpus import synthetic_photos

    from dupviewer.engine.matching import search
    from dupviewer.engine.model import ScanOptions, ScanResult, ScanStats
    from dupviewer.engine.scanner import regroup, search_ceiling

    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--no-variants", action="store_true")
    a = ap.parse_args(argv)
    changed = 100  # a rescan after this many photos were removed and as many added
    everyone = synthetic_photos(a.n + changed, seed=5)
    photos = everyone[: a.n]
    options = ScanOptions(
        roots=(Path("/synthetic"),),
        rotations=not a.no_variants,
        crops=not a.no_variants,
        decisions_path=Path(tempfile.gettempdir()) / "dupviewer-bench-no-decisions.json",
    )
    variants = {"rotations": options.rotations, "crops": options.crops}
    result = ScanResult(options, (), (), ScanStats(files_seen=a.n, hashed=a.n), tuple(photos))
    del photos
    before_kb = status_kb("self", "VmRSS")  # the photos alone: what a scan holds before pairing
    t0 = time.perf_counter()
    # what the end of a scan does: search and confirm (kept for the next scan), then group
    found = search([p.fingerprint for p in result.photos], search_ceiling(10), **variants)
    known = dataclasses.replace(result, pairs=found.matches(), pairs_threshold=found.ceiling)
    first = regroup(known, threshold=10)
    t1 = time.perf_counter()
    again = regroup(first, threshold=6)  # the slider moved
    t2 = time.perf_counter()
    # the next scan, after `changed` photos went and as many came: an update of that search
    now = everyone[changed:]
    kept = np.array([k + changed if k + changed < a.n else -1 for k in range(a.n)])
    t3 = time.perf_counter()
    search([p.fingerprint for p in now], search_ceiling(10), previous=found, kept=kept, **variants)
    t4 = time.perf_counter()
    print(
        json.dumps(
            {
                "first_seconds": t1 - t0,
                "regroup_seconds": t2 - t1,
                "changed": changed,
                "update_seconds": t4 - t3,
                "groups": len(again.groups),
                "members": sum(len(g.members) for g in again.groups),
                "before_kb": before_kb,
                "peak_kb": status_kb("self", "VmHWM"),
            }
        )
    )
    return 0


def _scan_child(argv: list[str]) -> int:
    from dupviewer.engine.model import Progress, ScanOptions, Stage
    from dupviewer.engine.scanner import scan

    ap = argparse.ArgumentParser()
    ap.add_argument("root", type=Path)
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--workers", type=int)
    ap.add_argument("--no-variants", action="store_true")
    a = ap.parse_args(argv)
    options = ScanOptions(
        roots=(a.root.resolve(),),
        use_cache=not a.no_cache,
        cache_path=a.cache,
        workers=a.workers,
        rotations=not a.no_variants,
        crops=not a.no_variants,
        decisions_path=a.root.parent / "no-decisions.json",  # never the user's store
    )
    hashing: list[tuple[float, int]] = []  # (time, photos done) while workers hash

    def on_progress(p: Progress) -> None:
        if p.stage == Stage.HASH and p.done:
            hashing.append((time.perf_counter(), p.done))

    started = time.perf_counter()
    result = scan(options, on_progress)
    seconds = time.perf_counter() - started
    # Steady throughput: from the first photo done to the last, so pool start-up is left out.
    steady = 0.0
    if len(hashing) >= 2 and hashing[-1][0] > hashing[0][0]:
        steady = (hashing[-1][1] - hashing[0][1]) / (hashing[-1][0] - hashing[0][0])
    print(
        json.dumps(
            {
                "seconds": seconds,
                "photos": len(result.photos),
                "groups": len(result.groups),
                "hashed": result.stats.hashed,
                "from_cache": result.stats.from_cache,
                "errors": len(result.errors),
                "steady_rate": steady,
                "peak_kb": status_kb("self", "VmHWM"),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if len(sys.argv) > 1 and sys.argv[1] == "scan":
        sys.exit(_scan_child(sys.argv[2:]))
    if len(sys.argv) > 1 and sys.argv[1] == "regroup":
        sys.exit(_regroup_child(sys.argv[2:]))
    sys.exit("usage: memory.py scan ROOT [--cache FILE | --no-cache] [--workers N]")
