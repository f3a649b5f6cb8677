"""`--dask`: the same records on a Dask cluster, a worker killed mid-run losing nothing.

The clusters are local (`LocalCluster`, worker processes). Most tests put a LightPipeline on the
workers (a worker plugin, so a worker restarted after a kill has it too); one runs the real model
and compares with the single-process run on the seeds.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

distributed = pytest.importorskip("distributed")

import dask  # noqa: E402 (after the skip)
import dask.bag  # noqa: E402
from test_bad_input import LightPipeline  # noqa: E402
from test_shards import Messages, corpus, shard_text  # noqa: E402

from extractor.processing import cluster  # noqa: E402
from extractor.processing.articles import read_articles  # noqa: E402
from extractor.processing.cluster import (  # noqa: E402
    DaskError,
    DaskRunner,
    DaskTarget,
    PipelineOptions,
    dask_client,
    dask_runner,
    extract_partition,
    parse_target,
    records_bag,
)
from extractor.processing.engine import InProcess  # noqa: E402
from extractor.processing.shards import RunSpec, write_shards  # noqa: E402

SEEDS = Path(__file__).parents[1] / "seeds"


class UseLightPipeline(distributed.WorkerPlugin):
    """On every worker, also one restarted after a kill: build LightPipelines instead of loading the model."""

    def __init__(self, error: str | None = None) -> None:
        self.error = error

    def setup(self, worker: Any) -> None:
        from test_bad_input import LightPipeline

        error = None if self.error is None else ValueError(self.error)
        cluster.build_pipeline = lambda model, **options: LightPipeline(error)  # type: ignore[assignment]


class KillOnce(distributed.WorkerPlugin):
    """SIGKILL the worker that starts the first task of a shard (once in the cluster's life: a marker file)."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish != "executing" or not str(key).startswith("extract-") or "-warm-" in str(key):
            return
        try:
            os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
        os.kill(os.getpid(), signal.SIGKILL)


@pytest.fixture
def light_cluster() -> Iterator[Any]:
    """A local cluster of two worker processes running LightPipelines."""
    with dask_client(DaskTarget("local:2", workers=2)) as client:
        client.register_plugin(UseLightPipeline(), name="light")
        yield client


def local_shards(paths: list[str], out: Path, size: int, nlp: Any = None) -> str:
    with InProcess(nlp if nlp is not None else LightPipeline()) as run:
        write_shards(read_articles(paths), run, out, RunSpec(paths, shard_size=size), report=Messages())
    return shard_text(out)


# --- no cluster needed ---------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "target"), [
    ("local", DaskTarget("local", workers=os.cpu_count() or 1)),
    ("local:3", DaskTarget("local:3", workers=3)),
    ("tcp://10.0.0.5:8786", DaskTarget("tcp://10.0.0.5:8786", address="tcp://10.0.0.5:8786")),
    ("scheduler:8786", DaskTarget("scheduler:8786", address="scheduler:8786")),
    ("/shared/scheduler.json", DaskTarget("/shared/scheduler.json", scheduler_file="/shared/scheduler.json")),
])
def test_dask_targets(value: str, target: DaskTarget):
    assert parse_target(value) == target


@pytest.mark.parametrize("value", ["local:0", "local:two", "local:-1", " "])
def test_bad_dask_targets(value: str):
    with pytest.raises(ValueError):
        parse_target(value)


def test_without_dask_the_message_says_what_to_install(monkeypatch: pytest.MonkeyPatch):
    real = importlib.import_module

    def without(name: str, *args: Any) -> Any:
        if name == "distributed":
            raise ImportError("No module named 'distributed'")
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without)
    with pytest.raises(DaskError) as missing:
        dask_runner("local:2").__enter__()
    assert str(missing.value) == '--dask needs Dask, which is not installed: pip install "extractor[dask]"'


# --- on a local cluster --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.model
def test_two_workers_give_the_records_of_one_process(tmp_path: Path, nlp):
    expected = local_shards([str(SEEDS)], tmp_path / "one", 1, nlp)
    with dask_runner("local:2") as run:
        summary = write_shards(read_articles([str(SEEDS)]), run, tmp_path / "dask",
                               RunSpec([str(SEEDS)], shard_size=1), report=Messages())
        in_order = [record for _, record in run.process(a for a in read_articles([str(SEEDS)]))]
    assert summary.complete and summary.written == 2
    assert shard_text(tmp_path / "dask") == expected
    assert [json.loads(line) for line in expected.splitlines()] == in_order


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_nothing(tmp_path: Path, light_cluster: Any):
    file = corpus(tmp_path / "in", 250)
    expected = local_shards([str(file)], tmp_path / "one", 120)
    marker = tmp_path / "killed"
    light_cluster.register_plugin(KillOnce(marker), name="kill-once")
    messages = Messages()
    with DaskRunner(light_cluster, PipelineOptions()) as run:
        summary = write_shards(read_articles([str(file)]), run, tmp_path / "dask",
                               RunSpec([str(file)], shard_size=120), report=messages)
    assert marker.exists()  # a worker was killed
    assert messages == [] and summary.complete and summary.written == 3
    assert shard_text(tmp_path / "dask") == expected  # every record, once, in order


@pytest.mark.slow
def test_a_bad_article_is_reported_as_locally_and_the_others_done(tmp_path: Path):
    file = corpus(tmp_path / "in", 6)
    with file.open("a", encoding="utf-8") as stream:
        stream.write('{"id": "bad", "text": "STOP"}\n')
    local = Messages()
    with InProcess(LightPipeline(ValueError("boom"))) as run:
        write_shards(read_articles([str(file)]), run, tmp_path / "one", RunSpec([str(file)], shard_size=4),
                     report=local)
    remote = Messages()
    with dask_client(DaskTarget("local:2", workers=2)) as client:
        client.register_plugin(UseLightPipeline("boom"), name="light")
        with DaskRunner(client, PipelineOptions()) as run:
            summary = write_shards(read_articles([str(file)]), run, tmp_path / "dask",
                                   RunSpec([str(file)], shard_size=4), report=remote)
            in_order = list(run.process(a for a in read_articles([str(file)])))
    assert remote == local == [(str(file), "could not process article 'bad': ValueError: boom", False)]
    assert summary.failed == 1 and summary.records == 6
    assert shard_text(tmp_path / "dask") == shard_text(tmp_path / "one")
    assert [type(result).__name__ for _, result in in_order] == ["dict"] * 6 + ["ValueError"]


@pytest.mark.slow
def test_records_bag_for_dask_users(light_cluster: Any, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(cluster, "build_pipeline", lambda model, **options: LightPipeline())  # for this process
    monkeypatch.setattr(cluster, "_local", threading.local())
    texts = [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))]
    rows = [{"id": i, "text": text, "outlet": "seed"} for i, text in texts] + [("t", None), ("u", "“Fine,” he said.")]
    records = records_bag(dask.bag.from_sequence(rows, npartitions=2)).compute()
    assert [record["id"] for record in records] == [*(i for i, _ in texts), "t", "u"]
    assert records[0]["meta"] == {"outlet": "seed"} and records[0]["quotes"]
    assert records[2] == {"id": "t", "path": None, "error": "ValueError: the text is NoneType, not a string"}
    assert extract_partition([("u", "“Fine,” he said.")]) == [records[3]]  # here too, with this process's cache


def test_records_bag_takes_a_dataframe():
    class Frame:
        def to_bag(self, **options: Any) -> Any:
            assert options == {"index": False, "format": "dict"}
            return dask.bag.from_sequence([{"id": 1, "text": "x"}])

    assert records_bag(Frame()).npartitions == 1


@pytest.mark.slow
def test_an_unreachable_scheduler_is_one_line(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(DaskError, match=r"^--dask tcp://127.0.0.1:9: cannot reach the Dask scheduler: "):
        dask_runner("tcp://127.0.0.1:9").__enter__()


class KillShard(distributed.WorkerPlugin):
    """SIGKILL every worker that starts a task of the shard `index`: the shard is lost for good."""

    def __init__(self, index: int) -> None:
        self.tag = f"-{index:05d}-"

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish == "executing" and str(key).startswith("extract-") and self.tag in str(key):
            os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.slow
def test_a_shard_lost_for_good_is_not_written_and_a_rerun_does_it(tmp_path: Path):
    file = corpus(tmp_path / "in", 9)
    spec = RunSpec([str(file)], shard_size=3)
    messages = Messages()
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            dask_client(DaskTarget("local:2", workers=2)) as client:
        client.register_plugin(UseLightPipeline(), name="light")
        client.register_plugin(KillShard(1), name="kill-shard")
        with DaskRunner(client, PipelineOptions()) as run:
            summary = write_shards(read_articles([str(file)]), run, tmp_path / "dask", spec, report=messages)
    assert summary.lost == ["part-00001.jsonl"] and not summary.complete and summary.written == 2
    assert [(where, message.split(":")[0]) for where, message, _ in messages] == [
        (str(tmp_path / "dask" / "part-00001.jsonl"), "not written")]
    assert "(WorkLost: every worker that ran it died); run the same command again" in messages[0][1]
    assert sorted(p.name for p in (tmp_path / "dask").glob("part-*")) == ["part-00000.jsonl", "part-00002.jsonl"]
    with dask_client(DaskTarget("local:1", workers=1)) as client:
        client.register_plugin(UseLightPipeline(), name="light")
        with DaskRunner(client, PipelineOptions()) as run:
            summary = write_shards(read_articles([str(file)]), run, tmp_path / "dask", spec, report=Messages())
    assert (summary.written, summary.skipped, summary.complete) == (1, 2, True)
    assert shard_text(tmp_path / "dask") == local_shards([str(file)], tmp_path / "one", 3)
