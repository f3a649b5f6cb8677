"""Web pages to article text: the main text of a saved news page, without its menus and footer.

A page holds much that is not the article (navigation, teasers for other stories, cookie
notices, the footer), and a quote finder would read all of it. trafilatura (Apache-2.0) finds
the article's own text; its plain-text output gives one block (a paragraph, a heading, a list
item) per line. The tool counts paragraphs by line breaks, so each block is set off by a blank
line here, and offsets in the record refer to this text, which the record carries.
Nothing is fetched: links, images and scripts of the page are never followed.
"""

from __future__ import annotations

import re

# trafilatura treats a file that does not open as an HTML document and parses into a single
# element as something else than HTML and gives nothing: such a fragment ("<p>…</p>") is
# wrapped in a document first. Looked for near the start only, where a document says it.
_DOCUMENT_START = re.compile(r"<html[\s>]|<!doctype\s+html", re.IGNORECASE)
_HEAD_CHARS = 4096


def main_text(page: str) -> str | None:
    """The article text of an HTML page, its paragraphs separated by blank lines; None if it has none."""
    import trafilatura  # here, not at the top: it is only needed when a page is read, and takes 0.1 s

    # The article, not the readers' comments under it; no metadata (its date parsing is not needed).
    extracted = trafilatura.extract(_as_document(page), output_format="txt", include_comments=False)
    if not extracted:
        return None
    paragraphs = [line.strip() for line in extracted.splitlines() if line.strip()]
    return "\n\n".join(paragraphs) or None


def _as_document(page: str) -> str:
    """The page, wrapped in <html><body> if it is a fragment rather than a whole document."""
    return page if _DOCUMENT_START.search(page, 0, _HEAD_CHARS) else f"<html><body>{page}</body></html>"
