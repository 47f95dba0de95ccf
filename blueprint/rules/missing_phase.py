"""BP005 missing-phase: phases are declared but a customer, frontstage or backstage step names none.

Once a blueprint has phases, every step of the journey belongs in one column of the
diagram; a step without a phase would float outside the journey. A support step may
omit its phase: a shared system (a hospital information system, a CRM) serves every
phase, and the diagram draws it in a band under all of them.

Bad::

    phases:
      - {id: visit, title: Visit}
    steps:
      - {id: arrive, lane: customer, title: Arrive}

Good::

    phases:
      - {id: visit, title: Visit}
    steps:
      - {id: arrive, lane: customer, phase: visit, title: Arrive}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blueprint.findings import Finding, Severity
from blueprint.i18n import msg

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP005"
NAME = "missing-phase"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Finding]:
    if not ctx.blueprint.phases:
        return
    for step in ctx.blueprint.own_steps:
        if step.phase is None and step.lane != "support":
            yield ctx.finding(
                CODE,
                ("steps", step.index),
                msg("rule.BP005", step=step.id),
                key=step.id,
            )
