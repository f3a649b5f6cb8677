"""The `quote_finder` component: quote spans and their types, tokenizer only (no model)."""

# Curly quotes and apostrophes are the data under test here.

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from extractor.components.pairing import pair_quotes
from extractor.components.quotes import DIRECT, PARTIAL, SCARE, quote_types

# fmt: off
QUOTES = [
    # text, expected [(quoted text with its marks, type)]
    pytest.param("“The Iranians didn’t need an action by the U.S. to conduct assassination campaigns around the "
                 "world,” Pompeo said at an event organized by the Atlantic Council.",
                 [("“The Iranians didn’t need an action by the U.S. to conduct assassination campaigns around "
                   "the world,”", DIRECT)], id="direct-speaker-after"),
    pytest.param("“What we have done is strive to build out a set of understandings that denies the regime "
                 "capabilities.”",
                 [("“What we have done is strive to build out a set of understandings that denies the regime "
                   "capabilities.”", DIRECT)], id="direct-whole-paragraph"),
    pytest.param("“We’re not going anywhere,” said the mayor.", [("“We’re not going anywhere,”", DIRECT)],
                 id="direct-inverted"),
    pytest.param("Trump issued a new warning against Tehran: “Any attack by Iran, in any form, against the United "
                 "States will be met with an attack on Iran that will be 1,000 times greater in magnitude!”",
                 [("“Any attack by Iran, in any form, against the United States will be met with an attack on "
                   "Iran that will be 1,000 times greater in magnitude!”", DIRECT)], id="direct-colon-lead-in"),
    pytest.param("Pompeo said, “We will protect our diplomats.”", [("“We will protect our diplomats.”", DIRECT)],
                 id="direct-comma-lead-in"),
    pytest.param("“A,” he said. “B.”", [("“A,”", DIRECT), ("“B.”", DIRECT)], id="direct-interrupted"),
    pytest.param("“First paragraph of the quote.\n\n“Second paragraph of it,” she said.",
                 [("“First paragraph of the quote.", DIRECT), ("“Second paragraph of it,”", DIRECT)],
                 id="direct-multi-paragraph"),
    pytest.param("''I don't judge,'' he said.", [("''I don't judge,''", DIRECT)], id="direct-ptb-apostrophes"),
    pytest.param("A week later Pompeo explained that the strike was designed to establish “real deterrence” "
                 "against Iran.", [("“real deterrence”", PARTIAL)], id="partial"),
    pytest.param("Smith said he had “no idea” what happened.", [("“no idea”", PARTIAL)], id="partial-short"),
    pytest.param("Warren said the plan would “hurt working families across the country.”",
                 [("“hurt working families across the country.”", PARTIAL)], id="partial-to-sentence-end"),
    pytest.param("The administration pursued a policy known as “maximum pressure,” with sanctions on oil.",
                 [("“maximum pressure,”", SCARE)], id="scare-known-as"),
    pytest.param("Critics have called it the so-called “Muslim ban” for years.", [("“Muslim ban”", SCARE)],
                 id="scare-so-called"),
    pytest.param("He appeared on the premiere of “Fox News Sunday,” he said.", [("“Fox News Sunday,”", SCARE)],
                 id="scare-title-case"),
    pytest.param("The book, “The Art of the Deal,” was a bestseller.", [("“The Art of the Deal,”", SCARE)],
                 id="scare-book-title"),
    pytest.param("“Towns were left to fend for themselves,” said Roe, author of the book “Left Behind: How Mill Towns "
                 "Lost Their Work and What the Nation Owes Them.”",
                 [("“Towns were left to fend for themselves,”", DIRECT),
                  ("“Left Behind: How Mill Towns Lost Their Work and What the Nation Owes Them.”", SCARE)],
                 id="long-title-after-a-work-noun"),
    pytest.param("The band closed with a song called “home is where we start,” to loud cheers.",
                 [("“home is where we start,”", SCARE)], id="title-after-a-work-noun-called"),
    pytest.param("READ MORE: ‘We were never warned’: the fight over flood maps", [("‘We were never warned’", SCARE)],
                 id="scare-link-line"),
    pytest.param("READ MORE: ‘We were never warned’: the long fight over flood maps and what it means for the towns "
                 "along the river", [("‘We were never warned’", SCARE)], id="scare-long-link-line"),
    pytest.param("BANK TALK: Finance Minister Lena Marsh took aim at the lenders in pointed remarks. Marsh said that "
                 "\"Blaming others for our own mistakes will not fix anything,\" alluding to rates.",
                 [('"Blaming others for our own mistakes will not fix anything,"', PARTIAL)],
                 id="labelled-paragraph-of-running-text"),
    pytest.param("Pompeo Backs Away From “Deterrence” Claim\n\nThe secretary spoke on Tuesday.",
                 [("“Deterrence”", SCARE)], id="scare-headline"),
    pytest.param('Photo: <span author="@AP">Associated Press</span>', [], id="markup-attribute"),
    pytest.param('Credit: <a href="/ap" author="@AP">AP</a>\n\n“We will win,” he said.', [("“We will win,”", DIRECT)],
                 id="markup-then-quote"),
    pytest.param('He said “we will win this election” at the rally. <img src="/p.jpg" alt="Rally">',
                 [("“we will win this election”", PARTIAL)], id="markup-after-quote"),
    pytest.param("Protesters marched through the streets and chanted “What curfew?” until 2 a.m.",
                 [("“What curfew?”", PARTIAL)], id="capitalised-words-after-a-speech-verb-are-speech"),
    pytest.param("Mrs. Delgado crossed her arms and said, ''Never.''", [("''Never.''", DIRECT)], id="one-word-answer"),
    pytest.param("The coach wore a shirt reading, “Bring Back Friday Night Games” on Sunday.",
                 [("“Bring Back Friday Night Games”", SCARE)], id="hat-reading-title"),
    pytest.param("“We have to win,” the senator told “Morning Table” after the rally.",
                 [("“We have to win,”", DIRECT), ("“Morning Table”", SCARE)], id="told-a-show-title"),
    pytest.param("and they can go higher.”\n\n\"Related:\"\n\nNext story", [("\"Related:\"", SCARE)],
                 id="quoted-link-label"),
    pytest.param("\"Follow Nell Tarrant on Twitter @nelltarrantDC.\"",
                 [("\"Follow Nell Tarrant on Twitter @nelltarrantDC.\"", SCARE)],
                 id="quoted-follow-line"),
    pytest.param("\"We will see,\" she said.\n\n'A long climb to the top.'\n\nThe sale was not her plan.",
                 [("\"We will see,\"", DIRECT), ("'A long climb to the top.'", SCARE)],
                 id="single-quoted-subhead-where-speech-is-in-double-quotes"),
    pytest.param("'A long climb to the top.'\n\nThe sale was not her plan.",
                 [("'A long climb to the top.'", DIRECT)], id="single-quoted-line-in-single-quote-article"),
    pytest.param("Marlowe on Opening His Campaign Books: ‘I Expect We Will.’",
                 [("‘I Expect We Will.’", DIRECT)], id="title-case-sentence-after-a-colon-is-speech"),
    pytest.param("His new book: “The Art of the Deal”", [("“The Art of the Deal”", SCARE)],
                 id="title-after-a-colon-without-a-stop-is-a-title"),
    pytest.param("No quotes here at all.", [], id="no-quotes"),
]
# fmt: on


@pytest.fixture(scope="module")
def finder() -> Language:
    """A blank English pipeline with the segmenter and the finder: no tagger, parser or NER."""
    nlp = spacy.blank("en")
    nlp.add_pipe("article_segmenter")
    nlp.add_pipe("quote_finder")
    return nlp


def found(nlp: Language, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(text[slice(*span._.char_offsets)], span.label_) for span in doc.spans["quotes"]]


@pytest.mark.parametrize("text, expected", QUOTES)
def test_quote_finder(finder: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(finder, text) == expected


@pytest.mark.parametrize("text, expected", QUOTES)
def test_quote_types_on_plain_text(text: str, expected: list[tuple[str, str]]) -> None:
    """quote_types() needs no Doc at all (markup values are the component's business)."""
    pairs = [p for p in pair_quotes(text)[0] if text[p.start - 1:p.start] != "="]
    assert list(zip([text[p.start:p.end] for p in pairs], quote_types(text, pairs), strict=True)) == expected


def test_works_without_a_parser(finder: Language) -> None:
    doc = finder("“We will win,” he said.")
    assert finder.pipe_names == ["article_segmenter", "quote_finder"]
    assert not doc.has_annotation("DEP")
    assert [span.text for span in doc.spans["quotes"]] == ["“We will win,”"]


def test_char_offsets_are_exact_when_tokens_are_not(finder: Language) -> None:
    text = "the“maximum pressure”policy was announced."
    doc = finder(text)
    (span,) = doc.spans["quotes"]
    assert text[slice(*span._.char_offsets)] == "“maximum pressure”"
    assert span.start_char <= span._.char_offsets[0] and span._.char_offsets[1] <= span.end_char


def test_continued_piece_points_to_its_first_piece(finder: Language) -> None:
    doc = finder("“One.\n\n“Two.\n\n“Three,” she said.")
    assert [span._.continues for span in doc.spans["quotes"]] == [None, 0, 1]


def test_continues_is_renumbered_after_markup_is_dropped(finder: Language) -> None:
    doc = finder('<p author="@AP">Hi</p>\n\n“One.\n\n“Two,” she said.')
    assert [(span.text, span._.continues) for span in doc.spans["quotes"]] == [("“One.", None), ("“Two,”", 0)]


def test_unmatched_marks_are_recorded(finder: Language) -> None:
    text = "He wrote “ and stopped.\n\nShe said “yes” then."
    doc = finder(text)
    assert doc._.unmatched_marks == [text.index("“")]
    assert [span.text for span in doc.spans["quotes"]] == ["“yes”"]


def test_segmenter_marks_paragraph_starts_and_keeps_the_second_word_in_the_sentence(finder: Language) -> None:
    """The parser keeps these: 'Vickers | said he is …' after a subhead would lose its subject."""
    doc = finder("Language as priority issue\n\nVickers said he is a long way from a decision.")
    starts = {token.text: token.is_sent_start for token in doc}
    assert starts["Language"] is True and starts["Vickers"] is True
    assert starts["said"] is False and starts["as"] is False
    assert starts["he"] is None  # the rest is the parser's to decide


@pytest.mark.parametrize("text, first_word", [
    ("DENVER, Oct. 9 (UPI) — A lawyer called the ruling “absurd.”", "A"),
    ("PHILADELPHIA ― The committee released a statement.", "The"),
    ("LOS ANGELES -- Officials said on Monday that the fires were contained.", "Officials"),
])
def test_segmenter_starts_a_sentence_after_a_dateline(finder: Language, text: str, first_word: str) -> None:
    """The city in capitals is not the subject of what follows it."""
    doc = finder(text)
    assert [t.text for t in doc if t.is_sent_start] == [doc[0].text, first_word]


def test_segmenter_sees_no_dateline_in_a_hyphenated_name(finder: Language) -> None:
    doc = finder("US-China talks resumed on Monday.")
    assert [t.text for t in doc if t.is_sent_start] == ["US"]
