"""keep_rules: each rule alone picks the expected keeper, rules apply in order, ties end on path."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from dupviewer.engine import keep_rules
from dupviewer.engine.keep_rules import order, priority_key, rank
from dupviewer.engine.model import DEFAULT_KEEP_RULES, Fingerprint, KeepRule, Photo


def photo(name: str, **fields: object) -> Photo:
    base = Photo(
        path=Path("/photos") / name,
        size=1000,
        mtime_ns=1_700_000_000_000_000_000,
        dev=1,
        inode=abs(hash(name)) % 10**9,
        width=100,
        height=100,
        format="JPEG",
        fingerprint=Fingerprint(hash=0),
        digest=name,
    )
    return replace(base, **fields)


def best(photos: list[Photo], rules: tuple[KeepRule, ...]) -> str:
    return rank(photos, rules)[0].path.name


@pytest.mark.parametrize(
    ("rule", "winner", "loser"),
    [
        (KeepRule.REFERENCE_ROOT, {"in_reference_root": True}, {}),
        (KeepRule.HIGHEST_RESOLUTION, {"width": 4000, "height": 3000}, {"width": 200}),
        (KeepRule.LARGEST_FILE, {"size": 5_000_000}, {"size": 40}),
        (KeepRule.PREFERRED_FORMAT, {"format": "PNG"}, {"format": "WEBP"}),
        (KeepRule.PREFERRED_FORMAT, {"format": "GIF"}, {"format": "XYZ"}),  # unknown sorts last
        (
            KeepRule.OLDEST_DATE_TAKEN,
            {"date_taken": datetime(2001, 5, 1)},
            {"date_taken": datetime(2019, 1, 1)},
        ),
        (KeepRule.OLDEST_DATE_TAKEN, {"date_taken": datetime(2030, 1, 1)}, {}),  # missing: last
        (KeepRule.OLDEST_MTIME, {"mtime_ns": 5}, {"mtime_ns": 10**18}),
    ],
)
def test_each_rule_alone(rule: KeepRule, winner: dict, loser: dict) -> None:
    # The loser's name sorts first, so only the rule can make the winner win.
    photos = [photo("a-loser.jpg", **loser), photo("b-winner.jpg", **winner)]
    assert best(photos, (rule,)) == "b-winner.jpg"
    assert best(list(reversed(photos)), (rule,)) == "b-winner.jpg"
    assert priority_key(photos[1], (rule,)) < priority_key(photos[0], (rule,))


def test_shortest_path_rule() -> None:
    photos = [photo("sub/deeper/zz.jpg"), photo("zzzz.jpg")]
    assert best(photos, (KeepRule.SHORTEST_PATH,)) == "zzzz.jpg"


def test_rules_apply_in_order() -> None:
    big_file = photo("a.jpg", size=9_000_000, width=1000, height=1000)
    big_image = photo("b.jpg", size=1_000, width=4000, height=3000)
    assert best([big_file, big_image], (KeepRule.HIGHEST_RESOLUTION, KeepRule.LARGEST_FILE)) == (
        "b.jpg"
    )
    assert best([big_file, big_image], (KeepRule.LARGEST_FILE, KeepRule.HIGHEST_RESOLUTION)) == (
        "a.jpg"
    )
    # the first rule that differs decides; equal earlier rules pass to the next
    same_size = [photo("x.jpg", size=10, mtime_ns=2), photo("y.jpg", size=10, mtime_ns=1)]
    assert best(same_size, (KeepRule.LARGEST_FILE, KeepRule.OLDEST_MTIME)) == "y.jpg"


def test_default_rules_put_protected_root_first() -> None:
    protected = photo("p.jpg", in_reference_root=True, width=10, height=10, size=1)
    bigger = photo("q.jpg", width=5000, height=5000, size=10**8)
    assert best([bigger, protected], DEFAULT_KEEP_RULES) == "p.jpg"


def test_path_breaks_ties_and_no_rules() -> None:
    photos = [photo("c.jpg"), photo("a.jpg"), photo("b.jpg")]
    names = ["a.jpg", "b.jpg", "c.jpg"]
    assert [p.path.name for p in rank(photos, DEFAULT_KEEP_RULES[:3])] == names
    assert [p.path.name for p in rank(photos, ())] == names
    assert rank([], DEFAULT_KEEP_RULES) == []


def test_aware_and_naive_dates() -> None:
    utc = photo("a.jpg", date_taken=datetime(2020, 1, 1, 12, tzinfo=timezone.utc))
    plus3 = timezone(timedelta(hours=3))
    earlier = photo("b.jpg", date_taken=datetime(2020, 1, 1, 12, tzinfo=plus3))
    assert best([utc, earlier], (KeepRule.OLDEST_DATE_TAKEN,)) == "b.jpg"  # 09:00 UTC


def test_vectorised_order_equals_priority_key() -> None:
    rnd = random.Random(4)
    formats = ["JPEG", "PNG", "WEBP", "HEIF", "TIFF", "GIF", "BMP", "ODD"]
    photos = [
        photo(
            f"{rnd.choice('abc') * rnd.randint(1, 3)}/{k:03d}.jpg",
            size=rnd.choice([10, 20, 30]),
            width=rnd.choice([10, 20]),
            height=rnd.choice([10, 20]),
            format=rnd.choice(formats),
            mtime_ns=rnd.choice([1, 2, 3]),
            date_taken=rnd.choice([None, datetime(2000, 1, 1), datetime(1999, 1, 1)]),
            in_reference_root=rnd.random() < 0.3,
        )
        for k in range(300)
    ]
    rule_sets = [DEFAULT_KEEP_RULES, tuple(reversed(DEFAULT_KEEP_RULES)), (KeepRule.SHORTEST_PATH,)]
    for rules in rule_sets:
        expected = sorted(range(len(photos)), key=lambda k: priority_key(photos[k], rules))
        assert order(photos, rules).tolist() == expected


def test_a_few_bytes_of_metadata_do_not_make_the_larger_file_better() -> None:
    """The same pixels, one copy 12 bytes longer (an EXIF tag): the next rule decides. A
    re-encoded copy a few percent smaller still loses on size."""
    tagged = photo("Backup/phone_backup_2016/DCIM/Camera/DSCF6635.jpeg", size=1_284_334)
    plain = photo("Phone backup 2016/DCIM/Camera/DSCF6635.JPG", size=1_284_322)
    smaller = photo("x.jpg", size=1_230_000)
    rules = (KeepRule.LARGEST_FILE, KeepRule.SHORTEST_PATH)
    assert rank([tagged, plain, smaller], rules)[0] is plain
    assert best([smaller, photo("y/longer/path.jpg", size=1_300_000)], rules) == "path.jpg"
    sizes = [0, 1, 2, 511, 512, 513, 1_284_322, 1_284_334, 10**12, 2**53 - 1]
    assert [keep_rules.size_class(s) for s in sizes] == keep_rules._size_classes(
        np.array(sizes)
    ).tolist()
    assert len({keep_rules.size_class(s) for s in range(512)}) == 512  # exact below 512 bytes
