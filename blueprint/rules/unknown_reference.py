"""BP003 unknown-reference: ``next``, ``uses`` or ``felt_at`` names a step that does not exist.

A flow or dependency edge to nowhere is almost always a typo or a step that was renamed
or deleted; the diagram and the failure propagation would silently lose it. The same
holds for a failure's ``felt_at``, the customer steps where its author says it is felt,
and for a failure's ``from``, the failure of an included shared file it reuses.

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
from blueprint.load import integrity

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP003"
NAME = "unknown-reference"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Finding]:
    for breach in (*integrity.unknown_references(ctx.blueprint), *integrity.unknown_sources(ctx.blueprint)):
        yield ctx.finding(CODE, breach.where, breach.message, key=breach.key)
