"""Stage 3a, clauses: who does what in the parse, for the cue finders (`cues.py`).

Whether a word reports speech, the subject of a verb or of the clause it hangs from, and
the words above a quote in the parse: the grammar the rules share.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from .lexicon import DASHES, NOMINAL_CUES, QUOTING_VERBS, REPORTING_VERBS, WEAK_REPORTING, speaking_noun
from .names import ORG_NOUNS

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# Clauses without a subject of their own take their governor's: "by saying", "and added"; a
# reporting verb also takes the subject of the verb its adjective follows: "were likely to say",
# "seemed ready to say".
SUBJECTLESS_DEPS = {"conj", "xcomp", "advcl", "pcomp", "prep"}
MAX_CLAUSE_CLIMB = 4
MAX_GOVERNOR_CLIMB = 6
NOMINAL_POS = {"PROPN", "NOUN", "PRON"}
# "a spokesperson for the tenants", "a member of the group", "a lawyer at the firm": whom someone speaks for.
AFFILIATION_PREPOSITIONS = {"for", "of", "at", "from"}


def is_reporting(token: Token, strict: bool = True) -> bool:
    """A word whose lemma reports speech (the tagger sometimes calls "says" a noun); weak
    ones ("called it", "put it") only where strict is False."""
    lemma = token.lemma_.lower()
    return lemma in REPORTING_VERBS and (not strict or lemma not in WEAK_REPORTING)


def subject_of(verb: Token, outside: set[int]) -> Token | None:
    """The subject of a verb, or of the clause it hangs from, outside quotes.

    "Trump inflamed tensions by saying, “…”": saying -> by -> inflamed, whose subject is Trump.
    """
    if any(c.dep_ == "auxpass" for c in verb.children) and not _has_contracted(verb):
        # "the mayor was described as “…”": the one spoken of; the speaker is the agent, if any.
        # ("he was quoted as saying" climbs from "saying" to "quoted": its subject is the speaker.)
        return next((g for g in agent_objects(verb) if g.i in outside), None)
    if verb.tag_ == "VBG" and verb.dep_ in {"xcomp", "ccomp"} and verb.head.lemma_.lower() in QUOTING_VERBS:
        return subject_of(verb.head, outside)  # "Finch quotes Jefferson saying …": the words are Finch's now
    shown = _person_shown(verb, outside)
    if shown is not None:
        return shown
    participle = verb.head
    if (verb.dep_ == "ccomp" and participle.dep_ == "acl" and participle.tag_ == "VBG" and participle.i < verb.i
            and participle.head.dep_ == "ROOT" and participle.head.pos_ in NOMINAL_POS):
        # "The panel's decision allowing her release said …", parsed as if 'her release' said it: the
        # sentence has no verb but this one, whose subject is the noun the participle describes
        return participle.head
    candidate = verb
    subjectless = SUBJECTLESS_DEPS | {"acomp", "oprd"} if is_reporting(verb) else SUBJECTLESS_DEPS
    for _ in range(MAX_CLAUSE_CLIMB):
        # Of two subjects the parser gives one verb, the nearer: 'His assessment: “…,” he said.'
        # (a dash is none: "made public ― Trump boasted").
        subjects = [c for c in candidate.children if c.dep_ in SUBJECT_DEPS and c.i in outside and not is_dash(c)]
        subject = min(subjects, key=lambda c: abs(c.i - candidate.i), default=None)
        if candidate is verb:
            subject = _noun_of_adjective_subject(verb, subject, outside)
        if subject is None and candidate is verb:
            # "”Beck joked," parsed with "Beck" as a compound of the verb: the name is its subject
            subject = next((c for c in verb.lefts if c.dep_ == "compound" and c.ent_type_ == "PERSON"
                            and c.i == verb.i - 1 and verb.tag_ in {"VBD", "VBZ"}), None)
        if subject is not None:
            subject = _through_relative(subject, outside)
            if subject.pos_ == "ADP":  # "Of Carson, Levine … said": the parser's subject is the preposition
                subject = next((c for c in subject.children if c.dep_ == "pobj"), subject)
            if subject.tag_ not in {"WP", "WDT"} and subject.lower_ != "you":
                return subject
            # "apologized for what happened:": "what" is no one, nor the generic "you" of "you
            # can't yell “fire”" in the writer's words; the clause above has the subject
        if candidate.dep_ not in subjectless or candidate.head is candidate:
            break
        candidate = candidate.head
    # "held a briefing to brag that …": an infinitive on the object noun is the governing verb's subject's
    if verb.dep_ in {"relcl", "acl"} and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        noun = verb.head
        if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
            return subject_of(noun.head, outside)
    # "protesters chanting …": the noun the participle modifies, unless it is itself a cue: "she
    # released a statement saying, “…”" is hers; or it hangs from a noun for someone who speaks,
    # which the participle belongs to: "a spokesperson for the tenants describing the scene as …".
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in NOMINAL_POS and verb.head.i in outside:
        noun = verb.head
        if noun.lemma_ in NOMINAL_CUES and noun.head is not noun and noun.head.pos_ in {"VERB", "AUX"}:
            return subject_of(noun.head, outside)
        owner = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ in AFFILIATION_PREPOSITIONS else None
        if owner is not None and owner.pos_ == "NOUN" and speaking_noun(owner.lemma_) and owner.i in outside:
            return owner
        return noun
    return None


def _has_contracted(verb: Token) -> bool:
    """'He’s signalled he is in no rush': a "’s" the parser read as the passive "is" before a verb
    that takes a clause, with a subject other than 'it', is "has"."""
    return (any(c.dep_ == "auxpass" and c.lower_ in {"'s", "’s"} for c in verb.children)
            and any(c.dep_ == "ccomp" for c in verb.children)
            and any(c.dep_ in SUBJECT_DEPS and c.lower_ != "it" for c in verb.children))


def _noun_of_adjective_subject(verb: Token, subject: Token | None, outside: set[int]) -> Token | None:
    """'Sources privy to the talks said …', which the parser reads as a clause (the adjective, or
    a word it takes for a verb, with the noun as its subject) in the place of the verb's subject,
    or before a verb with no subject: the noun is the verb's subject."""
    if subject is not None:
        return _clause_subject(subject, outside) or subject
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i), None)
    return _clause_subject(clause, outside) if clause is not None else None


def _clause_subject(word: Token, outside: set[int]) -> Token | None:
    """The noun an adjective or verb has as its subject before it ('sources' of 'sources privy')."""
    if word.pos_ not in {"ADJ", "VERB"}:
        return None
    return next((c for c in word.children if c.dep_ in SUBJECT_DEPS and c.i in outside and c.i < word.i
                 and c.pos_ in NOMINAL_POS and c.tag_ not in {"PRP", "WP", "WDT"}), None)


def _person_shown(verb: Token, outside: set[int]) -> Token | None:
    """'The ad shows footage of Clinton asking, “…”', 'heard him say', 'prompting the city to urge
    …': the one the participle or infinitive is predicated of, when the verb above has a person
    or a body ('the city', 'the company') as its object."""
    while verb.dep_ == "conj" and verb.tag_ == verb.head.tag_:  # "prompted Ortega to tell a joke … and call"
        verb = verb.head
    if verb.dep_ != "xcomp" or verb.tag_ not in {"VBG", "VB"}:
        return None
    obj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i in outside), None)
    if obj is not None and obj.pos_ == "NOUN":
        obj = next(iter(prepositional_objects(obj, {"of"})), obj)
    if obj is None or not (obj.ent_type_ == "PERSON" or obj.lower_ in {"him", "her", "them"}
                           or (obj.pos_ == "NOUN" and obj.lemma_.lower() in ORG_NOUNS)):
        return None
    return obj


def _through_relative(token: Token, outside: set[int]) -> Token:
    """'who' in 'Smith, who said' (or 'Smith, who ran and who said') stands for Smith; so does
    the 'who' of a noun that describes Smith: 'Smith, a banker who said', 'Smith is a banker
    who said', 'Smith is a liar and a bully who said'."""
    if token.tag_ not in {"WP", "WDT"}:
        return token
    clause = token.head
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head
    if clause.dep_ != "relcl":
        return token
    return _described(clause.head, outside)


def _described(noun: Token, outside: set[int]) -> Token:
    """The name a common noun describes, in apposition or after a copula (outside quotes: a
    quote's own 'are' is no copula of the writer's); else the noun."""
    if not (noun.pos_ == "NOUN" or (noun.pos_ == "PROPN" and noun.is_lower)):  # 'xenophobe', tagged PROPN
        return noun
    first = noun
    while first.dep_ in {"conj", "appos"} and first.head is not first and first.head.pos_ == "NOUN":
        first = first.head  # 'a liar, rampant bully and birther who': the first of the nouns
    if first.dep_ == "appos" and first.head.pos_ == "PROPN":
        return first.head
    if first.dep_ == "attr" and first.head.lemma_ == "be" and first.head.i in outside:
        verb = first.head
        while verb.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
            verb = verb.head  # "misleads voters and is a liar who …"
        return next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.pos_ in NOMINAL_POS
                     and c.i in outside), noun)
    return noun


def agent_objects(verb: Token) -> list[Token]:
    """The objects of a passive verb's 'by': 'a study released by the institute' -> [institute]."""
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def prepositional_objects(token: Token, prepositions: set[str]) -> list[Token]:
    """The objects of the token's prepositions among these, in order: 'a statement from the EU'
    -> [EU] for {"from"}; 'a video of Jake' -> [Jake] for {"of"}."""
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ in prepositions
            for g in c.children if g.dep_ == "pobj"]


def span_of(token: Token) -> tuple[int, int]:
    """The character offsets of a token, as records give cues and mentions."""
    return token.idx, token.idx + len(token.text)


def is_dash(token: Token) -> bool:
    """A dash before a credit: '—', '--', or '-' glued to the name ('-Commissioner')."""
    return token.text in DASHES or (token.text.startswith("-") and len(token.text) > 1)


def governors(quote: Span) -> Iterator[tuple[Token, Token]]:
    """The words above a quote in the parse, nearest first, each with the word it was reached from."""
    top = next((t for t in quote if t.head.i not in range(quote.start, quote.end)), None)
    if top is None or top.head is top:
        return  # the quote holds its sentence's main verb: nothing governs it
    child, node = top, top.head
    for _ in range(MAX_GOVERNOR_CLIMB):
        yield node, child
        if node.head is node:
            return
        child, node = node, node.head


def reported(quote: Span) -> bool:
    """A reporting verb governs the quote, even with no speaker named: 'he was described as “…”'."""
    return any(is_reporting(node) and node.pos_ == "VERB" for node, _ in governors(quote))
