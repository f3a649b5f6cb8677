"""The `extract` console script: signal handlers first, then the heavy imports, then the command.

Importing spaCy takes about half a second, and a Ctrl-C during it would print a traceback.
Until the command takes over (`handling_signals`), SIGINT, SIGTERM and SIGHUP end the
process at once with one line on stderr and the conventional exit code, 128 + the signal's
number (130, 143, 129). A signal the caller made us ignore (`nohup`, a background job)
stays ignored. Only the standard library is imported here.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
from collections.abc import Iterator
from types import FrameType
from typing import Any

# The signals that end a run, and what is said when they do.
_ENDINGS: dict[int, str] = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated"}
if hasattr(signal, "SIGHUP"):  # not on Windows
    _ENDINGS[signal.SIGHUP] = "terminated"


class Terminated(BaseException):
    """SIGTERM or SIGHUP during the run: unwinds like KeyboardInterrupt (workers stop, -o stays as it was)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.message = _ENDINGS.get(signum, "terminated")


def main() -> None:
    """The `extract` command, as the console script and `python -m extractor` run it."""
    for signum in _ENDINGS:
        _install(signum, _exit_now)
    _buffer_stdout()
    from .cli import run  # spaCy, typer, rich: the slow part of starting

    run(sys.argv[1:])  # `extract summary ...` or `extract PATH...`, told by the first argument


@contextlib.contextmanager
def handling_signals() -> Iterator[None]:
    """While the command runs: SIGINT raises KeyboardInterrupt, SIGTERM and SIGHUP raise Terminated.

    Everything then unwinds as for Ctrl-C: worker processes are stopped and a half-written
    output file removed. The previous handlers are put back afterwards.
    """
    previous: dict[int, Any] = {}
    try:
        for signum in _ENDINGS:
            handler = signal.default_int_handler if signum == signal.SIGINT else _raise_terminated
            old = _install(signum, handler)
            if old is not None:
                previous[signum] = old
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def _install(signum: int, handler: Any) -> Any:
    """Handle `signum` with `handler` unless it is ignored; the previous handler, or None if none was set."""
    try:
        old = signal.getsignal(signum)
        if old == signal.SIG_IGN:
            return None
        signal.signal(signum, handler)
    except ValueError:  # not the main thread: the caller handles signals
        return None
    return signal.SIG_DFL if old is None else old


def _buffer_stdout() -> None:
    """Put a buffer back under stdout when PYTHONUNBUFFERED (or `python -u`) took it away.

    Unbuffered, a write that the reader cuts short (`| head`) loses the rest without an error,
    so the run would end with 0 instead of 141; a BufferedWriter goes on writing and gets
    the broken pipe. The command flushes stdout after each article, as unbuffered output would.
    """
    stream = sys.stdout
    if isinstance(stream, io.TextIOWrapper) and isinstance(stream.buffer, io.FileIO):
        sys.stdout = io.TextIOWrapper(
            io.BufferedWriter(stream.buffer), encoding=stream.encoding, errors=stream.errors,
            newline=None if os.name == "nt" else "\n", line_buffering=stream.line_buffering, write_through=True,
        )


def _exit_now(signum: int, frame: FrameType | None) -> None:
    with contextlib.suppress(OSError):
        os.write(2, f"extract: {_ENDINGS[signum]}\n".encode())
    os._exit(128 + signum)


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)
