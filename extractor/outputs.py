"""Where the CLI's output goes: `-o`/`--html` files, checked before the run, and stdout.

A regular file (or a symlink to one) is replaced atomically: written to a temporary file
beside the file the link resolves to, then renamed onto it, so the link stays a link and
no reader ever sees half a file. A FIFO or a device (`/dev/null`, a terminal) is written
as it is, and a file that is the process's own stdout or stderr (`-o /dev/stdout`) is
written through that stream. Nothing here prints or exits: the CLI does.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from rich.console import Console

from .errors import os_reason
from .processing.articles import is_article_file


class StdoutFailed(Exception):
    """Writing to stdout failed: the reader went away (`| head`), or the disk is full."""

    def __init__(self, error: OSError) -> None:
        super().__init__(os_reason(error))
        self.error = error
        self.reader_gone = isinstance(error, BrokenPipeError)


class StdoutConsole(Console):
    """rich's Console, but a reader that goes away raises BrokenPipeError instead of exiting with 1."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


@contextlib.contextmanager
def writing_stdout() -> Iterator[None]:
    """Turns an error writing to stdout into StdoutFailed, told apart from the other OSErrors."""
    try:
        yield
    except OSError as error:
        raise StdoutFailed(error) from error


def silence_stdout() -> None:
    """After a failed write, point stdout at /dev/null so the final flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def clash(paths: list[str], output: Path | None, html: Path | None) -> str | None:
    """Why these output files would clobber an input or each other (a usage error), or None."""
    if output is not None and html is not None and _same_file(output, html):
        return f"--html {html} is also the -o/--output file (give two different files)"
    for option, target in (("-o/--output", output), ("--html", html)):
        if target is not None and _is_input(target, paths):
            return f"{option} {target} is also an input (refusing to overwrite it)"
    return None


def unwritable(path: Path) -> str | None:
    """Why `path` could not be written at the end of the run, checked before it starts; None if it can."""
    try:
        status: os.stat_result | None = os.stat(path)  # through symlinks
    except FileNotFoundError:
        status = None
    except OSError as error:  # a symlink loop, a file where a directory should be
        return os_reason(error)
    if _stream(path) is not None:
        return None
    if status is not None and not stat.S_ISREG(status.st_mode):
        return None if os.access(path, os.W_OK) else "permission denied"
    real = os.path.realpath(path)
    folder = os.path.dirname(real)
    if not os.path.isdir(folder):
        return "no such directory"
    if status is not None and not os.access(real, os.W_OK):
        return "permission denied"
    if not os.access(folder, os.W_OK | os.X_OK):  # the temporary file goes there
        return f"directory {folder} is not writable"
    return None


def write_output(path: Path, text: str) -> None:
    """Write `text` to `path`: replaced atomically if it is a regular file, else written as it is."""
    stream = _stream(path)
    if stream is not None:
        with writing_stdout() if stream is sys.stdout else contextlib.nullcontext():
            stream.write(text)
            stream.flush()
        return
    try:
        mode: int | None = os.stat(path).st_mode
    except OSError:  # not there yet: made by the rename
        mode = None
    if mode is not None and not stat.S_ISREG(mode):  # a FIFO or a device: no temporary file, no rename
        with open(path, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        return
    _write_atomically(Path(os.path.realpath(path)), text)


def _write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file in the same directory, so no reader ever sees half a file."""
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask()
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temp, mode)  # mkstemp makes it 0600; give it the mode a plain open() would
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _stream(path: Path) -> TextIO | None:
    """sys.stdout or sys.stderr when `path` is the very file it writes to (`-o /dev/stdout > file`)."""
    key = _key(path)
    for stream in (sys.stdout, sys.stderr):
        if key is not None and key == _stream_key(stream):
            return stream
    return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist yet
        return os.path.realpath(a) == os.path.realpath(b)


def _is_input(target: Path, paths: list[str]) -> bool:
    """Whether the existing regular file `target` is read as an article: given, in a directory given, or stdin."""
    try:
        status = os.stat(target)
    except OSError:
        return False  # a file not there yet is no input
    if not stat.S_ISREG(status.st_mode):
        return False  # nor can a FIFO or a device be clobbered
    key = status.st_dev, status.st_ino
    for name in paths:
        if name == "-":
            found = _stream_key(sys.stdin) == key
        elif os.path.isdir(name):  # the files the reader takes from it
            found = any(_key(p) == key for p in Path(name).rglob("*") if is_article_file(p.name))
        else:
            found = _key(Path(name)) == key
        if found:
            return True
    return False


def _key(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def _stream_key(stream: TextIO) -> tuple[int, int] | None:
    try:
        status = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):  # closed, or not a real file (a test's capture)
        return None
    return status.st_dev, status.st_ino
