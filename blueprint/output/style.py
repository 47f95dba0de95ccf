"""Terminal styling: colour only when it is on."""

from __future__ import annotations

from typing import Any


def paint(text: str, enabled: bool, **style: Any) -> str:
    """``click.style`` when colour is on, the plain text otherwise."""
    if not enabled:
        return text
    import click

    return click.style(text, **style)
