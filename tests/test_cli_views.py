"""`extract --show` and `extract --html` through typer's CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_html_report import parse
from typer.testing import CliRunner

from extractor.cli import app
from extractor.views.marks import label

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


@pytest.mark.model
def test_indirect_reported_speech_in_show_html_and_table(tmp_path: Path):
    result = run(SEEDS, "--indirect", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    reported = [(r, q) for r in records for q in r["quotes"] if q["type"] == "indirect"]
    assert reported and any(q["nested"] for _, q in reported)

    def flat(text: str) -> str:
        return " ".join(text.split())

    show = run(SEEDS, "--indirect", "--show")
    assert show.exit_code == 0, show.stderr
    out = flat(show.stdout)
    assert len(re.findall(r"\[reported: (?!name\])", out)) == len(reported)  # the legend's key says [reported: name]
    for rec, quote in reported:
        for inner in quote["nested"]:
            [partial] = [q for q in rec["quotes"] if (q["start"], q["end"]) == (inner["start"], inner["end"])]
            assert f"{flat(partial['text'])} [{label(partial)}]" in out  # still a quote, inside reported speech
            if partial["end"] == quote["end"]:
                assert f"{flat(partial['text'])} [{label(partial)}] [{label(quote)}]" in out

    report = tmp_path / "report.html"
    assert run(SEEDS, "--indirect", "--html", report).exit_code == 0
    page = parse(report.read_text(encoding="utf-8"))
    for n, rec in enumerate(records, 1):
        marks = {m.attrs["id"]: m for m in page.find_all("mark", "q") if m.attrs["id"].startswith(f"a{n}-")}
        assert len(marks) == len(rec["quotes"])
        for i, quote in enumerate(rec["quotes"]):
            assert ("rep" in marks[f"a{n}-q{i}"].classes) == (quote["type"] == "indirect")
            inside = {m.attrs["id"] for m in marks[f"a{n}-q{i}"].find_all("mark")} - {f"a{n}-q{i}"}
            nested = {(s["start"], s["end"]) for s in quote["nested"]}
            assert inside == {f"a{n}-q{j}" for j, q in enumerate(rec["quotes"]) if (q["start"], q["end"]) in nested}

    table = runner.invoke(app, [str(SEEDS), "--indirect", "-f", "table"], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.stderr
    assert table.stdout.count("│ reported: ") == len(reported)
    for rec in records:
        indirect = sum(1 for q in rec["quotes"] if q["type"] == "indirect")
        assert f"{len(rec['quotes']) - indirect} quotes, {indirect} reported statements;" in table.stdout


@pytest.mark.model
def test_without_indirect_the_views_say_nothing_of_reported_speech(tmp_path: Path):
    report = tmp_path / "report.html"
    show = run(SEEDS, "--show", "--html", report)
    assert show.exit_code == 0, show.stderr
    assert "[reported" not in show.stdout and "reported statement" not in show.stdout
    html = report.read_text(encoding="utf-8")
    assert "q rep" not in html and ".q.rep" not in html and "reported statement" not in html
