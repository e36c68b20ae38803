"""Everything the scan needs to know about one file, computed in a worker process.

The file is read once: the same bytes feed the content digest (exact duplicates) and the decoder,
so a photo is never read twice and the digest always describes the pixels that were hashed. A file
that changes while it is read (size or mtime differ before and after) is reported as vanished
rather than analysed half-old, half-new.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dupviewer.engine.model import ErrorKind, Fingerprint, HashAlgorithm, Photo


@dataclass(frozen=True, slots=True)
class Analysis:
    """What one file is: plain picklable values, easy to store in the cache."""

    size: int
    mtime_ns: int
    width: int  # full size, as displayed (EXIF orientation applied)
    height: int
    format: str  # Pillow format name
    date_taken: datetime | None
    camera: str | None
    fingerprint: Fingerprint
    digest: str  # blake2b hex of the file's bytes
    frames: int = 1  # animation frames or TIFF pages (see `Photo.frames`)

    def photo(
        self,
        path: Path,
        dev: int,
        inode: int,
        *,
        aliases: tuple[Path, ...] = (),
        in_reference_root: bool = False,
    ) -> Photo:
        """The `Photo` this analysis describes, at `path` (the one place Photos are built)."""
        return Photo(
            path=path,
            size=self.size,
            mtime_ns=self.mtime_ns,
            dev=dev,
            inode=inode,
            width=self.width,
            height=self.height,
            format=self.format,
            fingerprint=self.fingerprint,
            digest=self.digest,
            date_taken=self.date_taken,
            camera=self.camera,
            frames=self.frames,
            aliases=aliases,
            in_reference_root=in_reference_root,
        )


class AnalysisError(Exception):
    """One file could not be analysed. Picklable, so it crosses the process boundary intact."""

    def __init__(self, kind: ErrorKind, reason: str) -> None:
        super().__init__(kind, reason)
        self.kind = kind
        self.reason = reason

    def __reduce__(self):  # noqa: ANN204 - rebuild from (kind, reason) on the other side
        return (AnalysisError, (self.kind, self.reason))

    def __str__(self) -> str:
        return self.reason


def content_digest(data: bytes) -> str:
    """The digest used to recognise byte-identical files."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def analyse_file(path: Path, algorithm: HashAlgorithm = HashAlgorithm.PHASH) -> Analysis:
    """Stat, read, digest, decode and fingerprint one file.

    Raises:
        AnalysisError: the file vanished or changed, cannot be read, is empty, or is not a
            decodable image; `reason` is plain English.
    """
    try:
        before = os.stat(path)
        with open(path, "rb") as fh:
            data = fh.read()
            after = os.fstat(fh.fileno())
    except FileNotFoundError:
        raise AnalysisError(
            ErrorKind.VANISHED, "file disappeared before it could be read"
        ) from None
    except PermissionError:
        raise AnalysisError(ErrorKind.PERMISSION, "permission denied") from None
    except IsADirectoryError:
        raise AnalysisError(ErrorKind.OTHER, "is a folder, not a file") from None
    except OSError as exc:
        raise AnalysisError(ErrorKind.OTHER, f"could not be read ({exc.strerror or exc})") from None
    if (before.st_size, before.st_mtime_ns) != (len(data), after.st_mtime_ns) or (
        after.st_size != len(data)
    ):
        raise AnalysisError(ErrorKind.VANISHED, "file changed while it was being read")
    if not data:
        raise AnalysisError(ErrorKind.EMPTY, "empty file")
    # Imported here, not at the top: the cache builds `Analysis` records too, and a rescan
    # answered from it must not pay for loading the decoders (Pillow plugins, libheif, ~10 ms).
    from dupviewer.engine.decoding import DecodeError, decode_reduced
    from dupviewer.engine.fingerprint import fingerprint_image

    try:
        decoded = decode_reduced(data, path.name)
    except DecodeError as exc:
        raise AnalysisError(exc.kind, exc.reason) from None
    try:
        fingerprint = fingerprint_image(decoded.image, algorithm)
    except (ValueError, MemoryError, OSError) as exc:  # defensive: hashing a decoded image
        raise AnalysisError(ErrorKind.OTHER, f"could not be hashed ({exc})") from None
    return Analysis(
        size=len(data),
        mtime_ns=before.st_mtime_ns,
        width=decoded.width,
        height=decoded.height,
        format=decoded.format,
        date_taken=decoded.date_taken,
        camera=decoded.camera,
        fingerprint=fingerprint,
        digest=content_digest(data),
        frames=decoded.frames,
    )
