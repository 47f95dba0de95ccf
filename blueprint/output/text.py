"""Findings for people: one ``path:line:col: CODE severity: message`` line each, and a summary.

The message and the severity are worded in the output language; the position and the
code never change, so editors and problem matchers read every language alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from blueprint.common.plain import one_line
from blueprint.findings import Finding, Severity
from blueprint.i18n import plural, t
from blueprint.rules.checker import FileReport

if TYPE_CHECKING:
    from blueprint.output.views import FindingsView

#: colours of the severity word
SEVERITY_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


def summary(reports: Sequence[FileReport], lang: str = "en", *, color: bool = False) -> str:
    """``6 files checked: 2 errors, 1 warning`` (or the same in Chinese)."""
    files = plural("count.files", len(reports), lang)
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    if not errors and not warnings:
        text = t("check.summary.clean", lang, files=files)
        return click.style(text, fg="green") if color else text
    n_errors = plural("count.errors", errors, lang)
    n_warnings = plural("count.warnings", warnings, lang)
    if color:
        n_errors = click.style(n_errors, fg="red", bold=True) if errors else n_errors
        n_warnings = click.style(n_warnings, fg="yellow", bold=True) if warnings else n_warnings
    return t("check.summary", lang, files=files, errors=n_errors, warnings=n_warnings)


def unaddressed_line(reports: Sequence[FileReport], lang: str = "en") -> str | None:
    """The H failure modes with no action and no justification (BP007), named; None without any."""
    named: list[tuple[str, list[str]]] = []
    for report in reports:
        ids = [
            str(dict(f.params).get("failure", ""))
            for f in sorted(report.findings)
            if f.code == "BP007" and dict(f.params).get("ap") == "H"
        ]
        if ids:
            named.append((one_line(report.path), ids))
    if not named:
        return None
    if len(reports) == 1:
        listed = ", ".join(named[0][1])
    else:
        listed = "; ".join(f"{path}: {', '.join(ids)}" for path, ids in named)
    return t("check.summary.unaddressed", lang, n=sum(len(ids) for _, ids in named), ids=listed)


def finding_line(f: Finding, lang: str = "en", *, color: bool = False) -> str:
    """One finding as a line for people (control characters from the file shown escaped)."""
    where = f"{one_line(f.path)}:{f.line}:{f.col}:"
    sev = t(f"severity.{f.severity.value}", lang)
    if color:
        where = click.style(where, bold=True)
        sev = click.style(sev, fg=SEVERITY_COLORS[f.severity], bold=True)
    return t("finding.line", lang, where=where, code=f.code, severity=sev, message=one_line(f.text_in(lang)))


def render(view: FindingsView) -> str:
    """Every finding, in file and position order, then the summary line."""
    reports, lang, color = view.reports, view.lang, view.color
    lines = [finding_line(f, lang, color=color) for report in reports for f in sorted(report.findings)]
    # one summary line, naming the H failures without action when there are any
    unaddressed = unaddressed_line(reports, lang)
    lines.append(
        summary(reports, lang, color=color)
        + (t("check.summary.more", lang, more=unaddressed) if unaddressed else "")
    )
    return "\n".join(lines) + "\n"
