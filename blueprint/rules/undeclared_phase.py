"""BP004 undeclared-phase: a step names a phase that is not in ``phases``.

Phases are the diagram's columns, in the order they are declared; a step in an
undeclared phase has no column to stand in.

Bad::

    phases:
      - {id: order, title: Order}
    steps:
      - {id: pay, lane: customer, phase: payment, title: Pay}

Good::

    phases:
      - {id: order, title: Order}
      - {id: payment, title: Payment}
    steps:
      - {id: pay, lane: customer, phase: payment, title: Pay}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blueprint.findings import Finding, Severity
from blueprint.load import integrity

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP004"
NAME = "undeclared-phase"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Finding]:
    for breach in integrity.undeclared_phases(ctx.blueprint):
        yield ctx.finding(CODE, breach.where, breach.message, key=breach.key)
