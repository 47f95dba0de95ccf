"""One finding type that feeds every output format (text, JSON, SARIF, GitHub)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How serious a finding is; only errors make ``check`` exit 1."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """A problem at one place in one file.

    Ordered by path, line, column and code, which is the order every output uses.
    """

    path: str
    line: int
    col: int
    code: str
    severity: Severity
    message: str
    #: the rule's short name, e.g. ``unknown-reference``
    name: str = ""
    #: a location-independent key (failure or step id, offending value) for fingerprints
    key: str = ""

    def text(self) -> str:
        """``path:line:col: CODE severity: message``."""
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.severity.value}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """The documented JSON shape of a finding."""
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
        }
