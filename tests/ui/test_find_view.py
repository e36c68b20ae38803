"""The "Find copies" dialog: look-up in the background, review as groups, safe removal."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from images import make_photo, save
from PIL import Image
from PySide6.QtCore import QMimeData, QSettings, QUrl

from dupviewer.engine.lookup import (
    CANCELLED_QUERY,
    SAME_FILE,
    SIMILAR,
    LookupMatch,
    LookupResult,
    QueryResult,
)
from dupviewer.engine.model import (
    ErrorKind,
    FileError,
    Fingerprint,
    GroupKind,
    HashAlgorithm,
    Photo,
    ScanOptions,
)
from dupviewer.ui.find_view import (
    FindDialog,
    find_options,
    image_files_from_mime,
    lookup_to_scan_result,
    open_find_dialog,
)
from dupviewer.ui.settings import Settings
from dupviewer.ui.words import LOOKED_UP


@pytest.fixture()
def library(tmp_path: Path) -> tuple[Path, Path]:
    root, queries = tmp_path / "library", tmp_path / "queries"
    save(make_photo(1), root / "a.jpg", quality=95)
    (root / "backup").mkdir(parents=True)
    shutil.copy2(root / "a.jpg", root / "backup" / "a copy.jpg")
    save(make_photo(2), root / "b.png")
    save(make_photo(1).resize((240, 160), Image.Resampling.LANCZOS), queries / "a-small.png")
    save(make_photo(50), queries / "unrelated.jpg")
    (queries / "notes.jpg").write_text("not a photo")
    return root, queries


def _trash_into(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)

    def trash(path: str) -> None:
        shutil.move(path, folder / Path(path).name)

    return trash


def test_dialog_finds_copies_and_sends_a_marked_copy_to_the_trash(qtbot, library, tmp_path):
    root, queries = library
    small, unrelated, notes = (queries / n for n in ("a-small.png", "unrelated.jpg", "notes.jpg"))
    dialog = FindDialog(
        [small, unrelated, notes],
        find_options([root], cache_path=tmp_path / "cache.sqlite"),
        trash=_trash_into(tmp_path / "trash"),
        journal=tmp_path / "journal.jsonl",
        confirm_trash=lambda *_: True,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.lookup_finished, timeout=60_000) as finished:
        assert dialog.start()
    result = finished.args[0]
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10_000)
    (group,) = result.groups
    copy = root / "backup" / "a copy.jpg"
    assert [m.path for m in group.members] == [small, root / "a.jpg", copy]
    assert [m.match for m in group.members] == [LOOKED_UP, SIMILAR, SIMILAR]
    assert group.kind == GroupKind.SIMILAR
    assert [(e.path, e.kind) for e in result.errors] == [(notes, ErrorKind.NOT_AN_IMAGE)]
    # The review screen shows it, with the query photo as the keeper.
    review = dialog.review
    assert review.group_model().rowCount() == 1
    assert review.photo_model().rowCount() == 3
    # The photo asked about is named so, not "Reference": the keep rules may keep a copy
    labels = [review.photo_model().match_text(group, m) for m in group.members]
    assert labels[0] == "Photo looked up" and "Reference" not in labels
    text = dialog.summary.text()
    assert "Copies found for 1 of 3 photos." in text
    assert "No other copy of: unrelated.jpg." in text
    assert "Could not read notes.jpg: Not an image." in text  # translated words, not the engine's
    assert "notes.jpg: Not an image (" in dialog.summary.toolTip()  # its reason as detail
    # ...and listed with its path, a click away (the summary only counts library files)
    assert dialog.problems.isHidden() and dialog.problems_button.text() == "Problems (1)"
    dialog.problems_button.click()
    assert dialog.problems.isVisible()
    assert [row[0] for row in dialog.problems.model.rows()] == [str(notes)]

    # Marking every photo is refused for the last one: one copy always stays.
    review.set_marked([m.path for m in group.members])
    assert len(review.marked_paths()) == 2
    review.set_marked([copy])
    assert dialog.trash_button.isEnabled()
    with qtbot.waitSignal(dialog.removal_finished, timeout=30_000) as removed:
        dialog.trash_button.click()
    report = removed.args[0]
    assert [o.path for o in report.moved] == [copy]
    assert not copy.exists()
    assert (tmp_path / "trash" / "a copy.jpg").exists()
    assert small.exists() and (root / "a.jpg").exists()
    assert review.photo_model().rowCount() == 2
    assert "Moved to trash: 1 photo (" in dialog.summary.text()  # English's singular form
    dialog.close()


def test_open_find_dialog_uses_the_settings(qtbot, library, tmp_path):
    root, queries = library
    qsettings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings = Settings(qsettings)
    settings.threshold = 0
    settings.rotations = False
    settings.protected_folders = [root / "backup"]
    seen = {}

    def find(queries_, roots, **kwargs):
        seen.update(kwargs, queries=queries_, roots=roots)
        return LookupResult((), tuple(roots), kwargs["threshold"], False, kwargs["algorithm"])

    dialog = open_find_dialog(None, [queries / "a-small.png"], [root], settings, find_function=find)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10_000)
    assert seen["queries"] == (queries / "a-small.png",)
    assert seen["roots"] == (root,)
    assert seen["threshold"] == 0 and seen["rotations"] is False
    assert seen["reference_roots"] == (root / "backup",)
    assert seen["algorithm"] == HashAlgorithm.PHASH
    assert "No other copy of: a-small.png." in dialog.summary.text()


def test_without_folders_nothing_starts(qtbot, library):
    _root, queries = library
    dialog = FindDialog([queries / "a-small.png"], find_options([]))
    qtbot.addWidget(dialog)
    assert not dialog.start()
    assert "Add a folder" in dialog.summary.text()


def test_closing_while_looking_up_cancels_and_waits(qtbot, library):
    root, queries = library
    started = threading.Event()
    cancelled = []

    def slow_find(queries_, roots, *, cancel, **kwargs):
        started.set()
        while not cancel.is_set():
            time.sleep(0.01)
        cancelled.append(True)
        return LookupResult((), tuple(roots), 10, False, HashAlgorithm.PHASH, complete=False)

    dialog = FindDialog([queries / "a-small.png"], find_options([root]), find_function=slow_find)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.start()
    assert started.wait(10)
    dialog.close()  # cancel, quit, wait: returns only once the worker stopped
    assert cancelled == [True]
    assert not dialog.is_running()


def test_image_files_from_mime(library):
    root, queries = library
    mime = QMimeData()
    mime.setUrls(
        [
            QUrl.fromLocalFile(str(queries / "a-small.png")),
            QUrl.fromLocalFile(str(root)),  # a folder: that is for scanning
            QUrl.fromLocalFile(str(root / "missing.jpg")),
            QUrl("https://example.org/photo.jpg"),
        ]
    )
    assert image_files_from_mime(mime) == [queries / "a-small.png"]
    assert image_files_from_mime(QMimeData()) == []


# -- the conversion, on hand-written results ---------------------------------------------------


def _photo(path: str, inode: int, digest: str = "", protected: bool = False) -> Photo:
    return Photo(
        path=Path(path),
        size=100 + inode,
        mtime_ns=0,
        dev=1,
        inode=inode,
        width=10,
        height=10,
        format="JPEG",
        fingerprint=Fingerprint(0),
        digest=digest or path,
        in_reference_root=protected,
    )


def test_each_file_is_in_one_group_with_the_closest_query():
    q1, q2 = _photo("/in/q1.jpg", 1), _photo("/lib/q2.jpg", 2, digest="d2")
    shared = _photo("/lib/shared.jpg", 10)  # looks like both queries
    only1 = _photo("/lib/only1.jpg", 11, protected=True)
    q2_itself = _photo("/lib/q2.jpg", 2, digest="d2")
    q2_link = _photo("/lib/q2-link.jpg", 2, digest="d2")
    twin2 = _photo("/lib/twin.jpg", 12, digest="d2")
    lookup = LookupResult(
        queries=(
            QueryResult(
                q1.path,
                (
                    LookupMatch(only1, 3, SIMILAR),
                    LookupMatch(shared, 5, SIMILAR),
                    LookupMatch(q2_itself, 6, SIMILAR),  # another query's file: not a member
                ),
                q1,
            ),
            QueryResult(
                q2.path,
                (
                    LookupMatch(q2_itself, 0, SAME_FILE),
                    LookupMatch(twin2, 0, "identical bytes"),
                    LookupMatch(shared, 4, "rotated 90"),
                ),
                q2,
            ),
            QueryResult(
                Path("/in/bad.jpg"),
                error=FileError(Path("/in/bad.jpg"), ErrorKind.EMPTY, "empty file"),
            ),
            QueryResult(Path("/in/lonely.jpg"), (), _photo("/in/lonely.jpg", 20)),
        ),
        roots=(Path("/lib"),),
        threshold=10,
        rotations=True,
        algorithm=HashAlgorithm.PHASH,
        errors=(FileError(Path("/lib/broken.jpg"), ErrorKind.CORRUPT, "truncated"),),
    )
    result = lookup_to_scan_result(lookup, reference_roots=[Path("/lib/protected")])
    g1, g2 = result.groups
    assert [(m.path.name, m.distance, m.match, m.keep) for m in g1.members] == [
        ("q1.jpg", 0, LOOKED_UP, True),
        ("only1.jpg", 3, SIMILAR, True),  # protected: proposed to keep
    ]
    assert g1.kind == GroupKind.SIMILAR
    assert [(m.path.name, m.distance, m.match) for m in g2.members] == [
        ("q2.jpg", 0, LOOKED_UP),
        ("twin.jpg", 0, "identical bytes"),
        ("shared.jpg", 4, "rotated 90"),  # closer to q2 (4) than to q1 (5)
    ]
    assert [e.path.name for e in result.errors] == ["bad.jpg", "broken.jpg"]
    assert result.options.reference_roots == (Path("/lib/protected"),)
    assert result.options.roots == (Path("/lib"),)
    assert len(result.photos) == 5
    # The same-file match is not a second member; a hard link would become an alias.
    lookup2 = LookupResult(
        (
            QueryResult(
                q2.path,
                (LookupMatch(q2_link, 0, SAME_FILE), LookupMatch(twin2, 0, "identical bytes")),
                q2,
            ),
        ),
        (Path("/lib"),),
        10,
        False,
        HashAlgorithm.PHASH,
    )
    (g,) = lookup_to_scan_result(lookup2).groups
    assert g.kind == GroupKind.EXACT
    assert g.reference.photo.aliases == (Path("/lib/q2-link.jpg"),)
    assert [m.path.name for m in g.members] == ["q2.jpg", "twin.jpg"]
    assert isinstance(result.options, ScanOptions)


def _run_dialog(qtbot, queries, lookup: LookupResult) -> FindDialog:
    dialog = FindDialog(queries, find_options([Path("/lib")]), find_function=lambda *a, **k: lookup)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.lookup_finished, timeout=30_000):
        assert dialog.start()
    return dialog


def test_a_query_cancelled_before_it_was_read_is_not_unreadable(qtbot):
    """QA round 9: after Cancel the photo looked up was said unreadable ("Could not read ...:
    Other problem") and listed under Problems."""
    q = Path("/in/q.jpg")
    lookup = LookupResult(
        queries=(QueryResult(q, error=FileError(q, ErrorKind.OTHER, CANCELLED_QUERY)),),
        roots=(Path("/lib"),),
        threshold=10,
        rotations=True,
        algorithm=HashAlgorithm.PHASH,
        errors=(FileError(Path("/lib/broken.jpg"), ErrorKind.CORRUPT, "truncated"),),
        complete=False,
    )
    dialog = _run_dialog(qtbot, [q], lookup)
    text = dialog.summary.text()
    assert "Could not read" not in text and "Cancelled" in text
    assert dialog.problems_button.text() == "Problems (1)"  # the library's broken file only
    assert [row[0] for row in dialog.problems.model.rows()] == ["/lib/broken.jpg"]


def test_an_unreadable_query_inside_the_library_is_said_once(qtbot):
    """QA round 9: a broken photo of the library, looked up, was listed twice and counted
    again as "1 file of the library could not be read"."""
    bad = Path("/lib/copies/broken.jpg")
    error = FileError(bad, ErrorKind.CORRUPT, "truncated")
    lookup = LookupResult(
        queries=(QueryResult(bad, error=error),),
        roots=(Path("/lib"),),
        threshold=10,
        rotations=True,
        algorithm=HashAlgorithm.PHASH,
        errors=(error,),
    )
    dialog = _run_dialog(qtbot, [bad], lookup)
    assert dialog.problems_button.text() == "Problems (1)"
    assert "of the library could not be read" not in dialog.summary.text()
    assert "Could not read broken.jpg" in dialog.summary.text()
