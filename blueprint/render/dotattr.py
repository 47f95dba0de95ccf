"""DOT text pieces: attribute lists, node names and the ids a step gets in DOT and SVG.

Colours, shapes, groups and node names repeat across thousands of cells and edges, so
quoting is cached.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from blueprint.render.text import dot_string, safe_id

if TYPE_CHECKING:
    from blueprint.render.layout import Diagram

_XML_SAFE = re.compile(r"[A-Za-z0-9_.-]+\Z")
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
quoted = functools.lru_cache(maxsize=4096)(dot_string)


class Html(str):
    """An HTML-like label we built (escaped inside), written to DOT as it is."""


def attrs(**values: str | float | None) -> str:
    """``[a="x", b=1]`` in the given order: numbers and :class:`Html` bare, strings quoted."""
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, (int, float)):
            text = f"{value:.4g}"
        elif isinstance(value, Html):
            text = value
        else:
            text = quoted(value)
        parts.append(f"{key}={text}")
    return "[" + ", ".join(parts) + "]"


def step_node(step_id: str) -> str:
    """The DOT node name of a step: ``s.`` and its id (no filler name has a dot)."""
    return f"s.{step_id}"


def svg_id(step_id: str) -> str:
    """The ``id`` of a step's element in SVG: ``step-`` and the id (already XML-safe)."""
    return f"step-{step_id}" if _XML_SAFE.match(step_id) else safe_id(step_id, "step-")


@functools.lru_cache(maxsize=4096)
def node_name(node: str) -> str:
    """A node name as DOT needs it: bare when it is a plain identifier, quoted otherwise."""
    return node if _PLAIN.match(node) else dot_string(node)


def inch(points: float) -> float:
    return round(points / 72, 4)


@dataclass(frozen=True)
class Band:
    """A lane band: its fill, the nodes at its ends and every node of its row."""

    fill: str
    left: str
    right: str
    nodes: tuple[str, ...]


@dataclass(frozen=True)
class DotGraph:
    """DOT text and the bands to paint under it once ``dot`` has placed the nodes."""

    text: str
    bands: tuple[Band, ...]
    emotion: tuple[tuple[str, float, str], ...] = ()  # emotion nodes left to right: points up, colour
    emotion_line: str = "#000000"


SHARED = 3
"""A step used by this many steps or more is shared: its dependency lines are bundled."""


def shared_steps(diagram: Diagram) -> dict[str, tuple[str, ...]]:
    """Step id -> the shown steps that use it, for steps used by :data:`SHARED` or more."""
    users: dict[str, list[str]] = {}
    for used, user in diagram.uses:
        users.setdefault(used, []).append(user)
    return {k: tuple(v) for k, v in users.items() if len(v) >= SHARED}
