"""Gender from the article's own words, for the people it quotes and for he/she coreference.

The evidence, strongest first: a title (Ms., Mr., Mrs.), a noun that says it (spokeswoman,
mother, actor), the he/she/his/her the article uses of the person, and only then the first
name. `data/first_names.tsv` holds the first names of the 1990 US Census with the share of
men and of women who have each (public domain, US Census Bureau); names it lacks ("Konrad",
"Alexei", "Hussein") are read in `data/first_names_world.tsv`, the share of women among the
bearers of 54,000 names worldwide (from nomquamgender, MIT). Only names where one gender
outnumbers the other many times over count: "Jordan" or "Kelly" give no evidence.
A name is not an identity: where nothing in the article says, the answer is None.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

MALE, FEMALE = "male", "female"
TITLE, NOUN, PRONOUN, FIRST_NAME = "title", "noun", "pronoun", "first name"
EVIDENCE_ORDER = (TITLE, NOUN, PRONOUN, FIRST_NAME)  # the first kind of evidence found decides
# One gender must be this many times as frequent as the other for the name to count.
MIN_RATIO = 10.0
PRONOUN_GENDER = {"he": MALE, "him": MALE, "his": MALE, "himself": MALE,
                  "she": FEMALE, "her": FEMALE, "hers": FEMALE, "herself": FEMALE}
TITLE_GENDER = {"mr": MALE, "mr.": MALE, "sir": MALE, "mrs": FEMALE, "mrs.": FEMALE, "ms": FEMALE,
                "ms.": FEMALE, "miss": FEMALE, "dame": FEMALE, "lord": MALE, "lady": FEMALE}
# Nouns for people that say their gender, in a role or appositive: "spokeswoman Jane Doe",
# "Smith, a mother of two".
NOUN_GENDER = {
    **dict.fromkeys("""
    woman women girl mother mom mum wife daughter sister aunt niece grandmother granddaughter widow
    actress spokeswoman chairwoman congresswoman businesswoman councilwoman alderwoman
    sportswoman policewoman stepmother girlfriend fiancée queen princess duchess countess empress
    nun sister-in-law mother-in-law daughter-in-law waitress hostess heiress matriarch grandma
    """.split(), FEMALE),
    **dict.fromkeys("""
    man men boy father dad son husband brother uncle nephew grandfather grandson widower actor
    spokesman chairman congressman businessman councilman alderman sportsman policeman stepfather
    boyfriend fiancé king prince duke emperor monk brother-in-law father-in-law son-in-law
    waiter heir patriarch grandpa
    """.split(), MALE),
}


@cache
def _shares(worldwide: bool = True) -> dict[str, tuple[float, float]]:
    """first name (lowercase) -> (share of men, share of women) among those with that name:
    the census's where it has the name, the world list's otherwise (with `worldwide`)."""
    shares = {}
    for line in _data_lines("first_names_world.tsv") if worldwide else []:
        name, women = line.split("\t")
        shares[name] = (1.0 - float(women), float(women))
    for line in _data_lines("first_names.tsv"):
        name, men, women = line.split("\t")
        shares[name] = (float(men), float(women))
    return shares


def _data_lines(name: str) -> list[str]:
    text = (resources.files(__package__) / "data" / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def first_name_gender(name: str, worldwide: bool = True) -> str | None:
    """MALE, FEMALE or None (unknown or shared) for a first name: 'Michelle' -> FEMALE. Without
    `worldwide`, only the common US names count: enough to say a word is someone's first name."""
    men, women = _shares(worldwide).get(name.lower(), (0.0, 0.0))
    if men > women * MIN_RATIO:
        return MALE
    if women > men * MIN_RATIO:
        return FEMALE
    return None


def is_first_name(word: str) -> bool:
    """A first name of the US Census list, whatever gender its bearers have ('Bernie', 'Jordan')."""
    return word.lower() in _shares(worldwide=False)


def noun_gender(words: str) -> str | None:
    """The gender the nouns of a role or description say ('UFCW spokeswoman' -> FEMALE), None if
    they say none or disagree."""
    found = {NOUN_GENDER[w] for w in words.lower().replace(",", " ").split() if w in NOUN_GENDER}
    return found.pop() if len(found) == 1 else None
