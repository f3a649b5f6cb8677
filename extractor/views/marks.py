"""Where to draw what: an article's paragraphs cut into runs that carry the same quote, mention or cue.

Shared by the terminal view (`show.py`) and the HTML report (`html_report.py`). Pure functions
of an article record (`records.article_record`) and the article text it was made from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from ..components.layout import looks_like_headline, paragraph_spans
from ..components.quote_types import SCARE
from .render import LOW_CONFIDENCE, shorten

Quote = dict[str, Any]
# A speaker label stays compact; the legend has the full name ("one former Obama official who…").
LABEL_WIDTH = 32


@dataclass(frozen=True, slots=True)
class Run:
    """`text[start:end]`, inside one paragraph, with the same marks all through.

    `quote` is the position in `record["quotes"]` of the quote the run lies in; `mention_of` and
    `cue_of` are the positions of the shown quotes whose speaker mention or cue covers the run;
    `last` is True on a quote's last run, where its speaker label goes.
    """

    start: int
    end: int
    quote: int | None = None
    mention_of: tuple[int, ...] = ()
    cue_of: tuple[int, ...] = ()
    last: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A non-empty line of the article (the pipeline's paragraphs), cut into runs; `headline`: the views bold it."""

    start: int
    end: int
    runs: tuple[Run, ...]
    headline: bool = False


def layout(text: str, record: dict[str, Any], keep: Callable[[Quote], bool] = lambda q: True) -> list[Paragraph]:
    """Every paragraph of `text` cut at the edges of the quotes that `keep` accepts and of their mentions and cues.

    The first paragraph is a headline where `article_segmenter` would take it for one.
    """
    quotes = [(i, q) for i, q in enumerate(record["quotes"]) if keep(q)]
    marks = _marks(quotes)
    spans = paragraph_spans(text)
    laid = [
        Paragraph(start, end, tuple(_runs(start, end, quotes, marks)),
                  headline=n == 0 and looks_like_headline(text, start, end, len(spans)))
        for n, (start, end) in enumerate(spans)
    ]
    return _mark_last_runs(laid)


def _marks(quotes: list[tuple[int, Quote]]) -> list[tuple[str, int, int, int]]:
    """(what, start, end, quote position) for the mention and the cue of every attributed quote."""
    marks = []
    for i, quote in quotes:
        mention = quote["speaker"]["mention"] if quote["speaker"] else None
        for what, span in (("mention", mention), ("cue", quote["cue"])):
            if span is not None:
                marks.append((what, span["start"], span["end"], i))
    return marks


def _runs(
    start: int, end: int, quotes: list[tuple[int, Quote]], marks: list[tuple[str, int, int, int]]
) -> Iterator[Run]:
    edges = {start, end}
    for _, quote in quotes:
        edges.update((quote["start"], quote["end"]))
    edges.update(edge for _, s, e, _ in marks for edge in (s, e))
    cuts = sorted(edge for edge in edges if start <= edge <= end)
    for a, b in pairwise(cuts):
        # Quotes do not overlap; if a broken record says otherwise, the first one wins.
        inside = next((i for i, q in quotes if q["start"] <= a and b <= q["end"]), None)
        covering = [(what, i) for what, s, e, i in marks if s <= a and b <= e]
        yield Run(
            a, b, inside,
            mention_of=tuple(i for what, i in covering if what == "mention"),
            cue_of=tuple(i for what, i in covering if what == "cue"),
        )


def _mark_last_runs(laid: list[Paragraph]) -> list[Paragraph]:
    """Set `last` on the final run of every quote, wherever its pieces fell."""
    last: dict[int, tuple[int, int]] = {}
    for p, paragraph in enumerate(laid):
        for r, run in enumerate(paragraph.runs):
            if run.quote is not None:
                last[run.quote] = (p, r)
    for p, r in last.values():
        runs = list(laid[p].runs)
        runs[r] = replace(runs[r], last=True)
        laid[p] = replace(laid[p], runs=tuple(runs))
    return laid


def speaker_slots(record: dict[str, Any]) -> dict[str, int]:
    """Speaker id -> a colour slot 0, 1, 2…, in the order the record lists its speakers."""
    ids = [speaker["id"] for speaker in record["speakers"]]
    ids += [q["speaker"]["id"] for q in record["quotes"] if q["speaker"] and q["speaker"]["id"] not in ids]
    return {speaker_id: slot for slot, speaker_id in enumerate(dict.fromkeys(ids))}


def is_low(quote: Quote) -> bool:
    """An attribution worth a second look: a speaker was given, with little confidence."""
    return quote["speaker"] is not None and quote["type"] != SCARE and quote["confidence"] < LOW_CONFIDENCE


def speaker_name(quote: Quote) -> str | None:
    """The speaker's name as the legend gives it; None for a scare quote or a quote with no speaker."""
    speaker = quote["speaker"]
    if speaker is None or quote["type"] == SCARE:
        return None
    mention = speaker["mention"]
    return speaker["name"] or (mention["text"] if mention else "unnamed")


def label(quote: Quote) -> str | None:
    """The compact label after a quote: `Mike Pompeo`, `Mike Pompeo? 0.55`, `no speaker`; None for a scare quote."""
    if quote["type"] == SCARE:
        return None
    name = speaker_name(quote)
    if name is None:
        return "no speaker"
    name = shorten(name, LABEL_WIDTH)
    return f"{name}? {quote['confidence']:.2f}" if is_low(quote) else name


def counts(record: dict[str, Any]) -> dict[str, int]:
    """Quotes (scare quotes left out), speakers, quotes without a speaker, and low-confidence attributions."""
    quotes = [q for q in record["quotes"] if q["type"] != SCARE]
    return {
        "quotes": len(quotes),
        "speakers": len(record["speakers"]),
        "unattributed": sum(1 for q in quotes if q["speaker"] is None),
        "low": sum(1 for q in quotes if is_low(q)),
    }
