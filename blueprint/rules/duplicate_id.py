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
from blueprint.load import integrity

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP002"
NAME = "duplicate-id"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Finding]:
    for breach in integrity.duplicate_ids(ctx.blueprint):
        yield ctx.finding(CODE, breach.where, breach.message, key=breach.key)
