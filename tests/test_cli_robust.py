"""Nothing lost, nothing clobbered: output targets, inputs named as outputs, signals, stdout going away.

In-process tests use typer's CliRunner with a light pipeline (no model). What needs a
real process (signals, worker processes, file descriptors, a pipe whose reader goes away,
a full disk) runs `.venv/bin/extract`, found beside the interpreter running the tests.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from test_bad_input import LightPipeline
from typer.testing import CliRunner

from extractor import cli, outputs
from extractor.cli import app
from extractor.entry import Terminated, handling_signals

ROOT = Path(__file__).parents[1]
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_74297c5d5db63657.txt"
EXTRACT = Path(sys.executable).parent / "extract"
IS_ROOT = os.name == "posix" and os.geteuid() == 0

runner = CliRunner()


def run(*args: str | Path, input: bytes | str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def stderr_lines(result) -> list[str]:
    return result.stderr.strip().splitlines()


@pytest.fixture
def light(monkeypatch: pytest.MonkeyPatch):
    """`extract` with a LightPipeline; call it with the exception to raise on 'STOP'."""

    def install(error: BaseException | None = None) -> None:
        monkeypatch.setattr(cli, "load_pipeline", lambda model, **options: LightPipeline(error))

    install()
    return install


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch):
    """Fail the test if the run gets as far as loading the model."""

    def load(model: str, **options: object):
        raise AssertionError("the model was loaded: the problem should have been found before any work")

    monkeypatch.setattr(cli, "load_pipeline", load)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    file = tmp_path / "a.txt"
    file.write_text("“We are ready,” Jane Smith said.\n", encoding="utf-8")
    return file


def records(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


# --- outputs that are inputs, or each other: usage errors before any work ----------------------


@pytest.mark.parametrize("option", ["-o", "--html"])
def test_output_that_is_the_input_file_is_refused(tmp_path: Path, article: Path, no_work, option: str):
    before = article.read_bytes()
    result = run(article, option, article)
    assert result.exit_code == 2
    name = "-o/--output" if option == "-o" else "--html"
    assert stderr_lines(result) == [f"extract: {name} {article} is also an input (refusing to overwrite it)"]
    assert article.read_bytes() == before and result.stdout == ""


def test_output_that_is_a_jsonl_input_is_refused(tmp_path: Path, no_work):
    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    result = run(batch, "-o", batch)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"extract: -o/--output {batch} is also an input (refusing to overwrite it)"]


def test_output_found_inside_an_input_directory_is_refused(tmp_path: Path, article: Path, no_work):
    nested = tmp_path / "sub" / "b.txt"
    nested.parent.mkdir()
    nested.write_text("x")
    result = run(tmp_path, "-o", nested)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"extract: -o/--output {nested} is also an input (refusing to overwrite it)"]
    assert nested.read_text() == "x"


def test_output_named_another_way_is_still_the_input(tmp_path: Path, article: Path, no_work):
    """The same file through a symlink, a relative path or a hard link is the same file."""
    alias = tmp_path / "alias.json"
    alias.symlink_to(article)
    hard = tmp_path / "hard.json"
    os.link(article, hard)
    for name in (alias, hard, Path(os.path.relpath(article))):
        result = run(article, "-o", name)
        assert result.exit_code == 2, name
        assert "is also an input" in result.stderr


def test_output_that_is_not_read_from_the_input_directory_is_allowed(tmp_path: Path, article: Path, light):
    """Only the .txt, .jsonl and .html files of a directory are inputs: a .json beside them is not."""
    out = tmp_path / "quotes.json"
    out.write_text("previous run\n")
    result = run(tmp_path, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert [r["id"] for r in records(out)] == ["a"]


def test_html_and_output_the_same_file_is_refused(tmp_path: Path, article: Path, no_work):
    report = tmp_path / "report.html"
    for html, output in [(report, report), (report, tmp_path / "." / "report.html")]:
        result = run(article, "--html", html, "-o", output)
        assert result.exit_code == 2
        assert stderr_lines(result) == [
            f"extract: --html {html} is also the -o/--output file (give two different files)"
        ]
    assert not report.exists()


def test_output_that_is_stdin_is_refused(tmp_path: Path, article: Path):
    before = article.read_bytes()
    with article.open("rb") as stdin:
        done = subprocess.run([EXTRACT, "-", "-o", article], stdin=stdin, capture_output=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.decode() == f"extract: -o/--output {article} is also an input (refusing to overwrite it)\n"
    assert article.read_bytes() == before


def test_empty_path_is_a_usage_error_not_the_current_directory(no_work):
    result = run("")
    assert result.exit_code == 2
    assert stderr_lines(result) == ["extract: PATH: an empty path names no file (use . for the current directory)"]
    assert result.stdout == ""


# --- targets that cannot be written: found before the run -------------------------------------


def refuse_access(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """os.access as for a user who may not write `denied` (root may write anything)."""
    real = os.access

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK and os.path.realpath(str(path)) == str(denied.resolve()):
            return False
        return real(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)


@pytest.mark.parametrize("option", ["-o", "--html"])
def test_output_into_a_read_only_directory_fails_before_any_work(
    tmp_path: Path, article: Path, no_work, monkeypatch: pytest.MonkeyPatch, option: str
):
    folder = tmp_path / "locked"
    folder.mkdir()
    refuse_access(monkeypatch, folder)
    result = run(article, option, folder / "out")
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"extract: {folder / 'out'}: cannot write: directory {folder.resolve()} is not writable"
    ]


def test_read_only_output_file_fails_before_any_work(
    tmp_path: Path, article: Path, no_work, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "out.json"
    out.write_text("kept\n")
    refuse_access(monkeypatch, out)
    result = run(article, "-o", out)
    assert result.exit_code == 1
    assert stderr_lines(result) == [f"extract: {out}: cannot write: permission denied"]
    assert out.read_text() == "kept\n"


@pytest.mark.skipif(os.name != "posix" or IS_ROOT, reason="root writes into any directory")
def test_output_into_a_read_only_directory_chmod(tmp_path: Path, article: Path, no_work):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run(article, "-o", folder / "out.json")
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"extract: {folder / 'out.json'}: cannot write: directory {folder.resolve()} is not writable"
    ]


# --- where the output goes: through symlinks, into FIFOs and devices --------------------------


@pytest.mark.parametrize("option", ["-o", "--html"])
def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(
    tmp_path: Path, article: Path, light, option: str
):
    real = tmp_path / "real" / "out"
    real.parent.mkdir()
    real.write_text("previous run\n")
    real.chmod(0o640)
    link = tmp_path / "link"
    link.symlink_to(real)
    result = run(article, option, link)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text(encoding="utf-8").startswith("[" if option == "-o" else "<!doctype html>")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["out"]  # no temporary file left


def test_output_through_a_dangling_symlink_makes_its_target(tmp_path: Path, article: Path, light):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "new.json")
    result = run(article, "-o", link)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert [r["id"] for r in records(tmp_path / "new.json")] == ["a"]


def other_filesystem(tmp_path: Path) -> Path | None:
    """A writable directory on another filesystem than tmp_path, if there is one."""
    for candidate in (Path("/dev/shm"), Path("/run/user") / str(os.getuid()), Path.home()):
        try:
            if candidate.is_dir() and os.access(candidate, os.W_OK) \
                    and candidate.stat().st_dev != tmp_path.stat().st_dev:
                return candidate
        except OSError:
            continue
    return None


def test_output_through_a_symlink_to_another_filesystem(tmp_path: Path, article: Path, light):
    elsewhere = other_filesystem(tmp_path)
    if elsewhere is None:
        pytest.skip("no writable directory on another filesystem")
    real = elsewhere / f"extract-test-{os.getpid()}.json"
    try:
        real.write_text("previous run\n")
        link = tmp_path / "link.json"
        link.symlink_to(real)
        result = run(article, "-o", link)
        assert result.exit_code == 0, result.stderr
        assert link.is_symlink()
        assert [r["id"] for r in records(real)] == ["a"]
    finally:
        real.unlink(missing_ok=True)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("option", ["-o", "--html"])
def test_output_into_a_fifo_writes_through_it(tmp_path: Path, article: Path, light, option: str):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run(article, option, fifo)
    reader.join(timeout=10)
    if reader.is_alive():  # nobody wrote to the FIFO: let the reader go
        with open(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK), "wb"):
            pass
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a regular file"
    assert received and received[0].decode().startswith("[" if option == "-o" else "<!doctype html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "fifo"]


@pytest.mark.skipif(not Path("/dev/null").is_char_device(), reason="no /dev/null")
@pytest.mark.parametrize("option", ["-o", "--html"])
def test_output_into_dev_null_leaves_the_device_alone(article: Path, light, option: str):
    """Before the fix, run as root, this replaced /dev/null with a regular file: run it only after."""
    before = os.stat("/dev/null")
    result = run(article, option, "/dev/null")
    assert result.exit_code == 0, result.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


@pytest.mark.model
def test_output_to_dev_stdout_goes_to_stdout(tmp_path: Path):
    """-o /dev/stdout: the JSON array after the JSON Lines, whether stdout is a pipe or a file."""
    done = subprocess.run([EXTRACT, SEED, "-o", "/dev/stdout"], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    first, rest = done.stdout.decode().split("\n", 1)
    assert json.loads(first)["id"] == SEED.stem
    assert [r["id"] for r in json.loads(rest)] == [SEED.stem]
    file = tmp_path / "out.txt"
    with file.open("wb") as stdout:
        done = subprocess.run([EXTRACT, SEED, "-o", "/dev/stdout"], stdout=stdout, stderr=subprocess.PIPE,
                              timeout=120)
    assert done.returncode == 0, done.stderr
    assert file.read_text(encoding="utf-8").split("\n", 1)[1] == rest


# --- stdout: a reader that goes away, a full disk ------------------------------------------------


def big_jsonl(tmp_path: Path, copies: int) -> Path:
    file = tmp_path / "many.jsonl"
    text = SEED.read_text(encoding="utf-8")
    file.write_text("".join(json.dumps({"id": str(i), "text": text}) + "\n" for i in range(copies)),
                    encoding="utf-8")
    return file


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.parametrize("unbuffered", ["1", ""], ids=["PYTHONUNBUFFERED", "buffered"])
@pytest.mark.parametrize("options", [["--show"], ["-f", "table"], ["-f", "jsonl"], ["-f", "json"]], ids=" ".join)
def test_reader_going_away_is_exit_141_quietly(tmp_path: Path, options: list[str], unbuffered: str):
    """`extract ... | head -1`: every format ends quietly with 128 + SIGPIPE."""
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered, "COLUMNS": "100"}
    process = subprocess.Popen([EXTRACT, big_jsonl(tmp_path, 20), *options], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline()
    process.stdout.close()  # the reader goes away
    assert process.wait(timeout=120) == 141
    assert process.stderr.read().decode() == ""


@pytest.mark.model
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("options", [["-f", "jsonl"], ["-f", "table"]], ids=" ".join)
def test_full_disk_on_stdout_is_one_line_exit_1(options: list[str]):
    with open("/dev/full", "w") as full:
        done = subprocess.run([EXTRACT, SEED, *options], stdout=full, stderr=subprocess.PIPE, timeout=120)
    assert done.returncode == 1
    assert done.stderr.decode() == "extract: cannot write to standard output: no space left on device\n"


# --- signals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("delay", [0.2, 0.4])
def test_ctrl_c_while_starting_is_one_line_exit_130(delay: float):
    """Ctrl-C while spaCy is being imported: no traceback."""
    process = subprocess.Popen([EXTRACT, SEED], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert stderr.decode() == "extract: interrupted\n"
    assert process.returncode == 130
    assert stdout == b""


def test_sigterm_during_the_run_stops_it_like_ctrl_c(tmp_path: Path, light):
    """SIGTERM (here raised where the handler would raise it) unwinds: exit 143, -o as it was."""
    light(Terminated(signal.SIGTERM))
    (tmp_path / "a.txt").write_text("“First,” he said.")
    (tmp_path / "b.txt").write_text("STOP")
    out = tmp_path / "out.json"
    out.write_text("previous run\n")
    result = run(tmp_path, "-o", out)
    assert result.exit_code == 143
    assert stderr_lines(result) == ["extract: terminated"]
    assert out.read_text() == "previous run\n"


def test_signal_handlers_are_put_back_after_the_run():
    before = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    with handling_signals():
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        with pytest.raises(Terminated):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises before this ends
    assert {signum: signal.getsignal(signum) for signum in before} == before


def children(pid: int) -> list[int]:
    """The child processes of `pid`, from /proc (every thread's children)."""
    found: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            found += [int(child) for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped (a process whose parent died may stay one)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")
@pytest.mark.parametrize(("signum", "code"), [
    (signal.SIGKILL, -signal.SIGKILL), (signal.SIGTERM, 143), (signal.SIGHUP, 129)
], ids=["SIGKILL", "SIGTERM", "SIGHUP"])
def test_workers_end_when_their_parent_does(tmp_path: Path, signum: int, code: int):
    process = subprocess.Popen([EXTRACT, "--jobs", "2", big_jsonl(tmp_path, 300)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    workers: list[int] = []
    try:
        assert process.stdout.readline(), process.stderr.read()  # the workers are at work
        workers = children(process.pid)
        assert len(workers) >= 2 and all(map(alive, workers))
        process.send_signal(signum)
        assert process.wait(timeout=30) == code
        assert wait_until(lambda: not any(map(alive, workers)), timeout=5), "a worker outlived its parent"
        if signum != signal.SIGKILL:
            assert process.stderr.read().decode() == "extract: terminated\n"
    finally:
        process.kill()
        for worker in filter(alive, workers):
            os.kill(worker, signal.SIGKILL)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_worker_without_prctl_ends_when_its_parent_does(tmp_path: Path):
    """The fallback where PR_SET_PDEATHSIG is not there: a thread that sees the worker orphaned."""
    script = (
        "import os, sys, time\n"
        "from extractor.processing import engine\n"
        "engine._kill_on_parent_death = lambda: False\n"
        "follow = engine._follow_parent\n"
        "parent = os.getpid()\n"
        "child = os.fork()\n"
        "if child == 0:\n"
        "    follow(parent)\n"
        "    time.sleep(60)\n"
        "    os._exit(0)\n"
        "print(child, flush=True)\n"
        "os._exit(0)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    child = int(done.stdout)
    try:
        assert wait_until(lambda: not alive(child), timeout=5), "the orphaned worker went on"
    finally:
        if alive(child):
            os.kill(child, signal.SIGKILL)


def test_unwritable_says_why(tmp_path: Path):
    assert outputs.unwritable(tmp_path / "new.json") is None
    assert outputs.unwritable(tmp_path / "missing" / "new.json") == "no such directory"
    (tmp_path / "file").write_text("")
    assert outputs.unwritable(tmp_path / "file" / "new.json") == "not a directory"
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert outputs.unwritable(loop) == "too many levels of symbolic links"
