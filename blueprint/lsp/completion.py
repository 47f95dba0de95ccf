"""Completion: step and phase ids, lanes, statuses, enum values and keys from the schema.

The context comes from the line being typed and the lines above it (the keys that lead
to the mapping under the cursor), so it works while the document does not parse; the ids
come from the last analysis that parsed.
"""

from __future__ import annotations

import re
from typing import Any

from lsprotocol import types

from blueprint.lsp.navigation import STEP_REFS

_VALUE = re.compile(r"([A-Za-z_][\w-]*):[ \t]+(\[[^\]]*?)?([^\s,\[\]{}]*)$")
_ITEM = re.compile(r"^( *)-[ \t]+([^\s:,\[\]{}]*)$")
_KEY = re.compile(r"^( *)(- +)?([A-Za-z_][\w-]*)?$")
_LINE = re.compile(r"^( *)(- +)?([A-Za-z_][\w-]*):(.*)$")


def complete(lines: list[str], row: int, col: int, data: Any) -> list[types.CompletionItem]:
    """What fits at 0-based ``row``, character ``col``; ``data`` is the last parsed document."""
    if not 0 <= row < len(lines):
        return []
    before = lines[row][:col]
    value = _VALUE.search(before)
    if value is not None:
        return _values(value.group(1), data, lines, row)
    item = _ITEM.match(before)
    if item is not None:
        parent = _chain(lines, row, len(item.group(1)) + 2)
        return _values(parent[-1], data, lines, row) if parent else []
    key = _KEY.match(before)
    if key is not None:
        indent = len(key.group(1)) + len(key.group(2) or "")
        return _keys(_chain(lines, row, indent))
    return []


def _ids(data: Any, key: str) -> list[tuple[str, str]]:
    items = data.get(key) if isinstance(data, dict) else None
    out = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), (str, int)):
            out.append((str(item["id"]), str(item.get("title", ""))))
    return out


def _values(key: str, data: Any, lines: list[str], row: int) -> list[types.CompletionItem]:
    if key in STEP_REFS:
        pairs = _ids(data, "steps")
        kind = types.CompletionItemKind.Reference
    elif key == "phase":
        pairs = _ids(data, "phases")
        kind = types.CompletionItemKind.Reference
    else:
        prop = _property(_chain(lines, row, _indent_of_key(lines[row], key)), key) or _anywhere(key)
        enum = prop.get("enum")
        if not isinstance(enum, list):
            return []
        pairs = [(str(v), "") for v in enum]
        kind = types.CompletionItemKind.EnumMember
    return [types.CompletionItem(label=name, kind=kind, detail=title or None) for name, title in pairs]


def _indent_of_key(line: str, key: str) -> int:
    index = line.find(key + ":")
    return max(0, index)


def _chain(lines: list[str], row: int, indent: int) -> list[str]:
    """The keys from the top of the document to the mapping whose keys start at ``indent``."""
    chain: list[str] = []
    want = indent
    in_list = False
    for above in range(row - 1, -1, -1):
        if want == 0 and not in_list:
            break
        match = _LINE.match(lines[above])
        if match is None:
            continue
        dash = len(match.group(1)) if match.group(2) else None
        keycol = len(match.group(1)) + len(match.group(2) or "")
        empty = not match.group(4).split("#", 1)[0].strip()
        if not in_list and dash is not None and keycol == want:
            want, in_list = dash, True
        elif in_list and keycol <= want and (dash is None or dash < want) and empty:
            chain.append(match.group(3))
            want, in_list = keycol, False
        elif not in_list and keycol < want and empty:
            chain.append(match.group(3))
            want = keycol
    return chain[::-1]


def _schema() -> dict[str, Any]:
    from blueprint.load.schema import schema

    return schema()


def _resolve(node: Any) -> dict[str, Any]:
    root = _schema()
    for _ in range(8):
        if not isinstance(node, dict):
            return {}
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
            break
        node = root.get("$defs", {}).get(ref[len("#/$defs/") :], {})
    if isinstance(node, dict) and node.get("type") == "array":
        return _resolve(node.get("items"))
    return node if isinstance(node, dict) else {}


def _object(chain: list[str]) -> dict[str, Any]:
    node: dict[str, Any] = _schema()
    for key in chain:
        node = _resolve(node.get("properties", {}).get(key))
    return node


def _property(chain: list[str], key: str) -> dict[str, Any] | None:
    prop = _object(chain).get("properties", {}).get(key)
    return _resolve(prop) if prop is not None else None


def _anywhere(key: str) -> dict[str, Any]:
    """The first definition of a property ``key`` with allowed values, in any object."""
    for node in (_schema(), *_schema().get("$defs", {}).values()):
        prop = node.get("properties", {}).get(key) if isinstance(node, dict) else None
        if isinstance(prop, dict) and "enum" in _resolve(prop):
            return _resolve(prop)
    return {}


def _keys(chain: list[str]) -> list[types.CompletionItem]:
    props = _object(chain).get("properties", {})
    out = []
    for name in sorted(props):
        doc = props[name].get("description") if isinstance(props[name], dict) else None
        out.append(
            types.CompletionItem(
                label=name,
                kind=types.CompletionItemKind.Property,
                insert_text=f"{name}: ",
                documentation=doc if isinstance(doc, str) else None,
            )
        )
    return out
