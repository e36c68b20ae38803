"""`dupviewer --self-test`: prove that this build (installed or frozen) works end to end.

It builds the demo library in a temporary folder, scans it through the engine's worker
processes and compares the groups found with the ones the demo promises. It also checks that
the shipped resources are found, that HEIC decodes, and that the GUI modules are present
(without importing Qt, so it runs on a machine with no display). Exit status 0 only if every
check passed; the report goes to stdout.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import io
import multiprocessing
import platform
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import dupviewer
from dupviewer import resources
from dupviewer.engine.demo import DemoLibrary, build_demo_library

SCAN_TIMEOUT = 300.0  # seconds; a frozen worker that never starts must fail, not hang


@dataclass(frozen=True, slots=True)
class Check:
    """The outcome of one self-test check; `detail` is one line for the report."""

    name: str
    ok: bool
    detail: str


def check_resources() -> Check:
    """The app icon and the translations folder are where the app will look for them."""
    folder = resources.resources_dir()
    icons = resources.app_icon_paths()
    translations = resources.translations_dir()
    if not icons:
        return Check("resources", False, f"no app icon in {folder / 'icons'}")
    if not translations.is_dir():
        return Check("resources", False, f"no translations folder at {translations}")
    # compiled (.qm: a bundle) or sources compiled at the first start (.ts: a checkout, a wheel)
    names = sorted(
        {p.stem for p in translations.glob("*.qm")} | {p.stem for p in translations.glob("*.ts")}
    )
    return Check(
        "resources",
        True,
        f"{folder} ({len(icons)} icon sizes, translations: {', '.join(names) or 'none'})",
    )


def check_heic() -> Check:
    """pillow-heif and its libheif are present: encode a small HEIC image and decode it back."""
    try:
        import pillow_heif
        from PIL import Image

        pillow_heif.register_heif_opener()
        original = Image.new("RGB", (64, 48), (200, 40, 90))
        buffer = io.BytesIO()
        original.save(buffer, format="HEIF", quality=90)
        decoded = Image.open(io.BytesIO(buffer.getvalue()))
        decoded.load()
    except Exception as exc:  # any failure here is the answer, whatever its type
        return Check("heic", False, f"{type(exc).__name__}: {exc}")
    pixel = decoded.convert("RGB").getpixel((32, 24))
    close = all(abs(a - b) <= 12 for a, b in zip(pixel, (200, 40, 90), strict=True))
    if decoded.format != "HEIF" or decoded.size != (64, 48) or not close:
        return Check("heic", False, f"decoded {decoded.format} {decoded.size} pixel {pixel}")
    return Check("heic", True, f"libheif {pillow_heif.libheif_version()}: round trip of 64x48")


def check_gui_modules() -> Check:
    """The GUI's modules are in this build: found, never imported (importing even the PySide6
    package loads Qt libraries, and this check must run with no display and no Qt)."""
    missing = [
        f"PySide6.{name}"
        for name in ("QtCore", "QtGui", "QtWidgets")
        if not _qt_module_exists(name)
    ]
    if not _module_exists("dupviewer.ui.app"):  # dupviewer.ui's __init__ imports no Qt
        missing.append("dupviewer.ui.app")
    if missing:
        return Check("gui", False, f"missing: {', '.join(missing)}")
    return Check("gui", True, "PySide6 QtCore/QtGui/QtWidgets and dupviewer.ui.app present")


def _qt_module_exists(name: str) -> bool:
    """Whether PySide6's extension module `name` is on disk, without importing PySide6."""
    package = importlib.util.find_spec("PySide6")  # a top-level find_spec imports nothing
    if package is None or not package.submodule_search_locations:
        return False
    return any(
        (Path(folder) / f"{name}{suffix}").is_file()
        for folder in package.submodule_search_locations
        for suffix in (*importlib.machinery.EXTENSION_SUFFIXES, ".abi3.so", ".pyd")
    )


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # a missing parent package raises
        return False


def check_scan(workdir: Path, timeout: float = SCAN_TIMEOUT) -> Check:
    """Scan the demo library through the worker processes; the groups must be the expected ones."""
    library = build_demo_library(workdir / "library")
    try:
        from dupviewer.engine import scanner
        from dupviewer.engine.model import ScanOptions
    except ImportError as exc:
        return Check("scan", False, f"the engine's scanner is missing: {exc}")

    options = ScanOptions(
        roots=(library.folder.resolve(),),
        use_cache=False,
        cache_path=workdir / "cache.sqlite",
        workers=2,  # at least two worker processes, even on a one-core machine
        decisions_path=workdir / "decisions",  # the user's "not duplicates" must not count
    )
    children: set[int] = set()

    def on_progress(_progress: object) -> None:
        children.update(p.pid for p in multiprocessing.active_children() if p.pid)

    started = time.monotonic()
    outcome = _run_with_timeout(lambda cancel: scanner.scan(options, on_progress, cancel), timeout)
    seconds = time.monotonic() - started
    if isinstance(outcome, BaseException):
        return Check("scan", False, f"the scan failed: {type(outcome).__name__}: {outcome}")
    if outcome is None:
        return Check("scan", False, f"the scan did not finish within {timeout:.0f} s")
    problems = compare_groups(library, outcome)
    found = len(outcome.groups)
    if problems:
        return Check("scan", False, f"{found} groups found; " + "; ".join(problems))
    workers = f", {len(children)} worker processes seen" if children else ""
    return Check(
        "scan",
        True,
        f"{len(library.files)} files, the {found} expected groups found{workers}, {seconds:.1f} s",
    )


def compare_groups(library: DemoLibrary, result: object) -> list[str]:
    """What differs between a scan result and the demo's promise (empty when they match).

    Only the groups decide; the damaged file must be absent from every group, and any error on
    a file that is not damaged on purpose is a problem (a decoder missing from the build).
    """
    root = library.folder.resolve()

    def rel(path: Path) -> str:
        try:
            return Path(path).resolve().relative_to(root).as_posix()
        except ValueError:
            return str(path)

    found = {frozenset(rel(m.path) for m in g.members) for g in result.groups}  # type: ignore[attr-defined]
    expected = set(library.expected_groups)
    problems = [f"missing group {sorted(g)}" for g in expected - found]
    problems += [f"unexpected group {sorted(g)}" for g in found - expected]
    if not getattr(result, "complete", True):
        problems.append("the scan was incomplete")
    for error in result.errors:  # type: ignore[attr-defined]
        if rel(error.path) not in library.damaged:
            problems.append(f"error on {rel(error.path)}: {error.kind.value}: {error.reason}")
    return problems


def _run_with_timeout(job: Callable[[threading.Event], object], timeout: float) -> object:
    """Run `job(cancel)` in a thread; past `timeout` set `cancel` and give up waiting.

    Returns the job's result, the exception it raised, or None on timeout.
    """
    cancel = threading.Event()
    box: list[object] = []

    def target() -> None:
        try:
            box.append(job(cancel))
        except BaseException as exc:  # reported, never re-raised: this is a test harness
            box.append(exc)

    thread = threading.Thread(target=target, name="self-test-scan", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        cancel.set()
        thread.join(10)
        return None
    return box[0] if box else None


def run_self_test(out: TextIO | None = None, timeout: float = SCAN_TIMEOUT) -> int:
    """Run every check, print a short report to `out` (stdout), return the exit status."""
    out = out or sys.stdout
    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    print(
        f"dupviewer {dupviewer.__version__} self-test ({frozen}, Python "
        f"{platform.python_version()}, {platform.system()} {platform.machine()})",
        file=out,
        flush=True,
    )
    checks: list[Check] = []
    with tempfile.TemporaryDirectory(prefix="dupviewer-selftest-") as tmp:
        for run in (
            check_resources,
            check_heic,
            check_gui_modules,
            lambda: check_scan(Path(tmp), timeout),
        ):
            check = run()
            checks.append(check)
            print(
                f"[{'ok' if check.ok else 'FAIL':>4}] {check.name}: {check.detail}",
                file=out,
                flush=True,
            )
    passed = all(c.ok for c in checks)
    print("self-test passed" if passed else "self-test FAILED", file=out, flush=True)
    return 0 if passed else 1
