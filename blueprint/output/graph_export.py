"""The graph for other tools: GraphML (yEd, Gephi, Cytoscape) or node-link JSON.

Both carry the :func:`blueprint.analysis.graph.build_graph` multigraph: nodes are step ids in
file order and each edge has a ``kind`` (``flow`` A -> B for ``A.next``, ``uses`` B -> A
for ``A.uses``), which is also its key (GraphML edge id). Node attributes are strings
and integers only: ``lane``, ``phase`` (empty without one), ``title``, ``index``,
``failures`` (how many failure modes), ``felt_at`` (the customer steps where a failure
of the step surfaces, space-separated) and, when the step states them, ``expected_s``
and ``tolerance_s`` in seconds. The JSON is networkx's node-link form:
``networkx.node_link_graph(json.load(f))`` reads it back.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

from blueprint.analysis.graph import build_graph

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis

__all__ = ["export_graph_data", "graphml", "node_link_json"]


def export_graph_data(analysis: Analysis) -> Any:
    """The graph with export attributes: strings and integers only, no ``None``."""
    bp = analysis.blueprint
    graph = build_graph(bp)
    felt = analysis.step_surfaces
    steps = bp.step_index()
    for sid, attrs in graph.nodes(data=True):
        step = steps[sid]
        attrs["phase"] = step.phase or ""
        attrs["failures"] = len(step.failures)
        attrs["felt_at"] = " ".join(felt[sid])
        if step.time is not None and step.time.expected is not None:
            attrs["expected_s"] = round(step.time.expected)
        if step.time is not None and step.time.tolerance is not None:
            attrs["tolerance_s"] = round(step.time.tolerance)
    return graph


def node_link_json(analysis: Analysis) -> str:
    """``graph --export json``: the graph as node-link JSON text."""
    import networkx as nx

    data = nx.node_link_data(export_graph_data(analysis), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def graphml(analysis: Analysis) -> str:
    """``graph --export graphml``: the graph as GraphML text."""
    import networkx as nx

    buffer = io.BytesIO()
    # the ElementTree writer: write_graphml picks lxml's when lxml is installed (python-pptx
    # brings it), which ignores prettyprint, and the same graph must give the same text
    nx.write_graphml_xml(export_graph_data(analysis), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")
