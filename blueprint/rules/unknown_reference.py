"""BP003 unknown-reference: ``next`` or ``uses`` names a step that does not exist.

A flow or dependency edge to nowhere is almost always a typo or a step that was renamed
or deleted; the diagram and the failure propagation would silently lose it.

Bad::

    - id: order
      lane: customer
      title: Order online
      next: [confirm-ordr]

Good::

    - id: order
      lane: customer
      title: Order online
      next: [confirm-order]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blueprint.findings import Finding, Severity
from blueprint.i18n import msg
from blueprint.load.schema import nearest

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP003"
NAME = "unknown-reference"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Finding]:
    ids = ctx.blueprint.step_index()
    choices = sorted(ids)
    for step in ctx.blueprint.steps:
        for edge, targets in (("next", step.next), ("uses", step.uses)):
            for k, target in enumerate(targets):
                if target in ids:
                    continue
                hint = nearest(target, choices)
                if hint:
                    message = msg("rule.BP003.hint", edge=edge, target=target, hint=hint)
                else:
                    message = msg("rule.BP003", edge=edge, target=target)
                yield ctx.finding(CODE, ("steps", step.index, edge, k), message, key=f"{step.id}>{target}")
