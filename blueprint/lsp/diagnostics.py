"""``check``'s findings as LSP diagnostics: the token at each finding, code and rule link."""

from __future__ import annotations

from lsprotocol import types

from blueprint.findings import Finding, Severity
from blueprint.lsp.ranges import token_range

#: where a rule's documentation lives (the text ``blueprint explain CODE`` prints)
RULES_URL = "https://blueprint-fmea.invalid/rules/{code}"


def diagnostic(finding: Finding, lines: list[str], encoding: str, lang: str = "en") -> types.Diagnostic:
    """One finding as a diagnostic; the suggestion of a did-you-mean finding goes in ``data``."""
    hint = suggestion(finding)
    return types.Diagnostic(
        range=token_range(lines, finding.line, finding.col, encoding),
        message=finding.text_in(lang),
        severity=(
            types.DiagnosticSeverity.Error
            if finding.severity is Severity.ERROR
            else types.DiagnosticSeverity.Warning
        ),
        code=finding.code,
        code_description=types.CodeDescription(href=RULES_URL.format(code=finding.code)),
        source="blueprint",
        data={"name": finding.name, "hint": hint} if isinstance(hint, str) else {"name": finding.name},
    )


def suggestion(finding: Finding) -> str | None:
    """The did-you-mean word of a finding, also inside a schema problem's message."""
    from blueprint.i18n import Msg

    params = dict(finding.params)
    for value in list(params.values()):
        if isinstance(value, Msg):
            params.update(value.params)
    hint = params.get("hint")
    return hint if isinstance(hint, str) and hint else None


def diagnostics(
    findings: list[Finding], lines: list[str], encoding: str, lang: str = "en"
) -> list[types.Diagnostic]:
    return [diagnostic(f, lines, encoding, lang) for f in findings]
