"""Shared fixtures: the full pipeline, loaded once, and `extract` for article records.

Tests that need the statistical model carry the `model` marker (declared in
pyproject.toml), so `pytest -m "not model"` runs the rule tests alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from spacy.language import Language

from extractor.pipeline import build_pipeline
from extractor.processing.records import Article, article_record


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.json from the current output instead of comparing with it",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was started with --update-golden."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full pipeline (model + article_segmenter, quote_finder, quote_attributor), loaded once.

    Shared by every test of the session: don't add or remove pipes on it.
    """
    return build_pipeline()


@pytest.fixture(scope="session")
def extract(nlp: Language) -> Callable[[str], dict[str, Any]]:
    """A function text -> the article record (`extractor.processing.records.article_record`)."""

    def run(text: str) -> dict[str, Any]:
        return article_record(Article("t", None, text), nlp(text), "test")

    return run
