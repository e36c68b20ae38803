""" "Not duplicates" decisions, keyed by file content so they survive renames and moves.

When the user says a group (or a pair) is not a set of duplicates, every pair of content digests
among its photos is stored; the scanner passes `not_duplicate_pairs()` to grouping so those
pairs never group again. A JSON file is enough: the store holds what people clicked, not what
the scan computed. Every change is written atomically (temporary file + `os.replace`), so a
crash leaves either the old or the new file. A file that cannot be parsed is set aside as
`decisions.json.corrupt` (a warning says so) and the store starts empty.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

from dupviewer.engine import paths

DECISIONS_NAME = "decisions.json"
_VERSION = 1


class DecisionStore:
    """Pairs of content digests the user declared not to be duplicates."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else paths.data_dir() / DECISIONS_NAME
        self.warnings: list[str] = []

    def not_duplicate_pairs(self) -> set[frozenset[str]]:
        """Every stored pair, as two-digest frozensets (for `grouping.build_groups`)."""
        return set(self._load())

    def is_not_duplicate(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self._load()

    def mark_not_duplicates(self, digests: Iterable[str]) -> int:
        """Record every pair among `digests` (a group or a pair); returns how many were new.

        Identical digests cannot be "not duplicates" (they are the same bytes) and are ignored.
        """
        new = _pairs(digests)
        pairs = self._load()
        added = new - pairs
        if added:
            self._save(pairs | added)
        return len(added)

    def forget(self, digests: Iterable[str]) -> int:
        """Drop every stored pair among `digests`; returns how many were dropped."""
        gone = _pairs(digests)
        pairs = self._load()
        dropped = pairs & gone
        if dropped:
            self._save(pairs - dropped)
        return len(dropped)

    def clear(self) -> None:
        self._save(set())

    def _load(self) -> set[frozenset[str]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return set()
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or not isinstance(data.get("pairs"), list):
                raise ValueError("no pair list")
            pairs = set()
            for pair in data["pairs"]:
                if not (
                    isinstance(pair, list)
                    and len(pair) == 2
                    and all(isinstance(d, str) for d in pair)
                ):
                    raise ValueError(f"bad pair {pair!r}")
                if pair[0] != pair[1]:
                    pairs.add(frozenset(pair))
            return pairs
        except ValueError as exc:
            aside = self.path.with_name(self.path.name + ".corrupt")
            try:
                os.replace(self.path, aside)
                self.warnings.append(f"decisions file was unreadable ({exc}); set aside as {aside}")
            except OSError:
                self.warnings.append(f"decisions file was unreadable ({exc})")
            return set()

    def _save(self, pairs: set[frozenset[str]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": _VERSION, "pairs": sorted(sorted(p) for p in pairs)}
        fd, tmp = tempfile.mkstemp(prefix=".decisions-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=0)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise


def _pairs(digests: Iterable[str]) -> set[frozenset[str]]:
    unique = sorted({d for d in digests if d})
    return {frozenset(p) for p in combinations(unique, 2)}
