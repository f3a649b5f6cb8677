"""The layout of an article, computed once per Doc: its paragraphs and its writer's sentences.

A paragraph is a non-empty line, whatever ends it (LINE_BREAKS). The writer's sentences
are found on the text with the quotations treated as opaque, because the statistical
splitter often cuts `“A,” he said.` in the wrong place. `article_segmenter` stores the
paragraphs and `quote_finder` the sentences (which need the quotes) in `doc._.layout`, as
plain offsets; every later component, and the selective parser, reads them from there.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the views read paragraphs and headlines without loading spaCy
    from spacy.tokens import Doc

SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "from"}
MAX_HEADLINE_WORDS = 25
# Titles written before a name, which a sentence does not end on: "Cpl. Dan Green".
TITLE_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gov", "sen", "rep", "gen", "lt", "col", "sgt", "capt", "det", "prof", "rev",
    "hon", "cmdr", "adm", "supt", "cpl", "pte", "pvt", "spc", "maj", "brig", "const", "cst", "insp", "atty",
}
# Words ending in "." that do not end a sentence: those titles, and others.
ABBREVIATIONS = TITLE_ABBREVIATIONS | {
    "st", "jr", "sr", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "no", "vs", "v",
    "etc", "inc", "corp", "co", "ltd", "u.s", "u.k", "u.n", "d.c", "a.m", "p.m", "ft", "mt", "ave", "e.g",
    "i.e", "approx", "dept", "univ",
}


# What ends a line: "\n", "\r\n", "\r" alone (old Mac files), NEL, and the Unicode line and
# paragraph separators. Every one separates paragraphs as "\n" does.
LINE_BREAKS = "\n\r\x85\u2028\u2029"
_LINE = re.compile(f"[^{LINE_BREAKS}]+")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as (start, end), leading and trailing whitespace excluded.

    A line ends at any of LINE_BREAKS ("\\r\\n" is one line end, the empty line between its
    two characters does not count); offsets are in `text` as given.
    """
    spans = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            spans.append((start, end))
    return spans


# A photo caption is known by its credit: at the start of the line ("Ana Ruiz / The Daily Post
# Crowds at …", "REUTERS/Ana Ruiz Crowds at …"), at its end ("… at the rally. (Ana Ruiz/Daily
# Post)"), or alone on a short line ("Ana Ruiz/Daily Post.").
CREDIT_FIRST = re.compile(r"^(?:[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){1,3} / [A-Z0-9]|[A-Z]{2,}/[A-Z][a-z])")
CREDIT_LAST = re.compile(r"\(\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s*/\s*[A-Z0-9][^()]{0,60}\)\W*$")
MAX_CREDIT_WORDS = 6


def is_caption(text: str, start: int, end: int) -> bool:
    """Whether the paragraph `text[start:end]` is a photo caption or credit, not running text:
    the people it names are in the picture, not in the story's train of thought."""
    line = text[start:end]
    if CREDIT_FIRST.match(line) or CREDIT_LAST.search(line):
        return True
    words = line.split()
    return "/" in line and len(words) <= MAX_CREDIT_WORDS and all(w[0].isupper() for w in words)


MIN_REPEATED_WORDS = 6  # a run of words this long that a caption shares with the text restates it
_WORD = re.compile(r"\w+")


def repeated_captions(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The captions (`is_caption`) that restate the article's own text: a run of words they share
    with a paragraph that is no caption ("Asked what he would tell the mayor, Ana Ruiz says: …",
    under a photo, after the article told it). Their quotes and reports would be counted twice."""
    captions = [(start, end) for start, end in paragraphs if is_caption(text, start, end)]
    if not captions:
        return []
    body: set[tuple[str, ...]] = set()
    for start, end in paragraphs:
        if (start, end) not in captions:
            body.update(_word_runs(text[start:end]))
    return [(start, end) for start, end in captions if not body.isdisjoint(_word_runs(text[start:end]))]


def _word_runs(line: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(line.lower())
    return {tuple(words[k:k + MIN_REPEATED_WORDS]) for k in range(len(words) - MIN_REPEATED_WORDS + 1)}


def looks_like_headline(text: str, start: int, end: int, n_paragraphs: int) -> bool:
    """Whether the first paragraph `text[start:end]` is a headline: a short line without a final
    full stop, or one written in title case (a one-paragraph text is no headline)."""
    if n_paragraphs < 2:
        return False
    words = re.findall(r"[^\W\d_]+", text[start:end])
    if not words or len(words) > MAX_HEADLINE_WORDS:
        return False
    if text[start:end].rstrip()[-1] not in ".!?”\"'":
        return True
    content = [w for w in words if w.lower() not in SMALL_WORDS]
    return sum(w[0].isupper() for w in content) >= 0.8 * len(content)


def _ends_sentence(text: str, dot: int, start: int) -> bool:
    """Is the '.' '?' or '!' at `dot` the end of a sentence?"""
    if text[dot] != ".":
        return True
    word = re.findall(r"[\w.]*$", text[start:dot])[0].lower()
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


def writer_sentences(
    text: str, quotes: list[tuple[int, int]], paragraphs: list[tuple[int, int]] | None = None
) -> list[tuple[int, int, int]]:
    """(start, end, paragraph number) of every writer's sentence of the text, in order."""
    quotes = sorted(quotes)
    starts = [q[0] for q in quotes]
    sentences: list[tuple[int, int, int]] = []
    for number, (start, end) in enumerate(paragraph_spans(text) if paragraphs is None else paragraphs):
        inside = quotes[bisect_left(starts, start):bisect_left(starts, end)]
        sentences.extend((s, e, number) for s, e in sentence_bounds(text, start, end, inside))
    return sentences


def layout_of(doc: Doc) -> dict[str, Any]:
    """The Doc's layout record (made empty if no component has written it yet)."""
    if doc._.layout is None:
        doc._.layout = {}
    return doc._.layout


def paragraphs_of(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, as `article_segmenter` stored them (found here if it did not run)."""
    layout = layout_of(doc)
    if "paragraphs" not in layout:
        layout["paragraphs"] = paragraph_spans(doc.text)
    return [tuple(p) for p in layout["paragraphs"]]


def caption_tokens(doc: Doc) -> set[int]:
    """Indices of the tokens in the article's photo captions (`is_caption`)."""
    found: set[int] = set()
    text = doc.text  # built anew on each access
    for start, end in paragraphs_of(doc):
        if is_caption(text, start, end) and (span := doc.char_span(start, end, alignment_mode="expand")):
            found.update(range(span.start, span.end))
    return found


def restated_captions_of(doc: Doc) -> list[tuple[int, int]]:
    """`repeated_captions` of the Doc, found once and kept in its layout for the quote finder and
    reported speech alike."""
    layout = layout_of(doc)
    if "restated_captions" not in layout:
        layout["restated_captions"] = repeated_captions(doc.text, paragraphs_of(doc))
    return [tuple(p) for p in layout["restated_captions"]]


def headline_of(doc: Doc) -> tuple[int, int] | None:
    """(start, end) of the article's headline, if its first paragraph is one."""
    paragraphs = paragraphs_of(doc)
    if paragraphs and looks_like_headline(doc.text, *paragraphs[0], len(paragraphs)):
        return paragraphs[0]
    return None


def sentences_of(doc: Doc) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of each writer's sentence, as `quote_finder` stored them."""
    return [tuple(s) for s in layout_of(doc).get("sentences", [])]
