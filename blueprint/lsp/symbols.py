"""Document symbols for the outline: phases, and steps with their failure modes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types

from blueprint.lsp.ranges import path_range
from blueprint.lsp.text import to_client

if TYPE_CHECKING:
    from blueprint.load.source import Path
    from blueprint.lsp.state import Snapshot


def _last_row(snap: Snapshot, path: Path, value: Any) -> int:
    """The 0-based last row of the value at ``path`` (its deepest, latest position)."""
    assert snap.source is not None
    rows = [snap.source.pos(path)[0]]
    stack: list[tuple[Path, Any]] = [(path, value)]
    while stack:
        here, node = stack.pop()
        children = (
            node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        )
        for key, child in children:
            sub = (*here, key)
            where = snap.source.positions.get(sub)
            if where is not None:
                rows.append(where[0])
            stack.append((sub, child))
    return min(max(rows), len(snap.lines)) - 1


def _symbol(
    snap: Snapshot, path: Path, value: Any, name: str, detail: str, kind: types.SymbolKind, encoding: str
) -> types.DocumentSymbol:
    assert snap.source is not None
    line, col = snap.source.pos(path)
    last = _last_row(snap, path, value)
    first = min(max(0, line - 1), last)
    start = to_client(snap.lines[first], col - 1, encoding) if first == line - 1 else 0
    whole = types.Range(
        types.Position(first, start),
        types.Position(last, to_client(snap.lines[last], len(snap.lines[last]), encoding)),
    )
    selection = (
        path_range(snap, (*path, "id"), encoding) if isinstance(value, dict) and "id" in value else whole
    )
    if selection.start.line < whole.start.line or selection.end.line > whole.end.line:
        selection = whole
    return types.DocumentSymbol(
        name=name or "?",
        detail=detail or None,
        kind=kind,
        range=whole,
        selection_range=selection,
        children=[],
    )


def _text(value: Any, key: str) -> str:
    from blueprint.common.plain import one_line

    got = value.get(key) if isinstance(value, dict) else None
    return one_line(str(got)) if got is not None else ""


def symbols(snap: Snapshot, encoding: str) -> list[types.DocumentSymbol]:
    """Phases and steps at the top, each step's failure modes under it (raw document)."""
    if snap.source is None or not isinstance(snap.source.data, dict):
        return []
    data = snap.source.data
    out = []
    for key, kind in (("phases", types.SymbolKind.Namespace), ("steps", types.SymbolKind.Class)):
        items = data.get(key)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            symbol = _symbol(snap, (key, i), item, _text(item, "id"), _text(item, "title"), kind, encoding)
            children: list[types.DocumentSymbol] = []
            failures = item.get("failures")
            for j, failure in enumerate(failures if isinstance(failures, list) else []):
                if isinstance(failure, dict):
                    name = _text(failure, "id") or f"{_text(item, 'id')}.{j + 1}"
                    child = _symbol(
                        snap,
                        (key, i, "failures", j),
                        failure,
                        name,
                        _text(failure, "mode"),
                        types.SymbolKind.Event,
                        encoding,
                    )
                    children.append(child)
            symbol.children = children
            out.append(symbol)
    return out
