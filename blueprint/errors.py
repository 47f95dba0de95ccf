"""The small exception hierarchy. ``cli.py`` turns each into one line and exit code 2."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from blueprint.i18n import Msg


class BlueprintError(Exception):
    """Bad input or a request the tool cannot carry out (exit code 2)."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        col: int | None = None,
        *,
        msg: Msg | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col
        #: the same message as a catalogue entry, for the reader's language
        self.msg = msg

    @classmethod
    def worded(
        cls, msg: Msg, path: str | None = None, line: int | None = None, col: int | None = None
    ) -> Self:
        """An error whose message comes from the catalogue (English in ``message``)."""
        return cls(msg.text("en"), path, line, col, msg=msg)

    def text_in(self, lang: str) -> str:
        """``path:line:col: message`` with the message in ``lang`` where the catalogue has it."""
        message = self.msg.text(lang) if self.msg is not None else self.message
        where = self.location()
        return f"{where}: {message}" if where else message

    def location(self) -> str:
        """``path:line:col`` as far as it is known, or an empty string."""
        parts = [p for p in (self.path, self.line, self.col) if p is not None]
        return ":".join(str(p) for p in parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class LoadError(BlueprintError):
    """A file that cannot be read, decoded, parsed or is not a blueprint at all."""


class ValidationError(BlueprintError):
    """A blueprint that parses but breaks the format (schema or references)."""


class ConfigError(BlueprintError):
    """Bad project configuration or profile."""


class ToolMissingError(BlueprintError):
    """An external program (Graphviz ``dot``, a browser) is not installed."""


class OutputError(BlueprintError):
    """An output that cannot be written (missing folder, refusing to overwrite)."""
