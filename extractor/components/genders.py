"""Gender evidence from first names, for coreference of he and she.

`data/first_names.tsv` holds the first names of the 1990 US Census with the share of men
and of women who have each (public domain, US Census Bureau). Only names where one
gender outnumbers the other many times over count: "Jordan" or "Kelly" give no evidence.
The article's own titles come first; its pronouns decide where the census is silent.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

MALE, FEMALE = "male", "female"
# One gender must be this many times as frequent as the other for the name to count.
MIN_RATIO = 10.0


@cache
def _shares() -> dict[str, tuple[float, float]]:
    """first name (lowercase) -> (percent of men, percent of women) with that name."""
    text = (resources.files(__package__) / "data" / "first_names.tsv").read_text(encoding="utf-8")
    shares = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, men, women = line.split("\t")
            shares[name] = (float(men), float(women))
    return shares


def first_name_gender(name: str) -> str | None:
    """MALE, FEMALE or None (unknown or shared) for a first name: 'Michelle' -> FEMALE."""
    men, women = _shares().get(name.lower(), (0.0, 0.0))
    if men > women * MIN_RATIO:
        return MALE
    if women > men * MIN_RATIO:
        return FEMALE
    return None
