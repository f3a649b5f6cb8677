"""Every attribution rule of `rules.RULES` on a hand-built, hand-parsed Doc (no model needed).

Each case is a short news sentence (or two or three paragraphs) written out as a parse table,
the way spaCy's own tests build parsed Docs: one row per token with its absolute head index,
dependency label, coarse tag and, where a rule reads them, its fine tag, lemma and entity.
The cheap components (`article_segmenter`, `quote_finder`) run on it; then

- the rule function itself is called on the quote's `QuoteContext` and must name the exact
  speaker word and cue (or carry the exact earlier result, for the carry rules);
- the whole `QuoteAttributor` must pick that same rule in the default order, with the
  expected speaker; for a handful of rules, disabling it must change the outcome.
"""

# Curly quotes, dashes and apostrophes are the data under test here.

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import pytest
import spacy
from spacy.tokens import Doc

from extractor.components.attribution import QuoteAttributor
from extractor.components.clauses import subject_of
from extractor.components.context import ArticleContext, QuoteContext, Resolved
from extractor.components.cues import Attribution
from extractor.components.quotes import QuoteFinder
from extractor.components.rules import ORDER, RULES, Carried
from extractor.components.segment import ArticleSegmenter
from extractor.components.speakers import Entity

VOCAB = spacy.blank("en").vocab


def make_doc(text: str, table: str) -> Doc:
    """A parsed Doc of `text` from a table with one row per token:

        index  word  head  dep  pos  [tag=…] [lemma=…] [ent=B-PERSON]

    `head` is the absolute index of the head (the root points to itself), `\\n` stands for a
    newline token, the lemma defaults to the lowercased word and the entity tag to O. The
    spaces between tokens are read off `text`, which the Doc must reproduce exactly.
    """
    words, heads, deps, pos, tags, lemmas, ents = [], [], [], [], [], [], []
    for n, line in enumerate(line for line in table.splitlines() if line.strip()):
        index, word, head, dep, upos, *extra = line.split()
        assert int(index) == n, f"row {n} is numbered {index}: {line!r}"
        word = "\n" if word == "\\n" else word
        fields = dict(item.split("=", 1) for item in extra)
        assert set(fields) <= {"tag", "lemma", "ent"}, line
        words.append(word)
        heads.append(int(head))
        deps.append(dep)
        pos.append(upos)
        tags.append(fields.get("tag", ""))
        lemmas.append(fields.get("lemma", word.lower()))
        ents.append(fields.get("ent", "O"))
    spaces, at = [], 0
    for word in words:
        assert text.startswith(word, at), f"{word!r} is not at {at} of {text!r}"
        at += len(word)
        spaces.append(text[at:at + 1] == " ")
        at += spaces[-1]
    assert at == len(text), f"the table stops at {at} of {len(text)} characters"
    doc = Doc(VOCAB, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas,
              ents=ents)
    assert doc.text == text
    return doc


# The opening sentence shared by the carry cases: quote 0, attributed to Warren by "verb after quote".
WARREN_SAID = "“We will fight this ruling,” Warren said."
WARREN_ROWS = """
 0 “        3 punct PUNCT
 1 We       3 nsubj PRON
 2 will     3 aux   AUX
 3 fight    9 ccomp VERB  tag=VB
 4 this     5 det   DET
 5 ruling   3 dobj  NOUN
 6 ,        3 punct PUNCT
 7 ”        9 punct PUNCT
 8 Warren   9 nsubj PROPN ent=B-PERSON
 9 said     9 ROOT  VERB  tag=VBD lemma=say
10 .        9 punct PUNCT
"""


@dataclass(frozen=True)
class Case:
    """A Doc on which `rule` attributes quote number `quote` to `speaker` (the head word) by `cue`
    (exact text), or carries the result of quote `carried_from`; `name` is the speaker's name in
    `doc._.speakers` after the whole attributor has run."""

    rule: str
    text: str
    table: str
    name: str
    speaker: str | None = None
    cue: str | None = None
    quote: int = 0
    label: str = "direct"
    carried_from: int | None = None

    def doc(self) -> Doc:
        doc = make_doc(self.text, self.table)
        ArticleSegmenter()(doc)
        QuoteFinder()(doc)
        return doc


# fmt: off
CUE_CASES = [
    pytest.param(Case(
        "transcript label", "“PENCE: Well, look, we will win.”", """
         0 “      9 punct PUNCT
         1 PENCE  9 npadvmod PROPN
         2 :      9 punct PUNCT
         3 Well   9 intj  INTJ
         4 ,      9 punct PUNCT
         5 look   9 intj  INTJ
         6 ,      9 punct PUNCT
         7 we     9 nsubj PRON
         8 will   9 aux   AUX
         9 win    9 ROOT  VERB  tag=VB
        10 .      9 punct PUNCT
        11 ”      9 punct PUNCT
        """, name="Pence", speaker="PENCE", cue=":"), id="transcript label"),
    pytest.param(Case(
        "dash credit", "“We will not stand by.” — Commissioner Geoffrey Starks.", """
         0 “            4 punct PUNCT
         1 We           4 nsubj PRON
         2 will         4 aux   AUX
         3 not          4 neg   PART
         4 stand        4 ROOT  VERB  tag=VB
         5 by           4 prt   ADP
         6 .            4 punct PUNCT
         7 ”            4 punct PUNCT
         8 —           11 punct PUNCT
         9 Commissioner 11 compound PROPN
        10 Geoffrey    11 compound PROPN ent=B-PERSON
        11 Starks       4 npadvmod PROPN ent=I-PERSON
        12 .            4 punct PUNCT
        """, name="Geoffrey Starks", speaker="Starks", cue="—"), id="dash credit"),
    pytest.param(Case(
        "according to after quote", "“The plant will close in May,” according to the agency.", """
         0 “          4 punct PUNCT
         1 The        2 det   DET
         2 plant      4 nsubj NOUN
         3 will       4 aux   AUX
         4 close      4 ROOT  VERB  tag=VB
         5 in         4 prep  ADP
         6 May        5 pobj  PROPN ent=B-DATE
         7 ,          4 punct PUNCT
         8 ”          4 punct PUNCT
         9 according  4 prep  VERB  tag=VBG lemma=accord
        10 to         9 prep  ADP
        11 the       12 det   DET
        12 agency    10 pobj  NOUN
        13 .          4 punct PUNCT
        """, name="the agency", speaker="agency", cue="according to"), id="according to after quote"),
    pytest.param(Case(
        "verb after quote", "“We will win,” she said.", """
         0 “     3 punct PUNCT
         1 We    3 nsubj PRON
         2 will  3 aux   AUX
         3 win   7 ccomp VERB  tag=VB
         4 ,     3 punct PUNCT
         5 ”     7 punct PUNCT
         6 she   7 nsubj PRON
         7 said  7 ROOT  VERB  tag=VBD lemma=say
         8 .     7 punct PUNCT
        """, name="she", speaker="she", cue="said"), id="verb after quote: she said"),
    pytest.param(Case(
        "verb after quote", "“We will win,” said Mark Dubowitz.", """
         0 “         3 punct PUNCT
         1 We        3 nsubj PRON
         2 will      3 aux   AUX
         3 win       6 ccomp VERB  tag=VB
         4 ,         3 punct PUNCT
         5 ”         6 punct PUNCT
         6 said      6 ROOT  VERB  tag=VBD lemma=say
         7 Mark      8 compound PROPN ent=B-PERSON
         8 Dubowitz  6 nsubj PROPN ent=I-PERSON
         9 .         6 punct PUNCT
        """, name="Mark Dubowitz", speaker="Dubowitz", cue="said"), id="verb after quote: said Mark Dubowitz"),
    pytest.param(Case(  # "groan" is no reporting verb: any verb right after a whole sentence attributes it
        "verb after quote", "“Here we go again,” she groaned.", """
         0 “        3 punct PUNCT
         1 Here     3 advmod ADV
         2 we       3 nsubj PRON
         3 go       8 ccomp VERB  tag=VBP
         4 again    3 advmod ADV
         5 ,        3 punct PUNCT
         6 ”        8 punct PUNCT
         7 she      8 nsubj PRON
         8 groaned  8 ROOT  VERB  tag=VBD lemma=groan
         9 .        8 punct PUNCT
        """, name="she", speaker="she", cue="groaned"), id="verb after quote: she groaned"),
    pytest.param(Case(
        "according to before quote", "According to Smith, “The talks have failed.”", """
         0 According  8 prep  VERB  tag=VBG lemma=accord
         1 to         0 prep  ADP
         2 Smith      1 pobj  PROPN ent=B-PERSON
         3 ,          8 punct PUNCT
         4 “          8 punct PUNCT
         5 The        6 det   DET
         6 talks      8 nsubj NOUN
         7 have       8 aux   AUX
         8 failed     8 ROOT  VERB  tag=VBN lemma=fail
         9 .          8 punct PUNCT
        10 ”          8 punct PUNCT
        """, name="Smith", speaker="Smith", cue="According to"), id="according to before quote"),
    pytest.param(Case(
        "name before colon", "Philip Bump: “The numbers are clear.”", """
         0 Philip   1 compound PROPN ent=B-PERSON
         1 Bump     1 ROOT  PROPN ent=I-PERSON
         2 :        1 punct PUNCT
         3 “        6 punct PUNCT
         4 The      5 det   DET
         5 numbers  6 nsubj NOUN
         6 are      1 appos AUX  lemma=be
         7 clear    6 acomp ADJ
         8 .        6 punct PUNCT
         9 ”        6 punct PUNCT
        """, name="Philip Bump", speaker="Bump", cue=":"), id="name before colon"),
    pytest.param(Case(
        "verb before quote", "Mr. Ridge said: “We are ready.”", """
         0 Mr.    1 compound PROPN
         1 Ridge  2 nsubj PROPN ent=B-PERSON
         2 said   2 ROOT  VERB  tag=VBD lemma=say
         3 :      2 punct PUNCT
         4 “      6 punct PUNCT
         5 We     6 nsubj PRON
         6 are    2 ccomp AUX   lemma=be
         7 ready  6 acomp ADJ
         8 .      6 punct PUNCT
         9 ”      6 punct PUNCT
        """, name="Ridge", speaker="Ridge", cue="said"), id="verb before quote: Mr. Ridge said:"),
    pytest.param(Case(
        "verb before quote", "She added, “We are ready.”", """
         0 She    1 nsubj PRON
         1 added  1 ROOT  VERB  tag=VBD lemma=add
         2 ,      1 punct PUNCT
         3 “      5 punct PUNCT
         4 We     5 nsubj PRON
         5 are    1 ccomp AUX   lemma=be
         6 ready  5 acomp ADJ
         7 .      5 punct PUNCT
         8 ”      5 punct PUNCT
        """, name="She", speaker="She", cue="added"), id="verb before quote: She added,"),
    pytest.param(Case(
        "colon lead-in", "Warren delivered a sharp retort: “That is false.”", """
         0 Warren     1 nsubj PROPN ent=B-PERSON
         1 delivered  1 ROOT  VERB  tag=VBD lemma=deliver
         2 a          4 det   DET
         3 sharp      4 amod  ADJ
         4 retort     1 dobj  NOUN
         5 :          1 punct PUNCT
         6 “          8 punct PUNCT
         7 That       8 nsubj PRON
         8 is         4 appos AUX   lemma=be
         9 false      8 acomp ADJ
        10 .          8 punct PUNCT
        11 ”          8 punct PUNCT
        """, name="Warren", speaker="Warren", cue="delivered"), id="colon lead-in"),
    pytest.param(Case(
        "nominal cue before quote", "Pelosi’s response: “We will not back down.”", """
         0 Pelosi    2 poss  PROPN ent=B-PERSON
         1 ’s        0 case  PART
         2 response  2 ROOT  NOUN
         3 :         2 punct PUNCT
         4 “         8 punct PUNCT
         5 We        8 nsubj PRON
         6 will      8 aux   AUX
         7 not       8 neg   PART
         8 back      2 appos VERB  tag=VB
         9 down      8 prt   ADP
        10 .         8 punct PUNCT
        11 ”         8 punct PUNCT
        """, name="Pelosi", speaker="Pelosi", cue="response"), id="nominal cue before quote"),
    pytest.param(Case(
        "according to in sentence", "The plan is “dead on arrival,” according to aides.", """
         0 The        1 det   DET
         1 plan       2 nsubj NOUN
         2 is         2 ROOT  AUX   lemma=be
         3 “          4 punct PUNCT
         4 dead       2 acomp ADJ
         5 on         4 prep  ADP
         6 arrival    5 pobj  NOUN
         7 ,          4 punct PUNCT
         8 ”          4 punct PUNCT
         9 according  2 prep  VERB  tag=VBG lemma=accord
        10 to         9 prep  ADP
        11 aides     10 pobj  NOUN  lemma=aide
        12 .          2 punct PUNCT
        """, name="aides", speaker="aides", cue="according to", label="partial"), id="according to in sentence"),
    pytest.param(Case(
        "verb governs quote", "Reid has called Trump a “human leech.”", """
         0 Reid    2 nsubj PROPN ent=B-PERSON
         1 has     2 aux   AUX   lemma=have
         2 called  2 ROOT  VERB  tag=VBN lemma=call
         3 Trump   2 dobj  PROPN ent=B-PERSON
         4 a       7 det   DET
         5 “       7 punct PUNCT
         6 human   7 amod  ADJ
         7 leech   2 oprd  NOUN
         8 .       2 punct PUNCT
         9 ”       2 punct PUNCT
        """, name="Reid", speaker="Reid", cue="called", label="partial"), id="verb governs quote"),
    pytest.param(Case(
        "credit line", "“We need a raise.”\nDean Baker, senior economist.", """
         0 “         2 punct PUNCT
         1 We        2 nsubj PRON
         2 need      2 ROOT  VERB  tag=VBP
         3 a         4 det   DET
         4 raise     2 dobj  NOUN
         5 .         2 punct PUNCT
         6 ”         2 punct PUNCT
         7 \\n        6 dep   SPACE
         8 Dean      9 compound PROPN ent=B-PERSON
         9 Baker     9 ROOT  PROPN ent=I-PERSON
        10 ,         9 punct PUNCT
        11 senior   12 amod  ADJ
        12 economist 9 appos NOUN
        13 .         9 punct PUNCT
        """, name="Dean Baker", speaker="Baker", cue=","), id="credit line"),
    pytest.param(Case(
        "dash credit line", "“We need a raise.”\n— Bernie Sanders", """
         0 “        2 punct PUNCT
         1 We       2 nsubj PRON
         2 need     2 ROOT  VERB  tag=VBP
         3 a        4 det   DET
         4 raise    2 dobj  NOUN
         5 .        2 punct PUNCT
         6 ”        2 punct PUNCT
         7 \\n       6 dep   SPACE
         8 —       10 punct PUNCT
         9 Bernie  10 compound PROPN ent=B-PERSON
        10 Sanders 10 ROOT  PROPN ent=I-PERSON
        """, name="Bernie Sanders", speaker="Sanders", cue="—"), id="dash credit line"),
    pytest.param(Case(
        "colon paragraph", "Adams then listed his priorities:\n“Safety comes first.”", """
         0 Adams       2 nsubj PROPN ent=B-PERSON
         1 then        2 advmod ADV
         2 listed      2 ROOT  VERB  tag=VBD lemma=list
         3 his         4 poss  PRON
         4 priorities  2 dobj  NOUN  lemma=priority
         5 :           2 punct PUNCT
         6 \\n          5 dep   SPACE
         7 “           9 punct PUNCT
         8 Safety      9 nsubj NOUN
         9 comes       9 ROOT  VERB  tag=VBZ lemma=come
        10 first       9 advmod ADV
        11 .           9 punct PUNCT
        12 ”           9 punct PUNCT
        """, name="Adams", speaker="Adams", cue="listed"), id="colon paragraph"),
    pytest.param(Case(  # the first verb after the quote, 'attend', is too far to attribute it
        "verb in sentence", "“We will appeal,” the lawyer, who flew in to attend the hearing, told reporters.", """
         0 “         3 punct PUNCT
         1 We        3 nsubj PRON
         2 will      3 aux   AUX
         3 appeal   17 ccomp VERB  tag=VB
         4 ,         3 punct PUNCT
         5 ”        17 punct PUNCT
         6 the       7 det   DET
         7 lawyer   17 nsubj NOUN
         8 ,         7 punct PUNCT
         9 who      10 nsubj PRON  tag=WP
        10 flew      7 relcl VERB  tag=VBD lemma=fly
        11 in       10 prt   ADP
        12 to       13 aux   PART
        13 attend   10 advcl VERB  tag=VB
        14 the      15 det   DET
        15 hearing  13 dobj  NOUN
        16 ,         7 punct PUNCT
        17 told     17 ROOT  VERB  tag=VBD lemma=tell
        18 reporters 17 dative NOUN lemma=reporter
        19 .        17 punct PUNCT
        """, name="the lawyer", speaker="lawyer", cue="told"), id="verb in sentence"),
    pytest.param(Case(
        "nominal cue in sentence", "In his tweet on Monday, Trump attributed the loss to “a rigged system.”", """
         0 In          7 prep  ADP
         1 his         2 poss  PRON
         2 tweet       0 pobj  NOUN
         3 on          2 prep  ADP
         4 Monday      3 pobj  PROPN ent=B-DATE
         5 ,           7 punct PUNCT
         6 Trump       7 nsubj PROPN ent=B-PERSON
         7 attributed  7 ROOT  VERB  tag=VBD lemma=attribute
         8 the         9 det   DET
         9 loss        7 dobj  NOUN
        10 to          7 prep  ADP
        11 “          14 punct PUNCT
        12 a          14 det   DET
        13 rigged     14 amod  ADJ
        14 system     10 pobj  NOUN
        15 .           7 punct PUNCT
        16 ”           7 punct PUNCT
        """, name="Trump", speaker="Trump", cue="tweet", label="partial"), id="nominal cue in sentence"),
    pytest.param(Case(
        "clause subject", "Fiorina casts herself as “the outsider in this race.”", """
         0 Fiorina   1 nsubj PROPN ent=B-PERSON
         1 casts     1 ROOT  VERB  tag=VBZ lemma=cast
         2 herself   1 dobj  PRON
         3 as        1 prep  ADP
         4 “         6 punct PUNCT
         5 the       6 det   DET
         6 outsider  3 pobj  NOUN
         7 in        6 prep  ADP
         8 this      9 det   DET
         9 race      7 pobj  NOUN
        10 .         1 punct PUNCT
        11 ”         1 punct PUNCT
        """, name="Fiorina", speaker="Fiorina", cue="casts", label="partial"), id="clause subject"),
    pytest.param(Case(
        "previous sentence", "Khalid Mahmood said he was worried. “The community is afraid.”", """
         0 Khalid     1 compound PROPN ent=B-PERSON
         1 Mahmood    2 nsubj PROPN ent=I-PERSON
         2 said       2 ROOT  VERB  tag=VBD lemma=say
         3 he         4 nsubj PRON
         4 was        2 ccomp AUX   lemma=be
         5 worried    4 acomp ADJ
         6 .          2 punct PUNCT
         7 “         10 punct PUNCT
         8 The        9 det   DET
         9 community 10 nsubj NOUN
        10 is        10 ROOT  AUX   lemma=be
        11 afraid    10 acomp ADJ
        12 .         10 punct PUNCT
        13 ”         10 punct PUNCT
        """, name="Khalid Mahmood", speaker="Mahmood", cue="said"), id="previous sentence"),
]

CARRY_CASES = [
    pytest.param(Case(  # quote 2 continues quote 1, which follows quote 0
        "continued quotation", WARREN_SAID + " “We will win in court.\n“And we will never give up.”",
        WARREN_ROWS + """
        11 “       14 punct PUNCT
        12 We      14 nsubj PRON
        13 will    14 aux   AUX
        14 win     14 ROOT  VERB  tag=VB
        15 in      14 prep  ADP
        16 court   15 pobj  NOUN
        17 .       14 punct PUNCT
        18 \\n      17 dep   SPACE
        19 “       24 punct PUNCT
        20 And     24 cc    CCONJ
        21 we      24 nsubj PRON
        22 will    24 aux   AUX
        23 never   24 neg   ADV
        24 give    24 ROOT  VERB  tag=VB
        25 up      24 prt   ADP
        26 .       24 punct PUNCT
        27 ”       24 punct PUNCT
        """, name="Warren", quote=2, carried_from=1), id="continued quotation"),
    pytest.param(Case(  # quote 0 runs on into quote 1, which is attributed
        "quotation continued later", "“We will fight this ruling in every court.\n“We will win,” Warren said.", """
         0 “       3 punct PUNCT
         1 We      3 nsubj PRON
         2 will    3 aux   AUX
         3 fight   3 ROOT  VERB  tag=VB
         4 this    5 det   DET
         5 ruling  3 dobj  NOUN
         6 in      3 prep  ADP
         7 every   8 det   DET
         8 court   6 pobj  NOUN
         9 .       3 punct PUNCT
        10 \\n      9 dep   SPACE
        11 “      14 punct PUNCT
        12 We     14 nsubj PRON
        13 will   14 aux   AUX
        14 win    18 ccomp VERB  tag=VB
        15 ,      14 punct PUNCT
        16 ”      18 punct PUNCT
        17 Warren 18 nsubj PROPN ent=B-PERSON
        18 said   18 ROOT  VERB  tag=VBD lemma=say
        19 .      18 punct PUNCT
        """, name="Warren", quote=0, carried_from=1), id="quotation continued later"),
    pytest.param(Case(
        "follows quote", WARREN_SAID + " “We will win in court.”", WARREN_ROWS + """
        11 “       14 punct PUNCT
        12 We      14 nsubj PRON
        13 will    14 aux   AUX
        14 win     14 ROOT  VERB  tag=VB
        15 in      14 prep  ADP
        16 court   15 pobj  NOUN
        17 .       14 punct PUNCT
        18 ”       14 punct PUNCT
        """, name="Warren", quote=1, carried_from=0), id="follows quote"),
    pytest.param(Case(
        "follows quote in previous paragraph", WARREN_SAID + "\n“We will win in court.”", WARREN_ROWS + """
        11 \\n      10 dep   SPACE
        12 “       15 punct PUNCT
        13 We      15 nsubj PRON
        14 will    15 aux   AUX
        15 win     15 ROOT  VERB  tag=VB
        16 in      15 prep  ADP
        17 court   16 pobj  NOUN
        18 .       15 punct PUNCT
        19 ”       15 punct PUNCT
        """, name="Warren", quote=1, carried_from=0), id="follows quote in previous paragraph"),
    pytest.param(Case(
        "follows quote across text", WARREN_SAID + " The crowd cheered.\n“We will win in court.”", WARREN_ROWS + """
        11 The     12 det   DET
        12 crowd   13 nsubj NOUN
        13 cheered 13 ROOT  VERB  tag=VBD lemma=cheer
        14 .       13 punct PUNCT
        15 \\n      14 dep   SPACE
        16 “       19 punct PUNCT
        17 We      19 nsubj PRON
        18 will    19 aux   AUX
        19 win     19 ROOT  VERB  tag=VB
        20 in      19 prep  ADP
        21 court   20 pobj  NOUN
        22 .       19 punct PUNCT
        23 ”       19 punct PUNCT
        """, name="Warren", quote=1, carried_from=0), id="follows quote across text"),
    pytest.param(Case(
        "follows quote after aside", WARREN_SAID + "\nShe paused.\n“We will win in court.”", WARREN_ROWS + """
        11 \\n      10 dep   SPACE
        12 She     13 nsubj PRON
        13 paused  13 ROOT  VERB  tag=VBD lemma=pause
        14 .       13 punct PUNCT
        15 \\n      14 dep   SPACE
        16 “       19 punct PUNCT
        17 We      19 nsubj PRON
        18 will    19 aux   AUX
        19 win     19 ROOT  VERB  tag=VB
        20 in      19 prep  ADP
        21 court   20 pobj  NOUN
        22 .       19 punct PUNCT
        23 ”       19 punct PUNCT
        """, name="Warren", quote=1, carried_from=0), id="follows quote after aside"),
]
# fmt: on
ALL_CASES = CUE_CASES + CARRY_CASES
CASES: dict[str, Case] = {cast(str, param.id): cast(Case, param.values[0]) for param in ALL_CASES}
FOLLOWS = ["follows quote", "follows quote in previous paragraph", "follows quote across text",
           "follows quote after aside"]


def earlier_result() -> Resolved:
    """What the first pass found for another quote (the carry rules pass it on as it is)."""
    warren = Entity("person", "Elizabeth Warren", ["elizabeth", "warren"])
    return Resolved(warren, None, (0, 4), "verb after quote", 0.95)


def context(doc: Doc, n: int, results: list[Resolved | None] | None = None) -> QuoteContext:
    """Quote n's context, `previous` being the last quote before it with a result, as in `attribute`."""
    article = ArticleContext(doc, list(doc.spans["quotes"]))
    results = results if results is not None else [None] * len(article.quotes)
    previous = max((k for k in range(n) if results[k] is not None), default=None)
    return QuoteContext(article, n, results, previous)


def test_every_rule_has_a_case() -> None:
    assert {case.rule for case in CASES.values()} == set(RULES)
    assert len(RULES) == 24


def test_rule_orders_name_rules_of_the_table() -> None:
    for situation, names in ORDER.items():
        assert set(names) <= set(RULES), situation
    assert set(RULES) == {name for names in ORDER.values() for name in names}


@pytest.mark.parametrize("case", CUE_CASES)
def test_rule_finds_speaker_and_cue(case: Case) -> None:
    doc = case.doc()
    quote = doc.spans["quotes"][case.quote]
    assert quote.label_ == case.label
    q = context(doc, case.quote)
    found = RULES[case.rule].find(q)
    assert isinstance(found, Attribution)
    assert found.speaker.text == case.speaker
    # a speaker is named outside the quotation marks, except a transcript's label ("PENCE: …")
    assert (found.speaker.i in q.outside) == (not found.labelled) == (case.rule != "transcript label")
    assert found.cue is not None and doc.text[found.cue[0]:found.cue[1]] == case.cue


@pytest.mark.parametrize("case", CARRY_CASES)
def test_carry_rule_passes_on_the_other_quotes_result(case: Case) -> None:
    doc = case.doc()
    assert all(quote.label_ == "direct" for quote in doc.spans["quotes"])
    rule = RULES[case.rule]
    assert case.carried_from is not None
    results: list[Resolved | None] = [None] * len(doc.spans["quotes"])
    assert rule.find(context(doc, case.quote, results)) is None  # nothing found yet: nothing to carry
    source = results[case.carried_from] = earlier_result()
    found = rule.find(context(doc, case.quote, results))
    assert isinstance(found, Carried)
    assert found.source is source


@pytest.mark.parametrize("case", [CASES[name] for name in FOLLOWS], ids=FOLLOWS)
def test_follows_quote_rules_exclude_each_other(case: Case) -> None:
    doc = case.doc()
    assert case.carried_from is not None
    results: list[Resolved | None] = [None] * len(doc.spans["quotes"])
    results[case.carried_from] = earlier_result()
    q = context(doc, case.quote, results)
    carrying = [name for name in FOLLOWS if RULES[name].find(q) is not None]
    assert carrying == [case.rule]


@pytest.mark.parametrize("case", ALL_CASES)
def test_rule_wins_in_the_default_order(case: Case) -> None:
    doc = QuoteAttributor()(case.doc())
    quote = doc.spans["quotes"][case.quote]
    assert quote._.rule == case.rule
    assert quote._.confidence > 0
    speaker = next(s for s in doc._.speakers if s["id"] == quote._.speaker_id)
    assert speaker["name"] == case.name
    if case.carried_from is None:
        assert quote._.cue is not None and quote._.cue.text == case.cue
    else:  # the speaker of the other quote, without a cue of its own
        assert quote._.cue is None
        assert quote._.speaker_id == doc.spans["quotes"][case.carried_from]._.speaker_id


# fmt: off
# case, the rule that attributes the quote once the case's rule is disabled (None: nothing does)
WITHOUT_RULE = [
    ("transcript label", None),
    ("dash credit", None),
    ("verb after quote: said Mark Dubowitz", "verb in sentence"),
    ("according to before quote", None),
    ("credit line", None),
    ("continued quotation", "follows quote in previous paragraph"),
    ("quotation continued later", None),
    ("follows quote after aside", None),
]
# fmt: on


@pytest.mark.parametrize(("case_id", "fallback"), WITHOUT_RULE, ids=[row[0] for row in WITHOUT_RULE])
def test_disabling_a_rule_changes_the_attribution(case_id: str, fallback: str | None) -> None:
    case = CASES[case_id]
    doc = QuoteAttributor()(case.doc())
    quote = doc.spans["quotes"][case.quote]
    assert quote._.rule == case.rule
    assert quote._.speaker_id is not None
    assert [s["name"] for s in doc._.speakers if s["id"] == quote._.speaker_id] == [case.name]

    doc = QuoteAttributor(disabled_rules=[case.rule])(case.doc())
    quote = doc.spans["quotes"][case.quote]
    assert quote._.rule == fallback
    assert (quote._.speaker_id is None) == (fallback is None)
    if fallback is None:
        assert quote._.mention_offsets is None and quote._.cue_offsets is None and quote._.confidence == 0.0
        assert quote.label_ == "direct"  # still a quote, only unattributed


def test_whole_attribution_of_a_quotation_over_three_pieces() -> None:
    """'“…,” Warren said. “…\\n“…”': one speaker, three rules, one id."""
    doc = QuoteAttributor()(CASES["continued quotation"].doc())
    quotes = list(doc.spans["quotes"])
    assert [q._.rule for q in quotes] == ["verb after quote", "follows quote", "continued quotation"]
    assert [q._.speaker_id for q in quotes] == ["S1", "S1", "S1"]
    assert [q._.speaker.text for q in quotes] == ["Warren", "Warren", "Warren"]
    assert quotes[0]._.cue.text == "said"
    assert [(s["id"], s["name"], s["kind"], s["quotes"]) for s in doc._.speakers] == [("S1", "Warren", "person", 3)]
    # a carried speaker is never surer than the quote it comes from nor than the carrying rule
    assert quotes[1]._.confidence == min(RULES["verb after quote"].confidence, RULES["follows quote"].confidence)


def test_dash_credit_speaker_has_the_full_name_and_title() -> None:
    doc = QuoteAttributor()(CASES["dash credit"].doc())
    quote = doc.spans["quotes"][0]
    assert quote._.speaker.text == "Geoffrey Starks"
    assert quote._.cue.text == "—"
    name = doc.text.index("Geoffrey Starks")
    assert doc._.speakers == [{"id": "S1", "name": "Geoffrey Starks", "kind": "person", "role": "Commissioner",
                               "gender": "male", "gender_evidence": "first name",
                               "mentions": [(name, name + len("Geoffrey Starks"))], "quotes": 1}]


def test_quote_attributor_rejects_an_unknown_disabled_rule() -> None:
    with pytest.raises(ValueError, match="no such rule"):
        QuoteAttributor(disabled_rules=["no such rule"])


def test_quote_attributor_rejects_a_direct_only_rule_in_the_partial_order() -> None:
    with pytest.raises(ValueError, match="follows quote"):
        QuoteAttributor(order={"partial": ["follows quote"]})


def test_quote_attributor_rejects_an_unknown_situation() -> None:
    with pytest.raises(ValueError, match="sideways"):
        QuoteAttributor(order={"sideways": []})


def test_quote_attributor_factory_checks_its_config_when_added() -> None:
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="bogus"):
        nlp.add_pipe("quote_attributor", config={"disabled_rules": ["bogus"]})
    assert "quote_attributor" not in nlp.pipe_names


def test_quote_attributor_factory_disables_rules() -> None:
    """The component from the factory, with a config, run on a hand-parsed Doc."""
    nlp = spacy.blank("en")
    attributor = nlp.add_pipe("quote_attributor", config={"disabled_rules": ["verb after quote"]})
    doc = attributor(CASES["verb after quote: said Mark Dubowitz"].doc())
    quote = doc.spans["quotes"][0]
    assert quote._.rule == "verb in sentence"
    assert quote._.speaker.text == "Mark Dubowitz"
    assert quote._.cue.text == "said"


# A parse the model gives: the quote's own "are" takes the source as its complement, so the
# "who" after the quote hangs from a noun that a copula inside the quote describes.
QUOTE_COPULA_TEXT = "“The crews are under strain,” a source, who was not allowed to speak, told the Gazette."
QUOTE_COPULA_ROWS = """
0  “        3  punct      PUNCT  tag=``
1  The      2  det        DET
2  crews    3  nsubj      NOUN   tag=NNS
3  are      18 ccomp      AUX    tag=VBP lemma=be
4  under    3  prep       ADP
5  strain   4  pobj       NOUN
6  ,        3  punct      PUNCT
7  ”        3  punct      PUNCT  tag=''
8  a        9  det        DET
9  source   3  attr       NOUN   tag=NN
10 ,        9  punct      PUNCT
11 who      14 nsubjpass  PRON   tag=WP
12 was      14 auxpass    AUX    tag=VBD lemma=be
13 not      14 neg        PART
14 allowed  9  relcl      VERB   tag=VBN lemma=allow
15 to       16 aux        PART
16 speak    14 xcomp      VERB   tag=VB
17 ,        18 punct      PUNCT
18 told     18 ROOT       VERB   tag=VBD lemma=tell
19 the      20 det        DET
20 Gazette  18 dobj       PROPN  tag=NNP
21 .        18 punct      PUNCT
"""


def test_a_who_is_not_described_by_a_copula_inside_a_quote() -> None:
    """'Smith is a banker who said' is Smith's; a copula inside the quote describes no one."""
    doc = make_doc(QUOTE_COPULA_TEXT, QUOTE_COPULA_ROWS)
    outside = set(range(8, len(doc)))
    subject = subject_of(doc[16], outside)
    assert subject is not None and subject.text == "source"


def only_speaker(text: str, table: str) -> dict[str, Any]:
    """The speakers entry of the one quote of a hand-parsed article, after the whole attributor."""
    doc = make_doc(text, table)
    ArticleSegmenter()(doc)
    QuoteFinder()(doc)
    doc = QuoteAttributor()(doc)
    (quote,) = doc.spans["quotes"]
    return next(s for s in doc._.speakers if s["id"] == quote._.speaker_id)


# The tagger calls the name a pronoun and the recognizer tags it: it is still a name.
NAME_AS_PRONOUN_TEXT = "Kevin O’Dowd spoke. “We were first,” O’Dowd notes."
NAME_AS_PRONOUN_ROWS = """
0  Kevin    1  compound  PROPN  tag=NNP ent=B-PERSON
1  O’Dowd   2  nsubj     PROPN  tag=NNP ent=I-PERSON
2  spoke    2  ROOT      VERB   tag=VBD lemma=speak
3  .        2  punct     PUNCT  tag=.
4  “        10 punct     PUNCT  tag=``
5  We       6  nsubj     PRON   tag=PRP
6  were     10 ccomp     AUX    tag=VBD lemma=be
7  first    6  attr      ADJ    tag=JJ
8  ,        10 punct     PUNCT  tag=,
9  ”        10 punct     PUNCT  tag=''
10 O’Dowd   11 nsubj     PRON   tag=PRP ent=B-ORG
11 notes    11 ROOT      VERB   tag=VBZ lemma=note
12 .        11 punct     PUNCT  tag=.
"""


def test_a_name_the_tagger_calls_a_pronoun_is_a_name() -> None:
    speaker = only_speaker(NAME_AS_PRONOUN_TEXT, NAME_AS_PRONOUN_ROWS)
    assert (speaker["name"], speaker["kind"]) == ("Kevin O’Dowd", "person")


# "X quotes Y saying …" as the model parses it, with Y as the object of "quotes".
QUOTING_TEXT = "Nora Finch often quotes Tom Paine saying unity is everything."
QUOTING_ROWS = """
0  Nora      1  compound  PROPN  tag=NNP ent=B-PERSON
1  Finch     3  nsubj     PROPN  tag=NNP ent=I-PERSON
2  often     3  advmod    ADV    tag=RB
3  quotes    3  ROOT      VERB   tag=VBZ lemma=quote
4  Tom       5  compound  PROPN  tag=NNP ent=B-PERSON
5  Paine     3  dobj      PROPN  tag=NNP ent=I-PERSON
6  saying    3  xcomp     VERB   tag=VBG lemma=say
7  unity     8  nsubj     NOUN   tag=NN
8  is        6  ccomp     AUX    tag=VBZ lemma=be
9  everything 8 attr      PRON   tag=NN
10 .         3  punct     PUNCT  tag=.
"""


def test_who_quotes_another_saying_something_says_it() -> None:
    """'Finch quotes Paine saying …': the words are Finch's now; 'footage of Paine saying' would be Paine's."""
    doc = make_doc(QUOTING_TEXT, QUOTING_ROWS)
    subject = subject_of(doc[6], set(range(len(doc))))
    assert subject is not None and subject.text == "Finch"


# A title the parser makes the subject, the name in apposition to it.
def test_a_title_subject_with_a_name_in_apposition_is_that_person() -> None:
    rows = """
0  The       2  det       DET    tag=DT
1  district  2  compound  NOUN   tag=NN
2  Chairman  5  nsubj     PROPN  tag=NNP
3  Walt      4  compound  PROPN  tag=NNP ent=B-PERSON
4  Ferrin    2  appos     PROPN  tag=NNP ent=I-PERSON
5  said      5  ROOT      VERB   tag=VBD lemma=say
6  “         9  punct     PUNCT  tag=``
7  one       9  nsubj     NUM    tag=CD
8  is        9  aux       AUX    tag=VBZ lemma=be
9  loyal     5  ccomp     ADJ    tag=JJ
10 .         9  punct     PUNCT  tag=.
11 ”         9  punct     PUNCT  tag=''
"""
    speaker = only_speaker("The district Chairman Walt Ferrin said “one is loyal.”", rows)
    assert (speaker["name"], speaker["kind"]) == ("Walt Ferrin", "person")


def test_a_plural_noun_for_people_tagged_a_proper_noun_is_no_name() -> None:
    """'Aides said' at the start of a sentence, tagged NNP: unnamed aides, not a person named Aides."""
    rows = """
0  Aides    1  nsubj  PROPN  tag=NNP
1  said     1  ROOT   VERB   tag=VBD lemma=say
2  :        1  punct  PUNCT  tag=:
3  “        7  punct  PUNCT  tag=``
4  The      5  det    DET    tag=DT
5  mayor    7  nsubj  NOUN   tag=NN
6  will     7  aux    AUX    tag=MD
7  go       1  ccomp  VERB   tag=VB
8  .        7  punct  PUNCT  tag=.
9  ”        7  punct  PUNCT  tag=''
"""
    speaker = only_speaker("Aides said: “The mayor will go.”", rows)
    assert (speaker["name"], speaker["kind"]) == ("Aides", "anonymous")
