"""The SQLite hash cache: exact round trips, invalidation, persistence, corruption recovery."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from dupviewer.engine import paths
from dupviewer.engine.cache import HashCache, default_cache_path
from dupviewer.engine.model import ErrorKind, FileError, Fingerprint, HashAlgorithm

analyse = pytest.importorskip("dupviewer.engine.analyse")


def _analysis(n: int, size: int = 1000, mtime_ns: int = 1_700_000_000_000_000_000):
    return analyse.Analysis(
        size=size,
        mtime_ns=mtime_ns,
        width=320 + n,
        height=240,
        format="JPEG",
        date_taken=datetime(2023, 7, 14, 18, 2, 11) if n % 2 else None,
        camera="Canon EOS R6" if n % 2 else None,
        fingerprint=Fingerprint(
            hash=(0xF0F0_0000_0000_0000 + n),  # top bit set: stored signed, read back unsigned
            variants=tuple((n * 7919 + k) & 0xFFFF_FFFF_FFFF_FFFF for k in range(8)),
            blank=n == 3,
            detail=bytes([n % 256]) * 4,
        ),
        digest=f"{n:064x}",
    )


def test_default_location_is_the_user_cache_folder() -> None:
    assert default_cache_path() == paths.cache_dir() / "hashes.sqlite"
    with HashCache() as cache:
        assert cache.path == default_cache_path()
    assert default_cache_path().exists()


def test_round_trip_and_invalidation(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    with HashCache(db) as cache:
        for n in range(5):
            cache.put(tmp_path / f"{n}.jpg", 1000, 5, HashAlgorithm.PHASH, _analysis(n, 1000, 5))
    with HashCache(db) as cache:
        wanted = [(tmp_path / f"{n}.jpg", 1000, 5) for n in range(5)]
        hits = cache.lookup(wanted, HashAlgorithm.PHASH)
        assert hits == {os.fspath(tmp_path / f"{n}.jpg"): _analysis(n, 1000, 5) for n in range(5)}
        # A changed size or mtime, another algorithm, or an unknown path: no answer.
        assert cache.lookup([(tmp_path / "0.jpg", 1001, 5)], "phash") == {}
        assert cache.lookup([(tmp_path / "0.jpg", 1000, 6)], "phash") == {}
        assert cache.lookup(wanted, HashAlgorithm.DHASH) == {}
        assert cache.lookup([(tmp_path / "new.jpg", 1000, 5)], "phash") == {}
        # In input order, None for a miss (what a scan uses: no map of paths on the way).
        asked = [*wanted[::-1], (tmp_path / "new.jpg", 1000, 5), (tmp_path / "0.jpg", 1001, 5)]
        in_order = cache.lookup_in_order(asked, "phash")
        assert in_order == [_analysis(n, 1000, 5) for n in reversed(range(5))] + [None, None]


def test_errors_cached_only_when_they_depend_on_the_bytes(tmp_path: Path) -> None:
    broken, locked = tmp_path / "broken.jpg", tmp_path / "locked.jpg"
    with HashCache(tmp_path / "c.sqlite") as cache:
        cache.put(broken, 10, 1, "phash", FileError(broken, ErrorKind.CORRUPT, "truncated"))
        cache.put(locked, 10, 1, "phash", FileError(locked, ErrorKind.PERMISSION, "denied"))
        hits = cache.lookup([(broken, 10, 1), (locked, 10, 1)], "phash")
    assert hits == {os.fspath(broken): FileError(broken, ErrorKind.CORRUPT, "truncated")}


def test_rows_of_unseen_files_are_kept(tmp_path: Path) -> None:
    """An unplugged drive's rows survive scans that do not see them."""
    drive = Path("/media/usb/photos/x.jpg")
    db = tmp_path / "c.sqlite"
    with HashCache(db) as cache:
        cache.put(drive, 1000, 5, "phash", _analysis(1, 1000, 5))
    with HashCache(db) as cache:
        cache.lookup([(tmp_path / "other.jpg", 1, 1)], "phash")
        cache.put(tmp_path / "other.jpg", 1000, 5, "phash", _analysis(2, 1000, 5))
    with HashCache(db) as cache:
        assert len(cache) == 2
        assert cache.lookup([(drive, 1000, 5)], "phash") == {
            os.fspath(drive): _analysis(1, 1000, 5)
        }


def test_bulk_lookup_of_many_files(tmp_path: Path) -> None:
    rows = [(tmp_path / "d" / f"{n:05}.jpg", 1000, n) for n in range(5000)]
    with HashCache(tmp_path / "c.sqlite") as cache:
        for n, (p, size, mtime) in enumerate(rows):
            cache.put(p, size, mtime, "phash", _analysis(n, size, mtime))
        changed = rows[:10] + [(p, s, m + 1) for p, s, m in rows[10:20]] + rows[20:]
        hits = cache.lookup(changed, "phash")
    assert len(hits) == 4990
    assert os.fspath(rows[15][0]) not in hits
    assert hits[os.fspath(rows[4321][0])] == _analysis(4321, 1000, 4321)


def test_entries_under_a_folder_use_the_path_prefix(tmp_path: Path) -> None:
    with HashCache(tmp_path / "c.sqlite") as cache:
        for i, p in enumerate(["/p/a/1.jpg", "/p/a/sub/2.jpg", "/p/ab/3.jpg", "/p/a.jpg"]):
            cache.put(p, 1000, 5, "phash", _analysis(i, 1000, 5))
        bad = Path("/p/a/bad.jpg")
        cache.put(bad, 3, 3, "phash", FileError(bad, ErrorKind.CORRUPT, "truncated"))
        under = [(str(p), a.width) for p, _, _, a in cache.entries_under("/p/a", "phash")]
    assert under == [("/p/a/1.jpg", 320), ("/p/a/sub/2.jpg", 321)]


def test_undecodable_file_names_round_trip(tmp_path: Path) -> None:
    name = Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9.jpg"))
    with HashCache(tmp_path / "c.sqlite") as cache:
        cache.put(name, 1000, 5, "phash", _analysis(0, 1000, 5))
        assert cache.lookup([(name, 1000, 5)], "phash") == {os.fspath(name): _analysis(0, 1000, 5)}
        assert [p for p, *_ in cache.entries_under(tmp_path, "phash")] == [name]


DAMAGED = b"SQLite format 3\x00" + b"this is not a database" * 100  # a header, then garbage


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch) -> Path:
    """tmp_path/c.sqlite as dupviewer's own default cache: the only file it moves aside."""
    from dupviewer.engine import cache as cache_module

    db = tmp_path / "c.sqlite"
    monkeypatch.setattr(cache_module, "default_cache_path", lambda: db)
    return db


def test_corrupt_cache_is_set_aside_and_rebuilt(tmp_path: Path, own_cache: Path) -> None:
    db = own_cache
    db.write_bytes(DAMAGED)
    with HashCache(db) as cache:
        assert len(cache.warnings) == 1 and "rebuilt" in cache.warnings[0]
        cache.put(tmp_path / "a.jpg", 1000, 5, "phash", _analysis(0, 1000, 5))
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == DAMAGED
    with HashCache(db) as cache:
        assert cache.warnings == []
        assert len(cache) == 1


def test_only_the_newest_damaged_caches_are_kept_aside(tmp_path: Path, own_cache: Path) -> None:
    db = own_cache
    for stamp in ("20240101-000000", "20240102-000000", "20240103-000000"):
        (tmp_path / f"c.sqlite.corrupt-{stamp}").write_bytes(b"old")
        (tmp_path / f"c.sqlite.corrupt-{stamp}-wal").write_bytes(b"old")
    db.write_bytes(DAMAGED)
    with HashCache(db) as cache:
        assert "rebuilt" in cache.warnings[0]
    left = sorted(p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name)
    assert len(left) == 3  # the newest old one (with its WAL) and the file just set aside
    assert left[:2] == ["c.sqlite.corrupt-20240103-000000", "c.sqlite.corrupt-20240103-000000-wal"]
    assert (tmp_path / left[2]).read_bytes() == DAMAGED


def _refused_and_left_as_it_is(path: Path, reason: str) -> None:
    """HashCache refuses `path` (an OSError saying `reason`), which keeps its bytes, and nothing
    is set aside next to it (its folder holds it alone)."""
    before = path.read_bytes()
    with pytest.raises(OSError, match=reason):
        HashCache(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_a_file_given_as_the_cache_that_is_no_sqlite_file_is_left_as_it_is(
    tmp_path: Path,
) -> None:
    """QA: `--cache photo.jpg` moved the photo aside as a "damaged cache" and put a database in
    its place; the third such run deleted it. A file that is not SQLite is someone's data: the
    scan goes on without a cache and says so."""
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"jpeg data" * 100)
    _refused_and_left_as_it_is(photo, "cannot be read is left as it is")


def test_a_damaged_file_given_as_the_cache_is_left_as_it_is(tmp_path: Path) -> None:
    """QA: another program's database that this SQLite could not read was moved aside as a
    "damaged cache" and a third run deleted it. Only dupviewer's own file is moved aside."""
    db = tmp_path / "given.sqlite"
    db.write_bytes(DAMAGED)
    _refused_and_left_as_it_is(db, "left as it is")
    assert db.read_bytes() == DAMAGED


def test_garbage_at_the_default_cache_path_is_set_aside(tmp_path: Path, monkeypatch) -> None:
    """dupviewer's own cache file, overwritten from its first byte: still ours to replace."""
    from dupviewer.engine import cache as cache_module

    db = tmp_path / "own" / "cache.sqlite"
    db.parent.mkdir()
    db.write_bytes(b"\x00garbage" * 1000)
    monkeypatch.setattr(cache_module, "default_cache_path", lambda: db)
    with HashCache() as cache:
        assert "rebuilt" in cache.warnings[0]
    assert any(".corrupt-" in p.name for p in db.parent.iterdir())


def _cache_bytes(tmp_path: Path, rows: int) -> tuple[Path, bytearray]:
    """A cache file of `rows` entries, checkpointed (every row in the file), and its bytes."""
    db = tmp_path / "c.sqlite"
    with HashCache(db) as cache:
        for n in range(rows):
            cache.put(tmp_path / f"{n}.jpg", 1000, 5, "phash", _analysis(n, 1000, 5))
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return db, bytearray(db.read_bytes())


def test_damaged_pages_are_detected(tmp_path: Path, own_cache: Path) -> None:
    db, data = _cache_bytes(tmp_path, 300)
    page = 4096
    data[2 * page : 4 * page] = b"\xff" * (2 * page)  # scribble over table pages
    db.write_bytes(bytes(data))
    with HashCache(db) as cache:
        assert cache.warnings and "rebuilt" in cache.warnings[0]
        assert len(cache) == 0


def test_a_long_integrity_report_is_cut_to_a_line(tmp_path: Path, own_cache: Path) -> None:
    """QA: a cache damaged in many pages made a warning of ~100 lines in the scan's output
    (SQLite's report names every page); the warning keeps its first lines and counts the rest."""
    import random

    db, data = _cache_bytes(tmp_path, 3000)
    page, pages = 4096, len(data) // 4096
    noise = random.Random(7)
    for k in range(pages // 2, pages - 2, 4):  # scribble inside many pages, past the header
        data[k * page + 100 : k * page + 400] = noise.randbytes(300)
    db.write_bytes(bytes(data))
    with HashCache(db) as cache:
        (warning,) = cache.warnings
    assert "integrity check failed" in warning and "more lines)" in warning
    assert "\n" not in warning and len(warning) < 500


def test_a_damaged_row_is_skipped_and_rewritten(tmp_path: Path) -> None:
    """A row the file's checks cannot see (a blob of the wrong length) answers nothing: its
    photo is analysed again, the scan is told, and the next `put` replaces the row."""
    db = tmp_path / "c.sqlite"
    files = [(tmp_path / f"{n}.jpg", 1000, 5) for n in range(3)]
    with HashCache(db) as cache:
        for n, (path, size, mtime) in enumerate(files):
            cache.put(path, size, mtime, "phash", _analysis(n, size, mtime))
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "UPDATE entries SET variants = x'00' WHERE path = ?", (os.fsencode(files[1][0]),)
        )
        conn.execute(
            "UPDATE entries SET date_taken = 'yesterday' WHERE path = ?",
            (os.fsencode(files[2][0]),),
        )
    conn.close()
    with HashCache(db) as cache:
        found = cache.lookup_in_order(files, "phash")
        assert found[0] == _analysis(0, 1000, 5)
        assert found[1] is None and found[2] is None
        assert len(cache.warnings) == 1 and "2 damaged entries" in cache.warnings[0]
        assert [p for p, *_ in cache.entries_under(tmp_path, "phash")] == [files[0][0]]
        for n in (1, 2):
            cache.put(*files[n], "phash", _analysis(n, 1000, 5))
    with HashCache(db) as cache:
        assert cache.lookup_in_order(files, "phash") == [_analysis(n, 1000, 5) for n in range(3)]
        assert cache.warnings == []
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]


def test_a_cache_that_cannot_be_written_is_read_and_left_alone(tmp_path: Path) -> None:
    """Read-only (a read-only mount, say): look-ups and stored matches still answer, writes are
    dropped with one warning, and the file is neither set aside nor changed."""
    from dupviewer.engine import cache as cachemod

    db = tmp_path / "c.sqlite"
    path = tmp_path / "a.jpg"
    with HashCache(db) as cache:
        cache.put(path, 1000, 5, "phash", _analysis(0, 1000, 5))
        cache.store_matches("key", b"search")
    with HashCache(db) as cache:
        cache._db.close()  # as on a read-only mount: every write fails with SQLITE_READONLY
        cache._db = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
        cache._db.execute(cachemod._WANTED)
        assert cache.lookup_in_order([(path, 1000, 5)], "phash") == [_analysis(0, 1000, 5)]
        assert cache.load_matches("key") == b"search"
        cache.put(tmp_path / "b.jpg", 1000, 5, "phash", _analysis(1, 1000, 5))
        cache.store_matches("other", b"x")
        cache.flush()
        assert len(cache.warnings) == 1
        assert "could not be used" in cache.warnings[0] and "left as it is" in cache.warnings[0]
        assert "rebuilt" not in cache.warnings[0]
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    with HashCache(db) as cache:
        assert len(cache) == 1 and cache.load_matches("key") == b"search"


def test_a_cache_locked_by_another_program_is_not_set_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holds a write transaction longer than the busy timeout: this scan's rows
    are not saved (one warning, after one wait), and the other program's cache stays in place."""
    from dupviewer.engine import cache as cachemod

    monkeypatch.setattr(cachemod, "BUSY_SECONDS", 0.2)
    db = tmp_path / "c.sqlite"
    with HashCache(db) as cache:
        cache.put(tmp_path / "a.jpg", 1000, 5, "phash", _analysis(0, 1000, 5))
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO meta VALUES ('other program', 'was here')")
    try:
        with HashCache(db) as cache:
            assert cache.lookup_in_order([(tmp_path / "a.jpg", 1000, 5)], "phash")[0] is not None
            for n in range(1, 4):
                cache.put(tmp_path / f"{n}.jpg", 1000, 5, "phash", _analysis(n, 1000, 5))
                cache.flush()
            assert len(cache.warnings) == 1 and "locked" in cache.warnings[0]
    finally:
        other.execute("COMMIT")
        other.close()
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    with HashCache(db) as cache:
        assert len(cache) == 1
        assert cache._db.execute("SELECT value FROM meta WHERE key = 'other program'").fetchone()


def test_killed_writer_keeps_committed_batches(tmp_path: Path) -> None:
    """Rows are committed as they go: a process killed before `close` loses at most its last
    batch, so a killed scan resumes instead of starting over."""
    db = tmp_path / "c.sqlite"
    script = f"""
import os
from pathlib import Path
from dupviewer.engine.analyse import Analysis
from dupviewer.engine.cache import HashCache
from dupviewer.engine.model import Fingerprint
cache = HashCache(Path({str(db)!r}))
for n in range(1200):
    a = Analysis(size=1000, mtime_ns=5, width=1, height=1, format='PNG', date_taken=None,
                 camera=None, fingerprint=Fingerprint(hash=n), digest=str(n))
    cache.put(Path('/lib/%d.jpg' % n), 1000, 5, 'phash', a)
os._exit(9)  # no close(), no flush()
"""
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", script], cwd=root, check=False, timeout=60)
    with HashCache(db) as cache:
        assert len(cache) >= 1000  # batches of 500 were committed without any close()


def test_stored_matches_round_trip_keyed_and_evicted(tmp_path: Path) -> None:
    import numpy as np

    from dupviewer.engine import cache as cachemod

    arrays = {
        "i": np.array([0, 2], np.intp),
        "distance": np.array([3, 0], np.uint8),
        "threshold": np.asarray(16),
    }
    scope = cachemod.scope_digest(["/p/b", "/p/a"])
    assert scope == cachemod.scope_digest(["/p/a", "/p/b"])  # the folders, in any order
    assert scope != cachemod.scope_digest(["/p/a"])
    key = cachemod.matches_key("phash", 16, True, True, scope)
    assert key.startswith(cachemod.matches_prefix("phash", 16, True, True))
    assert key != cachemod.matches_key("phash", 16, True, False, scope)
    assert key != cachemod.matches_key("dhash", 16, True, True, scope)
    prefix = cachemod.matches_prefix("phash", 16, True, True)
    other_scope = cachemod.matches_key("phash", 16, True, True, cachemod.scope_digest(["/q"]))
    with HashCache(tmp_path / "c.sqlite") as cache:
        assert cache.load_matches(key) is None
        assert cache.load_matches(key, prefix) is None
        cache.store_matches(other_scope, b"older")
        cache.store_matches(cachemod.matches_key("phash", 16, True, False, scope), b"no crops")
        # another scope's search with the same settings stands in (the newest such)
        assert cache.load_matches(key, prefix) == b"older"
        assert cache.load_matches(key) is None
        cache.store_matches(key, cachemod.pack_arrays(arrays))
        assert cache.load_matches(key, prefix) != b"older"  # its own comes first
    with HashCache(tmp_path / "c.sqlite") as cache:
        back = cachemod.unpack_arrays(cache.load_matches(key))
        assert back.keys() == arrays.keys()
        assert all(
            np.array_equal(back[k], v) and back[k].dtype == v.dtype for k, v in arrays.items()
        )
        for n in range(cachemod.MATCHES_KEPT):  # newer results push the oldest out
            cache.store_matches(f"other-{n}", b"x")
        assert cache.load_matches(key) is None
        assert cache.load_matches("other-0") == b"x"
    with pytest.raises(ValueError, match="damaged"):
        cachemod.unpack_arrays(cachemod.pack_arrays(arrays)[:-20])


# The layout of schema 1, as earlier versions wrote it: WITHOUT ROWID tables, in which every row
# of ~1.2 KB spilled into an overflow page of its own.
_SCHEMA_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (
    settings TEXT NOT NULL, path BLOB NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    width INTEGER, height INTEGER, format TEXT, date_taken TEXT, camera TEXT, hash INTEGER,
    variants BLOB, blank INTEGER, detail BLOB, digest TEXT, error_kind TEXT, error_reason TEXT,
    PRIMARY KEY (settings, path)
) WITHOUT ROWID;
CREATE TABLE matches (key TEXT PRIMARY KEY, used REAL NOT NULL, blob BLOB NOT NULL) WITHOUT ROWID;
INSERT INTO meta VALUES ('schema', '1');
"""


_SCHEMA_2_COLUMNS = (
    "settings, path, size, mtime_ns, width, height, format, date_taken, camera, hash, variants, "
    "blank, detail, digest, error_kind, error_reason"
)


def _as_schema_2(db: Path) -> None:
    """Turn a cache file of this version back into the layout of schema 2 (no `frames`)."""
    conn = sqlite3.connect(db)
    conn.executescript(
        f"CREATE TABLE e2 AS SELECT {_SCHEMA_2_COLUMNS} FROM entries; DROP TABLE entries;"
        "ALTER TABLE e2 RENAME TO entries;"
        "CREATE UNIQUE INDEX entries_by_path ON entries (settings, path);"
        "UPDATE meta SET value = '2' WHERE key = 'schema';"
    )
    conn.close()


def test_scans_opening_an_old_cache_at_once_migrate_it_once(tmp_path: Path) -> None:
    """Four processes open one schema-2 cache together: one migrates, the others find it done;
    none takes the other's work for damage (which set the healthy cache aside)."""
    import subprocess
    import sys

    db = tmp_path / "c.sqlite"
    with HashCache(db) as cache:
        for n in range(8):
            cache.put(tmp_path / f"{n}.jpg", 1000, 5, "phash", _analysis(n, 1000, 5))
    _as_schema_2(db)
    code = (
        "import sys; from dupviewer.engine.cache import HashCache\n"
        "with HashCache(sys.argv[1]) as c: print(len(c), c.warnings)"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=60)[0].strip() for p in procs]
    assert outputs == ["8 []"] * 4
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]


def _thumbnail_analysis(n: int):
    """An analysis with a real-sized 32x32 thumbnail, as a scan stores it."""
    a = _analysis(n)
    fp = a.fingerprint
    detail = bytes((n + k) % 256 for k in range(1024))
    return dataclasses.replace(a, fingerprint=Fingerprint(fp.hash, fp.variants, fp.blank, detail))


def test_a_schema_1_cache_is_migrated_with_its_rows_and_shrinks(tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    with HashCache(db) as cache:  # rows written the current way, then copied into schema 1
        for n in range(400):
            a = _thumbnail_analysis(n)
            cache.put(tmp_path / f"{n}.jpg", a.size, a.mtime_ns, "phash", a)
        cache.store_matches("k", b"match arrays")
    old = tmp_path / "old.sqlite"
    conn = sqlite3.connect(old)
    conn.executescript(_SCHEMA_1)
    conn.execute("ATTACH ? AS new", (str(db),))
    conn.execute(f"INSERT INTO entries SELECT {_SCHEMA_2_COLUMNS} FROM new.entries")
    conn.execute("INSERT INTO matches SELECT * FROM new.matches")
    conn.commit()
    conn.close()
    size_1 = old.stat().st_size
    with HashCache(old) as cache:
        assert cache.warnings == []
        assert len(cache) == 400
        stamp = _analysis(0).mtime_ns
        wanted = [(tmp_path / f"{n}.jpg", 1000, stamp) for n in range(400)]
        found = cache.lookup(wanted, "phash")
        assert found[str(tmp_path / "7.jpg")] == _thumbnail_analysis(7)
        assert len(found) == 400
        assert cache.load_matches("k") == b"match arrays"
    conn = sqlite3.connect(old)
    sql = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    assert "WITHOUT ROWID" not in sql["entries"] and "old_entries" not in sql
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("3",)
    conn.close()
    assert old.stat().st_size < size_1 / 2  # each row had an overflow page of its own


def test_a_schema_2_cache_keeps_its_rows_but_framed_formats_are_analysed_again(
    tmp_path: Path,
) -> None:
    """Schema 2 had no `frames`: a JPEG row (one picture) still answers, while a PNG, GIF,
    WebP, TIFF or HEIF row could hide an animation or pages, so that file is analysed again."""
    db = tmp_path / "c.sqlite"
    stamp = _analysis(0).mtime_ns
    pages = dataclasses.replace(_analysis(2), format="TIFF", frames=3)
    with HashCache(db) as cache:
        cache.put(tmp_path / "photo.jpg", 1000, stamp, "phash", _analysis(1))
        cache.put(tmp_path / "pages.tif", 1000, stamp, "phash", pages)
    _as_schema_2(db)  # back to schema 2: the column gone, the version said
    with HashCache(db) as cache:
        found = cache.lookup(
            [(tmp_path / "photo.jpg", 1000, stamp), (tmp_path / "pages.tif", 1000, stamp)],
            "phash",
        )
        assert cache.warnings == []
        assert list(found) == [str(tmp_path / "photo.jpg")]
        assert found[str(tmp_path / "photo.jpg")] == _analysis(1)
        cache.put(tmp_path / "pages.tif", 1000, stamp, "phash", pages)
        again = cache.lookup([(tmp_path / "pages.tif", 1000, stamp)], "phash")
        assert again[str(tmp_path / "pages.tif")].frames == 3


def test_a_cache_of_an_unknown_layout_is_started_afresh(tmp_path: Path) -> None:
    """A newer dupviewer's cache (its own tables, another layout): disposable."""
    db = tmp_path / "c.sqlite"
    conn = sqlite3.connect(db)
    conn.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE entries (settings TEXT, path BLOB, size INTEGER, mtime_ns INTEGER, new BLOB);"
        "INSERT INTO entries VALUES ('x', X'00', 1, 2, NULL);"
        "INSERT INTO meta VALUES ('schema', '99');"
    )
    conn.close()
    with HashCache(db) as cache:
        assert len(cache) == 0
        cache.put(tmp_path / "a.jpg", 1000, 5, "phash", _analysis(0))
        assert len(cache) == 1


@pytest.mark.parametrize(
    "script",
    [
        "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');",
        # QA: a table named like ours, and a meta table saying "schema": dropped by a migration
        "CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('schema', '12');"
        "CREATE TABLE entries (id INTEGER, title TEXT); INSERT INTO entries VALUES (1, 'diary');",
    ],
)
def test_another_programs_database_is_never_a_cache(tmp_path: Path, script: str) -> None:
    """QA: `--cache their.db` added tables to another program's database, dropped its
    `entries` table, or moved it aside (and a third run deleted it). It is left as it is."""
    db = tmp_path / "their.db"
    conn = sqlite3.connect(db)
    conn.executescript(script)
    conn.close()
    _refused_and_left_as_it_is(db, "another program's SQLite database")


def test_a_placeholder_date_cached_before_is_read_as_no_date(tmp_path: Path) -> None:
    """Rows written before dates such as 0001-01-01 were dropped at decoding must not keep
    them: as the "oldest date taken" such a copy was kept over the camera original."""
    from dataclasses import replace

    db = tmp_path / "c.sqlite"
    old = replace(_analysis(1), date_taken=datetime(1, 1, 1))
    with HashCache(db) as cache:
        cache.put(tmp_path / "a.jpg", old.size, old.mtime_ns, "phash", old)
    with HashCache(db) as cache:
        (hit,) = cache.lookup([(tmp_path / "a.jpg", old.size, old.mtime_ns)], "phash").values()
    assert hit.date_taken is None and hit.camera == old.camera
