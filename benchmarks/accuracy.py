"""Score the extractor on human-annotated articles with the reference scorer.

    python benchmarks/accuracy.py ../shared/corpora/polnear/dev.jsonl [--pred out.jsonl] [--model NAME]
        [--full-parse | --compare]

Writes the scorer's prediction format (every quote but scare quotes is submitted), runs
`score.py` on it, and prints the calibration table of `confidence`: for each band, how
many quotes and what share of them have the right speaker by the scorer's rule; then the
same for each attribution rule: how many quotes it attributed, how many of those cover an
annotated quote with a speaker (the others count only against e2e precision), the share of
those whose speaker is right, and the rule's mean confidence.

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
from pathlib import Path

from spacy.language import Language

from extractor.pipeline import DEFAULT_MODEL, build_pipeline
from extractor.processing.engine import extract_records
from extractor.processing.records import Article

SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
BANDS = [(0.9, 1.01), (0.7, 0.9), (0.5, 0.7), (0.0, 0.5)]


def predictions(gold_path: Path, nlp: Language, *, full_parse: bool = False) -> list[dict]:
    """One prediction line per article of the gold file."""
    articles = (json.loads(line) for line in gold_path.open(encoding="utf-8") if line.strip())
    rows = []
    for article, record in extract_records(nlp, (Article(a["id"], None, a["text"]) for a in articles),
                                           full_parse=full_parse):
        if isinstance(record, Exception):
            raise record
        rows.append({"id": article.id, "quotes": [_prediction(q) for q in record["quotes"] if q["type"] != "scare"]})
    return rows


def _prediction(quote: dict) -> dict:
    speaker = quote["speaker"] or {}
    mention = speaker.get("mention") or {}
    return {"start": quote["start"], "end": quote["end"], "speaker": speaker.get("name"),
            "speaker_start": mention.get("start"), "speaker_end": mention.get("end"),
            "confidence": quote["confidence"], "type": quote["type"], "rule": quote["rule"]}


def judged(scorer, gold: list[dict], rows: list[dict]):
    """Each prediction with whether its speaker is right (None: it covers no annotated
    quote with a speaker, so only e2e precision counts it)."""
    gold_by_id = {a["id"]: a for a in gold}
    for row in rows:
        article = gold_by_id[row["id"]]
        for pred in scorer.outermost(row["quotes"]):
            best, best_overlap = None, 0
            for g in article["quotes"]:
                overlap = scorer.overlap(pred["start"], pred["end"], g["inner_start"], g["inner_end"])
                if g.get("speaker") is not None and overlap > best_overlap:
                    best, best_overlap = g, overlap
            yield pred, None if best is None else bool(scorer.speaker_right(pred, best))


def calibration(scorer, gold: list[dict], rows: list[dict]) -> list[tuple[str, int, float]]:
    """(band, count, share right) over predicted quotes that cover a gold quote with a speaker."""
    counts = {band: [0, 0] for band in BANDS}
    for pred, right in judged(scorer, gold, rows):
        if right is None:
            continue
        band = next(b for b in BANDS if b[0] <= pred["confidence"] < b[1])
        counts[band][0] += 1
        counts[band][1] += right
    return [(f"[{lo:.1f}, {min(hi, 1):.1f}{']' if hi > 1 else ')'}", n, right / n if n else 0.0)
            for (lo, hi), (n, right) in counts.items()]


def per_rule(scorer, gold: list[dict], rows: list[dict]) -> list[tuple[str, int, int, float, float]]:
    """(rule, attributions, of them on an annotated quote, share right there, mean confidence), most used first."""
    stats: dict[str, list] = {}
    for pred, right in judged(scorer, gold, rows):
        if pred["rule"] is None:
            continue  # no speaker
        entry = stats.setdefault(pred["rule"], [0, 0, 0, 0.0])
        entry[0] += 1
        entry[3] += pred["confidence"]
        if right is not None:
            entry[1] += 1
            entry[2] += right
    return sorted(((rule, n, matched, right / matched if matched else 0.0, total / n)
                   for rule, (n, matched, right, total) in stats.items()), key=lambda r: (-r[1], r[0]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--pred", type=Path, help="also keep the predictions in this file (of the first build scored)")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--scorer", type=Path, default=SCORER)
    builds = parser.add_mutually_exclusive_group()
    builds.add_argument("--full-parse", action="store_true", help="score the build that runs every component on "
                        "every sentence")
    builds.add_argument("--compare", action="store_true", help="score both builds, in one run")
    parser.add_argument("--indirect", action="store_true", help="add reported speech and score every attribution "
                        "(score.py --all)")
    parser.add_argument("--beliefs", action="store_true", help="with --indirect, report beliefs too")
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location("score", args.scorer)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    nlp = build_pipeline(args.model, indirect=args.indirect, beliefs=args.beliefs)
    names = {False: "selective (default)", True: "full parse"}
    scored = {}
    for full_parse in [False, True] if args.compare else [args.full_parse]:
        rows = predictions(args.gold, nlp, full_parse=full_parse)
        pred_path = args.pred if args.pred and not scored else Path(tempfile.mkstemp(suffix=".jsonl")[1])
        pred_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        gold, preds = scorer.load(args.gold, pred_path)
        scored[full_parse] = result = scorer.score(gold, preds, all_mode=args.indirect)
        print(f"== {names[full_parse]}")
        print(scorer.table(result))
        print("confidence band   quotes  share right")
        if args.indirect:  # judge every attribution, reported speech included, as score.py --all does
            gold = [scorer.all_attributions(article) for article in gold]
        for band, n, share in calibration(scorer, gold, rows):
            print(f"{band:<17} {n:>6}  {share:.3f}")
        print(f"{'rule':<36} {'quotes':>6} {'judged':>6} {'right':>6} {'conf':>5}")
        for rule, n, matched, share, confidence in per_rule(scorer, gold, rows):
            print(f"{rule:<36} {n:>6} {matched:>6} {share:>6.3f} {confidence:>5.2f}")
        if args.indirect:
            print("reported speech only:")
            print("confidence band   quotes  share right")
            reported = [dict(row, quotes=[q for q in row["quotes"] if q["type"] == "indirect"]) for row in rows]
            for band, n, share in calibration(scorer, gold, reported):
                print(f"{band:<17} {n:>6}  {share:.3f}")
    if args.compare:
        for key in ("quotes", "e2e"):
            print(f"{key} F1 selective - full parse: {scored[False][key]['F1'] - scored[True][key]['F1']:+.4f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
