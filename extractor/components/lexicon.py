"""Word lists that cue an attribution, as data: reporting verbs, speech nouns, page furniture.

Kept apart from the code that reads them (`cues.py`, `quotes.py`, the selective parser), so a
list can be read, extended or measured on its own.
"""

from __future__ import annotations

import re

# Lemmas that report speech or writing wherever they stand in the sentence. Any other
# verb counts too where it stands as an attribution right after a quote ("“…,” he sighed").
REPORTING_VERBS = frozenset("""
say tell add write tweet post explain note state claim argue insist ask answer reply respond
declare announce warn caution admit acknowledge concede confirm deny suggest recall remember
observe comment remark continue conclude contend maintain assert emphasize emphasise stress
predict promise vow pledge urge testify report quip joke laugh shout scream yell cry whisper
mutter murmur exclaim boast brag complain lament agree disagree counter retort rebut email
text describe recount reveal disclose allege charge accuse blame praise thank sigh tout hail
criticize criticise condemn demand plead beg propose chant echo question wonder muse reason reflect
interject interrupt chime repeat reiterate indicate signal concur posit opine proclaim
pronounce mention relate narrate dismiss scoff sneer snap growl grumble gush rave rant stammer
stutter chuckle giggle smile shrug nod begin start finish close advise instruct order command
threaten assure reassure inform notify brief update volunteer offer counsel highlight
underline underscore point put call label read talk speak confess rule
""".split())
# Forms of the reporting verbs that a suffix rule would miss (see reporting_forms()).
IRREGULAR_FORMS = {"said", "told", "wrote", "written", "spoke", "spoken", "began", "begun", "thought", "put"}
# Verbs that only report when a quote or clause follows them directly ("put it:", "called it").
WEAK_REPORTING = frozenset({"begin", "start", "finish", "close", "put", "call", "label", "offer", "point", "smile",
                            "nod", "shrug", "continue"})
# Nouns that turn the phrase after or before them into a cue: "his warning: “…”".
NOMINAL_CUES = frozenset("""
statement warning message response reply answer remarks comment comments words tweet post
letter email note speech testimony interview explanation argument view advice
""".split())
# Capitals before a colon that label page furniture, not a speaker.
NOT_SPEAKERS = {"VIDEO", "PHOTO", "PHOTOS", "AUDIO", "WATCH", "READ", "UPDATE", "UPDATED", "NOTE", "CORRECTION",
                "RELATED", "SOURCE", "BREAKING", "LISTEN", "CROSSTALK", "APPLAUSE", "LAUGHTER", "EDITOR"}
# First words of a label in capitals that links to other pages: "READ MORE: …", "WATCH BELOW: …".
LINK_WORDS = frozenset({"READ", "WATCH", "LOOK", "LISTEN", "RELATED", "VIDEO", "PHOTOS", "PHOTO", "SEE", "MORE",
                        "CLICK", "ALSO"})
# A recording of someone speaks with their voice: "a video of Jake talking about …".
RECORDING_NOUNS = frozenset({"video", "footage", "recording", "clip", "tape", "audio", "livestream"})
DASHES = {"-", "—", "–", "―", "--"}
# Invisible characters glued to a word in text copied from web pages: zero-width space,
# non-joiner, joiner, word joiner, byte order mark.
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Subjects that can be the speaker of a partial quote without a reporting verb above it.
SPEAKING_ENTITY_TYPES = {"PERSON", "ORG", "NORP"}
NON_SPEAKING_PRONOUNS = {"it", "this", "that", "which", "there", "what"}


def reporting_forms(weak: bool = True) -> set[str]:
    """Lowercase word forms of the reporting verbs (without `weak`, not the weak ones): said, says,
    saying, added, denied, quipped, …"""
    forms = set(IRREGULAR_FORMS if weak else IRREGULAR_FORMS - {"put", "began", "begun", "thought"})
    return forms | word_forms(REPORTING_VERBS if weak else REPORTING_VERBS - WEAK_REPORTING)


def word_forms(lemmas: frozenset[str] | set[str]) -> set[str]:
    """The lemmas with their regular inflections: claim, claims, claimed, claiming, …"""
    forms: set[str] = set()
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", stem + "ing"}
        if lemma.endswith("y"):
            forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
        if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # quipped, admitting
    return forms

# What a word must be for the sentence holding it to need a parse for reported speech.
REPORTED_CUE_FORMS_IRREGULAR = {"found", "shown", "thought", "felt", "knew", "known", "according"}

# Verbs that report a belief or an attitude rather than speech: "thinks", "fears". PolNeAR's
# annotators count them as attributions, GGT's mostly do not (the `beliefs` setting).
BELIEF_VERBS = frozenset("""
think believe fear hope expect feel doubt worry suspect assume estimate reckon suppose
""".split())
# Verbs whose object is asked or promised to do something: "urged voters to …", "vowed to …".
REQUEST_VERBS = frozenset("""
urge ask tell encourage warn implore beg order instruct advise invite vow promise pledge
threaten demand plead press challenge remind
""".split())
# Nouns whose "that" clause is what someone said: "his claim that …", "the statement that …".
SPEECH_NOUNS = frozenset("""
claim assertion allegation announcement suggestion promise pledge insistence contention
admission denial assurance report charge accusation prediction
""".split())
# Verbs that give what someone called something: "called the deal “a sham”", "described it as …".
DESCRIBING_VERBS = frozenset("call describe label brand dub characterize characterise".split())
# Verbs whose object is what someone said of something: "cited the audit", "denounced the plan".
EVALUATING_VERBS = frozenset("cite accuse endorse attack praise criticize criticise propose reject dismiss defend "
                             "mention".split())
# Verbs by which a study, a poll or data "says" something: "the survey shows that …".
EVIDENCE_VERBS = frozenset("show find demonstrate prove determine".split())
QUOTING_VERBS = frozenset({"quote", "cite"})  # who quotes another's words says them
# Texts an organisation puts out in its own name, and the verbs for putting them out: 'a release
# sent from the union', 'a study published by the institute' (not 'emails released by' a leaker).
ISSUED_NOUNS = frozenset("release statement report study analysis survey poll memo notice bulletin".split())
ISSUING_VERBS = frozenset("send issue release publish distribute circulate post".split())


def reported_cue_forms(beliefs: bool = False) -> set[str]:
    """The word forms that can cue reported speech (see `reported.py`): the sentences holding
    one outside quotation marks are the ones worth parsing for it."""
    lemmas = EVIDENCE_VERBS | DESCRIBING_VERBS | EVALUATING_VERBS | REQUEST_VERBS | SPEECH_NOUNS | NOMINAL_CUES
    lemmas |= BELIEF_VERBS if beliefs else frozenset()
    return reporting_forms() | word_forms(lemmas) | REPORTED_CUE_FORMS_IRREGULAR

# Nouns for an unnamed text that says something: "a statement said", "the report found". Its
# owner, where the article gives one ("the ministry's statement", "a statement from the union"), speaks.
DOCUMENT_NOUNS = frozenset("""
statement report study letter post poem tweet release email e-mail memo memorandum document filing
complaint lawsuit suit ruling verdict decision order note message ad advertisement commercial video
sign placard banner poster editorial article column op-ed blog book memoir biography survey poll
analysis review paper brief motion indictment affidavit petition bill law policy plan proposal
notice warning bulletin transcript caption headline manifesto website site page story script song
lyrics text telegram cable communique communiqué guidance guideline guidelines directive resolution
declaration decree press announcement record records data research findings assessment audit
investigation inquiry probe summary forecast estimate projection chart map graphic slide
presentation application form contract agreement treaty constitution charter platform budget
pitch appeal account feed result polling statistic statistics index database return figure count tally
census ranking rating evidence testing number finding datum average opinion regulation rule examination
playbook communication model tracker
""".split())
# Nouns for a relative: "Haynes's father, David," is a Haynes, not an earlier David.
KIN_NOUNS = frozenset("""
father mother parent dad mom mum son daughter wife husband spouse brother sister sibling uncle aunt
cousin grandfather grandmother grandson granddaughter nephew niece stepfather stepmother stepson
stepdaughter
""".split())
# Nouns for people or groups that can speak, beyond the agent nouns that AGENT_SUFFIXES catch
# ("spokesman", "lawmaker", "protester", "economist", "historian").
SPEAKING_NOUNS = frozenset("""
person people man men woman women child children kid kids boy girl baby teen teenager youth adult
father mother parent dad mom mum son daughter wife husband spouse brother sister sibling uncle aunt
cousin grandfather grandmother grandparent grandson granddaughter nephew niece family relative friend
partner fiancé fiancée girlfriend boyfriend widow widower neighbour neighbor colleague classmate
official source aide staff staffer agent chief head boss director president chair chairperson ceo
cfo coo cto executive leader lawyer attorney counsel judge justice prosecutor defendant plaintiff
witness victim survivor suspect doctor physician surgeon nurse patient scientist expert analyst critic
professor teacher student pupil author poet artist actor actress star celebrity athlete coach fan
veteran soldier guard police officer detective sergeant constable lieutenant captain colonel general
admiral commander protester demonstrator activist supporter opponent member delegate candidate
nominee incumbent challenger voter citizen resident local native immigrant migrant refugee tourist
visitor guest host participant organiser organizer observer commentator pundit columnist editor
reporter journalist correspondent anchor insider adviser advisor consultant strategist operative
pollster donor ally rival enemy owner founder employee worker crew farmer driver pilot
passenger customer client consumer shopper investor shareholder trader banker economist entrepreneur
magistrate troop rebel hostage cardinal individual
tenant landlord homeowner parishioner pastor priest rabbi imam bishop pope monk nun cleric
chaplain mayor governor senator congressman congresswoman congressperson representative lawmaker
legislator minister secretary ambassador diplomat envoy premier chancellor king queen prince
princess emperor president-elect spokesperson spokesman spokeswoman assistant deputy associate
administrator commissioner superintendent principal dean provost rector trustee regent treasurer
clerk inspector investigator auditor regulator authority authorities agency audience crowd public
community group panel jury committee council board team side camp campaign government
administration ministry department office union party company firm organization organisation
coalition alliance association society institute foundation university school hospital charity
network newspaper magazine outlet channel station court parliament congress senate house cabinet
military army navy force forces advocate co-host panelist percent majority minority
plurality half third quarter share most rest academic scholar intellectual liberal conservative
progressive moderate democrat republican independent libertarian elder hero legend icon rookie
novice national counterpart successor heir chef cook maid nanny tutor umpire skipper squad
personnel cast band choir congregation electorate constituency populace population citizenry folks
guy guys gentleman lady ladies lad fellow buddy pal mate comrade rep exec doc vet cop mp mep mla mpp
faction wing caucus bloc delegation contingent heavyweight hopeful chorus mogul tycoon magnate billionaire
millionaire superdelegate hawk dove %
""".split())
# Speaking nouns for many people at once: "the audience" never takes up one person named before.
COLLECTIVE_NOUNS = frozenset("""
people men women children kids staff family audience crowd public community group panel jury committee
council board team side camp campaign government administration ministry department office union party
company firm organization organisation coalition alliance association society institute foundation
university school hospital charity network newspaper magazine outlet channel station court parliament
congress senate house cabinet military army navy force forces percent majority minority plurality half
third quarter share most rest squad personnel cast band choir congregation electorate constituency
populace population citizenry folks guys ladies faction wing caucus bloc delegation contingent chorus
authorities authority agency %
""".split())
# Words for an amount of people, whose "of" names who speaks: "a chorus of Republicans", "a number
# of economists" (not "a poll of voters", "the killings of black men").
QUANTITY_NOUNS = frozenset("""
array chorus number lot lots majority minority plurality handful dozen hundred thousand million spate
score host bunch couple pair trio half third quarter percent share most rest group crowd team panel
coalition slew raft variety range series wave army legion band cadre contingent few many some all each
one two three four five six seven eight nine ten both several none any
""".split())
# Endings of nouns for people by what they do: "lawmaker", "inspector", "economist", "historian",
# "chairman", "spokeswoman", "employee", "consultant", "resident".
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "man", "men", "woman", "women", "person", "people", "ee", "eer",
                  "ant", "ent", "ive", "ier", "yer", "ess")
# Words in -ant/-ent/-ive/-er that name things, not people ("statement", "comment", "number").
NOT_AGENT_NOUNS = frozenset("""
comment comments statement government element moment payment argument agreement document parliament
movement treatment department development environment investment management amendment judgment
judgement commitment settlement requirement announcement assessment achievement content event
percent cent incident accident component segment sentiment experiment instrument equipment
monument basement apartment garment fragment restaurant plant giant grant chant elephant
implant objective perspective initiative narrative alternative incentive directive
motive archive matter water order power paper letter corner center centre border
chapter computer poster banner trailer thriller cover weather summer winter september october
november december dinner manner quarter answer river tower layer newspaper disaster offer
transfer character register error mirror horror floor door factor sector
""".split())


def speaking_noun(lemma: str) -> bool:
    """Whether a common noun can name someone who speaks: 'official', 'lawmaker', 'protesters'
    yes; 'trope', 'comment', 'percent' no (a document noun is asked apart: DOCUMENT_NOUNS)."""
    lemma = lemma.lower()
    if lemma in SPEAKING_NOUNS:
        return True
    if "-" in lemma.strip("-"):  # "sergeant-at-arms", "editor-in-chief", "co-founder"
        parts = lemma.strip("-").split("-")
        return speaking_noun(parts[0]) or speaking_noun(parts[-1])
    if lemma in NOT_AGENT_NOUNS or len(lemma) < 4:
        return False
    return lemma.endswith(AGENT_SUFFIXES)
