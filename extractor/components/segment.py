"""Stage 1, segmentation: the text into tokens (`ArticleTokenizer`), and the `article_segmenter`
component (paragraphs and the headline).

A paragraph is a non-empty line (`layout.paragraph_spans`), whatever ends the line. The
component marks each paragraph's first token as a sentence start before the parser runs, so
that no sentence crosses a paragraph, and stores the paragraphs in the Doc's layout for the
later components.

`build_pipeline` wraps the model's tokenizer in `ArticleTokenizer`, which changes two
things and keeps `doc.text == text`: spaCy's tokenizer takes time quadratic in the length of
a run of characters without a space (20,000 em-dashes: half a minute), so a run longer than
MAX_RUN is handed to it in slices of at most MAX_RUN characters; and the whitespace tokens
that hold a line end other than "\n" ("\r\n", "\r", U+0085, U+2028, U+2029) are given the
lexical features the model reads (norm, prefix, suffix, shape) of the same token written with
"\n", so that the tagger, parser and NER read a text the same whatever its line ends.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise
from typing import Any

import numpy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from .extensions import register_extensions
from .layout import LINE_BREAKS, TITLE_ABBREVIATIONS, layout_of, looks_like_headline, paragraph_spans
from .lexicon import ZERO_WIDTH

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


# --- tokenizing ------------------------------------------------------------------------

MAX_RUN = 100  # the longest run of non-space characters handed to spaCy's tokenizer at once
OTHER_LINE_BREAKS = LINE_BREAKS.replace("\n", "")
_OTHER_LINE_BREAK = re.compile(f"[{OTHER_LINE_BREAKS}]")
_AS_NEWLINE = str.maketrans(dict.fromkeys(OTHER_LINE_BREAKS, "\n"))


def keep_titles_whole(tokenizer: Any) -> None:
    """Make 'Cpl.', 'Sgt.', 'Const.' one token, as spaCy's English tokenizer already makes 'Gen.' and
    'Sen.': split from its full stop, the title ends a sentence in the parser's eyes and the name
    after it loses its verb ('reconstructionist Cpl. | Dan Green noted …')."""
    for abbreviation in TITLE_ABBREVIATIONS:
        for form in (abbreviation.capitalize() + ".", abbreviation + "."):
            if len(tokenizer(form)) > 1:
                tokenizer.add_special_case(form, [{ORTH: form}])


class ArticleTokenizer:
    """A spaCy tokenizer whose cost is bounded, and which reads every line end as "\\n".

    Called like the tokenizer it wraps (`tokenizer(text) -> Doc`, `tokenizer.pipe(texts)`),
    with `doc.text == text` exactly. A text without a run of more than `max_run` non-space
    characters gets exactly the wrapped tokenizer's Doc; otherwise the text is cut before and
    after each such run and inside it every `max_run` characters (after a character that is not
    a letter or digit when the last half of the slice has one), each slice is tokenized alone
    and the Docs are joined: a token never crosses a cut. A word with a zero-width character
    glued to it ('Varga\u200b') gets the features of the word without it, so the model reads
    the word it knows. Everything else (serialization,
    `explain`, the rules) is the wrapped tokenizer's.
    """

    def __init__(self, tokenizer: Callable[[str], Doc], max_run: int = MAX_RUN) -> None:
        if max_run < 2:
            raise ValueError(f"max_run must be at least 2, not {max_run}")
        self.tokenizer = tokenizer
        self.max_run = max_run
        self._long_run = re.compile(rf"\S{{{max_run + 1},}}")
        self._newline_like: set[int] = set()  # lexemes already given their "\n" features

    def __call__(self, text: str) -> Doc:
        bounds = self.slices(text)
        if len(bounds) == 1:
            doc = self.tokenizer(text)
        else:
            docs = [self.tokenizer(text[start:end]) for start, end in bounds]
            doc = Doc.from_docs([d for d in docs if len(d)], ensure_whitespace=False)
        if _OTHER_LINE_BREAK.search(text):
            self._read_line_ends_as_newlines(doc)
        if ZERO_WIDTH.search(text):
            self._read_words_without_zero_widths(doc)
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def slices(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of the consecutive slices of `text` the wrapped tokenizer is handed."""
        cuts = [0]
        for run in self._long_run.finditer(text):
            start, end = run.span()
            if start > cuts[-1]:
                cuts.append(start)
            while end - start > self.max_run:
                start = self._cut_in_run(text, start)
                cuts.append(start)
            # The space after the run stays with it, as the tokenizer attaches it to the last token.
            end += text.startswith(" ", end)
            if end < len(text):
                cuts.append(end)
        cuts.append(len(text))
        return list(pairwise(cuts)) if len(text) else [(0, 0)]

    def _cut_in_run(self, text: str, start: int) -> int:
        """Where a slice inside a run of non-space characters from `start` ends: `max_run` on,
        or earlier after a non-alphanumeric character, not in the middle of a word."""
        stop = start + self.max_run
        for cut in range(stop, start + self.max_run // 2, -1):
            if not (text[cut - 1].isalnum() and text[cut].isalnum()):
                return cut
        return stop

    def _read_line_ends_as_newlines(self, doc: Doc) -> None:
        """Give each whitespace lexeme with a line end other than "\\n" the features the model
        reads of the same whitespace written with "\\n" ("\\r\\n" as one "\\n")."""
        strings, vocab = doc.vocab.strings, doc.vocab
        values = doc.to_array([ORTH, IS_SPACE])
        for orth in numpy.unique(values[values[:, 1] == 1, 0]).tolist():
            if orth in self._newline_like:
                continue
            word = strings[orth]
            if _OTHER_LINE_BREAK.search(word):
                lexeme = vocab[orth]
                same = vocab[word.replace("\r\n", "\n").translate(_AS_NEWLINE)]
                lexeme.norm_, lexeme.prefix_, lexeme.suffix_, lexeme.shape_ = (
                    same.norm_, same.prefix_, same.suffix_, same.shape_,
                )
                self._newline_like.add(orth)

    @staticmethod
    def _read_words_without_zero_widths(doc: Doc) -> None:
        """Give each word with a zero-width character the features of the word without it."""
        vocab = doc.vocab
        for token in doc:
            if not ZERO_WIDTH.search(token.text):
                continue
            visible = ZERO_WIDTH.sub("", token.text)
            lexeme, same = token.lex, vocab[visible or " "]
            lexeme.norm_, lexeme.prefix_, lexeme.suffix_, lexeme.shape_, lexeme.lower_ = (
                same.norm_, same.prefix_, same.suffix_, same.shape_, same.lower_)
            for flag in ("is_alpha", "is_title", "is_lower", "is_upper", "is_punct", "is_space", "like_num"):
                setattr(lexeme, flag, getattr(same, flag))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "tokenizer":  # not found on a half-built copy (pickle)
            raise AttributeError(name)
        return getattr(self.tokenizer, name)
