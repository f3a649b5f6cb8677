"""Stage 3b, speakers: from the words that name a speaker to one entry per speaker.

Coreference within the article, built from the parse and the named entities: a surname,
a first name or `Mr. Pompeo` joins the full name introduced elsewhere; `he` and `she` go
to the most salient earlier person of the same gender (a person whose gender the article
gives outranks one it says nothing of); `the secretary` goes to the person whose title says
so. Each person's gender comes from the article's own words first (`genders.py`).
Everything else is kept whole: an anonymous source (`a person familiar with Trump’s
thinking`), an organisation (`The State Department`), a document (`the report`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .clauses import is_reporting
from .genders import (
    EVIDENCE_ORDER,
    FEMALE,
    FIRST_NAME,
    MALE,
    NOUN,
    PRONOUN,
    PRONOUN_GENDER,
    TITLE,
    TITLE_GENDER,
    first_name_gender,
    is_first_name,
    noun_gender,
)
from .layout import caption_tokens, headline_of
from .lexicon import KIN_NOUNS
from .names import (
    described_as_organization,
    display_name,
    full_name,
    looks_like_organization,
    misread_person,
    name_part,
    name_words,
    names_no_one,
    organization_name,
    proper_name,
    role_of,
    without_nickname,
    without_the,
)
from .speaker_kinds import ANONYMOUS, ORGANIZATION, PERSON

PLURAL_PRONOUNS = {"they", "them", "we", "us"}
ORG_LABELS = {"ORG", "GPE", "FAC"}
ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")  # "NRA", "F.B.I."
ACRONYM_SKIPPED = {"of", "for", "and", "the", "on", "in"}  # words an acronym leaves out
CORPORATE_SUFFIXES = {"inc", "corp", "co", "ltd", "llc", "plc", "ag", "sa", "group", "company"}
# How much less salient an antecedent is for each writer's sentence further back.
SENTENCE_DECAY = 0.6
PREVIOUS_SPEAKER_WEIGHT = 0.2
OTHER_POSITION_WEIGHT = 0.3  # a name outside subject position ("Soleimani’s actions") is a weak antecedent
# "X said he …", "X, who said she …": the clauses through which a subject binds a pronoun.
BINDING_DEPS = {"ccomp", "xcomp", "advcl", "conj"}
MAX_BINDING_CLIMB = 3
PRONOUN_WINDOW = 4  # sentences looked back for a pronoun's antecedent
LAST_SPEAKER_WINDOW = 12  # sentences looked back for the last person reported speaking
# A he/she that takes up a name: the subject of a later clause, or in the name's own sentence
# also a possessive ("Okafor, now in her 10th season").
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
VOTING_DEPS = SUBJECT_DEPS | {"poss"}
MIN_PRONOUN_AGREEMENT = 0.75  # share of a person's he/she votes that must agree to say a gender
# "the company said" stands for an organisation only when the article named it this close before.
DESCRIPTION_WINDOW = 1
EPITHET_WINDOW = 2  # sentences back in which 'the 45-year-old' looks for the one person named
# Descriptions of a news outlet: only these stand for one that 'reported' ("the Courier reported").
MEDIA_NOUNS = frozenset("newspaper paper magazine network website site outlet publication broadcaster station".split())
ORGANIZATION_SPEAKER_WINDOW = 6  # sentences looked back for the organisation that 'the company' is


@dataclass(slots=True)
class Entity:
    """One speaker of the article: a person, an organisation or an anonymous source."""

    kind: str
    name: str
    words: list[str]  # lowercased name words, titles dropped: for matching later mentions
    role: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)  # kind of evidence -> the gender it says
    head: str | None = None  # a description's head noun ("official"), for "the official said" later
    mentions: list[tuple[int, int]] = field(default_factory=list)  # names outside quotes, and speaker mentions
    quotes: int = 0
    first: int = 0  # offset of the first mention
    seen_at: list[int] = field(default_factory=list)  # token indices of its mentions outside quotes, in order

    @property
    def gender(self) -> str | None:
        """The gender its strongest evidence says (genders.EVIDENCE_ORDER), None where none does."""
        return self._strongest()[1]

    @property
    def gender_evidence(self) -> str | None:
        return self._strongest()[0]

    def first_name_gender(self) -> str | None:
        """What the first name of the fullest name so far says ("Catherine", "Michelle Rempel"):
        read when asked, since a fuller name may come later."""
        return first_name_gender(self.words[0]) if self.kind == PERSON else None

    def _strongest(self) -> tuple[str | None, str | None]:
        """(kind of evidence, gender) of the strongest evidence: the article's words, then the first name."""
        for kind in EVIDENCE_ORDER:
            gender = self.first_name_gender() if kind == FIRST_NAME else self.evidence.get(kind)
            if gender is not None:
                return kind, gender
        return None, None

    def set_role(self, role: str | None) -> None:
        """The first role the article gives; a noun in it may say the gender ('spokeswoman')."""
        if role and self.role is None:
            self.role = role
            self.note_gender(NOUN, noun_gender(role))

    def note_gender(self, evidence: str, gender: str | None) -> None:
        """Keep the first gender each kind of evidence gives."""
        if gender is not None:
            self.evidence.setdefault(evidence, gender)


def number_speakers(keys: Iterable[Hashable | None]) -> list[str | None]:
    """The speaker id of each quote, given in text order: S1, S2.. in order of first quote.

    The one numbering of records, for a whole Doc and for pieces merged: `keys` names each
    quote's speaker (None: unattributed), and the same key gets the same id.
    """
    ids: dict[Hashable, str] = {}
    return [None if key is None else ids.setdefault(key, f"S{len(ids) + 1}") for key in keys]


def number_speaker_groups(groups: Sequence[Sequence[Hashable | None]]) -> list[list[str | None]]:
    """The speaker ids of each quote, given in text order as its speaker's key, then those of the
    people named with it: numbered one after another by `number_speakers`, and given back by quote."""
    ids = iter(number_speakers(key for group in groups for key in group))
    return [[next(ids) for _ in group] for group in groups]


def _is_subject(ent: Span) -> bool:
    """Subject of its clause by the parse, or by position: a name right before a verb."""
    token, subjects = ent.root, SUBJECT_DEPS
    if token.dep_ in subjects or (token.dep_ in {"appos", "compound", "conj"} and token.head.dep_ in subjects):
        return True
    return ent.end < len(ent.doc) and ent.doc[ent.end].pos_ in {"VERB", "AUX"}


def _tagged_organizations(doc: Doc) -> set[str]:
    """Lowercased names the recognizer tags ORG more often than PERSON, or that say 'itself' of
    themselves, that never follow a first name and never say he or she of themselves:
    'Facebook', tagged PERSON once; not 'Trump' (as in 'Donald Trump') nor 'Sanders' ('Sanders
    said he …')."""
    tags = Counter((ent.text.lower(), ent.label_) for ent in doc.ents)
    names = {name for name, label in tags if label == "PERSON" and tags[name, "ORG"] > tags[name, "PERSON"]}
    names |= _says_itself(doc)
    for token in doc[1:]:
        if token.lower_ in names and ((doc[token.i - 1].is_title and is_first_name(doc[token.i - 1].text))
                                      or (token.dep_ == "nsubj" and _says_he_or_she(token.head))):
            names.discard(token.lower_)
    return names


def _says_itself(doc: Doc) -> set[str]:
    """Lowercased one-word names tagged PERSON that are the subject of a verb whose object is
    'itself': 'Twitter has been selling itself as …' is no one's name."""
    found = set()
    for token in doc:
        if token.lower_ != "itself" or token.dep_ not in {"dobj", "pobj"}:
            continue
        verb = token.head.head if token.dep_ == "pobj" else token.head
        for subject in verb.children:
            if subject.dep_ == "nsubj" and subject.ent_type_ == "PERSON" and subject.ent_iob_ == "B" and (
                    subject.i + 1 == len(doc) or doc[subject.i + 1].ent_iob_ != "I"):
                found.add(subject.lower_)
    return found


def _named_relative(name: Span) -> bool:
    """'Haynes's father, David,', 'his wife, Ana,': a first name in apposition to a relative
    names someone of that family, not an earlier person with the same first name."""
    head = name.root.head
    return (len(name) == 1 and name.root.dep_ == "appos" and head.pos_ == "NOUN"
            and head.lemma_.lower() in KIN_NOUNS)


def _without_captions(sentence_of: list[int], in_captions: set[int]) -> list[int]:
    """Sentence numbers that skip the sentences of photo captions."""
    skipped = sorted({sentence_of[i] for i in in_captions})
    return [number - bisect_left(skipped, number) for number in sentence_of] if skipped else sentence_of


def _ends_in_noun(role: str | None, ent: Span) -> bool:
    """'Retired police chief Ana Ruiz': a role that a common noun ends right before the name."""
    return role is not None and ent.start > 0 and ent.doc[ent.start - 1].pos_ == "NOUN"


def _agrees(entity: Entity, gender: str | None) -> bool:
    """Nothing the article says of the entity's gender contradicts a pronoun's (None: any)."""
    return not (gender and entity.gender and entity.gender != gender)


def _says_he_or_she(verb: Token) -> bool:
    """'… said he didn't consider': the reported clause's subject is he or she."""
    return any(c.dep_ == "ccomp" and any(g.dep_ == "nsubj" and g.lower_ in {"he", "she"} for g in c.children)
               for c in verb.children)


class EntityIndex:
    """The people and organisations named in one article, clustered, with their genders."""

    def __init__(self, doc: Doc, outside: set[int], sentence_of: list[int]) -> None:
        self.doc = doc
        self.outside = outside
        self.in_captions = caption_tokens(doc)
        # token index -> writer's sentence number, a caption's sentences not counted: no distance in the story
        self.sentence_of = _without_captions(sentence_of, self.in_captions)
        self.entities: list[Entity] = []
        self.positions: list[tuple[int, Entity, bool]] = []  # (token index, entity, is subject)
        self.org_positions: list[tuple[int, Entity, bool]] = []
        self.person_at: dict[int, Entity] = {}  # token index (a name's head or a resolved he/she) -> person
        self.surname_at: set[int] = set()  # token indices of names of one word ("Clinton")
        self.votes: dict[int, dict[int, str]] = {}  # id(person) -> {token index of a he/she that refers to it: gender}
        self.bound: set[int] = set()  # token indices of the he/she the syntax binds to a name
        # Names tagged PERSON that are an organisation's wherever they appear.
        tagged = _tagged_organizations(doc)
        self.organization_names = {ent.text.lower() for ent in doc.ents if ent.label_ == "PERSON" and (
            ent.text.lower() in tagged or (ent[0].i in outside and described_as_organization(ent)))}
        self.person_names = Counter(tuple(name_words(ent.text)) for ent in doc.ents if ent.label_ == "PERSON")
        # Surnames the article gives after a first name ('Bernie Sanders', not "Justin Trudeau's Liberals").
        self.full_name_surnames = {ent[-1].lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1
                                   and is_first_name(ent[0].text) and not any(t.tag_ == "POS" for t in ent)}
        self.headline = headline_of(doc)
        for ent in doc.ents:
            if ent[0].i not in outside or names_no_one(ent):
                continue
            if ent.label_ == "PERSON":
                ent = self._headline_name(ent)
            if ent.label_ == "PERSON" and self.names_organization(ent):
                ent = Span(doc, ent.start, ent.end, label="ORG")  # "Levada Center" tagged PERSON
            if ent.label_ == "PERSON" or (ent.label_ in ORG_LABELS and misread_person(ent)):
                ent = full_name(ent)
                entity = self.person(ent)
                role = role_of(ent.root, ent)
                if ent.start not in self.in_captions or _ends_in_noun(role, ent):
                    entity.set_role(role)  # in a caption, not its credit run into the name: "Getty Images Ana Ruiz"
                entity.mentions.append((ent.start_char, ent.end_char))
                if len(name_words(ent.text)) == 1:
                    self.surname_at.add(ent.root.i)
                self._add_position(self.positions, ent.root.i, entity, _is_subject(ent))
            elif ent.label_ in ORG_LABELS:
                entity = self.keyed(ORGANIZATION, organization_name(ent).text, ent.start_char)
                entity.mentions.append((ent.start_char, ent.end_char))
                if ent.label_ == "ORG":  # a country or city is rarely what "the agency" or "it" stands for
                    self._add_position(self.org_positions, ent.root.i, entity, _is_subject(ent))
        self._add_untagged_mentions()
        self._add_unrecognised_speakers()
        self._read_genders()
        self._chain_pronouns()

    def names_organization(self, name: Span) -> bool:
        """A name tagged PERSON that is an organisation's ('Levada Center'; 'Carter Hall', which the
        article calls an agency); not a surname the tagger took for a plural ('Sanders' where the
        article names Bernie Sanders)."""
        if name.text.lower() in self.organization_names:
            return True
        return looks_like_organization(name) and not self._surname_tagged_plural(name)

    def _surname_tagged_plural(self, name: Span) -> bool:
        return name[-1].tag_ == "NNPS" and name[-1].lower_ in self.full_name_surnames

    def _add_untagged_mentions(self) -> None:
        """A word the recognizer left untagged (or took for a nationality: 'Schuh') still
        names what the article names with it elsewhere, so that a he, she or it after it is
        theirs: a subject or possessor that is the surname of the one person named in full with
        it ('Woods has it covered', 'Woods’ turnaround') or the name of one known by a single name
        ('Onyinye livened things up … she rescued'), a subject that is an organisation's name
        ('Facebook told employees …')."""
        by_surname: dict[str, list[Entity]] = {}
        for entity in self.entities:
            if entity.kind == PERSON:
                by_surname.setdefault(entity.words[-1], []).append(entity)
        by_word = {e.words[0]: e for e in self.entities if e.kind == ORGANIZATION and len(e.words) == 1}
        for token in self.doc:
            if (token.ent_type_ not in {"", "NORP"} or not token.is_title or token.i in self.person_at
                    or token.i not in self.outside):
                continue
            people = by_surname.get(token.lower_, [])
            if (len(people) == 1 and token.dep_ in VOTING_DEPS
                    and not any(c.dep_ == "compound" for c in token.children)):
                self._add_position(self.positions, token.i, people[0], token.dep_ in SUBJECT_DEPS)
            elif token.lower_ in by_word and token.dep_ in SUBJECT_DEPS:
                self._add_position(self.org_positions, token.i, by_word[token.lower_], True)

    def _add_unrecognised_speakers(self) -> None:
        """A proper noun that is the subject of a reporting verb names a person even when the
        recognizer missed it ('Tatiana Stanovaya, an independent expert, noted that …') or
        took it for an organisation, if the article names that person elsewhere or it says
        'he' or 'she' of itself ('Chief Na'moks said he …')."""
        for token in self.doc:
            if (token.pos_ != "PROPN" or token.ent_type_ == "PERSON" or token.dep_ != "nsubj"
                    or token.i not in self.outside or not is_reporting(token.head)):
                continue
            name = proper_name(token)
            if any(t.is_upper for t in name) or self.names_organization(name):
                continue  # "RCMP warns", "Levada Center said": an organisation
            personal = self.known_person(name) is not None or _says_he_or_she(token.head)
            unknown = not token.ent_type_ and len(name) > 1 and self.known_organization(name) is None
            if personal or unknown:  # a lone "Director said" may be no one, "al-Shabaab" is tagged ORG elsewhere
                self._add_position(self.positions, token.i, self.person(name), True)

    def _chain_pronouns(self) -> None:
        """Each he/she outside quotes, resolved in text order, becomes a mention of its person.

        So "Vickers … He said … he added" keeps Vickers salient across sentences that name
        other people only in passing.
        """
        for token in self.doc:
            if token.lower_ in PRONOUN_GENDER and token.i in self.outside:
                gender = PRONOUN_GENDER[token.lower_]
                subject = self.governing_subject(token)  # the syntax binds whatever the first name says
                bound = self.person_at.get(subject.i) if subject is not None else None
                entity = bound or self.resolve_pronoun(token, None, speaks=self._speaks(token))
                if entity is not None:
                    self._add_position(self.positions, token.i, entity, token.dep_ in SUBJECT_DEPS)
                if bound is not None and subject is not None and self._binding_says_gender(
                        token, subject, bound, gender):
                    self.votes.setdefault(id(bound), {})[token.i] = gender
                    self.bound.add(token.i)
                    self._weigh_votes(bound)

    @staticmethod
    def _speaks(token: Token) -> bool:
        """'he said', 'she told reporters': the pronoun is the subject of a reporting verb."""
        return token.dep_ in SUBJECT_DEPS and is_reporting(token.head)

    def _binding_says_gender(self, token: Token, subject: Token, bound: Entity, gender: str) -> bool:
        """'Alex Kim said she …' (`subject` the name that binds `token`) says Kim's gender, a guess
        by salience does not; nor does 'Jason Ruiz said she …' when the first name says otherwise and
        a woman was just named (the she is hers), or a surname two people share."""
        if self._shared_surname(subject.i, bound):
            return False
        if bound.first_name_gender() in {None, gender} or len(bound.words) == 1:
            return True  # a name of one word may be a surname, whatever a first name of that spelling says
        scores = self._salience(self.positions, token, gender)
        return not any(entity is not bound and entity.gender == gender for _, entity in scores.values())

    def _add_position(self, positions: list[tuple[int, Entity, bool]], i: int, entity: Entity,
                      is_subject: bool) -> None:
        """Keep positions and each entity's mentions sorted by token, for lookups by bisection."""
        if positions is self.positions:
            self.person_at[i] = entity
        if i in self.in_captions:
            return  # a caption's people are in the picture, not in the train of thought a pronoun follows
        insort(positions, (i, entity, is_subject), key=lambda p: p[0])
        insort(entity.seen_at, i)

    def person(self, span: Span) -> Entity:
        """The person this name refers to, created if the article has not named them yet."""
        span = self._headline_name(name_part(span))  # again: full_name may have added a headline word
        text = without_nickname(span.text)
        words = name_words(text)
        if not words:
            words = [text.lower()]
        match = self._match_name(words, span.start, first_name_alone=not _named_relative(span))
        if match is None:
            match = Entity(PERSON, display_name(text), words, first=span.start_char)
            self.entities.append(match)
        elif len(words) > len(match.words) and words[-1] == match.words[-1]:
            match.words, match.name = words, display_name(text)
        title = span.doc[span.start - 1].lower_ if span.start > 0 else ""
        match.note_gender(TITLE, TITLE_GENDER.get(title))
        return match

    def _headline_name(self, span: Span) -> Span:
        """'Lawmakers Rip Donald Kerr Over Budget', 'Ana Ruiz Responds To Critics' (a headline's
        capitals run into the name): in the headline, the words around a name of two or more words
        that the article writes on its own, first name first, are not part of that name."""
        in_headline = self.headline is not None and self.headline[0] <= span.start_char < self.headline[1]
        if not in_headline or len(span) < 3:
            return span
        words = tuple(name_words(span.text))
        if self.person_names[words] > 1:
            return span  # the article writes it so elsewhere too
        for length in range(len(span) - 1, 1, -1):  # the longest name inside first
            for start in range(span.start, span.end - length + 1):
                name = Span(span.doc, start, start + length, label=span.label_)
                found = tuple(name_words(name.text))
                if (name[0].is_title and is_first_name(name[0].text) and self.person_names[found]
                        and (start == span.start or span.doc[start - 1].whitespace_)):
                    return name
        return span

    def known_person(self, span: Span) -> Entity | None:
        """The person already named in the article that these words name, if any ('Trump' tagged ORG)."""
        words = name_words(span.text)
        return self._match_name(words, span.start) if words else None

    def known_organization(self, span: Span) -> Entity | None:
        """The organisation the article tags elsewhere that these words name ('Facebook says',
        where the recognizer missed it)."""
        key = _organization_words(span.text)  # "Facebook" is "Facebook Inc."
        return next((e for e in self.entities if e.kind == ORGANIZATION and key and e.words[:len(key)] == key
                     and all(w in CORPORATE_SUFFIXES for w in e.words[len(key):])), None) or self._acronym_of(span.text)

    def _acronym_of(self, text: str) -> Entity | None:
        """The organisation named in full whose initials these capitals are: 'NFU' after
        'the Northern Farmers Union', 'HVNS' after 'Harbour Valley News Service'."""
        letters = text.replace(".", "")
        if not (ACRONYM.fullmatch(text) and letters.isupper()):
            return None
        return next((e for e in self.entities if e.kind == ORGANIZATION and len(e.words) > 1
                     and "".join(w[0] for w in e.words if w not in ACRONYM_SKIPPED).upper() == letters), None)

    def _match_name(self, words: list[str], position: int, first_name_alone: bool = True) -> Entity | None:
        candidates = []
        for entity in self.entities:
            if entity.kind != PERSON:
                continue
            known = entity.words
            same_last = words[-1] == known[-1]
            if words == known or (same_last and (len(words) == 1 or len(known) == 1 or words[0][0] == known[0][0])):
                candidates.append(entity)
            elif same_last and 1 < len(words) < len(known) and known[-len(words):] == words:
                candidates.append(entity)  # a surname of two words: "Al Hashish" is Fouzia Al Hashish
            elif first_name_alone and len(words) == 1 and words[0] == known[0] and len(known) > 1:
                candidates.append(entity)  # a first name: "Bernie"
        if not candidates:
            return None
        # A surname shared by two people is the one the article has named more so far ("Dorie
        # Greenspan … her husband Michael Greenspan … Greenspan says"), then the one named last.
        return max(candidates, key=lambda e: (bisect_left(e.seen_at, position), self._last_position(e, position)))

    @staticmethod
    def _last_position(entity: Entity, before: int) -> int:
        at = bisect_left(entity.seen_at, before)
        return entity.seen_at[at - 1] if at else -1

    def _read_genders(self) -> None:
        """Each name in subject position votes for the gender of the next he or she that is a
        subject after it, in its sentence or the next, or a his or her in its own sentence, with
        no other name between ("Rempel said she …"; not "Hale knew Dunmore and her work", nor
        "he has read enough about Laura Finch that he …")."""
        names = self.positions
        for n, (i, entity, is_subject) in enumerate(names):
            if not is_subject or self._shared_surname(i, entity):
                continue
            stop = names[n + 1][0] if n + 1 < len(names) else len(self.doc)
            for token in self.doc[i + 1:min(stop, i + 40)]:
                later = self.sentence_of[token.i] - self.sentence_of[i]
                if later > 1 or token.pos_ == "PROPN":
                    break  # another sentence, or another name ("Hale … familiar with Dunmore and her work")
                if token.lower_ not in PRONOUN_GENDER or token.i not in self.outside:
                    continue
                if token.dep_ in (SUBJECT_DEPS if later else VOTING_DEPS):
                    self.votes.setdefault(id(entity), {})[token.i] = PRONOUN_GENDER[token.lower_]
                    break
        for entity in self.entities:
            self._weigh_votes(entity)

    def _shared_surname(self, i: int, entity: Entity) -> bool:
        """'Clinton' where the article names Hillary and Bill Clinton: which one the pronoun
        after it refers to says nothing of either's gender."""
        return i in self.surname_at and sum(
            e.kind == PERSON and e.words[-1] == entity.words[-1] for e in self.entities) > 1

    def _weigh_votes(self, entity: Entity) -> None:
        """A gender most of the person's votes agree on is evidence, unless a single vote says
        other than the first name ("Katie … He didn't"), and then only if bound by the syntax."""
        votes = self.votes.get(id(entity), {})
        cast = list(votes.values())
        by_name = entity.first_name_gender()
        entity.evidence.pop(PRONOUN, None)
        for gender in (MALE, FEMALE):
            agreed = cast and cast.count(gender) >= MIN_PRONOUN_AGREEMENT * len(cast)
            if agreed and (len(cast) > 1 or by_name in {None, gender} or set(votes) <= self.bound):
                entity.note_gender(PRONOUN, gender)

    def resolve_pronoun(self, token: Token, previous_speaker: Entity | None, speaks: bool = True) -> Entity | None:
        """The person whose clause the pronoun's clause hangs from, else the most salient
        earlier person whose gender agrees with he/she; if the pronoun `speaks`, the last
        person who spoke is more salient."""
        gender = PRONOUN_GENDER.get(token.lower_)
        bound = self._clause_antecedent(token, gender)
        if bound is not None:
            return bound
        scores = self._salience(self.positions, token, gender)
        last = self._last_speaker(token, previous_speaker, gender) if speaks else None
        if last is not None:  # the last speaker stays salient even when named long ago
            entry = scores.setdefault(id(last), [0.0, last])
            entry[0] += PREVIOUS_SPEAKER_WEIGHT
        if gender and any(entity.gender == gender for _, entity in scores.values()):
            # a person the article says is a woman or a man outranks one it says nothing of
            scores = {key: entry for key, entry in scores.items() if entry[1].gender == gender}
        return max(scores.values(), key=lambda entry: entry[0])[1] if scores else None

    def _last_speaker(self, token: Token, previous_speaker: Entity | None, gender: str | None) -> Entity | None:
        """The person who spoke last before the token, of the pronoun's gender: the previous
        quote's speaker, unless the last person of that gender who was the subject of a clause
        was reported as saying something ("Paul Varga … said the members … | “…,” he said"
        after a quote of Dalton's)."""
        def agrees(entity: Entity | None) -> bool:
            return entity is not None and entity.kind == PERSON and _agrees(entity, gender)

        here = self.sentence_of[token.i]
        for n in range(bisect_left(self.positions, token.i, key=lambda p: p[0]) - 1, -1, -1):
            i, entity, is_subject = self.positions[n]
            if here - self.sentence_of[i] > LAST_SPEAKER_WINDOW:
                break
            if is_subject and agrees(entity):  # the last person who did something: did they speak?
                if is_reporting(self.doc[i].head) and not self._described_person_between(i, token.i, gender):
                    return entity
                break
        return previous_speaker if agrees(previous_speaker) else None

    def _described_person_between(self, start: int, end: int, gender: str | None) -> bool:
        """A person the article describes by a noun of the pronoun's gender, not by name, is a
        subject between ("the businessman has insisted", "A 41-year-old Hamburg woman … was given"):
        the he or she after may be theirs."""
        return any(t.dep_ in SUBJECT_DEPS and t.tag_ == "NN" and t.i in self.outside
                   and noun_gender(t.lower_) == gender for t in self.doc[start + 1:end])

    def _clause_antecedent(self, token: Token, gender: str | None) -> Entity | None:
        """'Macharia said he grabbed an extinguisher': the subject of a clause that governs the
        pronoun's own clause is its antecedent, whatever was said before."""
        subject = self.governing_subject(token)
        entity = self.person_at.get(subject.i) if subject is not None else None
        if entity is not None and _agrees(entity, gender):
            return entity
        return None

    @staticmethod
    def governing_subject(token: Token) -> Token | None:
        """The subject, before the pronoun, of the nearest clause that governs the pronoun's clause."""
        if token.dep_ not in SUBJECT_DEPS:
            return None
        clause = token.head
        for _ in range(MAX_BINDING_CLIMB):
            if clause.dep_ not in BINDING_DEPS or clause.head is clause:
                return None
            clause = clause.head
            for child in clause.children:
                if child.dep_ == "nsubj" and child.i < token.i:
                    return child
        return None

    def resolve_organization(self, token: Token) -> Entity | None:
        """'it' said: the most salient organisation named in the sentences before."""
        scores = self._salience(self.org_positions, token, None)
        return max(scores.values(), key=lambda entry: entry[0])[1] if scores else None

    def salient_organization(self, token: Token) -> Entity | None:
        """'the company said': the one organisation that is the subject of this sentence or the
        one before, if there is exactly one; a description is no pronoun, and a guess between
        organisations would give one's words to another."""
        here = self.sentence_of[token.i]
        found = {id(e): e for i, e, is_subject in self.org_positions
                 if is_subject and i < token.i and here - self.sentence_of[i] <= DESCRIPTION_WINDOW}
        return next(iter(found.values())) if len(found) == 1 else None

    def person_in_focus(self, token: Token, gender: str | None) -> Entity | None:
        """'the 45-year-old said': the one person named in this sentence before the description
        and the few before, if a subject there and of a gender that agrees; between two people, a
        description is no pronoun to guess from."""
        here = self.sentence_of[token.i]
        window = [(e, is_subject) for i, e, is_subject in self.positions
                  if i < token.i and here - self.sentence_of[i] <= EPITHET_WINDOW and e.kind == PERSON]
        found = {id(e): e for e, _ in window}
        if len(found) != 1:
            return None
        person = next(iter(found.values()))
        subject = any(is_subject for _, is_subject in window)
        return person if subject and _agrees(person, gender) else None

    def last_speaking_organization(self, token: Token) -> Entity | None:
        """'the company said': the organisation that spoke last, in the few sentences before, as
        the subject of a reporting verb ('Acme said Thursday that …'), unless an organisation has
        since been the subject of a main clause that reports nothing ('Beta issued a recall')."""
        here = self.sentence_of[token.i]
        for i, entity, is_subject in reversed(self.org_positions[:bisect_left(
                self.org_positions, token.i, key=lambda p: p[0])]):
            if here - self.sentence_of[i] > ORGANIZATION_SPEAKER_WINDOW:
                return None
            verb = self.doc[i].head
            if is_subject and is_reporting(verb):
                news = verb.lemma_ == "report" and token.lemma_.lower() not in MEDIA_NOUNS  # the writer's source
                return None if news or self._names_a_person(entity) else entity
            if is_subject and verb.dep_ == "ROOT":
                return None  # another organisation was what the text went on about since
        return None

    def _names_a_person(self, organization: Entity) -> bool:
        """'Ruiz' tagged as an organisation where the article names Ana Ruiz: no company."""
        return any(e.kind == PERSON and e.words[-1] == organization.words[-1] for e in self.entities)

    def _salience(self, positions: list[tuple[int, Entity, bool]], token: Token, gender: str | None) -> dict:
        """id(entity) -> [score, entity] over the mentions in the few sentences before the token.

        Subjects count more than other mentions, nearer sentences more than farther ones,
        and an entity whose gender is known to agree more than one whose gender is unknown.
        """
        here = self.sentence_of[token.i]
        end = bisect_left(positions, token.i, key=lambda p: p[0])
        start = end
        while start > 0 and here - self.sentence_of[positions[start - 1][0]] <= PRONOUN_WINDOW:
            start -= 1
        scores: dict[int, list] = {}  # in text order, so that the earlier entity wins a tie
        for i, entity, is_subject in positions[start:end]:
            distance = here - self.sentence_of[i]
            if not _agrees(entity, gender):
                continue
            weight = (1.0 if is_subject else OTHER_POSITION_WEIGHT) * SENTENCE_DECAY ** distance
            if gender and entity.gender == gender:
                weight *= 1.5
            scores.setdefault(id(entity), [0.0, entity])[0] += weight
        return scores

    def resolve_title(self, head: Token, gender: str | None = None) -> Entity | None:
        """'the secretary' -> the person whose role or title holds 'secretary', of a gender that
        agrees with the description's ('the senator … his record')."""
        lemma = head.lemma_.lower()
        found = [e for e in self.entities if e.kind == PERSON and e.role and lemma in e.role.lower().split()
                 and _agrees(e, gender)]
        return max(found, key=lambda e: self._last_position(e, head.i)) if found else None

    def keyed(self, kind: str, text: str, start: int, head: str | None = None) -> Entity:
        """An organisation, anonymous source, document or unresolved mention, one entity per
        distinct wording (`head`: a description's head noun, for `described_before`)."""
        text = re.sub(r"['’]s$", "", text)  # "The ministry's statement": the ministry
        if kind == ORGANIZATION and (named := self._acronym_of(without_the(text))) is not None:
            return named
        key = " ".join(_organization_words(text)) if kind == ORGANIZATION else text.lower()
        name = without_the(text) if kind == ORGANIZATION else text
        for entity in self.entities:
            if entity.kind == kind and " ".join(entity.words) == key:
                if entity.name.isupper() and not name.isupper():
                    entity.name = name  # "Japan", not the "JAPAN" of a dateline or a label
                return entity
        entity = Entity(kind, name, key.split(), first=start, head=head)
        self.entities.append(entity)
        return entity

    def described_before(self, head: str, before: int) -> Entity | None:
        """'the official said': the anonymous source last described with that noun before
        ('a senior official familiar with the talks')."""
        found = [e for e in self.entities if e.kind == ANONYMOUS and e.head == head and e.first < before]
        return max(found, key=lambda e: e.first) if found else None


def _organization_words(text: str) -> list[str]:
    """The words an organisation is known by, whatever article and title come before: 'the U.S. State
    Department' and 'U.S. State Department' are one."""
    return name_words(without_the(text))
