"""analyse_file on hostile input: pipes and devices are never read, big non-images are refused
on their first bytes, files beyond the size cap are refused with their size, bombs name theirs."""

from __future__ import annotations

import builtins
import os
import re
import struct
import threading
from pathlib import Path

import pytest

from dupviewer.engine import analyse as analyse_mod
from dupviewer.engine import decoding
from dupviewer.engine.analyse import AnalysisError, analyse_file
from dupviewer.engine.decoding import DecodeError, decode_reduced
from dupviewer.engine.lookup import find_copies
from dupviewer.engine.model import ErrorKind, ScanOptions
from dupviewer.engine.scanner import scan
from tests.images import make_photo, png_header, save

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
HANG_GUARD = 60  # seconds: only a hang gets near it


def _promptly(fn, *args, unblock: Path | None = None, **kwargs):
    """`fn(*args, **kwargs)` in a thread: its result, or its exception raised here. A call still
    running after HANG_GUARD fails the test (and a reader stuck on the pipe `unblock` is freed)."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # handed to the test below
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(HANG_GUARD)
    if thread.is_alive():
        if unblock is not None:  # a writer that closes at once: the stuck reader sees EOF
            os.close(os.open(unblock, os.O_RDWR | os.O_NONBLOCK))
        pytest.fail(f"{getattr(fn, '__name__', fn)} still running after {HANG_GUARD} s")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]


def _sparse(path: Path, head: bytes, size: int) -> Path:
    """A file of `size` bytes that costs no disk: `head`, then a hole."""
    with open(path, "wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


@pytest.fixture()
def bytes_read(monkeypatch) -> list[int]:
    """The sizes of every read `analyse_file` makes."""
    sizes: list[int] = []

    class Counting:
        def __init__(self, fh) -> None:
            self._fh = fh

        def __enter__(self):
            self._fh.__enter__()
            return self

        def __exit__(self, *exc):
            return self._fh.__exit__(*exc)

        def read(self, n: int = -1) -> bytes:
            data = self._fh.read(n)
            sizes.append(len(data))
            return data

        def seek(self, *args):
            return self._fh.seek(*args)

    monkeypatch.setattr(
        analyse_mod, "open", lambda *a, **k: Counting(builtins.open(*a, **k)), raising=False
    )
    return sizes


# -- not regular files ----------------------------------------------------------------------------


@needs_fifo
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "q.jpg"
    os.mkfifo(pipe)
    with pytest.raises(AnalysisError) as info:
        _promptly(analyse_file, pipe, unblock=pipe)
    assert info.value.kind == ErrorKind.OTHER
    assert info.value.reason == "not a regular file (named pipe): not scanned"  # as discovery


@needs_fifo
def test_a_pipe_put_in_place_after_the_stat_is_refused_on_the_open_file(tmp_path, monkeypatch):
    """The stat said "regular file" (the photo was then replaced by a pipe): the descriptor's
    own fstat decides, and opening did not wait for a writer."""
    photo = save(make_photo(1), tmp_path / "a.jpg")
    pipe = tmp_path / "q.jpg"
    os.mkfifo(pipe)
    real_stat = os.stat
    monkeypatch.setattr(
        analyse_mod.os, "stat", lambda p, *a, **k: real_stat(photo if p == pipe else p, *a, **k)
    )
    with pytest.raises(AnalysisError) as info:
        _promptly(analyse_file, pipe, unblock=pipe)
    assert info.value.reason == "not a regular file (named pipe): not scanned"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_link_to_dev_zero_is_refused_without_reading(tmp_path, bytes_read):
    link = tmp_path / "zero.jpg"
    link.symlink_to("/dev/zero")
    with pytest.raises(AnalysisError) as info:
        _promptly(analyse_file, link)
    assert info.value.reason == "not a regular file (character device): not scanned"
    assert bytes_read == []


@needs_fifo
def test_lookup_reports_a_pipe_query_as_its_own_error(tmp_path):
    """The window's drop path: the pipe is one query's error, the other query is answered."""
    root = tmp_path / "library"
    save(make_photo(1), root / "a.jpg", quality=95)
    pipe = tmp_path / "q.jpg"
    os.mkfifo(pipe)
    photo = save(make_photo(1), tmp_path / "a-copy.png")
    result = _promptly(
        find_copies, [pipe, photo], [root], cache_path=tmp_path / "cache.sqlite", workers=1
    )
    stuck, found = result.queries
    assert stuck.error is not None and stuck.error.kind == ErrorKind.OTHER
    assert stuck.error.reason == "not a regular file (named pipe): not scanned"
    assert found.error is None and [m.path for m in found.matches] == [root / "a.jpg"]


# -- big files ------------------------------------------------------------------------------------


def test_a_big_file_that_is_no_image_is_refused_on_its_first_bytes(tmp_path, bytes_read):
    big = _sparse(tmp_path / "big.tif", b"junk, not a TIFF", 200 * 1024 * 1024)
    assert big.stat().st_size > analyse_mod.CHECK_HEADER_ABOVE
    with pytest.raises(AnalysisError) as info:
        _promptly(analyse_file, big)
    assert info.value.kind == ErrorKind.NOT_AN_IMAGE
    assert info.value.reason == "not an image (the content is not TIF or any supported format)"
    assert sum(bytes_read) <= decoding.HEADER_BYTES


def test_a_big_photo_passes_the_header_check_and_analyses_the_same(tmp_path, monkeypatch):
    photos = [
        save(make_photo(2), tmp_path / "a.jpg", quality=90),
        save(make_photo(3), tmp_path / "b.png"),
        save(make_photo(4), tmp_path / "c.webp"),
        save(make_photo(5), tmp_path / "d.tif"),
    ]
    plain = [analyse_file(p) for p in photos]
    monkeypatch.setattr(analyse_mod, "CHECK_HEADER_ABOVE", 100)  # every photo here is "big"
    assert [analyse_file(p) for p in photos] == plain


def test_a_file_above_the_cap_is_refused_with_its_size(tmp_path, monkeypatch, bytes_read):
    photo = save(make_photo(6), tmp_path / "a.png")
    size = photo.stat().st_size
    monkeypatch.setattr(analyse_mod, "MAX_FILE_BYTES", 1000)
    with pytest.raises(AnalysisError) as info:
        analyse_file(photo)
    assert info.value.kind == ErrorKind.TOO_LARGE
    shown = f"{size / 1000:.1f} kB"
    assert info.value.reason == f"file is too large to read ({shown}; the limit is 1.0 kB)"
    assert bytes_read == []  # under CHECK_HEADER_ABOVE: no header read either


def test_the_scan_goes_on_past_a_file_above_the_cap(tmp_path):
    """With the real limit, in the worker processes: a sparse TIFF header of 2 GB + 1 byte."""
    root = tmp_path / "library"
    save(make_photo(7), root / "a.jpg")
    header = b"II*\x00" + struct.pack("<I", 8)
    _sparse(root / "huge.tif", header, analyse_mod.MAX_FILE_BYTES + 1)
    result = _promptly(scan, ScanOptions(roots=(root,), cache_path=tmp_path / "cache.sqlite"))
    assert [p.path.name for p in result.photos] == ["a.jpg"]
    (error,) = result.errors
    assert (error.path.name, error.kind) == ("huge.tif", ErrorKind.TOO_LARGE)
    assert error.reason == "file is too large to read (2.0 GB; the limit is 2.0 GB)"


# -- decompression bombs --------------------------------------------------------------------------


def test_a_bomb_stopped_by_pillow_names_its_pixel_dimensions():
    assert 40_000 * 25_000 > 2 * decoding.Image.MAX_IMAGE_PIXELS  # Pillow's own guard fires
    with pytest.raises(DecodeError) as info:
        decode_reduced(png_header(40_000, 25_000), "bomb.png")
    assert info.value.kind == ErrorKind.TOO_LARGE
    assert info.value.reason == "image is too large (40000 x 25000 pixels, 1000 MP)"
    # The words the window translates (ui/words.py _TOO_MANY_PIXELS).
    assert re.fullmatch(r"image is too large \((\d+) x (\d+) pixels, (\d+) MP\)", info.value.reason)


def test_check_header_accepts_the_formats_the_decoder_opens(tmp_path):
    for name in ("a.jpg", "b.png", "c.webp", "d.gif", "e.bmp", "f.tif", "g.heic"):
        path = save(make_photo(8, (64, 48)), tmp_path / name)
        decoding.check_header(path.read_bytes()[: decoding.HEADER_BYTES], name)
    with pytest.raises(DecodeError) as info:
        decoding.check_header(b"%PDF-1.7\n" + b"\x00" * 7, "scan.jpg")
    assert info.value.kind == ErrorKind.NOT_AN_IMAGE


def test_a_file_cut_short_after_its_header_is_damaged_not_a_stranger(tmp_path):
    """QA: a JPEG cut to its first bytes was reported as "not an image (the content is not JPG
    ...)": it starts like a JPEG, so it is a damaged one. Text named .jpg is still no image."""
    whole = save(make_photo(5), tmp_path / "whole.jpg").read_bytes()
    with pytest.raises(DecodeError) as info:
        decode_reduced(whole[:20], "cut.jpg")
    assert info.value.kind == ErrorKind.CORRUPT
    assert info.value.reason == "image is damaged or cut short (it starts like a JPEG file)"
    with pytest.raises(DecodeError) as info:
        decode_reduced(b"just some text, no picture", "notes.jpg")
    assert info.value.kind == ErrorKind.NOT_AN_IMAGE
