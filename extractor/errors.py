"""Errors the package raises; only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class ExtractorError(Exception):
    """Something the user can fix: the message says what and where."""


class InputError(ExtractorError):
    """An input file, directory or JSON Lines record that cannot be read as an article."""


class ModelNotFound(ExtractorError):
    """The spaCy pipeline asked for is not installed."""

    def __init__(self, model: str) -> None:
        package = model.replace("_", "-")
        super().__init__(f"spaCy pipeline '{model}' is not installed: pip install {package}")
        self.model = model
