"""Pair quotation marks in plain text, paragraph by paragraph.

Works on characters, not tokens, so offsets always refer to the text as read. The
pairing is a stack per paragraph: a closing mark closes the nearest open mark of
its family, and whatever was opened above it is dropped as unmatched. A straight
mark (`"`, `'`, `''`) is opening or closing depending on what flanks it, as in
CommonMark's emphasis rules. A paragraph that ends with a double quote still open
and a next paragraph that opens one again is a quotation running over several
paragraphs: each paragraph's piece is its own quote, linked to the previous one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import paragraph_spans

DOUBLE, SINGLE, GUILLEMET = "double", "single", "guillemet"
OPEN, CLOSE, EITHER = "open", "close", "either"

# Each mark: (family, direction it is written as). Straight marks are EITHER.
MARKS: dict[str, tuple[str, str]] = {
    "“": (DOUBLE, OPEN),
    "”": (DOUBLE, CLOSE),
    "„": (DOUBLE, OPEN),
    '"': (DOUBLE, EITHER),
    "``": (DOUBLE, OPEN),
    "''": (DOUBLE, EITHER),
    "‘": (SINGLE, OPEN),
    "’": (SINGLE, CLOSE),
    "'": (SINGLE, EITHER),
    "«": (GUILLEMET, OPEN),
    "»": (GUILLEMET, CLOSE),
}
MARK_PATTERN = re.compile(r"``|'+|[“”„\"‘’«»]")
# A piece of quotation may run to the end of its paragraph only for these families:
# single quotes are too often apostrophes to be trusted without their closing mark.
CONTINUABLE = {DOUBLE, GUILLEMET}
OPENING_PUNCT = set("([{—–-/")
CLOSING_PUNCT = set(".,;:!?)]}—–-/…")


@dataclass(frozen=True, slots=True)
class MarkToken:
    """One quotation mark found in the text."""

    start: int
    end: int
    family: str
    role: str  # OPEN or CLOSE after reading its context


@dataclass(slots=True)
class QuotePair:
    """A quoted stretch of text: [start, end) includes the marks (when present)."""

    start: int
    end: int
    paragraph: int
    family: str
    closed: bool = True  # False: runs to the end of its paragraph without a closing mark
    reopened: bool = False  # True: opens a paragraph that continues the previous piece
    continues: int | None = None  # index of the piece this one continues
    nested: list[tuple[int, int]] = field(default_factory=list)

    @property
    def inner(self) -> tuple[int, int]:
        """Offsets of the quoted words without the marks."""
        return self.start + self.open_len, self.end - self.close_len

    open_len: int = 1
    close_len: int = 1


def _is_open_side(ch: str | None) -> bool:
    return ch is None or ch.isspace() or ch in OPENING_PUNCT or ch in "“‘«„"


def _is_close_side(ch: str | None) -> bool:
    return ch is None or ch.isspace() or ch in CLOSING_PUNCT or ch in "”’»\"'"


def _split_apostrophe_run(run: str, start: int, closing: bool) -> list[tuple[int, str]]:
    """Split a run of straight apostrophes into marks: ''' opens '' then ', and closes ' then ''."""
    if len(run) <= 2:
        return [(start, run)] if run else []
    if len(run) == 3:
        return [(start, "'"), (start + 1, "''")] if closing else [(start, "''"), (start + 2, "'")]
    return [(start, "''"), (start + 2, "''"), *_split_apostrophe_run(run[4:], start + 4, closing)]


def _read_marks(text: str, start: int, end: int) -> list[tuple[int, str, str | None, str | None]]:
    """Marks in text[start:end] with the characters just before and after them."""
    found = []
    for match in MARK_PATTERN.finditer(text, start, end):
        closing = match.start() > start and not text[match.start() - 1].isspace()
        for pos, mark in _split_apostrophe_run(match.group(), match.start(), closing):
            before = text[pos - 1] if pos > start else None
            after_pos = pos + len(mark)
            after = text[after_pos] if after_pos < end else None
            found.append((pos, mark, before, after))
    return found


def _role(mark: str, before: str | None, after: str | None, open_families: list[str]) -> str | None:
    """OPEN, CLOSE, or None (an apostrophe, or a mark that can be neither)."""
    family, written = MARKS[mark]
    left_open, right_close = _is_open_side(before), _is_close_side(after)
    looks_open = left_open and not right_close
    looks_close = right_close and not left_open
    is_open_now = family in open_families
    if written == OPEN:
        # “They see that. “ at a paragraph's end, “… stand.“[HuffPost.]: a closing mark typed
        # the wrong way round. Nothing can open after the last word or glued to the one before.
        misturned = right_close or after is None or not left_open
        return CLOSE if misturned and not looks_open and is_open_now and family != SINGLE else OPEN
    if written == CLOSE:
        if family == SINGLE:
            return _single_close_role(before, after, is_open_now)
        return OPEN if looks_open and not is_open_now else CLOSE
    if family == SINGLE:
        if before is not None and before.isalnum() and after is not None and after.isalnum():
            return None  # don't, Iran's
        if looks_open and after is not None and after.isalpha():
            return OPEN
        return _single_close_role(before, after, is_open_now)
    if looks_open:
        return OPEN
    if looks_close:
        return CLOSE
    return CLOSE if is_open_now else OPEN


def _single_close_role(before: str | None, after: str | None, is_open_now: bool) -> str | None:
    """A right single mark closes a single quote only when one is open: else an apostrophe."""
    if before is not None and before.isalnum() and after is not None and after.isalnum():
        return None
    if after is not None and after.isdigit():
        return None  # ’90s
    return CLOSE if is_open_now else None


def _closes_double(text: str, pos: int, mark: str, after: str | None, open_families: list[str]) -> bool:
    """“Let’s go. We can stop it.’ : a single mark typed for the double one that is open. An
    apostrophe never follows a sentence's last word and its stop ("U.S.’ " is a possessive)."""
    if mark not in {"’", "'"} or SINGLE in open_families or DOUBLE not in open_families:
        return False
    return pos >= 2 and (after is None or after.isspace()) and text[pos - 1] in ".!?" and text[pos - 2].islower()


def read_mark_tokens(text: str, start: int, end: int, open_families: list[str]) -> list[MarkToken]:
    """Marks of one paragraph with their roles; open_families is updated as it reads."""
    families = list(open_families)
    tokens = []
    for pos, mark, before, after in _read_marks(text, start, end):
        role = _role(mark, before, after, families)
        family = MARKS[mark][0]
        if role is None and _closes_double(text, pos, mark, after, families):
            role, family = CLOSE, DOUBLE
        if role is None:
            continue
        if role == OPEN:
            families.append(family)
        elif family in families:
            del families[len(families) - 1 - families[::-1].index(family):]
        tokens.append(MarkToken(pos, pos + len(mark), family, role))
    return tokens


def pair_paragraph(
    text: str, start: int, end: int, index: int
) -> tuple[list[QuotePair], MarkToken | None, list[MarkToken]]:
    """Pair the marks of one paragraph.

    Returns the closed outermost pairs (nested pairs attached to them), the opening
    mark of a quotation still open at the paragraph's end (or None), and the marks
    that paired with nothing.
    """
    stack: list[MarkToken] = []
    pairs: list[QuotePair] = []
    unmatched: list[MarkToken] = []
    inner: list[tuple[int, int]] = []
    for token in read_mark_tokens(text, start, end, []):
        if token.role == OPEN:
            stack.append(token)
            continue
        match = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].family == token.family), None)
        if match is None:
            unmatched.append(token)
            continue
        opener = stack[match]
        unmatched.extend(stack[match + 1:])
        del stack[match:]
        if token.family == SINGLE and token.start - opener.end <= 1:
            unmatched.extend((opener, token))  # rock 'n' roll: an elision, not a quotation
            continue
        if stack:
            inner.append((opener.start, token.end))
            continue
        pair = QuotePair(opener.start, token.end, index, token.family,
                         open_len=opener.end - opener.start, close_len=token.end - token.start)
        pair.nested = [span for span in inner if opener.start < span[0] and span[1] <= token.end]
        inner = []
        pairs.append(pair)
    still_open = next((t for t in stack if t.family in CONTINUABLE), None)
    unmatched.extend(t for t in stack if t is not still_open)
    return pairs, still_open, unmatched


def pair_quotes(
    text: str, paragraphs: list[tuple[int, int]] | None = None
) -> tuple[list[QuotePair], list[int]]:
    """All outermost quotes of the text, in order, and the offsets of unmatched marks
    (`paragraphs`: the text's paragraph spans, if already known)."""
    paragraphs = paragraph_spans(text) if paragraphs is None else paragraphs
    quotes: list[QuotePair] = []
    unmatched: list[int] = []
    carried: QuotePair | None = None  # piece left open at the previous paragraph's end
    for index, (start, end) in enumerate(paragraphs):
        pairs, still_open, stray = pair_paragraph(text, start, end, index)
        unmatched.extend(t.start for t in stray)
        opens_paragraph = (pairs and pairs[0].start == start) or (still_open is not None and still_open.start == start)
        continued_index = None
        if carried is not None:
            if opens_paragraph or carried.start == paragraphs[carried.paragraph][0] or _after_colon(text, carried):
                continued_index = len(quotes) if opens_paragraph else None
                quotes.append(carried)  # a paragraph quoted to its end, closing mark left out
            else:
                unmatched.append(carried.start)
        if continued_index is not None and pairs and pairs[0].start == start:
            pairs[0].reopened, pairs[0].continues = True, continued_index
        quotes.extend(pairs)
        carried = None
        if still_open is not None:
            carried = QuotePair(still_open.start, end, index, still_open.family, closed=False,
                                open_len=still_open.end - still_open.start, close_len=0)
            if continued_index is not None and still_open.start == start:
                carried.reopened, carried.continues = True, continued_index
    if carried is not None:
        if carried.start == paragraphs[carried.paragraph][0] or carried.reopened or _after_colon(text, carried):
            quotes.append(carried)
        else:
            unmatched.append(carried.start)
    return quotes, sorted(unmatched)


def _after_colon(text: str, piece: QuotePair) -> bool:
    """'More from the report: “Today numerous …' to the paragraph's end: a quotation whose
    closing mark was left out, introduced by a colon."""
    return text[:piece.start].rstrip(" \t").endswith(":")
