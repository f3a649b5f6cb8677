"""Hand-made article records for the terminal view and HTML report tests: no model needed."""

from __future__ import annotations

from typing import Any

TEXT = (
    "Minister Backs Plan\n"
    "\n"
    "“We will build it,” Jane Smith said on Monday. “It is certain.”\n"
    "\n"
    "A source close to the talks said the plan was “fine,” perhaps [sic] <b>too</b> fine & cheap.\n"
    "\n"
    "The so-called “deal of the century” was not mentioned. “Nobody knows,” it went on.\n"
)


def _span(needle: str, after: int = 0) -> dict[str, Any]:
    start = TEXT.index(needle, after)
    return {"text": needle, "start": start, "end": start + len(needle)}


def _quote(index: int, needle: str, kind: str, speaker: dict[str, Any] | None, mention: str | None,
           cue: str | None, confidence: float, rule: str | None) -> dict[str, Any]:
    span = _span(needle)
    return {
        "index": index, "start": span["start"], "end": span["end"], "text": needle,
        "paragraph": 0, "type": kind, "continues": None,
        "speaker": None if speaker is None else {**speaker, "mention": _span(mention) if mention else None},
        "cue": _span(cue, span["end"]) if cue else None,
        "confidence": confidence, "rule": rule, "nested": [],
    }


SMITH = {"id": "S1", "name": "Jane Smith", "kind": "person", "role": "Minister"}
SOURCE = {"id": "S2", "name": "A source close to the talks", "kind": "anonymous", "role": None}


def record() -> dict[str, Any]:
    """Quotes of every sort: attributed, carried on, low confidence, scare, and with no speaker."""
    quotes = [
        _quote(0, "“We will build it,”", "direct", SMITH, "Jane Smith", "said", 0.95, "verb after quote"),
        _quote(1, "“It is certain.”", "direct", SMITH, "Jane Smith", None, 0.93, "follows quote"),
        _quote(2, "“fine,”", "partial", SOURCE, "A source close to the talks", None, 0.55, "verb before quote"),
        _quote(3, "“deal of the century”", "scare", None, None, None, 0.0, None),
        _quote(4, "“Nobody knows,”", "direct", None, None, None, 0.0, None),
    ]
    quotes[2]["cue"] = _span("said", TEXT.index("A source"))  # the cue comes before this quote
    return {
        "id": "sample", "path": "sample.txt", "schema": 1,
        "tool": {"name": "extractor", "version": "0", "model": "test"},
        "quotes": quotes,
        "speakers": [
            {**SMITH, "mentions": [_span("Jane Smith")], "quotes": 2},
            {**SOURCE, "mentions": [_span("A source close to the talks")], "quotes": 1},
        ],
    }
