"""The `._` attributes the components write, registered once.

Values are plain offsets, numbers and strings (msgpack-safe, so they survive `DocBin`);
the `speaker` and `cue` getters turn offsets back into spans.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc, Span

# Span attributes of a quote in doc.spans["quotes"].
QUOTE_ATTRIBUTES: dict[str, Any] = {
    "char_offsets": None,  # (start, end) of the quote, marks included, exact to the character
    "continues": None,  # index in the group of the piece this one continues
    "nested": [],  # (start, end) of quotations inside this one
    "speaker_id": None,  # id of an entry of doc._.speakers
    "partner_ids": (),  # ids of the people named with the speaker, who say the words together
    "mention_offsets": None,  # (start, end) of the words naming the speaker for this quote
    "cue_offsets": None,  # (start, end) of the reporting verb or other cue
    "confidence": 0.0,  # how likely the speaker is right, from 0 to 1
    "rule": None,  # which attribution rule chose the speaker
}


def _span_at(offsets_attr: str) -> Callable[[Span], Span | None]:
    def getter(span: Span) -> Span | None:
        offsets = getattr(span._, offsets_attr)
        return None if offsets is None else span.doc.char_span(offsets[0], offsets[1], alignment_mode="expand")

    return getter


def register_extensions() -> None:
    """Register the attributes unless they already are (never overwrite another package's)."""
    for name, default in QUOTE_ATTRIBUTES.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    if not Span.has_extension("speaker"):
        Span.set_extension("speaker", getter=_span_at("mention_offsets"))
    if not Span.has_extension("cue"):
        Span.set_extension("cue", getter=_span_at("cue_offsets"))
    if not Doc.has_extension("speakers"):
        Doc.set_extension("speakers", default=[])  # list of speaker dicts, see attribution.py
    if not Doc.has_extension("layout"):
        # {"paragraphs": [(start, end)], "sentences": [(start, end, paragraph)], "quotes_key": str}
        Doc.set_extension("layout", default=None)  # see layout.py; a new dict per Doc, never a shared default
    if not Doc.has_extension("unmatched_marks"):
        Doc.set_extension("unmatched_marks", default=[])  # offsets of marks that paired with nothing
