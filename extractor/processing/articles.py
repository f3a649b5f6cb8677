"""Stage 1, read: paths, directories, .jsonl files and stdin to a stream of articles.

Readers never stop at a bad input: they yield an `InputProblem` for it and go on, so the
CLI can report every problem and still process the good articles. Texts are decoded from
bytes without translating line endings, so quote offsets index the text exactly as stored.
File names that are not valid UTF-8 are given in records and messages with their
undecodable bytes escaped (`path_text`).
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from .decoding import decode, decode_wide, decoded_lines, strip_bom, wide_bom
from .records import Article

SUFFIXES = (".txt", ".jsonl")
STDIN = "<stdin>"
_SURROGATE = re.compile("[\ud800-\udfff]")


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
        path, shown = Path(name), path_text(name)
        try:
            is_dir = path.is_dir()
        except (OSError, ValueError) as error:  # a name too long, or with a NUL: reported like a missing file
            yield InputProblem(shown, _os_message(error))
            continue
        if is_dir:
            yield from _read_directory(path, shown)
        elif path.suffix == ".jsonl":
            yield from _read_jsonl_file(path, shown)
        else:
            yield from _read_text_file(path, path_text(path.stem), shown)


def path_text(name: str) -> str:
    """A file name as valid text, for an article's id and path and for messages.

    On POSIX a file name is bytes. Python decodes it as UTF-8 with "surrogateescape"
    (`os.fsdecode`): a byte 0xNN that is not UTF-8 becomes the lone surrogate U+DCNN, which no
    UTF-8 output (JSON Lines, `-o`, `--html`) can write. Each such surrogate is replaced by the
    escape of its byte, `\\xNN`: the file `b"caf\\xe9.txt"` is `caf\\xe9.txt` in records, with a
    literal backslash, so the name stays readable and shows which byte it was. Any other lone
    surrogate (possible in a Windows name) becomes `\\udNNN`. The escaped name is for reading
    only: `os.fsencode(name)` of the original name, not this text, opens the file; and a name
    that really contains a backslash followed by `xe9` looks the same. Everything else, control
    characters included, is kept: the terminal views escape those when they print.
    """
    return _SURROGATE.sub(_escape_surrogate, name) if _SURROGATE.search(name) else name


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def _read_directory(directory: Path, shown: str) -> Iterator[Article | InputProblem]:
    """Every .txt and .jsonl file below `directory`; a .txt file's id is its relative path.

    A subdirectory that cannot be listed is reported where it would have come in the
    sorted order, and the rest is read.
    """
    try:
        found = _files_below(directory, shown)
    except OSError as error:  # `directory` itself
        yield InputProblem(shown, _os_message(error))
        return
    if not found:
        yield InputProblem(shown, "no .txt or .jsonl files in this directory")
    for _, item in sorted(found, key=lambda pair: pair[0]):
        if isinstance(item, InputProblem):
            yield item
            continue
        file, file_shown = directory / item, os.path.join(shown, path_text(str(item)))
        if item.suffix == ".jsonl":
            yield from _read_jsonl_file(file, file_shown)
        else:
            yield from _read_text_file(file, path_text(item.with_suffix("").as_posix()), file_shown)


def _files_below(directory: Path, shown: str) -> list[tuple[str, Path | InputProblem]]:
    """(relative path with '/', item) for every .txt and .jsonl file below `directory` (a path
    relative to it) and for every subdirectory that cannot be listed (its problem), unsorted.

    Symbolic links to files are read, those to directories are not followed (no loops), as
    `Path.rglob` does; unlike `rglob`, which skips them silently, unreadable subdirectories are
    reported. Raises OSError if `directory` itself cannot be listed.
    """
    found: list[tuple[str, Path | InputProblem]] = []
    pending = [Path()]
    while pending:  # a loop, not recursion: no depth of directories can exhaust the stack
        rel = pending.pop()
        try:
            with os.scandir(directory / rel) as scan:
                entries = list(scan)
        except OSError as error:
            if rel == Path():
                raise
            found.append((rel.as_posix(), InputProblem(os.path.join(shown, path_text(str(rel))), _os_message(error))))
            continue
        for entry in entries:
            child = rel / entry.name
            if _entry_is(entry, directory=True):
                pending.append(child)
            elif child.suffix in SUFFIXES and _entry_is(entry, directory=False):
                found.append((child.as_posix(), child))
    return found


def _entry_is(entry: os.DirEntry[str], *, directory: bool) -> bool:
    """A real directory (not a link to one), or a file or a link to one; False if it cannot be told."""
    try:
        return entry.is_dir(follow_symlinks=False) if directory else entry.is_file()
    except OSError:
        return False


def _read_text_file(file: Path, article_id: str, shown: str) -> Iterator[Article | InputProblem]:
    """One article: the whole file."""
    try:
        data = file.read_bytes()
    except (OSError, ValueError) as error:
        yield InputProblem(shown, _os_message(error))
        return
    yield from _text_article(data, article_id, shown, shown)


def _read_jsonl_file(file: Path, shown: str) -> Iterator[Article | InputProblem]:
    """One article per line, read line by line so a large file is never held in memory."""
    try:
        with file.open("rb") as stream:
            yield from _jsonl_articles(stream, shown, path_text(file.stem), shown)
    except (OSError, ValueError) as error:
        yield InputProblem(shown, _os_message(error))


def _read_stdin() -> Iterator[Article | InputProblem]:
    """stdin as JSON Lines if its first non-blank character is '{', else as one article "stdin"."""
    lines = iter(sys.stdin.buffer)
    head: list[bytes] = []
    for line in lines:
        head.append(line)
        if _first_char(head):
            break
    if head and _first_char(head) == "{":
        yield from _jsonl_articles(chain(head, lines), STDIN, "stdin", None)
    else:
        yield from _text_article(b"".join(chain(head, lines)), "stdin", None, STDIN)


def _first_char(head: list[bytes]) -> str:
    """The first non-blank character of the first lines of stdin ('' if none yet), in the encoding
    a UTF-16 or UTF-32 byte order mark says, else as bytes (a UTF-8 BOM on any line is skipped)."""
    wide = wide_bom(head[0])
    if wide is None:
        start = strip_bom(head[-1]).lstrip()
        return chr(start[0]) if start else ""
    bom, encoding = wide
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(b"".join(head)[len(bom) :])
    return text.lstrip()[:1]


def _text_article(data: bytes, article_id: str, path: str | None, where: str) -> Iterator[Article | InputProblem]:
    """An article from raw bytes, or a problem if they are not text.

    A UTF-16 or UTF-32 byte order mark says how to decode; only bytes without one are checked
    for NUL bytes, which text in UTF-8 or a legacy encoding never has.
    """
    wide = wide_bom(data)
    if wide is not None:
        text, warning = decode_wide(data, *wide)
    elif b"\x00" in data:
        yield InputProblem(where, "binary file (contains NUL bytes), skipped")
        return
    else:
        text, warning = decode(data)
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
    for number, (line, warning) in enumerate(decoded_lines(lines), start=1):
        where = f"{source}:{number}"
        if line is None:
            yield InputProblem(where, warning or "")
            return
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
    except ValueError as error:  # an integer of more digits than Python converts (4300)
        return InputProblem(where, f"unreadable JSON: {_first_clause(str(error))}")
    except RecursionError:
        return InputProblem(where, "unreadable JSON: nested too deeply")
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
    elif not _encodable(str(article_id)):
        return InputProblem(where, '"id" contains an unpaired surrogate escape (such as \\ud800)')
    return Article(str(article_id), path, text)


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


def _first_clause(message: str) -> str:
    """'exceeds the limit (4300 digits) …': a Python message up to its first ';', first letter lowered."""
    message = message.split(";")[0].strip()
    return message[:1].lower() + message[1:]


def _os_message(error: OSError | ValueError) -> str:
    """'no such file or directory': the OS's words without errno or path, which we print anyway."""
    message = (error.strerror if isinstance(error, OSError) else None) or str(error)
    return message[:1].lower() + message[1:]
