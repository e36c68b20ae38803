"""The compare view: synchronised zoom and pan, 100% and fit, flip, attribute differences."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QTransform, QWheelEvent
from PySide6.QtWidgets import QApplication
from review_data import sample_result

from dupviewer.engine.fingerprint import N_DIHEDRAL, VARIANT_LABELS, apply_variant
from dupviewer.ui.review.compare_view import CompareDialog, turn_to_match, turn_to_reference
from dupviewer.ui.review.thumbnails import FULL_SIZE, ThumbnailCache
from dupviewer.ui.words import number_text


@pytest.fixture
def dialog(qtbot, tmp_path):
    result = sample_result(tmp_path / "photos")
    group = result.groups[0]
    d = CompareDialog(group, group.members[:3])
    qtbot.addWidget(d)
    d.resize(1000, 700)
    d.show()
    qtbot.waitExposed(d)
    view = d.view
    qtbot.waitUntil(
        lambda: all(view._cache.pixmap(m.path, FULL_SIZE) is not None for m in view.members()),
        timeout=10000,
    )
    qtbot.waitUntil(lambda: view._fitted, timeout=5000)
    yield d
    view._cache.wait_idle()


def same_view(a, b):
    return (
        a.transform() == b.transform()
        and (a.scene_centre() - b.scene_centre()).manhattanLength() < 2
    )


def test_panes_start_fitted_and_equal(dialog):
    panes = dialog.view.panes
    assert len(panes) == 3
    assert panes[0].zoom() < 1  # 960 px photos fitted into ~320 px panes
    assert all(same_view(panes[0], p) for p in panes[1:])


def test_zoom_in_one_pane_zooms_all(dialog):
    panes = dialog.view.panes
    before = panes[1].zoom()
    panes[1].zoom_by(3.0)
    assert panes[1].zoom() == pytest.approx(before * 3)
    assert all(same_view(panes[1], p) for p in panes)


def test_mouse_wheel_zooms_all_panes(dialog):
    panes = dialog.view.panes
    before = panes[0].zoom()
    viewport = panes[2].viewport()
    centre = QPointF(viewport.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(viewport.mapToGlobal(centre.toPoint())),
        QPoint(),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)
    assert panes[0].zoom() == pytest.approx(before * 1.25**2)
    assert all(same_view(panes[2], p) for p in panes)


def test_pan_is_shared(dialog):
    panes = dialog.view.panes
    dialog.view.actual_size()
    assert all(p.zoom() == pytest.approx(1.0) for p in panes)
    bar = panes[0].horizontalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.minimum())
    left = panes[1].scene_centre().x()
    bar.setValue(bar.maximum())
    assert panes[1].scene_centre().x() > left + 100
    assert all(same_view(panes[0], p) for p in panes)
    dialog.view.fit()
    assert all(p.zoom() < 1 for p in panes)


def test_tab_flips_between_photos_in_one_pane(qtbot, dialog):
    view = dialog.view
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert view.is_flip_mode()
    assert view.panes[0].isVisible() and not view.panes[1].isVisible()
    assert view.flip_index() == 0
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert view.flip_index() == 1
    shown = view.panes[0]._item.pixmap()
    assert shown.cacheKey() == view._cache.pixmap(view.members()[1].path, FULL_SIZE).cacheKey()
    view.set_flip_mode(False)
    assert view.panes[1].isVisible()


def test_attribute_table_highlights_differences(dialog):
    view = dialog.view
    table = view.table
    labels = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    differing = {labels[r] for r in view.differing_rows()}
    assert {"Resolution", "File size", "Folder", "Match"} <= differing
    assert "Format" not in differing  # three JPEGs
    format_row = labels.index("Format")
    assert table.item(format_row, 0).background().style() == Qt.BrushStyle.NoBrush
    size_row = labels.index("File size")
    assert table.item(size_row, 2).background().style() != Qt.BrushStyle.NoBrush


@pytest.mark.parametrize(
    "key, modifier, factor",
    [
        (Qt.Key.Key_Plus, Qt.KeyboardModifier.NoModifier, 1.25),
        (Qt.Key.Key_Equal, Qt.KeyboardModifier.NoModifier, 1.25),
        (Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier, 1.25),
        (Qt.Key.Key_Minus, Qt.KeyboardModifier.NoModifier, 0.8),
        (Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier, 0.8),
    ],
)
def test_keys_zoom_every_pane(qtbot, dialog, key, modifier, factor):
    """The keys of image viewers zoom, whichever pane has the focus; 0 fits again, 1 is 100%."""
    panes = dialog.view.panes
    fitted = panes[0].zoom()
    panes[1].setFocus()
    qtbot.keyClick(panes[1], key, modifier)
    assert panes[0].zoom() == pytest.approx(fitted * factor)
    assert all(same_view(panes[1], p) for p in panes)
    qtbot.keyClick(panes[1], Qt.Key.Key_1)
    assert all(p.zoom() == pytest.approx(1.0) for p in panes)
    qtbot.keyClick(panes[1], Qt.Key.Key_0)
    assert panes[2].zoom() == pytest.approx(fitted)  # the same fit from 100% as at the start
    assert all(same_view(panes[0], p) for p in panes)


def test_flip_mode_gives_the_one_pane_the_whole_width(qtbot, dialog):
    view = dialog.view
    side_by_side = view.panes[0].width()
    fitted = view.panes[0].zoom()
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: view.panes[0].width() > 2.5 * side_by_side)
    qtbot.waitUntil(lambda: view.panes[0].zoom() > fitted)  # fitted again to the wider pane
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)  # flipping keeps the size
    assert view.flip_index() == 1 and view.panes[0].width() > 2.5 * side_by_side
    view.set_flip_mode(False)
    qtbot.waitUntil(lambda: abs(view.panes[0].width() - side_by_side) < 10)


def _gray_image(pixels: np.ndarray) -> QImage:
    pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
    h, w = pixels.shape
    return QImage(pixels.tobytes(), w, h, w, QImage.Format.Format_Grayscale8).copy()


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return rows[:, : image.width()].copy()


@pytest.mark.parametrize("k", range(N_DIHEDRAL))
def test_turn_to_match_undoes_every_turn_and_mirror_the_engine_labels(k):
    """The engine's own `apply_variant` makes the copy; the compare view's turn gives back the
    original pixels exactly (a 3 x 5 image has no symmetry to hide a wrong turn)."""
    original = np.arange(15, dtype=np.uint8).reshape(3, 5) * 10
    copy = apply_variant(original, k)
    for label in (VARIANT_LABELS[k], VARIANT_LABELS[k] + " + cropped"):
        turned = _gray_image(copy).transformed(turn_to_reference(label))
        assert np.array_equal(_pixels(turned), original), label
    assert turn_to_reference("similar") is None and turn_to_reference("cropped") is None
    # Turned to a kept copy that is itself turned: back to the reference, then its way.
    kept = apply_variant(original, 0)  # the kept copy: "rotated 90"
    to_kept = turn_to_match(VARIANT_LABELS[k], VARIANT_LABELS[0]) or QTransform()  # None: as is
    turned = _gray_image(copy).transformed(to_kept)
    assert np.array_equal(_pixels(turned), kept), VARIANT_LABELS[k]


def test_turn_to_match_lines_up_a_copy_the_scan_found_turned(tmp_path):
    """End to end: a photo and its copy turned a quarter clockwise, scanned by the engine; the
    turn for the copy's label makes it look like the original again."""
    from dupviewer.engine import scanner
    from dupviewer.engine.model import ScanOptions

    folder = tmp_path / "lib"
    folder.mkdir()
    picture = Image.linear_gradient("L").resize((240, 160))
    picture.paste(255, (20, 20, 90, 60))  # a bright block near one corner: no symmetry
    picture.save(folder / "original.png")
    picture.rotate(-90, expand=True).save(folder / "turned.png")  # Pillow: -90 is clockwise
    result = scanner.scan(ScanOptions(roots=(folder,), use_cache=False))
    (group,) = result.groups
    copy = next(m for m in group.members if m is not group.reference)
    assert copy.match.startswith("rotated")
    original = _pixels(QImage(str(group.reference.path)))
    turned = _pixels(QImage(str(copy.path)).transformed(turn_to_reference(copy.match)))
    assert turned.shape == original.shape
    assert np.abs(turned.astype(int) - original.astype(int)).mean() < 2


def test_a_key_turns_the_turned_copy_to_match_and_says_so(qtbot, tmp_path):
    result = sample_result(tmp_path / "photos")
    group = result.groups[0]
    turned_member = next(m for m in group.members if m.match.startswith("rotated"))
    d = CompareDialog(group, [group.reference, turned_member])
    qtbot.addWidget(d)
    d.resize(1000, 700)
    d.show()
    qtbot.waitExposed(d)
    view = d.view
    qtbot.waitUntil(lambda: view._fitted, timeout=10000)
    assert view.turn_button.isEnabled() and not view.is_turned()
    shown = view.panes[1]._item.sceneBoundingRect()
    assert shown.height() > shown.width()  # the copy as a viewer shows it: portrait
    qtbot.keyClick(view.panes[0], Qt.Key.Key_A)
    assert view.is_turned() and view.turn_button.isChecked()
    shown = view.panes[1]._item.sceneBoundingRect()
    reference = view.panes[0]._item.sceneBoundingRect()
    assert shown.width() > shown.height()  # like the reference: landscape, same size
    assert (
        abs(shown.width() - reference.width()) < 1 and abs(shown.height() - reference.height()) < 1
    )
    assert "turned to match" in view._captions[1].text()
    assert "turned to match" not in view._captions[0].text()
    # The turned copy becomes the one kept: now the reference turns to match it.
    view.set_mark_state(lambda path: "keep" if path == turned_member.path else "")
    view.refresh_marks()
    assert "turned to match" in view._captions[0].text()
    assert "turned to match" not in view._captions[1].text()
    shown = view.panes[0]._item.sceneBoundingRect()
    assert shown.height() > shown.width()  # the reference, turned to the kept copy: portrait
    qtbot.keyClick(view.panes[0], Qt.Key.Key_A)
    assert not view.is_turned()
    view._cache.wait_idle()


def test_turn_to_match_is_off_when_no_photo_is_turned(qtbot, tmp_path):
    result = sample_result(tmp_path / "photos")
    group = result.groups[2]  # two byte-identical files
    d = CompareDialog(group, group.members)
    qtbot.addWidget(d)
    assert not d.view.turn_button.isEnabled()
    d.view.set_turned(True)
    assert not d.view.is_turned()
    d.view._cache.wait_idle()


LONG_NAME = "ä" * 10 + "x" * 170 + ".jpg"  # 184 characters, 194 bytes: a file system takes it


def test_a_very_long_file_name_is_elided_and_the_panes_share_the_width(qtbot, tmp_path):
    """A 184-character name: its pane caption is elided in the middle (start and extension
    shown, all of it in the tooltip), every pane gets the same width, the file name cell of the
    table keeps the extension too, and the window opens no larger than the screen."""
    from review_data import copy_bytes, group_of, photo_at

    from dupviewer.engine.model import GroupKind
    from tests.images import make_photo, save

    folder = tmp_path / "lib"
    original = save(make_photo(4, (320, 240)), folder / "a" / "orig.jpg")
    paths = [original] + [
        copy_bytes(original, folder / "b" / name) for name in ("copy.jpg", LONG_NAME, "z.jpg")
    ]
    group = group_of(
        GroupKind.EXACT,
        *(
            (photo_at(p), 0, "reference" if i == 0 else "identical bytes")
            for i, p in enumerate(paths)
        ),
    )
    d = CompareDialog(group, group.members)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    view = d.view
    qtbot.waitUntil(lambda: view._fitted, timeout=10000)

    room = d.screen().availableGeometry()
    assert d.frameGeometry().width() <= room.width() and d.height() <= room.height()
    widths = [pane.width() for pane in view.panes]
    assert max(widths) - min(widths) <= 2, widths
    caption = view._captions[2]
    assert caption.text() == "C · " + LONG_NAME  # the whole text, drawn elided
    shown = caption.shown_text()
    assert "…" in shown and shown.startswith("C · ää") and shown.endswith("x.jpg")
    assert caption.fontMetrics().horizontalAdvance(shown) <= caption.contentsRect().width()
    assert LONG_NAME in caption.toolTip()
    assert view.table.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert view.table.item(0, 2).toolTip() == LONG_NAME
    view._cache.wait_idle()


def _shows_a_fit(view) -> bool:
    """The photos fill the pane in one dimension (within a few pixels) and fit in the other,
    and the zoom the window shows is that pane's."""
    pane = view.panes[0]
    scene = pane.scene().sceneRect()
    room = pane.viewport().size()
    width, height = scene.width() * pane.zoom(), scene.height() * pane.zoom()
    fits = width <= room.width() and height <= room.height()
    fills = room.width() - width <= 4 or room.height() - height <= 4
    shown = view._zoom_label.text() == f"Zoom {number_text(pane.zoom() * 100)}%"
    return fits and fills and shown


def _open_compare(qtbot, group, cache) -> CompareDialog:
    d = CompareDialog(group, group.members[:3], cache)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def test_a_second_compare_with_the_photos_cached_opens_fitted(qtbot, tmp_path):
    """QA: the second Compare on a group opened at 0-1% (the photos, already cached, were
    fitted to panes not laid out yet). Both the first (photos load after the window shows) and
    the second (photos there before it shows) fit the photos to the laid-out panes."""
    group = sample_result(tmp_path / "photos").groups[0]
    cache = ThumbnailCache(capacity_bytes=512 * 1024 * 1024)
    first = _open_compare(qtbot, group, cache)
    qtbot.waitUntil(lambda: first.view._fitted, timeout=10000)
    qtbot.waitUntil(lambda: _shows_a_fit(first.view), timeout=2000)
    first.close()
    assert all(cache.pixmap(m.path, FULL_SIZE) is not None for m in group.members[:3])
    second = _open_compare(qtbot, group, cache)
    qtbot.waitUntil(lambda: _shows_a_fit(second.view), timeout=2000)
    assert second.view.panes[0].zoom() > 0.05  # 960 px photos in ~320 px panes, not 1%
    cache.wait_idle()


def test_the_first_flip_keeps_the_zoom_and_the_position(qtbot, dialog):
    """QA: the first Tab from a zoomed, panned view fitted the photos again (8% -> 11%);
    flipping keeps the user's view from the first time on."""
    view = dialog.view
    pane = view.panes[0]
    pane.zoom_by(6.0)  # wider than the flip pane too, so the position can be kept
    for bar in (pane.horizontalScrollBar(), pane.verticalScrollBar()):
        assert bar.maximum() > bar.minimum()
        bar.setValue(bar.minimum() + (bar.maximum() - bar.minimum()) // 4)  # towards top left
    zoom, centre = pane.zoom(), pane.scene_centre()
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert view.is_flip_mode()
    qtbot.wait(100)  # the wider pane is laid out (and nothing fits again behind the user)
    assert pane.zoom() == pytest.approx(zoom)
    assert (pane.scene_centre() - centre).manhattanLength() < 3
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    qtbot.wait(50)
    assert view.flip_index() == 1 and pane.zoom() == pytest.approx(zoom)
    assert (pane.scene_centre() - centre).manhattanLength() < 3
