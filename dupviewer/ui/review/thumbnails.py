"""Lazy thumbnails: decoded off the GUI thread, cached as pixmaps in the GUI thread.

Models ask `ThumbnailCache.pixmap(path, size)` from `data(DecorationRole)`. A miss returns
`None` at once and queues a `QRunnable` on the cache's own `QThreadPool`; the job decodes with
Pillow at reduced size (`draft` lets libjpeg decode at 1/2..1/8 scale), applies the EXIF
orientation and hands back a `QImage`. The cache turns it into a `QPixmap` (GUI thread only) in a
bounded LRU and emits `thumbnail_ready`, so the model repaints just that row.

Scrolling through 10,000 groups queues far more jobs than can run: newer requests get a higher
priority (what is on screen now wins) and the oldest queued jobs are taken back from the pool
once too many wait, so the queue never grows without bound.
"""

from __future__ import annotations

import contextlib
import itertools
from collections import OrderedDict
from pathlib import Path

from PIL import Image, ImageOps
from PySide6.QtCore import QObject, QPointF, QRunnable, QSize, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap, QPolygonF

# Imported for its limits too: Pillow then opens the 200 MP phone JPEGs the scan grouped.
from dupviewer.engine.decoding import too_large

with contextlib.suppress(ImportError):  # HEIF/HEIC support is optional
    from pillow_heif import register_heif_opener

    register_heif_opener()

FULL_SIZE = 0  # a `size` of 0 asks for the whole image (the compare view's 100%)
_MAX_FULL_SIDE = (
    8192  # guard for the compare view: decoding a 100 MP scan at full size is pointless
)
_MAX_QUEUED = 256


def load_image(path: Path, size: int) -> QImage:
    """Decode `path` upright (EXIF orientation applied) to fit in `size` x `size` pixels
    (or whole when `size` is `FULL_SIZE`). Returns a null QImage when the file cannot be read.

    Safe to call from any thread: it touches only Pillow and `QImage`.
    """
    try:
        with Image.open(path) as img:
            if too_large(img):
                return QImage()  # as the scan: refuse what it refuses
            box = size if size > 0 else _MAX_FULL_SIDE
            # A JPEG decodes at 1/2, 1/4 or 1/8 scale when that still covers the box; the 100%
            # view of a 200 MP phone photo is then 50 MP of work instead of 200 (2-3 s, not 10).
            scaled = box if size > 0 else box // 2
            with contextlib.suppress(Exception):  # draft is a hint (JPEG only); ignore refusals
                img.draft("RGB", (scaled, scaled))
            img = ImageOps.exif_transpose(img)
            img.thumbnail(
                (box, box), Image.Resampling.BILINEAR if size > 0 else Image.Resampling.LANCZOS
            )
            img = img.convert("RGBA")
            data = img.tobytes("raw", "RGBA")
            qimg = QImage(data, img.width, img.height, 4 * img.width, QImage.Format.Format_RGBA8888)
            return qimg.copy()  # detach from `data`, which Python frees when this returns
    except Exception:  # noqa: BLE001 - any decoder problem just means "no thumbnail"
        return QImage()


class _Relay(QObject):
    """Lives in the GUI thread; jobs emit through it so results arrive as queued calls."""

    loaded = Signal(str, int, QImage)


class _ThumbnailJob(QRunnable):
    def __init__(self, relay: _Relay, path: Path, size: int) -> None:
        super().__init__()
        self._relay = relay
        self._path = path
        self._size = size

    def run(self) -> None:
        self._relay.loaded.emit(str(self._path), self._size, load_image(self._path, self._size))


def placeholder(size: int, dark: bool = False) -> QPixmap:
    """A neutral square shown until the real thumbnail arrives (same size, so nothing jumps)."""
    pix = QPixmap(max(1, size), max(1, size))
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(70, 70, 74) if dark else QColor(222, 222, 226))
    painter.drawRoundedRect(0, 0, size, size, size * 0.06, size * 0.06)
    # A small "picture" glyph: a mountain and a sun, drawn rather than taken from a font.
    painter.setBrush(QColor(110, 110, 116) if dark else QColor(188, 188, 194))
    s = size / 100
    painter.drawPolygon(
        QPolygonF(
            [
                QPointF(28 * s, 66 * s),
                QPointF(44 * s, 46 * s),
                QPointF(56 * s, 58 * s),
                QPointF(64 * s, 50 * s),
                QPointF(74 * s, 66 * s),
            ]
        )
    )
    painter.drawEllipse(QPointF(64 * s, 36 * s), 5 * s, 5 * s)
    painter.end()
    return pix


class ThumbnailCache(QObject):
    """Bounded LRU of thumbnails, filled lazily by a thread pool. GUI-thread object.

    `capacity_bytes` bounds the pixmaps kept (about 4 bytes a pixel); what falls out is simply
    decoded again when it comes back into view.
    """

    thumbnail_ready = Signal(str, int)  # path, size
    thumbnail_failed = Signal(str, int)

    def __init__(
        self,
        parent: QObject | None = None,
        capacity_bytes: int = 192 * 1024 * 1024,
        threads: int = 2,
    ) -> None:
        super().__init__(parent)
        self._capacity = capacity_bytes
        self._used = 0
        self._pixmaps: OrderedDict[tuple[str, int], QPixmap] = OrderedDict()
        self._failed: set[tuple[str, int]] = set()
        self._pending: OrderedDict[tuple[str, int], _ThumbnailJob] = OrderedDict()
        self._priority = itertools.count()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(1, threads))
        self._relay = _Relay(self)
        self._relay.loaded.connect(self._on_relay_loaded)

    def pixmap(self, path: Path, size: int) -> QPixmap | None:
        """The cached thumbnail, or `None` (a decode is queued; `thumbnail_ready` follows)."""
        key = (str(path), size)
        pix = self._pixmaps.get(key)
        if pix is not None:
            self._pixmaps.move_to_end(key)
            return pix
        if key in self._failed:
            return None
        self.request(path, size)
        return None

    def is_failed(self, path: Path, size: int) -> bool:
        """True when the file could not be decoded (the view then shows the placeholder)."""
        return (str(path), size) in self._failed

    def request(self, path: Path, size: int) -> None:
        """Queue a decode unless one is cached or already waiting; newest requests run first."""
        key = (str(path), size)
        if key in self._pixmaps or key in self._failed:
            return
        if key in self._pending:
            return
        job = _ThumbnailJob(self._relay, Path(path), size)
        job.setAutoDelete(False)  # we keep it in `_pending` so it can be taken back
        self._pending[key] = job
        self._pool.start(job, next(self._priority) % 1_000_000)
        while len(self._pending) > _MAX_QUEUED:
            old_key, old_job = next(iter(self._pending.items()))
            if not self._pool.tryTake(old_job):
                break  # already running: it will report back soon
            del self._pending[old_key]

    def clear(self) -> None:
        """Forget every pixmap (e.g. after the files changed) and drop queued jobs."""
        for job in list(self._pending.values()):
            self._pool.tryTake(job)
        self._pending.clear()
        self._pixmaps.clear()
        self._failed.clear()
        self._used = 0

    def wait_idle(self, msecs: int = 5000) -> bool:
        """Wait for running jobs (shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    @Slot(str, int, QImage)
    def _on_relay_loaded(self, path: str, size: int, image: QImage) -> None:
        key = (path, size)
        self._pending.pop(key, None)
        if image.isNull():
            self._failed.add(key)
            self.thumbnail_failed.emit(path, size)
            return
        pix = QPixmap.fromImage(image)
        self._pixmaps[key] = pix
        self._used += _cost(pix)
        while self._used > self._capacity and len(self._pixmaps) > 1:
            _, dropped = self._pixmaps.popitem(last=False)
            self._used -= _cost(dropped)
        self.thumbnail_ready.emit(path, size)


def _cost(pix: QPixmap) -> int:
    return pix.width() * pix.height() * 4


def fit_size(image_size: QSize, box: int) -> QSize:
    """`image_size` scaled to fit a `box` square, keeping the aspect ratio."""
    return image_size.scaled(box, box, Qt.AspectRatioMode.KeepAspectRatio)
