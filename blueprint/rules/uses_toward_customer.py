"""BP011 uses-toward-customer: a ``uses`` edge points toward the customer.

The lanes stand in order of distance from the customer: customer, frontstage,
backstage, support. ``uses`` says what a step relies on, and in a service blueprint
support processes serve backstage work, which serves the frontstage, which serves the
customer. A step that uses a step in a lane closer to the customer than its own (a
support system that uses a customer action, a backstage step that uses a frontstage
step) turns the dependency upside down, and failure propagation would carry customer
or frontstage failures into the systems behind them. What such an edge means is a
hand-off: write it as ``next`` from the earlier step. Uses within one lane, and uses
of a lane farther from the customer, are fine.

Bad::

    - {id: submit-claim, lane: customer, title: Submit the claim form}
    - {id: claims-db, lane: support, title: Claims database, uses: [submit-claim]}

Good::

    - {id: submit-claim, lane: customer, title: Submit the claim form, next: [register]}
    - {id: register, lane: backstage, title: Register the claim, uses: [claims-db]}
    - {id: claims-db, lane: support, title: Claims database}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blueprint.findings import Finding, Severity
from blueprint.i18n import msg
from blueprint.vocabulary import LANES

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP011"
NAME = "uses-toward-customer"
SEVERITY = Severity.ERROR

#: 0 for the customer lane, growing away from the customer
DISTANCE = {lane: i for i, lane in enumerate(LANES)}


def check(ctx: Context) -> Iterator[Finding]:
    steps = ctx.blueprint.step_index()
    for step in ctx.blueprint.own_steps:
        for k, used in enumerate(step.uses):
            target = steps.get(used)
            if target is None or DISTANCE[target.lane] >= DISTANCE[step.lane]:
                continue
            message = msg(
                "rule.BP011",
                lane=msg(f"rule.lane.{step.lane}"),
                step=step.id,
                target_lane=msg(f"rule.lane.{target.lane}"),
                used=used,
            )
            yield ctx.finding(CODE, ("steps", step.index, "uses", k), message, key=f"{step.id}>{used}")
