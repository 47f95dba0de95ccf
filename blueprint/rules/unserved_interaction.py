"""BP013 unserved-interaction: a customer step with no contact anywhere in its phase.

A customer action meets the service somewhere: a frontstage employee or system, or
physical evidence the customer sees or touches. When a phase holds customer steps but
no frontstage step and no evidence at all, the blueprint says nobody and nothing serves
the customer there, which usually means a missing frontstage step or a forgotten
``evidence`` list. Without declared phases the whole blueprint counts as one phase.

Bad::

    phases: [{id: arrive, title: Arrival}]
    steps:
      - {id: park, lane: customer, phase: arrive, title: Park at the clinic}
      - {id: rota, lane: backstage, phase: arrive, title: Nurse rota}

Good::

    phases: [{id: arrive, title: Arrival}]
    steps:
      - {id: park, lane: customer, phase: arrive, title: Park at the clinic,
         evidence: [car park signs, parking ticket]}
      - {id: rota, lane: backstage, phase: arrive, title: Nurse rota}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blueprint.findings import Finding, Severity
from blueprint.i18n import msg

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP013"
NAME = "unserved-interaction"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[Finding]:
    if ctx.blueprint.kind == "shared":
        return  # shared systems have no journey of their own to be connected to
    served: set[str | None] = set()
    for step in ctx.blueprint.own_steps:
        if step.lane == "frontstage" or step.evidence:
            served.add(_phase(ctx, step.phase))
    for step in ctx.blueprint.own_steps:
        if step.lane != "customer" or _phase(ctx, step.phase) in served:
            continue
        if ctx.blueprint.phases and step.phase:
            message = msg("rule.BP013.phase", step=step.id, phase=step.phase)
        else:
            message = msg("rule.BP013.all", step=step.id)
        yield ctx.finding(CODE, ("steps", step.index, "id"), message, key=step.id)


def _phase(ctx: Context, phase: str | None) -> str | None:
    """The group a step counts in: its phase, or one group for a file without phases."""
    return phase if ctx.blueprint.phases else None
