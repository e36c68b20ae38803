"""Auto-select's second look (`closer_look`): its marks compared with the kept copy, larger, off
the GUI thread; the photos that differ in fine detail are unmarked, and the trash waits."""

from __future__ import annotations

import pytest
from images import desk_page, save
from PIL import Image

from dupviewer.engine.model import DEFAULT_KEEP_RULES, ScanOptions
from dupviewer.engine.scanner import scan
from dupviewer.ui.review import ReviewWidget
from dupviewer.ui.review.roles import Role
from dupviewer.ui.words import size_text


def _ended(running: bool) -> bool:
    return not running


@pytest.fixture
def pages(tmp_path):
    """Three pages of one template photographed on a desk, page0 the largest file (the keeper),
    and a half-size copy of page0: the scan proposes all three others."""
    folder = tmp_path / "scans"
    for seed in range(3):
        save(desk_page(seed), folder / f"page{seed}.jpg", quality=97 if seed == 0 else 90)
    save(desk_page(0).resize((480, 360), Image.Resampling.LANCZOS), folder / "copy.jpg")
    result = scan(ScanOptions(roots=(folder,), use_cache=False, decisions_path=tmp_path / "d"))
    assert len(result.groups) == 1 and len(result.groups[0].members) == 4
    return folder, result


@pytest.fixture
def widget(qtbot, pages):
    w = ReviewWidget()
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.set_result(pages[1])
    w.show()
    yield w
    w.thumbnail_cache().wait_idle()


def test_auto_select_unmarks_other_pages_after_a_closer_look(qtbot, widget, pages):
    folder, _ = pages
    with qtbot.waitSignal(
        widget.looking_closer_changed, timeout=30_000, check_params_cb=_ended
    ) as ended:
        widget.auto_select(DEFAULT_KEEP_RULES)
        assert widget.looking_closer()
        assert widget.marked_paths() == {folder / n for n in ("page1.jpg", "page2.jpg", "copy.jpg")}
        assert widget.status_label.text().endswith(
            "Looking closer at them (larger, in the background)…"
        )
    assert ended.args == [False]
    assert not widget.looking_closer()
    assert widget.marked_paths() == {folder / "copy.jpg"}
    # what Auto-select said stays, and the look's end is said after it (QA: it was replaced)
    assert widget.status_label.text() == (
        "Auto-select marked 3 photos for the trash. Looked closer and unmarked 2 photos whose "
        "fine detail differs from the kept copy (other text, a mark, another moment): look "
        "before marking."
    )
    assert widget.auto_marked() == {folder / "copy.jpg"}


def test_a_mark_made_by_hand_meanwhile_stays_and_a_new_result_drops_the_answer(
    qtbot, widget, pages
):
    folder, result = pages
    with qtbot.waitSignal(widget.looking_closer_changed, timeout=30_000, check_params_cb=_ended):
        widget.auto_select(DEFAULT_KEEP_RULES)
        # the user unmarks page1 and marks it again: a decision of theirs from then on
        page1 = folder / "page1.jpg"
        widget._state.set_mark(page1, False)
        widget._state.set_mark(page1, True)
    assert folder / "page1.jpg" in widget.marked_paths()
    # a new result while a look runs: its answer never unmarks anything there
    widget.auto_select(DEFAULT_KEEP_RULES)
    assert widget.looking_closer()
    with qtbot.waitSignal(widget.looking_closer_changed, timeout=5_000) as ended:
        widget.set_result(result)
    assert ended.args == [False] and not widget.looking_closer()
    widget.set_marked({folder / "page2.jpg"})
    qtbot.wait(1500)  # the cancelled run ends in its own time: its answer is dropped
    assert widget.marked_paths() == {folder / "page2.jpg"}


def test_pairs_already_compared_are_not_read_again(qtbot, widget, pages):
    """A regroup (the distance slider) asks again: only new pairs are read, none here."""
    with qtbot.waitSignal(widget.looking_closer_changed, timeout=30_000, check_params_cb=_ended):
        widget.auto_select(DEFAULT_KEEP_RULES)
    assert widget.look_closer() is False and not widget.looking_closer()


def test_a_failed_look_is_said_and_unmarks_what_it_did_not_check(qtbot, widget, pages, monkeypatch):
    """Never a silent "all plain copies": when the look fails, Auto-select's marks go."""
    from dupviewer.ui.review import closer_look

    def broken(*_args, **_kwargs):
        raise MemoryError("no memory for the closer look")

    monkeypatch.setattr(closer_look, "look_closer", broken)
    with qtbot.waitSignal(widget.looking_closer_changed, timeout=30_000, check_params_cb=_ended):
        widget.auto_select(DEFAULT_KEEP_RULES)
    assert widget.marked_paths() == set()
    assert widget.status_label.text() == (
        "Auto-select marked 3 photos for the trash. Could not look closer at the marked photos: "
        "unmarked 3 photos Auto-select had marked; look before marking."
    )


def test_keep_rules_that_keep_another_photo_than_the_reference_are_looked_at_too(
    qtbot, widget, pages
):
    """QA: with the oldest file kept (not the scan's reference), the look skipped the group and
    the other pages went to the trash. Each mark is compared with the keeper of the moment."""
    import dataclasses

    from dupviewer.engine.model import KeepRule

    folder, result = pages
    rules = (KeepRule.OLDEST_MTIME,)
    # page1 the oldest file (the scan's photos carry their times)
    photos = {
        m.path: dataclasses.replace(
            m.photo, mtime_ns=10**9 if m.path.name == "page1.jpg" else 2**40
        )
        for m in result.groups[0].members
    }
    group = dataclasses.replace(
        result.groups[0],
        members=tuple(
            dataclasses.replace(m, photo=photos[m.path]) for m in result.groups[0].members
        ),
    )
    widget.set_result(dataclasses.replace(result, groups=(group,)))
    with qtbot.waitSignal(widget.looking_closer_changed, timeout=30_000, check_params_cb=_ended):
        widget.auto_select(rules)
        assert widget.keepers() == [folder / "page1.jpg"]
        assert len(widget.marked_paths()) == 3
    # page0 and page2 are other pages; copy.jpg is a copy of page0, not of page1
    assert widget.marked_paths() == set()
    assert "Looked closer and unmarked 3 photos" in widget.status_label.text()


def test_after_clear_marks_the_look_claims_nothing_and_what_can_be_freed_follows_it(
    qtbot, widget, pages
):
    folder, result = pages
    said = []
    widget.status_message.connect(said.append)
    with qtbot.waitSignal(widget.looking_closer_changed, timeout=30_000, check_params_cb=_ended):
        widget.auto_select(DEFAULT_KEEP_RULES)
        widget.set_marked(set())  # Clear Marks during the look
    assert said[-1] == ""  # the window's status bar drops the look's progress line too
    assert widget.status_label.text() != (
        "Looked closer: every marked photo is a plain copy of the kept one."
    )
    assert "Looked closer" not in widget.status_label.text()
    # what the group can free now leaves out the pages found to differ
    copy = next(m for m in result.groups[0].members if m.path.name == "copy.jpg")
    assert widget.proposed_bytes() == copy.photo.size
    assert (
        widget.group_model().index(0, 0).data(Role.SUMMARY)[2].endswith(size_text(copy.photo.size))
    )


def test_the_look_says_how_far_it_is(qtbot, widget):
    seen = []
    widget._closer.progressed.connect(lambda run, done, total: seen.append((done, total)))
    with qtbot.waitSignal(widget.looking_closer_changed, timeout=30_000, check_params_cb=_ended):
        widget.auto_select(DEFAULT_KEEP_RULES)
    assert seen and seen[-1] == (3, 3)


def test_k_on_another_photo_compares_the_marks_left_with_it(qtbot, widget, pages):
    """After K the marks left are compared with the new keeper (copy.jpg is a copy of page0,
    not of page1)."""
    folder, _ = pages
    with qtbot.waitSignal(widget.looking_closer_changed, timeout=30_000, check_params_cb=_ended):
        widget.auto_select(DEFAULT_KEEP_RULES)
    assert widget.marked_paths() == {folder / "copy.jpg"}
    widget._make_keeper(folder / "page1.jpg")  # what K does
    with qtbot.waitSignal(widget.looking_closer_changed, timeout=30_000, check_params_cb=_ended):
        pass
    assert widget.marked_paths() == set()
    # and nothing counts as freeable next to page1: the other pages were found to differ from
    # page0 (how they compare with page1 is unknown), copy.jpg from page1 (QA: after K the
    # other routes counted again)
    assert widget.proposed_bytes() == 0
    assert widget.group_model().index(0, 0).data(Role.SUMMARY)[2] == "Nothing proposed: look first"
