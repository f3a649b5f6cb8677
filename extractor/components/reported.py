"""Stage 3b, reported speech: what someone said, claimed or asked, without quotation marks.

'Pompeo said the strike was lawful', 'The strike was lawful, Pompeo said', 'The plan, she
said, is dead', 'According to police, the driver fled', 'his claim that the vote was rigged',
'Trump urged voters to monitor polling places', 'it was announced that the plant would close'.

Each rule of REPORTED_RULES looks at one word outside quotation marks (a verb, a speech noun,
'according') and returns a `Report`: the reported content (a run of tokens, without the cue,
the speaker and a leading 'that'), the cue and the head of the speaker phrase, which the
attributor resolves to an entity of the article as it does for direct quotes. The first rule
that reports something for a word wins. Content that lies inside quotation marks is a direct
quote's, not reported speech: a report must hold MIN_REPORTED_WORDS words of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .clauses import is_reporting, prepositional_objects, span_of, subject_of
from .context import ArticleContext
from .layout import restated_captions_of
from .lexicon import (
    BELIEF_VERBS,
    DASHES,
    DESCRIBING_VERBS,
    EVALUATING_VERBS,
    EVIDENCE_VERBS,
    NOMINAL_CUES,
    REQUEST_VERBS,
    SPEECH_NOUNS,
)
from .quote_types import DIRECT
from .quotes import is_subhead

MIN_REPORTED_WORDS = 2  # words of the content outside quotation marks
COMPLEMENTIZERS = {"that"}  # dropped from the content's start; "whether" and "if" stay: they ask
REFUSALS = {"decline", "refuse"}
# What a describing verb gives besides its object: "called it a sham" (oprd), "described it as …" (prep).
DESCRIPTION_DEPS = {"oprd", "xcomp", "attr", "ccomp", "prep", "advcl"}
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}  # the verb forms that make a clause
CONTENT_EDGE_PUNCT = {",", ";", ":", "—", "–", "-", "--", "(", ")"}


@dataclass(frozen=True, slots=True)
class Report:
    """Reported content (tokens start..end-1), its cue's offsets and the head of its speaker phrase."""

    start: int
    end: int
    cue: tuple[int, int]
    speaker: Token | None


@dataclass(frozen=True, slots=True)
class ReportedRule:
    """A named way of finding reported speech at one word."""

    name: str
    find: Callable[[Token, ArticleContext, bool], Report | None]
    confidence: float
    matches: str


def _speaks(token: Token, beliefs: bool) -> bool:
    """A verb that reports speech (or, with `beliefs`, a belief or attitude: 'thinks', 'fears'),
    and reports it as said: not 'would not say whether', 'declined to say why', the writer's
    supposition 'Let's say you …', nor the writer's question in 'Asked what he would do, …'."""
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    lemma = token.lemma_.lower()
    if not (is_reporting(token, strict=False) or lemma in EVIDENCE_VERBS or (beliefs and lemma in BELIEF_VERBS)):
        return False
    if any(c.dep_ == "neg" for c in token.children) or _declined(token) or _supposed(token):
        return False
    return not (token.tag_ == "VBN" and token.dep_ == "advcl" and not any(c.dep_.startswith("nsubj")
                                                                          for c in token.children))


def _declined(token: Token) -> bool:
    """'declined to say', 'refused to confirm': the verb above it says nothing was said."""
    return token.dep_ == "xcomp" and token.head.lemma_.lower() in REFUSALS


def _supposed(token: Token) -> bool:
    """'Let's say you think …', 'let us say': the writer supposes; no one is reported."""
    return token.head.lemma_.lower() == "let" and any(
        c.dep_ == "nsubj" and c.lower_ in {"'s", "’s", "us"} for c in token.children)


def _content(tokens: list[Token], article: ArticleContext, cue: Token | None = None) -> tuple[int, int] | None:
    """The run of tokens covering `tokens`, trimmed of a leading 'that', of a date right after the
    cue ('said Tuesday the …') and of edge punctuation; None when too few of its words lie
    outside quotation marks."""
    if not tokens:
        return None
    doc = article.doc
    kept = {t.i for t in tokens}
    start, end = min(kept), max(kept) + 1
    if cue is not None and start == cue.i + 1:
        while start < end and doc[start].ent_type_ in {"DATE", "TIME"}:
            start += 1
    while start < end and (start not in kept or doc[start].text in CONTENT_EDGE_PUNCT or doc[start].is_space):
        start += 1
    if start < end and doc[start].lower_ in COMPLEMENTIZERS and not doc[start].dep_.startswith("nsubj"):
        start += 1  # "said that …" ("said that that was wrong" keeps its subject)
    while end > start and (end - 1 not in kept or doc[end - 1].text in CONTENT_EDGE_PUNCT | {"."}
                           or doc[end - 1].is_space):
        end -= 1
    own = sum(1 for i in range(start, end) if i in article.outside and doc[i].is_alpha)
    return (start, end) if own >= MIN_REPORTED_WORDS else None


def _report(tokens: list[Token], cue: Token, speaker: Token | None, article: ArticleContext) -> Report | None:
    found = _content(tokens, article, cue)
    return Report(found[0], found[1], span_of(cue), speaker) if found else None


def reported_clause(token: Token, article: ArticleContext, beliefs: bool) -> Report | None:
    """'said (that) the strike was lawful', 'The strike was lawful, Pompeo said', 'asked whether
    …', 'it was announced that …': the clause a speech verb takes."""
    if not _speaks(token, beliefs):
        return None
    clauses = [c for c in token.children if c.dep_ == "ccomp"]
    # "said (that) X" reports what follows; "X, Pompeo said" what precedes, when nothing follows
    clause = next((c for c in clauses if c.i > token.i), clauses[-1] if clauses else None)
    if clause is None:
        return None
    speaker = subject_of(token, article.outside)
    if _perceives(token, clause, speaker):
        return None
    content = list(clause.subtree)
    if clause.i > token.i:  # what the parser hung on the verb after the clause is said too: "…, and learn more"
        content += [t for t in token.subtree if t.i > clause.i]
    return _report(content, token, speaker, article)


def _is_finite(clause: Token) -> bool:
    """A clause with a tensed verb or auxiliary, or one a 'that' or a wh-word opens: 'found (that) there
    had been …', 'shows how …'; not 'found it wise to …' nor 'found itself hosting them'."""
    return clause.tag_ in FINITE_TAGS or any(
        c.tag_ in FINITE_TAGS or c.dep_ == "mark" or c.tag_ in {"WRB", "WP", "WDT"} for c in clause.children)


def _perceives(verb: Token, clause: Token, speaker: Token | None) -> bool:
    """'The coach found a few open lanes', 'the city may find it wise to …', 'the network found
    itself hosting them': a person or place that finds or shows something with no clause of its
    own (no finite verb) judges or sees it; a poll or a study that does ('the poll found Ruiz
    leading') reports it."""
    if verb.lemma_.lower() not in EVIDENCE_VERBS or is_reporting(verb, strict=False) or _is_finite(clause):
        return False
    if any(t.lower_ == "it" or t.lower_.endswith(("self", "selves")) for t in clause.subtree if t.i < clause.i):
        return True  # "find it wise to", "found itself hosting them"
    return speaker is not None and (speaker.tag_ == "PRP" or speaker.ent_type_ in {"PERSON", "GPE", "NORP"})


def reported_request(token: Token, article: ArticleContext, beliefs: bool) -> Report | None:
    """'urged voters to monitor polling places', 'vowed to fight it': who is asked to do what."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in REQUEST_VERBS:
        return None
    action = next((c for c in token.children if c.dep_ == "xcomp"), None)
    if action is None:
        return None
    addressee = [t for c in token.children if c.dep_ in {"dobj", "dative"} and c.i < action.i for t in c.subtree]
    return _report(addressee + list(action.subtree), token, subject_of(token, article.outside), article)


def parenthetical(token: Token, article: ArticleContext, beliefs: bool) -> Report | None:
    """'The plan, she said, is dead': a speech verb set into the clause it reports."""
    if token.dep_ != "parataxis" or not _speaks(token, beliefs) or any(c.dep_ == "ccomp" for c in token.children):
        return None
    aside = {t.i for t in token.subtree}
    content = [t for t in token.head.subtree if t.i not in aside]
    return _report(content, token, subject_of(token, article.outside), article)


def according_to(token: Token, article: ArticleContext, beliefs: bool) -> Report | None:
    """'According to police, the driver fled', 'The driver fled, according to police'."""
    to = article.matches.get("according to", {}).get(token.i)
    if to is None:
        return None
    source = next((c for c in token.doc[to].children if c.dep_ == "pobj"), None)
    credit = {t.i for t in token.subtree}
    root = token
    while root.head.i != root.i:  # the credit holds for the whole sentence, not the clause it hangs on
        root = root.head
    content = [t for t in root.subtree if t.i not in credit]
    before = [t for t in content if t.i < min(credit)]
    if before and _describes_source(token.doc, max(credit), [t for t in content if t.i > max(credit)]):
        content = before
    found = _content(content, article)
    if found is None:
        return None
    return Report(found[0], found[1], (token.idx, token.doc[to].idx + len(token.doc[to].text)), source)


def _describes_source(doc: Doc, credit_end: int, after: list[Token]) -> bool:
    """', according to “Friend of the Court,” a book written by …': the words after the credit
    describe its source (a comma, then a determiner, and no clause), whatever the parser hung them on."""
    words = [t for t in after if not t.is_punct and not t.is_space]
    if not words:
        return False
    between = doc[credit_end + 1:words[0].i]
    return (words[0].pos_ == "DET" and any(t.text == "," for t in between)
            and not any(t.text in DASHES for t in between) and not any(t.tag_ in FINITE_TAGS for t in words))


def reported_description(token: Token, article: ArticleContext, beliefs: bool) -> Report | None:
    """'He called the deal “a total sham” and promised to fight it': what someone called,
    described or branded something, and what they went on to say of it."""
    lemma = token.lemma_.lower()
    if token.pos_ != "VERB" or lemma not in DESCRIBING_VERBS | EVALUATING_VERBS or _declined(token):
        return None
    if not any(c.dep_ == "dobj" for c in token.children) or any(c.dep_ == "neg" for c in token.children):
        return None
    if lemma in DESCRIBING_VERBS and not any(c.dep_ in DESCRIPTION_DEPS for c in token.children):
        return None  # "called an election", "labelled the box": no description of anything
    content = [t for t in token.subtree if t.i > token.i]
    return _report(content, token, subject_of(token, article.outside), article)


def nominal_report(token: Token, article: ArticleContext, beliefs: bool) -> Report | None:
    """'his claim that the vote was rigged', 'the ministry's statement that it would appeal'."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in SPEECH_NOUNS | NOMINAL_CUES:
        return None
    clause = next((c for c in token.children if c.dep_ in {"acl", "ccomp"}
                   and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
    if clause is None:
        return None
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    if owner is None:  # "a statement from the ministry that …"
        owner = next(iter(prepositional_objects(token, {"from", "by", "of"})), None)
    if owner is None and token.dep_ in {"dobj", "attr"} and token.head.pos_ == "VERB":
        owner = subject_of(token.head, article.outside)  # "She issued a statement that …"
    if owner is None and token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.pos_ == "VERB":
        owner = subject_of(token.head.head, article.outside)  # "He says in a statement that …"
    return _report(list(clause.subtree), token, owner, article)


REPORTED_RULES: dict[str, ReportedRule] = {rule.name: rule for rule in [
    ReportedRule("reported clause", reported_clause, 0.9, "Pompeo said (that) the strike was lawful / "
                 "The strike was lawful, Pompeo said / She asked whether …"),
    ReportedRule("reported request", reported_request, 0.85, "Trump urged voters to monitor polling places"),
    ReportedRule("parenthetical", parenthetical, 0.9, "The plan, she said, is dead"),
    ReportedRule("according to", according_to, 0.92, "According to police, the driver fled"),
    ReportedRule("reported description", reported_description, 0.85,
                 "He called the deal “a total sham” and promised to fight it"),
    ReportedRule("nominal report", nominal_report, 0.75, "his claim that the vote was rigged"),
]}


def _before_direct_quote(report: Report, direct: list[tuple[int, int]], article: ArticleContext) -> Report | None:
    """A direct quote is its own entry: a report that takes one in keeps what comes before it, up to
    the clause that introduces it ('said that Kerr had promised the state would pay, but now that the
    governor says, “…”' reports 'Kerr had promised the state would pay'); None when nothing is left."""
    inside = [s for s, e in direct if report.start <= s and e <= report.end]
    if not inside:
        return report
    doc = article.doc
    end = min(inside)
    cut = next((t.i for t in reversed(doc[report.start:end]) if t.text in {",", ";", ":"}
                and any(is_reporting(w, strict=False) for w in doc[t.i + 1:end])), None)
    found = _content(list(doc[report.start:cut if cut is not None else end]), article)
    if found is None:
        return None
    start, stop = found
    while stop > start and doc[stop - 1].pos_ in {"CCONJ", "SCONJ", "ADP", "DET"}:  # "…, but if"
        stop -= 1
    return Report(start, stop, report.cue, report.speaker) if stop - start >= MIN_REPORTED_WORDS else None


def find_reports(
    article: ArticleContext, rules: list[ReportedRule], beliefs: bool
) -> list[tuple[Report, ReportedRule]]:
    """Every report of the article with the rule that found it, in text order; a report inside
    another's content ('Israel said Clinton called for …') is part of the outer one."""
    found: dict[tuple[int, int], tuple[Report, ReportedRule]] = {}
    text = article.doc.text
    links = [(start, end) for start, end in article.paragraph_offsets if is_subhead(text, start, end)]
    links += restated_captions_of(article.doc)  # said again under a photo
    direct = [(q.start, q.end) for q in article.quotes if q.label_ == DIRECT]
    for token in article.doc:
        if token.i not in article.outside or any(start <= token.idx < end for start, end in links):
            continue  # "READ MORE: …", a headline, a subhead: not the article's running text
        for rule in rules:
            report = rule.find(token, article, beliefs)
            if report is not None:
                report = _before_direct_quote(report, direct, article)
            if report is not None:
                found.setdefault((report.start, report.end), (report, rule))
                break
    reports = sorted(found.values(), key=lambda item: (item[0].start, -item[0].end))
    outermost: list[tuple[Report, ReportedRule]] = []
    for report, rule in reports:
        if not any(o.start <= report.start and report.end <= o.end for o, _ in outermost):
            outermost.append((report, rule))
    return outermost
