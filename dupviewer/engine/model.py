"""The engine's vocabulary: frozen dataclasses and enums shared by every engine module.

Everything the GUI, the CLI and the tests get back from the engine is one of these types.
They hold plain data only (paths, ints, strings): no Qt, no text formatted for humans.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Collection, Iterable
from dataclasses import FrozenInstanceError, dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path


class HashAlgorithm(str, Enum):
    """Perceptual hash used for similarity. All give 64-bit hashes kept as ints."""

    PHASH = "phash"
    DHASH = "dhash"
    AHASH = "ahash"
    WHASH = "whash"


class GroupKind(str, Enum):
    """`exact`: every member is byte-identical to the reference; `similar` otherwise."""

    EXACT = "exact"
    SIMILAR = "similar"


class Stage(str, Enum):
    """Scan stages, in order. The UI maps each to a translated word."""

    DISCOVER = "discover"
    HASH = "hash"
    GROUP = "group"
    DONE = "done"


class ErrorKind(str, Enum):
    """Why one file or folder could not be used. The UI maps each to a translated word."""

    UNREADABLE_FOLDER = "unreadable-folder"
    SYMLINK_LOOP = "symlink-loop"
    VANISHED = "vanished"  # listed, then gone (or changed) before it could be read
    PERMISSION = "permission"  # file exists but cannot be opened
    EMPTY = "empty"  # zero bytes
    NOT_AN_IMAGE = "not-an-image"  # content is not a supported image format
    CORRUPT = "corrupt"  # a supported format, but damaged or truncated
    TOO_LARGE = "too-large"  # beyond the decompression-bomb guard
    DECODER_CRASH = "decoder-crash"  # the worker process died on this file
    OTHER = "other"


class KeepRule(str, Enum):
    """Criteria that pick the copy to keep, applied in the order given (first decides)."""

    REFERENCE_ROOT = "reference"  # inside a protected (reference) root
    HIGHEST_RESOLUTION = "resolution"
    LARGEST_FILE = "size"
    PREFERRED_FORMAT = "format"  # see PREFERRED_FORMATS
    OLDEST_DATE_TAKEN = "date-taken"  # EXIF DateTimeOriginal; files without it sort last
    OLDEST_MTIME = "mtime"
    SHORTEST_PATH = "path"


# After resolution, the copy that still carries its camera date (EXIF) wins over larger re-saves:
# the camera original keeps its metadata and orientation, which converted or edited copies lose.
DEFAULT_KEEP_RULES: tuple[KeepRule, ...] = (
    KeepRule.REFERENCE_ROOT,
    KeepRule.HIGHEST_RESOLUTION,
    KeepRule.OLDEST_DATE_TAKEN,
    KeepRule.LARGEST_FILE,
    KeepRule.PREFERRED_FORMAT,
    KeepRule.OLDEST_MTIME,
    KeepRule.SHORTEST_PATH,
)

# Formats in order of preference for KeepRule.PREFERRED_FORMAT (Pillow format names).
PREFERRED_FORMATS: tuple[str, ...] = ("TIFF", "PNG", "HEIF", "JPEG", "WEBP", "BMP", "GIF")

# A file of this name marks a recovery folder (where removed copies went on a drive without a
# trash, see `removal`): scans skip that folder, so its copies are never proposed for removal
# again (which would make putting them back impossible).
RECOVERY_MARKER = ".dupviewer-recovery"

# File name extensions a scan looks at (lower case, with the dot): the formats the decoder opens.
# Kept here, not in decoding.py, so listing files never imports the decoders (Pillow plugins,
# libheif: ~10 ms, a large share of a rescan answered from the cache).
SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".tif", ".tiff", ".heic", ".heif"}
)

DEFAULT_THRESHOLD = 10
MAX_THRESHOLD = 16  # largest threshold the UI slider offers; a scan confirms pairs up to it once


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """Everything that changes what a scan finds. Defaults are the product's defaults."""

    roots: tuple[Path, ...]
    reference_roots: tuple[Path, ...] = ()  # protected: files here are never proposed for removal
    algorithm: HashAlgorithm = HashAlgorithm.PHASH
    threshold: int = DEFAULT_THRESHOLD  # max Hamming distance (of 64 bits) to the group's reference
    rotations: bool = True  # match copies rotated by 90/180/270 degrees and mirrored
    crops: bool = True  # match copies with up to ~15% cut from each border
    follow_symlinks: bool = False
    exclude: tuple[str, ...] = ()  # user glob patterns, matched against names and relative paths
    default_excludes: bool = True  # hidden folders, .thumbnails, @eaDir, $RECYCLE.BIN, ...
    use_cache: bool = True
    cache_path: Path | None = None  # None: the user's cache folder
    workers: int | None = None  # None: one per core
    keep_rules: tuple[KeepRule, ...] = DEFAULT_KEEP_RULES
    decisions_path: Path | None = None  # "not duplicates" store; None: the app's data folder


@dataclass(frozen=True, slots=True)
class Progress:
    """A throttled progress report (~10 a second). `total` is 0 while unknown."""

    stage: Stage
    done: int
    total: int
    path: str | None = None


@dataclass(frozen=True, slots=True)
class FileError:
    """A file or folder that could not be used; the scan went on without it."""

    path: Path
    kind: ErrorKind
    reason: str  # plain English detail, e.g. "image file is truncated"


class Fingerprint:
    """Perceptual fingerprint of one image.

    `hash` is the 64-bit hash of the upright image (EXIF orientation applied). `variants` are the
    hashes of transformed versions of the same reduced image (rotations, mirror, centred crops),
    in the order of `fingerprint.VARIANT_LABELS`. `blank` marks nearly uniform images, which never
    group by similarity. `detail` is an optional compact descriptor used to confirm candidate pairs.

    Immutable and compared by value like the other model types, but written by hand: the
    variants are kept packed (`packed_variants`, 8 little-endian bytes each: 56 bytes for 7,
    against ~350 for a tuple of 7 Python ints), because a library holds one fingerprint per
    photo and 100,000 of them are ~25 MB smaller this way. `variants` unpacks on demand.
    `derived` holds what is computed from `detail` once for many regroups (`memo`); it is not
    part of the value.
    """

    __slots__ = ("hash", "packed_variants", "blank", "detail", "derived")

    hash: int
    packed_variants: bytes
    blank: bool
    detail: bytes

    def __init__(
        self, hash: int, variants: Iterable[int] = (), blank: bool = False, detail: bytes = b""
    ) -> None:
        values = tuple(variants)
        self._fill(hash, struct.pack(f"<{len(values)}Q", *values), blank, detail)

    @classmethod
    def from_packed(
        cls, hash: int, packed_variants: bytes, blank: bool = False, detail: bytes = b""
    ) -> Fingerprint:
        """A fingerprint from variants already packed (the cache stores them that way)."""
        if len(packed_variants) % 8:
            raise ValueError("packed variants must be a multiple of 8 bytes")
        fp = cls.__new__(cls)
        fp._fill(hash, bytes(packed_variants), blank, detail)
        return fp

    def _fill(self, hash: int, packed_variants: bytes, blank: bool, detail: bytes) -> None:
        init = object.__setattr__  # past the frozen __setattr__, once
        init(self, "hash", hash)
        init(self, "packed_variants", packed_variants)
        init(self, "blank", blank)
        init(self, "detail", detail)
        init(self, "derived", None)

    def memo(self, key: object, compute: Callable[[], object]) -> object:
        """`compute()`, once per key: a value derived from this fingerprint (and, if the key
        names one, another's) that a regroup asks again for every member (`caution.mostly_flat`,
        `grouping.crop_label`). The one write a frozen fingerprint allows: it changes nothing the
        fingerprint is."""
        held = self.derived
        if held is None:
            held = {}
            object.__setattr__(self, "derived", held)
        if key not in held:
            held[key] = compute()
        return held[key]

    @property
    def variants(self) -> tuple[int, ...]:
        return struct.unpack(f"<{len(self.packed_variants) // 8}Q", self.packed_variants)

    def _key(self) -> tuple[int, bytes, bool, bytes]:
        return (self.hash, self.packed_variants, self.blank, self.detail)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:  # pickles across worker processes
        return (Fingerprint.from_packed, self._key())

    def __repr__(self) -> str:
        return (
            f"Fingerprint(hash={self.hash!r}, variants={self.variants!r}, "
            f"blank={self.blank!r}, detail=<{len(self.detail)} bytes>)"
        )


FIRST_PHOTOGRAPH_YEAR = 1826


def plausible_date_taken(taken: datetime | None) -> datetime | None:
    """An EXIF date taken, or None for a placeholder: "0001:01:01" and the like predate the
    first photograph, and as the "oldest date taken" such a copy would be kept over the camera
    original (a dated scan of an 1890 print keeps its date)."""
    return taken if taken is not None and taken.year >= FIRST_PHOTOGRAPH_YEAR else None


@dataclass(frozen=True, slots=True)
class Photo:
    """One physical image file as seen by the scan."""

    path: Path  # absolute
    size: int
    mtime_ns: int
    dev: int
    inode: int
    width: int
    height: int
    format: str  # Pillow format name: JPEG, PNG, WEBP, GIF, BMP, TIFF, HEIF
    fingerprint: Fingerprint
    digest: str  # blake2b hex of the bytes; equal digests = byte-identical
    date_taken: datetime | None = None  # EXIF DateTimeOriginal
    camera: str | None = None  # EXIF Make + Model
    aliases: tuple[Path, ...] = ()  # other paths (hard links, overlapping roots) to the same file
    in_reference_root: bool = False
    # Frames of an animation or pages of a TIFF. Only the first is compared, so the others may
    # exist nowhere else: such a file is only ever replaced by a byte-identical copy (see
    # `Group.irreplaceable`).
    frames: int = 1

    @property
    def pixels(self) -> int:
        return self.width * self.height


@dataclass(frozen=True, slots=True)
class Member:
    """A photo inside a group. `distance` is to the group's reference (0 for the reference)."""

    photo: Photo
    distance: int
    # How it matches the reference: "reference", "identical bytes", "similar", "rotated 90", ...
    match: str
    # Proposed to keep: the reference, anything under a protected root, and a look-alike never
    # proposed for removal (`caution.needs_a_look`: a crop, another shape, a mostly flat picture).
    keep: bool

    @property
    def path(self) -> Path:
        return self.photo.path

    @property
    def matched_as_crop(self) -> bool:
        """True when this member matches the reference only as a crop of it, or it as a crop.
        One of the two shows what the other lacks, so such a copy is never proposed for removal
        (`caution`): the user marks it by hand after looking."""
        return is_crop_match(self.match)


# Match labels of a member next to its group's reference that are not variants (those are
# `fingerprint.VARIANT_LABELS`: "rotated 90", "mirrored", "cropped", ...).
REFERENCE = "reference"
IDENTICAL = "identical bytes"
SIMILAR = "similar"
# The photo Find Copies looked up (its group's first member): the photo the user asked about,
# not a copy the keep rules chose, so it is not called "Reference"; upright like one.
LOOKED_UP = "looked up"


def is_crop_match(match: str) -> bool:
    """Whether a match label ("cropped", "mirrored + uncropped", ...) involves a crop."""
    return match.endswith("cropped")


@dataclass(frozen=True, slots=True)
class Group:
    """Photos that are copies of one reference photo. `members[0]` is the reference (keeper)."""

    kind: GroupKind
    members: tuple[Member, ...]

    @property
    def reference(self) -> Member:
        return self.members[0]

    @property
    def reclaimable(self) -> int:
        """Bytes freed by removing every member not proposed to keep."""
        return sum(m.photo.size for m in self.members if not m.keep)

    def irreplaceable(self, member: Member, gone: Collection[Path] = ()) -> bool:
        """True for a photo of several frames or pages in a group of look-alikes when no other
        copy of its bytes stays (none outside `gone`, the paths going or marked): only the first
        frame was compared, so the others may exist nowhere else. Such a photo is never proposed
        for removal, marked or removed. (In a group of byte-identical files any copy may go.)"""
        if member.photo.frames <= 1 or self.kind is GroupKind.EXACT:
            return False
        return not any(
            other is not member
            and other.photo.digest == member.photo.digest
            and other.path not in gone
            for other in self.members
        )


@dataclass(frozen=True, slots=True)
class ScanStats:
    files_seen: int = 0
    hashed: int = 0
    from_cache: int = 0
    failed: int = 0
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What a scan returns. `photos` keeps every fingerprint so the result can be regrouped
    at another threshold without touching the disk (`scanner.regroup`)."""

    options: ScanOptions
    groups: tuple[Group, ...]
    errors: tuple[FileError, ...]
    stats: ScanStats
    photos: tuple[Photo, ...] = ()
    complete: bool = True  # False when cancelled: groups cover only what was hashed
    warnings: tuple[str, ...] = field(default=())  # e.g. "cache was corrupt, rebuilt"
    # Every confirmed match up to `pairs_threshold` (a `matching.Matches` over `photos`), so that
    # `scanner.regroup` at a threshold up to it is a filter, not a new search. None: not kept.
    pairs: object | None = None
    pairs_threshold: int = -1
