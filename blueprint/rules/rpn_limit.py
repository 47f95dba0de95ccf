"""BP008 rpn-limit: a failure's RPN exceeds ``--max-rpn`` and nothing addresses it.

For teams that still gate on the risk priority number (RPN = S x O x D). Off unless
``--max-rpn`` (or ``max-rpn`` in the configuration) is set. The RPN compared is the
residual one when a done action has revised ratings, else the initial one. A failure
over the limit passes while an action on it is still open or in progress, or when a
``justification:`` accepts the risk; a done action whose revised ratings are still over
the limit does not make it pass. Prefer the action-priority gate (BP007): equal RPNs can
hide very different risks.

Bad (run with ``--max-rpn 100``)::

    - mode: Parcel scanned to the wrong depot
      severity: 5
      occurrence: 5
      detection: 6            # RPN 150, nothing planned

Good::

    - mode: Parcel scanned to the wrong depot
      severity: 5
      occurrence: 5
      detection: 6
      justification: Depot mis-sorts are re-routed the same night at no cost to the customer
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blueprint.findings import Finding, Severity
from blueprint.i18n import msg

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP008"
NAME = "rpn-limit"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Finding]:
    limit = ctx.options.max_rpn
    if limit is None:
        return
    for failure in ctx.blueprint.own_failures:
        if failure.justification:
            continue
        for cause in failure.causes:  # each failure chain is judged on its own
            residual = failure.chain_residual(cause)
            rpn = (residual or failure.chain_ratings(cause)).rpn
            pending = any(a.status in ("open", "in-progress") for a in cause.actions)
            if rpn <= limit or pending or cause.justification:
                continue
            key = "rule.BP008.residual" if residual else "rule.BP008"
            message = msg(key, failure=cause.id, rpn=rpn, limit=limit)
            yield ctx.finding(CODE, ctx.cause_path(failure, cause), message, key=cause.id)
