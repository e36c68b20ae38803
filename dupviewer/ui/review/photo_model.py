"""The photos of one group, one row per photo, for the side-by-side thumbnail view.

The model turns a `Member` into what the card shows (resolution, size, format, date taken,
folder, how it matches the reference) and knows which attribute values are the best of the group,
so the delegate only paints. Marking goes through `setData(CheckStateRole)`, so a click on the
card's mark button and the keyboard take the same guarded path in `ReviewState`.
"""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QDate,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
    Signal,
    Slot,
)

from dupviewer.engine.caution import CROP, FLAT, SHAPE, TURNED, needs_a_look
from dupviewer.engine.model import PREFERRED_FORMATS, Group, Member, Photo
from dupviewer.ui.review.marking import MarkOutcome, ReviewState
from dupviewer.ui.review.roles import Role
from dupviewer.ui.review.thumbnails import ThumbnailCache, placeholder
from dupviewer.ui.words import folder_texts, match_word, number_text, size_text

_Index = QModelIndex | QPersistentModelIndex
HASH_BITS = 64

# Attribute keys, in card order; `best_attributes` uses the same keys.
ATTRIBUTE_KEYS = ("resolution", "size", "format", "date", "folder", "match")


def similarity_percent(distance: int) -> float:
    """Hamming distance of two 64-bit hashes as a similarity: 0 bits apart is 100%."""
    return max(0.0, 100.0 * (1.0 - distance / HASH_BITS))


def is_exact(group: Group, member: Member) -> bool:
    """Byte-identical to the group's reference."""
    return member.photo.digest == group.reference.photo.digest


def best_attributes(group: Group) -> list[frozenset[str]]:
    """For each member, the attribute keys where it holds the group's best value.

    Only attributes that differ within the group count (an attribute everyone shares is no
    reason to prefer anyone). Best: most pixels, largest file, preferred format, oldest date.
    """
    members = group.members
    result: list[set[str]] = [set() for _ in members]

    def mark(key: str, values: list[Any], better_is_smaller: bool) -> None:
        present = [v for v in values if v is not None]
        if len(set(present)) < 2:
            return
        best = min(present) if better_is_smaller else max(present)
        for i, v in enumerate(values):
            if v == best:
                result[i].add(key)

    def format_rank(fmt: str) -> int:
        upper = (fmt or "").upper()
        return (
            PREFERRED_FORMATS.index(upper) if upper in PREFERRED_FORMATS else len(PREFERRED_FORMATS)
        )

    mark("resolution", [m.photo.pixels for m in members], better_is_smaller=False)
    mark("size", [m.photo.size for m in members], better_is_smaller=False)
    mark("format", [format_rank(m.photo.format) for m in members], better_is_smaller=True)
    mark("date", [m.photo.date_taken for m in members], better_is_smaller=True)
    return [frozenset(s) for s in result]


class PhotoModel(QAbstractListModel):
    """Members of the group at `group_row()` of a `ReviewState`."""

    mark_refused = Signal(object)  # MarkOutcome of a refused request

    def __init__(self, state: ReviewState, thumbs: ThumbnailCache, parent=None) -> None:
        super().__init__(parent)
        self._state = state
        self._thumbs = thumbs
        self._row: int | None = None
        self._best: list[frozenset[str]] = []
        self._folders: list[str] = []  # each member's folder as `folder_texts` names it
        self._thumb_size = 180
        self._placeholder = placeholder(self._thumb_size)
        state.groups_about_to_change.connect(self._on_state_groups_about_to_change)
        state.groups_changed.connect(self._on_state_groups_changed)
        state.group_changed.connect(self._on_state_group_changed)
        state.all_marks_changed.connect(self._on_state_all_marks_changed)
        thumbs.thumbnail_ready.connect(self._on_thumbs_thumbnail_ready)

    # -- which group -------------------------------------------------------------------------

    def group_row(self) -> int | None:
        return self._row

    def group(self) -> Group | None:
        return self._state.group(self._row) if self._row is not None else None

    def set_group_row(self, row: int | None) -> None:
        """Show the group at `row` of the state (None: nothing)."""
        if row is not None and not 0 <= row < len(self._state):
            row = None
        self.beginResetModel()
        self._row = row
        self._recompute()
        self.endResetModel()

    def thumbnail_size(self) -> int:
        return self._thumb_size

    def set_thumbnail_size(self, px: int) -> None:
        self._thumb_size = max(48, int(px))
        self._placeholder = placeholder(self._thumb_size)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def member(self, row: int) -> Member:
        group = self.group()
        assert group is not None
        return group.members[row]

    def row_of(self, path) -> int | None:
        group = self.group()
        if group is None:
            return None
        return next((i for i, m in enumerate(group.members) if str(m.path) == str(path)), None)

    # -- Qt model API --------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        group = self.group()
        return 0 if parent.isValid() or group is None else len(group.members)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not self.checkIndex(index, QAbstractListModel.CheckIndexOption.IndexIsValid):
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        group = self.group()
        if group is None or not index.isValid() or not 0 <= index.row() < len(group.members):
            return None
        member = group.members[index.row()]
        photo = member.photo
        if role == Qt.ItemDataRole.DisplayRole:
            return photo.path.name
        if role == Qt.ItemDataRole.DecorationRole:
            pix = self._thumbs.pixmap(photo.path, self._thumb_size)
            return pix if pix is not None else self._placeholder
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(group, member)
        if role == Qt.ItemDataRole.CheckStateRole:
            marked = self._state.is_marked(photo.path)
            return Qt.CheckState.Checked if marked else Qt.CheckState.Unchecked
        if role == Role.GROUP:
            return self._row
        if role == Role.MEMBER:
            return member
        if role == Role.PATH:
            return photo.path
        if role == Role.MARKED:
            return self._state.is_marked(photo.path)
        if role == Role.KEEPER:
            return self._state.is_keeper(photo.path)
        if role == Role.PROTECTED:
            return photo.in_reference_root
        if role == Role.NEVER_MARKED:
            return photo.in_reference_root or group.irreplaceable(member)
        if role == Role.FRAMES_TEXT:
            return frames_text(photo)
        if role == Role.BEST:
            return self._best[index.row()]
        if role == Role.ATTRIBUTES:
            return self.attributes(group, index.row())
        if role == Role.SIMILARITY:
            return similarity_percent(member.distance)
        if role == Role.EXACT:
            return is_exact(group, member)
        if role == Role.MATCH_TEXT:
            return self.match_text(group, member)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        group = self.group()
        if role != Qt.ItemDataRole.CheckStateRole or group is None or not index.isValid():
            return False
        if not 0 <= index.row() < len(group.members):
            return False
        on = _as_check_state(value) == Qt.CheckState.Checked
        outcome = self._state.set_mark(group.members[index.row()].path, on)
        if outcome in (MarkOutcome.DONE, MarkOutcome.UNCHANGED):
            return True  # dataChanged comes from the state's group_changed
        self.mark_refused.emit(outcome)
        return False

    # -- texts ---------------------------------------------------------------------------------

    def match_text(self, group: Group, member: Member) -> str:
        """How this photo relates to the reference, in words."""
        if member is group.reference:  # (Find Copies: the photo looked up, see `match_word`)
            return self.tr("Reference") if member.match == "reference" else match_word(member.match)
        if is_exact(group, member):
            return self.tr("Exact copy")
        return match_word(member.match)

    def attributes(self, group: Group, row: int) -> dict[str, str]:
        """Display text for each key of `ATTRIBUTE_KEYS`, for the member at `row`."""
        member = group.members[row]
        photo = member.photo
        label = self.match_text(group, member)
        return {
            "resolution": self.tr("%1 × %2")
            .replace("%1", number_text(photo.width))
            .replace("%2", number_text(photo.height)),
            "size": size_text(photo.size),
            "format": photo.format or self.tr("Unknown"),
            "date": date_text(photo.date_taken) if photo.date_taken else self.tr("No date"),
            "folder": self._folders[row],
            "match": similarity_text(group, member, label),
            "match_label": label,  # without the similarity: for a card too narrow for both
        }

    def _tooltip(self, group: Group, member: Member) -> str:
        lines = [str(member.path)]
        if member is not group.reference:
            lines.append(
                self.tr("Distance to the reference: %1 of 64 bits (%2% similar)")
                .replace("%1", number_text(member.distance))
                .replace("%2", number_text(similarity_percent(member.distance), 1))
            )
        if member.photo.camera:
            lines.append(self.tr("Camera: %1").replace("%1", member.photo.camera))
        if member.photo.in_reference_root:
            lines.append(self.tr("In a protected folder: never marked for the trash"))
        if group.irreplaceable(member):
            lines.append(
                self.tr(
                    "%1: only the first was compared, so it is never marked for the trash"
                ).replace("%1", frames_text(member.photo))
            )
        elif not member.photo.in_reference_root and (why := self._look_reason(group, member)):
            lines.append(why)
        return "\n".join(lines)

    def _look_reason(self, group: Group, member: Member) -> str:
        """Why this photo is not a plain copy of the group's keeper (`caution.needs_a_look`), so
        Auto-select leaves it unmarked, or "". True whether or not it is marked."""
        keeper = self._state.keeper(self._row)
        kept = next((m for m in group.members if m.path == keeper), group.reference)
        why = needs_a_look(kept, member) if kept is not member else None
        if why == CROP:
            return self.tr(
                "Not a plain copy of the kept photo: a crop of it, or what it was cut from. "
                "Auto-select leaves such photos unmarked."
            )
        if why == SHAPE:
            return self.tr(
                "Not a plain copy of the kept photo: another shape (borders cut or added). "
                "Auto-select leaves such photos unmarked."
            )
        if why == TURNED:
            return self.tr(
                "Not a plain copy of the kept photo: turned or mirrored next to it (which way "
                "round is right is yours to say). Auto-select leaves such photos unmarked."
            )
        if why == FLAT:
            return self.tr(
                "Mostly one flat tone (a page, a screen, a graphic): the scan cannot compare its "
                "fine detail, such as text. Auto-select leaves such photos unmarked."
            )
        return ""

    # -- state -> view -------------------------------------------------------------------------

    def _recompute(self) -> None:
        group = self.group()
        self._best = best_attributes(group) if group is not None else []
        self._folders = folder_texts([m.path.parent for m in group.members]) if group else []

    def _emit_all(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    @Slot()
    def _on_state_groups_about_to_change(self) -> None:
        self.beginResetModel()

    @Slot()
    def _on_state_groups_changed(self) -> None:
        # The widget picks the group to show next; until then show nothing stale.
        self._row = None
        self._recompute()
        self.endResetModel()

    @Slot(int)
    def _on_state_group_changed(self, row: int) -> None:
        if row == self._row:
            self._emit_all()

    @Slot()
    def _on_state_all_marks_changed(self) -> None:
        self._emit_all()

    @Slot(str, int)
    def _on_thumbs_thumbnail_ready(self, path: str, size: int) -> None:
        if size != self._thumb_size:
            return
        row = self.row_of(path)
        if row is not None:
            idx = self.index(row, 0)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])


class _FrameTexts(QObject):
    """The frame counts' words: lupdate marks only `self.tr(text, "", n)` as plural."""

    def text(self, photo: Photo) -> str:
        if photo.format == "TIFF":
            return self.tr("%n page(s)", "", photo.frames)
        return self.tr("%n frame(s)", "", photo.frames)


@functools.cache
def _frame_texts() -> _FrameTexts:
    return _FrameTexts()  # one, made on first use (in the GUI thread)


def frames_text(photo: Photo) -> str:
    """ "3 pages" (TIFF), "12 frames" (an animation), "" for a still photo."""
    if photo.frames <= 1:
        return ""
    return _frame_texts().text(photo)


def similarity_text(group: Group, member: Member, match: str) -> str:
    """The match label with the similarity ("Rotated 90° · 93% similar"); plain look-alikes
    just say "96% similar", the reference and exact copies just their label."""
    if member is group.reference or is_exact(group, member):
        return match
    percent = number_text(round(similarity_percent(member.distance)))
    if (member.match or "").strip().lower() in ("similar", "upright", ""):
        return QCoreApplication.translate("PhotoModel", "%1% similar").replace("%1", percent)
    return (
        QCoreApplication.translate("PhotoModel", "%1 · %2% similar")
        .replace("%1", match)
        .replace("%2", percent)
    )


ISO_MINUTES = "yyyy-MM-dd HH:mm"


def date_text(value, locale: QLocale | None = None) -> str:
    """A date taken in the user's locale, short format ("2019/6/3 14:22" in zh_CN).

    The C/POSIX locale (a bare `LANG=C` session, many containers) has no real date format of its
    own: Qt's reads "3 06 2019 14:22". There we show ISO 8601 ("2019-06-03 14:22"), which every
    reader understands and which sorts.
    """
    locale = locale if locale is not None else QLocale()
    dt = QDateTime(
        QDate(value.year, value.month, value.day), QTime(value.hour, value.minute, value.second)
    )
    if locale.language() == QLocale.Language.C or locale.name() in ("C", "POSIX"):
        return dt.toString(ISO_MINUTES)
    return locale.toString(dt, QLocale.FormatType.ShortFormat)


def _as_check_state(value: Any) -> Qt.CheckState:
    if isinstance(value, Qt.CheckState):
        return value
    try:
        return Qt.CheckState(int(value))
    except (TypeError, ValueError):
        return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
