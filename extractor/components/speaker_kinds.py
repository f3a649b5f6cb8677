"""The kinds of speaker a record names, with what each means (no spaCy import: the views read it)."""

PERSON = "person"  # a named person: "Mike Pompeo", resolved from "Pompeo", "he", "the secretary"
ORGANIZATION = "organization"  # a named body: "The State Department", and its statements
ANONYMOUS = "anonymous"  # an unnamed person or group that speaks, kept whole: "two senior U.S. officials"
DOCUMENT = "document"  # an unnamed text that speaks: "a statement", "the report", "a new study"
UNRESOLVED = "unresolved"  # words the article does not resolve: a pronoun with no antecedent, the writer's "I"

KINDS = (PERSON, ORGANIZATION, ANONYMOUS, DOCUMENT, UNRESOLVED)
# The kinds that are sources to count: an unresolved mention is kept, never counted.
SOURCE_KINDS = (PERSON, ORGANIZATION, ANONYMOUS, DOCUMENT)
