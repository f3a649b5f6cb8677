"""Stage 4, records: an annotated Doc to the article object other tools read.

The names of this object are a contract (see the README): change them only with a new
SCHEMA_VERSION. Offsets are Python string indices into the article text as decoded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from spacy.tokens import Doc

from .. import __version__
from ..components.layout import layout_of, paragraphs_of
from ..components.quotes import QUOTES_KEY
from ..components.speakers import number_speaker_groups

SCHEMA_VERSION = 3

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Article:
    """One article to read: its id, where it came from, and its text.

    `meta` holds the other fields of its JSON object (outlet, date, url...), passed through to
    the record untouched so that a corpus keeps what it knows about each article. `extracted`
    says the text is not the file's own but was taken from a web page (`webpages.main_text`):
    the record then carries the text, since its offsets refer to it and nobody else has it.
    """

    id: str
    path: str | None
    text: str
    meta: dict[str, Any] = field(default_factory=dict, hash=False)  # a dict cannot be hashed
    extracted: bool = False


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of the article text: `article_text[start:end] == text`."""

    text: str
    start: int
    end: int


def _mention(text: str, offsets: tuple[int, int] | None) -> dict[str, Any] | None:
    if offsets is None:
        return None
    start, end = offsets
    return asdict(Mention(text[start:end], start, end))


def record_head(article: Article, tool: Record) -> Record:
    """The fields before the quotes, in their order: one place, so that a long article merged from
    pieces (`longtext.merge_records`) gets the same as a short one. `text` only for a web page."""
    head = {
        "id": article.id,
        "path": article.path,
        "schema": SCHEMA_VERSION,
        "tool": tool,
        "meta": dict(article.meta),
    }
    if article.extracted:
        head["text"] = article.text
    return head


def article_record(article: Article, doc: Doc, model: str) -> Record:
    """The JSON-ready article object: quotes in text order, then the speakers they name."""
    text = doc.text  # Doc.text joins every token anew on each call: read it once
    found = {s["id"]: s for s in doc._.speakers}
    paragraph_starts = [start for start, _ in paragraphs_of(doc)]
    spans = list(doc.spans.get(layout_of(doc).get("quotes_key", QUOTES_KEY), []))
    named_with = [[partner for partner in quote._.partner_ids if partner in found] for quote in spans]
    groups = [(quote._.speaker_id if quote._.speaker_id in found else None, *others)  # the speaker, then the others
              for quote, others in zip(spans, named_with, strict=True)]
    speakers: dict[str, Record] = {}  # by the record's id, in order of first quote
    quotes = []
    for index, (quote, others, (speaker_id, *other_ids)) in enumerate(
            zip(spans, named_with, number_speaker_groups(groups), strict=True)):
        speaker = None if speaker_id is None else speakers.setdefault(
            speaker_id, {**found[quote._.speaker_id], "id": speaker_id}
        )
        partners = [speakers.setdefault(str(other_id), {**found[other], "id": str(other_id)})
                    for other, other_id in zip(others, other_ids, strict=True)]
        start, end = quote._.char_offsets or (quote.start_char, quote.end_char)
        quotes.append({
            "index": index,
            "start": start,
            "end": end,
            "text": text[start:end],
            "paragraph": sum(1 for s in paragraph_starts if s <= start) - 1,
            "type": quote.label_,
            "continues": quote._.continues,
            "speaker": None if speaker is None else {
                "id": speaker["id"], "name": speaker["name"], "kind": speaker["kind"], "role": speaker["role"],
                "gender": speaker["gender"], "mention": _mention(text, quote._.mention_offsets),
                "with": [{k: p[k] for k in ("id", "name", "kind", "gender")} for p in partners],
            },
            "cue": _mention(text, quote._.cue_offsets),
            "confidence": quote._.confidence if speaker else 0.0,
            "rule": quote._.rule,
            "nested": [_mention(text, tuple(span)) for span in quote._.nested],
        })
    return {
        **record_head(article, {"name": "extractor", "version": __version__, "model": model}),
        "quotes": quotes,
        "speakers": [
            {**{k: s[k] for k in ("id", "name", "kind", "role", "gender", "gender_evidence")},
             "mentions": [_mention(text, tuple(m)) for m in s["mentions"]], "quotes": s["quotes"]}
            for s in speakers.values()
        ],
    }
