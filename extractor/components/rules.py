"""The attribution rules: one table, one row per rule, each row one function.

A rule looks at one quote in its article (`context.QuoteContext`) and returns either an
`Attribution` (the head of the speaker phrase and the cue, which `attribution.resolve` turns
into an entity of the article) or a `Carried` speaker (the one of another quote), or None.
Its name is the value of the quote's `rule` field; its confidence is how often it names the
right speaker on annotated news (`benchmarks/accuracy.py` prints each rule's figures).

Which rules are tried, and in which order, is the `quote_attributor`'s config (`ORDER` is the
default): one order for each situation a quote can be in (`QuoteContext.situation`). The
first rule that finds a speaker wins. Rules marked `second_pass` run after every quote has
had its turn, from the last quote to the first.

To add a rule: write a function of a QuoteContext, add a row to RULES and put its name in
the orders where it applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import clauses, cues
from .context import CLOSED, OPEN, QuoteContext, Resolved
from .cues import Attribution
from .lexicon import SPEAKING_ENTITY_TYPES
from .mentions import names_person
from .patterns import ACCORDING_TO, DASH_CREDIT
from .quotes import DIRECT, PARTIAL
from .speakers import PLURAL_PRONOUNS, PRONOUN_GENDER

MAX_SCARE_WORDS = 3  # a partial quote this short may be a term: only a cue of its own attributes it
MAX_ASIDE_WORDS = 8  # a paragraph this short between two quotes ("She pauses.") keeps the speaker
SITUATIONS = (OPEN, CLOSED, PARTIAL)


@dataclass(frozen=True, slots=True)
class Carried:
    """The speaker of another quote, carried over to a quote without a cue of its own."""

    source: Resolved


Found = Attribution | Carried | None


@dataclass(frozen=True, slots=True)
class Rule:
    """A named way of finding a quote's speaker."""

    name: str
    find: Callable[[QuoteContext], Found]
    confidence: float
    types: frozenset[str]  # the quote types it applies to
    matches: str  # what it matches, for people reading the table
    second_pass: bool = False  # runs once every quote has had the first pass


# --- cues in the quote's own sentence ---------------------------------------------------------

def transcript_label(q: QuoteContext) -> Found:
    return cues.transcript_label(q.quote)


def _after_quote(q: QuoteContext, kind: str) -> Found:
    scan = cues.scan_after_quote(q.after, q.outside, not q.partial, q.article.matches[ACCORDING_TO])
    return next((found for event, found in scan if event == kind), None)


def dash_credit(q: QuoteContext) -> Found:
    if not cues.after_quote_words(q.after):
        return None
    return cues.dash_credit(q.after, q.outside, q.article.matches[DASH_CREDIT])


def according_to_after(q: QuoteContext) -> Found:
    return _after_quote(q, "according to")


def verb_after(q: QuoteContext) -> Found:
    return _after_quote(q, "verb")


def according_to_before(q: QuoteContext) -> Found:
    return cues.according_to(q.before[::-1], q.outside, q.article.matches[ACCORDING_TO])  # the nearest first


def name_before_colon(q: QuoteContext) -> Found:
    return cues.name_before_colon(q.before)


def verb_before(q: QuoteContext) -> Found:
    return cues.reporting_verb_before(q.before, q.outside, q.colon_or_comma)


def colon_lead_in(q: QuoteContext) -> Found:
    return cues.lead_in_verb(q.before, q.outside, q.colon_or_comma)


def nominal_cue_before(q: QuoteContext) -> Found:
    return cues.nominal_cue_before(q.before) if q.colon_or_comma else None


def according_to_in_sentence(q: QuoteContext) -> Found:
    return cues.according_to(q.sentence, q.outside, q.article.matches[ACCORDING_TO])


def verb_governs_quote(q: QuoteContext) -> Found:
    return cues.governing_verb(q.quote, q.outside)


def verb_in_sentence(q: QuoteContext) -> Found:
    return cues.verb_in_sentence(q.sentence, q.outside, strict=not q.partial)


def nominal_cue_in_sentence(q: QuoteContext) -> Found:
    return cues.nominal_cue_in_sentence(q.sentence, q.outside)


def clause_subject(q: QuoteContext) -> Found:
    if len(q.quote.text.split()) <= MAX_SCARE_WORDS:
        return None  # a short one may be a term
    return cues.clause_subject(q.quote, q.outside)


# --- cues in the paragraphs around it ---------------------------------------------------------

def _credit_paragraph(q: QuoteContext) -> list:
    """The paragraph after a quote that ends its own paragraph, when no quote lies in it."""
    article = q.article
    number = article.paragraph_of(q.quote)
    own, following = article.paragraph(number), article.paragraph(number + 1)
    if own is None or following is None or q.quote.end_char < own.end_char - 1:
        return []
    return list(following) if following.end <= q.next_quote_start else []


def credit_line(q: QuoteContext) -> Found:
    return cues.credit_line(_credit_paragraph(q))


def dash_credit_line(q: QuoteContext) -> Found:
    words = [t for t in _credit_paragraph(q) if not t.is_space]
    return cues.dash_credit(words, q.outside, q.article.matches[DASH_CREDIT]) if cues.is_credit_sized(words) else None


def colon_paragraph(q: QuoteContext) -> Found:
    """A quote opening its paragraph after one that ends in a colon: 'He then listed the qualities:'"""
    article = q.article
    here = article.sentence_index(q.quote)
    if not q.opens_sentence or here == 0:
        return None
    if article.paragraph_of_sentence[here - 1] == article.paragraph_of_sentence[here]:
        return None
    start, end = article.sentences[here - 1]
    words = article.words_between(article.token_at(start), article.token_at(end))
    if not words or words[-1].text != ":":
        return None
    return cues.before_quote(words, q.outside, True, q.article.matches[ACCORDING_TO])


# --- speakers carried over from other quotes --------------------------------------------------

def continued_quotation(q: QuoteContext) -> Found:
    """The piece before it of the same quotation (a quotation over several paragraphs)."""
    target = q.quote._.continues
    found = q.results[target] if target is not None else None
    return Carried(found) if found is not None else None


def quotation_continued_later(q: QuoteContext) -> Found:
    """A later piece of the same quotation, attributed where the quotation ends."""
    for later in range(q.n + 1, len(q.article.quotes)):
        if q.article.quotes[later]._.continues == q.n:
            found = q.results[later]
            return Carried(found) if found is not None else None
    return None


def previous_sentence(q: QuoteContext) -> Found:
    """The last sentence since the previous quote that has a speaking subject:
    'Khalid Mahmood said he was worried. “…”'."""
    article = q.article
    since = article.end_of_sentence(article.quotes[q.previous]) if q.previous is not None else 0
    for token in reversed(article.words_between(since, q.quote.start)):
        if token.dep_ != "ROOT" and not clauses.is_reporting(token):
            continue
        subject = clauses.subject_of(token, q.outside)
        if subject is None or subject.i < since:
            continue
        if clauses.is_reporting(token) or names_person(article.entities, subject):
            if subject.pos_ == "PRON" and subject.lower_ not in PRONOUN_GENDER:
                continue
            return Attribution(subject, clauses.span_of(token))
    return None


def _paragraphs_back(q: QuoteContext) -> int | None:
    """How many paragraphs back the previous attributed quote is."""
    if q.previous is None:
        return None
    return q.article.paragraph_of(q.quote) - q.article.paragraph_of(q.article.quotes[q.previous])


def _previous_adjacent(q: QuoteContext) -> bool:
    """The previous attributed quote is in the writer's sentence just before this one."""
    article = q.article
    return article.sentence_index(article.quotes[q.previous]) == article.sentence_index(q.quote) - 1  # type: ignore[index]


def _carry_previous(q: QuoteContext, holds: bool) -> Found:
    return Carried(q.results[q.previous]) if holds and q.previous is not None else None  # type: ignore[arg-type]


def follows_quote(q: QuoteContext) -> Found:
    return _carry_previous(q, _paragraphs_back(q) == 0)


def follows_quote_in_previous_paragraph(q: QuoteContext) -> Found:
    return _carry_previous(q, _paragraphs_back(q) == 1 and _previous_adjacent(q))


def follows_quote_across_text(q: QuoteContext) -> Found:
    return _carry_previous(q, _paragraphs_back(q) == 1 and not _previous_adjacent(q))


def follows_quote_after_aside(q: QuoteContext) -> Found:
    """Two paragraphs back, with only an aside between: a short one ('She pauses.'), or one that
    names no one who could speak ('For places along the coast, the water will keep rising for
    weeks.')."""
    if _paragraphs_back(q) != 2:
        return None
    aside = q.article.paragraph(q.article.paragraph_of(q.quote) - 1)
    words = [t for t in aside if not t.is_punct and not t.is_space] if aside is not None else []
    return _carry_previous(q, 0 < len(words) <= MAX_ASIDE_WORDS or (bool(words) and not any(
        t.ent_type_ in SPEAKING_ENTITY_TYPES or t.lower_ in PRONOUN_GENDER or t.lower_ in PLURAL_PRONOUNS
        or clauses.is_reporting(t) for t in words)))


# --- the table ---------------------------------------------------------------------------------

BOTH = frozenset({DIRECT, PARTIAL})
DIRECT_ONLY = frozenset({DIRECT})
PARTIAL_ONLY = frozenset({PARTIAL})

RULES: dict[str, Rule] = {rule.name: rule for rule in [
    Rule("transcript label", transcript_label, 0.73, BOTH, '"PENCE: Well, look, …" (a label in capitals)'),
    Rule("dash credit", dash_credit, 0.9, BOTH, "“…” — Commissioner Geoffrey Starks"),
    Rule("according to after quote", according_to_after, 0.92, BOTH, "“…,” according to the agency"),
    Rule("verb after quote", verb_after, 0.95, BOTH, "“…,” he said / said Mark Dubowitz / she sighed"),
    Rule("according to before quote", according_to_before, 0.92, BOTH, "According to Smith, “…”"),
    Rule("name before colon", name_before_colon, 0.75, BOTH, "Ruth Calder: “…”, From the report: “…” (roundups)"),
    Rule("verb before quote", verb_before, 0.92, BOTH, "Mr. Ridge said: “…” / She added, “…”"),
    Rule("colon lead-in", colon_lead_in, 0.75, BOTH, "He delivered a snappy retort: “…”"),
    Rule("nominal cue before quote", nominal_cue_before, 0.75, BOTH, "X issued his warning: “…”"),
    Rule("according to in sentence", according_to_in_sentence, 0.92, PARTIAL_ONLY,
         "the plan is “dead,” according to aides"),
    Rule("verb governs quote", verb_governs_quote, 0.9, PARTIAL_ONLY, "Reid has called Trump a “human leech”"),
    Rule("credit line", credit_line, 0.9, BOTH, "a paragraph after the quote: 'Dean Baker, CEPR.'"),
    Rule("dash credit line", dash_credit_line, 0.9, BOTH, "a paragraph after the quote: '- Bernie Sanders.'"),
    Rule("colon paragraph", colon_paragraph, 0.9, BOTH, "a paragraph ending in a colon before the quote's"),
    Rule("verb in sentence", verb_in_sentence, 0.72, BOTH, "a reporting verb elsewhere in the sentence"),
    Rule("nominal cue in sentence", nominal_cue_in_sentence, 0.75, BOTH, "in his tweet on Monday, … “…”"),
    Rule("clause subject", clause_subject, 0.75, PARTIAL_ONLY, "Marsh casts herself as a “quiet reformer”"),
    Rule("continued quotation", continued_quotation, 0.93, DIRECT_ONLY, "the next piece of a quotation"),
    Rule("previous sentence", previous_sentence, 0.6, DIRECT_ONLY, "Khalid Mahmood said he was worried. “…”"),
    Rule("follows quote", follows_quote, 0.93, DIRECT_ONLY, "the speaker of the quote before, same paragraph"),
    Rule("follows quote in previous paragraph", follows_quote_in_previous_paragraph, 0.7, DIRECT_ONLY,
         "the speaker of the quote in the sentence just before, across a paragraph break"),
    Rule("follows quote across text", follows_quote_across_text, 0.3, DIRECT_ONLY,
         "the speaker of a quote earlier in the paragraph before"),
    Rule("follows quote after aside", follows_quote_after_aside, 0.3, DIRECT_ONLY,
         "the speaker of the quote before an aside: a short one ('She pauses.') or one naming no one"),
    Rule("quotation continued later", quotation_continued_later, 0.93, BOTH,
         "the speaker of a later piece of the same quotation", second_pass=True),
]}

AFTER = ["dash credit", "according to after quote", "verb after quote"]
BEFORE = ["according to before quote", "name before colon", "verb before quote", "colon lead-in",
          "nominal cue before quote"]
AROUND = ["credit line", "dash credit line", "colon paragraph", "verb in sentence", "nominal cue in sentence"]
CARRIED = ["continued quotation", "previous sentence", "follows quote", "follows quote in previous paragraph",
           "follows quote across text", "follows quote after aside", "quotation continued later"]
# The default order for each situation: a quote that ends open ('“…,” he said') looks after it
# first, one introduced before it ('He said: “….”') looks before it first; a partial quote takes
# the speaker of the clause it sits in, and never one carried from another quote.
ORDER: dict[str, list[str]] = {
    OPEN: ["transcript label", *AFTER, *BEFORE, *AROUND, *CARRIED],
    CLOSED: ["transcript label", *BEFORE, *AFTER, *AROUND, *CARRIED],
    PARTIAL: ["transcript label", "according to in sentence", "verb governs quote", *BEFORE, *AFTER, *AROUND,
              "clause subject", "quotation continued later"],
}


def rule_orders(order: dict[str, list[str]], disabled: list[str]) -> dict[str, list[Rule]]:
    """The rules to try in each situation, checked against the table: an unknown name, a
    situation that does not exist or a rule put where it does not apply is a ValueError."""
    unknown = [name for name in [*disabled, *(n for names in order.values() for n in names)] if name not in RULES]
    if unknown:
        raise ValueError(f"unknown attribution rule {unknown[0]!r}; the rules are: {', '.join(RULES)}")
    orders = {}
    for situation, names in order.items():
        if situation not in SITUATIONS:
            raise ValueError(f"unknown situation {situation!r} in the rule order; use {', '.join(SITUATIONS)}")
        quote_type = PARTIAL if situation == PARTIAL else DIRECT
        misplaced = [name for name in names if quote_type not in RULES[name].types]
        if misplaced:
            raise ValueError(f"rule {misplaced[0]!r} does not apply to {quote_type} quotes ({situation!r} order)")
        orders[situation] = [RULES[name] for name in names if name not in disabled]
    return {situation: orders.get(situation, []) for situation in SITUATIONS}
