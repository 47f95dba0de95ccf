"""Options and helpers shared by the commands."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def lang_option(func: F) -> F:
    """``--lang en|zh-TW``: the language of text for people."""
    return click.option(
        "--lang",
        type=click.Choice(["en", "zh-TW"], case_sensitive=False),
        default=None,
        help="Language of the output for people: en or zh-TW (default: the blueprint's "
        "'language:', then LANG/LC_ALL, then en).",
    )(func)


def color_option(func: F) -> F:
    """``--color auto|always|never`` and ``--no-color``."""
    func = click.option("--no-color", is_flag=True, help="Never use colour (also: NO_COLOR set).")(func)
    return click.option(
        "--color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help="Colour the output: auto colours only on a terminal.",
    )(func)


def use_color(color: str = "auto", no_color: bool = False, stream: Any = None) -> bool:
    """Whether to colour output written to ``stream`` (standard output by default)."""
    if no_color or color == "never":
        return False
    if color == "always":
        return True
    if os.environ.get("NO_COLOR"):
        return False
    target = stream if stream is not None else sys.stdout
    return bool(getattr(target, "isatty", lambda: False)())


AP_COLORS = {"H": "red", "M": "yellow", "L": "green"}


def paint(text: str, enabled: bool, **style: Any) -> str:
    """``click.style`` when colour is on, the plain text otherwise."""
    return click.style(text, **style) if enabled else text
