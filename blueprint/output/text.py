"""Findings for people: one ``path:line:col: CODE severity: message`` line each, and a summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from blueprint.checker import FileReport
from blueprint.findings import Severity
from blueprint.i18n import plural, t


def summary(reports: Sequence[FileReport], lang: str = "en") -> str:
    """``6 files checked: 2 errors, 1 warning`` (or the same in Chinese)."""
    files = plural("count.files", len(reports), lang)
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    if not errors and not warnings:
        return t("check.summary.clean", lang, files=files)
    return t(
        "check.summary",
        lang,
        files=files,
        errors=plural("count.errors", errors, lang),
        warnings=plural("count.warnings", warnings, lang),
    )


def render(reports: Sequence[FileReport], *, color: bool = False, lang: str = "en", **_: Any) -> str:
    lines = []
    for report in reports:
        for f in sorted(report.findings):
            where = f"{f.path}:{f.line}:{f.col}:"
            sev = f.severity.value
            if color:
                where = click.style(where, bold=True)
                sev = click.style(sev, fg="red" if f.severity is Severity.ERROR else "yellow", bold=True)
            lines.append(f"{where} {f.code} {sev}: {f.message}")
    lines.append(summary(reports, lang))
    return "\n".join(lines) + "\n"
