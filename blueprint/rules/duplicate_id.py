"""BP002 duplicate-id: two steps or failure modes share an id.

Steps and failure modes share one namespace, because ``uses``, ``next``, the FMEA table,
``diff`` and suppressions all name things by id. A failure without an ``id:`` is named
``<step-id>.<n>``; that generated name can collide too.

Bad::

    steps:
      - {id: pay, lane: customer, title: Pay at the counter}
      - {id: pay, lane: frontstage, title: Take the payment}

Good::

    steps:
      - {id: pay, lane: customer, title: Pay at the counter}
      - {id: take-payment, lane: frontstage, title: Take the payment}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blueprint.findings import Finding, Severity
from blueprint.i18n import msg

if TYPE_CHECKING:
    from blueprint.load.source import Path
    from blueprint.rules import Context

CODE = "BP002"
NAME = "duplicate-id"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for step in ctx.blueprint.steps:
        where: Path = ("steps", step.index, "id")
        if step.id in seen:
            message = msg("rule.BP002.step", id=step.id, line=seen[step.id])
            yield ctx.finding(CODE, where, message, key=step.id)
        else:
            seen[step.id] = step.line
        for failure in step.failures:
            fpath: Path = ("steps", step.index, "failures", failure.index - 1)
            if failure.explicit_id:
                fpath = (*fpath, "id")
            if failure.id in seen:
                message = msg("rule.BP002.failure", id=failure.id, line=seen[failure.id])
                yield ctx.finding(CODE, fpath, message, key=failure.id)
            else:
                seen[failure.id] = failure.line
