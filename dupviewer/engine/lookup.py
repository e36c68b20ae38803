"""Reverse look-up: "is this photo already somewhere under these folders, and where?"

`find_copies` answers from the library's fingerprints, not by comparing pictures again:

1. The library is brought up to date by the scanner's own first half (`scanner.index_library`:
   discovery, the hash cache, the worker pool): files whose size and mtime match their cache row
   are not read at all; changed and new files are analysed (with progress) and written back to
   the cache. A root that was never scanned is simply a root whose every file is new.
2. Each query image is analysed once (in a worker process, so a decoder crash on a strange
   download costs that query, not the program). A query that is itself a library file (same
   device and inode, unchanged) reuses the library's analysis.
3. The upright hashes of the library go into a `mih.HammingIndex`; each query's upright hash
   (and, with `rotations`, its seven turned and mirrored variants) asks the index for everything
   within the threshold: sub-linear per query, so a million-photo library answers in
   milliseconds once the index is built (see `benchmarks/lookup.py`).

Besides perceptual matches, a library file that is the query itself (same physical file) is
reported as "same file" and a byte-identical copy as "identical bytes", both at distance 0 and
even for nearly blank pictures, which never match by similarity (their hashes mean nothing).
"""

from __future__ import annotations

import os
import re
import stat
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from dupviewer.engine.discovery import not_a_file_error
from dupviewer.engine.fingerprint import VARIANT_LABELS
from dupviewer.engine.mih import HammingIndex
from dupviewer.engine.model import (
    DEFAULT_THRESHOLD,
    ErrorKind,
    FileError,
    HashAlgorithm,
    Photo,
    Progress,
    ScanOptions,
    ScanStats,
    Stage,
)
from dupviewer.engine.pool import analyse_all
from dupviewer.engine.report import errors_to_list, json_text, stats_to_dict

# The scanner's first half, so a look-up fills and trusts the cache exactly as a scan does.
from dupviewer.engine.scanner import index_library

ProgressCallback = Callable[[Progress], None]

SAME_FILE = "same file"  # the query image is this library file (or a hard link to it)
IDENTICAL_BYTES = "identical bytes"
SIMILAR = "similar"  # the upright hashes are within the threshold
_MATCH_ORDER = {SAME_FILE: 0, IDENTICAL_BYTES: 1}

SCHEMA_VERSION = 1
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class LookupMatch:
    """One library photo that looks like the query image."""

    photo: Photo
    distance: int  # Hamming distance (of 64 bits) between the two hashes
    match: str  # SAME_FILE, IDENTICAL_BYTES, SIMILAR or a `VARIANT_LABELS` entry ("rotated 90")

    @property
    def path(self) -> Path:
        return self.photo.path


@dataclass(frozen=True, slots=True)
class QueryResult:
    """The answer for one query image: its matches, closest first, or why it could not be read."""

    path: Path  # absolute
    matches: tuple[LookupMatch, ...] = ()
    photo: Photo | None = None  # the query image as analysed (for thumbnails); None on error
    error: FileError | None = None


@dataclass(frozen=True, slots=True)
class LookupResult:
    """What `find_copies` returns. `errors` are library files and folders that could not be
    used; a query image that could not be read has its own `QueryResult.error`."""

    queries: tuple[QueryResult, ...]
    roots: tuple[Path, ...]
    threshold: int
    rotations: bool
    algorithm: HashAlgorithm
    errors: tuple[FileError, ...] = ()
    stats: ScanStats = ScanStats()  # about the library: files seen, hashed, from cache, failed
    complete: bool = True  # False when cancelled: matches cover only the photos already indexed
    warnings: tuple[str, ...] = ()
    indexed: int = 0  # library photos searched

    @property
    def failed_queries(self) -> tuple[QueryResult, ...]:
        return tuple(q for q in self.queries if q.error is not None)


def find_copies(
    queries: Sequence[Path],
    roots: Sequence[Path],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    rotations: bool = False,
    algorithm: HashAlgorithm = HashAlgorithm.PHASH,
    cache_path: Path | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    exclude: Sequence[str] = (),
    follow_symlinks: bool = False,
    workers: int | None = None,
    reference_roots: Sequence[Path] = (),
) -> LookupResult:
    """Find the photos under `roots` that are copies or near-copies of each query image.

    Args:
        queries: image files to look for (they need not be under the roots).
        roots: the library folders; scanned ones answer from the cache, others are indexed now.
        threshold: largest Hamming distance (0..64) between hashes for a match.
        rotations: also find copies turned by 90/180/270 degrees or mirrored.
        algorithm: the perceptual hash (the cache keeps one set of hashes per algorithm).
        cache_path: the hash cache file; None is the user's cache folder.
        progress: called with `Progress` about ten times a second while the library is indexed.
        cancel: set it to stop; the result then has `complete=False`.
        exclude, follow_symlinks, workers: as in `ScanOptions`.
        reference_roots: protected folders, searched too (as a scan does); their photos come
            back with `in_reference_root` set, so no review proposes removing them.

    Returns:
        One `QueryResult` per query image, in the order given.

    Raises:
        ValueError: `threshold` is outside 0..64.
    """
    if not 0 <= int(threshold) <= 64:
        raise ValueError(f"threshold must be between 0 and 64, not {threshold}")
    started = time.monotonic()
    cancel = cancel if cancel is not None else threading.Event()
    algorithm = HashAlgorithm(algorithm)
    roots = tuple(Path(os.path.abspath(r)) for r in dict.fromkeys(roots))
    options = ScanOptions(
        roots=roots,
        reference_roots=tuple(Path(os.path.abspath(r)) for r in reference_roots),
        algorithm=algorithm,
        threshold=int(threshold),
        rotations=rotations,
        follow_symlinks=follow_symlinks,
        exclude=tuple(exclude),
        cache_path=cache_path,
        workers=workers,
    )
    library = index_library(options, progress, cancel)
    photos, stats, complete = library.photos, library.stats, library.complete
    if progress is not None:  # throttling may have dropped the last report: say where it ended
        progress(Progress(Stage.HASH, stats.from_cache + stats.hashed, stats.files_seen))

    query_paths = [Path(os.path.abspath(q)) for q in queries]
    answers = _analyse_queries(query_paths, photos, options, cancel)
    complete = complete and not cancel.is_set()

    if progress is not None:
        progress(Progress(Stage.GROUP, 0, len(query_paths)))
    matches = _match(answers, photos, int(threshold), rotations)
    results = tuple(
        QueryResult(
            path,
            matches=found,
            photo=answer if isinstance(answer, Photo) else None,
            error=answer if isinstance(answer, FileError) else None,
        )
        for path, answer, found in zip(query_paths, answers, matches, strict=True)
    )
    if progress is not None:
        progress(Progress(Stage.DONE, len(query_paths), len(query_paths)))
    return LookupResult(
        queries=results,
        roots=roots,
        threshold=int(threshold),
        rotations=rotations,
        algorithm=algorithm,
        errors=library.errors,
        stats=replace(stats, seconds=time.monotonic() - started),
        complete=complete,
        warnings=library.warnings,
        indexed=len(photos),
    )


# -- the query images -----------------------------------------------------------------------------


def _analyse_queries(
    paths: Sequence[Path], library: Sequence[Photo], options: ScanOptions, cancel: threading.Event
) -> list[Photo | FileError]:
    """Each query image as a `Photo`, or the `FileError` saying why it could not be read."""
    by_inode = {(p.dev, p.inode): p for p in library}
    answers: list[Photo | FileError | None] = [None] * len(paths)
    stats: dict[int, os.stat_result] = {}
    todo: list[int] = []
    for n, path in enumerate(paths):
        try:
            st = os.stat(path)
        except FileNotFoundError:
            answers[n] = FileError(path, ErrorKind.VANISHED, "no such file")
            continue
        except PermissionError:
            answers[n] = FileError(path, ErrorKind.PERMISSION, "permission denied")
            continue
        except OSError as exc:
            answers[n] = FileError(path, ErrorKind.OTHER, (exc.strerror or str(exc)).lower())
            continue
        if os.path.isdir(path):
            answers[n] = FileError(path, ErrorKind.OTHER, "is a folder, not an image file")
            continue
        if not stat.S_ISREG(st.st_mode):  # a pipe would block the worker, /dev/zero never ends
            answers[n] = not_a_file_error(os.fspath(path), st)
            continue
        known = by_inode.get((st.st_dev, st.st_ino))
        if known is not None and (known.size, known.mtime_ns) == (st.st_size, st.st_mtime_ns):
            answers[n] = replace(known, path=path, aliases=(), in_reference_root=False)
            continue
        stats[n] = st
        todo.append(n)
    if todo and not cancel.is_set():
        jobs = [paths[n] for n in todo]
        for k, outcome in analyse_all(jobs, options.algorithm, workers=1, cancel=cancel):
            n = todo[k]
            if isinstance(outcome, FileError):
                answers[n] = replace(outcome, path=paths[n])
                continue
            st = stats[n]
            answers[n] = outcome.photo(paths[n], st.st_dev, st.st_ino)
    return [
        a if a is not None else FileError(paths[n], ErrorKind.OTHER, CANCELLED_QUERY)
        for n, a in enumerate(answers)
    ]


# The error of a query photo the look-up was cancelled before reading (it is not unreadable).
CANCELLED_QUERY = "cancelled before it was read"


# -- matching -------------------------------------------------------------------------------------


def _match(
    answers: Sequence[Photo | FileError],
    library: Sequence[Photo],
    threshold: int,
    rotations: bool,
) -> list[tuple[LookupMatch, ...]]:
    """Every library photo within `threshold` of each query, closest first.

    The index holds the library's upright hashes; a query asks with its upright hash and, with
    `rotations`, with each turned/mirrored variant: a variant of the query matching a library
    photo's upright hash means that photo looks like the query turned that way.
    """
    # Per query: {library index: (distance, label order, label)}, keeping the best label.
    best: list[dict[int, tuple[int, int, str]]] = [{} for _ in answers]

    def offer(q: int, i: int, distance: int, label: str) -> None:
        order = _MATCH_ORDER.get(label, 2)
        current = best[q].get(i)
        if current is None or (distance, order) < current[:2]:
            best[q][i] = (distance, order, label)

    by_inode: dict[tuple[int, int], int] = {}
    by_digest: dict[str, list[int]] = {}
    for i, photo in enumerate(library):
        by_inode[(photo.dev, photo.inode)] = i
        by_digest.setdefault(photo.digest, []).append(i)

    rows_query: list[int] = []  # per query hash: which query image
    rows_label: list[str] = []  # and which label a match through it gets
    rows_hash: list[int] = []
    for q, answer in enumerate(answers):
        if not isinstance(answer, Photo):
            continue
        same = by_inode.get((answer.dev, answer.inode))
        if same is not None:
            offer(q, same, 0, SAME_FILE)
        for i in by_digest.get(answer.digest, ()):
            offer(q, i, 0, IDENTICAL_BYTES)
        fp = answer.fingerprint
        if fp.blank:
            continue
        rows_query.append(q)
        rows_label.append(SIMILAR)
        rows_hash.append(fp.hash)
        if rotations:
            for v, h in enumerate(fp.variants):
                rows_query.append(q)
                rows_label.append(VARIANT_LABELS[v])
                rows_hash.append(h)

    indexed = [i for i, p in enumerate(library) if not p.fingerprint.blank]
    if rows_hash and indexed:
        hashes = np.fromiter(
            (library[i].fingerprint.hash for i in indexed), dtype=np.uint64, count=len(indexed)
        )
        index = HammingIndex(hashes)
        query_hashes = np.fromiter(rows_hash, dtype=np.uint64, count=len(rows_hash))
        rows, hits, dists = index.query(query_hashes, threshold)
        for row, hit, dist in zip(rows.tolist(), hits.tolist(), dists.tolist(), strict=True):
            offer(rows_query[row], indexed[hit], int(dist), rows_label[row])

    out: list[tuple[LookupMatch, ...]] = []
    for found in best:
        ordered = sorted(
            found.items(), key=lambda kv: (kv[1][0], kv[1][1], os.fspath(library[kv[0]].path))
        )
        out.append(tuple(LookupMatch(library[i], d, label) for i, (d, _o, label) in ordered))
    return out


# -- export ---------------------------------------------------------------------------------------


def _path(p: Path | str) -> str:
    return os.fsdecode(os.path.abspath(p))


def result_to_dict(result: LookupResult) -> dict[str, Any]:
    """The result as JSON-ready data::

        {
          "schema": 1,
          "complete": true,              # false: interrupted, matches are partial
          "options": {"roots": ["/abs/root"], "hash": "phash", "threshold": 10,
                      "rotations": false},
          "queries": [                   # in the order given
            {"path": "/abs/query.jpg",
             "error": null | {"kind": "corrupt", "reason": "image file is truncated"},
             "matches": [                # closest first, then by path
               {"path": "/abs/root/copy.jpg", "distance": 3,
                "match": "same file" | "identical bytes" | "similar" | "rotated 90" | ...,
                "size": 123456, "width": 4000, "height": 3000, "format": "JPEG",
                "digest": "<blake2b hex>", "aliases": ["/abs/hard/link.jpg"]}]}],
          "errors": [{"path": "/abs/root/bad.jpg", "kind": "corrupt", "reason": "..."}],
          "stats": {"files_seen": 12, "hashed": 1, "from_cache": 11, "failed": 0,
                    "seconds": 0.4, "indexed": 12},
          "warnings": ["..."]
        }

    Paths are absolute; undecodable file-name bytes survive as in `report.py`.
    """
    return {
        "schema": SCHEMA_VERSION,
        "complete": result.complete,
        "options": {
            "roots": [_path(r) for r in result.roots],
            "hash": result.algorithm.value,
            "threshold": result.threshold,
            "rotations": result.rotations,
        },
        "queries": [
            {
                "path": _path(q.path),
                "error": None
                if q.error is None
                else {"kind": q.error.kind.value, "reason": q.error.reason},
                "matches": [
                    {
                        "path": _path(m.photo.path),
                        "distance": m.distance,
                        "match": m.match,
                        "size": m.photo.size,
                        "width": m.photo.width,
                        "height": m.photo.height,
                        "format": m.photo.format,
                        "digest": m.photo.digest,
                        "aliases": [_path(a) for a in m.photo.aliases],
                    }
                    for m in q.matches
                ],
            }
            for q in result.queries
        ],
        "errors": errors_to_list(result.errors),
        "stats": {**stats_to_dict(result.stats), "indexed": result.indexed},
        "warnings": list(result.warnings),
    }


def to_json(result: LookupResult) -> str:
    """The look-up report as JSON text (same conventions as the scan report)."""
    return json_text(result_to_dict(result))
