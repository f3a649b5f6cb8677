"""Cue patterns as data: spaCy `Matcher` token patterns, matched once per article.

The cue finders look a match up by the token it starts at (`cue_matches(doc)[name]` maps
the first token of each match to the last token of its shortest match), so a pattern can be
read, changed or extended here without touching the code that uses it. Like spaCy's own
`SpanRuler` patterns, these are plain JSON-serialisable lists of token dicts.
"""

from __future__ import annotations

from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .lexicon import DASHES

ACCORDING_TO, DASH_CREDIT = "according to", "dash credit"
# A dash written alone ("—", "--") or glued to the name after it ("-Commissioner").
DASH = {"REGEX": "^(?:" + "|".join(sorted(DASHES, key=len, reverse=True)) + ")$|^-."}
CUE_PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    # "according to X"
    ACCORDING_TO: [[{"LOWER": "according"}, {"LOWER": "to"}]],
    # "— Commissioner Geoffrey Starks", "-- a spokesman for Senator Jones": a dash, then a proper
    # noun within three words
    DASH_CREDIT: [[{"TEXT": DASH}, {"POS": {"NOT_IN": ["PROPN"]}, "OP": "{0,2}"}, {"POS": "PROPN"}]],
}
_matchers: dict[int, tuple[Vocab, Matcher]] = {}


def cue_matches(doc: Doc) -> dict[str, dict[int, int]]:
    """Pattern name -> {first token of a match: last token of the shortest match starting there}."""
    found: dict[str, dict[int, int]] = {name: {} for name in CUE_PATTERNS}
    matcher = _matcher(doc.vocab)
    for match_id, start, end in matcher(doc):
        starts = found[doc.vocab.strings[match_id]]
        if start not in starts or end - 1 < starts[start]:
            starts[start] = end - 1
    return found


def _matcher(vocab: Vocab) -> Matcher:
    """One Matcher per vocabulary, built at first use."""
    entry = _matchers.get(id(vocab))
    if entry is None or entry[0] is not vocab:
        matcher = Matcher(vocab)
        for name, patterns in CUE_PATTERNS.items():
            matcher.add(name, patterns)
        entry = _matchers[id(vocab)] = (vocab, matcher)
    return entry[1]
