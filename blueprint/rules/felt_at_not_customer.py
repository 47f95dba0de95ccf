"""BP015 felt-at-not-customer: ``felt_at`` names a step that is not a customer step.

``felt_at`` says where the customer feels a failure when the graph cannot know it (a
wrong drug entered at prescription is felt when the drug is handed over). The customer
feels things at customer steps only, so every id in it must be a customer step. The
message suggests the customer steps joined to the named step by ``next`` (those of its
phase first: a frontstage step's interaction partners), else the customer step with the
nearest id.

Bad::

    - id: desk
      lane: frontstage
      title: Registration desk reads the health card
      next: [wait]
      failures:
        - mode: Card reader fails
          severity: 3
          occurrence: 5
          detection: 2
          felt_at: [desk]

Good::

    - id: desk
      lane: frontstage
      title: Registration desk reads the health card
      next: [wait]
      failures:
        - mode: Card reader fails
          severity: 3
          occurrence: 5
          detection: 2
          felt_at: [check-in]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blueprint.findings import Finding, Severity
from blueprint.load import integrity

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP015"
NAME = "felt-at-not-customer"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Finding]:
    for breach in integrity.felt_at_not_customer(ctx.blueprint):
        yield ctx.finding(CODE, breach.where, breach.message, key=breach.key)
