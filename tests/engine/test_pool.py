"""Worker processes: in-process results, a crashing decoder costs one file, cancel is quick."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from images import make_photo, save

from dupviewer.engine.analyse import Analysis, analyse_file
from dupviewer.engine.model import ErrorKind, FileError, HashAlgorithm
from dupviewer.engine.pool import HANG_ENV, analyse_all


@pytest.fixture(scope="module")
def photos(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("pool")
    files = [save(make_photo(100 + i, (160, 120)), folder / f"p{i:02}.jpg") for i in range(12)]
    (folder / "text.jpg").write_text("not a picture")
    return [*files, folder / "text.jpg"]


def test_empty_input() -> None:
    assert list(analyse_all([], HashAlgorithm.PHASH)) == []


def test_results_match_in_process_analysis(photos: list[Path]) -> None:
    results = list(analyse_all(photos, HashAlgorithm.DHASH, workers=2))
    assert sorted(i for i, _ in results) == list(range(len(photos)))
    by_index = dict(results)
    for i, path in enumerate(photos[:-1]):
        assert by_index[i] == analyse_file(path, HashAlgorithm.DHASH)
    bad = by_index[len(photos) - 1]
    assert isinstance(bad, FileError) and bad.kind == ErrorKind.NOT_AN_IMAGE
    assert bad.path == photos[-1]


@pytest.mark.parametrize("batch_size", [None, 1, 5])
def test_a_crashing_file_costs_only_that_file(photos: list[Path], batch_size: int | None) -> None:
    crash = frozenset({"p03.jpg", "p10.jpg"})
    results = list(analyse_all(photos, "phash", workers=2, batch_size=batch_size, crash_on=crash))
    assert sorted(i for i, _ in results) == list(range(len(photos)))  # each exactly once
    by_index = dict(results)
    crashed = {
        photos[i].name
        for i, r in by_index.items()
        if isinstance(r, FileError) and r.kind == ErrorKind.DECODER_CRASH
    }
    assert crashed == crash
    analysed = [i for i, r in by_index.items() if isinstance(r, Analysis)]
    assert len(analysed) == 10
    assert by_index[4] == analyse_file(photos[4])


def test_cancel_stops_quickly_and_keeps_what_was_done(photos: list[Path], monkeypatch) -> None:
    monkeypatch.setenv(HANG_ENV, "p05.jpg")  # this one would take a minute
    cancel = threading.Event()
    got: list[int] = []
    started = time.monotonic()
    stopped_at = None
    for index, outcome in analyse_all(photos, "phash", workers=2, batch_size=1, cancel=cancel):
        got.append(index)
        assert isinstance(outcome, (Analysis, FileError))
        if len(got) == len(photos) - 1:  # everything but the stuck file
            cancel.set()
            stopped_at = time.monotonic()
    assert stopped_at is not None, "the other files should all finish"
    assert time.monotonic() - stopped_at < 3
    assert time.monotonic() - started < 30
    assert sorted(got) == [i for i in range(len(photos)) if i != 5]
