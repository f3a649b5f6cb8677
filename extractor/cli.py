"""The `extract` command: wire reading, the pipeline and rendering, and turn errors into exit codes.

Two commands: `extract PATH...` (the quotes of each article) and `extract summary PATH...` (figures
over a corpus, from articles or from records written before). `run` tells them apart by the first
argument alone, so `extract PATH...` parses exactly as it always has.

stdout carries data only (a table, the `--show` view, JSON, JSON Lines, CSV or TSV; `--html`
writes a file); every message goes to stderr as `extract: FILE[:LINE]: message`. This is the only
module that prints or exits, but for a signal that comes before the command starts (`entry`).
Where output files go and how stdout fails is in `outputs`.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperArgument, TyperCommand, TyperOption

from . import __version__, outputs
from .entry import Terminated, handling_signals
from .errors import ModelNotFound, one_line, os_reason
from .pipeline import DEFAULT_MODEL, build_pipeline
from .processing.articles import InputProblem, read_articles
from .processing.engine import InProcess, Workers, runner
from .processing.records import Article, Record
from .processing.saved import Inputs, read_records, sort_inputs, stdin_restored
from .processing.shards import failure_line
from .processing.summary import Grouping, Summary
from .views.progress import count_articles, count_lines, progress_bar
from .views.render import quotes_table, to_json_array, to_jsonl
from .views.rows import RowWriter
from .views.safe_text import terminal_line

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it (SIGTERM and SIGHUP: 143 and 129)
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader went away (`extract ... | head`)

SUMMARY = "summary"  # the first argument that runs `extract summary`; a file of that name is ./summary
COMPLETE_VAR = "_EXTRACT_COMPLETE"  # set by the completion script typer writes for `extract`

# Completion (`--install-completion`) costs nothing at start-up: typer imports its code anyway.
app = typer.Typer(add_completion=True, pretty_exceptions_enable=False)
summary_app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

# One pipeline per model name for the life of the process (and of a test session).
load_pipeline = functools.lru_cache(maxsize=2)(build_pipeline)

PATHS_HELP = (
    'Articles to read: .txt files, .jsonl files (one {"id": ..., "text": ...} per line), .json files (an array of '
    "such objects), .html pages, directories (searched recursively for .txt, .jsonl and .html), or - for stdin."
)
SUMMARY_PATHS_HELP = (
    "Articles (as for extract), or records extract wrote before, counted without the model: a .jsonl of records, "
    "a directory of part-*.jsonl shards of them, a .json array from -o, or - for stdin."
)
# One line per paragraph: rich help keeps a docstring's line breaks as they are.
SUMMARY_HELP = (
    "Count who is quoted in a corpus: sources by kind, gender, anonymity, the most quoted.\n\n"
    "Direct quotes and reported speech are counted apart, scare quotes never. People and organisations are one "
    "source across articles; anonymous sources, documents and unresolved mentions stay in their article. Records "
    "written before are counted as they are: the model runs only on articles."
)
MAIN_EPILOG = "Figures over a corpus: extract summary PATH... (extract summary --help). A file named summary: ./summary"


class OutputFormat(str, Enum):
    """What stdout gets."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"


class SummaryFormat(str, Enum):
    """What stdout gets from `extract summary`."""

    table = "table"
    json = "json"


ROW_FORMATS = (OutputFormat.csv, OutputFormat.tsv)


def _choices(kind: type[Enum]) -> str:
    """'[table|json|jsonl]': the values of an option, as its placeholder in --help."""
    return "[" + "|".join(str(member.value) for member in kind) + "]"


class _BareArgument(TyperArgument):
    """An argument whose --help entry is its name alone (typer would add `<list[str]>`)."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


class _Command(TyperCommand):
    """typer's command with a --help free of Python types: `--show`, not `--show <bool>`; `PATH`, not
    `PATH <list[str]>`. Options that take a value name it with their own `metavar` (FILE, N, NAME)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        for param in params:
            if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
                param.metavar = ""  # a flag takes no value: nothing to show
            elif type(param) is TyperArgument:
                param.__class__ = _BareArgument  # typer builds its own parameters: no other way to reach this one
        return params


@dataclass
class Reporter:
    """Writes problems to stderr and remembers whether any of them was an error."""

    debug: bool = False
    failed: bool = False

    def __call__(
        self, where: str | None, message: str, *, warning: bool = False, error: BaseException | None = None
    ) -> None:
        self.failed = self.failed or not warning
        prefix = "extract: " + (f"{where}: " if where else "") + ("warning: " if warning else "")
        err_console.print(terminal_line(prefix + message), markup=False, style="yellow" if warning else "red")
        if self.debug and error is not None:
            from rich.traceback import Traceback  # imported when needed: start-up time counts

            err_console.print(Traceback.from_exception(type(error), error, error.__traceback__))


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"extract {__version__}")
        raise typer.Exit()


# Options both commands take, declared once.
ModelOption = Annotated[
    str, typer.Option(metavar="NAME", help="spaCy pipeline (package name or path) to add the quote components to.")
]
JobsOption = Annotated[
    int, typer.Option("--jobs", "-j", min=0, metavar="N", help="Worker processes, each with the model loaded once (0: "
                      "one per CPU). Output keeps the input order.")
]
FullParseOption = Annotated[
    bool, typer.Option("--full-parse", help="Run every component of the model on every sentence, not only where "
                       "quotes need them (slower; the reference for the faster default).")
]
IndirectOption = Annotated[
    bool, typer.Option("--indirect", help="Also find reported speech ('Pompeo said the strike was lawful'): quotes "
                       "of type indirect, attributed like direct ones.")
]
TextFieldOption = Annotated[
    str, typer.Option("--text-field", metavar="NAME", help="The field of a JSON object (.jsonl, .json, stdin) that "
                      "holds the article's text; its other fields go to the record's meta.")
]
IdFieldOption = Annotated[
    str, typer.Option("--id-field", metavar="NAME", help="The field of a JSON object that holds the article's id.")
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar (problems with inputs are still reported).")
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show Python tracebacks for errors.")]


@dataclass(frozen=True)
class Reading:
    """How the articles are read and processed: the options `extract` and `extract summary` share."""

    model: str = DEFAULT_MODEL
    jobs: int = 1
    full_parse: bool = False
    indirect: bool = False
    beliefs: bool = False
    text_field: str = "text"
    id_field: str = "id"
    quiet: bool = False


@app.command(cls=_Command, epilog=MAIN_EPILOG)
def main(
    paths: Annotated[list[str], typer.Argument(help=PATHS_HELP, metavar="PATH", show_default=False)],
    output_format: Annotated[
        OutputFormat | None,
        typer.Option("--format", "-f", metavar=_choices(OutputFormat), help="What stdout gets (default: table on a "
                     "terminal, jsonl when piped). csv and tsv: a header, then a row per quote."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, metavar="FILE", help="Also write all records to FILE as "
                     "one JSON array (replaced atomically), whatever stdout gets."),
    ] = None,
    model: ModelOption = DEFAULT_MODEL,
    min_confidence: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, metavar="X", help="Hide attributions made with less confidence than this in "
                     "the table and --show (JSON, CSV and TSV always have every quote)."),
    ] = 0.0,
    show: Annotated[
        bool, typer.Option("--show", help="Instead of the table, print each article's text with its quotes marked "
                           "by speaker, and a legend (plain text when piped or with NO_COLOR).")
    ] = False,
    html: Annotated[
        Path | None,
        typer.Option("--html", dir_okay=False, metavar="FILE", help="Also write a self-contained HTML report to "
                     "FILE: the articles with their quotes highlighted per speaker, and a summary of who is quoted."),
    ] = None,
    jobs: JobsOption = 1,
    full_parse: FullParseOption = False,
    indirect: IndirectOption = False,
    beliefs: Annotated[
        bool, typer.Option("--beliefs", help="With --indirect, also report beliefs and attitudes ('Trump thinks "
                           "…', 'officials fear …').")
    ] = False,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
    out_dir: Annotated[
        Path | None,
        typer.Option("--out-dir", file_okay=False, metavar="DIR", help="Write the records to DIR as shards "
                     "(part-00000.jsonl, …) with a manifest.json, instead of to stdout; the same command again "
                     "resumes where it stopped."),
    ] = None,
    shard_size: Annotated[
        int | None, typer.Option("--shard-size", min=1, metavar="N", help="With --out-dir, articles per shard "
                                 "(default 1000).")
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option("--dask", metavar="ADDRESS", callback=_dask_target, help="With --out-dir, extract on a Dask "
                     "cluster: a scheduler address (tcp://host:8786), a scheduler file, or local[:N] for N worker "
                     "processes on this machine (needs the dask extra)."),
    ] = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Find the direct quotes in news articles and who said them."""
    if show and output_format not in (None, OutputFormat.table):
        raise typer.BadParameter(f"cannot be combined with --format {output_format.value}", param_hint="--show")
    if beliefs and not indirect:
        raise typer.BadParameter("needs --indirect", param_hint="--beliefs")
    _check_fields(text_field, id_field)
    _check_folder_options(out_dir, shard_size, dask, jobs, output_format, output, html, show)
    report = Reporter(debug=debug)
    problem = outputs.clash(paths, output, html) or _empty_path(paths)  # checked before any work: one line, exit 2
    if problem:
        report(None, problem)
        raise typer.Exit(EXIT_USAGE)
    fmt = output_format or (OutputFormat.table if show or sys.stdout.isatty() else OutputFormat.jsonl)
    reading = Reading(model, jobs or os.cpu_count() or 1, full_parse, indirect, beliefs, text_field, id_field, quiet)
    if out_dir is not None:
        _guarded(report, lambda: extract_to_folder(paths, out_dir, shard_size, dask, report, reading))
    else:
        _guarded(report, lambda: extract(paths, fmt, output, min_confidence, report, reading, show=show, html=html))


@summary_app.command(cls=_Command, help=SUMMARY_HELP)
def summary(
    paths: Annotated[list[str], typer.Argument(help=SUMMARY_PATHS_HELP, metavar="PATH", show_default=False)],
    output_format: Annotated[
        SummaryFormat | None,
        typer.Option("--format", "-f", metavar=_choices(SummaryFormat), help="What stdout gets (default: tables on a "
                     "terminal, one JSON object when piped)."),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="FIELD[:month|:year]", help="Also give every figure per value of this field of "
                     "the records' meta (the input's other JSON fields), e.g. outlet; date:month and date:year "
                     "group an ISO date by its first 7 or 4 characters. Records without it: (none)."),
    ] = None,
    model: ModelOption = DEFAULT_MODEL,
    jobs: JobsOption = 1,
    full_parse: FullParseOption = False,
    indirect: IndirectOption = False,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Count who is quoted in a corpus (the help shown is SUMMARY_HELP)."""
    try:
        grouping = Grouping.parse(by) if by is not None else None
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--by") from None
    _check_fields(text_field, id_field)
    report = Reporter(debug=debug)
    if problem := _empty_path(paths):
        report(None, problem)
        raise typer.Exit(EXIT_USAGE)
    fmt = output_format or (SummaryFormat.table if sys.stdout.isatty() else SummaryFormat.json)
    reading = Reading(model, jobs or os.cpu_count() or 1, full_parse, indirect, False, text_field, id_field, quiet)
    _guarded(report, lambda: summarize(paths, fmt, grouping, report, reading))


def run(args: list[str]) -> None:
    """The console script: `extract summary ...` when the first argument is `summary`, else `extract ...`.

    Only the first argument decides, so every other command line means what it always has; a file
    or directory named summary is given as ./summary (or after --).
    """
    if args[:1] == [SUMMARY]:
        summary_app(args=args[1:], prog_name=f"extract {SUMMARY}")
    elif _completing_summary():  # its options, once `summary` is the first word typed
        from typer.completion import completion_init

        completion_init()  # what `app`, made with add_completion, does for itself
        summary_app(prog_name="extract")
    else:
        app(args=args, prog_name="extract")


def _completing_summary() -> bool:
    """Whether the shell asks to complete `extract summary …`: the words typed come in the environment
    (COMP_WORDS from bash, _TYPER_COMPLETE_ARGS from the others), not as arguments."""
    if COMPLETE_VAR not in os.environ:
        return False
    words = (os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or "").split()
    return len(words) > 2 and words[1] == SUMMARY


def _dask_target(value: str | None) -> str | None:
    """`--dask` checked as typed, before any work."""
    if value is not None:
        from .processing.cluster import parse_target

        try:
            parse_target(value)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--dask") from None
    return value


def _check_folder_options(out_dir: Path | None, shard_size: int | None, dask: str | None, jobs: int,
                          fmt: OutputFormat | None, output: Path | None, html: Path | None, show: bool) -> None:
    """--out-dir takes the records stdout or -o would have had; --shard-size and --dask work only with it."""
    if out_dir is None:
        for given, name in ((shard_size is not None, "--shard-size"), (dask is not None, "--dask")):
            if given:
                raise typer.BadParameter("needs --out-dir", param_hint=name)
        return
    for given, name in ((fmt is not None, "--format"), (output is not None, "--output"), (html is not None, "--html"),
                        (show, "--show")):
        if given:
            raise typer.BadParameter("cannot be combined with --out-dir (the records go to its shards)",
                                     param_hint=name)
    if dask is not None and jobs != 1:
        raise typer.BadParameter("cannot be combined with --dask (the cluster's workers do the work)",
                                 param_hint="--jobs")


def _check_fields(text_field: str, id_field: str) -> None:
    for option, name in (("--text-field", text_field), ("--id-field", id_field)):
        if not name:
            raise typer.BadParameter("names no field", param_hint=option)
    if text_field == id_field:
        raise typer.BadParameter(f"is also the --text-field ({text_field!r})", param_hint="--id-field")


def _empty_path(paths: list[str]) -> str | None:
    """An unset variable in a script (`extract "$DIR"`) means no file, not the current directory."""
    return "PATH: an empty path names no file (use . for the current directory)" if "" in paths else None


def _guarded(report: Reporter, work: Callable[[], int]) -> None:
    """Run `work` and exit with its code, or with the code of what stopped it: every way a run ends, in one place."""
    try:
        with handling_signals():
            code = work()
            with outputs.writing_stdout():
                sys.stdout.flush()  # here, not at exit, where a failure could not be reported
    except KeyboardInterrupt:  # Ctrl-C: what was written stays, -o keeps its previous content
        report(None, "interrupted")
        code = EXIT_INTERRUPTED
    except Terminated as ending:  # SIGTERM, SIGHUP: the same, with their own exit codes
        with contextlib.suppress(OSError):  # a hung-up terminal
            report(None, ending.message)
        code = 128 + ending.signum
    except (BrokenPipeError, outputs.StdoutFailed) as error:
        outputs.silence_stdout()
        if isinstance(error, outputs.StdoutFailed) and not error.reader_gone:  # a full disk
            report(None, f"cannot write to standard output: {error}", error=error.error)
            code = 1
        else:  # the reader went away (`| head`): nothing to say, nobody to say it to
            code = EXIT_BROKEN_PIPE
    except Exception as error:  # a bug in the extractor: one line, unless --debug
        hint = "" if report.debug else " (run with --debug for the traceback)"
        report(None, f"internal error: {one_line(error)}{hint}", error=error)
        code = 1
    raise typer.Exit(code)


def extract(
    paths: list[str], fmt: OutputFormat, output: Path | None, min_confidence: float, report: Reporter,
    reading: Reading = Reading(), *, show: bool = False, html: Path | None = None,
) -> int:
    """The whole run without typer: returns the exit code."""
    for target in (output, html):
        if target is not None and (problem := outputs.unwritable(target)):
            report(str(target), f"cannot write: {problem}")
            return 1
    nlp = _pipeline(reading, report)
    if nlp is None:
        return 1
    if show:
        from .views.show import article_view
    out = outputs.StdoutConsole(highlight=False)
    rows = RowWriter(sys.stdout, fmt.value, terminal=out.is_terminal) if fmt in ROW_FORMATS else None
    if rows is not None:
        with outputs.writing_stdout():
            rows.header()  # once for the run, whatever the number of workers or articles
    kept: list[Record] = []
    reported: list[tuple[Record, str]] = []  # records with their texts, for --html
    bar = _progress(reading, out, lambda: count_articles(paths))
    # Workers start before the progress bar's thread: a process forked while it runs could hang.
    with runner(nlp, reading.jobs, full_parse=reading.full_parse, model=reading.model) as run, bar as progress:
        task = progress.add_task("extracting quotes", total=bar.total, visible=False)
        for article, record in _records(run, paths, report, reading):
            with outputs.writing_stdout():
                if show:
                    out.print(article_view(record, article.text, min_confidence=min_confidence))
                else:
                    _write_record(record, fmt, out, min_confidence, rows)
            if fmt is OutputFormat.json or output is not None:
                kept.append(record)
            if html is not None:
                reported.append((record, article.text))
            progress.update(task, advance=1, visible=True)
    if fmt is OutputFormat.json:
        with outputs.writing_stdout():
            sys.stdout.write(to_json_array(kept) + "\n")
            sys.stdout.flush()
    if output is not None:
        _write_file(output, to_json_array(kept) + "\n", report)
    if html is not None:
        from .views.html_report import html_report

        _write_file(html, html_report(reported), report)
    return 1 if report.failed else 0


def extract_to_folder(paths: list[str], out_dir: Path, shard_size: int | None, dask: str | None,
                      report: Reporter, reading: Reading) -> int:
    """`--out-dir`: the records in shards, resumable, on this machine or a Dask cluster; stdout gets
    the final line only. Returns the exit code."""
    from .errors import ExtractorError
    from .processing.shards import DEFAULT_SHARD_SIZE, OutDirRefused, RunSpec, ShardFolder

    spec = RunSpec(paths, model=reading.model, indirect=reading.indirect, beliefs=reading.beliefs,
                   full_parse=reading.full_parse, text_field=reading.text_field, id_field=reading.id_field,
                   shard_size=shard_size or DEFAULT_SHARD_SIZE)
    try:
        with ShardFolder(out_dir, spec) as folder:  # a folder another run owns is refused before any work
            if dask is not None:
                from .processing.cluster import dask_runner

                working: Any = dask_runner(dask, model=reading.model, indirect=reading.indirect,
                                           beliefs=reading.beliefs, full_parse=reading.full_parse)
            elif folder.saved and folder.saved.get("complete"):  # a rerun that has likely nothing to do
                working = _LoadWhenNeeded(lambda: runner(
                    load_pipeline(reading.model, indirect=reading.indirect, beliefs=reading.beliefs), 1,
                    full_parse=reading.full_parse, model=reading.model))
            elif (nlp := _pipeline(reading, report)) is None:
                return 1
            else:
                working = runner(nlp, reading.jobs, full_parse=reading.full_parse, model=reading.model)
            bar = _progress(reading, outputs.StdoutConsole(highlight=False), lambda: count_articles(paths),
                            data_on_stdout=False)
            with working as run, bar as progress:
                task = progress.add_task("extracting quotes", total=bar.total, visible=False)
                done = folder.write(read_articles(paths, text_field=reading.text_field, id_field=reading.id_field),
                                    run, report=report,
                                    progress=lambda n: progress.update(task, advance=n, visible=True))
    except OutDirRefused as error:
        report(None, str(error), error=error)
        return EXIT_USAGE
    except ExtractorError as error:  # inputs changed under a shard, the folder busy, Dask missing or unreachable
        report(None, str(error), error=error)
        return 1
    with outputs.writing_stdout():
        sys.stdout.write(done.line() + "\n")
    return 1 if report.failed or done.lost else 0


class _LoadWhenNeeded:
    """A runner started at the first article it gets: over a complete --out-dir, no model is loaded.
    It runs in this process (workers forked later would start under the progress bar's thread)."""

    def __init__(self, start: Callable[[], Any]) -> None:
        self.start, self.stack = start, contextlib.ExitStack()
        self.run: Any = None

    def __enter__(self) -> _LoadWhenNeeded:
        return self

    def __exit__(self, *exc: Any) -> Any:
        return self.stack.__exit__(*exc)

    def process(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Record | Exception]]:
        articles = iter(articles)
        first = next(articles, None)
        if first is None:
            return
        if self.run is None:
            self.run = self.stack.enter_context(self.start())
        yield from self.run.process(itertools.chain([first], articles))


def summarize(paths: list[str], fmt: SummaryFormat, grouping: Grouping | None, report: Reporter,
              reading: Reading = Reading()) -> int:
    """`extract summary` without typer: count the records read and the articles extracted, print the figures."""
    inputs = sort_inputs(paths)
    nlp = _pipeline(reading, report) if inputs.articles else None
    if inputs.articles and nlp is None:
        return 1
    counted = Summary(grouping)
    out = outputs.StdoutConsole(highlight=False)
    bar = _progress(reading, out, lambda: _count_inputs(inputs))
    working = runner(nlp, reading.jobs, full_parse=reading.full_parse, model=reading.model) if nlp is not None \
        else contextlib.nullcontext()
    with stdin_restored(inputs.stdin_head), working as run, bar as progress:
        task = progress.add_task("counting quotes", total=bar.total, visible=False)
        for source in inputs.records:
            for item in read_records(source):
                if isinstance(item, InputProblem):
                    report(item.where, item.message, warning=item.warning)
                    continue
                counted.add(item)
                progress.update(task, advance=1, visible=True)
        if run is not None:
            for _, record in _records(run, inputs.articles, report, reading):
                counted.add(record)
                progress.update(task, advance=1, visible=True)
    figures = counted.figures()
    with outputs.writing_stdout():
        if fmt is SummaryFormat.json:
            sys.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
        else:
            from .views.summary import summary_view

            out.print(summary_view(figures))
    return 1 if report.failed else 0


def _count_inputs(inputs: Inputs) -> int | None:
    """Records and articles the run will count, when that is cheap to tell (not from stdin)."""
    counts = [len(s.array) if s.array is not None else None if s.path is None else count_lines(s.path)
              for s in inputs.records]
    articles = count_articles(inputs.articles) if inputs.articles else 0
    return None if None in counts or articles is None else sum(c or 0 for c in counts) + articles


def _pipeline(reading: Reading, report: Reporter) -> Any:
    """The pipeline, or None when the model is not installed (said on stderr)."""
    try:
        return load_pipeline(reading.model, indirect=reading.indirect, beliefs=reading.beliefs)
    except ModelNotFound as error:
        report(None, str(error), error=error)
        return None


@dataclass
class _Bar:
    """The progress bar to enter, and the number of articles it expects (None: unknown)."""

    bar: Any
    total: int | None

    def __enter__(self) -> Any:
        return self.bar.__enter__()

    def __exit__(self, *exc: Any) -> Any:
        return self.bar.__exit__(*exc)


def _progress(reading: Reading, out: Console, count: Callable[[], int | None], *, data_on_stdout: bool = True) -> _Bar:
    """A transient progress bar on stderr, shown only when stdout is not the same terminal (or carries
    no data) and not --quiet; the inputs are counted only then."""
    enabled = not reading.quiet and err_console.is_terminal and not (data_on_stdout and out.is_terminal)
    total = count() if enabled else None
    return _Bar(progress_bar(err_console, enabled=enabled, known_total=total is not None), total)


def _write_record(
    record: Record, fmt: OutputFormat, out: Console, min_confidence: float, rows: RowWriter | None
) -> None:
    """Table, JSON Lines, CSV and TSV are written as soon as each article is done; JSON waits for all."""
    if rows is not None:
        rows.record(record)
        sys.stdout.flush()
    elif fmt is OutputFormat.jsonl:
        sys.stdout.write(to_jsonl(record) + "\n")
        sys.stdout.flush()
    elif fmt is OutputFormat.table:
        out.print(quotes_table(record, min_confidence))


def _records(
    run: InProcess | Workers, paths: list[str], report: Reporter, reading: Reading
) -> Iterator[tuple[Article, Record]]:
    """Every article that could be read and processed, with its record; the rest are reported."""
    for article, result in run.process(_articles(paths, report, reading)):
        if isinstance(result, Exception):
            report(*failure_line(article, result), error=result)
        else:
            yield article, result


def _articles(paths: list[str], report: Reporter, reading: Reading) -> Iterator[Article]:
    for item in read_articles(paths, text_field=reading.text_field, id_field=reading.id_field):
        if isinstance(item, InputProblem):
            report(item.where, item.message, warning=item.warning)
        else:
            yield item


def _write_file(path: Path, text: str, report: Reporter) -> None:
    try:
        outputs.write_output(path, text)
    except OSError as error:
        report(str(path), f"cannot write: {os_reason(error)}", error=error)
