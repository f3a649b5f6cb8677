"""Stage 1, read: paths, directories, .txt, .jsonl, .json and .html files and stdin to a stream of articles.

Readers never stop at a bad input: they yield an `InputProblem` for it and go on, so the
CLI can report every problem and still process the good articles. Texts are decoded from
bytes without translating line endings, so quote offsets index the text exactly as stored.
File names that are not valid UTF-8 are given in records and messages with their
undecodable bytes escaped (`path_text`). A file's kind is told by its suffix, in any case
(`STORY.TXT`). A JSON object's fields other than its text and id are kept as the article's
`meta`; a web page is reduced to its article text (`webpages.main_text`).
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from .decoding import decode, decode_wide, decoded_lines, strip_bom, wide_bom
from .records import Article

# How each kind of file is read, by its suffix in lower case. A file given by name with any other
# suffix is read as text; in a directory, only these are read.
KINDS = {".txt": "text", ".jsonl": "jsonl", ".json": "json", ".html": "html", ".htm": "html"}
SUFFIXES = tuple(KINDS)
# Read from a directory: not .json, which a folder holds for many other ends (a previous run's
# -o output, settings); a .json file is read when named.
DIRECTORY_SUFFIXES = tuple(suffix for suffix in SUFFIXES if suffix != ".json")
STDIN = "<stdin>"
_SURROGATE = re.compile("[\ud800-\udfff]")
URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")  # a path with a protocol: read through fsspec
_SURROGATE_MESSAGE = "contains an unpaired surrogate escape (such as \\ud800)"
# Metadata is passed through as it is, but no deeper than this: JSON nested deeper than the
# writers' recursion allows would fail the output (no real metadata comes near).
MAX_META_DEPTH = 100


@dataclass(frozen=True, slots=True)
class InputProblem:
    """An input that could not be read ("file" or "file:line"), or a warning about one."""

    where: str
    message: str
    warning: bool = False


@dataclass(frozen=True, slots=True)
class Fields:
    """The names of the fields of a JSON object that hold the article's text and its id."""

    text: str = "text"
    id: str = "id"


def read_articles(
    paths: list[str], *, text_field: str = "text", id_field: str = "id"
) -> Iterator[Article | InputProblem]:
    """Articles from files, directories (recursively) and '-' (stdin), in order.

    Args:
        paths: .txt, .jsonl, .json (an array of objects), .html or .htm files (any other file given
            is read as text), directories (their files with those suffixes) and '-' for stdin.
        text_field: the field of a JSON object that holds the article's text.
        id_field: the field that holds its id (if absent, the id is "file:line" or "file:[index]").
    """
    fields = Fields(text_field, id_field)
    for name in paths:
        if name == "-":
            yield from _read_stdin(fields)
            continue
        if URL.match(name):  # s3://bucket/corpus/, gs://…, https://…/feed.jsonl: through fsspec
            yield from _read_url(name, fields)
            continue
        path, shown = Path(name), path_text(name)
        try:
            is_dir = path.is_dir()
        except (OSError, ValueError) as error:  # a name too long, or with a NUL: reported like a missing file
            yield InputProblem(shown, _os_message(error))
            continue
        if is_dir:
            yield from _read_directory(path, shown, fields)
        else:
            yield from _read_file(path, path_text(path.stem), shown, fields)


class Readable(Protocol):
    """What the readers ask of a file: a local Path, or a file an fsspec filesystem holds."""

    @property
    def suffix(self) -> str: ...

    @property
    def stem(self) -> str: ...

    def read_bytes(self) -> bytes: ...

    def open(self, mode: str) -> Any: ...


@dataclass(frozen=True)
class _RemoteFile:
    """A file an fsspec filesystem holds, with what the readers ask of a Path."""

    fs: Any
    path: str

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.path).suffix

    @property
    def stem(self) -> str:
        return PurePosixPath(self.path).stem

    def read_bytes(self) -> bytes:
        return bytes(self.fs.cat_file(self.path))

    def open(self, mode: str) -> Any:
        return self.fs.open(self.path, mode)


def _read_url(name: str, fields: Fields) -> Iterator[Article | InputProblem]:
    """A file or a folder named by a URL that fsspec understands (its protocol's package installed)."""
    try:
        import fsspec
    except ImportError:
        yield InputProblem(name, 'reading a URL needs fsspec: pip install "extractor[dask]"')
        return
    try:
        fs, root = fsspec.core.url_to_fs(name)
        if fs.isdir(root):
            found = sorted(p for p in fs.find(root) if is_article_file(p))
            if not found:
                yield InputProblem(name, f"no {_suffix_list()} files in this directory")
            for path in found:
                relative = PurePosixPath(path).relative_to(PurePosixPath(root))
                yield from _read_file(_RemoteFile(fs, path), relative.with_suffix("").as_posix(),
                                      f"{name.rstrip('/')}/{relative.as_posix()}", fields)
        else:
            yield from _read_file(_RemoteFile(fs, root), PurePosixPath(root).stem, name, fields)
    except (OSError, ValueError, ImportError) as error:  # missing, refused, or a protocol's package not installed
        yield InputProblem(name, _os_message(error) if isinstance(error, OSError) else str(error))


def is_article_file(name: str) -> bool:
    """Whether a directory's file of this name is read as an article (by its suffix, in any case)."""
    return Path(name).suffix.lower() in DIRECTORY_SUFFIXES


def _kind(path: Readable) -> str | None:
    """'text', 'jsonl', 'json' or 'html' by the file's suffix, whatever its case; None for another suffix."""
    return KINDS.get(path.suffix.lower())


def _read_file(file: Readable, article_id: str, shown: str, fields: Fields) -> Iterator[Article | InputProblem]:
    """The articles of one file, read as its suffix says; `article_id` is for a file of one article."""
    kind = _kind(file)
    if kind == "jsonl":
        yield from _read_jsonl_file(file, shown, fields)
    elif kind == "json":
        yield from _read_json_file(file, shown, fields)
    elif kind == "html":
        yield from _read_html_file(file, article_id, shown)
    else:
        yield from _read_text_file(file, article_id, shown)


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


def _read_directory(directory: Path, shown: str, fields: Fields) -> Iterator[Article | InputProblem]:
    """Every article file below `directory` (DIRECTORY_SUFFIXES); a .txt or .html file's id is its relative path.

    A subdirectory that cannot be listed is reported where it would have come in the
    sorted order, and the rest is read.
    """
    try:
        found = _files_below(directory, shown)
    except OSError as error:  # `directory` itself
        yield InputProblem(shown, _os_message(error))
        return
    if not found:
        yield InputProblem(shown, f"no {_suffix_list()} files in this directory")
    for _, item in sorted(found, key=lambda pair: pair[0]):
        if isinstance(item, InputProblem):
            yield item
            continue
        file, file_shown = directory / item, os.path.join(shown, path_text(str(item)))
        yield from _read_file(file, path_text(item.with_suffix("").as_posix()), file_shown, fields)


def _suffix_list() -> str:
    """'.txt, .jsonl, .html or .htm': the suffixes read from a directory, for a message."""
    return ", ".join(DIRECTORY_SUFFIXES[:-1]) + " or " + DIRECTORY_SUFFIXES[-1]


def _files_below(directory: Path, shown: str) -> list[tuple[str, Path | InputProblem]]:
    """(relative path with '/', item) for every article file below `directory` (a path
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
            elif is_article_file(entry.name) and _entry_is(entry, directory=False):
                found.append((child.as_posix(), child))
    return found


def _entry_is(entry: os.DirEntry[str], *, directory: bool) -> bool:
    """A real directory (not a link to one), or a file or a link to one; False if it cannot be told."""
    try:
        return entry.is_dir(follow_symlinks=False) if directory else entry.is_file()
    except OSError:
        return False


def _read_text_file(file: Readable, article_id: str, shown: str) -> Iterator[Article | InputProblem]:
    """One article: the whole file."""
    try:
        data = file.read_bytes()
    except (OSError, ValueError) as error:
        yield InputProblem(shown, _os_message(error))
        return
    yield from _text_article(data, article_id, shown, shown)


def _read_html_file(file: Readable, article_id: str, shown: str) -> Iterator[Article | InputProblem]:
    """One article: the main text of a web page, which its record carries (see `Article.extracted`)."""
    from .webpages import main_text  # here: the extraction library is loaded only for a page

    page = yield from _read_text(file, shown)
    if page is None:
        return
    try:
        text = main_text(page)
    except Exception as error:  # the library failing on one page must not stop the others
        yield InputProblem(shown, f"unreadable HTML: {_first_line(error)}")
        return
    if text is None:
        yield InputProblem(shown, "no article text found")
        return
    yield Article(article_id, shown, text, extracted=True)


def _read_json_file(file: Readable, shown: str, fields: Fields) -> Iterator[Article | InputProblem]:
    """One article per object of a JSON array, located as "file:[index]" (from 0).

    The whole file is read and parsed at once (JSON has no lines to go by): for a corpus too large
    for memory, JSON Lines is the format to use.
    """
    content = yield from _read_text(file, shown)
    if content is None:
        return
    if not content.strip():
        yield InputProblem(shown, "empty file, expected a JSON array of objects")
        return
    items = _parse_json(content, shown, with_line=True)
    if isinstance(items, InputProblem):
        yield items
    elif not isinstance(items, list):
        yield InputProblem(shown, f"expected a JSON array of objects, got {_json_type(items)}")
    elif items and not any(isinstance(item, dict) for item in items):
        yield InputProblem(shown, "expected a JSON array of objects, got an array with no object in it")
    else:
        stem = path_text(file.stem)
        for index, item in enumerate(items):
            yield _object_article(item, f"{shown}:[{index}]", f"{stem}:[{index}]", shown, fields)


def _read_text(file: Readable, shown: str) -> Generator[InputProblem, None, str | None]:
    """A whole file's text (`yield from` gives it), its problems yielded; None if it has none to read."""
    try:
        data = file.read_bytes()
    except (OSError, ValueError) as error:
        yield InputProblem(shown, _os_message(error))
        return None
    text, problem = _decoded(data, shown)
    if problem is not None:
        yield problem
    return None if problem is not None and not problem.warning else text


def _read_jsonl_file(file: Readable, shown: str, fields: Fields) -> Iterator[Article | InputProblem]:
    """One article per line, read line by line so a large file is never held in memory."""
    try:
        with file.open("rb") as stream:
            yield from _jsonl_articles(stream, shown, path_text(file.stem), shown, fields)
    except (OSError, ValueError) as error:
        yield InputProblem(shown, _os_message(error))


def _read_stdin(fields: Fields) -> Iterator[Article | InputProblem]:
    """stdin as JSON Lines if its first non-blank character is '{', else as one article "stdin"."""
    lines = iter(sys.stdin.buffer)
    head: list[bytes] = []
    for line in lines:
        head.append(line)
        if _first_char(head):
            break
    if head and _first_char(head) == "{":
        yield from _jsonl_articles(chain(head, lines), STDIN, "stdin", None, fields)
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
    """An article from raw bytes, or a problem if they are not text."""
    text, problem = _decoded(data, where)
    if problem is not None:
        yield problem
    if text is not None:
        yield Article(article_id, path, text)


def _decoded(data: bytes, where: str) -> tuple[str | None, InputProblem | None]:
    """A whole file's bytes as text (None if binary), with a problem or a warning about them.

    A UTF-16 or UTF-32 byte order mark says how to decode; only bytes without one are checked
    for NUL bytes, which text in UTF-8 or a legacy encoding never has.
    """
    wide = wide_bom(data)
    if wide is not None:
        text, warning = decode_wide(data, *wide)
    elif b"\x00" in data:
        return None, InputProblem(where, "binary file (contains NUL bytes), skipped")
    else:
        text, warning = decode(data)
    return text, None if warning is None else InputProblem(where, warning, warning=True)


def _jsonl_articles(
    lines: Iterable[bytes], source: str, stem: str, path: str | None, fields: Fields
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
        parsed = _parse_json(line, where)
        yield parsed if isinstance(parsed, InputProblem) else _object_article(
            parsed, where, f"{stem}:{number}", path, fields
        )


def _parse_json(content: str, where: str, *, with_line: bool = False) -> Any:
    """The value of a JSON text, or the problem that stops it loading (`with_line`: say where, in a whole file)."""
    try:
        return json.loads(content)
    except json.JSONDecodeError as error:
        at = f"line {error.lineno} column {error.colno}" if with_line else f"column {error.colno}"
        return InputProblem(where, f"malformed JSON: {error.msg} ({at})")
    except ValueError as error:  # an integer of more digits than Python converts (4300)
        return InputProblem(where, f"unreadable JSON: {_first_clause(str(error))}")
    except RecursionError:
        return InputProblem(where, "unreadable JSON: nested too deeply")


def _object_article(
    record: Any, where: str, default_id: str, path: str | None, fields: Fields
) -> Article | InputProblem:
    """The article of one JSON object, checked field by field; its other fields are its `meta`.

    Without an id field (or with null) the article's id is `default_id`, where it was found.
    """
    if not isinstance(record, dict):
        return InputProblem(where, f"expected a JSON object, got {_json_type(record)}")
    problem = _text_problem(record, fields.text) or _id_problem(record, fields.id)
    meta = {key: value for key, value in record.items() if key not in (fields.text, fields.id)}
    problem = problem or next(filter(None, (_meta_problem(key, value) for key, value in meta.items())), None)
    if problem is not None:
        return InputProblem(where, problem)
    article_id = record.get(fields.id)
    return Article(default_id if article_id is None else str(article_id), path, record[fields.text], meta)


def _text_problem(record: dict[str, Any], field: str) -> str | None:
    """Why the object's text field cannot be read as an article, or None."""
    if field not in record:
        return f"no {_quoted(field)} field"
    text = record[field]
    if not isinstance(text, str):
        return f"{_quoted(field)} is {_json_type(text)}, not a string"
    return None if _encodable(text) else f"{_quoted(field)} {_SURROGATE_MESSAGE}"


def _id_problem(record: dict[str, Any], field: str) -> str | None:
    """Why the object's id field cannot be an id, or None (also when it is absent or null)."""
    article_id = record.get(field)
    if article_id is None:
        return None
    if isinstance(article_id, bool) or not isinstance(article_id, (str, int, float)):
        return f"{_quoted(field)} is {_json_type(article_id)}, not a string or number"
    return None if _encodable(str(article_id)) else f"{_quoted(field)} {_SURROGATE_MESSAGE}"


def _meta_problem(key: str, value: Any) -> str | None:
    """Why a field kept in `meta` could not be written out, or None: a lone surrogate escape (no UTF-8
    output can hold it), or nesting deeper than the writers can recurse. Either would fail every
    output after this article, so the article is reported instead. A walk, not recursion."""
    if not _encodable(key):
        return f"a field name {_SURROGATE_MESSAGE}"
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_META_DEPTH:
            return f"{_quoted(key)} is nested more than {MAX_META_DEPTH} levels deep"
        if isinstance(item, str) and not _encodable(item):
            return f"{_quoted(key)} {_SURROGATE_MESSAGE}"
        if isinstance(item, dict):
            pending.extend((part, depth + 1) for part in chain(item, item.values()))
        elif isinstance(item, list):
            pending.extend((part, depth + 1) for part in item)
    return None


def _quoted(field: str) -> str:
    """A field name as messages show it: '"body"' (a lone surrogate in it escaped, see `path_text`)."""
    return f'"{path_text(field)}"'


def _first_line(error: Exception) -> str:
    """An error's message on one line, for a message that names the file: never a traceback."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


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
