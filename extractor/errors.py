"""Errors the package raises; only the CLI turns them into messages and exit codes."""

from __future__ import annotations

import os


class ExtractorError(Exception):
    """Something the user can fix: the message says what and where."""


class InputError(ExtractorError):
    """An input file, directory or JSON Lines record that cannot be read as an article."""


class ModelNotFound(ExtractorError):
    """The spaCy pipeline asked for is not installed.

    The message names the pipelines that are: a name mistyped is then seen at once, and no
    package is suggested for a name that may not exist on any index.
    """

    def __init__(self, model: str, installed: list[str] | None = None) -> None:
        if _looks_like_path(model):
            message = f"no spaCy pipeline at '{model}' (a directory with config.cfg, or an installed package name)"
        else:
            names = installed_pipelines() if installed is None else installed
            known = f"installed: {', '.join(names)}" if names else "no spaCy pipeline is installed"
            message = f"spaCy pipeline '{model}' is not installed ({known})"
        super().__init__(message)
        self.model = model


def installed_pipelines() -> list[str]:
    """The names of the spaCy pipeline packages installed (what `--model` accepts besides a path), sorted."""
    try:
        from spacy.util import get_installed_models  # spaCy is loaded by then: the pipeline was asked for

        return sorted(get_installed_models())
    except Exception:  # a broken package's entry point must not hide the message it is part of
        return []


def _looks_like_path(model: str) -> bool:
    """spacy.load() reads a name with a path separator, or one that exists, as a directory."""
    return "/" in model or os.sep in model or model.startswith(".") or os.path.exists(model)


def one_line(error: BaseException) -> str:
    """'ValueError: bad thing': an error as one line of a message, whatever newlines it holds."""
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def os_reason(error: OSError) -> str:
    """'no space left on device': an OS error's reason as the other messages put it."""
    reason = error.strerror or str(error) or type(error).__name__
    return reason[:1].lower() + reason[1:]
