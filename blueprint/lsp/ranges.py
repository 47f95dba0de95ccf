"""Ranges in the client's units for loader positions, findings and document paths."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from blueprint.lsp.text import from_client, to_client, token_span

if TYPE_CHECKING:
    from blueprint.load.source import Path
    from blueprint.lsp.state import Snapshot


def span_range(lines: list[str], row: int, start: int, end: int, encoding: str) -> types.Range:
    """The range of characters ``start``-``end`` on 0-based ``row``."""
    text = lines[row] if 0 <= row < len(lines) else ""
    return types.Range(
        types.Position(row, to_client(text, start, encoding)),
        types.Position(row, to_client(text, end, encoding)),
    )


def token_range(lines: list[str], line: int, col: int, encoding: str) -> types.Range:
    """The range of the token at loader ``line``:``col`` (1-based)."""
    row, start, end = token_span(lines, line, col)
    return span_range(lines, row, start, end, encoding)


def path_range(snap: Snapshot, path: Path, encoding: str, *, key: bool = False) -> types.Range:
    """The range of the value (or key) at a document path."""
    assert snap.source is not None
    line, col = snap.source.pos(path, key=key)
    return token_range(snap.lines, line, col, encoding)


def cursor(snap: Snapshot, position: types.Position, encoding: str) -> tuple[int, int]:
    """A client position as a loader position: 1-based line and column in characters."""
    row = min(max(0, position.line), len(snap.lines) - 1)
    return row + 1, from_client(snap.lines[row], position.character, encoding) + 1


def path_at(snap: Snapshot, line: int, col: int) -> tuple[Path, bool] | None:
    """The document path whose token holds loader ``line``:``col``, and whether it is a key."""
    entries = snap.by_line.get(line)
    if not entries or line > len(snap.lines):
        return None
    text = snap.lines[line - 1]
    best: tuple[Path, bool] | None = None
    for start, path, is_key in entries:
        if start > col:
            break
        _, first, end = token_span(snap.lines, line, start)
        if first + 1 <= col <= end + 1 and not _is_container(snap, path, is_key, text, start):
            best = (path, is_key)
    return best


def _is_container(snap: Snapshot, path: Path, is_key: bool, text: str, start: int) -> bool:
    """A mapping or list starts at the same place as its first key or item: skip it."""
    if is_key or snap.source is None:
        return False
    value = _value(snap.source.data, path)
    return isinstance(value, (dict, list))


def _value(data: object, path: Path) -> object:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data
