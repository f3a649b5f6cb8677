"""Stage 1, segmentation: paragraphs, the headline, and the writer's sentences.

A paragraph is a non-empty line. The component marks each paragraph's first token as a
sentence start before the parser runs, so that no sentence crosses a paragraph. The
writer's sentences (`sentence_bounds`) are found on the text with quotations treated as
opaque, because the statistical splitter often cuts `“A,” he said.` in the wrong place.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from .pairing import paragraph_spans

PARAGRAPHS_KEY = "paragraphs"
HEADLINE_KEY = "headline"
# Words ending in "." that do not end a sentence.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gov", "sen", "rep", "gen", "lt", "col", "sgt",
    "capt", "det", "prof", "rev", "hon", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct",
    "nov", "dec", "no", "vs", "v", "etc", "inc", "corp", "co", "ltd", "u.s", "u.k", "u.n", "d.c",
    "a.m", "p.m", "ft", "mt", "ave", "e.g", "i.e", "approx", "dept", "univ", "cmdr", "adm", "supt",
}
# "WASHINGTON —", "LOS ANGELES (AP) --", "WASHINGTON, Aug. 24 (UPI) —": a place in capitals opening a story.
DATELINE = re.compile(r"[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3}(?:, [A-Z][A-Za-z]*\.?(?: \d{1,2})?)?"
                      r"(?: \([A-Za-z]+\))?(?: ?(?:—|–|―|--) ?| - )(?=[A-Z\"“‘'])")
NOT_A_START = 2**64 - 1  # -1 ("not a sentence start") in the unsigned array of Doc.to_array
SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "from"}


@Language.factory(
    "article_segmenter",
    assigns=["doc.spans", "token.is_sent_start"],
    default_config={"paragraphs_key": PARAGRAPHS_KEY, "headline_key": HEADLINE_KEY},
)
def make_article_segmenter(nlp: Language, name: str, *, paragraphs_key: str, headline_key: str) -> ArticleSegmenter:
    """Paragraph and headline spans; sentence starts at paragraph starts (place it before the parser)."""
    return ArticleSegmenter(paragraphs_key=paragraphs_key, headline_key=headline_key)


class ArticleSegmenter:
    """Marks paragraphs (`doc.spans["paragraphs"]`) and a headline (`doc.spans["headline"]`)."""

    def __init__(self, *, paragraphs_key: str = PARAGRAPHS_KEY, headline_key: str = HEADLINE_KEY) -> None:
        self.paragraphs_key = paragraphs_key
        self.headline_key = headline_key

    def __call__(self, doc: Doc) -> Doc:
        paragraphs = [doc.char_span(s, e, alignment_mode="expand") for s, e in paragraph_spans(doc.text)]
        paragraphs = [p for p in paragraphs if p is not None and len(p)]
        if paragraphs and not doc.has_annotation("DEP"):  # the parser keeps boundaries set before it
            starts = doc.to_array([SENT_START])  # one array write: setting tokens one by one is quadratic
            # A paragraph's second word never starts a sentence: without this the parser may cut
            # "Vickers | said he's …" after a subhead and lose the subject.
            starts[[p.start + 1 for p in paragraphs if len(p) > 1]] = NOT_A_START
            starts[[p.start for p in paragraphs]] = 1
            starts[[i for p in paragraphs if (i := _after_dateline(p)) is not None]] = 1
            doc.from_array([SENT_START], starts)
        doc.spans[self.paragraphs_key] = paragraphs
        headline = bool(paragraphs) and looks_like_headline(paragraphs[0], len(paragraphs))
        doc.spans[self.headline_key] = [paragraphs[0]] if headline else []
        return doc


def _after_dateline(paragraph: Span) -> int | None:
    """The first word after a dateline ('WASHINGTON (AP) — The committee said …'), which starts
    a sentence of its own: the city is not the subject of what follows."""
    found = DATELINE.match(paragraph.text)
    if found is None:
        return None
    char = paragraph.start_char + found.end()
    return next((t.i for t in paragraph if t.idx == char), None)


def looks_like_headline(paragraph: Span, n_paragraphs: int) -> bool:
    """A short first line without a final full stop, or written in title case."""
    if n_paragraphs < 2:
        return False
    words = [t.text for t in paragraph if t.is_alpha]
    if not words or len(words) > 25:
        return False
    if paragraph.text.rstrip()[-1] not in ".!?”\"'":
        return True
    content = [w for w in words if w.lower() not in SMALL_WORDS]
    return sum(w[0].isupper() for w in content) >= 0.8 * len(content)


def _ends_sentence(text: str, dot: int, start: int) -> bool:
    """Is the '.' '?' or '!' at `dot` the end of a sentence?"""
    if text[dot] != ".":
        return True
    word = re.search(r"[\w.]*$", text[start:dot]).group().lower()
    if word in ABBREVIATIONS or re.fullmatch(r"[a-z]", word):
        return False
    return not re.fullmatch(r"(?:[a-z]\.)+[a-z]", word)  # initials: J.R.R., U.S


def sentence_bounds(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The writer's sentences of one paragraph text[start:end], quotations kept whole.

    A sentence ends at '.', '?' or '!' (after any closing marks) followed by a space and a
    capital letter or an opening mark; inside a quotation only at its last character.
    """
    bounds, sent_start = [], start
    opaque = sorted(q for q in quotes if start <= q[0] < end)  # callers pass this paragraph's quotes
    pattern = re.compile(r"[.?!…]+[”’\"')\]]*(?=\s+[\"“‘'(\[A-Z0-9`])")
    pos = start
    while True:
        match = pattern.search(text, pos, end)
        if match is None:
            break
        inside = next((q for q in opaque if q[0] < match.start() < q[1]), None)
        if inside is not None and match.end() < inside[1]:
            pos = match.end()
            continue
        cut = max(match.end(), inside[1]) if inside else match.end()
        if _ends_sentence(text, match.start(), sent_start) or inside:
            bounds.append((sent_start, cut))
            sent_start = cut
            while sent_start < end and text[sent_start].isspace():
                sent_start += 1
        pos = cut
    if sent_start < end:
        bounds.append((sent_start, end))
    return bounds


def writer_sentences(text: str, quotes: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(start, end, paragraph number) of every writer's sentence of the text, in order."""
    quotes = sorted(quotes)
    starts = [q[0] for q in quotes]
    sentences = []
    for number, (start, end) in enumerate(paragraph_spans(text)):
        inside = quotes[bisect_left(starts, start):bisect_left(starts, end)]
        sentences.extend((s, e, number) for s, e in sentence_bounds(text, start, end, inside))
    return sentences
