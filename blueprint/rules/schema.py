"""BP001 schema: the file breaks blueprint format version 1.

Every key, type, enum and range is defined by ``schemas/blueprint.schema.json``. Unknown
keys are errors so that typos (``lnae:``, ``severty:``) are caught instead of ignored;
the message names the nearest valid word.

Bad::

    steps:
      - id: greet
        lane: front-stage      # unknown lane
        title: Greet the guest
        failures:
          - mode: Name mispronounced
            severity: high     # must be a whole number 1-10
            occurrence: 3
            detection: 4

Good::

    steps:
      - id: greet
        lane: frontstage
        title: Greet the guest
        failures:
          - mode: Name mispronounced
            severity: 6
            occurrence: 3
            detection: 4
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blueprint.findings import Finding, Severity
from blueprint.i18n import msg
from blueprint.load.schema import dotted

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP001"
NAME = "schema"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Finding]:
    from blueprint.rules import make_finding, rule_by_code

    rule = rule_by_code(CODE)
    assert rule is not None
    src = ctx.loaded.source
    for problem in ctx.loaded.problems:
        line, col = src.pos(problem.path, key=problem.at_key)
        where = dotted(problem.path) if problem.path else msg("schema.top.where")
        message = msg("rule.BP001", where=where, problem=problem.msg or problem.message)
        yield make_finding(ctx.path, line, col, rule, message)
