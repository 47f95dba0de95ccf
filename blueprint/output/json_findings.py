"""Findings as JSON: a list of finding objects, sorted by path, line, column, code.

Each object: ``{"path", "line", "col", "code", "name", "severity", "message"}``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from blueprint.output.views import FindingsView


def render(view: FindingsView) -> str:
    """Every finding as a JSON object, in path and position order."""
    findings = sorted(f for r in view.reports for f in r.findings)
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"
