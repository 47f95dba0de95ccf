"""Canonical formatting of blueprint files, keeping every comment.

The layout: keys in the order of the schema's ``properties`` (top level, phases, steps,
failures, controls, actions, revised ratings, time, economics, retention), two-space
indentation with list items indented under their key (``  - id: x``), no line folding
(long titles in Chinese stay on one line), quotes kept where the file has them, short
flow lists (``next: [a, b]``) kept as flow lists. The modeline and every other comment
stay; the meaning never changes (the formatted text loads to the same data).

A comment on a line of its own between two keys belongs, for the YAML library, to the
key above it; when keys are reordered such a comment moves with that key.

Plain scalars are read as the loader reads them (YAML 1.2 core: ``yes``, ``on``,
``1_000`` and ``2027-1-5 10:00:00`` are text) and a text that another YAML reader would
take for something else (a YAML 1.1 boolean, number or timestamp) is written quoted.
Every run then checks its own result: the formatted text must load to the same data
(and, in the command, give the same findings), or the file is refused and left as it is.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from blueprint.errors import LoadError
from blueprint.i18n import msg

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


_CORE_TAG = "tag:yaml.org,2002:"
#: a plain date (the format's ``due``): text to the loader, written as the format shows it
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _tag_of(value: Any) -> str:
    """The core-schema tag of a resolved plain scalar."""
    kind = (
        "null"
        if value is None
        else "bool"
        if isinstance(value, bool)
        else "int"
        if isinstance(value, int)
        else "float"
        if isinstance(value, float)
        else "str"
    )
    return _CORE_TAG + kind


def _resolvers() -> tuple[type, type]:
    """(reading, writing) resolvers for the round-trip library.

    Reading: a plain scalar gets the tag the loader's YAML 1.2 core resolution gives it.
    Writing: a text is written plain only when the loader, YAML 1.1 and YAML 1.2 all read
    that plain scalar as text; otherwise it is quoted.
    """
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver
    from ruamel.yaml.tag import Tag

    from blueprint.load.source import resolve_plain

    class Reading(VersionedResolver):
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is ScalarNode and implicit[0]:
                return Tag(suffix=_tag_of(resolve_plain(value)))
            return super().resolve(kind, value, implicit)

    yaml11 = VersionedResolver(version=(1, 1))
    yaml12 = VersionedResolver(version=(1, 2))

    class Writing(VersionedResolver):
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is ScalarNode and implicit[0]:
                ours = _tag_of(resolve_plain(value))
                if ours != _CORE_TAG + "str" or _DATE.match(value):  # dates stay as written
                    return Tag(suffix=ours)
                for other in (yaml11, yaml12):
                    tag = other.resolve(kind, value, implicit)
                    if str(tag) != _CORE_TAG + "str":
                        return tag
                return Tag(suffix=ours)
            return super().resolve(kind, value, implicit)

    return Reading, Writing


def _yaml(*, writing: bool = False) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Resolver = _resolvers()[1 if writing else 0]
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
        for i, item in enumerate(data):
            if i + 1 < len(data):
                _comments_to_next_item(data, i)
            _reorder(item, node["items"], root)


def _tail(item: Any) -> tuple[Any, Any, int] | None:
    """Where the library keeps the comment lines that follow ``item``: (owner, key, slot)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    node = item
    while True:
        if isinstance(node, CommentedMap) and len(node):
            key, slot = next(reversed(node)), 2
        elif isinstance(node, CommentedSeq) and len(node):
            key, slot = len(node) - 1, 0
        else:
            return None
        value = node[key]
        if isinstance(value, CommentedMap | CommentedSeq) and len(value) and not value.fa.flow_style():
            node = value
            continue
        return node, key, slot


def _comments_to_next_item(seq: Any, i: int) -> None:
    """Comment lines between item ``i`` and the next belong to the next item.

    The YAML library stores them with the last key of item ``i``, so reordering that
    item's keys would carry a ``# blueprint: ignore[...]`` above a step into the step
    before it, and the finding it silenced would come back.
    """
    from ruamel.yaml.tokens import CommentToken

    found = _tail(seq[i])
    if found is None:
        return
    owner, key, slot = found
    entry = owner.ca.items.get(key)
    token = entry[slot] if entry and len(entry) > slot else None
    if not isinstance(token, CommentToken):
        return
    eol, newline, rest = token.value.partition("\n")
    if not rest.strip():
        return
    if eol.strip():
        token.value = eol + newline
    else:
        entry[slot] = None
    lines = [ln.strip() + "\n" if ln.strip() else "\n" for ln in rest.splitlines()]
    before = seq.ca.items.setdefault(i + 1, [None, None, None, None])
    before[1] = [CommentToken("".join(lines), start_mark=token.start_mark), *(before[1] or [])]


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
    import warnings

    from blueprint.load.schema import schema

    with warnings.catch_warnings():  # ruamel's ReusedAnchorWarning: the check below decides
        warnings.simplefilter("ignore")
        try:
            data = _yaml().load(text)
        except Exception as exc:  # ruamel's own error classes; the caller has loaded the file already
            raise LoadError.worded(msg("fmt.cannot", reason=str(exc).splitlines()[0]), path) from None
        root = schema()
        _reorder(data, root, root)
        out = io.StringIO()
        _yaml(writing=True).dump(data, out)
    result = out.getvalue()
    if text.startswith("---") and not result.startswith("---"):
        result = "---\n" + result
    result = align_comments(result)
    modeline = _first_comment_line(text)
    if modeline and not result.startswith(modeline):  # pragma: no cover - ruamel keeps it
        result = modeline + "\n" + result
    return result


def first_difference(a: Any, b: Any, path: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """The path of the first value that differs between two loaded documents (types count)."""
    if type(a) is not type(b):
        return path
    if isinstance(a, dict):
        for key in list(a) + [k for k in b if k not in a]:
            if key not in a or key not in b:
                return (*path, key)
            found = first_difference(a[key], b[key], (*path, key))
            if found is not None:
                return found
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            found = first_difference(x, y, (*path, i))
            if found is not None:
                return found
        return None if len(a) == len(b) else (*path, min(len(a), len(b)))
    return None if a == b else path


def format_file(path: str, display: str | None = None) -> Formatted:
    """Load ``path`` (refusing a file that is not a usable blueprint) and format it.

    The formatted text must load to the same data, or a :class:`LoadError` names the
    first value it would change and nothing is to be written.
    """
    from blueprint.i18n import msg
    from blueprint.load.loader import load_file, require_valid
    from blueprint.load.source import parse_text

    shown = display or path
    loaded = load_file(path, shown)
    require_valid(loaded)  # raises for unreadable or invalid files: never format those
    with open(path, encoding="utf-8-sig", newline="") as fh:
        original = fh.read()
    text = original.replace("\r\n", "\n")
    formatted = format_text(text, shown)
    if formatted != text:
        try:
            after = parse_text(formatted, shown).data
        except LoadError:
            after = None
        changed = first_difference(loaded.source.data, after)
        if changed is not None:
            line, col = loaded.source.pos(changed)
            raise LoadError.worded(msg("fmt.meaning"), shown, line, col)
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
