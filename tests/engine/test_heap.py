"""release_free_memory hands freed heap pages back (glibc), and is harmless elsewhere."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from dupviewer.engine.heap import release_free_memory


def _rss_kb() -> int:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_small_buffers_go_back_to_the_system() -> None:
    # Many 64 KB buffers (below glibc's mmap threshold: they live in the heap), the first of
    # which is kept alive, so the heap cannot simply shrink from its top.
    keep = np.ones(8 * 1024, dtype=np.float64)
    buffers = [np.ones(8 * 1024, dtype=np.float64) for _ in range(3000)]  # ~200 MB
    del buffers[:]
    held = _rss_kb()
    assert release_free_memory() is True
    assert _rss_kb() < held - 100_000  # at least 100 MB of the ~200 MB returned
    assert keep.sum() == 8 * 1024  # the live buffer is untouched


def test_calling_it_twice_is_fine() -> None:
    assert release_free_memory() == release_free_memory()
