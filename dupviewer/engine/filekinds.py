"""What kind of file is already at a path a command or the app is about to write: an image (by
name, first bytes or Pillow's identification), an SQLite database.

Why: a report, a journal or the hash cache written over an existing file destroys it; QA saw
`--json` over a scanned photo, `--cache` over a photo and a Photoshop file. Writers ask here first.
"""

from __future__ import annotations

from pathlib import Path

from dupviewer.engine.model import SUPPORTED_EXTENSIONS

__all__ = ["SQLITE_START", "first_bytes", "is_a_photo"]

# Images by name beyond what a scan reads: editors' and cameras' own files are photos too.
_OTHER_IMAGE_EXTENSIONS = frozenset(
    ".psd .psb .xcf .kra .jp2 .j2k .jpx .jxl .ico .cur .ppm .pgm .pbm .pnm .tga .qoi .dds .exr "
    ".hdr .svg .raw .dng .cr2 .cr3 .crw .nef .nrw .arw .srf .sr2 .raf .orf .rw2 .pef .srw .x3f "
    ".3fr .erf .mef .mos .iiq .dcr .kdc .mrw .rwl .bay .fff .cap .ari .jxr .wdp .hdp .gpr .k25 "
    ".dcs .mdc .rwz .r3d .braw .cine .ptx .arq .jfif .jpe .ora .fits .fit .dcm .afphoto".split()
)
# The first bytes of image files (a photo may have any name); Pillow knows more (`is_a_photo`).
_IMAGE_STARTS = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG",
    b"GIF8",
    b"II*\x00",  # TIFF (and the raw files built on it: DNG, CR2, NEF, ARW, ...)
    b"MM\x00*",
    b"II+\x00",  # BigTIFF
    b"MM\x00+",
    b"BM",
    b"8BPS",  # Photoshop
    b"\x00\x00\x00\x0cjP  ",  # JPEG 2000
    b"\xff\x4f\xff\x51",
    b"\xff\x0a",  # JPEG XL
    b"\x00\x00\x00\x0cJXL ",
    b"qoif",
    b"FUJIFILMCCD-RAW",
    b"IIRO",  # Olympus raw
    b"IIU\x00",  # Panasonic raw
    b"IIRS",  # Olympus raw, other versions
    b"MMOR",
    b"\x00MRM",  # Minolta raw
    b"FOVb",  # Sigma raw
    b"II\x1a\x00\x00\x00HEAPCCDR",  # Canon CRW
    b"ARRI\x12\x34\x56\x78",  # ARRI raw
    b"NOKIARAW",
    b"IIII",  # Phase One
    b"II\xbc\x01",  # JPEG XR
    b"v/1\x01",  # OpenEXR
    b"#?RADIANCE",
    b"#?RGBE",
    b"SIMPLE  =",  # FITS
    b"gimp xcf",
)
SQLITE_START = b"SQLite format 3\x00"


def first_bytes(path: Path, count: int = 16) -> bytes:
    """The first bytes of a regular file (b"" for anything else: a pipe would block)."""
    try:
        if not path.is_file():
            return b""
        with open(path, "rb") as f:
            return f.read(count)
    except OSError:
        return b""


def is_a_photo(path: Path) -> bool:
    """Whether an existing file is, by its name, its first bytes or Pillow's own look at them,
    an image (a report, journal or cache written there would destroy it)."""
    if not path.is_file():
        return False
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_EXTENSIONS or suffix in _OTHER_IMAGE_EXTENSIONS:
        return True
    start = first_bytes(path, 132)
    if (
        start.startswith(_IMAGE_STARTS)
        or start[128:132] == b"DICM"  # a medical image
        or (start[:4] == b"RIFF" and start[8:12] == b"WEBP")
        or start[4:8] == b"ftyp"  # HEIC, AVIF, CR3
    ):
        return True
    if not start or start.startswith(SQLITE_START) or start[:1] in (b"{", b"["):
        return False  # empty, a cache, a JSON report or journal
    try:  # ICO, PPM, TGA, ...: whatever Pillow can identify from the header
        from PIL import Image

        with Image.open(path):
            return True
    except Exception:  # noqa: BLE001 - anything Pillow cannot open is no image to it
        return False
