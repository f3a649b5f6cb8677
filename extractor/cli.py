"""The `extract` command: wire reading, the pipeline and rendering, and turn errors into exit codes.

stdout carries data only (a table, the `--show` view, JSON or JSON Lines; `--html` writes a
file); every message goes to stderr as `extract: FILE[:LINE]: message`. This is the only
module that prints or exits, but for a signal that comes before the command starts (`entry`).
Where output files go and how stdout fails is in `outputs`.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from . import __version__, outputs
from .entry import Terminated, handling_signals
from .errors import ModelNotFound
from .pipeline import DEFAULT_MODEL, build_pipeline
from .processing.articles import STDIN, InputProblem, read_articles
from .processing.engine import InProcess, Workers, runner
from .processing.records import Article, Record
from .views.render import quotes_table, to_json_array, to_jsonl
from .views.safe_text import terminal_line

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it (SIGTERM and SIGHUP: 143 and 129)
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader went away (`extract ... | head`)

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

# One pipeline per model name for the life of the process (and of a test session).
load_pipeline = functools.lru_cache(maxsize=2)(build_pipeline)

PATHS_HELP = (
    'Articles to read: .txt files, .jsonl files (one {"id": ..., "text": ...} per line), '
    "directories (searched recursively for both), or - for stdin."
)


class OutputFormat(str, Enum):
    """What stdout gets."""

    table = "table"
    json = "json"
    jsonl = "jsonl"


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


@app.command()
def main(
    paths: Annotated[list[str], typer.Argument(help=PATHS_HELP, metavar="PATH", show_default=False)],
    output_format: Annotated[
        OutputFormat | None,
        typer.Option("--format", "-f", help="What stdout gets (default: table on a terminal, jsonl when piped)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, metavar="FILE", help="Also write all records to FILE as "
                     "one JSON array (replaced atomically); a terminal still gets the table."),
    ] = None,
    model: Annotated[
        str, typer.Option(help="spaCy pipeline (package name or path) to add the quote components to.")
    ] = DEFAULT_MODEL,
    min_confidence: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Hide quotes attributed with less confidence than this in the table "
                     "(JSON output always has every quote)."),
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
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="Worker processes, each with the model loaded once (0: one "
                          "per CPU). Output keeps the input order.")
    ] = 1,
    full_parse: Annotated[
        bool, typer.Option("--full-parse", help="Run every component of the model on every sentence, not only "
                           "where quotes need them (slower; the reference for the faster default).")
    ] = False,
    indirect: Annotated[
        bool, typer.Option("--indirect", help="Also find reported speech ('Pompeo said the strike was lawful'): "
                           "quotes of type indirect, attributed like direct ones.")
    ] = False,
    beliefs: Annotated[
        bool, typer.Option("--beliefs", help="With --indirect, also report beliefs and attitudes ('Trump thinks "
                           "…', 'officials fear …').")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show Python tracebacks for errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Find the direct quotes in news articles and who said them."""
    if show and output_format not in (None, OutputFormat.table):
        raise typer.BadParameter(f"cannot be combined with --format {output_format.value}", param_hint="--show")
    if beliefs and not indirect:
        raise typer.BadParameter("needs --indirect", param_hint="--beliefs")
    report = Reporter(debug=debug)
    problem = outputs.clash(paths, output, html)  # checked before any work: one line, exit 2
    if "" in paths:  # an unset variable in a script: not the current directory
        problem = "PATH: an empty path names no file (use . for the current directory)"
    if problem:
        report(None, problem)
        raise typer.Exit(EXIT_USAGE)
    fmt = output_format or (OutputFormat.table if show or sys.stdout.isatty() else OutputFormat.jsonl)
    try:
        with handling_signals():
            code = extract(paths, fmt, output, model, min_confidence, report, show=show, html=html, jobs=jobs or
                           os.cpu_count() or 1, full_parse=full_parse, indirect=indirect, beliefs=beliefs)
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
        hint = "" if debug else " (run with --debug for the traceback)"
        report(None, f"internal error: {_one_line(error)}{hint}", error=error)
        code = 1
    raise typer.Exit(code)


def extract(
    paths: list[str], fmt: OutputFormat, output: Path | None, model: str, min_confidence: float, report: Reporter,
    *, show: bool = False, html: Path | None = None, jobs: int = 1, full_parse: bool = False, indirect: bool = False,
    beliefs: bool = False,
) -> int:
    """The whole run without typer: returns the exit code."""
    for target in (output, html):
        if target is not None and (problem := outputs.unwritable(target)):
            report(str(target), f"cannot write: {problem}")
            return 1
    try:
        nlp = load_pipeline(model, indirect=indirect, beliefs=beliefs)
    except ModelNotFound as error:
        report(None, str(error), error=error)
        return 1
    if show:
        from .views.show import article_view
    out = outputs.StdoutConsole(highlight=False)
    kept: list[Record] = []
    reported: list[tuple[Record, str]] = []  # records with their texts, for --html
    # Workers start before the progress bar's thread: a process forked while it runs could hang.
    with runner(nlp, jobs, full_parse=full_parse, model=model) as run, \
            _progress(enabled=err_console.is_terminal and not out.is_terminal) as progress:
        task = progress.add_task("extracting quotes", total=None, visible=False)
        for article, record in _records(run, paths, report):
            with outputs.writing_stdout():
                if show:
                    out.print(article_view(record, article.text, min_confidence=min_confidence))
                else:
                    _write_record(record, fmt, out, min_confidence)
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


class _NoProgress(contextlib.nullcontext):
    """The progress bar when it is not shown, without importing rich.progress (start-up time counts)."""

    def __init__(self) -> None:
        super().__init__(self)

    def add_task(self, *args: Any, **kwargs: Any) -> int:
        return 0

    def update(self, *args: Any, **kwargs: Any) -> None:
        pass


def _progress(*, enabled: bool) -> Any:
    """A transient article counter on stderr, shown only when stdout is not the same terminal."""
    if not enabled:
        return _NoProgress()
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} articles"),
        TimeElapsedColumn(), console=err_console, transient=True,
        # Redirecting would send our stdout data through the stderr console.
        redirect_stdout=False, redirect_stderr=False,
    )


def _write_record(record: Record, fmt: OutputFormat, out: Console, min_confidence: float) -> None:
    """Table and JSON Lines are written as soon as each article is done; JSON waits for all."""
    if fmt is OutputFormat.jsonl:
        sys.stdout.write(to_jsonl(record) + "\n")
        sys.stdout.flush()
    elif fmt is OutputFormat.table:
        out.print(quotes_table(record, min_confidence))


def _records(run: InProcess | Workers, paths: list[str], report: Reporter) -> Iterator[tuple[Article, Record]]:
    """Every article that could be read and processed, with its record; the rest are reported."""
    for article, result in run.process(_articles(paths, report)):
        if isinstance(result, Exception):
            report(_where(article), f"could not process{_which(article)}: {_one_line(result)}", error=result)
        else:
            yield article, result


def _articles(paths: list[str], report: Reporter) -> Iterator[Article]:
    for item in read_articles(paths):
        if isinstance(item, InputProblem):
            report(item.where, item.message, warning=item.warning)
        else:
            yield item


def _where(article: Article) -> str:
    return article.path or STDIN


def _which(article: Article) -> str:
    """' article ID' when the source holds many articles (JSON Lines), else ''."""
    many = article.path.endswith(".jsonl") if article.path else article.id != "stdin"
    return f" article {article.id!r}" if many else ""


def _one_line(error: BaseException) -> str:
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _write_file(path: Path, text: str, report: Reporter) -> None:
    try:
        outputs.write_output(path, text)
    except OSError as error:
        report(str(path), f"cannot write: {outputs.os_reason(error)}", error=error)
