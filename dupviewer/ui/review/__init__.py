"""The review screen: duplicate groups and their photos as item models, marking, compare view."""

from dupviewer.ui.review.none_guard import keep_none_alive

keep_none_alive()  # before any painting: see none_guard (PySide6 6.12 on CPython 3.11)

from dupviewer.ui.review.widget import ReviewWidget  # noqa: E402

__all__ = ["ReviewWidget", "keep_none_alive"]
