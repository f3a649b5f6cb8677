"""`extract --show`: an article's text with its quotes marked, to check attributions by eye in a terminal.

Pure: returns rich renderables and prints nothing. Every mark that matters also shows as text
(the `[speaker]` label after each quote, `?` and the confidence for a doubtful one, `reported:`
for reported speech), so the view still reads when the console drops colours (NO_COLOR) or all
styles (piped output). Control characters in the article, its id or its path show as escapes
(`safe_text`: `\\x1b`), never as sequences the terminal would obey; line breaks make paragraphs,
and tabs are kept.
"""

from __future__ import annotations

import re
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

from ..components.quote_types import SCARE
from .marks import Paragraph, Quote, counts, is_reported, label, layout, reported_by_speaker, speaker_slots
from .render import LOW_CONFIDENCE, is_attribution, plural
from .safe_text import terminal_line, visible

# Mid-tone colours that read on dark and light backgrounds alike. Red and yellow are left out:
# they mean "no speaker" and "check this one", as in the table.
PALETTE = (
    "dodger_blue1", "dark_orange3", "green4", "medium_orchid", "dark_cyan", "hot_pink3", "slate_blue1", "orange4"
)
NO_SPEAKER_STYLE = "bold red"
LOW_STYLE = "bold black on yellow"
SCARE_STYLE = "dim"
# Reported speech is the writer's wording: the speaker's colour, in italics, never a quotation's plain face.
REPORTED_STYLE = "italic"


def speaker_colour(slot: int) -> str:
    """The colour of the speaker in colour slot `slot` (`marks.speaker_slots`); colours repeat after eight."""
    return PALETTE[slot % len(PALETTE)]


def article_view(record: dict[str, Any], text: str, *, min_confidence: float = 0.0) -> Group:
    """The article `text` with its quotes marked, between a header and a legend of its speakers.

    A quote attributed with less confidence than `min_confidence` is left unmarked.
    """
    slots = speaker_slots(record)

    def keep(quote: Quote) -> bool:
        return not is_attribution(quote) or quote["confidence"] >= min_confidence

    body: list[RenderableType] = []
    for number, paragraph in enumerate(layout(text, record, keep)):
        if number:
            body.append(Text())
        body.append(_paragraph(paragraph, text, record["quotes"], slots))
    return Group(_header(record), *body, Text(), legend(record))


def _header(record: dict[str, Any]) -> Group:
    numbers = counts(record)
    summary = plural(numbers["quotes"], "quote")
    if numbers["reported"]:
        summary += f", {plural(numbers['reported'], 'reported statement')}"
    summary += f", {plural(numbers['speakers'], 'speaker')}"
    if numbers["unattributed"]:
        summary += f", {numbers['unattributed']} with no speaker"
    if numbers["low"]:
        summary += f", {numbers['low']} to check"
    source = Text(terminal_line(record["path"] or ""), style="dim")
    title = Rule(Text(terminal_line(record["id"]), style="bold"), align="left", style="dim")
    return Group(title, Text(summary) + Text("  ") + source, Text())


class Wrapped:
    """A paragraph wrapped to the console width at spaces, never inside a label, with no trailing spaces."""

    def __init__(self, text: Text, unbreakable: list[tuple[int, int]]) -> None:
        self.text = text
        self.unbreakable = unbreakable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.text.divide(self._breaks(options.max_width)):
            line.rstrip()
            line.end = "\n"
            yield line

    def _breaks(self, width: int) -> list[int]:
        """Where each line starts, filling lines greedily; a word longer than a line is folded by rich."""
        plain = self.text.plain
        breaks, line_start = [], 0
        for word in re.finditer(r"[^ \t]+", plain):  # a no-break space in the article stays one
            if any(start < word.start() < end for start, end in self.unbreakable):
                continue  # a space inside a label: the label wraps as one word
            word_end = next((end for start, end in self.unbreakable if start <= word.start() < end), word.end())
            if word.start() > line_start and cell_len(plain[line_start:word_end]) > width:
                breaks.append(word.start())
                line_start = word.start()
        return breaks


def _paragraph(paragraph: Paragraph, text: str, quotes: list[Quote], slots: dict[str, int]) -> Wrapped:
    line = Text(style="bold" if paragraph.headline else "")
    labels = []
    for run in paragraph.runs:
        # A paragraph holds no line break; a tab is kept, for the wrapping to break at.
        line.append(visible(text[run.start : run.end], keep="\t"),
                    _run_style(run.quote, run.mention_of, run.cue_of, quotes, slots))
        for ending in run.ends:  # a partial quote's label comes before that of the reported speech around it
            tag = label(quotes[ending])
            if tag is not None:
                tag = terminal_line(tag)
                line.append(" ")
                labels.append((len(line), len(line) + len(tag) + 2))
                line.append(f"[{tag}]", _label_style(quotes[ending], slots))
    return Wrapped(line, labels)


def _run_style(
    inside: int | None, mention_of: tuple[int, ...], cue_of: tuple[int, ...], quotes: list[Quote], slots: dict[str, int]
) -> Style:
    style = Style()
    if inside is not None:
        quote = quotes[inside]
        if quote["type"] == SCARE:
            style += Style.parse(SCARE_STYLE)
        elif quote["speaker"] is None:
            style += Style.parse("red")
        else:
            style += Style(color=speaker_colour(slots[quote["speaker"]["id"]]))
        if is_reported(quote):
            style += Style.parse(REPORTED_STYLE)
    if mention_of:
        # The words naming the speaker take the speaker's colour, so the eye joins them to the quote.
        speaker_id = quotes[mention_of[0]]["speaker"]["id"]
        style += Style(color=speaker_colour(slots[speaker_id]), underline=True, bold=True)
    if cue_of:
        style += Style(underline=True)
    return style


def _label_style(quote: Quote, slots: dict[str, int]) -> str:
    if quote["speaker"] is None:
        style = NO_SPEAKER_STYLE
    elif quote["confidence"] < LOW_CONFIDENCE:
        style = LOW_STYLE
    else:
        style = f"bold {speaker_colour(slots[quote['speaker']['id']])}"
    return f"{style} {REPORTED_STYLE}" if is_reported(quote) else style


def legend(record: dict[str, Any]) -> Table:
    """Who speaks in the article: colour, name, kind, role and number of quotes; a key to the marks below.

    With reported speech in the record, a column counts it apart from the quotations.
    """
    slots = speaker_slots(record)
    reported = reported_by_speaker(record)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False, show_edge=False)
    table.add_column("", no_wrap=True, width=1)  # the speaker's colour
    table.add_column("speaker", overflow="fold", ratio=3)
    table.add_column("kind", no_wrap=True)
    table.add_column("role", overflow="fold", ratio=3)
    table.add_column("quotes", justify="right", no_wrap=True)
    if reported:
        table.add_column("reported", justify="right", no_wrap=True)

    def numbers(speaker_id: str | None, both: int) -> list[str]:
        return [str(both - reported[speaker_id]), str(reported[speaker_id])] if reported else [str(both)]

    for speaker in record["speakers"]:
        colour = speaker_colour(slots[speaker["id"]])
        name = Text(visible(speaker["name"] or "unnamed"), style=f"bold {colour}")
        table.add_row(Text("■", style=colour), name, speaker["kind"] or "", Text(visible(speaker["role"] or "")),
                      *numbers(speaker["id"], speaker["quotes"]))
    unattributed = counts(record)["unattributed"]
    if unattributed:
        table.add_row("", Text("[no speaker]", style=NO_SPEAKER_STYLE), "", "", *numbers(None, unattributed))
    # Text, not a str: a str caption is read as rich markup, and "[name? 0.55]" would vanish.
    table.caption = Text(
        "on a terminal, underlined: the words that name the speaker, and the cue; "
        f"[name? 0.55]: confidence below {LOW_CONFIDENCE:g}, check it"
        + ("; in italics, [reported: name]: reported speech, the writer's words" if reported else ""),
        style="dim",
    )
    table.caption_justify = "left"
    return table
