"""Quotation mark pairing on plain text (`extractor.components.pairing`): no tokenizer, no model."""

# Curly quotes and apostrophes are the data under test here.

from __future__ import annotations

import pytest

from extractor.components.pairing import MARKS, pair_quotes

# fmt: off
PAIRS = [
    # text, expected quoted stretches (marks included), in order
    pytest.param('He said "we will win" today.', ['"we will win"'], id="straight-double"),
    pytest.param("He said “we will win” today.", ["“we will win”"], id="curly-double"),
    pytest.param("``We will win,'' he said.", ["``We will win,''"], id="ptb-backticks"),
    pytest.param("''I don't judge,'' he said.", ["''I don't judge,''"], id="ptb-doubled-apostrophes"),
    pytest.param("``It's the players' money,'' he said.", ["``It's the players' money,''"],
                 id="ptb-apostrophes-inside"),
    pytest.param("‘It’s over,’ he said.", ["‘It’s over,’"], id="curly-single"),
    pytest.param("'It is over,' he said.", ["'It is over,'"], id="straight-single"),
    pytest.param("«Nous gagnerons», a-t-il dit.", ["«Nous gagnerons»"], id="guillemets"),
    pytest.param("Iran’s leaders and the players' union, back in the ’90s, don't agree.", [],
                 id="apostrophes-not-quotes"),
    pytest.param("The Smiths' house", [], id="plural-possessive-at-end"),
    pytest.param("They played rock 'n' roll in the ’60s.", [], id="elision-rock-n-roll"),
    pytest.param("'The players' union won,' he said.", ["'The players' union won,'"],
                 id="plural-possessive-inside-single-quote",
                 marks=pytest.mark.xfail(reason="the apostrophe of players' closes the single quote, "
                                                "cutting it to 'The players'", strict=True)),
    pytest.param("“He told me ‘never again’ last week,” she said.", ["“He told me ‘never again’ last week,”"],
                 id="nested-single-in-double"),
    pytest.param("‘He said “no” to me,’ she said.", ["‘He said “no” to me,’"], id="nested-double-in-single"),
    pytest.param("''I was on 'Fox and Friends,''' he said.", ["''I was on 'Fox and Friends,'''"],
                 id="triple-apostrophe-closes-nested-and-outer"),
    pytest.param("“First paragraph of the quote.\n\n“Second paragraph of it,” she said.",
                 ["“First paragraph of the quote.", "“Second paragraph of it,”"], id="multi-paragraph"),
    pytest.param("“A,” he said. “B.”", ["“A,”", "“B.”"], id="interrupted"),
    pytest.param("He wrote “ and stopped.\n\nShe said “yes” then.", ["“yes”"], id="stray-open-mark-previous-paragraph"),
    pytest.param('The 5" screen is “the best phone ever,” he said.', ["“the best phone ever,”"],
                 id="stray-inch-mark-same-paragraph"),
    pytest.param('He said "yes."\n\n"And more," she said.', ['"yes."', '"And more,"'], id="two-paragraphs-closed"),
    pytest.param("He said “one.”\r\n\r\nShe said “two.”\r\n", ["“one.”", "“two.”"], id="crlf"),
    pytest.param("“I can win,” he said. “They see that. “\n\nThe story was updated.",
                 ["“I can win,”", "“They see that. “"],
                 id="opening-mark-typed-as-closing-at-paragraph-end"),
    pytest.param("He wrote: “Polls give us an idea.“[HuffPost.]", ["“Polls give us an idea.“"],
                 id="opening-mark-typed-as-closing-glued-to-the-last-word"),
    pytest.param("Okonjo tweeted: “Don’t worry. We can fix this.’ She was home.", ["“Don’t worry. We can fix this.’"],
                 id="single-mark-typed-as-double-closing"),
    pytest.param("“The U.S.’ position is clear,” she said.", ["“The U.S.’ position is clear,”"],
                 id="possessive-after-abbreviation-is-not-a-closing-mark"),
    pytest.param("More from the audit: “Several contractors billed the city twice for one job.\n\nTHE COSTS",
                 ["“Several contractors billed the city twice for one job."], id="colon-lead-in-closing-mark-left-out"),
    pytest.param("He wrote “ and stopped.\n\nThe end.", [], id="open-mark-mid-paragraph-without-colon-is-stray"),
    pytest.param("No quotes here at all.", [], id="no-quotes"),
    pytest.param("", [], id="empty"),
]
# fmt: on

QUOTE_CHARACTERS = {ch for mark in MARKS for ch in mark}


def quoted(text: str) -> list[str]:
    return [text[q.start:q.end] for q in pair_quotes(text)[0]]


@pytest.mark.parametrize("text, expected", PAIRS)
def test_pair_quotes(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


@pytest.mark.parametrize("text", [pytest.param(p.values[0], id=p.id) for p in PAIRS])
def test_offsets_are_on_marks(text: str) -> None:
    for q in pair_quotes(text)[0]:
        inner_start, inner_end = q.inner
        assert text[q.start] in QUOTE_CHARACTERS
        assert text[q.start:inner_start] in MARKS
        assert q.start < inner_start <= inner_end <= q.end
        if q.closed:
            assert text[inner_end:q.end] in MARKS
        else:
            assert inner_end == q.end


def test_nested_quote_is_attached_to_the_outer_one() -> None:
    text = "“He told me ‘never again’ last week,” she said."
    (outer,) = pair_quotes(text)[0]
    assert [text[s:e] for s, e in outer.nested] == ["‘never again’"]
    assert text[slice(*outer.inner)] == "He told me ‘never again’ last week,"


def test_multi_paragraph_pieces_are_linked() -> None:
    text = "“One.\n\n“Two.\n\n“Three,” she said."
    pieces, unmatched = pair_quotes(text)
    assert [text[q.start:q.end] for q in pieces] == ["“One.", "“Two.", "“Three,”"]
    assert [q.paragraph for q in pieces] == [0, 1, 2]
    assert [q.closed for q in pieces] == [False, False, True]
    assert [q.reopened for q in pieces] == [False, True, True]
    assert [q.continues for q in pieces] == [None, 0, 1]
    assert unmatched == []


def test_interrupted_quote_is_two_independent_pieces() -> None:
    pieces, _ = pair_quotes("“A,” he said. “B.”")
    assert [(q.closed, q.reopened, q.continues) for q in pieces] == [(True, False, None)] * 2


def test_unmatched_mark_is_reported() -> None:
    text = "He wrote “ and stopped.\n\nShe said “yes” then."
    _, unmatched = pair_quotes(text)
    assert unmatched == [text.index("“")]


def test_crlf_offsets_and_paragraphs() -> None:
    text = "He said “one.”\r\n\r\nShe said “two.”\r\n"
    pieces, _ = pair_quotes(text)
    assert [(q.start, q.end, q.paragraph) for q in pieces] == [(8, 14, 0), (27, 33, 1)]
