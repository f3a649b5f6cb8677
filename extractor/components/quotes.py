"""Stage 2, quote detection: the `quote_finder` component.

Pairs the quotation marks of the text (`pairing`), then types each quote: `direct` (a
whole sentence or more of someone's words), `partial` (a fragment inside the writer's
sentence) or `scare` (a term, a title or a scare quote, never attributed). Results go
to `doc.spans["quotes"]`, one span per paragraph piece, with the span's label as type.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import register_extensions
from .layout import SMALL_WORDS, layout_of, paragraph_spans, paragraphs_of, restated_captions_of, writer_sentences
from .lexicon import LINK_WORDS, reporting_forms
from .pairing import DOUBLE, SINGLE, QuotePair, pair_quotes
from .quote_types import DIRECT, PARTIAL, SCARE

QUOTES_KEY = "quotes"
# Words right before a quote that make it a name for something, not someone's words:
# "a policy known as “maximum pressure,”", "the so-called “Muslim ban”".
NAMING_CUE = re.compile(
    r"\b(?:known as|so-called|so called|dubbed|termed|nicknamed|titled|entitled|"
    r"labell?ed(?: as)?|branded(?: as)?|billed as|referred to as|the words?|the term|the phrase|"
    r"the slogan|the hashtag|the label|the motto|the headline|marked|signs? reading|reads?|reading[,:]?)\s*$",
    re.IGNORECASE,
)
MAX_TITLE_WORDS = 10
# A noun for a work right before a quote: the quote is the work's title, however long, if in title
# case ("author of the book “Left Behind: How Mill Towns Lost Their Work”"), in any case if the work
# is "called" it ("a song called “home is where we start”").
_WORKS = (r"\b(?:book|novel|memoir|film|movie|documentary|play|musical|opera|song|album|show|series|sitcom|"
          r"podcast|poem|essay|column|op-ed|painting|exhibition|exhibit)s?,?")
WORK_NOUN = re.compile(_WORKS + r"\s*$", re.IGNORECASE)
NAMED_WORK = re.compile(_WORKS + r"\s+(?:called|titled|entitled|named),?\s*$", re.IGNORECASE)
MAX_WORK_TITLE_WORDS = 25
# A line that is a link or a subhead, not running text: "READ MORE: ‘…’: the rise of…".
LINK_LABEL = re.compile(r"^[A-Z][A-Z ]{2,20}:\s")
# Quoted page furniture, not anyone's words: '"Related:"', '"Follow Nell Tarrant on Twitter @nelltarrantDC."'.
BOILERPLATE = re.compile(r"(?i)(?:(?:related|read more|see also|watch|listen|advertisement)\s*:?|"
                         r"follow .{1,40} on (?:twitter|facebook|instagram)\b.*)$")
SENTENCE_END = set(".!?…:;,")
MAX_SUBHEAD_WORDS = 20
MAX_HEADLINE_WORDS = 10
TRAILING_MARKUP = re.compile(r"(?:\s*<[^<>]*>)+\s*$")
# A quotation credited after a dash at the end of its line: '“…” — Commissioner Jane Doe',
# '"…" -Jane Doe'. Such a line is a credited quote, not a subhead.
DASH_CREDITED = re.compile(r"[\"”’']\s*(?:--|[-—–―])\s*[A-Z][\w.'’-]*(?:,?\s+[\w.'’-]+){0,8}\s*$")
# "Protesters chanted “What curfew?”", "she said, ''No.''": a capitalised quote right after a
# verb of speech is someone's words, not a title.
# ("told" takes a listener first: 'told “Morning Table”' is a show.)
SPEECH_FORMS = frozenset(reporting_forms(weak=False) - {"told", "tell", "tells", "telling"})


@Language.factory("quote_finder", assigns=["doc.spans"], default_config={"spans_key": QUOTES_KEY})
def make_quote_finder(nlp: Language, name: str, *, spans_key: str) -> QuoteFinder:
    """Find quotations in quotation marks and type them direct, partial or scare."""
    return QuoteFinder(spans_key=spans_key)


class QuoteFinder:
    """Writes `doc.spans[spans_key]`: every quote piece, labelled with its type."""

    def __init__(self, *, spans_key: str = QUOTES_KEY) -> None:
        self.spans_key = spans_key
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # built anew from the tokens at each access: read it once
        paragraphs = paragraphs_of(doc)
        found, unmatched = pair_quotes(text, paragraphs)
        restated = restated_captions_of(doc)  # said again under a photo: counted once, in the text
        kept = [i for i, pair in enumerate(found) if not _is_markup_value(text, pair)
                and not any(start <= pair.start < end for start, end in restated)]
        new_index = {old: new for new, old in enumerate(kept)}
        pairs = [found[i] for i in kept]
        sentences = writer_sentences(text, [(p.start, p.end) for p in pairs], paragraphs)
        layout = layout_of(doc)
        layout["sentences"], layout["quotes_key"] = sentences, self.spans_key
        spans = []
        for pair, kind in zip(pairs, quote_types(text, pairs, sentences, paragraphs), strict=True):
            span = doc.char_span(pair.start, pair.end, label=kind, alignment_mode="expand")
            assert span is not None  # "expand" always finds the tokens of a non-empty stretch of text
            span._.char_offsets = (pair.start, pair.end)
            span._.continues = None if pair.continues is None else new_index.get(pair.continues)
            span._.nested = list(pair.nested)
            spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.unmatched_marks = unmatched
        return doc


def _is_markup_value(text: str, pair: QuotePair) -> bool:
    """An attribute value in scraped markup: author="@AP"."""
    return pair.start > 0 and text[pair.start - 1] == "="


def quote_types(
    text: str, pairs: list[QuotePair], sentences: list[tuple[int, int, int]] | None = None,
    paragraphs: list[tuple[int, int]] | None = None,
) -> list[str]:
    """The type of each quote, from where it stands in the writer's sentence (the writer's
    sentences and the paragraphs are found here unless given)."""
    if sentences is None:
        sentences = writer_sentences(text, [(p.start, p.end) for p in pairs], paragraphs)
    starts = [s[0] for s in sentences]
    paragraphs = paragraph_spans(text) if paragraphs is None else paragraphs
    quotes_speech_in_double = any(pair.family == DOUBLE for pair in pairs)
    types = []
    for pair in pairs:
        found = sentences[bisect_right(starts, pair.start) - 1] if sentences else None
        sentence = found[:2] if found and found[0] <= pair.start < found[1] else (pair.start, pair.end)
        paragraph = paragraphs[pair.paragraph]
        headline = quotes_speech_in_double and _is_quoted_headline(text, pair, *paragraph)
        subhead = is_subhead(text, *paragraph, alone=len(paragraphs) == 1)
        types.append(SCARE if headline or subhead else quote_type(text, pair, sentence))
    return types


def _is_quoted_headline(text: str, pair: QuotePair, start: int, end: int) -> bool:
    """A short line that is all in single quotes, where speech is in double ones: a subhead
    in the headline style ("'A long climb to the top.'"), not someone's words."""
    return (pair.family == SINGLE and pair.start == start and pair.end == end
            and len(text[start:end].split()) <= MAX_HEADLINE_WORDS)


def is_subhead(text: str, start: int, end: int, alone: bool = False) -> bool:
    """A link line ("WATCH: …") or a short line that does not end as a sentence does (a quote
    credited after a dash does not have to, nor the one line of a text `alone`)."""
    line = text[start:end]
    label = LINK_LABEL.match(line)
    if label:  # other labels head running text too: "CHINA TALK: Chinese Vice-President …"
        return label.group().split()[0] in LINK_WORDS or len(line.split()) <= MAX_SUBHEAD_WORDS
    if alone:
        return False
    line = TRAILING_MARKUP.sub("", line)  # '… at the rally. <img src="/p.jpg">' ends as a sentence
    if DASH_CREDITED.search(line):
        return False
    last = line.rstrip("”’\"'»« ")[-1:]
    return last not in SENTENCE_END and len(line.split()) <= MAX_SUBHEAD_WORDS


def quote_type(text: str, pair: QuotePair, sentence: tuple[int, int]) -> str:
    """direct, partial or scare for one quote inside its writer's sentence."""
    inner_start, inner_end = pair.inner
    words = re.findall(r"[^\W_][\w'’-]*", text[inner_start:inner_end])
    if not words or BOILERPLATE.match(text[inner_start:inner_end].strip()):
        return SCARE
    before = text[sentence[0]:pair.start].rstrip()
    if pair.reopened or not pair.closed:
        return DIRECT
    starts_upper = words[0][0].isupper() or words[0][0].isdigit()
    ends_as_sentence = text[inner_end - 1:inner_end] in SENTENCE_END
    last_word = before.rstrip(",:").rsplit(None, 1)[-1:]
    # After a verb of speech, or a colon lead-in to a whole sentence ("Herald editorial: 'Sell the
    # Stadium.'"), capitalised words are someone's words, not a title.
    spoken = (bool(last_word) and last_word[0].lower() in SPEECH_FORMS) or (before[-1:] == ":" and ends_as_sentence)
    if NAMING_CUE.search(before) or (not spoken and (before or not ends_as_sentence) and _is_title(words)):
        return SCARE
    if NAMED_WORK.search(before) or (WORK_NOUN.search(before) and _is_title(words, MAX_WORK_TITLE_WORDS)):
        return SCARE
    if not before or before[-1] in ":" or (before[-1] in ",—–-(" and starts_upper):
        return DIRECT if starts_upper or len(words) > 3 else PARTIAL
    return PARTIAL


def _is_title(words: list[str], max_words: int = MAX_TITLE_WORDS) -> bool:
    """Title case: “Fox News Sunday,” “The Art of the Deal”."""
    if len(words) > max_words or not words[0][0].isupper():
        return False
    content = [w for w in words if w.lower() not in SMALL_WORDS]
    return all(w[0].isupper() or w[0].isdigit() for w in content)
