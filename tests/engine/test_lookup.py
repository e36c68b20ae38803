"""Reverse look-up: find the copies of given photos in a generated library."""

from __future__ import annotations

import os
import shutil
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from images import make_photo, save
from PIL import Image, ImageDraw

from dupviewer.engine import lookup as lookup_module
from dupviewer.engine.lookup import (
    IDENTICAL_BYTES,
    SAME_FILE,
    SIMILAR,
    LookupMatch,
    find_copies,
    result_to_dict,
)
from dupviewer.engine.mih import HammingIndex
from dupviewer.engine.model import ErrorKind, FileError, Fingerprint, Photo, Stage


@dataclass(frozen=True)
class Library:
    root: Path
    queries: Path  # folder of query images, outside the library


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Library:
    """Three originals (one also as a byte-identical copy), an unrelated photo and a broken file
    in the library; resized / re-saved / rotated / unrelated / broken query images outside it."""
    base = tmp_path_factory.mktemp("lookup")
    root, queries = base / "library", base / "queries"
    save(make_photo(1), root / "a.jpg", quality=95)
    save(make_photo(2), root / "b.png")
    save(make_photo(3), root / "trip" / "c.jpg", quality=90)
    save(make_photo(4), root / "trip" / "d.webp")
    (root / "backup").mkdir()
    shutil.copy2(root / "a.jpg", root / "backup" / "a copy.jpg")
    (root / "broken.jpg").write_bytes((root / "a.jpg").read_bytes()[:300])

    save(make_photo(1).resize((240, 160), Image.Resampling.LANCZOS), queries / "a-small.png")
    save(make_photo(2), queries / "b-resaved.jpg", quality=60)
    save(make_photo(3).transpose(Image.Transpose.ROTATE_90), queries / "c-turned.jpg", quality=90)
    save(make_photo(77), queries / "unrelated.jpg")
    edited = make_photo(3)
    ImageDraw.Draw(edited).rectangle((380, 220, 460, 300), fill=(250, 250, 250))
    save(edited, queries / "c-edited.jpg", quality=90)
    (queries / "notes.jpg").write_text("this is not a photo")
    return Library(root, queries)


def _paths(matches: tuple[LookupMatch, ...]) -> list[str]:
    return [os.path.basename(m.path) for m in matches]


def _find(library: Library, names, tmp_path: Path, **kwargs):
    return find_copies(
        [library.root / n[8:] if n.startswith("library/") else library.queries / n for n in names],
        [library.root],
        cache_path=tmp_path / "cache.sqlite",
        workers=2,
        **kwargs,
    )


def test_resized_resaved_unrelated_and_broken_queries(library: Library, tmp_path: Path) -> None:
    result = _find(
        library,
        ["a-small.png", "b-resaved.jpg", "unrelated.jpg", "notes.jpg", "c-turned.jpg"],
        tmp_path,
    )
    small, resaved, unrelated, notes, turned = result.queries
    # The resized copy finds the original and its byte-identical backup, both "similar".
    assert sorted(_paths(small.matches)) == ["a copy.jpg", "a.jpg"]
    assert {m.match for m in small.matches} == {SIMILAR}
    assert small.matches[0].distance == small.matches[1].distance <= 4
    assert _paths(resaved.matches) == ["b.png"]
    assert resaved.matches[0].match == SIMILAR and resaved.matches[0].distance <= 6
    assert unrelated.matches == () and unrelated.error is None
    assert turned.matches == ()  # rotated: found only with rotations on
    assert notes.matches == () and notes.photo is None
    assert notes.error is not None and notes.error.kind == ErrorKind.NOT_AN_IMAGE
    assert notes.error.path == library.queries / "notes.jpg"
    assert result.failed_queries == (notes,)
    # The library's own broken file is a library error, not a failed query.
    assert [(e.path.name, e.kind) for e in result.errors] == [("broken.jpg", ErrorKind.CORRUPT)]
    assert result.indexed == 5 and result.complete
    assert small.photo is not None and small.photo.width == 240


def test_rotated_query_found_with_rotations(library: Library, tmp_path: Path) -> None:
    result = _find(library, ["c-turned.jpg", "a-small.png"], tmp_path, rotations=True)
    turned, small = result.queries
    assert _paths(turned.matches) == ["c.jpg"]
    # The query is c turned 90 degrees anticlockwise (Pillow's ROTATE_90), so c looks like the
    # query turned 90 degrees clockwise.
    assert turned.matches[0].match == "rotated 90"
    assert turned.matches[0].distance <= 4
    # An upright match stays labelled "similar" with rotations on.
    assert {m.match for m in small.matches} == {SIMILAR}


def test_query_inside_the_library_finds_itself_first(library: Library, tmp_path: Path) -> None:
    result = _find(library, ["library/a.jpg"], tmp_path)
    (query,) = result.queries
    assert query.path == library.root / "a.jpg"
    assert [(os.path.basename(m.path), m.distance, m.match) for m in query.matches] == [
        ("a.jpg", 0, SAME_FILE),
        ("a copy.jpg", 0, IDENTICAL_BYTES),
    ]
    # It was analysed once, as a library file: the query reused that analysis.
    assert result.stats.hashed == result.stats.files_seen == 6


def test_hard_link_to_a_library_file_is_the_same_file(library: Library, tmp_path: Path) -> None:
    link = tmp_path / "link.jpg"
    os.link(library.root / "trip" / "c.jpg", link)
    (query,) = find_copies([link], [library.root], cache_path=tmp_path / "c.sqlite").queries
    assert [(m.path.name, m.match) for m in query.matches] == [("c.jpg", SAME_FILE)]


def test_second_lookup_answers_from_cache_and_rehashes_only_a_changed_file(
    tmp_path: Path,
) -> None:
    root = tmp_path / "library"
    for seed in range(4):
        save(make_photo(seed), root / f"p{seed}.jpg")
    query = save(make_photo(60), tmp_path / "query.jpg")
    cache = tmp_path / "cache.sqlite"
    reports = []
    first = find_copies([query], [root], cache_path=cache, progress=reports.append)
    assert (first.stats.hashed, first.stats.from_cache) == (4, 0)
    assert first.queries[0].matches == ()
    # Never scanned: indexed first, with progress up to every file.
    hash_reports = [p for p in reports if p.stage == Stage.HASH]
    assert hash_reports and hash_reports[-1].total == 4
    assert max(p.done for p in hash_reports) == 4

    second = find_copies([query], [root], cache_path=cache)
    assert (second.stats.hashed, second.stats.from_cache) == (0, 4)

    # Replace one photo by a copy of the query: only that file is read again, and found.
    changed = root / "p2.jpg"
    save(make_photo(60), changed, quality=85)
    st = changed.stat()
    os.utime(changed, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    third = find_copies([query], [root], cache_path=cache)
    assert (third.stats.hashed, third.stats.from_cache) == (1, 3)
    assert [m.path for m in third.queries[0].matches] == [changed]


def test_lookup_asks_the_index(library: Library, tmp_path: Path, monkeypatch) -> None:
    """The look-up goes through HammingIndex.query, once for all query hashes."""
    calls = []

    class SpyIndex(HammingIndex):
        def query(self, queries, t):
            calls.append((len(self.hashes), len(queries), t))
            return super().query(queries, t)

    monkeypatch.setattr(lookup_module, "HammingIndex", SpyIndex)
    result = _find(library, ["a-small.png", "b-resaved.jpg"], tmp_path, rotations=True, threshold=7)
    assert calls == [(5, 2 * 8, 7)]  # 5 photos indexed; upright + 7 variants per query
    assert len(result.queries[1].matches) == 1


def test_threshold_bounds_the_matches(library: Library, tmp_path: Path) -> None:
    loose = _find(library, ["c-edited.jpg"], tmp_path).queries[0].matches
    assert _paths(loose) == ["c.jpg"]
    distance = loose[0].distance
    assert distance > 0  # a white patch was painted on the copy
    at = _find(library, ["c-edited.jpg"], tmp_path, threshold=distance).queries[0]
    assert _paths(at.matches) == ["c.jpg"]
    below = _find(library, ["c-edited.jpg"], tmp_path, threshold=distance - 1).queries[0]
    assert below.matches == ()
    with pytest.raises(ValueError):
        _find(library, ["c-edited.jpg"], tmp_path, threshold=65)


def test_missing_query_and_cancel(library: Library, tmp_path: Path) -> None:
    result = _find(library, ["nowhere.jpg"], tmp_path)
    assert result.queries[0].error.kind == ErrorKind.VANISHED
    cancel = threading.Event()
    cancel.set()
    stopped = _find(library, ["a-small.png"], tmp_path, cancel=cancel)
    assert not stopped.complete
    assert stopped.queries[0].matches == ()


def test_json_schema(library: Library, tmp_path: Path) -> None:
    result = _find(library, ["library/a.jpg", "notes.jpg"], tmp_path)
    data = result_to_dict(result)
    assert data["options"] == {
        "roots": [str(library.root)],
        "hash": "phash",
        "threshold": 10,
        "rotations": False,
    }
    itself, notes = data["queries"]
    assert itself["path"] == str(library.root / "a.jpg") and itself["error"] is None
    assert [(m["path"], m["distance"], m["match"]) for m in itself["matches"]] == [
        (str(library.root / "a.jpg"), 0, "same file"),
        (str(library.root / "backup" / "a copy.jpg"), 0, "identical bytes"),
    ]
    assert notes["matches"] == [] and notes["error"]["kind"] == "not-an-image"
    assert data["stats"]["indexed"] == 5


# -- matching on hand-written fingerprints ------------------------------------------------------


def _photo(name: str, h: int, *, variants=(), blank=False, digest=None, inode=None) -> Photo:
    return Photo(
        path=Path("/lib") / name,
        size=1,
        mtime_ns=0,
        dev=1,
        inode=zlib.crc32(name.encode()) if inode is None else inode,
        width=10,
        height=10,
        format="JPEG",
        fingerprint=Fingerprint(h, tuple(variants), blank),
        digest=digest or name,
    )


# The query: hash 0; its "rotated 90" variant is 0xFF00, the other variants are far from
# everything in the library (32+ bits away).
QUERY = _photo(
    "q.jpg",
    0,
    variants=[0xFF00] + [(0xFFFFFFFF << 32) ^ k for k in range(6)],
    digest="q-digest",
    inode=12345,
)
LIBRARY = [
    _photo("far.jpg", 0b1111111),  # 7 bits from the query
    _photo("near.jpg", 0b1),  # 1 bit
    _photo("turned.jpg", 0xFF00),  # equal to the query turned 90 degrees (8 bits upright)
    _photo("both.jpg", 0x0F00),  # 4 bits from the query upright and from it turned
    _photo("tie-b.jpg", 0b110),
    _photo("tie-a.jpg", 0b11),
    _photo("blank.jpg", 0, blank=True),  # same hash, but a blank picture never matches by look
    _photo("too-far.jpg", (1 << 11) - 1),  # 11 bits
    _photo("self.jpg", 0, digest="q-digest", inode=12345),  # the query's own file
    _photo("twin.jpg", 0xFFFF << 48, digest="q-digest"),  # byte-identical, other hash (!)
]


def _listing(matches: tuple[LookupMatch, ...]) -> list[tuple[str, int, str]]:
    return [(m.path.name, m.distance, m.match) for m in matches]


def test_match_orders_closest_first_then_by_kind_then_path() -> None:
    (matches,) = lookup_module._match([QUERY], LIBRARY, 10, rotations=True)
    assert _listing(matches) == [
        ("self.jpg", 0, SAME_FILE),
        ("twin.jpg", 0, IDENTICAL_BYTES),
        ("turned.jpg", 0, "rotated 90"),
        ("near.jpg", 1, SIMILAR),
        ("tie-a.jpg", 2, SIMILAR),
        ("tie-b.jpg", 2, SIMILAR),
        ("both.jpg", 4, SIMILAR),  # a tie between upright and turned: upright wins
        ("far.jpg", 7, SIMILAR),
    ]


def test_match_without_rotations_uses_the_upright_hash_only() -> None:
    (matches,) = lookup_module._match([QUERY], LIBRARY, 7, rotations=False)
    assert _listing(matches) == [
        ("self.jpg", 0, SAME_FILE),
        ("twin.jpg", 0, IDENTICAL_BYTES),
        ("near.jpg", 1, SIMILAR),
        ("tie-a.jpg", 2, SIMILAR),
        ("tie-b.jpg", 2, SIMILAR),
        ("both.jpg", 4, SIMILAR),
        ("far.jpg", 7, SIMILAR),
    ]
    (none,) = lookup_module._match([QUERY], LIBRARY, 0, rotations=False)
    assert _listing(none) == [("self.jpg", 0, SAME_FILE), ("twin.jpg", 0, IDENTICAL_BYTES)]


def test_blank_query_matches_only_its_own_bytes() -> None:
    blank = _photo("white.png", 0, blank=True, digest="q-digest")
    (matches,) = lookup_module._match([blank], LIBRARY, 10, rotations=True)
    assert _listing(matches) == [("self.jpg", 0, IDENTICAL_BYTES), ("twin.jpg", 0, IDENTICAL_BYTES)]


def test_match_with_empty_library_and_failed_queries() -> None:
    error = FileError(Path("/x.jpg"), ErrorKind.CORRUPT, "truncated")
    assert lookup_module._match([QUERY, error], [], 10, rotations=True) == [(), ()]
    assert lookup_module._match([error], LIBRARY, 10, rotations=False) == [()]


def test_photos_under_a_reference_root_come_back_protected(library: Library, tmp_path: Path):
    result = _find(library, ["a-small.png"], tmp_path, reference_roots=[library.root / "backup"])
    protected = {m.path.name: m.photo.in_reference_root for m in result.queries[0].matches}
    assert protected == {"a.jpg": False, "a copy.jpg": True}


def test_a_reference_root_outside_the_roots_is_searched_too_like_a_scan(tmp_path: Path) -> None:
    root, archive = tmp_path / "library", tmp_path / "archive"
    save(make_photo(5), root / "p.jpg")
    save(make_photo(6), archive / "kept.png")
    query = save(make_photo(6).resize((300, 200), Image.Resampling.LANCZOS), tmp_path / "q.jpg")
    reports = []
    result = find_copies(
        [query],
        [root],
        reference_roots=[archive],
        cache_path=tmp_path / "cache.sqlite",
        progress=reports.append,
    )
    (found,) = result.queries[0].matches
    assert (found.path, found.photo.in_reference_root) == (archive / "kept.png", True)
    assert (result.indexed, result.stats.files_seen) == (2, 2)
    # the scanner's progress, then where hashing ended, then the look-up's own stages
    assert [p.stage for p in reports][-3:] == [Stage.HASH, Stage.GROUP, Stage.DONE]
    assert (reports[-3].done, reports[-3].total) == (2, 2)
