"""What the attribution rules read: the article's context, built once per Doc, and one quote's view of it.

`ArticleContext` holds what every rule needs about the article: the quotes in order, the
writer's sentences and paragraphs (from the Doc's layout, never recomputed), which tokens lie
outside quotes, and the article's people and organisations (`speakers.EntityIndex`).
`QuoteContext` is one quote's place in it: the words of its own sentence before and after
it, the paragraphs around it, and the speakers found for the quotes before it. Its parts
are computed when a rule first asks for them.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from .clauses import is_reporting
from .layout import paragraphs_of, sentences_of, writer_sentences
from .patterns import cue_matches
from .quotes import PARTIAL
from .speakers import Entity, EntityIndex

MAX_ATTRIBUTION_WORDS = 20  # a sentence after a quote with a reporting verb this early may be its attribution
# What a verb that reports nothing takes: "He left the room." is news, "Trump went on." attributes.
COMPLEMENT_DEPS = {"dobj", "attr", "acomp", "ccomp", "xcomp", "dative", "oprd"}
OPEN_ENDINGS = {",", "?", "!", "—", "-"}  # a quote ending so still waits for its attribution: '“…,” he said'
LEAD_INS = {":", ",", "—"}  # what ends the words that introduce a quote: 'He said: “…”'
OPEN, CLOSED = "open", "closed"  # how a direct quote sits in its sentence (see QuoteContext.situation)


@dataclass(slots=True)
class Resolved:
    """A quote's speaker: the entity, the words naming it here, the cue, the rule and how sure it
    is; and the people named with it, who say the words together."""

    entity: Entity
    mention: tuple[int, int] | None
    cue: tuple[int, int] | None
    rule: str
    confidence: float
    partners: tuple[Entity, ...] = ()


class ArticleContext:
    """The quotes of one Doc, its writer's sentences and paragraphs, the tokens outside quotes, its entities."""

    def __init__(self, doc: Doc, quotes: list[Span]) -> None:
        self.doc = doc
        self.quotes = quotes
        inside: set[int] = set()
        for q in quotes:
            inside.update(range(q.start, q.end))
        self.outside = {t.i for t in doc if t.i not in inside}
        found = sentences_of(doc)
        if not found and quotes:  # quotes from another finder than quote_finder
            found = writer_sentences(doc.text, [q._.char_offsets or (q.start_char, q.end_char) for q in quotes],
                                     paragraphs_of(doc))
        self.sentences = [(start, end) for start, end, _ in found]
        self.paragraph_of_sentence = [number for _, _, number in found]
        self.paragraph_offsets = paragraphs_of(doc)
        self.sentence_of = [0] * len(doc)
        current = 0
        for token in doc:
            while current + 1 < len(self.sentences) and token.idx >= self.sentences[current + 1][0]:
                current += 1
            self.sentence_of[token.i] = current
        self.token_starts = [token.idx for token in doc]
        self.entities = EntityIndex(doc, self.outside, self.sentence_of)
        self.matches = cue_matches(doc)

    def token_at(self, char: int) -> int:
        """Index of the first token that starts at or after a character offset."""
        return bisect_left(self.token_starts, char)

    def sentence_index(self, quote: Span) -> int:
        return self.sentence_of[quote.start]

    def paragraph_of(self, quote: Span) -> int:
        return self.paragraph_of_sentence[self.sentence_index(quote)]

    def paragraph(self, number: int) -> Span | None:
        """The paragraph as a span of tokens, or None past the last one."""
        if not 0 <= number < len(self.paragraph_offsets):
            return None
        return self.doc.char_span(*self.paragraph_offsets[number], alignment_mode="expand")

    def words_between(self, start: int, end: int) -> list[Token]:
        """Tokens outside quotes with start <= token.i < end."""
        return [self.doc[i] for i in range(max(start, 0), min(end, len(self.doc)))
                if i in self.outside and not self.doc[i].is_space]

    def end_of_sentence(self, quote: Span) -> int:
        """Index of the first token after the writer's sentence that holds the quote."""
        return self.token_at(self.sentences[self.sentence_index(quote)][1])


class QuoteContext:
    """One quote in its article: its sentence's words around it, and the speakers found before it.

    `results` holds the speaker found so far for each quote (None where none is yet);
    `previous` is the index of the last quote before this one that has a speaker.
    """

    def __init__(self, article: ArticleContext, n: int, results: list[Resolved | None],
                 previous: int | None = None) -> None:
        self.article = article
        self.n = n
        self.quote = article.quotes[n]
        self.results = results
        self.previous = previous
        self.outside = article.outside

    @property
    def partial(self) -> bool:
        return self.quote.label_ == PARTIAL

    @property
    def previous_speaker(self) -> Entity | None:
        return self.results[self.previous].entity if self.previous is not None else None  # type: ignore[union-attr]

    @cached_property
    def _bounds(self) -> tuple[int, int, int, int]:
        """First and last token of the quote's writer's sentence; the end of the quote before it and
        the start of the quote after it when they share the sentence (0 and the Doc's end otherwise)."""
        article, quotes, n = self.article, self.article.quotes, self.n
        sent_start, sent_end = article.sentences[article.sentence_index(self.quote)]
        prev_end = quotes[n - 1].end if n > 0 and quotes[n - 1].end_char > sent_start else 0
        next_start = quotes[n + 1].start if n + 1 < len(quotes) and quotes[n + 1].start_char < sent_end else len(
            article.doc)
        return article.token_at(sent_start), article.token_at(sent_end), prev_end, next_start

    @cached_property
    def sentence(self) -> list[Token]:
        """The words of the quote's writer's sentence outside quotes."""
        first, last, _, _ = self._bounds
        return self.article.words_between(first, last)

    @cached_property
    def before(self) -> list[Token]:
        """The words of its sentence between the quote before it (if any) and this one."""
        first, _, prev_end, _ = self._bounds
        return self.article.words_between(max(first, prev_end), self.quote.start)

    @cached_property
    def after(self) -> list[Token]:
        """The words of its sentence after it, or the next sentence when that is only an attribution."""
        _, last, _, next_start = self._bounds
        after = self.article.words_between(self.quote.end, min(last, next_start))
        if not [t for t in after if not t.is_punct] and next_start > last:
            after = self._attribution_sentence(last, next_start)
        return after

    @property
    def colon_or_comma(self) -> bool:
        """The words before the quote end in a colon, a comma or a dash: a lead-in."""
        return bool(self.before) and self.before[-1].text in LEAD_INS

    @property
    def situation(self) -> str:
        """PARTIAL, OPEN or CLOSED: which rule order applies.

        An OPEN direct quote waits for its attribution after it ('“…,” he said', or a quote that
        opens its sentence); a CLOSED one was introduced before it ('He said: “….”', 'she says, “…”').
        """
        if self.partial:
            return PARTIAL
        before = self.before
        inner = self.quote.text.rstrip("”\"'’» ")
        ends_open = inner[-1:] in OPEN_ENDINGS or not before
        lead = before[-1].text if before else ""
        cue_before = lead in {",", ":"} and len(before) > 1 and is_reporting(before[-2])  # "she says, “…”"
        return OPEN if ends_open and not cue_before else CLOSED

    @property
    def opens_sentence(self) -> bool:
        return self.quote.start == self._bounds[0]

    @property
    def next_quote_start(self) -> int:
        return self._bounds[3]

    def _attribution_sentence(self, start: int, next_quote: int) -> list[Token]:
        """The next sentence, when it is only an attribution: '“Does he not understand…?” Biden said.'"""
        article = self.article
        here = article.sentence_index(self.quote)
        same_paragraph = here + 1 < len(article.sentences) and (
            article.paragraph_of_sentence[here + 1] == article.paragraph_of_sentence[here])
        if not same_paragraph:
            return []
        end = article.token_at(article.sentences[here + 1][1])
        words = article.words_between(start, min(end, next_quote))
        verb = next((k for k, w in enumerate(words) if is_reporting(w)), None)
        if verb is None and _intransitive_after_subject(words):
            verb = 1  # '“…don’t they?” Dorsey went on, as if he hadn’t heard her.'
        if end > next_quote or verb is None or verb > MAX_ATTRIBUTION_WORDS:
            return []  # "“Hello.” He left the room." is the writer's next sentence, not an attribution
        return words


def _intransitive_after_subject(words: list[Token]) -> bool:
    """A sentence that opens with a name or pronoun and a verb taking no object or clause: the
    shape of an attribution ('Trump went on, …', 'She smiled.'), not of news ('He left the room.')."""
    if len(words) < 3 or words[0].pos_ not in {"PROPN", "PRON"} or words[0].dep_ != "nsubj":
        return False
    verb = words[0].head
    return (verb.pos_ == "VERB" and verb.i == words[0].i + 1 and verb.dep_ == "ROOT"
            and not any(c.dep_ in COMPLEMENT_DEPS for c in verb.children))
