"""The sample articles in seeds/: every speaker a reader expects, and the full output frozen.

Regenerate the frozen files with `pytest --update-golden` after a deliberate change, and
read the diff: it is the change in behaviour.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.pipeline import model_description
from extractor.processing.records import Article, article_record

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"

# (seed, start of the quoted words, expected speaker name or None, kind, type, role or ...)
# Names compare case-insensitively: seed 000 writes "mike Pompeo".
# fmt: off
EXPECTED = [
    ("000_74297c5d5db63657", "re-establishing deterrence", "Mike Pompeo", "person", "partial", ...),
    ("000_74297c5d5db63657", "The Iranians didn’t need", "Mike Pompeo", "person", "direct", ...),
    ("000_74297c5d5db63657", "What we have done", "Mike Pompeo", "person", "direct", ...),
    ("000_74297c5d5db63657", "Any attack by Iran", "Donald Trump", "person", "direct", ...),
    ("000_74297c5d5db63657", "real deterrence", "Mike Pompeo", "person", "partial", ...),
    ("000_74297c5d5db63657", "malign activity.", "Mike Pompeo", "person", "partial", ...),
    ("000_74297c5d5db63657", "President Trump and those of us", "Mike Pompeo", "person", "direct", ...),
    ("000_74297c5d5db63657", "his planning a future attack", "Donald Trump", "person", "partial", ...),
    ("004_6b7e72d1daae4612", "The president was faced with a choice",
     "a person familiar with Trump’s thinking", "anonymous", "direct", ...),
    ("004_6b7e72d1daae4612", "maximum pressure,", None, None, "scare", ...),
    ("004_6b7e72d1daae4612", "While the maximum pressure campaign", "Mark Dubowitz", "person", "direct",
     "the CEO of the Foundation for Defense of Democracies"),
    ("004_6b7e72d1daae4612", "Up until now", "Mark Dubowitz", "person", "direct",
     "the CEO of the Foundation for Defense of Democracies"),
    ("004_6b7e72d1daae4612", "We watched the intelligence flow", "Mike Pompeo", "person", "direct", ...),
    ("004_6b7e72d1daae4612", "It was time to take this action", "Mike Pompeo", "person", "direct", ...),
    ("004_6b7e72d1daae4612", "Before we reimposed sanctions", "Mike Pompeo", "person", "direct", ...),
    ("004_6b7e72d1daae4612", "U.S. pressure is reversing", "Mike Pompeo", "person", "direct", ...),
    ("004_6b7e72d1daae4612", "there is no consensus", "Jennifer Carafella", "person", "partial",
     "the research director at the Institute for the Study of War"),
    ("004_6b7e72d1daae4612", "more likely to lead to war", "Jennifer Carafella", "person", "partial", ...),
    ("004_6b7e72d1daae4612", "I’m not sure anyone really knew",
     "one former Obama official who worked on Iran policy", "anonymous", "direct", ...),
    ("004_6b7e72d1daae4612", "The reality is that it’s working",
     "one former Obama official who worked on Iran policy", "anonymous", "direct", ...),
]
# fmt: on
MENTIONS = [  # (seed, start of the quoted words, the mention that names the speaker, the cue)
    ("004_6b7e72d1daae4612", "We watched the intelligence flow", "he", "said"),
    ("004_6b7e72d1daae4612", "more likely to lead to war", "she", "added"),
    ("004_6b7e72d1daae4612", "there is no consensus", "Jennifer Carafella", "according to"),
    ("000_74297c5d5db63657", "Any attack by Iran", "Trump", "issued"),
]


@pytest.fixture(scope="module")
def records(nlp) -> dict[str, dict]:
    """Each seed's article record, as `extract seeds/` writes it."""
    found = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found[path.stem] = article_record(Article(path.stem, f"seeds/{path.name}", text), nlp(text),
                                          model_description(nlp))
    return found


def _quote(record: dict, opening: str) -> dict:
    matches = [q for q in record["quotes"] if q["text"].lstrip("“\"'‘").startswith(opening)]
    assert len(matches) == 1, f"{len(matches)} quotes start with {opening!r}"
    return matches[0]


@pytest.mark.model
@pytest.mark.parametrize(("seed", "opening", "name", "kind", "kind_of_quote", "role"), EXPECTED,
                         ids=[f"{e[0][:3]}-{e[1][:24]}" for e in EXPECTED])
def test_seed_speaker(records, seed, opening, name, kind, kind_of_quote, role):
    quote = _quote(records[seed], opening)
    assert quote["type"] == kind_of_quote
    if name is None:
        assert quote["speaker"] is None
        return
    assert quote["speaker"]["name"].lower() == name.lower()
    assert quote["speaker"]["kind"] == kind
    if role is not ...:
        assert quote["speaker"]["role"] == role


@pytest.mark.model
@pytest.mark.parametrize(("seed", "opening", "mention", "cue"), MENTIONS, ids=[m[1][:24] for m in MENTIONS])
def test_seed_mention_and_cue(records, seed, opening, mention, cue):
    quote = _quote(records[seed], opening)
    assert quote["speaker"]["mention"]["text"] == mention
    assert quote["cue"]["text"] == cue


@pytest.mark.model
def test_seed_speakers_are_merged(records):
    """'Pompeo', 'Mr. Pompeo', 'he' and 'Secretary of state mike Pompeo': one entry per article."""
    for record in records.values():
        names = [s["name"].lower() for s in record["speakers"]]
        assert len(names) == len(set(names))
        assert sum(s["quotes"] for s in record["speakers"]) == sum(q["speaker"] is not None for q in record["quotes"])
    pompeo = next(s for s in records["004_6b7e72d1daae4612"]["speakers"] if s["name"] == "Mike Pompeo")
    assert (pompeo["id"], pompeo["quotes"], pompeo["role"]) == ("S3", 4, "Secretary of State")


@pytest.mark.model
def test_seed_offsets_are_exact(records):
    for seed, record in records.items():
        text = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8")
        for quote in record["quotes"]:
            assert text[quote["start"]:quote["end"]] == quote["text"]
            for part in (quote["cue"], quote["speaker"] and quote["speaker"]["mention"]):
                if part:
                    assert text[part["start"]:part["end"]] == part["text"]


@pytest.mark.model
@pytest.mark.parametrize("seed", ["000_74297c5d5db63657", "004_6b7e72d1daae4612"])
def test_seed_golden(records, seed, update_golden):
    """The whole record, frozen; the version is left out so a release does not break it."""
    record = json.loads(json.dumps(records[seed], ensure_ascii=False))
    record["tool"].pop("version")
    path = GOLDEN / f"{seed}.json"
    if update_golden:
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert record == json.loads(path.read_text(encoding="utf-8"))
