"""The command line: Click commands, configuration and option precedence, progress, watch."""

from __future__ import annotations

from blueprint.cli.main import main

__all__ = ["main"]
