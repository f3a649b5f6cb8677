"""Stage 3b, speakers: from the words that name a speaker to one entry per speaker.

Coreference within the article, built from the parse and the named entities: a surname,
a first name or `Mr. Pompeo` joins the full name introduced elsewhere; `he` and `she` go
to the most salient earlier person of the same gender (gender read from the article's
own titles, then first names, then pronouns); `the secretary` goes to the person whose title says so.
Everything else is kept whole: an anonymous source (`a person familiar with Trump’s
thinking`) or an organisation (`The State Department`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .clauses import is_reporting
from .genders import FEMALE, MALE, first_name_gender

PERSON, ORGANIZATION, ANONYMOUS = "person", "organization", "anonymous"
PRONOUN_GENDER = {"he": MALE, "him": MALE, "his": MALE, "himself": MALE,
                  "she": FEMALE, "her": FEMALE, "hers": FEMALE, "herself": FEMALE}
TITLE_GENDER = {"mr": MALE, "mr.": MALE, "sir": MALE, "mrs": FEMALE, "mrs.": FEMALE, "ms": FEMALE,
                "ms.": FEMALE, "miss": FEMALE, "dame": FEMALE}
HONORIFICS = {"mr", "mrs", "ms", "mx", "miss", "dr", "prof", "sir", "dame", "rev", "sen", "rep", "gov",
              "gen", "lt", "col", "sgt", "capt", "det", "hon", "president", "senator", "governor",
              "secretary", "minister", "premier", "mayor", "judge", "chief", "representative", "professor",
              "councillor", "councilor", "councilman", "councilwoman", "alderman", "commissioner",
              "ambassador", "chancellor", "sheriff", "superintendent", "inspector", "constable", "officer",
              "sergeant", "justice", "speaker", "attorney", "general", "lieutenant", "colonel", "captain",
              "prime", "vice", "deputy", "coach", "rabbi", "bishop", "archbishop"}
PLURAL_PRONOUNS = {"they", "them", "we", "us"}
ORG_LABELS = {"ORG", "GPE", "FAC"}
# Head nouns of a definite phrase that names an institution rather than a person.
ORG_NOUNS = frozenset("""
company department agency government ministry office police union group party council court
committee campaign administration firm organization organisation association university school
board commission bank team network newspaper magazine website service authority city province
state county district hospital institute foundation center centre club corporation business
retailer airline manufacturer charity coalition lab laboratory
""".split())
# How much less salient an antecedent is for each writer's sentence further back.
SENTENCE_DECAY = 0.6
PREVIOUS_SPEAKER_WEIGHT = 0.2
OTHER_POSITION_WEIGHT = 0.3  # a name outside subject position ("Soleimani’s actions") is a weak antecedent
# "X said he …", "X, who said she …": the clauses through which a subject binds a pronoun.
BINDING_DEPS = {"ccomp", "xcomp", "advcl", "conj"}
MAX_BINDING_CLIMB = 3
PRONOUN_WINDOW = 4  # sentences looked back for a pronoun's antecedent


@dataclass(slots=True)
class Entity:
    """One speaker of the article: a person, an organisation or an anonymous source."""

    kind: str
    name: str
    words: list[str]  # lowercased name words, titles dropped: for matching later mentions
    role: str | None = None
    gender: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)  # names outside quotes, and speaker mentions
    quotes: int = 0
    first: int = 0  # offset of the first mention
    seen_at: list[int] = field(default_factory=list)  # token indices of its mentions outside quotes, in order


def number_speakers(keys: Iterable[Hashable | None]) -> list[str | None]:
    """The speaker id of each quote, given in text order: S1, S2.. in order of first quote.

    The one numbering of records, for a whole Doc and for pieces merged: `keys` names each
    quote's speaker (None: unattributed), and the same key gets the same id.
    """
    ids: dict[Hashable, str] = {}
    return [None if key is None else ids.setdefault(key, f"S{len(ids) + 1}") for key in keys]


def name_words(text: str) -> list[str]:
    """'Mr. Pompeo’s' -> ['pompeo']; 'Secretary of state mike Pompeo' keeps all words."""
    text = re.sub(r"['’]s$", "", text.strip())
    words = [w for w in re.findall(r"[^\W\d_][\w'’.-]*", text)]
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    return [w.lower().rstrip(".") for w in words]


def display_name(text: str) -> str:
    """Drop a leading honorific and possessive; capitalise name words written in lowercase."""
    text = re.sub(r"['’]s$", "", text.strip())
    words = text.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    if all(w.isupper() for w in words):  # a transcript label: "PENCE" -> "Pence"
        return " ".join(w.title() for w in words)
    return " ".join(w[0].upper() + w[1:] if w[:1].islower() else w for w in words)


def _is_subject(ent: Span) -> bool:
    """Subject of its clause by the parse, or by position: a name right before a verb."""
    token, subjects = ent.root, {"nsubj", "nsubjpass"}
    if token.dep_ in subjects or (token.dep_ in {"appos", "compound", "conj"} and token.head.dep_ in subjects):
        return True
    return ent.end < len(ent.doc) and ent.doc[ent.end].pos_ in {"VERB", "AUX"}


def _says_he_or_she(verb: Token) -> bool:
    """'… said he didn't consider': the reported clause's subject is he or she."""
    return any(c.dep_ == "ccomp" and any(g.dep_ == "nsubj" and g.lower_ in {"he", "she"} for g in c.children)
               for c in verb.children)


def proper_name(head: Token) -> Span:
    """A proper noun with the proper nouns compounded before it: 'Tatiana Stanovaya'."""
    first = min([c.i for c in head.lefts if c.dep_ in {"compound", "flat"} and c.pos_ == "PROPN"] + [head.i])
    return head.doc[first:head.i + 1]


def name_part(span: Span) -> Span:
    """The name at the end of a mention, without the words of a title written before it.

    "Rally Canada volunteer media coordinator Tom Hinderks" -> "Tom Hinderks";
    "Gitxsan Hereditary Chief Spookw" -> "Spookw" (the name follows the last title word).
    """
    start = span.end
    while start > span.start and _inside_name(span.doc[start - 1]):
        start -= 1
    titled = [t.i for t in span.doc[span.start:span.end - 1] if t.lower_.rstrip(".") in HONORIFICS]
    if titled and titled[-1] + 1 > start:
        start = titled[-1] + 1
    if start > span.start and start < span.end:
        return span.doc[start:span.end]
    return span


def _inside_name(token: Token) -> bool:
    """A proper noun, an initial's stop or a hyphen ('Jean-Pierre'); a spaced dash ends a name."""
    return token.pos_ == "PROPN" or token.text == "." or (token.text == "-" and not is_spaced_hyphen(token))


def is_spaced_hyphen(token: Token) -> bool:
    """A '-' with a space beside it is a dash ('overhype - HuffPollster'), not a hyphen ('self-described')."""
    return token.text == "-" and (bool(token.whitespace_) or (token.i > 0 and bool(token.doc[token.i - 1].whitespace_)))


class EntityIndex:
    """The people and organisations named in one article, clustered, with their genders."""

    def __init__(self, doc: Doc, outside: set[int], sentence_of: list[int]) -> None:
        self.doc = doc
        self.outside = outside
        self.sentence_of = sentence_of  # token index -> writer's sentence number
        self.entities: list[Entity] = []
        self.positions: list[tuple[int, Entity, bool]] = []  # (token index, entity, is subject)
        self.org_positions: list[tuple[int, Entity, bool]] = []
        self.person_at: dict[int, Entity] = {}  # token index (a name's head or a resolved he/she) -> person
        for ent in doc.ents:
            if ent[0].i not in outside:
                continue
            if ent.label_ == "PERSON":
                entity = self.person(ent)
                entity.role = entity.role or role_of(ent.root, ent)
                entity.mentions.append((ent.start_char, ent.end_char))
                self._add_position(self.positions, ent.root.i, entity, _is_subject(ent))
            elif ent.label_ in ORG_LABELS:
                entity = self.keyed(ORGANIZATION, ent.text, ent.start_char)
                entity.mentions.append((ent.start_char, ent.end_char))
                if ent.label_ == "ORG":  # a country or city is rarely what "the agency" or "it" stands for
                    self._add_position(self.org_positions, ent.root.i, entity, _is_subject(ent))
        self._add_unrecognised_speakers()
        self._read_genders()
        self._chain_pronouns()

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
            if any(t.is_upper for t in name):
                continue  # "RCMP warns": an acronym is an organisation
            personal = self.known_person(name) is not None or _says_he_or_she(token.head)
            if personal or (not token.ent_type_ and len(name) > 1):  # a lone "Director said" may be no one
                self._add_position(self.positions, token.i, self.person(name), True)

    def _chain_pronouns(self) -> None:
        """Each he/she outside quotes, resolved in text order, becomes a mention of its person.

        So "Vickers … He said … he added" keeps Vickers salient across sentences that name
        other people only in passing.
        """
        for token in self.doc:
            if token.lower_ in PRONOUN_GENDER and token.i in self.outside:
                entity = self.resolve_pronoun(token, None)
                if entity is not None:
                    self._add_position(self.positions, token.i, entity, token.dep_ in {"nsubj", "nsubjpass"})
                    entity.gender = entity.gender or PRONOUN_GENDER[token.lower_]

    def _add_position(self, positions: list[tuple[int, Entity, bool]], i: int, entity: Entity,
                      is_subject: bool) -> None:
        """Keep positions and each entity's mentions sorted by token, for lookups by bisection."""
        if positions is self.positions:
            self.person_at[i] = entity
        insort(positions, (i, entity, is_subject), key=lambda p: p[0])
        insort(entity.seen_at, i)

    def person(self, span: Span) -> Entity:
        """The person this name refers to, created if the article has not named them yet."""
        span = name_part(span)
        words = name_words(span.text)
        if not words:
            words = [span.text.lower()]
        match = self._match_name(words, span.start)
        if match is None:
            match = Entity(PERSON, display_name(span.text), words, first=span.start_char)
            self.entities.append(match)
        elif len(words) > len(match.words) and words[-1] == match.words[-1]:
            match.words, match.name = words, display_name(span.text)
        title = span.doc[span.start - 1].lower_ if span.start > 0 else ""
        if title in TITLE_GENDER and match.gender is None:
            match.gender = TITLE_GENDER[title]
        if match.gender is None and len(match.words) > 1:
            match.gender = first_name_gender(match.words[0])
        return match

    def known_person(self, span: Span) -> Entity | None:
        """The person already named in the article that these words name, if any ('Trump' tagged ORG)."""
        words = name_words(span.text)
        return self._match_name(words, span.start) if words else None

    def _match_name(self, words: list[str], position: int) -> Entity | None:
        candidates = []
        for entity in self.entities:
            if entity.kind != PERSON:
                continue
            known = entity.words
            same_last = words[-1] == known[-1]
            if words == known or (same_last and (len(words) == 1 or len(known) == 1 or words[0][0] == known[0][0])):
                candidates.append(entity)
            elif len(words) == 1 and words[0] == known[0] and len(known) > 1:
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
        """Each name votes for the gender of the next he/she that follows it before another name."""
        votes: dict[int, list[str]] = {}
        names = self.positions
        for n, (i, entity, _) in enumerate(names):
            stop = names[n + 1][0] if n + 1 < len(names) else len(self.doc)
            for token in self.doc[i + 1:min(stop, i + 40)]:
                gender = PRONOUN_GENDER.get(token.lower_)
                if gender and token.i in self.outside:
                    votes.setdefault(id(entity), []).append(gender)
                    break
        for entity in self.entities:
            cast = votes.get(id(entity), [])
            if entity.gender is None and cast:
                entity.gender = max((MALE, FEMALE), key=cast.count)

    def resolve_pronoun(self, token: Token, previous_speaker: Entity | None) -> Entity | None:
        """The person whose clause the pronoun's clause hangs from, else the most salient
        earlier person whose gender agrees with he/she."""
        gender = PRONOUN_GENDER.get(token.lower_)
        bound = self._clause_antecedent(token, gender)
        if bound is not None:
            return bound
        scores = self._salience(self.positions, token, gender)
        if previous_speaker is not None and previous_speaker.kind == PERSON and not (
            gender and previous_speaker.gender and previous_speaker.gender != gender
        ):  # the last speaker stays salient even when named long ago
            entry = scores.setdefault(id(previous_speaker), [0.0, previous_speaker])
            entry[0] += PREVIOUS_SPEAKER_WEIGHT
        return max(scores.values(), key=lambda entry: entry[0])[1] if scores else None

    def _clause_antecedent(self, token: Token, gender: str | None) -> Entity | None:
        """'Macharia said he grabbed an extinguisher': the subject of a clause that governs the
        pronoun's own clause is its antecedent, whatever was said before."""
        if token.dep_ not in {"nsubj", "nsubjpass"}:
            return None
        clause = token.head
        for _ in range(MAX_BINDING_CLIMB):
            if clause.dep_ not in BINDING_DEPS or clause.head is clause:
                return None
            clause = clause.head
            for child in clause.children:
                if child.dep_ == "nsubj" and child.i < token.i:
                    entity = self.person_at.get(child.i)
                    if entity is not None and not (gender and entity.gender and entity.gender != gender):
                        return entity
                    return None
        return None

    def resolve_organization(self, token: Token) -> Entity | None:
        """'it' said: the most salient organisation named in the sentences before."""
        scores = self._salience(self.org_positions, token, None)
        return max(scores.values(), key=lambda entry: entry[0])[1] if scores else None

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
            if gender and entity.gender and entity.gender != gender:
                continue
            weight = (1.0 if is_subject else OTHER_POSITION_WEIGHT) * SENTENCE_DECAY ** distance
            if gender and entity.gender == gender:
                weight *= 1.5
            scores.setdefault(id(entity), [0.0, entity])[0] += weight
        return scores

    def resolve_title(self, head: Token) -> Entity | None:
        """'the secretary' -> the person whose role or title holds 'secretary'."""
        lemma = head.lemma_.lower()
        found = [e for e in self.entities if e.kind == PERSON and e.role and lemma in e.role.lower().split()]
        return max(found, key=lambda e: self._last_position(e, head.i)) if found else None

    def keyed(self, kind: str, text: str, start: int) -> Entity:
        """An organisation or anonymous source, one entity per distinct wording."""
        key = " ".join(name_words(re.sub(r"^(?i:the)\s+", "", text))) if kind == ORGANIZATION else text.lower()
        for entity in self.entities:
            if entity.kind == kind and " ".join(entity.words) == key:
                return entity
        name = re.sub(r"^(?i:the)\s+", "", text) if kind == ORGANIZATION else text
        entity = Entity(kind, name, key.split(), first=start)
        self.entities.append(entity)
        return entity


def role_of(head: Token, ent: Span | None) -> str | None:
    """'the CEO of the Foundation for Defense of Democracies' from an appositive; 'Secretary of State' before a name."""
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ in {"NOUN", "PROPN"}:
            tokens = [t for t in child.subtree]
            cut = next((k for k, t in enumerate(tokens) if t.text in {",", "(", ";", "—"} and t.i > child.i),
                       len(tokens))
            words = tokens[:cut]
            while words and words[0].is_punct:
                words = words[1:]
            if words:
                return head.doc[words[0].i:words[-1].i + 1].text
    if ent is not None:
        left = [t for t in head.subtree if t.i < ent.start and t.dep_ not in {"det", "punct"}]
        if left and left[-1].i == ent.start - 1:
            first = left[0].i
            text = head.doc[first:ent.start].text.strip(" ,")
            if text and text.lower() not in {"mr.", "mrs.", "ms.", "dr."}:
                return text
    return None
