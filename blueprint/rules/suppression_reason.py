"""BP020 suppression-without-reason: a ``# blueprint: ignore[...]`` comment gives no reason.

A suppression silences a finding on its own line (a comment after the content) or on the
next line (a comment alone on its line). Accepting a risk is a decision a reviewer must be
able to read, so the reason is required: a suppression without one silences nothing and
is reported here. So is a suppression that names no rule, or a rule that does not exist
(a typo would otherwise silence nothing without a word). BP000 and BP020 cannot be
suppressed.

Bad::

    failures:
      # blueprint: ignore[BP007]
      - mode: Card handed out empty
        severity: 8
        occurrence: 7
        detection: 8

Good::

    failures:
      # blueprint: ignore[BP007] accepted by the risk board on 2026-05-04, see ticket QA-112
      - mode: Card handed out empty
        severity: 8
        occurrence: 7
        detection: 8
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blueprint.findings import Finding, Severity
from blueprint.i18n import msg

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP020"
NAME = "suppression-without-reason"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Finding]:
    from blueprint.common.suggest import nearest
    from blueprint.rules import all_rules, make_finding, rule_by_code
    from blueprint.rules.suppress import parse

    rule = rule_by_code(CODE)
    assert rule is not None
    known = [r.code for r in all_rules()] + [r.name for r in all_rules()]
    lines = ctx.loaded.source.text.splitlines()
    for s in parse(ctx.loaded.source.text):
        if s.unknown:
            word = s.unknown[0]
            hint = nearest(word, known)
            if hint:
                message = msg("rule.BP020.unknown.hint", word=word, hint=hint)
            else:
                message = msg("rule.BP020.unknown", word=word)
        elif not s.codes:
            message = msg("rule.BP020.empty")
        elif not s.reason:
            message = msg("rule.BP020.reason", codes=tuple(s.codes))
        else:
            continue
        # the covered line's text, not its number: the key survives unrelated lines moving
        covered = lines[s.covers - 1].strip() if s.covers <= len(lines) else ""
        key = f"{','.join(s.codes + s.unknown)}@{covered}"
        yield make_finding(ctx.path, s.line, s.col, rule, message, key)
