"""The long-text API where the README documents it: `extract_article(nlp, Article(id, path, text))`."""

from .processing.longtext import extract_article
from .processing.records import Article

__all__ = ["Article", "extract_article"]
