"""`dupviewer-cli`: the headless command line over the engine.

Each subcommand lives in its own module with a `register(subparsers)` function that adds its
parser and sets `func(args) -> int` (the exit status). Exit status: 0 success, 1 partial
(see each command), 2 bad usage or unreadable input, 130 interrupted.

Standard output (and error) never stop a command half-way: `main` runs it with both streams
guarded (`_GuardedStream`), so the first error writing one is kept and whatever follows on that
stream is dropped while the command finishes its work (a removal always runs to its end).
Then a closed pipe (`dupviewer-cli ... | head`) ends quietly with the exit status of the work
itself: the output is cut, nothing else is wrong. Any other error (a full disk) is said in one
line on stderr ("cannot write the output: ...") and the exit status is at least 1.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from typing import TextIO

from dupviewer import __version__

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

EXIT_STATUS_HELP = """exit status:
  0    success
  1    partial: dedupe --apply skipped or failed some files or could not write its journal;
       a --json/--csv report could not be written after the scan or look-up; undo could not
       put back some files, or could not read some lines of the journal (the files named
       there were not considered); or the output could not be written (a full disk: said on
       stderr; the command still did all its work)
  2    bad usage; find: a query image that could not be read (the others are still listed);
       undo: the journal file could not be read (nothing was put back)
  130  interrupted (Ctrl-C)
When the reader of the output stops early (| head), the output is cut without a word and the
exit status is that of the work done (dedupe --apply: of the removal, which always finishes)."""


def build_parser() -> argparse.ArgumentParser:
    from dupviewer.cli import dedupe_cmd, find_cmd, scan_cmd

    parser = argparse.ArgumentParser(
        prog="dupviewer-cli",
        description="Find duplicate and near-duplicate photos, and remove extra copies safely.",
        epilog=EXIT_STATUS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"dupviewer {__version__}")
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_SubcommandParser
    )
    subparsers.required = True
    for module in (scan_cmd, dedupe_cmd, find_cmd):
        module.register(subparsers)
    return parser


class _SubcommandParser(argparse.ArgumentParser):
    """A subcommand's parser, which refuses what it does not know itself: by default argparse
    hands unknown words back to the top-level parser, whose error then shows the top-level
    usage (`dupviewer-cli [-h] [--version] COMMAND ...`) instead of the subcommand's."""

    def parse_known_args(self, args=None, namespace=None):
        namespace, unknown = super().parse_known_args(args, namespace)
        if unknown:
            self.error(f"unrecognized arguments: {' '.join(unknown)}")
        return namespace, unknown


def main(argv: list[str] | None = None) -> int:
    # Started with a descriptor closed (`>&-`), Python has no stream: print(file=None) would
    # then write to the other one (stderr's lines on stdout), and flush() fails on None.
    closed = [name for name in ("stdout", "stderr") if getattr(sys, name) is None]
    for name in closed:
        setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - for the run
    out = _GuardedStream.around(sys.stdout)
    err = _GuardedStream.around(sys.stderr)
    sys.stdout, sys.stderr = out or sys.stdout, err or sys.stderr
    try:
        try:
            status = _run(argv)
        finally:
            for guard in (out, err):
                if guard is not None:
                    guard.flush()  # a buffered write fails here, not at interpreter exit
            sys.stdout = out.stream if out is not None else sys.stdout
            sys.stderr = err.stream if err is not None else sys.stderr
    except SystemExit as stop:  # bad usage, --help, --version
        code = stop.code if isinstance(stop.code, int) else EXIT_OK if stop.code is None else None
        final = _after_output_errors(code or EXIT_OK, out, err)
        if code is not None and final != code:
            raise SystemExit(final) from None
        raise
    return _after_output_errors(status, out, err)


def output_lost() -> bool:
    """Whether writing standard output failed in this `main` for another reason than a closed
    pipe (a full disk): a command may then repeat its last word on stderr. Flushes stdout
    first, so what is still buffered counts."""
    sys.stdout.flush()  # guarded in `main`: never raises
    error = getattr(sys.stdout, "error", None) if isinstance(sys.stdout, _GuardedStream) else None
    return error is not None and not _is_closed_pipe(error)


def _run(argv: list[str] | None) -> int:
    try:  # the parser imports the engine (numpy, Pillow): a Ctrl-C then is no traceback either
        parser = build_parser()
        args = parser.parse_args(argv)  # exits with status 2 on bad usage
        return int(args.func(args))
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


class _GuardedStream:
    """A text stream (stdout, stderr) whose writes never raise: the first OSError (a closed
    pipe, a full disk) is kept in `error` and every later write is dropped, so a command always
    finishes its work (a removal is never stopped half-way by its own output). `buffer` (the
    binary stream a report on stdout is written to) is guarded the same way; anything else is
    the stream's own."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.error: OSError | None = None

    @classmethod
    def around(cls, stream: TextIO | None) -> _GuardedStream | None:
        """A guard around `stream`; None when there is no stream (Python started with the
        descriptor closed: print does nothing then) or it is guarded already."""
        if stream is None or isinstance(stream, cls):
            return None
        return cls(stream)

    def _guarded(self, write, data):
        if self.error is None:
            try:
                return write(data)
            except OSError as exc:
                self.error = exc
        return len(data)

    def write(self, text: str) -> int:
        return self._guarded(self.stream.write, text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self.error is None:
            try:
                self.stream.flush()
            except OSError as exc:
                self.error = exc

    @property
    def buffer(self) -> _GuardedBuffer:
        return _GuardedBuffer(self, self.stream.buffer)  # AttributeError: a text-only stream

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


class _GuardedBuffer:
    """The binary `buffer` of a `_GuardedStream`, sharing its `error`."""

    def __init__(self, guard: _GuardedStream, buffer) -> None:
        self._guard = guard
        self._buffer = buffer

    def write(self, data: bytes) -> int:
        return self._guard._guarded(self._buffer.write, data)

    def flush(self) -> None:
        self._guard._guarded(lambda _: self._buffer.flush(), b"")

    def __getattr__(self, name: str):
        return getattr(self._buffer, name)


def _after_output_errors(
    status: int, out: _GuardedStream | None, err: _GuardedStream | None
) -> int:
    """The exit status once the command is done, given what writing its output did: a closed
    pipe changes nothing (the output was cut, the work is what it is); another error is said on
    stderr, and a success becomes 1. A failed stream is pointed at /dev/null, so the interpreter
    does not fail again flushing it at exit."""
    failed = [g for g in (out, err) if g is not None and g.error is not None]
    for guard in failed:
        _silence(guard.stream)
    errors = [g.error for g in failed if not _is_closed_pipe(g.error)]
    if not errors:
        return status
    reason = errors[0].strerror or str(errors[0])
    try:
        print(
            f"dupviewer-cli: error: cannot write the output: {reason} (the command ran to its "
            "end; what it printed was lost)",
            file=sys.stderr,
            flush=True,
        )
    except (OSError, ValueError):  # stderr is what failed: nothing else to say it with
        _silence(sys.stderr)
    return status or EXIT_PARTIAL


def _is_closed_pipe(error: OSError | None) -> bool:
    return isinstance(error, BrokenPipeError) or getattr(error, "errno", None) in (
        errno.EPIPE,
        errno.ECONNRESET,
    )


def _silence(stream: TextIO) -> None:
    """Point `stream`'s descriptor at /dev/null and drop what its buffer still holds (the
    Python documentation's recipe for a closed pipe), so nothing fails at interpreter exit."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):  # a stream of tests, without a descriptor
        fd = None
    if fd is not None:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, fd)
            finally:
                os.close(devnull)
        except OSError:
            pass
    try:
        stream.flush()
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
