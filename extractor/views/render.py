"""Stage 5, render: article records to a rich Table or to JSON text. Pure: nothing is printed here.

The table is for a terminal: control characters from the article or its name show as escapes
(`safe_text`), never as sequences the terminal would obey. JSON keeps every text exact.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from rich.table import Table
from rich.text import Text

from ..components.quote_types import INDIRECT, SCARE
from .safe_text import terminal_line, visible

# Below this the attribution is a guess worth checking by eye: the rules that score under it
# (pronoun speakers, quotes attributed from a neighbour) are the ones most often wrong.
LOW_CONFIDENCE = 0.7
QUOTE_WIDTH = 80
_LINE_SEPARATORS = str.maketrans({c: f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"})
NO_SPEAKER = "—"
# Reported speech has no quotation marks to tell it by, so its cell says what it is, and italics set it apart.
REPORTED_PREFIX = "reported: "


def quotes_table(record: dict[str, Any], min_confidence: float = 0.0) -> Table:
    """One article's quotes as a table; attributions with confidence below `min_confidence` are left out.

    Scare quotes and quotes without a speaker attribute nothing (their confidence is 0): they stay, as
    in `--show`, and the caption's count of what was hidden is of attributions only.
    """
    table = Table(title=Text(terminal_line(record["id"]), style="bold"), title_justify="left")
    table.add_column("#", justify="right")
    # The quote is what the reader scans; on a narrow terminal the other columns give way.
    table.add_column("quote")
    table.add_column("speaker", max_width=20, overflow="fold")
    table.add_column("kind")
    table.add_column("role", max_width=20, overflow="fold")
    table.add_column("cue", max_width=12)
    quotes = record["quotes"]
    shown = [q for q in quotes if not is_attribution(q) or q["confidence"] >= min_confidence]
    for quote in shown:
        table.add_row(*_cells(quote), style=_row_style(quote))
    reported = sum(1 for q in quotes if q["type"] == INDIRECT)
    table.caption = _caption(len(quotes) - len(shown), len(quotes), reported, min_confidence)
    return table


def is_attribution(quote: dict[str, Any]) -> bool:
    """A quote with a speaker: what a confidence is about (a scare quote never has one)."""
    return quote["type"] != SCARE and quote["speaker"] is not None


def _cells(quote: dict[str, Any]) -> list[Text]:
    """#, quote, speaker, kind, role, cue; as Text, so brackets in articles are never markup.

    The quote goes on one line: line breaks (and \\r) become spaces, as all whitespace does; any
    other control character shows as its escape, as it does in the other cells.
    """
    speaker, cue = quote["speaker"], quote["cue"]
    if quote["type"] == SCARE or speaker is None:
        # A scare quote has no speaker by definition; any other quote without one is a miss.
        name, kind, role = (NO_SPEAKER if quote["type"] == SCARE else "?"), "", ""
    else:
        mention = speaker["mention"]
        name = speaker["name"] or (mention["text"] if mention else "(unnamed)")
        name = " and ".join([name, *(person["name"] for person in speaker.get("with") or [])])  # said together
        name += "?" if quote["confidence"] < LOW_CONFIDENCE else ""
        kind, role = speaker["kind"] or "", speaker["role"] or ""
    cells = [Text(visible(cell)) for cell in (str(quote["index"]), _one_line(quote["text"]), name, kind, role,
                                              cue["text"] if cue else "")]
    if quote["type"] == INDIRECT:
        cells[1] = Text.assemble((REPORTED_PREFIX, "dim"),
                                 (_one_line(quote["text"], QUOTE_WIDTH - len(REPORTED_PREFIX)), "italic"))
    return cells


def _row_style(quote: dict[str, Any]) -> str:
    if quote["type"] == SCARE:
        return "dim"
    return "yellow" if quote["confidence"] < LOW_CONFIDENCE else ""


def _caption(hidden: int, total: int, reported: int, min_confidence: float) -> str:
    """`8 quotes`, or with reported speech `8 quotes, 6 reported statements`: every row counted once; then
    the attributions below `min_confidence` left out, if any."""
    if total == 0:
        return "no quotes"
    caption = plural(total - reported, "quote")
    if reported:
        caption += f", {plural(reported, 'reported statement')}"
    if hidden:
        caption += f", {plural(hidden, 'attribution')} below confidence {min_confidence:g} hidden"
    return caption + f"; ? = confidence below {LOW_CONFIDENCE:g}"


def _one_line(text: str, width: int = QUOTE_WIDTH) -> str:
    """`shorten` for the table: control characters that are not line breaks or tabs escaped first."""
    return shorten(visible(text, keep="\n\t\r"), width)


def shorten(text: str, width: int = QUOTE_WIDTH) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def plural(number: int, noun: str) -> str:
    """`1 quote`, `2 quotes`: a count and its noun."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def to_jsonl(record: dict[str, Any]) -> str:
    """One record as one line of JSON (no newline), non-ASCII kept as is.

    JSON leaves U+0085, U+2028 and U+2029 unescaped, but Python's `str.splitlines` and
    other readers take them for line ends: they are escaped, so a line is a record for all.
    """
    return json.dumps(record, ensure_ascii=False).translate(_LINE_SEPARATORS)


def to_json_array(records: Iterable[dict[str, Any]]) -> str:
    """All records as one indented JSON array (no trailing newline)."""
    return json.dumps(list(records), ensure_ascii=False, indent=2)
