"""The review screen: duplicate groups and their photos as item models, marking, compare view."""

from dupviewer.ui.none_guard import keep_none_alive

keep_none_alive()  # before any painting: see dupviewer.ui.none_guard

from dupviewer.ui.review.widget import ReviewWidget  # noqa: E402

__all__ = ["ReviewWidget", "keep_none_alive"]
