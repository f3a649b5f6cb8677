"""`extract --show` and `extract --html` through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.cli import app

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED = SEEDS / "000_74297c5d5db63657.txt"

runner = CliRunner()


def run(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.model
def test_show_prints_the_text_with_labels_even_when_piped():
    result = run(SEED, "--show")
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "“The Iranians didn’t need an action" in out and "[Mike Pompeo] Pompeo said" in out
    assert "\x1b[" not in result.stdout  # the runner is not a terminal: plain text
    assert not result.stdout.lstrip().startswith("{")
    assert max(map(len, result.stdout.splitlines())) <= 80


@pytest.mark.model
def test_show_with_format_is_a_usage_error():
    result = run(SEED, "--show", "--format", "jsonl")
    assert result.exit_code == 2 and "--show" in result.stderr


@pytest.mark.model
def test_html_is_written_in_addition_to_stdout(tmp_path: Path):
    report = tmp_path / "report.html"
    result = run(SEEDS, "--html", report)
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert html.count('<mark id="a') == sum(len(r["quotes"]) for r in records)
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left


def test_html_into_missing_directory_fails_before_any_work(tmp_path: Path):
    result = run(SEED, "--html", tmp_path / "nowhere" / "report.html")
    assert result.exit_code == 1 and "cannot write" in result.stderr
