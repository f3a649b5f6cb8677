"""`extract --html`: one self-contained HTML page to check attributions by eye, for one article or many.

Pure: `html_report` returns the page as a string. It holds an index of the articles, a summary
of who is quoted across them, and each article's text with its quotes highlighted per speaker;
a quote's details (speaker, kind, role, cue, confidence) show on hover or keyboard focus. The
style sheet and the small script are inlined from `assets/`, so the page needs no network.
Every piece of article text goes through `html.escape`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from html import escape
from importlib.resources import files
from typing import Any

from .. import __version__
from ..components.quote_types import SCARE
from .html_charts import Item, bar, corpus_summary, kind_chart
from .marks import Paragraph, Quote, counts, is_low, label, layout, speaker_name, speaker_slots
from .render import LOW_CONFIDENCE, plural, shorten

COLOURS = 8  # speaker colour classes .s0 … .s7 in report.css
TITLE_WIDTH = 90


def html_report(items: Iterable[Item], *, title: str = "Quotes and speakers") -> str:
    """The whole report page for `items`, pairs of an article record and its text, in that order."""
    items = list(items)
    body = [
        '<a class="skip" href="#articles">Skip to the articles</a>',
        _page_header(items, title),
        '<main class="wrap">',
        corpus_summary(items),
        _index(items),
        '<section id="articles" aria-label="Articles">',
        *(_article(n, record, text) for n, (record, text) in enumerate(items, 1)),
        "</section></main>",
        '<div id="tip" class="tip" role="tooltip" hidden></div>',
    ]
    return "\n".join([
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="extractor {escape(__version__)}">',
        f"<title>{escape(title)}</title>",
        f"<style>\n{_asset('report.css')}</style>",
        "</head><body>",
        *body,
        f"<script>\n{_asset('report.js')}</script>",
        "</body></html>",
        "",
    ])


def _asset(name: str) -> str:
    return (files(__package__) / "assets" / name).read_text(encoding="utf-8")


def _page_header(items: list[Item], title: str) -> str:
    models = sorted({record["tool"]["model"] for record, _ in items if record.get("tool")})
    tool = f"extractor {__version__}" + (f", model {', '.join(models)}" if models else "")
    return (
        f'<header class="top"><div class="wrap"><h1>{escape(title)}</h1>'
        f'<p class="meta">{plural(len(items), "article")} · {escape(tool)} · '
        f"hover over or tab to a quote for its speaker, cue and confidence</p></div></header>"
    )


# Index ------------------------------------------------------------------------------------------


def _article_title(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return shorten(first, TITLE_WIDTH)


def _index(items: list[Item]) -> str:
    head = (
        '<tr><th scope="col">Article</th><th scope="col" class="num">Quotes</th>'
        '<th scope="col" class="num">Speakers</th><th scope="col" class="num hide-narrow">Named</th>'
        '<th scope="col" class="num hide-narrow">Anonymous</th><th scope="col" class="num">To check</th></tr>'
    )
    rows = []
    for n, (record, text) in enumerate(items, 1):
        numbers = counts(record)
        kinds = Counter(s["kind"] for s in record["speakers"])
        check = numbers["low"] + numbers["unattributed"]
        rows.append(
            f'<tr><td><a class="id" href="#a{n}">{escape(record["id"])}</a>'
            f'<span class="title">{escape(_article_title(text))}</span></td>'
            f'<td class="num">{numbers["quotes"]}</td><td class="num">{numbers["speakers"]}</td>'
            f'<td class="num hide-narrow">{kinds["person"] + kinds["organization"]}</td>'
            f'<td class="num hide-narrow">{kinds["anonymous"]}</td>'
            f'<td class="num{" warn" if check else ""}">{check or "–"}</td></tr>'
        )
    return (
        '<nav id="index" aria-labelledby="index-h"><h2 id="index-h">Articles</h2>'
        f'<div class="table-scroll"><table class="index"><thead>{head}</thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
        "</nav>"
    )


# One article ------------------------------------------------------------------------------------


def _article(n: int, record: dict[str, Any], text: str) -> str:
    slots = speaker_slots(record)
    numbers = counts(record)
    meta = [plural(numbers["quotes"], "quote"), plural(numbers["speakers"], "speaker")]
    if numbers["low"]:
        meta.append(f"{numbers['low']} to check")
    if record.get("path"):
        meta.append(f'<code>{escape(record["path"])}</code>')
    paragraphs = [_paragraph(n, p, text, record["quotes"], slots) for p in layout(text, record)]
    return (
        f'<article id="a{n}" class="card" aria-labelledby="a{n}-h">'
        f'<header><h2 id="a{n}-h" class="id">{escape(record["id"])}</h2>'
        f'<p class="meta">{" · ".join(m if m.startswith("<code>") else escape(m) for m in meta)}</p></header>'
        f'<div class="layout"><aside class="side" aria-label="Speakers in {escape(record["id"])}">'
        f"{_article_speakers(record, slots)}</aside>"
        f'<div class="text">{"".join(paragraphs)}</div></div>'
        f'<div class="descriptions" hidden>{_descriptions(n, record["quotes"])}</div>'
        '<p class="back"><a href="#index">Back to the articles</a></p>'
        "</article>"
    )


def _article_speakers(record: dict[str, Any], slots: dict[str, int]) -> str:
    speakers = record["speakers"]
    quotes = [q for q in record["quotes"] if q["type"] != SCARE]
    most = max((s["quotes"] for s in speakers), default=1) or 1
    rows = [
        bar(s["name"] or "unnamed", s["quotes"], most, " · ".join(filter(None, (s["kind"], s["role"]))),
             css=_colour(slots, s["id"]))
        for s in speakers
    ]
    unattributed = counts(record)["unattributed"]
    if unattributed:
        most = max(most, unattributed)
        rows.append(bar("No speaker found", unattributed, most, "check these quotes", "var(--miss)"))
    listing = f'<ul class="bars">{"".join(rows)}</ul>' if rows else '<p class="meta">No quotes.</p>'
    return (
        f"<h3>Sources by kind</h3>{kind_chart(quotes, speakers, compact=True)}<h3>Quotes per speaker</h3>{listing}"
        '<ul class="key" aria-label="How quotes are marked">'
        '<li><span class="sample mention s0">Pompeo</span> the words that name the speaker</li>'
        '<li><span class="sample cue">said</span> the cue</li>'
        f'<li><span class="q low s0">hatched</span> confidence below {LOW_CONFIDENCE:g}: check it</li>'
        '<li><span class="q scare">grey</span> a scare quote or title, never attributed</li></ul>'
    )


def _paragraph(n: int, paragraph: Paragraph, text: str, quotes: list[Quote], slots: dict[str, int]) -> str:
    """One paragraph: a <mark> per quote (or piece of one), mentions and cues as spans inside or between."""
    out, open_quote = [], None
    for run in paragraph.runs:
        if run.quote != open_quote:
            if open_quote is not None:
                out.append("</mark>")
            if run.quote is not None:
                out.append(_open_mark(n, run.quote, quotes[run.quote], slots))
            open_quote = run.quote
        out.append(_marked_text(n, text[run.start : run.end], run.mention_of, run.cue_of, quotes, slots))
        if run.last and run.quote is not None:
            out.append("</mark>")
            open_quote = None
            out.append(_label(quotes[run.quote], slots))
    if open_quote is not None:
        out.append("</mark>")
    css = ' class="headline"' if paragraph.headline else ""
    return f"<p{css}>{''.join(out)}</p>"


def _quote_css(quote: Quote, slots: dict[str, int]) -> str:
    if quote["type"] == SCARE:
        return "q scare"
    if quote["speaker"] is None:
        return "q none"
    return f"q {_speaker_css(quote, slots)}"


def _speaker_css(quote: Quote, slots: dict[str, int]) -> str:
    """The classes of an attributed quote and of its label: its speaker's colour, and `low` if doubtful."""
    return _colour(slots, quote["speaker"]["id"]) + (" low" if is_low(quote) else "")


def _colour(slots: dict[str, int], speaker_id: str) -> str:
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
        css = f"mention {_colour(slots, quotes[mention_of[0]]['speaker']['id'])}"
        html = f'<span class="{css}" data-for="{_ids(n, mention_of)}">{html}</span>'
    return html


def _ids(n: int, positions: tuple[int, ...]) -> str:
    return " ".join(f"a{n}-q{i}" for i in positions)


def _label(quote: Quote, slots: dict[str, int]) -> str:
    """The speaker's name after the quote, as in the terminal view; nothing after a scare quote."""
    tag = label(quote)
    if tag is None:
        return ""
    if quote["speaker"] is None:
        return f'<span class="who none">{escape(tag)}</span>'
    return f'<span class="who {_speaker_css(quote, slots)}"><span class="sr-only">said by </span>{escape(tag)}</span>'


def _descriptions(n: int, quotes: list[Quote]) -> str:
    """The details of every quote, referenced by aria-describedby and copied into the tooltip."""
    return "".join(f'<div id="a{n}-q{i}-d">{_description(q)}</div>' for i, q in enumerate(quotes))


def _description(quote: Quote) -> str:
    if quote["type"] == SCARE:
        return "<b>Scare quote</b><span>a term, a title or a scare quote: never attributed</span>"
    speaker = quote["speaker"]
    if speaker is None:
        return '<b>No speaker found</b><span class="warn">nothing in the article names who said this</span>'
    lines = [f"<b>{escape(speaker_name(quote) or '')}</b>"]
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

