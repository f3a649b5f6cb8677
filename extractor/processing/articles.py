"""Stage 1, read: paths, directories, .jsonl files and stdin to a stream of articles.

Readers never stop at a bad input: they yield an `InputProblem` for it and go on, so the
CLI can report every problem and still process the good articles. Texts are decoded from
bytes without translating line endings, so quote offsets index the text exactly as stored.
"""

from __future__ import annotations

import codecs
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from .records import Article

SUFFIXES = (".txt", ".jsonl")
STDIN = "<stdin>"


@dataclass(frozen=True, slots=True)
class InputProblem:
    """An input that could not be read ("file" or "file:line"), or a warning about one."""

    where: str
    message: str
    warning: bool = False


def read_articles(paths: list[str]) -> Iterator[Article | InputProblem]:
    """Articles from files, directories (*.txt, *.jsonl, recursively) and '-' (stdin), in order."""
    for name in paths:
        if name == "-":
            yield from _read_stdin()
            continue
        path = Path(name)
        if path.is_dir():
            yield from _read_directory(path, name)
        elif path.suffix == ".jsonl":
            yield from _read_jsonl_file(path, name)
        else:
            yield from _read_text_file(path, path.stem, name)


def _read_directory(directory: Path, shown: str) -> Iterator[Article | InputProblem]:
    """Every .txt and .jsonl file below `directory`; a .txt file's id is its relative path."""
    try:
        os.listdir(directory)  # rglob() hides an unreadable directory: ask once, to report it
    except OSError as error:
        yield InputProblem(shown, _os_message(error))
        return
    files = sorted(
        (p.relative_to(directory) for p in directory.rglob("*") if p.suffix in SUFFIXES and p.is_file()),
        key=lambda rel: rel.as_posix(),
    )
    if not files:
        yield InputProblem(shown, "no .txt or .jsonl files in this directory")
    for rel in files:
        file, file_shown = directory / rel, os.path.join(shown, rel)
        if rel.suffix == ".jsonl":
            yield from _read_jsonl_file(file, file_shown)
        else:
            yield from _read_text_file(file, rel.with_suffix("").as_posix(), file_shown)


def _read_text_file(file: Path, article_id: str, shown: str) -> Iterator[Article | InputProblem]:
    """One article: the whole file."""
    try:
        data = file.read_bytes()
    except OSError as error:
        yield InputProblem(shown, _os_message(error))
        return
    yield from _text_article(data, article_id, shown, shown)


def _read_jsonl_file(file: Path, shown: str) -> Iterator[Article | InputProblem]:
    """One article per line, read line by line so a large file is never held in memory."""
    try:
        with file.open("rb") as stream:
            yield from _jsonl_articles(stream, shown, file.stem, shown)
    except OSError as error:
        yield InputProblem(shown, _os_message(error))


def _read_stdin() -> Iterator[Article | InputProblem]:
    """stdin as JSON Lines if its first non-blank character is '{', else as one article "stdin"."""
    lines = iter(sys.stdin.buffer)
    head: list[bytes] = []
    for line in lines:
        head.append(line)
        if _strip_bom(line).strip():
            break
    if head and _strip_bom(head[-1]).lstrip().startswith(b"{"):
        yield from _jsonl_articles(chain(head, lines), STDIN, "stdin", None)
    else:
        yield from _text_article(b"".join(chain(head, lines)), "stdin", None, STDIN)


def _text_article(data: bytes, article_id: str, path: str | None, where: str) -> Iterator[Article | InputProblem]:
    """An article from raw bytes, or a problem if they are not text."""
    if b"\x00" in data:
        yield InputProblem(where, "binary file (contains NUL bytes), skipped")
        return
    text, warning = _decode(data)
    if warning:
        yield InputProblem(where, warning, warning=True)
    yield Article(article_id, path, text)


def _jsonl_articles(
    lines: Iterable[bytes], source: str, stem: str, path: str | None
) -> Iterator[Article | InputProblem]:
    """Articles from JSON Lines `{"id": ..., "text": ...}`; blank lines are skipped.

    A source that is not UTF-8 is warned about once, at its first such line: a file in
    cp1252 would otherwise get a warning for every line.
    """
    warned = False
    for number, raw in enumerate(lines, start=1):
        where = f"{source}:{number}"
        if b"\x00" in raw:
            # NUL never occurs in JSON text: this is UTF-16 or binary, and every line would fail.
            yield InputProblem(where, "binary data (contains NUL bytes), rest of file skipped")
            return
        line, warning = _decode(raw)
        if not line.strip():
            continue
        if warning and not warned:
            warned = True
            yield InputProblem(where, warning + "; so are any later such lines", warning=True)
        yield _jsonl_article(line, where, f"{stem}:{number}", path)


def _jsonl_article(line: str, where: str, default_id: str, path: str | None) -> Article | InputProblem:
    """One JSON Lines record checked field by field; other fields are ignored."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return InputProblem(where, f"malformed JSON: {error.msg} (column {error.colno})")
    if not isinstance(record, dict):
        return InputProblem(where, f"expected a JSON object, got {_json_type(record)}")
    if "text" not in record:
        return InputProblem(where, 'no "text" field')
    text, article_id = record["text"], record.get("id")
    if not isinstance(text, str):
        return InputProblem(where, f'"text" is {_json_type(text)}, not a string')
    if not _encodable(text):
        return InputProblem(where, '"text" contains an unpaired surrogate escape (such as \\ud800)')
    if article_id is None:
        article_id = default_id
    elif isinstance(article_id, bool) or not isinstance(article_id, (str, int, float)):
        return InputProblem(where, f'"id" is {_json_type(article_id)}, not a string or number')
    return Article(str(article_id), path, text)


def _decode(data: bytes) -> tuple[str, str | None]:
    """UTF-8 (a BOM is dropped), else cp1252 with a warning; line endings are left alone."""
    data = _strip_bom(data)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return data.decode("cp1252", errors="replace"), f"not valid UTF-8 (byte {error.start}), read as cp1252"


def _strip_bom(data: bytes) -> bytes:
    return data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data


def _encodable(text: str) -> bool:
    """False for JSON's lone surrogate escapes, which no UTF-8 output can write back."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _os_message(error: OSError) -> str:
    """'no such file or directory': the OS's words without errno or path, which we print anyway."""
    message = error.strerror or str(error)
    return message[:1].lower() + message[1:]
