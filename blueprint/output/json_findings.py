"""Findings as JSON: a list of finding objects, sorted by path, line, column, code.

Each object: ``{"path", "line", "col", "code", "name", "severity", "message"}``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from blueprint.rules.checker import FileReport


def render(reports: Sequence[FileReport], **_: Any) -> str:
    findings = sorted(f for r in reports for f in r.findings)
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"
