"""Give freed memory back to the system between the big steps of a scan.

Why: the pair search allocates hundreds of MB of short-lived numpy buffers, partly in worker
threads. glibc keeps what those threads free in their own arenas, and buffers of a few MB below
its (self-raising) mmap threshold in the heap; neither goes back to the system on its own, so
each step's peak stacked on the memory the previous step had already freed (measured: a 100,000
photo search held ~300 MB of freed buffers). `malloc_trim(0)` returns the free pages of every
arena. Forcing every buffer into mmap instead (a fixed `M_MMAP_THRESHOLD`) keeps the memory low
too, but the page faults of fresh buffers made the pair search 1.3-1.8x slower.

Elsewhere (macOS, Windows, musl) this does nothing: their allocators behave differently and
the function is only an optimisation.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import lru_cache

__all__ = ["release_free_memory"]


@lru_cache(maxsize=1)
def _malloc_trim():  # noqa: ANN202 - a ctypes function or None
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim  # glibc only
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_free_memory() -> bool:
    """Return the allocator's free pages to the system; True when it could be asked."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
