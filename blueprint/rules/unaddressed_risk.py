"""BP007 unaddressed-risk: a failure at or above the ``--fail-on`` priority has no action.

The AIAG & VDA handbook says a High action priority means *improve the controls, or
justify why not*. A failure whose action priority is at or above the gate (``--fail-on``,
default ``H``) needs at least one action that is not ``dropped``, or a
``justification:`` that records why the risk is accepted.

Each failure chain is judged on its own: for a mode with ``causes:``, a cause whose chain
is at or above the gate needs an action of its own or a justification (on the cause, or
on the mode), and the finding points at that cause.

Bad::

    failures:
      - mode: Card handed out empty
        severity: 8
        occurrence: 7
        detection: 8          # AP H, nothing planned

Good::

    failures:
      - mode: Card handed out empty
        severity: 8
        occurrence: 7
        detection: 8
        actions:
          - title: Activate cards at the till and print the balance on the receipt
            owner: Store operations
            due: 2027-03-01
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blueprint.findings import Finding, Severity
from blueprint.i18n import msg

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP007"
NAME = "unaddressed-risk"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Finding]:
    from blueprint.analysis.ap import ap_at_least, load_profile

    gate = ctx.options.fail_on.upper()
    if gate == "NONE":
        return
    profile = load_profile(ctx.options.profile)
    for failure in ctx.blueprint.own_failures:
        if failure.justification:
            continue
        for cause in failure.causes:  # each failure chain is judged on its own
            r = failure.chain_ratings(cause)
            ap = profile.ap(r.severity, r.occurrence, r.detection)
            if not ap_at_least(ap, gate) or cause.has_live_action or cause.justification:
                continue
            message = msg("rule.BP007", failure=cause.id, ap=ap, s=r.severity, o=r.occurrence, d=r.detection)
            yield ctx.finding(CODE, ctx.cause_path(failure, cause), message, key=cause.id)
