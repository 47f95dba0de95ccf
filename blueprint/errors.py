"""The small exception hierarchy and the exit codes.

The command layer (:mod:`blueprint.cli.main`) turns each error into one line and its
``exit_code``; every exit goes through the named codes below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    from blueprint.i18n import Msg

#: clean
EXIT_OK = 0
#: findings: a lint error or a gate, a risk increase, files that would change
EXIT_FINDINGS = 1
#: unusable input or a wrong command line
EXIT_USAGE = 2
#: an internal error: a bug
EXIT_BUG = 3


class BlueprintError(Exception):
    """Bad input or a request the tool cannot carry out (exit code 2)."""

    exit_code = EXIT_USAGE

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


class ImportProblems(BlueprintError):
    """A worksheet with bad rows or missing columns; ``problems`` holds one line for each."""

    def __init__(self, path: str, problems: list[str]) -> None:
        from blueprint.i18n import msg

        n = len(problems)
        said = msg("ws.problems.one") if n == 1 else msg("ws.problems.many", n=n)
        super().__init__(said.text("en"), path, msg=said)
        self.problems = problems


class RenderError(BlueprintError):
    """Graphviz failed or took too long on a diagram."""


class EconomicsError(BlueprintError):
    """Money at risk asked of a blueprint without an ``economics:`` block."""


class SortError(BlueprintError):
    """A ranking that cannot be made (``risk`` without money at risk, an unknown order)."""


class ProfileError(ConfigError):
    """An AP profile that cannot be found, read or used.

    ``path`` names the profile file (``None`` when no file was found at all), ``line`` and
    ``col`` are set for JSON syntax errors; ``str()`` gives the one-line
    ``path[:line:col]: message`` form the CLI prints.
    """
