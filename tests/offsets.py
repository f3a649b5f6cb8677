"""The offset contract, checked the same way by every test that needs it."""

from __future__ import annotations

from typing import Any


def assert_offsets_exact(record: dict[str, Any], text: str) -> None:
    """`text[start:end]` is the recorded text of every quote, cue, mention and nested quote."""
    for quote in record["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"]
        mention = quote["speaker"] and quote["speaker"]["mention"]
        for span in (quote["cue"], mention, *quote["nested"]):
            if span is not None:
                assert text[span["start"]:span["end"]] == span["text"]
    for speaker in record["speakers"]:
        for span in speaker["mentions"]:
            assert text[span["start"]:span["end"]] == span["text"]
