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

import functools
import itertools
import re
from dataclasses import dataclass, field, replace

from blueprint.i18n import t
from blueprint.model import Step
from blueprint.render import chrome, labels
from blueprint.render.labels import Label
from blueprint.render.layout import BAND, Diagram
from blueprint.render.options import Drawing, RenderOptions
from blueprint.render.sizes import PAGES
from blueprint.render.text import dot_string, safe_id
from blueprint.render.theme import THEMES, Theme
from blueprint.vocabulary import LANES

LANE_LINES = {"customer": "line.interaction", "frontstage": "line.visibility", "backstage": "line.internal"}
COLUMN_WEIGHT = 100
NODESEP = 0.22  # inches between nodes of a row
PAGE_NODESEP = 0.12  # on a page (--fit): closer, a page is narrow
RANKSEP = 0.3  # inches between rows
PAGE_RANKSEP = 0.06  # on a page (--fit) the rows sit closer: a slide is short
BAND_PAD = 7  # points a band reaches beyond the tallest node of its row
_XML_SAFE = re.compile(r"[A-Za-z0-9_.-]+\Z")
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
LARGE = 300  # steps from which dot's effort is capped (nslimit, mclimit)
# colours, shapes, groups and node names repeat across thousands of cells and edges
_quoted = functools.lru_cache(maxsize=4096)(dot_string)


@dataclass
class _Row:
    key: str
    kind: str  # "head", "band" (a lane, evidence or emotion) or "line"
    label: str
    cells: dict[str, str] = field(default_factory=dict)  # column key -> node id
    height: float = 0.0  # points


class Html(str):
    """An HTML-like label we built (escaped inside), written to DOT as it is."""


def _attrs(**values: str | float | None) -> str:
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
            text = _quoted(value)
        parts.append(f"{key}={text}")
    return "[" + ", ".join(parts) + "]"


def step_node(step_id: str) -> str:
    """The DOT node name of a step: ``s.`` and its id (no filler name has a dot)."""
    return f"s.{step_id}"


def svg_id(step_id: str) -> str:
    """The ``id`` of a step's element in SVG: ``step-`` and the id (already XML-safe)."""
    return f"step-{step_id}" if _XML_SAFE.match(step_id) else safe_id(step_id, "step-")


@functools.lru_cache(maxsize=4096)
def _name(node: str) -> str:
    """A node name as DOT needs it: bare when it is a plain identifier, quoted otherwise."""
    return node if _PLAIN.match(node) else dot_string(node)


def _inch(points: float) -> float:
    return round(points / 72, 4)


class _Writer:
    def __init__(self, diagram: Diagram, opts: RenderOptions) -> None:
        self.d = diagram
        self.o = opts
        self.th: Theme = THEMES[opts.theme]
        self.out: list[str] = []
        self.at: dict[tuple[str, str], Step] = {}  # (lane, column key) -> step
        band = set(diagram.band)
        for step in diagram.steps:
            index, slot = diagram.slots[step.id]
            self.at[(BAND if step.id in band else step.lane, f"c{index}_{slot}")] = step
        self.columns = ["lpad", "lbl"]
        for i, column in enumerate(diagram.columns):
            self.columns.append(f"sep{i}")
            self.columns.extend(f"c{i}_{k}" for k in range(column.width))
        self.sz = labels.sizes(opts)
        self.nodesep = NODESEP if opts.fit == "none" else PAGE_NODESEP
        emotions = [s.emotion for s in diagram.steps if s.lane == "customer" and s.emotion is not None]
        self.emotion_range = (min(emotions, default=0), max(emotions, default=0))
        room = self._grid_width() if opts.fit == "none" else (PAGES[opts.fit][0] - 0.3 * 72) * 0.88
        self.title = chrome.graph_label(diagram, opts, self.th, room)
        # a grid narrower than its title gets an empty column after its end, so the drawing
        # is not centred below the title; the lanes still end where the steps end
        self.fill = self.title.height - self._grid_width()
        self.columns.append("rpad")
        if self.fill > 0:
            self.columns.append("fill")
        self.rows = self._rows()
        self.labels: dict[tuple[str, str], Label] = {}
        for row in self.rows:
            for key in row.cells:
                label = self._label(row, key)
                if label is not None:
                    self.labels[(row.key, key)] = label
                    row.height = max(row.height, label.height)

    def _rows(self) -> list[_Row]:
        lang = self.o.lang
        rows: list[_Row] = []
        if self.d.has_phases:
            rows.append(_Row("head", "head", ""))
        if self.d.show_evidence:
            rows.append(_Row("evidence", "band", t("lane.evidence", lang)))
        if self.d.show_emotion:
            rows.append(_Row("emotion", "band", t("render.emotion", lang)))
        lanes = self.d.lanes
        for i, lane in enumerate(lanes):
            if lane != "support" or not self.d.band or any(key[0] == "support" for key in self.at):
                rows.append(_Row(lane, "band", t(f"lane.{lane}", lang)))
            if lane == "support" and self.d.band:
                rows.append(_Row(BAND, "band", t("render.lane.support_all", lang)))
            if i + 1 < len(lanes):
                # a hidden lane leaves its lines in place: customer | backstage has two
                for above in LANES[LANES.index(lane) : LANES.index(lanes[i + 1])]:
                    rows.append(_Row(f"line_{above}", "line", t(LANE_LINES[above], lang)))
        for row in rows:
            for col in self.columns:
                if row.kind == "head" and col.startswith("c") and not col.endswith("_0"):
                    continue  # the phase header spans its columns
                step = self._step_in(row.key, col)
                is_step = step and (row.key in LANES or row.key == BAND)
                row.cells[col] = step_node(step.id) if step and is_step else f"{row.key}__{col}"
        return rows

    def _step_in(self, row_key: str, col: str) -> Step | None:
        lane = "customer" if row_key in ("evidence", "emotion") else row_key
        step = self.at.get((lane, col))
        if step is None:
            return None
        if (row_key == "evidence" and not step.evidence) or (row_key == "emotion" and step.emotion is None):
            return None
        return step

    def _span(self, column_index: int) -> float:
        """Width in points of a phase header over its columns."""
        width = self.d.columns[column_index].width
        return width * self.sz.node_width + (width - 1) * self.nodesep * 72

    def _grid_width(self) -> float:
        """Width in points from the lane labels to the last column."""
        slots = sum(c.width for c in self.d.columns)
        nodes = 1 + len(self.d.columns) + slots  # lbl, separators, slots
        return (
            self.sz.label_width
            + slots * self.sz.node_width
            + len(self.d.columns) * 2
            + nodes * self.nodesep * 72
        )

    def _label(self, row: _Row, col: str) -> Label | None:
        th = self.th
        sz = self.sz
        if col == "lbl":
            if row.kind == "band":
                return labels.lane_label(row.label, th, sz)
            return labels.line_label(row.label, th, sz) if row.kind == "line" else None
        if row.kind == "head" and col.startswith("c"):
            index = int(col[1:].split("_")[0])
            title = self.d.columns[index].title or t("render.no_phase", self.o.lang)
            return labels.header_label(title, th, self._span(index) - 2, sz)
        step = self._step_in(row.key, col)
        if step is None:
            return None
        if row.key == "evidence":
            return labels.evidence_label(step, th, sz)
        if row.key == "emotion":
            assert step.emotion is not None
            return labels.emotion_label(step.emotion, th, *self.emotion_range, sz)
        felt = self.d.felt_at.get(step.id, ())
        label = labels.step_label(step, self.d.risk.get(step.id), self.o, th, felt, self.d.refs(step.id))
        users = self.d.used_by.get(step.id)
        return labels.with_users(label, len(users), self.o, th) if users else label

    # -- output -------------------------------------------------------------------------
    def emit(self, line: str, indent: int = 1) -> None:
        self.out.append("  " * indent + line)

    def write(self) -> str:
        th, o = self.th, self.o
        big = len(self.d.steps) >= LARGE
        self.out.append("digraph blueprint {")
        graph = _attrs(
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
            + _attrs(
                fontname=o.font,
                fontcolor=th.text,
                fontsize="11",
                margin="0.06,0.08" if o.fit == "none" else "0.04,0.02",
            )
            + ";"
        )
        self.emit("edge " + _attrs(fontname=o.font, arrowsize=0.7) + ";")
        for row in self.rows:
            self.emit("{")
            self.emit("rank=same;", 2)
            for col, node in row.cells.items():
                self.emit(f"{_name(node)} {self._cell(row, col)};", 2)
            self.emit("}")
        self._rows_chains()
        self._columns()
        self._edges()
        self.out.append("}")
        return "\n".join(self.out) + "\n"

    def _cell(self, row: _Row, col: str) -> str:
        """The node attributes of one cell of the grid: a step, a label, or a filler."""
        th = self.th
        label = self.labels.get((row.key, col))
        height = _inch(row.height) if row.kind == "band" else None
        group = col
        if col == "fill" and row.kind != "line":
            width = _inch(self.fill)
            return _attrs(
                shape="box", width=width, height=0.02, fixedsize="true", style="invis", label="", group=group
            )
        if col in ("lpad", "rpad") or col.startswith("sep"):
            return _attrs(
                shape="point", width=0.02 if col.startswith("sep") else 0.01, style="invis", group=group
            )
        if col == "lbl":
            return _attrs(
                shape="plaintext",
                width=_inch(self.sz.label_width),
                height=height or 0.2,
                label=Html(label.html) if label else "",
            )
        if row.kind == "line":
            # a point on the dashed line, not drawn: the line runs through it
            return _attrs(shape="point", width=0.02, style="invis", group=group)
        if row.kind == "head":
            assert label is not None
            return _attrs(
                shape="box",
                style="rounded,filled",
                fillcolor=th.header_fill,
                color=th.header_fill,
                margin="0",
                width=_inch(self._span(int(col[1:].split("_")[0]))),
                height=_inch(row.height),
                label=Html(label.html),
            )
        step = self._step_in(row.key, col)
        if step is None or label is None:
            return _attrs(
                shape="box",
                style="invis",
                width=_inch(self.sz.node_width),
                height=height,
                group=group,
                label="",
            )
        common = {
            "width": _inch(self.sz.node_width),
            "height": height,
            "group": group,
            "label": Html(label.html),
        }
        if row.key == "evidence":
            return _attrs(
                shape="note", style="filled", fillcolor=th.evidence_fill, color=th.evidence_border, **common
            )
        if row.key == "emotion":
            return _attrs(shape="plaintext", **common)
        risk = self.d.risk.get(step.id)
        return _attrs(
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
                    self.emit(f"{_name(row.cells['rpad'])} -> {_name(row.cells['fill'])} [style=invis];")
                style = _attrs(dir="none", style="dashed", color=th.line, penwidth=1.2)
            else:
                style = _attrs(style="invis")
            for a, b in itertools.pairwise(cells):
                self.emit(f"{_name(a)} -> {_name(b)} {style};")

    def emotion_points(self) -> tuple[tuple[str, float, str], ...]:
        """The emotion nodes in column order, for the curve through them."""
        row = next((r for r in self.rows if r.key == "emotion"), None)
        if row is None:
            return ()
        points = []
        for col, node in row.cells.items():
            step = self._step_in("emotion", col)
            if step is not None and step.emotion is not None:
                offset = labels.emotion_offset(step.emotion, *self.emotion_range, self.sz)
                points.append((node, offset, self.th.emotion[step.emotion]))
        return tuple(points)

    def bands(self) -> tuple[Band, ...]:
        """The lane bands to paint under the drawing, alternating fills."""
        out = []
        for i, row in enumerate(r for r in self.rows if r.kind == "band"):
            nodes = tuple(n for c, n in row.cells.items() if c != "fill")
            out.append(Band(self.th.band_fills[i % 2], nodes[0], nodes[-1], nodes))
        return tuple(out)

    def _columns(self) -> None:
        """Vertical chains: phase separators dotted, every other column invisible."""
        th = self.th
        for col in self.columns:
            chain = [r.cells[col] for r in self.rows if col in r.cells]
            if col.startswith("c") and self.rows[0].kind == "head":
                chain = chain[1:] if col in self.rows[0].cells else chain
            invisible = _attrs(weight=float(COLUMN_WEIGHT), style="invis")
            style = invisible
            if col.startswith("sep"):
                style = _attrs(weight=float(COLUMN_WEIGHT), dir="none", style="dotted", color=th.separator)
            for a, b in itertools.pairwise(chain):
                # the shared systems' row spans every phase: no phase line crosses it
                shown = invisible if b.startswith(f"{BAND}__") else style
                self.emit(f"{_name(a)} -> {_name(b)} {shown};")
        if self.rows[0].kind == "head" and len(self.rows) > 1:
            # a header pulled equally to its first and last column sits between them
            below = self.rows[1]
            for i, column in enumerate(self.d.columns):
                head = self.rows[0].cells[f"c{i}_0"]
                for k in sorted({0, column.width - 1}):
                    style = _attrs(weight=float(COLUMN_WEIGHT), style="invis")
                    self.emit(f"{_name(head)} -> {_name(below.cells[f'c{i}_{k}'])} {style};")

    def _edges(self) -> None:
        th = self.th
        flow = _attrs(weight=0.0, color=th.flow_edge, penwidth=1.3)
        for a, b in self.d.flows:
            self.emit(f"{_name(step_node(a))} -> {_name(step_node(b))} {flow};")
        uses = _attrs(weight=0.0, style="dashed", color=th.uses_edge, arrowhead="onormal", penwidth=1.1)
        shared = shared_steps(self.d)
        for a, b in self.d.uses:
            style = uses
            if a in shared:  # the lines of a shared step leave it together
                style = uses[:-1] + f", sametail={_quoted('u.' + a)}]"
            self.emit(f"{_name(step_node(a))} -> {_name(step_node(b))} {style};")


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
