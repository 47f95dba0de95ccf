"""BP004 undeclared-phase: a step names a phase that is not in ``phases``.

Phases are the diagram's columns, in the order they are declared; a step in an
undeclared phase has no column to stand in.

Bad::

    phases:
      - {id: order, title: Order}
    steps:
      - {id: pay, lane: customer, phase: payment, title: Pay}

Good::

    phases:
      - {id: order, title: Order}
      - {id: payment, title: Payment}
    steps:
      - {id: pay, lane: customer, phase: payment, title: Pay}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blueprint.findings import Finding, Severity
from blueprint.i18n import msg
from blueprint.load.schema import nearest

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP004"
NAME = "undeclared-phase"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Finding]:
    declared = [p.id for p in ctx.blueprint.phases]
    for step in ctx.blueprint.steps:
        if step.phase is None or step.phase in declared:
            continue
        hint = nearest(step.phase, declared) if declared else None
        if not declared:
            message = msg("rule.BP004.none", phase=step.phase)
        elif hint:
            message = msg("rule.BP004.hint", phase=step.phase, hint=hint)
        else:
            message = msg("rule.BP004.list", phase=step.phase, declared=tuple(declared))
        yield ctx.finding(CODE, ("steps", step.index, "phase"), message, key=f"{step.id}@{step.phase}")
