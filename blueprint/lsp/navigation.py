"""Go to definition and find references for the ids a blueprint names.

Step ids in ``next``, ``uses`` and ``felt_at``; phase ids in ``phase``; ``include`` paths
(the file); ``from`` (a failure of an included file). The raw document is searched, so
navigation works in a file that does not validate yet.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from blueprint.lsp.ranges import path_at

if TYPE_CHECKING:
    from blueprint.load.source import Path, Source
    from blueprint.lsp.state import Snapshot

#: keys whose list items name steps
STEP_REFS = ("next", "uses", "felt_at")


@dataclass(frozen=True)
class Target:
    """What the cursor names: a ``step``, ``phase``, ``failure`` or ``file`` id."""

    kind: str
    name: str


def target_at(snap: Snapshot, line: int, col: int) -> Target | None:
    """The id under the cursor, at a reference or at its definition."""
    found = path_at(snap, line, col)
    if found is None or found[1] or snap.source is None:
        return None
    path = found[0]
    value = _get(snap.source.data, path)
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return None
    name = str(value)
    if len(path) >= 2 and isinstance(path[-1], int) and path[-2] in STEP_REFS:
        return Target("step", name)
    if len(path) == 2 and path[0] == "include" and isinstance(path[1], int):
        return Target("file", name)
    last = path[-1]
    if last == "phase":
        return Target("phase", name)
    if last == "from":
        return Target("failure", name)
    if last == "id" and len(path) == 3 and path[0] in ("steps", "phases"):
        return Target("step" if path[0] == "steps" else "phase", name)
    if last == "id" and len(path) == 5 and path[2] == "failures":
        return Target("failure", name)
    return None


def _get(data: Any, path: Path) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _items(data: Any, key: str) -> list[Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def definitions(source: Source, target: Target) -> Iterator[Path]:
    """Paths of the ``id`` that defines ``target`` in ``source``."""
    data = source.data
    if target.kind in ("step", "phase"):
        for i, item in enumerate(_items(data, "steps" if target.kind == "step" else "phases")):
            if isinstance(item, dict) and str(item.get("id")) == target.name:
                yield ("steps" if target.kind == "step" else "phases", i, "id")
    elif target.kind == "failure":
        for i, step in enumerate(_items(data, "steps")):
            for j, failure in enumerate(_items(step, "failures")):
                if isinstance(failure, dict) and str(failure.get("id")) == target.name:
                    yield ("steps", i, "failures", j, "id")


def references(source: Source, target: Target) -> Iterator[Path]:
    """Paths of every use of ``target`` in ``source`` (definitions not included)."""
    for i, step in enumerate(_items(source.data, "steps")):
        if target.kind == "phase" and isinstance(step, dict) and str(step.get("phase")) == target.name:
            yield ("steps", i, "phase")
        if target.kind == "step":
            for key in ("next", "uses"):
                for k, ref in enumerate(_items(step, key)):
                    if str(ref) == target.name:
                        yield ("steps", i, key, k)
        for j, failure in enumerate(_items(step, "failures")):
            if target.kind == "step":
                for k, ref in enumerate(_items(failure, "felt_at")):
                    if str(ref) == target.name:
                        yield ("steps", i, "failures", j, "felt_at", k)
            if (
                target.kind == "failure"
                and isinstance(failure, dict)
                and str(failure.get("from")) == target.name
            ):
                yield ("steps", i, "failures", j, "from")


def include_path(document: str, name: str) -> str:
    """The file an ``include`` entry names, relative to the including document."""
    return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(document)), name))


def included(snap: Snapshot, document: str) -> Iterator[tuple[str, Source]]:
    """The parsed files this document includes (unreadable ones are passed over)."""
    from blueprint.errors import BlueprintError
    from blueprint.load.source import read_source

    if snap.source is None:
        return
    for name in _items(snap.source.data, "include"):
        if not isinstance(name, str):
            continue
        path = include_path(document, name)
        if not os.path.isfile(path):
            continue
        try:
            yield path, read_source(path)
        except BlueprintError:
            continue
