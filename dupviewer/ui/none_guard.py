"""Work around a PySide6 reference-count bug that aborts the app on CPython 3.11.

PySide6 6.12.0 returns `None` from every void C++ method without taking a reference to it. From
CPython 3.12 on, `None` is immortal (PEP 683) and nothing happens; on 3.11 each call such as
`painter.save()` or `label.setText()` takes one reference away, and after a few thousand calls
(one repaint of the review screen makes hundreds) the interpreter aborts with
"Fatal Python error: none_dealloc" (a `None` from a Python `data()` through QVariant leaks the
same way, and some path does it to `True`/`False`: "bool_dealloc" at exit). We probe once; if a
void call really drops a reference, we give `None`, `True` and `False` a reference count no
process can use up (2**48), which is what 3.12 does for them by design.

pyproject.toml excludes 6.12.0, so this is defence in depth for an environment that installs it
anyway. `dupviewer.ui.app.run()` and the test suite's conftest call `keep_none_alive()` first
thing; the review package calls it again at import (idempotent), for embedders of the widget.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject

_HEADROOM = 1 << 48
_applied = False


def void_calls_leak_none() -> bool:
    """True when a void PySide6 method drops a reference to `None` (the bug is present)."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(8):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 4


def keep_none_alive() -> bool:
    """Apply the workaround if needed (idempotent). Returns True when it was applied."""
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return _applied
    if void_calls_leak_none():
        for singleton in (None, True, False):
            # ob_refcnt is the first field of every CPython object.
            ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
        _applied = True
    return _applied
