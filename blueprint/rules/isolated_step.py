"""BP006 isolated-step: a step that nothing reaches and that reaches nothing.

Every step in a blueprint is connected to the service: a flow (``next``) or a
dependency (``uses``) in either direction. An isolated step is usually a forgotten
edge; it cannot carry a failure to the customer or be reached by one.

Bad::

    - {id: greet, lane: frontstage, title: Greet, next: [seat]}
    - {id: seat, lane: frontstage, title: Seat the guest}
    - {id: crm, lane: support, title: Guest profile system}   # nobody uses it

Good::

    - {id: greet, lane: frontstage, title: Greet, next: [seat], uses: [crm]}
    - {id: seat, lane: frontstage, title: Seat the guest}
    - {id: crm, lane: support, title: Guest profile system}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blueprint.findings import Finding, Severity
from blueprint.i18n import msg

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP006"
NAME = "isolated-step"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[Finding]:
    if ctx.blueprint.kind == "shared":
        return  # shared systems have no journey of their own to be connected to
    steps = ctx.blueprint.steps
    if len(steps) < 2:
        return
    ids = ctx.blueprint.step_index()
    linked: set[str] = set()
    for step in steps:
        targets = [t for t in (*step.next, *step.uses) if t in ids and t != step.id]
        if targets:
            linked.add(step.id)
            linked.update(targets)
    for step in ctx.blueprint.own_steps:  # an included shared step is its own file's
        if step.id not in linked:
            yield ctx.finding(
                CODE,
                ("steps", step.index, "id"),
                msg("rule.BP006", step=step.id),
                key=step.id,
            )
