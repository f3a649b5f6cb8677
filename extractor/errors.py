"""Errors the package raises; only the CLI turns them into messages and exit codes."""

from __future__ import annotations

import os


class ExtractorError(Exception):
    """Something the user can fix: the message says what and where."""


class InputError(ExtractorError):
    """An input file, directory or JSON Lines record that cannot be read as an article."""


class ModelNotFound(ExtractorError):
    """The spaCy pipeline asked for is not installed."""

    def __init__(self, model: str) -> None:
        if _looks_like_path(model):
            message = f"no spaCy pipeline at '{model}' (a directory with config.cfg, or an installed package name)"
        else:
            message = f"spaCy pipeline '{model}' is not installed: pip install {model.replace('_', '-')}"
        super().__init__(message)
        self.model = model


def _looks_like_path(model: str) -> bool:
    """spacy.load() reads a name with a path separator, or one that exists, as a directory."""
    return "/" in model or os.sep in model or model.startswith(".") or os.path.exists(model)
