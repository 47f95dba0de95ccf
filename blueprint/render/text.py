"""Text for diagrams: wrapping by display width (CJK counts as one em) and escaping.

Every piece of user text reaches DOT, SVG or Mermaid through one of the escapers
here, so a title can hold quotes, angle brackets, ``-->`` or ``%%`` and still be
drawn as the text it is.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from blueprint.common.text import NO_LINE_END, NO_LINE_START

WRAP_EM = 14.0
"""Default line width in ems: 14 full-width (CJK) characters."""


# Approximate advance widths (in ems) of narrow characters in a humanist sans such as
# Noto Sans: enough to keep wrapped lines inside a node of fixed width.
_NARROW = set("ijlft.,;:'|!()[]{}\"`/ ")
_WIDE = set("MWmw@%")


@lru_cache(maxsize=4096)
def char_width(ch: str) -> float:
    """Approximate advance width of one character in ems (wide CJK characters about 1)."""
    if unicodedata.combining(ch):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F", "A"):
        return 1.0
    if ch in _NARROW:
        return 0.3
    if ch in _WIDE:
        return 0.88
    if ch.isupper() or ch.isdigit():
        return 0.62
    return 0.53


def text_width(text: str) -> float:
    """Approximate width of a string in ems."""
    return sum(map(char_width, text))


def _joins(ch: str) -> bool:
    """Characters that belong to the one before: combining marks, ZWJ, variation selectors."""
    return bool(unicodedata.combining(ch)) or ch in "\u200d\ufe0e\ufe0f" or "\U0001f3fb" <= ch <= "\U0001f3ff"


def _units(paragraph: str) -> list[str]:
    """Break units: each wide character alone, runs of narrow non-space text, single spaces.

    A character joined to the previous one (an emoji sequence, a combining accent) stays
    in the previous unit.
    """
    units: list[str] = []
    word = ""
    glue = False
    for ch in paragraph:
        if glue or _joins(ch):
            if word:
                word += ch
            elif units and units[-1] != " ":
                units[-1] += ch
            else:
                word = ch
            glue = ch == "\u200d"
            continue
        if ch.isspace():
            if word:
                units.append(word)
                word = ""
            if units and units[-1] != " ":
                units.append(" ")
        elif unicodedata.east_asian_width(ch) in ("W", "F"):
            if word:
                units.append(word)
                word = ""
            units.append(ch)
        else:
            word += ch
    if word:
        units.append(word)
    while units and units[-1] == " ":
        units.pop()
    return units


def _split_long(word: str, width: float) -> list[str]:
    """Hard-break a word wider than a line (URLs, ids)."""
    parts: list[str] = []
    current = ""
    for ch in word:
        if current and text_width(current + ch) > width:
            parts.append(current)
            current = ""
        current += ch
    if current:
        parts.append(current)
    return parts


def wrap(text: str, width: float = WRAP_EM) -> list[str]:
    """Lines of ``text`` at most ``width`` ems wide (kinsoku may add one character).

    Newlines in the text are kept as line breaks; tabs and other whitespace become spaces.
    """
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        units = _units(paragraph)
        current = ""
        for unit in units:
            if unit == " ":
                if current:
                    current += " "
                continue
            pieces = _split_long(unit, width) if text_width(unit) > width else [unit]
            for piece in pieces:
                fits = text_width(current.rstrip() + piece) <= width
                # closing punctuation may overhang rather than start the next line
                if fits or not current.strip() or (piece[0] in NO_LINE_START and len(piece) == 1):
                    current += piece
                    continue
                carry = ""
                stripped = current.rstrip()
                if stripped and stripped[-1] in NO_LINE_END:
                    carry, stripped = stripped[-1], stripped[:-1]
                lines.append(stripped)
                current = carry + piece
        lines.append(current.rstrip())
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines


def html(text: str) -> str:
    """Escape for Graphviz HTML-like labels (an XML parser reads them).

    Graphviz also expands ``\\N``, ``\\G`` and ``\\E`` in label text (even when the
    backslash is written as an entity), so a backslash is doubled: ``\\\\`` is a literal one.
    """
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch == '"':
            out.append("&quot;")
        elif ch == "'":
            out.append("&#39;")
        elif ch == "]":
            out.append("&#93;")  # Graphviz 2.43 fails on a label of just "]" or "]]"
        elif ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F or 0xD800 <= ord(ch) <= 0xDFFF or ch in "\ufffe\uffff":
            out.append(" ")  # controls: not allowed in XML, or invisible and unsafe
        else:
            out.append(ch)
    return "".join(out)


def dot_string(text: str) -> str:
    """A double-quoted DOT string; backslashes are doubled so no escape sequence survives."""
    clean = "".join(" " if ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F else ch for ch in text)
    return '"' + clean.replace("\\", "\\\\").replace('"', '\\"') + '"'


@lru_cache(maxsize=1)
def _mermaid_safe() -> re.Pattern[str]:
    # compiled on first use: a pattern over all of Unicode costs milliseconds at import
    return re.compile(r"[A-Za-z0-9 \u00a0-\U0010ffff_.,:/+=*'!?@$^~-]")


def mermaid(text: str) -> str:
    """Text for a Mermaid ``"..."`` label: everything but plain characters as ``#code;``.

    Mermaid turns ``#quot;``-style codes into characters after parsing, so quotes,
    brackets, ``-->``, ``%%``, ``;``, backticks and markup can never end the label or
    start a new statement.
    """
    out = []
    for ch in text:
        if ch in "\r\n\t\u2028\u2029" or ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F:
            out.append(" ")
        elif ch in '<>&"`#%;[]{}|\\' or not _mermaid_safe().match(ch):
            out.append(f"#{ord(ch)};")
        else:
            out.append(ch)
    # Mermaid strips the last ';' of any line matching /style.*:\S*#.*;/ or the same with
    # classDef, before it reads entities; spelling a letter as an entity avoids the match
    return "".join(out).replace("style", "#115;tyle").replace("classDef", "#99;lassDef")


_ID_CHAR = re.compile(r"[A-Za-z0-9]")


def safe_id(step_id: str, prefix: str = "s_") -> str:
    """An identifier from a step id, safe in DOT, SVG and Mermaid, and one-to-one.

    Letters and digits stay; ``_`` becomes ``__`` and every other character ``_xx_``
    (its code point in hex), so two different ids never collide.
    """
    out = [prefix]
    for ch in step_id:
        if _ID_CHAR.match(ch):
            out.append(ch)
        elif ch == "_":
            out.append("__")
        else:
            out.append(f"_{ord(ch):x}_")
    return "".join(out)


#: a last line at most this wide (two Chinese characters) is balanced with the line above
_SHORT_EM = 2.0


def _lone_cjk(line: str) -> bool:
    """A line of only one or two wide (Chinese) characters, which reads as a stray fragment.

    Punctuation alone (``。。``) is no fragment of a word: wrapping cannot avoid it.
    """
    stripped = line.strip()
    return (
        bool(stripped)
        and text_width(stripped) <= _SHORT_EM
        and all(unicodedata.east_asian_width(ch) in ("W", "F") for ch in stripped)
        and any(unicodedata.category(ch)[0] in "LN" for ch in stripped)
    )


def balanced_wrap(text: str, width: float = 12.0) -> list[str]:
    """:func:`wrap`, but a paragraph never ends on a line of one or two Chinese characters.

    When it would (``…無訊`` / ``號``), its last two lines are wrapped again, as narrow as
    two lines allow, so both carry about half (``…經常`` / ``無訊號``).
    """
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        wrapped = wrap(paragraph, width)
        if len(wrapped) >= 2 and _lone_cjk(wrapped[-1]):
            prev, last = wrapped[-2], wrapped[-1]
            flat = " ".join(paragraph.split())
            tail = prev + last if prev + last in flat else f"{prev} {last}"
            best = [prev, last]
            step = width
            while step > 1.0:
                step -= 0.5
                again = wrap(tail, step)
                if len(again) != 2:
                    break
                best = again
            wrapped[-2:] = best
        lines.extend(wrapped)
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines
