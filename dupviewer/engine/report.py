"""Export a scan result as JSON or CSV, in the documented schema.

JSON (`result_to_dict`, `write_json`)::

    {
      "schema": 1,
      "complete": true,                 # false: the scan was cancelled, groups are partial
      "options": {"roots": [...], "reference_roots": [...], "hash": "phash", "threshold": 10,
                  "rotations": true, "crops": true},
      "groups": [                       # by reclaimable bytes, then reference path
        {"number": 1, "kind": "exact" | "similar", "reclaimable": <bytes>,
         "members": [                   # members[0] is the reference (distances are to it)
           {"path": "/abs/path.jpg", "distance": 0, "keep": true, "marked": false,
            "match": "reference",
            "protected": false,         # under a reference root: never proposed for removal
            "size": <bytes>, "width": 320, "height": 240, "format": "JPEG", "frames": 1,
            "mtime": "2024-05-01T10:00:00+00:00", "mtime_ns": <int>,
            "date_taken": "2023-07-14T18:02:11" | null, "camera": "Canon EOS R6" | null,
            "digest": "<blake2b hex>", "aliases": ["/other/hard/link.jpg"],
            "closer_look": "same" | "differs" | "unreadable" | "stopped" | null}]}],
      "errors": [{"path": "/abs/bad.jpg", "kind": "corrupt", "reason": "image file is truncated"}],
      "stats": {"files_seen": 12, "hashed": 12, "from_cache": 0, "failed": 3, "seconds": 1.2},
      "warnings": ["..."]
    }

`keep` is true for the copy to keep (the scan proposes the reference; an export from the app says
the copy the user chose), for protected copies and, from a scan, for the look-alikes never proposed
for removal (`caution.needs_a_look`: crops, other shapes, turned or mirrored copies, mostly flat
pictures); `marked` is true for the copies the user marked for the trash in the app (always false
from `dupviewer-cli scan`).
`closer_look` is what the closer look before a removal (`finecheck`: both files read again and
compared larger) said of a look-alike proposed for removal: "same" (still proposed), "differs"
(other fine detail: a page of one form with another name, ...), "unreadable" (could not be
read again) or "stopped" (a Ctrl-C came first: not looked at); those three are `keep` true.
It is null where no look was taken: the reference, byte-identical copies, the look-alikes kept
anyway, and an export from the app (whose own look unmarks what differs). `frames` counts
the frames of an animation or the pages of a TIFF (1 for a still photo): only the first is
compared, so in a group of look-alikes such a file is always kept. CSV has the same columns,
`marked`, `frames` and `closer_look` last.

Paths are absolute. `mtime` is UTC; `date_taken` is the camera's local time as EXIF records it
(no time zone).

File names that are not valid UTF-8 (possible on Linux) must survive a round trip. Paths are
turned into text with `os.fsdecode`, which maps each undecodable byte to a lone surrogate
(U+DC80..U+DCFF, Python's "surrogateescape"). JSON text stays valid UTF-8: other characters are
written as they are, and only those lone surrogates are written as `\\udcXX` escapes. Reading the
file back with Python's `json` and applying `os.fsencode` to a path gives the original bytes.
CSV is written with the "surrogateescape" error handler, so a cell holds the file name's exact
original bytes (read it back with `errors="surrogateescape"`).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from dupviewer.engine.model import FileError, Member, ScanResult, ScanStats

SCHEMA_VERSION = 1

CSV_COLUMNS = (
    "group",
    "kind",
    "path",
    "distance",
    "keep",
    "match",
    "protected",
    "size",
    "width",
    "height",
    "format",
    "mtime",
    "date_taken",
    "camera",
    "digest",
    "aliases",
    "marked",
    "frames",
    "closer_look",
)

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def human_size(n: int) -> str:
    """Bytes as a short decimal size, the way file managers show them ("2.4 MB"): for the
    command line and the engine's plain-English reasons."""
    size = float(n)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{n} B"


def _path(p: Path | str) -> str:
    return os.fsdecode(os.path.abspath(p))


def _mtime(mtime_ns: int) -> str:
    return datetime.fromtimestamp(mtime_ns / 1e9, tz=timezone.utc).isoformat(timespec="seconds")


def _member(
    member: Member, marked: Collection[Path], looked: Mapping[Path, str] | None = None
) -> dict[str, Any]:
    photo = member.photo
    return {
        "path": _path(photo.path),
        "distance": member.distance,
        "keep": member.keep,
        "marked": photo.path in marked,
        "match": member.match,
        "protected": photo.in_reference_root,
        "size": photo.size,
        "width": photo.width,
        "height": photo.height,
        "format": photo.format,
        "frames": photo.frames,
        "mtime": _mtime(photo.mtime_ns),
        "mtime_ns": photo.mtime_ns,
        "date_taken": photo.date_taken.isoformat() if photo.date_taken else None,
        "camera": photo.camera,
        "digest": photo.digest,
        "aliases": [_path(a) for a in photo.aliases],
        "closer_look": (looked or {}).get(photo.path),
    }


def result_to_dict(
    result: ScanResult,
    marked: Collection[Path] = frozenset(),
    looked: Mapping[Path, str] | None = None,
) -> dict[str, Any]:
    """The result as plain JSON-ready data, in the schema of this module's docstring; `marked`:
    the paths the user marked for the trash; `looked`: the closer look's word on each
    look-alike it compared ("same", "differs", "unreadable")."""
    options = result.options
    return {
        "schema": SCHEMA_VERSION,
        "complete": result.complete,
        "options": {
            "roots": [_path(r) for r in options.roots],
            "reference_roots": [_path(r) for r in options.reference_roots],
            "hash": options.algorithm.value,
            "threshold": options.threshold,
            "rotations": options.rotations,
            "crops": options.crops,
        },
        "groups": [
            {
                "number": number,
                "kind": group.kind.value,
                "reclaimable": group.reclaimable,
                "members": [_member(m, marked, looked) for m in group.members],
            }
            for number, group in enumerate(result.groups, start=1)
        ],
        "errors": errors_to_list(result.errors),
        "stats": stats_to_dict(result.stats),
        "warnings": list(result.warnings),
    }


def errors_to_list(errors: Iterable[FileError]) -> list[dict[str, str]]:
    """The `errors` array of every JSON report (scan, dedupe, find)."""
    return [{"path": _path(e.path), "kind": e.kind.value, "reason": e.reason} for e in errors]


def stats_to_dict(stats: ScanStats) -> dict[str, Any]:
    """The `stats` object of every JSON report."""
    return {
        "files_seen": stats.files_seen,
        "hashed": stats.hashed,
        "from_cache": stats.from_cache,
        "failed": stats.failed,
        "seconds": round(stats.seconds, 3),
    }


def json_text(data: dict[str, Any]) -> str:
    """JSON text; lone surrogates (undecodable file-name bytes) become `\\udcXX` escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def write_json_text(text: str, destination: Path | str) -> None:
    """Write JSON text to a file, or to standard output when `destination` is "-"."""
    _write_bytes(text.encode("utf-8"), destination)


def _write_bytes(data: bytes, destination: Path | str) -> None:
    """A report's bytes to a file, or to standard output when `destination` is "-"."""
    if os.fspath(destination) == "-":
        out = getattr(sys.stdout, "buffer", None)
        if out is None:  # a replaced stdout (tests, embedding): text only
            sys.stdout.write(data.decode("utf-8", "surrogateescape"))
        else:
            sys.stdout.flush()
            out.write(data)
            out.flush()
        return
    Path(destination).write_bytes(data)


def to_json(
    result: ScanResult,
    marked: Collection[Path] = frozenset(),
    looked: Mapping[Path, str] | None = None,
) -> str:
    """The scan report as JSON text."""
    return json_text(result_to_dict(result, marked, looked))


def write_json(
    result: ScanResult,
    destination: Path | str,
    marked: Collection[Path] = frozenset(),
    looked: Mapping[Path, str] | None = None,
) -> None:
    """Write the JSON report to a file, or to standard output when `destination` is "-"."""
    write_json_text(to_json(result, marked, looked), destination)


def write_csv(
    result: ScanResult,
    destination: Path | str,
    marked: Collection[Path] = frozenset(),
    looked: Mapping[Path, str] | None = None,
) -> None:
    """One row per group member, with its group number; aliases joined by the path separator.
    To a file, or to standard output when `destination` is "-". Names that are not UTF-8 stay
    the bytes they are."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(CSV_COLUMNS)
    for number, group in enumerate(result.groups, start=1):
        for member in group.members:
            d = _member(member, marked, looked)
            d["aliases"] = os.pathsep.join(d["aliases"])
            writer.writerow([number, group.kind.value, *(_cell(d[c]) for c in CSV_COLUMNS[2:])])
    _write_bytes(text.getvalue().encode("utf-8", "surrogateescape"), destination)


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
