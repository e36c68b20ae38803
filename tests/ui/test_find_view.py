"""The "Find copies" dialog: look-up in the background, review as groups, safe removal."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from images import make_photo, save
from PIL import Image
from PySide6.QtCore import QMimeData, QSettings, Qt, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QPushButton

from dupviewer.engine.lookup import (
    CANCELLED_QUERY,
    SAME_FILE,
    SIMILAR,
    LookupMatch,
    LookupResult,
    QueryResult,
    find_copies,
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
    LookupScanResult,
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


def _run_dialog(qtbot, queries, lookup: LookupResult, **kwargs) -> FindDialog:
    dialog = FindDialog(
        queries, find_options([Path("/lib")]), find_function=lambda *a, **k: lookup, **kwargs
    )
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


# -- QA round 3 -------------------------------------------------------------------------------


def test_esc_while_looking_up_stops_the_lookup_before_the_window_goes(qtbot, library):
    """QA round 3: Esc (QDialog.reject) skipped closeEvent, so WA_DeleteOnClose destroyed the
    window with its look-up thread running: "QThread: Destroyed while thread 'scan' is still
    running", then SIGABRT."""
    root, queries = library
    started, release = threading.Event(), threading.Event()
    ended = []

    def slow_find(queries_, roots, *, cancel, **kwargs):
        started.set()
        while not (cancel.is_set() or release.is_set()):
            release.wait(0.01)
        ended.append(cancel.is_set())
        return LookupResult((), tuple(roots), 10, False, HashAlgorithm.PHASH, complete=False)

    dialog = open_find_dialog(None, [queries / "a-small.png"], [root], find_function=slow_find)
    gone = []
    dialog.destroyed.connect(lambda: gone.append(True))
    try:
        assert started.wait(10) and dialog.is_running()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        # the thread was cancelled and waited for before the window was hidden
        assert ended == [True]
        assert not dialog.isVisible() and not dialog.is_running()
        qtbot.waitUntil(lambda: bool(gone), timeout=10_000)  # deleted (WA_DeleteOnClose), no abort
    finally:
        release.set()


def test_esc_while_removing_stops_after_the_current_file_and_reports_it(qtbot, library, tmp_path):
    """Esc during a removal does what Close does: the removal stops after the file it is
    moving, its thread ends before the window goes, and its report still comes out (the main
    window's Put Back needs it)."""
    root, queries = library
    moving = threading.Event()
    moved_here = tmp_path / "trash"
    moved_here.mkdir()

    def slow_trash(path: str) -> None:
        moving.set()
        time.sleep(0.5)
        shutil.move(path, moved_here / Path(path).name)

    dialog = FindDialog(
        [queries / "a-small.png"],
        find_options([root], cache_path=tmp_path / "cache.sqlite"),
        trash=slow_trash,
        journal=tmp_path / "journal.jsonl",
        confirm_trash=lambda *_: True,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    with qtbot.waitSignal(dialog.lookup_finished, timeout=60_000):
        assert dialog.start()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10_000)
    copies = [root / "a.jpg", root / "backup" / "a copy.jpg"]
    dialog.review.set_marked(copies)
    assert dialog.review.marked_paths() == set(copies)
    reports = []
    dialog.removal_finished.connect(reports.append)
    assert dialog.send_marked_to_trash()
    assert moving.wait(10)
    gone = []
    dialog.destroyed.connect(lambda: gone.append(True))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    # waited for: the file under way is moved before the window is hidden
    assert (moved_here / "a.jpg").exists() and not dialog.isVisible()
    qtbot.waitUntil(lambda: bool(gone), timeout=10_000)  # deleted (WA_DeleteOnClose), no abort
    (report,) = reports  # queued before the deletion, so it still came out
    assert [o.path for o in report.moved] == [root / "a.jpg"]  # the one under way finished
    assert len(report.outcomes) == 2
    assert (root / "backup" / "a copy.jpg").exists()


def _qa_lookup() -> tuple[list[Path], LookupResult]:
    """QA's four photos: three look like the same eight library photos (at the same distance,
    so the first takes them all), one like none."""
    names = ["has_copies.jpg", "unique.png", "rotated90.jpg", "exif6.jpg"]
    queries = [_photo(f"/in/{n}", 100 + k) for k, n in enumerate(names)]
    library = [_photo(f"/lib/copy{k}.jpg", k + 1) for k in range(8)]
    matches = tuple(LookupMatch(p, 2, SIMILAR) for p in library)
    lookup = LookupResult(
        queries=tuple(
            QueryResult(q.path, () if q.path.name == "unique.png" else matches, q) for q in queries
        ),
        roots=(Path("/lib"),),
        threshold=10,
        rotations=True,
        algorithm=HashAlgorithm.PHASH,
    )
    return [q.path for q in queries], lookup


def test_photos_whose_copies_are_in_another_group_are_not_said_to_have_none(qtbot):
    """QA round 3: "Copies found for 1 of 4 photos. No other copy of: unique.png,
    rotated90.jpg, exif6.jpg." while rotated90.jpg and exif6.jpg have eight copies each (each
    file is in one group only: they all went with has_copies.jpg)."""
    paths, lookup = _qa_lookup()
    result = lookup_to_scan_result(lookup)
    assert isinstance(result, LookupScanResult)
    (group,) = result.groups  # one group per file is kept
    assert group.reference.path.name == "has_copies.jpg" and len(group.members) == 9
    has_copies = Path("/in/has_copies.jpg")
    assert result.shown_with == (
        (Path("/in/rotated90.jpg"), (has_copies,)),
        (Path("/in/exif6.jpg"), (has_copies,)),
    )
    dialog = _run_dialog(qtbot, paths, lookup)
    text = dialog.summary.text()
    assert text.startswith("Copies found for 3 of 4 photos.")
    assert "Copies of rotated90.jpg, exif6.jpg are shown with has_copies.jpg." in text
    assert "No other copy of: unique.png." in text


def test_photos_that_are_only_copies_of_each_other_are_said_so(qtbot):
    """Two look-alike photos of the library looked up together: each is the other's only
    copy, and a photo looked up is never a member of another's group, so there is no group."""
    a, b = _photo("/lib/a.jpg", 1), _photo("/lib/b.jpg", 2)
    lookup = LookupResult(
        queries=(
            QueryResult(a.path, (LookupMatch(a, 0, SAME_FILE), LookupMatch(b, 3, SIMILAR)), a),
            QueryResult(b.path, (LookupMatch(b, 0, SAME_FILE), LookupMatch(a, 3, SIMILAR)), b),
        ),
        roots=(Path("/lib"),),
        threshold=10,
        rotations=False,
        algorithm=HashAlgorithm.PHASH,
    )
    result = lookup_to_scan_result(lookup)
    assert result.groups == () and result.shown_with == ()
    assert result.copies_among_queries == ((a.path, (b.path,)), (b.path, (a.path,)))
    text = _run_dialog(qtbot, [a.path, b.path], lookup).summary.text()
    assert "No other copy" not in text
    assert "Copies of a.jpg are only among the photos looked up: b.jpg." in text
    assert "Copies of b.jpg are only among the photos looked up: a.jpg." in text


def _cancelled_lookup(queries: list[Path], read: dict[Path, Photo]) -> LookupResult:
    return LookupResult(
        queries=tuple(
            QueryResult(q, (), read[q])
            if q in read
            else QueryResult(q, error=FileError(q, ErrorKind.OTHER, CANCELLED_QUERY))
            for q in queries
        ),
        roots=(Path("/lib"),),
        threshold=10,
        rotations=True,
        algorithm=HashAlgorithm.PHASH,
        complete=False,
    )


def test_a_lookup_cancelled_before_the_photo_was_read_says_nothing_was_searched(qtbot):
    """QA round 3: "Copies found for 0 of 1 photo... Cancelled: only the photos indexed so far
    were searched." although the photo looked up was never read, so nothing was searched."""
    q = Path("/in/q.jpg")
    dialog = _run_dialog(qtbot, [q], _cancelled_lookup([q], {}))
    text = dialog.summary.text()
    assert text == "Cancelled before any photo was looked up: nothing was searched."
    assert dialog.review.findChild(QLabel, "reviewGroupTitle").text() == "Look-up cancelled"
    # Some read, some not: the search was partial, and the others were not looked up.
    q2 = Path("/in/q2.jpg")
    dialog = _run_dialog(qtbot, [q2, q], _cancelled_lookup([q2, q], {q2: _photo(str(q2), 2)}))
    text = dialog.summary.text()
    assert "Copies found for 0 of 2 photos." in text
    assert "No other copy of: q2.jpg." in text
    assert "Cancelled: only the photos indexed so far were searched. Not looked up: q.jpg." in text


def test_ctrl_del_sends_the_marked_photos_to_the_trash(qtbot):
    """QA round 3: Ctrl+Del did nothing in the Find window (it does in the main window)."""
    paths, lookup = _qa_lookup()
    asked = []

    def confirm(_parent, count, _size, names):
        asked.append(sorted(names))
        return False  # only the request is tested: nothing on disk

    dialog = _run_dialog(qtbot, paths, lookup, confirm_trash=confirm)
    with qtbot.waitActive(dialog):  # a window's shortcuts work in the active window
        dialog.show()
        dialog.activateWindow()
    dialog.review.set_marked([Path("/lib/copy3.jpg")])
    dialog.review.group_view.setFocus()
    qtbot.keyClick(dialog.review.group_view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert asked == [[Path("/lib/copy3.jpg")]]
    assert "Ctrl+Del" in dialog.trash_button.toolTip()
    assert dialog.trash_button.shortcut() == QKeySequence("Alt+T")  # its mnemonic


def test_tab_goes_through_the_buttons_in_the_order_they_are_shown(qtbot):
    """QA round 3: Tab went Close, Problems, Send while the buttons read Send, Close, Problems."""
    q, bad = Path("/in/q.jpg"), Path("/lib/bad.jpg")
    lookup = LookupResult(
        queries=(QueryResult(q, (), _photo(str(q), 1)),),
        roots=(Path("/lib"),),
        threshold=10,
        rotations=False,
        algorithm=HashAlgorithm.PHASH,
        errors=(FileError(bad, ErrorKind.CORRUPT, "truncated"),),
    )
    dialog = _run_dialog(qtbot, [q], lookup)
    dialog.show()
    qtbot.waitExposed(dialog)
    shown = sorted(
        (b for b in dialog.buttons.findChildren(QPushButton) if b.isVisible()),
        key=lambda b: b.mapTo(dialog, b.rect().topLeft()).x(),
    )
    assert dialog.problems_button in shown and len(shown) == 3
    chain = [shown[0]]
    while len(chain) < len(shown):
        chain.append(chain[-1].nextInFocusChain())
    assert chain == shown


def test_the_heading_says_what_the_lookup_does(qtbot, library):
    """QA round 3: during a look-up the heading said "No scan yet" and a blank button sat by
    Close; after a look-up without copies it said "No duplicate photos found"."""
    root, queries = library
    release = threading.Event()

    def slow_find(queries_, roots, *, cancel, **kwargs):
        release.wait(10)
        return LookupResult(
            (QueryResult(queries_[0], (), _photo(str(queries_[0]), 1)),),
            tuple(roots),
            10,
            False,
            HashAlgorithm.PHASH,
        )

    dialog = FindDialog([queries / "a-small.png"], find_options([root]), find_function=slow_find)
    qtbot.addWidget(dialog)
    dialog.show()
    heading = dialog.review.findChild(QLabel, "reviewGroupTitle")
    with qtbot.waitSignal(dialog.lookup_finished, timeout=10_000):
        assert dialog.start()
        assert heading.text() == "Looking up…"
        shown = [b for b in dialog.buttons.buttons() if b.isVisible()]
        assert all(b.text() for b in shown)  # no blank button
        assert dialog.problems_button not in shown
        release.set()
    assert heading.text() == "No copies found"
    assert "No other copy of: a-small.png." in dialog.summary.text()


def test_a_copy_the_query_was_cut_from_is_never_proposed(tmp_path):
    """The looked-up photo is a crop (4% off every border, bigger file) of a smaller full frame
    in the library: the hash calls them "similar", the thumbnails tell the crop, so the full
    frame is shown as "uncropped" and kept; a plain copy of the query is still proposed."""
    from images import crop_margins

    frame = make_photo(21, (960, 640))
    frame = Image.blend(frame, Image.linear_gradient("L").resize(frame.size).convert("RGB"), 0.4)
    cut = crop_margins(frame, 0.04, 0.04, 0.04, 0.04).resize((1200, 800))
    query = save(cut, tmp_path / "q.jpg")
    lib = tmp_path / "lib"
    save(frame.resize((480, 320)), lib / "frame.jpg", quality=90)
    (lib / "query copy.jpg").write_bytes(query.read_bytes())
    result = lookup_to_scan_result(
        find_copies([query], [lib], cache_path=tmp_path / "cache.sqlite", workers=1)
    )
    (group,) = result.groups
    got = {m.path.name: (m.match, m.keep) for m in group.members}
    assert got["frame.jpg"] == ("uncropped", True)
    assert got["query copy.jpg"][1] is False


def test_find_copies_never_proposes_a_copy_turned_next_to_the_photo_looked_up(tmp_path):
    """Like the scan: a library copy turned or mirrored next to the photo asked about is shown
    but not proposed (which way round is right is the user's to say); a plain copy is."""
    photo = make_photo(41, (480, 320))
    query = save(photo, tmp_path / "new" / "photo.jpg", quality=95)
    plain = save(photo.resize((240, 160)), tmp_path / "lib" / "plain.jpg")
    turned = save(photo.rotate(90, expand=True), tmp_path / "lib" / "turned.jpg")
    lookup = find_copies([query], [tmp_path / "lib"], rotations=True, cache_path=None, workers=1)
    (group,) = lookup_to_scan_result(lookup).groups
    by_path = {m.path: m for m in group.members}
    assert by_path[turned].match.startswith("rotated") and by_path[turned].keep
    assert by_path[plain].match == SIMILAR and not by_path[plain].keep
