"""`--format csv` and `--format tsv`: one row per quote, for a spreadsheet or `pandas.read_csv`.

Written with the csv module, so a quote holding a newline, a quote mark or the delimiter is
quoted and escaped as spreadsheets expect (RFC 4180, but rows end with the system's line end:
stdout is a text stream, which turns "\\n" into "\\r\\n" on Windows; TSV is the same with tabs). The
columns are data (`COLUMNS`): the header and each row come from the one list, so they cannot
drift apart. An article without quotes has no row. `meta` is the record's `meta` object as one
JSON cell, the same on every row of an article.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from typing import Any, TextIO

from .safe_text import visible

Quote = dict[str, Any]
Record = dict[str, Any]
Cell = Callable[[Record, Quote], Any]


def _speaker(field: str) -> Cell:
    return lambda record, quote: quote["speaker"][field] if quote["speaker"] else None


def _with(record: Record, quote: Quote) -> str | None:
    """The people named with the speaker, who say the words together: "Amy Chen"."""
    together = quote["speaker"].get("with") if quote["speaker"] else None
    return "; ".join(person["name"] for person in together) if together else None


def _cue(record: Record, quote: Quote) -> Any:
    return quote["cue"]["text"] if quote["cue"] else None


def _meta(record: Record, quote: Quote) -> str:
    return json.dumps(record.get("meta") or {}, ensure_ascii=False)


# (column, what goes in it): the order of the header and of every row.
COLUMNS: tuple[tuple[str, Cell], ...] = (
    ("article_id", lambda record, quote: record["id"]),
    ("quote_index", lambda record, quote: quote["index"]),
    ("type", lambda record, quote: quote["type"]),
    ("text", lambda record, quote: quote["text"]),
    ("start", lambda record, quote: quote["start"]),
    ("end", lambda record, quote: quote["end"]),
    ("speaker", _speaker("name")),
    ("kind", _speaker("kind")),
    ("role", _speaker("role")),
    ("gender", _speaker("gender")),
    ("with", _with),
    ("cue", _cue),
    ("confidence", lambda record, quote: quote["confidence"]),
    ("rule", lambda record, quote: quote["rule"]),
    ("meta", _meta),
)
HEADER = tuple(name for name, _ in COLUMNS)
DELIMITERS = {"csv": ",", "tsv": "\t"}


def cell_text(value: Any) -> str:
    """A value as its cell: null is an empty cell, a number as Python writes it (0.93, 3538)."""
    return "" if value is None else str(value)


def quote_rows(record: Record) -> list[list[str]]:
    """One row of cells per quote of the article, in `HEADER` order."""
    return [[cell_text(get(record, quote)) for _, get in COLUMNS] for quote in record["quotes"]]


class RowWriter:
    """Writes the header once, then the rows of each record, to `stream` (a terminal gets escapes for
    control characters, as the table does; a file or a pipe gets every text exact)."""

    def __init__(self, stream: TextIO, kind: str, *, terminal: bool = False) -> None:
        self._writer = csv.writer(stream, delimiter=DELIMITERS[kind], lineterminator="\n")
        self._terminal = terminal

    def header(self) -> None:
        self._writer.writerow(HEADER)

    def record(self, record: Record) -> None:
        rows = quote_rows(record)
        if self._terminal:
            rows = [[visible(cell, keep="\n\t\r") for cell in row] for row in rows]
        self._writer.writerows(rows)
