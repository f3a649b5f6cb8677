"""`extract summary` in a terminal: the corpus figures (`processing.summary`) as a few small tables.

Each table is data: a title and rows, each row a label and how to read its cell from one set of
figures. The columns are the sets of figures: the corpus alone, or with `--by` one column per group
and one for all. So a group's numbers sit beside the others', and a new figure is one row.
Names, roles and group values come from articles: they are shown through `visible`, as Text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..components.speaker_kinds import ANONYMOUS, DOCUMENT, ORGANIZATION, PERSON, UNRESOLVED
from ..processing.summary import KNOWN_GENDERS, NO_SPEAKER, TOP_SPEAKERS, UNKNOWN
from .html_charts import KINDS as KIND_NAMES
from .safe_text import terminal_line, visible

Figures = dict[str, Any]
Row = tuple[str, Callable[[Figures], str]]
NONE = "–"
SPEAKER_KINDS = (PERSON, ORGANIZATION, ANONYMOUS, DOCUMENT, UNRESOLVED, NO_SPEAKER)
NUMBERS = ("#", "quotes", "reported", "articles")  # right-aligned columns of the most-quoted table
GENDER_NAMES = {"female": "female", "male": "male", UNKNOWN: "gender unknown"}


def percent(share: float | None) -> str:
    """0.4286 → '43%'; no share (nothing to divide) → '–'."""
    return NONE if share is None else f"{100 * share:.0f}%"


def _count_and_share(count: int, whole: int) -> str:
    return f"{count} ({percent(count / whole if whole else None)})"


def _sources(kind: str) -> Callable[[Figures], str]:
    return lambda f: str(f["sources"][kind])


CORPUS: tuple[Row, ...] = (
    ("articles", lambda f: str(f["articles"])),
    ("quotes (direct and partial)", lambda f: str(f["quotes"])),
    ("reported statements", lambda f: str(f["reported"])),
    ("sources quoted", _sources("all")),
    ("  named people", _sources(PERSON)),
    ("  organisations", _sources(ORGANIZATION)),
    ("  anonymous sources", _sources(ANONYMOUS)),
    ("  documents", _sources(DOCUMENT)),
    ("unresolved mentions (not sources)", lambda f: str(f["unresolved"])),
)


def _by_kind(kind: str, what: str) -> Callable[[Figures], str]:
    return lambda f: _count_and_share(f["by_kind"][kind][what], f[what])


def _kind_rows(what: str) -> tuple[Row, ...]:
    """Quotes (or reported statements) per kind of speaker, with their share of all of them."""
    return tuple((KIND_NAMES[kind], _by_kind(kind, what)) for kind in SPEAKER_KINDS)


def _gender(what: str, gender: str) -> Callable[[Figures], str]:
    def cell(f: Figures) -> str:
        counts = f["gender"][what]
        return f"{counts[gender]} ({percent(counts[gender + '_share'])})" if gender in KNOWN_GENDERS \
            else str(counts[gender])
    return cell


def _gender_rows(what: str) -> tuple[Row, ...]:
    """Women and men among people (or their quotes), as a share of those whose gender is known; then the unknown."""
    return tuple((f"{what}: {GENDER_NAMES[g]}", _gender(what, g)) for g in (*KNOWN_GENDERS, UNKNOWN))


def _anonymous(count: str, share: str) -> Callable[[Figures], str]:
    return lambda f: f"{f['anonymous'][count]} ({percent(f['anonymous'][share])})"


ANONYMITY: tuple[Row, ...] = (
    ("quotes from anonymous sources", _anonymous("quotes", "quote_share")),
    ("reported from anonymous sources", _anonymous("reported", "reported_share")),
    ("articles quoting an anonymous source", _anonymous("articles", "article_share")),
)


def summary_view(figures: Figures, *, top: int = TOP_SPEAKERS) -> Group:
    """Every table of the summary: corpus counts, quotes by kind, gender, anonymity, the most quoted."""
    columns = _columns(figures)
    reported = figures["reported"] > 0
    tables: list[RenderableType] = [
        _table("Corpus", CORPUS if reported else _without(CORPUS, "reported statements"), columns),
        _table("Quotes by kind of speaker", _kind_rows("quotes"), columns, "% of all quotes"),
    ]
    if reported:
        tables.append(_table("Reported speech by kind of speaker", _kind_rows("reported"), columns,
                             "% of all reported statements"))
    gender = _gender_rows("people") + _gender_rows("quotes") + (_gender_rows("reported") if reported else ())
    tables.append(_table("Gender", gender, columns, "% of those whose gender is known"))
    anonymity = ANONYMITY if reported else _without(ANONYMITY, "reported from anonymous sources")
    tables.append(_table("Anonymous sources", anonymity, columns, "% of quotes from a source; of articles"))
    tables += [_top_table(name, group, top, reported=reported) for name, group in columns]
    return Group(*_spaced(tables))


def _columns(figures: Figures) -> list[tuple[str, Figures]]:
    """(heading, figures) per column: the groups, then all of them; or the corpus alone."""
    if "groups" not in figures:
        return [("", figures)]
    return [(f"{figures['by']}: {g['group']}", g) for g in figures["groups"]] + [("all", figures)]


def _without(rows: tuple[Row, ...], label: str) -> tuple[Row, ...]:
    return tuple(row for row in rows if row[0] != label)


def _table(title: str, rows: tuple[Row, ...], columns: list[tuple[str, Figures]], caption: str | None = None) -> Table:
    """A figure per row, a column per set of figures; wide enough for its caption on one line."""
    table = Table(title=title, title_justify="left", title_style="bold", show_header=len(columns) > 1,
                  caption=caption, caption_justify="left", min_width=len(caption or "") + 2)
    table.add_column("")
    for heading, _ in columns:
        table.add_column(Text(terminal_line(heading)), justify="right")
    for label, cell in rows:
        table.add_row(label, *(cell(figures) for _, figures in columns))
    return table


def _top_table(heading: str, figures: Figures, top: int, *, reported: bool) -> Table:
    """The `top` most quoted sources (unresolved mentions are not sources) with kind, role and gender."""
    title = f"Most quoted ({heading})" if heading else "Most quoted"
    table = Table(title=title, title_justify="left", title_style="bold")
    for name in ("#", "speaker", "kind", "role", "gender", "quotes", *(["reported"] if reported else []), "articles"):
        table.add_column(name, justify="right" if name in NUMBERS else "left", overflow="fold",
                         max_width=30 if name in ("speaker", "role") else None)
    speakers = [s for s in figures["speakers"] if s["kind"] != UNRESOLVED]
    for rank, speaker in enumerate(speakers[:top], start=1):
        counts = [str(speaker["quotes"]), *([str(speaker["reported"])] if reported else []), str(speaker["articles"])]
        table.add_row(str(rank), *(Text(visible(_one_line(speaker[k] or ""))) for k in ("name", "kind", "role")),
                      speaker["gender"] or "", *counts)
    more = len(speakers) - top
    table.caption = f"and {more} more (-f json lists them all)" if more > 0 else None if speakers else "no sources"
    return table


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _spaced(tables: list[RenderableType]) -> list[RenderableType]:
    """A blank line between tables."""
    spaced: list[RenderableType] = []
    for table in tables:
        spaced += [Text(), table] if spaced else [table]
    return spaced
