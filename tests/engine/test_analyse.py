"""analyse_file: one read, digest, decode, fingerprint; every failure a picklable AnalysisError."""

from __future__ import annotations

import hashlib
import os
import pickle

import imagehash
import pytest
from PIL import Image

from dupviewer.engine import analyse as analyse_mod
from dupviewer.engine.analyse import Analysis, AnalysisError, analyse_file
from dupviewer.engine.model import ErrorKind, HashAlgorithm
from tests.images import make_photo, save, with_exif_orientation


def test_analysis_of_a_photo(tmp_path):
    img = make_photo(1, (600, 400))
    path = with_exif_orientation(img, tmp_path / "a.jpg", 6, quality=92)
    result = analyse_file(path, HashAlgorithm.PHASH)
    data = path.read_bytes()
    assert result.size == len(data) and result.mtime_ns == path.stat().st_mtime_ns
    assert (result.width, result.height, result.format) == (400, 600, "JPEG")
    assert result.digest == hashlib.blake2b(data, digest_size=20).hexdigest()
    upright = int(str(imagehash.phash(img.transpose(Image.Transpose.ROTATE_270))), 16)
    assert bin(result.fingerprint.hash ^ upright).count("1") <= 4
    assert pickle.loads(pickle.dumps(result)) == result


def test_byte_identical_files_share_a_digest(tmp_path):
    a = save(make_photo(2), tmp_path / "a.png")
    b = tmp_path / "copy.png"
    b.write_bytes(a.read_bytes())
    c = save(make_photo(2), tmp_path / "c.jpg", quality=80)
    da, db, dc = (analyse_file(p, HashAlgorithm.DHASH).digest for p in (a, b, c))
    assert da == db != dc


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"", ErrorKind.EMPTY),
        (b"just some notes, not a photo\n", ErrorKind.NOT_AN_IMAGE),
    ],
)
def test_bad_files_raise_picklable_errors(tmp_path, content, kind):
    path = tmp_path / "bad.jpg"
    path.write_bytes(content)
    with pytest.raises(AnalysisError) as info:
        analyse_file(path, HashAlgorithm.PHASH)
    assert info.value.kind == kind
    back = pickle.loads(pickle.dumps(info.value))
    assert isinstance(back, AnalysisError) and (back.kind, back.reason) == (kind, info.value.reason)


def test_truncated_and_missing_files(tmp_path):
    full = save(make_photo(3), tmp_path / "full.jpg", quality=90).read_bytes()
    half = tmp_path / "half.jpg"
    half.write_bytes(full[: len(full) // 2])
    with pytest.raises(AnalysisError) as info:
        analyse_file(half, HashAlgorithm.PHASH)
    assert (info.value.kind, info.value.reason) == (ErrorKind.CORRUPT, "image file is truncated")
    with pytest.raises(AnalysisError) as info:
        analyse_file(tmp_path / "gone.jpg", HashAlgorithm.PHASH)
    assert info.value.kind == ErrorKind.VANISHED


def test_file_changed_while_read_is_vanished(tmp_path, monkeypatch):
    path = save(make_photo(4), tmp_path / "a.png")
    real_stat = os.stat

    def stale_stat(p, *args, **kwargs):
        st = real_stat(p, *args, **kwargs)
        if str(p) == str(path):  # the "before" stat saw an older, shorter file
            return os.stat_result((*st[:6], st.st_size - 1, *st[7:]))
        return st

    monkeypatch.setattr(analyse_mod.os, "stat", stale_stat)
    with pytest.raises(AnalysisError) as info:
        analyse_file(path, HashAlgorithm.PHASH)
    assert info.value.kind == ErrorKind.VANISHED


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path):
    path = save(make_photo(5), tmp_path / "locked.png")
    path.chmod(0)
    with pytest.raises(AnalysisError) as info:
        analyse_file(path, HashAlgorithm.PHASH)
    assert info.value.kind == ErrorKind.PERMISSION


def test_analysis_is_a_frozen_dataclass():
    assert Analysis.__dataclass_params__.frozen
