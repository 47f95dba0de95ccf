"""``include:``: the shared files (``kind: shared``) a journey names, each read once per run.

A run that loads a thousand journeys including one shared file parses that file once:
:func:`shared_file` keeps each file's outcome (its model, or why it cannot be included)
by real path, and reads it again only when its size or modification time changed (an
editor's language server or ``--watch`` sees edits). Includes are one level deep: a
shared file includes nothing, so cycles cannot happen.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from blueprint.common.paths import display_path
from blueprint.errors import BlueprintError, LoadError
from blueprint.i18n import Msg, msg
from blueprint.load.source import Source, read_source

if TYPE_CHECKING:
    from blueprint.model import Blueprint, Step


@dataclass
class SharedFile:
    """A shared file as a journey uses it: its model, its source, its data by failure id."""

    #: the path it was first included by (for reading it again, e.g. to check it)
    path: str
    display: str
    blueprint: Blueprint
    source: Source
    _failures: dict[str, dict[str, Any]] | None = field(default=None, repr=False)
    _steps: tuple[Step, ...] | None = field(default=None, repr=False)

    def steps(self) -> tuple[Step, ...]:
        """Its steps as a journey holds them: marked with this file (made once for every journey)."""
        if self._steps is None:
            self._steps = tuple(replace(step, shared_from=self.display) for step in self.blueprint.steps)
        return self._steps

    def failure_data(self) -> dict[str, dict[str, Any]]:
        """The written data of each failure, by id (what ``from:`` reuses)."""
        if self._failures is None:
            found: dict[str, dict[str, Any]] = {}
            for step in self.blueprint.steps:
                written = self.source.data["steps"][step.index].get("failures") or []
                for failure in step.failures:
                    found.setdefault(failure.id, written[failure.index - 1])
            self._failures = found
        return self._failures


#: real path -> ((size, mtime), the shared file or why it cannot be included)
_CACHE: dict[str, tuple[tuple[int, int], SharedFile | Msg]] = {}


def clear_cache() -> None:
    """Forget every shared file read so far."""
    _CACHE.clear()


def _read(real: str, shown: str) -> SharedFile | Msg:
    """Read and build one shared file, or say why it cannot be included."""
    from blueprint.load import schema
    from blueprint.load.build import build
    from blueprint.load.loader import check_version

    try:
        src = read_source(real, shown)
        check_version(src)
    except BlueprintError as exc:
        reason: Msg | str = exc.msg if exc.msg is not None else exc.message
        return msg("load.include.unreadable", where=exc.location(), reason=reason)
    problems = schema.validate(src.data)
    if problems:
        line, col = src.pos(problems[0].path, key=problems[0].at_key)
        return msg("load.include.invalid", where=f"{shown}:{line}:{col}")
    if src.data.get("kind") != "shared":
        return msg("load.include.not_shared")
    if src.data.get("include") is not None:
        return msg("load.include.nested")
    return SharedFile(real, shown, build(src.data, shown, src.pos), src)


def shared_file(path: str) -> SharedFile | Msg:
    """The shared file at ``path`` (read once while it does not change), or why it cannot be included."""
    try:
        real = os.path.realpath(path)
        st = os.stat(real)
    except (OSError, ValueError):
        return msg("load.include.missing")
    if not os.path.isfile(real):
        return msg("load.include.missing")
    stamp = (st.st_size, st.st_mtime_ns)
    kept = _CACHE.get(real)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    outcome = _read(real, display_path(path))
    _CACHE[real] = (stamp, outcome)
    return outcome


def resolve(src: Source, base: str | None = None) -> tuple[SharedFile, ...]:
    """The shared files ``src`` includes, in order; raises :class:`LoadError` at a bad entry.

    Paths are relative to the including file's folder (``base`` when given).
    """
    entries = src.data.get("include") or []
    if not entries:
        return ()
    if src.data.get("kind") == "shared":
        line, col = src.pos(("include",), key=True)
        raise LoadError.worded(msg("load.include.in_shared"), src.path, line, col)
    folder = base if base is not None else os.path.dirname(src.path)
    found: list[SharedFile] = []
    first: dict[str, int] = {}
    for k, entry in enumerate(entries):
        line, col = src.pos(("include", k))
        target = os.path.join(folder, str(entry))
        real = os.path.realpath(target)
        if real in first:
            raise LoadError.worded(
                msg("load.include.twice", path=str(entry), line=first[real]), src.path, line, col
            )
        first[real] = line
        outcome = shared_file(target)
        if isinstance(outcome, Msg):
            raise LoadError.worded(
                msg("load.include.bad", path=str(entry), reason=outcome), src.path, line, col
            )
        found.append(outcome)
    return tuple(found)
