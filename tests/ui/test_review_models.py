"""The review's item models and marking state, over a hand-built scan result."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QLocale, Qt
from review_data import sample_result

from dupviewer.engine.model import DEFAULT_KEEP_RULES, GroupKind, KeepRule
from dupviewer.engine.orientation import turned_apart
from dupviewer.ui.review.group_model import GroupModel
from dupviewer.ui.review.marking import MarkOutcome, ReviewState
from dupviewer.ui.review.photo_model import (
    PhotoModel,
    best_attributes,
    date_text,
    similarity_percent,
)
from dupviewer.ui.review.roles import Role
from dupviewer.ui.review.thumbnails import ThumbnailCache
from dupviewer.ui.words import size_text


@pytest.fixture
def result(tmp_path):
    return sample_result(tmp_path / "photos")


@pytest.fixture
def models(qapp, result):
    state = ReviewState()
    thumbs = ThumbnailCache()
    group_model = GroupModel(state, thumbs)
    photo_model = PhotoModel(state, thumbs)
    state.set_groups(result.groups)
    photo_model.set_group_row(0)
    yield state, group_model, photo_model
    thumbs.wait_idle()


def paths(group):
    return [m.path for m in group.members]


def test_models_pass_the_model_tester_with_data_and_after_resets(qtmodeltester, models, result):
    state, group_model, photo_model = models
    qtmodeltester.check(group_model)
    qtmodeltester.check(photo_model)
    state.set_marked([paths(result.groups[0])[1]])
    state.set_groups(result.groups)  # a new result: reset
    photo_model.set_group_row(1)
    qtmodeltester.check(group_model)
    qtmodeltester.check(photo_model)
    state.apply_removal({paths(result.groups[2])[1]})  # the exact group disappears
    photo_model.set_group_row(0)
    assert group_model.rowCount() == 2
    qtmodeltester.check(group_model)
    qtmodeltester.check(photo_model)
    state.set_groups([])
    qtmodeltester.check(group_model)
    qtmodeltester.check(photo_model)


def test_groups_are_sorted_by_space_they_can_free(models):
    state, group_model, _ = models
    freed = [group_model.index(r, 0).data(Role.RECLAIMABLE) for r in range(group_model.rowCount())]
    assert freed == sorted(freed, reverse=True)
    assert all(f > 0 for f in freed)


def test_group_row_shows_count_size_kind_and_keeper(models, result):
    state, group_model, _ = models
    exact_row = next(r for r in range(len(state)) if state.group(r).kind == GroupKind.EXACT)
    index = group_model.index(exact_row, 0)
    name, counts, freed = index.data(Role.SUMMARY)
    assert name == "cat.png"
    assert counts.startswith("2 photos")
    assert "Can free" in freed
    assert index.data(Role.EXACT) is True
    assert index.data(Role.PATH) == state.keeper(exact_row)
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None  # placeholder until loaded


def test_a_group_with_nothing_proposed_says_so_not_free_0_bytes(qtbot, tmp_path):
    """A crop kept from the scan (`keep`): the group frees nothing unless the user marks it."""
    from dataclasses import replace

    from dupviewer.engine.model import Group

    a0, a1 = sample_result(tmp_path / "photos").groups[0].members[:2]
    crop = replace(a1, match="cropped", keep=True, photo=replace(a1.photo, digest="other"))
    state = ReviewState()
    state.set_groups([Group(GroupKind.SIMILAR, (a0, crop))])
    thumbs = ThumbnailCache()
    group_model = GroupModel(state, thumbs)
    _name, _counts, freed = group_model.index(0, 0).data(Role.SUMMARY)
    assert freed == "Nothing proposed: look first"
    thumbs.wait_idle()


def test_what_a_group_can_free_follows_the_keeper_picked(qtbot, tmp_path):
    """The scan's proposal holds for its reference: K on a crop proposes nothing (the rest is
    what the crop was cut from), K on a plain copy proposes the reference instead of it."""
    from dataclasses import replace

    from dupviewer.engine.model import Group

    a0, _a1, a2 = sample_result(tmp_path / "photos").groups[0].members[:3]
    assert a2.match == "similar" and not a2.keep
    crop = replace(a2, match="cropped", keep=True, photo=replace(a2.photo, digest="other"))
    crop = replace(crop, photo=replace(crop.photo, path=crop.path.with_name("crop.jpg")))
    state = ReviewState()
    state.set_groups([Group(GroupKind.SIMILAR, (a0, a2, crop))])
    thumbs = ThumbnailCache()
    group_model = GroupModel(state, thumbs)

    def freed() -> str:
        return group_model.index(0, 0).data(Role.SUMMARY)[2]

    assert state.proposed_bytes(0) == state.group(0).reclaimable == a2.photo.size
    assert freed() == "Can free " + size_text(a2.photo.size)
    assert state.make_keeper(crop.path) is MarkOutcome.DONE
    assert state.proposed_bytes(0) == 0
    assert freed() == "Nothing proposed: look first"
    assert state.make_keeper(a2.path) is MarkOutcome.DONE
    assert state.proposed_bytes(0) == a0.photo.size  # the reference, now a plain copy of a2
    assert freed() == "Can free " + size_text(a0.photo.size)
    thumbs.wait_idle()


def test_photo_cards_say_how_each_photo_matches(models, result):
    _, _, photo_model = models
    texts = [photo_model.index(r, 0).data(Role.ATTRIBUTES) for r in range(photo_model.rowCount())]
    assert [t["match"] for t in texts] == [
        "Reference",
        "Exact copy",
        "97% similar",
        "Rotated 90° · 94% similar",
    ]
    assert texts[3]["match_label"] == "Rotated 90°"  # what a card too narrow for both shows
    assert texts[0]["resolution"] == "960 × 640"
    assert texts[0]["format"] == "JPEG"
    assert texts[3]["date"] == "No date"
    assert texts[2]["folder"].endswith("Phone")
    assert photo_model.index(1, 0).data(Role.EXACT) is True
    assert photo_model.index(2, 0).data(Role.EXACT) is False
    assert photo_model.index(3, 0).data(Role.SIMILARITY) == pytest.approx(100 * (1 - 4 / 64))


def test_similarity_percent():
    assert similarity_percent(0) == 100
    assert similarity_percent(16) == 75
    assert similarity_percent(64) == 0


def test_best_value_of_each_attribute_is_flagged(result):
    group = result.groups[0]  # a0, exact copy a1, half-size a2, rotated PNG a3
    best = best_attributes(group)
    sizes = [m.photo.size for m in group.members]
    assert ["size" in b for b in best] == [s == max(sizes) for s in sizes]
    assert ["resolution" in b for b in best] == [True, True, False, True]  # same pixel count
    assert ["format" in b for b in best] == [False, False, False, True]  # PNG before JPEG
    assert ["date" in b for b in best] == [True, True, False, False]  # the oldest date taken
    exact = best_attributes(result.groups[2])
    assert exact == [frozenset(), frozenset()]  # nothing differs: nothing to highlight


def test_marking_guards_protected_photos_and_the_last_copy(models, result):
    state, _, photo_model = models
    g0, g1, g2 = (paths(g) for g in result.groups)
    assert state.set_mark(g1[0], True) == MarkOutcome.PROTECTED
    assert not state.is_marked(g1[0])
    assert state.set_mark(g2[0], True) == MarkOutcome.DONE  # the keeper: the badge moves on
    assert state.is_keeper(g2[1])
    assert state.set_mark(g2[1], True) == MarkOutcome.LAST_COPY
    assert state.marked_paths() == {g2[0]}
    for p in g0[1:]:
        assert state.set_mark(p, True) == MarkOutcome.DONE
    assert state.set_mark(g0[0], True) == MarkOutcome.LAST_COPY
    # Through the model, as a click on a card does.
    refused = []
    photo_model.mark_refused.connect(refused.append)
    assert not photo_model.setData(
        photo_model.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    assert refused == [MarkOutcome.LAST_COPY]
    assert photo_model.index(1, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def test_set_marked_never_marks_a_whole_group_or_a_protected_photo(models, result):
    state, _, _ = models
    everything = [m.path for g in result.groups for m in g.members]
    refused = state.set_marked(everything)
    for row in range(len(state)):
        group = state.group(row)
        unmarked = [m for m in group.members if not state.is_marked(m.path)]
        assert unmarked, "a group was left with every photo marked"
        assert state.keeper(row) in {m.path for m in unmarked}
    protected = [m.path for g in result.groups for m in g.members if m.photo.in_reference_root]
    assert protected and not any(state.is_marked(p) for p in protected)
    assert set(protected) <= refused


def test_keep_unmarks_and_takes_the_badge(models, result):
    state, _, _ = models
    g0 = paths(result.groups[0])
    state.set_mark(g0[2], True)
    assert state.make_keeper(g0[2]) == MarkOutcome.DONE
    assert state.is_keeper(g0[2]) and not state.is_marked(g0[2])
    assert not state.is_keeper(g0[0])


@pytest.mark.parametrize(
    "rules",
    [
        DEFAULT_KEEP_RULES,
        (KeepRule.SHORTEST_PATH,),
        (KeepRule.OLDEST_DATE_TAKEN, KeepRule.SHORTEST_PATH),
        (KeepRule.LARGEST_FILE, KeepRule.SHORTEST_PATH),
        (KeepRule.PREFERRED_FORMAT, KeepRule.SHORTEST_PATH),
    ],
)
def test_auto_select_keeps_the_best_by_the_rules_and_marks_the_rest(models, result, rules):
    state, _, _ = models
    state.auto_select(rules)

    def expected_keeper(group):
        def key(m):
            parts = []
            for rule in rules:
                p = m.photo
                parts.append(
                    {
                        KeepRule.REFERENCE_ROOT: 0 if p.in_reference_root else 1,
                        KeepRule.HIGHEST_RESOLUTION: -p.pixels,
                        KeepRule.LARGEST_FILE: -p.size,
                        KeepRule.PREFERRED_FORMAT: ["TIFF", "PNG", "HEIF", "JPEG"].index(p.format),
                        KeepRule.OLDEST_DATE_TAKEN: (p.date_taken is None, p.date_taken or 0),
                        KeepRule.OLDEST_MTIME: p.mtime_ns,
                        KeepRule.SHORTEST_PATH: (len(str(p.path)), str(p.path)),
                    }[rule]
                )
            return parts

        return min(group.members, key=key).path

    for row in range(len(state)):
        group = state.group(row)
        keeper = expected_keeper(group)
        assert state.keeper(row) == keeper
        kept = next(m for m in group.members if m.path == keeper)
        for m in group.members:
            turned = turned_apart(kept.match, m.match)  # which way round is the user's call
            should = m.path != keeper and not m.photo.in_reference_root and not turned
            assert state.is_marked(m.path) == should, (rules, m.path)


def test_auto_select_rule_order_changes_the_keeper(models, result):
    state, _, _ = models
    g0 = paths(result.groups[0])
    state.auto_select((KeepRule.OLDEST_DATE_TAKEN, KeepRule.SHORTEST_PATH))
    by_date = state.keeper(state.row_of(g0[0]))
    state.auto_select((KeepRule.PREFERRED_FORMAT, KeepRule.SHORTEST_PATH))
    by_format = state.keeper(state.row_of(g0[0]))
    assert by_date == g0[0]  # oldest date, then the shorter of the two identical-date paths
    assert by_format == g0[3]  # the only PNG, turned next to the others: they stay for a look
    assert not state.is_marked(g0[0]) and not state.is_marked(g0[3])
    assert state.marked_paths() & set(g0) == set()


def test_auto_select_keeps_the_photo_the_user_picked_to_keep(models, result):
    """K is a decision: Auto-select run afterwards (e.g. to do the other groups) must not mark
    the picked photo for the trash; a pick the user marked since is no pick."""
    state, _, _ = models
    g0 = paths(result.groups[0])  # original, its byte copy, a small copy, a turned PNG
    rules = (KeepRule.OLDEST_DATE_TAKEN, KeepRule.SHORTEST_PATH)
    state.auto_select(rules)
    row = state.row_of(g0[0])
    assert state.keeper(row) == g0[0]
    state.make_keeper(g0[2])
    state.auto_select(rules)
    assert state.keeper(row) == g0[2] and not state.is_marked(g0[2])
    assert state.is_marked(g0[0]) and state.is_marked(g0[1]) and not state.is_marked(g0[3])
    assert state.chosen_keepers() == {g0[2]}

    state.make_keeper(g0[1])  # a new pick replaces the group's earlier one
    state.set_mark(g0[1], True)  # ... and marking it takes the pick back
    state.auto_select(rules)
    assert state.keeper(row) == g0[0] and state.is_marked(g0[1]) and state.is_marked(g0[2])


def test_apply_removal_drops_files_and_single_photo_groups_and_keeps_marks(models, result):
    state, group_model, _ = models
    g0, g1, g2 = (paths(g) for g in result.groups)
    state.set_marked([g0[1], g0[2], g1[2], g2[1]])
    state.apply_removal({g0[2], g2[1]})
    assert len(state) == 2
    assert state.row_of(g2[0]) is None  # one photo left: the group is gone
    assert state.marked_paths() == {g0[1], g1[2]}
    assert len(state.group(state.row_of(g0[0])).members) == 3
    assert group_model.rowCount() == 2


def test_apply_removal_of_the_keeper_picks_an_unmarked_keeper(models, result):
    state, _, _ = models
    g0 = paths(result.groups[0])
    state.set_marked([g0[1], g0[2], g0[3]])
    state.apply_removal({g0[0]})  # the keeper went away (removed outside the app)
    row = state.row_of(g0[1])
    group = state.group(row)
    assert [m.path for m in group.members] == g0[1:]
    assert not state.is_marked(state.keeper(row))
    assert any(not state.is_marked(m.path) for m in group.members)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("C", "2019-06-03 14:22"),  # Qt's C format would read "3 06 2019 14:22"
        ("zh_CN", "2019/6/3 14:22"),
        ("en_GB", "03/06/2019 14:22"),
    ],
)
def test_dates_read_naturally_in_each_locale(locale, expected):
    taken = datetime(2019, 6, 3, 14, 22, 5)
    assert date_text(taken, QLocale(locale)) == expected
    previous = QLocale()
    QLocale.setDefault(QLocale(locale))
    try:
        assert date_text(taken) == expected  # the default follows the app's locale
    finally:
        QLocale.setDefault(previous)


def test_folder_texts_drop_what_a_group_shares():
    """Cards are narrow: two backups of one camera folder elided in the middle looked alike.
    The part every folder shares goes, the part that tells them apart stays."""
    from pathlib import Path

    from dupviewer.ui.words import folder_texts

    lib = Path("/home/ann/Pictures/library")
    folders = [
        lib / "Phone backup 2016" / "DCIM" / "Camera",
        lib / "Backup" / "phone_backup_2016" / "DCIM" / "Camera",
        lib / "Exports" / "web",
        lib,
    ]
    sep = "/" if Path("/a").anchor == "/" else "\\"
    assert folder_texts(folders) == [
        f"…{sep}{Path('Phone backup 2016/DCIM/Camera')}",
        f"…{sep}{Path('Backup/phone_backup_2016/DCIM/Camera')}",
        f"…{sep}{Path('Exports/web')}",
        str(lib),  # the shared folder itself: its whole path
    ]
    assert folder_texts([lib, lib]) == [str(lib), str(lib)]  # one folder: nothing to tell apart
    assert folder_texts([Path("/a/x"), Path("/b/y")]) == [str(Path("/a/x")), str(Path("/b/y"))]


def test_a_multi_frame_photo_is_never_marked_in_a_group_of_look_alikes(qtbot, tmp_path):
    """Its other frames exist nowhere else: auto-select leaves it, a mark is refused with its
    own outcome, and the card shows no mark button (NEVER_MARKED) but its frame count."""
    from dataclasses import replace

    from dupviewer.engine.model import Group

    result = sample_result(tmp_path / "photos")
    group = result.groups[0]  # similar
    members = list(group.members)
    animated = replace(members[2], photo=replace(members[2].photo, frames=5, format="GIF"))
    members[2] = animated
    group = Group(GroupKind.SIMILAR, tuple(members))
    state = ReviewState()
    state.set_groups([group])
    state.auto_select(DEFAULT_KEEP_RULES)
    assert animated.path not in state.marked_paths()
    assert state.set_mark(animated.path, True) is MarkOutcome.MORE_FRAMES
    assert state.set_marked({animated.path}) == {animated.path}
    model = PhotoModel(state, ThumbnailCache())
    model.set_group_row(0)
    index = model.index(2, 0)
    assert index.data(Role.NEVER_MARKED) is True
    assert index.data(Role.FRAMES_TEXT) == "5 frames"
    assert "only the first was compared" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, 0).data(Role.NEVER_MARKED) is False

    # With a byte copy of it in the group, one of the two may go, never both.
    twin = replace(
        members[3],
        photo=replace(members[3].photo, frames=5, format="GIF", digest=animated.photo.digest),
    )
    members[3] = twin
    state.set_groups([Group(GroupKind.SIMILAR, tuple(members))])
    assert state.set_mark(twin.path, True) is MarkOutcome.DONE
    assert state.set_mark(animated.path, True) is MarkOutcome.MORE_FRAMES
    state.auto_select(DEFAULT_KEEP_RULES)
    assert len({animated.path, twin.path} & state.marked_paths()) == 1


def test_auto_select_leaves_crops_of_the_keeper_for_the_user(qtbot, tmp_path):
    """A crop shows less (or more) than the kept copy, and flat graphics can pass for crops of
    each other: auto-select never marks a photo related to the keeper through a crop, says how
    many it left, and the user can still mark one by hand."""
    from dataclasses import replace

    from dupviewer.engine.model import Group

    result = sample_result(tmp_path / "photos")
    a0, a1, a2, a3 = result.groups[0].members  # reference, byte copy, half size, rotated PNG
    cropped = replace(a3, match="rotated 90 + cropped")
    state = ReviewState()
    state.set_groups([Group(GroupKind.SIMILAR, (a0, a1, a2, cropped))])
    assert state.auto_select(DEFAULT_KEEP_RULES) == 1
    assert state.keeper(0) == a0.path
    assert state.marked_paths() == {a1.path, a2.path}
    thumbs = ThumbnailCache()
    model = PhotoModel(state, thumbs)
    model.set_group_row(0)
    tip = model.index(3, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Not a plain copy of the kept photo: a crop of it" in tip
    assert "plain copy" not in model.index(2, 0).data(Qt.ItemDataRole.ToolTipRole)
    thumbs.wait_idle()
    assert state.set_mark(cropped.path, True) is MarkOutcome.DONE  # by hand: allowed
    # a regroup drops only Auto-select's marks its groups leave to the user: a hand mark stays
    assert state.unmark_looks() == 0 and cropped.path in state.marked_paths()
    # K on the crop: Auto-select's marks on plain copies of the picture it was cut from go
    state.auto_select(DEFAULT_KEEP_RULES)
    assert state.make_keeper(cropped.path) is MarkOutcome.DONE
    assert state.last_unmarked == 2 and state.marked_paths() == set()

    # The keeper is the crop (the largest file): the picture it was cut from and that
    # picture's plain copies are apart from it too; only a byte copy of the crop is marked.
    twin = replace(a2, match="cropped", photo=replace(a2.photo, digest=cropped.photo.digest))
    state.set_groups([Group(GroupKind.SIMILAR, (a0, a1, twin, cropped))])
    rules = (KeepRule.LARGEST_FILE, KeepRule.SHORTEST_PATH)
    assert state.auto_select(rules) == 2
    assert state.keeper(0) == cropped.path
    assert state.marked_paths() == {twin.path}


@pytest.mark.parametrize("how", ["marked", "removed"])
def test_a_keeper_handed_on_drops_the_marks_that_are_no_copies_of_the_new_one(models, result, how):
    """QA: the upright keeper went (found missing at a removal, or marked with Space) and the
    badge passed to the only unmarked photo, a turned PNG, while Auto-select's marks on the
    upright copies stayed: the next Send to Trash left only the turned copy. As after K, those
    marks go and the state says how many."""
    state, _, _ = models
    g0 = paths(result.groups[0])  # original, its byte copy, a small copy, a turned PNG
    state.auto_select((KeepRule.OLDEST_DATE_TAKEN, KeepRule.SHORTEST_PATH))
    assert state.marked_paths() & set(g0) == {g0[1], g0[2]}  # the turned PNG left for a look
    if how == "marked":
        assert state.set_mark(g0[0], True) == MarkOutcome.DONE
    else:
        state.apply_removal({g0[0]})
    row = state.row_of(g0[3])
    assert state.keeper(row) == g0[3] and state.keeper_moved
    assert state.last_unmarked == 2
    assert not state.marked_paths() & {g0[1], g0[2]}
    state.set_mark(g0[1], True)  # marking a copy by hand moves no keeper
    assert not state.keeper_moved and state.last_unmarked == 0


def test_a_keeper_handed_on_goes_to_a_plain_copy_and_takes_hand_marks_too(models, result):
    """QA round 3: the badge went to a turned copy while upright copies were unmarked, and
    marks made by hand (Mark all but keeper) stayed on the upright copies next to a turned
    keeper: the next Send to Trash left only the turned copy."""
    state, _, _ = models
    g0 = paths(result.groups[0])  # original, its byte copy, a small copy, a turned PNG
    state.set_rules((KeepRule.PREFERRED_FORMAT, KeepRule.SHORTEST_PATH))  # the PNG first
    state.make_keeper(g0[0])
    state.set_mark(g0[1], True)  # by hand
    state.set_mark(g0[0], True)  # the keeper: a plain copy of it takes the badge, not the PNG
    assert state.keeper(state.row_of(g0[0])) == g0[2]
    assert state.marked_paths() & set(g0) == {g0[0], g0[1]}

    state.set_marked(set())
    state.make_keeper(g0[0])
    state.set_mark(g0[1], True)  # by hand, and the small copy too: only the PNG is left
    state.set_mark(g0[2], True)
    state.set_mark(g0[0], True)
    assert state.keeper(state.row_of(g0[0])) == g0[3] and state.keeper_moved
    assert state.marked_paths() & set(g0) == {g0[0]}  # the user's last mark only
    assert state.last_unmarked == 2


def test_a_keeper_handed_on_skips_what_the_closer_look_found_different(models, result):
    """QA round 4: the badge went to an edit the closer look had found to differ from the old
    keeper, and the hand mark on the true plain copy stayed; with every photo marked, the
    badge went to the turned copy by the keep rules alone."""
    state, _, _ = models
    g0 = paths(result.groups[0])  # original, its byte copy, a small copy, a turned PNG
    row = state.row_of(g0[0])
    state.auto_select((KeepRule.OLDEST_DATE_TAKEN, KeepRule.SHORTEST_PATH))
    state.note_apart([g0[2]])  # the closer look: the small copy differs in fine detail
    state.unmark_auto([g0[2]])
    state.set_mark(g0[1], False)
    state.set_mark(g0[1], True)  # the byte copy, marked by hand
    state.set_mark(g0[0], True)  # the keeper: neither the different one nor the turned is plain
    assert state.keeper(row) == g0[2]  # the rules' choice among the rest...
    assert not state.is_marked(g0[1]) and state.last_unmarked == 1  # ...so no mark stays on it

    state.set_marked(set())
    state.auto_select((KeepRule.OLDEST_DATE_TAKEN, KeepRule.SHORTEST_PATH))
    state.mark_all_but_keeper(row)  # every photo but the keeper marked
    state.apply_removal({g0[0]})  # the keeper went
    row = state.row_of(g0[1])
    assert state.keeper(row) == g0[1]  # its byte copy, not the turned PNG
    assert not state.is_marked(g0[1]) and not state.is_marked(g0[3])
