"""Odd inputs that must lose nothing and clobber nothing: file names that are not UTF-8, lone
surrogates in JSON Lines, unreadable subdirectories, escape sequences bound for a terminal,
and UTF-16/UTF-32 files with a byte order mark.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from extractor.cli import app
from extractor.processing.articles import InputProblem, path_text, read_articles
from extractor.processing.records import Article
from extractor.views.render import quotes_table
from extractor.views.safe_text import terminal_line, visible
from extractor.views.show import article_view

runner = CliRunner()
SAID = "“We are ready,” Jane Smith said.\n"


def run(*args: str | Path, input: bytes | str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def read(*paths: str | Path) -> list[Article | InputProblem]:
    return list(read_articles([str(p) for p in paths]))


def records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def stderr_lines(result) -> list[str]:
    return result.stderr.strip().splitlines()


def utf8_clean(value: object) -> bool:
    """True when every string in `value` can be written as UTF-8 (no lone surrogates)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def bytes_file(directory: Path, name: bytes, content: bytes) -> Path:
    """A file whose name is raw bytes, as Python names it (`os.fsdecode`); skip where names must be UTF-8."""
    raw = os.fsencode(directory) + b"/" + name
    try:
        with open(raw, "wb") as file:
            file.write(content)
    except OSError as error:  # e.g. macOS (APFS) refuses names that are not UTF-8
        pytest.skip(f"this file system does not take the name {name!r}: {error}")
    return Path(os.fsdecode(raw))


# --- 1. file names that are not UTF-8 -------------------------------------------------------


def test_path_text_escapes_undecodable_bytes_and_lone_surrogates_only():
    assert path_text("café/story.txt") == "café/story.txt"
    assert path_text(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert path_text("a\ud800b") == "a\\ud800b"
    assert path_text("tab\there\x1b") == "tab\there\x1b"  # control characters: left to the views


def test_undecodable_file_name_in_a_directory_is_read_with_an_escaped_id_and_path(tmp_path: Path):
    bytes_file(tmp_path, b"caf\xe9.txt", SAID.encode())
    [article] = read(tmp_path)
    assert article == Article("caf\\xe9", os.path.join(str(tmp_path), "caf\\xe9.txt"), SAID)
    assert utf8_clean([article.id, article.path])


def test_undecodable_file_name_given_directly(tmp_path: Path):
    file = bytes_file(tmp_path, b"caf\xe9.txt", SAID.encode())
    [article] = read(file)
    assert article == Article("caf\\xe9", path_text(str(file)), SAID)
    assert utf8_clean([article.id, article.path])


def test_undecodable_jsonl_name_gives_valid_default_ids(tmp_path: Path):
    file = bytes_file(tmp_path, b"b\xff.jsonl", b'{"text": "T"}\n')
    [article] = read(tmp_path)
    assert (article.id, article.path) == ("b\\xff:1", path_text(str(file)))


def test_undecodable_subdirectory_name(tmp_path: Path):
    sub = Path(os.fsdecode(os.fsencode(tmp_path) + b"/d\xe8"))
    sub.mkdir()
    (sub / "a.txt").write_text("A")
    [article] = read(tmp_path)
    assert (article.id, article.path) == ("d\\xe8/a", os.path.join(str(tmp_path), "d\\xe8", "a.txt"))


def test_a_name_too_long_is_reported_and_the_run_goes_on(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text("ok")
    long = str(tmp_path / ("x" * 5000))  # Path.is_dir() raises on this instead of saying False
    assert read(long, good) == [InputProblem(long, "file name too long"), Article("good", str(good), "ok")]


@pytest.mark.model
def test_undecodable_file_name_through_the_cli_with_output_and_html(tmp_path: Path):
    articles = tmp_path / "in"
    articles.mkdir()
    bytes_file(articles, b"caf\xe9.txt", SAID.encode())
    (articles / "plain.txt").write_text(SAID, encoding="utf-8")
    out, html = tmp_path / "out.json", tmp_path / "report.html"
    result = run("-f", "jsonl", "-o", out, "--html", html, articles)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    found = records(result.stdout)
    assert [(r["id"], r["path"]) for r in found] == [
        ("caf\\xe9", os.path.join(str(articles), "caf\\xe9.txt")),
        ("plain", os.path.join(str(articles), "plain.txt")),
    ]
    assert found[0]["quotes"][0]["speaker"]["name"] == "Jane Smith"  # read like any other
    assert [r["id"] for r in json.loads(out.read_text(encoding="utf-8"))] == ["caf\\xe9", "plain"]
    assert "caf\\xe9" in html.read_text(encoding="utf-8")


# --- 2. lone surrogates in JSON Lines ------------------------------------------------------


def surrogate_lines(tmp_path: Path) -> Path:
    file = tmp_path / "s.jsonl"
    rows = [
        {"id": "a", "text": "“One,” she said."},
        {"id": "b\ud800", "text": "“Two,” she said."},
        {"id": "c", "text": "“Three,” she said."},
        {"id": "d", "text": "“Four\udc00,” she said."},
        {"id": "e", "text": "“Five,” she said."},
    ]
    file.write_text("".join(json.dumps(row, ensure_ascii=True) + "\n" for row in rows), encoding="ascii")
    assert b"\\ud800" in file.read_bytes()
    return file


def test_lone_surrogate_in_id_or_text_is_reported_and_reading_goes_on(tmp_path: Path):
    file = surrogate_lines(tmp_path)
    items = read(file)
    assert [item for item in items if isinstance(item, InputProblem)] == [
        InputProblem(f"{file}:2", '"id" contains an unpaired surrogate escape (such as \\ud800)'),
        InputProblem(f"{file}:4", '"text" contains an unpaired surrogate escape (such as \\ud800)'),
    ]
    assert [item.id for item in items if isinstance(item, Article)] == ["a", "c", "e"]


@pytest.mark.parametrize("line, message", [
    (b'{"text": "a", "id": ' + b"1" * 5000 + b"}", "unreadable JSON: exceeds the limit (4300 digits)"),
    (b"[" * 100_000, "unreadable JSON: nested too deeply"),
], ids=["5000-digit-id", "deep-nesting"])
def test_json_python_cannot_load_is_a_bad_line_not_the_end_of_the_run(tmp_path: Path, line: bytes, message: str):
    file = tmp_path / "odd.jsonl"
    file.write_bytes(b'{"text": "first"}\n' + line + b'\n{"text": "third"}\n')
    first, problem, third = read(file)
    assert isinstance(problem, InputProblem) and problem.where == f"{file}:2"
    assert problem.message.startswith(message)
    assert (first.text, third.text) == ("first", "third")  # type: ignore[union-attr]


@pytest.mark.model
def test_lone_surrogates_through_the_cli_lose_only_their_lines(tmp_path: Path):
    file = surrogate_lines(tmp_path)
    out, html = tmp_path / "out.json", tmp_path / "report.html"
    result = run("-f", "jsonl", "-o", out, "--html", html, file)
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f'extract: {file}:2: "id" contains an unpaired surrogate escape (such as \\ud800)',
        f'extract: {file}:4: "text" contains an unpaired surrogate escape (such as \\ud800)',
    ]
    assert [r["id"] for r in records(result.stdout)] == ["a", "c", "e"]
    assert [r["id"] for r in json.loads(out.read_text(encoding="utf-8"))] == ["a", "c", "e"]
    assert "Five" in html.read_text(encoding="utf-8")


# --- 3. unreadable subdirectories ----------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """a.txt, sub/b.txt, sub/deeper/c.txt, z.txt."""
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    for rel in ("a.txt", "sub/b.txt", "sub/deeper/c.txt", "z.txt"):
        (tmp_path / rel).write_text(rel)
    return tmp_path


@pytest.fixture
def deny(monkeypatch: pytest.MonkeyPatch):
    """Make the directories with the given names unreadable, as chmod 000 would for anyone but root."""

    def install(*names: str) -> None:
        real = os.scandir

        def scandir(path: Any = "."):
            if Path(path).name in names:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)

    return install


def test_unreadable_subdirectory_is_reported_in_its_place(tree: Path, deny):
    deny("sub")
    assert read(tree) == [
        Article("a", str(tree / "a.txt"), "a.txt"),
        InputProblem(os.path.join(str(tree), "sub"), "permission denied"),
        Article("z", str(tree / "z.txt"), "z.txt"),
    ]


def test_unreadable_directory_deeper_down(tree: Path, deny):
    deny("deeper")
    assert read(tree) == [
        Article("a", str(tree / "a.txt"), "a.txt"),
        Article("sub/b", str(tree / "sub" / "b.txt"), "sub/b.txt"),
        InputProblem(os.path.join(str(tree), "sub", "deeper"), "permission denied"),
        Article("z", str(tree / "z.txt"), "z.txt"),
    ]


def test_unreadable_directory_given_is_one_problem(tree: Path, deny):
    deny(tree.name)
    assert read(tree) == [InputProblem(str(tree), "permission denied")]


def test_directory_order_is_unchanged_by_the_walk(tmp_path: Path):
    for rel in ("a.b/x.txt", "a/x.txt", "a/b.jsonl", "B.txt", "a b.txt"):
        (tmp_path / rel).parent.mkdir(exist_ok=True)
        (tmp_path / rel).write_text('{"text": "J"}' if rel.endswith(".jsonl") else "T")
    (tmp_path / "link").symlink_to(tmp_path / "a")  # a link to a directory is not followed
    assert [item.id for item in read(tmp_path)] == ["B", "a b", "a.b/x", "b:1", "a/x"]  # type: ignore[union-attr]


@pytest.mark.model
def test_unreadable_subdirectory_through_the_cli(tree: Path, deny):
    deny("sub")
    result = run("-f", "jsonl", tree)
    assert result.exit_code == 1
    assert stderr_lines(result) == [f"extract: {os.path.join(str(tree), 'sub')}: permission denied"]
    assert [r["id"] for r in records(result.stdout)] == ["a", "z"]


@pytest.mark.model
@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads directories whatever their mode")
def test_unreadable_subdirectory_chmod(tree: Path):
    (tree / "sub").chmod(0)
    try:
        result = run("-f", "jsonl", tree)
    finally:
        (tree / "sub").chmod(0o755)
    assert result.exit_code == 1
    assert stderr_lines(result) == [f"extract: {os.path.join(str(tree), 'sub')}: permission denied"]
    assert [r["id"] for r in records(result.stdout)] == ["a", "z"]


# --- 4. control characters on the terminal -------------------------------------------------

ESCAPES = "\x1b[2J\x1b]0;owned\x07"  # clear the screen, set the window title
TEXT = f"Headline{ESCAPES}\n\n“We are\x1b[31m ready,\x9b” Jane\x7f Smith said.\tAgain.\n"


def terminal_record() -> dict[str, Any]:
    """A record of TEXT by hand: one quote, its speaker named with a DEL in the middle."""

    def span(needle: str) -> dict[str, Any]:
        start = TEXT.index(needle)
        return {"text": needle, "start": start, "end": start + len(needle)}

    quote, mention, cue = span("“We are\x1b[31m ready,\x9b”"), span("Jane\x7f Smith"), span("said")
    speaker = {"id": "S1", "name": "Jane\x7f Smith", "kind": "person", "role": "boss\x1b[5m"}
    return {
        "id": f"odd{ESCAPES}", "path": f"odd{ESCAPES}.txt", "schema": 2,
        "tool": {"name": "extractor", "version": "0", "model": "test"},
        "quotes": [{**quote, "index": 0, "paragraph": 1, "type": "direct", "continues": None,
                    "speaker": {**speaker, "mention": mention}, "cue": cue, "confidence": 0.95,
                    "rule": "verb after quote", "nested": []}],
        "speakers": [{**speaker, "mentions": [mention], "quotes": 1}],
    }


def printed(renderable: Any, *, colour: bool) -> str:
    console = Console(file=io.StringIO(), width=200, force_terminal=colour, color_system="256" if colour else None,
                      highlight=False)
    console.print(renderable)
    return console.file.getvalue()


def controls(text: str, *, styles: bool) -> set[str]:
    """The control characters in `text` but newlines, and for styled output the ESC of rich's own SGR styles."""
    if styles:
        import re

        text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return {c for c in text if (c < " " or "\x7f" <= c <= "\x9f") and c != "\n"}


def test_visible_escapes_controls_but_keeps_what_layout_needs():
    assert visible("a\x1b[2J\tb\nc\x7f\x9b\x00") == "a\\x1b[2J\tb\nc\\x7f\\x9b\\x00"
    assert visible("plain “text”, é") == "plain “text”, é"
    assert terminal_line("a\tb\nc\x1b\udce9") == "a\\x09b\\x0ac\\x1b\\xe9"


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
def test_table_shows_control_characters_as_escapes(colour: bool):
    out = printed(quotes_table(terminal_record()), colour=colour)
    assert controls(out, styles=colour) == set()
    assert "odd\\x1b[2J\\x1b]0;owned\\x07" in out  # the title: nothing hidden
    assert "“We are\\x1b[31m ready,\\x9b”" in out
    assert "Jane\\x7f Smith" in out and "boss\\x1b[5m" in out


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
def test_show_shows_control_characters_as_escapes(colour: bool):
    out = printed(article_view(terminal_record(), TEXT), colour=colour)
    assert controls(out, styles=colour) == set()
    plain = printed(article_view(terminal_record(), TEXT), colour=False)
    assert "Headline\\x1b[2J\\x1b]0;owned\\x07" in plain
    assert "“We are\\x1b[31m ready,\\x9b” [Jane\\x7f Smith] Jane\\x7f Smith said." in plain
    assert "odd\\x1b[2J\\x1b]0;owned\\x07.txt" in plain  # the path in the header
    assert "boss\\x1b[5m" in plain  # the legend


@pytest.mark.model
def test_escape_sequences_reach_the_terminal_views_escaped_and_json_exact(tmp_path: Path):
    file = tmp_path / "esc\x1b[2J.txt"
    file.write_text(TEXT, encoding="utf-8")
    for args in (["-f", "table"], ["--show"]):
        result = run(*args, file)
        assert result.exit_code == 0, result.stderr
        assert controls(result.stdout, styles=False) == set()
        assert "esc\\x1b[2J" in result.stdout and "ready,\\x9b”" in result.stdout
        assert ("Headline\\x1b[2J\\x1b]0;owned\\x07" in result.stdout) is ("--show" in args)
    [record] = records(run("-f", "jsonl", file).stdout)
    assert (record["id"], record["path"]) == ("esc\x1b[2J", str(file))  # records keep the text exact
    assert all(TEXT[q["start"]:q["end"]] == q["text"] for q in record["quotes"])


@pytest.mark.model
def test_messages_on_stderr_show_control_characters_as_escapes(tmp_path: Path):
    file = tmp_path / "bad\x1b]0;owned\x07.txt"
    file.write_bytes(b"\x00")
    result = run("-f", "jsonl", file)
    assert result.exit_code == 1
    assert stderr_lines(result) == [f"extract: {terminal_line(str(file))}: binary file (contains NUL bytes), skipped"]


# --- 5. UTF-16 and UTF-32 with a byte order mark -------------------------------------------

WIDE = [
    pytest.param(codecs.BOM_UTF16_LE, "utf-16-le", id="utf-16-le"),
    pytest.param(codecs.BOM_UTF16_BE, "utf-16-be", id="utf-16-be"),
    pytest.param(codecs.BOM_UTF32_LE, "utf-32-le", id="utf-32-le"),
    pytest.param(codecs.BOM_UTF32_BE, "utf-32-be", id="utf-32-be"),
]
# Ċ is U+010A,਀ U+0A00 and 𐨊 U+10A0A: bytes 0x0A in UTF-16 and UTF-32 that are no line end.
WIDE_TEXT = "“Ċa਀,” said 𐨊 Jane.\r\nÉté\n"


@pytest.mark.parametrize("bom, encoding", WIDE)
def test_text_file_with_a_wide_bom_is_decoded_without_it(tmp_path: Path, bom: bytes, encoding: str):
    file = tmp_path / "wide.txt"
    file.write_bytes(bom + WIDE_TEXT.encode(encoding))
    assert read(file) == [Article("wide", str(file), WIDE_TEXT)]


def test_what_python_writes_as_utf_16_is_read(tmp_path: Path):
    file = tmp_path / "unicode.txt"
    file.write_text(WIDE_TEXT, encoding="utf-16")  # BOM and native byte order, as Notepad's "Unicode"
    assert read(file) == [Article("unicode", str(file), WIDE_TEXT)]


@pytest.mark.parametrize("bom, encoding", WIDE)
def test_jsonl_with_a_wide_bom_is_decoded_line_by_line(tmp_path: Path, bom: bytes, encoding: str):
    file = tmp_path / "wide.jsonl"
    lines = json.dumps({"id": "x", "text": WIDE_TEXT}, ensure_ascii=False) + "\n\n{oops\n" + '{"text": "Ċ"}'
    file.write_bytes(bom + lines.encode(encoding))
    assert read(file) == [
        Article("x", str(file), WIDE_TEXT),
        InputProblem(f"{file}:3", "malformed JSON: Expecting property name enclosed in double quotes (column 2)"),
        Article("wide:4", str(file), "Ċ"),
    ]


def test_invalid_utf16_after_its_bom_is_read_with_a_warning(tmp_path: Path):
    file = tmp_path / "cut.txt"
    file.write_bytes(codecs.BOM_UTF16_LE + "Hi, she said.".encode("utf-16-le") + b"\x00\xd8" + b"!")
    warning, article = read(file)
    assert warning == InputProblem(str(file), "not valid UTF-16-LE (byte 28), undecodable bytes read as U+FFFD",
                                   warning=True)
    assert isinstance(article, Article) and article.text.startswith("Hi, she said.\ufffd")


def test_invalid_utf16_jsonl_line_is_warned_about_once(tmp_path: Path):
    file = tmp_path / "cut.jsonl"
    bad = '{"text": "A'.encode("utf-16-le") + b"\x00\xd8" + '"}\n'.encode("utf-16-le")
    file.write_bytes(codecs.BOM_UTF16_LE + '{"text": "ok"}\n'.encode("utf-16-le") + bad + bad)
    items = read(file)
    assert items[0] == Article("cut:1", str(file), "ok")
    assert items[1] == InputProblem(f"{file}:2", "not valid UTF-16-LE (byte 22), undecodable bytes read as "
                                    "U+FFFD; so are any later such lines", warning=True)
    assert [item.text for item in items[2:]] == ["A\ufffd", "A\ufffd"]  # type: ignore[union-attr]


def test_nul_bytes_without_a_bom_are_still_binary(tmp_path: Path):
    file = tmp_path / "wide.txt"
    file.write_bytes(WIDE_TEXT.encode("utf-16-le"))
    assert read(file) == [InputProblem(str(file), "binary file (contains NUL bytes), skipped")]


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch):
    def feed(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))

    return feed


def test_utf16_stdin_text(stdin):
    stdin(codecs.BOM_UTF16_BE + WIDE_TEXT.encode("utf-16-be"))
    assert read("-") == [Article("stdin", None, WIDE_TEXT)]


def test_utf16_stdin_json_lines_after_blank_lines(stdin):
    stdin(codecs.BOM_UTF16_LE + '\n \n{"id": "a", "text": "Ċ"}\n{"text": "B"}\n'.encode("utf-16-le"))
    assert read("-") == [Article("a", None, "Ċ"), Article("stdin:4", None, "B")]


@pytest.mark.model
def test_utf16_file_offsets_index_the_decoded_text(tmp_path: Path):
    file = tmp_path / "unicode.txt"
    file.write_bytes(codecs.BOM_UTF16_LE + SAID.encode("utf-16-le"))
    result = run("-f", "jsonl", file)
    assert result.exit_code == 0 and result.stderr == ""
    [quote] = records(result.stdout)[0]["quotes"]
    assert (quote["start"], quote["end"], quote["speaker"]["name"]) == (0, 15, "Jane Smith")
    assert SAID[quote["start"]:quote["end"]] == quote["text"]
