"""Long articles in pieces: splitting, context, merging (stub pipeline, 10 MB) and the real pipeline.

The real pipeline runs at about 20,000 characters a second on two cores, so 10 MB (over
eight minutes) is tested with a stub piece function that finds quotes with a regular
expression, and the real pipeline end to end on 1.2 MB, just over spaCy's max_length.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import spacy
from offsets import assert_offsets_exact
from spacy.language import Language
from typer.testing import CliRunner

from extractor.cli import app
from extractor.components import speakers as speaker_module
from extractor.components.pairing import paragraph_spans
from extractor.components.speakers import number_speakers
from extractor.processing import engine, longtext, records
from extractor.processing.longtext import (
    PIECE_CHARS,
    context_start,
    extract_article,
    merge_records,
    record_in_pieces,
    split_text,
)
from extractor.processing.records import Article, article_record

SEEDS = Path(__file__).parents[1] / "seeds"
SPACY_MAX_LENGTH = 1_000_000
TEN_MB = 10_000_000

# fmt: off
# About 200 characters; each paragraph has two quotes, the second continuing the first.
PARAGRAPHS = [
    "The minister spoke for an hour on Tuesday. “We will not back down on this, not now,” Smith said, "
    "and the room went quiet. “Not ever,” she added, before leaving by a side door.\n",
    "Officials were unconvinced by the plan. “It is a promise we have heard before,” Jones said after the "
    "meeting. “We will wait and see,” he added, without saying what that meant.\n",
]
# fmt: on
QUOTE = re.compile(r"“[^”\n]*”")
NAME = re.compile(r",?” ([A-Z][a-z]+) (said)")
CUE = re.compile(r",?” (?:[A-Z][a-z]+ |she |he )?(said|added)")


def stub_record(text: str, limit: int | None = SPACY_MAX_LENGTH) -> dict[str, Any]:
    """What the pipeline would make of `text`, from regular expressions: fast enough for 10 MB.

    Like quote_attributor, speakers are numbered in order of first quote and list the
    mentions that named them; a quote without a name gets the previous quote's speaker.
    """
    assert limit is None or len(text) <= limit, "the stub refuses what spaCy would refuse"
    starts = [start for start, _ in paragraph_spans(text)]
    quotes: list[dict[str, Any]] = []
    speakers: dict[str, dict[str, Any]] = {}
    for match in QUOTE.finditer(text):
        start, end = match.span()
        paragraph = bisect_right(starts, start) - 1
        name, cue = NAME.match(text, end - 2), CUE.match(text, end - 2)
        previous = quotes[-1] if quotes and quotes[-1]["paragraph"] == paragraph else None
        if name:
            entry = speakers.setdefault(name[1], {
                "id": f"S{len(speakers) + 1}", "name": name[1], "kind": "person", "role": None,
                "gender": None, "gender_evidence": None, "mentions": [], "quotes": 0,
            })
            mention = {"text": name[1], "start": name.start(1), "end": name.end(1)}
            entry["mentions"].append(mention)
        elif previous and previous["speaker"]:
            entry, mention = speakers[previous["speaker"]["name"]], None
        else:
            entry = mention = None
        if entry:
            entry["quotes"] += 1
        quotes.append({
            "index": len(quotes), "start": start, "end": end, "text": match[0], "paragraph": paragraph,
            "type": "direct", "continues": previous["index"] if previous else None,
            "speaker": entry and {**{k: entry[k] for k in ("id", "name", "kind", "role", "gender")},
                                  "mention": mention, "with": []},
            "cue": cue and {"text": cue[1], "start": cue.start(1), "end": cue.end(1)},
            "confidence": 0.9 if entry else 0.0, "rule": "stub", "nested": [],
        })
    return {"id": "piece", "path": None, "schema": 3, "tool": {"name": "extractor", "version": "0", "model": "stub"},
            "meta": {}, "quotes": quotes, "speakers": list(speakers.values())}


def ten_megabytes(paragraphs: list[str]) -> str:
    unit = "".join(paragraphs)
    return unit * (TEN_MB // len(unit) + 1)


# --- splitting -------------------------------------------------------------------------


def test_short_text_is_one_piece():
    assert split_text("one\ntwo\n", 100) == [(0, 8)]
    assert split_text("", 100) == [(0, 0)]


def test_pieces_end_after_a_newline():
    text = "aaaa\nbbbb\ncccc\n"
    assert split_text(text, 11) == [(0, 10), (10, 15)]


def test_long_paragraph_is_cut_after_a_sentence_end():
    text = "First one here. Second one is here and longer than the rest"
    (start, end), *_ = split_text(text, 40)
    assert text[start:end] == "First one here. "


def test_sentence_end_after_a_closing_mark():
    text = "“Stop.” Then more words follow on here and on"
    (_, end), *_ = split_text(text, 30)
    assert text[:end] == "“Stop.” "


def test_paragraph_without_sentence_end_is_cut_at_whitespace():
    text = "word " * 10
    [(_, end), *_] = split_text(text, 12)
    assert text[:end] == "word word "


def test_text_without_whitespace_is_cut_at_the_limit():
    assert split_text("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]


def test_ten_megabytes_without_newlines_pieces_cover_the_text_in_order():
    text = ("No quotes here, just words. " * 400_000)[:TEN_MB]
    pieces = split_text(text, PIECE_CHARS)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a_end == b_start for (_, a_end), (b_start, _) in pairwise(pieces))
    assert all(0 < end - start <= PIECE_CHARS for start, end in pieces)
    assert all(text[end - 2:end] == ". " for _, end in pieces[:-1])


def test_limit_must_be_positive():
    with pytest.raises(ValueError):
        split_text("abc", 0)


def test_context_is_whole_lines_before_the_piece():
    text = "first line\nsecond line\nthird line\nPIECE"
    piece = text.index("PIECE")
    assert text[context_start(text, piece, 15):piece] == "third line\n"
    assert context_start(text, piece, 1_000) == 0
    assert context_start(text, 0, 1_000) == 0


def test_context_inside_a_long_line_starts_after_a_space():
    text = "a very long line of words\nPIECE"
    piece = text.index("PIECE")
    assert text[context_start(text, piece, 12):piece] == "of words\n"


# --- merging, with the stub ------------------------------------------------------------


def test_ten_megabytes_in_pieces_is_the_same_as_at_once():
    text = ten_megabytes(PARAGRAPHS)
    article = Article("big", "big.txt", text)
    merged = record_in_pieces(article, stub_record)
    whole = stub_record(text, limit=None)  # what it would be if there were no limit
    assert merged["quotes"] == whole["quotes"]
    assert merged["speakers"] == whole["speakers"]
    assert (merged["id"], merged["path"]) == ("big", "big.txt")
    assert len(merged["quotes"]) == 4 * text.count(PARAGRAPHS[0])
    assert merged["quotes"][-1]["paragraph"] == text.count("\n") - 1
    assert [s["name"] for s in merged["speakers"]] == ["Smith", "Jones"]
    assert sum(s["quotes"] for s in merged["speakers"]) == len(merged["quotes"])


def test_ten_megabyte_paragraph_is_merged_without_losing_a_quote():
    text = ten_megabytes([p.replace("\n", " ") for p in PARAGRAPHS])
    merged = record_in_pieces(Article("one-paragraph", None, text), stub_record)
    assert len(merged["quotes"]) == len(QUOTE.findall(text))
    assert {q["paragraph"] for q in merged["quotes"]} == {0}
    assert_offsets_exact(merged, text)


def test_continuation_into_the_context_points_to_the_previous_piece():
    text = "“One,” Smith said.\n“Two,” he added.\n"
    cut = text.index("“Two")
    piece_a = stub_record(text[:cut])
    piece_b = stub_record(text)  # with the first line as its context
    merged = merge_records(
        Article("a", None, text), [(0, cut, 0, piece_a), (cut, len(text), 0, piece_b)]
    )
    assert [q["text"] for q in merged["quotes"]] == ["“One,”", "“Two,”"]
    assert [q["index"] for q in merged["quotes"]] == [0, 1]
    assert [q["paragraph"] for q in merged["quotes"]] == [0, 1]


def test_speakers_with_the_same_name_are_merged_and_counted():
    text = "".join(PARAGRAPHS) * 3
    merged = record_in_pieces(Article("a", None, text), stub_record, piece_chars=200, context_chars=0)
    [smith, jones] = merged["speakers"]
    assert (smith["id"], smith["quotes"], len(smith["mentions"])) == ("S1", 6, 3)
    assert (jones["id"], jones["quotes"]) == ("S2", 6)
    assert {q["speaker"]["id"] for q in merged["quotes"]} == {"S1", "S2"}


def test_people_named_with_a_speaker_are_merged_and_counted():
    """'“One,” said Ann Lee and Bob Roy.' in one piece, '“Two,” Bob Roy said.' in the next: Bob
    is one speaker of the whole text, counted for both quotes, and the first quote names him by his new id."""
    text = "“One,” said Ann Lee and Bob Roy.\n“Two,” Bob Roy said.\n"
    cut = text.index("“Two")

    def person(speaker_id: str, name: str, quotes: int, start: int) -> dict[str, Any]:
        return {"id": speaker_id, "name": name, "kind": "person", "role": None, "gender": None,
                "gender_evidence": None, "mentions": [{"text": name, "start": start, "end": start + len(name)}],
                "quotes": quotes}

    def quote(start: int, end: int, speaker: dict[str, Any], together: list[dict[str, Any]]) -> dict[str, Any]:
        return {"index": 0, "start": start, "end": end, "text": text[start:end], "paragraph": 0, "type": "direct",
                "continues": None, "confidence": 0.9, "rule": "stub", "nested": [], "cue": None,
                "speaker": {**{k: speaker[k] for k in ("id", "name", "kind", "role", "gender")}, "mention": None,
                            "with": [{k: p[k] for k in ("id", "name", "kind", "gender")} for p in together]}}

    ann, bob_a = person("S1", "Ann Lee", 1, 12), person("S5", "Bob Roy", 1, 24)  # a piece's own ids
    piece_a = {"quotes": [quote(0, 6, ann, [bob_a])], "speakers": [ann, bob_a], "tool": {}}
    bob_b = person("S1", "Bob Roy", 1, 7)
    piece_b = {"quotes": [quote(0, 6, bob_b, [])], "speakers": [bob_b], "tool": {}}
    merged = merge_records(Article("a", None, text), [(0, cut, 0, piece_a), (cut, len(text), cut, piece_b)])
    assert [(s["id"], s["name"], s["quotes"]) for s in merged["speakers"]] == [("S1", "Ann Lee", 1),
                                                                               ("S2", "Bob Roy", 2)]
    first, second = merged["quotes"]
    assert (first["speaker"]["id"], [p["id"] for p in first["speaker"]["with"]]) == ("S1", ["S2"])
    assert (second["speaker"]["id"], second["speaker"]["with"]) == ("S2", [])


# --- numbering speakers: one function for whole records and merged ones ----------------


def test_speakers_are_numbered_in_order_of_first_quote():
    assert number_speakers([None, "b", "a", "b", None, ("c", 1)]) == [None, "S1", "S2", "S1", None, "S3"]
    assert number_speakers([]) == []


def test_record_is_one_type_defined_once():
    assert engine.Record is records.Record and longtext.Record is records.Record


def test_merged_ids_come_from_number_speakers(monkeypatch: pytest.MonkeyPatch):
    real = speaker_module.number_speakers
    monkeypatch.setattr(speaker_module, "number_speakers", lambda keys: [i and i.replace("S", "N") for i in real(keys)])
    text = "".join(PARAGRAPHS) * 3
    merged = record_in_pieces(Article("a", None, text), stub_record, piece_chars=200, context_chars=0)
    assert [s["id"] for s in merged["speakers"]] == ["N1", "N2"]
    assert {q["speaker"]["id"] for q in merged["quotes"]} == {"N1", "N2"}


def test_record_numbers_speakers_in_order_of_first_quote_whatever_the_doc_says():
    nlp = spacy.blank("en")
    nlp.add_pipe("quote_finder")
    doc = nlp("“One,” Ann said.\n“Two,” Bob said.\n“Three,” Ann said.")
    ann, bob = (
        {"id": f"S{n}", "name": name, "kind": "person", "role": None, "gender": None, "gender_evidence": None,
         "mentions": [], "quotes": count}
        for n, name, count in ((7, "Ann", 2), (3, "Bob", 1))
    )
    doc._.speakers = [bob, ann]
    for quote, speaker_id in zip(doc.spans["quotes"], ["S7", "S3", "S7"], strict=True):
        quote._.speaker_id = speaker_id
    record = article_record(Article("t", None, doc.text), doc, "m")
    assert [q["speaker"]["id"] for q in record["quotes"]] == ["S1", "S2", "S1"]
    assert [(s["id"], s["name"], s["quotes"]) for s in record["speakers"]] == [("S1", "Ann", 2), ("S2", "Bob", 1)]


# --- the real pipeline -----------------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_one_piece_is_exactly_the_whole_article(nlp: Language, seed: Path):
    article = Article(seed.stem, str(seed), seed.read_text(encoding="utf-8"))
    whole = article_record(article, nlp(article.text), "m")

    def piece(text: str) -> dict[str, Any]:
        return article_record(Article(article.id, article.path, text), nlp(text), "m")

    assert record_in_pieces(article, piece, piece_chars=len(article.text)) == whole


@pytest.mark.model
@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_seed_in_small_pieces_keeps_its_quotes(nlp: Language, seed: Path):
    text = seed.read_text(encoding="utf-8")
    article = Article(seed.stem, str(seed), text)
    whole = extract_article(nlp, article, "m")
    pieces = extract_article(nlp, article, "m", piece_chars=1_000)
    assert_offsets_exact(pieces, text)
    assert [q["start"] for q in pieces["quotes"]] == [q["start"] for q in whole["quotes"]]
    assert [q["index"] for q in pieces["quotes"]] == list(range(len(pieces["quotes"])))
    assert [q["paragraph"] for q in pieces["quotes"]] == [q["paragraph"] for q in whole["quotes"]]


@pytest.mark.model
@pytest.mark.slow
def test_text_longer_than_spacy_max_length_end_to_end(nlp: Language, tmp_path: Path):
    """1.2 MB through the CLI and the full pipeline: one record, no error, offsets exact (about a minute)."""
    text = "".join(PARAGRAPHS) * (1_200_000 // len("".join(PARAGRAPHS)) + 1)
    assert len(text) > nlp.max_length == SPACY_MAX_LENGTH
    file = tmp_path / "long.txt"
    file.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, [str(file)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert_offsets_exact(record, text)
    quotes = record["quotes"]
    assert len(quotes) == len(QUOTE.findall(text))
    assert [q["index"] for q in quotes] == list(range(len(quotes)))
    assert quotes[-1]["paragraph"] == text.count("\n") - 1
    named = [q["speaker"]["name"] for q in quotes if q["speaker"]]
    assert len(named) > 0.9 * len(quotes)
    assert {s["name"] for s in record["speakers"]} >= {"Smith", "Jones"}
    assert len({s["id"] for s in record["speakers"]}) == len(record["speakers"])
