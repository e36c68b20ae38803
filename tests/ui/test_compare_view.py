"""The compare view: synchronised zoom and pan, 100% and fit, flip, attribute differences."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from review_data import sample_result

from dupviewer.ui.review.compare_view import CompareDialog
from dupviewer.ui.review.thumbnails import FULL_SIZE


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
