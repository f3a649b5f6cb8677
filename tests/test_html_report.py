"""The HTML report of `extract --html`, parsed: every quote with its speaker, escaping, accessibility.

The last test opens the report of the seeds in a real headless Chromium (skipped when the
`chromium` command is missing); with `pytest --update-golden` it also rewrites docs/report.png.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from sample_article import TEXT, record
from test_show import REPORTED_TEXT, reported_record

from extractor.views.html_report import html_report

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SCREENSHOT = ROOT / "docs" / "report.png"
VOID = {"meta", "br", "img", "input", "link", "hr", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [n for n in self.walk() if n.tag == tag and (cls is None or cls in n.classes)]


class TreeBuilder(HTMLParser):
    """A strict tree: a closing tag that does not match the open element fails the test."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    assert [n.tag for n in builder.stack] == ["#document"], "unclosed elements"
    return builder.root


def by_id(root: Node) -> dict[str, Node]:
    return {n.attrs["id"]: n for n in root.walk() if "id" in n.attrs}


@pytest.fixture
def page() -> Node:
    return parse(html_report([(record(), TEXT)]))


def test_every_quote_is_a_mark_with_its_speaker(page: Node):
    marks = {m.attrs["id"]: m for m in page.find_all("mark", "q")}
    for i, quote in enumerate(record()["quotes"]):
        mark = marks[f"a1-q{i}"]
        assert mark.text() == quote["text"]
        expected = quote["speaker"]["name"] if quote["speaker"] and quote["type"] != "scare" else ""
        assert mark.attrs["data-speaker"] == expected
    assert len(marks) == len(record()["quotes"])


def test_a_label_follows_each_attributed_quote(page: Node):
    labels = [" ".join(n.text().split()) for n in page.find_all("span", "who")]
    assert labels == [
        "said by Jane Smith", "said by Jane Smith", "said by A source close to the talks? 0.55", "no speaker"
    ]


def test_quote_classes_say_speaker_low_scare_and_none(page: Node):
    classes = [m.classes for m in page.find_all("mark", "q")]
    assert "s0" in classes[0] and "s0" in classes[1] and "s1" in classes[2]
    assert "low" in classes[2] and "low" not in classes[0]
    assert "scare" in classes[3] and "none" in classes[4]


def test_article_text_is_escaped(page: Node):
    [text] = page.find_all("div", "text")
    assert "[sic] <b>too</b> fine & cheap" in text.text()
    assert not text.find_all("b")
    assert "&lt;b&gt;too&lt;/b&gt; fine &amp; cheap" in html_report([(record(), TEXT)])


def test_whole_text_is_kept(page: Node):
    [text] = page.find_all("div", "text")
    paragraphs = [p.text() for p in text.find_all("p")]
    without_labels = list(paragraphs)
    for node in text.find_all("span", "who"):
        without_labels = [p.replace(node.text(), "", 1) for p in without_labels]
    assert [" ".join(p.split()) for p in without_labels] == [
        " ".join(line.split()) for line in TEXT.splitlines() if line.strip()
    ]


def test_quotes_are_focusable_and_described(page: Node):
    ids = by_id(page)
    for i, mark in enumerate(page.find_all("mark", "q")):
        assert mark.attrs["tabindex"] == "0"
        details = ids[mark.attrs["aria-describedby"]].text()
        quote = record()["quotes"][i]
        if quote["speaker"]:
            speaker = quote["speaker"]
            assert speaker["name"] in details and speaker["kind"] in details
            assert (speaker["role"] or "") in details
            assert f"confidence {quote['confidence']:.2f}" in details
            assert (quote["cue"]["text"] if quote["cue"] else "no cue") in details
    [tip] = [n for n in page.walk() if n.attrs.get("role") == "tooltip"]
    assert tip.attrs["id"] == "tip"


def test_mentions_and_cues_point_to_their_quotes(page: Node):
    [text] = page.find_all("div", "text")
    mentions = {m.text(): m.attrs["data-for"].split() for m in text.find_all("span", "mention")}
    cues = [(c.text(), c.attrs["data-for"].split()) for c in text.find_all("span", "cue")]
    assert mentions == {"Jane Smith": ["a1-q0", "a1-q1"], "A source close to the talks": ["a1-q2"]}
    assert cues == [("said", ["a1-q0"]), ("said", ["a1-q2"])]


def test_self_contained_and_responsive():
    html = html_report([(record(), TEXT)])
    root = parse(html)
    assert not [n for n in root.walk() if "src" in n.attrs or n.tag == "link"]
    assert all(n.attrs["href"].startswith("#") for n in root.walk() if "href" in n.attrs)
    assert "http://" not in html and "https://" not in html and "url(" not in html and "@import" not in html
    assert [n.attrs["content"] for n in root.find_all("meta") if n.attrs.get("name") == "viewport"]
    assert "@media" in root.find_all("style")[0].text()
    assert root.find_all("script")[0].text().strip()


def test_landmarks_and_labels(page: Node):
    assert page.find_all("html")[0].attrs["lang"] == "en"
    [nav] = page.find_all("nav")
    assert nav.attrs["aria-labelledby"] == "index-h"
    charts = [n for n in page.walk() if n.attrs.get("role") == "img"]
    assert charts and all(n.attrs.get("aria-label") for n in charts)
    assert page.find_all("aside")[0].attrs["aria-label"] == "Speakers in sample"


def test_index_and_corpus_summary():
    other = {**record(), "id": "other", "quotes": [], "speakers": []}
    page = parse(html_report([(record(), TEXT), (other, "Nothing here.")]))
    rows = [
        [tr.find_all("a")[0].text(), tr.find_all("span", "title")[0].text(), *(c.text() for c in tr.find_all("td")[1:])]
        for tr in page.find_all("tbody")[0].find_all("tr")
    ]
    assert rows == [
        ["sample", "Minister Backs Plan", "4", "2", "1", "1", "2"],
        ["other", "Nothing here.", "0", "0", "0", "0", "–"],
    ]
    assert [a.attrs["href"] for a in page.find_all("a", "id")] == ["#a1", "#a2"]
    summary = by_id(page)["summary"]
    assert "Jane Smith" in summary.text() and "Anonymous sources" in summary.text()
    figures = {dt.text(): dd.text() for dt, dd in zip(summary.find_all("dt"), summary.find_all("dd"), strict=True)}
    assert figures["quotes"] == "4" and figures["speakers"] == "2" and figures["no speaker found"] == "1"
    assert figures["quotes from named sources"] == "50%"


def test_empty_report_is_still_a_page():
    page = parse(html_report([]))
    assert not page.find_all("mark") and page.find_all("h1")


@pytest.fixture
def reported_page() -> Node:
    return parse(html_report([(reported_record(), REPORTED_TEXT)]))


def test_reported_speech_is_a_mark_of_its_own_holding_its_quotes(reported_page: Node):
    marks = {m.attrs["id"]: m for m in reported_page.find_all("mark", "q")}
    assert len(marks) == len(reported_record()["quotes"])
    for i, quote in enumerate(reported_record()["quotes"]):
        assert marks[f"a1-q{i}"].text().replace("said by Jane Smith", "") == quote["text"]
        assert marks[f"a1-q{i}"].attrs["data-type"] == quote["type"]
        assert ("rep" in marks[f"a1-q{i}"].classes) == (quote["type"] == "indirect")
    for outer, inner in (("a1-q0", "a1-q1"), ("a1-q3", "a1-q4")):
        inside = marks[outer].find_all("mark")
        assert [m.attrs["id"] for m in inside] == [outer, inner]
        assert [w.text() for w in marks[outer].find_all("span", "who")] == ["said by Jane Smith"]
    assert "rep" not in marks["a1-q1"].classes and "s0" in marks["a1-q1"].classes
    assert "none" in marks["a1-q5"].classes


def test_reported_speech_labels_say_so_after_the_labels_of_its_quotes(reported_page: Node):
    labels = [(n.classes, " ".join(n.text().split())) for n in reported_page.find_all("span", "who")]
    assert [text for _, text in labels] == [
        "said by Jane Smith", "reported: Jane Smith", "said by Jane Smith",
        "said by Jane Smith", "reported: Jane Smith", "reported: no speaker",
    ]
    assert ["rep" in classes for classes, _ in labels] == [False, True, False, False, True, True]


def test_reported_speech_keeps_the_whole_text(reported_page: Node):
    [text] = reported_page.find_all("div", "text")
    paragraphs = [p.text() for p in text.find_all("p")]
    for node in text.find_all("span", "who"):
        paragraphs = [p.replace(node.text(), "", 1) for p in paragraphs]
    assert paragraphs == [line for line in REPORTED_TEXT.splitlines() if line]


def test_reported_speech_details_say_reported(reported_page: Node):
    ids = by_id(reported_page)
    details = {i: ids[f"a1-q{i}-d"].text() for i in range(len(reported_record()["quotes"]))}
    assert "reported speech" in details[0] and "Jane Smith" in details[0] and "cue “said”" in details[0]
    assert "reported speech" in details[5] and "No speaker found" in details[5]
    assert not any("reported" in details[i] for i in (1, 2, 4))


def test_summary_and_index_count_quotes_and_reported_speech_apart(reported_page: Node):
    summary = by_id(reported_page)["summary"]
    figures = {dt.text(): dd.text() for dt, dd in zip(summary.find_all("dt"), summary.find_all("dd"), strict=True)}
    assert figures["quotes"] == "3" and figures["reported statements"] == "3" and figures["speakers"] == "1"
    assert figures["no speaker found"] == "1" and figures["quotes from named sources"] == "100%"
    kinds = [" ".join(li.text().split()) for li in summary.find_all("ul", "kinds")[0].find_all("li")]
    assert kinds[0] == "Named people3 quotes · 2 reported · 1 speaker"
    assert kinds[-1] == "No speaker0 quotes · 1 reported"
    stacks = [n.attrs["aria-label"] for n in summary.walk() if n.attrs.get("role") == "img"]
    assert stacks[:2] == [
        "Quotes by kind of source: named people 3", "Reported by kind of source: named people 2, no speaker 1"
    ]
    types = {li.find_all("span", "name")[0].text(): li.find_all("span", "n")[0].text()
             for li in summary.find_all("ul", "types")[0].find_all("li")}
    assert types == {"Direct": "1", "Partial": "2", "Scare quotes": "0", "Reported speech": "3"}
    [top] = [ul for ul in summary.find_all("ul", "bars") if ul.attrs.get("aria-label") == "Quotes per speaker"]
    assert [li.find_all("span", "n")[0].text() for li in top.find_all("li")] == ["3 + 2 reported"]
    head = [th.text() for th in reported_page.find_all("thead")[0].find_all("th")]
    cells = [td.text() for td in reported_page.find_all("tbody")[0].find_all("td")[1:]]
    assert dict(zip(head[1:], cells, strict=True)) == {
        "Quotes": "3", "Reported": "3", "Speakers": "1", "Named": "1", "Anonymous": "0", "To check": "1"
    }
    [meta] = reported_page.find_all("article")[0].find_all("p", "meta")[:1]
    assert meta.text().startswith("3 quotes · 3 reported statements · 1 speaker")


def test_reported_speech_has_its_own_style():
    html = html_report([(reported_record(), REPORTED_TEXT)])
    [style] = parse(html).find_all("style")
    assert ".q.rep {" in style.text() and ".who.rep {" in style.text()
    [side] = parse(html).find_all("aside")
    assert "Quotes and reported speech per speaker" in side.text()
    assert [s.text() for s in side.find_all("span", "q") if "rep" in s.classes] == ["dotted"]


def test_without_reported_speech_the_report_has_none_of_it():
    html = html_report([(record(), TEXT)])
    page = parse(html)
    assert ".q.rep" not in page.find_all("style")[0].text() and "reported" not in html.lower()
    assert not [n for n in page.walk() if "rep" in n.classes or "split" in n.classes]
    head = [th.text() for th in page.find_all("thead")[0].find_all("th")]
    assert head == ["Article", "Quotes", "Speakers", "Named", "Anonymous", "To check"]


@pytest.mark.model
def test_seeds_every_quote_with_its_speaker(extract: Callable[[str], dict[str, Any]]):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    items = [(extract(text), text) for text in texts]
    page = parse(html_report(items))
    marks = {m.attrs["id"]: m for m in page.find_all("mark", "q")}
    for n, (rec, _) in enumerate(items, 1):
        for i, quote in enumerate(rec["quotes"]):
            assert marks[f"a{n}-q{i}"].text() == quote["text"]
            if quote["type"] != "scare" and quote["speaker"]:
                assert marks[f"a{n}-q{i}"].attrs["data-speaker"] == quote["speaker"]["name"]


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=180, check=True,
        )


@pytest.mark.model
@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs the chromium command (apt-get install chromium)")
def test_seeds_report_in_headless_chromium(tmp_path: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch):
    from typer.testing import CliRunner

    from extractor.cli import app

    monkeypatch.chdir(ROOT)  # so the report shows the paths as a reader types them: seeds/...
    report = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["seeds", "--html", str(report)])
    assert result.exit_code == 0, result.stderr
    dom = parse(_chromium("--dump-dom", report.as_uri()).stdout)
    marks = dom.find_all("mark", "q")
    assert len(marks) == sum(len(json.loads(line)["quotes"]) for line in result.stdout.splitlines())
    assert {m.attrs["data-speaker"] for m in marks} >= {"Mike Pompeo", "Donald Trump", "Mark Dubowitz"}
    summary = by_id(dom)["summary"]
    assert "Most quoted" in summary.text() and "Mike Pompeo" in summary.text()
    assert len(dom.find_all("article")) == len(list(SEEDS.glob("*.txt")))
    # The script ran: opening the page on a quote's address shows that quote's details.
    focused = parse(_chromium("--dump-dom", report.as_uri() + "#a1-q1").stdout)
    tip = by_id(focused)["tip"]
    assert "hidden" not in tip.attrs and "Mike Pompeo" in tip.text()
    screenshot = SCREENSHOT if update_golden else tmp_path / "report.png"
    _chromium(f"--screenshot={screenshot}", "--window-size=1200,1600", "--hide-scrollbars", report.as_uri())
    assert screenshot.stat().st_size > 10_000
