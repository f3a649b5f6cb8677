"""Score the extractor on human-annotated articles with the reference scorer.

    python benchmarks/accuracy.py ../shared/corpora/polnear/dev.jsonl [--pred out.jsonl] [--model NAME]

Writes the scorer's prediction format (every quote but scare quotes is submitted), runs
`score.py` on it, and prints the calibration table of `confidence`: for each band, how
many quotes and what share of them have the right speaker by the scorer's rule.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

from extractor.pipeline import DEFAULT_MODEL, build_pipeline, model_description
from extractor.records import Article, article_record

SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
BANDS = [(0.9, 1.01), (0.7, 0.9), (0.5, 0.7), (0.0, 0.5)]


def predictions(gold_path: Path, model: str) -> list[dict]:
    """One prediction line per article of the gold file."""
    nlp = build_pipeline(model)
    articles = [json.loads(line) for line in gold_path.open(encoding="utf-8") if line.strip()]
    docs = nlp.pipe((a["text"] for a in articles), batch_size=16)
    rows = []
    for raw, doc in zip(articles, docs):
        record = article_record(Article(raw["id"], None, raw["text"]), doc, model_description(nlp))
        rows.append({"id": raw["id"], "quotes": [_prediction(q) for q in record["quotes"] if q["type"] != "scare"]})
    return rows


def _prediction(quote: dict) -> dict:
    speaker = quote["speaker"] or {}
    mention = speaker.get("mention") or {}
    return {"start": quote["start"], "end": quote["end"], "speaker": speaker.get("name"),
            "speaker_start": mention.get("start"), "speaker_end": mention.get("end"),
            "confidence": quote["confidence"], "type": quote["type"], "rule": quote["rule"]}


def calibration(scorer, gold: list[dict], rows: list[dict]) -> list[tuple[str, int, float]]:
    """(band, count, share right) over predicted quotes that cover a gold quote with a speaker."""
    gold_by_id = {a["id"]: a for a in gold}
    counts = {band: [0, 0] for band in BANDS}
    for row in rows:
        article = gold_by_id[row["id"]]
        for pred in scorer.outermost(row["quotes"]):
            best, best_overlap = None, 0
            for g in article["quotes"]:
                overlap = scorer.overlap(pred["start"], pred["end"], g["inner_start"], g["inner_end"])
                if g.get("speaker") is not None and overlap > best_overlap:
                    best, best_overlap = g, overlap
            if best is None:
                continue
            band = next(b for b in BANDS if b[0] <= pred["confidence"] < b[1])
            counts[band][0] += 1
            counts[band][1] += scorer.speaker_right(pred, best)
    return [(f"[{lo:.1f}, {min(hi, 1):.1f}{']' if hi > 1 else ')'}", n, right / n if n else 0.0)
            for (lo, hi), (n, right) in counts.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--pred", type=Path, help="also keep the predictions in this file")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--scorer", type=Path, default=SCORER)
    args = parser.parse_args()
    rows = predictions(args.gold, args.model)
    pred_path = args.pred or Path(tempfile.mkstemp(suffix=".jsonl")[1])
    pred_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("score", args.scorer)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold, preds = scorer.load(args.gold, pred_path)
    print(scorer.table(scorer.score(gold, preds)))
    print("confidence band   quotes  share right")
    for band, n, share in calibration(scorer, gold, rows):
        print(f"{band:<17} {n:>6}  {share:.3f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
