"""A small library for the CLI usability tests: photos, a copy, and a file that is no photo."""

from __future__ import annotations

from pathlib import Path

import pytest
from images import make_photo, save


@pytest.fixture
def small(tmp_path: Path) -> dict[str, Path]:
    """`small/` as QA had it: two folders, a photo and its re-saved copy, an unrelated photo, a
    `.jpg` that is not an image; plus a query photo outside the library."""
    root = tmp_path / "small"
    photo = save(make_photo(1), root / "a" / "photo1.jpg", quality=95)
    copy = save(make_photo(1), root / "b" / "photo1 copy.jpg", quality=80)
    other = save(make_photo(2), root / "a" / "photo2.png")
    bad = root / "a" / "bad.jpg"
    bad.write_text("not a photo at all")
    query = save(make_photo(3), tmp_path / "queries" / "unrelated.jpg")
    return {"root": root, "photo": photo, "copy": copy, "other": other, "bad": bad, "query": query}
