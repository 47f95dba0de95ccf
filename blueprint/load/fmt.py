"""Canonical formatting of blueprint files, keeping every comment.

The layout: keys in the order of the schema's ``properties`` (top level, phases, steps,
failures, controls, actions, revised ratings, time, economics, retention), two-space
indentation with list items indented under their key (``  - id: x``), no line folding
(long titles in Chinese stay on one line), quotes kept where the file has them, short
flow lists (``next: [a, b]``) kept as flow lists. The modeline and every other comment
stay; the meaning never changes (the formatted text loads to the same data).

A comment on a line of its own between two keys belongs, for the YAML library, to the
key above it; when keys are reordered such a comment moves with that key.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from blueprint.errors import LoadError

#: ruamel.yaml's folding width; large enough never to fold a line
WIDTH = 4096


@dataclass(frozen=True)
class Formatted:
    """The outcome for one file."""

    path: str
    original: str
    formatted: str

    @property
    def changed(self) -> bool:
        return self.original != self.formatted


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = WIDTH
    yaml.preserve_quotes = True
    # the loader reads YAML 1.2 core; keep what the file says instead of re-resolving it
    yaml.allow_duplicate_keys = False
    return yaml


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref`` inside the schema."""
    seen = 0
    while "$ref" in node and seen < 10:
        ref = str(node["$ref"])
        target: Any = root
        for part in ref.lstrip("#/").split("/"):
            target = target[part]
        node = target
        seen += 1
    return node


def _reorder(data: Any, node: dict[str, Any], root: dict[str, Any]) -> None:
    """Put the keys of every mapping in ``data`` into the schema's order, in place."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    node = _resolve(node, root)
    if isinstance(data, CommentedMap):
        props = node.get("properties", {})
        order = list(props)
        wanted = [k for k in order if k in data] + [k for k in data if k not in props]
        if list(data) != wanted:
            for key in wanted:
                data.move_to_end(key)
        for key in data:
            if key in props:
                _reorder(data[key], props[key], root)
    elif isinstance(data, CommentedSeq) and "items" in node:
        for item in data:
            _reorder(item, node["items"], root)


def _first_comment_line(text: str) -> str | None:
    first = text.split("\n", 1)[0]
    return first if first.startswith("#") else None


def align_comments(text: str) -> str:
    """Indent each comment on a line of its own like the content line below it.

    The YAML library keeps a comment's original column even when the content around it
    was re-indented; this puts it back beside what it describes. Lines inside multi-line
    text values are content, not comments, and stay as they are.
    """
    lines = text.split("\n")
    comment_lines = {i for i, line in enumerate(lines) if line.lstrip().startswith("#")}
    if not comment_lines:
        return text
    from blueprint.load.source import scalar_spans

    inside: set[int] = set()
    for (start_line, _), (end_line, end_col) in scalar_spans(text):
        inside.update(range(start_line + 1, end_line + (1 if end_col > 0 else 0)))
    for i in sorted(comment_lines):
        if i in inside:
            continue
        below = next(
            (j for j in range(i + 1, len(lines)) if lines[j].strip() and j not in comment_lines), None
        )
        if below is None:
            continue
        indent = len(lines[below]) - len(lines[below].lstrip(" "))
        lines[i] = " " * indent + lines[i].lstrip(" ")
    return "\n".join(lines)


def format_text(text: str, path: str = "<text>") -> str:
    """The canonical layout of a blueprint's text (which must be a usable blueprint)."""
    from blueprint.load.schema import schema

    yaml = _yaml()
    try:
        data = yaml.load(text)
    except Exception as exc:  # ruamel's own error classes; the caller has loaded the file already
        raise LoadError(f"cannot format: {str(exc).splitlines()[0]}", path) from None
    root = schema()
    _reorder(data, root, root)
    out = io.StringIO()
    yaml.dump(data, out)
    result = out.getvalue()
    if text.startswith("---") and not result.startswith("---"):
        result = "---\n" + result
    result = align_comments(result)
    modeline = _first_comment_line(text)
    if modeline and not result.startswith(modeline):  # pragma: no cover - ruamel keeps it
        result = modeline + "\n" + result
    return result


def format_file(path: str, display: str | None = None) -> Formatted:
    """Load ``path`` (refusing a file that is not a usable blueprint) and format it."""
    from blueprint.load.loader import load_blueprint

    shown = display or path
    load_blueprint(path, shown)  # raises for unreadable or invalid files: never format those
    with open(path, encoding="utf-8-sig", newline="") as fh:
        original = fh.read()
    text = original.replace("\r\n", "\n")
    formatted = format_text(text, shown)
    if "\r\n" in original:
        formatted = formatted.replace("\n", "\r\n")
    return Formatted(shown, original, formatted)


def unified_diff(result: Formatted) -> str:
    """A unified diff from the file as it is to the formatted text."""
    import difflib

    return "".join(
        difflib.unified_diff(
            result.original.splitlines(keepends=True),
            result.formatted.splitlines(keepends=True),
            fromfile=f"{result.path}",
            tofile=f"{result.path} (formatted)",
        )
    )
