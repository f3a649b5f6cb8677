"""`extract --html`: one self-contained HTML page to check attributions by eye, for one article or many.

Pure: `html_report` returns the page as a string. It holds an index of the articles, a summary
of who is quoted across them, and each article's text with its quotes highlighted per speaker;
a quote's details (speaker, kind, role, cue, confidence) show on hover or keyboard focus. The
style sheet and the small script are inlined from `assets/`, so the page needs no network.
Every piece of article text goes through `html.escape`. Reported speech (`extract --indirect`)
is drawn and counted apart from quotations; its styles (`assets/reported.css`) are inlined only
into a page that has some, so a report without it stays as it was.
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
from .html_text import colour, descriptions, paragraph_html
from .marks import counts, layout, reported_by_speaker, speaker_slots
from .render import LOW_CONFIDENCE, plural, shorten

TITLE_WIDTH = 90


def html_report(items: Iterable[Item], *, title: str = "Quotes and speakers") -> str:
    """The whole report page for `items`, pairs of an article record and its text, in that order."""
    items = list(items)
    reported = any(counts(record)["reported"] for record, _ in items)
    style = _asset("report.css") + (_asset("reported.css") if reported else "")
    body = [
        '<a class="skip" href="#articles">Skip to the articles</a>',
        _page_header(items, title),
        '<main class="wrap">',
        corpus_summary(items),
        _index(items, reported),
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
        f"<style>\n{style}</style>",
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


def _index(items: list[Item], reported: bool) -> str:
    """A row per article; with reported speech in any of them, a column counts it apart from the quotes."""
    head = (
        '<tr><th scope="col">Article</th><th scope="col" class="num">Quotes</th>'
        + ('<th scope="col" class="num">Reported</th>' if reported else "")
        + '<th scope="col" class="num">Speakers</th><th scope="col" class="num hide-narrow">Named</th>'
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
            f'<td class="num">{numbers["quotes"]}</td>'
            + (f'<td class="num">{numbers["reported"]}</td>' if reported else "")
            + f'<td class="num">{numbers["speakers"]}</td>'
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
    if numbers["reported"]:
        meta.insert(1, plural(numbers["reported"], "reported statement"))
    if numbers["low"]:
        meta.append(f"{numbers['low']} to check")
    if record.get("path"):
        meta.append(f'<code>{escape(record["path"])}</code>')
    paragraphs = [paragraph_html(n, p, text, record["quotes"], slots) for p in layout(text, record)]
    return (
        f'<article id="a{n}" class="card" aria-labelledby="a{n}-h">'
        f'<header><h2 id="a{n}-h" class="id">{escape(record["id"])}</h2>'
        f'<p class="meta">{" · ".join(m if m.startswith("<code>") else escape(m) for m in meta)}</p></header>'
        f'<div class="layout"><aside class="side" aria-label="Speakers in {escape(record["id"])}">'
        f"{_article_speakers(record, slots)}</aside>"
        f'<div class="text">{"".join(paragraphs)}</div></div>'
        f'<div class="descriptions" hidden>{descriptions(n, record["quotes"])}</div>'
        '<p class="back"><a href="#index">Back to the articles</a></p>'
        "</article>"
    )


def _article_speakers(record: dict[str, Any], slots: dict[str, int]) -> str:
    """The side bar: sources by kind, each speaker's quotes (and reported statements), and a key to the marks."""
    speakers = record["speakers"]
    quotes = [q for q in record["quotes"] if q["type"] != SCARE]
    reported = reported_by_speaker(record)
    most = max((s["quotes"] for s in speakers), default=1) or 1
    rows = [
        bar(s["name"] or "unnamed", s["quotes"] - reported[s["id"]], most,
            " · ".join(filter(None, (s["kind"], s["role"]))), css=colour(slots, s["id"]), reported=reported[s["id"]])
        for s in speakers
    ]
    unattributed = counts(record)["unattributed"]
    if unattributed:
        most = max(most, unattributed)
        rows.append(bar("No speaker found", unattributed - reported[None], most, "check these quotes", "var(--miss)",
                        reported=reported[None]))
    listing = f'<ul class="bars">{"".join(rows)}</ul>' if rows else '<p class="meta">No quotes.</p>'
    per_speaker = "Quotes and reported speech per speaker" if reported else "Quotes per speaker"
    return (
        f"<h3>Sources by kind</h3>{kind_chart(quotes, speakers, compact=True)}<h3>{per_speaker}</h3>{listing}"
        '<ul class="key" aria-label="How quotes are marked">'
        '<li><span class="sample mention s0">Pompeo</span> the words that name the speaker</li>'
        '<li><span class="sample cue">said</span> the cue</li>'
        f'<li><span class="q low s0">hatched</span> confidence below {LOW_CONFIDENCE:g}: check it</li>'
        '<li><span class="q scare">grey</span> a scare quote or title, never attributed</li>'
        + ('<li><span class="q rep s0">dotted</span> reported speech: the writer’s words, not a quotation</li>'
           if reported else "")
        + "</ul>"
    )
