"""Referential integrity of a schema-valid file: ids are unique, references resolve,
phases are declared, ``felt_at`` names customer steps.

These problems make a file unusable for every command but ``check``, which reports them
as the rules BP002, BP003, BP004 and BP015 (see :mod:`blueprint.rules`); they are found
here, below the rules, so that loading a usable blueprint needs no rule machinery.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from blueprint.common.suggest import nearest
from blueprint.i18n import Msg, msg

if TYPE_CHECKING:
    from blueprint.load.source import Path
    from blueprint.model import Blueprint, Step


@dataclass(frozen=True)
class Breach:
    """One integrity problem: its rule code, where it is, what to say and a stable key."""

    code: str
    where: Path
    message: Msg
    key: str


def _ids(steps: Iterable[Step]) -> Iterator[tuple[str, Path, int, str]]:
    """Every id the steps define: ``(id, path of what defines it, its line, step|failure)``.

    Paths are those of the file the steps are written in (a shared step's, its own).
    """
    for step in steps:
        yield step.id, ("steps", step.index, "id"), step.line, "step"
        for failure in step.failures:
            fpath: Path = ("steps", step.index, "failures", failure.index - 1)
            yield failure.id, (*fpath, "id") if failure.explicit_id else fpath, failure.line, "failure"
            for cause in failure.causes:
                if cause.listed:
                    cpath: Path = (*fpath, "causes", cause.index - 1)
                    yield cause.id, (*cpath, "id") if cause.explicit_id else cpath, cause.line, "failure"


def _shared_ids(bp: Blueprint) -> tuple[dict[str, tuple[str, int]], list[Breach]]:
    """The ids of the included shared files (first file wins), and those two files define.

    A repeat inside one shared file is that file's own finding (checking it reports it).
    """
    first: dict[str, tuple[str, int]] = {}
    found: list[Breach] = []
    for k, shown in enumerate(bp.includes):
        steps = [s for s in bp.steps if s.shared_from == shown]
        for ident, _, line, _ in _ids(steps):
            other = first.get(ident)
            if other is None:
                first[ident] = (shown, line)
            elif other[0] != shown:
                message = msg(
                    "rule.BP002.shared_pair",
                    id=ident,
                    file=shown,
                    line=line,
                    other=other[0],
                    other_line=other[1],
                )
                found.append(Breach("BP002", ("include", k), message, ident))
    return first, found


def duplicate_ids(bp: Blueprint) -> Iterator[Breach]:
    """BP002: a step, failure or cause id used twice (one namespace), in this file or
    in this file and a shared file it includes, or in two of those."""
    shared, between = _shared_ids(bp)
    seen: dict[str, int] = {}
    for ident, where, line, kind in _ids(bp.own_steps):
        if ident in seen:
            yield Breach("BP002", where, msg(f"rule.BP002.{kind}", id=ident, line=seen[ident]), ident)
            continue
        seen[ident] = line
        if ident in shared:
            file, other = shared[ident]
            yield Breach("BP002", where, msg("rule.BP002.shared", id=ident, file=file, line=other), ident)
    yield from between


def felt_at_lists(bp: Blueprint) -> Iterator[tuple[Path, str, tuple[str, ...]]]:
    """Every ``felt_at`` list: ``(path of the key, id of what carries it, the ids it lists)``.

    A failure may carry one, and so may each cause of a failure chain (``causes:``);
    BP003 and BP015 check them all alike.
    """
    for step in bp.own_steps:
        for j, failure in enumerate(step.failures):
            where: Path = ("steps", step.index, "failures", j)
            if failure.felt_at is not None:
                yield (*where, "felt_at"), failure.id, failure.felt_at
            for cause in failure.causes:
                if cause.listed and cause.felt_at is not None:
                    yield (*where, "causes", cause.index - 1, "felt_at"), cause.id, cause.felt_at


def _unknown(edge: str, target: str, choices: list[str]) -> Msg:
    hint = nearest(target, choices)
    if hint:
        return msg("rule.BP003.hint", edge=edge, target=target, hint=hint)
    return msg("rule.BP003", edge=edge, target=target)


def unknown_references(bp: Blueprint) -> Iterator[Breach]:
    """BP003: a ``next``, ``uses`` or ``felt_at`` target that is no step."""
    ids = bp.step_index()
    choices = sorted(ids)
    for step in bp.own_steps:
        for edge, targets in (("next", step.next), ("uses", step.uses)):
            for k, target in enumerate(targets):
                if target not in ids:
                    where: Path = ("steps", step.index, edge, k)
                    yield Breach("BP003", where, _unknown(edge, target, choices), f"{step.id}>{target}")
    customers = sorted(s.id for s in ids.values() if s.lane == "customer")
    for path, owner, targets in felt_at_lists(bp):
        for k, target in enumerate(targets):
            if target not in ids:
                message = _unknown("felt_at", target, customers or choices)
                yield Breach("BP003", (*path, k), message, f"{owner}@{target}")


def felt_at_not_customer(bp: Blueprint) -> Iterator[Breach]:
    """BP015: a ``felt_at`` id that is a step, but not a customer step.

    The suggestion: the customer steps joined to the named step by ``next`` (those of its
    phase first: its interaction partners, for a frontstage step), else the customer step
    with the nearest id.
    """
    steps = bp.step_index()
    customers = [s for s in steps.values() if s.lane == "customer"]
    for path, owner, targets in felt_at_lists(bp):
        for k, target in enumerate(targets):
            step = steps.get(target)
            if step is None or step.lane == "customer":
                continue  # unknown ids are BP003's
            joined = [c for c in customers if c.id in step.next or step.id in c.next]
            hints = [c.id for c in joined if c.phase == step.phase] or [c.id for c in joined]
            near = nearest(target, [c.id for c in customers])
            hints = hints or ([near] if near else [])
            lane = msg(f"rule.lane.{step.lane}")
            if hints:
                shown = ", ".join(f"'{h}'" for h in hints)
                message = msg("rule.BP015.hint", lane=lane, target=target, hint=shown)
            else:
                message = msg("rule.BP015", lane=lane, target=target)
            yield Breach("BP015", (*path, k), message, f"{owner}@{target}")


def undeclared_phases(bp: Blueprint) -> Iterator[Breach]:
    """BP004: a step in a phase that ``phases`` does not declare."""
    declared = [p.id for p in bp.phases]
    for step in bp.own_steps:
        if step.phase is None or step.phase in declared:
            continue
        hint = nearest(step.phase, declared) if declared else None
        if not declared:
            message = msg("rule.BP004.none", phase=step.phase)
        elif hint:
            message = msg("rule.BP004.hint", phase=step.phase, hint=hint)
        else:
            message = msg("rule.BP004.list", phase=step.phase, declared=tuple(declared))
        yield Breach("BP004", ("steps", step.index, "phase"), message, f"{step.id}@{step.phase}")


def unknown_sources(bp: Blueprint) -> Iterator[Breach]:
    """BP003: a failure's ``from`` that names no failure of an included shared file."""
    standards = sorted({f.id for s in bp.steps if s.shared_from is not None for f in s.failures})
    for step in bp.own_steps:
        for failure in step.failures:
            if failure.from_id is None or failure.from_id in standards:
                continue
            hint = nearest(failure.from_id, standards)
            if hint:
                message = msg("rule.BP003.from_hint", target=failure.from_id, hint=hint)
            else:
                message = msg("rule.BP003.from", target=failure.from_id)
            where: Path = ("steps", step.index, "failures", failure.index - 1, "from")
            yield Breach("BP003", where, message, f"{failure.id}<{failure.from_id}")


def breaches(bp: Blueprint) -> list[Breach]:
    """Every integrity problem, in rule order, then file order."""
    return [
        *duplicate_ids(bp),
        *unknown_references(bp),
        *unknown_sources(bp),
        *undeclared_phases(bp),
        *felt_at_not_customer(bp),
    ]
