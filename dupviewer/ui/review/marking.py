"""The review's mutable state over the engine's frozen groups: which photos are marked for the
trash and which photo of each group is the keeper.

Two invariants hold after every call, whatever the caller asks:
- a group's keeper is never marked, so no group ever has every photo marked;
- a photo under a protected (reference) root is never marked.
Requests that would break them are refused with a `MarkOutcome` the widget turns into words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from dupviewer.engine.caution import needs_a_look_each
from dupviewer.engine.finecheck import relative_match
from dupviewer.engine.grouping import REFERENCE as REFERENCE_MATCH
from dupviewer.engine.model import (
    DEFAULT_KEEP_RULES,
    PREFERRED_FORMATS,
    Group,
    KeepRule,
    Member,
    Photo,
)

try:
    from dupviewer.engine.keep_rules import priority_key
except ImportError:  # keep_rules is written in parallel; same documented rules until it lands

    def priority_key(photo: Photo, rules: Sequence[KeepRule]) -> tuple:
        """Smaller is better: each rule in order contributes one sort component."""
        parts: list[object] = []
        for rule in rules:
            if rule == KeepRule.REFERENCE_ROOT:
                parts.append(0 if photo.in_reference_root else 1)
            elif rule == KeepRule.HIGHEST_RESOLUTION:
                parts.append(-photo.pixels)
            elif rule == KeepRule.LARGEST_FILE:
                parts.append(-photo.size)
            elif rule == KeepRule.PREFERRED_FORMAT:
                fmt = (photo.format or "").upper()
                parts.append(PREFERRED_FORMATS.index(fmt) if fmt in PREFERRED_FORMATS else 99)
            elif rule == KeepRule.OLDEST_DATE_TAKEN:
                taken = photo.date_taken
                parts.append((taken is None, taken.timestamp() if taken else 0.0))
            elif rule == KeepRule.OLDEST_MTIME:
                parts.append(photo.mtime_ns)
            elif rule == KeepRule.SHORTEST_PATH:
                parts.append((len(str(photo.path)), str(photo.path)))
        return tuple(parts)


class MarkOutcome(Enum):
    """What happened to a marking request."""

    DONE = "done"
    UNCHANGED = "unchanged"  # already in the asked state
    PROTECTED = "protected"  # under a protected root: never marked
    MORE_FRAMES = "more-frames"  # frames or pages a look-alike does not hold: never marked
    LAST_COPY = "last-copy"  # would mark every photo of the group
    UNKNOWN = "unknown"  # not in any group


class ReviewState(QObject):
    """Groups, marks and keepers. GUI-thread object; both item models read it."""

    group_changed = Signal(int)  # row of a group whose marks or keeper changed
    all_marks_changed = Signal()  # marks or keepers of many groups changed; same groups
    groups_about_to_change = Signal()  # the list of groups is about to be replaced or to shrink
    groups_changed = Signal()  # ...and now it has been
    # a group's keeper was handed on (the keeper marked, or gone at a removal): what it dropped
    # is in `last_unmarked`; Auto-select's marks left are to be looked at again
    keeper_handed_on = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[Group] = []
        self._keepers: list[Path] = []
        # pairs of photos the closer look found to differ (a keeper and a copy it compared)
        self._apart: set[frozenset[Path]] = set()
        self._apart_paths: set[Path] = set()
        self._chosen: set[Path] = set()  # keepers the user picked (K), not the rules
        self._marked: set[Path] = set()
        # Marks Auto-select made and the user has not touched since: a proposal, which a new
        # keeper (K) or new groups drop where it no longer holds (`unmark_looks`); a mark made
        # by hand is the user's decision and stays.
        self._auto: set[Path] = set()
        # how many marks the last keeper change dropped as no plain copies of the new keeper:
        # Auto-select's after K; any after a handover (the keeper marked, or gone)
        self.last_unmarked = 0
        self.keeper_moved = False  # the last set_mark or apply_removal gave a group a keeper
        self.picks_kept = 0  # groups whose K pick the last Auto-select kept
        self._row_of: dict[Path, int] = {}
        self._size_of: dict[Path, int] = {}
        self._rules: tuple[KeepRule, ...] = DEFAULT_KEEP_RULES

    # -- reading -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._groups)

    @property
    def groups(self) -> Sequence[Group]:
        return tuple(self._groups)

    def group(self, row: int) -> Group:
        return self._groups[row]

    def keeper(self, row: int) -> Path:
        return self._keepers[row]

    def row_of(self, path: Path) -> int | None:
        return self._row_of.get(Path(path))

    def is_marked(self, path: Path) -> bool:
        return Path(path) in self._marked

    def is_keeper(self, path: Path) -> bool:
        row = self.row_of(path)
        return row is not None and self._keepers[row] == Path(path)

    def marked_paths(self) -> set[Path]:
        return set(self._marked)

    def marked_bytes(self) -> int:
        """Bytes the marked photos take (what sending them to the trash frees)."""
        return sum(self._size_of.get(p, 0) for p in self._marked)

    def marked_in(self, row: int) -> list[Member]:
        return [m for m in self._groups[row].members if m.path in self._marked]

    def proposed_bytes(self, row: int) -> int:
        """Bytes that keeping this group's current keeper proposes to free: what Auto-select
        would mark next to it. The scan's `Group.reclaimable` holds for its reference; after K
        on another photo (a crop, say) the copies left for a look are others."""
        group = self._groups[row]
        keeper_path = self._keepers[row]
        if keeper_path == group.reference.path and not (
            self._apart_paths and any(m.path in self._apart_paths for m in group.members)
        ):
            return group.reclaimable
        keeper = self._member(row, keeper_path)
        return sum(
            m.photo.size
            for m in self._proposed(group, keeper)
            if not self._looked_apart(m.path, keeper_path)
        )

    def looked_apart(self, path: Path, keeper: Path) -> bool:
        """Whether the closer look found `path` to differ in fine detail (see `_looked_apart`)."""
        return self._looked_apart(Path(path), Path(keeper))

    def _looked_apart(self, path: Path, keeper: Path) -> bool:
        """Whether the closer look found `path` to differ from `keeper`, or from another keeper
        (then how it compares with this one is unknown: not counted as freeable; QA: after K
        on another route the other routes counted again)."""
        return path in self._apart_paths or frozenset((path, keeper)) in self._apart

    # -- changing ------------------------------------------------------------------------------

    def set_groups(self, groups: Iterable[Group], rules: Sequence[KeepRule] | None = None) -> None:
        """Replace everything: no marks, each group's reference is its keeper."""
        if rules is not None:
            self._rules = tuple(rules)
        self.groups_about_to_change.emit()
        # Most space freed first (the engine's order; sorted again so any caller gets it).
        self._groups = sorted(
            (g for g in groups if len(g.members) >= 2),
            key=lambda g: (-g.reclaimable, str(g.reference.path)),
        )
        self._keepers = [g.reference.path for g in self._groups]
        self._chosen = set()
        self._marked = set()
        self._auto = set()
        # (`_apart` stays: found by paths, it holds for the same files regrouped)
        self._reindex()
        self.groups_changed.emit()

    def set_rules(self, rules: Sequence[KeepRule]) -> None:
        """Keep rules used when a keeper must be picked (e.g. after the keeper gets marked)."""
        self._rules = tuple(rules)

    def set_mark(self, path: Path, on: bool) -> MarkOutcome:
        """Mark or unmark one photo. Marking the keeper hands the badge to the best unmarked
        photo left; marking the last unmarked photo of a group is refused."""
        path = Path(path)
        row = self.row_of(path)
        if row is None:
            return MarkOutcome.UNKNOWN
        self.last_unmarked, self.keeper_moved = 0, False
        if on == (path in self._marked):
            return MarkOutcome.UNCHANGED
        self._auto.discard(path)  # the user's decision from now on
        if not on:
            self._marked.discard(path)
            self.group_changed.emit(row)
            return MarkOutcome.DONE
        member = self._member(row, path)
        if member.photo.in_reference_root:
            return MarkOutcome.PROTECTED
        if self._groups[row].irreplaceable(member, gone=self._marked):
            return MarkOutcome.MORE_FRAMES  # no unmarked copy of its bytes would stay
        others = [
            m for m in self._groups[row].members if m.path != path and m.path not in self._marked
        ]
        if not others:
            return MarkOutcome.LAST_COPY
        self._marked.add(path)
        self._chosen.discard(path)  # marked: no longer a pick to keep
        if self._keepers[row] == path:
            self._keepers[row] = self._successor(member, others).path
            dropped = self._drop_after_handover(row, member, but=path)  # (not the mark just made)
            self.last_unmarked, self.keeper_moved = dropped, True
        self.group_changed.emit(row)
        if self.keeper_moved:
            self.keeper_handed_on.emit()
        return MarkOutcome.DONE

    def toggle(self, path: Path) -> MarkOutcome:
        return self.set_mark(path, not self.is_marked(path))

    def make_keeper(self, path: Path) -> MarkOutcome:
        """Unmark `path` and make it the group's keeper (the badge holder)."""
        path = Path(path)
        row = self.row_of(path)
        if row is None:
            return MarkOutcome.UNKNOWN
        # A pick (even of the photo already holding the badge) is remembered, and it replaces
        # the group's earlier picks: they outlive regroups until the user picks again.
        self._chosen.difference_update(m.path for m in self._groups[row].members)
        self._chosen.add(path)
        self.last_unmarked = 0
        if self._keepers[row] == path and path not in self._marked:
            return MarkOutcome.UNCHANGED
        self._marked.discard(path)
        self._auto.discard(path)
        self._keepers[row] = path
        # Auto-select's marks were proposed against the old keeper: those that are not plain
        # copies of the new one (the picture a crop was cut from, ...) are dropped.
        self.last_unmarked = self._drop_looks(row)
        self.group_changed.emit(row)
        return MarkOutcome.DONE

    def chosen_keepers(self) -> set[Path]:
        """The photos the user picked to keep (K) and has not marked since: what a regroup
        must keep (also a pick that lost to another in a merged group, or that no group holds
        at a lower threshold: a later split or a higher threshold needs it)."""
        return {p for p in self._chosen if p not in self._marked}

    def restore_keepers(self, paths: Iterable[Path]) -> None:
        """Make the user's picks keepers again in whatever groups now hold them (after a
        regroup), unless marked. A group that now holds two picks keeps the one the rules
        prefer; groups without one keep the rules' choice."""
        picks: dict[int, list[Member]] = {}
        for path in map(Path, paths):
            if path in self._marked:
                continue
            self._chosen.add(path)  # also a pick no group holds now: a later regroup may
            row = self._row_of.get(path)  # group it again (QA: slider to 1, back to 10)
            if row is not None:
                picks.setdefault(row, []).append(self._member(row, path))
        for row, members in picks.items():
            self._keepers[row] = self._best(members).path
        self.all_marks_changed.emit()

    def mark_all_but_keeper(self, row: int) -> None:
        """Mark every photo of one group except its keeper and protected photos."""
        keeper = self._keepers[row]
        group = self._groups[row]
        self._mark_some(group, [m for m in group.members if m.path != keeper])
        self._auto.difference_update(m.path for m in group.members)  # the user's marks now
        self.group_changed.emit(row)

    def unmark_group(self, row: int) -> None:
        for m in self._groups[row].members:
            self._marked.discard(m.path)
            self._auto.discard(m.path)
        self.group_changed.emit(row)

    def set_marked(self, paths: Iterable[Path]) -> set[Path]:
        """Replace all marks by `paths`, within the invariants. Returns the paths refused."""
        wanted = {Path(p) for p in paths}
        refused = {p for p in wanted if p not in self._row_of}
        self._marked = set()
        for row, group in enumerate(self._groups):
            members = group.members
            asked = [m for m in members if m.path in wanted]
            want = _markable(group, asked, self._marked)
            refused.update(m.path for m in asked if m not in want)
            free = [m for m in members if m.path not in {w.path for w in want}]
            if not free:  # every photo asked: keep the best one anyway
                best = self._best(members)
                refused.add(best.path)
                want = [m for m in want if m.path != best.path]
                free = [best]
            self._marked.update(m.path for m in want)
            if self._keepers[row] not in {m.path for m in free}:
                self._keepers[row] = self._best(free).path
        self._auto &= self._marked
        self.all_marks_changed.emit()
        return refused

    def auto_marked(self) -> set[Path]:
        """The marks Auto-select made that the user has not touched since."""
        return set(self._auto)

    def set_auto_marked(self, paths: Iterable[Path]) -> None:
        """Say which of the current marks are Auto-select's (after a regroup restored them)."""
        self._auto = {Path(p) for p in paths} & self._marked

    def auto_select(self, rules: Sequence[KeepRule]) -> int:
        """Apply the keep rules to every group: the best-ranked photo becomes the keeper and every
        other photo is marked, except photos under a protected root and the ones left for the
        user to look at (`caution.needs_a_look`: crops, other shapes, turned or mirrored
        copies, mostly flat pictures). Replaces earlier marks. A photo the user picked to keep
        (K) stays its group's keeper: a pick is a decision, the rules only a default for the
        other groups. Returns how many photos were left for a look."""
        self._rules = tuple(rules)
        picked = self.chosen_keepers()  # before the marks go: a pick marked since is no pick
        self.picks_kept = 0
        self._chosen = picked
        self._marked = set()
        left = 0
        for row, group in enumerate(self._groups):
            picks = [m for m in group.members if m.path in picked]
            best = self._best(picks or group.members)
            self.picks_kept += bool(picks)
            self._keepers[row] = best.path
            looks = needs_a_look_each(best, group.members)
            left += sum(
                1 for m, why in zip(group.members, looks, strict=True) if why and m is not best
            )
            # every pick stays unmarked, also a second one in a group merged by the slider
            self._marked.update(
                m.path for m in self._proposed(group, best, looks) if m.path not in picked
            )
        self._auto = set(self._marked)
        self.all_marks_changed.emit()
        return left

    def auto_marked_by_keeper(self) -> list[tuple[Member, list[Member]]]:
        """Per group, its keeper and Auto-select's marks there, each labelled as it looks next
        to the keeper (`finecheck.relative_match`: the scan's labels are relative to the
        reference, which the keep rules of the moment may not keep). What `CloserLook`
        compares."""
        pairs = []
        for row, group in enumerate(self._groups):
            marked = [m for m in group.members if m.path in self._auto]
            if not marked:
                continue
            keeper = self._member(row, self._keepers[row])
            relabelled = [
                replace(m, match=match)
                for m in marked
                if (match := relative_match(keeper.match, m.match)) is not None
            ]
            if relabelled:
                pairs.append((replace(keeper, match=REFERENCE_MATCH), relabelled))
        return pairs

    def note_apart(self, paths: Iterable[Path]) -> None:
        """Remember that the closer look found these photos to differ from their group's
        keeper of the moment: what a group "can free" leaves out both sides of such a pair
        (the old keeper too, once another photo is kept)."""
        for path in paths:
            row = self.row_of(path)
            if row is not None:
                pair = frozenset((Path(path), self._keepers[row]))
                self._apart.add(pair)
                self._apart_paths.update(pair)

    def unmark_auto(self, paths: Iterable[Path]) -> int:
        """Drop those of Auto-select's marks (still untouched by the user) on `paths`; returns
        how many went. Marks made by hand stay."""
        drop = {Path(p) for p in paths} & self._auto & self._marked
        if drop:
            self._marked -= drop
            self._auto -= drop
            self.all_marks_changed.emit()
        return len(drop)

    def unmark_looks(self) -> int:
        """Drop Auto-select's marks on photos their group now leaves to the user
        (`caution.needs_a_look` with the group's keeper), e.g. after a regroup turned a
        "similar" copy into the picture a crop was cut from: a proposal made for the old groups
        must not send it to the trash. Marks made by hand stay. Returns how many were dropped."""
        dropped = sum(self._drop_looks(row) for row in range(len(self._groups)))
        if dropped:
            self.all_marks_changed.emit()
        return dropped

    def _drop_looks(self, row: int) -> int:
        """Unmark Auto-select's marks in one group that need a look next to its keeper."""
        return self._unmark_where(row, lambda m, why: bool(why) and m.path in self._auto)

    def _unmark_where(self, row: int, drop: Callable[[Member, str | None], bool]) -> int:
        """Unmark the marked members of a group for which `drop(member, why)` holds, `why` being
        what `caution.needs_a_look` says of it next to the group's keeper; returns how many."""
        group = self._groups[row]
        keeper = self._member(row, self._keepers[row])
        looks = needs_a_look_each(keeper, group.members)
        gone = [
            m.path
            for m, why in zip(group.members, looks, strict=True)
            if m.path in self._marked and drop(m, why)
        ]
        self._marked.difference_update(gone)
        self._auto.difference_update(gone)
        return len(gone)

    def apply_removal(self, removed: Iterable[Path]) -> None:
        """Drop removed files; groups left with one photo disappear; other marks stay."""
        gone = {Path(p) for p in removed}
        self.last_unmarked, self.keeper_moved = 0, False
        if not gone & set(self._row_of):
            return
        self.groups_about_to_change.emit()
        groups: list[Group] = []
        keepers: list[Path] = []
        changed: list[tuple[int, Member]] = []  # rows whose keeper changed, old keepers
        for group, keeper in zip(self._groups, self._keepers, strict=True):
            old_keeper = next(m for m in group.members if m.path == keeper)
            members = tuple(m for m in group.members if m.path not in gone)
            if len(members) < 2:
                continue
            if len(members) != len(group.members):
                group = replace(group, members=members)
            free = [m for m in members if m.path not in self._marked]
            if not free:  # the only unmarked copy went away: never leave all marked
                best = self._successor(old_keeper, members)  # (QA: not a turned one first)
                self._marked.discard(best.path)
                free = [best]
            if keeper not in {m.path for m in free}:
                keeper = self._successor(old_keeper, free).path
                changed.append((len(groups), old_keeper))
            groups.append(group)
            keepers.append(keeper)
        self._groups, self._keepers = groups, keepers
        self._marked -= gone
        self._reindex()
        self._marked &= set(self._row_of)
        self._auto &= self._marked
        # a keeper that went (moved, or found missing) hands the badge on
        self.last_unmarked = sum(self._drop_after_handover(row, old) for row, old in changed)
        self.keeper_moved = bool(changed)
        self.groups_changed.emit()
        if changed:
            self.keeper_handed_on.emit()

    # -- helpers -------------------------------------------------------------------------------

    def _reindex(self) -> None:
        self._row_of = {m.path: row for row, g in enumerate(self._groups) for m in g.members}
        self._size_of = {m.path: m.photo.size for g in self._groups for m in g.members}

    def _member(self, row: int, path: Path) -> Member:
        return next(m for m in self._groups[row].members if m.path == path)

    def _proposed(
        self, group: Group, keeper: Member, looks: Sequence[str | None] | None = None
    ) -> list[Member]:
        """The members Auto-select marks next to `keeper`: every other one but those left for a
        look (`caution.needs_a_look`; `looks`: its answers for the members, when known) and
        those `_markable` never marks. Of copies of a file of several frames, the worst go
        first, so the best stays."""
        if looks is None:
            looks = needs_a_look_each(keeper, group.members)
        others = [
            m for m, why in zip(group.members, looks, strict=True) if m is not keeper and not why
        ]
        if _has_frames(group):
            others.sort(key=lambda m: _key(m.photo, self._rules), reverse=True)
        return _markable(group, others, set())

    def _mark_some(self, group: Group, members: Sequence[Member]) -> None:
        """Mark those of `members` that may be marked, in order (see `_markable`)."""
        self._marked.update(m.path for m in _markable(group, members, self._marked))

    def _successor(self, old: Member, free: Sequence[Member]) -> Member:
        """Who takes the badge when the keeper goes: the best of the plain copies of it (QA: a
        turned copy, or an edit the closer look found to differ, took it while a plain copy was
        left), else the best of the rest."""
        plain = [
            m
            for m, why in zip(free, needs_a_look_each(old, free), strict=True)
            if not why and frozenset((m.path, old.path)) not in self._apart
        ]
        return self._best(plain or free)

    def _drop_after_handover(self, row: int, old: Member, but: Path | None = None) -> int:
        """Unmark the marks in a group that are no plain copies of its new keeper, made by
        Auto-select or by hand: the hand's were made next to the keeper that went, and kept now
        they would send the last upright copies to the trash next to a turned keeper (QA). A new
        keeper the closer look found to differ from the old one takes every mark (but `but`,
        the mark just made): what was a copy of the old one is no copy of it."""
        keeper = self._keepers[row]
        unlike = frozenset((keeper, old.path)) in self._apart
        return self._unmark_where(
            row,
            lambda m, why: (
                bool(why or unlike or frozenset((m.path, keeper)) in self._apart) and m.path != but
            ),
        )

    def _best(self, members: Sequence[Member]) -> Member:
        """The member the keep rules prefer (ties: the earlier one, i.e. the engine's order)."""
        return min(members, key=lambda m: _key(m.photo, self._rules))


def _key(photo: Photo, rules: Sequence[KeepRule]) -> object:
    return priority_key(photo, tuple(rules))


def _markable(group: Group, members: Sequence[Member], marked: set[Path]) -> list[Member]:
    """Those of `members` that can be marked on top of `marked`, taken in order: never a
    protected photo, nor the last unmarked copy of a file of several frames or pages."""
    if not _has_frames(group):  # the common case: only protected photos are never marked
        return [m for m in members if not m.photo.in_reference_root]
    gone = {m.path for m in group.members if m.path in marked}  # this group's: cheap
    taken = []
    for m in members:
        if m.photo.in_reference_root or group.irreplaceable(m, gone=gone):
            continue
        gone.add(m.path)
        taken.append(m)
    return taken


def _has_frames(group: Group) -> bool:
    return any(m.photo.frames > 1 for m in group.members)
