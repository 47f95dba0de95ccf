"""The blueprint as Graphviz DOT text: lanes as bands, phases as columns.

How the grid holds in ``dot`` (``rankdir=TB``): every row of the picture (phase
headers, evidence, emotion, each lane and each line between lanes) is one rank
(``rank=same``); every column of the grid is a vertical chain of invisible, heavy
edges through one node per row, in one ``group`` so the chain stays straight; edges
along each row fix the left-to-right order. Cells without a step hold an invisible
node of a step's size, so phase columns line up across lanes. Flow and dependency
edges get ``weight=0``: they are routed by ``dot`` but never pull the grid apart.

Lane bands are not clusters: ``dot`` reorders the nodes of clusters once other edges
cross them, which breaks the columns. The bands (and the emotion curve) are painted
under the drawing once ``dot`` has placed the rows (see :mod:`blueprint.render.graphviz`),
so this module returns them beside the DOT text. Every node of a row gets the row's
height, estimated from its wrapped text, so a lane reads as a row of equal boxes.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from blueprint.i18n import t
from blueprint.model import Step
from blueprint.render import labels
from blueprint.render.dotattr import (
    DotGraph,
    Html,
    attrs,
    inch,
    node_name,
    quoted,
    shared_steps,
    step_node,
    svg_id,
)
from blueprint.render.grid import Grid, Row
from blueprint.render.labels import Label
from blueprint.render.layout import BAND, Diagram
from blueprint.render.options import Drawing, RenderOptions

COLUMN_WEIGHT = 100
RANKSEP = 0.3  # inches between rows
PAGE_RANKSEP = 0.06  # on a page (--fit) the rows sit closer: a slide is short
BAND_PAD = 7  # points a band reaches beyond the tallest node of its row
LARGE = 300  # steps from which dot's effort is capped (nslimit, mclimit)


class _Writer(Grid):
    """The DOT text of a grid."""

    def emit(self, line: str, indent: int = 1) -> None:
        self.out.append("  " * indent + line)

    def write(self) -> str:
        th, o = self.th, self.o
        big = len(self.d.steps) >= LARGE
        self.out.append("digraph blueprint {")
        graph = attrs(
            rankdir="TB",
            newrank="true",
            splines="spline",
            nodesep=self.nodesep,
            ranksep=RANKSEP if o.fit == "none" else PAGE_RANKSEP,
            pad="0.3" if o.fit == "none" else "0.15",
            bgcolor=th.background,
            fontname=o.font,
            outputorder="edgesfirst",
            labelloc="t",
            labeljust="l",
            label=Html(self.title.html),
            nslimit=0.2 if big else None,
            mclimit=0.2 if big else None,
        )
        self.emit(f"graph {graph};")
        self.emit(
            "node "
            + attrs(
                fontname=o.font,
                fontcolor=th.text,
                fontsize="11",
                margin="0.06,0.08" if o.fit == "none" else "0.04,0.02",
            )
            + ";"
        )
        self.emit("edge " + attrs(fontname=o.font, arrowsize=0.7) + ";")
        for row in self.rows:
            self.emit("{")
            self.emit("rank=same;", 2)
            for col, node in row.cells.items():
                self.emit(f"{node_name(node)} {self._cell(row, col)};", 2)
            self.emit("}")
        self._rows_chains()
        self._columns()
        self._edges()
        self.out.append("}")
        return "\n".join(self.out) + "\n"

    def _cell(self, row: Row, col: str) -> str:
        """The node attributes of one cell of the grid: a step, a label, or a filler."""
        label = self.labels.get((row.key, col))
        group = col
        if col == "fill" and row.kind != "line":
            width = inch(self.fill)
            return attrs(
                shape="box", width=width, height=0.02, fixedsize="true", style="invis", label="", group=group
            )
        if col in ("lpad", "rpad") or col.startswith("sep"):
            return attrs(
                shape="point", width=0.02 if col.startswith("sep") else 0.01, style="invis", group=group
            )
        if col == "lbl":
            return attrs(
                shape="plaintext",
                width=inch(self.sz.label_width),
                height=(inch(row.height) if row.kind == "band" else None) or 0.2,
                label=Html(label.html) if label else "",
            )
        if row.kind == "line":
            # a point on the dashed line, not drawn: the line runs through it
            return attrs(shape="point", width=0.02, style="invis", group=group)
        if row.kind == "head":
            assert label is not None
            return attrs(
                shape="box",
                style="rounded,filled",
                fillcolor=self.th.header_fill,
                color=self.th.header_fill,
                margin="0",
                width=inch(self._span(int(col[1:].split("_")[0]))),
                height=inch(row.height),
                label=Html(label.html),
            )
        return self._step_cell(row, col, label)

    def _step_cell(self, row: Row, col: str, label: Label | None) -> str:
        """A cell of a lane, evidence or emotion row: its step's node, or an invisible one."""
        th = self.th
        height = inch(row.height) if row.kind == "band" else None
        step = self._step_in(row.key, col)
        if step is None or label is None:
            return attrs(
                shape="box", style="invis", width=inch(self.sz.node_width), height=height, group=col, label=""
            )
        common = {
            "width": inch(self.sz.node_width),
            "height": height,
            "group": col,
            "label": Html(label.html),
        }
        if row.key == "evidence":
            return attrs(
                shape="note", style="filled", fillcolor=th.evidence_fill, color=th.evidence_border, **common
            )
        if row.key == "emotion":
            return attrs(shape="plaintext", **common)
        risk = self.d.risk.get(step.id)
        return attrs(
            id=svg_id(step.id),
            tooltip=self._tooltip(step),
            shape="box",
            style="rounded,filled",
            fillcolor=th.ap_fill[risk.ap] if risk else th.node_fill,
            color=th.ap_border[risk.ap] if risk else th.node_border,
            penwidth=2.6 if risk else 1.0,
            **common,
        )

    def _tooltip(self, step: Step) -> str:
        """The step's title and its numbered failures, one a line: what a hover shows."""
        lines = [step.title]
        lines += [f"{c.ref} {c.mode} ({c.ap})" for c in self.d.refs(step.id)]
        if step.shared_from is not None:
            lines.append(t("render.shared_tip", self.o.lang, file=labels.file_name(step.shared_from)))
        users = self.d.used_by.get(step.id, ())
        if users:
            index = self.d.blueprint.step_index()
            names = ", ".join(index[u].title for u in users)
            lines.append(t("render.used_by_list", self.o.lang, n=len(users), steps=names))
        felt = self.d.felt_at.get(step.id, ())
        if felt:
            lines.append(f"{labels.FELT_GLYPH} " + ", ".join(f"{c.ref} {c.mode}" for c in felt))
        text = " · ".join(" ".join(x.split()) for x in lines)
        # Graphviz copies a tooltip into SVG keeping entities: markup stays text
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def _rows_chains(self) -> None:
        """Edges along each row that fix its order: dashed on line rows, invisible elsewhere."""
        th = self.th
        for row in self.rows:
            cells = list(row.cells.values())
            if row.kind == "line":
                # the line starts after its label and ends with the lanes
                cells = [row.cells[c] for c in self.columns[1:] if c != "fill"]
                if "fill" in row.cells:
                    self.emit(
                        f"{node_name(row.cells['rpad'])} -> {node_name(row.cells['fill'])} [style=invis];"
                    )
                style = attrs(dir="none", style="dashed", color=th.line, penwidth=1.2)
            else:
                style = attrs(style="invis")
            for a, b in itertools.pairwise(cells):
                self.emit(f"{node_name(a)} -> {node_name(b)} {style};")

    def _columns(self) -> None:
        """Vertical chains: phase separators dotted, every other column invisible."""
        th = self.th
        for col in self.columns:
            chain = [r.cells[col] for r in self.rows if col in r.cells]
            if col.startswith("c") and self.rows[0].kind == "head":
                chain = chain[1:] if col in self.rows[0].cells else chain
            invisible = attrs(weight=float(COLUMN_WEIGHT), style="invis")
            style = invisible
            if col.startswith("sep"):
                style = attrs(weight=float(COLUMN_WEIGHT), dir="none", style="dotted", color=th.separator)
            for a, b in itertools.pairwise(chain):
                # the shared systems' row spans every phase: no phase line crosses it
                shown = invisible if b.startswith(f"{BAND}__") else style
                self.emit(f"{node_name(a)} -> {node_name(b)} {shown};")
        if self.rows[0].kind == "head" and len(self.rows) > 1:
            # a header pulled equally to its first and last column sits between them
            below = self.rows[1]
            for i, column in enumerate(self.d.columns):
                head = self.rows[0].cells[f"c{i}_0"]
                for k in sorted({0, column.width - 1}):
                    style = attrs(weight=float(COLUMN_WEIGHT), style="invis")
                    self.emit(f"{node_name(head)} -> {node_name(below.cells[f'c{i}_{k}'])} {style};")

    def _edges(self) -> None:
        th = self.th
        flow = attrs(weight=0.0, color=th.flow_edge, penwidth=1.3)
        for a, b in self.d.flows:
            self.emit(f"{node_name(step_node(a))} -> {node_name(step_node(b))} {flow};")
        uses = attrs(weight=0.0, style="dashed", color=th.uses_edge, arrowhead="onormal", penwidth=1.1)
        shared = shared_steps(self.d)
        for a, b in self.d.uses:
            style = uses
            if a in shared:  # the lines of a shared step leave it together
                style = uses[:-1] + f", sametail={quoted('u.' + a)}]"
            self.emit(f"{node_name(step_node(a))} -> {node_name(step_node(b))} {style};")


def to_dot(diagram: Diagram, opts: RenderOptions) -> DotGraph:
    """The DOT text of a diagram, with its lane bands.

    On a page (``--fit``) the lines from a shared step give way to a "used by N" mark
    on it (its tooltip names the users): a slide has no room for lines across it. On a
    screen they stay, leaving the shared step together (``sametail``).
    """
    shared = shared_steps(diagram)
    if opts.fit != "none" and shared:
        kept = tuple(u for u in diagram.uses if u[0] not in shared)
        diagram = replace(diagram, uses=kept, used_by=shared)
    writer = _Writer(diagram, opts)
    return DotGraph(writer.write(), writer.bands(), writer.emotion_points(), writer.th.muted)


def write(drawing: Drawing) -> bytes:
    """``render --format dot``: the DOT text, UTF-8."""
    return to_dot(drawing.diagram, drawing.options).text.encode("utf-8")
