"""Articles in, article records out: in this process or in several, always in input order.

`extract_records(nlp, articles)` is the whole job for a library caller. The CLI uses the
parts: `runner` gives an `InProcess` or `Workers` (worker processes, each with the pipeline
loaded once and a bounded number of batches in flight, so memory stays flat however long
the input is). Both read the articles lazily, process them with `SelectivePipeline` and
give each article with its record or the error it raised: a Doc becomes a record in one
place, `process`, so no caller needs to know which runner it has.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import groupby, islice
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc

from ..pipeline import build_pipeline, model_description
from .longtext import PIECE_CHARS, extract_article
from .records import Article, Record, article_record
from .selective import SelectivePipeline

if TYPE_CHECKING:  # imported when workers start: start-up time counts
    from concurrent.futures import Future, ProcessPoolExecutor

# Articles handed to the pipeline at a time: big enough for batching to pay, small enough that
# JSON Lines output keeps flowing when the input is a slow stream.
BATCH_SIZE = 16
# How long an interrupted run waits for the worker pool's manager thread to end.
MANAGER_END_SECONDS = 5.0
# Batches queued per worker: enough that no worker waits while the oldest batch is still being
# done (results are given in input order), few enough to bound memory.
IN_FLIGHT_PER_WORKER = 4
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def extract_records(
    nlp: Language, articles: Iterable[Article], *, full_parse: bool = False, jobs: int = 1
) -> Iterator[tuple[Article, Record | Exception]]:
    """Each article with its record, or with the exception processing it raised, in input order.

    Args:
        nlp: the pipeline from `build_pipeline`.
        articles: the articles, read lazily.
        full_parse: run every component on every sentence, instead of only where quotes need them.
        jobs: worker processes (1: this process).
    """
    with runner(nlp, jobs, full_parse=full_parse) as run:
        yield from run.process(articles)


def runner(nlp: Language, jobs: int = 1, *, full_parse: bool = False, model: str | None = None) -> InProcess | Workers:
    """What processes the articles: this process, or `jobs` workers (a context manager either way)."""
    return Workers(nlp, jobs, full_parse=full_parse, model=model) if jobs > 1 else InProcess(nlp, full_parse=full_parse)


def process(nlp: Any, articles: Iterable[Article], model: str) -> Iterator[tuple[Article, Record | Exception]]:
    """Each article with its record, or with the exception that processing it raised.

    `nlp` is a Language or anything called like one (a `SelectivePipeline`); `model` is
    the record's `tool.model`. An article longer than PIECE_CHARS is processed in pieces
    (`longtext`), alone.
    """
    stream = iter(articles)
    while batch := list(islice(stream, BATCH_SIZE)):
        for long, group in groupby(batch, key=lambda article: len(article.text) > PIECE_CHARS):
            if long:
                for article in group:
                    yield article, _process_long(nlp, article, model)
            else:
                for article, result in _process_batch(nlp, list(group)):
                    yield article, _record(article, result, model)


def _record(article: Article, result: Doc | Exception, model: str) -> Record | Exception:
    """The article's record from its Doc (the error passed on): the runners' one way to a record."""
    if isinstance(result, Exception):
        return result
    try:
        return article_record(article, result, model)
    except Exception as error:  # a bug for this article only: the others still count
        return error


def _process_batch(nlp: Any, batch: list[Article]) -> Iterator[tuple[Article, Doc | Exception]]:
    docs = nlp.pipe(((article.text, article) for article in batch), as_tuples=True, batch_size=len(batch))
    for done in range(len(batch)):  # noqa: B007 (read after the loop)
        try:
            doc, article = next(docs)
        except Exception:
            break  # retry outside this handler, so the retries' errors do not chain to this one
        yield article, doc
    else:
        return
    # One bad article must not sink its batch: redo the rest one by one to find it.
    for article in batch[done:]:
        yield article, _process_one(nlp, article)


def _process_one(nlp: Any, article: Article) -> Doc | Exception:
    try:
        return nlp(article.text)
    except Exception as error:
        return error


def _process_long(nlp: Any, article: Article, model: str) -> Record | Exception:
    try:
        return extract_article(nlp, article, model)
    except Exception as error:
        return error


class InProcess(contextlib.nullcontext):
    """Articles processed in this process, given as `Workers.process` gives them."""

    def __init__(self, nlp: Language, *, full_parse: bool = False) -> None:
        super().__init__(self)
        self.annotator = SelectivePipeline(nlp, full_parse=full_parse)
        self.model = model_description(nlp)

    def process(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Record | Exception]]:
        """Each article with its record, or with the exception that processing it raised, in input order."""
        return process(self.annotator, articles, self.model)


class Workers:
    """Worker processes that turn batches of articles into records, results in input order.

    Where processes can be forked (Linux), each worker starts with the parent's pipeline,
    loaded once; elsewhere each loads the model by name once. Use as a context manager:
    the workers start on entry, before any other thread of the caller (a progress bar), and
    are stopped on exit, at once if the caller was interrupted. A worker also ends when its
    parent does, however it ends (even by SIGKILL): see `_follow_parent`.
    """

    def __init__(self, nlp: Language, jobs: int, *, full_parse: bool = False, model: str | None = None) -> None:
        self.nlp, self.jobs, self.full_parse = nlp, jobs, full_parse
        self.model_name = model_description(nlp)
        self.load_name = model or f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')}"  # when spawning
        self.executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        global _inherited
        forking = "fork" in multiprocessing.get_all_start_methods() and sys.platform.startswith("linux")
        context = multiprocessing.get_context("fork" if forking else "spawn")
        _inherited = (self.nlp, self.full_parse) if forking else None
        others = set(multiprocessing.active_children())
        self.executor = ProcessPoolExecutor(
            self.jobs, mp_context=context, initializer=_start_worker,
            initargs=(self.load_name, self.full_parse, pipeline_options(self.nlp), os.getpid()),
        )
        try:
            for started in [self.executor.submit(os.getpid) for _ in range(self.jobs)]:
                started.result()  # every worker runs now, forked before the caller starts any thread
        except BaseException as error:  # interrupted while they start: stop those that did
            self.processes = [p for p in multiprocessing.active_children() if p not in others]
            self.__exit__(type(error))
            raise
        finally:
            _inherited = None
        self.processes = [p for p in multiprocessing.active_children() if p not in others]
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if self.executor is None:
            return
        if kind is None:
            self.executor.shutdown(wait=True, cancel_futures=True)
        else:  # interrupted, or the reader went away: the batches under way are not wanted
            manager = _manager_thread(self.executor)
            _close_result_writer(self.executor)
            for worker in self.processes:
                worker.terminate()
            self.executor.shutdown(wait=False, cancel_futures=True)
            if manager is not None:
                manager.join(MANAGER_END_SECONDS)
        self.executor = None

    def process(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Record | Exception]]:
        """Each article with its record, or with the exception that processing it raised, in input order."""
        assert self.executor is not None, "use Workers as a context manager"
        stream = iter(articles)
        pending: deque[tuple[list[Article], Future]] = deque()
        while True:
            while len(pending) < self.jobs * IN_FLIGHT_PER_WORKER and (batch := list(islice(stream, BATCH_SIZE))):
                pending.append((batch, self.executor.submit(_work, batch)))
            if not pending:
                return
            batch, future = pending.popleft()
            yield from zip(batch, future.result(), strict=True)


def _manager_thread(executor: ProcessPoolExecutor) -> threading.Thread | None:
    """The executor's manager thread, to be waited for after a shutdown that does not wait.

    On Python 3.11 the manager closes its wake-up pipe as it ends, and the interpreter's exit
    hook writes to that pipe unlocked: an exit while the manager is still ending (SIGTERM,
    SIGHUP, Ctrl-C) can print "Exception ignored ... Bad file descriptor" after our one-line
    message. Once the manager has ended, the hook sees the pipe closed and skips it.
    The attribute is private (and gone once `shutdown` returns): without it, nothing is waited for.
    """
    manager = getattr(executor, "_executor_manager_thread", None)
    return manager if isinstance(manager, threading.Thread) else None


def _close_result_writer(executor: ProcessPoolExecutor) -> None:
    """Close this process's copy of the pipe the workers send results on, which it never writes to.

    A worker stopped in the middle of sending a batch's records leaves half a message in the
    pipe, and the manager thread waits for the rest; with no writer left, it reads the end of
    the pipe instead, and ends (the interpreter waits for it before exiting). Private, like
    `_manager_thread`: without it, nothing is done.
    """
    writer = getattr(getattr(executor, "_result_queue", None), "_writer", None)
    if writer is not None and hasattr(writer, "close"):
        writer.close()


# The pipeline a forked worker inherits from its parent, and the worker's own annotator.
_inherited: tuple[Language, bool] | None = None
_worker: tuple[SelectivePipeline, str] | None = None


def pipeline_options(nlp: Language) -> dict[str, bool]:
    """The `build_pipeline` options a pipeline was built with, for a worker that builds its own."""
    attributor = nlp.get_pipe("quote_attributor") if "quote_attributor" in getattr(nlp, "pipe_names", []) else None
    return {"indirect": getattr(attributor, "indirect", False), "beliefs": getattr(attributor, "beliefs", False)}


def _start_worker(model: str, full_parse: bool, options: dict[str, bool], parent: int) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent handles it
    for ending in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if ending is not None:  # a forked worker inherits the parent's handlers, which unwind its run
            signal.signal(ending, signal.SIG_DFL)
    _follow_parent(parent)
    nlp, full_parse = _inherited if _inherited is not None else (build_pipeline(model, **options), full_parse)
    _worker = (SelectivePipeline(nlp, full_parse=full_parse), model_description(nlp))


def _follow_parent(parent: int) -> None:
    """End this worker when `parent` ends, whatever ends it: a worker left behind holds a model in memory.

    On Linux the kernel sends SIGKILL when the parent dies (PR_SET_PDEATHSIG; strictly, when
    the thread that forked the worker ends: the one that entered `Workers`); elsewhere, or if
    that fails, a thread checks every half second whether the worker was orphaned.
    """
    if _kill_on_parent_death():
        if os.getppid() != parent:  # the parent died before it could be asked
            os._exit(1)
        return
    threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()


def _kill_on_parent_death() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; whether it agreed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0)
    except (OSError, AttributeError):  # no libc, or no prctl in it
        return False


def _watch_parent(parent: int, interval: float = 0.5) -> None:
    while os.getppid() == parent:
        time.sleep(interval)
    os._exit(1)  # orphaned: adopted by another process


def _work(batch: list[Article]) -> list[Record | Exception]:
    """In a worker: the record of each article of the batch, or its error, made safe to send back."""
    assert _worker is not None
    annotator, model = _worker
    return [portable(result) for _, result in process(annotator, batch, model)]


def portable(result: Record | Exception) -> Record | Exception:
    """An error that crosses the process boundary, with the worker's traceback as a note."""
    if not isinstance(result, BaseException):
        return result
    if result.__traceback__ is not None and hasattr(result, "add_note"):
        result.add_note("".join(traceback.format_exception(result)).rstrip())
    try:
        pickle.dumps(result)
    except Exception:
        return RuntimeError(f"{type(result).__name__}: {result}")
    return result
