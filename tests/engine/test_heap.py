"""release_free_memory hands freed heap pages back (glibc), and is harmless elsewhere."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dupviewer.engine.heap import release_free_memory

# In a fresh interpreter, so that no earlier test has moved glibc's thresholds: many 64 KB
# buffers (below the mmap threshold: they live in the heap), the first of which stays alive, so
# the heap cannot simply shrink from its top when they are freed.
SCRIPT = """
import numpy as np
from dupviewer.engine.heap import release_free_memory

def rss_kb():
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))

keep = np.ones(8 * 1024)
buffers = [np.ones(8 * 1024) for _ in range(3000)]  # ~200 MB
tail = np.ones(8 * 1024)
del buffers[:]
held = rss_kb()
asked = release_free_memory()
print(held - rss_kb(), asked, keep.sum() + tail.sum())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_small_buffers_go_back_to_the_system() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    returned_kb, asked, live = done.stdout.split()
    assert asked == "True"
    assert int(returned_kb) > 100_000  # at least 100 MB of the ~200 MB freed
    assert float(live) == 2 * 8 * 1024  # the live buffers are untouched


def test_calling_it_twice_is_fine() -> None:
    assert release_free_memory() == release_free_memory()
