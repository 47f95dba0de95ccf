"""BP012 backward-flow: a ``next`` edge goes back to an earlier phase.

Phases are the journey's stages in order, and flow normally moves forward through
them. A flow edge into an earlier phase is either a real loop (a retry, a second visit,
a rework) or a step filed in the wrong phase or a ``next`` pointing the wrong way.
Loops are legal, so this is a warning: check it is meant, then keep it or move the step.

Bad::

    phases: [{id: order, title: Order}, {id: deliver, title: Delivery}]
    steps:
      - {id: pack, lane: backstage, phase: deliver, title: Pack the order, next: [confirm]}
      - {id: confirm, lane: frontstage, phase: order, title: Order confirmation email}

Good::

    phases: [{id: order, title: Order}, {id: deliver, title: Delivery}]
    steps:
      - {id: confirm, lane: frontstage, phase: order, title: Order confirmation email, next: [pack]}
      - {id: pack, lane: backstage, phase: deliver, title: Pack the order}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blueprint.findings import Finding, Severity
from blueprint.i18n import msg

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP012"
NAME = "backward-flow"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[Finding]:
    order = {p.id: i for i, p in enumerate(ctx.blueprint.phases)}
    steps = ctx.blueprint.step_index()
    for step in ctx.blueprint.own_steps:
        if step.phase not in order:
            continue
        for k, target_id in enumerate(step.next):
            target = steps.get(target_id)
            if target is None or target.phase not in order or order[target.phase] >= order[step.phase]:
                continue
            message = msg(
                "rule.BP012", phase=step.phase, target_phase=target.phase, step=step.id, target=target_id
            )
            yield ctx.finding(CODE, ("steps", step.index, "next", k), message, key=f"{step.id}>{target_id}")
