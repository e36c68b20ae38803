"""Painting of group rows and photo cards. Delegates only paint what the models say; the one
interaction they own is the round mark button on a card (a click toggles the mark through the
model, the same guarded path as the keyboard)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from dupviewer.ui.review.group_model import GROUP_THUMB
from dupviewer.ui.review.roles import Role
from dupviewer.ui.words import LOOKED_UP

PAD = 8
_TEXT_WIDTH = 196  # card text width at the default thumbnail size and up
RADIUS = 8.0

# Accent colours that read on light and dark backgrounds alike.
RED = QColor(214, 48, 49)
GREEN = QColor(32, 150, 80)
BLUE = QColor(45, 112, 214)
AMBER = QColor(196, 118, 0)
SLATE = QColor(96, 110, 128)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def best_colour(palette: QPalette) -> QColor:
    """Green for "best value in the group", readable on the current theme."""
    return QColor(88, 214, 141) if is_dark(palette) else QColor(20, 128, 62)


def dim_colour(palette: QPalette) -> QColor:
    colour = QColor(palette.color(QPalette.ColorRole.Text))
    colour.setAlphaF(0.62)
    return colour


def draw_pill(painter: QPainter, rect: QRectF, text: str, fill: QColor, font: QFont) -> None:
    """A filled rounded label (badge) with white text."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
    painter.setPen(QColor("white"))
    painter.setFont(font)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def pill_rect(font: QFont, text: str, x: float, y: float) -> QRectF:
    fm = QFontMetrics(font)
    return QRectF(x, y, fm.horizontalAdvance(text) + 14, fm.height() + 4)


_NAME_LEAST = 90  # pixels of file name shown beside a group's kind chip, else it moves


def badge_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setBold(True)
    font.setPointSizeF(max(7.0, base.pointSizeF() - 1))
    return font


def draw_pixmap_filled(painter: QPainter, pix: QPixmap, box: QRect) -> None:
    """Draw the centre of `pix` so it fills `box` (a square crop for list thumbnails)."""
    if pix is None or pix.isNull():
        return
    scale = max(box.width() / pix.width(), box.height() / pix.height())
    src_w, src_h = box.width() / scale, box.height() / scale
    source = QRectF((pix.width() - src_w) / 2, (pix.height() - src_h) / 2, src_w, src_h)
    painter.drawPixmap(QRectF(box), pix, source)


def draw_pixmap_fitted(painter: QPainter, pix: QPixmap, box: QRect) -> QRect:
    """Draw `pix` centred in `box` keeping its aspect ratio; returns where it went."""
    if pix is None or pix.isNull():
        return QRect()
    size = pix.size().scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
    if pix.width() <= box.width() and pix.height() <= box.height():
        size = pix.size()  # never upscale a small thumbnail into mush
    target = QRect(0, 0, size.width(), size.height())
    target.moveCenter(box.center())
    painter.drawPixmap(target, pix)
    return target


class GroupDelegate(QStyledItemDelegate):
    """A group row: the keeper's thumbnail, its name, count and size, what marking frees."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        fm = QFontMetrics(option.font)
        return QSize(240, max(GROUP_THUMB, 3 * fm.height() + 6) + 2 * PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = option.palette
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        elif index.row() % 2:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.AlternateBase))
        text_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )

        thumb_box = QRect(rect.left() + PAD, rect.top() + PAD, GROUP_THUMB, GROUP_THUMB)
        thumb_box.moveTop(rect.top() + (rect.height() - GROUP_THUMB) // 2)
        pix = index.data(Qt.ItemDataRole.DecorationRole)
        clip = QPainterPath()
        clip.addRoundedRect(QRectF(thumb_box), 6, 6)
        painter.save()
        painter.setClipPath(clip)
        painter.fillRect(thumb_box, palette.color(QPalette.ColorRole.Mid).lighter(130))
        draw_pixmap_filled(painter, pix, thumb_box)
        painter.restore()

        lines = index.data(Role.SUMMARY) or ["", "", ""]
        exact = bool(index.data(Role.EXACT))
        marked = int(index.data(Role.MARKED_COUNT) or 0)
        fm = QFontMetrics(option.font)
        small = badge_font(option.font)
        chip_text = self.tr("Exact") if exact else self.tr("Similar")
        x = thumb_box.right() + PAD + 2
        right = rect.right() - PAD
        line_h = fm.height()
        top = rect.top() + (rect.height() - 3 * line_h - 6) // 2

        chip = pill_rect(small, chip_text, 0, 0)
        chip.moveTopRight(QPointF(right, top + (line_h - chip.height()) / 2))
        if chip.left() - x - 6 < _NAME_LEAST:  # a narrow list: the chip goes over the thumbnail
            chip.moveBottomLeft(QPointF(thumb_box.left() + 2, thumb_box.bottom() - 1))
        draw_pill(painter, chip, chip_text, BLUE if exact else AMBER, small)

        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        name_w = (int(chip.left()) if chip.left() > x else right) - x - 6
        painter.drawText(
            QRect(x, top, name_w, line_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(bold).elidedText(lines[0], Qt.TextElideMode.ElideMiddle, name_w),
        )
        painter.setFont(option.font)
        painter.drawText(
            QRect(x, top + line_h + 3, right - x, line_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(lines[1], Qt.TextElideMode.ElideRight, right - x),
        )
        if marked and not selected:
            painter.setPen(RED.lighter(140) if is_dark(palette) else RED)
        elif not selected:
            painter.setPen(dim_colour(palette))
        painter.drawText(
            QRect(x, top + 2 * line_h + 6, right - x, line_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(lines[2], Qt.TextElideMode.ElideRight, right - x),
        )
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()


class PhotoDelegate(QStyledItemDelegate):
    """A photo card: thumbnail with badges (keeper, marked, protected) over five text lines."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._thumb = 180

    def set_thumbnail_size(self, px: int) -> None:
        self._thumb = max(48, int(px))

    def thumbnail_size(self) -> int:
        return self._thumb

    def _line_height(self, option: QStyleOptionViewItem) -> int:
        return QFontMetrics(option.font).height() + 2

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        # Text lines want about 196 pixels; small thumbnails give some of that up (the date then
        # drops its time) so that two cards fit a row on a small screen.
        width = max(self._thumb, min(_TEXT_WIDTH, self._thumb + 40)) + 2 * PAD
        chip_h = QFontMetrics(badge_font(option.font)).height() + 4
        text_h = 4 * self._line_height(option) + 3 + chip_h
        return QSize(width, PAD + self._thumb + 6 + text_h + PAD)

    def _card(self, rect: QRect) -> QRectF:
        return QRectF(rect).adjusted(2, 2, -2, -2)

    def _thumb_box(self, rect: QRect) -> QRect:
        card = self._card(rect).toRect()
        box = QRect(0, 0, self._thumb, self._thumb)
        box.moveLeft(card.left() + (card.width() - self._thumb) // 2)
        box.moveTop(card.top() + PAD - 2)
        return box

    def mark_button_rect(self, rect: QRect) -> QRectF:
        """Where the round mark toggle sits (top-right corner of the thumbnail)."""
        box = self._thumb_box(rect)
        d = float(min(26, max(18, self._thumb // 5)))  # small cards: clear of the Keep badge
        return QRectF(box.right() - d - 6, box.top() + 6, d, d)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = option.palette
        dark = is_dark(palette)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        marked = bool(index.data(Role.MARKED))
        keeper = bool(index.data(Role.KEEPER))
        protected = bool(index.data(Role.PROTECTED))
        never_marked = bool(index.data(Role.NEVER_MARKED))
        frames = index.data(Role.FRAMES_TEXT) or ""
        card = self._card(option.rect)

        # Card background and frame: red when marked, accent when selected.
        base = palette.color(QPalette.ColorRole.Base)
        bg = base.lighter(112) if dark else base.darker(103)
        if selected:
            hl = QColor(palette.color(QPalette.ColorRole.Highlight))
            hl.setAlphaF(0.18)
            painter.setBrush(bg)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(card, RADIUS, RADIUS)
            painter.setBrush(hl)
        else:
            painter.setBrush(bg)
        frame = (
            RED
            if marked
            else (
                palette.color(QPalette.ColorRole.Highlight)
                if selected
                else palette.color(QPalette.ColorRole.Mid)
            )
        )
        painter.setPen(QPen(frame, 2.5 if (marked or selected) else 1))
        painter.drawRoundedRect(card, RADIUS, RADIUS)

        # Thumbnail, clipped to rounded corners, on a neutral matte.
        box = self._thumb_box(option.rect)
        clip = QPainterPath()
        clip.addRoundedRect(QRectF(box), 6, 6)
        painter.save()
        painter.setClipPath(clip)
        painter.fillRect(box, QColor(40, 40, 44) if dark else QColor(232, 232, 236))
        pix = index.data(Qt.ItemDataRole.DecorationRole)
        drawn = draw_pixmap_fitted(painter, pix, box)
        if marked:
            tint = QColor(RED)
            tint.setAlphaF(0.38)
            painter.fillRect(drawn if drawn.isValid() else box, tint)
        painter.restore()

        small = badge_font(option.font)
        if keeper:
            text = self.tr("✓ Keep")
            pill = pill_rect(small, text, box.left() + 6, box.top() + 6)
            draw_pill(painter, pill, text, GREEN, small)
        if marked:
            text = self.tr("To trash")
            pill = pill_rect(small, text, box.left() + 6, 0)
            pill.moveBottom(box.bottom() - 6)
            draw_pill(painter, pill, text, RED, small)
        corner = self.tr("Protected") if protected else frames  # "3 pages": kept whole
        if corner:
            pill = pill_rect(small, corner, 0, 0)
            pill.moveBottomRight(QPointF(box.right() - 6, box.bottom() - 6))
            draw_pill(painter, pill, corner, SLATE, small)
        self._paint_mark_button(painter, self.mark_button_rect(option.rect), marked, never_marked)

        self._paint_text(painter, option, index, card, box)
        painter.restore()

    def _paint_mark_button(
        self, painter: QPainter, r: QRectF, marked: bool, never_marked: bool
    ) -> None:
        if never_marked:
            return  # protected (or whole animations): no button to tempt a click
        painter.save()
        if marked:
            painter.setBrush(RED)
            painter.setPen(QPen(QColor("white"), 2))
        else:
            painter.setBrush(QColor(0, 0, 0, 70))
            painter.setPen(QPen(QColor(255, 255, 255, 230), 2))
        painter.drawEllipse(r)
        if marked:  # a white cross: "goes away"
            c = r.center()
            k = r.width() * 0.2
            painter.setPen(
                QPen(QColor("white"), 2.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            )
            painter.drawLine(QPointF(c.x() - k, c.y() - k), QPointF(c.x() + k, c.y() + k))
            painter.drawLine(QPointF(c.x() - k, c.y() + k), QPointF(c.x() + k, c.y() - k))
        painter.restore()

    def _paint_text(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex,
        card: QRectF,
        box: QRect,
    ) -> None:
        palette = option.palette
        attrs: dict[str, str] = index.data(Role.ATTRIBUTES) or {}
        best: frozenset[str] = index.data(Role.BEST) or frozenset()
        text_colour = palette.color(QPalette.ColorRole.Text)
        good = best_colour(palette)
        dim = dim_colour(palette)
        font = QFont(option.font)
        bold = QFont(option.font)
        bold.setBold(True)
        fm, fmb = QFontMetrics(font), QFontMetrics(bold)
        line_h = self._line_height(option)
        left = int(card.left()) + PAD
        width = int(card.width()) - 2 * PAD
        y = box.bottom() + 7

        def cell(
            key: str, rect: QRect, align: Qt.AlignmentFlag, elide=Qt.TextElideMode.ElideRight
        ) -> None:
            text = attrs.get(key, "")
            is_best = key in best
            painter.setFont(bold if is_best else font)
            painter.setPen(good if is_best else text_colour)
            # The device's metrics: a grab() may measure text differently from the screen.
            metrics = painter.fontMetrics()
            day = text.split(" ")[0]
            if (
                key == "date"
                and metrics.horizontalAdvance(text) > rect.width()
                and day[-1:].isdigit()
            ):
                text = day  # a narrow card shows the day, not half of the time ("No date" stays)
            painter.drawText(
                rect,
                align | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(text, elide, rect.width()),
            )

        painter.setFont(bold)
        painter.setPen(text_colour)
        name = index.data(Qt.ItemDataRole.DisplayRole) or ""
        painter.drawText(
            QRect(left, y, width, line_h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fmb.elidedText(name, Qt.TextElideMode.ElideMiddle, width),
        )
        y += line_h
        al, ar = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight
        # The left cell of a line gets what the right one leaves (a narrow card keeps the whole
        # resolution and size; the date gives way, down to the day alone).
        format_w = 6 + fmb.horizontalAdvance(attrs.get("format", ""))
        cell("resolution", QRect(left, y, width - format_w, line_h), al)
        cell("format", QRect(left + width - format_w, y, format_w, line_h), ar)
        y += line_h
        size_w = 4 + fmb.horizontalAdvance(attrs.get("size", ""))
        cell("size", QRect(left, y, size_w, line_h), al)
        cell("date", QRect(left + size_w + 6, y, width - size_w - 6, line_h), ar)
        y += line_h
        painter.setFont(font)
        painter.setPen(dim)
        painter.drawText(
            QRect(left, y, width, line_h),
            al | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(attrs.get("folder", ""), Qt.TextElideMode.ElideMiddle, width),
        )
        y += line_h + 3

        # How it matches: a chip, blue for exact copies, amber for look-alikes, grey reference.
        small = badge_font(option.font)
        match = attrs.get("match", "")
        exact = bool(index.data(Role.EXACT))
        member = index.data(Role.MEMBER)
        is_reference = member is not None and member.match in ("reference", LOOKED_UP)
        colour = SLATE if is_reference else (BLUE if exact else AMBER)
        sfm = QFontMetrics(small)
        if sfm.horizontalAdvance(match) > width - 14:  # "Mirrored, Rotated 90°" before "· 97%"
            match = attrs.get("match_label", match)
        text = sfm.elidedText(match, Qt.TextElideMode.ElideRight, width - 14)
        chip = pill_rect(small, text, left, y)
        draw_pill(painter, chip, text, colour, small)

    def editorEvent(
        self, event: QEvent, model, option: QStyleOptionViewItem, index: QModelIndex
    ) -> bool:  # noqa: N802
        """A click on the round button toggles the mark; everything else is a normal click."""
        kind = event.type()
        if kind in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
        ):
            if event.button() == Qt.MouseButton.LeftButton and not index.data(Role.NEVER_MARKED):
                if self.mark_button_rect(option.rect).contains(event.position()):
                    if kind == QEvent.Type.MouseButtonRelease:
                        marked = bool(index.data(Role.MARKED))
                        new = Qt.CheckState.Unchecked if marked else Qt.CheckState.Checked
                        model.setData(index, new, Qt.ItemDataRole.CheckStateRole)
                    return True
        return super().editorEvent(event, model, option, index)
