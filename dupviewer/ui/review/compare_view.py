"""Compare two or more photos of a group large, side by side.

Every pane shows its photo scaled to one common long side (the largest photo's, in pixels), so
resized and rotated copies line up with their original and one transform means "the same spot"
in every pane. Zooming or panning any pane copies its transform and centre to the others. "100%"
is one scene unit per screen pixel: actual pixels of the largest photo. Flip mode shows one pane
and Tab swaps which photo it shows, the quickest way to spot a small difference. "Turn to match"
(A) shows turned and mirrored copies the way the group's reference is shown (undoing what the
scan found: "rotated 90" is turned back), so flipping compares like with like; off, every photo
shows as a viewer shows it, a sideways copy sideways.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeySequence,
    QPainter,
    QPixmap,
    QShortcut,
    QTransform,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dupviewer.engine.fingerprint import INVERSE_VARIANT, N_DIHEDRAL, VARIANT_LABELS
from dupviewer.engine.model import Group, Member
from dupviewer.ui.review.delegates import best_colour, is_dark
from dupviewer.ui.review.photo_model import (
    best_attributes,
    date_text,
    frames_text,
    is_exact,
    similarity_text,
)
from dupviewer.ui.review.thumbnails import FULL_SIZE, ThumbnailCache
from dupviewer.ui.window_size import fit_to_screen
from dupviewer.ui.words import folder_texts, match_word, number_text, size_text

MIN_ZOOM, MAX_ZOOM = 0.02, 32.0
WHEEL_STEP = 1.25


def _dihedral_transform(k: int) -> QTransform:
    """The engine's dihedral variant `k` (`fingerprint.VARIANT_LABELS[k]`, rotations clockwise,
    "mirrored + rotated 90" = mirror left-right, then turn) as a transform of screen
    coordinates, where a positive angle turns clockwise."""
    mirror = QTransform.fromScale(-1, 1) if k >= 3 else QTransform()
    turn = QTransform().rotate((90, 180, 270, 0, 90, 180, 270)[k])
    return mirror * turn  # Qt composes left to right: mirror first


def _dihedral_of(match: str) -> int | None:
    """The turn or mirror in a match label ("rotated 90", "mirrored + rotated 270 + cropped"),
    as an index into `VARIANT_LABELS`; None when the label has none."""
    label = (match or "").strip().lower()
    for k in range(N_DIHEDRAL):
        name = VARIANT_LABELS[k]
        if label in (name, name + " + uncropped") or label.startswith(name + " + cropped"):
            return k
    return None


def turn_to_reference(match: str) -> QTransform | None:
    """What shows a member matched as `match` the way its group's reference is shown (the
    inverse of its label's turn or mirror); None when the label has none."""
    k = _dihedral_of(match)
    return None if k is None else _dihedral_transform(INVERSE_VARIANT[k])


def turn_to_match(match: str, keeper_match: str) -> QTransform | None:
    """What shows a member matched as `match` the way the kept copy (matched as
    `keeper_match`, both against the reference) is shown: back to the reference, then as the
    kept copy is turned. None when nothing needs turning."""
    back = turn_to_reference(match) or QTransform()
    k = _dihedral_of(keeper_match)
    turn = back * (_dihedral_transform(k) if k is not None else QTransform())
    return None if turn.isIdentity() else turn


class ElidedLabel(QLabel):
    """A one-line label that never asks for the width of its text: it draws what fits, elided
    in the middle (a long file name keeps its start and its extension); `text()` stays whole,
    for the tooltip. So columns of them share the width their layout gives them, equally."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(0, super().sizeHint().height())

    def shown_text(self) -> str:
        """The text as drawn at the label's present width."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, width)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )


class ZoomPane(QGraphicsView):
    """One photo: the mouse wheel zooms around the cursor, dragging pans."""

    view_changed = Signal()  # the user zoomed or panned this pane
    zoomed = Signal()  # the user zoomed this pane (wheel or keys): the view stops following Fit
    resized = Signal()  # laid out anew (shown, window resized, flip mode): a fitted view refits
    picked = Signal()  # the user clicked this pane (it becomes the photo the keys act on)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._scene.addItem(self._item)
        self._loading = QGraphicsSimpleTextItem()
        self._scene.addItem(self._loading)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setBackgroundBrush(QBrush(QColor(30, 30, 33)))
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.horizontalScrollBar().valueChanged.connect(self._on_scroll_value_changed)
        self.verticalScrollBar().valueChanged.connect(self._on_scroll_value_changed)

    def set_image(
        self,
        pix: QPixmap | None,
        scene: QRectF,
        side: float,
        loading_text: str,
        turn: QTransform | None = None,
    ) -> None:
        """Show `pix` with its long side `side` scene units, centred in `scene` (None: a note),
        turned and mirrored by `turn` when given."""
        self._scene.setSceneRect(scene)
        if pix is None or pix.isNull():
            self._item.setPixmap(QPixmap())
            self._loading.setText(loading_text)
            self._loading.setBrush(QColor(210, 210, 214))
            font = QFont(self.font())
            font.setPointSizeF(font.pointSizeF() / max(0.05, self.zoom()))  # readable at any zoom
            self._loading.setFont(font)
            self._loading.setPos(scene.center() - self._loading.boundingRect().center())
            self._loading.setVisible(True)
            return
        self._loading.setVisible(False)
        self._item.setPixmap(pix)
        scale = side / max(1, pix.width(), pix.height())
        self._item.setTransform((turn or QTransform()) * QTransform.fromScale(scale, scale))
        self._item.setPos(0, 0)
        self._item.setPos(scene.center() - self._item.sceneBoundingRect().center())

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom keeping `anchor` (viewport coordinates; default the centre) in place."""
        new = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom() * factor))
        factor = new / self.zoom()
        if anchor is None:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            self.scale(factor, factor)
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        else:
            before = self.mapToScene(anchor.toPoint())
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
            self.scale(factor, factor)
            after = self.mapToScene(anchor.toPoint())
            delta = after - before
            self.translate(delta.x(), delta.y())
            centre = self.mapToScene(self.viewport().rect().center()) - delta
            self.centerOn(centre)
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.zoomed.emit()
        self.view_changed.emit()

    def scene_centre(self) -> QPointF:
        return self.mapToScene(self.viewport().rect().center())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)  # keeps the transform and the centre (AnchorViewCenter)
        self.resized.emit()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.setFocus(Qt.FocusReason.MouseFocusReason)  # the keys go to the view it is in
        self.picked.emit()
        super().mousePressEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(WHEEL_STEP**steps, event.position())
        event.accept()

    @Slot(int)
    def _on_scroll_value_changed(self, _value: int) -> None:
        self.view_changed.emit()


class CompareView(QWidget):
    """Panes for two or more photos with synchronised zoom and pan, and their attributes."""

    zoom_changed = Signal(float)
    keep_requested = Signal(object)  # Path: make this photo the group's keeper (K)
    mark_requested = Signal(object, object)  # Path, True to mark (Del, T) or None to toggle (Space)

    def __init__(
        self,
        group: Group,
        members: Sequence[Member],
        cache: ThumbnailCache | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._group = group
        self._members = list(members)
        self._cache = cache or ThumbnailCache(self, capacity_bytes=512 * 1024 * 1024)
        self._syncing = False
        self._flip = False
        self._flip_index = 0
        self._fitted = False  # the first fit is done (every photo loaded or failed)
        # Fit until the user zooms: every new pane size fits again. Photos already cached are
        # fitted in __init__, to panes not laid out yet (QA: the second Compare opened at 1%).
        self._follow_fit = True
        self._picked = 0  # the pane the keys act on side by side (flip mode: the shown photo)
        self._mark_state: Callable[[Path], str] = lambda _path: ""

        self._fit_button = QPushButton(self.tr("Fit"))
        self._actual_button = QPushButton(self.tr("100%"))
        self._flip_button = QPushButton(self.tr("Flip between photos (Tab)"))
        self._flip_button.setCheckable(True)
        self._turned = False
        self.turn_button = QPushButton(self.tr("Turn to match (A)"))
        self.turn_button.setCheckable(True)
        self.turn_button.setToolTip(
            self.tr("Show turned and mirrored copies the way the kept copy is shown")
        )
        self.turn_button.setEnabled(any(_dihedral_of(m.match) is not None for m in self._members))
        self.turn_button.toggled.connect(self.set_turned)
        buttons = (self._fit_button, self._actual_button, self._flip_button, self.turn_button)
        for button in buttons:
            button.setAutoDefault(False)  # Enter must not press Fit by surprise
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space marks, it never presses one
        self._zoom_label = QLabel()
        self._fit_button.clicked.connect(self.fit)
        self._actual_button.clicked.connect(self.actual_size)
        self._flip_button.toggled.connect(self.set_flip_mode)
        bar = QHBoxLayout()
        bar.addWidget(self._fit_button)
        bar.addWidget(self._actual_button)
        bar.addSpacing(12)
        bar.addWidget(self._flip_button)
        bar.addWidget(self.turn_button)
        bar.addStretch(1)
        bar.addWidget(self._zoom_label)
        self._fit_button.setToolTip(self.tr("Whole photos in view (0)"))
        self._actual_button.setToolTip(self.tr("One photo pixel per screen pixel (1)"))
        self._zoom_label.setToolTip(self.tr("Zoom in: + or the mouse wheel; zoom out: −"))
        self._add_keys()

        self._captions: list[ElidedLabel] = []
        self.panes: list[ZoomPane] = []
        panes_row = QHBoxLayout()
        panes_row.setSpacing(6)
        self._columns: list[QWidget] = []  # caption over pane; flip mode hides all but one
        for i, member in enumerate(self._members):
            column_box = QWidget()
            column = QVBoxLayout(column_box)
            column.setContentsMargins(0, 0, 0, 0)
            caption = ElidedLabel()
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            pane = ZoomPane(self)
            pane.setObjectName(f"comparePane{i}")
            pane.view_changed.connect(self._on_pane_view_changed)
            pane.zoomed.connect(self._on_pane_zoomed)
            pane.resized.connect(self._on_pane_resized)
            pane.picked.connect(lambda i=i: self.pick(i))
            column.addWidget(caption)
            column.addWidget(pane, 1)
            panes_row.addWidget(column_box, 1)
            self._columns.append(column_box)
            self._captions.append(caption)
            self.panes.append(pane)
            del member
        panes_box = QWidget()
        panes_box.setLayout(panes_row)

        self.table = QTableWidget()
        self._fill_table()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(panes_box)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self._cache.thumbnail_ready.connect(self._on_cache_thumbnail_ready)
        self._cache.thumbnail_failed.connect(self._on_cache_thumbnail_ready)
        self._refresh_images()
        self._update_captions()

    def _add_keys(self) -> None:
        """Shortcuts of this view, so they work in whichever pane has the focus. The keys of
        image viewers: + and - (with or without Ctrl, and the keypad's), 0 fits, 1 is 100%; and
        the review's keys for the picked photo: K keeps, Space toggles, Del and T mark."""
        path = lambda: self.picked_member().path  # noqa: E731
        keys: list[tuple[Callable[[], None], tuple[str, ...], QKeySequence.StandardKey | None]] = [
            (self.zoom_in, ("+", "=", "Ctrl++", "Ctrl+="), QKeySequence.StandardKey.ZoomIn),
            (self.zoom_out, ("-", "Ctrl+-"), QKeySequence.StandardKey.ZoomOut),
            (self.fit, ("0", "Ctrl+0"), None),
            (self.actual_size, ("1",), None),
            (self.turn_button.toggle, ("A",), None),
            (lambda: self.keep_requested.emit(path()), ("K",), None),
            (lambda: self.mark_requested.emit(path(), None), ("Space",), None),
            (lambda: self.mark_requested.emit(path(), True), ("Del", "T"), None),
        ]
        self._shortcuts: list[QShortcut] = []
        for slot, texts, standard in keys:
            sequences = [QKeySequence(t) for t in texts]
            if standard is not None:
                sequences += QKeySequence.keyBindings(standard)
            for sequence in dict.fromkeys(s.toString() for s in sequences):
                shortcut = QShortcut(QKeySequence(sequence), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
                self._shortcuts.append(shortcut)

    # -- public --------------------------------------------------------------------------------

    def picked_member(self) -> Member:
        """The photo the keys act on: the shown one in flip mode, else the last clicked."""
        return self._members[self._flip_index if self._flip else self._picked]

    def pick(self, index: int) -> None:
        """Make photo `index` the one the keys act on (side by side)."""
        if 0 <= index < len(self._members) and index != self._picked:
            self._picked = index
            self._update_captions()

    def set_mark_state(self, state_of: Callable[[Path], str]) -> None:
        """How to tell each photo's state ("keep", "trash" or ""), shown in its caption; call
        `refresh_marks` when it changes."""
        self._mark_state = state_of
        self._update_captions()

    def refresh_marks(self) -> None:
        if self._turned:  # another kept copy: the photos turn to match it
            self._refresh_images()
        self._update_captions()

    @Slot()
    def zoom_in(self) -> None:
        self._active_pane().zoom_by(WHEEL_STEP)

    @Slot()
    def zoom_out(self) -> None:
        self._active_pane().zoom_by(1 / WHEEL_STEP)

    def members(self) -> list[Member]:
        return list(self._members)

    def is_turned(self) -> bool:
        return self._turned

    @Slot(bool)
    def set_turned(self, on: bool) -> None:
        """Turn to match (see the module docstring), or show every photo as it is."""
        if on == self._turned or not self.turn_button.isEnabled():
            return
        self._turned = on
        self.turn_button.setChecked(on)
        self._refresh_images()
        self._update_captions()
        if self._fitted:
            self.fit()

    def _turn(self, i: int) -> QTransform | None:
        if not self._turned:
            return None
        kept = next(
            (m for m in self._group.members if self._mark_state(m.path) == "keep"),
            self._group.reference,
        )
        return turn_to_match(self._members[i].match, kept.match)

    def is_flip_mode(self) -> bool:
        return self._flip

    def flip_index(self) -> int:
        """Which photo the single pane shows in flip mode."""
        return self._flip_index

    @Slot()
    def fit(self) -> None:
        """Whole photos in view, in every pane."""
        pane = self.panes[0]
        rect = pane.scene().sceneRect()
        if rect.isEmpty():
            return
        # Sized to the viewport without scroll bars (fitInView measures the current viewport,
        # so fitting from a zoomed-in view, scroll bars shown, gave a smaller zoom than before).
        room = pane.maximumViewportSize()
        scale = min((room.width() - 2) / rect.width(), (room.height() - 2) / rect.height())
        pane.setTransform(QTransform.fromScale(scale, scale))
        pane.centerOn(rect.center())
        self._follow_fit = True
        self._sync_from(pane)

    @Slot()
    def actual_size(self) -> None:
        """One photo pixel (of the largest) per screen pixel, keeping the centre."""
        pane = self._active_pane()
        centre = pane.scene_centre()
        self._follow_fit = False
        pane.setTransform(QTransform())
        pane.centerOn(centre)
        self._sync_from(pane)

    @Slot(bool)
    def set_flip_mode(self, on: bool) -> None:
        """One pane that flips between the photos (Tab), or all photos side by side."""
        if on == self._flip:
            return
        self._flip = on
        self._flip_button.setChecked(on)
        for i, column in enumerate(self._columns):  # the whole column: its space goes too
            column.setVisible(i == 0 or not on)
        self._flip_index = 0
        self._refresh_images()
        self._update_captions()
        # The first pane changes size: a fitted view fits again when it is laid out
        # (_on_pane_resized); a zoomed one keeps its zoom and centre (QA: the first Tab
        # fitted again, 8% -> 11%).

    @Slot()
    def flip(self) -> None:
        """Show the next photo in the single pane (turns flip mode on)."""
        if not self._flip:
            self.set_flip_mode(True)
            return
        self._flip_index = (self._flip_index + 1) % len(self._members)
        self._refresh_images()
        self._update_captions()

    # -- images --------------------------------------------------------------------------------

    def _pixmap(self, i: int) -> QPixmap | None:
        return self._cache.pixmap(self._members[i].path, FULL_SIZE)

    def _refresh_images(self) -> None:
        pixes = [self._pixmap(i) for i in range(len(self._members))]
        loaded = [p for p in pixes if p is not None]
        # Every photo is shown with the same long side, so resized and rotated copies line up.
        side = max(
            (max(p.width(), p.height()) for p in loaded),
            default=max(max(m.photo.width, m.photo.height) for m in self._members),
        )
        shapes = [self._shape(p, self._turn(i)) for i, p in enumerate(pixes) if p is not None] or [
            (1.0, 1.0)
        ]
        width = side * max(w for w, _ in shapes)
        height = side * max(h for _, h in shapes)
        loading = self.tr("Loading…")
        for i, pane in enumerate(self.panes):
            index = self._flip_index if (self._flip and i == 0) else i
            failed = self._cache.is_failed(self._members[index].path, FULL_SIZE)
            text = self.tr("Cannot open this photo") if failed else loading
            pane.set_image(pixes[index], QRectF(0, 0, width, height), side, text, self._turn(index))
        failed = sum(self._cache.is_failed(m.path, FULL_SIZE) for m in self._members)
        if not self._fitted and len(loaded) + failed == len(self._members):
            self._fitted = True
            self.fit()

    @staticmethod
    def _shape(pix: QPixmap, turn: QTransform | None) -> tuple[float, float]:
        """Width and height of `pix` as shown (turned when `turn` swaps them), long side 1."""
        w, h = pix.width(), pix.height()
        if turn is not None and abs(turn.m11()) < 0.5:  # a quarter turn: sides swap
            w, h = h, w
        return w / max(w, h), h / max(w, h)

    @Slot(str, int)
    def _on_cache_thumbnail_ready(self, path: str, size: int) -> None:
        if size == FULL_SIZE and any(str(m.path) == path for m in self._members):
            self._refresh_images()

    # -- sync ----------------------------------------------------------------------------------

    def _active_pane(self) -> ZoomPane:
        return self.panes[0]

    @Slot()
    def _on_pane_zoomed(self) -> None:
        self._follow_fit = False

    @Slot()
    def _on_pane_resized(self) -> None:
        if self._fitted and self._follow_fit:
            self.fit()

    @Slot()
    def _on_pane_view_changed(self) -> None:
        pane = self.sender()
        if isinstance(pane, ZoomPane):
            self._sync_from(pane)

    def _sync_from(self, source: ZoomPane) -> None:
        """Give every other pane `source`'s transform and centre."""
        if self._syncing:
            return
        self._syncing = True
        try:
            transform = source.transform()
            centre = source.scene_centre()
            for pane in self.panes:
                if pane is not source:
                    pane.setTransform(transform)
                    if pane.viewport().size() == source.viewport().size():
                        # Same scene, transform and viewport: equal scroll values are the exact
                        # same view (centerOn would round to a pixel off).
                        pane.horizontalScrollBar().setValue(source.horizontalScrollBar().value())
                        pane.verticalScrollBar().setValue(source.verticalScrollBar().value())
                    else:
                        pane.centerOn(centre)
        finally:
            self._syncing = False
        self._zoom_label.setText(
            self.tr("Zoom %1%").replace("%1", number_text(source.zoom() * 100))
        )
        self.zoom_changed.emit(source.zoom())

    # -- captions and table --------------------------------------------------------------------

    def _letter(self, i: int) -> str:
        return chr(ord("A") + i) if i < 26 else str(i + 1)

    def _update_captions(self) -> None:
        """Letter, name and mark of each shown photo; the picked one (what K, Space and Del act
        on) in bold."""
        words = {"keep": self.tr("Keep"), "trash": self.tr("To trash")}
        for i, caption in enumerate(self._captions):
            index = self._flip_index if (self._flip and i == 0) else i
            member = self._members[index]
            name = member.path.name
            text = self.tr("%1 · %2").replace("%1", self._letter(index)).replace("%2", name)
            state = self._mark_state(member.path)
            if state in words:
                text += " · " + words[state]
            if self._turn(index) is not None:
                text += " · " + self.tr("turned to match")
            caption.setText(text)  # drawn elided to the pane's width: whole in the tooltip
            font = caption.font()
            font.setBold(self._flip or index == self._picked)
            caption.setFont(font)
            caption.setToolTip(text + "\n" + str(member.path))

    def _fill_table(self) -> None:
        """Rows are attributes, columns photos; rows whose values differ are tinted, the best
        value of a row is green and bold."""
        members = self._members
        best = dict(
            zip((m.path for m in self._group.members), best_attributes(self._group), strict=True)
        )
        rows: list[tuple[str, str, list[str]]] = [
            ("name", self.tr("File name"), [m.path.name for m in members]),
            (
                "resolution",
                self.tr("Resolution"),
                [
                    self.tr("%1 × %2")
                    .replace("%1", number_text(m.photo.width))
                    .replace("%2", number_text(m.photo.height))
                    for m in members
                ],
            ),
            ("size", self.tr("File size"), [size_text(m.photo.size) for m in members]),
            (
                "format",
                self.tr("Format"),
                [" · ".join(filter(None, (m.photo.format, frames_text(m.photo)))) for m in members],
            ),
            (
                "date",
                self.tr("Date taken"),
                [
                    date_text(m.photo.date_taken) if m.photo.date_taken else self.tr("No date")
                    for m in members
                ],
            ),
            ("camera", self.tr("Camera"), [m.photo.camera or "—" for m in members]),
            ("match", self.tr("Match"), [self._match_text(m) for m in members]),
            ("folder", self.tr("Folder"), folder_texts([m.path.parent for m in members])),
        ]
        table = self.table
        table.setRowCount(len(rows))
        table.setColumnCount(len(members))
        table.setHorizontalHeaderLabels([self._letter(i) for i in range(len(members))])
        table.setVerticalHeaderLabels([label for _, label, _ in rows])
        # The header's own size hint leaves no room around CJK labels (their last glyph was
        # clipped in Chinese): make it as wide as the widest label plus the style's margins.
        header = table.verticalHeader()
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        widest = max(header.fontMetrics().horizontalAdvance(label) for _, label, _ in rows)
        header.setMinimumWidth(widest + 6 * margin)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a long name keeps its extension
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        dark = is_dark(table.palette())
        differ_bg = QColor(120, 90, 20, 90) if dark else QColor(255, 243, 205)
        good = best_colour(table.palette())
        for r, (key, _label, values) in enumerate(rows):
            differs = len(set(values)) > 1
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(str(members[c].path.parent) if key == "folder" else value)
                if differs:
                    item.setBackground(differ_bg)
                if key in best.get(members[c].path, frozenset()):
                    font = QFont(table.font())
                    font.setBold(True)
                    item.setFont(font)
                    item.setForeground(good)
                table.setItem(r, c, item)
        table.resizeRowsToContents()
        frame = 2 * table.frameWidth()
        height = (
            table.verticalHeader().length() + table.horizontalHeader().sizeHint().height() + frame
        )
        table.setMinimumHeight(min(height, 320))
        table.setMaximumHeight(height)

    def differing_rows(self) -> list[int]:
        """Rows of the table whose values are not all equal (what is tinted)."""
        out = []
        for r in range(self.table.rowCount()):
            values = {self.table.item(r, c).text() for c in range(self.table.columnCount())}
            if len(values) > 1:
                out.append(r)
        return out

    def _match_text(self, member: Member) -> str:
        if member is self._group.reference:  # (Find Copies: the photo looked up)
            return self.tr("Reference") if member.match == "reference" else match_word(member.match)
        if is_exact(self._group, member):
            return self.tr("Exact copy")
        return similarity_text(self._group, member, match_word(member.match))


class CompareDialog(QDialog):
    """The compare view in its own window: Tab flips, Esc closes."""

    def __init__(
        self,
        group: Group,
        members: Sequence[Member],
        cache: ThumbnailCache | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compare photos"))
        self.view = CompareView(group, members, cache, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():  # the keys belong to the photos (Space must not close)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._keys_text = self.tr(
            "Click a photo to pick it · K keep · Space mark / unmark · Del/T trash · "
            "+ − zoom · 0 fit · 1 100% · Tab flip · A turn to match · Esc close"
        )
        self._hint = QLabel(self._keys_text)
        self._hint.setEnabled(False)  # greyed, like the review's key hint
        self._hint.setWordWrap(True)  # two lines on a small screen rather than a wider window
        self._hint_timer = QTimer(self)
        self._hint_timer.setSingleShot(True)
        self._hint_timer.timeout.connect(self._show_keys)
        bottom = QHBoxLayout()
        bottom.addWidget(self._hint, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self._flip_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Tab), self)
        self._flip_shortcut.activated.connect(self.view.flip)
        self.view.panes[0].setFocus()
        fit_to_screen(self, QSize(1100, 760))

    def show_message(self, text: str, seconds: float = 8.0) -> None:
        """Say `text` where the key hint is (why a key did nothing), then the hint again."""
        self._hint.setText(text)
        self._hint.setEnabled(True)
        self._hint_timer.start(int(seconds * 1000))

    @Slot()
    def _show_keys(self) -> None:
        self._hint.setText(self._keys_text)
        self._hint.setEnabled(False)
