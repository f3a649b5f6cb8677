"""The same extraction on a Dask cluster: this machine's cores (`local[:N]`) or a scheduler's workers.

One machine does about eight articles a second per core (README, Performance): a million
articles is a day and a half on one core, an hour on forty. Dask spreads the work over the
processes of a cluster, retries the work of a worker that dies, and lets a job scheduler
(dask-jobqueue) or Kubernetes supply the workers. Each task is a list of articles and gives
their records (or the error each raised, so one bad article costs only itself); the spaCy
pipeline is loaded once per worker thread and kept (`_annotator`), never sent with the tasks.

- `dask_runner("local:2", model=...)`: a runner for `shards.write_shards` (whole shards, in any
  order: each written as soon as its tasks are done) or, like `engine`'s runners, for records in
  input order (`process`). An embedded `LocalCluster` is closed however the run ends.
- `records_bag(bag_or_dataframe)` and `extract_partition(rows)`: for code that already holds a
  dask.bag or dask.dataframe of articles.

Dask is an extra (`pip install "extractor[dask]"`), imported only here and only when used.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import os
import signal
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from .. import __version__
from ..errors import ExtractorError
from ..pipeline import DEFAULT_MODEL, build_pipeline, model_description
from .engine import portable, process
from .records import Article, Record
from .selective import SelectivePipeline
from .shards import ShardJob

LOCAL = "local"
INSTALL_HINT = 'pip install "extractor[dask]"'
# Articles per task. A task of records in input order is small, so output keeps flowing; a task of a
# shard is larger (fewer round trips), yet small enough that a worker lost costs seconds, not minutes.
ORDERED_TASK_ARTICLES = 16
SHARD_TASK_ARTICLES = 50
# Tasks submitted per worker thread at a time: enough that no thread waits between tasks, few enough
# to bound the articles and records this process holds. In input order, the oldest task holds back
# the others' results, so more are kept going.
ORDERED_TASKS_PER_THREAD = 4
SHARD_TASKS_PER_THREAD = 2
CHECK_SECONDS = 5.0  # how often to look for workers that joined (dask-jobqueue, adaptive clusters)
CONNECT_TIMEOUT = "20s"
# Dask starts its workers with MALLOC_TRIM_THRESHOLD_=65536, which fixes glibc's thresholds: spaCy, which
# allocates and frees much, then runs 10 to 15% slower (measured, benchmarks/scale.py). Unset for a local
# cluster; a cluster of your own takes the same setting (README, Large corpora).
LOCAL_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
QUIET = logging.CRITICAL  # Dask's own log lines (a worker restarted, a task given up) stay off stderr: we say it


class DaskError(ExtractorError):
    """Dask is missing, the scheduler cannot be reached, or the workers cannot run the extraction."""


class WorkLost(RuntimeError):
    """The cluster gave up on a task: the workers that ran it died (out of memory, killed)."""


@dataclass(frozen=True)
class PipelineOptions:
    """What a worker builds its pipeline from (the key of its cache)."""

    model: str = DEFAULT_MODEL
    indirect: bool = False
    beliefs: bool = False
    full_parse: bool = False


@dataclass(frozen=True)
class DaskTarget:
    """Where to run: an embedded cluster of `workers` processes, a scheduler's address, or its scheduler file."""

    given: str
    workers: int | None = None  # local
    address: str | None = None
    scheduler_file: str | None = None


def parse_target(value: str) -> DaskTarget:
    """`local`, `local:N`, a scheduler address (`tcp://host:8786`, `host:8786`) or a scheduler file (`.json`).

    Raises ValueError with a message for `--dask` (a usage error).
    """
    name, _, count = value.partition(":")
    if name == LOCAL:
        if not count:
            return DaskTarget(value, workers=os.cpu_count() or 1)
        if not count.isdigit() or int(count) < 1:
            raise ValueError(f"'{value}': local:N needs a number of worker processes of 1 or more")
        return DaskTarget(value, workers=int(count))
    if not value.strip():
        raise ValueError("names no scheduler (give local, local:N or a scheduler address such as tcp://host:8786)")
    if value.endswith(".json"):
        return DaskTarget(value, scheduler_file=value)
    return DaskTarget(value, address=value)


def distributed_module(needed_by: str = "--dask") -> Any:
    """dask.distributed, or a DaskError that says what needs it and how to install it."""
    try:
        return importlib.import_module("distributed")
    except ImportError as error:
        raise DaskError(f"{needed_by} needs Dask, which is not installed: {INSTALL_HINT}") from error


@contextlib.contextmanager
def dask_client(target: DaskTarget) -> Iterator[Any]:
    """A distributed.Client for `target`; an embedded LocalCluster is closed on the way out, however it goes."""
    distributed = distributed_module()
    if target.workers is None:
        with _connected(distributed, target) as client:
            yield client
        return
    try:
        with importlib.import_module("dask").config.set(LOCAL_CONFIG):
            cluster = distributed.LocalCluster(
                n_workers=target.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=QUIET, preload=[__name__],  # dask_setup: the terminal's signals are this process's
            )
    except Exception as error:
        raise DaskError(f"--dask {target.given}: cannot start a local cluster: {_one_line(error)}") from error
    try:
        with distributed.Client(cluster) as client:
            yield client
    finally:
        cluster.close()


@contextlib.contextmanager
def _connected(distributed: Any, target: DaskTarget) -> Iterator[Any]:
    try:
        client = distributed.Client(target.address, scheduler_file=target.scheduler_file, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as error:
        raise DaskError(f"--dask {target.given}: cannot reach the Dask scheduler: {_one_line(error)}") from error
    with client:
        yield client


@contextlib.contextmanager
def dask_runner(
    value: str, *, model: str = DEFAULT_MODEL, indirect: bool = False, beliefs: bool = False,
    full_parse: bool = False,
) -> Iterator[DaskRunner]:
    """The runner for `--dask VALUE`: connected (or a local cluster started), the workers' pipelines loaded."""
    target = parse_target(value)
    with dask_client(target) as client, DaskRunner(client, PipelineOptions(model, indirect, beliefs, full_parse),
                                                   given=target.given) as runner:
        yield runner


class DaskRunner:
    """Articles to records on a Dask cluster: `process` (in input order) and `shards` (whole shards, any order).

    A task's articles travel with the task, so the scheduler can run it again elsewhere when its
    worker dies (Dask does, up to `distributed.scheduler.allowed-failures` times); a task lost
    for good loses only its articles (`process`) or its shard (`shards`: not written, so a rerun
    does it). Enter it (`with`) to load the pipeline on the workers there are, and check they can.
    """

    def __init__(self, client: Any, options: PipelineOptions, *, given: str | None = None) -> None:
        self.client, self.options = client, options
        self.given = given or str(getattr(client.scheduler, "address", "the cluster"))
        self.run_id = uuid.uuid4().hex[:8]
        self.distributed = distributed_module()

    def __enter__(self) -> DaskRunner:
        self._warm()
        return self

    def __exit__(self, *_: object) -> None:
        pass  # the client is the caller's; its futures go with it

    def process(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Record | Exception]]:
        """Each article with its record, or with the exception processing it raised, in input order."""
        stream = iter(articles)
        pending: deque[tuple[list[Article], Any]] = deque()
        submitted = 0
        try:
            while True:
                room = self._threads() * ORDERED_TASKS_PER_THREAD
                while len(pending) < room and (batch := list(islice(stream, ORDERED_TASK_ARTICLES))):
                    pending.append((batch, self._submit(batch, f"{submitted:06d}")))
                    submitted += 1
                if not pending:
                    return
                batch, future = pending.popleft()
                yield from zip(batch, _results(future, len(batch)), strict=True)
        finally:
            self._cancel(future for _, future in pending)

    def shards(
        self, jobs: Iterable[ShardJob], done: Callable[[int], None]
    ) -> Iterator[tuple[ShardJob, list[Record | Exception] | BaseException]]:
        """Each job with its articles' results as soon as all its tasks are done, or with the error that lost one."""
        parts: dict[int, list[list[Record | Exception] | None]] = {}
        lost: set[int] = set()
        for (job, part), outcome in self._completed(self._shard_tasks(jobs, parts)):
            if job.index in lost:
                continue
            if isinstance(outcome, BaseException):
                lost.add(job.index)
                del parts[job.index]
                yield job, outcome
                continue
            done(len(outcome))
            slots = parts[job.index]
            slots[part] = outcome
            if all(slot is not None for slot in slots):
                del parts[job.index]
                yield job, [result for slot in slots for result in slot or []]

    def _shard_tasks(
        self, jobs: Iterable[ShardJob], parts: dict[int, list[list[Record | Exception] | None]]
    ) -> Iterator[tuple[tuple[ShardJob, int], list[Article]]]:
        for job in jobs:
            chunks = [job.articles[at : at + SHARD_TASK_ARTICLES]
                      for at in range(0, len(job.articles), SHARD_TASK_ARTICLES)]
            parts[job.index] = [None] * len(chunks)
            for part, chunk in enumerate(chunks):
                yield (job, part), chunk

    def _completed(
        self, tasks: Iterator[tuple[tuple[ShardJob, int], list[Article]]]
    ) -> Iterator[tuple[tuple[ShardJob, int], list[Record | Exception] | BaseException]]:
        """Each task's results (or the error that lost it) as tasks finish, a bounded number submitted at a time."""
        pending: dict[Any, tuple[ShardJob, int]] = {}
        exhausted = False
        try:
            while True:
                room = self._threads() * SHARD_TASKS_PER_THREAD
                while not exhausted and len(pending) < room:
                    task = next(tasks, None)
                    if task is None:
                        exhausted = True
                        break
                    (job, part), chunk = task
                    pending[self._submit(chunk, f"{job.index:05d}-{part}")] = (job, part)
                if not pending:
                    return
                for future in self._first_done(list(pending)):
                    tag = pending.pop(future)
                    yield tag, _outcome(future)
        finally:
            self._cancel(pending)

    def _first_done(self, futures: list[Any]) -> list[Any]:
        """The futures done, waiting for one at most CHECK_SECONDS (then none: time to look for new workers)."""
        try:
            finished, _ = self.distributed.wait(futures, timeout=CHECK_SECONDS, return_when="FIRST_COMPLETED")
        except TimeoutError:
            return []
        return list(finished)

    def _submit(self, articles: list[Article], tag: str) -> Any:
        key = f"extract-{self.run_id}-{tag}-{uuid.uuid4().hex[:6]}"
        return self.client.submit(extract_task, articles, self.options, key=key, pure=False)

    def _threads(self) -> int:
        """Worker threads in the cluster now (at least 1: workers may still be on their way)."""
        return max(1, sum(self.client.nthreads().values()))

    def _cancel(self, futures: Iterable[Any]) -> None:
        """Tasks nobody will read (Ctrl-C, an error): not left running on the cluster."""
        with contextlib.suppress(Exception):
            self.client.cancel(list(futures))

    def _warm(self) -> None:
        """Load the pipeline on each worker there is now, once; workers that join later load it with their first task.

        A worker that cannot (the model is not installed there, another version of extractor) stops the run here,
        with one message, rather than failing every task.
        """
        workers = list(self.client.nthreads())  # every worker (some versions of scheduler_info list five)
        futures = [self.client.submit(warm_worker, self.options, workers=[worker], allow_other_workers=False,
                                      pure=False, key=f"extract-warm-{self.run_id}-{index}")
                   for index, worker in enumerate(workers)]
        for worker, future in zip(workers, futures, strict=True):
            try:
                version, problem = future.result()
            except Exception as error:
                raise DaskError(f"--dask {self.given}: worker {worker} failed to start: {_one_line(error)}") from error
            if problem is not None:
                raise DaskError(f"--dask {self.given}: worker {worker}: {problem}")
            if version != __version__:
                raise DaskError(f"--dask {self.given}: worker {worker} runs extractor {version}, this is "
                                f"{__version__}: install the same version on the workers")


def _results(future: Any, count: int) -> list[Record | Exception]:
    """A task's results, or its error for each of its `count` articles."""
    outcome = _outcome(future)
    if isinstance(outcome, BaseException):
        error = outcome if isinstance(outcome, Exception) else RuntimeError(_one_line(outcome))
        return [error] * count
    return outcome


def _outcome(future: Any) -> list[Record | Exception] | BaseException:
    """A finished task's results, or the error that ended it (a worker lost too often: KilledWorker)."""
    try:
        results: list[Record | Exception] = future.result()
    except (Exception, asyncio.CancelledError) as error:  # cancelled: asyncio's error, a BaseException
        if type(error).__name__ == "KilledWorker":  # its message is a paragraph of advice: one line instead
            return WorkLost("every worker that ran it died")  # retried: distributed.scheduler.allowed-failures
        return error
    return results


# --- on the workers ----------------------------------------------------------------------------------

# Sent by the terminal to its whole process group, the workers of a local cluster included: they are
# for `extract` to act on (it closes the cluster), else each worker prints its own traceback.
TERMINAL_SIGNALS = ("SIGINT", "SIGHUP")


def dask_setup(worker: Any) -> None:
    """Run by each worker of a local cluster as it starts (Dask's `preload`); workers end with `extract`
    anyway (Dask's own watch on the parent process)."""
    for name in TERMINAL_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)


_local = threading.local()  # each worker thread's pipelines: spaCy's pipes are not shared across threads


def _annotator(options: PipelineOptions) -> tuple[SelectivePipeline, str]:
    """This thread's pipeline for `options`, built on first use and kept for the life of the worker."""
    cache: dict[PipelineOptions, tuple[SelectivePipeline, str]] = getattr(_local, "pipelines", None) or {}
    _local.pipelines = cache
    if options not in cache:
        nlp = build_pipeline(options.model, indirect=options.indirect, beliefs=options.beliefs)
        cache[options] = (SelectivePipeline(nlp, full_parse=options.full_parse), model_description(nlp))
    return cache[options]


def extract_task(articles: list[Article], options: PipelineOptions) -> list[Record | Exception]:
    """A task, on a worker: the record of each article, or the error it raised (made safe to send back)."""
    try:
        annotator, model = _annotator(options)
    except ExtractorError as error:  # its own message: a custom exception might not unpickle as it was
        raise RuntimeError(str(error)) from None
    return [portable(result) for _, result in process(annotator, articles, model)]


def warm_worker(options: PipelineOptions) -> tuple[str, str | None]:
    """On a worker: load the pipeline now; this extractor's version, and why the pipeline cannot load (or None)."""
    try:
        _annotator(options)
    except ExtractorError as error:
        return __version__, str(error)
    return __version__, None


# --- for a dask.bag or dask.dataframe of articles -----------------------------------------------------


def extract_partition(
    rows: Iterable[Any], *, model: str = DEFAULT_MODEL, indirect: bool = False, beliefs: bool = False,
    full_parse: bool = False, id_field: str = "id", text_field: str = "text",
) -> list[Record]:
    """The records of one partition of articles, in its order (run on a worker, with its cached pipeline).

    A row is a dict (`id_field` and `text_field`; its other keys go to the record's `meta`), a tuple
    `(id, text)` or `(id, text, meta)`, or an `Article`. An article that cannot be processed gives
    `{"id": ..., "path": ..., "error": "ValueError: ..."}` in its place, so one bad row never fails
    its partition: filter on `"error" in record`.
    """
    rows = list(rows)
    found = [_article(row, id_field, text_field) for row in rows]
    articles = [article for article in found if isinstance(article, Article)]
    results = iter(extract_task(articles, PipelineOptions(model, indirect, beliefs, full_parse)))
    records: list[Record] = []
    for row, article in zip(rows, found, strict=True):
        if isinstance(article, str):
            records.append({"id": _row_id(row, id_field), "path": None, "error": article})
            continue
        result = next(results)
        records.append(_error_record(article, result) if isinstance(result, Exception) else result)
    return records


def records_bag(
    collection: Any, *, model: str = DEFAULT_MODEL, indirect: bool = False, beliefs: bool = False,
    full_parse: bool = False, id_field: str = "id", text_field: str = "text",
) -> Any:
    """A dask.bag of records from a dask.bag of rows (see `extract_partition`) or a dask.dataframe with id and
    text columns (its other columns go to `meta`); lazy, like any Dask collection: `.compute()` or
    `.map(json.dumps).to_textfiles("out/*.jsonl")`. Partitions keep their order."""
    distributed_module("records_bag")  # the message saying how to install Dask, rather than a bare ImportError
    bag = collection.to_bag(index=False, format="dict") if hasattr(collection, "to_bag") else collection
    return bag.map_partitions(extract_partition, model=model, indirect=indirect, beliefs=beliefs,
                              full_parse=full_parse, id_field=id_field, text_field=text_field)


def _article(row: Any, id_field: str, text_field: str) -> Article | str:
    """The article of a row, or why it is not one."""
    if isinstance(row, Article):
        return row
    if isinstance(row, dict):
        text, article_id = row.get(text_field), row.get(id_field)
        meta = {key: _json_value(value) for key, value in row.items() if key not in (id_field, text_field)}
    elif isinstance(row, (tuple, list)) and len(row) in (2, 3):
        article_id, text = row[0], row[1]
        meta = dict(row[2]) if len(row) == 3 and row[2] is not None else {}
    else:
        return f"ValueError: a row is a dict with {text_field!r}, a tuple (id, text[, meta]) or an Article"
    if not isinstance(text, str):
        return f"ValueError: the text is {type(text).__name__}, not a string"
    return Article("" if article_id is None else str(article_id), None, text, meta)


def _json_value(value: Any) -> Any:
    """A dataframe's cell as JSON can hold it: a numpy number as a Python one, a timestamp as its ISO text."""
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def _row_id(row: Any, id_field: str) -> Any:
    if isinstance(row, dict):
        return row.get(id_field)
    if isinstance(row, (tuple, list)) and row:
        return row[0]
    return None


def _error_record(article: Article, error: Exception) -> Record:
    return {"id": article.id, "path": article.path, "error": _one_line(error)}


def _one_line(error: BaseException) -> str:
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__
