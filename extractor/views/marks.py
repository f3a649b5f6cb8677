"""Where to draw what: an article's paragraphs cut into runs that carry the same quote, mention or cue.

Shared by the terminal view (`show.py`) and the HTML report (`html_report.py`). Pure functions
of an article record (`records.article_record`) and the article text it was made from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from ..components.layout import looks_like_headline, paragraph_spans
from ..components.quote_types import INDIRECT, SCARE
from .render import LOW_CONFIDENCE, shorten

Quote = dict[str, Any]
# A speaker label stays compact; the legend has the full name ("one former Obama official who…").
LABEL_WIDTH = 32


@dataclass(frozen=True, slots=True)
class Run:
    """`text[start:end]`, inside one paragraph, with the same marks all through.

    `quote` is the position in `record["quotes"]` of the innermost quote the run lies in, the one
    that styles it; `outer` holds the quotes around that one, outermost first (reported speech
    holding a partial quote). `mention_of` and `cue_of` are the positions of the shown quotes whose
    speaker mention or cue covers the run; `ends` are the quotes whose last run this is, innermost
    first: their speaker labels follow the run in that order.
    """

    start: int
    end: int
    quote: int | None = None
    mention_of: tuple[int, ...] = ()
    cue_of: tuple[int, ...] = ()
    outer: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()

    @property
    def within(self) -> tuple[int, ...]:
        """Every quote the run lies in, outermost first."""
        return self.outer if self.quote is None else (*self.outer, self.quote)


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
        chain = _nesting([(i, q) for i, q in quotes if q["start"] <= a and b <= q["end"]])
        covering = [(what, i) for what, s, e, i in marks if s <= a and b <= e]
        yield Run(
            a, b, chain[-1] if chain else None,
            mention_of=tuple(i for what, i in covering if what == "mention"),
            cue_of=tuple(i for what, i in covering if what == "cue"),
            outer=tuple(chain[:-1]),
        )


def _nesting(covering: list[tuple[int, Quote]]) -> list[int]:
    """The quotes around a run, outermost first, each strictly inside the one before.

    Only a partial quote inside reported speech nests. Quotes that overlap without nesting come
    from a broken record: of those, the first one wins.
    """
    chain = []
    while covering:
        top, around = next((i, q) for i, q in covering if not any(_inside(q, other) for _, other in covering))
        chain.append(top)
        covering = [(i, q) for i, q in covering if _inside(q, around)]
    return chain


def _inside(quote: Quote, other: Quote) -> bool:
    return (other["start"] <= quote["start"] and quote["end"] <= other["end"]
            and (quote["start"], quote["end"]) != (other["start"], other["end"]))


def _mark_last_runs(laid: list[Paragraph]) -> list[Paragraph]:
    """Set `ends` on the final run of every quote, wherever its pieces fell."""
    last: dict[int, tuple[int, int]] = {}
    for p, paragraph in enumerate(laid):
        for r, run in enumerate(paragraph.runs):
            for i in run.within:
                last[i] = (p, r)
    for p, r in sorted(set(last.values())):
        runs = list(laid[p].runs)
        ends = tuple(i for i in reversed(runs[r].within) if last[i] == (p, r))
        runs[r] = replace(runs[r], ends=ends)
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


def is_reported(quote: Quote) -> bool:
    """Reported speech (`extract --indirect`): the writer's words for what someone said, not a quotation."""
    return quote["type"] == INDIRECT


def label(quote: Quote) -> str | None:
    """The compact label after a quote: `Mike Pompeo`, `Mike Pompeo? 0.55`, `no speaker`; None for a scare quote.

    Reported speech says so in words, `reported: Mike Pompeo`, so that plain text tells it from a quotation.
    """
    if quote["type"] == SCARE:
        return None
    name = speaker_name(quote)
    if name is None:
        tag = "no speaker"
    else:
        name = shorten(name, LABEL_WIDTH)
        tag = f"{name}? {quote['confidence']:.2f}" if is_low(quote) else name
    return f"reported: {tag}" if is_reported(quote) else tag


def counts(record: dict[str, Any]) -> dict[str, int]:
    """Quotes and reported statements, told apart (scare quotes left out), speakers, and, over both,
    those without a speaker and the low-confidence attributions."""
    quotes = [q for q in record["quotes"] if q["type"] != SCARE]
    return {
        "quotes": sum(1 for q in quotes if not is_reported(q)),
        "reported": sum(1 for q in quotes if is_reported(q)),
        "speakers": len(record["speakers"]),
        "unattributed": sum(1 for q in quotes if q["speaker"] is None),
        "low": sum(1 for q in quotes if is_low(q)),
    }


def reported_by_speaker(record: dict[str, Any]) -> Counter[str | None]:
    """Reported statements per speaker id (None: no speaker found).

    A speaker's "quotes" in the record count their reported statements too; take these away
    from it for their quotations alone.
    """
    return Counter(q["speaker"]["id"] if q["speaker"] else None for q in record["quotes"] if is_reported(q))
