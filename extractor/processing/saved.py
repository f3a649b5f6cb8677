"""Article records an earlier run wrote, told apart from articles and read back, for `extract summary`.

Counting a corpus again (by another field, after a fix to the figures) should never mean running
the model again, so `extract summary` takes what `extract` wrote as well as articles:

- a JSON Lines file whose first non-blank line is a record (an object with "schema" and "quotes"),
  such as `extract corpus/ > records.jsonl`;
- a directory whose `part-*.jsonl` files (directly in it, taken in name order) start with records:
  shards of one run; its other files are not read;
- a JSON file holding an array of records, as `-o FILE` writes it;
- stdin whose first line is a record.

Anything else is an article input, read by `read_articles`. Only the first record of a source is
looked at to tell which it is; every later line is checked as it is counted, and a line that is not
a record is reported with its file and line, like a bad line of articles.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .articles import STDIN, InputProblem, path_text
from .summary import Record, record_problem

SHARDS = "part-*.jsonl"


@dataclass
class RecordSource:
    """Where records come from: a file, or stdin with the lines already read from it to tell what it holds."""

    shown: str  # the name in messages
    path: Path | None = None  # None: stdin
    head: list[bytes] = field(default_factory=list)
    array: list[Any] | None = None  # a JSON array of records, already loaded to tell what it was

    def lines(self) -> Iterator[bytes]:
        """The lines of the file or of stdin, as bytes."""
        if self.path is None:
            yield from self.head
            yield from sys.stdin.buffer
        else:
            with self.path.open("rb") as stream:
                yield from stream


@dataclass
class Inputs:
    """The paths given, sorted: record sources to count, article paths to extract first."""

    records: list[RecordSource] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    stdin_head: list[bytes] = field(default_factory=list)  # stdin of articles: the lines read to tell so


def sort_inputs(paths: Iterable[str]) -> Inputs:
    """Which paths hold records and which hold articles (see the module's docstring)."""
    inputs = Inputs()
    for name in paths:
        if name == "-":
            head = _first_lines(sys.stdin.buffer)
            if _is_record_line(head[-1] if head else b""):
                inputs.records.append(RecordSource(STDIN, head=head))
            else:
                inputs.stdin_head = head
                inputs.articles.append(name)
            continue
        sources = _record_sources(Path(name), path_text(name))
        if sources is None:
            inputs.articles.append(name)
        else:
            inputs.records += sources
    return inputs


def _record_sources(path: Path, shown: str) -> list[RecordSource] | None:
    """The record sources of one path, or None when it holds articles (or cannot be read: the reader says why)."""
    with contextlib.suppress(OSError, ValueError):
        if path.is_dir():
            shards = sorted(p for p in path.glob(SHARDS) if p.is_file())
            first = next((line for p in shards if (line := _first_line_of(p))), b"")
            if not _is_record_line(first):
                return None
            return [RecordSource(os.path.join(shown, path_text(p.name)), p) for p in shards]
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            return [RecordSource(shown, path)] if _is_record_line(_first_line_of(path)) else None
        if suffix == ".json":
            array = _records_array(path)
            return None if array is None else [RecordSource(shown, path, array=array)]
    return None


def _first_lines(stream: Iterable[bytes]) -> list[bytes]:
    """The lines of `stream` up to its first non-blank one (all of them, if it has none)."""
    head = []
    for line in stream:
        head.append(line)
        if line.strip():
            break
    return head


def _first_line_of(path: Path) -> bytes:
    """The first non-blank line of a file, b"" if it has none."""
    with path.open("rb") as stream:
        head = _first_lines(stream)
    return head[-1] if head and head[-1].strip() else b""


def _is_record_line(line: bytes) -> bool:
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):
        return False
    return _looks_like_record(value)


def _looks_like_record(value: Any) -> bool:
    return isinstance(value, dict) and "schema" in value and "quotes" in value


def _records_array(path: Path) -> list[Any] | None:
    """The array a JSON file holds when it starts with a record (what `-o` writes), else None."""
    with path.open("rb") as stream:
        start = stream.read(64).lstrip()
        if not start.startswith(b"["):
            return None
        try:
            value = json.loads(start + stream.read())
        except (ValueError, RecursionError):
            return None
    return value if isinstance(value, list) and value and _looks_like_record(value[0]) else None


def read_records(source: RecordSource) -> Iterator[Record | InputProblem]:
    """Each record of `source`, or the problem with an item that is not one ("file:line"; in an array "file:[n]")."""
    if source.array is not None:
        for index, value in enumerate(source.array):
            yield _checked(value, f"{source.shown}:[{index}]")
        return
    try:
        for number, line in enumerate(source.lines(), start=1):
            if line.strip():
                yield _record(line, f"{source.shown}:{number}")
    except (OSError, ValueError) as error:
        yield InputProblem(source.shown, _os_message(error))


def _record(line: bytes, where: str) -> Record | InputProblem:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        return InputProblem(where, f"malformed JSON: {error.msg} (column {error.colno})")
    except (ValueError, RecursionError):
        return InputProblem(where, "unreadable JSON")
    return _checked(value, where)


def _checked(value: Any, where: str) -> Record | InputProblem:
    problem = record_problem(value)
    return InputProblem(where, problem) if problem else value


def _os_message(error: OSError | ValueError) -> str:
    message = (error.strerror if isinstance(error, OSError) else None) or str(error)
    return message[:1].lower() + message[1:]


@contextlib.contextmanager
def stdin_restored(head: list[bytes]) -> Iterator[None]:
    """stdin as it was before `sort_inputs` read `head` from it, for the article reader, while the block runs."""
    if not head:
        yield
        return
    saved = sys.stdin
    raw = _Rejoined(b"".join(head), sys.stdin.buffer)
    sys.stdin = io.TextIOWrapper(io.BufferedReader(raw), encoding=saved.encoding or "utf-8")
    try:
        yield
    finally:
        sys.stdin = saved


class _Rejoined(io.RawIOBase):
    """`head`, then the rest of `rest`: a stream read from again from the start of what was taken."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size], self._head = self._head[:size], self._head[size:]
            return size
        data = self._rest.read1(len(buffer)) if hasattr(self._rest, "read1") else self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
