"""The report's charts: who is quoted across the articles, by kind of source and by speaker.

Pure functions from article records to HTML fragments, used by `html_report`.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from ..components.quote_types import DIRECT, INDIRECT, PARTIAL, SCARE
from ..components.speaker_kinds import ANONYMOUS, DOCUMENT, ORGANIZATION, PERSON, UNRESOLVED
from ..processing.summary import NO_SPEAKER, Tally, quote_kind
from .marks import Quote, is_low, is_reported
from .render import LOW_CONFIDENCE, plural

Item = tuple[dict[str, Any], str]  # an article record and the text it was made from
QUOTE_TYPES = {
    DIRECT: ("Direct", "a sentence or more of someone's words"),
    PARTIAL: ("Partial", "a fragment inside the writer's sentence"),
    SCARE: ("Scare quotes", "terms and titles: never attributed"),
    INDIRECT: ("Reported speech", "the writer’s words for what someone said: no quotation marks"),
}
TOP_SPEAKERS = 10
# Source kinds in chart order, with what the report (and `extract summary`) calls them; "none": no speaker.
KINDS = {
    PERSON: "Named people", ORGANIZATION: "Organisations", ANONYMOUS: "Anonymous sources", DOCUMENT: "Documents",
    UNRESOLVED: "Unresolved mentions", NO_SPEAKER: "No speaker",
}


def corpus_summary(items: list[Item]) -> str:
    """The summary section: headline figures, sources by kind, quotes by type, the most quoted.

    Reported speech, where there is some, is counted beside the quotations, never among them; the
    figures on attributions (low confidence, no speaker) cover both.
    """
    quotes = [q for record, _ in items for q in record["quotes"] if q["type"] != SCARE]
    quoted = [q for q in quotes if not is_reported(q)]
    reported = len(quotes) - len(quoted)
    speakers = [s for record, _ in items for s in record["speakers"]]
    named = sum(1 for q in quoted if q["speaker"] and q["speaker"]["kind"] in ("person", "organization"))
    figures = [
        ("articles", str(len(items)), ""),
        ("quotes", str(len(quoted)), ""),
        *([("reported statements", str(reported), "")] if reported else []),
        ("speakers", str(len(speakers)), ""),
        ("quotes from named sources", f"{100 * named / len(quoted):.0f}%" if quoted else "–", ""),
        (f"confidence below {LOW_CONFIDENCE:g}", str(sum(1 for q in quotes if is_low(q))), "warn"),
        ("no speaker found", str(sum(1 for q in quotes if q["speaker"] is None)), "miss"),
    ]
    numbers = "".join(
        f'<div class="{css}"><dt>{escape(name)}</dt><dd>{value}</dd></div>' for name, value, css in figures
    )
    return (
        '<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Who is quoted, in all articles</h2>'
        '<div class="cards">'
        f'<div class="card wide"><dl class="figures">{numbers}</dl></div>'
        f'<div class="card"><h3>Sources by kind</h3>{kind_chart(quotes, speakers)}'
        f"<h3>Quotes by type</h3>{_quote_types(items)}</div>"
        f'<div class="card"><h3>Most quoted</h3>{_top_speakers(items)}</div>'
        "</div></section>"
    )


def kind_chart(quotes: list[Quote], speakers: list[dict[str, Any]], *, compact: bool = False) -> str:
    """Stacked bars of quotes (and, unless `compact`, speakers) by kind of source, and their key.

    Reported speech, if any, gets a bar and counts of its own. `compact` (an article's side bar)
    keeps only the kinds present, with their number of quotes.
    """
    by_kind = Counter(quote_kind(q) for q in quotes if not is_reported(q))
    reported = Counter(quote_kind(q) for q in quotes if is_reported(q))
    speakers_by_kind = Counter(s["kind"] or "person" for s in speakers)
    bars = [_stack("quotes", by_kind)] + ([_stack("reported", reported)] if reported else [])
    bars += [] if compact else [_stack("speakers", speakers_by_kind)]
    rows = []
    for kind, name in KINDS.items():
        if not by_kind[kind] and not reported[kind] and (compact or kind == "none"):
            continue
        also = f" · {reported[kind]} reported" if reported else ""
        who = "" if kind == "none" or compact else f" · {plural(speakers_by_kind[kind], 'speaker')}"
        rows.append(
            f'<li><span class="dot k-{kind}"></span>{escape(name)}'
            f'<span class="n">{plural(by_kind[kind], "quote")}{also}{who}</span></li>'
        )
    return f'{"".join(bars)}<ul class="kinds">{"".join(rows)}</ul>'


def _stack(what: str, by_kind: Counter[str]) -> str:
    """One stacked bar, a segment per kind of source, labelled for screen readers."""
    total = sum(by_kind.values())
    described = ", ".join(f"{KINDS[k].lower()} {by_kind[k]}" for k in KINDS if by_kind[k]) or "none"
    segments = "".join(
        f'<span class="k-{kind}" style="width:{100 * by_kind[kind] / total:.2f}%"></span>'
        for kind in KINDS if by_kind[kind]
    )
    return (
        f'<div class="stack-row"><span class="stack-name">{what}</span>'
        f'<div class="stack" role="img" aria-label="{escape(f"{what.capitalize()} by kind of source: {described}")}">'
        f"{segments}</div></div>"
    )


def _quote_types(items: list[Item]) -> str:
    """How many quotes are whole sentences, fragments, or scare quotes (which are never attributed),
    and how many statements are reported speech, where there is any."""
    types = Counter(q["type"] for record, _ in items for q in record["quotes"])
    most = max(types.values(), default=1)
    rows = [
        bar(name, types[kind], most, sub, "#64748b")
        for kind, (name, sub) in QUOTE_TYPES.items() if kind != INDIRECT or types[kind]
    ]
    return f'<ul class="bars types">{"".join(rows)}</ul>'


def _top_speakers(items: list[Item]) -> str:
    """Quotes (and reported statements) per source over all articles, counted as `extract summary` counts them:
    a person or an organisation is one source across articles, any other source stays in its article."""
    tally = Tally()
    for record, _ in items:
        tally.add(record)
    ranked = tally.ranked(sources_only=True)
    if not ranked:
        return '<p class="meta">No speakers.</p>'
    top = ranked[:TOP_SPEAKERS]
    most = max(s.quotes + s.reported for s in top) or 1
    rows = [
        bar(s.name or "unnamed", s.quotes, most, f"{s.kind} · {plural(len(s.articles), 'article')}",
            f"var(--{s.kind})", reported=s.reported)
        for s in top
    ]
    more = f'<p class="meta">and {len(ranked) - TOP_SPEAKERS} more</p>' if len(ranked) > TOP_SPEAKERS else ""
    return f'<ul class="bars" aria-label="Quotes per speaker">{"".join(rows)}</ul>{more}'


def bar(
    name: str, count: int, most: int, sub: str, colour: str | None = None, css: str = "", reported: int = 0
) -> str:
    """One row of a bar list: a name, its count, a bar scaled to `most`, and a line under it.

    `reported` statements, besides the `count` quotes, follow the count and extend the bar with a dotted piece.
    """
    style = f' style="--c:{colour}"' if colour else ""
    also = f" + {reported} reported" if reported else ""
    piece = f'<span class="fill rep" style="width:{100 * reported / most:.1f}%"></span>' if reported else ""
    return (
        f'<li class="{css}"{style}><span class="name" title="{escape(name)}">{escape(name)}</span>'
        f'<span class="n">{count}{also}</span>'
        f'<span class="track{" split" if reported else ""}" aria-hidden="true">'
        f'<span class="fill" style="width:{100 * count / most:.1f}%"></span>{piece}</span>'
        f'<span class="sub">{escape(sub)}</span></li>'
    )
