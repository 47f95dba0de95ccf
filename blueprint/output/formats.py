"""The output formats of each family, by name (see :class:`blueprint.common.registry.Registry`).

A new format is one module with a writer function and one line here; the command offers
it once its name is in :mod:`blueprint.vocabulary`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from blueprint.common.registry import Registry

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis
    from blueprint.output.fmea_view import FmeaView
    from blueprint.output.matrix import MatrixView
    from blueprint.output.plan import PlanView
    from blueprint.output.views import DiffView, FindingsView, GraphView

#: ``check --format``
FINDINGS: Registry[FindingsView, str] = Registry(
    "findings",
    {
        "text": "blueprint.output.text:render",
        "json": "blueprint.output.json_findings:render",
        "sarif": "blueprint.output.sarif:render",
        "github": "blueprint.output.github:render",
    },
)

#: ``fmea --format``
FMEA: Registry[FmeaView, str] = Registry(
    "FMEA",
    {
        "table": "blueprint.output.fmea_table:render",
        "markdown": "blueprint.output.fmea_markdown:render",
        "csv": "blueprint.output.fmea_csv:render",
        "json": "blueprint.output.fmea_json:render",
        "html": "blueprint.output.fmea_html:render",
    },
)

#: ``fmea --matrix --format``
MATRIX: Registry[MatrixView, str] = Registry(
    "risk matrix",
    {
        "table": "blueprint.output.matrix:render_table",
        "markdown": "blueprint.output.matrix:render_markdown",
        "csv": "blueprint.output.matrix:render_csv",
        "json": "blueprint.output.matrix:render_json",
        "html": "blueprint.output.matrix:render_html",
    },
)

#: ``diff --format``
DIFF: Registry[DiffView, str] = Registry(
    "diff",
    {
        "table": "blueprint.output.diff_text:render",
        "markdown": "blueprint.output.diff_markdown:render",
        "json": "blueprint.output.diff_json:render",
    },
)

#: ``graph --format``
GRAPH: Registry[GraphView, str] = Registry(
    "graph",
    {
        "text": "blueprint.output.graph_text:render",
        "json": "blueprint.output.graph_text:render_json",
    },
)

#: ``graph --export``
GRAPH_EXPORT: Registry[Analysis, str] = Registry(
    "graph export",
    {
        "graphml": "blueprint.output.graph_export:graphml",
        "json": "blueprint.output.graph_export:node_link_json",
    },
)

#: ``plan --format``
PLAN: Registry[PlanView, str] = Registry(
    "plan",
    {
        "table": "blueprint.output.plan:render_table",
        "markdown": "blueprint.output.plan:render_markdown",
        "json": "blueprint.output.plan:render_json",
    },
)
