"""Lazy thumbnails: decoded off the GUI thread, upright, small, cached within a bound."""

from __future__ import annotations

import threading

from images import make_photo, save, with_exif_orientation
from PySide6.QtCore import Qt
from review_data import sample_result

from dupviewer.ui.review import thumbnails
from dupviewer.ui.review.group_model import GROUP_THUMB, GroupModel
from dupviewer.ui.review.marking import ReviewState
from dupviewer.ui.review.thumbnails import FULL_SIZE, ThumbnailCache, load_image


def test_load_image_applies_exif_orientation_and_reduces(tmp_path):
    path = with_exif_orientation(make_photo(5, (480, 320)), tmp_path / "portrait.jpg", 6)
    image = load_image(path, 100)
    assert not image.isNull()
    assert (image.width(), image.height()) == (67, 100)  # rotated upright, fits 100 px
    full = load_image(path, FULL_SIZE)
    assert (full.width(), full.height()) == (320, 480)


def test_load_image_of_a_broken_file_is_null(tmp_path):
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not a jpeg at all")
    assert load_image(bad, 64).isNull()
    assert load_image(tmp_path / "missing.png", 64).isNull()


def test_cache_delivers_a_pixmap_decoded_off_the_gui_thread(qtbot, tmp_path, monkeypatch):
    path = save(make_photo(6), tmp_path / "a.png")
    threads = []
    real = thumbnails.load_image

    def spy(p, size):
        threads.append(threading.current_thread())
        return real(p, size)

    monkeypatch.setattr(thumbnails, "load_image", spy)
    cache = ThumbnailCache()
    assert cache.pixmap(path, 96) is None  # a miss queues a job and returns at once
    with qtbot.waitSignal(cache.thumbnail_ready, timeout=5000) as blocker:
        pass
    assert blocker.args == [str(path), 96]
    pix = cache.pixmap(path, 96)
    assert pix is not None and max(pix.width(), pix.height()) == 96
    assert threads and threads[0] is not threading.main_thread()
    cache.wait_idle()


def test_cache_remembers_failures(qtbot, tmp_path):
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG broken")
    cache = ThumbnailCache()
    with qtbot.waitSignal(cache.thumbnail_failed, timeout=5000):
        assert cache.pixmap(bad, 64) is None
    assert cache.is_failed(bad, 64)
    assert cache.pixmap(bad, 64) is None


def test_cache_is_bounded(qtbot, tmp_path):
    files = [save(make_photo(10 + i, (200, 200)), tmp_path / f"{i}.png") for i in range(4)]
    cache = ThumbnailCache(capacity_bytes=2 * 64 * 64 * 4)  # room for two 64 px thumbnails
    for path in files:
        cache.pixmap(path, 64)
        qtbot.waitUntil(lambda p=path: cache.pixmap(p, 64) is not None, timeout=5000)
    kept = [p for p in files if (str(p), 64) in cache._pixmaps]
    assert kept == files[-2:]  # least recently used went first
    cache.wait_idle()


def test_model_shows_a_placeholder_then_the_thumbnail(qtbot, tmp_path):
    result = sample_result(tmp_path / "photos")
    state = ReviewState()
    cache = ThumbnailCache()
    model = GroupModel(state, cache)
    state.set_groups(result.groups)
    index = model.index(0, 0)
    first = index.data(Qt.ItemDataRole.DecorationRole)
    assert first.width() == GROUP_THUMB == first.height()  # the placeholder, same size
    with qtbot.waitSignal(model.dataChanged, timeout=5000) as blocker:
        pass
    assert blocker.args[0].row() == 0
    assert Qt.ItemDataRole.DecorationRole in blocker.args[2]
    qtbot.waitUntil(lambda: cache.pixmap(state.keeper(0), GROUP_THUMB) is not None, timeout=5000)
    loaded = index.data(Qt.ItemDataRole.DecorationRole)
    assert loaded.cacheKey() != first.cacheKey()
    assert max(loaded.width(), loaded.height()) == GROUP_THUMB
    cache.wait_idle()
