"""`find`'s totals line: the numbers add up, also with a file that cannot be read."""

from __future__ import annotations

import re

from dupviewer.cli import main
from dupviewer.cli.find_cmd import library_summary
from dupviewer.engine.lookup import LookupResult
from dupviewer.engine.model import HashAlgorithm, ScanStats

SUMMARY = re.compile(
    r"(\d+) photos seen \((\d+) analysed, (\d+) from cache(?:, (\d+) not read)?\), "
    r"(\d+) failed, (\d+) searched at threshold \d+"
)


def totals(out: str) -> tuple[int, ...]:
    match = SUMMARY.match(out.splitlines()[-1])
    assert match, out
    return tuple(int(n or 0) for n in match.groups())


def test_an_unreadable_file_is_counted_once_and_the_totals_add_up(small, capsys) -> None:
    argv = ["find", str(small["photo"]), "--in", str(small["root"]), "--workers", "1"]
    assert main(argv) == 0
    seen, analysed, cached, unread, failed, searched = totals(capsys.readouterr().out)
    assert (seen, analysed, cached, unread, failed, searched) == (4, 4, 0, 0, 1, 3)
    # Again: all from the cache, the unreadable file too (the cache remembers it).
    assert main(argv) == 0
    seen, analysed, cached, unread, failed, searched = totals(capsys.readouterr().out)
    assert (seen, analysed, cached, unread, failed, searched) == (4, 0, 4, 0, 1, 3)
    assert analysed + cached + unread == seen == failed + searched


def test_an_interrupted_look_up_says_what_was_not_read() -> None:
    result = LookupResult(
        queries=(),
        roots=(),
        threshold=10,
        rotations=True,
        algorithm=HashAlgorithm.PHASH,
        stats=ScanStats(files_seen=100, hashed=7, from_cache=20, failed=2, seconds=1.25),
        complete=False,
        indexed=25,
    )
    assert library_summary(result) == (
        "100 photos seen (7 analysed, 20 from cache, 73 not read), 2 failed, 25 searched at "
        "threshold 10, rotations on, in 1.2 s (interrupted: partial result)."
    )
