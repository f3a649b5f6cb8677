"""Person names from the words the recognizer tagged (`extractor.components.names`), on hand-tagged docs: no model."""

import pytest
import spacy
from spacy.tokens import Doc, Span

from extractor.components.names import misread_person, name_part, names_no_one, role_of, without_nickname

VOCAB = spacy.blank("en").vocab


@pytest.mark.parametrize("words, tags, name", [
    (["Democrat", "Ella", "Simmons"], ["PROPN", "PROPN", "PROPN"], "Ella Simmons"),  # a party word is no name
    (["Republican", "Gary", "Fenton"], ["PROPN", "PROPN", "PROPN"], "Gary Fenton"),
    (["Sen.", "Ella", "Simmons"], ["PROPN", "PROPN", "PROPN"], "Ella Simmons"),  # nor is a title
    (["volunteer", "coordinator", "Tom", "Hinderks"], ["NOUN", "NOUN", "PROPN", "PROPN"], "Tom Hinderks"),
    (["Ella", "Simmons"], ["PROPN", "PROPN"], "Ella Simmons"),
    (["district", "Vice", "Chair", "Rosa", "Lindqvist"], ["NOUN", "PROPN", "PROPN", "PROPN", "PROPN"],
     "Rosa Lindqvist"),  # role titles
    (["Pastor", "Joseph", "Brandt"], ["PROPN", "PROPN", "PROPN"], "Joseph Brandt"),
    (["Ana", "Ruiz", ":", "Saying"], ["PROPN", "PROPN", "PUNCT", "PROPN"], "Ana Ruiz"),  # a name stops at a colon
    (["Stated", "Brandt"], ["PROPN", "PROPN"], "Brandt"),  # the label's reporting verb: 'Stated Brandt:'
    (["Luis", "Bermejo", "of"], ["PROPN", "PROPN", "ADP"], "Luis Bermejo"),  # the recognizer took 'of' (Oakland)
    (["Luis", "Bermejo", "-", "60", "percent"], ["PROPN", "PROPN", "PUNCT", "NUM", "NOUN"], "Luis Bermejo"),  # a dash
])
def test_name_part_drops_the_words_before_a_person_name(words: list[str], tags: list[str], name: str) -> None:
    doc = Doc(VOCAB, words=words, pos=tags)
    assert name_part(doc[:]).text == name


def test_a_nickname_in_quotes_stays_inside_the_name() -> None:
    doc = Doc(VOCAB, words=["veteran", "Robert", "“", "Bud", "”", "Kessler"],
              spaces=[True, True, False, False, True, False], pos=["NOUN", "PROPN", "PUNCT", "PROPN", "PUNCT", "PROPN"])
    assert name_part(doc[:]).text == "Robert “Bud” Kessler"


@pytest.mark.parametrize("text, name", [
    ("Robert “Bud” Kessler", "Robert Kessler"),
    ('Mary "Kit" Dalton', "Mary Dalton"),
    ("Jim O’Neill", "Jim O’Neill"),  # an apostrophe is no quote mark
])
def test_a_nickname_in_quotes_is_not_part_of_the_name(text: str, name: str) -> None:
    assert without_nickname(text) == name


@pytest.mark.parametrize("words, person", [
    (["Laura", "Finch"], True),
    (["Spokeswoman", "Laura", "Finch"], True),  # a title before the name
    (["Rally", "Canada"], False),
    (["Finch", "Industries"], False),
])
def test_a_first_name_and_surname_tagged_organisation_is_a_person(words: list[str], person: bool) -> None:
    doc = Doc(VOCAB, words=words, pos=["PROPN"] * len(words))
    assert misread_person(Span(doc, 0, len(words), label="ORG")) is person


@pytest.mark.parametrize("words, at, place", [
    (["a", "family", "in", "Guelph", ",", "Ont", "."], 5, True),  # a province after its town
    (["born", "in", "Lodi", ",", "Calif", "."], 4, True),
    (["said", "her", "lawyer", ",", "Ann", "Lee"], 4, False),  # a name after a comma
    (["Ont", "said"], 0, False),  # not after a town and a comma
    (["the", "soft-spoken", "baker", "said"], 2, True),  # a lowercase noun for a person
    (["the", "poet", "bell", "hooks", "wrote"], 3, False),  # a name written in lowercase
    (["Baker", "said"], 0, False),  # a surname
])
def test_a_word_tagged_person_that_names_no_one(words: list[str], at: int, place: bool) -> None:
    doc = Doc(VOCAB, words=words, lemmas=[w.lower() for w in words])
    assert names_no_one(Span(doc, at, at + 1, label="PERSON")) is place


@pytest.mark.parametrize("noun, tag, role", [
    ("queen", "NN", "rival queen"),
    ("queens", "NNS", None),  # 'rival beauty queens Ana Ruiz and Eva Lind': a role is one person's
])
def test_a_plural_before_a_name_is_no_role(noun: str, tag: str, role: str | None) -> None:
    words = ["The", "rival", noun, "Karen", "Walsh", "spoke"]
    doc = Doc(VOCAB, words=words, pos=["DET", "ADJ", "NOUN", "PROPN", "PROPN", "VERB"],
              tags=["DT", "JJ", tag, "NNP", "NNP", "VBD"], heads=[2, 2, 4, 4, 5, 5],
              deps=["det", "amod", "compound", "compound", "nsubj", "ROOT"])
    assert role_of(doc[4], Span(doc, 3, 5, label="PERSON")) == role
