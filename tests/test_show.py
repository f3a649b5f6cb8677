"""The terminal view of `extract --show`: labels, marks, legend, 80 columns, and plain text without colour."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from sample_article import TEXT, record

from extractor.components.layout import paragraph_spans
from extractor.views.marks import label, layout
from extractor.views.render import quotes_table
from extractor.views.show import article_view

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def render(rec: dict[str, Any], text: str, *, width: int = 80, colour: bool = False, no_color: bool = False,
           **options: Any) -> str:
    console = Console(file=io.StringIO(), width=width, force_terminal=colour, no_color=no_color,
                      color_system="256" if colour else None, highlight=False)
    console.print(article_view(rec, text, **options))
    return console.file.getvalue()


def test_every_quote_is_followed_by_its_speaker_label():
    out = " ".join(render(record(), TEXT).split())
    assert "“We will build it,” [Jane Smith] Jane Smith said" in out
    assert "“It is certain.” [Jane Smith]" in out
    assert "“Nobody knows,” [no speaker]" in out


def test_low_confidence_is_marked_in_the_text_itself():
    out = " ".join(render(record(), TEXT).split())
    assert "“fine,” [A source close to the talks? 0.55]" in out


def test_scare_quotes_get_no_label():
    out = " ".join(render(record(), TEXT).split())
    assert "“deal of the century” was not mentioned" in out


def test_article_text_is_never_read_as_markup():
    assert "[sic] <b>too</b> fine & cheap" in " ".join(render(record(), TEXT).split())


def test_legend_has_kind_role_and_number_of_quotes():
    lines = render(record(), TEXT).splitlines()
    legend = [line.split() for line in lines if "Jane Smith" in line and line.startswith("■")]
    assert legend == [["■", "Jane", "Smith", "person", "Minister", "2"]]
    assert "no speaker" in render(record(), TEXT).split("speaker ")[-1]


def test_header_counts_quotes_speakers_and_the_ones_to_check():
    first_lines = render(record(), TEXT).splitlines()[:2]
    assert first_lines[0].startswith("sample ")
    assert first_lines[1].startswith("4 quotes, 2 speakers, 1 with no speaker, 1 to check")


@pytest.mark.parametrize("width", [80, 50, 30])
def test_fits_the_width_without_trailing_spaces_in_the_text(width: int):
    lines = render(record(), TEXT, width=width).splitlines()
    assert max(len(line) for line in lines) <= width
    text_lines = [line for line in lines if "“" in line]
    assert text_lines and all(line == line.rstrip() for line in text_lines)


def test_a_label_is_never_split_across_lines():
    out = render(record(), TEXT, width=40)
    labels = re.findall(r"\[[^\]\n]*\]", out)
    assert "[A source close to the talks? 0.55]" in labels
    text_part = re.split(r"\n─+ *\n", out)[0]  # up to the rule under the legend header
    assert not re.search(r"\[[^\]]*\n", text_part)


def test_plain_when_not_a_terminal():
    assert not ANSI.search(render(record(), TEXT))


def test_colours_and_underlines_on_a_terminal():
    out = render(record(), TEXT, colour=True)
    assert any(re.search(r"[\[;]4[;m]", code) for code in ANSI.findall(out))  # underline
    assert re.search(r"\x1b\[[0-9;]*38;5;\d+[0-9;]*m“We will build it", out)


def test_no_color_keeps_underlines_and_labels_but_drops_colours():
    out = render(record(), TEXT, colour=True, no_color=True)
    codes = ANSI.findall(out)
    assert codes and not any("38;" in code or "48;" in code for code in codes)
    assert any(re.search(r"[\[;]4[;m]", code) for code in codes)  # underline: mention and cue
    assert "[Jane Smith]" in ANSI.sub("", out)


def test_min_confidence_leaves_doubtful_quotes_unmarked():
    out = " ".join(render(record(), TEXT, min_confidence=0.7).split())
    assert "“fine,” [" not in out and "“fine,” perhaps" in out
    assert "[Jane Smith]" in out


def test_runs_cover_each_paragraph_exactly():
    for paragraph in layout(TEXT, record()):
        assert paragraph.runs[0].start == paragraph.start and paragraph.runs[-1].end == paragraph.end
        assert all(a.end == b.start for a, b in pairwise(paragraph.runs))


def test_paragraphs_are_non_empty_lines_without_line_ends():
    text = "Title\r\n\r\n  First one.  \r\nSecond.\n\n\n"
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["Title", "First one.", "Second."]


def test_the_headline_is_the_one_the_article_segmenter_finds():
    empty: dict[str, Any] = {"quotes": [], "speakers": []}
    title_case = "Small Steps Toward College Savings.\n\nIt began in May, she said.\n"
    assert [p.headline for p in layout(title_case, empty)] == [True, False]
    assert [p.headline for p in layout("A short line\n", empty)] == [False]  # one paragraph: no headline


def test_no_quotes_no_speakers():
    empty = {"id": "x", "path": None, "quotes": [], "speakers": []}
    out = render(empty, "Nothing quoted here.")
    assert "Nothing quoted here." in out and "0 quotes, 0 speakers" in out


@pytest.mark.model
def test_seeds_every_attributed_quote_labelled(extract: Callable[[str], dict[str, Any]]):
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        rec = extract(text)
        out = " ".join(render(rec, text).split())
        for quote in rec["quotes"]:
            if quote["speaker"] is not None and quote["type"] != "scare":
                assert f"{' '.join(quote['text'].split())} [{label(quote)}]" in out, (path.name, quote["text"])


# Reported speech (extract --indirect) ------------------------------------------------------------

REPORTED_TEXT = (
    "Talks Go On\n"
    "\n"
    "Jane Smith said the deal was “fair to everyone” and would be signed soon. “We will sign it,” she said.\n"
    "\n"
    "Later she added that the vote would be “a formality.” It was said that the talks had stalled.\n"
)
SMITH = {"id": "S1", "name": "Jane Smith", "kind": "person", "role": "Minister"}


def _at(needle: str, after: str = "") -> dict[str, Any]:
    start = REPORTED_TEXT.index(needle, REPORTED_TEXT.index(after) if after else 0)
    return {"text": needle, "start": start, "end": start + len(needle)}


def _entry(kind: str, needle: str, after: str, mention: dict[str, Any] | None, cue: dict[str, Any] | None,
           confidence: float, nested: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    span = _at(needle, after)
    return {
        **span, "index": 0, "paragraph": 0, "type": kind, "continues": None,
        "speaker": None if mention is None else {**SMITH, "mention": mention},
        "cue": cue, "confidence": confidence, "rule": "reported clause" if kind == "indirect" else "verb before quote",
        "nested": list(nested),
    }


def reported_record() -> dict[str, Any]:
    """Reported speech holding a partial quote (in the middle, and at its very end), and some with no speaker."""
    jane, said = _at("Jane Smith"), _at("said")
    she, added = _at("she", "Later"), _at("added")
    fair, formality = _at("“fair to everyone”"), _at("“a formality.”")
    quotes = [
        _entry("indirect", "the deal was “fair to everyone” and would be signed soon", "", jane, said, 0.9, (fair,)),
        _entry("partial", fair["text"], "", jane, said, 0.92),
        _entry("direct", "“We will sign it,”", "", _at("she"), _at("said", "sign it"), 0.93),
        _entry("indirect", "the vote would be “a formality.”", "Later", she, added, 0.88, (formality,)),
        _entry("partial", formality["text"], "Later", she, added, 0.9),
        _entry("indirect", "the talks had stalled", "", None, _at("said", "It was"), 0.0),
    ]
    for index, quote in enumerate(quotes):
        quote["index"] = index
    return {
        "id": "reported", "path": "reported.txt", "schema": 2,
        "tool": {"name": "extractor", "version": "0", "model": "test"},
        "quotes": quotes,
        "speakers": [{**SMITH, "mentions": [jane, _at("she"), she], "quotes": 5}],  # reported speech counted in
    }


def test_reported_speech_and_the_quote_inside_it_are_both_labelled_in_plain_text():
    out = " ".join(render(reported_record(), REPORTED_TEXT).split())
    assert not ANSI.search(out)
    assert ("Jane Smith said the deal was “fair to everyone” [Jane Smith] and would be signed soon "
            "[reported: Jane Smith]. “We will sign it,” [Jane Smith] she said.") in out
    # Ending together: the quote's label first, then that of the reported speech around it.
    assert "the vote would be “a formality.” [Jane Smith] [reported: Jane Smith] It was said" in out
    assert "the talks had stalled [reported: no speaker]." in out


def test_reported_speech_is_italic_in_the_speaker_colour_and_the_quote_inside_keeps_its_own_style():
    out = render(reported_record(), REPORTED_TEXT, colour=True)
    reported = re.search(r"\x1b\[([0-9;]*)mthe deal was ", out)
    inner = re.search(r"\x1b\[([0-9;]*)m“fair to everyone”", out)
    direct = re.search(r"\x1b\[([0-9;]*)m“We will sign it", out)
    assert reported and inner and direct
    assert "3" in reported.group(1).split(";") and "38" in reported.group(1).split(";")
    assert inner.group(1) == direct.group(1)  # a partial quote inside reported speech looks like any quote
    assert "3" not in inner.group(1).split(";")
    assert re.search(r"\x1b\[[0-9;]*\b3\b[0-9;]*m\[reported: Jane Smith\]", out)


def test_header_and_legend_count_quotes_and_reported_statements_apart():
    lines = render(reported_record(), REPORTED_TEXT, width=100).splitlines()
    assert lines[1].startswith("3 quotes, 3 reported statements, 1 speaker, 1 with no speaker ")
    header = next(line.split() for line in lines if line.strip().startswith("speaker"))
    assert header[-2:] == ["quotes", "reported"]
    assert [line.split()[-2:] for line in lines if line.startswith("■") or "[no speaker]" in line] == [
        ["3", "2"], ["0", "1"]
    ]
    assert "[reported: name]" in " ".join(lines[-3:])


def test_runs_nest_reported_speech_around_its_quotes():
    runs = {REPORTED_TEXT[r.start : r.end]: r for p in layout(REPORTED_TEXT, reported_record()) for r in p.runs}
    assert (runs["“fair to everyone”"].quote, runs["“fair to everyone”"].outer) == (1, (0,))
    assert runs["“fair to everyone”"].ends == (1,)
    assert (runs[" and would be signed soon"].quote, runs[" and would be signed soon"].outer) == (0, ())
    assert runs[" and would be signed soon"].ends == (0,)
    assert runs["“a formality.”"].ends == (4, 3)


def test_quotes_that_overlap_without_nesting_still_let_the_first_win():
    rec = reported_record()
    rec["quotes"][1] = {**rec["quotes"][1], **_at("everyone” and would be signed soon. “We")}  # a broken record
    runs = {REPORTED_TEXT[r.start : r.end]: r for r in layout(REPORTED_TEXT, rec)[1].runs}
    overlap = runs["everyone” and would be signed soon"]
    assert (overlap.quote, overlap.outer) == (0, ())
    assert (runs["“We"].quote, runs["“We"].outer) == (1, ())


def test_without_reported_speech_nothing_says_reported():
    out = render(record(), TEXT, width=100)
    assert "reported" not in out
    assert next(line.split() for line in out.splitlines() if line.strip().startswith("speaker"))[-1] == "quotes"


def test_table_shows_reported_speech_as_such_and_counts_it_apart():
    console = Console(file=io.StringIO(), width=200, highlight=False)
    console.print(quotes_table(reported_record()))
    rows = [line for line in console.file.getvalue().splitlines() if line.startswith("│")]
    assert len(rows) == len(reported_record()["quotes"])
    assert "reported: the deal was “fair to everyone” and would be signed soon" in rows[0]
    assert "│ “fair to everyone”" in rows[1] and "reported" not in rows[1]
    assert "3 quotes, 3 reported statements; ? = confidence below 0.7" in console.file.getvalue()
    coloured = Console(file=io.StringIO(), width=200, force_terminal=True, color_system="256", highlight=False)
    coloured.print(quotes_table(reported_record()))
    assert re.search(r"reported: \x1b\[0m\x1b\[3mthe deal was", coloured.file.getvalue())


def test_table_caption_without_reported_speech_is_as_before():
    console = Console(file=io.StringIO(), width=200, highlight=False)
    console.print(quotes_table(record()))
    assert "5 quotes; ? = confidence below 0.7" in console.file.getvalue()
    assert "reported" not in console.file.getvalue()
