"""Re-parse only the step an edit touched, when that gives what a full parse would.

Typing inside one step of a large file changes one item of the ``steps`` list. That
item's lines are parsed on their own (a one-item block sequence, columns as they are)
and spliced into the previous document, shifting the positions below it. Whenever the
shortcut could differ from parsing the whole text (the edit crosses items, adds one,
touches anchors or aliases, tabs, carriage returns, a byte-order mark, or the fragment
does not parse), :func:`reparse` returns ``None`` and the caller parses everything.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from blueprint.errors import BlueprintError
from blueprint.load.source import MAX_BYTES, MAX_DEPTH, Path, Source, parse_text

if TYPE_CHECKING:
    from blueprint.lsp.state import Snapshot
    from blueprint.model import Action, Blueprint, Step

#: an anchor or alias could tie the edited step to the rest of the document
_ANCHOR = re.compile(r"[&*][^\s,\]}]")
_DASH = re.compile(r"^( *)- +$")
#: text the editor holds but a file could not (it would not be UTF-8)
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Items:
    """Where each item of a block-style ``steps`` list starts (0-based rows) and ends."""

    starts: tuple[int, ...]
    dash: int
    last_end: int


def items_of(snap: Snapshot) -> Items | None:
    """The item rows of ``snap``'s steps, or ``None`` when the shortcut does not apply."""
    src = snap.source
    if src is None or not isinstance(src.data, dict) or "\r" in snap.text or snap.text.startswith("\ufeff"):
        return None
    steps = src.data.get("steps")
    if not isinstance(steps, list) or len(steps) < 2 or _has_anchor(snap.text):
        return None
    starts: list[int] = []
    dash = -1
    for i in range(len(steps)):
        where = src.positions.get(("steps", i))
        if where is None or not isinstance(steps[i], dict) or where[0] > len(snap.lines):
            return None
        match = _DASH.match(snap.lines[where[0] - 1][: where[1] - 1])
        if match is None or (dash >= 0 and len(match.group(1)) != dash):
            return None
        dash = len(match.group(1))
        if starts and where[0] - 1 <= starts[-1]:
            return None
        starts.append(where[0] - 1)
    return Items(tuple(starts), dash, _block_end(snap.lines, starts[-1], dash))


def _has_anchor(text: str) -> bool:
    """Whether ``text`` may hold an anchor or alias (``&a``, ``*a`` after a space or indicator)."""
    for found in _ANCHOR.finditer(text):
        at = found.start()
        if at == 0 or text[at - 1] in " \t\n[{,:-?":
            return True
    return False


def shifted(items: Items, change: Reparsed) -> Items:
    """The item rows after ``change`` (the changed item grew or shrank by ``delta`` rows)."""
    if change.delta == 0:
        return items
    starts = tuple(s + change.delta if i > change.index else s for i, s in enumerate(items.starts))
    return Items(starts, items.dash, items.last_end + change.delta)


def _content_indent(line: str) -> int | None:
    """The indentation of a line with content, ``None`` for blank and comment lines."""
    stripped = line.lstrip(" ")
    if not stripped or stripped.startswith("#"):
        return None
    return len(line) - len(stripped)


def _block_end(lines: list[str], start: int, dash: int) -> int:
    for row in range(start + 1, len(lines)):
        indent = _content_indent(lines[row])
        if indent is not None and indent <= dash:
            return row
    return len(lines)


def _changed_rows(old: list[str], new: list[str]) -> tuple[int, int, int]:
    """``(first, old_end, new_end)``: the rows that differ, as a common prefix and suffix."""
    first = 0
    for a, b in zip(old, new, strict=False):
        if a != b:
            break
        first += 1
    room = min(len(old), len(new)) - first
    tail = 0
    while tail < room and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return first, len(old) - tail, len(new) - tail


@dataclass(frozen=True)
class Reparsed:
    """The new source, and which step changed and by how many lines."""

    source: Source
    index: int
    delta: int
    #: the old item's end row (0-based, exclusive): lines below it moved by ``delta``
    end: int


def reparse(snap: Snapshot, items: Items, text: str, lines: list[str], display: str) -> Reparsed | None:
    """The source of ``text`` from ``snap``'s, re-parsing one step; ``None`` to parse it all."""
    if "\r" in text or len(text) * 4 > MAX_BYTES or "\x00" in text[:8192]:
        return None
    first, old_end, _ = _changed_rows(snap.lines, lines)
    index = bisect_right(items.starts, first) - 1
    if index < 0:
        return None
    start = items.starts[index]
    end = items.starts[index + 1] if index + 1 < len(items.starts) else items.last_end
    if old_end > end:
        return None
    delta = len(lines) - len(snap.lines)
    fragment_lines = lines[start : end + delta]
    if not _safe(fragment_lines, items.dash):
        return None
    try:
        fragment = parse_text("\n".join(fragment_lines), display)
    except BlueprintError:
        return None
    item = fragment.data[0] if isinstance(fragment.data, list) and len(fragment.data) == 1 else None
    if not isinstance(item, dict) or max(len(p) for p in fragment.positions) + 2 > MAX_DEPTH:
        return None
    assert snap.source is not None
    return Reparsed(_splice(snap.source, fragment, index, start, end, delta, text), index, delta, end)


def _safe(fragment: list[str], dash: int) -> bool:
    """The fragment is one item as it stands: dash in place, nothing dedented, plain text."""
    if not fragment:
        return False
    match = _DASH.match(fragment[0][: dash + 2])
    if match is None or len(match.group(1)) != dash or fragment[0][dash + 2 :].startswith(" "):
        return False
    body = "\n".join(fragment)
    if "\t" in body or "\ufeff" in body or _has_anchor(body) or _SURROGATE.search(body):
        return False
    for line in fragment[1:]:
        indent = _content_indent(line)
        if indent is not None and indent <= dash:
            return False
    return True


def _splice(old: Source, fragment: Source, index: int, start: int, end: int, delta: int, text: str) -> Source:
    prefix: Path = ("steps", index)

    def moved(table: dict[Path, tuple[int, int]]) -> dict[Path, tuple[int, int]]:
        kept = dict(table)
        for path in _subtree(old.data["steps"][index], prefix):
            kept.pop(path, None)
        if delta:
            kept.update({p: (ln + delta, c) for p, (ln, c) in kept.items() if ln > end})
        return kept

    positions = moved(old.positions)
    key_positions = moved(old.key_positions)
    for table, target in ((fragment.positions, positions), (fragment.key_positions, key_positions)):
        for path, (line, col) in table.items():
            if path:
                target[(*prefix, *path[1:])] = (line + start, col)
    data = dict(old.data)
    steps = list(data["steps"])
    steps[index] = fragment.data[0]
    data["steps"] = steps
    return Source(old.path, text, data, positions, key_positions)


def _subtree(value: object, path: Path) -> list[Path]:
    """Every path at and below ``path`` in ``value``."""
    out = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            out.extend(_subtree(child, (*path, key)))
    elif isinstance(value, list):
        for k, child in enumerate(value):
            out.extend(_subtree(child, (*path, k)))
    return out


def rebuild(previous: Blueprint, src: Source, change: Reparsed, end: int) -> Blueprint:
    """The model of ``src`` from ``previous``'s, rebuilding only the changed step.

    Every other step is the same but for its lines: those below the changed one (1-based
    line above ``end``, the old item's end row) move by the change's ``delta``.
    """
    from dataclasses import replace

    from blueprint.load.build import build

    index = change.index
    mini = {"title": src.data["title"], "steps": [src.data["steps"][index]]}

    def pos(path: Path) -> tuple[int, int]:
        if len(path) >= 2 and path[0] == "steps":
            return src.pos(("steps", index, *path[2:]))
        return src.pos(path)

    steps = list(previous.steps)
    steps[index] = replace(build(mini, src.path, pos).steps[0], index=index)
    phases = previous.phases
    if change.delta:
        steps = [_moved(step, end, change.delta) if i != index else step for i, step in enumerate(steps)]
        phases = tuple(_with(p, line=p.line + change.delta) if p.line > end else p for p in phases)
    return replace(previous, steps=tuple(steps), phases=phases)


def _moved(step: Step, end: int, delta: int) -> Step:
    """``step`` with every line below ``end`` moved by ``delta``."""
    if step.line <= end:
        return step

    def actions(items: tuple[Action, ...]) -> tuple[Action, ...]:
        return tuple(_with(a, line=a.line + delta) for a in items)

    failures = tuple(
        _with(
            f,
            line=f.line + delta,
            actions=actions(f.actions),
            causes=tuple(_with(c, line=c.line + delta, actions=actions(c.actions)) for c in f.causes),
        )
        for f in step.failures
    )
    return _with(step, line=step.line + delta, failures=failures)


T = TypeVar("T")


def _with(obj: T, **changes: object) -> T:
    """A copy of a frozen model object with ``changes`` (what ``dataclasses.replace`` gives, faster)."""
    new: T = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    new.__dict__.update(changes)
    return new
