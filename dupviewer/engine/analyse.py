"""Everything the scan needs to know about one file, computed in a worker process.

The file is read once: the same bytes feed the content digest (exact duplicates) and the decoder,
so a photo is never read twice and the digest always describes the pixels that were hashed. A file
that changes while it is read (size or mtime differ before and after) is reported as vanished
rather than analysed half-old, half-new.

Only regular files are opened, and never in a way that can block (a named pipe) or read without
end (a link to /dev/zero). A big file is read whole only when its first bytes are an image format's
(a 20 GB video named .jpg is refused after 16 bytes), and never beyond `MAX_FILE_BYTES`.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dupviewer.engine.discovery import not_a_file_error
from dupviewer.engine.model import ErrorKind, Fingerprint, HashAlgorithm, Photo
from dupviewer.engine.report import human_size

# Above this size, a file's first bytes must be an image format's before it is read whole: below,
# reading it costs a few milliseconds anyway, and the decoder says "not an image" in the same words.
CHECK_HEADER_ABOVE = 64 * 1024 * 1024

# The most one file may hold: it is read whole into one worker's memory (one worker per core).
# Every image the decoder accepts fits: the largest is 150 MP at 16-bit RGBA, uncompressed, about
# 1.2 GB (see decoding.MAX_PIXELS; a 300 MP JPEG stays well below 1 GB). The rest leaves room for
# layers, previews and metadata; beyond it a file is a video, a disk image or an archive of pages.
MAX_FILE_BYTES = 2_000_000_000

# Opening never blocks (a named pipe swapped in after the stat) and never becomes the process's
# controlling terminal (a tty), and the descriptor does not leak into child processes.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_OPEN_FLAGS = (
    os.O_RDONLY
    | _NONBLOCK
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


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
        AnalysisError: the file vanished or changed, cannot be read, is not a regular file, is
            empty, too big, or not a decodable image; `reason` is plain English.
    """
    try:
        before = os.stat(path)
        _refuse_special(before)  # said on its stat, never opened (opening a device may act)
        fd = os.open(path, _OPEN_FLAGS)
        try:
            data, after = _read(fd, path.name)
        finally:
            os.close(fd)
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


def special_file_reason(st: os.stat_result) -> str:
    """What a path that is not a regular file is ("not a regular file (named pipe)"), in
    discovery's words without its "not scanned": for messages about a file the user named."""
    return not_a_file_error("", st).reason.removesuffix(": not scanned")


def _refuse_special(st: os.stat_result) -> None:
    """Only a regular file is read: a named pipe blocks its reader, a device may never end."""
    if stat.S_ISDIR(st.st_mode):
        raise AnalysisError(ErrorKind.OTHER, "is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        error = not_a_file_error("", st)  # discovery's words, so scan and look-up say the same
        raise AnalysisError(error.kind, error.reason)


def _read(fd: int, name: str) -> tuple[bytes, os.stat_result]:
    """The bytes of the open file `fd` and its stat after the read.

    Reads at most one byte more than the size it has when opened: a file still growing shows as
    changed, and memory stays bounded by `MAX_FILE_BYTES` whatever the file does meanwhile.
    """
    st = os.fstat(fd)
    _refuse_special(st)  # something else put there since the stat
    if _NONBLOCK:
        os.set_blocking(fd, True)  # a regular file: plain reads from here on
    with open(fd, "rb", closefd=False) as fh:
        if st.st_size > CHECK_HEADER_ABOVE:
            from dupviewer.engine.decoding import HEADER_BYTES, DecodeError, check_header

            try:
                check_header(fh.read(HEADER_BYTES), name)
            except DecodeError as exc:
                raise AnalysisError(exc.kind, exc.reason) from None
            fh.seek(0)
        if st.st_size > MAX_FILE_BYTES:
            raise AnalysisError(
                ErrorKind.TOO_LARGE,
                f"file is too large to read ({human_size(st.st_size)}; "
                f"the limit is {human_size(MAX_FILE_BYTES)})",
            )
        data = fh.read(st.st_size + 1)
    return data, os.fstat(fd)
