"""The rule options that apply to a document, as ``check`` would use them.

The server does not read configuration files itself (that belongs to the command line):
``blueprint lsp`` hands it a function from a document's path to its :class:`Settings`,
which reads ``[tool.blueprint]`` or ``.blueprint.toml`` from the document's folder up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from blueprint.rules import Options


@dataclass(frozen=True)
class Settings:
    """The rule options for one document, whether ``check`` would skip it, and any problem."""

    options: Options
    excluded: bool = False
    problem: str | None = None


#: a document's file path -> its settings
SettingsFor = Callable[[str], Settings]


def defaults(path: str) -> Settings:
    """The settings without any configuration file."""
    return Settings(Options())
