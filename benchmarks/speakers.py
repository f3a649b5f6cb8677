"""Scan a corpus's speakers for junk in a minute: every distinct speaker the extractor found.

    extract CORPUS -f jsonl > records.jsonl
    python benchmarks/speakers.py records.jsonl [MORE.jsonl ...] [--kind person]

RECORDS: article records as `extract PATH -f jsonl` writes them, one JSON object a line.
Speakers are grouped across articles by (kind, name). For each: its kind, gender (with the
evidence for it, and every gender given where articles disagree), how many quotes and
articles, and its name; under it one example: its first quote, shortened, and the mention
it was attributed through. Sorted by kind, then most quoted first; a count per kind (quotes
and distinct speakers) closes the list. `--kind` keeps one kind (person, organization,
anonymous, document, unresolved, ...).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXAMPLE_CHARS = 80
KIND_ORDER = ("person", "organization", "anonymous", "document", "unresolved")

Record = dict[str, Any]


@dataclass
class Speaker:
    """One (kind, name) of the corpus, over every article that has it."""

    kind: str
    name: str
    quotes: int = 0
    articles: int = 0
    genders: Counter[str | None] = field(default_factory=Counter)
    evidence: dict[str, set[str]] = field(default_factory=dict)  # gender -> the evidence given for it
    example: str = ""


def read_records(paths: Iterable[Path]) -> Iterator[Record]:
    for path in paths:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield json.loads(line)


def shorten(text: str, limit: int = EXAMPLE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def example(record: Record, speaker: Record) -> str:
    """The speaker's first quote in the record, shortened, and the mention it was attributed through."""
    quote = next((q for q in record.get("quotes", []) if (q.get("speaker") or {}).get("id") == speaker["id"]), None)
    if quote is None:
        return ""
    mention = quote["speaker"].get("mention") or {}
    return f"{shorten(quote['text'])}  <- {mention.get('text') or '(no mention)'}"


def collect(records: Iterable[Record]) -> dict[tuple[str, str], Speaker]:
    """Every speaker of the records, by (kind, name), in order of first appearance."""
    found: dict[tuple[str, str], Speaker] = {}
    for record in records:
        for s in record.get("speakers", []):
            speaker = found.setdefault((s["kind"], s["name"]), Speaker(s["kind"], s["name"]))
            speaker.quotes += s.get("quotes") or 0
            speaker.articles += 1
            gender = s.get("gender")
            speaker.genders[gender] += 1
            if gender and s.get("gender_evidence"):
                speaker.evidence.setdefault(gender, set()).add(str(s["gender_evidence"]))
            speaker.example = speaker.example or example(record, s)
    return found


def kind_key(kind: str) -> tuple[int, str]:
    return (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER), kind)


def gender_text(speaker: Speaker) -> str:
    """"male (title)"; "female 2 (title) / male 1 (first name) / ? 1" where articles disagree (?: none
    given); "-" where no article gives one."""
    if not any(speaker.genders.keys()):
        return "-"
    parts = []
    for gender, n in speaker.genders.most_common():
        evidence = ", ".join(sorted(speaker.evidence.get(gender or "", set())))
        parts.append((gender or "?") + (f" {n}" if len(speaker.genders) > 1 else "")
                     + (f" ({evidence})" if evidence else ""))
    return " / ".join(parts)


def speaker_lines(speaker: Speaker) -> list[str]:
    head = f"{speaker.kind:<12} {gender_text(speaker):<24} {speaker.quotes:>6} {speaker.articles:>8}  {speaker.name}"
    return [head, f"{'':<12} {speaker.example}"] if speaker.example else [head]


def summary_lines(speakers: list[Speaker]) -> list[str]:
    """Quotes and distinct speakers per kind, and in all."""
    lines = [f"{'kind':<12} {'speakers':>8} {'quotes':>7}"]
    for kind in sorted({s.kind for s in speakers}, key=kind_key):
        of_kind = [s for s in speakers if s.kind == kind]
        lines.append(f"{kind:<12} {len(of_kind):>8} {sum(s.quotes for s in of_kind):>7}")
    lines.append(f"{'all':<12} {len(speakers):>8} {sum(s.quotes for s in speakers):>7}")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("records", type=Path, nargs="+", help="article records, JSON Lines (extract -f jsonl)")
    parser.add_argument("--kind", help="only speakers of this kind")
    args = parser.parse_args(argv)
    speakers = [s for s in collect(read_records(args.records)).values() if args.kind in (None, s.kind)]
    speakers.sort(key=lambda s: (kind_key(s.kind), -s.quotes, s.name.lower()))
    print(f"{'kind':<12} {'gender':<24} {'quotes':>6} {'articles':>8}  name\n{'':<12} first quote  <- its mention")
    for speaker in speakers:
        print("\n".join(speaker_lines(speaker)))
    print()
    print("\n".join(summary_lines(speakers)))
    sys.stdout.flush()


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # piped into `head` or a pager that quit: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

