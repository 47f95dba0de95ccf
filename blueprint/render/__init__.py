"""Swimlane diagrams of a blueprint: Graphviz (SVG, PNG, PDF, DOT) and Mermaid.

``render(analysis, options)`` gives the bytes of one output; the layout (grid, filters,
risk) is computed once in :mod:`blueprint.render.layout` and drawn by
:mod:`blueprint.render.dot` or :mod:`blueprint.render.mermaid`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from blueprint.render.options import (
    EXTENSIONS,
    FORMATS,
    GRAPHVIZ_FORMATS,
    LABELS,
    SUFFIXES,
    TEXT_FORMATS,
    RenderOptions,
)

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "GRAPHVIZ_FORMATS",
    "LABELS",
    "SUFFIXES",
    "TEXT_FORMATS",
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


def render(analysis: Analysis, opts: RenderOptions) -> bytes:
    """The diagram of the analysed blueprint in ``opts.fmt``, as bytes (UTF-8 for text formats)."""
    from blueprint.render.layout import build_diagram

    diagram = build_diagram(analysis, phases=opts.phases, lanes=opts.lanes, risk=opts.risk)
    if opts.fmt == "mermaid":
        from blueprint.render.mermaid import to_mermaid

        return to_mermaid(diagram, opts).encode("utf-8")
    from blueprint.render.dot import to_dot

    graph = to_dot(diagram, opts)
    if opts.fmt == "dot":
        return graph.text.encode("utf-8")
    from blueprint.render.graphviz import draw

    return draw(graph, opts.fmt, dpi=opts.dpi, font=opts.font)
