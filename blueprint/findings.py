"""One finding type that feeds every output format (text, JSON, SARIF, GitHub)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from blueprint.i18n import Param


class Severity(StrEnum):
    """How serious a finding is; only errors make ``check`` exit 1."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """A problem at one place in one file.

    Ordered by path, line, column and code, which is the order every output uses.
    ``message`` is English (JSON, SARIF and GitHub output use it); ``msg_key`` and
    ``params`` name the same message in the catalogue, so text output can word it in
    the reader's language (:meth:`text_in`).
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
    #: the catalogue key of ``message`` (``blueprint/i18n/rules.py``), empty for English-only text
    msg_key: str = field(default="", compare=False)
    #: the values of the catalogue message, by name
    params: tuple[tuple[str, Param], ...] = field(default=(), compare=False)

    def text_in(self, lang: str = "en") -> str:
        """The message in ``lang``: from the catalogue when it has a key, else ``message``."""
        if not self.msg_key or lang == "en":
            return self.message
        from blueprint.i18n import Msg

        return Msg(self.msg_key, self.params).text(lang)

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
