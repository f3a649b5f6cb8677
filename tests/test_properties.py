"""Property tests: arbitrary text through the real pipeline, whole, in pieces and through the CLI.

The texts are built from pieces drawn often from quote marks, line endings, words of
attribution, spaces and punctuation, and sometimes from any Unicode at all, so that
most examples hold quotes, unmatched marks and several paragraphs.

Run with `pytest tests/test_properties.py --hypothesis-show-statistics` to see how many
examples ran.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from typer.testing import CliRunner

from extractor.cli import app
from extractor.components.layout import LINE_BREAKS
from extractor.components.pairing import MARKS
from extractor.processing.longtext import extract_article
from extractor.processing.records import Article, article_record

EXAMPLES = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)

# fmt: off
QUOTE_MARKS = ['"', "“", "”", "‘", "’", "'", "``", "''", "«", "»", "„"]
LINE_ENDINGS = ["\n", "\r\n", "\n\n", "\r\n\r\n"]
WORDS = ["said", "says", "he", "she", "they", "Smith", "Jane Smith", "the minister", "told", "added",
         "according to", "Mr.", "Reuters", "in a statement", "We", "will", "not", "yes", "it's", "'90s",
         "Iran's", "players'", "the", "a"]
SPACING = [" ", " ", "  ", ", ", ". ", ": ", " — ", "? ", "! ", ".", ",", "\t", "(", ")"]
# fmt: on
PIECES = st.one_of(
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(LINE_ENDINGS),
    st.sampled_from(WORDS),
    st.sampled_from(SPACING),
    st.text(max_size=3),  # anything: other scripts, emoji, control characters, combining marks
)
TEXTS = st.lists(PIECES, max_size=80).map("".join)
MARK_CHARS = {char for mark in MARKS for char in mark}

runner = CliRunner()


def check_offsets(record: dict[str, Any], text: str, *, whole: bool = True) -> None:
    """Every offset lies inside the text and names exactly the text recorded with it.

    With `whole=False` (a text processed in pieces) a quote may also end where a piece was
    cut inside a paragraph, without its closing mark.
    """
    quotes = record["quotes"]
    assert [q["index"] for q in quotes] == list(range(len(quotes)))
    for quote in quotes:
        start, end = quote["start"], quote["end"]
        assert 0 <= start < end <= len(text)
        assert text[start:end] == quote["text"]
        assert quote["text"][0] in MARK_CHARS, "a quote starts with its opening mark"
        rest_of_line = re.split(f"[{LINE_BREAKS}]", text[end:], maxsplit=1)[0]  # \r, U+0085 … end lines too
        assert not whole or quote["text"][-1] in MARK_CHARS or not rest_of_line.strip(), (
            "a quote ends with its closing mark, or runs to the end of its paragraph"
        )
        assert quote["continues"] is None or 0 <= quote["continues"] < quote["index"]
        mention = quote["speaker"] and quote["speaker"]["mention"]
        for span in (quote["cue"], mention, *quote["nested"]):
            if span is not None:
                check_span(span, text)
    for speaker in record["speakers"]:
        for span in speaker["mentions"]:
            check_span(span, text)
    assert sum(s["quotes"] for s in record["speakers"]) == sum(1 for q in quotes if q["speaker"])


def check_span(span: dict[str, Any], text: str) -> None:
    assert 0 <= span["start"] <= span["end"] <= len(text)
    assert text[span["start"]:span["end"]] == span["text"]


@pytest.mark.model
@EXAMPLES
@given(text=TEXTS)
def test_any_text_gives_exact_offsets_and_the_same_record_twice(nlp: Language, text: str):
    article = Article("p", None, text)
    record = article_record(article, nlp(text), "m")
    check_offsets(record, text)
    assert article_record(article, nlp(text), "m") == record


@pytest.mark.model
@EXAMPLES
@given(text=TEXTS)
def test_any_text_in_pieces_gives_exact_offsets(nlp: Language, text: str):
    record = extract_article(nlp, Article("p", None, text), "m", piece_chars=60)
    check_offsets(record, text, whole=False)


@pytest.fixture(scope="module")
def work_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


@pytest.mark.slow
@pytest.mark.model
@EXAMPLES
@given(text=TEXTS)
def test_json_and_json_lines_hold_the_same_records(work_dir: Path, text: str):
    file, out = work_dir / "article.txt", work_dir / "out.json"
    file.write_text(text, encoding="utf-8", newline="")
    as_lines = runner.invoke(app, ["--format", "jsonl", "-o", str(out), str(file)])
    as_array = runner.invoke(app, ["--format", "json", str(file)])
    binary = "\x00" in text
    assert as_lines.exit_code == as_array.exit_code == (1 if binary else 0), as_lines.stderr
    records = [json.loads(line) for line in as_lines.stdout.splitlines()]  # one record per line, for any reader
    assert records == json.loads(as_array.stdout) == json.loads(out.read_text(encoding="utf-8"))
    assert len(records) == (0 if binary else 1)
    if records:
        check_offsets(records[0], text.removeprefix("\ufeff"))
