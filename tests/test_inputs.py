"""What the readers take in: metadata kept from JSON objects, renamed text and id fields, .json
arrays, suffixes in any case, and saved web pages reduced to their article text.

Real files in tmp_path, read with `read_articles` and through the CLI; the CLI tests use the
LightPipeline of test_bad_input (no model) unless they need attributions.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from test_bad_input import LightPipeline
from typer.testing import CliRunner

from extractor import cli
from extractor.cli import app
from extractor.processing.articles import MAX_META_DEPTH, InputProblem, read_articles
from extractor.processing.longtext import extract_article
from extractor.processing.records import Article, article_record

runner = CliRunner()
SAID = "“We are ready,” Jane Smith said."
META = {"outlet": "The Daily Ledger", "date": "2024-03-03", "url": "https://example.com/a", "tags": ["court", 1]}

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Court rules against city in zoning case | The Daily Ledger</title>
</head>
<body>
  <header>
    <nav class="menu">
      <ul>
        <li><a href="/">Home</a></li>
        <li><a href="/politics">Politics</a></li>
        <li><a href="/business">Business</a></li>
        <li><a href="/subscribe">Subscribe now</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <h1>Court rules against city in zoning case</h1>
      <p>A state court on Tuesday ruled that the city violated its own zoning rules when it approved
      a new tower on the waterfront, a decision that could halt construction for months.</p>
      <p>“We will appeal,” said Jane Doe, a lawyer.</p>
      <p>The mayor's office said it was reviewing the decision. Residents who brought the case
      said they were relieved.</p>
      <p>“This is a victory for every neighbourhood in the city,” said Tom Lee, who led the residents' group.</p>
    </article>
  </main>
  <footer>
    <p>© 2024 The Daily Ledger. All rights reserved.</p>
    <p><a href="/privacy">Privacy policy</a> | <a href="/contact">Contact us</a></p>
  </footer>
</body>
</html>
"""
PARAGRAPHS = [
    "Court rules against city in zoning case",
    "A state court on Tuesday ruled that the city violated its own zoning rules when it approved a new tower "
    "on the waterfront, a decision that could halt construction for months.",
    "“We will appeal,” said Jane Doe, a lawyer.",
    "The mayor's office said it was reviewing the decision. Residents who brought the case said they were relieved.",
    "“This is a victory for every neighbourhood in the city,” said Tom Lee, who led the residents' group.",
]
BOILERPLATE = ["Home", "Politics", "Subscribe", "Daily Ledger", "All rights reserved", "Privacy", "Contact us"]


def read(*paths: str | Path, **fields: str) -> list[Article | InputProblem]:
    return list(read_articles([str(p) for p in paths], **fields))


def run(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def jsonl(file: Path, *rows: dict[str, Any] | str) -> Path:
    """`file` with one line per row: a dict as JSON, a string as it is."""
    lines = (row if isinstance(row, str) else json.dumps(row) for row in rows)
    file.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return file


@pytest.fixture
def light(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI runs the quote finder on a blank pipeline: no model to load."""
    monkeypatch.setattr(cli, "load_pipeline", lambda model, **options: LightPipeline())


# --- metadata --------------------------------------------------------------------------


def test_fields_other_than_text_and_id_are_kept_as_meta(tmp_path: Path):
    file = jsonl(tmp_path / "batch.jsonl", {"id": "a", "text": SAID, **META}, {"text": "No metadata."})
    assert read(file) == [Article("a", str(file), SAID, META), Article("batch:2", str(file), "No metadata.")]


def test_meta_round_trip_through_the_cli(tmp_path: Path, light):
    file = jsonl(tmp_path / "batch.jsonl", {"id": "a", **META, "text": SAID}, {"id": "b", "text": "Plain."})
    story = tmp_path / "story.txt"
    story.write_text(SAID, encoding="utf-8")
    result = run(file, story)
    assert result.exit_code == 0, result.stderr
    first, second, third = records(result.stdout)
    assert first["meta"] == META
    assert (second["meta"], third["meta"]) == ({}, {})
    assert list(first)[:6] == ["id", "path", "schema", "tool", "meta", "quotes"]
    assert not any("text" in record for record in (first, second, third))  # only a web page's record has it


def test_meta_is_kept_when_a_long_article_is_merged_from_pieces():
    text = "\n".join(f"“Line {n} is here,” Ann Lee said." for n in range(40))
    article = Article("long", "long.html", text, META, extracted=True)
    record = extract_article(LightPipeline(), article, "m", piece_chars=200)  # type: ignore[arg-type]
    assert record["meta"] == META and record["text"] == text
    assert list(record)[:7] == ["id", "path", "schema", "tool", "meta", "text", "quotes"]
    assert len(record["quotes"]) == 40


@pytest.mark.parametrize("field, value, message", [
    ("outlet", "Ledger\ud800", '"outlet" contains an unpaired surrogate escape (such as \\ud800)'),
    ("tags", {"deep": ["x\udc00"]}, '"tags" contains an unpaired surrogate escape (such as \\ud800)'),
    ("tree", json.loads("[" * (MAX_META_DEPTH + 1) + "]" * (MAX_META_DEPTH + 1)),
     f'"tree" is nested more than {MAX_META_DEPTH} levels deep'),
], ids=["surrogate", "nested-surrogate", "too-deep"])
def test_metadata_no_output_could_write_loses_only_its_line(tmp_path: Path, field: str, value: Any, message: str):
    bad = json.dumps({"id": "b", "text": SAID, field: value}, ensure_ascii=True)
    file = jsonl(tmp_path / "m.jsonl", {"id": "a", "text": SAID}, bad, {"id": "c", "text": SAID})
    first, problem, third = read(file)
    assert problem == InputProblem(f"{file}:2", message)
    assert (first.id, third.id) == ("a", "c")  # type: ignore[union-attr]


# --- field names -----------------------------------------------------------------------


def test_text_and_id_fields_can_be_renamed(tmp_path: Path):
    file = jsonl(tmp_path / "feed.jsonl", {"slug": "s1", "body": SAID, "text": "a teaser", "id": 99})
    [article] = read(file, text_field="body", id_field="slug")
    assert article == Article("s1", str(file), SAID, {"text": "a teaser", "id": 99})


def test_text_and_id_fields_renamed_through_the_cli(tmp_path: Path, light):
    file = jsonl(tmp_path / "feed.jsonl", {"slug": "s1", "body": SAID, "outlet": "CBC"}, {"slug": "s2", "text": "x"})
    result = run(file, "--text-field", "body", "--id-field", "slug")
    assert result.exit_code == 1  # the second line has no "body"
    [record] = records(result.stdout)
    assert (record["id"], record["meta"]) == ("s1", {"outlet": "CBC"})
    assert record["quotes"][0]["text"] == SAID[record["quotes"][0]["start"]:record["quotes"][0]["end"]]
    assert f'{file}:2: no "body" field' in result.stderr


def test_missing_text_field_is_named_and_the_other_lines_are_read(tmp_path: Path):
    file = jsonl(tmp_path / "feed.jsonl", {"body": "One."}, {"text": "Two."}, {"body": "Three.", "slug": "x"})
    assert read(file, text_field="body", id_field="slug") == [
        Article("feed:1", str(file), "One."),  # no id field: named after where it was, as before
        InputProblem(f"{file}:2", 'no "body" field'),
        Article("x", str(file), "Three."),
    ]


def test_wrong_types_name_the_renamed_fields(tmp_path: Path):
    file = jsonl(tmp_path / "feed.jsonl", {"body": 3}, {"body": "x", "slug": [1]})
    assert read(file, text_field="body", id_field="slug") == [
        InputProblem(f"{file}:1", '"body" is a number, not a string'),
        InputProblem(f"{file}:2", '"slug" is an array, not a string or number'),
    ]


def test_renamed_fields_on_stdin(monkeypatch: pytest.MonkeyPatch):
    data = json.dumps({"slug": "s", "body": SAID, "outlet": "X"}).encode() + b"\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert read("-", text_field="body", id_field="slug") == [Article("s", None, SAID, {"outlet": "X"})]


# --- .json arrays ----------------------------------------------------------------------


def test_json_array_is_read_like_json_lines(tmp_path: Path):
    file = tmp_path / "corpus.json"
    items = [{"id": "a", "text": SAID, **META}, {"text": "Two."}, 3, {"id": "d"}, {"id": "e", "text": "Five."}]
    file.write_text(json.dumps(items, indent=2), encoding="utf-8")
    assert read(file) == [
        Article("a", str(file), SAID, META),
        Article("corpus:[1]", str(file), "Two."),
        InputProblem(f"{file}:[2]", "expected a JSON object, got a number"),
        InputProblem(f"{file}:[3]", 'no "text" field'),
        Article("e", str(file), "Five."),
    ]


@pytest.mark.parametrize("content, message", [
    ('{"id": "a", "text": "One."}', "expected a JSON array of objects, got an object"),
    ('["One.", "Two."]', "expected a JSON array of objects, got an array with no object in it"),
    ('[{"text": "One."},\n {"text": "Two."', "malformed JSON: Expecting ',' delimiter (line 2 column 17)"),
    ("  \n", "empty file, expected a JSON array of objects"),
], ids=["object", "strings", "malformed", "empty"])
def test_bad_json_file_is_one_problem_and_the_next_file_is_read(tmp_path: Path, content: str, message: str):
    bad, good = tmp_path / "bad.json", tmp_path / "good.txt"
    bad.write_text(content, encoding="utf-8")
    good.write_text(SAID, encoding="utf-8")
    assert read(bad, good) == [InputProblem(str(bad), message), Article("good", str(good), SAID)]


def test_json_array_and_bad_json_through_the_cli(tmp_path: Path, light):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps([{"id": "a", "text": SAID, "outlet": "X"}, {"text": "Two."}]), encoding="utf-8")
    bad.write_text('{"text": "not in an array"}', encoding="utf-8")
    result = run(good, bad)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"extract: {bad}: expected a JSON array of objects, got an object"]
    assert [(r["id"], r["meta"]) for r in records(result.stdout)] == [("a", {"outlet": "X"}), ("good:[1]", {})]


# --- suffixes in any case --------------------------------------------------------------


def upper_case_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "STORY.TXT").write_text(SAID, encoding="utf-8")
    jsonl(tree / "A.JSONL", {"id": "from-jsonl", "text": SAID})
    (tree / "sub" / "List.Json").write_text(json.dumps([{"id": "from-json", "text": SAID}]), encoding="utf-8")
    (tree / "sub" / "page.HTM").write_text(PAGE, encoding="utf-8")
    (tree / "notes.md").write_text("not an article", encoding="utf-8")
    return tree


def test_suffixes_in_any_case_are_found_in_a_directory(tmp_path: Path):
    tree = upper_case_tree(tmp_path)
    items = read(tree)
    assert all(isinstance(item, Article) for item in items), items
    # a .json is read when named, never picked up from a directory (a previous run's -o output)
    assert [item.id for item in items] == ["from-jsonl", "STORY", "sub/page"]  # type: ignore[union-attr]


def test_suffixes_in_any_case_given_directly(tmp_path: Path):
    tree = upper_case_tree(tmp_path)
    items = read(tree / "A.JSONL", tree / "sub" / "List.Json", tree / "sub" / "page.HTM")
    assert [item.id for item in items] == ["from-jsonl", "from-json", "page"]  # type: ignore[union-attr]


def test_directory_message_names_every_suffix_read(tmp_path: Path):
    (tmp_path / "notes.md").write_text("nothing to read", encoding="utf-8")
    message = "no .txt, .jsonl, .html or .htm files in this directory"
    assert read(tmp_path) == [InputProblem(str(tmp_path), message)]


def test_upper_case_directory_through_the_cli(tmp_path: Path, light):
    result = run(upper_case_tree(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert [r["id"] for r in records(result.stdout)] == ["from-jsonl", "STORY", "sub/page"]


# --- web pages -------------------------------------------------------------------------


def test_html_page_is_reduced_to_its_article_paragraphs(tmp_path: Path):
    page = tmp_path / "court.html"
    page.write_text(PAGE, encoding="utf-8")
    [article] = read(page)
    assert isinstance(article, Article)
    assert article.text == "\n\n".join(PARAGRAPHS)  # a blank line between paragraphs: the segmenter's breaks
    assert not any(word in article.text for word in BOILERPLATE)
    assert (article.id, article.path, article.meta, article.extracted) == ("court", str(page), {}, True)


def test_html_fragment_and_windows_1252_page(tmp_path: Path):
    fragment = tmp_path / "fragment.htm"
    fragment.write_text("<p>“Yes,” Ann Lee said.</p>", encoding="utf-8")
    legacy = tmp_path / "legacy.html"
    legacy.write_bytes("<html><body><p>“Non,” dit René.</p></body></html>".encode("cp1252"))
    first, warning, second = read(fragment, legacy)
    assert first.text == "“Yes,” Ann Lee said."  # type: ignore[union-attr]
    assert isinstance(warning, InputProblem) and warning.warning and warning.where == str(legacy)
    assert second.text == "“Non,” dit René."  # type: ignore[union-attr]


@pytest.mark.parametrize("content", [
    "<html><head><title>Empty</title><script>var x = 1;</script></head><body></body></html>",
    "",
], ids=["no-text", "empty-file"])
def test_page_without_article_text_is_a_problem(tmp_path: Path, content: str):
    page, good = tmp_path / "empty.html", tmp_path / "good.txt"
    page.write_text(content, encoding="utf-8")
    good.write_text(SAID, encoding="utf-8")
    assert read(page, good) == [InputProblem(str(page), "no article text found"), Article("good", str(good), SAID)]


def test_binary_html_is_a_problem(tmp_path: Path):
    page = tmp_path / "image.html"
    page.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert read(page) == [InputProblem(str(page), "binary file (contains NUL bytes), skipped")]


def test_html_record_carries_the_text_its_offsets_refer_to(tmp_path: Path, light):
    page = tmp_path / "court.html"
    page.write_text(PAGE, encoding="utf-8")
    result = run(page)
    assert result.exit_code == 0, result.stderr
    [record] = records(result.stdout)
    assert record["text"] == "\n\n".join(PARAGRAPHS) and record["meta"] == {}
    assert list(record)[:7] == ["id", "path", "schema", "tool", "meta", "text", "quotes"]
    found = [record["text"][q["start"]:q["end"]] for q in record["quotes"]]
    assert found == [q["text"] for q in record["quotes"]]
    assert "“We will appeal,”" in found


@pytest.mark.model
def test_quote_on_a_web_page_is_attributed(tmp_path: Path, extract: Callable[[str], dict[str, Any]], nlp: Language):
    page = tmp_path / "court.html"
    page.write_text(PAGE, encoding="utf-8")
    [article] = read(page)
    assert isinstance(article, Article)
    quotes = {q["text"]: q for q in extract(article.text)["quotes"]}
    appeal = quotes["“We will appeal,”"]
    assert appeal["speaker"]["name"] == "Jane Doe"
    assert article.text[appeal["start"]:appeal["end"]] == "“We will appeal,”"
    assert appeal["paragraph"] == 2
    record = article_record(article, nlp(article.text), "test")
    assert record["text"] == article.text
    assert [q["start"] for q in record["quotes"]] == [q["start"] for q in quotes.values()]


# --- URLs (fsspec) -----------------------------------------------------------------------


def test_a_url_is_read_through_fsspec(tmp_path: Path):
    pytest.importorskip("fsspec")
    folder = tmp_path / "remote"
    (folder / "sub").mkdir(parents=True)
    jsonl(folder / "feed.jsonl", {"id": "a", "text": SAID, "outlet": "CBC"})
    (folder / "sub" / "story.TXT").write_text(SAID, encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    url = folder.as_uri()
    items = read(url + "/feed.jsonl") + read(url)
    assert [(a.id, a.path, a.text, a.meta) for a in items] == [  # type: ignore[union-attr]
        ("a", f"{url}/feed.jsonl", SAID, {"outlet": "CBC"}),
        ("a", f"{url}/feed.jsonl", SAID, {"outlet": "CBC"}),
        ("sub/story", f"{url}/sub/story.TXT", SAID, {}),
    ]
    assert read(url + "/missing.jsonl") == [InputProblem(url + "/missing.jsonl", "no such file or directory")]
