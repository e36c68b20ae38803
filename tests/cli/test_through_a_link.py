"""`common.through_a_link`: which paths of a scan are reached through a symbolic link below the
folders (or photos) given, the ones `dedupe` and `scan` never propose nor keep alone."""

from __future__ import annotations

from pathlib import Path

from dupviewer.cli.common import through_a_link


def test_links_below_the_given_folders_count_and_the_given_ones_do_not(tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    photo = real / "sub" / "a.jpg"
    photo.write_bytes(b"x")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "b.jpg").write_bytes(b"y")
    (real / "linked_dir").symlink_to(outside, target_is_directory=True)
    (real / "link.jpg").symlink_to(photo)
    given_through_a_link = tmp_path / "alias"
    given_through_a_link.symlink_to(real, target_is_directory=True)

    assert not through_a_link(photo, [real])
    assert through_a_link(real / "link.jpg", [real])
    assert through_a_link(real / "linked_dir" / "b.jpg", [real])
    assert not through_a_link(given_through_a_link / "sub" / "a.jpg", [given_through_a_link])
    assert not through_a_link(photo, [photo])  # a photo named on the command line
    assert through_a_link(real / "link.jpg", [real / "link.jpg"])  # a link named there
