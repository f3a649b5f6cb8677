"""Bad input and failures: one line on stderr per problem, the other articles done, nothing lost.

One test per kind of input (missing, unreadable, binary, mis-encoded, empty, malformed
JSON Lines, pathological quote marks, control characters, long paragraphs) and per
failure (processing error, Ctrl-C, interrupted write of -o, missing model).
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
import spacy
from offsets import assert_offsets_exact
from spacy.language import Language
from typer.testing import CliRunner

from extractor import cli
from extractor.cli import app
from extractor.processing.longtext import extract_article
from extractor.processing.records import Article

SEED = Path(__file__).parents[1] / "seeds" / "000_74297c5d5db63657.txt"
QUOTE_CHARS = "\"'“”‘’«»„`"

runner = CliRunner()


def run(*args: str | Path, input: bytes | str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def stderr_lines(result) -> list[str]:
    return result.stderr.strip().splitlines()


@pytest.fixture
def good(tmp_path: Path) -> Path:
    file = tmp_path / "good.txt"
    file.write_text("“We are ready,” Jane Smith said.\n", encoding="utf-8")
    return file


class LightPipeline:
    """The quote components on a blank English pipeline (no model), raising `error` on texts with 'STOP'."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("article_segmenter")
        self.nlp.add_pipe("quote_finder")
        self.meta, self.max_length, self.error = self.nlp.meta, self.nlp.max_length, error

    def __call__(self, text: str):
        if "STOP" in text and self.error is not None:
            raise self.error
        return self.nlp(text)

    def pipe(self, pairs, *, as_tuples: bool, batch_size: int):
        for text, context in pairs:
            yield self(text), context


@pytest.fixture
def light(monkeypatch: pytest.MonkeyPatch):
    """Make `extract` use a LightPipeline that raises the given exception on 'STOP'."""

    def install(error: BaseException) -> None:
        monkeypatch.setattr(cli, "load_pipeline", lambda model, **options: LightPipeline(error))

    return install


# --- paths -----------------------------------------------------------------------------


@pytest.mark.model
def test_only_a_missing_path_is_exit_1_not_a_usage_error(tmp_path: Path):
    result = run(tmp_path / "nope.txt")
    assert result.exit_code == 1
    assert stderr_lines(result) == [f"extract: {tmp_path / 'nope.txt'}: no such file or directory"]
    assert result.stdout == ""


@pytest.mark.model
def test_missing_paths_around_a_good_one(tmp_path: Path, good: Path):
    result = run(tmp_path / "a.txt", good, tmp_path / "b.jsonl", tmp_path / "dir/")
    assert result.exit_code == 1
    assert len(stderr_lines(result)) == 3
    assert [r["id"] for r in lines(result.stdout)] == ["good"]


@pytest.mark.model
def test_directory_without_articles(tmp_path: Path):
    (tmp_path / "notes.md").write_text("nothing to read")
    result = run(tmp_path)
    assert result.exit_code == 1
    assert stderr_lines(result) == [f"extract: {tmp_path}: no .txt, .jsonl, .html or .htm files in this directory"]
    assert result.stdout == ""


@pytest.mark.model
@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_chmod(tmp_path: Path, good: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    secret.chmod(0)
    result = run(secret, good)
    assert result.exit_code == 1
    assert stderr_lines(result) == [f"extract: {secret}: permission denied"]
    assert [r["id"] for r in lines(result.stdout)] == ["good"]


@pytest.mark.model
def test_unreadable_file_simulated(tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = run(secret, good)
    assert result.exit_code == 1
    assert stderr_lines(result) == [f"extract: {secret}: permission denied"]
    assert [r["id"] for r in lines(result.stdout)] == ["good"]


# --- bytes and encodings ---------------------------------------------------------------


@pytest.mark.model
def test_binary_file_named_txt_is_reported_not_decoded(tmp_path: Path, good: Path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    result = run(binary, good)
    assert result.exit_code == 1
    assert stderr_lines(result) == [f"extract: {binary}: binary file (contains NUL bytes), skipped"]
    assert [r["id"] for r in lines(result.stdout)] == ["good"]


@pytest.mark.model
def test_cp1252_offsets_refer_to_the_decoded_text(tmp_path: Path):
    file = tmp_path / "old.txt"
    raw = b"Caf\xe9 owner Jean Dupr\xe9 said: \x93We\x92re open.\x94\n"
    file.write_bytes(raw)
    result = run(file)
    assert result.exit_code == 0
    [warning] = stderr_lines(result)
    assert warning == f"extract: {file}: warning: not valid UTF-8 (byte 3), read as cp1252"
    [record] = lines(result.stdout)
    text = raw.decode("cp1252")
    [quote] = record["quotes"]
    assert quote["text"] == "“We’re open.”" and text[quote["start"]:quote["end"]] == quote["text"]
    assert_offsets_exact(record, text)


@pytest.mark.model
def test_cp1252_jsonl_warns_once(tmp_path: Path):
    file = tmp_path / "old.jsonl"
    file.write_bytes(b"".join(b'{"id": "%d", "text": "\x93Oui,\x94 she said."}\n' % i for i in range(5)))
    result = run(file)
    assert result.exit_code == 0
    assert stderr_lines(result) == [
        f"extract: {file}:1: warning: not valid UTF-8 (byte 21), read as cp1252; so are any later such lines"
    ]
    assert [r["quotes"][0]["text"] for r in lines(result.stdout)] == ["“Oui,”"] * 5


@pytest.mark.model
def test_utf8_bom_is_not_part_of_the_text(tmp_path: Path):
    file = tmp_path / "bom.txt"
    text = "“Yes,” she said."
    file.write_bytes(b"\xef\xbb\xbf" + text.encode())
    result = run(file)
    assert result.exit_code == 0 and result.stderr == ""
    [quote] = lines(result.stdout)[0]["quotes"]
    assert (quote["start"], quote["end"]) == (0, 6)
    assert text[quote["start"]:quote["end"]] == quote["text"]


@pytest.mark.model
def test_windows_line_endings_are_kept_and_offsets_exact(tmp_path: Path):
    file = tmp_path / "win.txt"
    text = "Headline Here\r\n\r\n“We are ready,” Jane Smith said.\r\n\r\n“And willing,” she added.\r\n"
    file.write_bytes(text.encode())
    result = run(file)
    assert result.exit_code == 0
    [record] = lines(result.stdout)
    assert [q["text"] for q in record["quotes"]] == ["“We are ready,”", "“And willing,”"]
    assert [q["paragraph"] for q in record["quotes"]] == [1, 2]
    assert record["quotes"][0]["speaker"]["name"] == "Jane Smith"
    assert_offsets_exact(record, text)


# --- empty and malformed articles ------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t \n"], ids=["empty", "whitespace"])
def test_empty_article_is_a_record_without_quotes(tmp_path: Path, content: bytes):
    file = tmp_path / "empty.txt"
    file.write_bytes(content)
    result = run(file)
    assert result.exit_code == 0 and result.stderr == ""
    [record] = lines(result.stdout)
    assert (record["id"], record["quotes"], record["speakers"]) == ("empty", [], [])


@pytest.mark.model
def test_empty_jsonl_text_is_a_record_too(tmp_path: Path):
    file = tmp_path / "e.jsonl"
    file.write_text('{"id": "e", "text": ""}\n{"id": "w", "text": " \\n "}\n', encoding="utf-8")
    result = run(file)
    assert result.exit_code == 0
    assert [(r["id"], r["quotes"]) for r in lines(result.stdout)] == [("e", []), ("w", [])]


@pytest.mark.model
def test_jsonl_bad_lines_each_reported_once_with_file_and_line(tmp_path: Path):
    file = tmp_path / "mixed.jsonl"
    file.write_text(
        '{"id": "a", "text": "A."}\n'
        '{"id": "b", "text": "unterminated\n'
        '{"id": "c"}\n'
        '{"id": "d", "text": ["not", "a", "string"]}\n'
        '{"id": "e", "text": 42}\n'
        "\n"
        '{"id": "f", "text": "F."}\n',
        encoding="utf-8",
    )
    result = run(file)
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"extract: {file}:2: malformed JSON: Invalid control character at (column 34)",
        f'extract: {file}:3: no "text" field',
        f'extract: {file}:4: "text" is an array, not a string',
        f'extract: {file}:5: "text" is a number, not a string',
    ]
    assert [r["id"] for r in lines(result.stdout)] == ["a", "f"]


# --- pathological texts, with the real pipeline ----------------------------------------


def random_marks(seed: int, n: int) -> str:
    """n quote marks with words, spaces, newlines and punctuation between them, reproducibly."""
    rng = random.Random(seed)
    pieces = [rng.choice(QUOTE_CHARS) + rng.choice(["", "a", "said", " ", ", ", ".", "\n", "''", "``"])
              for _ in range(n)]
    return "".join(pieces)


# fmt: off
PATHOLOGICAL = [
    pytest.param("He said ''''yes''''.", id="four-apostrophes"),
    pytest.param('"' * 500, id="500-straight-doubles"),
    pytest.param("“" * 300 + " text " + "”" * 7, id="300-openers"),
    pytest.param("’" * 300, id="300-closers"),
    pytest.param("'" * 301, id="301-apostrophes"),
    pytest.param("``" * 200 + "''" * 150, id="latex-quotes"),
    pytest.param("``" * 200 + "''" * 151, id="latex-quotes-odd"),
    pytest.param(random_marks(1, 400), id="400-random-marks"),
    pytest.param(random_marks(2, 400), id="400-random-marks-2"),
    pytest.param(random_marks(4, 400), id="400-random-marks-4"),
    pytest.param("“a ‘b " * 150 + "c" + "’ d” " * 150 + "he said.", id="nested-150-deep"),
    pytest.param("« “ ‘ " * 100 + "mixed" + " ” ’ »" * 99, id="mixed-families-unbalanced"),
    pytest.param("“Open and never closed, he said.\n" * 200, id="200-open-paragraphs"),
    pytest.param("\x00\x01\x02\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\u2028\u2029\u200b\ufeff \"Hi,\" he said.\x1b[0m",
                 id="control-characters"),
    pytest.param("“Bell\x07 rang,”\rshe\x0csaid.\r“Again,” he said.\x0b", id="control-line-breaks"),
    pytest.param("x" * 20_000 + " “Tail,” he said.", id="20k-char-word"),
]
# fmt: on


@pytest.mark.model
@pytest.mark.parametrize("text", PATHOLOGICAL)
def test_pathological_text_gives_a_record_with_exact_offsets(extract, text: str):
    record = extract(text)
    assert_offsets_exact(record, text)
    assert all(q["start"] < q["end"] for q in record["quotes"])


@pytest.mark.model
def test_very_long_paragraph_whole(extract):
    sentence = "“We will not back down on this, not now and not ever,” Smith said on Tuesday, and left. "
    text = sentence * (15_000 // len(sentence))
    record = extract(text)
    assert len(record["quotes"]) == text.count("“")
    assert {q["paragraph"] for q in record["quotes"]} == {0}
    assert_offsets_exact(record, text)


@pytest.mark.model
def test_very_long_paragraph_in_pieces(nlp: Language):
    sentence = "“We will not back down on this, not now and not ever,” Smith said on Tuesday, and left. "
    text = sentence * (50_000 // len(sentence))
    record = extract_article(nlp, Article("long", None, text), piece_chars=20_000)
    assert len(record["quotes"]) == text.count("“")
    assert {q["paragraph"] for q in record["quotes"]} == {0}
    assert [s["name"] for s in record["speakers"]] == ["Smith"]
    assert_offsets_exact(record, text)


@pytest.mark.model
def test_control_characters_through_jsonl(tmp_path: Path):
    text = "\u0000\u0007 “Ring,” \u001b[1mshe\u001b[0m said.\u0085\u2028“Again,” he said."
    file = tmp_path / "ctl.jsonl"
    file.write_text(json.dumps({"id": "c", "text": text}) + "\n", encoding="utf-8")
    result = run(file)
    assert result.exit_code == 0, result.stderr
    [record] = lines(result.stdout)
    assert [q["text"] for q in record["quotes"]] == ["“Ring,”", "“Again,”"]
    assert_offsets_exact(record, text)


# --- failures --------------------------------------------------------------------------


def test_processing_error_is_one_line_without_debug(tmp_path: Path, light):
    light(RuntimeError("boom\nsecond line"))
    (tmp_path / "a_STOP.txt").write_text("STOP")
    (tmp_path / "b.txt").write_text("“Fine,” he said.")
    result = run(tmp_path)
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"extract: {tmp_path / 'a_STOP.txt'}: could not process: RuntimeError: boom second line"
    ]
    assert [r["id"] for r in lines(result.stdout)] == ["b"]


def test_debug_shows_the_traceback(tmp_path: Path, light):
    light(RuntimeError("boom"))
    (tmp_path / "a.txt").write_text("STOP")
    result = run("--debug", tmp_path)
    assert result.exit_code == 1
    assert stderr_lines(result)[0] == f"extract: {tmp_path / 'a.txt'}: could not process: RuntimeError: boom"
    assert "Traceback" in result.stderr


def test_usage_error_is_exit_2(good: Path):
    result = run("--no-such-option", good)
    assert result.exit_code == 2
    assert result.stdout == ""


def test_ctrl_c_is_exit_130_without_traceback(tmp_path: Path, light):
    light(KeyboardInterrupt())
    (tmp_path / "a.txt").write_text("“First,” he said.")
    (tmp_path / "b.txt").write_text("STOP")
    result = run(tmp_path)
    assert result.exit_code == 130
    assert stderr_lines(result) == ["extract: interrupted"]
    assert "Traceback" not in result.stderr


def test_ctrl_c_keeps_the_previous_output_file(tmp_path: Path, light):
    light(KeyboardInterrupt())
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "a.txt").write_text("“First,” he said.")
    (articles / "b.txt").write_text("STOP")
    out = tmp_path / "out.json"
    out.write_text("previous run\n")
    result = run("-o", out, articles)
    assert result.exit_code == 130
    assert out.read_text() == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.json"]


def test_ctrl_c_while_writing_the_output_file_leaves_no_half_file(
    tmp_path: Path, light, monkeypatch: pytest.MonkeyPatch
):
    light(KeyboardInterrupt())
    (tmp_path / "a.txt").write_text("“First,” he said.")
    out = tmp_path / "out.json"
    out.write_text("previous run\n")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.os, "replace", interrupted)  # the moment between writing and renaming
    result = run("-o", out, tmp_path / "a.txt")
    assert result.exit_code == 130
    assert out.read_text() == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "out.json"]  # the temporary file is gone


def test_failed_inputs_still_write_the_good_records_to_the_output_file(tmp_path: Path, light):
    light(RuntimeError("boom"))
    (tmp_path / "a.txt").write_text("“First,” he said.")
    (tmp_path / "b.txt").write_text("STOP")
    (tmp_path / "c.txt").write_bytes(b"\x00")
    out = tmp_path / "out.json"
    result = run("-o", out, tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt")
    assert result.exit_code == 1
    assert len(stderr_lines(result)) == 2
    assert [r["id"] for r in json.loads(out.read_text())] == ["a"] == [r["id"] for r in lines(result.stdout)]


def test_long_article_failure_is_reported_like_any_other(tmp_path: Path, light):
    light(RuntimeError("boom"))
    (tmp_path / "a.txt").write_text("word " * 5_000 + "\nSTOP\n" + "word " * 5_000)  # 50,000 characters
    (tmp_path / "b.txt").write_text("“Fine,” he said.")
    result = run(tmp_path)
    assert result.exit_code == 1
    assert stderr_lines(result) == [f"extract: {tmp_path / 'a.txt'}: could not process: RuntimeError: boom"]
    assert [r["id"] for r in lines(result.stdout)] == ["b"]


def test_long_article_goes_in_pieces_through_the_cli(tmp_path: Path, light):
    light(RuntimeError("not raised"))
    paragraph = "“We are ready,” Jane Smith said.\n"
    text = paragraph * (60_000 // len(paragraph))
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    result = run(tmp_path / "long.txt")
    assert result.exit_code == 0, result.stderr
    [record] = lines(result.stdout)
    assert len(record["quotes"]) == text.count("\n")
    assert [q["index"] for q in record["quotes"]] == list(range(text.count("\n")))
    assert_offsets_exact(record, text)


def test_model_given_as_a_missing_path(tmp_path: Path, good: Path):
    result = run("--model", tmp_path / "no-model", good)
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"extract: no spaCy pipeline at '{tmp_path / 'no-model'}' (a directory with config.cfg, "
        "or an installed package name)"
    ]


@pytest.mark.model
def test_unicode_line_separators_keep_one_record_per_line(tmp_path: Path):
    text = "“One\u2028two\u0085three\u2029four,” she said."
    file = tmp_path / "sep.txt"
    file.write_text(text, encoding="utf-8")
    result = run(file)
    assert result.exit_code == 0
    [line] = result.stdout.splitlines()  # also what readers that split on U+2028 see
    record = json.loads(line)
    # U+2028, U+0085 and U+2029 end lines, as "\n" does: the quotation opens a paragraph of its own
    assert [(q["text"], q["paragraph"]) for q in record["quotes"]] == [("“One", 0)]
