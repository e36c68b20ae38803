"""The benchmark's pieces run on a handful of tiny images and produce rows (no timing asserted:
timings belong in `benchmarks/run.py`, never in a test)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str):
    """Import a benchmarks/ script under a private name (they are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = _load("run")  # puts benchmarks/ on sys.path, so its own imports resolve
corpus = _load("corpus")
memory = _load("memory")


@pytest.fixture(scope="module")
def small_jpegs(tmp_path_factory) -> list[Path]:
    return corpus.make_corpus(tmp_path_factory.mktemp("jpeg"), 3, size=(320, 240))


def test_hashing_rows_measure_every_method_and_compare_hashes(small_jpegs):
    state: dict = {}
    rows = bench.hashing_rows(small_jpegs, 1, state)
    assert set(state["costs"]) == {"floor", "engine", "no-variants", "baseline"}
    assert all(c.cpu > 0 and c.wall > 0 for c in state["costs"].values())
    by_what = {r.what: r for r in rows}
    agreement = by_what["Hamming(engine hash, full-res pHash)"]
    assert agreement.ok is not None and agreement.value.startswith("median ")
    assert by_what["engine / floor (CPU)"].verdict in ("PASS", "FAIL")
    (cost,) = bench.features_analysis_row(state)
    assert cost.target == "<= 1.2x" and cost.verdict in ("PASS", "FAIL")


def test_format_rows_convert_and_analyse_each_format(small_jpegs, tmp_path):
    rows = bench.format_rows(small_jpegs[:2], tmp_path, 1)
    assert [r.what.split(":")[0] for r in rows] == [
        "format JPEG",
        "format PNG",
        "format WEBP",
        "format HEIC",
        "format HEIC+thumbnail",
        "format TIFF",
    ]
    assert not [r for r in rows if r.ok is False]  # every format converted and analysed
    assert len(list((tmp_path / "heic").glob("*.heic"))) == 2
    from PIL import Image

    for folder, thumbnails in (("heic", []), ("heic+thumbnail", [320])):
        with Image.open(next((tmp_path / folder).glob("*.heic"))) as im:
            big = max(im.size) > 320  # the smoke test's pictures may be smaller than a thumbnail
            assert im.info.get("thumbnails", []) == (thumbnails if big else [])


def test_synthetic_fingerprints_hold_findable_planted_copies():
    from dupviewer.engine import fingerprint as fpmod
    from dupviewer.engine.matching import find_pairs
    from dupviewer.engine.model import HashAlgorithm

    fps = corpus.synthetic_fingerprints(400, seed=3, copies=0.1)
    assert len({fp.hash for fp in fps}) > 350
    assert all(len(fp.variants) == 7 for fp in fps)
    # The engine's own detail layout: the 32x32 thumbnail + the algorithm byte, crops from it.
    assert {len(fp.detail) for fp in fps} == {fpmod.THUMB * fpmod.THUMB + 1}
    assert fpmod.detail_algorithm(fps[0]) == HashAlgorithm.PHASH
    assert fpmod.detail_crops(fps[0]).shape == (len(fpmod.CROP_WINDOWS),)
    pairs = find_pairs(fps, 10, rotations=True, crops=True)
    distinct = {
        (min(i, j), max(i, j)) for i, j in zip(pairs.i.tolist(), pairs.j.tolist(), strict=True)
    }
    assert len(distinct) >= 36  # 40 planted copies (some originals are themselves copies)


def test_tiny_library_is_distinct_files_in_subfolders(tmp_path):
    paths = corpus.make_tiny_corpus(tmp_path, 20, per_folder=8)
    assert len(paths) == 20 and len({p.parent for p in paths}) == 3
    assert len({p.read_bytes() for p in paths}) == 20
    assert corpus.make_tiny_corpus(tmp_path, 20, per_folder=8) == paths  # reused as is


def test_tree_monitor_sees_memory_of_a_grandchild():
    script = (
        "import json, subprocess, sys;"
        "subprocess.run([sys.executable, '-c', "
        '\'import time; b = bytearray(60 * 2**20); b[::4096] = b"x" * len(b[::4096]); '
        "time.sleep(0.5)'], check=True);"
        "print(json.dumps({'peak_kb': 1}))"
    )
    measured = memory.run_measured(["-c", script], timeout=60)
    assert measured.report == {"peak_kb": 1}
    assert measured.worker_peak_mb >= 55
    assert measured.total_peak_mb >= measured.worker_peak_mb


def test_gui_memory_child_reports_its_peak(small_jpegs):
    (row,) = bench.gui_rows(30, small_jpegs[0].parent, settle=0.3)
    assert "30 groups" in row.what and row.verdict in ("PASS", "FAIL")
    assert row.value.endswith(")") and "MB peak" in row.value


def test_scan_child_fills_then_answers_from_the_cache(small_jpegs, tmp_path):
    cache = tmp_path / "cache.sqlite"
    first = memory.measure_scan(small_jpegs[0].parent, cache, workers=1)
    second = memory.measure_scan(small_jpegs[0].parent, cache, workers=1)
    assert (first.report["hashed"], first.report["photos"]) == (3, 3)
    assert (second.report["hashed"], second.report["from_cache"]) == (0, 3)
    assert first.main_peak_mb > 10


def test_regroup_rows_time_both_settings():
    rows = bench.regroup_rows(300)
    assert [r.target for r in rows] == ["", "", "< 1 s"] * 2
    assert all(" groups" in r.value for r in rows[2::3]) and "peak" in rows[0].value
    assert all("faster than the first search" in r.value for r in rows[1::3])


def test_main_prints_the_table_and_writes_json(tmp_path, capsys):
    out = tmp_path / "table.json"
    code = bench.main(
        ["--quick", "--corpus", str(tmp_path / "c"), "--photos", "2", "--photo-size", "320x240"]
        + ["--only", "hashing", "--out", str(out)]
    )
    payload = json.loads(out.read_text())
    assert code in (0, 1)
    assert payload["machine"]["cores"].isdigit() and "Pillow" in payload["machine"]
    rows = payload["rows"]
    assert any(r["what"] == "baseline / engine (CPU)" for r in rows)
    assert all(r["verdict"] in ("", "PASS", "FAIL") for r in rows)
    assert "engine / floor (CPU)" in capsys.readouterr().out
