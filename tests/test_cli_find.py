"""`dupviewer-cli find IMAGE... --in ROOT...`: listing, JSON, exit statuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from images import make_photo, save
from PIL import Image

from dupviewer.cli import find_cmd, main


@pytest.fixture()
def library(tmp_path: Path) -> tuple[Path, Path]:
    """(library root, folder of query images)."""
    root, queries = tmp_path / "library", tmp_path / "queries"
    save(make_photo(1), root / "a.jpg", quality=95)
    save(make_photo(2), root / "b.png")
    save(make_photo(3), root / "trip" / "c.jpg", quality=90)
    save(make_photo(1).resize((240, 160), Image.Resampling.LANCZOS), queries / "a-small.png")
    save(make_photo(3).transpose(Image.Transpose.ROTATE_270), queries / "c-turned.jpg")
    save(make_photo(50), queries / "unrelated.jpg")
    (queries / "notes.jpg").write_text("not a photo at all")
    return root, queries


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["find", *argv, "--workers", "2"])
    out, err = capsys.readouterr()
    return status, out, err


def test_listing_of_matches_and_no_match(library, capsys) -> None:
    root, queries = library
    status, out, err = _run(
        capsys, str(queries / "a-small.png"), str(queries / "unrelated.jpg"), "--in", str(root)
    )
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == f"{queries / 'a-small.png'}: 1 match"
    distance, how = lines[1].split()[:2]
    assert int(distance) <= 4 and how == "similar"
    assert f"{root / 'a.jpg'}  (480x320 JPEG" in lines[1]
    assert lines[2] == f"{queries / 'unrelated.jpg'}: no match"
    assert lines[-1].startswith("3 photos seen (3 analysed, 0 from cache), 0 failed, 3 searched")


def test_rotations_flag(library, capsys) -> None:
    root, queries = library
    turned = str(queries / "c-turned.jpg")
    status, out, _ = _run(capsys, turned, "--in", str(root))
    assert status == 0 and out.splitlines()[0] == f"{turned}: no match"
    status, out, _ = _run(capsys, turned, "--in", str(root), "--rotations")
    assert status == 0
    assert out.splitlines()[0] == f"{turned}: 1 match"
    assert "rotated 270" in out.splitlines()[1] and str(root / "trip" / "c.jpg") in out


def test_json_file_and_second_run_from_cache(library, capsys, tmp_path: Path) -> None:
    root, queries = library
    report = tmp_path / "out.json"
    args = [str(queries / "a-small.png"), str(root / "b.png"), "--in", str(root)]
    status, _, _ = _run(capsys, *args, "--json", str(report))
    assert status == 0
    data = json.loads(report.read_text())
    small, itself = data["queries"]
    assert small == {
        "path": str(queries / "a-small.png"),
        "error": None,
        "matches": [
            {
                "path": str(root / "a.jpg"),
                "distance": small["matches"][0]["distance"],
                "match": "similar",
                "size": (root / "a.jpg").stat().st_size,
                "width": 480,
                "height": 320,
                "format": "JPEG",
                "digest": small["matches"][0]["digest"],
                "aliases": [],
            }
        ],
    }
    assert small["matches"][0]["distance"] <= 4
    assert [(m["path"], m["distance"], m["match"]) for m in itself["matches"]] == [
        (str(root / "b.png"), 0, "same file")
    ]
    assert data["stats"]["hashed"] == 3 and data["complete"] is True

    # Change one library file: the next look-up analyses only that one.
    changed = root / "trip" / "c.jpg"
    save(make_photo(9), changed)
    st = changed.stat()
    os.utime(changed, ns=(st.st_atime_ns, st.st_mtime_ns + 3_000_000_000))
    status, _, _ = _run(capsys, *args, "--json", str(report))
    stats = json.loads(report.read_text())["stats"]
    assert status == 0 and (stats["hashed"], stats["from_cache"]) == (1, 2)


def test_json_on_stdout_keeps_stdout_parseable(library, capsys) -> None:
    root, queries = library
    status, out, err = _run(
        capsys, str(queries / "unrelated.jpg"), "--in", str(root), "--json", "-"
    )
    assert status == 0
    data = json.loads(out)
    assert data["queries"] == [
        {"path": str(queries / "unrelated.jpg"), "error": None, "matches": []}
    ]
    assert "no match" in err  # the listing went to stderr


def test_unreadable_query_image_exits_2_and_still_answers_the_others(library, capsys) -> None:
    root, queries = library
    notes = queries / "notes.jpg"
    status, out, err = _run(capsys, str(notes), str(queries / "a-small.png"), "--in", str(root))
    assert status == 2
    assert f"{notes}: could not be read (not an image" in out
    assert f"{queries / 'a-small.png'}: 1 match" in out
    assert f"error: cannot read {notes}: not an image" in err


def test_bad_usage_exits_2_before_any_work(library, capsys) -> None:
    root, queries = library
    for argv, message in [
        ([str(queries / "missing.jpg"), "--in", str(root)], "IMAGE not found"),
        ([str(queries / "a-small.png"), "--in", str(root / "nowhere")], "--in folder not found"),
        ([str(queries / "a-small.png"), "--in", str(root), "--threshold", "99"], "--threshold"),
        ([str(queries / "a-small.png")], "--in"),
        ([str(queries), "--in", str(root)], "is a folder"),
    ]:
        with pytest.raises(SystemExit) as exc:
            main(["find", *argv])
        assert exc.value.code == 2
        assert message in capsys.readouterr().err


def test_interrupted_lookup_exits_130(library, capsys, monkeypatch) -> None:
    root, queries = library
    real = find_cmd.find_copies

    def cancelled(*args, cancel, **kwargs):  # as if Ctrl-C came at once
        cancel.set()
        return real(*args, cancel=cancel, **kwargs)

    monkeypatch.setattr(find_cmd, "find_copies", cancelled)
    status, out, _ = _run(capsys, str(queries / "a-small.png"), "--in", str(root))
    assert status == 130
    assert "interrupted: partial result" in out


def test_exit_status_of_the_real_command(library) -> None:
    """The installed entry point's own exit status (not just main's return value)."""
    root, queries = library
    cmd = [sys.executable, "-m", "dupviewer.cli", "find", "--workers", "1"]
    ok = subprocess.run(
        [*cmd, str(queries / "unrelated.jpg"), "--in", str(root)],
        text=True,
        capture_output=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run(
        [*cmd, str(queries / "notes.jpg"), "--in", str(root)],
        text=True,
        capture_output=True,
        timeout=120,
    )
    assert bad.returncode == 2
    assert "cannot read" in bad.stderr and "not an image" in bad.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_as_image_exits_2_at_once(library, tmp_path) -> None:
    """Refused on its stat before the library is walked: opening it would wait for a writer."""
    root, _ = library
    pipe = tmp_path / "q.jpg"
    os.mkfifo(pipe)
    cmd = [sys.executable, "-m", "dupviewer.cli", "find", "--workers", "1"]
    for argv, message in [
        ([str(pipe), "--in", str(root)], f"IMAGE is not a regular file (named pipe): {pipe}"),
        (["--in", str(root), str(pipe)], f"({pipe} is not a regular file (named pipe))"),
    ]:
        try:
            done = subprocess.run(
                [*cmd, *argv], text=True, capture_output=True, timeout=120, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired:
            os.close(os.open(pipe, os.O_RDWR | os.O_NONBLOCK))  # free a stuck reader, if any
            pytest.fail(f"find {' '.join(argv)} still running after 120 s")
        assert done.returncode == 2, done.stderr
        assert message in done.stderr
        assert "photos seen" not in done.stdout  # no library walk


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_link_to_a_device_as_image_is_bad_usage(library, tmp_path, capsys) -> None:
    root, _ = library
    link = tmp_path / "zero.jpg"
    link.symlink_to("/dev/zero")
    with pytest.raises(SystemExit) as exc:
        main(["find", str(link), "--in", str(root)])
    assert exc.value.code == 2
    assert f"IMAGE is not a regular file (character device): {link}" in capsys.readouterr().err
