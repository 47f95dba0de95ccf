"""Referential integrity of a schema-valid file: ids are unique, references resolve,
phases are declared, ``felt_at`` names customer steps.

These problems make a file unusable for every command but ``check``, which reports them
as the rules BP002, BP003, BP004 and BP015 (see :mod:`blueprint.rules`); they are found
here, below the rules, so that loading a usable blueprint needs no rule machinery.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from blueprint.common.suggest import nearest
from blueprint.i18n import Msg, msg

if TYPE_CHECKING:
    from blueprint.load.source import Path
    from blueprint.model import Blueprint


@dataclass(frozen=True)
class Breach:
    """One integrity problem: its rule code, where it is, what to say and a stable key."""

    code: str
    where: Path
    message: Msg
    key: str


def duplicate_ids(bp: Blueprint) -> Iterator[Breach]:
    """BP002: a step or failure id used twice (one namespace)."""
    seen: dict[str, int] = {}
    for step in bp.steps:
        if step.id in seen:
            message = msg("rule.BP002.step", id=step.id, line=seen[step.id])
            yield Breach("BP002", ("steps", step.index, "id"), message, step.id)
        else:
            seen[step.id] = step.line
        for failure in step.failures:
            fpath: Path = ("steps", step.index, "failures", failure.index - 1)
            if failure.explicit_id:
                fpath = (*fpath, "id")
            if failure.id in seen:
                message = msg("rule.BP002.failure", id=failure.id, line=seen[failure.id])
                yield Breach("BP002", fpath, message, failure.id)
            else:
                seen[failure.id] = failure.line
            for cause in failure.causes:
                if not cause.listed:
                    continue
                cpath: Path = (*fpath[:4], "causes", cause.index - 1)
                if cause.explicit_id:
                    cpath = (*cpath, "id")
                if cause.id in seen:
                    message = msg("rule.BP002.failure", id=cause.id, line=seen[cause.id])
                    yield Breach("BP002", cpath, message, cause.id)
                else:
                    seen[cause.id] = cause.line


def felt_at_lists(bp: Blueprint) -> Iterator[tuple[Path, str, tuple[str, ...]]]:
    """Every ``felt_at`` list: ``(path of the key, id of what carries it, the ids it lists)``.

    A failure carries one today; anything else that may carry one (a cause of a failure
    chain) is added here, and BP003 and BP015 check it with no further change.
    """
    for step in bp.steps:
        for j, failure in enumerate(step.failures):
            if failure.felt_at is not None:
                yield ("steps", step.index, "failures", j, "felt_at"), failure.id, failure.felt_at


def _unknown(edge: str, target: str, choices: list[str]) -> Msg:
    hint = nearest(target, choices)
    if hint:
        return msg("rule.BP003.hint", edge=edge, target=target, hint=hint)
    return msg("rule.BP003", edge=edge, target=target)


def unknown_references(bp: Blueprint) -> Iterator[Breach]:
    """BP003: a ``next``, ``uses`` or ``felt_at`` target that is no step."""
    ids = bp.step_index()
    choices = sorted(ids)
    for step in bp.steps:
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
    for step in bp.steps:
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


def breaches(bp: Blueprint) -> list[Breach]:
    """Every integrity problem, in rule order, then file order."""
    return [*duplicate_ids(bp), *unknown_references(bp), *undeclared_phases(bp), *felt_at_not_customer(bp)]
