"""The quote types `quote_finder` gives, apart from it so that the views can name them without importing spaCy."""

DIRECT, PARTIAL, SCARE = "direct", "partial", "scare"
INDIRECT = "indirect"  # reported speech (`--indirect`): the reported content, without quotation marks
