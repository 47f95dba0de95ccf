"""BP010 uses-cycle: steps depend on each other in a loop through ``uses``.

``uses`` says where a failure comes from: when A uses B, a failure of B reaches A. A loop
of dependencies (A uses B, B uses A) has no first cause, so nobody can say which system
a failure starts in; it is usually a flow hand-off written as a dependency. Write the
hand-off as ``next`` and keep ``uses`` pointing at what a step relies on. Each loop is
reported once, at the first of its steps in file order; steps that share several loops
are reported as one.

Bad::

    - {id: booking, lane: support, title: Booking system, uses: [payments]}
    - {id: payments, lane: support, title: Payment gateway, uses: [booking]}

Good::

    - {id: booking, lane: support, title: Booking system, uses: [payments]}
    - {id: payments, lane: support, title: Payment gateway}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blueprint.findings import Finding, Severity
from blueprint.i18n import msg

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP010"
NAME = "uses-cycle"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Finding]:
    # index lists suffice here: 'check' never needs to import networkx
    from blueprint.analysis.graph import uses_cycles

    steps = ctx.blueprint.step_index()
    for found in uses_cycles(ctx.blueprint):
        loop = found.steps
        first = steps[loop[0]]
        if first.shared_from is not None:
            continue  # a loop of shared steps (none reaches back into a journey): its own file's
        following = loop[1] if len(loop) > 1 else loop[0]
        where = first.uses.index(following)
        if len(loop) == 1:
            message = msg("rule.BP010.self", step=first.id)
        else:
            chain = tuple(
                msg("rule.BP010.link", a=a, b=b) for a, b in zip(loop, (*loop[1:], loop[0]), strict=True)
            )
            # the other steps tangled in the same loops, so none goes unmentioned
            others = tuple(s for s in found.tangle if s not in loop)
            if others:
                message = msg("rule.BP010.loop.others", chain=chain, others=others)
            else:
                message = msg("rule.BP010.loop", chain=chain)
        yield ctx.finding(CODE, ("steps", first.index, "uses", where), message, key="~".join(loop))
