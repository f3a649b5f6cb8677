"""Readers: files, directories, JSON Lines and stdin to articles or reported problems (no model needed)."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from extractor.processing.articles import InputProblem, read_articles
from extractor.processing.records import Article


def read(*paths: str | Path) -> list[Article | InputProblem]:
    return list(read_articles([str(p) for p in paths]))


def articles(items: list[Article | InputProblem]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def problems(items: list[Article | InputProblem]) -> list[InputProblem]:
    return [item for item in items if isinstance(item, InputProblem)]


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch):
    """Replace stdin with the given bytes."""

    def feed(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))

    return feed


def jsonl(*records: object) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def test_txt_in_directory_id_is_relative_path_without_extension(tmp_path: Path):
    (tmp_path / "b.txt").write_text("B")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("A")
    (tmp_path / "notes.md").write_text("ignored")
    found = articles(read(tmp_path))
    assert [(a.id, a.text) for a in found] == [("b", "B"), ("sub/a", "A")]
    assert found[0].path == os.path.join(str(tmp_path), "b.txt")


def test_directory_path_is_shown_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "000_x.txt").write_text("text")
    monkeypatch.chdir(tmp_path)
    [article] = read("seeds/")
    assert article == Article("000_x", "seeds/000_x.txt", "text")


def test_txt_given_directly_id_is_stem(tmp_path: Path):
    file = tmp_path / "story.txt"
    file.write_text("Hello.")
    assert read(file) == [Article("story", str(file), "Hello.")]


def test_jsonl_one_article_per_line_other_fields_kept_as_meta(tmp_path: Path):
    file = tmp_path / "batch.jsonl"
    file.write_bytes(jsonl({"id": "x", "text": "One", "meta": {"a": 1}}, {"text": "Two"}, {"id": 7, "text": "Three"}))
    assert read(file) == [
        Article("x", str(file), "One", meta={"meta": {"a": 1}}),
        Article("batch:2", str(file), "Two"),
        Article("7", str(file), "Three"),
    ]


def test_jsonl_blank_lines_skipped_but_counted(tmp_path: Path):
    file = tmp_path / "b.jsonl"
    file.write_bytes(b'\n{"text": "T"}\n\n')
    assert [a.id for a in articles(read(file))] == ["b:2"]


def test_directory_reads_jsonl_too_sorted(tmp_path: Path):
    (tmp_path / "b.txt").write_text("B")
    (tmp_path / "a.jsonl").write_bytes(jsonl({"id": "j", "text": "J"}))
    assert [a.id for a in articles(read(tmp_path))] == ["j", "b"]


def test_stdin_text_is_one_article(stdin):
    stdin(b'"Hi," she said.\n\nMore.\n')
    assert read("-") == [Article("stdin", None, '"Hi," she said.\n\nMore.\n')]


def test_stdin_json_lines_detected_by_first_non_blank_char(stdin):
    stdin(b"\n  " + jsonl({"id": "a", "text": "A"}, {"text": "B"}))
    assert read("-") == [Article("a", None, "A"), Article("stdin:3", None, "B")]


def test_stdin_problems_are_located_by_line(stdin):
    stdin(b'{"text": "A"}\n{oops\n')
    [problem] = problems(read("-"))
    assert problem.where == "<stdin>:2"


def test_utf8_bom_is_stripped(tmp_path: Path):
    file = tmp_path / "bom.txt"
    file.write_bytes("\ufeffÉté “yes”".encode())
    assert read(file) == [Article("bom", str(file), "Été “yes”")]


def test_bom_before_jsonl_first_line(tmp_path: Path):
    file = tmp_path / "bom.jsonl"
    file.write_bytes(b"\xef\xbb\xbf" + jsonl({"text": "A"}))
    assert read(file) == [Article("bom:1", str(file), "A")]


@pytest.mark.parametrize("ending", [b"\r\n", b"\r"], ids=["crlf", "cr"])
def test_line_endings_are_kept(tmp_path: Path, ending: bytes):
    file = tmp_path / "win.txt"
    file.write_bytes(b"one" + ending + b"two" + ending)
    [article] = read(file)
    assert article.text == "one" + ending.decode() + "two" + ending.decode()


def test_crlf_inside_jsonl_text_is_kept(tmp_path: Path):
    file = tmp_path / "win.jsonl"
    file.write_bytes(jsonl({"text": "a\r\nb"}).replace(b"\n", b"\r\n"))
    assert articles(read(file))[0].text == "a\r\nb"


def test_cp1252_is_decoded_with_a_warning(tmp_path: Path):
    file = tmp_path / "old.txt"
    file.write_bytes(b"caf\xe9 \x93quoted\x94")
    warning, article = read(file)
    assert isinstance(warning, InputProblem) and warning.warning
    assert warning.where == str(file) and "cp1252" in warning.message
    assert article == Article("old", str(file), "café “quoted”")


def test_binary_file_is_reported_not_decoded(tmp_path: Path):
    file = tmp_path / "image.txt"
    file.write_bytes(b"\x89PNG\x00\x00")
    assert read(file) == [InputProblem(str(file), "binary file (contains NUL bytes), skipped")]


def test_utf16_jsonl_without_bom_is_binary_once_not_every_line(tmp_path: Path):
    file = tmp_path / "wide.jsonl"
    file.write_bytes(jsonl({"text": "A"}, {"text": "B"}).decode().encode("utf-16-le"))  # no BOM to tell it by
    [problem] = read(file)
    assert problem.where == f"{file}:1" and "binary" in problem.message and not problem.warning


@pytest.mark.parametrize("line, message", [
    (b"{not json", "malformed JSON"),
    (b'{"id": "x"}', 'no "text" field'),
    (b'{"text": 5}', '"text" is a number, not a string'),
    (b'{"text": null}', '"text" is null, not a string'),
    (b'["text"]', "expected a JSON object, got an array"),
    (b'{"text": "a", "id": [1]}', '"id" is an array'),
    (b'{"text": "\\ud800"}', "unpaired surrogate"),
], ids=["malformed", "missing-text", "number-text", "null-text", "array", "bad-id", "lone-surrogate"])
def test_bad_jsonl_line_is_reported_and_reading_continues(tmp_path: Path, line: bytes, message: str):
    file = tmp_path / "bad.jsonl"
    file.write_bytes(jsonl({"text": "first"}) + line + b"\n" + jsonl({"text": "third"}))
    items = read(file)
    [problem] = problems(items)
    assert problem.where == f"{file}:2"
    assert message in problem.message
    assert not problem.warning
    assert [a.text for a in articles(items)] == ["first", "third"]


def test_missing_path_is_reported_and_others_still_read(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text("ok")
    items = read(tmp_path / "missing.txt", good, tmp_path / "missing.jsonl")
    assert items == [
        InputProblem(str(tmp_path / "missing.txt"), "no such file or directory"),
        Article("good", str(good), "ok"),
        InputProblem(str(tmp_path / "missing.jsonl"), "no such file or directory"),
    ]


def test_empty_directory_is_reported(tmp_path: Path):
    (tmp_path / "readme.md").write_text("no articles here")
    [problem] = read(tmp_path)
    assert problem.where == str(tmp_path) and "no .txt, .jsonl, .html or .htm files" in problem.message


def test_permission_denied_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    file = tmp_path / "secret.txt"
    file.write_text("x")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)  # chmod 0 does not stop root
    assert read(file) == [InputProblem(str(file), "permission denied")]


def test_jsonl_is_streamed_not_read_whole(tmp_path: Path):
    file = tmp_path / "big.jsonl"
    file.write_bytes(jsonl({"text": "A"}) + b"{broken")
    stream = read_articles([str(file)])
    assert next(stream) == Article("big:1", str(file), "A")  # before the bad line is even parsed
    assert isinstance(next(stream), InputProblem)
