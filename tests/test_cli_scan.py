"""`dupviewer-cli scan`: summary, JSON/CSV schema, exit codes, Ctrl-C."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from images import make_photo, save

from dupviewer.cli import main
from dupviewer.engine.model import (
    ErrorKind,
    FileError,
    Fingerprint,
    Group,
    GroupKind,
    Member,
    Photo,
    ScanOptions,
    ScanResult,
    ScanStats,
)
from dupviewer.engine.pool import HANG_ENV
from dupviewer.engine.report import result_to_dict, to_json, write_csv, write_json

ROOT = Path(__file__).resolve().parents[1]
MEMBER_KEYS = {
    "path",
    "distance",
    "keep",
    "marked",
    "frames",
    "match",
    "protected",
    "size",
    "width",
    "height",
    "format",
    "mtime",
    "mtime_ns",
    "date_taken",
    "camera",
    "digest",
    "aliases",
    "closer_look",
}


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cli") / "lib"
    photo = make_photo(7, (240, 180))
    save(photo, root / "a.jpg", quality=95)
    save(photo, root / "sub" / "a.png")
    shutil.copyfile(root / "a.jpg", root / "sub" / "a_copy.jpg")
    save(make_photo(8, (240, 180)), root / "other.jpg")
    (root / "bad.jpg").write_text("not a photo")
    return root


def _run(*argv: str) -> int:
    try:
        return main(list(argv))
    except SystemExit as exc:  # argparse and usage errors exit
        return int(exc.code)


def test_summary_and_exit_status(library: Path, tmp_path: Path, capsys) -> None:
    status = _run("scan", str(library), "--cache", str(tmp_path / "c.sqlite"))
    out = capsys.readouterr()
    assert status == 0  # also with a file that could not be read
    assert "Group 1:" in out.out
    assert f"remove {library / 'sub' / 'a_copy.jpg'}" in out.out
    assert f"{library / 'bad.jpg'}: not-an-image:" in out.out
    assert "4 photos seen" in out.out or "5 photos seen" in out.out
    # not a terminal: no progress bar, a line saying why the wait
    assert out.err == "looking closer at 2 look-alikes (each read again with its kept copy)...\n"


def test_json_schema(library: Path, tmp_path: Path, capsys) -> None:
    out_file = tmp_path / "r.json"
    assert _run("scan", str(library), "--no-cache", "--json", str(out_file)) == 0
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert set(data) == {"schema", "complete", "options", "groups", "errors", "stats", "warnings"}
    assert data["complete"] is True and data["warnings"] == []
    assert set(data["stats"]) == {"files_seen", "hashed", "from_cache", "failed", "seconds"}
    assert data["stats"]["files_seen"] == 5 and data["stats"]["failed"] == 1
    assert data["options"]["roots"] == [str(library)]
    assert [g["kind"] for g in data["groups"]] == ["exact", "similar"] or [
        g["kind"] for g in data["groups"]
    ] == ["similar"]
    for number, group in enumerate(data["groups"], start=1):
        assert group["number"] == number
        assert group["members"][0]["keep"] is True and group["members"][0]["distance"] == 0
        for member in group["members"]:
            assert set(member) == MEMBER_KEYS
            assert member["marked"] is False  # only the app's export marks anything
            assert os.path.isabs(member["path"]) and os.path.exists(member["path"])
            datetime.fromisoformat(member["mtime"])
    all_paths = {m["path"] for g in data["groups"] for m in g["members"]}
    assert {str(library / "a.jpg"), str(library / "sub" / "a_copy.jpg")} <= all_paths
    assert data["errors"] == [
        {
            "path": str(library / "bad.jpg"),
            "kind": "not-an-image",
            "reason": data["errors"][0]["reason"],
        }
    ]
    assert data["errors"][0]["reason"]


def test_json_to_stdout_keeps_stdout_parseable(library: Path, capsys) -> None:
    assert _run("scan", str(library), "--no-cache", "--json", "-") == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["stats"]["files_seen"] == 5
    assert "photos seen" in out.err


def test_csv_has_one_row_per_member(library: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "r.csv"
    assert _run("scan", str(library), "--no-cache", "--csv", str(out_file)) == 0
    rows = list(csv.DictReader(out_file.open(encoding="utf-8", newline="")))
    assert rows and all(r["group"] in {"1", "2"} for r in rows)
    assert {r["path"] for r in rows} >= {
        str(library / "a.jpg"),
        str(library / "sub" / "a_copy.jpg"),
    }
    assert all(r["keep"] in ("true", "false") for r in rows)


def test_rotation_flags_and_threshold(library: Path, capsys) -> None:
    assert _run("scan", str(library), "--no-cache", "--threshold", "0", "--no-rotations") == 0
    assert _run("scan", str(library), "--no-cache", "--hash", "dhash", "--no-crops") == 0


@pytest.mark.parametrize(
    "argv, message",
    [
        (["scan"], "required"),
        (["scan", "/no/such/folder"], "ROOT not found: /no/such/folder"),
        (["scan", ".", "--reference", "/no/such/ref"], "--reference not found"),
        (["scan", ".", "--threshold", "65"], "--threshold must be between 0 and"),
        (["scan", ".", "--threshold", "x"], "invalid int value"),
        (["scan", ".", "--hash", "md5"], "invalid choice"),
        (["scan", ".", "--workers", "0"], "--workers must be at least 1"),
    ],
)
def test_bad_usage_exits_2(argv: list[str], message: str, capsys) -> None:
    assert _run(*argv) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("flag", "where", "message"),
    [
        ("--json", "missing/r.json", "no folder"),
        ("--csv", "missing/r.csv", "no folder"),
        ("--json", ".", "it is a folder"),
        ("--json", "dangling.json", "no folder"),  # a link to a file in a missing folder
    ],
)
def test_an_output_file_that_cannot_be_written_stops_before_the_scan(
    library: Path, tmp_path: Path, monkeypatch, capsys, flag, where, message
) -> None:
    calls = []
    monkeypatch.setattr("dupviewer.cli.common.scan", lambda *a, **k: calls.append(a))
    (tmp_path / "dangling.json").symlink_to(tmp_path / "gone" / "r.json")
    assert _run("scan", str(library), flag, str(tmp_path / where)) == 2
    assert message in capsys.readouterr().err and calls == []


def test_json_and_csv_to_the_same_file_is_refused(library: Path, tmp_path: Path, capsys) -> None:
    out = str(tmp_path / "r.txt")
    assert _run("scan", str(library), "--json", out, "--csv", out) == 2
    assert "the same file" in capsys.readouterr().err


def test_a_report_the_disk_refuses_after_the_scan_is_no_traceback(
    library: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    def full(_result, _destination, **_options):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("dupviewer.cli.scan_cmd.write_json", full)
    assert _run("scan", str(library), "--no-cache", "--json", str(tmp_path / "r.json")) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "No space left on device" in err and "Traceback" not in err


# Starts `python ARGS...` with SIGINT at its default, as in a terminal. A test run started with
# SIGINT ignored (`... &` in a script: a non-interactive shell ignores it for background jobs)
# passes that on to its children, and Python then never turns Ctrl-C into KeyboardInterrupt.
# The CLI rightly keeps an inherited SIG_IGN (whoever ran `dupviewer-cli ... &` asked for Ctrl-C
# not to reach it), so the test resets it; exec keeps the process id, so the signal below
# reaches the CLI itself.
_WITH_DEFAULT_SIGINT = [
    sys.executable,
    "-c",
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])",
]


def test_ctrl_c_cancels_cleanly_with_status_130(library: Path, tmp_path: Path) -> None:
    cache = tmp_path / "c.sqlite"
    out_file = tmp_path / "r.json"
    env = {**os.environ, HANG_ENV: "other.jpg"}
    proc = subprocess.Popen(
        [
            *_WITH_DEFAULT_SIGINT,
            "-m",
            "dupviewer.cli",
            "scan",
            str(library),
            "--cache",
            str(cache),
            "--json",
            str(out_file),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not cache.exists() and time.monotonic() < deadline:  # the scan has started
            time.sleep(0.1)
        time.sleep(1.0)  # hashing; other.jpg never finishes
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert "interrupted" in err
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert data["complete"] is False
    assert "interrupted" in out


def _photo(path: str, digest: str = "d") -> Photo:
    return Photo(
        path=Path(path),
        size=1234,
        mtime_ns=1_600_000_000 * 10**9,
        dev=1,
        inode=2,
        width=320,
        height=240,
        format="JPEG",
        fingerprint=Fingerprint(hash=1),
        digest=digest,
        date_taken=datetime(2023, 7, 14, 18, 2, 11),
        camera="Canon EOS R6",
        aliases=(Path("/lib/hard link.jpg"),),
    )


def test_undecodable_paths_round_trip_through_json_and_csv(tmp_path: Path) -> None:
    raw = b"/photos/caf\xe9 \xc3\xa9t\xc3\xa9.jpg"  # a Latin-1 byte, then valid UTF-8
    name = os.fsdecode(raw)
    group = Group(
        GroupKind.EXACT,
        (
            Member(_photo("/photos/a.jpg"), 0, "reference", True),
            Member(_photo(name), 0, "identical bytes", False),
        ),
    )
    result = ScanResult(
        options=ScanOptions(roots=(Path("/photos"),)),
        groups=(group,),
        errors=(FileError(Path(name), ErrorKind.CORRUPT, "truncated"),),
        stats=ScanStats(files_seen=2, hashed=2),
    )
    text = to_json(result)
    text.encode("utf-8")  # valid UTF-8: the undecodable byte is a \udce9 escape
    assert "\\udce9" in text and "été" in text
    data = json.loads(text)
    assert os.fsencode(data["groups"][0]["members"][1]["path"]) == raw
    assert os.fsencode(data["errors"][0]["path"]) == raw
    assert data["groups"][0]["members"][1]["date_taken"] == "2023-07-14T18:02:11"
    assert data["groups"][0]["members"][1]["camera"] == "Canon EOS R6"
    assert data["groups"][0]["members"][0]["aliases"] == ["/lib/hard link.jpg"]
    assert data["groups"][0]["reclaimable"] == 1234
    assert result_to_dict(result)["groups"][0]["members"][1]["path"] == name

    write_json(result, tmp_path / "r.json")
    assert json.loads((tmp_path / "r.json").read_bytes())["errors"][0]["path"] == name
    write_csv(result, tmp_path / "r.csv")
    assert raw in (tmp_path / "r.csv").read_bytes()
    with open(tmp_path / "r.csv", encoding="utf-8", errors="surrogateescape", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [os.fsencode(r["path"]) for r in rows] == [b"/photos/a.jpg", raw]
    assert [r["group"] for r in rows] == ["1", "1"]


def test_progress_bar_draws_one_line(monkeypatch) -> None:
    import io

    from dupviewer.cli.common import ProgressBar
    from dupviewer.engine.model import Progress, Stage

    monkeypatch.setenv("COLUMNS", "60")
    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar(Progress(Stage.DISCOVER, 12, 0, "/photos/2023"))
    bar(Progress(Stage.HASH, 5, 10, "/photos/" + "x" * 200 + ".jpg"))
    bar(Progress(Stage.GROUP, 250, 1000))
    bar.clear()
    frames = stream.getvalue().split("\r")[1:]
    assert frames[0].startswith("Finding photos: 12  /photos/2023")
    assert frames[1].startswith("Analysing [##########----------] 5/10  ...")
    assert frames[1].rstrip().endswith("x.jpg")
    assert frames[2].rstrip() == "Grouping [#####---------------] 25%"  # a share, not files
    assert all(len(f) <= 59 for f in frames)
    assert frames[-1] == ""


@pytest.mark.parametrize(
    "argv",
    [
        ["scan", ""],
        ["scan", "{lib}", ""],
        ["scan", "{lib}", "--reference", ""],
        ["scan", "{lib}", "--json", ""],
        ["scan", "{lib}", "--csv", ""],
        ["scan", "{lib}", "--cache", ""],
        ["find", "{lib}/a.jpg", "--in", ""],
        ["find", "", "--in", "{lib}"],
        ["find", "{lib}/a.jpg", "--in", "{lib}", "--json", ""],
    ],
)
def test_an_empty_path_is_bad_usage_not_the_current_folder(
    library: Path, tmp_path: Path, monkeypatch, capsys, argv: list[str]
) -> None:
    """`"$DIR"` with DIR unset must not mean the working folder (nor a report silently not
    written): exit 2 before any work, saying why."""
    calls = []
    monkeypatch.setattr("dupviewer.cli.common.scan", lambda *a, **k: calls.append(a))
    monkeypatch.setattr("dupviewer.cli.find_cmd.find_copies", lambda *a, **k: calls.append(a))
    monkeypatch.chdir(library)
    assert _run(*(a.replace("{lib}", str(library)) for a in argv)) == 2
    assert "empty path" in capsys.readouterr().err and calls == []


def test_a_file_root_that_is_not_a_supported_image_is_bad_usage(
    library: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list")
    calls = []
    monkeypatch.setattr("dupviewer.cli.common.scan", lambda *a, **k: calls.append(a))
    assert _run("scan", str(notes)) == 2
    assert f"{notes} is not a folder or a supported image" in capsys.readouterr().err
    assert _run("scan", str(library), "--reference", str(notes)) == 2
    assert f"--reference {notes} is not a folder or a supported image" in capsys.readouterr().err
    assert calls == []
    assert _run("find", str(library / "a.jpg"), "--in", str(notes)) == 2
    assert f"--in {notes} is not a folder or a supported image" in capsys.readouterr().err


def test_an_image_file_root_is_still_scanned(library: Path, capsys) -> None:
    assert _run("scan", str(library / "a.jpg"), str(library / "sub"), "--no-cache") == 0
    assert "3 photos seen" in capsys.readouterr().out


def test_csv_to_stdout_keeps_stdout_parseable(
    library: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _run("scan", str(library), "--no-cache", "--csv", "-") == 0
    out = capsys.readouterr()
    rows = list(csv.DictReader(out.out.splitlines()))
    assert {r["path"] for r in rows} >= {
        str(library / "a.jpg"),
        str(library / "sub" / "a_copy.jpg"),
    }
    assert "photos seen" in out.err  # the summary went to stderr
    assert not (tmp_path / "-").exists()
    # a JSON file beside it is fine; both reports on stdout are not
    assert _run("scan", str(library), "--no-cache", "--csv", "-", "--json", "r.json") == 0
    assert csv.DictReader(capsys.readouterr().out.splitlines()).fieldnames
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["groups"]
    calls = []
    monkeypatch.setattr("dupviewer.cli.common.scan", lambda *a, **k: calls.append(a))
    assert _run("scan", str(library), "--csv", "-", "--json", "-") == 2
    assert "cannot both write to standard output" in capsys.readouterr().err and calls == []


def test_the_summary_counts_add_up_with_the_list_of_problems(tmp_path: Path, capsys) -> None:
    """QA: "Could not use 11" above "10 failed": a pipe is listed but never a photo analysed.
    Now counted apart; and one group, one copy are said in the singular."""
    root = tmp_path / "lib"
    save(make_photo(1), root / "a.jpg")
    shutil.copyfile(root / "a.jpg", root / "sub" / "a.jpg") if (
        root / "sub"
    ).mkdir() is None else None
    (root / "bad.jpg").write_bytes(b"not a jpeg")
    os.mkfifo(root / "pipe.jpg")
    assert main(["scan", str(root), "--workers", "1", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "Could not use 2 file(s) or folder(s):" in out
    assert (
        "3 photos seen, 3 analysed, 0 from cache, 1 failed (1 more file(s) or folder(s) not "
        "scanned), in "
    ) in out
    assert ". 1 group, 1 extra copy, " in out


def test_scan_proposes_only_what_the_closer_look_finds_a_copy(tmp_path: Path, capsys) -> None:
    """`keep` false in the JSON, CSV and text must mean what `dedupe` would remove: pages of one
    form photographed on a desk look alike at 32x32 and were listed as "remove" (a script
    deleting `keep: false` would have lost them). The closer look runs in `scan` too."""
    from images import desk_page, save
    from PIL import Image

    folder = tmp_path / "scans"
    for seed in range(3):
        save(desk_page(seed), folder / f"page{seed}.jpg", quality=97 if seed == 0 else 90)
    copy = save(desk_page(0).resize((480, 360), Image.Resampling.LANCZOS), folder / "copy.jpg")
    report, table = tmp_path / "r.json", tmp_path / "r.csv"
    args = ("scan", str(folder), "--no-cache", "--json", str(report), "--csv", str(table))
    assert _run(*args) == 0
    out = capsys.readouterr().out
    (group,) = json.loads(report.read_text(encoding="utf-8"))["groups"]
    members = {Path(m["path"]).name: m for m in group["members"]}
    reference = group["members"][0]
    assert reference["closer_look"] is None and reference["keep"] is True
    assert members["copy.jpg"]["keep"] is False and members["copy.jpg"]["closer_look"] == "same"
    others = [m for name, m in members.items() if name.startswith("page") and m is not reference]
    assert len(others) == 2
    assert all(m["keep"] is True and m["closer_look"] == "differs" for m in others)
    assert group["reclaimable"] == copy.stat().st_size
    with table.open(newline="", encoding="utf-8") as f:
        rows = {Path(r["path"]).name: r for r in csv.DictReader(f)}
    assert rows["copy.jpg"]["closer_look"] == "same" and rows["copy.jpg"]["keep"] == "false"
    assert {rows[Path(m["path"]).name]["closer_look"] for m in others} == {"differs"}
    assert f"remove {copy}" in out
    assert out.count("not proposed: differs in fine detail, looked at larger") == 2
    assert "1 extra copy" in out


def test_ctrl_c_during_the_closer_look_writes_an_incomplete_report(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """Ctrl-C while the look-alikes are read again: the report is still written, says
    `"complete": false`, proposes nothing the look did not compare, and the status is 130."""
    from images import desk_page, save
    from PIL import Image

    from dupviewer.engine import finecheck

    folder = tmp_path / "scans"
    for seed in range(2):
        save(desk_page(seed), folder / f"page{seed}.jpg", quality=97 if seed == 0 else 90)
    save(desk_page(0).resize((480, 360), Image.Resampling.LANCZOS), folder / "copy.jpg")
    real = finecheck.DetailCheck.differs

    def ctrl_c_first(self, *args):
        signal.raise_signal(signal.SIGINT)  # delivered to the main thread, as from a terminal
        time.sleep(0.5)  # the main thread sets the cancel flag meanwhile
        return real(self, *args)

    monkeypatch.setattr(finecheck.DetailCheck, "differs", ctrl_c_first)
    report = tmp_path / "r.json"
    assert _run("scan", str(folder), "--no-cache", "--json", str(report)) == 130
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["complete"] is False
    removable = [m for g in data["groups"] for m in g["members"] if not m["keep"]]
    assert len(removable) <= 1  # at most the one compared before the stop, found a copy
    assert all(m["closer_look"] == "same" for m in removable)
    assert "interrupted" in capsys.readouterr().err
    looks = [m["closer_look"] for g in data["groups"] for m in g["members"]]
    assert "stopped" in looks and "unreadable" not in looks  # not looked at, said so


def test_a_scan_stopped_before_its_closer_look_proposes_no_look_alike(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """QA: after a Ctrl-C in the scan itself the look was skipped and the other pages of a
    form were listed as "remove" (keep false) in the report of the partial result."""
    import dataclasses

    from images import desk_page, save

    from dupviewer.cli import scan_cmd

    folder = tmp_path / "scans"
    for seed in range(3):
        save(desk_page(seed), folder / f"page{seed}.jpg", quality=97 if seed == 0 else 90)
    twin = folder / "twin.jpg"
    shutil.copy(folder / "page0.jpg", twin)  # byte-identical: needs no look
    real = scan_cmd.run_scan_with_progress

    def stopped_scan(options):
        return dataclasses.replace(real(options), complete=False)

    monkeypatch.setattr(scan_cmd, "run_scan_with_progress", stopped_scan)
    report = tmp_path / "r.json"
    assert _run("scan", str(folder), "--no-cache", "--json", str(report)) == 130
    members = [m for g in json.loads(report.read_text())["groups"] for m in g["members"]]
    removable = {Path(m["path"]).name for m in members if not m["keep"]}
    assert removable <= {"twin.jpg", "page0.jpg"} and len(removable) == 1  # one of the twins
    pages = [m for m in members if Path(m["path"]).name in ("page1.jpg", "page2.jpg")]
    assert [m["closer_look"] for m in pages] == ["stopped", "stopped"]
    assert all(m["keep"] for m in pages)
    assert "not looked at closer: stopped" in capsys.readouterr().out


def test_scan_and_dedupe_agree_on_a_symbolic_link_followed(tmp_path: Path, capsys) -> None:
    """QA: with --follow-symlinks `scan` listed a link as "remove" (keep false, counted in
    what the group frees) while `dedupe` kept it: the removal never removes a link."""
    root = tmp_path / "album"
    original = save(make_photo(8, (240, 180)), root / "storm.jpg", quality=95)
    outside = tmp_path / "other" / "storm_small.jpg"
    save(make_photo(8, (240, 180)).resize((120, 90)), outside)
    link = root / "link_small.jpg"
    link.symlink_to(outside)
    report = tmp_path / "r.json"
    assert _run("scan", str(root), "--follow-symlinks", "--no-cache", "--json", str(report)) == 0
    out = capsys.readouterr().out
    (group,) = json.loads(report.read_text())["groups"]
    by_name = {Path(m["path"]).name: m for m in group["members"]}
    assert by_name["link_small.jpg"]["keep"] is True and group["reclaimable"] == 0
    assert "not proposed: reached through a symbolic link: only real files are removed" in out
    assert original.exists()
