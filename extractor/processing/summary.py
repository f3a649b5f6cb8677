"""Corpus figures from article records: who is quoted, how often, of which kind and gender.

Pure counting, no printing and no spaCy: `extract summary` renders these figures as tables or
JSON, and the HTML report ranks its speakers with them. Records are added one at a time, so a
corpus of any size is counted in the memory its distinct speakers take.

What counts, and why:
- Quotations (`direct` and `partial`) and reported speech (`indirect`) are counted apart: one is
  the source's words, the other the writer's. Scare quotes are never counted: nobody speaks them.
- People and organisations are the same source in every article that names them alike (the
  canonical name, case and middle initials aside, and the kind). A person an article names
  by surname alone ("Obama") is the one person of that surname the others name in full
  ("Barack Obama"), when there is one and the genders agree; with two ("Hillary Clinton",
  "Bill Clinton") the surname stays apart. An anonymous source, a
  document or an unresolved mention is only known inside its article ("a senior official" here
  is not the one there), so each article's entry stays its own. An unresolved mention is kept,
  never counted as a source.
- Gender shares are over the people whose gender the articles give; the others are counted as
  unknown, never guessed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..components.quote_types import DIRECT, INDIRECT, PARTIAL
from ..components.speaker_kinds import ANONYMOUS, KINDS, ORGANIZATION, PERSON, SOURCE_KINDS, UNRESOLVED

Record = dict[str, Any]

QUOTATION_TYPES = (DIRECT, PARTIAL)  # in quotation marks; INDIRECT is reported speech; SCARE never counts
COUNTED_TYPES = (*QUOTATION_TYPES, INDIRECT)
MERGED_KINDS = (PERSON, ORGANIZATION)  # one source across articles; the other kinds stay per article
NO_SPEAKER = "none"  # the "kind" of a quote no speaker was found for
KNOWN_GENDERS = ("female", "male")
UNKNOWN = "unknown"
NO_GROUP = "(none)"  # the group of a record without the `--by` field
# `--by FIELD:GRAIN` buckets an ISO-ish date ("2020-05-01T…") by its first characters.
GRAINS = {"month": 7, "year": 4}
TOP_SPEAKERS = 20  # the terminal's "most quoted" table; JSON lists every speaker
MIDDLE_INITIAL = re.compile(r"\w\.?")  # "J." of "Donald J. Trump"
_SPEAKER_TEXTS = ("id", "name", "kind", "role", "gender")  # a record's speaker fields that hold text or null


@dataclass
class Speaker:
    """One source (or unresolved mention) over the articles it is counted in."""

    name: str | None
    kind: str
    article: str | None = None  # the article's id, for the kinds that never merge across articles
    quotes: int = 0  # quotations
    reported: int = 0  # reported statements
    articles: set[int] = field(default_factory=set)
    roles: Counter[str] = field(default_factory=Counter)
    genders: Counter[str] = field(default_factory=Counter)

    @property
    def role(self) -> str | None:
        """The role the articles give most often (the first given, on a tie)."""
        return self.roles.most_common(1)[0][0] if self.roles else None

    @property
    def gender(self) -> str | None:
        """The gender the articles give most often; None when they give none, or disagree as often as they agree."""
        ranked = self.genders.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]

    def count(self, reported: bool, article: int, seen: Record) -> None:
        """One more quote (or reported statement) of `article`, where the record names the speaker as `seen`."""
        if reported:
            self.reported += 1
        else:
            self.quotes += 1
        if article not in self.articles:  # role and gender: one vote per article, however often it quotes
            self.articles.add(article)
            if seen.get("role"):
                self.roles[seen["role"]] += 1
            if seen.get("gender"):
                self.genders[seen["gender"]] += 1

    def copy(self) -> Speaker:
        return Speaker(self.name, self.kind, self.article, self.quotes, self.reported, set(self.articles),
                       Counter(self.roles), Counter(self.genders))

    def absorb(self, other: Speaker) -> None:
        """Count `other`'s quotes, articles, roles and genders as this speaker's."""
        self.quotes += other.quotes
        self.reported += other.reported
        self.articles |= other.articles
        self.roles.update(other.roles)
        self.genders.update(other.genders)

    def as_json(self) -> Record:
        entry: Record = {"name": self.name, "kind": self.kind, "role": self.role, "gender": self.gender,
                         "quotes": self.quotes, "reported": self.reported, "articles": len(self.articles)}
        if self.article is not None:
            entry["article"] = self.article
        return entry


@dataclass
class Tally:
    """The figures of one set of records (the corpus, or one `--by` group), added one record at a time."""

    articles: int = 0
    types: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)  # quotations per speaker kind ("none": no speaker)
    reported_by_kind: Counter[str] = field(default_factory=Counter)
    articles_with_anonymous: int = 0
    speakers: dict[tuple[Any, ...], Speaker] = field(default_factory=dict)

    def add(self, record: Record) -> None:
        """Count one article record's quotes and speakers."""
        number = self.articles
        self.articles += 1
        anonymous = False
        for quote in record["quotes"]:
            if quote["type"] not in COUNTED_TYPES:
                continue
            self.types[quote["type"]] += 1
            reported = quote["type"] == INDIRECT
            kind = quote_kind(quote)
            (self.reported_by_kind if reported else self.by_kind)[kind] += 1
            anonymous = anonymous or kind == ANONYMOUS
            if quote["speaker"] is not None:  # and the people named with the speaker, who said it too
                for person in [quote["speaker"], *(quote["speaker"].get("with") or [])]:
                    self._speaker(person, record, number).count(reported, number, person)
        self.articles_with_anonymous += anonymous

    def _speaker(self, speaker: Record, record: Record, number: int) -> Speaker:
        """The tally of the record's `speaker`: one per name and kind for the kinds that merge, else one per article."""
        kind, name = speaker.get("kind") or PERSON, speaker.get("name")
        merged = kind in MERGED_KINDS and bool(name)
        key: tuple[Any, ...] = (kind, source_key(str(name))) if merged else (kind, number, speaker.get("id"))
        if kind == PERSON and merged and " " not in key[1]:  # a surname alone: see `sources`
            key = (*key, speaker.get("gender"))
        if key not in self.speakers:
            self.speakers[key] = Speaker(name, kind, article=None if merged else str(record.get("id")))
        return self.speakers[key]

    def ranked(self, *, sources_only: bool = False) -> list[Speaker]:
        """Speakers, most quoted first (then most reported, in most articles, by name)."""
        return _by_rank(s for s in self.sources() if not sources_only or s.kind in SOURCE_KINDS)

    def figures(self) -> Record:
        """Every figure as JSON-ready data; the terminal tables show the same numbers."""
        speakers = self.sources()
        sources = Counter(s.kind for s in speakers if s.kind in SOURCE_KINDS)
        quotes, reported = sum(self.by_kind.values()), sum(self.reported_by_kind.values())
        sourced = sum(self.by_kind[k] for k in SOURCE_KINDS)
        sourced_reported = sum(self.reported_by_kind[k] for k in SOURCE_KINDS)
        return {
            "articles": self.articles,
            "quotes": quotes,
            "reported": reported,
            "quote_types": {t: self.types[t] for t in COUNTED_TYPES},
            "sources": {"all": sum(sources.values()), **{k: sources[k] for k in SOURCE_KINDS}},
            "unresolved": sum(1 for s in speakers if s.kind == UNRESOLVED),
            "by_kind": {k: {"quotes": self.by_kind[k], "reported": self.reported_by_kind[k]}
                        for k in (*KINDS, NO_SPEAKER)},
            "gender": self._genders(speakers),
            "anonymous": {
                "quotes": self.by_kind[ANONYMOUS], "quote_share": share(self.by_kind[ANONYMOUS], sourced),
                "reported": self.reported_by_kind[ANONYMOUS],
                "reported_share": share(self.reported_by_kind[ANONYMOUS], sourced_reported),
                "articles": self.articles_with_anonymous,
                "article_share": share(self.articles_with_anonymous, self.articles),
            },
            "speakers": [s.as_json() for s in _by_rank(speakers)],
        }

    def sources(self) -> list[Speaker]:
        """The speakers, each person named by surname alone counted as the one person of that
        surname named in full whose gender does not disagree, if there is exactly one."""
        full_names: dict[str, list[Speaker]] = {}
        for key, speaker in self.speakers.items():
            if key[0] == PERSON and len(key) == 2 and " " in key[1]:
                full_names.setdefault(key[1].rsplit(" ", 1)[1], []).append(speaker)
        merged: dict[int, Speaker] = {}  # id(the person named in full) -> them with the surnames added
        surnames: dict[str, Speaker] = {}  # a surname no one person takes, over its genders
        result = []
        for key, speaker in self.speakers.items():
            if not (key[0] == PERSON and len(key) == 3):
                result.append(speaker)
                continue
            _, surname, gender = key
            agreeing = [s for s in full_names.get(surname, []) if gender is None or s.gender in (None, gender)]
            if len(agreeing) == 1:
                merged.setdefault(id(agreeing[0]), agreeing[0].copy()).absorb(speaker)
            elif surname in surnames:
                surnames[surname].absorb(speaker)
            else:
                surnames[surname] = speaker.copy()
                result.append(surnames[surname])
        return [merged.get(id(s), s) for s in result]

    def _genders(self, speakers: list[Speaker]) -> Record:
        """People, their quotations and their reported statements by gender; shares over the known."""
        people = [s for s in speakers if s.kind == PERSON]
        counts: dict[str, Counter[str]] = {"people": Counter(), "quotes": Counter(), "reported": Counter()}
        for person in people:
            gender = person.gender or UNKNOWN
            counts["people"][gender] += 1
            counts["quotes"][gender] += person.quotes
            counts["reported"][gender] += person.reported
        return {what: _gender_split(counter) for what, counter in counts.items()}



def _by_rank(speakers: Iterable[Speaker]) -> list[Speaker]:
    """Most quoted first, then most reported, in most articles, by name."""
    return sorted(speakers, key=lambda s: (-s.quotes, -s.reported, -len(s.articles), (s.name or "").casefold()))


def _gender_split(counter: Counter[str]) -> Record:
    known = sum(counter[g] for g in KNOWN_GENDERS)
    return {**{g: counter[g] for g in (*KNOWN_GENDERS, UNKNOWN)},
            **{f"{g}_share": share(counter[g], known) for g in KNOWN_GENDERS}}


def source_key(name: str) -> str:
    """What makes two articles' names one source: the name, case aside, without a middle
    initial ('Donald J. Trump' is 'Donald Trump', as one outlet's style is not another's)."""
    words = name.casefold().split()
    return " ".join(w for n, w in enumerate(words) if n in {0, len(words) - 1} or not MIDDLE_INITIAL.fullmatch(w))


def share(part: int, whole: int) -> float | None:
    """`part / whole` to four places; None (JSON null) when there is nothing to divide."""
    return round(part / whole, 4) if whole else None


def quote_kind(quote: Record) -> str:
    """The kind of the quote's speaker, or "none" when no speaker was found (a record before schema 3: person)."""
    speaker = quote["speaker"]
    return NO_SPEAKER if speaker is None else (speaker.get("kind") or PERSON)


@dataclass(frozen=True)
class Grouping:
    """`--by FIELD` or `--by FIELD:GRAIN`: which record meta field groups the figures, and how it is cut."""

    field: str
    grain: str | None = None

    @classmethod
    def parse(cls, text: str) -> Grouping:
        """'outlet' or 'date:month'; ValueError with the reason for anything else."""
        name, _, grain = text.partition(":")
        if not name:
            raise ValueError("names no field (e.g. --by outlet, --by date:month)")
        if grain and grain not in GRAINS:
            raise ValueError(f"unknown grain {grain!r} (one of: {', '.join(GRAINS)})")
        return cls(name, grain or None)

    def group_of(self, record: Record) -> str:
        """The record's group: its meta field as text, cut to the grain; NO_GROUP when missing or empty."""
        value = _field(record.get("meta") or {}, self.field)
        if value is None or value == "":
            return NO_GROUP
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        return text.strip()[: GRAINS[self.grain]] if self.grain else text

    def __str__(self) -> str:
        return f"{self.field}:{self.grain}" if self.grain else self.field


def _field(meta: Record, name: str) -> Any:
    """A meta field by name: 'outlet', a dotted path 'source.outlet', or a field of an object
    nested in the meta ('outlet' in {"meta": {"outlet": …}}, as some corpora are written)."""
    if name in meta:
        return meta[name]
    if "." in name:
        head, _, rest = name.partition(".")
        inner = meta.get(head)
        return _field(inner, rest) if isinstance(inner, dict) else None
    return next((value[name] for value in meta.values() if isinstance(value, dict) and name in value), None)


@dataclass
class Summary:
    """The corpus tally and, with a grouping, one tally per group."""

    grouping: Grouping | None = None
    total: Tally = field(default_factory=Tally)
    groups: dict[str, Tally] = field(default_factory=dict)

    def add(self, record: Record) -> None:
        self.total.add(record)
        if self.grouping is not None:
            self.groups.setdefault(self.grouping.group_of(record), Tally()).add(record)

    def figures(self) -> Record:
        """The corpus figures; with a grouping, also `by` and `groups`: each group's figures, "(none)" last."""
        result = self.total.figures()
        if self.grouping is not None:
            result["by"] = str(self.grouping)
            result["groups"] = [{"group": name, **self.groups[name].figures()} for name in self.group_names()]
        return result

    def group_names(self) -> list[str]:
        return sorted(self.groups, key=lambda name: (name == NO_GROUP, name))


def summarize(records: Iterable[Record], grouping: Grouping | None = None) -> Summary:
    """All `records` counted (a convenience for callers that have them at hand)."""
    summary = Summary(grouping)
    for record in records:
        summary.add(record)
    return summary


def record_problem(value: Any) -> str | None:
    """Why `value` cannot be counted as an article record (None if it can): what `Tally.add` reads, checked first."""
    if not isinstance(value, dict) or "schema" not in value or not isinstance(value.get("quotes"), list):
        return 'not an article record (an object with "schema" and "quotes")'
    for quote in value["quotes"]:
        if not isinstance(quote, dict) or not isinstance(quote.get("type"), str):
            return "not an article record: a quote without a type"
        speaker = quote.get("speaker")
        together = speaker.get("with") or [] if isinstance(speaker, dict) else []
        if not isinstance(together, list):
            return 'not an article record: a speaker whose "with" is not a list'
        people = [speaker, *together]
        if speaker is not None and not all(
            isinstance(person, dict) and all(isinstance(person.get(k), (str, type(None))) for k in _SPEAKER_TEXTS)
            for person in people
        ):
            return "not an article record: a speaker that is not an object of texts"
        if "speaker" not in quote:
            return "not an article record: a quote without a speaker field"
    meta = value.get("meta")
    if meta is not None and not isinstance(meta, dict):
        return 'not an article record: "meta" is not an object'
    return None

