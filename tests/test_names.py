"""Person names from the words the recognizer tagged (`extractor.components.names`), on hand-tagged docs: no model."""

import pytest
import spacy
from spacy.tokens import Doc

from extractor.components.names import name_part

VOCAB = spacy.blank("en").vocab


@pytest.mark.parametrize("words, tags, name", [
    (["Democrat", "Ella", "Simmons"], ["PROPN", "PROPN", "PROPN"], "Ella Simmons"),  # a party word is no name
    (["Republican", "Gary", "Fenton"], ["PROPN", "PROPN", "PROPN"], "Gary Fenton"),
    (["Sen.", "Ella", "Simmons"], ["PROPN", "PROPN", "PROPN"], "Ella Simmons"),  # nor is a title
    (["volunteer", "coordinator", "Tom", "Hinderks"], ["NOUN", "NOUN", "PROPN", "PROPN"], "Tom Hinderks"),
    (["Ella", "Simmons"], ["PROPN", "PROPN"], "Ella Simmons"),
])
def test_name_part_drops_the_words_before_a_person_name(words: list[str], tags: list[str], name: str) -> None:
    doc = Doc(VOCAB, words=words, pos=tags)
    assert name_part(doc[:]).text == name
