"""Send to trash from the window: confirmation, the engine's removal pipeline in a worker, the
groups updated, and files that could not be moved kept visible with their reason.

Trash functions are injected (or send2trash is pointed at the temporary home by conftest);
no dialog is ever left blocking: confirmers and volume questions are plain callables here.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from dupviewer.engine.journal import Event, Journal
from dupviewer.engine.model import RECOVERY_MARKER
from dupviewer.engine.removal import Fallback, FallbackChoice, Volume
from dupviewer.ui.main_window import MainWindow
from dupviewer.ui.settings import Settings
from dupviewer.ui.words import size_text
from tests.ui.shell_helpers import (
    close_windows,
    exact_pair,
    fake_scan_returning,
    group_of,
    photo_for,
    result_of,
    write_photo,
)


@pytest.fixture
def windows(qtbot):
    made: list[MainWindow] = []
    yield made
    close_windows(made, qtbot)


class Recorder:
    """Stands in for the dialogs and records what they were asked."""

    def __init__(self, answer: bool = True, volume_choice: FallbackChoice | None = None):
        self.answer = answer
        self.volume_choice = volume_choice or FallbackChoice()
        self.confirmations: list[tuple[int, int]] = []
        self.volumes: list[tuple[Volume, int]] = []

    def confirm(self, _parent, count: int, size: int, paths) -> bool:
        assert len(paths) >= count  # the dialog lists them, other names too (Show Details)
        self.confirmations.append((count, size))
        return self.answer

    def ask_volume(self, _parent, volume: Volume, count: int) -> FallbackChoice:
        self.volumes.append((volume, count))
        return self.volume_choice


@pytest.fixture
def library(tmp_path):
    """Two exact pairs: a/p.jpg kept with b/p.jpg as copy; a/q.jpg kept with b/q.jpg."""
    p_keep, p_copy = exact_pair(tmp_path / "lib", "p", seed=1)
    q_keep, q_copy = exact_pair(tmp_path / "lib", "q", seed=2)
    groups = [group_of([p_keep, p_copy]), group_of([q_keep, q_copy])]
    return result_of(groups, roots=[tmp_path / "lib"])


@pytest.fixture
def make_window(qtbot, tmp_path, windows):
    def make(result, recorder, trash=None) -> MainWindow:
        return _window(qtbot, tmp_path, windows, result, recorder, trash)

    return make


def _window(qtbot, tmp_path, windows, result, recorder, trash) -> MainWindow:
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(
        settings,
        scan_function=fake_scan_returning(result),
        trash=trash,
        journal=tmp_path / "journal.jsonl",
        confirm_trash=recorder.confirm,
        ask_volume=recorder.ask_volume,
    )
    qtbot.addWidget(window)
    windows.append(window)
    window.show_result(result)
    return window


def paths(result) -> tuple[Path, Path, Path, Path]:
    (pk, pc), (qk, qc) = ([m.path for m in g.members] for g in result.groups)
    return pk, pc, qk, qc


def fake_trash_into(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)

    def trash(path: str) -> None:
        shutil.move(path, folder / (str(len(os.listdir(folder))) + "_" + Path(path).name))

    return trash


def test_declining_the_confirmation_touches_nothing(tmp_path, qtbot, library, make_window):
    recorder = Recorder(answer=False)
    window = make_window(library, recorder, trash=fake_trash_into(tmp_path / "t"))
    pk, pc, qk, qc = paths(library)
    window.review.set_marked({pc, qc})

    assert window.actions.trash.isEnabled()
    window.actions.trash.trigger()

    size = pc.stat().st_size + qc.stat().st_size
    assert recorder.confirmations == [(2, size)]  # how many files, how many bytes
    assert all(p.exists() for p in (pk, pc, qk, qc))
    assert not window.trash_controller.is_running()
    assert window.review.marked_paths() == {pc, qc}


def test_marked_copies_go_to_the_trash_and_the_groups_update(tmp_path, qtbot, library, make_window):
    trash_dir = tmp_path / "trash"
    recorder = Recorder()
    window = make_window(library, recorder, trash=fake_trash_into(trash_dir))
    pk, pc, qk, qc = paths(library)
    window.review.set_marked({pc})

    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000) as done:
        window.actions.trash.trigger()
        assert window.trash_controller.is_running()
        assert not window.actions.scan.isEnabled()  # no scan while files move
        assert not window.scan_panel.folder_view.isEnabled()  # no tick: the removal has its own
    report = done.args[0]

    assert [o.path for o in report.moved] == [pc]
    assert not pc.exists() and pk.exists() and qk.exists() and qc.exists()
    assert sorted(p.name for p in trash_dir.iterdir()) == ["0_p.jpg"]
    groups = window.review.result().groups
    assert [[m.path for m in g.members] for g in groups] == [[qk, qc]]  # p's group is resolved
    assert window.review.marked_paths() == set()
    events = [e.event for e in Journal(tmp_path / "journal.jsonl").entries()]
    assert events == [Event.REMOVING, Event.REMOVED]  # the intent, then the result
    # the scan's summary line follows (it said the old groups and space until the next scan)
    counts = window.progress_view.count_label.text()
    assert "Groups: 1 ·" in counts and size_text(groups[0].reclaimable) in counts
    assert f"Photos: {len(window.review.result().photos)} ·" in counts  # p's copy is gone
    assert window.stack.currentWidget() is window.review
    window.review.set_marked({qc})  # the last group goes too: the centre says so
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
        window.actions.trash.trigger()
    assert window.review.result().groups == ()
    assert window.stack.currentWidget() is window.welcome
    assert "No duplicates left" in window.welcome.text()
    assert window.not_moved_panel.count() == 0


def test_default_trash_is_the_temporary_homes_trash(
    tmp_path, qtbot, library, isolated_home, make_window
):
    window = make_window(library, Recorder())  # trash=None: send2trash
    pk, pc, _qk, _qc = paths(library)
    window.review.set_marked({pc})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000) as done:
        window.send_marked_to_trash()
    assert [o.path for o in done.args[0].moved] == [pc]
    trashed = list((isolated_home / ".local" / "share" / "Trash" / "files").iterdir())
    assert [p.name for p in trashed] == ["p.jpg"]
    assert trashed[0].read_bytes() == pk.read_bytes()


def test_a_file_the_trash_did_not_move_stays_visible_with_its_reason(
    tmp_path, qtbot, library, make_window
):
    def lying_trash(path: str) -> None:
        return None  # says nothing, moves nothing

    window = make_window(library, Recorder(), trash=lying_trash)
    pk, pc, qk, qc = paths(library)
    window.review.set_marked({pc, qc})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
        window.send_marked_to_trash()

    assert pc.exists() and qc.exists()
    assert window.review.marked_paths() == {pc, qc}  # marks kept on what was not removed
    assert len(window.review.result().groups) == 2
    rows = window.not_moved_panel.model.rows()
    assert sorted(r[0] for r in rows) == sorted([str(pc), str(qc)])
    assert {r[1] for r in rows} == {"The trash did not move the file"}
    assert window.problems_dock.isVisibleTo(window)
    assert "Not moved: 2" in window.statusBar().currentMessage()


def test_no_trash_on_a_volume_asks_and_skips_by_default(tmp_path, qtbot, library, make_window):
    def no_trash(path: str) -> None:
        raise OSError(30, "Read-only file system")

    recorder = Recorder()  # answers "skip", the default
    window = make_window(library, recorder, trash=no_trash)
    _pk, pc, _qk, qc = paths(library)
    window.review.set_marked({pc, qc})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
        window.send_marked_to_trash()

    assert len(recorder.volumes) == 1  # asked once for the volume, not per file
    assert recorder.volumes[0][1] == 2
    assert pc.exists() and qc.exists()
    assert {r[1] for r in window.not_moved_panel.model.rows()} == {"No trash on this drive"}


def test_no_trash_with_a_recovery_folder_moves_the_files_there(
    tmp_path, qtbot, library, make_window
):
    def no_trash(path: str) -> None:
        raise OSError(30, "Read-only file system")

    recovery = tmp_path / "recovery"
    recorder = Recorder(volume_choice=FallbackChoice(Fallback.RECOVERY_FOLDER, recovery))
    window = make_window(library, recorder, trash=no_trash)
    pk, pc, _qk, _qc = paths(library)
    window.review.set_marked({pc})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000) as done:
        window.send_marked_to_trash()

    report = done.args[0]
    assert [o.path for o in report.moved] == [pc]
    assert not pc.exists() and pk.exists()
    moved = [p for p in recovery.rglob("*") if p.is_file() and p.name != RECOVERY_MARKER]
    assert [p.name for p in moved] == ["p.jpg"] and moved[0].read_bytes() == pk.read_bytes()
    assert (recovery / RECOVERY_MARKER).is_file()  # later scans skip the folder
    assert len(window.review.result().groups) == 1


def test_permanent_deletion_needs_the_explicit_confirmation(tmp_path, qtbot, library, make_window):
    def no_trash(path: str) -> None:
        raise OSError(30, "Read-only file system")

    unconfirmed = FallbackChoice(Fallback.PERMANENT, confirmed=False)
    window = make_window(library, Recorder(volume_choice=unconfirmed), trash=no_trash)
    _pk, pc, _qk, _qc = paths(library)
    window.review.set_marked({pc})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
        window.send_marked_to_trash()
    assert pc.exists()
    assert [r[1] for r in window.not_moved_panel.model.rows()] == [
        "Permanent deletion not confirmed"
    ]


def test_a_permanent_deletion_is_not_offered_to_put_back(tmp_path, qtbot, library, make_window):
    def no_trash(path: str) -> None:
        raise OSError(30, "Read-only file system")

    confirmed = FallbackChoice(Fallback.PERMANENT, confirmed=True)
    window = make_window(library, Recorder(volume_choice=confirmed), trash=no_trash)
    qtbot.waitUntil(lambda: window.last_removal_known)
    _pk, pc, _qk, _qc = paths(library)
    window.review.set_marked({pc})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
        window.send_marked_to_trash()
    assert not pc.exists()
    assert "deleted permanently: 1" in window.statusBar().currentMessage()
    assert not window.actions.put_back.isEnabled()  # nothing of it can come back


def test_the_last_removal_is_put_back_from_the_trash(tmp_path, qtbot, library, make_window):
    """Selection > Put Back Last Removal (Ctrl+Z): the photos the last removal sent to the
    (real, temporary) trash come back byte for byte, in the background; the action then has
    nothing left to do. A photo whose path is taken again stays in the trash, listed."""
    window = make_window(library, Recorder())  # the real send2trash
    pk, pc, qk, qc = paths(library)
    before = {p: p.read_bytes() for p in (pc, qc)}
    assert not window.actions.put_back.isEnabled()  # nothing removed yet
    window.review.set_marked({pc, qc})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
        window.actions.trash.trigger()
    assert not pc.exists() and not qc.exists()
    assert window.actions.put_back.isEnabled()
    assert "No duplicates left" in window.welcome.text()
    qc.write_bytes(b"a new file took the name")

    with qtbot.waitSignal(window.trash_controller.put_back_finished, timeout=10_000) as done:
        window.actions.put_back.trigger()
        assert window.trash_controller.is_running()
        assert window.statusBar().currentMessage() == "Putting back 2 photos…"
        assert not window.actions.cancel.isEnabled()  # Esc stops removals, not a Put Back
    report = done.args[0]

    assert [o.path for o in report.restored] == [pc]
    assert pc.read_bytes() == before[pc]
    assert qc.read_bytes() == b"a new file took the name"
    assert "Put back 1 photo. Scan again to see their groups" in window.statusBar().currentMessage()
    assert window.not_moved_panel.count() == 1  # q's copy, with why
    assert window.problem_tabs.tabText(1) == "Not put back (1)"
    assert "in the trash" not in window.welcome.text()
    assert "Back where they were: 1 photo." in window.welcome.text()
    # the scan's summary no longer counts everything: it says so
    assert window.progress_view.stage_label.text() == "Photos put back: scan again to count them"
    assert window.actions.put_back.isEnabled()  # q's copy could still come back
    qc.unlink()
    with qtbot.waitSignal(window.trash_controller.put_back_finished, timeout=10_000):
        window.actions.put_back.trigger()
    assert qc.read_bytes() == before[qc]
    assert not window.actions.put_back.isEnabled()


def test_the_last_removal_can_be_put_back_after_a_restart(tmp_path, qtbot, library, make_window):
    """The journal, not the window's memory, says what the last removal took: a user who quits
    and then notices a mistake can still press Ctrl+Z."""
    window = make_window(library, Recorder())  # the real send2trash, a temporary trash
    _, pc, _, qc = paths(library)
    before = {p: p.read_bytes() for p in (pc, qc)}
    window.review.set_marked({pc})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
        window.actions.trash.trigger()
    window.review.set_marked({qc})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
        window.actions.trash.trigger()
    assert not pc.exists() and not qc.exists()
    window.close()

    again = make_window(library, Recorder())  # the same journal: a restart
    qtbot.waitUntil(lambda: again.last_removal_known)  # read in the background
    assert again.actions.put_back.isEnabled()
    with qtbot.waitSignal(again.trash_controller.put_back_finished, timeout=10_000):
        again.actions.put_back.trigger()
    assert qc.read_bytes() == before[qc]  # the last removal...
    assert not pc.exists()  # ...and only it
    assert not again.actions.put_back.isEnabled()
    again.close()
    third = make_window(library, Recorder())
    qtbot.waitUntil(lambda: third.last_removal_known)
    assert not third.actions.put_back.isEnabled()  # nothing left


def test_a_put_back_that_brings_nothing_back_says_so(tmp_path, qtbot, library, make_window):
    window = make_window(library, Recorder())
    _, pc, _, _ = paths(library)
    window.review.set_marked({pc})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
        window.actions.trash.trigger()
    pc.write_bytes(b"a new file took the name")
    with qtbot.waitSignal(window.trash_controller.put_back_finished, timeout=10_000):
        window.actions.put_back.trigger()
    message = window.statusBar().currentMessage()
    assert message.startswith("Nothing was put back.") and "Scan again" not in message
    assert window.problem_tabs.tabText(1) == "Not put back (1)"


def test_the_auto_select_message_goes_when_photos_are_removed_or_put_back(
    tmp_path, qtbot, library, make_window
):
    """The line under the photos said "Auto-select marked 2 photos for the trash." long after
    a removal and a Put Back had changed everything: each now takes it away (the status bar
    says what they did) and the key hint comes back."""
    window = make_window(library, Recorder())  # the real send2trash, into the test's home
    window.show()
    pk, pc, qk, qc = paths(library)
    review = window.review

    def said():
        return "" if review.status_label.isHidden() else review.status_label.text()

    # The QA run: Auto-Select, then Send to Trash.
    window.actions.auto_select.trigger()
    assert said() == "Auto-select marked 2 photos for the trash."
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
        window.actions.trash.trigger()
    assert not pc.exists() and not qc.exists()
    assert said() == "" and not review._hint.isHidden()
    assert "Moved to trash: 2 photos" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.trash_controller.put_back_finished, timeout=10_000):
        window.actions.put_back.trigger()
    assert pc.exists() and qc.exists()

    # Scanned again; p's copy goes by hand, then Auto-Select marks q's, then Put Back.
    window.show_result(library)
    review.set_marked({pc})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
        window.actions.trash.trigger()
    window.actions.auto_select.trigger()
    assert said() == "Auto-select marked 1 photo for the trash."
    with qtbot.waitSignal(window.trash_controller.put_back_finished, timeout=10_000):
        window.actions.put_back.trigger()
    assert pc.exists()
    assert said() == "" and not review._hint.isHidden()
    assert "Put back 1 photo" in window.statusBar().currentMessage()


def _find_copies_of_q(window, qtbot, tmp_path, qk: Path, qc: Path):
    """Drop a photo from elsewhere whose copies are q's pair; the Find Copies window has looked
    it up and has q's copy `qc` marked. Returns (dialog, the dropped photo)."""
    query = tmp_path / "card" / "new.jpg"
    query.parent.mkdir()
    shutil.copy2(qk, query)
    window.scan_panel.set_folders([tmp_path / "lib"])
    dialog = window.find_copies_of([query])
    qtbot.waitUntil(lambda: dialog.result() is not None and not dialog.is_running(), timeout=60_000)
    dialog.review.set_marked({qc})
    return dialog, query


def test_a_removal_in_find_copies_is_the_last_removal_of_the_window(
    tmp_path, qtbot, library, make_window
):
    """Find Copies removes into the window's journal, and the window takes it as its last
    removal: Put Back brings back what Find Copies sent to the trash (not an older removal), and
    the window's groups lose the photos that went."""
    window = make_window(library, Recorder())  # the real send2trash, in the temporary home
    pk, pc, qk, qc = paths(library)
    window.review.set_marked({pc})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
        window.actions.trash.trigger()
    assert not pc.exists()

    dialog, _query = _find_copies_of_q(window, qtbot, tmp_path, qk, qc)
    with qtbot.waitSignal(dialog.removal_finished, timeout=10_000):
        dialog.trash_button.click()
    assert not qc.exists()
    assert window.review.photo_model().rowCount() == 0  # q's group left the window too
    assert window.review.group_model().rowCount() == 0
    dialog.close()

    with qtbot.waitSignal(window.trash_controller.put_back_finished, timeout=10_000) as done:
        window.actions.put_back.trigger()
    assert [o.path for o in done.args[0].restored] == [qc]
    assert qc.exists() and not pc.exists()  # the older removal stays in the trash


def test_the_confirmation_lists_the_files_under_show_details(qtbot, tmp_path):
    """The real dialog: counts and size in its text, every path in its details, and Cancel
    (or closing it) sends nothing."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from dupviewer.ui.trash_controller import confirm_trash_dialog

    seen = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen["text"] = box.informativeText()
        seen["details"] = box.detailedText()
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(20, answer)
    marked = [tmp_path / "b" / "p.jpg", tmp_path / "b" / "q.jpg"]
    assert confirm_trash_dialog(None, 2, 2048, marked) is False
    assert "Photos: 2" in seen["text"]
    assert seen["details"].splitlines() == [str(p) for p in marked]


def test_a_kept_copy_deleted_outside_the_app_leaves_the_review(
    tmp_path, qtbot, library, make_window
):
    """The removal refuses a copy whose kept photo is gone, and the review stops showing the
    gone photo as the one kept: its group (now one photo) disappears, the copy stays."""
    window = make_window(library, Recorder(), trash=fake_trash_into(tmp_path / "trash"))
    pk, pc, qk, qc = paths(library)
    pk.unlink()  # deleted in a file manager after the scan
    window.review.set_marked({pc})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000) as done:
        window.actions.trash.trigger()
    assert not done.args[0].moved and pc.exists()
    groups = window.review.result().groups
    assert [[m.path for m in g.members] for g in groups] == [[qk, qc]]
    assert window.not_moved_panel.count() == 1  # pc, with why


@pytest.mark.skipif(os.name != "posix", reason="the test holds the lock with fcntl")
def test_a_removal_waits_for_another_one_and_says_so(tmp_path, qtbot, library, make_window):
    """Another removal (here: the lock held as dupviewer-cli would) makes this one wait, with a
    word in the status bar; it goes on once the other one ends."""
    import fcntl

    from dupviewer.engine.removal import lock_path

    window = make_window(library, Recorder(), trash=fake_trash_into(tmp_path / "trash"))
    pk, pc, qk, qc = paths(library)
    lock_path().parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(), "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        window.review.set_marked({pc})
        window.actions.trash.trigger()
        qtbot.waitUntil(
            lambda: "Waiting for another removal" in window.statusBar().currentMessage(),
            timeout=10_000,
        )
        assert pc.exists()
        with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
            fcntl.flock(held, fcntl.LOCK_UN)
    assert not pc.exists() and pk.exists()


def test_put_back_brings_back_every_name_of_a_hard_linked_copy(tmp_path, qtbot, make_window):
    """A copy with a second name (hard link) in the library loses both names to the trash;
    Put Back brings both back (the removal's own journal records, not the marked paths)."""
    from dataclasses import replace

    keep, copy = exact_pair(tmp_path / "lib", "p", seed=1)
    link = copy.path.with_name("p-link.jpg")
    os.link(copy.path, link)
    copy = replace(copy, aliases=(link,))
    window = make_window(result_of([group_of([keep, copy])], roots=[tmp_path / "lib"]), Recorder())
    window.review.set_marked({copy.path})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000) as done:
        window.actions.trash.trigger()
    assert not copy.path.exists() and not link.exists()
    assert done.args[0].freed == copy.size  # no name is left holding its bytes
    with qtbot.waitSignal(window.trash_controller.put_back_finished, timeout=10_000) as back:
        window.actions.put_back.trigger()
    assert sorted(o.path for o in back.args[0].restored) == sorted([copy.path, link])
    assert copy.path.exists() and link.exists()
    assert "Put back 1 photo." in window.statusBar().currentMessage()  # one photo, two names


def _linked_library(tmp_path: Path):
    """p: a kept original and a copy with a second name (hard link); q: a plain exact pair."""
    from dataclasses import replace

    pk, pc = exact_pair(tmp_path / "lib", "p", seed=1)
    qk, qc = exact_pair(tmp_path / "lib", "q", seed=2)
    link = pc.path.with_name("p-link.jpg")
    os.link(pc.path, link)
    pc = replace(pc, aliases=(link,))
    groups = [group_of([pk, pc]), group_of([qk, qc])]
    return result_of(groups, roots=[tmp_path / "lib"]), pc.path, link, qc.path


def test_put_back_is_the_window_s_removal_even_after_a_cli_removal(tmp_path, qtbot, make_window):
    """QA round 8: a dupviewer-cli removal in between made Put Back fall back to the marked
    paths, and the hard link the window's removal took stayed in the trash (said nowhere)."""
    from dupviewer.engine import removal

    result, copy, link, q_copy = _linked_library(tmp_path)
    window = make_window(result, Recorder())  # the real send2trash, in the temporary home
    window.review.set_marked({copy})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
        window.actions.trash.trigger()
    assert not copy.exists() and not link.exists()
    cli_run = removal.remove(result.groups, [q_copy], journal=tmp_path / "journal.jsonl")
    assert [o.path for o in cli_run.moved] == [q_copy]

    with qtbot.waitSignal(window.trash_controller.put_back_finished, timeout=10_000) as back:
        window.actions.put_back.trigger()
    assert sorted(o.path for o in back.args[0].restored) == sorted([copy, link])
    assert not q_copy.exists()  # the later removal is not this window's to undo


def test_put_back_after_a_photo_went_only_in_part(tmp_path, qtbot, make_window):
    """QA round 8: one name of a photo went and the other could not: Put Back put back the
    removal before (the window only counted photos that went whole)."""
    import send2trash

    result, copy, link, q_copy = _linked_library(tmp_path)

    def trash(path: str) -> None:
        if path == str(link):
            raise PermissionError(13, "not allowed here", path)  # as a read-only folder would
        send2trash.send2trash(path)

    window = make_window(result, Recorder(), trash=trash)
    window.review.set_marked({q_copy})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
        window.actions.trash.trigger()  # the removal before: q's copy
    window.review.set_marked({copy})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000) as done:
        window.actions.trash.trigger()
    (out,) = done.args[0].outcomes
    assert out.status.value == "failed" and not copy.exists() and link.exists()

    with qtbot.waitSignal(window.trash_controller.put_back_finished, timeout=10_000) as back:
        window.actions.put_back.trigger()
    assert [o.path for o in back.args[0].restored] == [copy]
    assert not q_copy.exists()  # the removal before stays in the trash


def test_the_window_waits_for_a_removal_in_find_copies(tmp_path, qtbot, library, make_window):
    """QA round 9: while Find Copies was removing, the window offered Put Back (it put back an
    older removal in the middle of the new one), Scan and Find Copies."""
    import threading

    import send2trash

    release = threading.Event()

    def slow_trash(path: str) -> None:
        release.wait(20)
        send2trash.send2trash(path)

    window = make_window(library, Recorder(), trash=slow_trash)
    pk, pc, qk, qc = paths(library)
    window._last_removed, window._last_removal = [pk], None  # something Put Back could do
    dialog, query = _find_copies_of_q(window, qtbot, tmp_path, qk, qc)
    dialog.trash_button.click()
    try:
        qtbot.waitUntil(lambda: not window.actions.put_back.isEnabled(), timeout=10_000)
        assert not window.actions.scan.isEnabled() and not window.actions.find_copies.isEnabled()
        assert window.put_back_last_removal() is False and window.start_scan() is False
        assert window.find_copies_of([query]) is None
    finally:
        release.set()
    qtbot.waitUntil(lambda: window.actions.put_back.isEnabled(), timeout=10_000)
    assert window._last_removed == [qc]  # the Find Copies removal is the one to put back
    dialog.close()


def test_a_folder_ticked_after_the_scan_is_protected_at_once(tmp_path, qtbot, library, make_window):
    """QA: ticking a folder as protected after the scan changed nothing until the next scan;
    auto-select marked its photos and Send to Trash removed them. Now the tick regroups: its
    photos are kept, never marked, and the removal is told the ticked folders too."""
    trash_dir = tmp_path / "trash"
    window = make_window(library, Recorder(), trash=fake_trash_into(trash_dir))
    pk, pc, qk, qc = paths(library)  # the copies pc, qc are in lib/b
    lib = tmp_path / "lib"
    window.scan_panel.add_folders([lib, lib / "b"])
    window.review.set_marked({pc, qc})
    window.review.show_group_of(qc)  # the second group: the tick must not move the user

    window.scan_panel.folder_model.item(1).setCheckState(Qt.CheckState.Checked)  # lib/b
    assert window.review.result().options.reference_roots == (lib / "b",)
    assert "now keep their photos" in window.statusBar().currentMessage()
    assert window.review.current_path() in {qk, qc}
    assert window.review.marked_paths() == set()  # marks on its photos are dropped
    with qtbot.waitSignal(
        window.review.looking_closer_changed, timeout=30_000, check_params_cb=lambda on: not on
    ):
        window.auto_select()
        assert window.review.marked_paths() == {pk, qk}  # the copies elsewhere are proposed
    # (every photo has hash 0 here, so the regroup made one group of the four: the closer look
    # unmarks p.jpg, another picture than the kept q.jpg)
    assert window.review.marked_paths() == {qk}
    window.review.set_marked({pc, pk})
    assert window.review.marked_paths() == {pk}  # a protected photo is never marked
    window.review.set_marked({pk, qk})
    requests = []
    real_request = window.trash_controller.request
    window.trash_controller.request = lambda *a: requests.append(a[2]) or real_request(*a)
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
        window.actions.trash.trigger()
    assert pc.exists() and qc.exists() and not pk.exists() and not qk.exists()
    assert lib / "b" in requests[0]

    window.scan_panel.folder_model.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert window.review.result().options.reference_roots == ()
    assert "can be marked again" in window.statusBar().currentMessage()


def test_folders_given_at_start_keep_their_saved_ticks(tmp_path, qtbot, library, make_window):
    """QA: `dupviewer FOLDER...` (and Open With) listed the folders unticked and saved that,
    so a folder protected before was scanned, and saved, unprotected."""
    window = make_window(library, Recorder())
    lib = tmp_path / "lib"
    window.settings.protected_folders = [lib / "b"]
    window.open_folders([lib, lib / "b"], scan=False)
    assert window.scan_panel.protected_folders() == [lib / "b"]


def test_when_a_groups_reference_goes_the_rest_is_grouped_around_what_is_left(
    tmp_path, qtbot, make_window
):
    """The user keeps another copy (K) and trashes the reference: the cards' distances and
    match words were to the photo that went; the group is made again around the photos left."""
    base = 0x0123_4567_89AB_CDEF
    lib = tmp_path / "lib"
    a = photo_for(write_photo(lib / "a", 1), base)
    b = photo_for(write_photo(lib / "b", 2), base ^ 0b111)  # 3 bits from a
    c = photo_for(write_photo(lib / "c", 3), base ^ 0b111_1000)  # 4 from a, 7 from b
    result = result_of([group_of([a, b, c], [0, 3, 4])], roots=[lib], photos=[a, b, c])
    window = make_window(result, Recorder(), trash=fake_trash_into(tmp_path / "trash"))
    window.regroup()  # the real grouping of these hashes (the keep rules pick the reference)
    (group,) = window.review.result().groups
    gone = group.members[0].photo
    window.review._state.make_keeper(group.members[1].path)
    window.review.set_marked({gone.path})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
        window.actions.trash.trigger()
    (group,) = window.review.result().groups
    reference, other = group.members
    assert gone.path not in {reference.path, other.path}
    apart = bin(reference.photo.fingerprint.hash ^ other.photo.fingerprint.hash).count("1")
    assert other.distance == apart  # to the photo shown as the reference now


def test_esc_stops_a_removal_after_the_photo_being_moved(tmp_path, qtbot, library, make_window):
    """QA: a big Send to Trash could not be stopped (Esc only cancelled scans), and Put Back
    said nothing while it ran."""
    import time

    moved_to = tmp_path / "trash"
    fast = fake_trash_into(moved_to)

    def slow(path: str) -> None:
        time.sleep(0.3)
        fast(path)

    window = make_window(library, Recorder(), trash=slow)
    pk, pc, qk, qc = paths(library)
    window.review.set_marked({pc, qc})
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000) as done:
        window.actions.trash.trigger()
        assert window.actions.cancel.isEnabled()
        window.actions.cancel.trigger()  # Esc
        assert "Stopping after the photo being moved" in window.statusBar().currentMessage()
    report = done.args[0]
    assert len(report.moved) < 2  # stopped before the second photo
    assert sum(p.exists() for p in (pc, qc)) == 2 - len(report.moved)
    assert pk.exists() and qk.exists()


def test_the_trash_waits_for_auto_selects_closer_look_and_takes_only_true_copies(
    tmp_path, qtbot, make_window
):
    """Pages of one template photographed on a desk: the scan proposes every page; Auto-select
    marks them, looks closer in the background (Send to Trash greyed out meanwhile), unmarks
    the other pages, and only the true copy goes."""
    from images import desk_page, save
    from PIL import Image

    from dupviewer.engine.model import ScanOptions
    from dupviewer.engine.scanner import scan

    folder = tmp_path / "scans"
    for seed in range(3):
        save(desk_page(seed), folder / f"page{seed}.jpg", quality=97 if seed == 0 else 90)
    copy = save(desk_page(0).resize((480, 360), Image.Resampling.LANCZOS), folder / "copy.jpg")
    result = scan(ScanOptions(roots=(folder,), use_cache=False, decisions_path=tmp_path / "d"))
    trash_dir = tmp_path / "trash"
    recorder = Recorder()
    window = make_window(result, recorder, trash=fake_trash_into(trash_dir))

    ended = qtbot.waitSignal(
        window.review.looking_closer_changed, timeout=30_000, check_params_cb=lambda on: not on
    )
    with ended:
        window.actions.auto_select.trigger()
        assert len(window.review.marked_paths()) == 3
        assert not window.actions.trash.isEnabled()
        assert window.send_marked_to_trash() is False  # a shortcut that raced the greying
        assert window.statusBar().currentMessage() == (
            "Still looking closer at the photos Auto-select marked: a moment."
        )
        assert recorder.confirmations == []
    assert window.review.marked_paths() == {copy}
    assert window.actions.trash.isEnabled()
    # both summary lines say what is proposed now, not the scan's figure for every page
    from dupviewer.ui.words import size_text

    freed = f"Can be freed: {size_text(copy.stat().st_size)}"
    assert freed in window.summary_label.text()
    window.progress_view.show_counts(window.result())  # as after a scan or a regroup
    assert freed in window.progress_view.count_label.text()
    with qtbot.waitSignal(window.trash_controller.removal_finished, timeout=10_000):
        window.actions.trash.trigger()
    assert sorted(p.name for p in trash_dir.iterdir()) == ["0_copy.jpg"]
    assert sorted(p.name for p in folder.iterdir()) == ["page0.jpg", "page1.jpg", "page2.jpg"]


def test_moving_the_distance_slider_during_the_closer_look_does_not_skip_it(
    tmp_path, qtbot, make_window
):
    """QA: a regroup while the look ran stopped it for good; the other pages stayed marked and
    went to the trash. The regroup asks again (pairs already compared are not read again)."""
    from images import desk_page, save
    from PIL import Image

    from dupviewer.engine.model import ScanOptions
    from dupviewer.engine.scanner import scan

    folder = tmp_path / "scans"
    for seed in range(3):
        save(desk_page(seed), folder / f"page{seed}.jpg", quality=97 if seed == 0 else 90)
    copy = save(desk_page(0).resize((480, 360), Image.Resampling.LANCZOS), folder / "copy.jpg")
    result = scan(ScanOptions(roots=(folder,), use_cache=False, decisions_path=tmp_path / "d"))
    window = make_window(result, Recorder(), trash=fake_trash_into(tmp_path / "trash"))
    window.actions.auto_select.trigger()
    assert window.review.looking_closer()
    window.regroup(12)  # the slider moved: new groups, the marks restored, the look asked again
    assert window.review.looking_closer()
    assert not window.actions.trash.isEnabled()
    # (its answer comes through the event loop, which runs only while waiting here)
    with qtbot.waitSignal(
        window.review.looking_closer_changed, timeout=30_000, check_params_cb=lambda on: not on
    ):
        pass
    assert window.review.marked_paths() == {copy}
