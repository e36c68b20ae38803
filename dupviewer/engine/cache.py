"""Persistent hash cache: a rescan of an unchanged library decodes nothing.

One SQLite table of `(settings, path) -> size, mtime_ns, analysis | error`. A row answers only
when the file's current size and mtime equal the stored ones, and only for the same hash
settings (algorithm + fingerprint format version), so a changed file or a new hashing scheme
is simply re-analysed. Rows are written as the scan goes, in batched transactions (WAL mode),
so a killed scan resumes where it stopped. Rows of files not seen in a scan are never purged:
an unplugged drive keeps its hashes for when it comes back.

Paths are stored as BLOBs of `os.fsencode(path)`, so undecodable file names round-trip exactly
and a folder's rows are one index range (`path >= root/ AND path < root0`), which is what the
reverse look-up (`entries_under`) needs. Bulk look-up joins a temporary table of the wanted
paths: one query for 100,000 files instead of 100,000 queries.

A second table keeps the pair search of recent scans (`matching.Hypotheses`, every hypothesis
tested with its score, and which photos it covered), keyed by what it depends on (hash settings,
the matching code, ceiling, variants) and the folders scanned, as one compact blob of arrays: a
rescan of an unchanged library neither searches nor confirms again, and one of a changed library
searches only the pairs with a new photo. Only the `MATCHES_KEPT` most recently used are kept.

The cache is disposable: dupviewer's own file (the default path), when corrupt, is renamed
aside (`*.corrupt-<time>`) and rebuilt, and the reason is kept in `warnings` for the scan to
report. A file given as the cache is never moved, rebuilt nor migrated unless it is a readable
dupviewer cache (`is_hash_cache`): it may be someone's photo or another program's database.
A cache that is healthy but cannot be written now (read-only, locked by another program for
longer than the busy timeout, disk full) is left exactly as it is: the scan goes on without it.
A single damaged row is skipped (its photo is analysed again and the row rewritten).
"""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from dupviewer.engine import paths
from dupviewer.engine.model import (
    ErrorKind,
    FileError,
    Fingerprint,
    HashAlgorithm,
    plausible_date_taken,
)

if TYPE_CHECKING:
    from dupviewer.engine.analyse import Analysis

SCHEMA_VERSION = 3
CACHE_FILE_NAME = "hashes.sqlite"

# Errors that depend only on the file's bytes: an unchanged file would fail the same way again.
# PERMISSION, VANISHED and OTHER may be transient and are retried on the next scan.
CACHEABLE_ERRORS: frozenset[ErrorKind] = frozenset(
    {
        ErrorKind.EMPTY,
        ErrorKind.NOT_AN_IMAGE,
        ErrorKind.CORRUPT,
        ErrorKind.TOO_LARGE,
        ErrorKind.DECODER_CRASH,
    }
)

_ASIDE_KEPT = 2  # damaged cache files kept aside (see `HashCache._set_aside`)
MATCHES_KEPT = 8  # stored pair-search results (one per recently scanned set of folders)
BUSY_SECONDS = 30.0  # how long a write waits for another process's transaction to end

# SQLite errors that say the file cannot be used now, not that it is damaged: such a file is
# never set aside (a locked or read-only cache is someone's healthy cache).
_UNAVAILABLE = (
    "SQLITE_READONLY",
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_IOERR",
    "SQLITE_FULL",
    "SQLITE_CANTOPEN",
    "SQLITE_PERM",
    "SQLITE_NOMEM",
    "SQLITE_AUTH",
)
# The same, by message, where Python < 3.11 gives no error name.
_UNAVAILABLE_TEXT = ("readonly", "locked", "disk i/o", "unable to open", "full", "out of memory")

_FLUSH_ROWS = 500
_FLUSH_SECONDS = 1.0
_U64 = 1 << 64
_COLUMNS = (
    "path, size, mtime_ns, width, height, format, date_taken, camera, "
    "hash, variants, blank, detail, digest, error_kind, error_reason, frames"
)
# Formats that can hold several frames or pages. Their rows from schema 2 (no `frames`) are
# analysed again once; a JPEG (or BMP) is one picture, so its old rows still answer.
_FRAMED_FORMATS = frozenset({"GIF", "PNG", "WEBP", "TIFF", "HEIF"})

# Rows are ~1.2 KB (the 32x32 thumbnail), so `entries` is a rowid table with a unique index:
# in a WITHOUT ROWID table (schema 1) each such row spilled into an overflow page of its own,
# which made the file ~4x its data (468 MB for 100,000 photos, 130 MB now) and every read slower.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    settings TEXT NOT NULL,     -- algorithm and fingerprint format version
    path BLOB NOT NULL,         -- os.fsencode(absolute path)
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    width INTEGER, height INTEGER, format TEXT,
    date_taken TEXT,            -- ISO 8601, no time zone (EXIF has none)
    camera TEXT,
    hash INTEGER,               -- the unsigned 64-bit hash seen as signed
    variants BLOB,              -- little-endian uint64 array, in VARIANT_LABELS order
    blank INTEGER,
    detail BLOB,
    digest TEXT,
    error_kind TEXT,            -- set instead of the analysis for a file that failed
    error_reason TEXT,
    frames INTEGER              -- animation frames or TIFF pages; NULL in rows of schema 2
);
CREATE UNIQUE INDEX IF NOT EXISTS entries_by_path ON entries (settings, path);
CREATE TABLE IF NOT EXISTS matches (
    key TEXT NOT NULL UNIQUE,   -- see `matches_key`
    used REAL NOT NULL,         -- time.time() of the last store or load, for eviction
    blob BLOB NOT NULL          -- `pack_arrays` of the match arrays
);
"""
_TABLES = ("entries", "matches")  # the tables a migration from schema 1 copies
_WANTED = (  # the paths of one bulk look-up
    "CREATE TEMP TABLE IF NOT EXISTS wanted "
    "(k INTEGER PRIMARY KEY, path BLOB, size INTEGER, mtime_ns INTEGER)"
)
# What a damaged row (a blob of the wrong length, a bad date...) raises while it is decoded.
_ROW_ERRORS = (ValueError, TypeError, OverflowError, AttributeError)


def default_cache_path() -> Path:
    return paths.cache_dir() / CACHE_FILE_NAME


def fingerprint_version() -> str:
    """Identifies the fingerprint format: hashes made by another version never answer.

    Uses `fingerprint.FINGERPRINT_VERSION` when the module defines it, plus the variant labels
    (adding a variant changes the stored tuple)."""
    try:
        from dupviewer.engine import fingerprint
    except ImportError:
        return "0"
    explicit = getattr(fingerprint, "FINGERPRINT_VERSION", "1")
    labels = "|".join(map(str, getattr(fingerprint, "VARIANT_LABELS", ())))
    return f"{explicit}-{hashlib.blake2b(labels.encode(), digest_size=4).hexdigest()}"


def settings_key(algorithm: HashAlgorithm | str) -> str:
    return f"{HashAlgorithm(algorithm).value}:{fingerprint_version()}"


def matching_version() -> str:
    """Identifies the pair search and confirmation code: matches found by other code never
    answer. A digest of the sources of `matching`, `confirmation` and `fingerprint` (thresholds
    and windows live there); in a frozen bundle, whose sources are not readable, the app's
    version and the fingerprint format (a new release searches again)."""
    h = hashlib.blake2b(digest_size=8)
    try:
        from dupviewer import __version__
        from dupviewer.engine import confirmation, fingerprint, matching
    except ImportError:
        return "0"
    for module in (matching, confirmation, fingerprint):
        try:
            h.update(Path(module.__file__ or "").read_bytes())
        except OSError:
            h.update(f"{__version__}|{fingerprint.FINGERPRINT_VERSION}".encode())
    return h.hexdigest()


def matches_key(
    algorithm: HashAlgorithm | str, ceiling: int, rotations: bool, crops: bool, scope: str
) -> str:
    """The key of a stored search: `matches_prefix` (what makes two searches comparable) and
    `scope`, a digest of the folders it covered (see `scope_digest`)."""
    return f"{matches_prefix(algorithm, ceiling, rotations, crops)}{scope}"


def matches_prefix(
    algorithm: HashAlgorithm | str, ceiling: int, rotations: bool, crops: bool
) -> str:
    """What stored searches share when one can be updated into another: hash settings, matching
    code, search ceiling and variants."""
    return (
        f"{settings_key(algorithm)}|{matching_version()}|t{int(ceiling)}"
        f"|r{int(bool(rotations))}c{int(bool(crops))}|"
    )


def scope_digest(roots: Iterable[str | Path]) -> str:
    """A digest of the folders a scan covered, in any order."""
    h = hashlib.blake2b(digest_size=20)
    h.update("\n".join(sorted(os.fspath(r) for r in roots)).encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def pack_arrays(arrays: dict[str, np.ndarray]) -> bytes:
    """Numeric arrays as one compact blob (numpy's .npz layout, uncompressed)."""
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def unpack_arrays(blob: bytes) -> dict[str, np.ndarray]:
    """The arrays of `pack_arrays`; raises ValueError for a damaged or foreign blob."""
    try:
        with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
            return {name: npz[name] for name in npz.files}
    except Exception as exc:  # zipfile, pickle and format errors alike: the blob is unusable
        raise ValueError(f"damaged match data ({exc})") from exc


def is_corruption(exc: sqlite3.Error) -> bool:
    """Whether `exc` says the file is damaged (set it aside), not merely unusable right now."""
    name = getattr(exc, "sqlite_errorname", None)
    if name:
        return not name.startswith(_UNAVAILABLE)
    return not any(text in str(exc).lower() for text in _UNAVAILABLE_TEXT)


def _first_lines(check: tuple | None, keep: int = 2) -> str:
    """SQLite's integrity report, cut to its first lines: a badly damaged file lists every page
    (QA: a warning of ~100 lines in the scan's output)."""
    lines = str(check[0] if check else None).splitlines() or [""]
    more = len(lines) - keep
    return "; ".join(line.strip() for line in lines[:keep]) + (
        f" (and {more} more line{'' if more == 1 else 's'})" if more > 0 else ""
    )


def _memory_db() -> sqlite3.Connection:
    """An empty cache in memory: what a scan uses once the file cannot be (its writes go
    nowhere, so every caller works unchanged)."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.executescript(_SCHEMA)
    db.execute(_WANTED)
    return db


def _schema_version(db: sqlite3.Connection) -> str | None:
    """The layout of an existing cache file, None for a new (empty) one."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone() is None:
        return None
    row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    return None if row is None else row[0]


def _looks_ours(db: sqlite3.Connection) -> bool:
    """Whether an SQLite file holds a dupviewer hash cache (of any layout) or no table yet: what
    `_migrate` may rebuild and `_set_aside` may move. Another program's database is neither
    (QA: `--cache their.db` dropped a table of theirs named `entries`)."""
    entries = [(kind, name) for kind, name in db.execute("SELECT type, name FROM sqlite_master")]
    tables = {name for kind, name in entries if kind == "table" and not name.startswith("sqlite_")}
    if not entries:  # empty: a new cache, unless another program has claimed the file (QA)
        claimed = db.execute("PRAGMA user_version").fetchone()[0]
        claimed = claimed or db.execute("PRAGMA application_id").fetchone()[0]
        return not claimed
    own = {"meta", *_TABLES, *(f"old_{t}" for t in _TABLES)}  # (old_: a migration cut short)
    if not tables <= own or "meta" not in tables:
        return False
    if "entries" in tables:
        columns = {row[1] for row in db.execute("PRAGMA table_info(entries)")}
        if not {"settings", "path", "size", "mtime_ns"} <= columns:
            return False
    return _schema_version(db) is not None


def is_hash_cache(path: Path) -> bool:
    """Whether an existing SQLite file is a dupviewer hash cache (or has no table yet). A file
    SQLite cannot read is not: it may be another program's that a newer SQLite wrote (QA: such
    a file was moved aside as damaged, and a third run deleted it)."""
    try:
        db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        return _looks_ours(db)
    except sqlite3.Error:
        return False
    finally:
        db.close()


def _migrate(db: sqlite3.Connection, version: str) -> None:
    """Bring a cache of another layout to this one, keeping its hashes where it can. Schema 2
    gains the `frames` column (and forgets its "too large" errors: JPEGs may now be far larger);
    schema 1 (schema 2's columns in WITHOUT ROWID tables) is copied and the file compacted once;
    any other layout (a newer app's, say) is dropped: the cache is disposable.

    Several scans may open an old cache at once: the layout is read again under the write lock
    (BEGIN IMMEDIATE), so only the first one migrates and the others find it done."""
    db.execute("BEGIN IMMEDIATE")
    try:
        version = _schema_version(db) or ""
        if version in ("", str(SCHEMA_VERSION)):
            db.execute("COMMIT")
            return
        copied = version == "1"
        if version == "2":
            db.execute("ALTER TABLE entries ADD COLUMN frames INTEGER")
            db.execute("DELETE FROM entries WHERE error_kind = 'too-large'")
        else:
            for table in _TABLES:
                db.execute(f"DROP TABLE IF EXISTS old_{table}")
                if copied:
                    db.execute(f"ALTER TABLE {table} RENAME TO old_{table}")
                else:
                    db.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in _statements(_SCHEMA):  # one by one: executescript would commit
                db.execute(statement)
            if copied:
                columns = f"settings, {_COLUMNS.replace(', frames', '')}"
                db.execute(f"INSERT INTO entries ({columns}) SELECT {columns} FROM old_entries")
                db.execute("INSERT INTO matches SELECT * FROM old_matches")
                for table in _TABLES:
                    db.execute(f"DROP TABLE old_{table}")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    if copied:
        db.execute("VACUUM")  # hand the old layout's pages back (the file shrinks ~4x)


def _statements(script: str) -> list[str]:
    """The SQL statements of `script` (comments may hold semicolons: SQLite tells the ends)."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending)
            pending = ""
    return statements


class HashCache:
    """The hash cache of one SQLite file. Not thread-safe: one scan uses it at a time (several
    processes may share the file: WAL mode and a busy timeout handle that)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self.warnings: list[str] = []
        self._pending: list[tuple] = []
        self._last_flush = time.monotonic()
        self._settings: dict[str, str] = {}
        self._db = self._open()

    # -- opening and recovery -------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        """The file's connection; a damaged file is set aside first. Raises sqlite3.Error or
        OSError when the file cannot be used (the scan then runs without a cache)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            if not is_corruption(exc):
                raise
            if not self._own_file():
                raise OSError(
                    f"{exc}: a file given as the cache that cannot be read is left as it is "
                    "(give a new file name, or delete it)"
                ) from exc
            try:
                aside = self._set_aside()
            except OSError as err:
                raise OSError(f"{exc}, and it could not be moved aside: {err}") from err
            db = self._connect()
            self._warn_rebuilt(str(exc), aside)
            return db

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, check_same_thread=False)
        try:
            if not _looks_ours(db) and not self._own_file():  # before any write
                db.close()
                raise OSError(
                    f"{self.path} is another program's SQLite database, not a hash cache; "
                    "it was left as it is"
                )
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL keeps the file consistent on a crash
            check = db.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {_first_lines(check)}")
            version = _schema_version(db)
            if version is not None and version != str(SCHEMA_VERSION):
                _migrate(db, version)
            db.executescript(_SCHEMA)
            if version != str(SCHEMA_VERSION):
                with db:
                    db.execute(
                        "INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
                    )
            db.execute(_WANTED)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _own_file(self) -> bool:
        """Whether this is dupviewer's own cache file (the default path, in its own folder): the
        only one rebuilt whatever it holds, or moved aside (and, later, deleted) when damaged.
        A file given as the cache may be someone's data (QA: `--cache photo.jpg` moved the photo
        aside, and a third run deleted it; another program's database that SQLite could not
        read went the same way): it is left alone."""
        return self.path == default_cache_path()

    def _set_aside(self) -> Path:
        """Rename the file (and its WAL files) to `*.corrupt-<time>`; raises OSError. Only the
        newest `_ASIDE_KEPT` such copies stay (for a bug report); older ones are deleted, so a
        cache that keeps breaking cannot fill the disk."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            src = Path(f"{self.path}{suffix}")
            if src.exists():
                os.replace(src, f"{aside}{suffix}")
        prefix = f"{self.path.name}.corrupt-"
        stamps = sorted(
            {
                p.name[len(prefix) :].removesuffix("-wal").removesuffix("-shm")
                for p in self.path.parent.glob(prefix + "*")
            }
        )
        for old in stamps[:-_ASIDE_KEPT]:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}.corrupt-{old}{suffix}").unlink(missing_ok=True)
        return aside

    def _warn_rebuilt(self, reason: str, aside: Path) -> None:
        self.warnings.append(
            f"the hash cache {self.path} was unreadable ({reason}); "
            f"it was moved to {aside.name} and rebuilt"
        )

    def _recover(self, exc: sqlite3.Error) -> None:
        """An error while in use. Corruption: set the file aside and carry on with a fresh one.
        Anything else (read-only, locked, disk full), or a file that cannot be replaced: leave
        it alone and carry on with an empty cache in memory, saying so once."""
        try:
            self._db.close()
        except sqlite3.Error:
            pass
        self._pending.clear()
        reason = str(exc)
        if is_corruption(exc) and self._own_file():
            try:
                aside = self._set_aside()
                self._db = self._connect()
                self._warn_rebuilt(reason, aside)
                return
            except (OSError, sqlite3.Error) as err:
                reason = f"{exc}, and it could not be replaced: {err}"
        self.warnings.append(
            f"the hash cache {self.path} could not be used ({reason}); it was left as it is, "
            "and what this scan found is not saved in it"
        )
        self._db = _memory_db()

    def _key(self, algorithm: HashAlgorithm | str) -> str:
        key = str(algorithm)
        if key not in self._settings:
            self._settings[key] = settings_key(algorithm)
        return self._settings[key]

    # -- reading --------------------------------------------------------------------------------

    def lookup(
        self,
        files: Iterable[tuple[str | Path, int, int]],
        algorithm: HashAlgorithm | str,
    ) -> dict[str, Analysis | FileError]:
        """Cached outcomes of `(path, size, mtime_ns)` files whose size and mtime are unchanged.

        Returns a map from `os.fspath(path)` to an `Analysis`, or to a `FileError` for a file
        known to be broken. Files not in the map must be analysed."""
        files = [(os.fspath(p), size, mtime) for p, size, mtime in files]
        outcomes = self.lookup_in_order(files, algorithm)
        return {f[0]: o for f, o in zip(files, outcomes, strict=True) if o is not None}

    def lookup_in_order(
        self,
        files: Iterable[tuple[str | Path, int, int]],
        algorithm: HashAlgorithm | str,
    ) -> list[Analysis | FileError | None]:
        """`lookup` as a list in the order of `files` (None: must be analysed): what a scan of
        100,000 files wants, with no path decoded or hashed into a map on the way."""
        self.flush()
        wanted = [(os.fsencode(p), size, mtime) for p, size, mtime in files]
        found: list[Analysis | FileError | None] = [None] * len(wanted)
        if not wanted:
            return found
        try:
            damaged = self._lookup(wanted, self._key(algorithm), found)
        except sqlite3.DatabaseError as exc:
            self._recover(exc)
            return [None] * len(wanted)
        if damaged:
            self.warnings.append(
                f"{damaged} damaged entr{'y' if damaged == 1 else 'ies'} of the hash cache "
                "were ignored; those photos were analysed again"
            )
        return found

    def _lookup(self, wanted: list[tuple[bytes, int, int]], settings: str, found: list) -> int:
        """Fill `found` from the rows of `wanted`; returns how many rows were damaged."""
        db = self._db
        with db:
            db.execute("DELETE FROM temp.wanted")
            db.executemany("INSERT INTO temp.wanted VALUES (?, ?, ?, ?)", _numbered(wanted))
        rows = db.execute(
            f"SELECT w.k, {', '.join('e.' + c.strip() for c in _COLUMNS.split(','))} "
            "FROM temp.wanted w JOIN entries e "
            "ON e.settings = ? AND e.path = w.path AND e.size = w.size AND e.mtime_ns = w.mtime_ns",
            (settings,),
        )
        cls = _analysis_class()
        # Streamed, not fetched whole: each row becomes its outcome as it comes, so the raw rows
        # (1 KB of detail each) are never all held next to the outcomes made from them.
        damaged = 0
        for row in rows:
            try:
                found[row[0]] = _outcome(row[1:], cls)
            except _ROW_ERRORS:  # left None: analysed again, and the row rewritten
                damaged += 1
        with db:
            db.execute("DELETE FROM temp.wanted")
        return damaged

    def entries_under(
        self, root: str | Path, algorithm: HashAlgorithm | str
    ) -> Iterator[tuple[Path, int, int, Analysis]]:
        """Every cached analysis under the folder `root`, as `(path, size, mtime_ns, analysis)`:
        the index of an already scanned folder, for look-ups without a rescan. Callers check
        size and mtime against the disk before trusting a row."""
        self.flush()
        low = os.fsencode(os.path.join(os.path.abspath(root), ""))
        high = low[:-1] + bytes([low[-1] + 1])
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM entries WHERE settings = ? AND path >= ? AND path < ? "
            "AND error_kind IS NULL ORDER BY path",
            (self._key(algorithm), low, high),
        )
        cls = _analysis_class()
        for row in rows:
            try:
                outcome = _outcome(row, cls)
            except _ROW_ERRORS:  # a damaged row: as if that file had never been analysed
                continue
            if outcome is None:
                continue
            yield Path(os.fsdecode(row[0])), row[1], row[2], outcome

    def forget(self, paths: Iterable[str | Path]) -> None:
        """Drop every row of these files: the next scan analyses them again. For a file whose
        bytes changed while its size and modification time did not (an in-place edit that kept
        the time, as `exiftool -P` does), which the removal's content check noticed."""
        self.flush()
        rows = [(os.fsencode(os.fspath(p)),) for p in paths]
        if not rows:
            return
        try:
            with self._db:
                self._db.executemany("DELETE FROM entries WHERE path = ?", rows)
        except sqlite3.DatabaseError as exc:
            self._recover(exc)

    def __len__(self) -> int:
        self.flush()
        return self._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]

    # -- stored matches -------------------------------------------------------------------------

    def load_matches(self, key: str, prefix: str | None = None) -> bytes | None:
        """The blob stored under `key` (see `matches_key`); failing that, with `prefix`, the most
        recently used blob whose key starts with it (another scope's search, to update); None."""
        try:
            row = self._db.execute("SELECT key, blob FROM matches WHERE key = ?", (key,)).fetchone()
            if row is None and prefix:
                row = self._db.execute(
                    "SELECT key, blob FROM matches WHERE substr(key, 1, ?) = ? "
                    "ORDER BY used DESC LIMIT 1",
                    (len(prefix), prefix),
                ).fetchone()
        except sqlite3.DatabaseError as exc:
            self._recover(exc)
            return None
        if row is None:
            return None
        try:  # marked as used, so that eviction keeps it (a cache that cannot be written still
            # answers: the blob is in hand)
            with self._db:
                self._db.execute("UPDATE matches SET used = ? WHERE key = ?", (time.time(), row[0]))
        except sqlite3.DatabaseError as exc:
            self._recover(exc)
        return bytes(row[1])

    def store_matches(self, key: str, blob: bytes) -> None:
        """Keep `blob` under `key`, dropping all but the `MATCHES_KEPT` most recently used."""
        try:
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO matches VALUES (?, ?, ?)", (key, time.time(), blob)
                )
                self._db.execute(
                    "DELETE FROM matches WHERE key NOT IN "
                    "(SELECT key FROM matches ORDER BY used DESC LIMIT ?)",
                    (MATCHES_KEPT,),
                )
        except sqlite3.DatabaseError as exc:
            self._recover(exc)

    # -- writing --------------------------------------------------------------------------------

    def put(
        self,
        path: str | Path,
        size: int,
        mtime_ns: int,
        algorithm: HashAlgorithm | str,
        outcome: Analysis | FileError,
    ) -> None:
        """Remember one file's outcome. Errors that may be transient are not stored. Rows are
        committed in batches (every 500 rows or every second)."""
        if isinstance(outcome, FileError):
            if outcome.kind not in CACHEABLE_ERRORS:
                return
            row = (None,) * 10 + (outcome.kind.value, outcome.reason, None)
        else:
            fp = outcome.fingerprint
            row = (
                outcome.width,
                outcome.height,
                outcome.format,
                outcome.date_taken.isoformat() if outcome.date_taken else None,
                outcome.camera,
                _signed(fp.hash),
                fp.packed_variants,
                int(fp.blank),
                bytes(fp.detail),
                outcome.digest,
                None,
                None,
                outcome.frames,
            )
        self._pending.append((self._key(algorithm), os.fsencode(path), size, mtime_ns, *row))
        if (
            len(self._pending) >= _FLUSH_ROWS
            or time.monotonic() - self._last_flush > _FLUSH_SECONDS
        ):
            self.flush()

    def flush(self) -> None:
        """Commit the rows written so far."""
        self._last_flush = time.monotonic()
        if not self._pending:
            return
        rows, self._pending = self._pending, []
        try:
            with self._db:
                self._db.executemany(
                    f"INSERT OR REPLACE INTO entries (settings, {_COLUMNS}) "
                    f"VALUES ({', '.join('?' * 17)})",
                    rows,
                )
        except sqlite3.DatabaseError as exc:
            self._recover(exc)

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._db.close()

    def __enter__(self) -> HashCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _numbered(rows: list[tuple[bytes, int, int]]) -> Iterator[tuple[int, bytes, int, int]]:
    for k, (path, size, mtime) in enumerate(rows):
        yield k, path, size, mtime


def _signed(h: int) -> int:
    return h - _U64 if h >= 1 << 63 else h


def _analysis_class() -> type[Analysis]:
    from dupviewer.engine.analyse import Analysis  # lazy: the cache must not pull in decoders

    return Analysis


def _outcome(row: tuple, analysis_class: type[Analysis]) -> Analysis | FileError | None:
    """The outcome a row records; None when the file must be analysed again: a row of a format
    that may hold several frames, written before frames were counted (schema 2)."""
    (path, size, mtime_ns, width, height, fmt, date_taken, camera) = row[:8]
    (h, variants, blank, detail, digest, error_kind, error_reason, frames) = row[8:]
    if error_kind is not None:
        try:
            kind = ErrorKind(error_kind)
        except ValueError:
            kind = ErrorKind.OTHER
        return FileError(Path(os.fsdecode(path)), kind, error_reason or "")
    if frames is None and fmt in _FRAMED_FORMATS:
        return None
    fingerprint = Fingerprint.from_packed(h % _U64, variants or b"", bool(blank), detail or b"")
    return analysis_class(
        size=size,
        mtime_ns=mtime_ns,
        width=width,
        height=height,
        format=sys.intern(fmt),  # a handful of names, shared instead of one string per photo
        # (rows written before placeholders such as 0001-01-01 were dropped at decoding)
        date_taken=plausible_date_taken(datetime.fromisoformat(date_taken)) if date_taken else None,
        camera=camera,
        fingerprint=fingerprint,
        digest=digest,
        frames=frames or 1,
    )
