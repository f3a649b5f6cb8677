"""`--format csv` and `--format tsv`: a header, then one row per quote, read back as they were written."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from test_bad_input import LightPipeline
from typer.testing import CliRunner

from extractor import cli
from extractor.cli import app
from extractor.views.rows import HEADER, RowWriter, quote_rows

SEEDS = Path(__file__).parents[1] / "seeds"
COLUMNS = ["article_id", "quote_index", "type", "text", "start", "end", "speaker", "kind", "role", "gender", "with",
           "cue", "confidence", "rule", "meta"]

runner = CliRunner()


def run(*args: str | Path, input: str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def expected_cells(record: dict[str, Any]) -> list[dict[str, str]]:
    """What each quote's row should read as, from the JSON record, field by field."""
    def text(value: Any) -> str:
        return "" if value is None else str(value)

    rows = []
    for quote in record["quotes"]:
        speaker = quote["speaker"] or {}
        rows.append({
            "article_id": record["id"], "quote_index": str(quote["index"]), "type": quote["type"],
            "text": quote["text"], "start": str(quote["start"]), "end": str(quote["end"]),
            "speaker": text(speaker.get("name")), "kind": text(speaker.get("kind")), "role": text(speaker.get("role")),
            "gender": text(speaker.get("gender")), "with": "; ".join(p["name"] for p in speaker.get("with", [])),
            "cue": text(quote["cue"] and quote["cue"]["text"]),
            "confidence": str(quote["confidence"]), "rule": text(quote["rule"]),
            "meta": json.dumps(record.get("meta") or {}, ensure_ascii=False),
        })
    return rows


def read_back(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def record(quotes: list[dict[str, Any]], meta: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"id": "a, \"b\"", "path": None, "schema": 3, "meta": meta, "quotes": quotes, "speakers": []}


def quote(index: int, text: str, speaker: dict[str, Any] | None = None, **more: Any) -> dict[str, Any]:
    return {"index": index, "start": 0, "end": len(text), "text": text, "type": "direct", "speaker": speaker,
            "cue": None, "confidence": 0.0, "rule": None, **more}


ODD = record([
    quote(0, "“Line one,\nline two\r\nand a \"quote\",” she said\tloudly", {
        "name": "Ann, Lee", "kind": "person", "role": "the \"boss\"", "gender": "female",
        "with": [{"id": "S2", "name": "Bob Roy", "kind": "person", "gender": None},
                 {"id": "S3", "name": "Cy, Dee", "kind": "person", "gender": None}]},
        cue={"text": "said", "start": 1, "end": 5}, confidence=0.95, rule="verb after quote"),
    quote(1, "“scare”", type="scare"),
], meta={"outlet": "Le Monde", "tags": ["a", "b"], "n": 3})


def test_header_is_the_documented_columns():
    assert list(HEADER) == COLUMNS


@pytest.mark.parametrize("kind, delimiter", [("csv", ","), ("tsv", "\t")])
def test_newlines_quotes_and_delimiters_in_fields_read_back_exactly(kind: str, delimiter: str):
    stream = io.StringIO(newline="")
    writer = RowWriter(stream, kind)
    writer.header()
    writer.record(ODD)
    writer.record(record([]))  # an article without quotes has no row
    assert read_back(stream.getvalue(), delimiter) == expected_cells(ODD)


def test_no_speaker_no_cue_and_empty_meta_are_empty_cells_and_an_empty_object():
    [row] = quote_rows(record([quote(0, "“x”")]))
    cells = dict(zip(HEADER, row, strict=True))
    assert (cells["speaker"], cells["kind"], cells["cue"], cells["rule"], cells["meta"]) == ("", "", "", "", "{}")


def test_a_terminal_gets_control_characters_escaped_a_pipe_gets_them_exact():
    article = record([quote(0, "“a\x1b[2Jb”")])
    for terminal, expected in ((True, "“a\\x1b[2Jb”"), (False, "“a\x1b[2Jb”")):
        stream = io.StringIO(newline="")
        RowWriter(stream, "csv", terminal=terminal).record(article)
        assert next(csv.reader(io.StringIO(stream.getvalue(), newline="")))[3] == expected


@pytest.fixture
def light(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "load_pipeline", lambda model, **options: LightPipeline())


@pytest.mark.parametrize("kind, delimiter", [("csv", ","), ("tsv", "\t")])
def test_cli_writes_one_header_then_the_rows_of_every_article(tmp_path: Path, light, kind: str, delimiter: str):
    batch = tmp_path / "batch.jsonl"
    lines = [{"id": "a", "text": "“Yes,” she said. “No,” he said.", "outlet": "Ledger"}, {"id": "b", "text": "None."},
             {"id": "c", "text": "A “term”, and\t“tabs,\nlines”."}]
    batch.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = run("-f", kind, batch)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == delimiter.join(COLUMNS)
    assert result.stdout.count(delimiter.join(COLUMNS)) == 1
    records = [json.loads(line) for line in run(batch).stdout.splitlines()]
    assert read_back(result.stdout, delimiter) == [row for r in records for row in expected_cells(r)]
    assert json.loads(read_back(result.stdout, delimiter)[0]["meta"]) == {"outlet": "Ledger"}


def test_output_file_still_gets_the_json_array_when_stdout_gets_csv(tmp_path: Path, light):
    story = tmp_path / "story.txt"
    story.write_text("“Yes,” she said.", encoding="utf-8")
    out = tmp_path / "records.json"
    result = run("-f", "csv", "-o", out, story)
    assert result.exit_code == 0, result.stderr
    [written] = json.loads(out.read_text(encoding="utf-8"))
    assert read_back(result.stdout) == expected_cells(written)


def test_header_even_when_no_article_has_a_quote(tmp_path: Path, light):
    story = tmp_path / "story.txt"
    story.write_text("Nothing said here.", encoding="utf-8")
    assert run("-f", "csv", story).stdout == ",".join(COLUMNS) + "\n"


def test_csv_with_show_is_a_usage_error(tmp_path: Path, light):
    assert run("-f", "csv", "--show", SEEDS).exit_code == 2


@pytest.mark.model
def test_csv_of_the_seeds_equals_their_json_records_field_by_field():
    result = run("-f", "csv", SEEDS)
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in run(SEEDS).stdout.splitlines()]
    rows = read_back(result.stdout)
    assert rows == [row for r in records for row in expected_cells(r)]
    assert len(rows) == sum(len(r["quotes"]) for r in records) > 10


@pytest.mark.model
@pytest.mark.slow
def test_tsv_with_workers_has_one_header_and_the_same_rows():
    one = run("-f", "tsv", SEEDS)
    two = run("-f", "tsv", "--jobs", "2", SEEDS, SEEDS)
    assert two.exit_code == 0, two.stderr
    header, *rows = one.stdout.splitlines(keepends=True)
    assert two.stdout == header + "".join(rows) * 2
