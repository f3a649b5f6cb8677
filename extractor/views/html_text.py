"""An article's text in the HTML report: its quotes as <mark>s with speaker labels, and their details.

Reported speech (`extract --indirect`) is a <mark class="q rep"> that holds the <mark>s of the
partial quotes inside it; a mark's details (speaker, kind, role, cue, confidence) are the hidden
descriptions that `aria-describedby` points to and the tooltip copies. Used by `html_report`.
"""

from __future__ import annotations

from html import escape

from ..components.quote_types import SCARE
from .marks import Paragraph, Quote, is_low, is_reported, label, speaker_name
from .render import LOW_CONFIDENCE

COLOURS = 8  # speaker colour classes .s0 … .s7 in report.css
REPORTED = "reported speech: the writer’s words, not a quotation"


def paragraph_html(n: int, paragraph: Paragraph, text: str, quotes: list[Quote], slots: dict[str, int]) -> str:
    """One paragraph: a <mark> per quote (or piece of one), mentions and cues as spans inside or between.

    The marks nest as the quotes do: a partial quote's mark, and its label, lie inside the mark of
    the reported speech around it.
    """
    out: list[str] = []
    opened: list[int] = []  # the quotes whose marks are open, outermost first
    for run in paragraph.runs:
        within = run.within
        kept = next((k for k, (a, b) in enumerate(zip(opened, within, strict=False)) if a != b),
                    min(len(opened), len(within)))
        out.extend("</mark>" for _ in opened[kept:])
        out.extend(_open_mark(n, i, quotes[i], slots) for i in within[kept:])
        opened = list(within)
        out.append(_marked_text(n, text[run.start : run.end], run.mention_of, run.cue_of, quotes, slots))
        for ending in run.ends:
            if ending in opened:
                closed = opened[opened.index(ending):]
                out.extend("</mark>" for _ in closed)
                opened = opened[: len(opened) - len(closed)]
                out.append(_label(quotes[ending], slots))
    out.extend("</mark>" for _ in opened)
    css = ' class="headline"' if paragraph.headline else ""
    return f"<p{css}>{''.join(out)}</p>"


def _quote_css(quote: Quote, slots: dict[str, int]) -> str:
    if quote["type"] == SCARE:
        return "q scare"
    rep = " rep" if is_reported(quote) else ""
    if quote["speaker"] is None:
        return f"q{rep} none"
    return f"q{rep} {_speaker_css(quote, slots)}"


def _speaker_css(quote: Quote, slots: dict[str, int]) -> str:
    """The classes of an attributed quote and of its label: its speaker's colour, and `low` if doubtful."""
    return colour(slots, quote["speaker"]["id"]) + (" low" if is_low(quote) else "")


def colour(slots: dict[str, int], speaker_id: str) -> str:
    """A speaker's colour class, .s0 … .s7 (colours repeat after eight, as in the terminal view)."""
    return f"s{slots[speaker_id] % COLOURS}"


def _open_mark(n: int, i: int, quote: Quote, slots: dict[str, int]) -> str:
    """The quote's <mark>: focusable, described by its details, with its speaker in data-speaker."""
    name = speaker_name(quote) or ""
    return (
        f'<mark id="a{n}-q{i}" class="{_quote_css(quote, slots)}" tabindex="0" aria-describedby="a{n}-q{i}-d" '
        f'data-speaker="{escape(name)}" data-type="{escape(quote["type"])}">'
    )


def _marked_text(
    n: int, piece: str, mention_of: tuple[int, ...], cue_of: tuple[int, ...], quotes: list[Quote],
    slots: dict[str, int],
) -> str:
    html = escape(piece)
    if cue_of:
        html = f'<span class="cue" data-for="{_ids(n, cue_of)}">{html}</span>'
    if mention_of:
        css = f"mention {colour(slots, quotes[mention_of[0]]['speaker']['id'])}"
        html = f'<span class="{css}" data-for="{_ids(n, mention_of)}">{html}</span>'
    return html


def _ids(n: int, positions: tuple[int, ...]) -> str:
    return " ".join(f"a{n}-q{i}" for i in positions)


def _label(quote: Quote, slots: dict[str, int]) -> str:
    """The speaker's name after the quote, as in the terminal view; nothing after a scare quote.

    Reported speech's label says `reported: …` in words, which also tells screen readers.
    """
    tag = label(quote)
    if tag is None:
        return ""
    rep = " rep" if is_reported(quote) else ""
    if quote["speaker"] is None:
        return f'<span class="who{rep} none">{escape(tag)}</span>'
    said_by = "" if rep else '<span class="sr-only">said by </span>'
    return f'<span class="who{rep} {_speaker_css(quote, slots)}">{said_by}{escape(tag)}</span>'


def descriptions(n: int, quotes: list[Quote]) -> str:
    """The details of every quote, referenced by aria-describedby and copied into the tooltip."""
    return "".join(f'<div id="a{n}-q{i}-d">{_description(q)}</div>' for i, q in enumerate(quotes))


def _description(quote: Quote) -> str:
    if quote["type"] == SCARE:
        return "<b>Scare quote</b><span>a term, a title or a scare quote: never attributed</span>"
    reported = f'<span class="rep">{REPORTED}</span>' if is_reported(quote) else ""
    speaker = quote["speaker"]
    if speaker is None:
        return f'<b>No speaker found</b>{reported}<span class="warn">nothing in the article names who said this</span>'
    lines = [f"<b>{escape(speaker_name(quote) or '')}</b>", reported]
    lines.append(f"<span>{escape(' · '.join(filter(None, (speaker['kind'], speaker['role']))))}</span>")
    mention = speaker["mention"]
    if mention and mention["text"] != speaker["name"]:
        lines.append(f"<span>named here as “{escape(mention['text'])}”</span>")
    cue = quote["cue"]
    how = f"cue “{escape(cue['text'])}”" if cue else "no cue"
    if quote["rule"]:
        how += f" · {escape(quote['rule'])}"
    lines.append(f"<span>{how}</span>")
    confidence = f"confidence {quote['confidence']:.2f}"
    if is_low(quote):
        lines.append(f'<span class="warn">{confidence}: below {LOW_CONFIDENCE:g}, check it</span>')
    else:
        lines.append(f"<span>{confidence}</span>")
    return "".join(lines)
