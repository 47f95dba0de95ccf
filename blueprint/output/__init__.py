"""Output formats for findings; each module turns file reports into text."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from blueprint.rules.checker import FileReport

#: ``check --format`` name -> module in this package
FINDING_FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_findings",
    "sarif": "sarif",
    "github": "github",
}


def finding_formatter(name: str) -> Callable[..., str]:
    """The ``render(reports, **options)`` function of a findings format."""
    mod = importlib.import_module(f"blueprint.output.{FINDING_FORMATS[name]}")
    fn: Callable[[Sequence[FileReport]], str] = mod.render
    return fn
