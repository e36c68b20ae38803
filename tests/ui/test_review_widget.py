"""The review screen driven like a user: keys on the real views, buttons, clicks."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QPainter, QPixmap, QWheelEvent
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from review_data import sample_result

from dupviewer.engine.model import DEFAULT_KEEP_RULES, GroupKind, KeepRule
from dupviewer.ui.none_guard import keep_none_alive, void_calls_leak_none
from dupviewer.ui.review import ReviewWidget
from dupviewer.ui.review.compare_view import CompareDialog
from dupviewer.ui.review.marking import MarkOutcome
from dupviewer.ui.review.roles import Role
from dupviewer.ui.settings import THUMBNAIL_SIZES
from dupviewer.ui.words import size_text


@pytest.fixture
def result(tmp_path):
    return sample_result(tmp_path / "photos")


@pytest.fixture
def widget(qtbot, result):
    w = ReviewWidget()
    qtbot.addWidget(w)
    w.resize(1100, 700)
    w.set_result(result)
    w.show()
    qtbot.waitExposed(w)
    w.photo_view.setFocus()
    yield w
    w.thumbnail_cache().wait_idle()


def current_path(w):
    return w.photo_view.currentIndex().data(Role.PATH)


def group_paths(w, row=None):
    row = w.current_group_row() if row is None else row
    return [m.path for m in w.group_model().index(row, 0).data(Role.GROUP).members]


def test_set_result_shows_first_group_with_keeper_current(widget, result):
    assert widget.result() is result
    assert widget.group_model().rowCount() == 3
    assert widget.current_group_row() == 0
    assert widget.photo_model().rowCount() == len(result.groups[0].members)
    assert current_path(widget) == result.groups[0].members[0].path
    assert widget.marked_paths() == set()


def test_keyboard_marking_on_the_real_views(qtbot, widget):
    view = widget.photo_view
    paths = group_paths(widget)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert current_path(widget) == paths[1]
    with qtbot.waitSignal(widget.marks_changed, timeout=1000):
        qtbot.keyClick(view, Qt.Key.Key_Space)
    assert widget.marked_paths() == {paths[1]}
    qtbot.keyClick(view, Qt.Key.Key_Space)  # Space toggles
    assert widget.marked_paths() == set()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # Del marks, it does not toggle
    assert widget.marked_paths() == {paths[1]}
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_T)
    assert widget.marked_paths() == {paths[1], paths[2]}
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_K)  # keep: unmarked and the badge holder
    assert widget.marked_paths() == {paths[2]}
    assert view.currentIndex().data(Role.KEEPER) is True
    assert widget.photo_model().index(0, 0).data(Role.KEEPER) is False


def test_page_keys_change_group(qtbot, widget):
    view = widget.photo_view
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert widget.current_group_row() == 1
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)  # stays on the last group
    assert widget.current_group_row() == 2
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert widget.current_group_row() == 1
    assert current_path(widget) in group_paths(widget)
    qtbot.keyClick(widget.group_view, Qt.Key.Key_PageUp)  # from the group list too
    assert widget.current_group_row() == 0


def test_every_photo_of_a_group_can_never_be_marked(qtbot, widget):
    view = widget.photo_view
    exact_row = next(
        r
        for r in range(3)
        if widget.group_model().index(r, 0).data(Role.GROUP).kind == GroupKind.EXACT
    )
    widget.group_view.setCurrentIndex(widget.group_model().index(exact_row, 0))
    view.setFocus()
    paths = group_paths(widget)
    qtbot.keyClick(view, Qt.Key.Key_Space)  # the keeper: marked, the badge moves to the other
    assert widget.marked_paths() == {paths[0]}
    assert widget.photo_model().index(1, 0).data(Role.KEEPER) is True
    qtbot.keyClick(view, Qt.Key.Key_Right)
    with qtbot.waitSignal(widget.status_message, timeout=1000) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Space)
    assert "every photo" in blocker.args[0]
    assert "every photo" in widget.status_label.text()
    assert widget.marked_paths() == {paths[0]}
    qtbot.keyClick(view, Qt.Key.Key_T)
    assert widget.marked_paths() == {paths[0]}


def test_protected_photo_is_refused(qtbot, widget, result):
    protected = next(m.path for g in result.groups for m in g.members if m.photo.in_reference_root)
    widget.group_view.setCurrentIndex(widget.group_model().index(1, 0))
    view = widget.photo_view
    view.setFocus()
    view.setCurrentIndex(widget.photo_model().index(widget.photo_model().row_of(protected), 0))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert protected not in widget.marked_paths()
    assert "protected" in widget.status_label.text()


def test_click_on_the_card_button_toggles_the_mark(qtbot, widget):
    view = widget.photo_view
    index = widget.photo_model().index(2, 0)
    button = view.itemDelegate().mark_button_rect(view.visualRect(index))
    pos = button.center().toPoint()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert widget.marked_paths() == {group_paths(widget)[2]}
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert widget.marked_paths() == set()


TURNS = ("rotated 90", "mirrored")  # the sample's turned members


def test_auto_select_and_set_marked(widget, result):
    widget.auto_select((KeepRule.REFERENCE_ROOT, KeepRule.SHORTEST_PATH))
    protected = {m.path for g in result.groups for m in g.members if m.photo.in_reference_root}
    marked = widget.marked_paths()
    assert not marked & protected
    for group in result.groups:
        assert len([m for m in group.members if m.path not in marked]) >= 1
    # one kept per group; the rotated PNG and the mirrored JPEG are left for a look (turned)
    turned = {m.path for g in result.groups for m in g.members if m.match in TURNS}
    assert len(turned) == 2 and not marked & turned
    assert len(marked) == sum(len(g.members) for g in result.groups) - len(result.groups) - 2
    widget.set_marked([result.groups[2].members[1].path])
    assert widget.marked_paths() == {result.groups[2].members[1].path}


def test_apply_removal_updates_the_groups_and_keeps_marks(qtbot, widget, result):
    g0 = [m.path for m in result.groups[0].members]
    g2 = [m.path for m in result.groups[2].members]
    widget.set_marked([g0[1], g0[3], g2[1]])
    with qtbot.waitSignal(widget.marks_changed, timeout=1000):
        widget.apply_removal({g0[3], g2[1]})
    assert widget.group_model().rowCount() == 2
    assert widget.marked_paths() == {g0[1]}
    assert widget.current_group_row() == 0
    assert widget.photo_model().rowCount() == 3
    left = widget.result()  # what is left, for export and regrouping
    assert len(left.groups) == 2
    assert {g0[3], g2[1]}.isdisjoint(p.path for p in left.photos)
    assert len(left.photos) == len(result.photos) - 2


def test_not_duplicates_for_the_group_or_the_selected_pair(qtbot, widget, result):
    group = result.groups[0]
    with qtbot.waitSignal(widget.not_duplicates_requested, timeout=1000) as blocker:
        qtbot.mouseClick(widget.not_duplicates_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0] == list(dict.fromkeys(m.photo.digest for m in group.members))
    sel = widget.photo_view.selectionModel()
    sel.clearSelection()
    for row in (2, 3):
        sel.select(widget.photo_model().index(row, 0), sel.SelectionFlag.Select)
    with qtbot.waitSignal(widget.not_duplicates_requested, timeout=1000) as blocker:
        widget.request_not_duplicates()
    assert blocker.args[0] == [group.members[2].photo.digest, group.members[3].photo.digest]


def test_not_duplicates_says_what_it_does_with_identical_bytes(qtbot, widget, result):
    """Group 0 has 4 photos, two of them the same bytes: 3 are kept apart, the identical two
    stay together; a selection of only identical files is not sent at all."""
    messages = []
    widget.status_message.connect(messages.append)
    widget.request_not_duplicates()
    assert messages[-1] == (
        "Not duplicates: 3 photos will not be grouped together again. "
        "Files with identical bytes stay together."
    )
    sel = widget.photo_view.selectionModel()
    sel.clearSelection()
    for row in (0, 1):  # the original and its byte copy
        sel.select(widget.photo_model().index(row, 0), sel.SelectionFlag.Select)
    with qtbot.assertNotEmitted(widget.not_duplicates_requested):
        widget.request_not_duplicates()
    assert messages[-1] == "These photos have identical bytes: they are copies of one file."


def test_enter_opens_the_compare_view(qtbot, widget):
    qtbot.keyClick(widget.photo_view, Qt.Key.Key_Return)
    dialog = widget.compare_dialog()
    assert isinstance(dialog, CompareDialog)
    assert len(dialog.view.panes) >= 2
    dialog.close()


def test_enter_in_the_group_list_compares_that_group(qtbot, widget):
    """README: "Enter compares", from either list; the photos then have the focus, so a
    keyboard user goes on in the group when the compare window closes."""
    widget.show()
    widget.group_view.setFocus()
    model = widget.photo_model()
    in_group = {model.index(r, 0).data(Role.PATH) for r in range(model.rowCount())}
    with qtbot.waitSignal(widget.compare_requested) as compared:
        qtbot.keyClick(widget.group_view, Qt.Key.Key_Return)
    dialog = widget.compare_dialog()
    assert isinstance(dialog, CompareDialog)
    assert len(compared.args[0]) >= 2 and set(compared.args[0]) <= in_group
    dialog.close()
    assert widget.focusWidget() is widget.photo_view


def test_thumbnail_size_changes_the_cards(widget):
    view = widget.photo_view
    index = widget.photo_model().index(0, 0)
    small = view.sizeHintForIndex(index)
    widget.set_thumbnail_size(300)
    big = view.sizeHintForIndex(index)
    assert big.width() > small.width() and big.height() > small.height()
    assert view.visualRect(index).contains(QPoint(view.visualRect(index).center()))


def _wheel(view, eighths: int, modifiers=Qt.KeyboardModifier.ControlModifier):
    """A real wheel event on the cards' viewport (what a mouse or touchpad sends)."""
    pos = QPointF(view.viewport().rect().center())
    event = QWheelEvent(
        pos,
        QPointF(view.viewport().mapToGlobal(pos.toPoint())),
        QPoint(0, 0),
        QPoint(0, eighths),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), event)


def test_thumbnail_size_steps_through_the_sizes_and_stops_at_the_ends(qtbot, widget):
    widget.set_thumbnail_size(THUMBNAIL_SIZES[1])
    with qtbot.waitSignal(widget.thumbnail_size_changed, timeout=1000) as signal:
        widget.step_thumbnail_size(1)
    assert signal.args == [THUMBNAIL_SIZES[2]] and widget.thumbnail_size() == THUMBNAIL_SIZES[2]
    widget.step_thumbnail_size(-100)
    assert widget.thumbnail_size() == THUMBNAIL_SIZES[0]
    assert not widget.can_step_thumbnail_size(-1) and widget.can_step_thumbnail_size(1)
    with qtbot.assertNotEmitted(widget.thumbnail_size_changed):
        widget.step_thumbnail_size(-1)  # already the smallest: nothing to remember
    widget.step_thumbnail_size(100)
    assert widget.thumbnail_size() == THUMBNAIL_SIZES[-1]
    assert not widget.can_step_thumbnail_size(1)
    widget.set_thumbnail_size(150)  # between two steps (a hand-edited settings file)
    widget.step_thumbnail_size(1)
    assert widget.thumbnail_size() == 160
    widget.set_thumbnail_size(150)
    widget.step_thumbnail_size(-1)
    assert widget.thumbnail_size() == 128


def test_ctrl_wheel_over_the_cards_resizes_them_and_a_plain_wheel_does_not(qtbot, widget):
    view = widget.photo_view
    widget.set_thumbnail_size(THUMBNAIL_SIZES[2])
    index = widget.photo_model().index(0, 0)
    before = view.sizeHintForIndex(index)
    _wheel(view, 120)  # one notch up
    assert widget.thumbnail_size() == THUMBNAIL_SIZES[3]
    assert view.sizeHintForIndex(index).height() > before.height()
    _wheel(view, -120)
    _wheel(view, -120)
    assert widget.thumbnail_size() == THUMBNAIL_SIZES[1]
    # A touchpad sends a notch in parts: the size moves once the parts add up to one.
    _wheel(view, 40)
    _wheel(view, 40)
    assert widget.thumbnail_size() == THUMBNAIL_SIZES[1]
    _wheel(view, 40)
    assert widget.thumbnail_size() == THUMBNAIL_SIZES[2]
    _wheel(view, -120, Qt.KeyboardModifier.NoModifier)  # scrolling, not resizing
    assert widget.thumbnail_size() == THUMBNAIL_SIZES[2]


def test_small_thumbnails_fit_two_cards_a_row_on_a_small_screen(qtbot, widget):
    """At 1024 pixels wide, beside the scan panel and the group list, the cards get ~360 px."""
    view = widget.photo_view
    index = widget.photo_model().index(0, 0)
    widget.set_thumbnail_size(THUMBNAIL_SIZES[0])
    small = view.sizeHintForIndex(index)
    assert 2 * (small.width() + 2 * view.spacing()) <= 360
    widget.set_thumbnail_size(160)  # the default keeps the full-width text lines
    assert view.sizeHintForIndex(index).width() >= 196


def test_a_narrow_card_shows_how_the_photo_matches_before_how_similar_it_is(widget, monkeypatch):
    from dupviewer.ui.review import delegates

    chips: list[str] = []
    real_draw_pill = delegates.draw_pill

    def recording(painter, rect, text, fill, font):
        chips.append(text)
        real_draw_pill(painter, rect, text, fill, font)

    monkeypatch.setattr(delegates, "draw_pill", recording)
    view = widget.photo_view
    row = next(
        r
        for r in range(widget.photo_model().rowCount())
        if "·" in widget.photo_model().index(r, 0).data(Role.ATTRIBUTES)["match"]
    )
    index = widget.photo_model().index(row, 0)
    for size, expected in ((THUMBNAIL_SIZES[-1], "Rotated 90° · 94% similar"), (96, "Rotated 90°")):
        widget.set_thumbnail_size(size)
        chips.clear()
        pixmap = QPixmap(view.sizeHintForIndex(index))
        painter = QPainter(pixmap)
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = QRect(QPoint(0, 0), view.sizeHintForIndex(index))
        view.itemDelegate().paint(painter, option, index)
        painter.end()
        assert chips[-1] == expected


def test_painting_for_long_does_not_exhaust_none(qapp):
    """PySide6 6.12 on CPython 3.11 drops a reference to None per void call; the review package
    guards against it at import, so a long session of repaints cannot abort the process."""
    keep_none_alive()
    probe = QObject()
    for _ in range(sys.getrefcount(None) % 50_000 + 60_000):  # more than None starts with
        probe.setObjectName("x")
    if void_calls_leak_none():
        assert sys.getrefcount(None) > 1 << 40


def test_photos_are_kept_and_marked_from_the_compare_window(qtbot, widget):
    """Click a photo to pick it, then the review's keys: K keeps, Del/T mark, Space toggles.
    Captions say each photo's state; the group's marks are the review's own."""
    qtbot.keyClick(widget.photo_view, Qt.Key.Key_Return)
    dialog = widget.compare_dialog()
    view = dialog.view
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # as a newly shown window is on a desktop
    qtbot.waitUntil(dialog.isActiveWindow)
    state = widget._state
    second = view.members()[1].path
    qtbot.mouseClick(view.panes[1].viewport(), Qt.MouseButton.LeftButton)
    assert view.picked_member().path == second
    qtbot.keyClick(view.panes[1], Qt.Key.Key_K)
    assert state.is_keeper(second) and view._captions[1].text().endswith("Keep")
    first = view.members()[0].path
    qtbot.mouseClick(view.panes[0].viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(view.panes[0], Qt.Key.Key_Delete)
    assert state.is_marked(first) and view._captions[0].text().endswith("To trash")
    qtbot.keyClick(view.panes[0], Qt.Key.Key_Space)  # toggles back
    assert not state.is_marked(first) and dialog.isVisible()  # Space never presses Close
    qtbot.keyClick(view.panes[0], Qt.Key.Key_T)
    assert state.is_marked(first)
    # the last unmarked copy cannot go: the review says why
    group = state.group(state.row_of(second))
    for member in group.members:
        if member.path != second:
            assert state.set_mark(member.path, True) in (MarkOutcome.DONE, MarkOutcome.UNCHANGED)
    qtbot.mouseClick(view.panes[1].viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(view.panes[1], Qt.Key.Key_Delete)
    assert not state.is_marked(second) and view._captions[1].text().endswith("Keep")
    assert "at least one copy is always kept" in widget.status_label.text()
    assert "at least one copy is always kept" in dialog._hint.text()  # also where it was pressed
    dialog.close()


def test_a_message_naming_a_very_long_file_does_not_widen_the_review(qtbot, tmp_path):
    """Refusing to mark a protected photo with a 184-character name says so with the name
    shortened in the middle: the one-word name cannot make the line, and the window, wider."""
    from dataclasses import replace

    from review_data import copy_bytes, group_of, photo_at

    from tests.images import make_photo, save

    long_name = "ä" * 10 + "x" * 170 + ".jpg"
    first = save(make_photo(5, (200, 150)), tmp_path / "lib" / "keep" / "first.jpg")
    protected = copy_bytes(first, tmp_path / "lib" / "archive" / long_name)
    group = group_of(
        GroupKind.EXACT,
        (photo_at(first), 0, "reference"),
        (photo_at(protected, protected=True), 0, "identical bytes"),
    )
    result = sample_result(tmp_path / "photos")
    w = ReviewWidget()
    qtbot.addWidget(w)
    w.resize(900, 600)
    w.set_result(replace(result, groups=(group,), photos=tuple(m.photo for m in group.members)))
    w.show()
    qtbot.waitExposed(w)
    before = w.minimumSizeHint().width()
    row = w.photo_model().row_of(protected)
    w.photo_view.setCurrentIndex(w.photo_model().index(row, 0))
    w.mark_current()
    text = w.status_label.text()
    assert "is in a protected folder" in text and "…" in text and "x.jpg”" in text
    assert w.minimumSizeHint().width() <= max(before, 600)
    w.thumbnail_cache().wait_idle()


def test_the_line_under_the_photos_is_cleared_when_the_marks_or_groups_change(qtbot, widget):
    """ "Auto-select marked N photos" is about the marks it made: a later change of the marks
    (Clear Marks, Mark All But Keeper, Keep), a removal or a new result takes it away; the key
    hint comes back."""

    def said():
        return "" if widget.status_label.isHidden() else widget.status_label.text()

    widget.auto_select((KeepRule.REFERENCE_ROOT, KeepRule.SHORTEST_PATH))
    assert said().startswith("Auto-select marked")
    widget.set_marked(set())  # Selection > Clear Marks
    assert said() == "" and not widget._hint.isHidden()

    widget.auto_select((KeepRule.REFERENCE_ROOT, KeepRule.SHORTEST_PATH))
    widget.mark_rest_button.click()  # (it says so when it marks a turned copy: group 0 has one)
    assert not said().startswith("Auto-select marked")

    widget.auto_select((KeepRule.REFERENCE_ROOT, KeepRule.SHORTEST_PATH))
    qtbot.keyClick(widget.photo_view, Qt.Key.Key_Right)
    qtbot.keyClick(widget.photo_view, Qt.Key.Key_K)
    assert said() == ""

    widget.auto_select((KeepRule.REFERENCE_ROOT, KeepRule.SHORTEST_PATH))
    marked = sorted(widget.marked_paths())
    widget.apply_removal({marked[0]})
    assert said() == ""

    widget.auto_select((KeepRule.REFERENCE_ROOT, KeepRule.SHORTEST_PATH))
    widget.set_result(widget.result())  # a rescan or a regroup
    assert said() == ""

    # A refusal still says why, after the marks it did not change.
    widget.auto_select((KeepRule.REFERENCE_ROOT, KeepRule.SHORTEST_PATH))
    widget.set_marked({m.path for g in widget.result().groups for m in g.members})
    assert said().startswith("Left unmarked")


def test_the_marked_total_goes_under_the_group_title_when_both_do_not_fit(qtbot, widget):
    """Side by side on a wide window; on a narrow one (a 1024-pixel screen with the Scan and
    Problems panels open) the title squeezed beside the total wrapped into a tall column."""
    from PySide6.QtWidgets import QBoxLayout

    widget.auto_select(DEFAULT_KEEP_RULES)  # the longer text: "Marked for the trash: ..."
    widget.resize(1600, 700)
    qtbot.waitUntil(lambda: widget._right.width() > 1000)
    assert widget._title_row.direction() == QBoxLayout.Direction.LeftToRight
    widget.resize(560, 700)
    qtbot.waitUntil(lambda: widget._title_row.direction() == QBoxLayout.Direction.TopToBottom)
    title, total = widget._group_title, widget._marked_total
    qtbot.waitUntil(lambda: total.geometry().top() > title.geometry().bottom())  # under it
    assert title.height() < 2 * title.fontMetrics().height()  # one line, not a column


def test_auto_select_says_how_many_photos_it_left_for_a_look(qtbot, widget, result):
    """The group's cropped copy stays unmarked and the line under the photos says so, so the
    user looks at it instead of taking the group for done."""
    from dataclasses import replace

    from dupviewer.engine.model import Group

    members = list(result.groups[0].members)
    members[3] = replace(members[3], match="cropped")
    groups = (Group(GroupKind.SIMILAR, tuple(members)), *result.groups[1:])
    widget.set_result(replace(result, groups=groups))
    widget.auto_select(DEFAULT_KEEP_RULES)
    assert members[3].path not in widget.marked_paths()
    text = widget.status_label.text()
    # 2 + 1 + 1: the mirrored beach photo is left too (turned next to the kept one)
    assert text.startswith("Auto-select marked 4 photos for the trash.")
    assert (
        "2 photos left unmarked (crops, other shapes, turned or mirrored copies, mostly flat "
        "pictures): look before marking."
    ) in text
    # the header says what the marks free (the keeper may not be the scan's reference)
    assert widget._group_detail.text().endswith(
        "marking 2 photos frees " + size_text(sum(members[k].photo.size for k in (1, 2)))
    )
    # K on the crop: every mark went with the old keeper, and the header does not fall back to
    # the scan's figure for it (the crop's group proposes nothing)
    view = widget.photo_view
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert current_path(widget) == members[3].path
    qtbot.keyClick(view, Qt.Key.Key_K)
    assert widget.keepers()[0] == members[3].path
    assert not widget.marked_paths() & {m.path for m in members}
    assert widget._group_detail.text().endswith("nothing proposed for the trash: look first")


def test_auto_select_after_k_keeps_the_pick_and_says_so(qtbot, widget):
    """The user picks a keeper with K, then lets Auto-select do the other groups: the pick is
    not marked for the trash, and the line under the photos says it stood."""
    widget.auto_select((KeepRule.REFERENCE_ROOT, KeepRule.SHORTEST_PATH))
    qtbot.keyClick(widget.photo_view, Qt.Key.Key_Right)
    qtbot.keyClick(widget.photo_view, Qt.Key.Key_K)
    picked = current_path(widget)
    assert picked in widget.keepers()
    widget.auto_select((KeepRule.REFERENCE_ROOT, KeepRule.SHORTEST_PATH))
    assert picked in widget.keepers() and picked not in widget.marked_paths()
    assert "The photo you chose to keep stays kept in 1 group." in widget.status_label.text()


def test_marking_the_keeper_says_which_marks_went_with_it(qtbot, widget, result):
    """The keeper marked (here from the compare window): the badge goes to the turned PNG, the
    only unmarked photo, and Auto-select's marks on the upright copies go, said in words."""
    g0 = [m.path for m in result.groups[0].members]
    widget.auto_select((KeepRule.OLDEST_DATE_TAKEN, KeepRule.SHORTEST_PATH))
    widget._on_compare_mark_requested(g0[0], True)
    assert widget.keepers()[0] == g0[3]
    assert not widget.marked_paths() & {g0[1], g0[2]}
    assert widget.status_label.text().startswith(
        "The kept copy changed; unmarked, as no plain copies of the new one: 2 photos"
    )


def test_mark_all_but_keeper_says_when_it_marks_what_auto_select_leaves(qtbot, widget, result):
    """QA: one click marked the camera original, mirrored next to the kept copy, without a
    word. It is the user's decision, said in words."""
    widget.auto_select((KeepRule.OLDEST_DATE_TAKEN, KeepRule.SHORTEST_PATH))
    widget.mark_rest_button.click()  # group 0: the turned PNG is marked too now
    assert result.groups[0].members[3].path in widget.marked_paths()
    assert widget.status_label.text() == (
        "Not plain copies of the kept one among the marks: 1 photo (crops, other shapes, turned "
        "or mirrored copies, mostly flat pictures, other fine detail): look before sending them "
        "to the trash."
    )
