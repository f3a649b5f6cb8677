"""Text made safe to print: control characters and undecodable bytes as visible escapes.

Articles and file names come from anywhere. Printed raw on a terminal, an ESC starts an ANSI
sequence that can clear the screen, set the window title or recolour what follows, and a
lone surrogate (what Python makes of a file name's bytes that are not UTF-8) cannot be
written as UTF-8 at all. These functions are for what goes to a terminal (the table,
`--show`, CSV or TSV on a terminal, messages on stderr); JSON, and CSV into a file or a pipe, keep it exact.

Every character replaced becomes a visible escape in Python's notation, so nothing is hidden:
`\\x1b` for ESC, `\\x7f` for DEL, `\\x9b` for a C1 control, and for a lone surrogate the escape
`articles.path_text` gives in records (`\\xe9` for a file name's undecodable byte 0xE9).
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, and every surrogate (U+D800-U+DFFF).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# os.fsdecode() turns an undecodable byte 0xNN into the lone surrogate U+DCNN ("surrogateescape").
_ESCAPED_BYTES = range(0xDC80, 0xDD00)


def escape_char(char: str) -> str:
    """One character's visible escape: `\\x1b` for a control character; for a surrogate made from an
    undecodable byte 0xNN (U+DCNN), that byte `\\xNN`; for any other surrogate `\\udNNN`."""
    code = ord(char)
    if code in _ESCAPED_BYTES:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, keep: str = "\n\t") -> str:
    """`text` for a terminal: every control character (C0, DEL, C1) and surrogate not in `keep`
    replaced by its visible escape (`escape_char`); by default newlines and tabs are kept for layout.

    Unchanged, and returned as is, when there is nothing to replace: ordinary text prints as before.
    """
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda match: match[0] if match[0] in keep else escape_char(match[0]), text)


def terminal_line(text: str) -> str:
    """`text` for one line of a terminal, such as a message on stderr: `visible` with newlines and
    tabs escaped too, so a file name or an article id cannot break a line, hide itself or send
    escape sequences (`extract: dir/bad\\x1b[2J.txt: binary file …`)."""
    return visible(text, keep="")

