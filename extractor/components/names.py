"""Names as the article writes them: the name words of a mention, its display form, and the
title or role written around it ("Secretary of State Mike Pompeo", "Ada Lindqvist, a volunteer")."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from spacy.tokens import Span, Token

from .genders import first_name_gender, is_first_name
from .layout import TITLE_ABBREVIATIONS
from .lexicon import ZERO_WIDTH, reporting_forms, speaking_noun

# Titles before a name: the abbreviations the tokenizer keeps whole ("Sgt.", "Cpl."), and the words.
HONORIFICS = TITLE_ABBREVIATIONS | {
    "mx", "miss", "sir", "dame", "president", "senator", "governor", "secretary", "minister", "premier", "mayor",
    "judge", "chief", "representative", "professor", "councillor", "councilor", "councilman", "councilwoman",
    "alderman", "commissioner", "ambassador", "chancellor", "sheriff", "superintendent", "inspector", "constable",
    "officer", "sergeant", "justice", "speaker", "attorney", "general", "lieutenant", "colonel", "captain", "prime",
    "vice", "deputy", "coach", "rabbi", "bishop", "archbishop", "chair", "chairman", "chairwoman", "chairperson",
    "director", "coordinator", "pastor", "reverend", "spokesman", "spokeswoman", "spokesperson", "corporal",
    "brigadier", "commander", "admiral",
}

# Party words the recognizer takes into a person's name ("Democrat Ella Simmons"); an
# organisation's name keeps them ("Democratic Party"), so they are no honorifics.
PARTY_WORDS = {"democrat", "democratic", "republican", "gop"}
TITLE_WORDS = HONORIFICS | PARTY_WORDS  # words before a person's name that are not part of it
REPORTING_FORMS = reporting_forms(weak=False)
TRAILING_NOT_NAME = {"ADP", "DET", "CCONJ", "SCONJ", "PART"}  # 'Luis Bermejo of' (Toledo)
NICKNAME = re.compile(r"\s[“\"][^”\"\s]+(?: [^”\"\s]+)?[”\"]\s")

# Last words of an organisation's name that a person's never has: "Morgan Stanley" is no one's.
ORGANIZATION_WORDS = frozenset("""
inc corp co ltd llc group bank news times post press university college school institute
foundation center centre council party church hospital partners associates capital media
international hall association agency network club society fund trust commission committee
company services systems technologies labs studios records airlines motors energy hydro health
police department ministry office union league federation alliance coalition institution state
journal journalism magazine review tribune herald gazette brothers
""".split())
# The abbreviations of US states and Canadian provinces that follow a town and a comma
# ("Oakville, Ont.", "Lodi, Calif."), which the recognizer can take for a person's name.
PLACE_ABBREVIATIONS = frozenset("""
ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev
n.h n.j n.m n.y n.c n.d okla ore pa r.i s.c s.d tenn vt va wash w.va wis wyo
alta b.c man n.b n.l n.s ont p.e.i que sask nfld
""".split())
# Words before a person's name that make it the group around them: "Team Clinton", "Camp Ruiz".
TEAM_WORDS = frozenset({"team", "camp"})
# Nouns for the body a name's owner runs, after the name: "the Lindqvist campaign".
BODY_NOUNS = frozenset("campaign administration team government office staff foundation".split())
# Common nouns for an institution, not a person: "the company said", "the aid group Gatsby".
ORG_NOUNS = frozenset("""
company department agency government ministry office police union group party council court
committee campaign administration firm organization organisation association university school
board commission bank team network newspaper magazine website service authority city province
state county district hospital institute foundation center centre club corporation business
retailer airline manufacturer charity coalition lab laboratory unit division branch bureau utility
media chancellery embassy consulate regime tribunal
""".split())


def name_words(text: str) -> list[str]:
    """'Mr. Pompeo’s' -> ['pompeo']; 'Secretary of state mike Pompeo' keeps all words."""
    text = re.sub(r"['’]s$", "", text.strip())
    words = [w for w in re.findall(r"[^\W\d_][\w'’.-]*", text)]
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    return [w.lower().rstrip(".") for w in words]


def display_name(text: str) -> str:
    """Drop a leading honorific and possessive, and invisible characters; capitalise name words
    written in lowercase."""
    text = re.sub(r"['’]s$", "", ZERO_WIDTH.sub("", text).strip())
    words = text.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    if all(w.isupper() for w in words):  # a transcript label: "PENCE" -> "Pence"
        return " ".join(w.title() for w in words)
    return " ".join(w[0].upper() + w[1:] if w[:1].islower() else w for w in words)


def proper_name(head: Token) -> Span:
    """A proper noun with the proper nouns compounded before it: 'Tatiana Stanovaya'."""
    first = min([c.i for c in head.lefts if c.dep_ in {"compound", "flat"} and c.pos_ == "PROPN"
                 and not c.text.startswith("-")] + [head.i])  # "-Commissioner Jane Doe": the dash is the cue
    return head.doc[first:head.i + 1]


def name_part(span: Span) -> Span:
    """The name at the end of a mention, without the words of a title written before it.

    "Harbour Trust volunteer media coordinator Ada Lindqvist" -> "Ada Lindqvist";
    "Nation Hereditary Chief Tasho" -> "Tasho" (the name follows the last title word);
    "ranking Democrat Ella Simmons" -> "Ella Simmons". A name never runs past a colon
    or ends in a quote mark ("Ana Ruiz: Saying …" is Ana Ruiz), nor starts with the reporting
    verb of a label ("Stated Ruiz:" is Ruiz).
    """
    span = _trimmed(span)
    start = span.end
    while start > span.start and _inside_name(span.doc[start - 1]):
        start -= 1
    titled = [t.i for t in span.doc[span.start:span.end - 1] if t.lower_.rstrip(".") in TITLE_WORDS]
    if titled and titled[-1] + 1 > start:
        start = titled[-1] + 1
    if start > span.start and start < span.end:
        return span.doc[start:span.end]
    return span


def _trimmed(span: Span) -> Span:
    """The span up to its first colon or spaced dash, without the quote marks and function words
    the recognizer left at its end ('Luis Bermejo of'), and from after a past reporting verb."""
    end = next((t.i for t in span if t.text == ":" or is_spaced_hyphen(t)), span.end)  # 'Barlow - 60 percent'
    while end > span.start and (span.doc[end - 1].is_quote or span.doc[end - 1].pos_ in TRAILING_NOT_NAME):
        end -= 1
    start = span.start
    if end - start > 1 and span.doc[start].lower_.endswith("ed") and span.doc[start].lower_ in REPORTING_FORMS:
        start += 1
    return span.doc[start:end] if span.start < end and (start, end) != (span.start, span.end) else span


def without_nickname(text: str) -> str:
    """'Robert “Bud” Kessler' -> 'Robert Kessler': a nickname in quotes is not part of the name."""
    return " ".join(NICKNAME.sub(" ", text).split())


def _inside_name(token: Token) -> bool:
    """A proper noun, an initial's stop, a hyphen ('Jean-Pierre') or the quote marks around a
    nickname ('Robert “Bud” Kessler'); a spaced dash ends a name."""
    return (token.pos_ == "PROPN" or token.text == "." or (token.text == "-" and not is_spaced_hyphen(token))
            or _around_nickname(token))


def _around_nickname(token: Token) -> bool:
    """A quote mark between two capitalised proper nouns: either side of 'Bud' in 'Robert “Bud” Kessler'."""
    doc = token.doc
    return (token.is_quote and 0 < token.i < len(doc) - 1 and doc[token.i - 1].pos_ == "PROPN"
            and doc[token.i + 1].pos_ == "PROPN" and doc[token.i + 1].is_title)


def is_spaced_hyphen(token: Token) -> bool:
    """A '-' with a space beside it is a dash ('overhype - HuffPollster'), not a hyphen ('self-described')."""
    return token.text == "-" and (bool(token.whitespace_) or (token.i > 0 and bool(token.doc[token.i - 1].whitespace_)))


# Entities before an 'and' that make the words before a name a list, not its role.
LISTED_ENTITY_TYPES = {"PERSON", "ORG", "GPE", "PERCENT", "CARDINAL", "MONEY"}
PLURAL_TAGS = {"NNS", "NNPS"}  # a role is one person's: "both girls who …" is no one's


def role_of(head: Token, ent: Span | None) -> str | None:
    """'the CEO of the Foundation for Defense of Democracies' from an appositive (never one listing
    other people); 'Secretary of State' before a name."""
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ in {"NOUN", "PROPN"} and child.tag_ not in PLURAL_TAGS:
            tokens = [t for t in child.subtree]
            cut = next((k for k, t in enumerate(tokens) if (t.text in {",", "(", ";", "—"} and t.i > child.i)
                        or "\n" in t.text), len(tokens))  # nor does a role run into the next paragraph
            words = tokens[:cut]
            while words and words[0].is_punct:
                words = words[1:]
            if words and not any(t.ent_type_ == "PERSON" for t in words):  # "Valanciunas, C.J. Miles and …"
                return _whole_words(head.doc[words[0].i:words[-1].i + 1])
    if ent is not None:
        left = [t for t in head.subtree if t.i < ent.start and t.dep_ not in {"det", "punct"}]
        if left and left[-1].i == ent.start - 1:
            while left and left[-1].lower_ in {"mr.", "mrs.", "ms.", "dr."}:
                left.pop()  # "the youthful Mr. Bush": a courtesy title is no role
            if _is_role(left):
                return head.doc[left[0].i:left[-1].i + 1].text.strip(" ,")
    return None


def _is_role(words: list[Token]) -> bool:
    """Whether the words before a name are its role: a noun among them ('a nudish, tousled Ana
    Ruiz' has none), not a possessor ('Mr. Lee's Mannix'), a list ('Ana Ruiz's Greens and Ben
    Lee's Reds', 'Ruiz and Ohio Gov.') nor a plural ('rival beauty queens')."""
    if not words or words[-1].tag_ == "POS" or words[-1].dep_ == "cc":
        return False
    listed = any(t.dep_ == "cc" for t in words) and any(t.ent_type_ in LISTED_ENTITY_TYPES for t in words)
    if any(t.tag_ in PLURAL_TAGS and t.head not in words for t in words):
        return False  # "rival beauty queens Ana and Eva": no one's role
    return not listed and any(t.pos_ in {"NOUN", "PROPN"} for t in words)


def joined_by_hyphen(left: Token, right: Token) -> bool:
    """Whether two neighbouring tokens are parts of one hyphenated word the tokenizer split:
    'co' and '-', '-' and 'founder'."""
    return not left.whitespace_ and "-" in {left.text, right.text}


def _whole_words(span: Span) -> str:
    """The span's text up to the end of its last word: 'the co-founder', where the parser
    stopped at 'the co'."""
    doc, end = span.doc, span.end
    while end < len(doc) and joined_by_hyphen(doc[end - 1], doc[end]):
        end += 1
    return doc[span.start:end].text.strip()


def full_name(ent: Span) -> Span:
    """A person's name with the part the recognizer left out: the first name of 'Souleymane Kane'
    where it tagged 'Kane' alone (a capitalised proper noun before it that is a known first
    name), the surname of 'Laura Ng' where it tagged 'Laura' (a capitalised word after a
    lone first name, that the article also uses alone: 'actor Ng said'), the initial of 'Maya R',
    the surname after a nickname ('Robert “Bud” Kessler')."""
    start, end = ent.start, ent.end
    while start > 0 and _left_out_first_name(ent.doc[start - 1]):
        start -= 1
    if end - start == 1 and first_name_gender(ent.text, worldwide=False) and (
            _left_out_surname(ent) or _surname_initial(ent)):
        end += 1
    doc = ent.doc
    if end < len(doc) and _around_nickname(doc[end - 1]):
        end += 1  # 'Mary "Kit"' tagged, the surname after the nickname left out: 'Dalton'
    elif end - 2 >= start and end + 1 < len(doc) and doc[end - 2].is_quote and _around_nickname(doc[end]):
        end += 2  # 'Robert “Bud' tagged: 'Kessler'
    return ent if (start, end) == (ent.start, ent.end) else Span(ent.doc, start, end, label=ent.label_)


def _left_out_first_name(token: Token) -> bool:
    return (token.pos_ == "PROPN" and not token.ent_type_ and token.is_title and token.dep_ in {"compound", "flat"}
            and token.lower_ not in HONORIFICS and first_name_gender(token.text) is not None)


def _word_after(first_name: Span) -> Token | None:
    """The word a space after a lone first name, where its surname would be."""
    doc = first_name.doc
    if first_name.end >= len(doc) or not first_name[-1].whitespace_:
        return None
    return doc[first_name.end]


def _surname_initial(first_name: Span) -> bool:
    """'Maya R', 'Ahmed K.': the initial after a lone first name stands for a surname, and
    tells apart two people of that first name."""
    word = _word_after(first_name)
    initial = word.text.rstrip(".") if word is not None else ""
    return len(initial) == 1 and initial.isupper() and initial.isalpha() and initial != "I"


def _left_out_surname(first_name: Span) -> bool:
    """The capitalised word after a lone first name is its surname when the article also writes
    it without that first name, in the middle of a sentence."""
    word = _word_after(first_name)
    if word is None or not (word.is_title and word.is_alpha and len(word) > 1) or word.ent_type_ or word.is_stop:
        return False
    doc = first_name.doc
    return any(t.text == word.text and t.i != word.i and doc[t.i - 1].text != first_name.text and not t.is_sent_start
               for t in doc if t.i > 0)


def misread_person(ent: Span) -> bool:
    """A two-word name (after any title) the recognizer took for an organisation or place: 'Tatiana Soares' (ORG),
    whose first word is a common first name of clear gender ('Rally Canada' is no one, nor is
    'Al-Shabaab': a first name stands apart from the surname)."""
    words = [t for t in ent if not t.is_punct]
    while len(words) > 2 and words[0].lower_.rstrip(".") in HONORIFICS:  # "Spokeswoman Laura Finch"
        words = words[1:]
    return (len(words) == 2 and words[0].i + 1 == words[1].i and bool(words[0].whitespace_)
            and all(t.pos_ == "PROPN" and t.is_title for t in words)
            and first_name_gender(words[0].text, worldwide=False) is not None
            and words[1].lower_ not in ORGANIZATION_WORDS)


def names_no_one(ent: Span) -> bool:
    """A word tagged as a name that is no one's: 'Ont' in 'Oakville, Ont.' (a province after its
    town), 'baker' tagged PERSON in 'the soft-spoken baker said' (a lowercase noun for a person)."""
    if len(ent) != 1:
        return False
    word = ent[0]
    if word.i > 0 and word.doc[word.i - 1].text == "," and word.lower_.rstrip(".") in PLACE_ABBREVIATIONS:
        return True
    return ent.label_ == "PERSON" and word.is_lower and speaking_noun(word.lemma_)


def with_number(ent: Span) -> Span:
    """An organisation's name with the number that ends it, which the recognizer tags apart:
    'Carpenters Union Local 27', not 'Carpenters Union Local'."""
    doc = ent.doc
    if ent.label_ == "ORG" and ent.end < len(doc):
        number = doc[ent.end]
        if number.text.isdigit() and number.dep_ == "nummod" and number.head.i == ent.end - 1:
            return Span(doc, ent.start, ent.end + 1, label=ent.label_)
    return ent


def organization_name(ent: Span) -> Span:
    """An organisation's name with the noun for the body it names, when the recognizer left
    it out: 'the Lindqvist campaign' is the Lindqvist campaign, not Lindqvist."""
    ent = with_number(ent)
    doc = ent.doc
    if ent.label_ == "ORG" and ent.end < len(doc):
        noun = doc[ent.end]
        if (ent.root.head.i == noun.i and ent.root.dep_ in {"compound", "nmod"} and noun.pos_ == "NOUN"
                and noun.lemma_.lower() in BODY_NOUNS):
            return doc[ent.start:ent.end + 1]
    return ent


def looks_like_organization(name: Span) -> bool:
    """A proper name that is no person's: 'Levada Center', 'I-DEV International' (a word
    organisations end in, after a word that is no first name), 'Conservatives' (a plural),
    'Elizabeth May’s Greens' (what a person has), or one the article calls an organisation."""
    last = name[-1]
    if last.tag_ == "NNPS" or any(t.tag_ == "POS" for t in name[:-1]):  # "Elizabeth May’s Greens"
        return True
    if _after_the(name) and not is_first_name(name[0].text):  # "The Lantern reported": a person takes no article
        return True
    if without_the(name.text).lower() in known_organizations():  # "Politifact", "Twitter"
        return True
    if len(name) > 1 and name[0].lower_ in TEAM_WORDS:  # "Team Clinton", "Camp Ruiz": the people around someone
        return True
    if last.lower_ in ORGANIZATION_WORDS and first_name_gender(name[0].text) is None:  # "Jane Hall" is a woman
        return True
    return described_as_organization(name)


def without_the(text: str) -> str:
    """'The State Department' -> 'State Department'."""
    return re.sub(r"^(?i:the)\s+", "", text)


@cache
def known_organizations() -> frozenset[str]:
    """News outlets, wire services, platforms and pollsters (`data/organizations.txt`), lowercase."""
    text = (resources.files(__package__) / "data" / "organizations.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _after_the(name: Span) -> bool:
    """'the Ledger', 'The Islamic State': the definite article right before the name, or its first word."""
    doc = name.doc
    if name[0].lower_ == "the":
        return True
    before = doc[name.start - 1] if name.start > 0 else None
    return before is not None and before.lower_ == "the" and name.start <= before.head.i < name.end


def described_as_organization(name: Span) -> bool:
    """'the British aid group Gatsby', 'Carter Hall, a non-profit agency in Halifax': a noun
    for an institution right before the name, or heading its appositive."""
    doc = name.doc
    before = doc[name.start - 1] if name.start > 0 else None
    if (before is not None and before.pos_ == "NOUN" and before.lemma_.lower() in ORG_NOUNS
            and (name.start <= before.head.i < name.end or name.root.head.i == before.i)):
        return True
    after = doc[name.end] if name.end < len(doc) else None
    if after is None or after.text != ",":
        return False
    return any(c.dep_ == "appos" and c.left_edge.i == name.end + 1 and c.pos_ == "NOUN"
               and c.lemma_.lower() in ORG_NOUNS for c in name.root.children)
