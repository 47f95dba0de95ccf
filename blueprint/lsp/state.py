"""One analysis per document version: ``check``'s findings, the model, cached answers.

:func:`analyse` turns a document's text into a :class:`Snapshot` the way ``check``
reads a file (the same bytes, loader, rules and suppressions), reusing the previous
snapshot to re-parse only the edited step where that is safe. Everything a request needs
beyond the findings (scores, propagation, an index from lines to document paths) is
computed on first use and kept with the snapshot.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from blueprint.errors import BlueprintError
from blueprint.findings import Finding
from blueprint.lsp.text import split_lines
from blueprint.rules import Options

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis
    from blueprint.analysis.fmea import Scored
    from blueprint.load.loader import Loaded
    from blueprint.load.source import Path, Source
    from blueprint.lsp.incremental import Items, Reparsed
    from blueprint.model import Blueprint, Step


@dataclass(eq=False)
class Snapshot:
    """A document version and what the tool makes of it."""

    text: str
    lines: list[str]
    path: str
    options: Options
    findings: list[Finding] = field(default_factory=list)
    source: Source | None = None
    loaded: Loaded | None = None
    #: an unexpected failure while analysing (reported to the client's log)
    crash: str | None = None

    @property
    def blueprint(self) -> Blueprint | None:
        return self.loaded.blueprint if self.loaded is not None else None

    @property
    def language(self) -> str:
        """The language of messages: the file's ``language:``, else the environment's, else English."""
        from blueprint.i18n import resolve_lang

        bp = self.blueprint
        return resolve_lang(None, bp.language if bp is not None else None)

    @cached_property
    def items(self) -> Items | None:
        from blueprint.lsp.incremental import items_of

        return items_of(self)

    @cached_property
    def analysis(self) -> Analysis | None:
        """Scores, propagation and money of the model, computed on first use."""
        bp = self.blueprint
        if bp is None:
            return None
        from blueprint.analysis.core import Analysis

        try:
            return Analysis(bp, self.options.profile)
        except BlueprintError:
            return None

    @cached_property
    def scored(self) -> dict[str, Scored]:
        """Every failure's scores by id (empty when the file cannot be scored)."""
        if self.analysis is None:
            return {}
        try:
            return {s.id: s for s in self.analysis.scored}
        except (BlueprintError, KeyError, ValueError):
            return {}

    @cached_property
    def felt_at(self) -> dict[str, list[Scored]]:
        """The failures felt at each customer step, by step id."""
        out: dict[str, list[Scored]] = {}
        for s in self.scored.values():
            for step_id in s.surfaces_at:
                out.setdefault(step_id, []).append(s)
        return out

    @cached_property
    def by_line(self) -> dict[int, list[tuple[int, Path, bool]]]:
        """Document paths by 1-based line: ``(col, path, is_key)``, sorted by column."""
        out: dict[int, list[tuple[int, Path, bool]]] = {}
        if self.source is None:
            return out
        for is_key, table in ((False, self.source.positions), (True, self.source.key_positions)):
            for path, (line, col) in table.items():
                out.setdefault(line, []).append((col, path, is_key))
        for entries in out.values():
            entries.sort(key=lambda e: (e[0], not e[2], len(e[1])))
        return out

    @cached_property
    def step_lines(self) -> list[int]:
        """The 1-based first line of each step, in file order."""
        bp = self.blueprint
        return [s.line for s in bp.steps] if bp is not None else []

    def step_at(self, line: int) -> Step | None:
        """The step whose lines hold 1-based ``line`` (the last one starting at or above)."""
        bp = self.blueprint
        index = bisect_right(self.step_lines, line) - 1
        if bp is None or index < 0:
            return None
        return bp.steps[index]


def analyse(text: str, path: str, options: Options, previous: Snapshot | None = None) -> Snapshot:
    """The snapshot of ``text``: exactly the findings ``check`` gives for a file of that text."""
    from blueprint.load.loader import analyse as analyse_source
    from blueprint.load.source import parse_bytes
    from blueprint.rules import run_rules, suppress
    from blueprint.rules.checker import unreadable_finding

    snap = Snapshot(text, split_lines(text), path, options)
    try:
        change = None
        if previous is not None and previous.options == options and previous.items is not None:
            from blueprint.lsp.incremental import reparse

            change = reparse(previous, previous.items, text, snap.lines, path)
        if change is None:
            snap.source = parse_bytes(text.encode("utf-8", "surrogatepass"), path)
            snap.loaded = analyse_source(snap.source)
        else:
            assert previous is not None
            snap.source = change.source
            snap.loaded = _analyse_change(previous, change)
            if previous.items is not None:
                from blueprint.lsp.incremental import shifted

                snap.__dict__["items"] = shifted(previous.items, change)  # the cached property's value
    except BlueprintError as exc:
        snap.findings = [unreadable_finding(exc, path)]
        return snap
    except (RecursionError, MemoryError, ValueError, TypeError) as exc:  # never let a file stop the server
        snap.crash = f"{type(exc).__name__}: {exc}"
        return snap
    try:
        found = run_rules(snap.loaded, options)
        snap.findings = suppress.apply(found, suppress.parse(text))
    except Exception as exc:  # a rule's own defect must not stop the server either
        snap.crash = f"{type(exc).__name__}: {exc}"
    return snap


def _analyse_change(previous: Snapshot, change: Reparsed) -> Loaded:
    """What :func:`blueprint.load.analyse` gives, rebuilding one step's model when it can."""
    from blueprint.common.gcpause import paused_gc
    from blueprint.load import schema
    from blueprint.load.build import build
    from blueprint.load.loader import Loaded, check_version
    from blueprint.lsp.incremental import rebuild

    src = change.source
    check_version(src)
    if isinstance(src.data, dict) and src.data.get("include"):
        from blueprint.load.loader import analyse

        return analyse(src)  # the included steps follow the file's own: build it whole
    with paused_gc():
        loaded = Loaded(source=src, problems=schema.validate(src.data))
        if not loaded.problems:
            old = previous.blueprint
            if old is not None and previous.loaded and not previous.loaded.problems:
                loaded.blueprint = rebuild(old, src, change, change.end)
            else:
                loaded.blueprint = build(src.data, src.path, src.pos)
    return loaded
