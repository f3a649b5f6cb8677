"""Every reported-speech rule of `reported.REPORTED_RULES` on a hand-built, hand-parsed Doc (no model needed).

Each case is a news sentence written out as a parse table (`test_rules.make_doc`), parsed the
way en_core_web_sm parses it. The cheap components (`article_segmenter`, `quote_finder`) run
on it; then

- the rule function itself, called on the cue word, must give the exact content text, cue
  text and speaker head (or no speaker);
- `find_reports` with every rule, in their order, must find that one report and name that rule;
- the negative rows (negated, declined, the writer's question, inside quotation marks, a link
  line, a belief verb with beliefs off) must give no report at all.
"""

# Curly quotes are the data under test here.

from __future__ import annotations

from dataclasses import dataclass

import pytest
from spacy.tokens import Doc

# tests/ is no package: pytest's default ("prepend") import mode puts it on sys.path
from test_rules import make_doc

from extractor.components.context import ArticleContext
from extractor.components.quotes import QuoteFinder
from extractor.components.reported import REPORTED_RULES, Report, ReportedRule, find_reports
from extractor.components.segment import ArticleSegmenter

RULES = list(REPORTED_RULES.values())
# The rules these cases are written for, in the order REPORTED_RULES tries them.
COVERED = ["reported clause", "reported request", "parenthetical", "according to", "reported description",
           "nominal report"]


def article_of(text: str, table: str) -> ArticleContext:
    """The ArticleContext of a hand-parsed Doc after the segmenter and the quote finder, as the
    attributor builds it."""
    doc = make_doc(text, table)
    ArticleSegmenter()(doc)
    QuoteFinder()(doc)
    return ArticleContext(doc, list(doc.spans["quotes"]))


def content_of(doc: Doc, report: Report) -> str:
    return doc.text[doc[report.start].idx:doc[report.end - 1].idx + len(doc[report.end - 1].text)]


def described(doc: Doc, report: Report) -> tuple[str, str, str | None]:
    """(content, cue, speaker head) as exact text."""
    speaker = report.speaker.text if report.speaker is not None else None
    return content_of(doc, report), doc.text[report.cue[0]:report.cue[1]], speaker


@dataclass(frozen=True)
class Case:
    """A Doc in which rule `rule`, called on token `at`, reports `content` with cue `cue` and
    speaker head `speaker` (None: no speaker), and `find_reports` finds that report alone."""

    rule: str
    text: str
    table: str
    at: int
    content: str
    cue: str
    speaker: str | None
    beliefs: bool = False


# A belief, not speech: reported only with the `beliefs` setting.
FEAR = "Officials fear the plant could close."
FEAR_ROWS = """
     0 Officials 1 nsubj NOUN  lemma=official
     1 fear      1 ROOT  VERB  tag=VBP lemma=fear
     2 the       3 det   DET
     3 plant     5 nsubj NOUN
     4 could     5 aux   AUX   tag=MD
     5 close     1 ccomp VERB  tag=VB
     6 .         1 punct PUNCT
    """

# fmt: off
CASES = [
    pytest.param(Case(
        "reported clause", "Pompeo said the strike was lawful.", """
         0 Pompeo  1 nsubj PROPN ent=B-PERSON
         1 said    1 ROOT  VERB  tag=VBD lemma=say
         2 the     3 det   DET
         3 strike  4 nsubj NOUN
         4 was     1 ccomp AUX   tag=VBD lemma=be
         5 lawful  4 acomp ADJ
         6 .       1 punct PUNCT
        """, at=1, content="the strike was lawful", cue="said", speaker="Pompeo"), id="said clause"),
    pytest.param(Case(
        "reported clause", "Officials warned that the plant could close.", """
         0 Officials 1 nsubj NOUN  lemma=official
         1 warned    1 ROOT  VERB  tag=VBD lemma=warn
         2 that      6 mark  SCONJ
         3 the       4 det   DET
         4 plant     6 nsubj NOUN
         5 could     6 aux   AUX   tag=MD
         6 close     1 ccomp VERB  tag=VB
         7 .         1 punct PUNCT
        """, at=1, content="the plant could close", cue="warned", speaker="Officials"), id="that dropped"),
    pytest.param(Case(
        "reported clause", "The strike was lawful, Pompeo said.", """
         0 The     1 det   DET
         1 strike  2 nsubj NOUN
         2 was     6 ccomp AUX   tag=VBD lemma=be
         3 lawful  2 acomp ADJ
         4 ,       6 punct PUNCT
         5 Pompeo  6 nsubj PROPN ent=B-PERSON
         6 said    6 ROOT  VERB  tag=VBD lemma=say
         7 .       6 punct PUNCT
        """, at=6, content="The strike was lawful", cue="said", speaker="Pompeo"), id="clause before the verb"),
    pytest.param(Case(
        "reported clause", "She asked whether the plant would close.", """
         0 She     1 nsubj PRON
         1 asked   1 ROOT  VERB  tag=VBD lemma=ask
         2 whether 6 mark  SCONJ
         3 the     4 det   DET
         4 plant   6 nsubj NOUN
         5 would   6 aux   AUX   tag=MD
         6 close   1 ccomp VERB  tag=VB
         7 .       1 punct PUNCT
        """, at=1, content="whether the plant would close", cue="asked", speaker="She"), id="whether stays"),
    pytest.param(Case(
        "reported clause", "It was announced that the plant would close.", """
         0 It        2 nsubjpass PRON
         1 was       2 auxpass   AUX  tag=VBD lemma=be
         2 announced 2 ROOT      VERB tag=VBN lemma=announce
         3 that      7 mark      SCONJ
         4 the       5 det       DET
         5 plant     7 nsubj     NOUN
         6 would     7 aux       AUX  tag=MD
         7 close     2 ccomp     VERB tag=VB
         8 .         2 punct     PUNCT
        """, at=2, content="the plant would close", cue="announced", speaker=None), id="passive without agent"),
    pytest.param(Case(
        "reported clause", "Pompeo said Tuesday the U.S. is now focused on Iran.", """
         0 Pompeo   1 nsubj     PROPN ent=B-PERSON
         1 said     1 ROOT      VERB  tag=VBD lemma=say
         2 Tuesday  7 npadvmod  PROPN ent=B-DATE
         3 the      4 det       DET
         4 U.S.     7 nsubjpass PROPN ent=B-GPE
         5 is       7 auxpass   AUX   tag=VBZ lemma=be
         6 now      7 advmod    ADV
         7 focused  1 ccomp     VERB  tag=VBN lemma=focus
         8 on       7 prep      ADP
         9 Iran     8 pobj      PROPN ent=B-GPE
        10 .        1 punct     PUNCT
        """, at=1, content="the U.S. is now focused on Iran", cue="said", speaker="Pompeo"),
        id="date after the cue"),
    pytest.param(Case(
        "reported clause", "The survey shows that wages fell.", """
         0 The     1 det   DET
         1 survey  2 nsubj NOUN
         2 shows   2 ROOT  VERB  tag=VBZ lemma=show
         3 that    5 mark  SCONJ
         4 wages   5 nsubj NOUN  lemma=wage
         5 fell    2 ccomp VERB  tag=VBD lemma=fall
         6 .       2 punct PUNCT
        """, at=2, content="wages fell", cue="shows", speaker="survey"), id="evidence verb"),
    pytest.param(Case(
        "reported clause", FEAR, FEAR_ROWS, at=1, content="the plant could close", cue="fear", speaker="Officials",
        beliefs=True),
        id="belief verb with beliefs on"),
    pytest.param(Case(
        "reported request", "Trump urged voters to monitor polling places.", """
         0 Trump    1 nsubj    PROPN ent=B-PERSON
         1 urged    1 ROOT     VERB  tag=VBD lemma=urge
         2 voters   1 dobj     NOUN  lemma=voter
         3 to       4 aux      PART
         4 monitor  1 xcomp    VERB  tag=VB
         5 polling  6 compound NOUN
         6 places   4 dobj     NOUN  lemma=place
         7 .        1 punct    PUNCT
        """, at=1, content="voters to monitor polling places", cue="urged", speaker="Trump"), id="request"),
    pytest.param(Case(
        "reported description", "He called the deal a sham.", """
         0 He     1 nsubj PRON  tag=PRP
         1 called 1 ROOT  VERB  tag=VBD lemma=call
         2 the    3 det   DET
         3 deal   1 dobj  NOUN
         4 a      5 det   DET
         5 sham   1 oprd  NOUN
         6 .      1 punct PUNCT
        """, at=1, content="the deal a sham", cue="called", speaker="He"), id="description"),
    pytest.param(Case(
        "reported description", "She cited the audit.", """
         0 She   1 nsubj PRON  tag=PRP
         1 cited 1 ROOT  VERB  tag=VBD lemma=cite
         2 the   3 det   DET
         3 audit 1 dobj  NOUN
         4 .     1 punct PUNCT
        """, at=1, content="the audit", cue="cited", speaker="She"), id="evaluation"),
    pytest.param(Case(
        "parenthetical", "The plan, she said, is dead.", """
         0 The   1 det       DET
         1 plan  6 nsubj     NOUN
         2 ,     4 punct     PUNCT
         3 she   4 nsubj     PRON
         4 said  6 parataxis VERB  tag=VBD lemma=say
         5 ,     4 punct     PUNCT
         6 is    6 ROOT      AUX   tag=VBZ lemma=be
         7 dead  6 acomp     ADJ
         8 .     6 punct     PUNCT
        """, at=4, content="The plan, she said, is dead", cue="said", speaker="she"), id="parenthetical"),
    pytest.param(Case(
        "according to", "According to police, the driver fled.", """
         0 According 6 prep  VERB  tag=VBG lemma=accord
         1 to        0 prep  ADP
         2 police    1 pobj  NOUN
         3 ,         6 punct PUNCT
         4 the       5 det   DET
         5 driver    6 nsubj NOUN
         6 fled      6 ROOT  VERB  tag=VBD lemma=flee
         7 .         6 punct PUNCT
        """, at=0, content="the driver fled", cue="According to", speaker="police"), id="according to first"),
    pytest.param(Case(
        "according to", "The driver fled, according to police.", """
         0 The       1 det   DET
         1 driver    2 nsubj NOUN
         2 fled      2 ROOT  VERB  tag=VBD lemma=flee
         3 ,         2 punct PUNCT
         4 according 2 prep  VERB  tag=VBG lemma=accord
         5 to        4 prep  ADP
         6 police    5 pobj  NOUN
         7 .         2 punct PUNCT
        """, at=4, content="The driver fled", cue="according to", speaker="police"), id="according to after"),
    pytest.param(Case(
        "nominal report", "His claim that the vote was rigged drew criticism.", """
         0 His        1 poss      PRON
         1 claim      7 nsubj     NOUN
         2 that       6 mark      SCONJ
         3 the        4 det       DET
         4 vote       6 nsubjpass NOUN
         5 was        6 auxpass   AUX   tag=VBD lemma=be
         6 rigged     1 acl       VERB  tag=VBN lemma=rig
         7 drew       7 ROOT      VERB  tag=VBD lemma=draw
         8 criticism  7 dobj      NOUN
         9 .          7 punct     PUNCT
        """, at=1, content="the vote was rigged", cue="claim", speaker="His"), id="speech noun"),
]

# Sentences with a cue word and nothing reported.
NOT_REPORTED = [
    pytest.param("Trudeau called an election.", """
         0 Trudeau  1 nsubj PROPN ent=B-PERSON
         1 called   1 ROOT  VERB  tag=VBD lemma=call
         2 an       3 det   DET
         3 election 1 dobj  NOUN
         4 .        1 punct PUNCT
        """, id="describing verb, nothing described"),
    pytest.param("He said nothing.", """
         0 He      1 nsubj PRON
         1 said    1 ROOT  VERB  tag=VBD lemma=say
         2 nothing 1 dobj  PRON
         3 .       1 punct PUNCT
        """, id="object, no clause"),
    pytest.param("He told a story about his father.", """
         0 He     1 nsubj PRON
         1 told   1 ROOT  VERB  tag=VBD lemma=tell
         2 a      3 det   DET
         3 story  1 dobj  NOUN
         4 about  3 prep  ADP
         5 his    6 poss  PRON
         6 father 4 pobj  NOUN
         7 .      1 punct PUNCT
        """, id="told a story"),
    pytest.param("He would not say whether the plant would close.", """
         0 He      3 nsubj PRON
         1 would   3 aux   AUX   tag=MD
         2 not     3 neg   PART
         3 say     3 ROOT  VERB  tag=VB lemma=say
         4 whether 8 mark  SCONJ
         5 the     6 det   DET
         6 plant   8 nsubj NOUN
         7 would   8 aux   AUX   tag=MD
         8 close   3 ccomp VERB  tag=VB
         9 .       3 punct PUNCT
        """, id="negated"),
    pytest.param("Norvik declined to say why it dropped the contract.", """
         0 Norvik      1 nsubj PROPN ent=B-ORG
         1 declined    1 ROOT  VERB  tag=VBD lemma=decline
         2 to          3 aux   PART
         3 say         1 xcomp VERB  tag=VB lemma=say
         4 why         6 advmod SCONJ tag=WRB
         5 it          6 nsubj PRON
         6 dropped     3 ccomp VERB  tag=VBD lemma=drop
         7 the         8 det   DET
         8 contract    6 dobj  NOUN
         9 .           1 punct PUNCT
        """, id="declined to say"),
    pytest.param("Asked what he would do, Smith smiled.", """
         0 Asked  7 advcl VERB  tag=VBN lemma=ask
         1 what   4 dobj  PRON  tag=WP
         2 he     4 nsubj PRON
         3 would  4 aux   AUX   tag=MD
         4 do     0 ccomp VERB  tag=VB
         5 ,      7 punct PUNCT
         6 Smith  7 nsubj PROPN ent=B-PERSON
         7 smiled 7 ROOT  VERB  tag=VBD lemma=smile
         8 .      7 punct PUNCT
        """, id="the writer's question"),
    pytest.param(FEAR, FEAR_ROWS, id="belief verb with beliefs off"),
]

# '“They said the plant would close,” she wrote.': "said" lies inside the quotation, and all
# that "wrote" reports is the quotation.
QUOTED_SAID = "“They said the plant would close,” she wrote."
QUOTED_SAID_ROWS = """
     0 “      10 punct PUNCT
     1 They    2 nsubj PRON
     2 said   10 ccomp VERB  tag=VBD lemma=say
     3 the     4 det   DET
     4 plant   6 nsubj NOUN
     5 would   6 aux   AUX   tag=MD
     6 close   2 ccomp VERB  tag=VB
     7 ,      10 punct PUNCT
     8 ”      10 punct PUNCT
     9 she    10 nsubj PRON
    10 wrote  10 ROOT  VERB  tag=VBD lemma=write
    11 .      10 punct PUNCT
"""

# "READ MORE: …": a paragraph that opens with a capitalised label and a colon links to another story.
LINK_LINE = "READ MORE: Trudeau says the budget will balance"
LINK_LINE_ROWS = """
     0 READ     1 compound PROPN
     1 MORE     4 npadvmod PROPN
     2 :        4 punct PUNCT
     3 Trudeau  4 nsubj PROPN ent=B-PERSON
     4 says     4 ROOT  VERB  tag=VBZ lemma=say
     5 the      6 det   DET
     6 budget   8 nsubj NOUN
     7 will     8 aux   AUX   tag=MD
     8 balance  4 ccomp VERB  tag=VB
"""
# The same link line as the article's second paragraph, after a report of its own.
LINK_AFTER = "Pompeo said the strike was lawful.\n" + LINK_LINE
LINK_AFTER_ROWS = """
     0 Pompeo   1 nsubj PROPN ent=B-PERSON
     1 said     1 ROOT  VERB  tag=VBD lemma=say
     2 the      3 det   DET
     3 strike   4 nsubj NOUN
     4 was      1 ccomp AUX   tag=VBD lemma=be
     5 lawful   4 acomp ADJ
     6 .        1 punct PUNCT
     7 \\n      6 dep   SPACE
     8 READ     9 compound PROPN
     9 MORE    12 npadvmod PROPN
    10 :       12 punct PUNCT
    11 Trudeau 12 nsubj PROPN ent=B-PERSON
    12 says    12 ROOT  VERB  tag=VBZ lemma=say
    13 the     14 det   DET
    14 budget  16 nsubj NOUN
    15 will    16 aux   AUX   tag=MD
    16 balance 12 ccomp VERB  tag=VB
"""

# An inner speech verb in the outer one's content: the outer report holds the inner one.
NESTED = [
    pytest.param("Israel said Clinton had warned that the truce would collapse.", """
         0 Israel   1 nsubj PROPN ent=B-GPE
         1 said     1 ROOT  VERB  tag=VBD lemma=say
         2 Clinton  4 nsubj PROPN ent=B-PERSON
         3 had      4 aux   AUX   tag=VBD lemma=have
         4 warned   1 ccomp VERB  tag=VBN lemma=warn
         5 that     9 mark  SCONJ
         6 the      7 det   DET
         7 truce    9 nsubj NOUN
         8 would    9 aux   AUX   tag=MD
         9 collapse 4 ccomp VERB  tag=VB
        10 .        1 punct PUNCT
        """, 4, "reported clause", ("the truce would collapse", "warned", "Clinton"),
        ("Clinton had warned that the truce would collapse", "said", "Israel"), id="clause in a clause"),
    pytest.param("Israel said Clinton called for a ceasefire and urged both sides to stop.", """
         0 Israel    1 nsubj PROPN ent=B-GPE
         1 said      1 ROOT  VERB  tag=VBD lemma=say
         2 Clinton   3 nsubj PROPN ent=B-PERSON
         3 called    1 ccomp VERB  tag=VBD lemma=call
         4 for       3 prep  ADP
         5 a         6 det   DET
         6 ceasefire 4 pobj  NOUN
         7 and       3 cc    CCONJ
         8 urged     3 conj  VERB  tag=VBD lemma=urge
         9 both     10 det   DET
        10 sides     8 dobj  NOUN  lemma=side
        11 to       12 aux   PART
        12 stop      8 xcomp VERB  tag=VB
        13 .         1 punct PUNCT
        """, 8, "reported request", ("both sides to stop", "urged", "Clinton"),
        ("Clinton called for a ceasefire and urged both sides to stop", "said", "Israel"),
        id="request in a clause"),
]
# fmt: on


def only_report(article: ArticleContext, beliefs: bool = False) -> tuple[tuple[str, str, str | None], str]:
    found = find_reports(article, RULES, beliefs=beliefs)
    assert len(found) == 1, [(content_of(article.doc, r), rule.name) for r, rule in found]
    report, rule = found[0]
    return described(article.doc, report), rule.name


def test_every_rule_named_here_has_a_case() -> None:
    cases = [param.values[0] for param in CASES]
    assert {case.rule for case in cases} == set(COVERED)
    assert [name for name in REPORTED_RULES if name in COVERED] == COVERED  # in this order


@pytest.mark.parametrize("case", CASES)
def test_rule_finds_content_cue_and_speaker(case: Case) -> None:
    article = article_of(case.text, case.table)
    assert article.quotes == []
    report = REPORTED_RULES[case.rule].find(article.doc[case.at], article, case.beliefs)
    assert report is not None
    assert described(article.doc, report) == (case.content, case.cue, case.speaker)


@pytest.mark.parametrize("case", CASES)
def test_find_reports_finds_it_by_that_rule(case: Case) -> None:
    article = article_of(case.text, case.table)
    assert only_report(article, case.beliefs) == ((case.content, case.cue, case.speaker), case.rule)


def test_rules_before_the_winner_report_nothing_on_its_cue() -> None:
    """The first rule that reports wins: on each case's cue word, no earlier rule reports."""
    for param in CASES:
        case = param.values[0]
        article = article_of(case.text, case.table)
        token = article.doc[case.at]
        earlier: list[ReportedRule] = RULES[:[rule.name for rule in RULES].index(case.rule)]
        assert [rule.name for rule in earlier if rule.find(token, article, case.beliefs)] == [], param.id


@pytest.mark.parametrize(("text", "table"), NOT_REPORTED)
def test_nothing_reported(text: str, table: str) -> None:
    article = article_of(text, table)
    assert find_reports(article, RULES, beliefs=False) == []
    for token in article.doc:
        assert [rule.name for rule in RULES if rule.find(token, article, False)] == [], token.text


def test_belief_verbs_only_with_beliefs() -> None:
    article = article_of(FEAR, FEAR_ROWS)
    assert find_reports(article, RULES, beliefs=False) == []
    assert only_report(article, beliefs=True) == (("the plant could close", "fear", "Officials"), "reported clause")


def test_reporting_verbs_inside_quotation_marks_report_nothing() -> None:
    article = article_of(QUOTED_SAID, QUOTED_SAID_ROWS)
    doc = article.doc
    assert [(q.text, q.label_) for q in article.quotes] == [("“They said the plant would close,”", "direct")]
    said, wrote = doc[2], doc[10]
    assert said.i not in article.outside and wrote.i in article.outside
    # "said" has its clause, all of it quoted; all that "wrote" reports is the quotation
    assert REPORTED_RULES["reported clause"].find(said, article, False) is None
    assert REPORTED_RULES["reported clause"].find(wrote, article, False) is None
    assert find_reports(article, RULES, beliefs=False) == []


# Without a full stop a short line is a subhead anyway; with one, only its label makes it a link.
LINK_ENDINGS = [pytest.param("", id="no full stop"), pytest.param(".", id="full stop")]


def with_ending(text: str, rows: str, ending: str) -> tuple[str, str]:
    """The text and rows of a Doc whose last paragraph, the link line, ends in `ending`."""
    if not ending:
        return text, rows
    last = [line.split() for line in rows.splitlines() if line.strip()][-1]
    return text + ending, rows + f"{int(last[0]) + 1} {ending} {last[2]} punct PUNCT\n"


@pytest.mark.parametrize("ending", LINK_ENDINGS)
def test_a_link_line_reports_nothing(ending: str) -> None:
    article = article_of(*with_ending(LINK_LINE, LINK_LINE_ROWS, ending))
    says = article.doc[4]
    # the rule alone finds the linked story's headline; find_reports leaves the link paragraph out
    report = REPORTED_RULES["reported clause"].find(says, article, False)
    assert report is not None
    assert described(article.doc, report) == ("the budget will balance", "says", "Trudeau")
    assert find_reports(article, RULES, beliefs=False) == []


@pytest.mark.parametrize("ending", LINK_ENDINGS)
def test_a_link_line_after_the_first_paragraph_reports_nothing(ending: str) -> None:
    text, rows = with_ending(LINK_AFTER, LINK_AFTER_ROWS, ending)
    article = article_of(text, rows)
    assert article.paragraph_offsets == [(0, 34), (35, len(text))]
    assert only_report(article) == (("the strike was lawful", "said", "Pompeo"), "reported clause")


@pytest.mark.parametrize(("text", "table", "inner_at", "inner_rule", "inner", "outer"), NESTED)
def test_only_the_outermost_report_is_kept(text: str, table: str, inner_at: int, inner_rule: str,
                                          inner: tuple[str, str, str], outer: tuple[str, str, str]) -> None:
    article = article_of(text, table)
    found = REPORTED_RULES[inner_rule].find(article.doc[inner_at], article, False)
    assert found is not None
    assert described(article.doc, found) == inner
    assert only_report(article) == (outer, "reported clause")
