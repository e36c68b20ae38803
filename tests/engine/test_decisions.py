"""'Not duplicates' decisions: every pair of a group, keyed by content, kept across runs."""

from __future__ import annotations

from pathlib import Path

from dupviewer.engine import paths
from dupviewer.engine.decisions import DecisionStore
from dupviewer.engine.removal import file_digest


def test_a_group_records_every_pair_and_persists(tmp_path):
    store = DecisionStore(tmp_path / "d.json")
    assert store.mark_not_duplicates(["a", "b", "c", "a", ""]) == 3
    expected = {frozenset("ab"), frozenset("ac"), frozenset("bc")}
    assert store.not_duplicate_pairs() == expected
    assert DecisionStore(tmp_path / "d.json").not_duplicate_pairs() == expected
    assert store.mark_not_duplicates(["b", "a"]) == 0  # already known
    assert store.is_not_duplicate("c", "a") and not store.is_not_duplicate("a", "d")


def test_identical_content_is_never_a_pair(tmp_path):
    store = DecisionStore(tmp_path / "d.json")
    assert store.mark_not_duplicates(["a", "a"]) == 0
    assert store.not_duplicate_pairs() == set()


def test_forget_drops_only_pairs_among_the_given_digests(tmp_path):
    store = DecisionStore(tmp_path / "d.json")
    store.mark_not_duplicates(["a", "b", "c"])
    assert store.forget(["a", "b"]) == 1
    assert store.not_duplicate_pairs() == {frozenset("ac"), frozenset("bc")}
    store.clear()
    assert store.not_duplicate_pairs() == set()


def test_default_path_is_the_data_folder():
    store = DecisionStore()
    store.mark_not_duplicates(["x", "y"])
    assert store.path == paths.data_dir() / "decisions.json" and store.path.is_file()


def test_decision_survives_rename_and_move(tmp_path):
    a = tmp_path / "a.jpg"
    b = tmp_path / "b.jpg"
    a.write_bytes(b"sunset")
    b.write_bytes(b"sunrise")
    store = DecisionStore(tmp_path / "d.json")
    store.mark_not_duplicates([file_digest(a), file_digest(b)])
    moved = tmp_path / "elsewhere" / "renamed.jpg"
    moved.parent.mkdir()
    a.rename(moved)
    assert (
        frozenset((file_digest(moved), file_digest(b)))
        in DecisionStore(store.path).not_duplicate_pairs()
    )


def test_corrupt_file_is_set_aside(tmp_path):
    path = tmp_path / "d.json"
    path.write_text("{not json")
    store = DecisionStore(path)
    assert store.not_duplicate_pairs() == set()
    assert store.warnings and Path(str(path) + ".corrupt").read_text() == "{not json"
    store.mark_not_duplicates(["a", "b"])
    assert DecisionStore(path).not_duplicate_pairs() == {frozenset("ab")}
