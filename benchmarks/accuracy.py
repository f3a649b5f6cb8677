"""Score the extractor on human-annotated articles with the reference scorer.

    python benchmarks/accuracy.py ../shared/corpora/polnear/dev.jsonl [--pred out.jsonl] [--model NAME]
        [--full-parse | --compare] [--indirect [--beliefs]] [--sources people.jsonl]

Writes the scorer's prediction format (every quote but scare quotes is submitted), runs
`score.py` on it, and prints the calibration table of `confidence`. Each predicted quote
is judged exactly as score.py's e2e precision judges it: after `outermost`, a quote is
CORRECT if at least half its chars (not whitespace, not quotation marks) lie inside gold
spans, and a correct quote is judged against its best-covered gold with a speaker (direct
quotes by [start, end), mixed attributions by their quoted_segments; with --indirect,
every attribution by its content span, as `score.py --all`). For each band: how many quotes
were judged, how many of them have the right speaker and their share. Under it, the quotes
that were not judged (they match no annotated quote, or their gold has no speaker) and the
judged ones without a predicted speaker: all of them count against e2e precision; then a
check that the right ones add up to score.py's "pred right". Then the same for each
attribution rule: how many quotes it attributed, how many of those were judged, the share
of those whose speaker is right, and the rule's mean confidence.

`--sources FILE` also writes the people each article quotes (speakers of kind "person"
with a quote, with their gender) in the format of `sources.py` and prints its table
(against GGT's `meta.sources`; on a corpus without them every figure is 0).

The build scored is the one `extract` runs: the trained components only where quotes need
them (`extractor.processing.selective`). `--full-parse` scores the build that runs every component on
everything instead; `--compare` scores both in one run, on the same code, and prints how
far apart they are.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from spacy.language import Language

from extractor.pipeline import DEFAULT_MODEL, build_pipeline
from extractor.processing.engine import extract_records
from extractor.processing.records import Article, Record

SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
SOURCES_SCORER = SCORER.with_name("sources.py")
BANDS = [(0.9, 1.01), (0.7, 0.9), (0.5, 0.7), (0.0, 0.5)]
# How score.py's e2e precision judges a predicted quote:
RIGHT, WRONG = "right", "wrong"  # judged against a gold with a speaker
UNMATCHED = "unmatched"  # not CORRECT: it matches no annotated quote
NO_GOLD_SPEAKER = "no gold speaker"  # CORRECT, but no gold it covers has a speaker

Judgment = tuple[dict, str]  # a predicted quote and its verdict
GoldSpans = list[tuple[dict, list[tuple[int, int]]]]  # each gold attribution with its gold spans


def load_module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def records(gold_path: Path, nlp: Language, *, full_parse: bool = False) -> list[Record]:
    """The extractor's record of each article of the gold file."""
    articles = (json.loads(line) for line in gold_path.open(encoding="utf-8") if line.strip())
    found = []
    for _, record in extract_records(nlp, (Article(a["id"], None, a["text"]) for a in articles),
                                     full_parse=full_parse):
        if isinstance(record, Exception):
            raise record
        found.append(record)
    return found


def predictions(found: Iterable[Record]) -> list[dict]:
    """One score.py prediction line per article."""
    return [{"id": r["id"], "quotes": [_prediction(q) for q in r["quotes"] if q["type"] != "scare"]} for r in found]


def _prediction(quote: dict) -> dict:
    speaker = quote["speaker"] or {}
    mention = speaker.get("mention") or {}
    return {"start": quote["start"], "end": quote["end"], "speaker": speaker.get("name"),
            "speaker_start": mention.get("start"), "speaker_end": mention.get("end"),
            "confidence": quote["confidence"], "type": quote["type"], "rule": quote["rule"]}


def sources(found: Iterable[Record]) -> list[dict]:
    """One sources.py prediction line per article: the people it quotes, with their gender."""
    return [{"id": r["id"], "sources": [{"name": s["name"], "gender": s.get("gender")} for s in r["speakers"]
                                        if s["kind"] == "person" and s["quotes"] >= 1]} for r in found]


def write_jsonl(rows: list[dict], path: Path | None) -> Path:
    """Write the rows to `path` (a temporary file if None) and give the path."""
    path = path or Path(tempfile.mkstemp(suffix=".jsonl")[1])
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def gold_spans(article: dict) -> GoldSpans:
    """The gold attributions a predicted quote may be CORRECT on, as score.py's `score_article`
    has them: direct quotes by [start, end), mixed attributions by their quoted_segments."""
    mixed = [o for o in article.get("other_attributions", []) if o.get("type") == "mixed"]
    return ([(g, [(g["start"], g["end"])]) for g in article["quotes"]]
            + [(m, [(s, e) for s, e in m.get("quoted_segments") or []]) for m in mixed])


def verdict(scorer: ModuleType, text: str, in_gold: bytearray, spans_of: GoldSpans, pred: dict) -> str:
    """How score.py's e2e precision judges one predicted quote (kept by `outermost`)."""
    chars = [i for i in range(pred["start"], pred["end"])
             if not text[i].isspace() and text[i] not in scorer.QUOTE_MARKS]
    if not chars or 2 * sum(in_gold[i] for i in chars) < len(chars):
        return UNMATCHED
    best, best_overlap = None, 0
    for gold, spans in spans_of:
        overlap = sum(scorer.overlap(pred["start"], pred["end"], s, e) for s, e in spans)
        if gold.get("speaker") is not None and overlap > best_overlap:
            best, best_overlap = gold, overlap
    if best is None:
        return NO_GOLD_SPEAKER
    return RIGHT if scorer.speaker_right(pred, best) else WRONG


def judged(scorer: ModuleType, gold: list[dict], rows: list[dict]) -> Iterator[Judgment]:
    """Each predicted quote score.py scores (after `outermost`) with its verdict. `gold` as
    score.py scores it: the articles, or with --indirect `all_attributions` of each."""
    gold_by_id = {a["id"]: a for a in gold}
    for row in rows:
        article = gold_by_id[row["id"]]
        spans_of = gold_spans(article)
        in_gold = bytearray(len(article["text"]))
        for _, spans in spans_of:
            for s, e in spans:
                in_gold[s:e] = b"\1" * (e - s)
        for pred in scorer.outermost(row["quotes"]):
            yield pred, verdict(scorer, article["text"], in_gold, spans_of, pred)


def calibration(judgments: Iterable[Judgment]) -> list[tuple[str, int, int]]:
    """(band, judged quotes, right ones) over the predicted quotes judged against a gold with a speaker."""
    counts = {band: [0, 0] for band in BANDS}
    for pred, verdict_ in judgments:
        if verdict_ not in (RIGHT, WRONG):
            continue
        band = next(b for b in BANDS if b[0] <= pred["confidence"] < b[1])
        counts[band][0] += 1
        counts[band][1] += verdict_ == RIGHT
    return [(f"[{lo:.1f}, {min(hi, 1):.1f}{']' if hi > 1 else ')'}", n, right)
            for (lo, hi), (n, right) in counts.items()]


def print_calibration(judgments: list[Judgment]) -> None:
    print("confidence band   quotes  right  share right")
    for band, n, right in calibration(judgments):
        print(f"{band:<17} {n:>6} {right:>6}  {right / n if n else 0.0:.3f}")


def print_unjudged(judgments: list[Judgment]) -> None:
    """The predicted quotes never judged for their speaker, and the judged ones with no predicted
    speaker: all of them count against e2e precision."""
    verdicts = Counter(v for _, v in judgments)
    silent = sum(1 for p, v in judgments if v == WRONG and p["speaker"] is None)
    print(f"not judged: {verdicts[UNMATCHED]} match no annotated quote (not CORRECT), "
          f"{verdicts[NO_GOLD_SPEAKER]} correct but their gold has no speaker")
    print(f"judged wrong: {silent} of the {verdicts[RIGHT] + verdicts[WRONG]} judged have no predicted speaker")


def reconcile(judgments: list[Judgment], result: dict) -> None:
    """Check the judging against score.py's own counts: right ones = e2e "pred right",
    judged + not judged = predicted, all but the unmatched = correct."""
    verdicts = Counter(v for _, v in judgments)
    ours = (verdicts[RIGHT], len(judgments), len(judgments) - verdicts[UNMATCHED])
    theirs = (result["e2e"]["pred_right"], result["quotes"]["pred"], result["quotes"]["correct"])
    status = "reconciles with" if ours == theirs else "MISMATCH with"
    print(f"{status} score.py: right {ours[0]}/{theirs[0]}, predicted {ours[1]}/{theirs[1]}, "
          f"correct {ours[2]}/{theirs[2]} (ours/score.py)")


def per_rule(judgments: Iterable[Judgment]) -> list[tuple[str, int, int, float, float]]:
    """(rule, attributions, of them judged, share right there, mean confidence), most used first."""
    stats: dict[str, list[Any]] = {}
    for pred, verdict_ in judgments:
        if pred["rule"] is None:
            continue  # no speaker
        entry = stats.setdefault(pred["rule"], [0, 0, 0, 0.0])
        entry[0] += 1
        entry[3] += pred["confidence"]
        if verdict_ in (RIGHT, WRONG):
            entry[1] += 1
            entry[2] += verdict_ == RIGHT
    return sorted(((rule, n, matched, right / matched if matched else 0.0, total / n)
                   for rule, (n, matched, right, total) in stats.items()), key=lambda r: (-r[1], r[0]))


def print_per_rule(judgments: list[Judgment]) -> None:
    print(f"{'rule':<36} {'quotes':>6} {'judged':>6} {'right':>6} {'conf':>5}")
    for rule, n, matched, share, confidence in per_rule(judgments):
        print(f"{rule:<36} {n:>6} {matched:>6} {share:>6.3f} {confidence:>5.2f}")


def score_sources(sources_scorer: ModuleType, gold_path: Path, found: list[Record], path: Path | None) -> None:
    """Write the people quoted (to `path`, else a temporary file) and print sources.py's table."""
    path = write_jsonl(sources(found), path)
    print("people quoted (sources.py):")
    print(sources_scorer.table(sources_scorer.score(*sources_scorer.load(gold_path, path))))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--pred", type=Path, help="also keep the predictions in this file (of the first build scored)")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--scorer", type=Path, default=SCORER)
    parser.add_argument("--sources", type=Path, help="also write the people quoted, with their gender, to this file "
                        "(of the first build scored) and score them with sources.py")
    parser.add_argument("--sources-scorer", type=Path, default=SOURCES_SCORER)
    builds = parser.add_mutually_exclusive_group()
    builds.add_argument("--full-parse", action="store_true", help="score the build that runs every component on "
                        "every sentence")
    builds.add_argument("--compare", action="store_true", help="score both builds, in one run")
    parser.add_argument("--indirect", action="store_true", help="add reported speech and score every attribution "
                        "(score.py --all)")
    parser.add_argument("--beliefs", action="store_true", help="with --indirect, report beliefs too")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    scorer = load_module("score", args.scorer)
    sources_scorer = load_module("sources", args.sources_scorer) if args.sources else None
    nlp = build_pipeline(args.model, indirect=args.indirect, beliefs=args.beliefs)
    names = {False: "selective (default)", True: "full parse"}
    scored: dict[bool, dict] = {}
    for build, full_parse in enumerate([False, True] if args.compare else [args.full_parse]):
        found = records(args.gold, nlp, full_parse=full_parse)
        rows = predictions(found)
        pred_path = write_jsonl(rows, None if build else args.pred)
        gold, preds = scorer.load(args.gold, pred_path)
        scored[full_parse] = result = scorer.score(gold, preds, all_mode=args.indirect)
        print(f"== {names[full_parse]}")
        print(scorer.table(result))
        if args.indirect:  # judge every attribution, reported speech included, as score.py --all does
            gold = [scorer.all_attributions(article) for article in gold]
        judgments = list(judged(scorer, gold, rows))
        print_calibration(judgments)
        print_unjudged(judgments)
        reconcile(judgments, result)
        print_per_rule(judgments)
        if args.indirect:
            print("reported speech only:")
            print_calibration([(p, v) for p, v in judgments if p["type"] == "indirect"])
        if sources_scorer is not None:
            score_sources(sources_scorer, args.gold, found, None if build else args.sources)
    if args.compare:
        for key in ("quotes", "e2e"):
            print(f"{key} F1 selective - full parse: {scored[False][key]['F1'] - scored[True][key]['F1']:+.4f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
