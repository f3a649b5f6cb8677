"""First-name gender evidence (`extractor.components.genders`): the census lists, no model."""

import pytest

from extractor.components.genders import FEMALE, MALE, first_name_gender


@pytest.mark.parametrize("name, gender", [
    ("Michelle", FEMALE), ("mary", FEMALE), ("Andrew", MALE), ("JOHN", MALE),
    ("Jordan", None),  # shared by men and women: no evidence
    ("Kelly", None),
    ("Zebulonia", None),  # not in the lists
])
def test_first_name_gender(name: str, gender: str | None) -> None:
    assert first_name_gender(name) == gender
