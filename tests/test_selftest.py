"""`dupviewer --self-test` from the source tree: it passes on a working install and fails loudly
when the scan finds other groups than the demo promises."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

from dupviewer import selftest
from dupviewer.engine.demo import DemoLibrary
from dupviewer.engine.model import ErrorKind


def test_self_test_passes_and_loads_no_qt():
    """Through `main()` as the app runs it, in a fresh interpreter: exit 0, every check ok, and
    no Qt module loaded (it must run on a machine with no display)."""
    code = (
        "import sys; from dupviewer.__main__ import main; "
        "rc = main(['dupviewer', '--self-test']); "
        "print('qt-loaded' if any(m.startswith('PySide6') for m in sys.modules) else 'no-qt'); "
        "sys.exit(rc)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("dupviewer ") and "self-test" in lines[0]
    for name in ("resources", "heic", "gui", "scan"):
        assert any(line.startswith(f"[  ok] {name}:") for line in lines), proc.stdout
    assert "expected groups found" in proc.stdout
    assert lines[-2:] == ["self-test passed", "no-qt"]


def _library(tmp_path: Path) -> DemoLibrary:
    return DemoLibrary(
        folder=tmp_path,
        files=("a.jpg", "b.jpg", "c.png", "d.jpg", "broken.jpg"),
        expected_groups=[frozenset({"a.jpg", "b.jpg"})],
        damaged=("broken.jpg",),
    )


def _result(tmp_path: Path, groups: list[list[str]], errors=(), complete=True):
    """A stand-in for a ScanResult: only what compare_groups reads."""
    return SimpleNamespace(
        groups=[
            SimpleNamespace(members=[SimpleNamespace(path=tmp_path / n) for n in g]) for g in groups
        ],
        errors=[SimpleNamespace(path=tmp_path / p, kind=k, reason=r) for p, k, r in errors],
        complete=complete,
    )


def test_compare_groups_accepts_the_promised_groups(tmp_path):
    broken = [("broken.jpg", ErrorKind.CORRUPT, "image file is truncated")]
    result = _result(tmp_path, [["b.jpg", "a.jpg"]], errors=broken)
    assert selftest.compare_groups(_library(tmp_path), result) == []


def test_compare_groups_reports_missing_merged_and_errors(tmp_path):
    library = _library(tmp_path)
    merged = _result(tmp_path, [["a.jpg", "b.jpg", "c.png"]])
    problems = selftest.compare_groups(library, merged)
    assert any("missing group ['a.jpg', 'b.jpg']" in p for p in problems)
    assert any("unexpected group ['a.jpg', 'b.jpg', 'c.png']" in p for p in problems)

    missing = selftest.compare_groups(library, _result(tmp_path, []))
    assert missing == ["missing group ['a.jpg', 'b.jpg']"]

    # A decoder missing from a build shows as errors on good files: that fails the test.
    failed = _result(
        tmp_path, [["a.jpg", "b.jpg"]], errors=[("c.png", ErrorKind.NOT_AN_IMAGE, "no PNG decoder")]
    )
    assert selftest.compare_groups(library, failed) == [
        "error on c.png: not-an-image: no PNG decoder"
    ]
    partial = _result(tmp_path, [["a.jpg", "b.jpg"]], complete=False)
    assert selftest.compare_groups(library, partial) == ["the scan was incomplete"]


def test_a_scan_that_hangs_is_cancelled_and_reported():
    seen: list[threading.Event] = []

    def never_ends(cancel: threading.Event) -> str:
        seen.append(cancel)
        cancel.wait(30)
        return "stopped"

    assert selftest._run_with_timeout(never_ends, timeout=0.2) is None
    assert seen[0].is_set(), "the scan was told to stop"


def test_a_crashing_scan_is_reported_not_raised():
    def boom(_cancel):
        raise RuntimeError("worker could not start")

    outcome = selftest._run_with_timeout(boom, timeout=5)
    assert isinstance(outcome, RuntimeError)


def test_report_says_failed_and_exit_status_is_1(monkeypatch):
    monkeypatch.setattr(
        selftest, "check_heic", lambda: selftest.Check("heic", False, "libheif missing")
    )
    monkeypatch.setattr(
        selftest, "check_scan", lambda _tmp, _timeout: selftest.Check("scan", True, "fine")
    )
    out = io.StringIO()
    assert selftest.run_self_test(out) == 1
    text = out.getvalue()
    assert "[FAIL] heic: libheif missing" in text
    assert text.rstrip().endswith("self-test FAILED")


def test_missing_resources_fail_the_check(monkeypatch, tmp_path):
    monkeypatch.setenv("DUPVIEWER_RESOURCES_DIR", str(tmp_path))
    check = selftest.check_resources()
    assert not check.ok and "no app icon" in check.detail
