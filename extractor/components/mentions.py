"""Stage 3c, mentions: from the head word of a speaker to the entity it names.

A name joins the person the article has named (`speakers.EntityIndex`), he/she/it go to
the most salient earlier person or organisation, an indefinite description ("two senior
U.S. officials") is an anonymous source kept whole, a definite one ("the secretary") goes
to the person with that title, and a description in apposition to a name ("his best
friend, Bruce Turry") is that person.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .clauses import span_of
from .lexicon import NOMINAL_CUES
from .speakers import (
    ANONYMOUS,
    ORG_LABELS,
    ORG_NOUNS,
    ORGANIZATION,
    PERSON,
    PLURAL_PRONOUNS,
    PRONOUN_GENDER,
    Entity,
    EntityIndex,
    is_spaced_hyphen,
    proper_name,
    role_of,
)

PHRASE_BREAKS = {",", "—", "–", "--"}  # a speaker phrase never runs across these, nor a spaced hyphen
MAX_CLAUSE_WORDS = 6  # a relative clause this short describes an anonymous source
INDEFINITE = {"a", "an", "another", "one", "some", "several", "many", "two", "three", "four", "five", "few"}
INDEFINITE_PRONOUNS = {"someone", "somebody", "anyone", "anybody", "everyone", "everybody", "one", "another",
                       "others", "some", "many", "few", "several", "most", "all", "both", "each"}
DETERMINERS_DEFINITE = {"the", "this", "that", "these", "those"}
RESOLVED_PRONOUN, UNRESOLVED_PRONOUN = "resolved", "unresolved"


@dataclass(frozen=True, slots=True)
class SpeakerMention:
    """The entity a speaker's words name, their offsets, and whether they were a pronoun."""

    entity: Entity
    offsets: tuple[int, int]
    pronoun: str | None = None  # RESOLVED_PRONOUN, UNRESOLVED_PRONOUN, or None for a name or description


def speaker_mention(index: EntityIndex, outside: set[int], head: Token, previous: Entity | None) -> SpeakerMention:
    """The entity behind a speaker's head word, and the words that name it here.

    `previous` is the last speaker: "they" and "it" may stand for it.
    """
    head = _named_apposition(head)
    ent = _entity_span(head)
    mention = span_of(head)
    pronoun = None
    entity: Entity | None
    if head.lower_ in INDEFINITE_PRONOUNS:  # "someone in the audience", "one of the protesters"
        phrase = noun_phrase(head, outside)
        mention = (phrase.start_char, phrase.end_char)
        entity = index.keyed(ANONYMOUS, phrase.text, phrase.start_char)
    elif head.pos_ == "PRON" or head.lower_ in PRONOUN_GENDER or head.lower_ in PLURAL_PRONOUNS:
        if head.lower_ in PRONOUN_GENDER:
            entity = index.resolve_pronoun(head, previous)
        elif head.lower_ == "it":
            entity = index.resolve_organization(head) or (previous if previous and previous.kind != PERSON else None)
        else:
            entity = previous if previous and previous.kind != PERSON and head.lower_ in PLURAL_PRONOUNS else None
        pronoun = RESOLVED_PRONOUN
        if entity is None:  # "it reads", or no earlier person agrees: keep the pronoun itself
            entity = index.keyed(ANONYMOUS, head.text, head.idx)
            pronoun = UNRESOLVED_PRONOUN
    elif head.pos_ in {"NOUN", "PROPN"} and (ent is None or ent.label_ != "PERSON") and _is_indefinite(head):
        phrase = noun_phrase(head, outside)  # "a New Hampshire Democrat", "two senior officials"
        mention = (phrase.start_char, phrase.end_char)
        entity = index.keyed(ANONYMOUS, phrase.text, phrase.start_char)
    elif ent is not None and (ent.label_ == "PERSON" or (ent.label_ in ORG_LABELS and index.known_person(ent))):
        entity = index.person(ent)
        mention = (ent.start_char, ent.end_char)
    elif ent is not None and ent.label_ in ORG_LABELS and ent.root == head:
        entity = index.keyed(ORGANIZATION, ent.text, ent.start_char)
        mention = (ent.start_char, ent.end_char)
    elif head.pos_ == "PROPN":
        name = proper_name(head)
        entity = index.person(name)
        mention = (name.start_char, name.end_char)
    else:
        phrase = noun_phrase(head, outside)
        mention = (phrase.start_char, phrase.end_char)
        entity = _nominal_entity(index, head, phrase)
    assert entity is not None  # every branch names one; a pronoun no one agrees with is kept as itself
    role = role_of(head, ent)
    if role and entity.role is None and entity.kind != ANONYMOUS:
        entity.role = role
    return SpeakerMention(entity, mention, pronoun)


def labelled_speaker(index: EntityIndex, last: Token) -> SpeakerMention:
    """The person a transcript label names ('PENCE', 'SEN. SANDERS'), matched to the article's names."""
    start = last.i
    while start > 0 and last.doc[start - 1].is_upper and not last.doc[start - 1].is_punct:
        start -= 1
    label = last.doc[start:last.i + 1]
    return SpeakerMention(index.person(label), (label.start_char, label.end_char))


def names_person(index: EntityIndex, token: Token) -> bool:
    """A person's name, by the NER or because the article has named them in full before."""
    if token.ent_type_ == "PERSON":
        return True
    return token.pos_ == "PROPN" and index.known_person(token.doc[token.i:token.i + 1]) is not None



def _is_indefinite(head: Token) -> bool:
    return any((c.dep_ in {"det", "nummod", "amod"} and c.lower_ in INDEFINITE) or c.dep_ == "nummod"
               for c in head.lefts)


def _named_apposition(head: Token) -> Token:
    """'his best friend at Lehigh, Bruce Turry': the person the description is about.

    Likewise the author of a statement: 'her statement read' is her.
    """
    if head.lemma_ in NOMINAL_CUES:
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is not None:
            return owner
    if head.pos_ != "NOUN" or _is_indefinite(head):
        return head
    named = next((c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    return named or _name_closing_description(head) or head


def _name_closing_description(head: Token) -> Token | None:
    """The name set off by a comma at the end of a description, wherever the parser hung it:
    'his best friend at Lehigh, Bruce Turry', 'The editor I was talking to, Tim Grieve,'."""
    possessed = any(c.dep_ == "poss" for c in head.children)
    for token in head.subtree:
        if token.i <= head.i or token.pos_ != "PROPN" or token.dep_ not in {"appos", "npadvmod"}:
            continue
        start = min([c.i for c in token.lefts if c.dep_ in {"compound", "flat"}] + [token.i])
        if start == 0 or head.doc[start - 1].text != ",":
            continue
        if token.ent_type_ == "PERSON" or (possessed and token.i > start and token.ent_type_ not in {"GPE", "DATE"}):
            return token
    return None


def _nominal_entity(index: EntityIndex, head: Token, phrase: Span) -> Entity:
    definite = any(c.lower_ in DETERMINERS_DEFINITE or c.dep_ == "poss" for c in head.lefts)
    if definite:
        person = index.resolve_title(head)
        if person is not None:
            return person
        if head.lemma_.lower() in ORG_NOUNS:
            return index.keyed(ORGANIZATION, phrase.text, phrase.start_char)
    return index.keyed(ANONYMOUS, phrase.text, phrase.start_char)


def _entity_span(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    doc, start, end = token.doc, token.i, token.i + 1
    while doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    opened = [t.i for t in doc[start:end] if t.text == "("]
    if opened and not any(t.text == ")" for t in doc[opened[-1]:end]) and opened[-1] > token.i:
        end = opened[-1]  # "the Vox Populi (Voice of the People": the recognizer stopped inside the brackets
    return Span(doc, start, end, label=token.ent_type_)


def noun_phrase(head: Token, outside: set[int]) -> Span:
    """The speaker phrase around its head, without appositives or text across a comma."""
    keep = [head.i]
    for child in head.children:
        if child.dep_ in {"appos", "punct", "cc"} or child.i not in outside:
            continue
        if child.dep_ in {"relcl", "acl"} and len(list(child.subtree)) > MAX_CLAUSE_WORDS:
            continue  # keep "who worked on Iran policy", not a whole sentence about the source
        keep.extend(t.i for t in child.subtree if t.i in outside)
    doc = head.doc
    start, end = head.i, head.i
    while start - 1 >= min(keep) and doc[start - 1].i in keep and not _breaks_phrase(doc[start - 1]):
        start -= 1
    while (end + 1 <= max(keep) and doc[end + 1].i in keep and not _breaks_phrase(doc[end + 1])
           and doc[end + 1].text not in {";", "("}):
        end += 1
    while end > start and doc[end].is_punct:
        end -= 1
    return doc[start:end + 1]


def _breaks_phrase(token: Token) -> bool:
    """A comma or a dash; a hyphen only with a space beside it ('problematic - Pew', not 'self-described')."""
    return token.text in PHRASE_BREAKS or is_spaced_hyphen(token)
