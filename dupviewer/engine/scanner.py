"""The scan, end to end: discover, answer from the cache, analyse the rest, pair, group.

`scan` is the one entry point the GUI, the CLI and the tests drive. It never raises for a
problem with one file or folder (those are `ScanResult.errors`), reports progress as data
throttled to ~10 a second, and when cancelled returns what it had (`complete=False`): the
groups then cover only the photos already analysed, and everything analysed is in the cache.

A rescan is answered from the cache twice over: every unchanged file's analysis
(`HashCache.lookup_in_order`, one bulk query) and the pair search of the last scan of these
folders with these settings (`matching.Hypotheses`: every hypothesis tested, with its score, and
the contents it covered). An unchanged library neither decodes, searches nor confirms; after
photos came, went or changed, only the pairs with a new photo are searched and confirmed
(`matching.search(..., previous=, kept=)`), which gives what a search from scratch gives. A scan
of other folders (say, one more) updates the most recent search with the same settings.

`index_library` is the first half alone (discover, cache, analyse: the photos without groups),
shared with the reverse look-up. `regroup` reruns only pairing and grouping on the fingerprints
kept in `ScanResult.photos` (no disk), which is what the threshold slider and the keep-rule
editor need.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dupviewer.engine.cache import (
    HashCache,
    matches_prefix,
    pack_arrays,
    scope_digest,
    unpack_arrays,
)
from dupviewer.engine.decisions import DecisionStore
from dupviewer.engine.discovery import FoundFile, discover
from dupviewer.engine.grouping import build_groups
from dupviewer.engine.matching import PROGRESS_TOTAL, Cancelled, Hypotheses, Matches, Pairs, search
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
        previous = _stored_search(cache, library.photos, options, warnings)
        # Cancel stops the grouping too; a scan already cancelled while hashing groups what it
        # has only if that is quick.
        deadline = time.monotonic() + _PARTIAL_GROUPING_SECONDS if cancel.is_set() else None
        grouped_all = True
        try:
            found = _search(
                library.photos,
                options,
                previous,
                progress=lambda done, total: report(Progress(Stage.GROUP, done, total)),
                cancel=None if deadline is not None else cancel,
                deadline=deadline,
            )
            groups, matches = _group(library.photos, options, not_duplicates, found.matches())
        except Cancelled:
            grouped_all, matches, found = False, None, None
            groups = build_groups(  # byte-identical copies need no search
                library.photos, Pairs.empty(), options.threshold, options.keep_rules,
                not_duplicates=not_duplicates,
            )  # fmt: skip
            warnings.append(
                "Grouping was cancelled: only byte-identical copies are grouped. "
                "Scan again to find look-alikes (the photos hashed so far are cached)."
            )
        changed = previous is None or found is not previous[0]
        if found is not None and cache is not None and library.photos and changed:
            _store_search(cache, library.photos, options, found)
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
    reference_roots: Sequence[Path] | None = None,
) -> ScanResult:
    """Group `result.photos` again with other settings, from the fingerprints only (no image is
    read). `not_duplicates` defaults to the decisions store of `result.options`.
    `reference_roots`: the protected folders now (the user ticked or unticked one after the
    scan): every photo's protection is worked out again, so a photo of a folder protected now
    is kept and never marked, as if the scan had started with it."""
    changes: dict[str, object] = {}
    photos = result.photos
    if reference_roots is not None:
        roots = tuple(Path(r) for r in reference_roots)
        changes["reference_roots"] = roots
        protection = Protection(roots)
        photos = tuple(
            p
            if (now := protection.covers(p.path, p.aliases, p.dev, p.inode)) == p.in_reference_root
            else dataclasses.replace(p, in_reference_root=now)
            for p in photos
        )
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
    groups, matches = _group(photos, options, not_duplicates, result.pairs)
    return dataclasses.replace(
        result,
        photos=photos,
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


def forget_cached(options: ScanOptions, paths: Iterable[Path]) -> None:
    """Make the next scan with `options` analyse these files again (see `HashCache.forget`);
    a cache that cannot be opened is left alone (it is disposable)."""
    paths = list(paths)
    if not paths or not options.use_cache:
        return
    try:
        with HashCache(options.cache_path) as cache:
            cache.forget(paths)
    except (sqlite3.Error, OSError):
        pass


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


def _search_keys(options: ScanOptions) -> tuple[str, str]:
    """(key, prefix) of the stored search of these folders with these settings: a search under
    the same prefix (of other folders) can be updated into this one."""
    prefix = matches_prefix(
        options.algorithm, search_ceiling(options.threshold), options.rotations, options.crops
    )
    return prefix + scope_digest(map(os.fspath, _scan_roots(options))), prefix


def _stored_search(
    cache: HashCache | None, photos: Sequence[Photo], options: ScanOptions, warnings: list[str]
) -> tuple[Hypotheses, np.ndarray] | None:
    """The search a previous scan of these folders (or, failing that, of others) made with these
    settings, and for each photo its index there (-1: not in it), when the cache holds one:
    an unchanged library is neither searched nor confirmed again, a changed one only for the
    pairs with a new photo."""
    if cache is None or not photos or options.threshold < 0:
        return None
    blob = cache.load_matches(*_search_keys(options))
    if blob is None:
        return None
    try:
        arrays = unpack_arrays(blob)
        found = Hypotheses(
            **{name: arrays[name].astype(kind) for name, kind in _ROWS.items()},
            n=int(arrays["n"]),
            ceiling=int(arrays["ceiling"]),
            rotations=bool(arrays["rotations"]),
            crops=bool(arrays["crops"]),
        )
        digests, hashes = arrays["digests"], arrays["hashes"]
        if (
            len({len(getattr(found, name)) for name in _ROWS}) > 1
            or len(digests) != found.n
            or len(hashes) != found.n
            or (len(found) and min(found.i.min(), found.j.min()) < 0)
            or (len(found) and max(found.i.max(), found.j.max()) >= found.n)
            or found.ceiling != search_ceiling(options.threshold)
            or (found.rotations, found.crops) != (options.rotations, options.crops)
        ):
            raise ValueError("the stored search does not fit its photos")
    except (ValueError, TypeError, KeyError) as exc:
        warnings.append(f"stored matches were unusable ({exc}); searching again")
        return None
    return found, _kept(digests, hashes, photos)


# The per-hypothesis arrays and their types in a `Hypotheses` (stored smaller: see _store_search).
_ROWS = {
    "i": np.intp,
    "j": np.intp,
    "distance": np.uint8,
    "variant": np.int16,
    "window": np.int32,
    "score": np.float64,
}


def _kept(digests: np.ndarray, hashes: np.ndarray, photos: Sequence[Photo]) -> np.ndarray:
    """For each photo, the index of the same content in a stored search (-1 if none). Copies
    with identical bytes pair up in order (the k-th with the k-th): their hypotheses are the same
    anyway. Sorted arrays, not a dict of 100,000 tuples (~0.5 s and ~30 MB at that size)."""
    now = np.array([p.digest.encode() for p in photos], dtype=bytes)
    width = max(digests.dtype.itemsize, now.dtype.itemsize, 1)
    old = _content_keys(digests, hashes, width)
    new = _content_keys(now, np.array([p.fingerprint.hash for p in photos], np.uint64), width)
    old_order = np.argsort(old, kind="stable")
    old_sorted = old[old_order]
    start = np.searchsorted(old_sorted, new, side="left")
    count = np.searchsorted(old_sorted, new, side="right") - start
    rank = _rank_among_equals(new)
    kept = np.full(len(new), -1, dtype=np.intp)
    ok = np.flatnonzero(rank < count)
    kept[ok] = old_order[start[ok] + rank[ok]]
    return kept


def _content_keys(digests: np.ndarray, hashes: np.ndarray, width: int) -> np.ndarray:
    """One sortable byte string per photo: its content digest (`width` bytes), then its upright
    hash."""
    keys = np.zeros((len(digests), width + 8), dtype=np.uint8)
    if len(digests):
        text = np.frombuffer(digests.astype(f"S{width}").tobytes(), np.uint8)
        keys[:, :width] = text.reshape(-1, width)
        keys[:, width:] = hashes.astype(">u8").view(np.uint8).reshape(-1, 8)
    return keys.view(f"S{width + 8}").reshape(-1)


def _rank_among_equals(keys: np.ndarray) -> np.ndarray:
    """For each key, how many equal keys come before it."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    first = np.ones(len(keys), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    run_start = np.maximum.accumulate(np.where(first, np.arange(len(keys)), 0))
    rank = np.empty(len(keys), dtype=np.intp)
    rank[order] = np.arange(len(keys)) - run_start
    return rank


def _store_search(
    cache: HashCache, photos: Sequence[Photo], options: ScanOptions, found: Hypotheses
) -> None:
    arrays = {name: getattr(found, name) for name in _ROWS}
    if found.n < 2**31:  # indexes in 4 bytes, windows (204) in 2: ~40% less to write and read
        arrays.update(i=found.i.astype(np.int32), j=found.j.astype(np.int32))
    arrays["window"] = found.window.astype(np.int16)
    arrays.update(
        n=np.asarray(found.n),
        ceiling=np.asarray(found.ceiling),
        rotations=np.asarray(found.rotations),
        crops=np.asarray(found.crops),
        digests=np.array([p.digest.encode() for p in photos], dtype=bytes),
        hashes=np.array([p.fingerprint.hash for p in photos], dtype=np.uint64),
    )
    cache.store_matches(_search_keys(options)[0], pack_arrays(arrays))


def _remember(cache: HashCache, found: FoundFile, outcome: object, options: ScanOptions) -> None:
    if isinstance(outcome, FileError):
        cache.put(found.path, found.size, found.mtime_ns, options.algorithm, outcome)
    else:  # key by what was actually read: the file may have changed since it was listed
        cache.put(found.path, outcome.size, outcome.mtime_ns, options.algorithm, outcome)


def _photos_and_errors(
    files: Sequence[FoundFile], outcomes: Sequence[object | None], reference_roots: Iterable[Path]
) -> tuple[list[Photo], list[FileError]]:
    protection = Protection(reference_roots)
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
                in_reference_root=protection.covers(
                    found.path, found.aliases, found.dev, found.inode
                ),
            )
        )
    return photos, errors


class Protection:
    """Which files lie under the protected (reference) roots.

    A protected root given through a symlink (or a photo reached through one) is the same
    folder: paths are compared as given and with links resolved, as the removal's own check
    does, so the plan never proposes what the removal would refuse; folders are also compared
    by identity (a bind mount, a folder walked first from another root)."""

    def __init__(self, reference_roots: Iterable[Path]) -> None:
        reference_roots = tuple(reference_roots)
        self._prefixes = tuple(
            dict.fromkeys(
                os.path.join(f(r), "") for r in reference_roots for f in (os.path.abspath, _real)
            )
        )
        self._identity = _ReferenceIdentity(reference_roots)
        # Photos share folders: per folder, once, its realpath and whether it is inside a
        # reference root by identity.
        self._folders: dict[str, tuple[str, bool]] = {}

    def _folder_facts(self, folder: str) -> tuple[str, bool]:
        facts = self._folders.get(folder)
        if facts is None:
            real = _real(folder)
            facts = self._folders[folder] = (real, self._identity.folder(folder, real))
        return facts

    def covers(self, path: Path, aliases: Iterable[Path], dev: int, inode: int) -> bool:
        """Is the file protected? Any of its paths counts: a hard link into a protected root
        protects the file."""
        if not self._prefixes:
            return False
        names = (path, *aliases)
        for p in names:
            s = os.path.join(os.fspath(p), "")
            if any(s.startswith(prefix) for prefix in self._prefixes):
                return True
        for p in names:
            folder, name = os.path.split(os.fspath(p))
            real, by_identity = self._folder_facts(folder)
            if by_identity:
                return True
            s = os.path.join(real, name, "")
            if any(s.startswith(prefix) for prefix in self._prefixes):
                return True
        # A single file given as reference, by another path than any of the file's.
        return bool(self._identity.files) and (dev, inode) in self._identity.files


class _ReferenceIdentity:
    """Which folders are inside a reference root by identity, (st_dev, st_ino), whatever path
    leads to either (bind mounts, links)? A folder is inside when it or a parent folder is a
    reference root folder; its parents are taken both as spelled (made absolute) and with links
    resolved. Answers are memoised per folder and parent, so each is stat-ed once. A stat that
    fails (or gives no inode number) is no identity: it protects nothing by identity.
    `files`: the identities of the reference roots that are single files."""

    def __init__(self, reference_roots: Iterable[Path]) -> None:
        self._folders: set[tuple[int, int]] = set()
        files: set[tuple[int, int]] = set()
        for root in reference_roots:
            st = _stat(root)
            if st is not None:
                identity = (st.st_dev, st.st_ino)
                (self._folders if stat.S_ISDIR(st.st_mode) else files).add(identity)
        self.files = frozenset(files)
        self._inside: dict[str, bool] = {}  # absolute folder -> under a reference folder

    def folder(self, folder: str, real: str | None = None) -> bool:
        """Is `folder` inside a reference root folder? `real`: its realpath, if already known."""
        if not self._folders:
            return False
        if real is None:
            real = _real(folder)
        spelled, real = os.path.abspath(folder), os.path.abspath(real)
        return self._under(spelled) or (real != spelled and self._under(real))

    def _under(self, folder: str) -> bool:
        chain: list[str] = []
        answer = False
        while True:
            known = self._inside.get(folder)
            if known is not None:
                answer = known
                break
            chain.append(folder)
            parent = os.path.dirname(folder)
            if parent == folder:  # the filesystem root
                break
            folder = parent
        for f in reversed(chain):  # from the top down: a folder inherits its parent's answer
            if not answer:
                st = _stat(f)
                answer = st is not None and (st.st_dev, st.st_ino) in self._folders
            self._inside[f] = answer
        return answer


def _stat(path: str | Path) -> os.stat_result | None:
    """`os.stat` (links followed), or None when it fails or gives no inode number."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st if st.st_ino else None


def _real(path: str | Path) -> str:
    """`os.path.realpath`, or the absolute path when it cannot be resolved."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.abspath(path)


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


def _search(
    photos: Sequence[Photo],
    options: ScanOptions,
    previous: tuple[Hypotheses, np.ndarray] | None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    deadline: float | None = None,
) -> Hypotheses:
    """The pair search of `photos` up to `search_ceiling(threshold)`: `previous` itself when it
    covered exactly these photos, else an update of it (only pairs with a new photo are searched)
    when it shares photos with them, else a search from scratch. Raises `matching.Cancelled` when
    `cancel` is set or `deadline` (time.monotonic) passes during the search."""
    fingerprints = [p.fingerprint for p in photos]
    ceiling = search_ceiling(options.threshold)
    found, kept = previous if previous is not None else (None, None)
    if found is not None and kept is not None:
        if found.n == len(photos) and np.array_equal(kept, np.arange(len(photos))):
            return found
        if not (kept >= 0).any():
            found = kept = None
    return search(
        fingerprints,
        ceiling,
        options.rotations,
        options.crops,
        previous=found,
        kept=kept,
        progress=progress,
        cancel=cancel,
        deadline=deadline,
    )


def _group(
    photos: Sequence[Photo],
    options: ScanOptions,
    not_duplicates: Collection[frozenset[str]],
    known: Matches | None = None,
) -> tuple[tuple[Group, ...], Matches | None]:
    """Group `photos` at `options.threshold`, with the matches that make the groups.

    The pair search and its confirmation are done once up to `search_ceiling(threshold)` and
    kept (`ScanResult.pairs`): a later threshold up to that ceiling, with the same rotation and
    crop settings, only filters them (`known`), which is what makes the slider instant; other
    variants search again.
    """
    if not photos:
        return (), None
    if isinstance(known, Matches) and known.covers(
        len(photos), options.threshold, options.rotations, options.crops
    ):
        matches = known
    else:
        matches = _search(photos, options, None).matches()
    pairs = matches.pairs(options.threshold) if options.threshold >= 0 else Pairs.empty()
    groups = build_groups(
        photos, pairs, options.threshold, options.keep_rules, not_duplicates=not_duplicates
    )
    return tuple(groups), matches


def search_ceiling(threshold: int) -> int:
    """How far a scan searches and confirms pairs: the slider's whole range, or further when
    asked (a scan at 20 still groups at 20)."""
    return max(int(threshold), MAX_THRESHOLD)
