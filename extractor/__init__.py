"""extractor: who said what in news articles. Direct quotes, their speakers, as spaCy components."""

__version__ = "0.1.0"
