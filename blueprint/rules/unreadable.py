"""BP000 unreadable: the file cannot be read as a blueprint at all.

Reported for a file that does not exist, is not UTF-8, is not valid YAML (unclosed
quotes, tab indentation), repeats a key, uses a YAML tag, nests too deeply, expands
aliases beyond the limit, is larger than 50 MB, or is not a version-1 blueprint
(``blueprint: 1`` missing or newer). ``check`` exits 2 when any file is unreadable.

Bad::

    blueprint: 1
    title: "Hotline
    steps: []

Good::

    blueprint: 1
    title: "Hotline"
    steps:
      - {id: call, lane: customer, title: Call the hotline}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from blueprint.findings import Finding, Severity

if TYPE_CHECKING:
    from blueprint.rules import Context

CODE = "BP000"
NAME = "unreadable"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[Finding]:
    """Reported by the loader, not by a pass over the model."""
    return iter(())
