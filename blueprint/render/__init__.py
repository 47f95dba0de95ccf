"""Swimlane diagrams of a blueprint: Graphviz (SVG, PNG, PDF, DOT) and Mermaid.

``render(analysis, options)`` gives the bytes of one output; the layout (grid, filters,
risk) is computed once in :mod:`blueprint.render.layout` and drawn by
:mod:`blueprint.render.dot` or :mod:`blueprint.render.mermaid`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from blueprint.common.registry import Registry
from blueprint.render.options import (
    EXTENSIONS,
    FORMATS,
    GRAPHVIZ_FORMATS,
    LABELS,
    SUFFIXES,
    TEXT_FORMATS,
    Drawing,
    RenderOptions,
)

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "GRAPHVIZ_FORMATS",
    "LABELS",
    "RENDERERS",
    "SUFFIXES",
    "TEXT_FORMATS",
    "Drawing",
    "RenderOptions",
    "render",
    "to_dot_text",
]


def to_dot_text(analysis: Analysis, opts: RenderOptions) -> str:
    """The DOT text of the analysed blueprint (what ``dot`` is given for SVG, PNG and PDF)."""
    from blueprint.render.dot import to_dot
    from blueprint.render.layout import build_diagram

    diagram = build_diagram(analysis, phases=opts.phases, lanes=opts.lanes, risk=opts.risk)
    return to_dot(diagram, opts).text


#: the diagram formats, each a writer of a :class:`Drawing`
RENDERERS: Registry[Drawing, bytes] = Registry(
    "diagram",
    {
        "svg": "blueprint.render.graphviz:write",
        "png": "blueprint.render.graphviz:write",
        "pdf": "blueprint.render.graphviz:write",
        "dot": "blueprint.render.dot:write",
        "mermaid": "blueprint.render.mermaid:write",
    },
)


def render(analysis: Analysis, opts: RenderOptions) -> bytes:
    """The diagram of the analysed blueprint in ``opts.fmt``, as bytes (UTF-8 for text formats)."""
    from blueprint.render.layout import build_diagram

    diagram = build_diagram(analysis, phases=opts.phases, lanes=opts.lanes, risk=opts.risk)
    return RENDERERS.get(opts.fmt)(Drawing(diagram, opts))
