"""Texts at the edges: any line end, a quotation across the cut of a long paragraph, long runs
without spaces, and the selective build against the full one ("Nothing lost, nothing clobbered").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy
import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from test_longtext import PARAGRAPHS, QUOTE, stub_record

from extractor.components.layout import LINE_BREAKS, is_caption, paragraph_spans, repeated_captions
from extractor.components.pairing import pair_quotes
from extractor.components.segment import MAX_RUN, ArticleTokenizer
from extractor.processing.longtext import (
    PIECE_CHARS,
    context_start,
    extract_article,
    record_in_pieces,
    split_text,
)
from extractor.processing.records import Article, article_record
from extractor.processing.selective import Plan, SelectivePipeline, _cut

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED = SEEDS / "004_6b7e72d1daae4612.txt"
LINE_ENDS = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85"]
OTHER_LINE_ENDS = LINE_ENDS[1:]


def with_line_end(text: str, end: str) -> str:
    return text.replace("\n", end)


def moved(text: str, end: str, pos: int) -> int:
    """Where offset `pos` of `text` (written with "\\n") is once every "\\n" is `end`."""
    return pos + (len(end) - 1) * text.count("\n", 0, pos)


def shifted_offsets(record: Any, text: str, end: str) -> Any:
    """`record` of `text` (written with "\\n") with its offsets where they are once every "\\n" is `end`."""
    if isinstance(record, dict):
        return {key: moved(text, end, value) if key in {"start", "end"} and isinstance(value, int)
                else shifted_offsets(value, text, end) for key, value in record.items()}
    if isinstance(record, list):
        return [shifted_offsets(v, text, end) for v in record]
    return record


# --- 1. every line end separates paragraphs ------------------------------------------------------


@pytest.mark.parametrize(("line", "caption"), [
    ("John Smith / The Daily Courier Mayor Tom Baker speaks at a ceremony on Monday.", True),
    ("AGENCY/Ann Lee Ice covers the branches near the falls on Friday.", True),
    ("Mayor Tom Baker speaks at a ceremony on Monday. (John Smith/Daily Courier)", True),
    ("Dancers rehearse in the hall. ( Ann Lee / Contributed )", True),
    ("Ann Lee/Daily Courier.", True),
    ("The ABC/XYZ survey also finds that voters are split on the tax.", False),
    ("ABC/XYZ poll shows the race is tied.", False),
    ("Mayor Tom Baker (D-Ohio) spoke at a ceremony on Monday.", False),
    ("He said the council would vote on the plan and/or the budget on Monday.", False),
])
def test_a_photo_caption_is_known_by_its_credit(line: str, caption: bool):
    assert is_caption(line, 0, len(line)) is caption


def test_a_caption_that_shares_a_run_of_words_with_the_text_restates_it():
    text = ("Asked what she would tell the mayor, Maria Lopez said the camps must stay open.\n\n"
            "Asked what she would tell the mayor, Maria Lopez says the camps must stay. (Ann Lee/Daily Courier)\n\n"
            "Maria Lopez at the shelter on Monday. (Ann Lee/Daily Courier)")
    paragraphs = paragraph_spans(text)
    assert repeated_captions(text, paragraphs) == [paragraphs[1]]


def test_line_breaks_are_the_characters_of_the_six_line_ends():
    assert set(LINE_BREAKS) == {"\n", "\r", "\x85", "\u2028", "\u2029"}


@pytest.mark.parametrize("end", OTHER_LINE_ENDS, ids=repr)
def test_paragraphs_are_lines_whatever_ends_them(end: str):
    text = "Headline here\n\nFirst paragraph.\n  Second one.  \n\n\nThird.\n"
    expected = [(moved(text, end, s), moved(text, end, e)) for s, e in paragraph_spans(text)]
    assert paragraph_spans(with_line_end(text, end)) == expected
    assert len(expected) == 4


def test_mixed_line_ends_in_one_text():
    text = "one\r\ntwo\rthree\u2028four\u2029five\x85six\nseven"
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["one", "two", "three", "four", "five", "six", "seven"]


@pytest.mark.parametrize("end", OTHER_LINE_ENDS, ids=repr)
def test_quotation_marks_pair_within_lines_whatever_ends_them(end: str):
    text = "He said: “We are done\n“Next,” she said.\n“Open to the end of the line\nAnd “a last one.”\n"
    expected = [(moved(text, end, q.start), moved(text, end, q.end), q.paragraph, q.closed, q.continues)
                for q in pair_quotes(text)[0]]
    found = [(q.start, q.end, q.paragraph, q.closed, q.continues) for q in pair_quotes(with_line_end(text, end))[0]]
    assert found == expected
    assert {q[2] for q in expected} == {0, 1, 2, 3}


@pytest.mark.parametrize("end", LINE_ENDS, ids=repr)
def test_segmenter_starts_a_sentence_at_each_paragraph(end: str):
    nlp = spacy.blank("en")
    nlp.add_pipe("article_segmenter")
    text = with_line_end("Short headline\n\nThe council met and voted on roads\nIt agreed\n\n\nNothing else", end)
    doc = nlp(text)
    firsts = {doc.char_span(s, e, alignment_mode="expand")[0].i for s, e in paragraph_spans(text)}
    assert [t.text for t in doc if t.i in firsts] == ["Short", "The", "It", "Nothing"]
    assert [t.i for t in doc if t.is_sent_start] == sorted(firsts)
    assert [s.text for s in doc.spans["paragraphs"]] == ["Short headline", "The council met and voted on roads",
                                                          "It agreed", "Nothing else"]


@pytest.mark.parametrize("end", OTHER_LINE_ENDS, ids=repr)
def test_line_end_tokens_read_as_newlines_by_the_model(end: str):
    """What the tagger, parser and NER read of a token: its norm, prefix, suffix and shape."""
    tokenizer = ArticleTokenizer(spacy.blank("en").tokenizer)
    newline_text = "A line.\n\nAnother line.\nLast line.\n \n"
    text = with_line_end(newline_text, end)
    doc = tokenizer(text)
    assert doc.text == text
    newline_doc = tokenizer(newline_text)
    assert len(doc) == len(newline_doc)
    for token, same in zip(doc, newline_doc, strict=True):
        assert (token.norm_, token.prefix_, token.suffix_, token.shape_, token.is_space) == (
            same.norm_, same.prefix_, same.suffix_, same.shape_, same.is_space)


@pytest.mark.parametrize("end", OTHER_LINE_ENDS, ids=repr)
def test_long_text_is_cut_after_any_line_end(end: str):
    text = with_line_end("aaaa\nbbbb\ncccc\n", end)
    step = 4 + len(end)
    assert split_text(text, 2 * step + 1) == [(0, 2 * step), (2 * step, 3 * step)]


@pytest.mark.parametrize("end", OTHER_LINE_ENDS, ids=repr)
def test_context_is_whole_lines_whatever_ends_them(end: str):
    text = with_line_end("first line\nsecond line\nthird line\nPIECE", end)
    piece = text.index("PIECE")
    assert text[context_start(text, piece, 11 + 2 * len(end)):piece] == f"third line{end}"


@pytest.mark.parametrize("end", OTHER_LINE_ENDS, ids=repr)
def test_pieces_count_paragraphs_whatever_ends_them(end: str):
    text = with_line_end("".join(PARAGRAPHS) * 5, end)
    merged = record_in_pieces(Article("a", None, text), stub_record, piece_chars=500, context_chars=200)
    assert merged == {**stub_record(text), "id": "a", "path": None}
    assert [q["paragraph"] for q in merged["quotes"]] == [n // 2 for n in range(20)]


@pytest.mark.model
@pytest.mark.parametrize("end", OTHER_LINE_ENDS, ids=repr)
def test_article_reads_the_same_whatever_its_line_ends(nlp: Language, end: str):
    """The same article with each line end: the same record, offsets shifted by the longer "\\r\\n"."""
    text = SEED.read_text(encoding="utf-8")
    assert "\r" not in text and text.count("\n") > 10
    base = article_record(Article("t", None, text), nlp(text), "m")
    other = with_line_end(text, end)
    record = article_record(Article("t", None, other), nlp(other), "m")
    assert len({q["paragraph"] for q in base["quotes"]}) > 3
    assert [(q["paragraph"], q["text"], q["speaker"] and q["speaker"]["name"], q["type"]) for q in record["quotes"]] \
        == [(q["paragraph"], q["text"], q["speaker"] and q["speaker"]["name"], q["type"]) for q in base["quotes"]]
    assert record == shifted_offsets(base, text, end)
    selective = article_record(Article("t", None, other), SelectivePipeline(nlp)(other), "m")
    assert selective == record


ZERO_WIDTH_ARTICLE = ("Union organizer Paul Varga spoke on Monday about the new contract.\n\n"
                      "After the vote on the new pay scale, Varga said, “Wages come first.”\n\n"
                      "“We will get there,” said Dana Whitfield, who leads the union.")


@pytest.mark.model
@pytest.mark.parametrize("mark", ["\u200b", "\u200d", "\ufeff"], ids=repr)
def test_a_zero_width_character_glued_to_a_name_changes_no_speaker(nlp: Language, mark: str):
    """Text copied from web pages hides zero-width characters after words ('Varga\u200b'): the
    model reads the word without them."""
    glued = ZERO_WIDTH_ARTICLE.replace("Varga said", f"Varga{mark} said").replace("Dana ", f"Dana{mark} ")

    def speakers(text: str, pipeline: Any) -> list[tuple[str, str | None]]:
        record = article_record(Article("t", None, text), pipeline(text), "m")
        return [(q["text"], q["speaker"] and q["speaker"]["name"]) for q in record["quotes"]]

    expected = [("“Wages come first.”", "Paul Varga"), ("“We will get there,”", "Dana Whitfield")]
    assert speakers(ZERO_WIDTH_ARTICLE, nlp) == expected
    assert speakers(glued, nlp) == speakers(glued, SelectivePipeline(nlp)) == expected


# --- 2. no quotation lost at the cut of a long paragraph -----------------------------------------

LONG_QUOTE = (
    "“We will not back down. We have said so before and we will say it again, here and in the "
    "capital. The people of this city deserve better than promises, and they will get it this year,”"
)


def paragraph_with_a_quotation_across_the_cut(limit: int = PIECE_CHARS) -> tuple[str, int]:
    """One paragraph longer than `limit` whose long quotation starts 60 characters before `limit`
    and holds a sentence end before it; and where the quotation starts."""
    unit = " ".join(p.strip() for p in PARAGRAPHS) + " "
    text = unit * (limit // len(unit))
    text = text[:text.rindex(". ", 0, limit - 60) + 2]
    text += "Filler words. " * ((limit - 60 - len(text)) // 14)
    start = len(text)
    text += LONG_QUOTE + " Smith said. " + unit * 3
    assert text.count("\n") == 0 and start < limit < start + len(LONG_QUOTE)
    assert re.search(r"\. [A-Z]", text[start:limit])  # where a cut used to fall
    return text.rstrip() + "\n", start


def test_no_cut_falls_inside_a_quotation():
    text, _ = paragraph_with_a_quotation_across_the_cut(2_000)
    quotes = [(q.start, q.end) for q in pair_quotes(text)[0]]
    cuts = [end for _, end in split_text(text, 2_000)[:-1]]
    assert cuts and not [(c, q) for c in cuts for q in quotes if q[0] < c < q[1]]


def test_cut_moves_before_the_opening_mark():
    text, start = paragraph_with_a_quotation_across_the_cut(2_000)
    assert split_text(text, 2_000)[0] == (0, start)


def test_quotation_longer_than_a_piece_is_still_cut():
    text = "He said: “" + "Words and words. " * 200 + "” Then more. " * 5
    pieces = split_text(text, 1_000)
    assert all(0 < end - start <= 1_000 for start, end in pieces)
    assert pieces[0][1] > len("He said: “")


def test_context_does_not_start_inside_a_quotation():
    text = "Some words here. “A quoted sentence. And another one,” she said. More words after that."
    piece = text.index("More")
    start = context_start(text, piece, piece - text.index("quoted"))
    assert text[start:piece] == "she said. "


def test_quotation_across_the_cut_of_a_long_paragraph_is_kept():
    text, start = paragraph_with_a_quotation_across_the_cut()
    merged = record_in_pieces(Article("long", None, text), stub_record)
    assert [q["text"] for q in merged["quotes"]] == QUOTE.findall(text)
    assert merged == {**stub_record(text, limit=None), "id": "long", "path": None}
    assert any(q["start"] == start and q["text"] == LONG_QUOTE for q in merged["quotes"])


@pytest.mark.model
def test_quotation_across_the_cut_is_found_by_the_pipeline(nlp: Language):
    text, start = paragraph_with_a_quotation_across_the_cut()
    short = text[start - 200:start + len(LONG_QUOTE) + 100]
    [found_short] = [q for q in article_record(Article("s", None, short), nlp(short), "m")["quotes"]
                     if q["text"] == LONG_QUOTE]
    record = extract_article(nlp, Article("long", None, text), "m")
    assert len(text) > PIECE_CHARS  # in two pieces; at once, for the reference
    [found] = [q for q in record["quotes"] if q["start"] == start]
    assert found["text"] == LONG_QUOTE == found_short["text"]
    assert found["end"] == start + len(LONG_QUOTE)
    assert found["speaker"]["name"] == found_short["speaker"]["name"] == "Smith"
    whole = article_record(Article("long", None, text), nlp(text), "m")
    assert [(q["start"], q["end"]) for q in record["quotes"]] == [(q["start"], q["end"]) for q in whole["quotes"]]


# --- 3. the tokenizer's cost is bounded -----------------------------------------------------------


class Recording:
    """A tokenizer that notes each text it is handed."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer, self.handed = tokenizer, []

    def __call__(self, text: str) -> Doc:
        self.handed.append(text)
        return self.tokenizer(text)


def longest_run(text: str) -> int:
    return max((len(run) for run in re.findall(r"\S+", text)), default=0)


@pytest.mark.parametrize("text", [
    "—" * 20_000,
    '"' * 5_001 + " he said",
    "Before it. " + "—" * 2_500 + " After it.\n\n" + "x" * 301 + "\n" + "word—" * 300 + " end",
    "http://example.com/" + "a/" * 400 + "  and then two spaces",
], ids=["dashes", "quote-marks", "mixed", "long-url"])
def test_tokenizer_is_never_handed_a_run_longer_than_the_bound(text: str):
    recording = Recording(spacy.blank("en").tokenizer)
    doc = ArticleTokenizer(recording)(text)
    assert doc.text == text
    assert "".join(recording.handed) == text
    assert max(longest_run(part) for part in recording.handed) <= MAX_RUN
    assert all(len(token) <= MAX_RUN for token in doc)


def test_text_without_a_long_run_is_tokenized_as_before():
    plain = spacy.blank("en").tokenizer
    text = SEED.read_text(encoding="utf-8")
    assert longest_run(text) <= MAX_RUN
    recording = Recording(plain)
    doc = ArticleTokenizer(recording)(text)
    assert recording.handed == [text]
    assert [t.text_with_ws for t in doc] == [t.text_with_ws for t in plain(text)]


def test_words_around_a_long_run_are_tokenized_as_before():
    plain = spacy.blank("en").tokenizer
    text = "He didn't say it. " + "—" * 500 + " Then, “they’re here,” she said.  Twice."
    doc = ArticleTokenizer(plain, max_run=40)(text)
    expected = plain(text)
    assert doc.text == text
    assert [(t.text, t.whitespace_, t.norm_) for t in doc] == [(t.text, t.whitespace_, t.norm_) for t in expected]


def test_a_cut_in_a_run_falls_between_words():
    tokenizer = ArticleTokenizer(spacy.blank("en").tokenizer, max_run=40)
    text = "—".join(["word"] * 60)
    assert all(text[end - 1] == "—" or text[end] == "—" for _, end in tokenizer.slices(text)[:-1])
    assert {t.text for t in tokenizer(text)} == {"word", "—"}


@pytest.mark.model
def test_build_pipeline_bounds_what_the_tokenizer_is_handed(nlp: Language, monkeypatch: pytest.MonkeyPatch):
    assert isinstance(nlp.tokenizer, ArticleTokenizer)
    recording = Recording(nlp.tokenizer.tokenizer)
    monkeypatch.setattr(nlp.tokenizer, "tokenizer", recording)
    text = "Officials said nothing. " + "—" * 3_000 + " “We are here,” Smith said."
    doc = nlp(text)
    assert doc.text == text
    assert recording.handed and max(longest_run(part) for part in recording.handed) <= MAX_RUN
    record = article_record(Article("t", None, text), SelectivePipeline(nlp)(text), "m")
    assert [(q["text"], q["speaker"]["name"]) for q in record["quotes"]] == [("“We are here,”", "Smith")]


# --- 4. the selective build gives what the full build gives ----------------------------------------

FILLER = " ".join(f"Traffic was heavy on day {n}." for n in range(10))


@pytest.mark.model
@pytest.mark.parametrize("text", [
    # an organisation named far from its quote, not found as a name in the quote's sentence
    f"Still, the shutoff did not seem to hurt Facebook's ability to work.\n\n{FILLER}\n\n"
    "The company was asked about the outage on Monday. “We are working to fix it as fast as we can,” "
    "Facebook said in a statement.\n",
    # an organisation named far from its quote
    f"Northwind Logistics and Harbor Freightways signed a shipping contract worth millions a year.\n\n{FILLER}\n\n"
    "“We never discuss our clients,” Harbor Freightways said in a statement on Monday.\n",
], ids=["unrecognised-organisation", "organisation"])
def test_speaker_mentions_far_from_the_quotes_are_the_full_builds(nlp: Language, text: str):
    selective = article_record(Article("t", None, text), SelectivePipeline(nlp)(text), "m")
    full = article_record(Article("t", None, text), nlp(text), "m")
    assert len(full["speakers"][0]["mentions"]) == 2
    assert selective == full


@pytest.mark.model
def test_sentences_parsed_later_keep_their_paragraph_starts(nlp: Language):
    """A run parsed in the second pass is cut from a Doc already parsed in part: its sub-Doc still
    has a sentence start at each paragraph, as the full build has."""
    text = (f"“We will fix it,” Mayor Jane Smith said.\n\n{FILLER}\n\nThe mayor spoke for an hour\n\n"
            "Adrian Wyld / The Canadian Press Jane Smith follows the vote.\n")
    annotator = SelectivePipeline(nlp)
    doc = annotator.finder(annotator.segmenter(nlp.make_doc(text)))
    plan = Plan(doc, text, annotator)
    firsts = [doc.char_span(s, e, alignment_mode="expand")[0].i for s, e in paragraph_spans(text)]
    annotator._run_components([plan], [(plan.parse, plan.ner)])
    sub = _cut(plan, numpy.arange(len(doc)))
    assert [t.i for t in sub if t.is_sent_start] == firsts


@pytest.mark.model
def test_the_ner_reads_a_few_words_around_each_run(nlp: Language):
    text = f"{FILLER}\n\n“We will fix it,” Mayor Jane Smith said.\n\n{FILLER}\n"
    annotator = SelectivePipeline(nlp)
    plan = Plan(annotator.finder(annotator.segmenter(nlp.make_doc(text))), text, annotator)
    [(tokens, kept)] = plan.runs({10}, ner=True)
    first, stop = (int(i) for i in tokens[kept][[0, -1]])
    assert plan.doc[first:stop + 1].text == plan.doc.char_span(*plan.sentences[10]).text
    assert list(tokens) == list(range(first - plan.ner_context, stop + 1 + plan.ner_context))
    [(parse_tokens, parse_kept)] = plan.runs({10}, ner=False)
    assert list(parse_tokens) == list(range(first, stop + 1)) and parse_kept.all()
