"""Text positions as LSP counts them and as the loader does (characters).

The loader gives 1-based lines and columns in characters; a client speaks 0-based lines
and offsets in the encoding agreed at start-up (UTF-16 code units unless the client
offers UTF-8 or UTF-32). Lines end at LF, CRLF or CR, as every LSP client splits them.
"""

from __future__ import annotations

import re

_BREAK = re.compile(r"\r\n|\r|\n")
#: characters that end a plain scalar in a flow collection
_FLOW_END = ",]}"


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` without their line ends (an empty text has one empty line)."""
    return _BREAK.split(text)


def to_client(line: str, col: int, encoding: str = "utf-16") -> int:
    """The offset of character ``col`` (0-based) in ``line`` in the client's units."""
    head = line[: max(0, col)]
    if head.isascii() or encoding == "utf-32":
        return len(head)
    if encoding == "utf-8":
        return len(head.encode("utf-8", "surrogatepass"))
    return sum(2 if ord(c) > 0xFFFF else 1 for c in head)


def from_client(line: str, units: int, encoding: str = "utf-16") -> int:
    """The character index of offset ``units`` in the client's units (clamped to the line)."""
    if line.isascii() or encoding == "utf-32":
        return max(0, min(units, len(line)))
    count = 0
    for index, char in enumerate(line):
        if count >= units:
            return index
        if encoding == "utf-8":
            count += len(char.encode("utf-8", "surrogatepass"))
        else:
            count += 2 if ord(char) > 0xFFFF else 1
    return len(line)


def _in_flow(line: str, start: int) -> bool:
    """Whether ``start`` is inside ``[...]`` or ``{...}`` opened earlier on the line."""
    depth = 0
    quote = ""
    for char in line[:start]:
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}" and depth:
            depth -= 1
    return depth > 0


def token_end(line: str, start: int) -> int:
    """The end (exclusive, in characters) of the YAML token that starts at ``start``.

    A quoted scalar ends at its closing quote; a plain one at a comment, at ``": "``, at
    the line end, or inside a flow collection at ``,``, ``]`` or ``}``. A token that
    continues on the next lines ends at this line's end.
    """
    if start >= len(line):
        return len(line)
    first = line[start]
    if first in "\"'":
        index = start + 1
        while index < len(line):
            if line[index] == first:
                if first == "'" and line[index + 1 : index + 2] == "'":
                    index += 2
                    continue
                return index + 1
            if first == '"' and line[index] == "\\":
                index += 1
            index += 1
        return len(line)
    if first in "[{":
        return start + 1
    flow = _in_flow(line, start)
    index = start
    while index < len(line):
        char = line[index]
        if char == ":" and (index + 1 == len(line) or line[index + 1] in " \t"):
            break
        if char == "#" and index > start and line[index - 1] in " \t":
            break
        if flow and char in _FLOW_END:
            break
        index += 1
    return len(line[:index].rstrip()) if index > start else start


def token_span(lines: list[str], line: int, col: int) -> tuple[int, int, int]:
    """``(line, start, end)`` 0-based, in characters, of the token at loader ``line``:``col``.

    Positions beyond the text are clamped to its end; an empty token spans one character
    where there is one, so an editor can still underline it.
    """
    row = min(max(0, line - 1), len(lines) - 1)
    text = lines[row]
    start = min(max(0, col - 1), len(text))
    end = token_end(text, start)
    if end <= start:
        end = min(len(text), start + 1)
    return row, start, end
