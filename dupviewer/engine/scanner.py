"""The scan, end to end: discover, answer from the cache, analyse the rest, pair, group.

`scan` is the one entry point the GUI, the CLI and the tests drive. It never raises for a
problem with one file or folder (those are `ScanResult.errors`), reports progress as data
throttled to ~10 a second, and when cancelled returns what it had (`complete=False`): the
groups then cover only the photos already analysed, and everything analysed is in the cache.

A rescan of an unchanged library is answered from the cache twice over: every file's analysis
(`HashCache.lookup_in_order`, one bulk query) and the pair search's outcome (`Matches`, stored
under a digest of the ordered photos' contents and the search settings), so it neither decodes,
searches nor confirms; any changed, added or removed photo, or other settings, search again.

`index_library` is the first half alone (discover, cache, analyse: the photos without groups),
shared with the reverse look-up. `regroup` reruns only pairing and grouping on the fingerprints
kept in `ScanResult.photos` (no disk), which is what the threshold slider and the keep-rule
editor need.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dupviewer.engine.cache import (
    HashCache,
    library_digest,
    matches_key,
    pack_arrays,
    unpack_arrays,
)
from dupviewer.engine.decisions import DecisionStore
from dupviewer.engine.discovery import FoundFile, discover
from dupviewer.engine.grouping import build_groups
from dupviewer.engine.matching import PROGRESS_TOTAL, Cancelled, Matches, Pairs, find_matches
from dupviewer.engine.model import (
    MAX_THRESHOLD,
    FileError,
    Group,
    KeepRule,
    Photo,
    Progress,
    ScanOptions,
    ScanResult,
    ScanStats,
    Stage,
)
from dupviewer.engine.pool import WorkersFailed, analyse_all

ProgressCallback = Callable[[Progress], None]

_PROGRESS_INTERVAL = 0.1  # seconds between progress reports (stage changes always go out)
# A scan cancelled while hashing still groups what it hashed, if that takes at most this long
# (a few hundred photos do; a big library's crop search would not, and the user asked to stop).
_PARTIAL_GROUPING_SECONDS = 2.0


class _Throttle:
    """Forwards at most one progress report per interval, plus every stage change."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.last = 0.0
        self.stage: Stage | None = None

    def due(self) -> bool:
        """Whether a report now would go out: lets a hot loop skip building it."""
        return self.callback is not None and time.monotonic() - self.last >= _PROGRESS_INTERVAL

    def __call__(self, progress: Progress, force: bool = False) -> None:
        if self.callback is None:
            return
        now = time.monotonic()
        if force or progress.stage != self.stage or now - self.last >= _PROGRESS_INTERVAL:
            self.last, self.stage = now, progress.stage
            self.callback(progress)


@dataclass(frozen=True, slots=True)
class Library:
    """The photos under some roots, brought up to date (discovered, from cache or analysed),
    not yet grouped: what `scan` groups and what a reverse look-up searches."""

    photos: tuple[Photo, ...]
    errors: tuple[FileError, ...]  # sorted by path
    stats: ScanStats
    complete: bool
    warnings: tuple[str, ...]


def index_library(
    options: ScanOptions,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> Library:
    """Discover the roots (and reference roots), answer unchanged files from the cache and
    analyse the others in worker processes, writing them to the cache as they come.

    Uses from `options`: roots, reference_roots, algorithm, follow_symlinks, exclude,
    default_excludes, use_cache, cache_path, workers. Progress covers the DISCOVER and HASH
    stages; cancel returns what was found so far with `complete=False`."""
    warnings: list[str] = []
    cache = _open_cache(options, warnings)
    try:
        library = _index(
            options, _Throttle(progress), cancel or threading.Event(), time.monotonic(), cache
        )
    finally:
        _close_cache(cache, warnings)
    return dataclasses.replace(library, warnings=_merged(warnings, library.warnings))


def _index(
    options: ScanOptions,
    report: _Throttle,
    cancel: threading.Event,
    started: float,
    cache: HashCache | None,
) -> Library:
    """`index_library` on an open cache (or none), which the caller closes."""
    report(Progress(Stage.DISCOVER, 0, 0))
    found = discover(
        _scan_roots(options),
        follow_symlinks=options.follow_symlinks,
        exclude=options.exclude,
        default_excludes=options.default_excludes,
        cancel=cancel,
        on_progress=lambda n, folder: report(Progress(Stage.DISCOVER, n, 0, folder)),
    )
    files = found.files
    outcomes: list[object | None] = [None] * len(files)
    hashed = from_cache = 0

    if cache is not None and files and not cancel.is_set():
        outcomes = cache.lookup_in_order(
            ((f.path, f.size, f.mtime_ns) for f in files), options.algorithm
        )
        from_cache = len(outcomes) - outcomes.count(None)
    todo = [i for i, outcome in enumerate(outcomes) if outcome is None]
    report(Progress(Stage.HASH, from_cache, len(files)), force=True)
    failure: list[str] = []
    if todo and found.complete and not cancel.is_set():
        jobs = [files[i].path for i in todo]
        try:
            for k, outcome in analyse_all(
                jobs,
                options.algorithm,
                workers=options.workers,
                cancel=cancel,
                on_idle=cache.flush if cache is not None else None,
            ):
                i = todo[k]
                outcomes[i] = outcome
                hashed += 1
                if cache is not None:
                    _remember(cache, files[i], outcome, options)
                if report.due():
                    done = from_cache + hashed
                    report(Progress(Stage.HASH, done, len(files), str(files[i].path)))
        except WorkersFailed as exc:  # no photo is to blame: say so, blame none, cache nothing
            failure.append(f"{len(todo) - hashed} photos could not be read: {exc}")
        del jobs
    del todo
    if cache is not None:
        cache.flush()

    complete = found.complete and from_cache + hashed == len(files) and not cancel.is_set()
    photos, file_errors = _photos_and_errors(files, outcomes, options.reference_roots)
    del outcomes  # the Photos hold what is needed of each Analysis
    errors = sorted((*found.errors, *file_errors), key=lambda e: os.fspath(e.path))
    stats = ScanStats(
        files_seen=len(files),
        hashed=hashed,
        from_cache=from_cache,
        failed=len(file_errors),
        seconds=time.monotonic() - started,
    )
    warnings = (*(cache.warnings if cache is not None else ()), *failure)
    return Library(tuple(photos), tuple(errors), stats, complete, warnings)


def scan(
    options: ScanOptions,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> ScanResult:
    """Find the duplicate and near-duplicate photos under `options.roots`.

    Args:
        options: what to scan and how (reference roots are scanned too).
        progress: called with `Progress(stage, done, total, path)` about ten times a second.
        cancel: set it from any thread to stop; the partial result comes back within about a
            second with `complete=False`.

    Returns:
        The groups, per-file errors, statistics, every photo's fingerprint (for `regroup`) and
        warnings such as a rebuilt cache.
    """
    started = time.monotonic()
    cancel = cancel if cancel is not None else threading.Event()
    report = _Throttle(progress)
    warnings: list[str] = []
    cache = _open_cache(options, warnings)
    try:
        library = _index(options, report, cancel, started, cache)
        report(Progress(Stage.GROUP, 0, PROGRESS_TOTAL), force=True)
        not_duplicates = _load_not_duplicates(options.decisions_path, warnings)
        known = _stored_matches(cache, library.photos, options, warnings)
        # Cancel stops the grouping too; a scan already cancelled while hashing groups what it
        # has only if that is quick.
        deadline = time.monotonic() + _PARTIAL_GROUPING_SECONDS if cancel.is_set() else None
        grouped_all = True
        try:
            groups, matches = _group(
                library.photos,
                options,
                not_duplicates,
                known,
                progress=lambda done, total: report(Progress(Stage.GROUP, done, total)),
                cancel=None if deadline is not None else cancel,
                deadline=deadline,
            )
        except Cancelled:
            grouped_all, matches = False, None
            groups = build_groups(  # byte-identical copies need no search
                library.photos, Pairs.empty(), options.threshold, options.keep_rules,
                not_duplicates=not_duplicates,
            )  # fmt: skip
            warnings.append(
                "Grouping was cancelled: only byte-identical copies are grouped. "
                "Scan again to find look-alikes (the photos hashed so far are cached)."
            )
        if matches is not None and matches is not known and cache is not None:
            _store_matches(cache, library.photos, options, matches)
    finally:
        _close_cache(cache, warnings)
    warnings = list(_merged(warnings, library.warnings))
    stats = dataclasses.replace(library.stats, seconds=time.monotonic() - started)
    report(Progress(Stage.DONE, stats.files_seen, stats.files_seen), force=True)
    return ScanResult(
        options=options,
        groups=groups,
        errors=library.errors,
        stats=stats,
        photos=library.photos,
        complete=library.complete and grouped_all,
        warnings=tuple(warnings),
        pairs=matches,
        pairs_threshold=matches.threshold if matches is not None else -1,
    )


def regroup(
    result: ScanResult,
    *,
    threshold: int | None = None,
    keep_rules: Sequence[KeepRule] | None = None,
    rotations: bool | None = None,
    crops: bool | None = None,
    not_duplicates: Collection[frozenset[str]] | None = None,
) -> ScanResult:
    """Group `result.photos` again with other settings, from the fingerprints only (no image is
    read). `not_duplicates` defaults to the decisions store of `result.options`."""
    changes: dict[str, object] = {}
    if threshold is not None:
        changes["threshold"] = int(threshold)
    if keep_rules is not None:
        changes["keep_rules"] = tuple(keep_rules)
    if rotations is not None:
        changes["rotations"] = bool(rotations)
    if crops is not None:
        changes["crops"] = bool(crops)
    options = dataclasses.replace(result.options, **changes)
    warnings = list(result.warnings)
    if not_duplicates is None:
        not_duplicates = _load_not_duplicates(options.decisions_path, warnings)
    groups, matches = _group(result.photos, options, not_duplicates, result.pairs)
    return dataclasses.replace(
        result,
        options=options,
        groups=groups,
        warnings=tuple(warnings),
        pairs=matches,
        pairs_threshold=matches.threshold if matches is not None else -1,
    )


def without_photos(result: ScanResult, removed: Collection[Path]) -> ScanResult:
    """`result` after `removed` left the disk: their photos and matches are dropped, so a later
    `regroup` still filters instead of searching again. Groups are left to the caller (the
    review keeps its own, with the user's marks)."""
    gone = set(removed)
    keep = np.array([p.path not in gone for p in result.photos], dtype=bool)
    pairs = result.pairs
    if isinstance(pairs, Matches) and pairs.n == len(keep):
        pairs = pairs.restricted(keep)
    else:
        pairs = None
    return dataclasses.replace(
        result,
        photos=tuple(p for p, k in zip(result.photos, keep, strict=True) if k),
        pairs=pairs,
        pairs_threshold=pairs.threshold if pairs is not None else -1,
    )


# -- steps ----------------------------------------------------------------------------------------


def _scan_roots(options: ScanOptions) -> tuple[Path, ...]:
    """The roots, then the reference roots (scanned too: their photos are what copies match);
    discovery lists a file reached twice only once."""
    return tuple(dict.fromkeys((*options.roots, *options.reference_roots)))


def _open_cache(options: ScanOptions, warnings: list[str]) -> HashCache | None:
    if not options.use_cache:
        return None
    try:
        cache = HashCache(options.cache_path)
    except (sqlite3.Error, OSError) as exc:  # read-only home, full disk...: scan without it
        warnings.append(f"the hash cache could not be opened ({exc}); scanning without it")
        return None
    warnings.extend(cache.warnings)
    return cache


def _close_cache(cache: HashCache | None, warnings: list[str]) -> None:
    if cache is None:
        return
    try:
        cache.close()
    except sqlite3.Error as exc:  # the results are already in hand; only the cache suffers
        warnings.append(f"the hash cache could not be written ({exc})")
    warnings.extend(w for w in cache.warnings if w not in warnings)


def _merged(*lists: Iterable[str]) -> tuple[str, ...]:
    """The warnings of several lists, each once, in order."""
    return tuple(dict.fromkeys(w for ws in lists for w in ws))


def _matches_key(photos: Sequence[Photo], options: ScanOptions) -> str:
    library = library_digest((p.digest for p in photos), (p.fingerprint.hash for p in photos))
    return matches_key(
        options.algorithm,
        search_ceiling(options.threshold),
        options.rotations,
        options.crops,
        library,
    )


def _stored_matches(
    cache: HashCache | None, photos: Sequence[Photo], options: ScanOptions, warnings: list[str]
) -> Matches | None:
    """The matches a previous scan found for exactly these photos with these settings, if the
    cache holds them: an unchanged library is neither searched nor confirmed again."""
    if cache is None or not photos or options.threshold < 0:
        return None
    blob = cache.load_matches(_matches_key(photos, options))
    if blob is None:
        return None
    try:
        arrays = unpack_arrays(blob)
        values = {name: (a if a.ndim else a.item()) for name, a in arrays.items()}
        matches = Matches(**values)
        rows = {len(getattr(matches, f.name)) for f in _array_fields(matches)}
        if (
            len(rows) > 1
            or (len(matches) and max(matches.i.max(), matches.j.max()) >= len(photos))
            or (len(matches) and min(matches.i.min(), matches.j.min()) < 0)
            or matches.threshold != search_ceiling(options.threshold)
            or not matches.covers(len(photos), options.threshold, options.rotations, options.crops)
        ):
            raise ValueError("stored matches do not fit the photos")
    except (ValueError, TypeError) as exc:
        warnings.append(f"stored matches were unusable ({exc}); searching again")
        return None
    return matches


def _store_matches(
    cache: HashCache, photos: Sequence[Photo], options: ScanOptions, matches: Matches
) -> None:
    arrays = {f.name: np.asarray(getattr(matches, f.name)) for f in dataclasses.fields(matches)}
    cache.store_matches(_matches_key(photos, options), pack_arrays(arrays))


def _array_fields(matches: Matches) -> list[dataclasses.Field]:
    return [
        f for f in dataclasses.fields(matches) if isinstance(getattr(matches, f.name), np.ndarray)
    ]


def _remember(cache: HashCache, found: FoundFile, outcome: object, options: ScanOptions) -> None:
    if isinstance(outcome, FileError):
        cache.put(found.path, found.size, found.mtime_ns, options.algorithm, outcome)
    else:  # key by what was actually read: the file may have changed since it was listed
        cache.put(found.path, outcome.size, outcome.mtime_ns, options.algorithm, outcome)


def _photos_and_errors(
    files: Sequence[FoundFile], outcomes: Sequence[object | None], reference_roots: Iterable[Path]
) -> tuple[list[Photo], list[FileError]]:
    prefixes = tuple(os.path.join(os.path.abspath(r), "") for r in reference_roots)

    def protected(found: FoundFile) -> bool:
        # Any path of the file counts: a hard link into a protected root protects the file.
        for p in (found.path, *found.aliases):
            s = os.path.join(os.fspath(p), "")
            if any(s.startswith(prefix) for prefix in prefixes):
                return True
        return False

    photos: list[Photo] = []
    errors: list[FileError] = []
    for found, outcome in zip(files, outcomes, strict=True):
        if outcome is None:
            continue
        if isinstance(outcome, FileError):
            errors.append(dataclasses.replace(outcome, path=found.path))
            continue
        photos.append(
            outcome.photo(
                found.path,
                found.dev,
                found.inode,
                aliases=found.aliases,
                in_reference_root=bool(prefixes) and protected(found),
            )
        )
    return photos, errors


def _load_not_duplicates(path: Path | None, warnings: list[str]) -> frozenset[frozenset[str]]:
    """The user's "not duplicates" decisions, if the store exists (a scan never creates it)."""
    try:
        store = DecisionStore(path)
        if not Path(store.path).exists():
            return frozenset()
        return frozenset(store.not_duplicate_pairs())
    except Exception as exc:  # a damaged decisions file must not stop the scan
        warnings.append(f"the 'not duplicates' decisions could not be read ({exc})")
        return frozenset()


def _group(
    photos: Sequence[Photo],
    options: ScanOptions,
    not_duplicates: Collection[frozenset[str]],
    known: object | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    deadline: float | None = None,
) -> tuple[tuple[Group, ...], Matches | None]:
    """Group `photos` at `options.threshold`, with the matches that make the groups.

    The pair search and its confirmation are done once up to `search_ceiling(threshold)` and
    kept (`ScanResult.pairs`): a later threshold up to that ceiling, with the same rotation and
    crop settings, only filters them (`known`), which is what makes the slider instant.
    Raises `matching.Cancelled` when `cancel` is set or `deadline` (time.monotonic) passes
    during the search.
    """
    if not photos:
        return (), None
    if isinstance(known, Matches) and known.covers(
        len(photos), options.threshold, options.rotations, options.crops
    ):
        matches = known
    else:
        matches = find_matches(
            [p.fingerprint for p in photos],
            search_ceiling(options.threshold),
            options.rotations,
            options.crops,
            progress=progress,
            cancel=cancel,
            deadline=deadline,
        )
    pairs = matches.pairs(options.threshold) if options.threshold >= 0 else Pairs.empty()
    groups = build_groups(
        photos, pairs, options.threshold, options.keep_rules, not_duplicates=not_duplicates
    )
    return tuple(groups), matches


def search_ceiling(threshold: int) -> int:
    """How far a scan searches and confirms pairs: the slider's whole range, or further when
    asked (a scan at 20 still groups at 20)."""
    return max(int(threshold), MAX_THRESHOLD)
