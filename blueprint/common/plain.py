"""Text from a blueprint, made safe for a terminal, a log line or a web page.

A blueprint's text may hold anything YAML can escape: ``\\e[2J`` (clear the screen),
``\\e]0;...\\a`` (retitle the terminal), a carriage return that overwrites the line,
a right-to-left override that reorders what the reader sees. None of it may act on the
reader's screen. One-line outputs (findings, error messages) show such characters as
visible escapes, so the message still says what the file holds; tables and pages drop
them (a tab or line break stays a space or a line).
"""

from __future__ import annotations

import re
from typing import Final

#: C0 and C1 control characters and DEL
CONTROL: Final = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: control characters and the bidirectional embeddings, overrides and isolates (which
#: reorder the text around them)
_VISIBLE: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: line breaks besides ``\n``: NEL (a C1 control) and the Unicode line and paragraph separators
_BREAKS: Final = re.compile("\r\n?|[\x85\u2028\u2029]")
#: ``@name`` or ``@org/team`` where GitHub would notify someone: an ``@`` that no letter,
#: digit or ``_`` precedes, before a letter or digit
_MENTION: Final = re.compile(r"(?<!\w)@(?=[A-Za-z0-9])")
_NAMED: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str, keep: str = "") -> str:
    """``text`` with control and bidirectional-override characters shown as escapes.

    ``\\n`` for a line break, ``\\x1b`` for ESC, ``\\u202e`` for a right-to-left override;
    characters in ``keep`` stay as they are (for formats with their own escaping).
    """
    return _VISIBLE.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


def printable(text: str) -> str:
    """``text`` without control characters: tabs become spaces, line breaks (also NEL,
    U+2028 and U+2029) become ``\\n``."""
    text = _BREAKS.sub("\n", text).replace("\t", " ")
    return CONTROL.sub(lambda m: m.group() if m.group() == "\n" else "", text)


def no_mentions(markdown: str) -> str:
    """Markdown in which ``@name`` notifies no one: a zero-width space follows each ``@``
    at the start of a word, as GitHub-facing tools write it (``@&#8203;name``)."""
    return _MENTION.sub("@&#8203;", markdown) if "@" in markdown else markdown
