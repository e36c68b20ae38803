"""The scan end to end on a generated library: exact groups, references and errors; the cache;
cancel; a crashing decoder; regrouping."""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from images import make_photo, save, with_exif_orientation
from PIL import Image

from dupviewer.engine import discovery, pool, scanner
from dupviewer.engine.model import (
    ErrorKind,
    GroupKind,
    Progress,
    ScanOptions,
    ScanResult,
    Stage,
)
from dupviewer.engine.pool import BROKEN_ENV, CRASH_ENV, HANG_ENV
from dupviewer.engine.report import result_to_dict
from dupviewer.engine.scanner import regroup, scan

SIZE = (320, 240)
T0 = 1_600_000_000  # fixed mtimes: the keep rules fall back to the oldest file


def build_library(root: Path) -> Path:
    """The issue's fixture library. Photo A: re-encoded/resized/converted copies; photo B:
    physically rotated and mirrored copies; photo C: a byte-identical copy; D..H unrelated;
    three broken files; a hard link; and (added by tests) symlinks and a loop."""
    a, b, c = make_photo(1, SIZE), make_photo(2, SIZE), make_photo(3, SIZE)
    save(a, root / "originals" / "a.jpg", quality=95)
    save(a.resize((160, 120), Image.LANCZOS), root / "copies" / "a_half.jpg", quality=95)
    save(a, root / "copies" / "a_q60.jpg", quality=60)
    save(a, root / "copies" / "a.png")
    save(a, root / "copies" / "a.webp")
    # Stored turned a quarter, with the EXIF tag that turns it back upright (orientation 6).
    with_exif_orientation(a.transpose(Image.Transpose.ROTATE_90), root / "copies" / "a_exif.jpg", 6)

    save(b, root / "originals" / "b.jpg", quality=95)
    # The turned copies are saved at a lower quality: smaller, so the keep rules pick b.jpg.
    save(b.transpose(Image.Transpose.ROTATE_270), root / "turned" / "b_r90.jpg", quality=85)
    save(b.transpose(Image.Transpose.ROTATE_180), root / "turned" / "b_r180.jpg", quality=85)
    save(b.transpose(Image.Transpose.ROTATE_90), root / "turned" / "b_r270.jpg", quality=85)
    save(b.transpose(Image.Transpose.FLIP_LEFT_RIGHT), root / "turned" / "b_mirror.jpg", quality=85)

    save(c, root / "originals" / "c.jpg", quality=90)
    shutil.copyfile(root / "originals" / "c.jpg", root / "copies" / "c_copy.jpg")

    for seed in range(10, 15):
        save(make_photo(seed, SIZE), root / "unrelated" / f"u{seed}.jpg", quality=90)
    os.link(root / "unrelated" / "u10.jpg", root / "unrelated" / "u10_hardlink.jpg")

    data = (root / "originals" / "a.jpg").read_bytes()
    (root / "broken").mkdir()
    (root / "broken" / "truncated.jpg").write_bytes(data[: len(data) // 2])
    (root / "broken" / "empty.jpg").write_bytes(b"")
    (root / "broken" / "text.jpg").write_text("this is a text file, not a photo\n")
    (root / ".thumbnails").mkdir()
    save(a, root / ".thumbnails" / "a_thumb.jpg")  # excluded by default
    # Originals are the oldest files (the last keep rule to decide between equal copies).
    files = sorted(root.rglob("*"), key=lambda p: (p.parent.name != "originals", str(p)))
    for k, path in enumerate(p for p in files if p.is_file()):
        os.utime(path, ns=(0, (T0 + k) * 10**9))
    return root


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    return build_library(tmp_path_factory.mktemp("scan") / "lib")


@pytest.fixture
def lib(library: Path, tmp_path: Path) -> Path:
    """A private copy (hard link kept) for tests that change files or add links."""
    dst = tmp_path / "lib"
    shutil.copytree(library, dst, symlinks=True)
    os.unlink(dst / "unrelated" / "u10_hardlink.jpg")
    os.link(dst / "unrelated" / "u10.jpg", dst / "unrelated" / "u10_hardlink.jpg")
    return dst


def _options(root: Path, tmp_path: Path, **kw) -> ScanOptions:
    kw.setdefault("cache_path", tmp_path / "cache.sqlite")
    return ScanOptions(roots=(root,), **kw)


def _groups(result: ScanResult, root: Path) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """(kind, [(relative path, match, keep), ...]) with the reference first."""
    return [
        (
            g.kind.value,
            [(os.path.relpath(m.path, root), m.match, m.keep) for m in g.members],
        )
        for g in result.groups
    ]


def _members(result: ScanResult, root: Path) -> list[set[str]]:
    return [{os.path.relpath(m.path, root) for m in g.members} for g in result.groups]


def _errors(result: ScanResult, root: Path) -> set[tuple[str, ErrorKind]]:
    return {(os.path.relpath(e.path, root), e.kind) for e in result.errors}


A_GROUP = {
    "originals/a.jpg",
    "copies/a_half.jpg",
    "copies/a_q60.jpg",
    "copies/a.png",
    "copies/a.webp",
    "copies/a_exif.jpg",
}
B_GROUP = {
    "originals/b.jpg",
    "turned/b_r90.jpg",
    "turned/b_r180.jpg",
    "turned/b_r270.jpg",
    "turned/b_mirror.jpg",
}
C_GROUP = {"originals/c.jpg", "copies/c_copy.jpg"}
BROKEN = {
    ("broken/truncated.jpg", ErrorKind.CORRUPT),
    ("broken/empty.jpg", ErrorKind.EMPTY),
    ("broken/text.jpg", ErrorKind.NOT_AN_IMAGE),
}


def test_fixture_library_groups_references_and_errors(library: Path, tmp_path: Path) -> None:
    progress: list[Progress] = []
    result = scan(_options(library, tmp_path), progress=progress.append)

    assert result.complete and result.warnings == ()
    assert sorted(map(sorted, _members(result, library))) == sorted(
        map(sorted, [A_GROUP, B_GROUP, C_GROUP])
    )
    groups = {
        frozenset(members): g
        for members, g in zip(_members(result, library), result.groups, strict=True)
    }
    a, b, c = groups[frozenset(A_GROUP)], groups[frozenset(B_GROUP)], groups[frozenset(C_GROUP)]

    # A: the largest full-size file (the PNG) is kept; each member is within t of it.
    assert a.kind == GroupKind.SIMILAR
    assert os.path.relpath(a.reference.path, library) == "copies/a.png"
    assert all(m.distance <= 10 for m in a.members)
    assert [m.keep for m in a.members] == [True] + [False] * 5
    exif = next(m for m in a.members if m.path.name == "a_exif.jpg")
    assert (exif.photo.width, exif.photo.height) == SIZE  # EXIF orientation applied

    # B: the upright original is kept (same size: the oldest mtime decides); the turned
    # copies are matched through their rotation/mirror variants.
    assert os.path.relpath(b.reference.path, library) == "originals/b.jpg"
    matches = {m.path.name: m.match for m in b.members}
    assert matches["b_mirror.jpg"] == "mirrored"
    assert {matches[n] for n in ("b_r90.jpg", "b_r180.jpg", "b_r270.jpg")} == {
        "rotated 90",
        "rotated 180",
        "rotated 270",
    }

    # C: byte-identical, the older file is kept.
    assert c.kind == GroupKind.EXACT
    assert [(m.path.name, m.distance, m.match) for m in c.members] == [
        ("c.jpg", 0, "reference"),
        ("c_copy.jpg", 0, "identical bytes"),
    ]

    # The hard link is one file with an alias, never a copy; the thumbnail cache is skipped.
    u10 = [p for p in result.photos if p.path.name in ("u10.jpg", "u10_hardlink.jpg")]
    assert len(u10) == 1 and u10[0].aliases[0].name == "u10_hardlink.jpg"
    assert not any(".thumbnails" in str(p.path) for p in result.photos)

    assert _errors(result, library) == BROKEN
    assert result.stats.files_seen == 21  # 6 + 5 + 2 + 5 unrelated (hard link once) + 3 broken
    assert (result.stats.hashed, result.stats.from_cache, result.stats.failed) == (21, 0, 3)
    assert len(result.photos) == 18

    stages = [p.stage for p in progress]
    assert stages[0] == Stage.DISCOVER and stages[-1] == Stage.DONE
    assert Stage.HASH in stages and Stage.GROUP in stages
    hashing = [p for p in progress if p.stage == Stage.HASH]
    assert hashing[-1].total == 21 and all(p.done <= p.total for p in hashing)


def test_rotated_copies_need_rotation_matching(library: Path, tmp_path: Path) -> None:
    result = scan(_options(library, tmp_path, rotations=False))
    members = _members(result, library)
    assert A_GROUP in members and C_GROUP in members
    assert not any(m & (B_GROUP - {"originals/b.jpg"}) for m in members)
    assert len(result.groups) == 2


def test_reference_root_keeps_its_copies(library: Path, tmp_path: Path) -> None:
    result = scan(_options(library, tmp_path, reference_roots=(library / "originals",)))
    a = next(g for g in result.groups if "a.png" in {m.path.name for m in g.members})
    assert a.reference.path == library / "originals" / "a.jpg"
    assert a.reference.photo.in_reference_root
    assert [m.keep for m in a.members] == [True] + [False] * 5


def test_a_reference_root_spelled_through_a_symlink_protects_the_same_folder(
    library: Path, tmp_path: Path
) -> None:
    """What the removal pipeline refuses (it resolves links) the scan must not propose: a
    protected root given as a link to the folder is that folder."""
    link = tmp_path / "originals link"
    link.symlink_to(library / "originals", target_is_directory=True)
    by_link = scan(_options(library, tmp_path, reference_roots=(link,)))
    plain = scan(_options(library, tmp_path, reference_roots=(library / "originals",)))

    def keeps(result):
        return sorted(
            (str(m.path), m.keep, m.photo.in_reference_root)
            for g in result.groups
            for m in g.members
        )

    assert keeps(by_link) == keeps(plain)
    assert any(protected for _, _, protected in keeps(by_link))


def test_reference_root_outside_the_roots_is_scanned(library: Path, tmp_path: Path) -> None:
    result = scan(
        ScanOptions(
            roots=(library / "copies",),
            reference_roots=(library / "originals",),
            cache_path=tmp_path / "c.sqlite",
        )
    )
    a = next(g for g in result.groups if "a.png" in {m.path.name for m in g.members})
    assert a.reference.path == library / "originals" / "a.jpg"
    assert {m.path.name for m in a.members} == {Path(p).name for p in A_GROUP}


def test_links_loops_and_overlapping_roots_list_each_file_once(lib: Path, tmp_path: Path) -> None:
    (lib / "links").mkdir()
    (lib / "links" / "u11_link.jpg").symlink_to(lib / "unrelated" / "u11.jpg")
    (lib / "links" / "loop").symlink_to(lib, target_is_directory=True)
    plain = scan(ScanOptions(roots=(lib, lib / "copies", lib), cache_path=tmp_path / "c.sqlite"))
    assert plain.stats.files_seen == 21
    assert sorted(map(sorted, _members(plain, lib))) == sorted(
        map(sorted, [A_GROUP, B_GROUP, C_GROUP])
    )
    assert _errors(plain, lib) == BROKEN

    followed = scan(_options(lib, tmp_path, follow_symlinks=True))
    assert followed.stats.files_seen == 21
    assert _errors(followed, lib) == BROKEN | {("links/loop", ErrorKind.SYMLINK_LOOP)}
    u11 = next(p for p in followed.photos if p.path.name == "u11.jpg")
    assert u11.aliases == (lib / "links" / "u11_link.jpg",)
    assert sorted(map(sorted, _members(followed, lib))) == sorted(
        map(sorted, [A_GROUP, B_GROUP, C_GROUP])
    )


def test_unreadable_folder_is_reported(library: Path, tmp_path: Path, monkeypatch) -> None:
    # Tests run as root, where chmod 000 does not block reading: simulate the refusal.
    real = os.scandir

    def scandir(path):
        if os.fspath(path) == os.fspath(library / "turned"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(discovery.os, "scandir", scandir)
    result = scan(_options(library, tmp_path))
    assert result.complete
    assert _errors(result, library) == BROKEN | {("turned", ErrorKind.UNREADABLE_FOLDER)}
    assert sorted(map(sorted, _members(result, library))) == sorted(map(sorted, [A_GROUP, C_GROUP]))


def test_rescan_answers_from_the_cache(library: Path, tmp_path: Path) -> None:
    first = scan(_options(library, tmp_path))
    second = scan(_options(library, tmp_path))
    assert (second.stats.hashed, second.stats.from_cache) == (0, 21)  # broken files too
    assert second.stats.failed == 3
    strip = lambda r: {k: v for k, v in result_to_dict(r).items() if k != "stats"}  # noqa: E731
    assert strip(second) == strip(first)

    uncached = scan(_options(library, tmp_path, use_cache=False))
    assert (uncached.stats.hashed, uncached.stats.from_cache) == (21, 0)


def test_changed_file_is_analysed_again(lib: Path, tmp_path: Path) -> None:
    scan(_options(lib, tmp_path))
    save(make_photo(99, SIZE), lib / "unrelated" / "u12.jpg")  # new content, new mtime
    result = scan(_options(lib, tmp_path))
    assert (result.stats.hashed, result.stats.from_cache) == (1, 20)


def test_corrupt_cache_is_set_aside_with_a_warning(
    library: Path, tmp_path: Path, monkeypatch
) -> None:
    cache = tmp_path / "cache.sqlite"
    monkeypatch.setattr("dupviewer.engine.cache.default_cache_path", lambda: cache)  # its own
    cache.write_bytes(b"SQLite format 3\x00" + b"\x00garbage" * 1000)  # damaged
    result = scan(_options(library, tmp_path))
    assert result.complete and len(result.warnings) == 1
    assert "rebuilt" in result.warnings[0]
    assert len(result.groups) == 3
    assert any(".corrupt-" in p.name for p in tmp_path.iterdir())
    assert scan(_options(library, tmp_path)).stats.from_cache == 21


def test_a_damaged_cache_row_costs_one_photo_a_new_analysis(library: Path, tmp_path: Path) -> None:
    """A row SQLite's checks cannot see as damaged (a blob of the wrong length) used to stop
    every later scan with a traceback; now that photo is analysed again and the row rewritten."""
    first = scan(_options(library, tmp_path))
    conn = sqlite3.connect(tmp_path / "cache.sqlite")
    with conn:
        row = conn.execute("SELECT min(rowid) FROM entries WHERE error_kind IS NULL").fetchone()
        conn.execute("UPDATE entries SET variants = x'00' WHERE rowid = ?", row)
    conn.close()
    again = scan(_options(library, tmp_path))
    assert again.complete and again.stats.hashed == 1 and again.stats.from_cache == 20
    assert len(again.warnings) == 1 and "1 damaged entry" in again.warnings[0]
    assert _members(again, library) == _members(first, library)
    assert scan(_options(library, tmp_path)).stats.from_cache == 21


def test_crashing_decoder_costs_one_file(library: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(CRASH_ENV, "a_q60.jpg")
    result = scan(_options(library, tmp_path))
    assert result.complete
    assert _errors(result, library) == BROKEN | {("copies/a_q60.jpg", ErrorKind.DECODER_CRASH)}
    assert A_GROUP - {"copies/a_q60.jpg"} in _members(result, library)


def test_broken_workers_are_reported_not_cached_as_broken_photos(
    library: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv(BROKEN_ENV, "1")
    monkeypatch.setattr(pool, "_CANARY_SECONDS", 10.0)
    result = scan(_options(library, tmp_path))
    assert not result.complete and not result.photos and result.stats.hashed == 0
    assert not [e for e in result.errors if e.kind == ErrorKind.DECODER_CRASH]
    assert any("could not be read" in w and "stop before reading any" in w for w in result.warnings)
    monkeypatch.delenv(BROKEN_ENV)
    again = scan(_options(library, tmp_path))  # nothing bad was remembered about the photos
    assert again.complete and again.stats.hashed == len(again.photos) + len(BROKEN)
    assert A_GROUP in _members(again, library)


def test_cancel_keeps_partial_results(library: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(HANG_ENV, "b_r90.jpg")  # this file would take a minute
    cancel = threading.Event()
    cancelled_at: list[float] = []
    cache = tmp_path / "cache.sqlite"

    def cancel_once_stuck() -> None:
        # The cache is committed whenever the pool idles: wait until the row count holds still
        # (only the stuck file's batch is left), then cancel.
        deadline = time.monotonic() + 60
        rows, since = -1, time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.1)
            now_rows = _cache_rows(cache)
            if now_rows != rows:
                rows, since = now_rows, time.monotonic()
            elif rows > 0 and time.monotonic() - since > 1.5:
                break
        cancelled_at.append(time.monotonic())
        cancel.set()

    watcher = threading.Thread(target=cancel_once_stuck)
    watcher.start()
    result = scan(_options(library, tmp_path), cancel=cancel)
    watcher.join()
    assert time.monotonic() - cancelled_at[0] < 3  # stopped within about a second
    assert not result.complete
    assert "b_r90.jpg" not in {p.path.name for p in result.photos}
    # Everything analysed was kept: in the result and in the cache.
    kept = len(result.photos) + result.stats.failed
    assert 0 < kept < 21 and kept == _cache_rows(cache)
    assert result.stats.hashed == kept
    assert A_GROUP in _members(result, library) or len(result.photos) < 15
    monkeypatch.delenv(HANG_ENV)
    resumed = scan(_options(library, tmp_path))
    assert (resumed.stats.hashed, resumed.stats.from_cache) == (21 - kept, kept)
    assert resumed.complete and len(resumed.groups) == 3


def _cache_rows(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


def test_cancel_before_start_returns_empty_incomplete(library: Path, tmp_path: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    result = scan(_options(library, tmp_path), cancel=cancel)
    assert not result.complete and result.groups == () and result.stats.hashed == 0


def test_cancel_while_grouping_stops_the_search_and_keeps_exact_copies(
    library: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(scanner, "_PROGRESS_INTERVAL", 0.0)  # every report goes out
    cancel = threading.Event()
    group_reports: list[Progress] = []

    def progress(p: Progress) -> None:
        if p.stage == Stage.GROUP:
            group_reports.append(p)
            if p.done > 0:  # the search has begun: stop it
                cancel.set()

    result = scan(_options(library, tmp_path), progress=progress, cancel=cancel)
    assert cancel.is_set() and not result.complete
    assert len(result.photos) == 18 and result.stats.failed == 3  # hashing had finished
    # byte-identical copies need no search: they are still grouped; look-alikes are not
    assert _members(result, library) == [C_GROUP]
    assert result.pairs is None
    assert any("Grouping was cancelled" in w for w in result.warnings)
    assert max(p.done for p in group_reports) < group_reports[0].total
    # nothing half-searched was stored: the next scan searches and finds every group
    again = scan(_options(library, tmp_path))
    assert again.complete and again.stats.from_cache == 21
    assert sorted(map(sorted, _members(again, library))) == sorted(
        map(sorted, [A_GROUP, B_GROUP, C_GROUP])
    )


@pytest.mark.parametrize("budget", [-1.0, 60.0])
def test_cancelled_before_grouping_groups_only_within_its_time_budget(
    library: Path, tmp_path: Path, monkeypatch, budget: float
) -> None:
    monkeypatch.setattr(scanner, "_PARTIAL_GROUPING_SECONDS", budget)
    cancel = threading.Event()

    def progress(p: Progress) -> None:
        if p.stage == Stage.GROUP:
            cancel.set()  # at the first GROUP report: before the search starts

    result = scan(_options(library, tmp_path), progress=progress, cancel=cancel)
    if budget < 0:  # no time for the search: byte-identical copies only
        assert not result.complete and _members(result, library) == [C_GROUP]
    else:  # quick enough: every group, and nothing was cut short
        assert result.complete and len(result.groups) == 3


def test_group_stage_reports_its_progress(library: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(scanner, "_PROGRESS_INTERVAL", 0.0)  # every report goes out
    reports: list[Progress] = []
    scan(_options(library, tmp_path), progress=reports.append)
    grouping = [p for p in reports if p.stage == Stage.GROUP]
    assert grouping[0].done == 0 and len(grouping) >= 2
    assert [p.done for p in grouping] == sorted(p.done for p in grouping)
    assert all(p.total == grouping[0].total > 0 for p in grouping)


def test_killed_scan_resumes(library: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    script = (
        "import sys; from pathlib import Path\n"
        "from dupviewer.engine.model import ScanOptions\n"
        "from dupviewer.engine.scanner import scan\n"
        "scan(ScanOptions(roots=(Path(sys.argv[1]),), cache_path=Path(sys.argv[2])))\n"
    )
    env = {**os.environ, HANG_ENV: "u14.jpg"}
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(library), str(cache)], cwd=root, env=env
    )
    try:
        deadline = time.monotonic() + 60
        rows, since = -1, time.monotonic()
        while time.monotonic() < deadline:  # until only the stuck file's batch is left
            time.sleep(0.2)
            now_rows = _cache_rows(cache)
            if now_rows != rows:
                rows, since = now_rows, time.monotonic()
            elif rows > 0 and time.monotonic() - since > 1.5:
                break
        assert 0 < rows < 21
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    result = scan(_options(library, tmp_path))
    assert (result.stats.hashed, result.stats.from_cache) == (21 - rows, rows)
    assert result.complete and len(result.groups) == 3


def test_regroup_reuses_fingerprints(library: Path, tmp_path: Path, monkeypatch) -> None:
    result = scan(_options(library, tmp_path))
    monkeypatch.setattr("dupviewer.engine.pool.analyse_all", None)  # no image may be read
    strict = regroup(result, threshold=0)
    assert C_GROUP in _members(strict, library)
    assert strict.options.threshold == 0 and all(
        m.distance == 0 for g in strict.groups for m in g.members
    )
    upright = regroup(result, rotations=False)
    assert len(upright.groups) == 2
    back = regroup(strict, threshold=10)
    assert _groups(back, library) == _groups(result, library)
    assert back.photos == result.photos and back.errors == result.errors


def test_not_duplicate_decisions_split_groups(library: Path, tmp_path: Path) -> None:
    decisions = pytest.importorskip("dupviewer.engine.decisions")
    store_path = tmp_path / "decisions.json"
    first = scan(_options(library, tmp_path, decisions_path=store_path))
    c = next(g for g in first.groups if g.kind == GroupKind.EXACT)
    b = next(g for g in first.groups if "b.jpg" in {m.path.name for m in g.members})
    mirror = next(m for m in b.members if m.path.name == "b_mirror.jpg")
    decisions.DecisionStore(store_path).mark_not_duplicates(
        [b.reference.photo.digest, mirror.photo.digest]
    )
    again = scan(_options(library, tmp_path, decisions_path=store_path))
    b2 = next(g for g in again.groups if "b.jpg" in {m.path.name for m in g.members})
    assert "b_mirror.jpg" not in {m.path.name for m in b2.members}
    assert C_GROUP in _members(again, library) and c.kind == GroupKind.EXACT
    assert dataclasses.replace(again, groups=first.groups).photos == first.photos


# -- stored matches: an unchanged library is neither searched nor confirmed again ---------------


def _spy_searches(monkeypatch) -> list[tuple[int, int]]:
    """Record the pair searches the scanner runs (delegating to the real one): for each, the
    photos it covered and how many of them were searched as new (all of them from scratch)."""
    from dupviewer.engine import scanner

    calls: list[tuple[int, int]] = []
    real = scanner.search

    def spy(fingerprints, *args, kept=None, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        fresh = len(fingerprints) if kept is None else int((np.asarray(kept) < 0).sum())
        calls.append((len(fingerprints), fresh))
        return real(fingerprints, *args, kept=kept, **kwargs)

    monkeypatch.setattr(scanner, "search", spy)
    return calls


def _match_rows(result: ScanResult) -> dict[str, list]:
    m = result.pairs
    return {k: getattr(m, k).tolist() for k in ("i", "j", "distance", "variant", "score")}


def test_rescan_reuses_the_stored_matches(lib: Path, tmp_path: Path, monkeypatch) -> None:
    calls = _spy_searches(monkeypatch)
    first = scan(_options(lib, tmp_path))
    second = scan(_options(lib, tmp_path))
    assert calls == [(18, 18)]  # searched once; the rescan loaded the search
    assert len(second.pairs) > 0 and _match_rows(second) == _match_rows(first)
    assert second.pairs_threshold == first.pairs_threshold
    assert (second.pairs.rotations, second.pairs.crops) == (True, True)
    strip = lambda r: {k: v for k, v in result_to_dict(r).items() if k != "stats"}  # noqa: E731
    assert strip(second) == strip(first) and not second.warnings
    # A threshold under the same search ceiling reuses it too; other variants search again.
    scan(_options(lib, tmp_path, threshold=4))
    assert calls == [(18, 18)]
    scan(_options(lib, tmp_path, rotations=False))
    assert calls == [(18, 18), (18, 18)]


def test_a_changed_library_searches_only_its_new_photos(
    lib: Path, tmp_path: Path, monkeypatch
) -> None:
    """A rescan after photos came, went or changed searches the pairs with a new photo only,
    and finds what a scan from scratch finds."""
    calls = _spy_searches(monkeypatch)
    scan(_options(lib, tmp_path))
    save(make_photo(99, SIZE), lib / "unrelated" / "u12.jpg")  # new content, new mtime
    result = scan(_options(lib, tmp_path))
    assert calls == [(18, 18), (18, 1)]
    (lib / "unrelated" / "u12.jpg").unlink()  # one photo fewer: nothing new to search
    fewer = scan(_options(lib, tmp_path))
    assert calls == [(18, 18), (18, 1), (17, 0)]
    assert fewer.pairs.n == 17 and result.pairs.n == 18
    monkeypatch.undo()
    scratch = scan(_options(lib, tmp_path / "other", use_cache=False))
    assert _match_rows(fewer) == _match_rows(scratch)
    assert [g.members for g in fewer.groups] == [g.members for g in scratch.groups]


def test_other_folders_search_only_what_the_last_scan_did_not_cover(
    lib: Path, tmp_path: Path, monkeypatch
) -> None:
    """Scanning a folder, then it and another one: the second scan updates the first's search."""
    calls = _spy_searches(monkeypatch)
    part = scan(_options(lib / "unrelated", tmp_path))
    both = scan(_options(lib, tmp_path))
    assert calls[0][0] == calls[0][1] == len(part.photos)
    assert calls[1] == (18, 18 - len(part.photos))
    monkeypatch.undo()
    scratch = scan(_options(lib, tmp_path / "other", use_cache=False))
    assert _match_rows(both) == _match_rows(scratch)


def test_corrupt_stored_matches_search_again_with_a_warning(
    lib: Path, tmp_path: Path, monkeypatch
) -> None:
    calls = _spy_searches(monkeypatch)
    first = scan(_options(lib, tmp_path))
    with sqlite3.connect(tmp_path / "cache.sqlite") as db:
        (n,) = db.execute("SELECT COUNT(*) FROM matches").fetchone()
        db.execute("UPDATE matches SET blob = substr(blob, 1, length(blob) / 2)")
    assert n == 1
    second = scan(_options(lib, tmp_path))
    assert calls == [(18, 18), (18, 18)]
    assert len(second.warnings) == 1 and "stored matches were unusable" in second.warnings[0]
    assert _match_rows(second) == _match_rows(first)
    third = scan(_options(lib, tmp_path))  # the search stored good matches again
    assert calls == [(18, 18), (18, 18)] and not third.warnings


def test_photos_are_matched_to_a_stored_search_by_content_copies_in_order() -> None:
    from types import SimpleNamespace

    def photo(digest: str, h: int) -> SimpleNamespace:
        return SimpleNamespace(digest=digest, fingerprint=SimpleNamespace(hash=h))

    digests = np.array([b"aa", b"bb", b"aa", b"cc"], dtype=bytes)
    hashes = np.array([1, 2, 1, 2**63 + 5], np.uint64)
    now = [photo("aa", 1), photo("cc", 2**63 + 5), photo("aa", 1), photo("aa", 1)]
    now += [photo("bb", 3), photo("bb", 2), photo("aaa", 1)]
    # two of the three copies of "aa" were there (the first two, in order); "bb" with another
    # hash is other content; a longer digest is not cut to match a shorter one
    assert scanner._kept(digests, hashes, now).tolist() == [0, 3, 2, -1, -1, 1, -1]
    assert scanner._kept(digests, hashes, []).tolist() == []
