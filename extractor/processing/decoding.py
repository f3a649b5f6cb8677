"""Bytes to text for the readers (`articles.py`): UTF-8, UTF-16 and UTF-32 by their byte order
mark, else UTF-8 or cp1252 with a warning. Line endings are left alone, so offsets index the
text exactly as stored; a byte order mark is not part of the text."""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from itertools import chain

# Byte order marks of the encodings told by them alone. UTF-32 LE comes before UTF-16 LE, whose
# BOM it starts with (so a UTF-16 LE text that starts with U+0000 is taken for UTF-32: no article does).
WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decoded_lines(lines: Iterable[bytes]) -> Iterator[tuple[str | None, str | None]]:
    """The lines of a JSON Lines source as text, each with a warning about its decoding or None.

    A UTF-16 or UTF-32 byte order mark at the start says how to decode the whole source, else
    each line is UTF-8 or cp1252 (`decode`). `(None, message)` ends the source: the rest is binary.
    """
    lines = iter(lines)
    first = next(lines, None)
    if first is None:
        return
    wide = wide_bom(first)
    if wide is not None:
        bom, encoding = wide
        yield from _wide_lines(chain([first[len(bom) :]], lines), encoding)
        return
    for raw in chain([first], lines):
        if b"\x00" in raw:
            # NUL never occurs in JSON text: this is binary, and every line would fail.
            yield None, "binary data (contains NUL bytes), rest of file skipped"
            return
        yield decode(raw)


def _wide_lines(chunks: Iterable[bytes], encoding: str) -> Iterator[tuple[str, str | None]]:
    """The lines of `chunks` of bytes in UTF-16 or UTF-32, each decoded with a warning or None (`decode_wide`).

    A line ends at the code unit for '\\n': bytes 0x0A elsewhere (in 'Ċ', U+010A) or across two
    code units are no line end. Each line is decoded on its own, so a bad one is told by its number.
    """
    width = len("\n".encode(encoding))
    newline = "\n".encode(encoding)
    buffer, searched = b"", 0
    for chunk in chunks:
        buffer += chunk
        while (at := buffer.find(newline, searched)) >= 0:
            if at % width:  # not on a code unit's start: part of two characters
                searched = at + 1
                continue
            line, buffer, searched = buffer[: at + width], buffer[at + width :], 0
            yield decode_wide(line, b"", encoding)
        searched = max(searched, len(buffer) - width + 1, 0)
    if buffer:
        yield decode_wide(buffer, b"", encoding)


def decode(data: bytes) -> tuple[str, str | None]:
    """UTF-8 (a BOM is dropped), else cp1252 with a warning; line endings are left alone."""
    data = strip_bom(data)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return data.decode("cp1252", errors="replace"), f"not valid UTF-8 (byte {error.start}), read as cp1252"


def decode_wide(data: bytes, bom: bytes, encoding: str) -> tuple[str, str | None]:
    """Bytes in UTF-16 or UTF-32 after their byte order mark `bom`, which is not part of the text (as
    for UTF-8); bytes that are not `encoding` become U+FFFD, with a warning giving the first one's offset
    in `data`."""
    body = data[len(bom) :]
    try:
        return body.decode(encoding), None
    except UnicodeDecodeError as error:
        byte = len(bom) + error.start
        text = body.decode(encoding, errors="replace")
        return text, f"not valid {encoding.upper()} (byte {byte}), undecodable bytes read as U+FFFD"


def wide_bom(data: bytes) -> tuple[bytes, str] | None:
    """The UTF-16 or UTF-32 byte order mark `data` starts with, and its encoding; None for any other start."""
    return next(((bom, encoding) for bom, encoding in WIDE_BOMS if data.startswith(bom)), None)


def strip_bom(data: bytes) -> bytes:
    return data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
