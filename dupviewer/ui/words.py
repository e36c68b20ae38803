"""Translated words for what the engine reports as data (stages, error kinds, match labels) and
locale-aware number formatting.

The engine never formats text for humans; this module is where its enums become words. Every
function translates when called (never at import time), so a translator installed at start-up
applies everywhere.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from dupviewer.engine.model import LOOKED_UP, ErrorKind, HashAlgorithm, KeepRule, Stage
from dupviewer.engine.removal import Reason


def stage_word(stage: Stage) -> str:
    """The word shown above the progress bar for a scan stage."""
    words = {
        Stage.DISCOVER: QCoreApplication.translate("words", "Finding photos"),
        Stage.HASH: QCoreApplication.translate("words", "Analysing photos"),
        Stage.GROUP: QCoreApplication.translate("words", "Grouping look-alikes"),
        Stage.DONE: QCoreApplication.translate("words", "Done"),
    }
    return words.get(Stage(stage), QCoreApplication.translate("words", "Working"))


def error_kind_word(kind: ErrorKind) -> str:
    """A short translated name for why a file could not be used."""
    words = {
        ErrorKind.UNREADABLE_FOLDER: QCoreApplication.translate("words", "Folder not readable"),
        ErrorKind.SYMLINK_LOOP: QCoreApplication.translate("words", "Link loop"),
        ErrorKind.VANISHED: QCoreApplication.translate("words", "Changed or gone during scan"),
        ErrorKind.PERMISSION: QCoreApplication.translate("words", "Permission denied"),
        ErrorKind.EMPTY: QCoreApplication.translate("words", "Empty file"),
        ErrorKind.NOT_AN_IMAGE: QCoreApplication.translate("words", "Not an image"),
        ErrorKind.CORRUPT: QCoreApplication.translate("words", "Damaged image"),
        ErrorKind.TOO_LARGE: QCoreApplication.translate("words", "Image too large"),
        ErrorKind.DECODER_CRASH: QCoreApplication.translate("words", "Decoder crashed"),
        ErrorKind.OTHER: QCoreApplication.translate("words", "Other problem"),
    }
    try:
        return words[ErrorKind(kind)]
    except ValueError:
        return words[ErrorKind.OTHER]


# Patterns of the engine's per-file reasons that carry a value (`decoding._not_an_image_reason`,
# `decoding._decode`, `decoding._plain_reason`).
_NOT_FORMAT = re.compile(r"not an image \(the content is not (\w+) or any supported format\)")
_CUT_SHORT = re.compile(r"image is damaged or cut short \(it starts like a (\w+) file\)")
_TOO_MANY_PIXELS = re.compile(r"image is too large \((\d+) x (\d+) pixels, (\d+) MP\)")
_TOO_BIG_FILE = re.compile(r"file is too large to read \((.+); the limit is (.+)\)")
_DAMAGED = re.compile(r"image is damaged \((.*)\)", re.DOTALL)
_COULD_NOT_READ = re.compile(r"could not be read \((.*)\)", re.DOTALL)


# The engine's fixed per-file reasons (`decoding`, `analyse`, `discovery`, `lookup`, `pool`). In
# English the Problems panel says exactly what `dupviewer-cli` says.
_ENGINE_PHRASES = frozenset(
    (
        QT_TRANSLATE_NOOP("words", "empty file"),
        QT_TRANSLATE_NOOP("words", "not an image"),
        QT_TRANSLATE_NOOP("words", "image file is truncated"),
        QT_TRANSLATE_NOOP("words", "image data is damaged"),
        QT_TRANSLATE_NOOP("words", "image header is invalid"),
        QT_TRANSLATE_NOOP("words", "image has no pixels"),
        QT_TRANSLATE_NOOP("words", "image is too large to decode safely"),
        QT_TRANSLATE_NOOP("words", "not enough memory to decode the image"),
        QT_TRANSLATE_NOOP("words", "not enough memory"),
        QT_TRANSLATE_NOOP("words", "the image decoder crashed on this file"),
        QT_TRANSLATE_NOOP("words", "permission denied"),
        QT_TRANSLATE_NOOP("words", "no such file"),
        QT_TRANSLATE_NOOP("words", "no such file or folder"),
        QT_TRANSLATE_NOOP("words", "no such file or directory"),
        QT_TRANSLATE_NOOP("words", "file disappeared before it could be read"),
        QT_TRANSLATE_NOOP("words", "file disappeared during the scan"),
        QT_TRANSLATE_NOOP("words", "folder disappeared during the scan"),
        QT_TRANSLATE_NOOP("words", "file changed while it was being read"),
        QT_TRANSLATE_NOOP("words", "is a folder, not a file"),
        QT_TRANSLATE_NOOP("words", "is a folder, not an image file"),
        QT_TRANSLATE_NOOP("words", "broken symbolic link"),
        QT_TRANSLATE_NOOP("words", "symbolic link loop"),
        QT_TRANSLATE_NOOP("words", "link points to a folder that contains it; not followed"),
        QT_TRANSLATE_NOOP("words", "cancelled before it was read"),
        QT_TRANSLATE_NOOP(
            "words", "dupviewer's recovery folder (removed copies to put back): not scanned"
        ),
        QT_TRANSLATE_NOOP(
            "words",
            "inside dupviewer's recovery folder (removed copies to put back): not scanned; "
            "put the files back first",
        ),
        QT_TRANSLATE_NOOP(
            "words",
            "a trash folder or inside one: not scanned, so a copy in the trash is never kept in "
            "place of a live photo; restore the files first",
        ),
        QT_TRANSLATE_NOOP("words", "not a regular file (named pipe): not scanned"),
        QT_TRANSLATE_NOOP("words", "not a regular file (socket): not scanned"),
        QT_TRANSLATE_NOOP("words", "not a regular file (character device): not scanned"),
        QT_TRANSLATE_NOOP("words", "not a regular file (block device): not scanned"),
        QT_TRANSLATE_NOOP("words", "not a regular file (special file): not scanned"),
    )
)


def detail_text(reason: str) -> str:
    """The engine's plain-English reason for one file, translated where it is one of its own
    phrases; a decoder's or the system's message inside it is kept as it is (it may name the
    fault precisely, and it is what a search engine knows)."""
    text = (reason or "").strip()
    if text in _ENGINE_PHRASES:
        return QCoreApplication.translate("words", text)
    if m := _NOT_FORMAT.fullmatch(text):
        return QCoreApplication.translate(
            "words", "not an image (the content is not %1 or any supported format)"
        ).replace("%1", m.group(1))
    if m := _CUT_SHORT.fullmatch(text):
        return QCoreApplication.translate(
            "words", "image is damaged or cut short (it starts like a %1 file)"
        ).replace("%1", m.group(1))
    if m := _TOO_MANY_PIXELS.fullmatch(text):
        return (
            QCoreApplication.translate("words", "image is too large (%1 x %2 pixels, %3 MP)")
            .replace("%1", m.group(1))
            .replace("%2", m.group(2))
            .replace("%3", m.group(3))
        )
    if m := _TOO_BIG_FILE.fullmatch(text):
        return (
            QCoreApplication.translate("words", "file is too large to read (%1; the limit is %2)")
            .replace("%1", m.group(1))
            .replace("%2", m.group(2))
        )
    if m := _DAMAGED.fullmatch(text):
        return QCoreApplication.translate("words", "image is damaged (%1)").replace(
            "%1", m.group(1)
        )
    if m := _COULD_NOT_READ.fullmatch(text):
        return QCoreApplication.translate("words", "could not be read (%1)").replace(
            "%1", detail_text(m.group(1))
        )
    return text


def reason_word(reason: Reason | None) -> str:
    """Why a marked photo was not moved to the trash, as a short translated sentence."""
    words = {
        Reason.NOT_IN_GROUP: QCoreApplication.translate("words", "Not in any group"),
        Reason.PROTECTED: QCoreApplication.translate("words", "In a protected folder"),
        Reason.MORE_FRAMES: QCoreApplication.translate(
            "words", "Has frames or pages no other copy holds"
        ),
        Reason.LAST_COPY: QCoreApplication.translate("words", "Last copy of its group: kept"),
        Reason.KEEPER_MISSING: QCoreApplication.translate("words", "The kept copy is missing"),
        Reason.KEEPER_CHANGED: QCoreApplication.translate(
            "words", "The kept copy changed since the scan"
        ),
        Reason.KEEPER_REMOVED: QCoreApplication.translate(
            "words", "The kept copy is in the trash or a recovery folder"
        ),
        Reason.VANISHED: QCoreApplication.translate("words", "File no longer there"),
        Reason.CHANGED: QCoreApplication.translate("words", "File changed since the scan"),
        Reason.CONTENT_CHANGED: QCoreApplication.translate(
            "words", "File content changed since the scan"
        ),
        Reason.NO_DIGEST: QCoreApplication.translate("words", "Cannot verify the file's content"),
        Reason.NOT_A_FILE: QCoreApplication.translate("words", "No longer a regular file"),
        Reason.UNREADABLE: QCoreApplication.translate("words", "File not readable"),
        Reason.SAME_FILE: QCoreApplication.translate("words", "Same file as the kept copy"),
        Reason.NO_TRASH: QCoreApplication.translate("words", "No trash on this drive"),
        Reason.NOT_CONFIRMED: QCoreApplication.translate(
            "words", "Permanent deletion not confirmed"
        ),
        Reason.RECOVERY_UNUSABLE: QCoreApplication.translate("words", "Recovery folder not usable"),
        Reason.JOURNAL_UNAVAILABLE: QCoreApplication.translate(
            "words", "Removal log cannot be written"
        ),
        Reason.CANCELLED: QCoreApplication.translate("words", "Cancelled"),
        Reason.TRASH_ERROR: QCoreApplication.translate("words", "The trash reported an error"),
        Reason.STILL_PRESENT: QCoreApplication.translate(
            "words", "The trash did not move the file"
        ),
        Reason.MOVE_ERROR: QCoreApplication.translate("words", "Could not move the file"),
    }
    if reason is None:
        return QCoreApplication.translate("words", "Not moved")
    try:
        return words[Reason(reason)]
    except ValueError:
        return QCoreApplication.translate("words", "Not moved")


_ROTATED = re.compile(r"rotated\s*(\d+)")


def match_word(match: str) -> str:
    """How a member matches its group's reference, in words ("rotated 90" -> "Rotated 90°").

    The engine's labels are plain English tokens (`fingerprint.VARIANT_LABELS` plus "reference",
    "identical bytes" and "similar"); unknown labels fall back to a translated "Similar" rather
    than showing the raw label.
    """
    label = (match or "").strip().lower()
    fixed = {
        "reference": QCoreApplication.translate("words", "Kept copy"),
        LOOKED_UP: QCoreApplication.translate("words", "Photo looked up"),
        "identical bytes": QCoreApplication.translate("words", "Exact copy"),
        "identical": QCoreApplication.translate("words", "Exact copy"),
        "similar": QCoreApplication.translate("words", "Similar"),
        "upright": QCoreApplication.translate("words", "Similar"),
        "mirrored": QCoreApplication.translate("words", "Mirrored"),
        "flipped": QCoreApplication.translate("words", "Flipped"),
        "cropped": QCoreApplication.translate("words", "Cropped"),
        "crop": QCoreApplication.translate("words", "Cropped"),
        "uncropped": QCoreApplication.translate("words", "Uncropped"),
    }
    if label in fixed:
        return fixed[label]
    parts: list[str] = []
    if "mirror" in label or "flip" in label or "transpose" in label:
        parts.append(QCoreApplication.translate("words", "Mirrored"))
    if m := _ROTATED.search(label):
        parts.append(QCoreApplication.translate("words", "Rotated %1°").replace("%1", m.group(1)))
    if "uncrop" in label:  # the reference is a crop of this one
        parts.append(QCoreApplication.translate("words", "Uncropped"))
    elif "crop" in label:
        parts.append(QCoreApplication.translate("words", "Cropped"))
    if parts:
        return QCoreApplication.translate("words", ", ").join(parts)
    return fixed["similar"]


def algorithm_word(algorithm: HashAlgorithm) -> str:
    """Name of a perceptual hash as offered in the options."""
    words = {
        HashAlgorithm.PHASH: QCoreApplication.translate("words", "Perceptual hash (pHash, best)"),
        HashAlgorithm.DHASH: QCoreApplication.translate("words", "Difference hash (dHash)"),
        HashAlgorithm.AHASH: QCoreApplication.translate("words", "Average hash (aHash, fastest)"),
        HashAlgorithm.WHASH: QCoreApplication.translate("words", "Wavelet hash (wHash)"),
    }
    return words[HashAlgorithm(algorithm)]


def keep_rule_word(rule: KeepRule) -> str:
    """Name of a keep rule as listed in the auto-select order."""
    words = {
        KeepRule.REFERENCE_ROOT: QCoreApplication.translate("words", "In a protected folder"),
        KeepRule.HIGHEST_RESOLUTION: QCoreApplication.translate("words", "Highest resolution"),
        KeepRule.LARGEST_FILE: QCoreApplication.translate("words", "Largest file"),
        KeepRule.PREFERRED_FORMAT: QCoreApplication.translate("words", "Preferred format"),
        KeepRule.OLDEST_DATE_TAKEN: QCoreApplication.translate("words", "Oldest date taken"),
        KeepRule.OLDEST_MTIME: QCoreApplication.translate("words", "Oldest modification time"),
        KeepRule.SHORTEST_PATH: QCoreApplication.translate("words", "Shortest path"),
    }
    return words[KeepRule(rule)]


def size_text(n_bytes: int) -> str:
    """A file size in the user's locale ("12.4 MB"). Below 1 kB the unit is our own word: Qt
    says "byte" in Traditional Chinese (QA: "0 byte" in a zh_TW status bar)."""
    n = int(n_bytes)
    if abs(n) < 1000:
        return QCoreApplication.translate("words", "%1 bytes").replace("%1", number_text(n))
    return QLocale().formattedDataSize(n, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


_FULL_STOPS = tuple("。！？：；")  # a sentence ending in one of these takes no space after it


def sentences(*parts: str) -> str:
    """Sentences one after another, as the language writes them: a space after "." but none
    after a Chinese "。" (QA: "扫描完成。 1 个文件…"). Empty parts are left out."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not out.endswith(_FULL_STOPS):
            out += " "
        out += part
    return out


def number_text(n: int | float, decimals: int = 0) -> str:
    """A number with the locale's digit grouping and decimal mark."""
    if decimals:
        return QLocale().toString(float(n), "f", decimals)
    return QLocale().toString(int(n))


def duration_text(seconds: float) -> str:
    """A rough remaining time ("about 3 min", "12 s") for the progress view."""
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return QCoreApplication.translate("words", "%1 s").replace("%1", number_text(seconds))
    minutes = (seconds + 30) // 60
    if minutes < 60:
        return QCoreApplication.translate("words", "%1 min").replace("%1", number_text(minutes))
    hours, minutes = divmod(minutes, 60)
    return (
        QCoreApplication.translate("words", "%1 h %2 min")
        .replace("%1", number_text(hours))
        .replace("%2", number_text(minutes))
    )


def folder_texts(folders: Sequence[Path]) -> list[str]:
    """How to name each of `folders` (the folders of one group's photos) so that they can be
    told apart in a narrow space: without the part they all share, after "…/". Two copies in
    ".../Phone backup 2016/DCIM/Camera" and ".../Backup/phone_backup_2016/DCIM/Camera" elided
    in the middle looked the same; their distinct parts do not. A folder that is the shared part
    itself, or a group in one folder, keeps its whole path (the tooltip has it anyway)."""
    distinct = set(folders)
    if len(distinct) < 2:
        return [str(f) for f in folders]
    try:
        shared = Path(os.path.commonpath([str(f) for f in distinct]))
    except ValueError:  # different drives (Windows): nothing is shared
        return [str(f) for f in folders]
    if shared == Path(shared.anchor):  # only the root (or drive) is shared: nothing to drop
        return [str(f) for f in folders]
    return [str(f) if f == shared else f"…{os.sep}{f.relative_to(shared)}" for f in folders]


def short_name(name: str, limit: int = 40) -> str:
    """`name` for a sentence: a file name longer than `limit` characters keeps its start and
    its end (the extension) around an ellipsis, so a message that names it cannot make its
    label, and the window, wider than the screen (a name is one unbreakable word)."""
    if len(name) <= limit:
        return name
    tail = (limit - 1) // 2
    return name[: limit - 1 - tail] + "…" + name[len(name) - tail :]
