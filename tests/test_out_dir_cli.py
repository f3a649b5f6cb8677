"""`extract --out-dir`: the options as a user types them, on a blank pipeline (no model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_bad_input import LightPipeline
from typer.testing import CliRunner

from extractor import cli
from extractor.cli import app

runner = CliRunner()
SAID = "“We will appeal,” said Jane Doe."


@pytest.fixture
def light(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "load_pipeline", lambda model, **options: LightPipeline())


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(5):
        (folder / f"a{n}.txt").write_text(SAID, encoding="utf-8")
    return folder


def run(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def test_records_go_to_shards_and_stdout_gets_one_line(corpus: Path, light) -> None:
    out = corpus / "records"  # inside the input folder: never read as input
    result = run(corpus, "--out-dir", out, "--shard-size", "2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{out}: 5 articles, 5 records in 3 shards (3 written, 0 already complete)\n"
    shards = sorted(out.glob("part-*.jsonl"))
    assert [p.name for p in shards] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    lines = [json.loads(line) for p in shards for line in p.read_text(encoding="utf-8").splitlines()]
    assert lines == [json.loads(line) for line in run(corpus, "-f", "jsonl").stdout.splitlines()]


def test_the_same_command_again_does_no_work(corpus: Path, light, monkeypatch: pytest.MonkeyPatch) -> None:
    out = corpus.parent / "records"
    assert run(corpus, "--out-dir", out).exit_code == 0
    before = {p: p.read_bytes() for p in out.iterdir()}
    monkeypatch.setattr(cli, "load_pipeline", lambda model, **options: pytest.fail("the model was loaded"))
    result = run(corpus, "--out-dir", out)
    assert result.exit_code == 0, result.stderr
    assert "(0 written, 1 already complete)" in result.stdout
    assert {p: p.read_bytes() for p in out.iterdir()} == before


def test_a_folder_of_another_run_is_refused(corpus: Path, light) -> None:
    out = corpus.parent / "records"
    assert run(corpus, "--out-dir", out).exit_code == 0
    result = run(corpus, "--out-dir", out, "--indirect")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"extract: {out}: holds the shards of another run")


@pytest.mark.parametrize("args, option", [
    (["--shard-size", "10"], "--shard-size"),
    (["--dask", "local:2"], "--dask"),
    (["--out-dir", "x", "-o", "y.json"], "--output"),
    (["--out-dir", "x", "-f", "csv"], "--format"),
    (["--out-dir", "x", "--dask", "local", "--jobs", "2"], "--jobs"),
    (["--out-dir", "x", "--dask", "local:zero"], "--dask"),
])
def test_options_that_do_not_go_together_are_usage_errors(corpus: Path, args: list[str], option: str) -> None:
    result = run(corpus, *args)
    assert result.exit_code == 2
    assert option in result.output
