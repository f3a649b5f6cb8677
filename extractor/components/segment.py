"""Stage 1, segmentation: the `article_segmenter` component (paragraphs and the headline).

A paragraph is a non-empty line (`layout.paragraph_spans`). The component marks each
paragraph's first token as a sentence start before the parser runs, so that no sentence
crosses a paragraph, and stores the paragraphs in the Doc's layout for the later components.
"""

from __future__ import annotations

import re

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from .extensions import register_extensions
from .layout import layout_of, looks_like_headline, paragraph_spans

PARAGRAPHS_KEY = "paragraphs"
HEADLINE_KEY = "headline"
# "WASHINGTON —", "LOS ANGELES (AP) --", "WASHINGTON, Aug. 24 (UPI) —": a place in capitals opening a story.
DATELINE = re.compile(r"[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3}(?:, [A-Z][A-Za-z]*\.?(?: \d{1,2})?)?"
                      r"(?: \([A-Za-z]+\))?(?: ?(?:—|–|―|--) ?| - )(?=[A-Z\"“‘'])")
NOT_A_START = 2**64 - 1  # -1 ("not a sentence start") in the unsigned array of Doc.to_array


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
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        offsets = paragraph_spans(text)
        layout_of(doc)["paragraphs"] = offsets
        spans = (doc.char_span(start, end, alignment_mode="expand") for start, end in offsets)
        paragraphs = [p for p in spans if p is not None and len(p)]
        if paragraphs and not doc.has_annotation("DEP"):  # the parser keeps boundaries set before it
            starts = doc.to_array([SENT_START])  # one array write: setting tokens one by one is quadratic
            # A paragraph's second word never starts a sentence: without this the parser may cut
            # "Vickers | said he's …" after a subhead and lose the subject.
            starts[[p.start + 1 for p in paragraphs if len(p) > 1]] = NOT_A_START
            starts[[p.start for p in paragraphs]] = 1
            starts[[i for p in paragraphs if (i := _after_dateline(p)) is not None]] = 1
            doc.from_array([SENT_START], starts)  # type: ignore[arg-type]
        doc.spans[self.paragraphs_key] = paragraphs
        headline = bool(paragraphs) and looks_like_headline(text, *offsets[0], len(offsets))
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
