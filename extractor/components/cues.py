"""Stage 3a, cues: the words that attribute a quote to someone, and who they name.

The finders here work on token lists (the words outside quotation marks around one quote,
or a sentence or paragraph) and return an `Attribution`: the head token of the speaker
phrase and the cue's offsets. Which finder is tried when, under which name and with what
confidence is the rule table's business (`rules.py`), not theirs. A cue is a reporting
verb (`said`, `told`, `sighed`: any verb in the position of an attribution, not only the
listed ones), `according to`, a colon lead-in, a dash credit or a nominal cue (`his warning:`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from spacy.tokens import Span, Token

from .clauses import NOMINAL_POS, SUBJECT_DEPS, governors, is_dash, is_reporting, span_of, subject_of
from .lexicon import (
    DASHES,
    DOCUMENT_NOUNS,
    NOMINAL_CUES,
    NON_SPEAKING_PRONOUNS,
    NOT_SPEAKERS,
    REPORTING_VERBS,
    SPEAKING_ENTITY_TYPES,
    speaking_noun,
)

MODIFIER_DEPS = {"amod", "acl", "relcl", "compound", "pcomp", "npadvmod", "prep"}
MAX_WORDS_BEFORE_VERB = 4  # "“…,” he sighed": any verb this close after a quote attributes it
MAX_CREDIT_WORDS = 15
# A transcript's speaker label opening a quoted paragraph: '"PENCE: Well, look, …"'.
TRANSCRIPT_LABEL = re.compile(r"[A-Z][A-Z.'’-]*[A-Z](?: [A-Z][A-Z.'’-]*[A-Z]){0,2}:\s")
# How a reported clause hangs from the verb that reports it: "said (that) he …", "said it was …".
REPORTED_CLAUSE_DEPS = {"ccomp", "xcomp"}


@dataclass(frozen=True, slots=True)
class Attribution:
    """The speaker head and the cue found for one quote (`labelled`: a transcript label's last word)."""

    speaker: Token
    cue: tuple[int, int] | None
    labelled: bool = False


def _nominal_neighbour(tokens: list[Token], start: int, step: int, outside: set[int],
                       cue: Token | None = None) -> Token | None:
    """The first nominal word from tokens[start] on, skipping determiners and titles (and never
    the cue itself: in "the post read" tagged as a compound noun, the speaker is "post")."""
    i = start
    while 0 <= i < len(tokens) and tokens[i].i in outside:
        token = tokens[i]
        if (token.pos_ in NOMINAL_POS or token.lower_ == "one") and not token.is_punct:  # “…,” read one
            return _head_in(token, outside, cue)  # "a New Hampshire Democrat": Democrat, not New
        if token.pos_ not in {"DET", "ADJ", "NUM", "PUNCT"} or token.text in {",", ".", ":"}:
            return None
        i += step
    return None


def after_quote_words(after: list[Token]) -> list[Token]:
    """The words after a quote that may attribute it (dashes kept, other punctuation dropped);
    none when they open a clause about the quote's words ('“… and Indiana” which votes June 7')."""
    words = [t for t in after if not (t.is_punct and t.text not in DASHES) and not t.is_space]
    return [] if not words or words[0].tag_ in {"WDT", "WP"} else words


def dash_credit(tokens: list[Token], outside: set[int], credits: Mapping[int, int]) -> Attribution | None:
    """'— Commissioner Geoffrey Starks' opening the tokens (`credits`: the dash credit matches,
    dash -> name, of `patterns.cue_matches`)."""
    if not tokens or tokens[0].i not in credits:
        return None
    return Attribution(_head_in(tokens[0].doc[credits[tokens[0].i]], outside), span_of(tokens[0]))


def scan_after_quote(
    after: list[Token], outside: set[int], any_verb: bool, openers: Mapping[int, int]
) -> Iterator[tuple[str, Attribution | None]]:
    """The cues in the words after a quote in reading order, up to the first verb that ends the scan:
    ("according to", found) for each 'according to X', then ("verb", found or None).

    With any_verb (a whole quoted sentence), any verb right after the quote attributes it
    ("“…,” he sighed"); a fragment needs a reporting verb. `openers`: the 'according to'
    matches of `patterns.cue_matches`.
    """
    words = after_quote_words(after)
    for i, token in enumerate(words):
        if token.i in openers:
            found = _according_to(token.doc[openers[token.i]], outside)
            if found is not None:
                yield "according to", found
        stranded = _stranded_speaker(token, outside)
        if stranded is not None:
            yield "verb", Attribution(stranded, span_of(token))
            return
        if token.dep_ in MODIFIER_DEPS or not (token.pos_ in {"VERB", "AUX"} or is_reporting(token, strict=False)):
            continue  # "a leading Moscow-based expert": participles inside the speaker's description
        if token.pos_ == "PROPN" and (token.ent_type_ or token.is_title) and not token.is_sent_start:
            continue  # "the self-described Islamic State", "The Washington Post's": a name, whatever verb it spells
        if token.pos_ == "AUX" and not is_reporting(token):
            continue
        if not is_reporting(token) and any(c.dep_ == "mark" for c in token.children):
            continue  # "“…,” as her mother hoped, Ms. Ferrin said": a subordinate clause attributes nothing
        if (i > MAX_WORDS_BEFORE_VERB or not any_verb) and not is_reporting(token):
            return  # the first verb well after the quote is the writer's own
        subject = subject_of(token, outside)
        if subject is None:
            position = after.index(token)
            subject = (_nominal_neighbour(after, position + 1, 1, outside)
                       or _nominal_neighbour(after, position - 1, -1, outside, token))
        yield "verb", Attribution(subject, span_of(token)) if subject is not None else None
        return


def _stranded_speaker(verb: Token, outside: set[int]) -> Token | None:
    """'“…,” Ann Roe, the chair of the board, recalled', parsed with the verb as a participle
    hung on the name: a reporting verb after a comma, on a noun that is no verb's subject, is
    that noun's own verb ('a man, accused of fraud, told …' keeps 'told')."""
    head = verb.head
    if (verb.dep_ == "acl" and head.i < verb.i and head.i in outside and verb.doc[verb.i - 1].text == ","
            and head.pos_ in NOMINAL_POS and head.dep_ not in SUBJECT_DEPS and is_reporting(verb)):
        return head
    return None


def according_to(tokens: list[Token], outside: set[int], openers: Mapping[int, int]) -> Attribution | None:
    """The first 'according to X' among the tokens (`openers`: its matches, 'according' -> 'to')."""
    for token in tokens:
        if token.i in openers:
            found = _according_to(token.doc[openers[token.i]], outside)
            if found:
                return found
    return None


def _according_to(to: Token, outside: set[int]) -> Attribution | None:
    objects = [c for c in to.children if c.dep_ == "pobj" and c.i in outside]
    if not objects:
        return None
    head = objects[0]
    # "according to a statement from the agency": the source is the agency.
    if head.lemma_ in NOMINAL_CUES:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in {"from", "by", "of"}:
                inner = [c for c in prep.children if c.dep_ == "pobj"]
                if inner:
                    head = inner[0]
    start = to.doc[to.i - 1]
    return Attribution(head, (start.idx, to.idx + len(to.text)))


def _head_in(token: Token, outside: set[int], cue: Token | None = None) -> Token:
    while (token.dep_ in {"compound", "flat"} and token.head.i in outside and token.head.i > token.i
           and (cue is None or token.head.i != cue.i)):
        token = token.head
    return token


def before_quote(
    before: list[Token], outside: set[int], colon_or_comma: bool, openers: Mapping[int, int]
) -> Attribution | None:
    """Every cue before a quote, in the default order: 'according to X', 'Ruth Calder:', 'Mr. Ridge
    said:', 'X issued a warning:' (for a quote whose paragraph follows a lead-in paragraph)."""
    return (according_to(before[::-1], outside, openers) or name_before_colon(before)
            or reporting_verb_before(before, outside, colon_or_comma) or lead_in_verb(before, outside, colon_or_comma)
            or (nominal_cue_before(before) if colon_or_comma else None))


def _verbs_before(before: list[Token], colon_or_comma: bool) -> tuple[list[Token], list[Token]]:
    """The verbs before a quote, nearest first, and those of them that report speech (weak ones
    too after a colon or comma: 'put it this way:')."""
    verbs = [t for t in reversed(before) if t.pos_ in {"VERB", "AUX"} or t.lemma_ in REPORTING_VERBS]
    return verbs, [v for v in verbs if is_reporting(v, strict=not colon_or_comma)]


def _subject_near(verb: Token, outside: set[int]) -> Attribution | None:
    subject = subject_of(verb, outside)
    if subject is not None and (subject.i < verb.i or verb.i < subject.i < verb.i + 4):
        return Attribution(subject, span_of(verb))
    return None


def reporting_verb_before(before: list[Token], outside: set[int], colon_or_comma: bool) -> Attribution | None:
    """'Mr. Ridge said: “…”', 'She added, “…”', 'Pompeo explained that … “…”': a reporting verb
    anywhere before the quote, nearest first, outranks a nearer verb that reports nothing
    ("the mayor laughed, again putting on a thick accent, “…”")."""
    for verb in _verbs_before(before, colon_or_comma)[1]:
        found = _subject_near(verb, outside)
        if found is not None:
            return found
    return None


def lead_in_verb(before: list[Token], outside: set[int], colon_or_comma: bool) -> Attribution | None:
    """'He delivered a snappy retort: “…”': the nearest verb before a colon or comma, when it
    reports nothing (a reporting one is `reporting_verb_before`'s)."""
    verbs, reporting = _verbs_before(before, colon_or_comma)
    nearest = next((v for v in verbs if v.pos_ == "VERB"), None)
    if not colon_or_comma or nearest is None or nearest in reporting:
        return None
    return _subject_near(nearest, outside)


def nominal_cue_before(before: list[Token]) -> Attribution | None:
    """'X issued his warning: “…”': a speech noun before the quote, and its owner."""
    for token in reversed(before):
        if token.lemma_ in NOMINAL_CUES:
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is not None:
                return Attribution(owner, span_of(token))
    return None


def name_before_colon(before: list[Token]) -> Attribution | None:
    """A name and a colon before the quote, as in transcripts and roundups: 'Ruth Calder: “…”',
    'From the report: “…”'."""
    if len(before) < 2 or before[-1].text != ":":
        return None
    name = before[-2]
    verb = name.head.head if name.dep_ == "pobj" else name.head
    dashed = any(t.text in DASHES for t in name.doc[verb.i + 1:name.i])  # "Pollsters agree - Carl Bialik:"
    if name.dep_ in {"dobj", "dative", "pobj", "iobj"} and verb.i < name.i and is_reporting(verb) and not dashed:
        return None  # "Schilling told WEEI:", "She says to Nevadans:": the one spoken to
    clause_start = next((k for k in range(len(before) - 2, -1, -1) if before[k].text in DASHES | {".", ";", ":"}), -1)
    named = name.ent_type_ in {"PERSON", "ORG"} or name.pos_ == "PROPN"
    # "… many - Northgate Research:": capitalised words after a dash name a source even untagged
    credit = clause_start >= 0 and before[clause_start].text in DASHES and all(
        t.is_title for t in before[clause_start + 1:-1])
    if not (named or credit) and _quoted_from(before, clause_start):
        named = name.lemma_.lower() in DOCUMENT_NOUNS or speaking_noun(name.lemma_.lower())
    if (named or credit) and len(before) - 2 - clause_start <= 6:
        return Attribution(name, span_of(before[-1]))
    return None


def _quoted_from(before: list[Token], clause_start: int) -> bool:
    """'From the report:', 'More from the memo:': what follows is taken from the words before the colon."""
    name = before[-2]
    words = [t for t in before[clause_start + 1:-1] if not t.is_space]
    return name.dep_ == "pobj" and name.head.lower_ == "from" and name.head in words[:2]


def transcript_label(quote: Span) -> Attribution | None:
    """'"WALLACE: If I may, sir, …"': the label in capitals before the colon names the speaker."""
    marks = len(quote.text) - len(quote.text.lstrip("\"'“‘`«"))
    found = TRANSCRIPT_LABEL.match(quote.text, marks)
    if found is None or NOT_SPEAKERS & set(re.findall(r"[A-Z]+", found.group())):
        return None
    colon = quote.doc.char_span(quote.start_char + found.end() - 2, quote.start_char + found.end() - 1)
    if colon is None or colon.start == quote.start:
        return None
    return Attribution(quote.doc[colon.start - 1], span_of(colon[0]), labelled=True)


def credit_line(tokens: list[Token]) -> Attribution | None:
    """A paragraph that only credits the quote before it with a name and what they are, with no
    verb: 'Ruth Calder, Institute for Housing Policy.' (a dash credit is `dash_credit`)."""
    words = [t for t in tokens if not t.is_space]
    if len(words) < 2 or len(words) > MAX_CREDIT_WORDS or is_dash(words[0]):
        return None
    name_end = next((k for k, t in enumerate(words) if t.ent_iob_ != "I" and k > 0), len(words))
    named = words[0].ent_type_ == "PERSON" and name_end < len(words) and words[name_end].text == ","
    if not named or any(t.pos_ in {"VERB", "AUX"} for t in words):
        return None
    return Attribution(words[name_end - 1], span_of(words[name_end]))


def is_credit_sized(tokens: list[Token]) -> bool:
    """Short enough to be a credit line, long enough to name someone."""
    return 2 <= len([t for t in tokens if not t.is_space]) <= MAX_CREDIT_WORDS


def governing_verb(quote: Span, outside: set[int]) -> Attribution | None:
    """The first verb above a partial quote that reports speech, and its subject.

    'Vance has called the mayor a “budget vandal”', '31 percent say she is “not up to the job”'.
    A weak verb reports only its object: 'a platform that calls for “…”' is not speech.
    """
    found = None
    for node, child in governors(quote):
        verbal = node.pos_ in {"VERB", "AUX"}
        if found is not None:
            # "Vance said the chairman called on staff to be “far more careful”": the words
            # reach the writer through the outermost reporter, who is the source.
            if child.dep_ not in REPORTED_CLAUSE_DEPS:
                break
            subject = subject_of(node, outside) if verbal and is_reporting(node) else None
            if subject is not None:
                found = Attribution(subject, span_of(node))
            continue
        if not is_reporting(node, strict=not verbal) or (child.dep_ == "prep" and not is_reporting(node)):
            continue
        subject = subject_of(node, outside)
        if subject is not None:
            found = Attribution(subject, span_of(node))
    return found


def clause_subject(quote: Span, outside: set[int]) -> Attribution | None:
    """The nearest subject above a partial quote that can speak: 'Marsh casts herself as a
    “quiet reformer”', 'Lund endorsed her, citing her “steady hand”'."""
    for node, _ in governors(quote):
        if node.pos_ in {"VERB", "AUX"}:
            subject = subject_of(node, outside)
            if subject is not None and _can_speak(subject):
                return Attribution(subject, span_of(node))
    return None


def _can_speak(token: Token) -> bool:
    if token.pos_ == "PRON":
        return token.lower_ not in NON_SPEAKING_PRONOUNS
    return token.pos_ == "PROPN" or token.ent_type_ in SPEAKING_ENTITY_TYPES


def verb_in_sentence(tokens: list[Token], outside: set[int], strict: bool = True) -> Attribution | None:
    """A reporting verb anywhere else in the sentence, for a quote without an adjacent cue.

    Not strict (for a partial quote), weak verbs count too: 'called the conclusion “bold”'.
    """
    for token in tokens:
        if is_reporting(token, strict=strict):
            subject = subject_of(token, outside)
            if subject is not None:
                return Attribution(subject, span_of(token))
    return None


def nominal_cue_in_sentence(tokens: list[Token], outside: set[int]) -> Attribution | None:
    """'Trump … in his late-night tweet on Monday, attributing it to “…”': a speech noun after
    'in' or 'during', and the subject of the verb it hangs from, or its owner."""
    for token in tokens:
        if token.lemma_ in NOMINAL_CUES and token.dep_ == "pobj" and token.head.lower_ in {"in", "during"}:
            verb = token.head.head
            subject = subject_of(verb, outside) if verb.pos_ in {"VERB", "AUX"} else None
            subject = subject or next((c for c in token.children if c.dep_ == "poss"), None)
            if subject is not None:
                return Attribution(subject, span_of(token))
    return None
