"""`find --in ROOT IMAGE`: the photos may follow the folders, though --in takes every word."""

from __future__ import annotations

import pytest

from dupviewer.cli import main
from dupviewer.cli.find_cmd import split_images_from_roots


def find(capsys, *argv: object) -> tuple[int, str, str]:
    status = main(["find", *map(str, argv), "--workers", "1"])
    out, err = capsys.readouterr()
    return status, out, err


def test_an_image_after_in_is_looked_for_not_searched_in(small, capsys) -> None:
    status, out, err = find(capsys, "--in", small["root"], small["photo"])
    assert status == 0, err
    assert out.splitlines()[0] == f"{small['photo']}: 2 matches"
    assert str(small["copy"]) in out


def test_the_documented_order_is_unchanged(small, capsys) -> None:
    """IMAGEs before --in: every --in argument stays a ROOT, a photo there too (searched)."""
    status, out, err = find(capsys, small["query"], "--in", small["root"] / "b", small["photo"])
    assert status == 0, err
    assert out.splitlines()[0] == f"{small['query']}: no match"
    assert "2 photos seen" in out  # photo1 copy.jpg and photo1.jpg: both were the library


def test_repeated_in_then_several_images(small, capsys) -> None:
    root = small["root"]
    status, out, err = find(
        capsys, "--in", root / "a", "--in", root / "b", small["photo"], small["query"]
    )
    assert status == 0, err
    assert f"{small['photo']}: 2 matches" in out.splitlines()
    assert f"{small['query']}: no match" in out.splitlines()


@pytest.mark.parametrize(
    ("in_args", "said"),
    [
        (["{root}"], "no IMAGE to look for: name the photos before --in"),
        (["{root}", "{root}/a"], "no IMAGE to look for"),  # folders are never the IMAGEs
        (["{root}", "{root}/typo.jpg"], "no IMAGE to look for ({root}/typo.jpg does not exist)"),
        (["{photo}"], "no IMAGE to look for"),  # the first --in argument is always a ROOT
    ],
)
def test_no_image_anywhere_is_bad_usage_naming_both_forms(small, capsys, in_args, said) -> None:
    names = {"root": small["root"], "photo": small["photo"]}
    with pytest.raises(SystemExit) as stop:
        main(["find", "--in", *(a.format(**names) for a in in_args)])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert said.format(**names) in err
    assert "(find IMAGE... --in ROOT...)" in err and "(find --in ROOT... IMAGE...)" in err


def test_only_the_trailing_files_are_images(small) -> None:
    root, photo, query = str(small["root"]), str(small["photo"]), str(small["query"])
    assert split_images_from_roots([], [root, photo, query]) == ([photo, query], [root])
    assert split_images_from_roots([], [photo, root, query]) == ([query], [photo, root])
    assert split_images_from_roots([query], [root, photo]) == ([query], [root, photo])


def test_the_rule_is_in_the_help(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["find", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "find --in ROOT... IMAGE..." in help_text
    assert "When no IMAGE comes before --in, the existing files (not folders) at the end" in (
        help_text
    )
