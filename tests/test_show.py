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
