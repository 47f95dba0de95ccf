"""BP014 unreached-frontstage: no customer step leads to a frontstage step.

Frontstage steps are what the customer sees; they happen because a customer did
something. When no customer step leads to a frontstage step through ``next`` (directly
or through other steps), the journey never arrives there: a ``next`` is missing, or the
step belongs backstage. Failures there would also surface nowhere.

Bad::

    - {id: check-in, lane: customer, title: Check in at the desk}
    - {id: welcome, lane: frontstage, title: Receptionist welcomes the guest}

Good::

    - {id: check-in, lane: customer, title: Check in at the desk, next: [welcome]}
    - {id: welcome, lane: frontstage, title: Receptionist welcomes the guest}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blueprint.findings import Finding, Severity
from blueprint.i18n import msg

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP014"
NAME = "unreached-frontstage"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[Finding]:
    if ctx.blueprint.kind == "shared":
        return  # shared systems have no journey of their own to be connected to
    # index lists suffice here: 'check' never needs to import networkx
    from blueprint.analysis.graph import flow_reached_from_customers

    reached = flow_reached_from_customers(ctx.blueprint)
    seen: set[str] = set()
    for step in ctx.blueprint.own_steps:
        if step.lane != "frontstage" or step.id in reached or step.id in seen:
            continue
        seen.add(step.id)
        message = msg("rule.BP014", step=step.id)
        yield ctx.finding(CODE, ("steps", step.index, "id"), message, key=step.id)
