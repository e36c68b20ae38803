"""Peak memory of the GUI (offscreen) holding a scan result of many groups.

    python benchmarks/gui_memory.py [--groups 10000] [--images DIR]

Builds a `ScanResult` of `--groups` groups (2 to 4 photos each, engine-shaped fingerprints kept in
`result.photos` as a real scan keeps them), shows it in a `ReviewWidget`, lets thumbnails load
(paths cycle through the JPEGs in `--images`, so visible cards decode real camera photos), pages
through the first groups, and prints one JSON line with the process's peak RSS (VmHWM).
`benchmarks/run.py` runs it in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import synthetic_photos  # noqa: E402
from memory import status_kb  # noqa: E402

from dupviewer.engine.model import (  # noqa: E402
    Group,
    GroupKind,
    Member,
    ScanOptions,
    ScanResult,
    ScanStats,
)


def build_result(n_groups: int, images: list[Path] | None) -> ScanResult:
    """`n_groups` groups of 2-4 photos, sorted by reclaimable bytes as the engine sorts them."""
    sizes = [2 + (g % 3) for g in range(n_groups)]
    photos = synthetic_photos(sum(sizes), seed=11, paths=images)
    groups, k = [], 0
    for size in sizes:
        chunk = photos[k : k + size]
        k += size
        members = [Member(chunk[0], 0, "reference", True)]
        members += [Member(p, 1 + (i % 6), "similar", False) for i, p in enumerate(chunk[1:])]
        groups.append(Group(GroupKind.SIMILAR, tuple(members)))
    groups.sort(key=lambda g: -g.reclaimable)
    options = ScanOptions(roots=(Path("/synthetic"),))
    stats = ScanStats(files_seen=len(photos), hashed=len(photos))
    return ScanResult(options, tuple(groups), (), stats, tuple(photos))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--groups", type=int, default=10_000)
    ap.add_argument("--images", type=Path, help="folder of JPEGs to use as the photos' files")
    ap.add_argument("--settle", type=float, default=3.0, help="seconds to let thumbnails load")
    a = ap.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from dupviewer.ui.review.widget import ReviewWidget

    images = sorted(a.images.glob("*.jpg")) if a.images else None
    app = QApplication.instance() or QApplication([])
    started = time.perf_counter()
    result = build_result(a.groups, images or None)
    built = time.perf_counter()
    widget = ReviewWidget()
    widget.resize(1400, 900)
    widget.show()
    widget.set_result(result)
    shown = time.perf_counter()

    def settle(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.01)

    settle(a.settle)
    for _ in range(30):  # page through groups: each shows its cards and loads their thumbnails
        widget.next_group()
        settle(a.settle / 60)
    settle(a.settle / 3)
    print(
        json.dumps(
            {
                "groups": len(result.groups),
                "photos": len(result.photos),
                "build_seconds": built - started,
                "set_result_seconds": shown - built,
                "peak_kb": status_kb("self", "VmHWM"),
            }
        )
    )
    widget.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
