"""The progress bar on stderr, and the number of articles it expects.

The total is counted before the run, cheaply: files are listed and JSON Lines files have their
non-blank lines counted, but no text is decoded or parsed, so counting costs a small part of
reading. Where the number cannot be told without reading the input (stdin, a file kind whose
articles are not one per file or per line), the bar counts up without a total or a time left.
rich.progress is imported only when the bar is shown: start-up time counts.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.console import Console

from ..processing.articles import is_article_file

LINE_SUFFIXES = (".jsonl",)  # one article (or record) per non-blank line
UNCOUNTED_SUFFIXES = (".json",)  # any number of articles in one document: not told without parsing it
_CHUNK = 1 << 20


def count_articles(paths: Iterable[str]) -> int | None:
    """How many articles `paths` hold, as `read_articles` will read them (in directories, the files it
    reads, recursively); None when that cannot be told cheaply (stdin, a .json array). Unreadable inputs
    count 0: they are reported when they are read."""
    total = 0
    for name in paths:
        if name == "-" or "://" in name:  # stdin, or a URL: not counted before it is read
            return None
        path = Path(name)
        files = _files_below(path) if _is_dir(path) else [path]
        for file in files:
            count = count_in_file(file)
            if count is None:
                return None
            total += count
    return total


def count_in_file(file: Path) -> int | None:
    """1 for an article file, its non-blank lines for JSON Lines, None for a kind that cannot be counted;
    0 for a file that is not there (the reader reports it)."""
    suffix = file.suffix.lower()
    if suffix in UNCOUNTED_SUFFIXES:
        return None
    if suffix in LINE_SUFFIXES:
        return count_lines(file)
    return 1 if _is_file(file) else 0


def count_lines(file: Path) -> int:
    """Non-blank lines, read in binary chunks (0 when the file cannot be read)."""
    count, pending = 0, b""
    try:
        with file.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                lines = (pending + chunk).split(b"\n")
                pending = lines.pop()
                count += sum(1 for line in lines if line.strip())
    except (OSError, ValueError):
        return 0
    return count + (1 if pending.strip() else 0)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _files_below(directory: Path) -> list[Path]:
    """The article files below `directory`, not following links to directories (as the readers do)."""
    found = []
    for folder, _, files in os.walk(directory):
        found += [Path(folder, name) for name in files if is_article_file(name)]
    return [file for file in found if _is_file(file)]


class NoProgress(contextlib.nullcontext):
    """The progress bar when it is not shown, without importing rich.progress."""

    def __init__(self) -> None:
        super().__init__(self)

    def add_task(self, *args: Any, **kwargs: Any) -> int:
        return 0

    def update(self, *args: Any, **kwargs: Any) -> None:
        pass


def progress_bar(console: Console, *, enabled: bool, known_total: bool) -> Any:
    """A transient article counter on `console`; with a known total, a bar, the count of the total and the time left."""
    if not enabled:
        return NoProgress()
    from rich import progress as rp

    columns: list[Any] = [rp.SpinnerColumn(), rp.TextColumn("{task.description}")]
    if known_total:
        columns += [rp.BarColumn(), rp.MofNCompleteColumn(), rp.TextColumn("articles"), rp.TimeElapsedColumn(),
                    rp.TextColumn("left"), rp.TimeRemainingColumn()]
    else:
        columns += [rp.TextColumn("{task.completed} articles"), rp.TimeElapsedColumn()]
    # Redirecting would send our stdout data through the stderr console.
    return rp.Progress(*columns, console=console, transient=True, redirect_stdout=False, redirect_stderr=False)
