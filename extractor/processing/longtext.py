"""Articles of any length: a long text is processed in pieces and the records are merged.

spaCy refuses a text longer than `nlp.max_length` (1,000,000 characters), the parser and
NER need memory in proportion to the text, and this pipeline's time grows faster than the
text (about 1 s for 20,000 characters, 35 s for 100,000, on two cores). So a text longer
than PIECE_CHARS is cut into pieces of at most that many characters, at the end of a line
(any line end `layout.paragraph_spans` knows) when the window holds one, else after a
sentence end, else after whitespace, else anywhere; but never inside a quotation: the
quotation marks of the text are paired first (`pairing.pair_quotes`, on characters, cheap),
and a cut that would fall inside a quotation moves to just before its opening mark, unless
the quotation is itself longer than a piece. Each piece is run with up to CONTEXT_CHARS of
the text before it (whole lines, or from a space outside quotations), so that its first
paragraph is not taken for a headline and a quote at its start can still be attributed
from the paragraphs just before; quotes that start in that context belong to the previous
piece and are dropped. The records are then merged into one: offsets shifted to the whole
text, `paragraph` counted in the whole text, `index` and `continues` renumbered, speakers
merged by (name, kind), their mentions and quote counts added up, and numbered S1.. in
order of first quote.

What is lost at a cut: a pronoun whose antecedent lies before the context stays
unresolved or goes to a nearer person, an attribution that follows a quote across the cut
("… ,” she said" with the cut before "she") is not seen, and a quotation longer than a
piece is split and found as two pieces or not at all.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Hashable
from functools import cached_property

from spacy.language import Language

from ..components.genders import EVIDENCE_ORDER
from ..components.layout import LINE_BREAKS
from ..components.pairing import pair_quotes, paragraph_spans
from ..components.speakers import number_speaker_groups
from ..pipeline import model_description
from .records import Article, Record, article_record, record_head

# Most news articles are shorter (PolNeAR dev: 99% under 15,000 characters) and go through whole.
PIECE_CHARS = 20_000
CONTEXT_CHARS = 2_000

# Greedy `.*` makes `match` find the last such place in a window, in one pass.
_LAST_SENTENCE_END = re.compile(r".*[.!?…][\"”’')\]]*\s", re.DOTALL)
_LAST_SPACE = re.compile(r".*\s", re.DOTALL)
_LAST_LINE_END = re.compile(f".*[{LINE_BREAKS}]", re.DOTALL)
_FIRST_SPACE = re.compile(r"\s")
_FIRST_LINE_END = re.compile(f"\r\n|[{LINE_BREAKS}]")


def extract_article(
    nlp: Language, article: Article, model: str | None = None, *, piece_chars: int = PIECE_CHARS
) -> Record:
    """The record of one article of any length: whole when short, else in pieces.

    Args:
        nlp: the pipeline from `build_pipeline`.
        article: the article to read.
        model: the model name for the record's `tool` (default: read from `nlp`).
        piece_chars: texts longer than this are processed in pieces of at most this many characters.

    Returns:
        The article record, as `records.article_record` makes it.
    """
    model = model_description(nlp) if model is None else model
    piece_chars = min(piece_chars, nlp.max_length - CONTEXT_CHARS)
    if len(article.text) <= piece_chars:
        return article_record(article, nlp(article.text), model)

    def piece_record(text: str) -> Record:
        return article_record(Article(article.id, article.path, text), nlp(text), model)

    return record_in_pieces(article, piece_record, piece_chars=piece_chars)


def record_in_pieces(
    article: Article,
    piece_record: Callable[[str], Record],
    *,
    piece_chars: int = PIECE_CHARS,
    context_chars: int = CONTEXT_CHARS,
) -> Record:
    """Cut the text into pieces, make each piece's record with `piece_record`, and merge them.

    Args:
        article: the article to read.
        piece_record: a function from a piece of text to its article record (offsets into the piece).
        piece_chars: the longest piece, not counting its context.
        context_chars: how much text before each piece is run with it.

    Returns:
        One record for the whole text, as if it had been processed at once.
    """
    text = article.text
    quotations = Quotations(text, piece_chars)
    pieces = []
    for start, end in split_text(text, piece_chars, quotations=quotations):
        offset = context_start(text, start, context_chars, quotations=quotations)
        pieces.append((start, end, offset, piece_record(text[offset:end])))
    return merge_records(article, pieces)


class Quotations:
    """The quotations of a text no longer than `limit`, paired on first use: where a cut may not fall."""

    def __init__(self, text: str, limit: int) -> None:
        self.text, self.limit = text, limit

    @cached_property
    def spans(self) -> list[tuple[int, int]]:
        """(start, end) of each outermost quotation that fits in a piece, marks included, in order."""
        return sorted((q.start, q.end) for q in pair_quotes(self.text)[0] if q.end - q.start <= self.limit)

    @cached_property
    def starts(self) -> list[int]:
        return [start for start, _ in self.spans]

    def around(self, pos: int) -> tuple[int, int] | None:
        """The quotation that a cut at `pos` would split (start < pos < end), if any."""
        at = bisect_right(self.starts, pos - 1) - 1
        if at >= 0 and pos < self.spans[at][1]:
            return self.spans[at]
        return None


def split_text(
    text: str, limit: int = PIECE_CHARS, *, quotations: Quotations | None = None
) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of at most `limit` characters that cover `text`,
    none cut inside a quotation that fits in a piece (`quotations`: the text's, if already made)."""
    if limit < 1:
        raise ValueError(f"a piece must hold at least one character, not {limit}")
    quotations = Quotations(text, limit) if quotations is None else quotations
    bounds, start = [], 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit, quotations)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _cut(text: str, start: int, stop: int, quotations: Quotations) -> int:
    """Where a piece from `start` ends, at most `stop`: after a line end, else after a sentence
    end or a space, else at `stop`; moved before the opening mark of a quotation it would split."""
    line_end = _LAST_LINE_END.match(text, start, stop)
    if line_end:  # no quotation crosses a line end
        return line_end.end()
    # A paragraph longer than a piece: cut between sentences, and never inside a quotation.
    for pattern in (_LAST_SENTENCE_END, _LAST_SPACE):
        match = pattern.match(text, start, stop)
        if match:
            quotation = quotations.around(match.end())
            if quotation is None:
                return match.end()
            if quotation[0] > start:
                return quotation[0]
            # The piece opens with this quotation: cut after it, where the next pattern allows.
    quotation = quotations.around(stop)
    return quotation[0] if quotation is not None and quotation[0] > start else stop


def context_start(
    text: str, start: int, context_chars: int = CONTEXT_CHARS, *, quotations: Quotations | None = None
) -> int:
    """The start of the text run before the piece at `start`: whole lines within `context_chars`.

    If the line before the piece is longer than that, the context starts after a space in it
    that is not inside a quotation (a part of a paragraph, which is never taken for a
    headline, and whose quotation marks pair as in the whole text); if none, there is none.
    """
    if start == 0 or context_chars <= 0:
        return start
    low = max(0, start - context_chars)
    if low == 0:
        return 0
    line_end = _FIRST_LINE_END.search(text, low, start)
    if line_end and line_end.end() < start:  # not the line end just before the piece
        return line_end.end()
    quotations = Quotations(text, PIECE_CHARS) if quotations is None else quotations
    while (space := _FIRST_SPACE.search(text, low, start)) is not None:
        quotation = quotations.around(space.end())
        if quotation is None:
            return space.end()
        low = quotation[1]  # (a quotation split by the cut is longer than a piece: not in `quotations`)
    return start


def merge_records(article: Article, pieces: list[tuple[int, int, int, Record]]) -> Record:
    """One record from the records of the pieces of `article.text`.

    Args:
        article: the whole article.
        pieces: for each piece in text order, (start, end, offset, record): the piece is
            text[start:end], and the record was made from text[offset:end] (offset <= start,
            the rest is context), so its offsets are relative to `offset`.

    Returns:
        The article record. A piece keeps the quotes that start inside it. Speakers are
        merged as `quote_attributor` builds them, numbered by `number_speaker_groups`: one entry
        per (name, kind), its quotes counted over the quotes kept, and its mentions the
        union of those of the pieces where it has a quote kept.
    """
    paragraph_starts = [start for start, _ in paragraph_spans(article.text)]
    quotes: list[Record] = []
    groups: list[list[Hashable | None]] = []  # the merged speaker of each quote kept, then those named with it
    quoted: set[tuple[int, str]] = set()  # (piece, the piece's speaker id) of the speakers with a quote kept
    index_at: dict[int, int] = {}  # quote start in the whole text -> its merged index
    for number, (start, end, offset, record) in enumerate(pieces):
        piece_quotes = record["quotes"]
        for quote in piece_quotes:
            if not start <= quote["start"] + offset < end:
                continue  # in the context: the previous piece has it
            merged = _shifted_quote(quote, offset, len(quotes))
            merged["paragraph"] = bisect_right(paragraph_starts, merged["start"]) - 1
            if quote["continues"] is not None:
                # The piece it continues may lie in the context: find it where the previous piece put it.
                merged["continues"] = index_at.get(piece_quotes[quote["continues"]]["start"] + offset)
            people = [] if quote["speaker"] is None else [quote["speaker"], *quote["speaker"].get("with", [])]
            groups.append([_speaker_key(person, number) for person in people] or [None])
            quoted.update((number, person["id"]) for person in people)
            index_at[merged["start"]] = merged["index"]
            quotes.append(merged)
    speakers = _merged_speakers(pieces, quotes, groups, quoted)
    # The pieces were run as bare texts: id, path, meta and text come from the article itself.
    return {**record_head(article, pieces[0][3]["tool"]), "quotes": quotes, "speakers": speakers}


def _merged_speakers(
    pieces: list[tuple[int, int, int, Record]], quotes: list[Record], groups: list[list[Hashable | None]],
    quoted: set[tuple[int, str]],
) -> list[Record]:
    """The merged speaker entries, in order of first quote; their ids, from `number_speaker_groups`,
    and their roles are written into the merged quotes too."""
    speakers: dict[Hashable, Record] = {}
    for quote, group, ids in zip(quotes, groups, number_speaker_groups(groups), strict=True):
        if ids[0] is None:
            continue
        speaker = quote["speaker"]
        for person, key, speaker_id in zip([speaker, *speaker["with"]], group, ids, strict=True):
            entry = speakers.setdefault(key, {
                "id": speaker_id, "name": person["name"], "kind": person["kind"], "role": person.get("role"),
                "gender": None, "gender_evidence": None,
                "mentions": {}, "quotes": 0,  # mentions by (start, end) until the end
            })
            entry["role"] = entry["role"] or person.get("role")
            entry["quotes"] += 1
            person["id"] = entry["id"]
    for number, (_, _, offset, record) in enumerate(pieces):
        for speaker in record["speakers"]:
            if (number, speaker["id"]) in quoted:
                entry = speakers[_speaker_key(speaker, number)]
                if _stronger(speaker["gender_evidence"], entry["gender_evidence"]):  # the best piece's word
                    entry["gender"], entry["gender_evidence"] = speaker["gender"], speaker["gender_evidence"]
                for mention in speaker["mentions"]:
                    key = (mention["start"] + offset, mention["end"] + offset)
                    entry["mentions"].setdefault(key, _shifted(mention, offset))
    by_id = {entry["id"]: entry for entry in speakers.values()}
    for quote in quotes:
        if quote["speaker"] is not None:  # a role or gender found in a later piece holds for earlier quotes too
            entry = by_id[quote["speaker"]["id"]]
            quote["speaker"]["role"], quote["speaker"]["gender"] = entry["role"], entry["gender"]
            for partner in quote["speaker"]["with"]:
                partner["gender"] = by_id[partner["id"]]["gender"]
    return [
        {**entry, "mentions": [entry["mentions"][key] for key in sorted(entry["mentions"])]}
        for entry in speakers.values()
    ]


def _shifted_quote(quote: Record, offset: int, index: int) -> Record:
    """A copy of a piece's quote with its offsets in the whole text and its new index."""
    speaker = quote["speaker"]
    return {
        **quote,
        "index": index,
        "start": quote["start"] + offset,
        "end": quote["end"] + offset,
        "speaker": None if speaker is None else {
            **speaker, "mention": _shifted(speaker["mention"], offset),
            "with": [dict(person) for person in speaker.get("with", [])],
        },
        "cue": _shifted(quote["cue"], offset),
        "nested": [_shifted(span, offset) for span in quote["nested"]],
    }


def _shifted(mention: Record | None, offset: int) -> Record | None:
    if mention is None:
        return None
    return {**mention, "start": mention["start"] + offset, "end": mention["end"] + offset}


def _stronger(evidence: str | None, than: str | None) -> bool:
    """Whether one kind of gender evidence outranks another (None: no evidence)."""
    return evidence is not None and (than is None or EVIDENCE_ORDER.index(evidence) < EVIDENCE_ORDER.index(than))


def _speaker_key(speaker: Record, piece: int) -> Hashable:
    """Who a piece's speaker is in the whole text: two pieces name the same person the same way;
    an unnamed speaker is only itself."""
    return (speaker["name"], speaker["kind"]) if speaker["name"] else ("unnamed", piece, speaker["id"])
