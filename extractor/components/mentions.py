"""Stage 3c, mentions: from the head word of a speaker to the entity it names.

A name joins the person the article has named (`speakers.EntityIndex`); he/she/it go to the
most salient earlier person or organisation, or stay `unresolved`; an indefinite description
("two senior U.S. officials") is an anonymous source kept whole, a definite one goes to the
person with that title ("the secretary"), to the source described before ("the official"), or
to the organisation just named ("the company"); an unnamed text is a `document` unless the
article says whose it is ("the RCMP statement"); a description in apposition to a name ("his
best friend, Bruce Turry") is that person. Words that cannot speak name no one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from .clauses import agent_objects, is_reporting, prepositional_objects, span_of
from .genders import PRONOUN_GENDER, first_name_gender, noun_gender
from .lexicon import (
    COLLECTIVE_NOUNS,
    DOCUMENT_NOUNS,
    ISSUED_NOUNS,
    ISSUING_VERBS,
    KIN_NOUNS,
    NOMINAL_CUES,
    QUANTITY_NOUNS,
    RECORDING_NOUNS,
    SPEAKING_ENTITY_TYPES,
    SPEAKING_NOUNS,
    speaking_noun,
)
from .names import (
    HONORIFICS,
    ORG_NOUNS,
    PARTY_WORDS,
    full_name,
    is_spaced_hyphen,
    joined_by_hyphen,
    misread_person,
    names_no_one,
    proper_name,
    role_of,
    with_number,
)
from .quotes import LINK_LABEL
from .speaker_kinds import ANONYMOUS, DOCUMENT, ORGANIZATION, PERSON, UNRESOLVED
from .speakers import ORG_LABELS, PLURAL_PRONOUNS, SUBJECT_DEPS, VOTING_DEPS, Entity, EntityIndex

PHRASE_BREAKS = {",", "—", "–", "--"}  # a speaker phrase never runs across these, nor a spaced hyphen
ADJECTIVE_PATH_DEPS = {"conj", "dobj", "amod"}  # from a name up to the adjective the parser made the subject
MAX_CLAUSE_WORDS = 6  # a relative clause this short describes an anonymous source
INDEFINITE = {"a", "an", "another", "one", "some", "several", "many", "two", "three", "four", "five", "few"}
GROUP_PRONOUNS = {"they", "their"}  # what stands for a group just named
MAX_TITLE_WORDS = 12  # a quoted title a speaker can be
# Texts an 'it' that speaks right after them stands for ("signed an open letter. “…,” it stated").
SPOKEN_TEXT_NOUNS = frozenset("letter statement memo report petition editorial tweet post email".split())
TEXT_WINDOW = 2  # sentences back
TITLE_ALONE = HONORIFICS | {"vp", "ceo", "cfo", "coo"}  # a title as the head of a speaker phrase names no one
# An epithet ('the 45-year-old', 'the Vermont senator') may carry an age or a place, nothing that
# sets its person apart from the one named before ('the other man', 'the second officer').
OTHER_WORDS = {"other", "another", "second", "third", "fourth", "last"}
PLACE_TYPES = {"GPE", "LOC", "NORP", "DATE"}
NO_EPITHET_NOUNS = KIN_NOUNS | COLLECTIVE_NOUNS | ORG_NOUNS  # someone's relative, many people, a body
# Pronouns the recognizer may tag as part of a name, which stay pronouns.
NAME_LIKE_PRONOUNS = {"i", "it", "we", "you", "he", "she", "they", "this", "that", "these", "those", "who"}
INDEFINITE_PRONOUNS = {"someone", "somebody", "anyone", "anybody", "everyone", "everybody", "one", "another",
                       "others", "some", "many", "few", "several", "most", "all", "both", "each"}
DETERMINERS_DEFINITE = {"the", "this", "that", "these", "those"}
RESOLVED_PRONOUN, UNRESOLVED_PRONOUN = "resolved", "unresolved"
MAX_NAME_AFTER = 6  # words looked through for the name after an unspeaking head
OWNER_ENTITY_TYPES = {"PERSON", "ORG", "GPE", "NORP"}  # who can issue a statement


@dataclass(frozen=True, slots=True)
class SpeakerMention:
    """The entity a speaker's words name, their offsets, and whether they were a pronoun."""

    entity: Entity
    offsets: tuple[int, int]
    pronoun: str | None = None  # RESOLVED_PRONOUN, UNRESOLVED_PRONOUN, or None for a name or description
    partners: tuple[Entity, ...] = ()  # the people named with it, who say the words together


def speaker_mention(
    index: EntityIndex, outside: set[int], head: Token, previous: Entity | None
) -> SpeakerMention | None:
    """The entity behind a speaker's head word, and the words that name it here; None when the
    words cannot say anything (an adjective, a verb, a thing: "old", "trope").

    `previous` is the last speaker: "they" and "it" may stand for it.
    """
    if head.i not in outside and (title := _quoted_title(head)) is not None:
        # 'according to "Friend of the Court," a book': a title in quotation marks is a text, not its first word
        return SpeakerMention(index.keyed(DOCUMENT, title.text, title.start_char), (title.start_char, title.end_char))
    head = _named_apposition(_name_after_title(head), outside)
    ent = _entity_span(head)
    if ent is not None and ent.label_ == "PERSON" and names_no_one(ent):
        ent = None  # "the soft-spoken baker", tagged PERSON: a description
    mention = span_of(head)
    pronoun = None
    partners: tuple[Entity, ...] = ()
    entity: Entity | None
    author = _text_just_named(index, outside, head) if head.lower_ == "it" else None
    found = speaker_mention(index, outside, author, previous) if author is not None else None
    if found is not None:  # "… signed an open letter. “…,” it stated."
        return replace(found, offsets=span_of(head), pronoun=RESOLVED_PRONOUN)
    if head.lower_ in INDEFINITE_PRONOUNS:  # "someone in the audience", "one of the protesters"
        phrase = noun_phrase(head, outside)
        mention = (phrase.start_char, phrase.end_char)
        entity = index.keyed(ANONYMOUS, phrase.text, phrase.start_char, head.lemma_.lower())
    elif (head.pos_ == "PRON" and not _name_tagged_pronoun(head)) or head.lower_ in PRONOUN_GENDER \
            or head.lower_ in PLURAL_PRONOUNS:
        if head.lower_ in PRONOUN_GENDER:
            entity = index.resolve_pronoun(head, previous)
        elif head.lower_ == "it":
            entity = index.resolve_organization(head) or (previous if previous and previous.kind != PERSON else None)
        else:
            entity = _bound_group(index, outside, head)
            if entity is None and (group := _group_just_named(index, outside, head)):
                entity, partners = group[0], group[1:]
            elif entity is None and previous and previous.kind != PERSON and head.lower_ in PLURAL_PRONOUNS:
                entity = previous
        pronoun = RESOLVED_PRONOUN
        if entity is None:  # "it reads", the writer's "I", or no earlier person agrees: kept, unresolved
            entity = index.keyed(UNRESOLVED, head.text, head.idx)
            pronoun = UNRESOLVED_PRONOUN
    elif ent is not None and ent.label_ == "PERSON" and index.names_organization(ent):
        entity = index.keyed(ORGANIZATION, ent.text, ent.start_char)  # "Levada Center" tagged PERSON
        mention = (ent.start_char, ent.end_char)
    elif ent is not None and (ent.label_ == "PERSON" or (ent.label_ in ORG_LABELS and (
            index.known_person(ent) or misread_person(ent)))):
        ent = full_name(ent)
        entity = index.person(ent)
        mention = (ent.start_char, ent.end_char)
        coordinated = _coordinated_people(index, ent)
        if coordinated:
            mention = (ent.start_char, coordinated[-1][1].end_char)
            partners = tuple(person for person, _ in coordinated)
    elif ent is not None and ent.label_ in ORG_LABELS and (titled_name := _person_after_title(ent)) is not None:
        return speaker_mention(index, outside, titled_name.root, previous)  # "said Army Capt. Ana Ruiz"
    elif ent is not None and ent.label_ in ORG_LABELS and ent.root == head:
        entity = index.keyed(ORGANIZATION, ent.text, ent.start_char)
        mention = (ent.start_char, ent.end_char)
    elif _looks_like_name(head) and (not _is_indefinite(head) or _first_and_last_name(head)) \
            and not _party_description(index, head):
        name = proper_name(head)
        entity = index.known_person(name) or index.known_organization(name)  # "Facebook says", tagged elsewhere
        if entity is None and index.names_organization(name):  # a party, a center
            entity = index.keyed(ORGANIZATION, name.text, name.start_char)
        entity = entity or index.person(name)
        mention = (name.start_char, name.end_char)
    elif head.pos_ == "NOUN" and (titled := _name_right_after(head, outside)) is not None:  # "Canadian actor Oh"
        return speaker_mention(index, outside, titled, previous)
    elif head.pos_ in {"NOUN", "PROPN", "NUM"} or _nominal_adjective(head):
        phrase = noun_phrase(head, outside)  # "a New Hampshire Democrat", "two senior officials", "the father"
        mention = (phrase.start_char, phrase.end_char)
        entity = _described_entity(index, head, phrase)
    else:
        entity = None  # "old", "read": no noun, no speaker
    if entity is None:
        named = _name_after(head, outside)  # "mused radio co-host Dale Pruett", parsed as "co" mused
        return None if named is None else speaker_mention(index, outside, named, previous)
    if entity.kind in {PERSON, ORGANIZATION}:
        entity.set_role(role_of(head, ent))
    return SpeakerMention(entity, mention, pronoun, partners)


def _coordinated_people(index: EntityIndex, ent: Span) -> list[tuple[Entity, Span]]:
    """'Mara Lind and Peter Osgood said', 'writers and partners Dan Ruiz and Amy Chen': the other
    people coordinated with a speaker's name, and their names."""
    found = []
    for token in ent.root.conjuncts:
        other = _entity_span(token)
        if (token.i > ent.root.i and other is not None and other.label_ == "PERSON"
                and not index.names_organization(other)):
            other = full_name(other)
            found.append((index.person(other), other))
    return found


def _group_just_named(index: EntityIndex, outside: set[int], pronoun: Token) -> tuple[Entity, ...]:
    """What a 'they' (or 'their') stands for: the last plural subject in its sentence or the one
    before, if it can speak: people named together ('the owners Mara Lind and Peter Osgood said
    they respected the outcome. | “…,” they said': Lind, then Osgood with her), a group or an
    organisation ('The marchers gathered … As they walked, they chanted “…”')."""
    if pronoun.lower_ not in GROUP_PRONOUNS:
        return ()
    here = index.sentence_of[pronoun.i]
    for token in reversed(pronoun.doc[:pronoun.i]):
        if here - index.sentence_of[token.i] > 1:
            break
        if token.i not in outside or token.dep_ not in SUBJECT_DEPS or token.lower_ in GROUP_PRONOUNS:
            continue
        ent = _entity_span(_named_apposition(token, outside))  # "the owners Mara Lind and …"
        if ent is not None and ent.label_ == "PERSON" and (coordinated := _coordinated_people(index, ent)):
            return (index.person(full_name(ent)), *(person for person, _ in coordinated))
        if _names_a_group(token) and _in_main_clause(token):
            group = _group_entity(index, outside, token)
            return (group,) if group is not None else ()
        if token.lower_ in PLURAL_PRONOUNS:
            break  # "we": another group is the last one named
    return ()


def _in_main_clause(subject: Token) -> bool:
    """'Veteran lawyers said judges were …': the lawyers, not the judges of the reported clause,
    are what a 'they' after stands for."""
    verb = subject.head
    return verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")


def _bound_group(index: EntityIndex, outside: set[int], pronoun: Token) -> Entity | None:
    """'Republican senators are eager …, and they say …': the group or organisation that is the
    subject of the clause governing a 'they' or 'we'."""
    if pronoun.lower_ not in PLURAL_PRONOUNS:
        return None
    subject = EntityIndex.governing_subject(pronoun)
    if subject is None or subject.pos_ == "PRON" or not _names_a_group(subject):
        return None
    return _group_entity(index, outside, subject)


def _names_a_group(subject: Token) -> bool:
    """A plural noun or an organisation's name: what a 'they' may stand for."""
    return subject.tag_ in {"NNS", "NNPS"} or subject.ent_type_ == "ORG"


def _group_entity(index: EntityIndex, outside: set[int], subject: Token) -> Entity | None:
    """The group or organisation the subject names, if it can speak ('Republican senators')."""
    named = speaker_mention(index, outside, subject, None)
    return named.entity if named is not None and named.entity.kind in {ORGANIZATION, ANONYMOUS} else None


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



def _name_tagged_pronoun(head: Token) -> bool:
    """A capitalised name the tagger called a pronoun ('O’Dowd notes that he …'), which the
    recognizer tags as a name: a word that is no pronoun of the language."""
    return bool(head.ent_type_) and head.is_title and head.lower_ not in NAME_LIKE_PRONOUNS


def _quoted_title(head: Token) -> Span | None:
    """The words between the quotation marks around `head`, when they start with a capital: a
    title ('“Friend of the Court,”'), of which the parser took one word for the speaker."""
    doc = head.doc
    start = head.i
    while start > 0 and not doc[start - 1].is_quote and head.i - start < MAX_TITLE_WORDS:
        start -= 1
    end = head.i + 1
    while end < len(doc) and not doc[end].is_quote and end - head.i < MAX_TITLE_WORDS:
        end += 1
    if start == 0 or end == len(doc) or not (doc[start - 1].is_quote and doc[end].is_quote):
        return None
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end] if doc[start].is_title else None


def _text_just_named(index: EntityIndex, outside: set[int], head: Token) -> Token | None:
    """'Forty experts have signed an open letter. “We are concerned …,” it stated': an 'it' that
    speaks, after a text the sentences before name as the object of someone's verb, with no
    organisation or person named since, is that text, which speaks for whoever signed, sent or
    wrote it."""
    doc = head.doc
    text = doc.text  # built anew on each access: once here, not once per word
    here = index.sentence_of[head.i]
    for token in reversed(doc[:head.i]):
        if here - index.sentence_of[token.i] > TEXT_WINDOW:
            return None
        if token.i not in outside or _on_link_line(text, token):
            continue  # a quote, or "READ MORE: …": not the article's running text
        if token.ent_type_ in {"ORG", "PERSON"}:
            return None  # an organisation or a person named since: 'it' is the organisation's, if anyone's
        if token.pos_ == "NOUN" and token.lemma_.lower() in SPOKEN_TEXT_NOUNS:
            if token.dep_ != "dobj" or token.head.pos_ != "VERB":
                return None
            author = next((c for c in token.head.children if c.dep_ in SUBJECT_DEPS and c.i in outside), None)
            return author if author is not None and author.pos_ != "PRON" else None
    return None


def _on_link_line(text: str, token: Token) -> bool:
    """A word on a line of `text` (the Doc's) that is a link to another article ('READ MORE: Huawei exec …')."""
    start = text.rfind("\n", 0, token.idx) + 1
    return LINK_LABEL.match(text[start:start + 40]) is not None


def _name_after_title(head: Token) -> Token:
    """'Navy Capt. | Jeff Davis', where the parser ended the phrase at the title: the name right
    after a title word is the speaker."""
    doc = head.doc
    if _is_title_word(head) and head.i + 1 < len(doc) and doc[head.i + 1].ent_iob_ == "B" \
            and doc[head.i + 1].ent_type_ == "PERSON":
        found = _entity_span(doc[head.i + 1])
        if found is not None:
            return found.root
    return head


def _is_title_word(token: Token) -> bool:
    """'VP', 'Judge', 'Gov.': a word for a title, which names no one by itself."""
    return token.lower_.rstrip(".") in TITLE_ALONE


def _party_description(index: EntityIndex, head: Token) -> bool:
    """'the Republican said', 'a Texas Democrat': a party or nationality word, alone or with
    words before it, describes someone; it names no one ('a sleepy Jake', tagged NORP, is Jake)."""
    return (head.ent_type_ == "NORP" and head.tag_ != "NNPS" and index.known_person(proper_name(head)) is None
            and (head.lower_ in PARTY_WORDS or any(c.dep_ in {"det", "amod", "compound"} for c in head.lefts)))


def _first_and_last_name(head: Token) -> bool:
    """'a smiling Ana Ruiz', untagged: a known first name before the proper noun makes it a
    person's name, whatever article and adjective come before ('a Texas Democrat' is not one)."""
    name = proper_name(head)
    return len(name) > 1 and first_name_gender(name[0].text, worldwide=False) is not None


def _looks_like_name(head: Token) -> bool:
    """A proper noun, or a capitalised word the tagger took for a verb, a preposition or an
    interjection inside a sentence or as its subject ('“…,” From said': Al From; 'actor Oh said';
    'Trump urged …')."""
    if _is_title_word(head):
        return False  # "his likely VP later disclosed", "Judge rejects …": a title without a name
    if head.is_sent_start and not head.ent_type_ and head.lower_.endswith("s") and head.lower_[:-1] in SPEAKING_NOUNS:
        return False  # "Aides said …", tagged a proper noun at the start of a sentence
    if head.pos_ == "PROPN":
        return True
    if not head.is_title:
        return False
    if head.pos_ in {"ADP", "ADV", "VERB", "INTJ", "X"}:
        return not head.is_sent_start or head.dep_ == "nsubj"
    return (head.pos_ == "NOUN" and bool(head.is_sent_start) and head.dep_ == "nsubj"  # "Trump urged …" as a noun
            and not any(True for _ in head.lefts) and not speaking_noun(head.lemma_)
            and head.lemma_.lower() not in DOCUMENT_NOUNS)


def _name_after(head: Token, outside: set[int]) -> Token | None:
    """The last proper noun of the words right after a head that cannot speak, before any
    punctuation, preposition or clause: the name the parser split from its title. Not past the
    head's own verb: in 'A photo showed Ruiz helping …' Ruiz is what the photo shows."""
    doc, name = head.doc, None
    for token in doc[head.i + 1:min(head.i + 1 + MAX_NAME_AFTER, len(doc))]:
        stops = (token.i not in outside or (token.i == head.head.i and head.dep_ in SUBJECT_DEPS)
                 or token.pos_ in {"ADP", "PUNCT", "CCONJ", "SCONJ", "AUX", "PRON", "DET"})
        if stops and token.text != "-":  # "co-host" goes on
            break
        if token.pos_ == "PROPN" and token.ent_type_ not in {"DATE", "TIME", "GPE"}:
            name = token
    return name


def _is_indefinite(head: Token) -> bool:
    return any((c.dep_ in {"det", "nummod", "amod"} and c.lower_ in INDEFINITE) or c.dep_ == "nummod"
               for c in head.lefts)


def _named_apposition(head: Token, outside: set[int]) -> Token:
    """'his best friend at Lehigh, Bruce Turry': the person the description is about. A name in
    a quote is what is said, never who says it, however the parser hung it on the speaker.

    Likewise the author of a statement: 'her statement read' is her, 'the RCMP statement' and
    'a statement from the EU' the RCMP's and the EU's; and the person a recording is of: 'a
    video of a sleepy, rumpled Jake in bed talking'.
    """
    if head.lemma_ in NOMINAL_CUES:  # a statement speaks for its author; a poll or a study is its own source
        owner = _document_owner(head)
        if owner is not None:
            return owner
    if head.lemma_.lower() in ISSUED_NOUNS and (sender := _sending_organization(head)) is not None:
        return sender
    if head.lemma_.lower() in RECORDING_NOUNS:
        recorded = _recorded_name(head)
        if recorded is not None:
            return recorded
    if head.pos_ == "ADJ" and (name := _name_in_adjectives(head)) is not None:
        return name
    named = next((c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON" and c.i in outside),
                 None)
    if head.pos_ == "PRON" and named is not None:  # "any of his MPs — Calgary MP Michelle Rempel —"
        return named
    describing = head.pos_ == "NOUN" or head.ent_type_ == "NORP" or _is_title_word(head)
    if describing and named is not None:
        return named  # "One senator, Sen. Ray Holt, said", "a Texas Democrat, Ray Holt,": named, not anonymous
    if head.pos_ != "NOUN" or _is_indefinite(head):
        return head
    return named or _name_closing_description(head, outside) or _name_after_descriptions(head, outside) or head


def _name_in_adjectives(head: Token) -> Token | None:
    """'a tired and sunburned Ana Ruiz', parsed as an adjective and a verb with the name as its
    object: the name, if only adjectives and their conjuncts lead to it (not 'Many of the leaders
    who … for Ruiz')."""
    name = next((t for t in head.subtree if t.i > head.i and t.ent_type_ == "PERSON"), None)
    span = _entity_span(name) if name is not None else None
    if span is None:
        return None
    step = span.root
    while step != head:
        if step.dep_ not in ADJECTIVE_PATH_DEPS:
            return None
        step = step.head
    return span.root


def _recorded_name(head: Token) -> Token | None:
    """The name a recording is 'of': the proper noun heading the object of its 'of'."""
    return next((o for o in prepositional_objects(head, {"of"})
                 if o.pos_ == "PROPN" and o.ent_type_ not in {"GPE", "LOC", "DATE", "TIME"}), None)


def _name_after_descriptions(head: Token, outside: set[int]) -> Token | None:
    """'writers and partners Dan Ruiz and Amy Chen', 'his wife and co-author Jane Doe': the
    first name the parser coordinated with the descriptions written right before it."""
    for conjunct in head.conjuncts:
        if conjunct.i < head.i or conjunct.ent_type_ != "PERSON" or conjunct.i not in outside:
            continue
        start = min([c.i for c in conjunct.lefts if c.dep_ in {"compound", "flat"}] + [conjunct.i])
        between = head.doc[head.i + 1:start]
        if all(t.pos_ in {"NOUN", "ADJ", "CCONJ", "DET"} for t in between):
            return conjunct
        return None
    return None


def _document_owner(head: Token) -> Token | None:
    """Who a text is by: its possessor, a name compounded before it, or a name after from/by."""
    owner = next((c for c in head.children if c.dep_ == "poss"
                  or (c.dep_ == "compound" and c.ent_type_ in OWNER_ENTITY_TYPES)), None)
    return owner or next((o for o in prepositional_objects(head, {"from", "by"}) if o.ent_type_ in OWNER_ENTITY_TYPES),
                         None)


def _sending_organization(head: Token) -> Token | None:
    """'A release sent out by the Farmers Union', 'a study released by Civic Works': the
    organisation that put the text out speaks through it (a person who filed a report does not)."""
    for verb in head.children:
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.lemma_.lower() in ISSUING_VERBS:
            found = next((o for o in prepositional_objects(verb, {"from"}) + agent_objects(verb)
                          if o.ent_type_ == "ORG"), None)
            if found is not None:
                return found
    return None


def _name_closing_description(head: Token, outside: set[int]) -> Token | None:
    """The name set off by a comma at the end of a description, wherever the parser hung it:
    'his old roommate at Cornell, Walt Ferrin', 'The agent I was speaking to, Paul Brenner,'."""
    possessed = any(c.dep_ == "poss" for c in head.children)
    for token in head.subtree:
        if (token.i <= head.i or token.pos_ != "PROPN" or token.dep_ not in {"appos", "npadvmod"}
                or token.i not in outside):
            continue
        start = min([c.i for c in token.lefts if c.dep_ in {"compound", "flat"}] + [token.i])
        if start == 0 or head.doc[start - 1].text != ",":
            continue
        if token.ent_type_ == "PERSON" or (possessed and token.i > start and token.ent_type_ not in {"GPE", "DATE"}):
            return token
    return None


def _described_entity(index: EntityIndex, head: Token, phrase: Span) -> Entity | None:
    """The entity a description names: an unnamed text is a document ("a statement"); "the
    company" is the organisation just named; "the secretary" the person with that title; "the
    official" the official described before; an unnamed person or group that can speak is an
    anonymous source kept whole ("a wide array of economists", "six in 10"); anything else
    names no speaker."""
    lemma = head.lemma_.lower()
    people = _of_speakers(head) or head.pos_ == "NUM"  # "dozens of protesters", "Six in 10"
    if (lemma in DOCUMENT_NOUNS or _named_work(head)) and not people:
        return index.keyed(DOCUMENT, phrase.text, phrase.start_char)
    speaks = (people or head.pos_ == "PROPN" or head.ent_type_ in SPEAKING_ENTITY_TYPES
              or speaking_noun(_hyphenated_word(head)) or _nominal_adjective(head))
    bare = _is_bare(head, phrase)
    the = bare and any(c.lower_ in DETERMINERS_DEFINITE for c in head.lefts)
    if lemma in ORG_NOUNS and not people:
        if not bare:  # "the Trump campaign", "the Ontario government"
            return index.keyed(ORGANIZATION, phrase.text, phrase.start_char)
        named = index.salient_organization(head) if the else None  # "the company", not "his campaign"
        if named is None and the and head.tag_ == "NN":  # one organisation: not "the departments"
            named = index.last_speaking_organization(head)
        return named or index.keyed(ANONYMOUS, phrase.text, phrase.start_char, lemma)
    if any(c.lower_ in DETERMINERS_DEFINITE or c.dep_ == "poss" for c in head.lefts) and not _is_indefinite(head):
        gender = noun_gender(lemma) or _clause_gender(head)
        found = index.resolve_title(head, gender) or (index.described_before(lemma, phrase.start_char) if the else None)
        if found is None and _is_epithet(head):
            found = index.person_in_focus(head, gender)
            if found is not None and _described_since(head, found.first):
                found = None
        if found is not None:
            return found
    return index.keyed(ANONYMOUS, phrase.text, phrase.start_char, lemma) if speaks else None


def _is_epithet(head: Token) -> bool:
    """'the 45-year-old', 'the lanky professor', 'the Vermont senator': a definite description of
    one person that adds nothing to tell them from others, so it takes up someone already named.
    Not 'the other man', 'the Trump adviser' (someone near a name), 'the father' (someone's),
    'the audience' (many), or a description restricted by a clause or a phrase after it."""
    lemma = head.lemma_.lower()
    one_person = (head.tag_ == "NN" and speaking_noun(lemma)) or _is_age(head)
    if not one_person or lemma in NO_EPITHET_NOUNS:
        return False
    if not any(c.lower_ == "the" and c.dep_ == "det" for c in head.lefts):
        return False
    if any(_sets_apart(t) for t in head.subtree if t.i < head.i):
        return False
    return not any(c.dep_ in {"relcl", "acl", "appos"} or (c.dep_ == "prep" and not _names_a_place(c))
                   for c in head.rights)


def _sets_apart(modifier: Token) -> bool:
    """A word before a noun that tells its person from one named before: 'other', 'second', a
    possessor, a name ('the Trump adviser'); not an age or a place ('the 63-year-old Ohio senator')."""
    named = bool(modifier.ent_type_) or modifier.pos_ == "PROPN"
    return (modifier.lower_ in OTHER_WORDS or modifier.dep_ == "poss" or modifier.ent_type_ == "ORDINAL"
            or (named and modifier.ent_type_ not in PLACE_TYPES))


def _clause_gender(head: Token) -> str | None:
    """'the senator said, citing his own record': the gender of the first he, she, his or
    her after a subject in its own clause, as a subject or possessor, which is the subject's
    ('the senator told her' says nothing)."""
    return next((PRONOUN_GENDER[t.lower_] for t in head.head.subtree
                 if t.i > head.i and t.lower_ in PRONOUN_GENDER and t.dep_ in VOTING_DEPS), None)


def _described_since(head: Token, start_char: int) -> bool:
    """'Ana Ruiz … a man … the man': someone described with the noun since the person was named
    is who the description takes up ('Ana Ruiz, a professor, … the professor' is still hers)."""
    lemma = head.lemma_.lower()
    return any(t.lemma_.lower() == lemma and _is_indefinite(t) and t.dep_ not in {"appos", "attr"}
               and t.idx >= start_char for t in head.doc[:head.i])


def _is_age(head: Token) -> bool:
    """'the 45-year-old', split by the tokenizer into '45 - year - old'."""
    return head.lower_ == "old" and head.i >= 2 and head.doc[head.i - 2].lower_ in {"year", "years"}


def _names_a_place(prep: Token) -> bool:
    """'from Vermont', 'of Alabama': a place after the noun, which tells nobody apart."""
    objects = [o for o in prep.children if o.dep_ == "pobj"]
    return bool(objects) and all(o.ent_type_ in PLACE_TYPES for o in objects)


def _named_work(head: Token) -> bool:
    """A thing a named body made, which speaks for it: 'the RealClearPolitics average', 'a 1996
    FEC advisory opinion', 'the Trump University playbook' (a noun qualified by a name)."""
    if head.pos_ != "NOUN":
        return False  # "a smiling Ana Ruiz" untagged: a name is no work
    return not speaking_noun(head.lemma_) and head.lemma_.lower() not in ORG_NOUNS and any(
        c.dep_ in {"compound", "nmod", "poss"} and c.ent_type_ not in {"DATE", "TIME"}  # not "Tuesday's attack"
        and (c.ent_type_ in OWNER_ENTITY_TYPES or c.pos_ == "PROPN")
        for c in head.lefts)


def _of_speakers(head: Token) -> bool:
    """'a wide array of economists', 'a chorus of Republicans': a quantity of people who speak
    (not 'a poll of voters', 'the killings of black men')."""
    lemma = head.lemma_.lower()
    if not (lemma in QUANTITY_NOUNS or head.pos_ == "NUM" or speaking_noun(_hyphenated_word(head))):
        return False
    return any(o.ent_type_ in SPEAKING_ENTITY_TYPES or o.pos_ == "PROPN" or speaking_noun(o.lemma_)
               for o in prepositional_objects(head, {"of"}))


def _hyphenated_word(head: Token) -> str:
    """The lemma of the whole word a noun ends, which the tokenizer split at its hyphens:
    'sergeant-at-arms' (what the lemma of 'arms' says nothing of)."""
    doc, start = head.doc, head.i
    while start > 0 and joined_by_hyphen(doc[start - 1], doc[start]):
        start -= 1
    return (doc[start:head.i].text + head.lemma_).lower()


def _name_right_after(head: Token, outside: set[int]) -> Token | None:
    """A capitalised name right after a description, in any tag the tagger gave it: 'actor Oh'."""
    after = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    if after is None or after.i not in outside or not after.is_title or after.ent_type_ in {"DATE", "TIME", "GPE"}:
        return None
    return after if after.pos_ in {"PROPN", "INTJ", "X"} and after.dep_ not in {"compound", "flat"} else None


def _person_after_title(ent: Span) -> Span | None:
    """The person named right after an organisation's name that ends in a title: the recognizer
    took 'Army Capt' of 'Army Capt. Ana Ruiz' for an organisation."""
    doc = ent.doc
    if ent[-1].lower_.rstrip(".") not in HONORIFICS:
        return None
    after = ent.end + (ent.end < len(doc) and doc[ent.end].text == ".")
    return _entity_span(doc[after]) if after < len(doc) and doc[after].ent_type_ == "PERSON" else None


def _nominal_adjective(head: Token) -> bool:
    """An adjective that stands for people: 'my two-year-old', 'the accused'."""
    return head.pos_ == "ADJ" and any(c.dep_ in {"det", "poss"} for c in head.children)


def _is_bare(head: Token, phrase: Span) -> bool:
    """'the company', 'the tech company': a determiner and common nouns or adjectives, no name."""
    return not any(t.pos_ == "PROPN" or t.ent_type_ for t in phrase if t.i != head.i)


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
        end = opened[-1]  # "the Lux Mundi (Light of the World": the recognizer stopped inside the brackets
    return with_number(Span(doc, start, end, label=token.ent_type_))


def noun_phrase(head: Token, outside: set[int]) -> Span:
    """The speaker phrase around its head, without appositives, text across a comma (but for one
    between its adjectives) or the participle that is the cue ('a spokesperson for the tenants', not
    '… describing the scene')."""
    cue = {t.i for c in head.subtree if c.dep_ == "acl" and c.tag_ == "VBG" and is_reporting(c) for t in c.subtree}
    keep = [head.i]
    joined = any(c.dep_ == "conj" and c.pos_ == "NOUN" for c in head.children)  # "lawyers and experts" say it together
    for child in head.children:
        if (child.i not in outside or child.dep_ == "appos" or (child.dep_ == "cc" and not joined)
                or (child.dep_ == "punct" and not _glued(child))):
            continue
        if child.dep_ in {"relcl", "acl"} and len(list(child.subtree)) > MAX_CLAUSE_WORDS:
            continue  # keep "who worked on Iran policy", not a whole sentence about the source
        keep.extend(t.i for t in child.subtree if t.i in outside and t.i not in cue)
    doc = head.doc
    # "a tall, soft-spoken farmer": a comma between two of its adjectives is inside the phrase
    between_adjectives = {c.i for c in head.children if c.text == "," and c.i < head.i
                          and doc[c.i - 1].dep_ == "amod" and doc[c.i + 1].dep_ == "amod"
                          and doc[c.i - 1].i in keep and doc[c.i + 1].i in keep}
    if head.dep_ == "compound" and head.i > 0 and doc[head.i - 1].dep_ == "det" and doc[head.i - 1].head == head.head:
        keep.append(head.i - 1)  # "“…,” the post read", tagged as one noun phrase: the post's own article
    start, end = head.i, head.i
    while start - 1 >= min(keep) and (doc[start - 1].i in between_adjectives or (
            doc[start - 1].i in keep and not _breaks_phrase(doc[start - 1]))):
        start -= 1
    while (end + 1 <= max(keep) and doc[end + 1].i in keep and not _breaks_phrase(doc[end + 1])
           and doc[end + 1].text not in {";", "("}):
        end += 1
    while end > start and doc[end].is_punct:
        end -= 1
    return doc[start:end + 1]


def _glued(token: Token) -> bool:
    """A hyphen inside a word: 'two-year-old'."""
    return token.text == "-" and not is_spaced_hyphen(token)


def _breaks_phrase(token: Token) -> bool:
    """A comma or a dash; a hyphen only with a space beside it ('problematic - Pew', not 'self-described')."""
    return token.text in PHRASE_BREAKS or is_spaced_hyphen(token)
