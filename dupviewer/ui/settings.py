"""Typed settings over an injected `QSettings`, with every default in one place.

The app passes `QSettings()` (the user's real settings); tests pass
`QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)`. Lists are stored as JSON text
because QSettings' ini backend turns a one-element list into a plain string and an empty list
into nothing; values that fail to parse fall back to the default instead of crashing start-up.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from dupviewer.engine.model import (
    DEFAULT_KEEP_RULES,
    DEFAULT_THRESHOLD,
    MAX_THRESHOLD,
    HashAlgorithm,
    KeepRule,
)

MAX_RECENT = 10
# Card thumbnail sizes that View > Larger/Smaller Thumbnails (Ctrl+wheel) step through: the small
# ones fit two cards a row beside the scan panel on a 1024-pixel screen, the big ones let a 4K
# screen judge sharpness without opening the compare window.
THUMBNAIL_SIZES = (96, 128, 160, 192, 256, 320)

# The one place defaults live. Keys are QSettings keys ("group/name").
DEFAULTS: dict[str, object] = {
    "scan/folders": [],
    "scan/protected": [],
    "scan/recent": [],
    "scan/algorithm": HashAlgorithm.PHASH.value,
    "scan/threshold": DEFAULT_THRESHOLD,
    "scan/rotations": True,
    "scan/crops": True,
    "scan/exclusions": [],
    "review/keep_rules": [r.value for r in DEFAULT_KEEP_RULES],
    "review/thumbnail_size": 160,
    "window/geometry": b"",
    "window/state": b"",
    "ui/language": "",  # "" follows the system locale
}


class Settings:
    """Read and write the app's settings with types; unknown or damaged values give defaults."""

    def __init__(self, qsettings: QSettings) -> None:
        self._s = qsettings

    @property
    def qsettings(self) -> QSettings:
        return self._s

    def sync(self) -> None:
        self._s.sync()

    # -- low-level typed access ---------------------------------------------------------------
    def _list(self, key: str) -> list[str]:
        raw = self._s.value(key)
        if raw is None:
            return list(DEFAULTS[key])  # type: ignore[arg-type]
        try:
            value = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            return list(DEFAULTS[key])  # type: ignore[arg-type]
        if not isinstance(value, list):
            return list(DEFAULTS[key])  # type: ignore[arg-type]
        return [str(v) for v in value]

    def _set_list(self, key: str, values: Sequence[str]) -> None:
        self._s.setValue(key, json.dumps([str(v) for v in values], ensure_ascii=False))

    def _int(self, key: str, lo: int, hi: int) -> int:
        raw = self._s.value(key)
        try:
            value = int(raw) if raw is not None else int(DEFAULTS[key])  # type: ignore[arg-type]
        except (TypeError, ValueError):
            value = int(DEFAULTS[key])  # type: ignore[arg-type]
        return min(hi, max(lo, value))

    def _bool(self, key: str) -> bool:
        raw = self._s.value(key)
        if raw is None:
            return bool(DEFAULTS[key])
        if isinstance(raw, str):
            return raw.strip().lower() in ("true", "1", "yes")
        return bool(raw)

    def _bytes(self, key: str) -> QByteArray:
        raw = self._s.value(key)
        return raw if isinstance(raw, QByteArray) else QByteArray()

    # -- folders ------------------------------------------------------------------------------
    @property
    def folders(self) -> list[Path]:
        return [Path(p) for p in self._list("scan/folders")]

    @folders.setter
    def folders(self, paths: Sequence[Path]) -> None:
        self._set_list("scan/folders", [str(p) for p in paths])

    @property
    def protected_folders(self) -> list[Path]:
        return [Path(p) for p in self._list("scan/protected")]

    @protected_folders.setter
    def protected_folders(self, paths: Sequence[Path]) -> None:
        self._set_list("scan/protected", [str(p) for p in paths])

    @property
    def recent_folders(self) -> list[Path]:
        return [Path(p) for p in self._list("scan/recent")][:MAX_RECENT]

    def add_recent_folders(self, paths: Sequence[Path]) -> None:
        """Put `paths` first in the recent list (most recent first, no repeats, bounded)."""
        recent = [str(p) for p in paths]
        recent += [p for p in self._list("scan/recent") if p not in recent]
        self._set_list("scan/recent", recent[:MAX_RECENT])

    def clear_recent_folders(self) -> None:
        self._set_list("scan/recent", [])

    # -- scan options -------------------------------------------------------------------------
    @property
    def algorithm(self) -> HashAlgorithm:
        try:
            return HashAlgorithm(str(self._s.value("scan/algorithm", DEFAULTS["scan/algorithm"])))
        except ValueError:
            return HashAlgorithm(DEFAULTS["scan/algorithm"])

    @algorithm.setter
    def algorithm(self, value: HashAlgorithm) -> None:
        self._s.setValue("scan/algorithm", HashAlgorithm(value).value)

    @property
    def threshold(self) -> int:
        return self._int("scan/threshold", 0, MAX_THRESHOLD)

    @threshold.setter
    def threshold(self, value: int) -> None:
        self._s.setValue("scan/threshold", int(value))

    @property
    def rotations(self) -> bool:
        return self._bool("scan/rotations")

    @rotations.setter
    def rotations(self, value: bool) -> None:
        self._s.setValue("scan/rotations", bool(value))

    @property
    def crops(self) -> bool:
        return self._bool("scan/crops")

    @crops.setter
    def crops(self, value: bool) -> None:
        self._s.setValue("scan/crops", bool(value))

    @property
    def exclusions(self) -> list[str]:
        return self._list("scan/exclusions")

    @exclusions.setter
    def exclusions(self, patterns: Sequence[str]) -> None:
        self._set_list("scan/exclusions", list(patterns))

    # -- review -------------------------------------------------------------------------------
    @property
    def keep_rules(self) -> tuple[KeepRule, ...]:
        """The user's rule order; rules missing from a saved list are appended so none is lost."""
        rules: list[KeepRule] = []
        for raw in self._list("review/keep_rules"):
            try:
                rule = KeepRule(raw)
            except ValueError:
                continue
            if rule not in rules:
                rules.append(rule)
        rules += [r for r in DEFAULT_KEEP_RULES if r not in rules]
        return tuple(rules)

    @keep_rules.setter
    def keep_rules(self, rules: Sequence[KeepRule]) -> None:
        self._set_list("review/keep_rules", [KeepRule(r).value for r in rules])

    @property
    def thumbnail_size(self) -> int:
        return self._int("review/thumbnail_size", THUMBNAIL_SIZES[0], THUMBNAIL_SIZES[-1])

    @thumbnail_size.setter
    def thumbnail_size(self, value: int) -> None:
        self._s.setValue("review/thumbnail_size", int(value))

    # -- window and language ------------------------------------------------------------------
    @property
    def window_geometry(self) -> QByteArray:
        return self._bytes("window/geometry")

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/geometry", QByteArray(value))

    @property
    def window_state(self) -> QByteArray:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._s.setValue("window/state", QByteArray(value))

    @property
    def language(self) -> str:
        """A locale name such as "zh_CN", or "" to follow the system."""
        raw = self._s.value("ui/language", DEFAULTS["ui/language"])
        return str(raw) if raw else ""

    @language.setter
    def language(self, value: str) -> None:
        self._s.setValue("ui/language", value or "")
