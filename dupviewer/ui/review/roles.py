"""Custom item-data roles shared by the review models and their delegates."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt


class Role(IntEnum):
    """Data the delegates paint from; each role returns plain Python values."""

    GROUP = Qt.ItemDataRole.UserRole + 1  # Group (group model) / its row (photo model)
    MEMBER = Qt.ItemDataRole.UserRole + 2  # Member
    PATH = Qt.ItemDataRole.UserRole + 3  # Path of the photo (keeper's for a group)
    MARKED = Qt.ItemDataRole.UserRole + 4  # bool
    KEEPER = Qt.ItemDataRole.UserRole + 5  # bool
    PROTECTED = Qt.ItemDataRole.UserRole + 6  # bool: under a protected root
    BEST = Qt.ItemDataRole.UserRole + 7  # frozenset of attribute keys best in the group
    ATTRIBUTES = Qt.ItemDataRole.UserRole + 8  # dict attribute key -> display text
    SIMILARITY = Qt.ItemDataRole.UserRole + 9  # float percent, 100 for exact copies
    EXACT = Qt.ItemDataRole.UserRole + 10  # bool: byte-identical copy (or an exact group)
    MATCH_TEXT = Qt.ItemDataRole.UserRole + 11  # translated match label
    MARKED_COUNT = Qt.ItemDataRole.UserRole + 12  # int (group model)
    MARKED_BYTES = Qt.ItemDataRole.UserRole + 13  # int (group model)
    RECLAIMABLE = Qt.ItemDataRole.UserRole + 14  # int bytes the engine proposes to free
    COUNT = Qt.ItemDataRole.UserRole + 15  # int members (group model)
    SUMMARY = Qt.ItemDataRole.UserRole + 16  # list[str] text lines (group model)
    NEVER_MARKED = Qt.ItemDataRole.UserRole + 17  # bool: protected, or frames no copy holds
    FRAMES_TEXT = Qt.ItemDataRole.UserRole + 18  # "3 pages", "12 frames", or "" for a still
