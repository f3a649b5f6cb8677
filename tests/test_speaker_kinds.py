"""Speakers a researcher can count: the kind of each speaker, names that can speak, the
coreference that gives a description its referent, and gender from the article's own words
(needs the model). Each row stands for a class of sentences, not for one article."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from spacy.language import Language

from extractor.components.context import ArticleContext
from extractor.components.genders import FEMALE, MALE
from extractor.processing.summary import summarize

pytestmark = pytest.mark.model

Record = dict[str, Any]
PERSON, ORGANIZATION, ANONYMOUS, DOCUMENT, UNRESOLVED = "person", "organization", "anonymous", "document", "unresolved"

# fmt: off
KINDS = [
    # article text, expected (speaker name, kind) of the last quote (None: no speaker)
    pytest.param("“The plant will close in May,” the statement said.", ("the statement", DOCUMENT),
                 id="unnamed-text-is-a-document"),
    pytest.param("“Sales fell by a third,” a new study found.", ("a new study", DOCUMENT), id="indefinite-document"),
    pytest.param("“We are shocked and saddened,” a statement from the European Union said.",
                 ("European Union", ORGANIZATION), id="statement-from-a-body-is-the-body's"),
    pytest.param("Anna Weber spoke to the press.\n\n“We will appeal,” her statement read.",
                 ("Anna Weber", PERSON), id="possessed-statement-is-its-author's"),
    pytest.param("“We are shocked,” said the Carpenters Union Local 27.", ("Carpenters Union Local 27", ORGANIZATION),
                 id="number-ending-an-organisation's-name-is-part-of-it"),
    pytest.param("“We won,” said a smiling Ana Ruiz.", ("Ana Ruiz", PERSON), id="untagged-name-after-an-adjective"),
    pytest.param("“It was a long night,” he said.", ("he", UNRESOLVED), id="pronoun-without-antecedent"),
    pytest.param("“That is the mom,” I said.", ("I", UNRESOLVED), id="writer's-own-I"),
    pytest.param("“No, the big one is the daddy,” says my three-year-old.", ("my three-year-old", ANONYMOUS),
                 id="adjective-standing-for-a-person"),
    pytest.param("“Men are strong and women are gentle,” the old trope goes.", None, id="a-thing-is-no-speaker"),
    pytest.param("“The insurgents can still strike,” Tuesday's attack showed.", None, id="a-day's-event-is-no-speaker"),
    pytest.param("“The insurgents can still strike,” Tuesday's report said.", ("Tuesday's report", DOCUMENT),
                 id="a-day's-text-is-a-document"),
    pytest.param("MOSCOW — The talks ended on Friday.\n\n“We will not send troops,” Moscow said.",
                 ("Moscow", ORGANIZATION), id="a-name-as-written-not-in-the-capitals-of-a-dateline"),
    pytest.param("“Multiple addresses sent these threats,” the post read.", ("the post", DOCUMENT),
                 id="verb-misread-as-noun-is-the-cue-and-keeps-its-speaker's-article"),
    pytest.param("“Turnout fell sharply in 2016,” the Pew scorecard said.", ("the Pew scorecard", DOCUMENT),
                 id="a-thing-a-named-body-made"),
    pytest.param("“The break-ins came from a single crew,” Harlow Bank’s fraud prevention unit said.",
                 ("Harlow Bank’s fraud prevention unit", ORGANIZATION), id="a-unit-a-named-body-has"),
    pytest.param("“Trade hurts workers,” a wide array of economists said.", ("a wide array of economists", ANONYMOUS),
                 id="a-quantity-of-people"),
    pytest.param("Police cleared the square on Sunday, with a spokesperson for the tenants describing the scene as "
                 "“total panic.”", ("a spokesperson for the tenants", ANONYMOUS),
                 id="participle-of-the-one-speaking-for-a-group"),
    pytest.param("“We will not back down,” the protesters chanted.", ("the protesters", ANONYMOUS),
                 id="unnamed-group"),
    pytest.param("“The talks are over,” said two senior officials familiar with the negotiations.",
                 ("two senior officials familiar with the negotiations", ANONYMOUS), id="anonymous-kept-whole"),
    pytest.param("Northwind Logistics said on Monday that it had lost access to its billing system.\n\n"
                 "“We are working with our vendor to restore service quickly,” the company said.",
                 ("Northwind Logistics", ORGANIZATION), id="the-company-is-the-organisation-just-named"),
    pytest.param("The storm closed roads across the province on Tuesday.\n\n"
                 "“We are working to restore power,” the company said.",
                 ("the company", ANONYMOUS), id="the-company-with-no-organisation-named"),
    pytest.param("Apple revoked the certificate of Facebook Inc. on Tuesday.\n\n"
                 "“We are working with Apple,” Facebook said.", ("Facebook Inc.", ORGANIZATION),
                 id="lone-name-the-recognizer-tags-as-organisation-elsewhere"),
    pytest.param("Speaker Pelosi spoke on Tuesday.\n\n“We will not fund a wall,” Pelosi said.", ("Pelosi", PERSON),
                 id="lone-surname-is-a-person"),
    pytest.param("“We are disappointed,” the Conservatives said in a statement.", ("Conservatives", ORGANIZATION),
                 id="plural-proper-name-is-a-group"),
    pytest.param("“We will not field a candidate,” Elizabeth May’s Greens said.",
                 ("Elizabeth May’s Greens", ORGANIZATION), id="what-a-person-has-is-no-person"),
    pytest.param("“Most respondents were negative,” Levada Center said.", ("Levada Center", ORGANIZATION),
                 id="name-ending-in-an-organisation-word"),
    pytest.param("“We are shocked and saddened,” said the British aid group Gatsby.", ("Gatsby", ORGANIZATION),
                 id="name-after-a-noun-for-an-organisation"),
    pytest.param("The survey is run by Carter Hall, a small, volunteer-run agency in Halifax.\n\n"
                 "“We want to know what works,” according to Carter Hall.", ("Carter Hall", ORGANIZATION),
                 id="name-the-article-calls-an-organisation-elsewhere"),
    pytest.param("Northgate withdrew a licence used by Postly's servers, a setback for the developers at Postly. "
                 "Without it, Postly's ability to ship updates was limited. The outage did not affect Postly's "
                 "paying customers."
                 "\n\n“We are bringing our internal tools back online,” Postly said.", ("Postly", ORGANIZATION),
                 id="name-tagged-organisation-more-often-than-person"),
    pytest.param("Bernie Sanders spoke in Wisconsin.\n\n“We have momentum,” Sanders said, adding he would win.",
                 ("Bernie Sanders", PERSON), id="surname-after-a-first-name-is-a-person"),
    pytest.param("Al-Shabaab said it carried out the attack.\n\n“This operation was a response,” Al-Shabaab said.",
                 ("Al-Shabaab", ORGANIZATION), id="hyphenated-name-is-no-first-and-last-name"),
    pytest.param("“We want to understand why,” said Nadia Jamil, a researcher at the agency.", ("Nadia Jamil", PERSON),
                 id="person-working-for-an-organisation"),
    pytest.param("RENO, Nev. -- Tatiana Soares pulled off one of the biggest upsets of the year when she won.\n\n"
                 "“No one was going to beat me tonight,” Soares said.", ("Tatiana Soares", PERSON),
                 id="first-and-last-name-tagged-organisation"),
    pytest.param("Souleymane Kane was on a family visit from Lyon when he got stuck at the border.\n\n"
                 "“They said on the phone that the guards had been warned,” Kane said.", ("Souleymane Kane", PERSON),
                 id="first-name-left-out-by-the-recognizer"),
    pytest.param("Jake Moreno says he is shy. To remind you, there is a video of a sleepy, rumpled Jake in bed "
                 "talking about being “so ready” for the big trip.", ("Jake Moreno", PERSON),
                 id="a-recording-of-a-person-is-the-person"),
    pytest.param("If any of her ministers trade insults — Ottawa MP Julia Brandt last week called Finance Minister "
                 "Raj Patel a “coward” on Twitter — Marsh says it is a reply.",
                 ("Julia Brandt", PERSON), id="a-pronoun-with-a-name-in-apposition-is-the-name"),
    pytest.param("The Maple Awards opened the season, and hosts Derek Lund and Nancy Oh began the night with a "
                 "song.\n\n“We are the only two left,” actor Oh said.",
                 ("Nancy Oh", PERSON), id="surname-left-out-by-the-recognizer"),
    pytest.param("“The security operation is over,” said a senior official familiar with the talks.\n\n"
                 "“We will leave on Friday,” the official added.",
                 ("a senior official familiar with the talks", ANONYMOUS),
                 id="the-official-is-the-one-described-before"),
    pytest.param("Then we have writers and partners Dan Ruiz and Amy Chen greet the crowd and tell jokes about the "
                 "night Amy “felt at home.”", ("Dan Ruiz", PERSON),
                 id="descriptions-then-the-names-they-describe"),
    pytest.param("Some intro text here.\n\n\"We will fight this to the end,\" -Commissioner Jane Doe",
                 ("Jane Doe", PERSON), id="credit-after-a-plain-hyphen"),
    pytest.param("\"We will need to plant more trees,\" said Piotr Wierzba.",
                 ("Piotr Wierzba", PERSON), id="one-paragraph-text-is-no-headline"),
    pytest.param("Paula Reyes endorsed Ortiz on Monday.\n\n\"Winning the Reyes endorsement is a big gain for Ortiz,\" "
                 "The Denver Post's Dan Feeney explained.", ("Dan Feeney", PERSON),
                 id="a-name-that-spells-a-reporting-verb-is-no-cue"),
    pytest.param("Senator Ray Cole, in several interviews on Friday, referred to the general as “the chief architect” "
                 "of the self-declared Islamic State.", ("Ray Cole", PERSON), id="the-state-of-a-name-states-nothing"),
    pytest.param("The marchers gathered outside the courthouse on Friday. As they walked along King Street, they "
                 "chanted “no more delays.”", ("The marchers", ANONYMOUS), id="they-after-a-group-is-the-group"),
    pytest.param("“We were never told about the plan,” a tall, soft-spoken farmer said.",
                 ("a tall, soft-spoken farmer", ANONYMOUS), id="comma-between-adjectives-keeps-the-description-whole"),
    pytest.param("The vote was close. “The final count was 700 to 695,” The Lantern reported.",
                 ("Lantern", ORGANIZATION), id="a-name-after-the-is-no-person's"),
    pytest.param("The vote was close. “The final count was 700 to 695,” Eastern Gazette reported.",
                 ("Eastern Gazette", ORGANIZATION), id="a-name-ending-in-a-publication-word"),
    pytest.param("“The three men must stand trial,” a magistrate ruled on Monday.", ("a magistrate", ANONYMOUS),
                 id="a-court-officer-can-speak"),
    pytest.param("“We will not leave,” the rebels said.", ("the rebels", ANONYMOUS), id="an-armed-group-can-speak"),
    pytest.param("“We are looking into it,” Twitter said in a statement.", ("Twitter", ORGANIZATION),
                 id="a-platform-tagged-as-a-person"),
    pytest.param("The fact-checkers weighed in on Monday.\n\n“The claim is true,” Politifact said.",
                 ("Politifact", ORGANIZATION), id="a-news-outlet-tagged-as-a-person"),
    pytest.param("The rivals traded barbs on Monday. “This is a smear,” Team Ruiz said in a statement.",
                 ("Team Ruiz", ORGANIZATION), id="the-team-around-a-person"),
    pytest.param("Northgate's chief was arrested in March.\n\nForty scholars who study the region wrote an open "
                 "letter about the arrest.\n\nREAD MORE: Northgate shares fall after the arrest\n\n“The detention "
                 "troubles us deeply,” it stated.", ("Forty scholars who study the region", ANONYMOUS),
                 id="it-after-a-letter-is-its-signers-not-the-company-it-criticises"),
]

GENDERS = [
    # article text, speaker name, expected (gender, gender_evidence)
    pytest.param("“We will win,” said Ms. Jordan Lee.", "Jordan Lee", (FEMALE, "title"), id="title"),
    pytest.param("“We will win,” said UFCW spokeswoman Alex Morgan.", "Alex Morgan", (FEMALE, "noun"),
                 id="noun-in-the-role"),
    pytest.param("Alex Kim said she would run again.\n\n“We will win,” Kim said.", "Alex Kim", (FEMALE, "pronoun"),
                 id="pronoun-the-article-uses"),
    pytest.param("“We will win,” said Michelle Rempel.", "Michelle Rempel", (FEMALE, "first name"),
                 id="first-name-when-nothing-else-says"),
    pytest.param("“We will win,” said Konrad Gajewski.", "Konrad Gajewski", (MALE, "first name"),
                 id="first-name-outside-the-us-census"),
    pytest.param("“We will win,” said Jordan Kelly.", "Jordan Kelly", (None, None),
                 id="shared-first-name-says-nothing"),
    pytest.param("Gregory Pratt was already familiar with Lucinda Marsh and her paintings.\n\n"
                 "“I always thought the show should run longer,” says Pratt.", "Gregory Pratt", (MALE, "first name"),
                 id="another-person's-pronoun-is-no-evidence"),
    pytest.param("Organisers of the rally were defiant.\n\n“We will not move,” said Taylor Quinn.", "Taylor Quinn",
                 (None, None), id="nothing-says"),
    pytest.param("“It only gets harder every year,” says Robin Okafor, now in her sixth season with the company.",
                 "Robin Okafor", (FEMALE, "pronoun"), id="possessive-in-the-name's-sentence"),
    pytest.param("The evening felt flat. Onyinye livened things up by skipping the script and describing how she "
                 "rescued Jamal on the first day.\n\nKira, Dana, Tess, Onyinye and Lea all got roses.\n\n"
                 "“I can swim well,” Onyinye said.",
                 "Onyinye", (FEMALE, "pronoun"), id="one-name-person-untagged-where-the-article-says-she"),
    pytest.param("Nina Ferro, the target of the joke, did not laugh.\n\n"
                 "Jason Reyes said she did not need to be perfect and gave her the rose.\n\n"
                 "“I’m so happy,” Jason said.", "Jason Reyes",
                 (MALE, "first name"), id="one-bound-pronoun-never-outweighs-the-first-name"),
    pytest.param("Hillary Clinton won the state on Tuesday.\n\nHassan, a nurse from Hemet, said she was angered by "
                 "the result. “I will not vote for her,” Hassan said.", "Hassan", (FEMALE, "pronoun"),
                 id="a-bound-pronoun-outweighs-a-one-word-name-that-may-be-a-surname"),
    pytest.param("Hillary Clinton spoke in Iowa. Hillary Clinton was joined by Bill Clinton.\n\n"
                 "Clinton said he was proud of the campaign. Clinton said he would speak again.\n\n"
                 "“We will win,” Hillary Clinton said.",
                 "Hillary Clinton",
                 (FEMALE, "first name"), id="a-surname-two-people-share-votes-for-neither"),
    pytest.param("Glen Hadley said he has heard enough about Joanna Pruitt that he knows his vote. "
                 "Mark Tate said he met Joanna Pruitt once and he liked her.\n\n“We will win,” Joanna Pruitt said.",
                 "Joanna Pruitt", (FEMALE, "first name"), id="a-name-outside-subject-position-votes-for-no-one"),
]
# fmt: on


def last_speaker(record: Record) -> tuple[str, str] | None:
    speaker = record["quotes"][-1]["speaker"]
    return speaker and (speaker["name"], speaker["kind"])


@pytest.mark.parametrize("text, expected", KINDS)
def test_speaker_kind(extract: Callable[[str], Record], text: str, expected: tuple[str, str] | None) -> None:
    record = extract(text)
    assert last_speaker(record) == expected
    assert record["quotes"][-1]["type"] in {"direct", "partial"}  # never retyped as a scare quote


@pytest.mark.parametrize("text, name, expected", GENDERS)
def test_gender_and_its_evidence(extract: Callable[[str], Record], text: str, name: str,
                                 expected: tuple[str | None, str | None]) -> None:
    speaker = next(s for s in extract(text)["speakers"] if s["name"] == name)
    assert (speaker["gender"], speaker["gender_evidence"]) == expected
    assert all(q["speaker"]["gender"] == expected[0] for q in extract(text)["quotes"] if q["speaker"])


def test_a_person_of_known_gender_outranks_one_of_unknown_gender(extract: Callable[[str], Record]) -> None:
    """'he' after a man the article names and a person it says nothing of goes to the man."""
    text = ("The deal was praised by union leader Mark Dolan. The bakery belongs to Ilvane Tessaro.\n\n"
            "“Do you want cheaper bread made by underpaid workers?” he said.")
    assert last_speaker(extract(text)) == ("Mark Dolan", PERSON)


def test_only_people_get_a_gender(extract: Callable[[str], Record]) -> None:
    record = extract("“We will appeal,” the statement said. “We are working on it,” Google said.")
    assert all((s["gender"], s["gender_evidence"]) == (None, None) for s in record["speakers"])


@pytest.mark.parametrize("text", [
    "“It was a long night,” he said.",
    "“We are done,” they said.\n\nThey said, “Every time you trade, you pay.”",  # a they for the they before
])
def test_unresolved_speaker_is_never_sure(extract: Callable[[str], Record], text: str) -> None:
    quotes = extract(text)["quotes"]
    assert [(q["speaker"]["kind"], q["confidence"] <= 0.7) for q in quotes] == [(UNRESOLVED, True)] * len(quotes)


def test_a_list_of_people_is_no_role(extract: Callable[[str], Record]) -> None:
    record = extract("Tomas Reinholt, T.J. Hanley and Devin Marsh were traded on Friday.\n\n"
                     "“I am thrilled to be here,” Reinholt said.")
    speaker = record["quotes"][0]["speaker"]
    assert (speaker["name"], speaker["role"]) == ("Tomas Reinholt", None)


def test_people_named_together_say_the_words_together(extract: Callable[[str], Record]) -> None:
    """'said writers and partners Dan Ruiz and Amy Chen': the quote's speaker is the first name,
    `with` lists the other, and both are speakers a summary counts."""
    record = extract("“We are happy to be here,” said writers and partners Dan Ruiz and Amy Chen.")
    speaker = record["quotes"][0]["speaker"]
    assert (speaker["name"], speaker["mention"]["text"]) == ("Dan Ruiz", "Dan Ruiz and Amy Chen")
    assert [(p["id"], p["name"], p["gender"]) for p in speaker["with"]] == [("S2", "Amy Chen", FEMALE)]
    assert [(s["id"], s["name"], s["quotes"]) for s in record["speakers"]] == [
        ("S1", "Dan Ruiz", 1), ("S2", "Amy Chen", 1)]
    assert summarize([record]).figures()["sources"]["person"] == 2


@pytest.mark.parametrize("text, expected", [
    pytest.param("The school board meets again in March.\n\nIn a written statement, the academy's founders Mara Lind "
                 "and Peter Osgood said they accepted the decision of the board.\n\n“Our first concern is a safe and "
                 "welcoming school for every child,” they said.",
                 ("Mara Lind", ["Peter Osgood"]), id="they-after-people-named-together"),
    pytest.param("In a written statement, the academy's founders Mara Lind and Peter Osgood said they accepted the "
                 "decision of the board. Several parents said they had been ignored for months.\n\n“Nobody "
                 "answered our letters,” they said.",
                 ("Several parents", []), id="they-after-another-group-is-that-group"),
])
def test_they_stands_for_the_people_just_named_together(extract: Callable[[str], Record], text: str,
                                                        expected: tuple[str, list[str]]) -> None:
    speaker = extract(text)["quotes"][-1]["speaker"]
    assert (speaker["name"], [p["name"] for p in speaker["with"]]) == expected


@pytest.mark.parametrize("headline", [
    pytest.param("Lawmakers Rip Dana Kerr Over Budget", id="word-before-the-name"),
    pytest.param("Dana Kerr Slams Council Over Budget", id="words-after-the-name"),
])
def test_headline_capitals_run_into_a_name_are_not_part_of_it(nlp: Language, headline: str) -> None:
    """The recognizer runs a title-case headline's words into the name the article writes on its
    own below ('Dana Kerr Slams Council'): the article names one person, Dana Kerr."""
    doc = nlp(f"{headline}\n\nCity council members met Dana Kerr on Friday in the city hall.")
    entities = ArticleContext(doc, list(doc.spans["quotes"])).entities.entities
    assert [(e.name, e.kind) for e in entities if "Kerr" in e.name] == [("Dana Kerr", PERSON)]
