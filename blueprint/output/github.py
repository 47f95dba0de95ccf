"""Findings as GitHub Actions workflow commands: annotations on the pull request's files.

One line per finding::

    ::error file=examples/x.blueprint.yaml,line=12,col=9,title=BP007::failure 'x' has ...

Warnings use ``::warning``. Values are escaped as GitHub's toolkit does: ``%``, CR and LF
everywhere, and also ``:`` and ``,`` in the properties. Other control characters from the
file (ESC, which the log viewer would read as colours) are shown as escapes (``\x1b``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from blueprint.common.plain import one_line
from blueprint.findings import Finding, Severity

if TYPE_CHECKING:
    from blueprint.output.views import FindingsView


def escape_data(text: str) -> str:
    """Escape a command's message."""
    return one_line(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """The workflow command for one finding."""
    command = "error" if finding.severity is Severity.ERROR else "warning"
    props = ",".join(
        f"{name}={escape_property(str(value))}"
        for name, value in (
            ("file", finding.path),
            ("line", finding.line),
            ("col", finding.col),
            ("title", finding.code),
        )
    )
    return f"::{command} {props}::{escape_data(finding.message)}"


def render(view: FindingsView) -> str:
    """Every finding as a workflow command, sorted by path, line, column and code."""
    findings = sorted(f for r in view.reports for f in r.findings)
    return "".join(annotation(f) + "\n" for f in findings)
